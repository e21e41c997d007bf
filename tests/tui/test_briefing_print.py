"""Printing the laporan pagi from the app: the day asked (today by default, a wrong one refused
at its field), the PDF written into the data folder's ``cetak`` and handed to the viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from kpu_tui.config import Settings
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui import system_open
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.briefing_print import BriefingDialog, print_briefing
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.pickers import DateBox
from kpu_tui.tui.widgets.progress_dialog import ProgressDialog
from tests.printing.helpers import page_texts
from tests.services.test_briefing import make_office

from .helpers import login, make_app, settle, type_text

SIZE = (120, 36)


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


@pytest.fixture
def opened(monkeypatch: Any) -> list[Path]:
    """The files handed to the system's viewer (none is really opened)."""
    paths: list[Path] = []

    def fake_open(path: Path | str) -> str | None:
        paths.append(Path(path))
        return None

    monkeypatch.setattr(system_open, "open_with_system", fake_open)
    return paths


async def test_the_dialog_prints_the_briefing(
    app: KpuApp, demo_store: Store, settings: Settings, opened: list[Path]
) -> None:
    kantor = make_office(demo_store)
    folder = settings.home / "cetak"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "sekretaris", DEMO_PASSWORD)
        home = app.screen

        # Esc prints nothing.
        print_briefing(home)
        await settle(pilot)
        assert isinstance(app.screen, BriefingDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home and not folder.exists()

        print_briefing(home)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BriefingDialog)
        box = dialog.query_one("#briefing-tanggal", DateBox)
        assert box.value == "23/11/2026"
        assert str(box.query_one(".date-words", Static).content) == "Senin, 23 November 2026"

        # A day that does not exist is refused at the field; the dialog stays.
        box.input.value = ""
        await type_text(pilot, "32/11/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert (
            "Tanggal tidak dikenali: '32/11/2026'"
            in dialog.query_one("#f-tanggal", FormField).error
        )

        box.input.value = ""
        await type_text(pilot, "hari ini")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not isinstance(app.screen, (BriefingDialog, ProgressDialog))

    target = folder / "laporan-pagi-2026-11-23.pdf"
    assert opened == [target]
    text = " ".join(page_texts(target))
    assert "LAPORAN PAGI (BRIEFING) — Senin, 23 November 2026" in text
    assert f"Disposisi baru {kantor.late} Permintaan data pemilih" in text
    assert "Surat masuk Jumat, 20 November 2026 (2 surat)" in text
    assert "Dicetak 23 November 2026 pukul 09.15 WITA oleh Drs. Bambang Sutrisno, M.Si." in text
    assert any(
        n.message == f"PDF ditulis: {target} ({len(page_texts(target))} halaman)"
        for n in app._notifications
    )
    assert not list(folder.glob(".*.tmp"))
