"""The Prosedur area driven by the pilot: the SOP library, a run of SOP 9.17 through both of its
decisions, notes, cancellation, refusals, the overdue filter, mutu baku and printing.

Each test works on its own copy of the demo office (which has runs of its own, so every check
picks out the runs the test made) and checks both the screen and the database afterwards.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TabbedContent

from kpu_tui.config import Settings
from kpu_tui.models import Role, RunStatus, StepEventKind
from kpu_tui.services import procedure
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.procedure import RunFilter, RunView
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.help import HelpScreen
from kpu_tui.tui.screens.prosedur import ProsedurScreen
from kpu_tui.tui.screens.prosedur_dialogs import CompleteStepDialog
from kpu_tui.tui.screens.prosedur_library import search
from kpu_tui.tui.screens.prosedur_mutu import MutuBakuScreen, half_year
from kpu_tui.tui.screens.prosedur_runs import RunsPane
from kpu_tui.tui.screens.prosedur_views import RunScreen, SopScreen
from kpu_tui.tui.widgets.columns import ColumnSpec, plan_columns
from kpu_tui.tui.widgets.dialogs import ConfirmDiscard, ConfirmReason
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.modal_form import FormDialog

from .helpers import FIXED_NOW, login, settle

SIZE = (120, 40)
ADMIN = Actor(1, "Rudi Hartono", frozenset({Role.ADMIN}))


class Clock:
    """The app's clock, moved on by the test (a step's actual time needs time to pass)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock(FIXED_NOW)


@pytest.fixture
def app(demo_store: Store, settings: Settings, clock: Clock) -> KpuApp:
    return KpuApp(demo_store, settings, clock=clock)


# -- helpers ---------------------------------------------------------------------------------


def text_of(screen: object, selector: str) -> str:
    """The plain text of a Static, whatever it holds (text, a Rich table or group)."""
    content = screen.query_one(selector, Static).content  # type: ignore[attr-defined]
    if isinstance(content, str | Text | Content):
        return str(content.plain if isinstance(content, Text | Content) else content)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def rows(table: DataTable[Any]) -> list[list[str]]:
    """Every row's cells as plain text."""
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def pane(app: KpuApp, kind: str) -> RunsPane:
    return app.screen.query_one(f"#runs-{kind}", RunsPane)


async def open_prosedur(pilot: Pilot[None], username: str = "admin") -> ProsedurScreen:
    await login(pilot, username, DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    app.open_area("prosedur")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ProsedurScreen)
    return app.screen


async def highlight_run(pilot: Pilot[None], run_id: int) -> RunsPane:
    """Put the cursor of the Berjalan list on run ``run_id``; returns that list."""
    berjalan = pane(pilot.app, "berjalan")  # type: ignore[arg-type]
    berjalan.table.move_cursor(row=berjalan.table.get_row_index(str(run_id)))
    await settle(pilot)
    return berjalan


def start_run(store: Store, judul: str, *, sop_id: str = "9.17", at: datetime = FIXED_NOW) -> int:
    with store.write() as session:
        return procedure.start_run(
            session, actor=ADMIN, sop_id=sop_id, judul=judul, now=at.astimezone(UTC)
        ).id


def get_run(store: Store, run_id: int) -> RunView:
    with store.read() as session:
        return procedure.get_run(session, run_id, now=FIXED_NOW)


# -- pure parts ------------------------------------------------------------------------------


def test_columns_drop_by_rank_and_share_the_room() -> None:
    specs = [
        ColumnSpec("no", "No", 4),
        ColumnSpec("a", "A", 10, flex=1),
        ColumnSpec("b", "B", 10, flex=3, drop=1),
        ColumnSpec("c", "C", 8, drop=2),
    ]
    wide = plan_columns(specs, 100)
    assert [s.key for s, _ in wide] == ["no", "a", "b", "c"]
    assert sum(w + 2 for _, w in wide) == 100
    assert [s.key for s, _ in plan_columns(specs, 30)] == ["no", "a", "b"]
    narrow = plan_columns(specs, 29)
    assert [s.key for s, _ in narrow] == ["no", "a"]


