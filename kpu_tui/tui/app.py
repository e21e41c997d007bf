"""The Textual application: wires start-up, login, areas and global keys; nothing more."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import cast
from zoneinfo import ZoneInfo

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from kpu_tui.config import Settings
from kpu_tui.models import Role, ZonaWaktu
from kpu_tui.rules.dates import format_hari_tanggal
from kpu_tui.services import antrian
from kpu_tui.services import office as office_service
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import Store, StoreError

from .areas import Area, all_areas
from .screens.antrian_notice import AntrianNotice
from .screens.base import QUEUE_MODE
from .screens.help import HelpScreen, describe, key_label
from .screens.login import LoginScreen
from .screens.setup import SetupScreen
from .screens.start import StartScreen
from .widgets.nav import Badge

THEMES = ("textual-dark", "textual-light")


class KpuApp(App[None]):
    """kpu-tui. Receives its store: nothing connects to a database at import time."""

    TITLE = "kpu-tui"
    CSS_PATH = ["app.tcss", "admin.tcss", "prosedur.tcss", "surat_masuk.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    MODES = {"_default": StartScreen}
    BINDINGS = [
        Binding("f1", "help", "Bantuan", id="help"),
        Binding("ctrl+p", "command_palette", "Perintah", show=False, priority=True, id="palette"),
        Binding("ctrl+t", "toggle_theme", "Tema", show=False, id="theme"),
        Binding("q", "quit_key", "Keluar", id="quit"),
        Binding("ctrl+q", "quit_app", "Keluar", show=False, priority=True, id="quit-now"),
    ]

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.actor: Actor | None = None
        self.office_name = ""
        self.zone = ZoneInfo("Asia/Jakarta")
        self._clock = clock
        self._areas: list[Area] = []

    # -- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Open set-up on an empty database, the login otherwise."""
        self.theme = THEMES[0]
        self.load_office()
        if self.office_name:
            self.push_screen(LoginScreen())
        else:
            self.push_screen(SetupScreen())

    def load_office(self) -> None:
        """Read the office profile (name and time zone) for the header and the clock."""
        with self.store.read() as session:
            office = office_service.get_office(session)
            if office is not None:
                self.office_name = office.nama_satker
                self.zone = ZoneInfo(ZonaWaktu(office.zona_waktu).iana)

    def now(self) -> datetime:
        """The current time in the office's time zone."""
        if self._clock is not None:
            return self._clock()
        return datetime.now(self.zone)

    def today(self) -> date:
        """Today in the office's time zone."""
        return self.now().date()

    def today_label(self) -> str:
        """Today in Indonesian words, e.g. ``Senin, 23 November 2026``."""
        return format_hari_tanggal(self.today())

    # -- session --------------------------------------------------------------------------

    @property
    def user_label(self) -> str:
        """``Nama (Peran)`` of the logged-in user."""
        if self.actor is None:
            return ""
        roles = sorted(self.actor.roles, key=list(Role).index)
        return f"{self.actor.name} ({roles[0].label})" if roles else self.actor.name

    def setup_done(self) -> None:
        """Called by the wizard: go to the login."""
        self.load_office()
        self.push_screen(LoginScreen())

    def login_succeeded(self, actor: Actor, previous_login_at: datetime | None = None) -> None:
        """Install the areas this user may open, show the home screen and, over it, what of
        the user's work became overdue since ``previous_login_at`` (their last login; None on
        the first one: everything overdue)."""
        self.actor = actor
        self._areas = [area for area in all_areas() if area.allowed(actor.roles)]
        for area in self._areas:
            self.add_mode(area.mode, area.factory)
        self.switch_mode("beranda")
        self.show_newly_overdue(previous_login_at)

    def show_newly_overdue(self, since: datetime | None) -> None:
        """The notice of the user's items that became overdue after ``since`` (nothing when
        none did); Enter in it opens the user's queue."""
        user_id = self.actor.id if self.actor is not None else None
        if user_id is None:
            return
        try:
            with self.store.read() as session:
                items = antrian.newly_overdue(session, user_id, since=since, now=self.now())
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if not items:
            return

        def closed(open_queue: bool | None) -> None:
            if open_queue:
                self.open_area(QUEUE_MODE)

        notice = AntrianNotice(
            items,
            since=since.astimezone(self.zone) if since is not None else None,
            may_open=self.may_open(QUEUE_MODE),
        )
        self.push_screen(notice, closed)

    async def logout(self) -> None:
        """Forget the user, drop their screens and show the login again."""
        await self.switch_mode("_default")
        for area in self._areas:
            await self.remove_mode(area.mode)
        self._areas = []
        self.actor = None
        self.push_screen(LoginScreen())

    def nav_entries(self) -> list[tuple[str, str]]:
        """``(mode, title)`` of the areas of the logged-in user, in order."""
        return [(area.mode, area.title) for area in self._areas]

    def may_open(self, mode: str) -> bool:
        """Whether the logged-in user may open the area ``mode``."""
        return any(area.mode == mode for area in self._areas)

    def open_area(self, mode: str) -> None:
        """Switch to an area if the user may open it."""
        if self.may_open(mode):
            self.switch_mode(mode)

    def open_filtered(self, mode: str, flt: object) -> None:
        """Open an area showing the list ``flt`` describes (the filter object its screen's
        ``apply_filter`` takes), if the user may open it. The filter goes through the screen's
        own message queue, so it is applied after the screen has mounted and handled its
        resume; a screen without ``apply_filter`` just opens."""
        if not self.may_open(mode):
            return
        self.switch_mode(mode)
        screen = self.screen
        apply_filter = getattr(screen, "apply_filter", None)
        if callable(apply_filter):
            screen.call_later(apply_filter, flt)

    def queue_badge(self) -> Badge | None:
        """How many items wait in the user's own queue and how many are overdue (None without
        a queue area or when the store cannot be read)."""
        user_id = self.actor.id if self.actor is not None else None
        if user_id is None or not self.may_open(QUEUE_MODE):
            return None
        try:
            with self.store.read() as session:
                items = antrian.my_items(session, user_id, now=self.now())
        except (ServiceError, StoreError):
            return None
        return Badge(len(items), sum(1 for item in items if item.terlambat))

    # -- global actions -------------------------------------------------------------------

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        seen: set[tuple[str, str]] = set()
        own: list[tuple[str, str]] = []
        widget: list[tuple[str, str]] = []
        for key, active in screen.active_bindings.items():
            binding = active.binding
            builtin = type(active.node).__module__.startswith("textual.")
            text = describe(binding.description, builtin=builtin) if binding.description else None
            if not text or (key, text) in seen:
                continue
            if key.isdigit() and binding.action.startswith("goto"):
                continue
            seen.add((key, text))
            (widget if builtin else own).append((key_label(key), text))
        keys = own + widget
        if self._areas and not isinstance(screen, (LoginScreen, SetupScreen)):
            keys.append(("1–9", "Buka area sesuai nomor di navigasi kiri"))
        title = getattr(screen, "AREA_TITLE", "") or screen.title or "kpu-tui"
        self.push_screen(HelpScreen(title, keys))

    def action_command_palette(self) -> None:
        """Open the command palette (with an Indonesian prompt)."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder="Cari perintah…", id="--command-palette"))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``q`` quits only from a top-level screen: in a dialog or a record's detail a stray
        ``q`` (meant to close it) must not end the app. Ctrl+Q always quits."""
        if action == "quit_key" and isinstance(self.screen, ModalScreen):
            return False
        return super().check_action(action, parameters)

    def action_quit_key(self) -> None:
        """``q`` from a top-level screen."""
        self.exit()

    def action_quit_app(self) -> None:
        """Leave the app (data is already committed: every action commits itself)."""
        self.exit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: areas, theme, help, logout, quit (in Indonesian)."""
        for area in self._areas:
            yield SystemCommand(
                f"Buka {area.title}", area.help, lambda mode=area.mode: self.open_area(mode)
            )
        yield SystemCommand("Bantuan tombol", "Daftar tombol layar ini (F1)", self.action_help)
        yield SystemCommand(
            "Ganti tema terang/gelap", "Tukar tema (Ctrl+T)", self.action_toggle_theme
        )
        if self.actor is not None:
            yield SystemCommand("Keluar akun", "Kembali ke layar masuk", self.logout)
        yield SystemCommand("Keluar aplikasi", "Tutup kpu-tui (Ctrl+Q)", self.action_quit_app)
