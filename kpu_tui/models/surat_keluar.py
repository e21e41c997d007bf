"""Surat keluar (SOP 9.13): the konsep, its paraf chain, the signature, the number, the archive
scan and the dispatch per tujuan, plus the ledger of every number taken.

A letter is a :class:`SuratKeluar` from its first draft. It gets a number only when it is
signed: the number is a row of the :class:`NomorSurat` ledger, taken from a yearly
:class:`~kpu_tui.models.surat_masuk.NumberSeries` in the signing transaction. The ledger also
holds numbers reserved for letters made outside the application, numbers returned unused and
numbers voided, so that the series has no unexplained gap. Which jenis naskah share a series,
and how its numbers are written, is the office's :class:`SeriNomor` setting. Nothing is
deleted: letters, parafs, tujuan and scans are cancelled with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import enum_type, utcnow


class SeriNomor(SQLModel, table=True):
    """A numbering series of outgoing naskah: its name, its template and (through
    :class:`SeriNomorJenis`) the jenis naskah that take their numbers from it. Exactly one
    series is the ``bawaan`` (default) for jenis not mapped elsewhere."""

    __tablename__ = "seri_nomor"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=30, unique=True)
    nama: str = Field(max_length=120)
    format: str = Field(max_length=120)
    """The template of the number: see :mod:`kpu_tui.rules.numbering`."""
    bawaan: bool = Field(default=False)
    urutan: int = Field(default=0)
    aktif: bool = Field(default=True)


class SeriNomorJenis(SQLModel, table=True):
    """A jenis naskah mapped to the series its numbers come from."""

    __tablename__ = "seri_nomor_jenis"

    jenis_kode: str = Field(primary_key=True, max_length=10)
    """A :class:`~kpu_tui.models.reference.JenisNaskah` kode (no foreign key, so the
    migration can map the default jenis before the reference tables are loaded)."""
    seri_kode: str = Field(max_length=30, foreign_key="seri_nomor.kode", index=True)


class KeluarStatus(StrEnum):
    """Where an outgoing letter stands in SOP 9.13."""

    KONSEP = "konsep"
    """Being drafted (or revised after a return); not yet sent for paraf."""
    PARAF = "paraf"
    """In the paraf chain."""
    DIKEMBALIKAN = "dikembalikan"
    """Returned by a reviewer for correction."""
    TANDA_TANGAN = "tanda_tangan"
    """Every paraf given; waiting for the signature."""
    TERBIT = "terbit"
    """Signed and numbered; not yet sent to every tujuan."""
    DIKIRIM = "dikirim"
    """Sent to every tujuan; some tanda terima not yet back."""
    SELESAI = "selesai"
    """Sent, and every tanda terima back."""
    BATAL = "batal"
    """Cancelled; a number it had stays in the ledger as batal."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return KELUAR_STATUS_LABELS[self]

    @property
    def bernomor(self) -> bool:
        """Whether a letter in this state has (or had) a number."""
        return self in (KeluarStatus.TERBIT, KeluarStatus.DIKIRIM, KeluarStatus.SELESAI)


KELUAR_STATUS_LABELS = {
    KeluarStatus.KONSEP: "konsep",
    KeluarStatus.PARAF: "menunggu paraf",
    KeluarStatus.DIKEMBALIKAN: "dikembalikan untuk perbaikan",
    KeluarStatus.TANDA_TANGAN: "menunggu tanda tangan",
    KeluarStatus.TERBIT: "ditandatangani",
    KeluarStatus.DIKIRIM: "dikirim",
    KeluarStatus.SELESAI: "selesai",
    KeluarStatus.BATAL: "batal",
}


class KeluarSumber(StrEnum):
    """How a letter came into the register."""

    APLIKASI = "aplikasi"
    """Drafted, reviewed and signed through the application."""
    LUAR = "luar"
    """Made outside the application on a reserved number."""
    IMPOR = "impor"
    """Imported from the office's earlier spreadsheet."""


