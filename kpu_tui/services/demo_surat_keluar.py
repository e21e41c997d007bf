"""Demo surat keluar: a year of outgoing letters of KPU Kota Bontang in every state of SOP 9.13.

About 120 letters over the twelve months before now: reports and requests to KPU Provinsi
Kalimantan Timur and the Sekretariat Jenderal, invitations to Bawaslu, the city and the parties,
requests to Dukcapil, KPPN and KPKNL, letters to schools and the press, replies to demo surat
masuk, a series of Keputusan and the quarterly Berita Acara of the rekapitulasi daftar pemilih
berkelanjutan. Each goes through the services as the demo user who would act: the staf or a
Kasubbag drafts it, the Kasubbag and the Sekretaris give their paraf (or return it with a
note), the Ketua or the Sekretaris signs (or the petugas records a signature given on paper),
the petugas sends it to every tujuan and records the tanda terima. Together they show every
state: konsep, menunggu paraf, dikembalikan, menunggu tanda tangan, ditandatangani (not yet
sent), dikirim (tanda terima outstanding), selesai and batal (a signed one's number BATAL),
plus the numbering ledger's reserved numbers (one still open, one returned, one voided, one
used for a letter made outside) and one sisipan given by a Kasubbag.

The plan (:func:`plan_demo_keluar`) is pure and deterministic for a given clock, ``now`` and
list of surat masuk to answer: fixed seeds, dates relative to ``now``, every step before it.
:func:`build_demo_surat_keluar` carries it out, every step in time order across letters, so
the numbers follow the dates. It runs after the surat masuk builder (some letters answer them).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from kpu_tui.models import (
    CaraKirim,
    DisposisiPenerima,
    Jabatan,
    SuratMasuk,
    SuratStatus,
    Unit,
    utcnow,
)
from kpu_tui.rules.dates import nama_bulan

from . import ekspedisi, nomor_surat, procedure
from . import surat_keluar as sk
from . import surat_keluar_read as skr
from .actor import Actor
from .demo_surat_masuk import ROMAWI, _actors
from .surat_keluar_views import KirimForm, KonsepForm, TujuanForm

SEED = 913
"""The seed of the demo letters (SOP 9.13)."""
BIASA = 70
"""How many letters over the year besides the Keputusan, the Berita Acara, the replies and
the recent letters still open (:data:`TERBUKA`)."""
KEPUTUSAN = 9
BERITA_ACARA = 4
BALASAN = 12
"""How many letters answer a demo surat masuk."""

HOLDER = {
    "KETUA": "ketua",
    "SEKRETARIS": "sekretaris",
    "KASUBBAG_TPPH": "kasubbag.tpph",
    "KASUBBAG_KUL": "kasubbag.kul",
    "KASUBBAG_RDI": "kasubbag.rdi",
    "KASUBBAG_PHS": "kasubbag.phs",
}
"""The demo user holding each position that gives a paraf or signs."""
HEAD = {
    "SUBBAG_TPPH": "KASUBBAG_TPPH",
    "SUBBAG_KUL": "KASUBBAG_KUL",
    "SUBBAG_RDI": "KASUBBAG_RDI",
    "SUBBAG_PHS": "KASUBBAG_PHS",
    "SEKRETARIAT": "SEKRETARIS",
}
KONSEPTOR = {
    "SUBBAG_TPPH": ("staf", "staf", "kasubbag.tpph"),
    "SUBBAG_KUL": ("petugas", "kasubbag.kul"),
    "SUBBAG_RDI": ("kasubbag.rdi",),
    "SUBBAG_PHS": ("kasubbag.phs",),
    "SEKRETARIAT": ("petugas",),
}
"""Who drafts a letter of each unit."""

# -- addressees ------------------------------------------------------------------------------

SRIKANDI = CaraKirim.SRIKANDI.value
ANTAR = CaraKirim.ANTAR.value
POS = CaraKirim.POS.value
KURIR = CaraKirim.KURIR.value
EMAIL = CaraKirim.EMAIL.value

TUJUAN: dict[str, tuple[str, str, str]] = {
    "kpu_ri": ("Ketua KPU Republik Indonesia", "Jl. Imam Bonjol No. 29, Jakarta Pusat", SRIKANDI),
    "sekjen": ("Sekretaris Jenderal KPU RI", "Jl. Imam Bonjol No. 29, Jakarta Pusat", SRIKANDI),
    "kpu_prov": (
        "Ketua KPU Provinsi Kalimantan Timur",
        "Jl. Basuki Rahmat No. 39, Samarinda",
        SRIKANDI,
    ),
    "sekr_prov": (
        "Sekretaris KPU Provinsi Kalimantan Timur",
        "Jl. Basuki Rahmat No. 39, Samarinda",
        SRIKANDI,
    ),
    "bawaslu": ("Ketua Bawaslu Kota Bontang", "Jl. Awang Long No. 12, Bontang", ANTAR),
    "walikota": ("Wali Kota Bontang", "Jl. Moh. Roem No. 1, Bontang Lestari", ANTAR),
    "dprd": ("Ketua DPRD Kota Bontang", "Jl. Moh. Roem, Bontang Lestari", ANTAR),
    "dukcapil": (
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang",
        "Jl. Awang Long, Bontang",
        ANTAR,
    ),
    "kesbangpol": (
        "Kepala Badan Kesatuan Bangsa dan Politik Kota Bontang",
        "Jl. Moh. Roem, Bontang Lestari",
        ANTAR,
    ),
    "polres": ("Kepala Kepolisian Resor Bontang", "Jl. Bhayangkara No. 1, Bontang", ANTAR),
    "kodim": ("Komandan Kodim 0908/Bontang", "Jl. Brigjen Katamso, Bontang", ANTAR),
    "kppn": ("Kepala KPPN Bontang", "Jl. Jend. Sudirman, Bontang", EMAIL),
    "kpknl": ("Kepala KPKNL Samarinda", "Jl. Pahlawan No. 2, Samarinda", POS),
    "bpk": (
        "Kepala BPK RI Perwakilan Provinsi Kalimantan Timur",
        "Jl. M. Yamin No. 1, Samarinda",
        KURIR,
    ),
    "unmul": ("Dekan FISIP Universitas Mulawarman", "Jl. Muara Muntai, Samarinda", POS),
    "untri": ("Rektor Universitas Trunajaya Bontang", "Jl. Taman Tanjung Laut, Bontang", ANTAR),
    "sman1": ("Kepala SMA Negeri 1 Bontang", "Jl. Cut Nyak Dien, Bontang", ANTAR),
    "sman2": ("Kepala SMA Negeri 2 Bontang", "Jl. Poros Bontang-Samarinda, Bontang", ANTAR),
    "smkn1": ("Kepala SMK Negeri 1 Bontang", "Jl. Pupuk Raya, Bontang", ANTAR),
    "camat_bs": ("Camat Bontang Selatan", "Jl. Bessai Berinta, Bontang", ANTAR),
    "camat_bu": ("Camat Bontang Utara", "Jl. Letjen S. Parman, Bontang", ANTAR),
    "camat_bb": ("Camat Bontang Barat", "Jl. Bhayangkara, Bontang", ANTAR),
    "media": ("Pemimpin Redaksi Bontang Post", "Jl. Jend. Sudirman No. 5, Bontang", EMAIL),
    "ppk_bu": ("Ketua PPK Bontang Utara", "Kantor Kecamatan Bontang Utara", ANTAR),
    "ppk_bs": ("Ketua PPK Bontang Selatan", "Kantor Kecamatan Bontang Selatan", ANTAR),
    "ppk_bb": ("Ketua PPK Bontang Barat", "Kantor Kecamatan Bontang Barat", ANTAR),
    "golkar": ("Ketua DPD Partai Golkar Kota Bontang", "Jl. Ahmad Yani, Bontang", ANTAR),
    "pdip": ("Ketua DPC PDI Perjuangan Kota Bontang", "Jl. MT Haryono, Bontang", ANTAR),
    "gerindra": ("Ketua DPC Partai Gerindra Kota Bontang", "Jl. Imam Bonjol, Bontang", ANTAR),
    "pks": ("Ketua DPD Partai Keadilan Sejahtera Kota Bontang", "Jl. Kapten Pierre Tendean", ANTAR),
    "nasdem": ("Ketua DPD Partai NasDem Kota Bontang", "Jl. Brigjen Katamso, Bontang", ANTAR),
    "pkb": ("Ketua DPC Partai Kebangkitan Bangsa Kota Bontang", "Jl. Pupuk Raya, Bontang", ANTAR),
    "pegawai": ("Pegawai yang namanya tercantum dalam Keputusan", "", ANTAR),
}
PARPOL = ("golkar", "pdip", "gerindra", "pks", "nasdem", "pkb")
SEKOLAH = ("sman1", "sman2", "smkn1", "untri")
PPK = ("ppk_bu", "ppk_bs", "ppk_bb")
PENERIMA = (
    "Rina Marlina",
    "Agus Setiawan",
    "Sulastri",
    "Muhammad Arif",
    "Yuliana Tandirerung",
    "Herman Syah",
    "Nur Fadillah",
    "Bambang Wijaya",
    "Dewi Anggraini",
    "Rudi Hartawan",
)
"""Who signs the tanda terima at the addressee's office."""


