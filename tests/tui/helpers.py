"""Helpers shared by the pilot and snapshot tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.widgets import Input

from kpu_tui.config import Settings
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp

FIXED_NOW = datetime(2026, 11, 23, 9, 15, tzinfo=ZoneInfo("Asia/Makassar"))


def make_app(store: Store, settings: Settings) -> KpuApp:
    """The app on a test database, with the clock fixed for stable screens."""
    return KpuApp(store, settings, clock=lambda: FIXED_NOW)


async def login(pilot: Pilot[None], username: str, password: str) -> None:
    """Type a login and wait for the check to finish."""
    app = pilot.app
    app.screen.query_one("#username", Input).value = username
    app.screen.query_one("#password", Input).value = password
    app.screen.query_one("#password", Input).focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def settle(pilot: Pilot[None]) -> None:
    """Let posted messages and the refreshes they cause run (two rounds)."""
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key, as a user would."""
    await pilot.press(*text)
