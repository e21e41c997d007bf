"""SVG snapshots of the surat keluar konsep form (a reply, prefilled) at 80x24 and 120x36, and of
the signature dialog with its number preview.

Update with ``pytest --snapshot-update`` after looking at the pictures. Letters are prepared
with the fixed clock, so the pictures depend on nothing but the code.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any, cast

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kpu_tui.config import Settings
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.surat_keluar_actions import KeluarActions

from ..keluar_helpers import actor_of, jabatan_ids, konsep
from .helpers import FIXED_NOW, login, make_app

SIZES = [(80, 24), (120, 36)]
NOW = FIXED_NOW.astimezone(UTC)


async def freeze_cursors(pilot: Pilot[None]) -> None:
    """Stop the cursors blinking, so a picture does not depend on when it is taken."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()
    await freeze_cursors(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_reply_form(
    snap_compare: Any, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    with demo_store.write() as session:
        masuk = sm.register(
            session,
            actor=actor_of(demo_store, "petugas"),
            form=sm.SuratMasukForm(
                nomor_surat="005/PL.01/2026",
                asal="Bawaslu Kota Bontang",
                perihal="Permintaan data DPT",
                klasifikasi="PL.01.1",
            ),
            now=NOW,
        )

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await login(pilot, "staf", DEMO_PASSWORD)
        KeluarActions(cast(KpuApp, pilot.app), lambda _: None).reply_to(masuk.id)
        await _settle(pilot)

    assert snap_compare(make_app(demo_store, settings), terminal_size=size, run_before=run_before)


def test_sign_dialog(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    jab = jabatan_ids(demo_store)
    staf = actor_of(demo_store, "staf")
    with demo_store.write() as session:
        row = sk.create(
            session,
            actor=staf,
            form=konsep(demo_store, penandatangan_jabatan_id=jab["KETUA"], paraf=()),
            now=NOW,
        )
        sk.submit(session, actor=staf, surat_id=row.id, now=NOW)
        assert skr.get_row(session, row.id).status.value == "tanda_tangan"

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await login(pilot, "ketua", DEMO_PASSWORD)
        KeluarActions(cast(KpuApp, pilot.app), lambda _: None).sign(row.id)
        await _settle(pilot)

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(80, 24), run_before=run_before
    )