# -- kinds of letters ------------------------------------------------------------------------


@dataclass(frozen=True)
class JenisKeluar:
    """A kind of outgoing letter: perihal templates, jenis naskah and kode klasifikasi, its
    tujuan (``pilih`` of ``tujuan`` when ``pilih`` is set, else all), tembusan, who signs,
    the unit that drafts it, and how often it is written (``bobot``)."""

    perihal: tuple[str, ...]
    jenis: str
    klasifikasi: str
    tujuan: tuple[str, ...]
    penandatangan: str
    pengolah: str
    bobot: int = 1
    pilih: int = 0
    tembusan: tuple[str, ...] = ()
    lampiran: tuple[str, ...] = ("",)
    sifat: tuple[str, ...] = ("biasa",)


JENIS_KELUAR: tuple[JenisKeluar, ...] = (
    JenisKeluar(
        (
            "Penyampaian Rekapitulasi Daftar Pemilih Berkelanjutan Bulan {bulan} Tahun {tahun}",
            "Laporan Pelaksanaan Pemutakhiran Data Pemilih Berkelanjutan Bulan {bulan} {tahun}",
        ),
        "SD",
        "PL.01.2",
        ("kpu_prov",),
        "KETUA",
        "SUBBAG_RDI",
        10,
        tembusan=("bawaslu",),
        lampiran=("1 (satu) berkas", "1 (satu) berkas", "2 (dua) berkas"),
    ),
    JenisKeluar(
        (
            "Undangan Rapat Koordinasi Pemutakhiran Data Pemilih Berkelanjutan Triwulan "
            "{triwulan} Tahun {tahun}",
        ),
        "Und",
        "PP.05",
        ("bawaslu", "dukcapil", "kesbangpol", "polres", "kodim", *PARPOL),
        "KETUA",
        "SUBBAG_RDI",
        5,
        pilih=4,
        tembusan=("kpu_prov",),
    ),
    JenisKeluar(
        (
            "Permohonan Data Penduduk Meninggal Dunia dan Pindah Domisili Bulan {bulan_lalu}",
            "Permohonan Data Penduduk yang Genap Berusia 17 Tahun Semester {semester} {tahun}",
        ),
        "SD",
        "PL.01.2",
        ("dukcapil",),
        "SEKRETARIS",
        "SUBBAG_RDI",
        5,
    ),
    JenisKeluar(
        (
            "Penyampaian Laporan Keuangan Semester {semester} Tahun Anggaran {tahun}",
            "Penyampaian Laporan Realisasi Anggaran Triwulan {triwulan} Tahun {tahun}",
        ),
        "SD",
        "KU.03.3",
        ("sekjen",),
        "SEKRETARIS",
        "SUBBAG_KUL",
        6,
        tembusan=("sekr_prov",),
        lampiran=("1 (satu) berkas", "1 (satu) bundel"),
    ),
    JenisKeluar(
        (
            "Penyampaian Rekonsiliasi Data Transaksi Keuangan Bulan {bulan} {tahun}",
            "Permohonan Revisi Daftar Isian Pelaksanaan Anggaran Tahun Anggaran {tahun}",
        ),
        "SD",
        "KU.02.4",
        ("kppn",),
        "SEKRETARIS",
        "SUBBAG_KUL",
        5,
        lampiran=("1 (satu) berkas",),
    ),
    JenisKeluar(
        (
            "Permohonan Persetujuan Penghapusan Barang Milik Negara",
            "Penyampaian Laporan Barang Milik Negara Semester {semester} Tahun {tahun}",
        ),
        "SD",
        "RT.01.2",
        ("kpknl",),
        "SEKRETARIS",
        "SUBBAG_KUL",
        2,
        tembusan=("sekr_prov",),
    ),
    JenisKeluar(
        (
            "Usulan Kenaikan Pangkat Pegawai Periode {periode}",
            "Penyampaian Data Pegawai untuk Pemutakhiran Sistem Informasi Kepegawaian",
        ),
        "SD",
        "SDM.03",
        ("sekjen",),
        "SEKRETARIS",
        "SUBBAG_PHS",
        3,
        tembusan=("sekr_prov",),
        sifat=("terbatas",),
    ),
    JenisKeluar(
        (
            "Undangan Sosialisasi Pendidikan Pemilih Pemula",
            "Permohonan Kerja Sama Sosialisasi Pendidikan Pemilih di Lingkungan Sekolah",
        ),
        "Und",
        "PP.06.1",
        SEKOLAH,
        "KETUA",
        "SUBBAG_PHS",
        4,
        pilih=2,
    ),
    JenisKeluar(
        (
            "Permohonan Narasumber Diskusi Publik Evaluasi Pemilihan Serentak",
            "Permohonan Narasumber Sosialisasi Demokrasi bagi Pemilih Pemula",
        ),
        "SD",
        "PP.06.1",
        ("kesbangpol", "unmul", "bawaslu"),
        "KETUA",
        "SUBBAG_PHS",
        2,
        pilih=1,
    ),
    JenisKeluar(
        ("Permohonan Publikasi Pengumuman Rekapitulasi Daftar Pemilih Berkelanjutan",),
        "SD",
        "HM.03.6",
        ("media",),
        "SEKRETARIS",
        "SUBBAG_PHS",
        2,
    ),
    JenisKeluar(
        (
            "Penyampaian Daftar Arsip Usul Musnah Tahun {tahun}",
            "Penyampaian Dokumen Evaluasi Pemilihan Serentak Tahun 2024",
        ),
        "SR",
        "PY.01.3",
        ("kpu_prov",),
        "SEKRETARIS",
        "SUBBAG_KUL",
        2,
        lampiran=("1 (satu) berkas",),
    ),
    JenisKeluar(
        ("Jawaban atas Permintaan Nama Calon Pengganti Antarwaktu Anggota DPRD Kota Bontang",),
        "SD",
        "PAW.01.1",
        ("dprd",),
        "KETUA",
        "SUBBAG_TPPH",
        2,
        tembusan=("kpu_prov", "bawaslu"),
    ),
    JenisKeluar(
        (
            "Undangan Rapat Kerja Evaluasi Penyelenggaraan Pemilihan",
            "Undangan Penyerahan Arsip Kegiatan PPK Pemilihan Tahun 2024",
        ),
        "Und",
        "PY.02.2",
        PPK,
        "SEKRETARIS",
        "SUBBAG_TPPH",
        3,
    ),
    JenisKeluar(
        (
            "Permohonan Audiensi dengan Wali Kota Bontang",
            "Permohonan Dukungan Sarana Sosialisasi Pendidikan Pemilih",
        ),
        "SD",
        "HM.01",
        ("walikota",),
        "KETUA",
        "SEKRETARIAT",
        2,
        tembusan=("dprd",),
    ),
    JenisKeluar(
        ("Penyampaian Laporan Kinerja Instansi Pemerintah Tahun {tahun_lalu}",),
        "SD",
        "PR.03.1",
        ("sekjen",),
        "SEKRETARIS",
        "SUBBAG_RDI",
        1,
        tembusan=("sekr_prov",),
        lampiran=("1 (satu) buku",),
    ),
    JenisKeluar(
        ("Tanggapan atas Laporan Hasil Pemeriksaan atas Laporan Keuangan Tahun {tahun_lalu}",),
        "SD",
        "KU.03.4",
        ("bpk",),
        "SEKRETARIS",
        "SUBBAG_KUL",
        1,
        tembusan=("sekjen",),
        sifat=("terbatas",),
    ),
    JenisKeluar(
        ("Permohonan Pengamanan Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih Berkelanjutan",),
        "SD",
        "PL.01.2",
        ("polres",),
        "KETUA",
        "SUBBAG_TPPH",
        2,
        tembusan=("kodim",),
    ),
    JenisKeluar(
        ("Undangan Koordinasi Persiapan Sosialisasi di Tingkat Kecamatan",),
        "Und",
        "PP.06.1",
        ("camat_bs", "camat_bu", "camat_bb"),
        "SEKRETARIS",
        "SUBBAG_PHS",
        2,
    ),
)
KEPUTUSAN_KELUAR = JenisKeluar(
    (
        "Keputusan KPU Kota Bontang tentang Penetapan Rekapitulasi Daftar Pemilih Berkelanjutan "
        "Triwulan {triwulan} Tahun {tahun}",
        "Keputusan KPU Kota Bontang tentang Pembentukan Tim Pengelola Arsip Tahun {tahun}",
        "Keputusan KPU Kota Bontang tentang Pejabat Pengelola Informasi dan Dokumentasi",
        "Keputusan KPU Kota Bontang tentang Tim Pendidikan Pemilih Tahun {tahun}",
        "Keputusan KPU Kota Bontang tentang Penetapan Standar Operasional Prosedur",
    ),
    "KEPUTUSAN",
    "",
    ("pegawai",),
    "KETUA",
    "SUBBAG_TPPH",
    tembusan=("kpu_prov",),
)
BERITA_ACARA_KELUAR = JenisKeluar(
    (
        "Berita Acara Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih Berkelanjutan Triwulan "
        "{triwulan} Tahun {tahun}",
    ),
    "BA",
    "PL.01.2",
    ("kpu_prov",),
    "KETUA",
    "SUBBAG_RDI",
    tembusan=("bawaslu", "golkar"),
    lampiran=("1 (satu) berkas",),
)

