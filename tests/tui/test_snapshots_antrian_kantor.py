"""SVG snapshots of the Antrian Kantor area: the people of the office with the Kasubbag TPPH's
queue below, every item of the office with the first in full (150x45), and a kasubbag's unit
at 80x24.

Update with ``pytest --snapshot-update`` after looking at the pictures. The work is made with
fixed times (``make_work``) and the app's clock is fixed, so the pictures depend on nothing but
the code.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.screens.antrian_kantor import AntrianKantorScreen

from .helpers import login, make_app, settle
from .test_antrian_kantor import make_work, user_id

SIZE = (150, 45)


async def _open(pilot: Pilot[None], username: str = "sekretaris") -> AntrianKantorScreen:
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    pilot.app.open_area("antrian-kantor")  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AntrianKantorScreen)
    return screen


def test_per_orang(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    make_work(demo_store)
    tpph = f"user:{user_id(demo_store, 'kasubbag.tpph')}"

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await _open(pilot)
        screen.orang_table.move_cursor(row=screen.orang_table.get_row_index(tpph))
        await settle(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=SIZE, run_before=run_before)


def test_semua_item(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    make_work(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot)
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=SIZE, run_before=run_before)


def test_kasubbag_unit_small(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    make_work(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, "kasubbag.tpph")

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(80, 24), run_before=run_before
    )
