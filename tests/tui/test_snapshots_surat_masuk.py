"""SVG snapshots of the Surat Masuk area: the register at 120x36 and 80x24, and one letter in
full with its disposisi tree.

Update with ``pytest --snapshot-update`` after looking at the pictures. The letters are made
with fixed times (``make_letters``) and the app's clock is fixed, so the pictures depend on
nothing but the code.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store

from .helpers import login, make_app
from .test_surat_masuk import make_letters

SIZES = [(120, 36), (80, 24)]


async def _open_register(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await login(pilot, "petugas", DEMO_PASSWORD)
    pilot.app.open_area("surat-masuk")  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.press("end")  # the overdue letter, whose detail has a disposisi
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_register(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_letters(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_register(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_letter_detail(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_letters(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_register(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)