CATATAN_KEMBALI = (
    "Perbaiki dasar hukum: rujuk PKPU Nomor 7 Tahun 2023.",
    "Lampiran belum sesuai dengan data SIDALIH terakhir; mohon diperbarui.",
    "Sesuaikan format dengan Keputusan KPU tentang tata naskah dinas.",
    "Tujuan surat kurang lengkap; tambahkan tembusan kepada KPU Provinsi.",
    "Perhalus kalimat pada paragraf kedua.",
)
CATATAN_PARAF = ("", "", "", "Setuju.", "Lanjutkan.")
ALASAN_BATAL = (
    "Salah tujuan; surat diganti dengan surat baru.",
    "Kegiatan yang diundangkan ditunda oleh KPU Provinsi Kalimantan Timur.",
    "Terdapat kesalahan data pada lampiran; surat diterbitkan ulang.",
)
ALASAN_BATAL_KONSEP = (
    "Kegiatan ditunda; konsep tidak diteruskan.",
    "Sudah dijawab dalam rapat koordinasi; surat tidak diperlukan.",
)
NASIB = ("konsep", "paraf", "dikembalikan", "tanda_tangan", "terbit", "dikirim", "selesai")
TERBUKA = {"konsep": 4, "paraf": 5, "dikembalikan": 3, "tanda_tangan": 4, "terbit": 5}
"""How many recent letters stay in each state before the signature or dispatch."""
TERBUKA_HARI = {"konsep": 2, "paraf": 5, "dikembalikan": 8, "tanda_tangan": 6, "terbit": 10}
"""Within how many of the last working days each of them was drafted."""
DIKIRIM = 10
BATAL_TERBIT = 3
BATAL_KONSEP = 2


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MasukRef:
    """A demo surat masuk a letter may answer."""

    id: int
    diterima_at: datetime
    asal: str
    penerima_id: int | None = None
    """The lead recipient of its disposisi (the reply is that recipient's tindak lanjut)."""


