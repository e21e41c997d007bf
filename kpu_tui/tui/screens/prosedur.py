"""Prosedur: the SOP library, the runs of every SOP, and their mutu baku.

Three tabs (``[`` and ``]`` switch, as in Referensi): **Berjalan** (open runs), **Semua** (every
run, with a status filter) and **Pustaka SOP**. The panes live in ``prosedur_runs`` and
``prosedur_library``, the full views in ``prosedur_views`` and ``prosedur_mutu``, the write flows
in ``prosedur_actions``. This screen owns what they share: the SOPs, the print worker, and the
refresh after a write.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from kpu_tui.services.procedure import MutuBakuReport, RunView
from kpu_tui.sop.loader import load_checked
from kpu_tui.sop.model import Sop

from .base import AreaScreen
from .prosedur_actions import RunActions
from .prosedur_library import LibraryPane
from .prosedur_mutu import MutuBakuScreen
from .prosedur_runs import RunsPane
from .prosedur_views import RunScreen, SopScreen

if TYPE_CHECKING:
    from kpu_tui.printing.paper import PaperData

TABS = ("tab-berjalan", "tab-semua", "tab-pustaka")
PRINT_GROUP = "prosedur-cetak"
PRINT_FOLDER = "cetak"
"""The folder under the data folder where printed PDFs are written."""


@dataclass(frozen=True)
class Printed:
    """A PDF written by the print worker."""

    path: Path
    pages: int


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-" else "-" for ch in text)


class ProsedurScreen(AreaScreen):
    """The Prosedur area."""

    AREA_MODE = "prosedur"
    AREA_TITLE = "Prosedur"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """``-narrow`` below 110 columns: the filter bar gives the search box room."""
    BINDINGS = [
        Binding("left_square_bracket", "tab(-1)", "Tab sebelumnya", key_display="[", id="pr-prev"),
        Binding("right_square_bracket", "tab(1)", "Tab berikutnya", key_display="]", id="pr-next"),
    ]

    def compose_content(self) -> ComposeResult:
        """The SOPs are read first: every pane offers them."""
        self.sops, problems = load_checked()
        self.sop_problems = problems
        """SOP files that do not pass validation (left out of the library)."""
        self.actions = RunActions(self.kpu, self.after_write)
        """The write flows (start, tindak lanjut, catatan, batal)."""
        with TabbedContent(id="pr-tabs"):
            with TabPane("Berjalan", id="tab-berjalan"):
                yield RunsPane("berjalan", id="runs-berjalan")
            with TabPane("Semua", id="tab-semua"):
                yield RunsPane("semua", id="runs-semua")
            with TabPane("Pustaka SOP", id="tab-pustaka"):
                yield LibraryPane(id="pustaka")

    def on_mount(self) -> None:
        """The open runs first; a broken SOP file is reported, not hidden."""
        super().on_mount()
        self.query_one("#runs-berjalan", RunsPane).table.focus()
        if self.sop_problems:
            files = len({problem.path for problem in self.sop_problems})
            self.notify(
                f"{files} berkas SOP tidak lolos pemeriksaan dan tidak ditampilkan. "
                "Periksa dengan: kpu-tui sop check",
                severity="warning",
                timeout=10,
            )

    # -- tabs -------------------------------------------------------------------------------

    def action_tab(self, step: int) -> None:
        """Show the previous or next tab."""
        tabs = self.query_one("#pr-tabs", TabbedContent)
        index = (TABS.index(tabs.active) + step) % len(TABS) if tabs.active in TABS else 0
        self.show_tab(TABS[index])

    def show_tab(self, tab: str) -> None:
        """Activate a tab and put the focus in its table."""
        # Let go of the focus first: a focused widget in the pane being hidden would hand the
        # focus to a neighbour, and a pane whose widget takes the focus becomes the active tab.
        self.set_focus(None)
        self.query_one("#pr-tabs", TabbedContent).active = tab
        self.call_after_refresh(self._focus_active_tab)

    def _focus_active_tab(self) -> None:
        # Always the tab active *now*: focusing a widget of another pane would switch back to it.
        tab = self.query_one("#pr-tabs", TabbedContent).active
        if tab == "tab-pustaka":
            self.query_one(LibraryPane).table.focus()
        elif tab in TABS:
            self.query_one(f"#{tab} RunsPane", RunsPane).table.focus()

    @on(TabbedContent.TabActivated, "#pr-tabs")
    def tab_activated(self) -> None:
        """A tab clicked or chosen: its table takes the focus (once the pane is shown)."""
        self.call_after_refresh(self._focus_active_tab)

    # -- refresh ----------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Back from a dialog or another area: read the run lists again."""
        for pane in self.query(RunsPane):
            pane.reload()

    def after_write(self, view: RunView) -> None:
        """A run changed: reload the lists on it; a run started from the library shows in
        Berjalan."""
        tabs = self.query_one("#pr-tabs", TabbedContent)
        for pane in self.query(RunsPane):
            pane.reload(select=view.id)
        if tabs.active == "tab-pustaka":
            self.show_tab("tab-berjalan")

    # -- views ------------------------------------------------------------------------------

    def start_run(self, sop: Sop | None, *, default_id: str | None = None) -> None:
        """Ask for a new run (of ``sop``, or of an SOP chosen in the form)."""
        self.actions.start(sop, self.sops, default_id)

    def open_run(self, run_id: int) -> None:
        """A run in full, with its timeline."""
        self.app.push_screen(RunScreen(run_id, self))

    def open_sop(self, sop: Sop) -> None:
        """An SOP read as its flowchart."""
        self.app.push_screen(SopScreen(sop, self))

    def open_mutu_baku(self, sop_id: str | None) -> None:
        """The mutu baku of an SOP over the current half-year."""
        self.app.push_screen(MutuBakuScreen(self, sop_id))

    # -- printing ---------------------------------------------------------------------------

    def print_sop(self, sop: Sop) -> None:
        """Write the SOP as a PDF into the data folder."""
        self.notify(f"Mencetak SOP {sop.id}…", timeout=3)
        self._print_sop(sop)

    def print_mutu_baku(self, report: MutuBakuReport) -> None:
        """Write the mutu baku report as a PDF into the data folder."""
        self.notify(f"Mencetak mutu baku SOP {report.sop_id}…", timeout=3)
        self._print_mutu_baku(report)

    def _write_pdf(self, filename: str, write: Callable[[Path], int]) -> Printed:
        folder = self.kpu.settings.home / PRINT_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / filename
        # Into a temporary file first: a failure leaves no half-written PDF behind.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            pages = write(temporary)
            os.replace(temporary, path)
        finally:
            if temporary.exists():
                temporary.unlink()
        return Printed(path, pages)

    def _paper(self) -> PaperData:
        from kpu_tui.printing.paper import paper_data

        actor = self.kpu.actor
        with self.kpu.store.read() as session:
            return paper_data(session, printed_by=actor.name if actor else "", now=self.kpu.now())

    @work(thread=True, group=PRINT_GROUP, exit_on_error=False)
    def _print_sop(self, sop: Sop) -> Printed:
        from kpu_tui.printing.sop import SopPrintData, write_sop

        data = SopPrintData(self._paper(), sop)
        return self._write_pdf(f"sop-{_slug(sop.id)}.pdf", lambda target: write_sop(target, data))

    @work(thread=True, group=PRINT_GROUP, exit_on_error=False)
    def _print_mutu_baku(self, report: MutuBakuReport) -> Printed:
        from kpu_tui.printing.mutu_baku import MutuBakuPrintData, write_mutu_baku

        data = MutuBakuPrintData(self._paper(), report)
        name = f"mutu-baku-{_slug(report.sop_id)}-{report.dari:%Y%m%d}-{report.sampai:%Y%m%d}.pdf"
        return self._write_pdf(name, lambda target: write_mutu_baku(target, data))

    @on(Worker.StateChanged)
    def print_finished(self, event: Worker.StateChanged) -> None:
        """Tell where the PDF is, or why it could not be written."""
        worker = event.worker
        if worker.group != PRINT_GROUP:
            return
        if event.state == WorkerState.SUCCESS and isinstance(worker.result, Printed):
            printed = worker.result
            self.notify(
                f"PDF ditulis: {printed.path} ({printed.pages} halaman)",
                title="Cetak",
                markup=False,
                timeout=10,
            )
        elif event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, OSError):
                message = f"Berkas tidak dapat ditulis: {error.strerror or error}"
            else:
                message = getattr(error, "message", "") or str(error)
            self.notify(f"Gagal mencetak: {message}", severity="error", markup=False, timeout=10)


__all__ = ["PRINT_FOLDER", "Printed", "ProsedurScreen"]
