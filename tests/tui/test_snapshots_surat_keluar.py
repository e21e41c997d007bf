"""SVG snapshots of the Surat Keluar area: the buku agenda at 120x36 and 80x24, and one letter
in full (the reply that went through paraf, signature, dispatch and tanda terima).

Update with ``pytest --snapshot-update`` after looking at the pictures. The letters are made
with fixed times (``make_keluar``) and the app's clock is fixed, so the pictures depend on
nothing but the code.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store

from .helpers import login, make_app, settle
from .test_surat_keluar_screen import make_keluar

SIZES = [(120, 36), (80, 24)]


async def _open_register(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await login(pilot, "petugas", DEMO_PASSWORD)
    pilot.app.open_area("surat-keluar")  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("down")  # the reply that is selesai
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_register(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_keluar(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_register(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


def test_konsep_view(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    make_keluar(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_register(pilot)
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(120, 36), run_before=run_before
    )


@pytest.mark.parametrize("size", SIZES)
def test_letter_detail(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_keluar(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_register(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)