@dataclass(frozen=True)
class Langkah:
    """One service call of the plan, made as the demo user ``oleh`` at ``at``.

    ``aksi``: ``konsep`` (create), ``ubah`` (revise), ``ajukan`` (submit for paraf),
    ``paraf``, ``kembalikan`` (return for correction with ``teks``), ``tanda_tangan`` (sign;
    ``tanggal`` and ``sisipan`` for a back-dated insert), ``kirim`` (dispatch the tujuan
    ``tujuan`` by ``cara``), ``terima`` (tanda terima of tujuan ``tujuan[0]`` back, signed by
    ``teks``), ``batal`` (cancel with ``teks``); for a number: ``pesan`` (reserve),
    ``kembalikan_nomor``, ``batal_nomor``, ``catat`` (the letter made outside on it).
    """

    at: datetime
    aksi: str
    oleh: str
    teks: str = ""
    tujuan: tuple[int, ...] = ()
    cara: str = ""
    resi: str = ""
    tanggal: str = ""
    sisipan: bool = False


@dataclass(frozen=True)
class Konsep:
    """A konsep in codes (positions and units by kode; the build turns them into ids)."""

    perihal: str
    jenis: str
    klasifikasi: str
    tujuan: tuple[tuple[str, str, str], ...]
    """(nama, alamat, cara kirim) of each tujuan."""
    tembusan: tuple[tuple[str, str, str], ...]
    penandatangan: str
    pengolah: str
    paraf: tuple[str, ...]
    sifat: str = "biasa"
    lampiran: str = ""
    arahan: str = ""
    keterangan: str = ""
    balasan: MasukRef | None = None


@dataclass(frozen=True)
class SuratKeluarContoh:
    """A demo letter (``konsep`` set) or a reserved number (``konsep`` None) and what is done
    with it; ``nasib`` is the state it ends in (``batal`` for a cancelled letter; for a
    number ``dipesan``, ``dikembalikan``, ``batal`` or ``terpakai``)."""

    nasib: str
    konsep: Konsep | None
    langkah: tuple[Langkah, ...]
    bernomor: bool = False
    """Whether the letter was signed (a cancelled one may have been)."""
    sisipan: bool = False


@dataclass
class _Draft:
    start: datetime
    jenis: JenisKeluar | None
    konsep: Konsep
    nasib: str = "selesai"
    ciri: set[str] = field(default_factory=set)