def test_half_year_and_library_search() -> None:
    assert half_year(date(2026, 11, 23)) == (date(2026, 7, 1), date(2026, 12, 31))
    assert half_year(date(2026, 3, 1)) == (date(2026, 1, 1), date(2026, 6, 30))
    from kpu_tui.sop import load_all

    sops = load_all()
    assert [s.id for s in search(sops, "revisi")] == ["9.17"]
    assert search(sops, "9.22")[0].id == "9.22"
    assert {s.id for s in search(sops, "informasi keberatan")} == {"9.22d"}


# -- the whole 9.17 run ------------------------------------------------------------------------


async def complete(pilot: Pilot[None], clock: Clock, minutes: int, answer: str = "") -> None:
    """Tindak lanjut on the highlighted run after ``minutes``; ``answer`` y/t on a decision."""
    clock.advance(minutes)
    await pilot.press("t")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, CompleteStepDialog)
    assert dialog.is_decision == bool(answer)
    await pilot.press(answer or "enter")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, CompleteStepDialog), text_of(dialog, "#step-error")


async def test_revisi_pok_through_both_branches_to_the_end(
    app: KpuApp, demo_store: Store, clock: Clock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prosedur(pilot)
        # The library: search "revisi", read 9.17, start a run of it.
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.query_one("#pr-tabs", TabbedContent).active == "tab-pustaka"
        await pilot.press("slash", *"revisi", "enter")
        await settle(pilot)
        library = screen.query_one("#lib-table", DataTable)
        assert [r[0] for r in rows(library)] == ["9.17"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SopScreen)
        flowchart = text_of(app.screen, "#sop-flowchart")
        assert "Revisi menyebabkan pagu minus? ya → langkah 1 · tidak → langkah 5" in flowchart
        assert "15 Menit" in flowchart
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press(*"Revisi POK honor tim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProsedurScreen)
        assert screen.query_one("#pr-tabs", TabbedContent).active == "tab-berjalan"
        with demo_store.read() as session:
            (run,) = procedure.list_runs(session, RunFilter(text="honor tim"), now=FIXED_NOW)
        assert run.langkah_kini == 1 and run.mulai_oleh == "Rudi Hartono"
        berjalan = pane(app, "berjalan")
        assert berjalan.current() is not None and berjalan.current().id == run.id  # type: ignore[union-attr]
        assert "Langkah kini 1 dari 11" in text_of(berjalan, ".runs-detail")

        # Steps 1–3, then "ya" at step 4: the revisi makes the pagu minus, back to the pemohon.
        await complete(pilot, clock, 25)  # 25 minutes against 15: too long
        await complete(pilot, clock, 10)
        await complete(pilot, clock, 20)
        await complete(pilot, clock, 5, "y")
        assert get_run(demo_store, run.id).langkah_kini == 1
        assert "kembali ke langkah 1, Pemohon" in text_of(berjalan, ".runs-detail")
        # Round again; now no minus ("tidak" → 5), the operator finds the akun right ("ya" → 8).
        for minutes in (10, 10, 10):
            await complete(pilot, clock, minutes)
        await complete(pilot, clock, 5, "t")
        assert get_run(demo_store, run.id).langkah_kini == 5
        await complete(pilot, clock, 10)
        await complete(pilot, clock, 10)
        await complete(pilot, clock, 10, "y")
        assert get_run(demo_store, run.id).langkah_kini == 8
        for minutes in (5, 5, 5, 5):
            await complete(pilot, clock, minutes)

        done = get_run(demo_store, run.id)
        assert done.status == RunStatus.SELESAI and done.langkah_kini is None
        with demo_store.read() as session:
            entries = procedure.timeline(session, run.id)
        steps = [e.langkah_no for e in entries if e.kind == StepEventKind.SELESAI]
        assert steps == [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        decisions = [(e.langkah_no, e.keputusan, e.langkah_berikut) for e in entries if e.keputusan]
        assert decisions == [(4, "ya", 1), (4, "tidak", 5), (7, "ya", 8)]
        assert entries[1].aktual == 25 and entries[1].sesuai is False

        # Finished: gone from Berjalan, listed in Semua as "selesai ✓"; its timeline in full.
        assert str(run.id) not in [r[0] for r in rows(berjalan.table)]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        semua = pane(app, "semua")
        assert semua.current() is not None and semua.current().id == run.id  # type: ignore[union-attr]
        row = semua.table.get_row(str(run.id))
        assert "selesai ✓" in [str(c) for c in row]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        detail = text_of(app.screen, "#run-detail")
        assert "25 menit / standar 15 Menit ✗ melebihi" in detail
        assert "20 menit / standar 30 Menit ✓ sesuai" in detail
        assert "keputusan ya (Revisi menyebabkan pagu minus?) → kembali ke langkah 1" in detail
        assert "keputusan tidak (Revisi menyebabkan pagu minus?) → langkah 5" in detail
        assert "Riwayat (16 peristiwa)" in detail
        await pilot.press("t")  # nothing waits on a finished run
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        await pilot.press("escape")
        await settle(pilot)

        # Its mutu baku: every step counted, step 1 twice, step 11 once.
        period = half_year(FIXED_NOW.date())
        with demo_store.read() as session:
            report = procedure.mutu_baku(session, sop_id="9.17", dari=period[0], sampai=period[1])
        await pilot.press("m")
        await settle(pilot)
        mutu = app.screen
        assert isinstance(mutu, MutuBakuScreen)
        assert mutu.report == report
        table = mutu.query_one("#mutu-table", DataTable)
        counts = {r[0]: r[3] for r in rows(table)}
        assert counts == {str(s.no): str(s.jumlah) for s in report.langkah}
        step1 = report.langkah[0]
        assert step1.jumlah >= 2 and report.langkah[10].jumlah >= 1 and report.selesai >= 1
        assert "selesai" in text_of(mutu, "#mutu-totals")


# -- notes, cancel, refusals -------------------------------------------------------------------


async def test_note_and_cancel_with_and_without_a_reason(app: KpuApp, demo_store: Store) -> None:
    run_id = start_run(demo_store, "Revisi DIPA belanja modal")
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot)
        berjalan = await highlight_run(pilot, run_id)
        # A note: empty is refused at the field, then saved.
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-catatan", FormField).error == "Catatan wajib diisi."
        await pilot.press(*"menunggu matrik semula menjadi", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProsedurScreen)
        assert "menunggu matrik semula menjadi" in text_of(berjalan, ".runs-detail")
        # Cancel: no reason, no cancellation.
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmReason)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert text_of(dialog, "#reason-error") == "Alasan wajib diisi."
        assert get_run(demo_store, run_id).status == RunStatus.BERJALAN
        await pilot.press(*"usulan ditarik pemohon", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProsedurScreen)
        assert str(run_id) not in [r[0] for r in rows(berjalan.table)]
        semua = pane(app, "semua")
        assert "batal" in [str(c) for c in semua.table.get_row(str(run_id))]
    cancelled = get_run(demo_store, run_id)
    assert cancelled.status == RunStatus.BATAL
    assert cancelled.alasan_batal == "usulan ditarik pemohon"
    with demo_store.read() as session:
        kinds = [e.kind for e in procedure.timeline(session, run_id)]
    assert kinds == [StepEventKind.MULAI, StepEventKind.CATATAN, StepEventKind.BATAL]


async def test_a_user_without_the_step_is_refused_in_indonesian(
    app: KpuApp, demo_store: Store
) -> None:
    run_id = start_run(demo_store, "Revisi POK rapat pleno")
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot, "petugas")
        await highlight_run(pilot, run_id)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CompleteStepDialog)
        await pilot.press(*"sudah", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert (
            text_of(dialog, "#step-error")
            == "Anda tidak berwenang: Langkah 1 dikerjakan oleh Pemohon."
        )
        await pilot.press("escape")  # a note was typed: asked first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ProsedurScreen)
        # Only an admin or who started it may cancel.
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"salah input", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        assert "Hanya admin atau yang memulai" in text_of(app.screen, "#reason-error")
    run = get_run(demo_store, run_id)
    assert run.status == RunStatus.BERJALAN and run.langkah_kini == 1


# -- overdue, help, printing --------------------------------------------------------------------


async def test_overdue_filter_shows_a_late_run_in_words(app: KpuApp, demo_store: Store) -> None:
    late = start_run(demo_store, "Revisi POK lama", at=FIXED_NOW - timedelta(days=7))
    fresh = start_run(demo_store, "Revisi POK baru")
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot)
        berjalan = pane(app, "berjalan")
        listed = {r[0]: r for r in rows(berjalan.table)}
        assert "hari ini" in listed[str(fresh)]
        await pilot.press("f")
        await settle(pilot)
        assert berjalan.overdue_only
        listed = {r[0]: r for r in rows(berjalan.table)}
        assert str(fresh) not in listed
        assert "lewat 5 hari kerja" in listed[str(late)]
        with demo_store.read() as session:
            expected = procedure.count_runs(
                session, RunFilter(status=RunStatus.BERJALAN, overdue_at=FIXED_NOW)
            )
        summary = text_of(berjalan, ".runs-summary")
        assert summary.startswith(f"{expected} prosedur berjalan")
        assert "hanya yang lewat tenggat" in summary
        await pilot.press("f")
        await settle(pilot)
        assert str(fresh) in [r[0] for r in rows(berjalan.table)]