class SuratKeluar(SQLModel, table=True):
    """One outgoing letter, from konsep to dispatch: a row of the buku agenda surat keluar
    once it is numbered.

    ``nomor_surat``, ``nomor_urut`` and ``tanggal_surat`` are copied from its
    :class:`NomorSurat` at signature (empty before), so the register sorts and filters on this
    table alone. ``tujuan_ringkas`` is the tujuan names joined, for the register and search.
    ``penandatangan_*`` keep the position and name as they were when the letter was signed.
    """

    __tablename__ = "surat_keluar"
    __table_args__ = (
        Index("ix_surat_keluar_tanggal", "tanggal_surat", "id"),
        Index("ix_surat_keluar_nomor", "tahun", "nomor_urut", "id"),
        Index("ix_surat_keluar_status", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    status: KeluarStatus = Field(default=KeluarStatus.KONSEP, sa_type=enum_type(KeluarStatus))
    sumber: KeluarSumber = Field(default=KeluarSumber.APLIKASI, sa_type=enum_type(KeluarSumber))
    perihal: str = Field(max_length=500)
    jenis_naskah: str = Field(max_length=10, foreign_key="jenis_naskah.kode")
    klasifikasi: str | None = Field(
        default=None, max_length=20, foreign_key="kode_klasifikasi.kode", index=True
    )
    sifat: str = Field(default="biasa", max_length=30)
    lampiran: str = Field(default="", max_length=100)
    tujuan_ringkas: str = Field(default="", max_length=300)
    penandatangan_jabatan_id: int | None = Field(default=None, foreign_key="jabatan.id")
    penandatangan_jabatan: str = Field(default="", max_length=160)
    penandatangan_nama: str = Field(default="", max_length=120)
    pengolah_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    pengolah_nama: str = Field(default="", max_length=160)
    arahan: str = Field(default="", max_length=1000)
    """The arahan the konsep follows (SOP 9.13 step 1), when not a reply."""
    surat_masuk_id: int | None = Field(default=None, foreign_key="surat_masuk.id", index=True)
    """The surat masuk this letter answers."""
    disposisi_penerima_id: int | None = Field(default=None, foreign_key="disposisi_penerima.id")
    """The disposisi recipient row this letter is the tindak lanjut of."""
    keterangan: str = Field(default="", max_length=500)
    rencana_paraf: str = Field(default="", max_length=200)
    """The paraf chain planned for the next round: jabatan ids, lowest first, comma-separated
    (the rows of :class:`SuratKeluarParaf` are made when the konsep is sent for paraf)."""
    putaran: int = Field(default=0)
    """The paraf round: 1 when first sent for paraf, +1 after each return."""
    tahun: int | None = Field(default=None)
    nomor_id: int | None = Field(default=None)
    """The :class:`NomorSurat` row (no foreign key: the two tables refer to each other, which
    PostgreSQL cannot create in one pass; ``nomor_surat.surat_keluar_id`` has the key)."""
    nomor_urut: int | None = Field(default=None)
    nomor_surat: str = Field(default="", max_length=100)
    tanggal_surat: date | None = Field(default=None)
    ditandatangani_at: datetime | None = Field(default=None)
    run_id: int | None = Field(default=None, foreign_key="procedure_run.id")
    konseptor_id: int | None = Field(default=None, foreign_key="user.id")
    konseptor_nama: str = Field(max_length=120)
    dibuat_at: datetime = Field(default_factory=utcnow)
    alasan_batal: str = Field(default="", max_length=500)
    dibatalkan_at: datetime | None = Field(default=None)


class CaraKirim(StrEnum):
    """How a letter goes to a tujuan."""

    ANTAR = "antar"
    POS = "pos"
    KURIR = "kurir"
    EMAIL = "email"
    SRIKANDI = "srikandi"

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return CARA_KIRIM_LABELS[self]


CARA_KIRIM_LABELS = {
    CaraKirim.ANTAR: "antar langsung",
    CaraKirim.POS: "pos",
    CaraKirim.KURIR: "kurir/jasa ekspedisi",
    CaraKirim.EMAIL: "surel (email)",
    CaraKirim.SRIKANDI: "SRIKANDI",
}


class KirimStatus(StrEnum):
    """Dispatch state of one tujuan (and its tanda terima)."""

    BELUM = "belum"
    """Not sent yet."""
    DIKIRIM = "dikirim"
    """Sent; the tanda terima is not back."""
    DITERIMA = "diterima"
    """The signed tanda terima (or the delivery confirmation) is back."""
    BATAL = "batal"
    """This tujuan is withdrawn (with a reason)."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return {
            "belum": "belum dikirim",
            "dikirim": "dikirim, tanda terima belum kembali",
            "diterima": "tanda terima kembali",
            "batal": "batal",
        }[self.value]


class SuratKeluarTujuan(SQLModel, table=True):
    """A tujuan (or tembusan) of a letter and its dispatch: the buku ekspedisi row."""

    __tablename__ = "surat_keluar_tujuan"
    __table_args__ = (
        Index("ix_surat_keluar_tujuan_surat", "surat_id", "urutan"),
        Index("ix_surat_keluar_tujuan_kirim", "tanggal_kirim", "id"),
        Index("ix_surat_keluar_tujuan_status", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    surat_id: int = Field(foreign_key="surat_keluar.id")
    urutan: int = Field(default=0)
    tembusan: bool = Field(default=False)
    nama: str = Field(max_length=200)
    alamat: str = Field(default="", max_length=300)
    status: KirimStatus = Field(default=KirimStatus.BELUM, sa_type=enum_type(KirimStatus))
    cara_kirim: CaraKirim | None = Field(default=None, sa_type=enum_type(CaraKirim))
    tanggal_kirim: date | None = Field(default=None)
    nomor_resi: str = Field(default="", max_length=100)
    """The pos/courier receipt number or the email/SRIKANDI reference."""
    dikirim_oleh_nama: str = Field(default="", max_length=120)
    nama_penerima: str = Field(default="", max_length=120)
    """Who received the letter at the tujuan (from the tanda terima)."""
    diterima_at: datetime | None = Field(default=None)
    tanda_terima_oleh_nama: str = Field(default="", max_length=120)
    """Who recorded the tanda terima as returned."""
    keterangan: str = Field(default="", max_length=500)
    alasan_batal: str = Field(default="", max_length=500)


class ParafStatus(StrEnum):
    """State of one reviewer in a paraf round."""

    MENUNGGU = "menunggu"
    PARAF = "paraf"
    """Approved with a paraf."""
    DIKEMBALIKAN = "dikembalikan"
    """Returned for correction (with a note); the round ends."""
    GUGUR = "gugur"
    """Not reached: an earlier reviewer returned the konsep, or the letter was cancelled."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return {
            "menunggu": "menunggu",
            "paraf": "paraf",
            "dikembalikan": "dikembalikan",
            "gugur": "tidak sampai",
        }[self.value]


class SuratKeluarParaf(SQLModel, table=True):
    """One reviewer of one paraf round (paraf berjenjang, lowest first)."""

    __tablename__ = "surat_keluar_paraf"
    __table_args__ = (
        Index("ix_surat_keluar_paraf_surat", "surat_id", "putaran", "urutan"),
        Index("ix_surat_keluar_paraf_jabatan", "jabatan_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    surat_id: int = Field(foreign_key="surat_keluar.id")
    putaran: int = Field(default=1)
    urutan: int = Field(default=1)
    jabatan_id: int = Field(foreign_key="jabatan.id")
    jabatan_nama: str = Field(max_length=160)
    pemegang_nama: str = Field(default="", max_length=120)
    status: ParafStatus = Field(default=ParafStatus.MENUNGGU, sa_type=enum_type(ParafStatus))
    catatan: str = Field(default="", max_length=1000)
    at: datetime | None = Field(default=None)
    oleh_id: int | None = Field(default=None)
    oleh_nama: str = Field(default="", max_length=120)
    """Who recorded the paraf (the reviewer, or the petugas copying the paper)."""


class BerkasJenis(StrEnum):
    """What a file of an outgoing letter is."""

    KONSEP = "konsep"
    """A draft (Word/PDF) of the letter."""
    ARSIP = "arsip"
    """The scan of the signed letter (the archive copy)."""
    TANDA_TERIMA = "tanda_terima"
    """A scan of a returned tanda terima."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return {
            "konsep": "konsep",
            "arsip": "arsip bertanda tangan",
            "tanda_terima": "tanda terima",
        }[self.value]


class SuratKeluarBerkas(SQLModel, table=True):
    """A file of an outgoing letter, kept in the attachment store under its SHA-256."""

    __tablename__ = "surat_keluar_berkas"
    __table_args__ = (Index("ix_surat_keluar_berkas_surat", "surat_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    surat_id: int = Field(foreign_key="surat_keluar.id")
    jenis: BerkasJenis = Field(default=BerkasJenis.KONSEP, sa_type=enum_type(BerkasJenis))
    ref: str = Field(max_length=300)
    nama: str = Field(max_length=200)
    ukuran: int = Field(default=0)
    ditambahkan_at: datetime = Field(default_factory=utcnow)
    oleh_id: int | None = Field(default=None)
    oleh_nama: str = Field(max_length=120)
    aktif: bool = Field(default=True)
    alasan_batal: str = Field(default="", max_length=500)


class NomorStatus(StrEnum):
    """State of a number in the ledger."""

    TERPAKAI = "terpakai"
    """Given to a signed letter."""
    DIPESAN = "dipesan"
    """Reserved for a letter made outside the application, not yet recorded."""
    DIKEMBALIKAN = "dikembalikan"
    """Reserved and returned unused; never given again."""
    BATAL = "batal"
    """Voided with a reason; never given again."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return {
            "terpakai": "terpakai",
            "dipesan": "dipesan",
            "dikembalikan": "dikembalikan",
            "batal": "BATAL",
        }[self.value]


class NomorSurat(SQLModel, table=True):
    """One number of an outgoing series: the numbering ledger auditors check first.

    ``urut`` comes from the series' :class:`NumberSeries` (gap-free); a sisipan (back-dated
    insert) reuses the ``urut`` of the last number on or before its date with a letter suffix
    (``123a``). The unique constraint makes a duplicate impossible whatever the code does.
    """

    __tablename__ = "nomor_surat"
    __table_args__ = (
        UniqueConstraint("seri", "tahun", "urut", "sisipan", name="uq_nomor_surat"),
        Index("ix_nomor_surat_tahun", "tahun", "seri", "urut"),
        Index("ix_nomor_surat_status", "status", "tahun"),
        Index("ix_nomor_surat_dibuat", "dibuat_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seri: str = Field(max_length=30)
    """The :class:`SeriNomor` kode."""
    tahun: int
    urut: int
    sisipan: str = Field(default="", max_length=3)
    nomor_teks: str = Field(max_length=100)
    tanggal: date
    """The date the number carries (the letter's date)."""
    status: NomorStatus = Field(default=NomorStatus.TERPAKAI, sa_type=enum_type(NomorStatus))
    surat_keluar_id: int | None = Field(default=None, foreign_key="surat_keluar.id", index=True)
    jenis_naskah: str | None = Field(default=None, max_length=10)
    klasifikasi: str | None = Field(default=None, max_length=20)
    keperluan: str = Field(default="", max_length=500)
    """What a reserved number is for."""
    untuk_nama: str = Field(default="", max_length=120)
    """For whom a number was reserved."""
    oleh_id: int | None = Field(default=None)
    oleh_nama: str = Field(max_length=120)
    dibuat_at: datetime = Field(default_factory=utcnow)
    alasan: str = Field(default="", max_length=500)
    """Why it was returned or voided."""
    diubah_at: datetime | None = Field(default=None)
