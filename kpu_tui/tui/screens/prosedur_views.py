"""Full views of the Prosedur area: an SOP read as its flowchart, and one run with its timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from kpu_tui.models import RunStatus
from kpu_tui.services import procedure
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.procedure import RunView
from kpu_tui.sop.model import Sop
from kpu_tui.store import StoreError

from .prosedur_actions import RunActions, find_sop
from .prosedur_render import run_detail, sop_flowchart, sop_identity

if TYPE_CHECKING:
    from ..app import KpuApp
    from .prosedur import ProsedurScreen


def _view_css(name: str) -> str:
    """The shared look of a full view (Textual scopes DEFAULT_CSS to the screen's type)."""
    return f"""
    {name} {{ align: center middle; }}
    {name} .view-box {{
        width: 100%; height: 100%; border: round $accent; background: $surface; padding: 0 1;
    }}
    {name} .view-title {{
        text-style: bold; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }}
    {name} .view-scroll {{ height: 1fr; }}
    {name} .view-scroll > Static {{ height: auto; margin-bottom: 1; }}
    """


class SopScreen(ModalScreen[None]):
    """One SOP: its identity block and its flowchart, with the steps' pelaksana, kelengkapan,
    waktu, output and decisions. From here a run of it starts (n), it prints (p), and its mutu
    baku opens (m)."""

    DEFAULT_CSS = _view_css("SopScreen")
    BINDINGS = [
        Binding("n", "start", "Mulai prosedur", id="sop-start"),
        Binding("p", "print", "Cetak PDF", id="sop-print"),
        Binding("m", "mutu_baku", "Mutu baku", id="sop-mutu"),
        Binding("escape", "close", "Tutup", id="sop-close"),
    ]

    def __init__(self, sop: Sop, host: ProsedurScreen) -> None:
        super().__init__()
        self.sop = sop
        self._host = host

    def compose(self) -> ComposeResult:
        """Title, the identity block and the flowchart in one scrolling column, the keys."""
        with Vertical(classes="view-box"):
            yield Static(
                Text(f"SOP {self.sop.id} — {self.sop.judul}", no_wrap=True, overflow="ellipsis"),
                classes="view-title",
            )
            with VerticalScroll(id="sop-scroll", classes="view-scroll"):
                yield Static(sop_identity(self.sop), id="sop-identity")
                yield Static(Text("Flowchart", style="bold underline"))
                yield Static(sop_flowchart(self.sop), id="sop-flowchart")
        yield Footer()

    def on_mount(self) -> None:
        """The text scrolls with the arrow keys and PgUp/PgDn."""
        self.query_one("#sop-scroll").focus()

    def action_start(self) -> None:
        """Close and ask the perihal of a new run of this SOP."""
        self.dismiss(None)
        self._host.start_run(self.sop)

    def action_print(self) -> None:
        """Write the SOP as a PDF into the data folder (in a worker)."""
        self._host.print_sop(self.sop)

    def action_mutu_baku(self) -> None:
        """Close and open the mutu baku of this SOP."""
        self.dismiss(None)
        self._host.open_mutu_baku(self.sop.id)

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)


class RunScreen(ModalScreen[None]):
    """One run in full: heading, the step waiting, the whole timeline; t, c and x act on it."""

    DEFAULT_CSS = _view_css("RunScreen")
    BINDINGS = [
        Binding("t", "complete", "Tindak lanjut", id="run-complete"),
        Binding("c", "note", "Catatan", id="run-note"),
        Binding("x", "cancel_run", "Batalkan", id="run-cancel"),
        Binding("escape", "close", "Tutup", id="run-close"),
    ]

    def __init__(self, run_id: int, host: ProsedurScreen) -> None:
        super().__init__()
        self.run_id = run_id
        self._host = host
        self._run: RunView | None = None

    @property
    def kpu(self) -> KpuApp:
        """The app, typed."""
        return self._host.kpu

    def compose(self) -> ComposeResult:
        """Title, the run in a scrolling column, the keys."""
        with Vertical(classes="view-box"):
            yield Static("Rincian prosedur", id="run-title", classes="view-title")
            with VerticalScroll(id="run-scroll", classes="view-scroll"):
                yield Static("", id="run-detail")
        yield Footer()

    def on_mount(self) -> None:
        """Read the run and focus the text."""
        self.reload()
        self.query_one("#run-scroll").focus()

    def reload(self) -> None:
        """Read the run and its timeline again."""
        now = self.kpu.now()
        try:
            with self.kpu.store.read() as session:
                run = procedure.get_run(session, self.run_id, now=now)
                entries = procedure.timeline(session, self.run_id)
        except (ServiceError, StoreError) as exc:
            self.query_one("#run-detail", Static).update(Text(exc.message, style="bold red"))
            return
        self._run = run
        detail = run_detail(run, find_sop(run.sop_id), entries, self.kpu.zone, now.date())
        self.query_one("#run-detail", Static).update(detail)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """t, c and x only while the run is open."""
        if action in ("complete", "note", "cancel_run"):
            return self._run is not None and self._run.status == RunStatus.BERJALAN
        return True

    def _actions(self) -> RunActions:
        def after(view: RunView) -> None:
            self._host.after_write(view)
            self.reload()

        return RunActions(self.kpu, after)

    def action_complete(self) -> None:
        """Tindak lanjut: record the current step."""
        if self._run is not None:
            self._actions().complete(self._run)

    def action_note(self) -> None:
        """A note on the current step."""
        if self._run is not None:
            self._actions().note(self._run)

    def action_cancel_run(self) -> None:
        """Cancel with a reason."""
        if self._run is not None:
            self._actions().cancel(self._run)

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)


__all__ = ["RunScreen", "SopScreen"]
