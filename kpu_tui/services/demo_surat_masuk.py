"""Demo surat masuk: a year of incoming letters of KPU Kota Bontang with their disposisi.

About 255 letters over the twelve months before now, on working days in office hours, from the
senders a KPU kabupaten/kota hears from (KPU RI, KPU Provinsi Kalimantan Timur, Bawaslu, the city
government, DPRD, Kesbangpol, parties, Polres, universities, LSM, citizens ...), each with the
number format its sender uses. Every letter goes through the services as the demo user who would
do it: the petugas registers it (``now`` = the moment it arrived), the Ketua or the Sekretaris
gives the disposisi, the Sekretaris and the Kasubbag pass it on, the staf records the tindak
lanjut. Together the letters show every state: belum disposisi (the latest), dalam proses on time
and overdue, selesai after one to three hops, diarsipkan tanpa disposisi, batal (one of them a
double registration), a withdrawn hop, a pass-on to two recipients with one lead.

The plan (:func:`plan_demo_surat`) is pure and deterministic for a given ``now``: one
``random.Random`` with a fixed seed, dates relative to ``now``. :func:`build_demo_surat_masuk`
carries it out, every step in time order across letters, so the agenda numbers follow the days.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from kpu_tui.models import Jabatan, Role, User, UserRole, utcnow
from kpu_tui.rules.dates import nama_bulan

from . import disposisi, procedure, surat_masuk
from .actor import Actor
from .disposisi import DisposisiForm, Tujuan
from .surat_masuk import SuratMasukForm

SEED = 914
"""The seed of the demo letters (SOP 9.14)."""
JUMLAH = 255
"""About how many letters a year (a few more when the last days are topped up)."""

ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
KODE_JENIS = {
    "Surat Dinas": "SD",
    "Surat Undangan": "Und",
    "Surat Edaran": "SE",
    "Surat Pengantar": "SR",
    "Surat Panggilan": "Sg",
    "": "SD",
}
"""The jenis naskah code a KPU number carries (``123/PL.01.2-SD/64/2026``)."""

KASUBBAG_USER = {
    "KASUBBAG_TPPH": "kasubbag.tpph",
    "KASUBBAG_KUL": "kasubbag.kul",
    "KASUBBAG_RDI": "kasubbag.rdi",
    "KASUBBAG_PHS": "kasubbag.phs",
}
HOLDER = {"KETUA": "ketua", "SEKRETARIS": "sekretaris", **KASUBBAG_USER}
"""The demo user holding each position that acts in the demo."""

STAF = {
    "KASUBBAG_TPPH": ("staf", "staf", "teknis", "pengaduan"),
    "KASUBBAG_KUL": ("petugas", "upg"),
    "KASUBBAG_RDI": ("ppid", "admin"),
    "KASUBBAG_PHS": (),
}
"""Who a Kasubbag passes a letter to (users of the sub bagian without a position)."""

ANGGOTA = ("ANGGOTA1", "ANGGOTA2", "ANGGOTA3", "ANGGOTA4")

# -- senders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pengirim:
    """A sender: the name the petugas writes, its numbering, how many letters it numbers a
    working day (so that numbers grow through the year) and how its letters usually come."""

    asal: str
    nomor: tuple[str, ...]
    """Formats with ``{n}`` ``{n3}`` ``{klas}`` ``{jk}`` ``{mm}`` ``{rm}`` ``{yyyy}``."""
    laju: float = 1.0
    keterangan: tuple[str, ...] = ("",)


SRIKANDI = ("Diterima melalui SRIKANDI.", "Diterima melalui SRIKANDI.", "")
KURIR = ("", "", "Diantar kurir.")
LANGSUNG = ("Diantar langsung oleh pemohon.", "")

PENGIRIM: dict[str, tuple[Pengirim, ...]] = {
    "kpu_ri": (Pengirim("KPU RI", ("{n}/{klas}-{jk}/01/{yyyy}",), 7.0, SRIKANDI),),
    "setjen": (
        Pengirim("Sekretariat Jenderal KPU RI", ("{n}/{klas}-{jk}/02/{yyyy}",), 5.0, SRIKANDI),
    ),
    "kpu_prov": (
        Pengirim("KPU Provinsi Kalimantan Timur", ("{n}/{klas}-{jk}/64/{yyyy}",), 3.0, SRIKANDI),
    ),
    "kpu_kab": (
        Pengirim("KPU Kabupaten Kutai Timur", ("{n}/{klas}-{jk}/6408/{yyyy}",), 1.5, SRIKANDI),
        Pengirim("KPU Kota Samarinda", ("{n}/{klas}-{jk}/6472/{yyyy}",), 1.8, SRIKANDI),
    ),
    "bawaslu": (
        Pengirim(
            "Bawaslu Kota Bontang",
            ("{n3}/PM.00.02/K.KI-11/{mm}/{yyyy}", "{n3}/PP.01.00/K.KI-11/{mm}/{yyyy}"),
            0.6,
            KURIR,
        ),
    ),
    "pemkot": (
        Pengirim(
            "Pemerintah Kota Bontang",
            ("005/{n}/Setda", "000.1.2/{n}/Setda.Pem/{yyyy}", "005/{n}/Bag.Prokopim"),
            4.0,
            KURIR,
        ),
    ),
    "dprd": (Pengirim("DPRD Kota Bontang", ("005/{n}/DPRD/{yyyy}", "170/{n}/Setwan"), 1.2),),
    "kesbangpol": (
        Pengirim(
            "Badan Kesatuan Bangsa dan Politik Kota Bontang",
            ("200.1.4/{n}/Kesbangpol/{yyyy}", "005/{n}/Kesbangpol"),
            0.8,
        ),
    ),
    "dukcapil": (
        Pengirim(
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bontang",
            ("400.12/{n}/Disdukcapil/{yyyy}",),
            1.5,
        ),
    ),
    "kecamatan": (
        Pengirim("Kecamatan Bontang Selatan", ("005/{n}/Kec.BS/{yyyy}",), 0.8),
        Pengirim("Kecamatan Bontang Utara", ("005/{n}/Kec-BU/{rm}/{yyyy}",), 0.8),
        Pengirim("Kecamatan Bontang Barat", ("005/{n}/Kec.BB",), 0.6),
    ),
    "partai": (
        Pengirim("DPD Partai Golkar Kota Bontang", ("{n3}/DPD-GOLKAR/BTG/{rm}/{yyyy}",), 0.1),
        Pengirim("DPC PDI Perjuangan Kota Bontang", ("{n3}/EKS/DPC-BTG/{rm}/{yyyy}",), 0.1),
        Pengirim("DPC Partai Gerindra Kota Bontang", ("{n3}-Ext/DPC-GERINDRA/BTG/{yyyy}",), 0.1),
        Pengirim(
            "DPD Partai Keadilan Sejahtera Kota Bontang", ("{n3}/D/EKS/64.74/{rm}/{yyyy}",), 0.1
        ),
        Pengirim("DPD Partai NasDem Kota Bontang", ("{n3}-SI/DPD-NasDem/BTG/{rm}/{yyyy}",), 0.1),
        Pengirim("DPC Partai Kebangkitan Bangsa Kota Bontang", ("{n3}/DPC-03/{rm}/{yyyy}",), 0.1),
        Pengirim("DPD Partai Amanat Nasional Kota Bontang", ("PAN/64.74/A/K-S/{n3}/{rm}/{yyyy}",)),
        Pengirim("DPC Partai Demokrat Kota Bontang", ("{n3}/DPC.PD/BTG/{rm}/{yyyy}",), 0.1),
        Pengirim("DPC Partai Persatuan Pembangunan Kota Bontang", ("{n3}/EX/DPC/{rm}/{yyyy}",)),
    ),
    "polres": (
        Pengirim("Polres Bontang", ("B/{n}/{rm}/IPP.3.1./{yyyy}/Sat Intelkam",), 2.0, KURIR),
        Pengirim("Kodim 0908/Bontang", ("B/{n}/{rm}/{yyyy}",), 1.0, KURIR),
    ),
    "bpk": (
        Pengirim("BPK RI Perwakilan Provinsi Kalimantan Timur", ("{n}/S/XIX.SMD/{mm}/{yyyy}",), 2),
    ),
    "kppn": (Pengirim("KPPN Bontang", ("S-{n}/KPN.1811/{yyyy}",), 2.5),),
    "dkpp": (Pengirim("DKPP RI", ("{n}/PS.DKPP/SET-04/{rm}/{yyyy}",), 1.5),),
    "kampus": (
        Pengirim("Universitas Mulawarman", ("{n}/UN17.7/KM/{yyyy}", "{n}/UN17.7/PT.01.04/{yyyy}")),
        Pengirim("Universitas Trunajaya Bontang", ("{n3}/UNTRI/FISIP/{rm}/{yyyy}",), 0.3),
        Pengirim("Sekolah Tinggi Teknologi (STITEK) Bontang", ("{n3}/STITEK/BAAK/{rm}/{yyyy}",)),
    ),
    "sekolah": (
        Pengirim("SMA Negeri 1 Bontang", ("400.3.5/{n}/SMAN.1/{yyyy}",), 0.5, KURIR),
        Pengirim("SMA Negeri 2 Bontang", ("421.3/{n}/SMAN2-BTG/{yyyy}",), 0.5, KURIR),
        Pengirim("SMK Negeri 1 Bontang", ("400.3.6/{n}/SMKN1/{rm}/{yyyy}",), 0.5, KURIR),
    ),
    "lsm": (
        Pengirim("JPPR Kota Bontang", ("{n3}/JPPR-BTG/{rm}/{yyyy}",), 0.1),
        Pengirim("KIPP Kalimantan Timur", ("{n3}/KIPP-KT/{rm}/{yyyy}",), 0.1),
        Pengirim("Forum Pemuda Peduli Demokrasi Bontang", ("Und/{n}/FPPD/{yyyy}", "-"), 0.05),
    ),
    "usaha": (
        Pengirim("Bankaltimtara Cabang Bontang", ("{n}/BTG/PMS/{mm}/{yyyy}",), 2.0),
        Pengirim("PT Pupuk Kalimantan Timur", ("{n}/B/HM.01.03/03/SU/{yyyy}",), 4.0),
    ),
    "media": (Pengirim("Bontang Post", ("{n}/BP-MKT/{rm}/{yyyy}",), 0.5),),
    "ppk": (
        Pengirim("PPK Bontang Utara", ("{n3}/PPK-BU/{rm}/{yyyy}",), 0.1),
        Pengirim("PPK Bontang Selatan", ("{n3}/PPK-BS/{yyyy}",), 0.1),
    ),
    "warga": tuple(
        Pengirim(nama, ("-",), 0.0, LANGSUNG)
        for nama in (
            "Ahmad Ridwan",
            "Nurhalimah",
            "Muhammad Syahrir",
            "Sitti Aminah",
            "Andi Baso Mappaseng",
            "Yohana Rante Allo",
            "Budi Santoso",
            "Rahmawati",
            "Hendrik Wijaya",
            "Agustinus Lawing",
            "Suwarni",
            "I Made Sudarma",
            "Risma Damayanti",
            "Lukas Ngau",
            "Syamsul Bahri",
            "Theresia Bulan",
        )
    ),
}

KELURAHAN = (
    "Bontang Baru",
    "Api-Api",
    "Gunung Elai",
    "Loktuan",
    "Guntung",
    "Bontang Kuala",
    "Bontang Lestari",
    "Satimpo",
    "Berbas Pantai",
    "Berbas Tengah",
    "Tanjung Laut",
    "Tanjung Laut Indah",
    "Telihan",
    "Belimbing",
    "Kanaan",
)
MAHASISWA = (
    "Nadia Putri Ramadhani",
    "Rizal Fahmi",
    "Anisa Rahmadani",
    "Kevin Tandiarrang",
    "Ayu Lestari Wulandari",
    "Muhammad Fadli",
)
PERINGATAN = {
    1: ("Hari Kesadaran Nasional Bulan Januari",),
    2: ("Hari Kesadaran Nasional Bulan Februari",),
    3: ("Hari Kesadaran Nasional Bulan Maret",),
    4: ("Hari Otonomi Daerah ke-30",),
    5: ("Hari Kebangkitan Nasional", "Hari Pendidikan Nasional"),
    6: ("Hari Lahir Pancasila",),
    7: ("Hari Kesadaran Nasional Bulan Juli",),
    8: ("Hari Ulang Tahun ke-81 Kemerdekaan Republik Indonesia",),
    9: ("Hari Kesadaran Nasional Bulan September",),
    10: ("Hari Jadi ke-27 Kota Bontang", "Hari Sumpah Pemuda", "Hari Kesaktian Pancasila"),
    11: ("Hari Pahlawan", "Hari Kesadaran Nasional Bulan November"),
    12: ("Hari Ibu ke-97", "Hari Bela Negara"),
}
"""Ceremonies the city invites to, by month (the letter's month)."""


# -- kinds of letters ------------------------------------------------------------------------


@dataclass(frozen=True)
class JenisSurat:
    """A kind of letter: who sends it, its perihal, kode klasifikasi and jenis naskah, to whom
    it is addressed, which Kasubbag handles it, what is asked (``aksi``), how often it comes
    (``bobot``), its usual derajat (per cent segera / sangat segera), sifat and how often it is
    filed without disposisi (per cent)."""

    pengirim: str
    perihal: tuple[str, ...]
    klasifikasi: str
    jenis: str
    tujuan: str
    subbag: str
    aksi: str
    bobot: int
    segera: int = 20
    sangat_segera: int = 4
    sifat: tuple[str, ...] = ("biasa",)
    arsip: int = 0


JENIS_SURAT: tuple[JenisSurat, ...] = (
    JenisSurat(
        "kpu_ri",
        (
            "Pelaksanaan Pemutakhiran Data Pemilih Berkelanjutan Tahun {tahun}",
            "Penyampaian Pedoman Teknis Pemutakhiran Data Pemilih Berkelanjutan",
            "Rekapitulasi Daftar Pemilih Berkelanjutan Semester {semester} Tahun {tahun}",
        ),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "data",
        6,
        30,
        8,
    ),
    JenisSurat(
        "kpu_ri",
        (
            "Pengelolaan Arsip Penyelenggaraan Pemilihan Serentak Tahun 2024",
            "Penyusutan Arsip Pemilu dan Pemilihan Tahun 2024",
        ),
        "PY.01.3",
        "Surat Edaran",
        "KETUA",
        "KASUBBAG_KUL",
        "edaran",
        3,
    ),
    JenisSurat(
        "kpu_ri",
        (
            "Undangan Rapat Koordinasi Nasional Evaluasi Pemilihan Serentak Tahun 2024",
            "Undangan Bimbingan Teknis Penyusunan Laporan Evaluasi Penyelenggaraan Pemilihan",
        ),
        "PY.02.2",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_TPPH",
        "undangan",
        2,
        40,
    ),
    JenisSurat(
        "kpu_ri",
        (
            "Pelaksanaan Pendidikan Pemilih Berkelanjutan Tahun {tahun}",
            "Penyampaian Keputusan KPU tentang Pedoman Teknis Pendidikan Pemilih",
        ),
        "PP.06.1",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_PHS",
        "edaran",
        3,
    ),
    JenisSurat(
        "kpu_ri",
        (
            "Penyampaian Salinan Peraturan KPU tentang Penggantian Antarwaktu",
            "Penyampaian Salinan Keputusan KPU tentang Tata Naskah Dinas",
        ),
        "HK.02",
        "Surat Pengantar",
        "KETUA",
        "KASUBBAG_TPPH",
        "edaran",
        2,
        0,
        0,
        arsip=40,
    ),
    JenisSurat(
        "setjen",
        (
            "Penyusunan Laporan Keuangan Semester {semester} Tahun Anggaran {tahun}",
            "Batas Waktu Penyampaian Laporan Keuangan Triwulan {triwulan} Tahun {tahun}",
        ),
        "KU.03.3",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "keuangan",
        5,
        35,
        5,
    ),
    JenisSurat(
        "setjen",
        (
            "Rekonsiliasi Data Barang Milik Negara Semester {semester} Tahun {tahun}",
            "Pemutakhiran Data Aset melalui Aplikasi SIMAK-BMN",
        ),
        "RT.01.2",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "keuangan",
        3,
    ),
    JenisSurat(
        "setjen",
        (
            "Pengisian Laporan Harta Kekayaan Aparatur Sipil Negara Tahun {tahun}",
            "Pelaksanaan Penilaian Kinerja Pegawai Semester {semester} Tahun {tahun}",
            "Usulan Kenaikan Pangkat Periode {periode}",
        ),
        "SDM.07",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_PHS",
        "data",
        4,
    ),
    JenisSurat(
        "setjen",
        (
            "Revisi Petunjuk Operasional Kegiatan Tahun Anggaran {tahun}",
            "Penyampaian Pagu Indikatif Tahun Anggaran {tahun_depan}",
        ),
        "KU.02.4",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "keuangan",
        3,
        40,
    ),
    JenisSurat(
        "setjen",
        (
            "Surat Edaran tentang Penggunaan Aplikasi SRIKANDI",
            "Surat Edaran tentang Penyesuaian Jam Kerja Pegawai",
            "Surat Edaran tentang Netralitas Pegawai",
        ),
        "HK.04.2",
        "Surat Edaran",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "edaran",
        3,
        0,
        0,
        arsip=20,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Undangan Rapat Koordinasi Pemutakhiran Data Pemilih Berkelanjutan Triwulan "
            "{triwulan} Tahun {tahun}",
        ),
        "PP.05.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_RDI",
        "undangan",
        5,
        40,
    ),
    JenisSurat(
        "kpu_prov",
        ("Permintaan Rekapitulasi Daftar Pemilih Berkelanjutan Bulan {bulan} {tahun}",),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "data",
        6,
        50,
        15,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Supervisi dan Monitoring Pengelolaan Arsip",
            "Monitoring Penyusutan Arsip Pemilihan Tahun 2024",
        ),
        "TU.06.3",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "tanggapan",
        2,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Undangan Bimbingan Teknis Penyusunan Laporan Keuangan",
            "Monitoring Realisasi Anggaran Triwulan {triwulan} Tahun {tahun}",
        ),
        "KU.03.3",
        "Surat Undangan",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "undangan",
        4,
        30,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Penyampaian Hasil Evaluasi SAKIP Tahun {tahun_lalu}",
            "Penyusunan Rencana Kerja Tahunan {tahun_depan}",
        ),
        "PR.03.1",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_RDI",
        "data",
        2,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Undangan Sosialisasi Peraturan KPU tentang Penggantian Antarwaktu",
            "Undangan Rapat Kerja Divisi Hukum dan Pengawasan",
        ),
        "HK.06",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_TPPH",
        "undangan",
        2,
        30,
    ),
    JenisSurat(
        "kpu_prov",
        (
            "Permintaan Data Kepegawaian untuk Pemutakhiran SIMPEG",
            "Pendataan Pegawai Pemerintah dengan Perjanjian Kerja",
        ),
        "SDM.06.6",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_PHS",
        "data",
        3,
        40,
    ),
    JenisSurat(
        "kpu_prov",
        ("Tembusan: Jawaban atas Permintaan Data Pemilih Bawaslu Provinsi Kalimantan Timur",),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "info",
        2,
        0,
        0,
        arsip=80,
    ),
    JenisSurat(
        "kpu_kab",
        (
            "Permohonan Studi Banding Pengelolaan Data Pemilih",
            "Pemberitahuan Pemilih Pindah Domisili ke Kota Bontang",
        ),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "tanggapan",
        2,
    ),
    JenisSurat(
        "bawaslu",
        ("Permintaan Data Daftar Pemilih Berkelanjutan Bulan {bulan} {tahun}",),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "data",
        5,
        60,
        10,
    ),
    JenisSurat(
        "bawaslu",
        ("Saran Perbaikan atas Pemutakhiran Data Pemilih di Kelurahan {kelurahan}",),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "tanggapan",
        3,
        50,
    ),
    JenisSurat(
        "bawaslu",
        (
            "Undangan Rapat Koordinasi Pengawasan Pemutakhiran Data Pemilih Berkelanjutan",
            "Undangan Sosialisasi Pengawasan Partisipatif",
        ),
        "HM.03.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        3,
        30,
    ),
    JenisSurat(
        "bawaslu",
        ("Permintaan Salinan Dokumen Hasil Pemilihan Tahun 2024",),
        "PY.02.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_TPPH",
        "data",
        1,
        50,
        sifat=("terbatas",),
    ),
    JenisSurat(
        "pemkot",
        ("Undangan Upacara Peringatan {peringatan}",),
        "PK.02.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        5,
        40,
    ),
    JenisSurat(
        "pemkot",
        (
            "Undangan Rapat Koordinasi Forum Koordinasi Pimpinan Daerah",
            "Undangan Musyawarah Perencanaan Pembangunan Kota Bontang Tahun {tahun_depan}",
        ),
        "HM.03.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_TPPH",
        "undangan",
        3,
        30,
    ),
    JenisSurat(
        "pemkot",
        ("Permohonan Narasumber Pendidikan Politik bagi Pemilih Pemula",),
        "PP.06.1",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_PHS",
        "tanggapan",
        2,
    ),
    JenisSurat(
        "pemkot",
        (
            "Perpanjangan Pinjam Pakai Gudang Logistik Milik Pemerintah Kota Bontang",
            "Perpanjangan Pinjam Pakai Gedung Kantor",
        ),
        "RT.07",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "tanggapan",
        2,
    ),
    JenisSurat(
        "dprd",
        (
            "Pemberitahuan Pengunduran Diri Anggota DPRD Kota Bontang dan Permintaan Nama Calon "
            "Pengganti Antarwaktu",
        ),
        "PAW.01.1",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_TPPH",
        "data",
        1,
        60,
        40,
    ),
    JenisSurat(
        "dprd",
        ("Undangan Rapat Dengar Pendapat Komisi I DPRD Kota Bontang",),
        "PR.05",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_TPPH",
        "undangan",
        2,
        40,
    ),
    JenisSurat(
        "kesbangpol",
        ("Undangan Rapat Koordinasi Pendidikan Politik", "Undangan Rapat Tim Terpadu Pemilu"),
        "PP.06.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        3,
        30,
    ),
    JenisSurat(
        "kesbangpol",
        (
            "Permintaan Data Perolehan Suara Partai Politik Hasil Pemilu 2024 untuk Bantuan "
            "Keuangan Partai Politik",
        ),
        "PL.01.8",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_TPPH",
        "data",
        2,
        40,
    ),
    JenisSurat(
        "dukcapil",
        (
            "Penyampaian Data Penduduk Meninggal Dunia Bulan {bulan_lalu}",
            "Penyampaian Data Penduduk Pemula Berusia 17 Tahun Semester {semester} Tahun {tahun}",
        ),
        "PL.01.2",
        "Surat Pengantar",
        "KETUA",
        "KASUBBAG_RDI",
        "data",
        5,
    ),
    JenisSurat(
        "kecamatan",
        ("Undangan Musyawarah Perencanaan Pembangunan Kecamatan Tahun {tahun_depan}",),
        "HM.03.1",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        2,
        arsip=20,
    ),
    JenisSurat(
        "partai",
        (
            "Pemberitahuan Perubahan Susunan Pengurus {asal}",
            "Permohonan Salinan Keputusan Penetapan Perolehan Kursi DPRD Kota Bontang",
            "Permohonan Audiensi dengan Ketua KPU Kota Bontang",
            "Penyampaian Nama Penghubung Partai Politik",
        ),
        "PL.01.1",
        "",
        "KETUA",
        "KASUBBAG_TPPH",
        "tanggapan",
        5,
    ),
    JenisSurat(
        "partai",
        ("Undangan Musyawarah Daerah {asal}", "Undangan Pelantikan Pengurus {asal}"),
        "HM.03.2",
        "",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        2,
        20,
        arsip=25,
    ),
    JenisSurat(
        "polres",
        (
            "Undangan Rapat Koordinasi Keamanan dan Ketertiban Masyarakat",
            "Permintaan Data Jumlah TPS Pemilihan 2024 untuk Evaluasi Pengamanan",
        ),
        "RT.09.1",
        "",
        "KETUA",
        "KASUBBAG_TPPH",
        "undangan",
        3,
        30,
    ),
    JenisSurat(
        "bpk",
        (
            "Pemeriksaan atas Laporan Keuangan KPU Tahun Anggaran {tahun_lalu}",
            "Permintaan Dokumen Pertanggungjawaban Belanja Hibah Pemilihan Tahun 2024",
        ),
        "PW.02.11",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "data",
        1,
        60,
        20,
        sifat=("terbatas", "rahasia"),
    ),
    JenisSurat(
        "kppn",
        (
            "Jadwal Rekonsiliasi Laporan Keuangan Semester {semester} Tahun {tahun}",
            "Batas Akhir Pengajuan Surat Perintah Membayar Tahun Anggaran {tahun}",
        ),
        "KU.03.3",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "keuangan",
        3,
        40,
    ),
    JenisSurat(
        "dkpp",
        ("Panggilan Sidang Pemeriksaan Dugaan Pelanggaran Kode Etik Penyelenggara Pemilu",),
        "HK.07.4",
        "Surat Panggilan",
        "KETUA",
        "KASUBBAG_TPPH",
        "tanggapan",
        1,
        30,
        70,
        sifat=("rahasia", "sangat_rahasia"),
    ),
    JenisSurat(
        "kampus",
        (
            "Permohonan Izin Penelitian Mahasiswa a.n. {mahasiswa}",
            "Permohonan Data Partisipasi Pemilih untuk Penelitian Skripsi a.n. {mahasiswa}",
        ),
        "PLB.01.6",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_RDI",
        "tanggapan",
        4,
        10,
    ),
    JenisSurat(
        "kampus",
        (
            "Permohonan Tempat Praktik Kerja Lapangan Mahasiswa",
            "Permohonan Narasumber Kuliah Umum Demokrasi dan Kepemiluan",
        ),
        "HM.03.4",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_PHS",
        "tanggapan",
        3,
        10,
    ),
    JenisSurat(
        "sekolah",
        ("Permohonan Sosialisasi Pendidikan Pemilih Pemula", "Undangan Pemilihan Ketua OSIS"),
        "PP.06.1",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_PHS",
        "tanggapan",
        2,
        20,
    ),
    JenisSurat(
        "lsm",
        (
            "Permohonan Data Pemilih Penyandang Disabilitas",
            "Permohonan Audiensi Pemantauan Pemutakhiran Data Pemilih",
        ),
        "PL.01.2",
        "Surat Dinas",
        "KETUA",
        "KASUBBAG_RDI",
        "tanggapan",
        2,
    ),
    JenisSurat(
        "lsm",
        ("Undangan Diskusi Publik Evaluasi Pemilihan Tahun 2024",),
        "HM.03.2",
        "Surat Undangan",
        "KETUA",
        "KASUBBAG_PHS",
        "undangan",
        1,
        arsip=30,
    ),
    JenisSurat(
        "warga",
        (
            "Permohonan Surat Keterangan Pernah Bertugas sebagai Anggota KPPS",
            "Permohonan Surat Keterangan Pernah Bertugas sebagai Anggota PPS Kelurahan {kelurahan}",
        ),
        "PP.04.2",
        "",
        "KETUA",
        "KASUBBAG_PHS",
        "tanggapan",
        4,
        10,
    ),
    JenisSurat(
        "warga",
        (
            "Pengaduan Nama Tidak Terdaftar dalam Daftar Pemilih di Kelurahan {kelurahan}",
            "Laporan Anggota Keluarga Meninggal Dunia yang Masih Tercatat sebagai Pemilih",
        ),
        "PL.01.2",
        "",
        "KETUA",
        "KASUBBAG_RDI",
        "tanggapan",
        3,
        20,
    ),
    JenisSurat(
        "warga",
        ("Permohonan Informasi Publik Salinan Keputusan Penetapan Hasil Pemilihan 2024",),
        "HM.02",
        "",
        "KETUA",
        "KASUBBAG_RDI",
        "tanggapan",
        2,
        20,
    ),
    JenisSurat(
        "ppk",
        ("Penyerahan Arsip Kegiatan PPK Pemilihan Tahun 2024",),
        "PY.01.3",
        "Surat Pengantar",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "info",
        1,
        0,
        0,
    ),
    JenisSurat(
        "usaha",
        (
            "Penawaran Kerja Sama Layanan Payroll dan Kredit Pegawai",
            "Undangan Peringatan Hari Ulang Tahun Perusahaan",
        ),
        "HM.03.3",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_KUL",
        "info",
        2,
        0,
        0,
        arsip=70,
    ),
    JenisSurat(
        "media",
        ("Penawaran Kerja Sama Publikasi dan Advertorial",),
        "HM.03.6",
        "Surat Dinas",
        "SEKRETARIS",
        "KASUBBAG_PHS",
        "info",
        2,
        0,
        0,
        arsip=70,
    ),
)

