"""What the surat keluar services return: forms of text fields and frozen views (never ORM
objects), shared by the screens, the printing loaders, the import and the demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kpu_tui.models import (
    BerkasJenis,
    CaraKirim,
    KeluarStatus,
    KeluarSumber,
    KirimStatus,
    NomorStatus,
    NomorSurat,
    ParafStatus,
    SuratKeluar,
    SuratKeluarBerkas,
    SuratKeluarParaf,
    SuratKeluarTujuan,
)

# -- forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TujuanForm:
    """A tujuan (or tembusan) as typed: the name and, for letters sent by post or courier, the
    address."""

    nama: str
    alamat: str = ""
    tembusan: bool = False


@dataclass(frozen=True)
class KonsepForm:
    """A konsep as typed (the same form serves the screen, the import and the demo).

    ``jenis_naskah``, ``klasifikasi`` and ``sifat`` accept the kode or the name. ``paraf`` is
    the chain of reviewers' jabatan ids, lowest first (may be empty: the letter then waits
    directly for its signature). ``berkas`` are paths of draft files to store.
    """

    perihal: str = ""
    jenis_naskah: str = ""
    klasifikasi: str = ""
    sifat: str = ""
    lampiran: str = ""
    tujuan: tuple[TujuanForm, ...] = ()
    penandatangan_jabatan_id: int | None = None
    pengolah_unit_id: int | None = None
    arahan: str = ""
    surat_masuk_id: int | None = None
    disposisi_penerima_id: int | None = None
    keterangan: str = ""
    paraf: tuple[int, ...] = ()
    berkas: tuple[str, ...] = ()


@dataclass(frozen=True)
class KirimForm:
    """A dispatch as typed: ``cara_kirim`` is a :class:`CaraKirim` value or its label;
    ``tanggal_kirim`` accepts the usual date forms ("" = today)."""

    cara_kirim: str = ""
    tanggal_kirim: str = ""
    nomor_resi: str = ""
    keterangan: str = ""


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeluarRow:
    """A row of the buku agenda surat keluar (or of the konsep list)."""

    id: int
    status: KeluarStatus
    sumber: KeluarSumber
    nomor_surat: str
    tahun: int | None
    nomor_urut: int | None
    tanggal_surat: date | None
    perihal: str
    jenis_naskah: str
    klasifikasi: str | None
    sifat: str
    lampiran: str
    tujuan_ringkas: str
    penandatangan_jabatan: str
    penandatangan_nama: str
    pengolah_nama: str
    konseptor_nama: str
    dibuat_at: datetime
    putaran: int
    surat_masuk_id: int | None
    keterangan: str
    alasan_batal: str
    run_id: int | None


def keluar_row(surat: SuratKeluar) -> KeluarRow:
    """The view of a letter."""
    assert surat.id is not None
    return KeluarRow(
        id=surat.id,
        status=KeluarStatus(surat.status),
        sumber=KeluarSumber(surat.sumber),
        nomor_surat=surat.nomor_surat,
        tahun=surat.tahun,
        nomor_urut=surat.nomor_urut,
        tanggal_surat=surat.tanggal_surat,
        perihal=surat.perihal,
        jenis_naskah=surat.jenis_naskah,
        klasifikasi=surat.klasifikasi,
        sifat=surat.sifat,
        lampiran=surat.lampiran,
        tujuan_ringkas=surat.tujuan_ringkas,
        penandatangan_jabatan=surat.penandatangan_jabatan,
        penandatangan_nama=surat.penandatangan_nama,
        pengolah_nama=surat.pengolah_nama,
        konseptor_nama=surat.konseptor_nama,
        dibuat_at=surat.dibuat_at,
        putaran=surat.putaran,
        surat_masuk_id=surat.surat_masuk_id,
        keterangan=surat.keterangan,
        alasan_batal=surat.alasan_batal,
        run_id=surat.run_id,
    )


@dataclass(frozen=True)
class TujuanView:
    """A tujuan or tembusan with its dispatch state (a buku ekspedisi row)."""

    id: int
    surat_id: int
    urutan: int
    tembusan: bool
    nama: str
    alamat: str
    status: KirimStatus
    cara_kirim: CaraKirim | None
    tanggal_kirim: date | None
    nomor_resi: str
    dikirim_oleh_nama: str
    nama_penerima: str
    diterima_at: datetime | None
    tanda_terima_oleh_nama: str
    keterangan: str
    alasan_batal: str


def tujuan_view(row: SuratKeluarTujuan) -> TujuanView:
    """The view of a tujuan row."""
    assert row.id is not None
    return TujuanView(
        id=row.id,
        surat_id=row.surat_id,
        urutan=row.urutan,
        tembusan=row.tembusan,
        nama=row.nama,
        alamat=row.alamat,
        status=KirimStatus(row.status),
        cara_kirim=CaraKirim(row.cara_kirim) if row.cara_kirim else None,
        tanggal_kirim=row.tanggal_kirim,
        nomor_resi=row.nomor_resi,
        dikirim_oleh_nama=row.dikirim_oleh_nama,
        nama_penerima=row.nama_penerima,
        diterima_at=row.diterima_at,
        tanda_terima_oleh_nama=row.tanda_terima_oleh_nama,
        keterangan=row.keterangan,
        alasan_batal=row.alasan_batal,
    )


@dataclass(frozen=True)
class ParafView:
    """One reviewer of one paraf round."""

    id: int
    putaran: int
    urutan: int
    jabatan_id: int
    jabatan_nama: str
    pemegang_nama: str
    status: ParafStatus
    catatan: str
    at: datetime | None
    oleh_nama: str


def paraf_view(row: SuratKeluarParaf) -> ParafView:
    """The view of a paraf row."""
    assert row.id is not None
    return ParafView(
        id=row.id,
        putaran=row.putaran,
        urutan=row.urutan,
        jabatan_id=row.jabatan_id,
        jabatan_nama=row.jabatan_nama,
        pemegang_nama=row.pemegang_nama,
        status=ParafStatus(row.status),
        catatan=row.catatan,
        at=row.at,
        oleh_nama=row.oleh_nama,
    )


@dataclass(frozen=True)
class BerkasView:
    """A file of an outgoing letter (draft, signed archive scan, returned tanda terima)."""

    id: int
    jenis: BerkasJenis
    ref: str
    nama: str
    ukuran: int
    ditambahkan_at: datetime
    oleh_nama: str
    aktif: bool
    alasan_batal: str


def berkas_view(row: SuratKeluarBerkas) -> BerkasView:
    """The view of a file row."""
    assert row.id is not None
    return BerkasView(
        id=row.id,
        jenis=BerkasJenis(row.jenis),
        ref=row.ref,
        nama=row.nama,
        ukuran=row.ukuran,
        ditambahkan_at=row.ditambahkan_at,
        oleh_nama=row.oleh_nama,
        aktif=row.aktif,
        alasan_batal=row.alasan_batal,
    )


@dataclass(frozen=True)
class NomorView:
    """A number of the ledger, with what it was used for."""

    id: int
    seri: str
    tahun: int
    urut: int
    sisipan: str
    nomor_teks: str
    tanggal: date
    status: NomorStatus
    surat_keluar_id: int | None
    jenis_naskah: str | None
    klasifikasi: str | None
    perihal: str
    """The letter's perihal, or the keperluan of a reservation."""
    tujuan: str
    keperluan: str
    untuk_nama: str
    oleh_nama: str
    dibuat_at: datetime
    alasan: str
    diubah_at: datetime | None
    seri_urutan: int = 0
    """The series' place in the office's order (the ledger lists series in it)."""


