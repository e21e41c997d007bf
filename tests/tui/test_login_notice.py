"""The notice on login: what of the user's work became overdue since the last login, with a
fixed clock moved between logins."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.antrian_notice import AntrianNotice
from kpu_tui.tui.screens.home import HomeScreen
from kpu_tui.tui.screens.login import LoginScreen

from ..services.test_overview import LATER, WITA, busy_office
from ..services.test_surat_masuk import NOW
from .helpers import login, settle

SIZE = (120, 40)


class Clock:
    """A clock the test moves (office time)."""

    def __init__(self, start: datetime) -> None:
        self.at = start.astimezone(WITA)

    def __call__(self) -> datetime:
        return self.at


def notice_text(app: KpuApp) -> str:
    """What the notice says: the sentence and the list."""
    screen = app.screen
    assert isinstance(screen, AntrianNotice)
    heading = str(screen.query_one("#notice-heading", Static).content)
    console = Console(width=120, record=True)
    console.print(screen.query_one("#notice-items", Static).content)
    return heading + "\n" + console.export_text()


async def relogin(app: KpuApp, pilot: Pilot[None], username: str) -> None:
    """Log out and in again."""
    await app.logout()
    await settle(pilot)
    assert isinstance(app.screen, LoginScreen)
    await login(pilot, username, DEMO_PASSWORD)
    await settle(pilot)


async def test_what_became_overdue_since_the_last_login(
    demo_store: Store, settings: Settings
) -> None:
    busy_office(demo_store)
    clock = Clock(NOW + timedelta(hours=1))  # Monday 10.00: nothing of the Sekretaris is late
    app = KpuApp(demo_store, settings, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "sekretaris", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # first login, nothing overdue: no notice

        # Wednesday: the disposisi due Tuesday (24 November) passed its batas waktu.
        clock.at = LATER.astimezone(WITA)
        await relogin(app, pilot, "sekretaris")
        text = notice_text(app)
        assert text.startswith(
            "Sejak Anda terakhir masuk (Senin, 23 November 2026 pukul 10.00), "
            "1 pekerjaan menjadi terlambat:"
        )
        assert "0002/2026" in text and "Disposisi baru" in text
        assert "lewat 1 hari kerja" in text
        # Enter opens the user's queue.
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "antrian"

        # An hour later nothing new became late: no notice.
        clock.at = clock.at + timedelta(hours=1)
        await relogin(app, pilot, "sekretaris")
        assert isinstance(app.screen, HomeScreen)


async def test_the_first_login_lists_everything_overdue(
    demo_store: Store, settings: Settings
) -> None:
    busy_office(demo_store)
    app = KpuApp(demo_store, settings, clock=Clock(LATER))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        await settle(pilot)
        text = notice_text(app)
        # The petugas' desk holds the signed letter not sent (past its step's tenggat).
        assert text.startswith("1 pekerjaan Anda sudah lewat tenggat:")
        assert "Belum dikirim" in text and "lewat 2 hari kerja" in text
        # Esc closes and leaves the user home.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.current_mode == "beranda"