# -- what the pimpinan writes and the staf reports -------------------------------------------

INSTRUKSI: dict[str, tuple[tuple[str, ...], ...]] = {
    "undangan": (("hadiri",), ("hadiri", "koordinasikan"), ("untuk_perhatian", "hadiri")),
    "data": (
        ("ditindaklanjuti", "siapkan_jawaban"),
        ("proses_lanjut",),
        ("koordinasikan", "ditindaklanjuti"),
    ),
    "edaran": (("diketahui", "sesuai_ketentuan"), ("untuk_perhatian",), ("diketahui",)),
    "tanggapan": (("siapkan_jawaban",), ("teliti_pendapat", "siapkan_jawaban"), ("bicarakan",)),
    "keuangan": (("proses_lanjut", "sesuai_ketentuan"), ("ditindaklanjuti",)),
    "info": (("diketahui", "arsipkan"), ("diketahui",)),
}
CATATAN: dict[str, tuple[str, ...]] = {
    "undangan": (
        "",
        "Mohon diwakili dan laporkan hasilnya.",
        "Saya hadir; siapkan bahan.",
        "Koordinasikan dengan divisi terkait.",
    ),
    "data": ("", "Mohon segera.", "Pastikan data sesuai SIDALIH.", "Perhatikan batas waktu."),
    "edaran": ("", "Sosialisasikan kepada seluruh pegawai.", "Laksanakan sesuai ketentuan."),
    "tanggapan": ("", "Siapkan konsep jawaban.", "Telaah dan sampaikan pendapat.", "Proses."),
    "keuangan": ("", "Koordinasikan dengan Bendahara dan PPK.", "Jangan sampai terlambat."),
    "info": ("", "Untuk diketahui."),
}
TINDAK_LANJUT: dict[str, tuple[str, ...]] = {
    "undangan": (
        "Kegiatan telah dihadiri oleh {oleh}; notula disimpan pada arsip sub bagian.",
        "Telah dihadiri; laporan singkat hasil kegiatan disampaikan kepada pimpinan.",
    ),
    "data": (
        "Data telah disampaikan kepada {asal} dengan surat nomor {balas}.",
        "Data telah dihimpun dan dikirim melalui surel dinas; salinan diarsipkan.",
    ),
    "edaran": (
        "Telah disosialisasikan kepada seluruh pegawai dan dilaksanakan sesuai ketentuan.",
        "Salinan disampaikan kepada setiap sub bagian untuk dilaksanakan.",
    ),
    "tanggapan": (
        "Jawaban telah disampaikan kepada {asal} dengan surat nomor {balas}.",
        "Pemohon telah diberi penjelasan; jawaban tertulis nomor {balas}.",
    ),
    "keuangan": (
        "Laporan telah disusun dan dikirim sesuai jadwal melalui aplikasi SAKTI.",
        "Dokumen telah diproses bersama Bendahara dan PPK; bukti disimpan di arsip keuangan.",
    ),
    "info": ("Telah dicatat untuk diketahui.", "Dicatat dan diarsipkan."),
}
ALASAN_ARSIP: dict[str, tuple[str, ...]] = {
    "info": (
        "Tembusan; untuk diketahui.",
        "Penawaran komersial; tidak memerlukan tindak lanjut.",
        "Untuk diketahui; tidak memerlukan tindak lanjut.",
    ),
    "undangan": ("Undangan sudah lewat waktunya saat surat diterima.",),
    "edaran": ("Salinan peraturan untuk arsip; sudah diterima melalui JDIH KPU.",),
}
ALASAN_BATAL = (
    "Salah alamat: surat ditujukan kepada KPU Kabupaten Kutai Timur; dikembalikan kepada pengirim.",
    "Salah catat: surat keluar KPU Kota Bontang tercatat sebagai surat masuk.",
    "Surat ditarik kembali oleh pengirim untuk diperbaiki.",
)
ALASAN_GANDA = "Tercatat ganda; surat yang sama sudah dicatat dengan nomor agenda {agenda}."
LAMPIRAN = ("", "", "", "", "", "1 (satu) berkas", "1 (satu) lembar", "2 (dua) berkas", "1 eks")


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Langkah:
    """One service call of the plan, made as the demo user ``oleh`` at ``at``.

    ``aksi``: ``catat`` (register), ``serah`` (hand to the pimpinan), ``disposisi`` (give hop
    number ``hop``; a first disposisi from ``dari``, else passing on ``induk``), ``baca``
    (recipient ``induk`` read it), ``batal_hop`` (withdraw hop ``hop``), ``selesai`` (tindak
    lanjut of ``induk``), ``arsip`` (file without disposisi), ``batal`` (cancel the letter).
    ``penerima`` are ``jabatan:KODE`` or ``user:username``; ``teks`` is the note, the tindak
    lanjut or the reason.
    """

    at: datetime
    aksi: str
    oleh: str
    hop: int = -1
    induk: tuple[int, int] | None = None
    dari: str = ""
    penerima: tuple[str, ...] = ()
    utama: int = 0
    instruksi: tuple[str, ...] = ()
    teks: str = ""