class _Planner:
    def __init__(self, clock: procedure.Clock, now: datetime, masuk: Sequence[MasukRef]) -> None:
        self.rng = random.Random(SEED)
        self.clock = clock
        self.now = now
        self.local_now = clock.local(now)
        self.today = self.local_now.date()
        self.masuk = masuk
        self.resi = 0

    # time

    def later(self, at: datetime, minutes: int) -> datetime:
        local = self.clock.calendar.add_office_minutes(
            self.clock.local(at), max(1, minutes), self.clock.hours
        )
        return self.clock.instant(local)

    def days(self) -> list[date]:
        out = []
        day = self.today - timedelta(days=364)
        while day <= self.today:
            if self.clock.calendar.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def at_day(self, day: date, rng: random.Random) -> datetime:
        return self.clock.instant(
            datetime.combine(day, time(8, 0)) + timedelta(minutes=rng.randrange(0, 390))
        )

    def earlier_day(self, at: datetime) -> datetime:
        local = self.clock.local(at)
        day = local.date() - timedelta(days=1)
        while not self.clock.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return self.clock.instant(datetime.combine(day, local.time()))

    # the letters

    def konsep(self, jenis: JenisKeluar, day: date, rng: random.Random) -> Konsep:
        names = jenis.tujuan
        if jenis.pilih:
            names = tuple(rng.sample(names, min(jenis.pilih, len(names))))
        perihal = rng.choice(jenis.perihal).format(
            bulan=nama_bulan(day.month),
            bulan_lalu=f"{nama_bulan((day.month - 2) % 12 + 1)} {day.year - (day.month == 1)}",
            tahun=day.year,
            tahun_lalu=day.year - 1,
            triwulan=ROMAWI[(day.month - 1) // 3],
            semester="I" if day.month <= 6 else "II",
            periode=f"{'April' if day.month <= 6 else 'Oktober'} {day.year}",
        )
        return Konsep(
            perihal=perihal,
            jenis=jenis.jenis,
            klasifikasi=jenis.klasifikasi,
            tujuan=tuple(TUJUAN[n] for n in names),
            tembusan=tuple(TUJUAN[n] for n in jenis.tembusan),
            penandatangan=jenis.penandatangan,
            pengolah=jenis.pengolah,
            paraf=_chain(jenis.pengolah, jenis.penandatangan),
            sifat=rng.choice(jenis.sifat),
            lampiran=rng.choice(jenis.lampiran),
            arahan=rng.choice(("", "Arahan Ketua dalam rapat pimpinan.", "")),
        )

    def reply(self, ref: MasukRef) -> Konsep:
        kpu = "KPU" in ref.asal
        cara = SRIKANDI if kpu else (ANTAR if "Bontang" in ref.asal else POS)
        return Konsep(
            perihal="",  # from the surat masuk (services.surat_keluar_read.reply_form)
            jenis="SD",
            klasifikasi="",
            tujuan=((ref.asal, "", cara),),
            tembusan=(),
            penandatangan="SEKRETARIS",
            pengolah="SUBBAG_TPPH",
            paraf=_chain("SUBBAG_TPPH", "SEKRETARIS"),
            balasan=ref,
        )

    def drafts(self) -> list[_Draft]:
        rng = self.rng
        days = self.days()
        pool = [d for d in days if d < self.today - timedelta(days=3)]
        kinds: list[JenisKeluar] = rng.choices(
            JENIS_KELUAR, weights=[j.bobot for j in JENIS_KELUAR], k=BIASA
        )
        kinds += [KEPUTUSAN_KELUAR] * KEPUTUSAN
        rng.shuffle(kinds)
        out: list[_Draft] = []
        starts = sorted(rng.choice(pool) for _ in kinds)
        for jenis, day in zip(kinds, starts, strict=True):
            start = self.at_day(day, rng)
            out.append(_Draft(start, jenis, self.konsep(jenis, day, rng)))
        # letters of the last days, still on their way
        recent = [d for d in days if d < self.today]
        for nasib, count in TERBUKA.items():
            for _ in range(count):
                jenis = rng.choices(JENIS_KELUAR, weights=[j.bobot for j in JENIS_KELUAR])[0]
                day = rng.choice(recent[-TERBUKA_HARI[nasib] :])
                konsep = self.konsep(jenis, day, rng)
                out.append(_Draft(self.at_day(day, rng), jenis, konsep, nasib=nasib))
        # Berita Acara: the first working days after each quarter's pleno
        for quarter_end in self.quarter_ends():
            pleno = next((d for d in days if d > quarter_end + timedelta(days=3)), None)
            if pleno is None or pleno >= self.today - timedelta(days=3):
                continue
            konsep = self.konsep(BERITA_ACARA_KELUAR, quarter_end, rng)
            out.append(_Draft(self.at_day(pleno, rng), BERITA_ACARA_KELUAR, konsep))
        # replies to demo surat masuk received at least five weeks ago
        old = [m for m in self.masuk if m.diterima_at < self.now - timedelta(days=35)]
        for ref in rng.sample(old, min(BALASAN, len(old))):
            start = self.later(ref.diterima_at, rng.randint(240, 1800))
            draft = _Draft(start, None, self.reply(ref))
            draft.ciri.add("balasan")
            out.append(draft)
        out.sort(key=lambda d: d.start)
        return out

    def quarter_ends(self) -> list[date]:
        out = []
        for year in (self.today.year - 1, self.today.year):
            for month in (3, 6, 9, 12):
                end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
                if self.today - timedelta(days=360) < end < self.today:
                    out.append(end)
        return out

    def fates(self, drafts: list[_Draft]) -> None:
        """The newest finished letters still wait for tanda terima; a few older ones are
        cancelled; some were returned for correction once before they went on."""
        rng = self.rng
        sent = [d for d in reversed(drafts) if d.nasib == "selesai"][:DIKIRIM]
        for d in sent:
            d.nasib = "dikirim"
        older = [
            d
            for d in drafts
            if d.nasib == "selesai"
            and "balasan" not in d.ciri
            and d.start < self.now - timedelta(days=30)
        ]
        picks = rng.sample(older, BATAL_TERBIT + BATAL_KONSEP + 1)
        for d in picks[:BATAL_TERBIT]:
            d.nasib = "batal"
            d.ciri.add("terbit")
        for d in picks[BATAL_TERBIT : BATAL_TERBIT + BATAL_KONSEP]:
            d.nasib = "batal"
        for d in drafts:
            if d.nasib in ("selesai", "dikirim", "terbit", "tanda_tangan") and rng.random() < 0.12:
                d.ciri.add("revisi")
            if rng.random() < 0.2:
                d.ciri.add("kertas")  # the petugas records the signature given on paper

    def steps(self, d: _Draft, index: int, start: datetime) -> list[Langkah]:
        rng = random.Random(SEED * 1000 + index)
        k = d.konsep
        konseptor = "staf" if k.balasan is not None else rng.choice(KONSEPTOR[k.pengolah])
        at = start
        out = [Langkah(at, "konsep", konseptor)]

        def gap(lo: int, hi: int) -> datetime:
            nonlocal at
            at = self.later(at, rng.randint(lo, hi))
            return at

        if d.nasib == "konsep":
            if rng.random() < 0.5:
                out.append(Langkah(gap(20, 200), "ubah", konseptor, teks="(perbaikan redaksi)"))
            return out
        if d.nasib == "batal" and "terbit" not in d.ciri:
            out.append(
                Langkah(gap(60, 900), "batal", konseptor, teks=rng.choice(ALASAN_BATAL_KONSEP))
            )
            return out
        out.append(Langkah(gap(30, 600), "ajukan", konseptor))
        chain = list(k.paraf)

        def reviewer(kode: str) -> str:
            return "petugas" if rng.random() < 0.15 else HOLDER[kode]

        if d.nasib == "dikembalikan" or "revisi" in d.ciri:
            stop = rng.randrange(len(chain))
            for kode in chain[:stop]:
                out.append(Langkah(gap(20, 480), "paraf", reviewer(kode)))
            out.append(
                Langkah(
                    gap(20, 480),
                    "kembalikan",
                    HOLDER[chain[stop]],
                    teks=rng.choice(CATATAN_KEMBALI),
                )
            )
            if d.nasib == "dikembalikan":
                return out
            out.append(Langkah(gap(60, 900), "ubah", konseptor, teks="(perbaikan sesuai catatan)"))
            out.append(Langkah(gap(10, 120), "ajukan", konseptor))
        if d.nasib == "paraf":
            for kode in chain[: rng.randrange(len(chain))]:
                out.append(Langkah(gap(20, 480), "paraf", reviewer(kode)))
            return out
        for kode in chain:
            out.append(
                Langkah(gap(20, 480), "paraf", reviewer(kode), teks=rng.choice(CATATAN_PARAF))
            )
        if d.nasib == "tanda_tangan":
            return out
        if "sisipan" in d.ciri:
            # signed on paper that day, entered three working days later as a sisipan
            signed_on = self.clock.local(at).date()
            out.append(
                Langkah(
                    gap(1500, 1700),
                    "tanda_tangan",
                    HOLDER[HEAD[k.pengolah]],
                    tanggal=signed_on.isoformat(),
                    sisipan=True,
                )
            )
        else:
            signer = "petugas" if "kertas" in d.ciri else HOLDER[k.penandatangan]
            out.append(Langkah(gap(30, 900), "tanda_tangan", signer))
        if d.nasib == "terbit":
            return out
        if d.nasib == "batal":
            out.append(Langkah(gap(30, 600), "batal", "petugas", teks=rng.choice(ALASAN_BATAL)))
            return out
        everyone = [*k.tujuan, *k.tembusan]
        groups: dict[str, list[int]] = {}
        for position, (_, _, cara) in enumerate(everyone):
            groups.setdefault(cara, []).append(position)
        sent_at = gap(10, 480)
        outstanding = rng.choice(list(groups)) if d.nasib == "dikirim" else None
        for cara, positions in groups.items():
            out.append(
                Langkah(
                    sent_at,
                    "kirim",
                    "petugas",
                    tujuan=tuple(positions),
                    cara=cara,
                    resi=self.receipt_number(cara, sent_at),
                )
            )
            if cara == outstanding:
                continue
            span = {SRIKANDI: (5, 120), EMAIL: (5, 200), ANTAR: (30, 420)}.get(cara, (900, 3000))
            for position in positions:
                back = self.later(sent_at, rng.randint(*span))
                out.append(
                    Langkah(
                        back, "terima", "petugas", tujuan=(position,), teks=rng.choice(PENERIMA)
                    )
                )
        return out

    def receipt_number(self, cara: str, at: datetime) -> str:
        self.resi += 1
        year = self.clock.local(at).year
        if cara == POS:
            return f"RB{self.rng.randint(100_000_000, 999_999_999)}ID"
        if cara == KURIR:
            return f"JNE {self.rng.randint(1_000_000_000, 9_999_999_999)}"
        if cara == SRIKANDI:
            return f"SRIKANDI/{year}/{6474_0000 + self.resi}"
        if cara == EMAIL:
            return "Dikirim ke surel dinas tujuan"
        return ""

    def fit(self, d: _Draft, index: int) -> list[Langkah]:
        """The steps of a letter, moved back a working day at a time until the last one is
        before now (never before the surat masuk it answers)."""
        start = d.start
        for _ in range(60):
            steps = sorted(self.steps(d, index, start), key=_at)
            if steps[-1].at < self.now - timedelta(minutes=5):
                return steps
            start = self.earlier_day(start)
            if d.konsep.balasan is not None and start <= d.konsep.balasan.diterima_at:
                break
        raise ValueError(f"demo letter {index} does not fit before {self.now}")

    def numbers(self, days: list[date]) -> list[SuratKeluarContoh]:
        """Reserved numbers: one still open, one returned, one voided, one used for a letter
        made outside the application."""
        rng = random.Random(SEED + 1)

        def day_back(n: int) -> datetime:
            recent = [d for d in days if d <= self.today - timedelta(days=n)]
            return self.at_day(recent[-1], rng)

        made_out = Konsep(
            perihal="Undangan Rapat Koordinasi Persiapan Pemilihan Ulang di Kantor KPU Provinsi",
            jenis="Und",
            klasifikasi="PP.05",
            tujuan=(TUJUAN["bawaslu"], TUJUAN["kesbangpol"]),
            tembusan=(TUJUAN["kpu_prov"],),
            penandatangan="KETUA",
            pengolah="SUBBAG_TPPH",
            paraf=(),
            keterangan="Ditandatangani Ketua di Samarinda; nomor dipesan lebih dahulu.",
        )
        out = []
        for nasib, back, keperluan, untuk in (
            ("batal", 200, "Surat tugas perjalanan dinas ke Samarinda", "Kasubbag KUL"),
            ("dikembalikan", 90, "Undangan rapat dengan partai politik", "Kasubbag TPPH"),
            ("terpakai", 60, made_out.perihal, "Ketua"),
            ("dipesan", 3, "Surat pengantar pengiriman logistik sosialisasi", "Kasubbag KUL"),
        ):
            at = day_back(back)
            steps = [Langkah(at, "pesan", "petugas", teks=f"{keperluan}|{untuk}")]
            if nasib == "batal":
                steps.append(
                    Langkah(
                        self.later(at, 30),
                        "batal_nomor",
                        "petugas",
                        teks="Salah memilih jenis naskah; nomor tidak dipakai.",
                    )
                )
            elif nasib == "dikembalikan":
                steps.append(
                    Langkah(
                        self.later(at, 700),
                        "kembalikan_nomor",
                        "petugas",
                        teks="Rapat dibatalkan; nomor tidak jadi dipakai.",
                    )
                )
            elif nasib == "terpakai":
                steps.append(Langkah(self.later(at, 520), "catat", "petugas"))
            out.append(
                SuratKeluarContoh(
                    nasib=nasib,
                    konsep=made_out if nasib == "terpakai" else None,
                    langkah=tuple(steps),
                    bernomor=True,
                )
            )
        return out

    def place_sisipan(
        self, drafts: list[_Draft], steps: list[list[Langkah]], numbers: list[SuratKeluarContoh]
    ) -> None:
        """Make one finished letter of the middle of the year a sisipan: signed on paper on the
        day of its last paraf and entered three working days later, after another number of
        its series was given for a later date (a sisipan must be back-dated)."""

        def korespondensi(d: _Draft) -> bool:
            return d.konsep.jenis not in (KEPUTUSAN_KELUAR.jenis, BERITA_ACARA_KELUAR.jenis)

        taken = [
            (step.at, index)
            for index, d in enumerate(drafts)
            if korespondensi(d)
            for step in steps[index]
            if step.aksi == "tanda_tangan"
        ]
        taken += [(n.langkah[0].at, -1) for n in numbers]  # reserved numbers (Surat Dinas)
        candidates = [
            index
            for index, d in enumerate(drafts)
            if d.nasib == "selesai"
            and d.konsep.jenis == "SD"
            and d.konsep.balasan is None
            and d.konsep.pengolah.startswith("SUBBAG")
            and 3 <= self.clock.local(d.start).month <= 11
            and self.now - timedelta(days=300) < d.start < self.now - timedelta(days=60)
        ]
        self.rng.shuffle(candidates)
        for index in candidates:
            d = drafts[index]
            d.ciri.add("sisipan")
            trial = self.fit(d, index)
            sign = next(s for s in trial if s.aksi == "tanda_tangan")
            signed_on = date.fromisoformat(sign.tanggal)
            if any(
                other != index
                and at < sign.at
                and signed_on < self.clock.local(at).date()
                and self.clock.local(at).year == signed_on.year
                for at, other in taken
            ):
                steps[index] = trial
                return
            d.ciri.discard("sisipan")
        raise ValueError("no demo letter can be a sisipan")  # pragma: no cover

    def plan(self) -> list[SuratKeluarContoh]:
        drafts = self.drafts()
        self.fates(drafts)
        steps = [self.fit(d, index) for index, d in enumerate(drafts)]
        numbers = self.numbers(self.days())
        self.place_sisipan(drafts, steps, numbers)
        out = [
            SuratKeluarContoh(
                nasib=d.nasib,
                konsep=d.konsep,
                langkah=tuple(letter),
                bernomor=any(s.aksi == "tanda_tangan" for s in letter),
                sisipan="sisipan" in d.ciri,
            )
            for d, letter in zip(drafts, steps, strict=True)
        ]
        return out + numbers


def _chain(pengolah: str, penandatangan: str) -> tuple[str, ...]:
    """The usual paraf chain: the head of the unit, then the Sekretaris when the Ketua signs
    (as :func:`kpu_tui.services.surat_keluar_read.default_paraf`)."""
    chain = [HEAD[pengolah]] if HEAD[pengolah] != penandatangan else []
    if penandatangan == "KETUA" and "SEKRETARIS" not in chain:
        chain.append("SEKRETARIS")
    return tuple(chain)


def _at(step: Langkah) -> datetime:
    return step.at


def plan_demo_keluar(
    clock: procedure.Clock, now: datetime, masuk: Sequence[MasukRef] = ()
) -> list[SuratKeluarContoh]:
    """The demo letters and reserved numbers and what is done with each, for an office clock,
    ``now`` and the surat masuk that may be answered (deterministic: the same inputs give the
    same plan). Every step is before ``now``."""
    return _Planner(clock, now, masuk).plan()


# -- carrying it out -------------------------------------------------------------------------


def _masuk_refs(session: Session) -> list[MasukRef]:
    """Surat masuk worth answering: in process or finished, from an institution or a citizen
    who asked something (not KPU RI circulars)."""
    rows = session.exec(
        select(SuratMasuk)
        .where(col(SuratMasuk.status).in_([SuratStatus.PROSES, SuratStatus.SELESAI]))
        .order_by(col(SuratMasuk.id))
    ).all()
    lead: dict[int, int] = {}
    for penerima in session.exec(
        select(DisposisiPenerima)
        .where(col(DisposisiPenerima.utama).is_(True))
        .order_by(col(DisposisiPenerima.id))
    ).all():
        if penerima.id is not None:
            lead[penerima.surat_id] = penerima.id
    out = []
    for row in rows:
        if row.id is None or row.klasifikasi is None or row.asal in ("KPU RI",):
            continue
        if not row.perihal.startswith(("Permohonan", "Permintaan", "Undangan")):
            continue
        out.append(MasukRef(row.id, row.diterima_at, row.asal, lead.get(row.id)))
    return out


@dataclass
class _Done:
    surat_id: int = 0
    nomor_id: int = 0
    tujuan: list[int] = field(default_factory=list)


class _Builder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.actors = _actors(session)
        self.jabatan = {
            j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id is not None
        }
        self.units = {u.kode: u.id for u in session.exec(select(Unit)).all() if u.id is not None}

    def form(self, k: Konsep, actor: Actor) -> KonsepForm:
        paraf = tuple(self.jabatan[c] for c in k.paraf)
        signer = self.jabatan[k.penandatangan]
        unit = self.units[k.pengolah]
        if k.balasan is not None:
            base = skr.reply_form(
                self.session,
                surat_masuk_id=k.balasan.id,
                actor=actor,
                disposisi_penerima_id=k.balasan.penerima_id,
            )
            return replace(
                base, penandatangan_jabatan_id=signer, pengolah_unit_id=unit, paraf=paraf
            )
        tujuan = tuple(TujuanForm(nama=n, alamat=a) for n, a, _ in k.tujuan)
        tujuan += tuple(TujuanForm(nama=n, alamat=a, tembusan=True) for n, a, _ in k.tembusan)
        return KonsepForm(
            perihal=k.perihal,
            jenis_naskah=k.jenis,
            klasifikasi=k.klasifikasi,
            sifat=k.sifat,
            lampiran=k.lampiran,
            tujuan=tujuan,
            penandatangan_jabatan_id=signer,
            pengolah_unit_id=unit,
            arahan=k.arahan,
            keterangan=k.keterangan,
            paraf=paraf,
        )

    def run(self, letter: SuratKeluarContoh, step: Langkah, state: _Done) -> None:
        s, actor, at = self.session, self.actors[step.oleh], step.at
        if step.aksi == "konsep":
            assert letter.konsep is not None
            row = sk.create(s, actor=actor, form=self.form(letter.konsep, actor), now=at)
            state.surat_id = row.id
        elif step.aksi == "ubah":
            form = skr.form_of(s, state.surat_id)
            keterangan = f"{form.keterangan} {step.teks}".strip()
            sk.update(
                s,
                actor=actor,
                surat_id=state.surat_id,
                form=replace(form, keterangan=keterangan),
                now=at,
            )
        elif step.aksi == "ajukan":
            sk.submit(s, actor=actor, surat_id=state.surat_id, now=at)
        elif step.aksi == "paraf":
            sk.paraf(s, actor=actor, surat_id=state.surat_id, catatan=step.teks, now=at)
        elif step.aksi == "kembalikan":
            sk.return_for_correction(
                s, actor=actor, surat_id=state.surat_id, catatan=step.teks, now=at
            )
        elif step.aksi == "tanda_tangan":
            sk.sign(
                s,
                actor=actor,
                surat_id=state.surat_id,
                tanggal=step.tanggal,
                sisipan=step.sisipan,
                now=at,
            )
            state.tujuan = [t.id for t in ekspedisi.tujuan_of(s, state.surat_id)]
        elif step.aksi == "kirim":
            ekspedisi.dispatch(
                s,
                actor=actor,
                tujuan_ids=[state.tujuan[i] for i in step.tujuan],
                form=KirimForm(cara_kirim=step.cara, nomor_resi=step.resi),
                now=at,
            )
        elif step.aksi == "terima":
            ekspedisi.receipt_returned(
                s,
                actor=actor,
                tujuan_id=state.tujuan[step.tujuan[0]],
                nama_penerima=step.teks,
                now=at,
            )
        elif step.aksi == "batal":
            sk.cancel(s, actor=actor, surat_id=state.surat_id, alasan=step.teks, now=at)
        elif step.aksi == "pesan":
            keperluan, _, untuk = step.teks.partition("|")
            kind = letter.konsep
            view = nomor_surat.reserve(
                s,
                actor=actor,
                jenis_naskah=kind.jenis if kind else "SD",
                klasifikasi=kind.klasifikasi if kind else "TU.01",
                keperluan=keperluan,
                untuk_nama=untuk,
                now=at,
            )
            state.nomor_id = view.id
        elif step.aksi == "kembalikan_nomor":
            nomor_surat.return_number(
                s, actor=actor, nomor_id=state.nomor_id, alasan=step.teks, now=at
            )
        elif step.aksi == "batal_nomor":
            nomor_surat.void(s, actor=actor, nomor_id=state.nomor_id, alasan=step.teks, now=at)
        elif step.aksi == "catat":
            assert letter.konsep is not None
            row = sk.record_reserved(
                s,
                actor=actor,
                nomor_id=state.nomor_id,
                form=self.form(letter.konsep, actor),
                now=at,
            )
            state.surat_id = row.id
        else:  # pragma: no cover - the plan makes no other step
            raise ValueError(step.aksi)


def build_demo_surat_keluar(session: Session, actor: Actor, now: datetime | None = None) -> None:
    """Carry out the demo plan: letters drafted, reviewed, signed, numbered and sent over the
    last twelve months, and the reserved numbers.

    ``actor`` (who builds the demo) is not the one recorded: each step is made as the demo user
    who would make it. Run after the demo surat masuk (some letters answer them).
    """
    now = now or utcnow()
    letters = plan_demo_keluar(procedure.office_clock(session), now, _masuk_refs(session))
    builder = _Builder(session)
    order = sorted(
        (step.at, index, no)
        for index, letter in enumerate(letters)
        for no, step in enumerate(letter.langkah)
    )
    done = [_Done() for _ in letters]
    for _, index, no in order:
        builder.run(letters[index], letters[index].langkah[no], done[index])
