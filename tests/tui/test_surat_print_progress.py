"""Printing the buku agenda shows its progress in a dialog, and Esc cancels it leaving no PDF."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar

from kpu_tui.config import Settings
from kpu_tui.printing import agenda_masuk
from kpu_tui.services import surat_masuk
from kpu_tui.services.surat_masuk import SuratFilter
from kpu_tui.store import Store
from kpu_tui.tui import system_open
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.surat_masuk import SuratMasukScreen
from kpu_tui.tui.widgets.progress_dialog import ProgressDialog, status_text

from .helpers import make_app, settle
from .test_surat_masuk import SIZE, make_letters, notifications, open_register

AGENDA_PDF = "buku-agenda-masuk-2026-11-01_2026-11-30.pdf"


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


@pytest.fixture
def gate(monkeypatch: Any) -> threading.Event:
    """Rendering waits until the test sets the event (the letters are read already)."""
    event = threading.Event()
    real = agenda_masuk.write_agenda_masuk

    def gated(target: Any, data: Any, progress: Any = None) -> int:
        assert event.wait(20), "the test never opened the gate"
        return real(target, data, progress)

    monkeypatch.setattr(agenda_masuk, "write_agenda_masuk", gated)
    return event


@pytest.fixture
def shown(monkeypatch: Any) -> list[tuple[str, int, int]]:
    """Every progress update the dialog received."""
    calls: list[tuple[str, int, int]] = []
    real = ProgressDialog.show_progress

    def spy(self: ProgressDialog, phase: str, done: int, total: int, *, exact: bool = True) -> None:
        calls.append((phase, done, total))
        real(self, phase, done, total, exact=exact)

    monkeypatch.setattr(ProgressDialog, "show_progress", spy)
    return calls


def november_count(store: Store) -> int:
    with store.read() as session:
        flt = SuratFilter(dari=date(2026, 11, 1), sampai=date(2026, 11, 30))
        return surat_masuk.count_surat(session, flt)


async def start_agenda_print(pilot: Pilot[None]) -> ProgressDialog:
    """p, "Buku agenda" (the last choice), the month on screen, Ctrl+S; the letters read."""
    app = pilot.app
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("end", "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ProgressDialog)
    for _ in range(200):  # the worker reads, then waits at the gate
        if dialog.status.startswith("Membaca surat") and " dari " in dialog.status:
            break
        await pilot.pause(0.02)
    return dialog


async def test_the_agenda_print_shows_its_progress_then_the_pdf(
    app: KpuApp,
    demo_store: Store,
    settings: Settings,
    opened: list[Path],
    gate: threading.Event,
    shown: list[tuple[str, int, int]],
) -> None:
    make_letters(demo_store)
    count = november_count(demo_store)
    assert count > 0
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        dialog = await start_agenda_print(pilot)
        assert dialog.title_text == "Mencetak buku agenda 1 November 2026 s.d. 30 November 2026"
        assert dialog.status == f"Membaca surat {count} dari {count}"
        bar = dialog.query_one(ProgressBar)
        assert (bar.total, bar.progress) == (count, count)
        assert "Esc: batalkan" in str(dialog.query_one("#progress-hint").render())
        gate.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is screen
        agenda = settings.home / "cetak" / AGENDA_PDF
        assert agenda.read_bytes().startswith(b"%PDF")
        assert opened == [agenda]
        assert any(m.startswith(f"PDF ditulis: {agenda}") for m in notifications(app))
        assert "Pencetakan dibatalkan." not in notifications(app)
        phases = [phase for phase, _, _ in shown]
        for phase in ("Membaca surat", "Menyiapkan baris", "Menyusun halaman", "Menulis halaman"):
            assert phase in phases, (phase, shown)
        assert shown[-1][0] == "Menulis halaman" and shown[-1][1] == shown[-1][2]


async def test_esc_cancels_the_print_and_leaves_no_pdf(
    app: KpuApp,
    demo_store: Store,
    settings: Settings,
    opened: list[Path],
    gate: threading.Event,
    shown: list[tuple[str, int, int]],
) -> None:
    make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        dialog = await start_agenda_print(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert dialog.cancel.is_set()
        assert dialog.status == "Membatalkan…"
        reported = len(shown)
        gate.set()  # rendering starts and stops at its first report
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is screen
        assert len(shown) == reported, "nothing was shown after the cancel"
        assert "Pencetakan dibatalkan." in notifications(app)
        assert not any(m.startswith("PDF ditulis") for m in notifications(app))
        assert not any(m.startswith("Gagal mencetak") for m in notifications(app))
        assert opened == []
        folder = settings.home / "cetak"
        assert not folder.exists() or list(folder.iterdir()) == []


async def test_a_failure_closes_the_dialog_and_is_said_in_words(
    app: KpuApp, demo_store: Store, settings: Settings, opened: list[Path]
) -> None:
    make_letters(demo_store)
    settings.home.joinpath("cetak").write_text("bukan folder")  # the folder cannot be made
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, SuratMasukScreen) and app.screen is screen
        assert any(
            m.startswith("Gagal mencetak: Berkas tidak dapat ditulis") for m in notifications(app)
        )
        assert opened == []


def test_status_lines() -> None:
    assert status_text("Membaca surat", 4000, 10000) == "Membaca surat 4.000 dari 10.000"
    assert status_text("Menyusun halaman", 350, 0) == "Menyusun halaman 350"