@dataclass(frozen=True)
class SuratContoh:
    """A demo letter: its form (``tujuan`` as a position code), when it came, what is done
    with it, and for a double registration the index of the letter it repeats."""

    form: SuratMasukForm
    tujuan: str
    diterima: datetime
    nasib: str
    langkah: tuple[Langkah, ...]
    ganda_dari: int | None = None


@dataclass
class _Draft:
    diterima: datetime
    jenis: JenisSurat
    pengirim: Pengirim
    form: SuratMasukForm
    umur: int
    """Working days between the day received and today."""
    nasib: str = "selesai"
    ciri: set[str] = field(default_factory=set)
    ganda_dari: int | None = None


class _Planner:
    def __init__(self, clock: procedure.Clock, now: datetime) -> None:
        self.rng = random.Random(SEED)
        self.clock = clock
        self.now = now
        self.local_now = clock.local(now)
        self.today = self.local_now.date()
        self.nomor_terakhir: dict[tuple[str, int], int] = {}
        self.dipakai: set[tuple[str, str]] = set()
        self.balasan: dict[int, int] = {}

    # time

    def later(self, at: datetime, minutes: int) -> datetime:
        local = self.clock.calendar.add_office_minutes(
            self.clock.local(at), max(1, minutes), self.clock.hours
        )
        return self.clock.instant(local)

    def days(self) -> list[date]:
        start = self.today - timedelta(days=365)
        out = []
        day = start + timedelta(days=1)
        while day <= self.today:
            if self.clock.calendar.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def arrivals(self, day: date, count: int) -> list[datetime]:
        opening = datetime.combine(day, time(8, 0))
        closing = datetime.combine(day, time(15, 30))
        if day == self.today:
            closing = min(closing, self.local_now - timedelta(minutes=20))
        span = int((closing - opening).total_seconds() // 60)
        if span <= 0:
            return []
        minutes = sorted(self.rng.sample(range(span), min(count, span)))
        return [self.clock.instant(opening + timedelta(minutes=m)) for m in minutes]

    # letters

    def nomor(self, pengirim: Pengirim, jenis: JenisSurat, day: date) -> str:
        for _ in range(50):
            pattern = self.rng.choice(pengirim.nomor)
            if pattern == "-":
                return surat_masuk.TANPA_NOMOR
            key = (pengirim.asal, day.year)
            base = 1 + int(day.timetuple().tm_yday * pengirim.laju)
            n = max(self.nomor_terakhir.get(key, 0) + 1, base + self.rng.randint(0, 2))
            self.nomor_terakhir[key] = n
            text = pattern.format(
                n=n,
                n3=f"{n:03d}",
                klas=jenis.klasifikasi,
                jk=KODE_JENIS.get(jenis.jenis, "SD"),
                mm=f"{day.month:02d}",
                rm=ROMAWI[day.month - 1],
                yyyy=day.year,
            )
            if (text, pengirim.asal) not in self.dipakai:
                self.dipakai.add((text, pengirim.asal))
                return text
        raise AssertionError("no free letter number")  # pragma: no cover

    def perihal(self, jenis: JenisSurat, pengirim: Pengirim, day: date) -> str:
        quarter = (day.month - 1) // 3
        return self.rng.choice(jenis.perihal).format(
            bulan=nama_bulan(day.month),
            bulan_lalu=f"{nama_bulan((day.month - 2) % 12 + 1)} "
            f"{day.year if day.month > 1 else day.year - 1}",
            tahun=day.year,
            tahun_lalu=day.year - 1,
            tahun_depan=day.year + 1,
            triwulan=ROMAWI[quarter],
            semester="I" if day.month <= 6 else "II",
            periode=f"{'April' if day.month <= 6 else 'Oktober'} {day.year}",
            kelurahan=self.rng.choice(KELURAHAN),
            mahasiswa=self.rng.choice(MAHASISWA),
            peringatan=self.rng.choice(PERINGATAN[day.month]),
            asal=pengirim.asal,
        )

    def draft(self, at: datetime) -> _Draft:
        jenis = self.rng.choices(JENIS_SURAT, weights=[j.bobot for j in JENIS_SURAT])[0]
        pengirim = self.rng.choice(PENGIRIM[jenis.pengirim])
        day = self.clock.local(at).date()
        roll = self.rng.randrange(100)
        derajat = (
            "sangat_segera"
            if roll < jenis.sangat_segera
            else "segera"
            if roll < jenis.sangat_segera + jenis.segera
            else "biasa"
        )
        sifat = self.rng.choice(jenis.sifat)
        if sifat == "biasa" and self.rng.random() < 0.03:
            sifat = "terbatas"
        nomor = self.nomor(pengirim, jenis, day)
        sent = day - timedelta(days=self.rng.choice((0, 1, 1, 2, 2, 3, 4, 6)))
        undated = nomor == surat_masuk.TANPA_NOMOR and self.rng.random() < 0.5
        form = SuratMasukForm(
            nomor_surat=nomor,
            asal=pengirim.asal,
            perihal=self.perihal(jenis, pengirim, day),
            tanggal_surat="" if undated else sent.strftime("%d/%m/%Y"),
            lampiran=self.rng.choice(LAMPIRAN),
            sifat=sifat,
            derajat=derajat,
            klasifikasi=jenis.klasifikasi,
            jenis_naskah=jenis.jenis,
            keterangan=self.rng.choice(pengirim.keterangan),
        )
        umur = self.clock.calendar.working_days_between(day, self.today)
        return _Draft(at, jenis, pengirim, form, umur)

    # fates

    def fate(self, d: _Draft) -> str:
        rng = self.rng
        if d.jenis.arsip and rng.randrange(100) < d.jenis.arsip:
            return "arsip"
        if d.umur == 0:
            return "belum"
        if d.umur == 1:
            return rng.choice(("belum", "belum", "proses"))
        if d.umur <= 5:
            return rng.choice(("proses", "proses", "selesai"))
        if d.umur <= 15:
            return rng.choices(("selesai", "proses"), weights=(85, 15))[0]
        return rng.choices(("selesai", "proses", "batal"), weights=(96, 2.5, 1.5))[0]

    def force(self, drafts: list[_Draft]) -> None:
        """Make sure every state and every feature the demo should show is there, whatever
        the day the demo is built."""
        rng = self.rng
        body = drafts[:-3]
        for d in drafts[-3:]:  # the latest letters wait for the pimpinan
            d.nasib = "belum"

        def ensure(
            count: int, have: Callable[[_Draft], bool], ok: Callable[[_Draft], bool]
        ) -> list[_Draft]:
            missing = count - sum(1 for d in drafts if have(d))
            pool = [d for d in body if ok(d) and not have(d)]
            return rng.sample(pool, max(0, min(missing, len(pool))))

        # on time: disposed two to four working days ago
        # derajat biasa gives 5 hari kerja, so these are still within their batas waktu
        for d in [d for d in body if 2 <= d.umur <= 4 and d.jenis.arsip == 0][-3:]:
            d.nasib = "proses"
            d.ciri.add("tepat")
            d.form = replace(d.form, derajat="biasa")

        def plain(d: _Draft) -> bool:
            return d.umur >= 20 and d.nasib == "selesai" and not d.ciri

        for d in ensure(4, lambda d: d.nasib == "proses" and d.umur >= 10, plain):
            d.nasib = "proses"
        for d in ensure(4, lambda d: d.nasib == "batal", plain):
            d.nasib = "batal"
        for d in ensure(1, lambda d: d.nasib == "ganda", plain):
            d.nasib = "ganda"
        for ciri, count, tujuan in (
            ("salah_tujuan", 3, "KETUA"),
            ("dua", 5, "KETUA"),
            ("anggota", 6, "KETUA"),
            ("satu", 6, None),
        ):
            for d in ensure(
                count,
                lambda d, c=ciri: c in d.ciri,  # type: ignore[misc]
                lambda d, t=tujuan: plain(d) and t in (None, d.jenis.tujuan),  # type: ignore[misc]
            ):
                d.ciri.add(ciri)
        full = [d for d in body if plain(d) and d.jenis.tujuan == "KETUA" and STAF[d.jenis.subbag]]
        for d in rng.sample(full, min(12, len(full))):
            d.ciri.add("penuh")

    # routes

    def route(self, d: _Draft) -> list[Langkah]:
        rng = self.rng
        jenis = d.jenis
        steps: list[Langkah] = [Langkah(d.diterima, "catat", "petugas")]
        at = d.diterima
        if d.nasib == "belum":
            if rng.random() < 0.4:
                steps.append(Langkah(self.later(at, rng.randint(5, 45)), "serah", "petugas"))
            return steps
        if d.nasib == "arsip":
            oleh = "petugas" if jenis.aksi == "info" else "sekretaris"
            reasons = ALASAN_ARSIP.get(jenis.aksi, ALASAN_ARSIP["info"])
            at = self.later(at, rng.randint(10, 240))
            return [*steps, Langkah(at, "arsip", oleh, teks=rng.choice(reasons))]
        if d.nasib in ("batal", "ganda"):
            teks = ALASAN_GANDA if d.nasib == "ganda" else rng.choice(ALASAN_BATAL)
            at = self.later(at, rng.randint(15, 300))
            return [*steps, Langkah(at, "batal", "petugas", teks=teks)]
        urgent = {"sangat_segera": 0.3, "segera": 0.6}.get(d.form.derajat, 1.0)

        def gap(lo: int, hi: int) -> int:
            return max(5, int(rng.randint(lo, hi) * urgent))

        # the chain of positions, top down
        subbag = jenis.subbag
        staf = STAF[subbag]
        if jenis.tujuan == "KETUA":
            if "satu" in d.ciri:
                depth = 1
            elif "penuh" in d.ciri or "salah_tujuan" in d.ciri or "dua" in d.ciri:
                depth = 3 if (staf and "penuh" in d.ciri) else 2
            else:
                depth = rng.choices((1, 2, 3), weights=(30, 55, 15 if staf else 0))[0]
            chain = ["jabatan:SEKRETARIS", f"jabatan:{subbag}"]
        else:
            depth = (
                1 if "satu" in d.ciri else rng.choices((1, 2), weights=(65, 35 if staf else 0))[0]
            )
            chain = [f"jabatan:{subbag}"]
        if staf:
            chain.append(f"user:{rng.choice(staf)}")
        chain = chain[:depth]
        instruksi = rng.choice(INSTRUKSI[jenis.aksi])
        hop_no = 0
        # first disposisi
        giver = jenis.tujuan
        paper = giver == "KETUA" and rng.random() < 0.2
        if paper:
            at = self.later(at, gap(5, 60))
            steps.append(Langkah(at, "serah", "petugas"))
        at = self.later(at, gap(20, 400))
        penerima = [chain[0]]
        if giver == "KETUA" and ("anggota" in d.ciri or rng.random() < 0.1):
            penerima.append(f"jabatan:{rng.choice(ANGGOTA)}")
        steps.append(
            Langkah(
                at,
                "disposisi",
                "petugas" if paper else HOLDER[giver],
                hop=hop_no,
                dari=giver,
                penerima=tuple(penerima),
                instruksi=instruksi,
                teks=rng.choice(CATATAN[jenis.aksi]),
            )
        )
        if len(penerima) > 1:
            steps.append(Langkah(self.later(at, gap(30, 240)), "baca", "petugas", induk=(0, 1)))
        holder = (hop_no, 0)
        holder_user = self.user_of(chain[0])
        for level in range(1, depth):
            if rng.random() < 0.25:
                at = self.later(at, gap(10, 200))
                steps.append(Langkah(at, "baca", holder_user, induk=holder))
            target = chain[level]
            if "salah_tujuan" in d.ciri and target.startswith("jabatan:KASUBBAG"):
                wrong = rng.choice([k for k in KASUBBAG_USER if f"jabatan:{k}" != target])
                at = self.later(at, gap(30, 300))
                hop_no += 1
                steps.append(
                    Langkah(
                        at,
                        "disposisi",
                        holder_user,
                        hop=hop_no,
                        induk=holder,
                        penerima=(f"jabatan:{wrong}",),
                        instruksi=instruksi,
                    )
                )
                at = self.later(at, rng.randint(10, 40))
                steps.append(
                    Langkah(
                        at,
                        "batal_hop",
                        holder_user,
                        hop=hop_no,
                        teks="Salah tujuan; surat ini ditangani sub bagian lain.",
                    )
                )
            penerima = [target]
            if "dua" in d.ciri and target.startswith("jabatan:KASUBBAG"):
                other = rng.choice([k for k in KASUBBAG_USER if f"jabatan:{k}" != target])
                penerima.append(f"jabatan:{other}")
                if rng.random() < 0.5:
                    penerima.reverse()
            at = self.later(at, gap(30, 480))
            hop_no += 1
            lead = penerima.index(target)
            steps.append(
                Langkah(
                    at,
                    "disposisi",
                    holder_user,
                    hop=hop_no,
                    induk=holder,
                    penerima=tuple(penerima),
                    utama=lead,
                    instruksi=rng.choice(INSTRUKSI[jenis.aksi]),
                    teks=rng.choice(CATATAN[jenis.aksi]),
                )
            )
            for index, other in enumerate(penerima):
                if index != lead and rng.random() < 0.7:
                    when = self.later(at, gap(20, 300))
                    steps.append(Langkah(when, "baca", self.user_of(other), induk=(hop_no, index)))
            holder = (hop_no, lead)
            holder_user = self.user_of(target)
        # the last holder reads and (unless the letter is to stay in process) finishes
        if d.nasib == "proses":
            stop = rng.random()
            if "tepat" in d.ciri or d.umur < 10:
                if stop < 0.5:
                    at = self.later(at, gap(10, 120))
                    steps.append(Langkah(at, "baca", holder_user, induk=holder))
            else:
                at = self.later(at, gap(10, 300))
                steps.append(Langkah(at, "baca", holder_user, induk=holder))
            return steps
        late = rng.random() < 0.08
        at = self.later(at, gap(60, 1500) + (rng.randint(2500, 4000) if late else 0))
        steps.append(
            Langkah(
                at,
                "selesai",
                holder_user,
                induk=holder,
                teks=self.tindak_lanjut(d, at),
            )
        )
        return steps

    def user_of(self, target: str) -> str:
        kind, _, kode = target.partition(":")
        if kind == "user":
            return kode
        return HOLDER.get(kode, "petugas")

    def tindak_lanjut(self, d: _Draft, at: datetime) -> str:
        """The tindak lanjut; ``{oleh}`` is filled in with the name of who records it."""
        day = self.clock.local(at).date()
        n = self.balasan.get(day.year, 0) + 1 + self.rng.randint(0, 3)
        self.balasan[day.year] = max(n, day.timetuple().tm_yday * 2)
        balas = f"{self.balasan[day.year]}/{d.jenis.klasifikasi}-SD/6474/{day.year}"
        return self.rng.choice(TINDAK_LANJUT[d.jenis.aksi]).format(
            oleh="{oleh}", asal=d.form.asal, balas=balas
        )

    def plan(self) -> list[SuratContoh]:
        drafts: list[_Draft] = []
        days = self.days()
        counts = Counter(self.rng.choice(days) for _ in range(JUMLAH))
        for day in days[-3:]:  # the last days are never empty
            counts[day] = max(counts[day], 2)
        for day in days:
            for at in self.arrivals(day, counts[day]):
                drafts.append(self.draft(at))
        for d in drafts:
            d.nasib = self.fate(d)
        self.force(drafts)
        for index, d in enumerate(drafts):
            if d.nasib == "ganda":
                earlier = [
                    i
                    for i in range(max(0, index - 8), index)
                    if drafts[i].form.nomor_surat != surat_masuk.TANPA_NOMOR
                    and drafts[i].nasib not in ("batal", "ganda")
                ]
                if earlier:
                    d.ganda_dari = self.rng.choice(earlier)
                    source = drafts[d.ganda_dari]
                    d.form = replace(source.form, keterangan="Diterima lagi melalui kurir.")
                    d.jenis, d.pengirim = source.jenis, source.pengirim
                else:
                    d.nasib = "batal"
        out = []
        for d in drafts:
            # in time order (a recipient may read after the chain has moved on)
            steps = tuple(sorted((s for s in self.route(d) if s.at < self.now), key=_at))
            out.append(
                SuratContoh(
                    form=d.form,
                    tujuan=d.jenis.tujuan,
                    diterima=d.diterima,
                    nasib=d.nasib,
                    langkah=steps,
                    ganda_dari=d.ganda_dari,
                )
            )
        return out


def _at(step: Langkah) -> datetime:
    return step.at


def plan_demo_surat(clock: procedure.Clock, now: datetime) -> list[SuratContoh]:
    """The demo letters and what happens to each, for an office clock and ``now``
    (deterministic: the same inputs give the same plan). Steps after ``now`` are left out."""
    return _Planner(clock, now).plan()


# -- carrying it out -------------------------------------------------------------------------


def _actors(session: Session) -> dict[str, Actor]:
    roles: dict[int, set[Role]] = {}
    for link in session.exec(select(UserRole)).all():
        roles.setdefault(link.user_id, set()).add(Role(link.role))
    out = {}
    for user in session.exec(select(User).where(col(User.aktif).is_(True))).all():
        assert user.id is not None
        out[user.username] = Actor(user.id, user.nama, frozenset(roles.get(user.id, set())))
    return out


def _tujuan(target: str, jabatan: dict[str, int], actors: dict[str, Actor]) -> Tujuan:
    kind, _, kode = target.partition(":")
    if kind == "user":
        return Tujuan(user_id=actors[kode].id)
    return Tujuan(jabatan_id=jabatan[kode])


@dataclass
class _Done:
    surat_id: int = 0
    agenda: str = ""
    hops: dict[int, disposisi.HopView] = field(default_factory=dict)


def _run(
    session: Session,
    letters: Sequence[SuratContoh],
    index: int,
    step: Langkah,
    done: list[_Done],
    actors: dict[str, Actor],
    jabatan: dict[str, int],
) -> None:
    letter = letters[index]
    state = done[index]
    actor = actors[step.oleh]

    def penerima_id(ref: tuple[int, int] | None) -> int:
        assert ref is not None
        return state.hops[ref[0]].penerima[ref[1]].id

    if step.aksi == "catat":
        row = surat_masuk.register(
            session,
            actor=actor,
            form=replace(letter.form, tujuan_jabatan_id=jabatan[letter.tujuan]),
            allow_duplicate=letter.ganda_dari is not None,
            now=step.at,
        )
        state.surat_id, state.agenda = row.id, row.agenda_teks
    elif step.aksi == "serah":
        disposisi.hand_over(session, actor=actor, surat_id=state.surat_id, now=step.at)
    elif step.aksi == "disposisi":
        form = DisposisiForm(
            penerima=tuple(_tujuan(t, jabatan, actors) for t in step.penerima),
            dari_jabatan_id=jabatan[step.dari] if step.dari else None,
            utama=step.utama,
            instruksi=step.instruksi,
            catatan=step.teks,
        )
        state.hops[step.hop] = disposisi.give(
            session,
            actor=actor,
            surat_id=state.surat_id,
            form=form,
            induk_penerima_id=penerima_id(step.induk) if step.induk else None,
            now=step.at,
        )
    elif step.aksi == "baca":
        disposisi.mark_read(session, actor=actor, penerima_id=penerima_id(step.induk), now=step.at)
    elif step.aksi == "batal_hop":
        disposisi.cancel(
            session,
            actor=actor,
            disposisi_id=state.hops[step.hop].id,
            alasan=step.teks,
            now=step.at,
        )
    elif step.aksi == "selesai":
        disposisi.complete(
            session,
            actor=actor,
            penerima_id=penerima_id(step.induk),
            tindak_lanjut=step.teks.replace("{oleh}", actor.name),
            now=step.at,
        )
    elif step.aksi == "arsip":
        disposisi.file_without(
            session, actor=actor, surat_id=state.surat_id, alasan=step.teks, now=step.at
        )
    elif step.aksi == "batal":
        agenda = done[letter.ganda_dari].agenda if letter.ganda_dari is not None else ""
        surat_masuk.cancel(
            session,
            actor=actor,
            surat_id=state.surat_id,
            alasan=step.teks.format(agenda=agenda),
            now=step.at,
        )
    else:  # pragma: no cover - the plan makes no other step
        raise ValueError(step.aksi)


def build_demo_surat_masuk(session: Session, actor: Actor, now: datetime | None = None) -> None:
    """Register the demo letters of the last twelve months and carry out their disposisi.

    ``actor`` (who builds the demo) is not the one recorded: each step is made as the demo user
    who would make it (petugas, ketua, sekretaris, kasubbag.*, staf ...).
    """
    now = now or utcnow()
    letters = plan_demo_surat(procedure.office_clock(session), now)
    actors = _actors(session)
    jabatan = {j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id is not None}
    order = sorted(
        (
            (step.at, index, no)
            for index, letter in enumerate(letters)
            for no, step in enumerate(letter.langkah)
        ),
    )
    done = [_Done() for _ in letters]
    for _, index, no in order:
        _run(session, letters, index, letters[index].langkah[no], done, actors, jabatan)
