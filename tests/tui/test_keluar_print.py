"""Printing from the Surat Keluar area: the menu of a letter's papers and the books, the period
and year dialogs, the PDFs written into the data folder's ``cetak`` and handed to the viewer,
and Esc on the progress dialog stopping a book."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList

from kpu_tui.config import Settings
from kpu_tui.printing import nomor_surat as nomor_printing
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui import keluar_print, system_open
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.widgets.modal_form import FormDialog
from kpu_tui.tui.widgets.progress_dialog import ProgressDialog
from tests.printing.helpers import page_texts
from tests.printing.test_surat_keluar_print import Book, make_book

from .helpers import login, make_app, settle

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


def notifications(app: KpuApp) -> list[str]:
    return [n.message for n in app._notifications]


def choices(app: KpuApp) -> list[str]:
    menu = app.screen.query_one("#keluar-print-choices", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def choose(pilot: Any, index: int) -> None:
    menu = pilot.app.screen.query_one("#keluar-print-choices", OptionList)
    menu.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


async def test_the_menu_prints_a_letters_papers_and_the_books(
    app: KpuApp, demo_store: Store, settings: Settings, opened: list[Path]
) -> None:
    book: Book = make_book(demo_store)
    folder = settings.home / "cetak"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        screen = app.screen

        keluar_print.open_keluar_print_menu(screen, book.returned.id)
        await settle(pilot)
        assert isinstance(app.screen, keluar_print.KeluarPrintMenu)
        nomor = book.returned.nomor_surat
        assert choices(app) == [
            f"Tanda terima pengiriman surat {nomor}",
            f"Lembar kendali surat {nomor}",
            "Buku agenda surat keluar (1 Nov 2026 s.d. 30 Nov 2026)",
            "Buku ekspedisi (1 Nov 2026 s.d. 30 Nov 2026)",
            "Buku nomor surat keluar (tahun 2026)",
        ]
        await choose(pilot, 0)
        await app.workers.wait_for_complete()
        await settle(pilot)
        slip = folder / "tanda-terima-kirim-1-PL.01.1-SD-6474-2026.pdf"
        assert "TANDA TERIMA PENGIRIMAN SURAT" in page_texts(slip)[0]
        assert opened == [slip]
        assert any(m.startswith(f"PDF ditulis: {slip}") for m in notifications(app))

        # The buku agenda: the period asked, then printed with its progress dialog.
        keluar_print.open_keluar_print_menu(screen, book.returned.id)
        await settle(pilot)
        await choose(pilot, 2)
        period = app.screen
        assert isinstance(period, FormDialog)
        assert period.query_one("#in-dari", Input).value == "01/11/2026"
        assert period.query_one("#in-sampai", Input).value == "30/11/2026"
        period.query_one("#in-dari", Input).value = "2/11/2026"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        agenda = folder / "buku-agenda-keluar-2026-11-02_2026-11-30.pdf"
        assert "Periode 2 November 2026 s.d. 30 November 2026" in page_texts(agenda)[0]
        assert opened[-1] == agenda
        assert not isinstance(app.screen, ProgressDialog)

        # The buku ekspedisi, from the menu without a letter.
        keluar_print.open_keluar_print_menu(screen, None)
        await settle(pilot)
        assert choices(app)[0].startswith("Buku agenda surat keluar")
        await choose(pilot, 1)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        ekspedisi = folder / "buku-ekspedisi-2026-11-01_2026-11-30.pdf"
        assert "BUKU EKSPEDISI SURAT KELUAR" in page_texts(ekspedisi)[0]

        # The buku nomor: the year asked (a wrong one refused at its field).
        keluar_print.open_keluar_print_menu(screen, None)
        await settle(pilot)
        await choose(pilot, 2)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#in-tahun", Input).value == "2026"
        dialog.query_one("#in-tahun", Input).value = "1990"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "1990 is refused"
        dialog.query_one("#in-tahun", Input).value = "2026"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        ledger = folder / "buku-nomor-surat-keluar-2026.pdf"
        assert "Tidak ada nomor yang hilang." in " ".join(page_texts(ledger))
        assert not list(folder.glob(".*.tmp"))


async def test_a_drafts_menu_has_no_tanda_terima(
    app: KpuApp, demo_store: Store, settings: Settings, opened: list[Path]
) -> None:
    book = make_book(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        screen = app.screen
        keluar_print.open_keluar_print_menu(screen, book.draft.id)
        await settle(pilot)
        labels = choices(app)
        assert labels[0] == "Lembar kendali konsep Konsep yang belum jadi"
        assert not any(label.startswith("Tanda terima") for label in labels)
        await choose(pilot, 0)
        await app.workers.wait_for_complete()
        await settle(pilot)
        target = settings.home / "cetak" / f"lembar-kendali-keluar-konsep-{book.draft.id}.pdf"
        assert "(belum bernomor)" in page_texts(target)[0]
        # Asked directly, the tanda terima of a draft is refused in words.
        worker = keluar_print.print_keluar_letter(screen, keluar_print.TANDA_TERIMA, book.draft.id)
        await worker.wait()
        await settle(pilot)
        assert worker.result is None
        assert any("belum bernomor" in m for m in notifications(app))


async def test_esc_stops_the_buku_nomor(
    app: KpuApp, demo_store: Store, settings: Settings, opened: list[Path], monkeypatch: Any
) -> None:
    make_book(demo_store)
    real = nomor_printing.write_nomor

    def slow(target: Any, data: Any, progress: Any = None) -> int:
        # Wait (reporting) until the user has pressed Esc, as a long print would.
        for _ in range(2000):
            progress(nomor_printing.PHASE_ROWS, 0, 1)
            time.sleep(0.01)
        return real(target, data, progress)

    monkeypatch.setattr(nomor_printing, "write_nomor", slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        keluar_print.print_nomor(app.screen, 2026)
        await settle(pilot)
        assert isinstance(app.screen, ProgressDialog)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not isinstance(app.screen, ProgressDialog)
        assert "Pencetakan dibatalkan." in notifications(app)
        assert opened == []
        assert not list((settings.home / "cetak").glob("*.pdf"))
        assert not list((settings.home / "cetak").glob(".*.tmp"))
