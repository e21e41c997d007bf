"""The demo office: KPU Kota Bontang with a user for every role.

Used by ``kpu-tui demo`` and by the set-up wizard's "Gunakan data contoh". Later registers add
their own demo records through :data:`DEMO_BUILDERS`. Every demo account shares one password,
listed in the README, so that a trainer can log in as any role.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from sqlmodel import Session, select

from kpu_tui.models import Role, Tingkat, Unit, User, ZonaWaktu

from .actor import Actor
from .demo_procedures import build_demo_runs
from .demo_surat_keluar import build_demo_surat_keluar
from .demo_surat_masuk import build_demo_surat_masuk
from .office import PejabatEntry, SetupForm, assign_pejabat, setup_office
from .users import UserForm, create_user, update_user

DEMO_PASSWORD = "bontang2026"
"""The password of every demo account."""

# (username, nama, jabatan, roles, kode of the position held, kode of the unit)
DEMO_USERS: tuple[tuple[str, str, str, tuple[Role, ...], str | None, str], ...] = (
    ("admin", "Rudi Hartono", "Pranata Komputer", (Role.ADMIN,), None, "SUBBAG_RDI"),
    ("petugas", "Sekar Ayu Lestari", "Pengadministrasi Umum", (Role.PETUGAS,), None, "SUBBAG_KUL"),
    (
        "ketua",
        "Hj. Maryam Abdullah",
        "Ketua KPU Kota Bontang",
        (Role.PIMPINAN,),
        "KETUA",
        "PIMPINAN",
    ),
    (
        "sekretaris",
        "Drs. Bambang Sutrisno, M.Si.",
        "Sekretaris KPU Kota Bontang",
        (Role.PIMPINAN, Role.ATASAN_PPID),
        "SEKRETARIS",
        "SEKRETARIAT",
    ),
    (
        "kasubbag.kul",
        "Nur Aisyah, S.E.",
        "Kepala Sub Bagian Keuangan, Umum dan Logistik",
        (Role.KASUBBAG, Role.UPG),
        "KASUBBAG_KUL",
        "SUBBAG_KUL",
    ),
    (
        "kasubbag.tpph",
        "Andi Firmansyah, S.H.",
        "Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum",
        (Role.KASUBBAG, Role.PENGADUAN),
        "KASUBBAG_TPPH",
        "SUBBAG_TPPH",
    ),
    (
        "kasubbag.rdi",
        "Yohanes Lukas Bria, S.Kom.",
        "Kepala Sub Bagian Perencanaan, Data dan Informasi",
        (Role.KASUBBAG, Role.PPID),
        "KASUBBAG_RDI",
        "SUBBAG_RDI",
    ),
    (
        "kasubbag.phs",
        "Wayan Sudarsana, S.Sos.",
        "Kepala Sub Bagian Partisipasi, Hubungan Masyarakat dan SDM",
        (Role.KASUBBAG,),
        "KASUBBAG_PHS",
        "SUBBAG_PHS",
    ),
    ("staf", "Dewi Kartika Sari", "Penata Kelola Pemilu", (Role.STAF,), None, "SUBBAG_TPPH"),
    (
        "pengaduan",
        "Muhammad Rizky Pratama",
        "Analis Pengaduan",
        (Role.PENGADUAN,),
        None,
        "SUBBAG_TPPH",
    ),
    ("wbs", "Siti Rahmawati", "Pengelola WBS", (Role.WBS,), None, "SEKRETARIAT"),
    ("upg", "Agus Salim", "Anggota Unit Pengendalian Gratifikasi", (Role.UPG,), None, "SUBBAG_KUL"),
    ("ppid", "Fransiska Tandi", "Pengelola Informasi Publik", (Role.PPID,), None, "SUBBAG_RDI"),
    ("teknis", "Hendra Gunawan", "Operator SIPAW", (Role.TEKNIS,), None, "SUBBAG_TPPH"),
)

DEMO_ANGGOTA = (
    ("ANGGOTA1", "Ahmad Fauzi, S.Pd."),
    ("ANGGOTA2", "Ratna Sari Dewi, S.H."),
    ("ANGGOTA3", "Ir. Petrus Kanisius"),
    ("ANGGOTA4", "Hasanuddin, S.IP."),
)
"""Commissioners without an account: disposisi may still be addressed to them."""

DemoBuilder = Callable[[Session, Actor], None]
DEMO_BUILDERS: list[DemoBuilder] = [
    build_demo_runs,
    build_demo_surat_masuk,
    build_demo_surat_keluar,  # after the surat masuk: some letters answer them
]
"""Registers add a builder here to put their own demo records into the demo office."""


def demo_setup_form() -> SetupForm:
    """The set-up form of the demo office (with its first admin; the rest follow)."""
    username, nama, jabatan, roles, _, _ = DEMO_USERS[0]
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
        admin=UserForm(
            username=username, nama=nama, jabatan=jabatan, roles=roles, password=DEMO_PASSWORD
        ),
    )


def build_demo_office(session: Session, *, actor: Actor, with_records: bool = True) -> None:
    """Create the demo office and (unless ``with_records`` is False) let every register add
    its demo records, dated relative to now."""
    setup_office(session, actor=actor, form=demo_setup_form())
    units = {unit.kode: unit.id for unit in session.exec(select(Unit)).all()}
    username, nama, jabatan, roles, _, unit = DEMO_USERS[0]
    admin = session.exec(select(User).where(User.username == username)).one()
    assert admin.id is not None
    update_user(
        session,
        actor=actor,
        user_id=admin.id,
        form=UserForm(
            username=username, nama=nama, jabatan=jabatan, roles=roles, unit_id=units[unit]
        ),
    )
    for username, nama, jabatan, roles, _, unit in DEMO_USERS[1:]:
        create_user(
            session,
            actor=actor,
            form=UserForm(
                username=username,
                nama=nama,
                jabatan=jabatan,
                roles=roles,
                unit_id=units[unit],
                password=DEMO_PASSWORD,
            ),
        )
    holders = [
        PejabatEntry(kode=kode, nama=nama, username=username)
        for username, nama, _, _, kode, _ in DEMO_USERS
        if kode
    ]
    holders += [PejabatEntry(kode=kode, nama=nama) for kode, nama in DEMO_ANGGOTA]
    assign_pejabat(session, actor=actor, entries=tuple(holders))
    if with_records:
        for builder in DEMO_BUILDERS:
            builder(session, actor)
