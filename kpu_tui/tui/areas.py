"""The top-level areas of the app: one registry feeds the navigation, the number keys and
the command palette, so every screen offers the same places in the same order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.screen import Screen

from kpu_tui.models import Role


@dataclass(frozen=True)
class Area:
    """A place in the left navigation.

    Attributes:
        mode: the Textual mode name (also the id used by ``switch_mode``).
        title: what the navigation and the header show.
        factory: builds the area's screen (called once per login).
        roles: who may open it; empty means everyone.
        help: one line for the command palette.
    """

    mode: str
    title: str
    factory: Callable[[], Screen[None]]
    roles: frozenset[Role] = field(default_factory=frozenset)
    help: str = ""

    def allowed(self, roles: frozenset[Role]) -> bool:
        """Whether a user with ``roles`` may open this area."""
        return not self.roles or bool(self.roles & roles)


def all_areas() -> list[Area]:
    """Every area in navigation order (imports screens lazily to keep start-up light)."""
    from .screens.antrian import AntrianScreen
    from .screens.antrian_kantor import AntrianKantorScreen
    from .screens.calendar import CalendarScreen
    from .screens.home import HomeScreen
    from .screens.journal import JournalScreen
    from .screens.nomor_surat import NomorSuratScreen
    from .screens.office import OfficeScreen
    from .screens.prosedur import ProsedurScreen
    from .screens.reference import ReferenceScreen
    from .screens.surat_keluar import SuratKeluarScreen
    from .screens.surat_masuk import SuratMasukScreen
    from .screens.users import UsersScreen

    admin = frozenset({Role.ADMIN})
    recipients = frozenset({Role.PETUGAS, Role.PIMPINAN, Role.KASUBBAG, Role.STAF, Role.ADMIN})
    return [
        Area("beranda", "Beranda", HomeScreen, help="Ringkasan isi register dan hari ini"),
        Area(
            "antrian",
            "Antrian Saya",
            AntrianScreen,
            help="Yang menunggu tindakan Anda: disposisi, paraf, tanda tangan, langkah SOP",
        ),
        Area(
            "antrian-kantor",
            "Antrian Kantor",
            AntrianKantorScreen,
            frozenset({Role.PIMPINAN, Role.KASUBBAG, Role.ADMIN}),
            "Antrian setiap orang di unit atau kantor: jumlah, terlambat, item tertua",
        ),
        Area(
            "surat-masuk",
            "Surat Masuk",
            SuratMasukScreen,
            recipients,
            "Buku agenda surat masuk, disposisi, tindak lanjut, cetak lembar disposisi",
        ),
        Area(
            "surat-keluar",
            "Surat Keluar",
            SuratKeluarScreen,
            recipients,
            "Konsep, paraf, tanda tangan dan nomor, ekspedisi, buku agenda surat keluar",
        ),
        Area(
            "nomor-surat",
            "Nomor Surat",
            NomorSuratScreen,
            frozenset({Role.PETUGAS, Role.KASUBBAG, Role.PIMPINAN, Role.ADMIN}),
            "Buku nomor: pemesanan, pengembalian, pembatalan, laporan celah",
        ),
        Area(
            "prosedur",
            "Prosedur",
            ProsedurScreen,
            help="Pustaka SOP, prosedur berjalan, tindak lanjut langkah, mutu baku",
        ),
        Area("pengguna", "Pengguna", UsersScreen, admin, "Tambah, ubah, nonaktifkan pengguna"),
        Area("jurnal", "Jurnal", JournalScreen, admin, "Jejak setiap perubahan data"),
        Area("referensi", "Referensi", ReferenceScreen, admin, "Klasifikasi, jenis naskah, unit"),
        Area(
            "kalender", "Kalender Kerja", CalendarScreen, admin, "Hari libur dan penutupan kantor"
        ),
        Area("kantor", "Profil Kantor", OfficeScreen, admin, "Identitas satker dan pejabat"),
    ]
