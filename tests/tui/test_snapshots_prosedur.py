"""SVG snapshots of the Prosedur area: the run list and one run in full, at 80x24 and 120x40.

Update with ``pytest --snapshot-update`` after looking at the pictures. The runs are made here with
fixed times, so the pictures depend on nothing but the code (and the SOP files).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.models import Role
from kpu_tui.services import procedure
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store

from .helpers import FIXED_NOW, login, make_app

SIZES = [(80, 24), (120, 40)]
ADMIN = Actor(1, "Rudi Hartono", frozenset({Role.ADMIN}))


def _at(minutes: int, days: int = 0) -> datetime:
    return (FIXED_NOW - timedelta(days=days) + timedelta(minutes=minutes)).astimezone(UTC)


def make_runs(store: Store) -> int:
    """A run in every state; returns the id of the 9.17 run sent back through step 4."""
    with store.write() as s:
        late = procedure.start_run(
            s, actor=ADMIN, sop_id="9.3", judul="Pengaduan pemutakhiran data", now=_at(0, 7)
        )
        procedure.complete_step(s, actor=ADMIN, run_id=late.id, now=_at(20, 7))
        done = procedure.start_run(
            s, actor=ADMIN, sop_id="9.4", judul="Laporan gratifikasi parsel", now=_at(-300, 3)
        )
        for minutes in (-280, -200, -100):
            procedure.complete_step(s, actor=ADMIN, run_id=done.id, now=_at(minutes, 3))
        cancelled = procedure.start_run(
            s, actor=ADMIN, sop_id="9.14", judul="Surat salah alamat", now=_at(-60, 1)
        )
        procedure.cancel_run(
            s, actor=ADMIN, run_id=cancelled.id, alasan="bukan untuk KPU", now=_at(-50, 1)
        )
        revisi = procedure.start_run(
            s, actor=ADMIN, sop_id="9.17", judul="Revisi POK honor badan adhoc", now=_at(-120)
        )
        for minutes, answer in ((-95, None), (-85, None), (-65, None), (-60, "ya"), (-40, None)):
            procedure.complete_step(
                s, actor=ADMIN, run_id=revisi.id, keputusan=answer, now=_at(minutes)
            )
        procedure.add_note(
            s,
            actor=ADMIN,
            run_id=revisi.id,
            catatan="Matrik semula-menjadi diperbaiki",
            now=_at(-30),
        )
        return revisi.id


async def _open_list(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await login(pilot, "admin", DEMO_PASSWORD)
    pilot.app.open_area("prosedur")  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.press("right_square_bracket")  # Semua: every state
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_runs_list(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_runs(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_list(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_run_detail(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    make_runs(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_list(pilot)
        await pilot.press("enter")  # the newest run: the 9.17 revisi
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)
