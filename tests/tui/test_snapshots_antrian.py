"""SVG snapshots of Antrian Saya: the Kasubbag TPPH's queue at 150x45 and 80x24 (overdue
first in red with how late, due today in yellow, the rest by date; two items marked).

Update with ``pytest --snapshot-update`` after looking at the pictures. The queue is made with
fixed times (``make_queue``) and the app's clock is fixed, so the pictures depend on nothing
but the code.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.store import Store

from ..services.test_antrian_aksi import make_queue
from .helpers import make_app, settle
from .test_antrian_screen import open_queue

SIZES = [(150, 45), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
def test_queue(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_queue(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        await pilot.press("space", "space")  # two marked, the cursor on the SOP step
        await settle(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)
