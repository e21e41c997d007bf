"""The runs of the Prosedur area: filters, the list paged from SQL, the highlighted run's detail.

Two of these panes exist: **Berjalan** (open runs only) and **Semua** (every run, with a status
filter). Rows come one page at a time (``list_runs(before_id=...)``); the count above the table
is ``count_runs`` of the same filter, so the user always knows how many there are.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from kpu_tui.models import RunStatus
from kpu_tui.services import procedure
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.procedure import RunFilter, RunView
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.paged_table import PagedTable
from .prosedur_actions import find_sop
from .prosedur_render import (
    current_step_short,
    langkah_kini_text,
    run_detail,
    status_text,
    tenggat_text,
)

if TYPE_CHECKING:
    from .prosedur import ProsedurScreen

PAGE = 100
"""Rows per page."""
RUN_COLUMNS = (
    ColumnSpec("no", "No", 4),
    ColumnSpec("sop", "SOP", 6, drop=3),
    ColumnSpec("perihal", "Perihal", 11, flex=3),
    ColumnSpec("langkah", "Langkah kini", 12, flex=4),
    ColumnSpec("pelaksana", "Pelaksana", 10, flex=2, drop=4),
    ColumnSpec("tenggat", "Tenggat", 12, drop=2),
    ColumnSpec("status", "Status", 19),
)
"""The columns of the run list; Pelaksana, SOP and Tenggat give way in that order at 80
columns (the detail below shows them)."""
STATUS_CHOICES: tuple[tuple[str, RunStatus | None], ...] = (
    ("semua", None),
    ("berjalan", RunStatus.BERJALAN),
    ("selesai", RunStatus.SELESAI),
    ("batal", RunStatus.BATAL),
)


class RunsTable(PagedTable):
    """The run list: Enter opens the highlighted run."""

    BINDINGS = [Binding("enter", "select_cursor", "Buka", id="runs-enter")]


class RunsPane(Vertical):
    """One run list with its filters and the detail of the highlighted run.

    Args:
        kind: ``berjalan`` (open runs only) or ``semua`` (every run, status filter).
    """

    BINDINGS = [
        Binding("n", "new_run", "Mulai", id="runs-new"),
        Binding("t", "complete", "Tindak lanjut", id="runs-complete"),
        Binding("c", "note", "Catatan", id="runs-note"),
        Binding("x", "cancel_run", "Batalkan", id="runs-cancel"),
        Binding("f", "toggle_overdue", "Lewat tenggat", id="runs-overdue"),
        Binding("s", "cycle_status", "Status", id="runs-status"),
        Binding("slash", "search", "Cari", id="runs-search"),
        Binding("m", "mutu_baku", "Mutu baku", id="runs-mutu"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="runs-back"),
    ]

    def __init__(self, kind: str, *, id: str) -> None:
        super().__init__(id=id, classes="runs-pane")
        self.kind = kind
        self.overdue_only = False
        """Whether only runs past their step's due time are listed (key f)."""
        self._runs: dict[str, RunView] = {}
        self._count = 0
        self._columns: list[str] = []

    @property
    def host(self) -> ProsedurScreen:
        """The Prosedur screen."""
        return cast("ProsedurScreen", self.screen)

    def compose(self) -> ComposeResult:
        """Filter bar, count line, table, detail."""
        with Horizontal(classes="runs-bar"):
            yield Input(placeholder="/ cari perihal", classes="runs-query", compact=True)
            yield Select[str](
                [(f"{s.id}  {s.judul}", s.id) for s in self.host.sops],
                prompt="SOP: semua",
                classes="runs-sop",
                compact=True,
            )
            if self.kind == "semua":
                yield Select[str](
                    [(label, label) for label, _ in STATUS_CHOICES[1:]],
                    prompt="Status: semua",
                    classes="runs-state",
                    compact=True,
                )
        yield Static("", classes="runs-summary")
        yield RunsTable(classes="runs-table")
        with VerticalScroll(classes="runs-detail-box"):
            yield Static("", classes="runs-detail")
            yield Static("", classes="runs-detail-short")

    @property
    def table(self) -> RunsTable:
        """The run list."""
        return self.query_one(RunsTable)

    def on_mount(self) -> None:
        """The first page."""
        self.reload()

    def on_resize(self) -> None:
        """Fit the columns to the width (rows are added again when they change)."""
        self.call_after_refresh(self._fit_columns)

    # -- loading ----------------------------------------------------------------------------

    def current_filter(self) -> RunFilter:
        """The filter the bar and the keys describe."""
        status: RunStatus | None = RunStatus.BERJALAN
        if self.kind == "semua":
            chosen = self.query_one(".runs-state", Select).value
            status = dict(STATUS_CHOICES).get(chosen) if isinstance(chosen, str) else None
        sop = self.query_one(".runs-sop", Select).value
        text = self.query_one(".runs-query", Input).value.strip()
        return RunFilter(
            status=status,
            sop_id=sop if isinstance(sop, str) else None,
            overdue_at=self.host.kpu.now().astimezone(UTC) if self.overdue_only else None,
            text=text or None,
        )

    def reload(self, select: int | None = None) -> None:
        """Read the list again (as many rows as were loaded), keeping the cursor's run."""
        table = self.table
        keep = str(select) if select is not None else highlighted_key(table)
        want = max(PAGE, len(self._runs))
        flt = self.current_filter()
        try:
            with self.host.kpu.store.read() as session:
                self._count = procedure.count_runs(session, flt)
                page = procedure.list_runs(session, flt, limit=want, now=self.host.kpu.now())
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error")
            return
        self._runs = {str(run.id): run for run in page}
        self._fill(has_more=len(page) == want)
        move_to_key(table, keep)
        self._show_summary()
        self.show_detail()

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the last rows: fetch the next (older) page."""
        before = min((run.id for run in self._runs.values()), default=None)
        try:
            with self.host.kpu.store.read() as session:
                page = procedure.list_runs(
                    session,
                    self.current_filter(),
                    before_id=before,
                    limit=PAGE,
                    now=self.host.kpu.now(),
                )
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error")
            return
        for run in page:
            self._runs[str(run.id)] = run
            self._add_row(run)
        self.table.page_loaded(has_more=len(page) == PAGE)
        self._show_summary()

    def _fit_columns(self) -> None:
        table = self.table
        changed = apply_columns(table, RUN_COLUMNS, table.size.width, self._columns)
        if changed is None:
            return
        self._columns = changed
        keep = highlighted_key(table)
        self._fill(has_more=table.has_more)
        move_to_key(table, keep)

    def _fill(self, *, has_more: bool) -> None:
        table = self.table
        if not self._columns:
            self._columns = apply_columns(table, RUN_COLUMNS, table.size.width or 80, []) or []
        table.reset()
        for run in self._runs.values():
            self._add_row(run)
        table.page_loaded(has_more=has_more)

    def _add_row(self, run: RunView) -> None:
        kpu = self.host.kpu
        today = kpu.today()
        dim = "dim" if run.status == RunStatus.BATAL else ""
        values = {
            "no": cell(run.id, dim),
            "sop": cell(run.sop_id, dim),
            "perihal": cell(run.judul, dim),
            "langkah": cell(langkah_kini_text(run), dim),
            "pelaksana": cell(", ".join(run.pelaksana_kini) or "–", dim),
            "tenggat": cell(tenggat_text(run, kpu.zone, today), dim),
            "status": status_text(run, kpu.zone, today),
        }
        keys = [str(column.value) for column in self.table.columns]
        self.table.add_row(*(values[key] for key in keys), key=str(run.id))

    def _show_summary(self) -> None:
        what = "berjalan" if self.kind == "berjalan" else "dalam daftar"
        parts = [f"{self._count} prosedur {what}"]
        if self.overdue_only:
            parts.append("hanya yang lewat tenggat (f: semua)")
        else:
            parts.append("f: hanya yang lewat tenggat")
        if len(self._runs) < self._count:
            parts.append(f"dimuat {len(self._runs)}, gulir untuk berikutnya")
        self.query_one(".runs-summary", Static).update(Text(" · ".join(parts)))

    # -- detail -----------------------------------------------------------------------------

    def current(self) -> RunView | None:
        """The highlighted run."""
        return self._runs.get(highlighted_key(self.table) or "")

    def show_detail(self) -> None:
        """The highlighted run below the list: the full detail, and two lines when short."""
        run = self.current()
        full = self.query_one(".runs-detail", Static)
        short = self.query_one(".runs-detail-short", Static)
        self.refresh_bindings()
        if run is None:
            empty = Text(
                "Tidak ada prosedur yang cocok. n: mulai prosedur · ]: Pustaka SOP",
                style="dim",
            )
            full.update(empty)
            short.update(empty)
            return
        kpu = self.host.kpu
        now = kpu.now()
        try:
            with kpu.store.read() as session:
                entries = procedure.timeline(session, run.id)
        except (ServiceError, StoreError) as exc:
            full.update(Text(exc.message, style="bold red"))
            return
        full.update(run_detail(run, find_sop(run.sop_id), entries, kpu.zone, now.date()))
        short.update(current_step_short(run, kpu.zone, now.date()))

    @on(DataTable.RowHighlighted)
    def row_highlighted(self) -> None:
        """Show the highlighted run."""
        self.show_detail()

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        """Enter opens the run in full."""
        run = self.current()
        if run is not None:
            self.host.open_run(run.id)

    # -- filters ----------------------------------------------------------------------------

    @on(Input.Changed, ".runs-query")
    @on(Select.Changed)
    def filter_changed(self) -> None:
        """Any filter: read the list again."""
        self.reload()

    @on(Input.Submitted, ".runs-query")
    def query_submitted(self) -> None:
        """Enter in the search box goes to the list."""
        self.table.focus()

    def action_search(self) -> None:
        """Jump to the search box."""
        self.query_one(".runs-query", Input).focus()

    def action_back_to_table(self) -> None:
        """Esc in a filter returns to the list."""
        self.table.focus()

    def action_toggle_overdue(self) -> None:
        """Only the runs past their due time, or all again."""
        self.overdue_only = not self.overdue_only
        self.reload()

    def action_cycle_status(self) -> None:
        """Semua → berjalan → selesai → batal → semua."""
        select = self.query_one(".runs-state", Select)
        labels = [label for label, _ in STATUS_CHOICES]
        current = select.value if isinstance(select.value, str) else "semua"
        following = labels[(labels.index(current) + 1) % len(labels)]
        if following == "semua":
            select.clear()
        else:
            select.value = following

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The status key only in Semua; t, c, x only on an open run (dimmed otherwise)."""
        if action == "cycle_status":
            return self.kind == "semua"
        if action in ("complete", "note", "cancel_run"):
            run = self.current() if self.is_mounted else None
            return True if run is not None and run.status == RunStatus.BERJALAN else None
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_new_run(self) -> None:
        """Start a run (asks the SOP, the filter's SOP first, and the perihal)."""
        sop = self.query_one(".runs-sop", Select).value
        self.host.start_run(None, default_id=sop if isinstance(sop, str) else None)

    def action_complete(self) -> None:
        """Tindak lanjut on the highlighted run."""
        run = self.current()
        if run is not None:
            self.host.actions.complete(run)

    def action_note(self) -> None:
        """A note on the highlighted run."""
        run = self.current()
        if run is not None:
            self.host.actions.note(run)

    def action_cancel_run(self) -> None:
        """Cancel the highlighted run, with a reason."""
        run = self.current()
        if run is not None:
            self.host.actions.cancel(run)

    def action_mutu_baku(self) -> None:
        """The mutu baku of the highlighted run's SOP (or the filter's)."""
        run = self.current()
        sop = self.query_one(".runs-sop", Select).value
        self.host.open_mutu_baku(run.sop_id if run else sop if isinstance(sop, str) else None)


__all__ = ["PAGE", "RUN_COLUMNS", "RunsPane", "RunsTable"]
