"""SVG snapshots of the surat masuk form (empty, with errors, the tercatat panel) and of the
disposisi dialog, at 80x24 and 120x36.

Update with ``pytest --snapshot-update`` after looking at the pictures. Letters are registered
here with the fixed clock, so the pictures depend on nothing but the code.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kpu_tui.config import Settings
from kpu_tui.models import Role
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.screens.disposisi_dialogs import DisposisiDialog
from kpu_tui.tui.screens.surat_masuk_form import SuratMasukFormScreen

from .helpers import FIXED_NOW, login, make_app

SIZES = [(80, 24), (120, 36)]
PETUGAS = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))


def register(store: Store) -> int:
    form = sm.SuratMasukForm(
        nomor_surat="005/PL.01/2026",
        asal="Bawaslu Kota Bontang",
        perihal="Undangan rapat koordinasi pengawasan tahapan",
        derajat="segera",
        klasifikasi="PL.01",
    )
    with store.write() as session:
        return sm.register(session, actor=PETUGAS, form=form, now=FIXED_NOW.astimezone(UTC)).id


async def freeze_cursors(pilot: Pilot[None]) -> None:
    """Stop the cursors blinking, so a picture does not depend on when it is taken."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def _open(pilot: Pilot[None], screen: Any) -> None:
    await pilot.pause()
    await login(pilot, "petugas", DEMO_PASSWORD)
    pilot.app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    await freeze_cursors(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_form_empty(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, SuratMasukFormScreen())

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_form_with_errors(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, SuratMasukFormScreen())
        await pilot.press("shift+tab", *"31/02/2026", "tab", *"KPU Prov. Kaltim", "enter")
        await pilot.press("enter", *"30/11/2026", "ctrl+s")
        await pilot.pause()
        await freeze_cursors(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


def test_form_saved_panel(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, SuratMasukFormScreen())
        await pilot.press(*"Bawaslu Kota Bontang", "enter", *"005/PL.01/2026", "enter", "enter")
        await pilot.press(*"Undangan rapat koordinasi", "ctrl+s")
        await pilot.pause()
        await freeze_cursors(pilot)

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(80, 24), run_before=run_before
    )


@pytest.mark.parametrize("size", SIZES)
def test_disposisi_dialog(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    surat_id = register(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, DisposisiDialog(surat_id))
        await pilot.press(*"kepala sub", "down", "space", "down", "space", "u")
        await freeze_cursors(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)