def nomor_view(
    row: NomorSurat, surat: SuratKeluar | None = None, seri_urutan: int = 0
) -> NomorView:
    """The view of a ledger row (``surat`` is the letter it was given to, if any)."""
    assert row.id is not None
    return NomorView(
        id=row.id,
        seri=row.seri,
        tahun=row.tahun,
        urut=row.urut,
        sisipan=row.sisipan,
        nomor_teks=row.nomor_teks,
        tanggal=row.tanggal,
        status=NomorStatus(row.status),
        surat_keluar_id=row.surat_keluar_id,
        jenis_naskah=row.jenis_naskah,
        klasifikasi=row.klasifikasi,
        perihal=surat.perihal if surat is not None else row.keperluan,
        tujuan=surat.tujuan_ringkas if surat is not None else "",
        keperluan=row.keperluan,
        untuk_nama=row.untuk_nama,
        oleh_nama=row.oleh_nama,
        dibuat_at=row.dibuat_at,
        alasan=row.alasan,
        diubah_at=row.diubah_at,
        seri_urutan=seri_urutan,
    )


@dataclass(frozen=True)
class BalasanOf:
    """The surat masuk a letter answers (for the detail and the lembar)."""

    id: int
    agenda_teks: str
    nomor_surat: str
    asal: str
    perihal: str


@dataclass(frozen=True)
class KeluarDetail:
    """A letter with everything its detail screen shows."""

    row: KeluarRow
    jenis_nama: str
    klasifikasi_uraian: str
    sifat_nama: str
    arahan: str
    tujuan: tuple[TujuanView, ...]
    paraf: tuple[ParafView, ...]
    """Every round, oldest first (``putaran``, ``urutan``)."""
    berkas: tuple[BerkasView, ...]
    nomor: tuple[NomorView, ...]
    """The number history: every ledger row given to this letter (a voided one stays)."""
    balasan_of: BalasanOf | None
    ditandatangani_at: datetime | None
    dibatalkan_at: datetime | None
    menunggu_paraf: ParafView | None = None
    """The reviewer the letter waits for (status paraf)."""
    pesan: tuple[str, ...] = field(default_factory=tuple)
    """Warnings to show (e.g. "pindaian arsip belum ada")."""


@dataclass(frozen=True)
class PilihanJabatan:
    """A position offered in a picker (penandatangan, reviewer)."""

    id: int
    kode: str
    nama: str
    pemegang_nama: str
    unit_id: int | None

    @property
    def label(self) -> str:
        """What the picker shows."""
        return f"{self.nama} ({self.pemegang_nama})" if self.pemegang_nama else self.nama


@dataclass(frozen=True)
class EkspedisiRow:
    """A row of the buku ekspedisi: one tujuan of one numbered letter."""

    tujuan: TujuanView
    surat_id: int
    nomor_surat: str
    tanggal_surat: date | None
    perihal: str
    sifat: str
    surat_status: KeluarStatus


@dataclass(frozen=True)
class SeriView:
    """A numbering series and the jenis naskah mapped to it."""

    id: int
    kode: str
    nama: str
    format: str
    bawaan: bool
    aktif: bool
    jenis: tuple[str, ...]


@dataclass(frozen=True)
class GapEntry:
    """A number of a year's series that is not on a live letter: voided, returned, reserved
    and still open, or missing (which must never happen)."""

    seri: str
    tahun: int
    urut: int
    keadaan: str
    """``batal``, ``dikembalikan``, ``dipesan`` or ``hilang``."""
    nomor_teks: str
    alasan: str