async def test_help_lists_the_keys_of_the_area(app: KpuApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", DataTable)
        words = {str(r[1]) for r in rows(table)}
        assert {"Tindak lanjut", "Catatan", "Batalkan", "Lewat tenggat", "Mutu baku"} <= words
        assert {"Tab sebelumnya", "Tab berikutnya", "Buka"} <= words


async def test_print_sop_and_mutu_baku_into_the_data_folder(
    app: KpuApp, settings: Settings
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prosedur(pilot)
        screen.show_tab("tab-pustaka")
        await settle(pilot)
        await pilot.press("slash", *"9.14", "enter")
        await settle(pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await settle(pilot)
        pdf = settings.home / "cetak" / "sop-9.14.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"PDF ditulis: {pdf}") for m in messages), messages
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MutuBakuScreen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await settle(pilot)
    report = settings.home / "cetak" / "mutu-baku-9.14-20260701-20261231.pdf"
    assert report.read_bytes().startswith(b"%PDF")


async def test_runs_are_paged_from_sql(
    app: KpuApp, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpu_tui.tui.screens import prosedur_runs

    monkeypatch.setattr(prosedur_runs, "PAGE", 5)
    ids = [start_run(demo_store, f"Revisi POK ke-{n}") for n in range(12)]
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot)
        berjalan = pane(app, "berjalan")
        table = berjalan.table
        assert [r[0] for r in rows(table)] == [str(i) for i in ids[::-1][:5]]
        assert "12 prosedur berjalan" in text_of(berjalan, ".runs-summary")
        assert "dimuat 5" in text_of(berjalan, ".runs-summary")
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == 10
        await pilot.press("end")
        await settle(pilot)
        assert [r[0] for r in rows(table)] == [str(i) for i in ids[::-1]]
        assert "dimuat" not in text_of(berjalan, ".runs-summary")


async def test_a_step_can_carry_an_attachment(
    app: KpuApp, demo_store: Store, settings: Settings, tmp_path: Any
) -> None:
    from textual.widgets import Input

    from kpu_tui.services import attachments

    scan = tmp_path / "nota dinas revisi.pdf"
    scan.write_bytes(b"%PDF-1.4 nota")
    run_id = start_run(demo_store, "Revisi POK dengan nota dinas")
    async with app.run_test(size=SIZE) as pilot:
        await open_prosedur(pilot, "admin")
        await highlight_run(pilot, run_id)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CompleteStepDialog)
        dialog.query_one("#step-file", Input).value = str(tmp_path / "tidak-ada.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "tidak ditemukan" in text_of(dialog, "#step-error")
        dialog.query_one("#step-file", Input).value = str(scan)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProsedurScreen)
    with demo_store.read() as session:
        done = [e for e in procedure.timeline(session, run_id) if e.kind == StepEventKind.SELESAI]
    assert done[0].lampiran.endswith("/nota dinas revisi.pdf")
    stored = attachments.open_verified(settings.attachment_dir, done[0].lampiran)
    assert stored.read_bytes() == b"%PDF-1.4 nota"
