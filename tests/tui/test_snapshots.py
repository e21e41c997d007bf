"""SVG snapshots of the key screens (update with ``pytest --snapshot-update`` after review)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store

from .helpers import login, make_app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_screen(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await login(pilot, "admin", DEMO_PASSWORD)
        await pilot.pause()

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


def test_login_screen(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(80, 24), run_before=run_before
    )


def test_setup_wizard(snap_compare: Any, store: Store, settings: Settings) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(make_app(store, settings), terminal_size=(100, 40), run_before=run_before)
