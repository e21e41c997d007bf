"""The demo office: KPU Kota Bontang with a user for every role.

Used by ``kpu-tui demo`` and by the set-up wizard's "Gunakan data contoh". Later registers add
their own demo records through :data:`DEMO_BUILDERS`. Every demo account shares one password,
listed in the README, so that a trainer can log in as any role.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from sqlmodel import Session

from kpu_tui.models import Role, Tingkat, ZonaWaktu

from .actor import Actor
from .office import PejabatEntry, SetupForm, setup_office
from .users import UserForm

DEMO_PASSWORD = "bontang2026"
"""The password of every demo account."""

# (username, nama, jabatan, roles, jabatan kode held)
DEMO_USERS: tuple[tuple[str, str, str, tuple[Role, ...], str | None], ...] = (
    ("admin", "Rudi Hartono", "Pranata Komputer", (Role.ADMIN,), None),
    ("petugas", "Sekar Ayu Lestari", "Pengadministrasi Umum", (Role.PETUGAS,), None),
    ("ketua", "Hj. Maryam Abdullah", "Ketua KPU Kota Bontang", (Role.PIMPINAN,), "KETUA"),
    (
        "sekretaris",
        "Drs. Bambang Sutrisno, M.Si.",
        "Sekretaris KPU Kota Bontang",
        (Role.PIMPINAN, Role.ATASAN_PPID),
        "SEKRETARIS",
    ),
    (
        "kasubbag.kul",
        "Nur Aisyah, S.E.",
        "Kepala Sub Bagian Keuangan, Umum dan Logistik",
        (Role.KASUBBAG, Role.UPG),
        "KASUBBAG_KUL",
    ),
    (
        "kasubbag.tpph",
        "Andi Firmansyah, S.H.",
        "Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum",
        (Role.KASUBBAG, Role.PENGADUAN),
        "KASUBBAG_TPPH",
    ),
    (
        "kasubbag.rdi",
        "Yohanes Lukas Bria, S.Kom.",
        "Kepala Sub Bagian Perencanaan, Data dan Informasi",
        (Role.KASUBBAG, Role.PPID),
        "KASUBBAG_RDI",
    ),
    (
        "kasubbag.phs",
        "Wayan Sudarsana, S.Sos.",
        "Kepala Sub Bagian Partisipasi, Hubungan Masyarakat dan SDM",
        (Role.KASUBBAG,),
        "KASUBBAG_PHS",
    ),
    ("staf", "Dewi Kartika Sari", "Penata Kelola Pemilu", (Role.STAF,), None),
    ("pengaduan", "Muhammad Rizky Pratama", "Analis Pengaduan", (Role.PENGADUAN,), None),
    ("wbs", "Siti Rahmawati", "Pengelola WBS", (Role.WBS,), None),
    ("upg", "Agus Salim", "Anggota Unit Pengendalian Gratifikasi", (Role.UPG,), None),
    ("ppid", "Fransiska Tandi", "Pengelola Informasi Publik", (Role.PPID,), None),
    ("teknis", "Hendra Gunawan", "Operator SIPAW", (Role.TEKNIS,), None),
)

DemoBuilder = Callable[[Session, Actor], None]
DEMO_BUILDERS: list[DemoBuilder] = []
"""Registers add a builder here to put their own demo records into the demo office."""


def demo_setup_form() -> SetupForm:
    """The set-up form of the demo office."""
    users = [
        UserForm(
            username=username,
            nama=nama,
            jabatan=jabatan,
            roles=roles,
            password=DEMO_PASSWORD,
        )
        for username, nama, jabatan, roles, _ in DEMO_USERS
    ]
    pejabat = tuple(
        PejabatEntry(kode=kode, nama=nama, username=username)
        for username, nama, _, _, kode in DEMO_USERS
        if kode
    )
    return SetupForm(
        nama_satker="KPU Kota Bontang",
        tingkat=Tingkat.KABKOTA,
        kode_wilayah="6474",
        alamat="Jl. Bessai Berinta, Kelurahan Bontang Lestari, Kecamatan Bontang Selatan",
        kota="Bontang",
        zona_waktu=ZonaWaktu.WITA,
        jam_masuk=time(7, 30),
        jam_pulang=time(16, 0),
        jam_pulang_jumat=time(16, 30),
        telepon="(0548) 000000",
        email="kpu.bontang@example.go.id",
        pejabat=pejabat,
        admin=users[0],
        extra_users=tuple(users[1:]),
    )


def build_demo_office(session: Session, *, actor: Actor) -> None:
    """Create the demo office and let every register add its demo records."""
    setup_office(session, actor=actor, form=demo_setup_form())
    for builder in DEMO_BUILDERS:
        builder(session, actor)
