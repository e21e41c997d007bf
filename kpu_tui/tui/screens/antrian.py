"""Antrian Saya: everything waiting for the logged-in user, across the registers, most urgent
first, with keyboard triage.

The queue (``antrian.my_items``) is read whole (a person's open work: bounded, at most a few
thousand items) and sorted by the service: overdue first, then due today, due soon, later and
undated. The table gets its rows a page at a time from that list, never thousands at once. Above
it one line of counts; below it the highlighted item in full (two lines at 80x24).

Keys act on the highlighted item, or on every marked one (space marks, ``*`` marks all): ``a``
mark read, ``t`` tindak lanjut, ``d`` pass on, ``u`` attach a document, Enter opens the record.
The flows live in ``antrian_actions``, the words in ``antrian_render``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from kpu_tui.services import antrian
from kpu_tui.services.antrian import Filter, Item
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.procedure import RunView
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import highlighted_key
from ..widgets.paged_table import PagedTable
from .antrian_actions import AntrianActions
from .antrian_render import ITEM_COLUMNS, item_cells, item_detail, item_short, summary_text
from .base import AreaScreen

PAGE = 200
"""Rows added to the table at a time."""
NARROW = 110
"""Below this many columns the kinds take their short labels."""
_WIDTHS: dict[str, tuple[int, int, int]] = {
    # key: (width, flex, drop)
    "mark": (1, 0, 0),
    "jenis": (21, 0, 0),
    "nomor": (10, 1, 3),
    "perihal": (14, 5, 0),
    "pihak": (14, 3, 2),
    "tenggat": (20, 0, 0),
}
_NARROW_WIDTHS = {"jenis": 14, "perihal": 11, "tenggat": 20}
COLUMNS = tuple(ColumnSpec(key, title, *_WIDTHS[key]) for key, title in ITEM_COLUMNS)
"""The queue's columns on a wide terminal."""
COLUMNS_NARROW = tuple(
    ColumnSpec(c.key, c.label, _NARROW_WIDTHS.get(c.key, c.width), c.flex, c.drop) for c in COLUMNS
)
"""At 80 columns: short kinds ("lewat 12 hari kerja" still fits); the number and the other
party give way (the detail shows them)."""


DISPOSISI_KEYS = tuple(j.value for j in (antrian.Jenis.DISPOSISI_BARU, antrian.Jenis.DISPOSISI))
"""Key prefixes of one disposisi before and after it is read."""


class AntrianTable(PagedTable):
    """The queue: Enter opens the highlighted item; j and k move as the arrows do."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Buka", id="aq-open"),
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="aq-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="aq-up"),
    ]


class AntrianScreen(AreaScreen):
    """The Antrian Saya area."""

    AREA_MODE = "antrian"
    AREA_TITLE = "Antrian Saya"
    CSS_PATH = "../antrian.tcss"
    BINDINGS = [
        Binding("a", "acknowledge", "Dibaca", id="aq-read"),
        Binding("t", "complete", "Tindak lanjut", id="aq-done"),
        Binding("d", "pass_on", "Teruskan", id="aq-pass"),
        Binding("u", "attach", "Lampirkan", id="aq-attach"),
        Binding("space", "toggle_mark", "Tandai", id="aq-mark"),
        Binding("asterisk", "mark_all", "Tandai semua", key_display="*", id="aq-mark-all"),
        Binding("f", "filter", "Filter", id="aq-filter"),
        Binding("p", "print", "Laporan pagi", id="aq-print"),
        Binding("r", "reload", "Muat ulang", id="aq-reload"),
        Binding("v", "toggle_detail", "Rincian", show=False, id="aq-detail"),
        Binding("escape", "clear_marks", "Hapus tanda", show=False, id="aq-clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flt = Filter()
        """Which kinds, and whether only the overdue ones."""
        self._items: list[Item] = []
        self._index: dict[str, int] = {}
        self._marked: set[str] = set()
        self._columns: list[str] = []

    # -- layout -----------------------------------------------------------------------------

    def compose_content(self) -> ComposeResult:
        """The counts, the table, the highlighted item."""
        self.actions = AntrianActions(self.kpu, self, self.after_action)
        """The flows of the keys."""
        with Horizontal(id="aq-line"):
            yield Static("", id="aq-summary")
            yield Static("", id="aq-filter-words")
        yield AntrianTable(id="aq-table")
        with VerticalScroll(id="aq-detail-box"):
            yield Static("", id="aq-detail")
            yield Static("", id="aq-detail-short")

    @property
    def table(self) -> AntrianTable:
        """The queue table."""
        return self.query_one(AntrianTable)

    def on_mount(self) -> None:
        """Read the queue, the cursor in the table."""
        super().on_mount()
        self.reload()
        self.table.focus()

    def on_resize(self) -> None:
        """Fit the columns to the width (rows are added again when they change)."""
        self.call_after_refresh(self._fit_columns)

    @property
    def narrow(self) -> bool:
        """Whether the terminal is narrow (short kinds)."""
        return self.size.width < NARROW

    def _fit_columns(self) -> None:
        table = self.table
        specs = COLUMNS_NARROW if self.narrow else COLUMNS
        changed = apply_columns(table, specs, table.size.width, self._columns)
        if changed is None:
            return
        self._columns = changed
        self._refill(highlighted_key(table), table.cursor_row)

    # -- loading ----------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Back from a record, a dialog or another area: read the queue again."""
        self.reload()

    def reload(self, keep: str | None = None, row: int | None = None) -> None:
        """Read the queue again; the cursor stays on its item, or near where it was."""
        table = self.table
        keep = keep if keep is not None else highlighted_key(table)
        row = row if row is not None else table.cursor_row
        actor = self.kpu.actor
        if actor is None or actor.id is None:
            return
        try:
            with self.kpu.store.read() as session:
                items = antrian.my_items(session, actor.id, now=self.kpu.now(), flt=self.flt)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self._items = items
        self._index = {item.key: n for n, item in enumerate(items)}
        self._marked &= set(self._index)
        self._refill(keep, row)

    def _refill(self, keep: str | None, row: int) -> None:
        table = self.table
        if not self._columns:
            specs = COLUMNS_NARROW if self.narrow else COLUMNS
            self._columns = apply_columns(table, specs, table.size.width or 80, []) or []
        want = max(PAGE, table.row_count)
        at = self._position(keep)
        if at is not None:
            want = max(want, at + 1)
        table.reset()
        self._add_rows(0, want)
        if at is not None:
            table.move_cursor(row=at)
        elif table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        self._show_summary()
        self.show_detail()

    def _position(self, key: str | None) -> int | None:
        """Where the item of ``key`` is now; a disposisi just read (its kind changed from
        "baru") is the same item."""
        if key is None:
            return None
        if key in self._index:
            return self._index[key]
        jenis, _, ref = key.partition(":")
        if jenis not in DISPOSISI_KEYS:
            return None
        return next(
            (self._index[f"{k}:{ref}"] for k in DISPOSISI_KEYS if f"{k}:{ref}" in self._index),
            None,
        )

    def _add_rows(self, start: int, end: int) -> None:
        table = self.table
        keys = [str(column.value) for column in table.columns]
        today = self.kpu.today()
        for item in self._items[start:end]:
            cells = dict(
                zip(
                    (key for key, _ in ITEM_COLUMNS),
                    item_cells(
                        item,
                        marked=item.key in self._marked,
                        zone=self.kpu.zone,
                        today=today,
                        pendek=self.narrow,
                    ),
                    strict=True,
                )
            )
            table.add_row(*(cells[key] for key in keys), key=item.key)
        table.page_loaded(has_more=table.row_count < len(self._items))

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the last rows: add the next page from the list."""
        start = self.table.row_count
        self._add_rows(start, start + PAGE)
        self._show_summary()

    def _show_summary(self) -> None:
        text = summary_text(self._items, len(self._marked))
        if self.table.row_count < len(self._items):
            text.append(f" · dimuat {self.table.row_count}", style="dim")
        self.query_one("#aq-summary", Static).update(text)
        words = []
        if self.flt.jenis:
            words.append(", ".join(j.label for j in antrian.Jenis if j in self.flt.jenis))
        if self.flt.hanya_terlambat:
            words.append("hanya terlambat")
        shown = self.query_one("#aq-filter-words", Static)
        shown.update(Text(f"filter: {' · '.join(words)} (f)", style="dim"))
        shown.display = bool(words)

    # -- detail -----------------------------------------------------------------------------

    def current(self) -> Item | None:
        """The highlighted item."""
        key = highlighted_key(self.table)
        return self._items[self._index[key]] if key in self._index else None

    def targets(self) -> list[Item]:
        """What a key acts on: the marked items (in queue order), else the highlighted one."""
        if self._marked:
            return [item for item in self._items if item.key in self._marked]
        item = self.current()
        return [item] if item is not None else []

    def show_detail(self) -> None:
        """The highlighted item below the table (in two lines when the terminal is short)."""
        item = self.current()
        full = self.query_one("#aq-detail", Static)
        short = self.query_one("#aq-detail-short", Static)
        self.refresh_bindings()
        if item is None:
            words = "Tidak ada yang menunggu tindakan Anda."
            if self.flt != Filter():
                words = "Tidak ada item yang cocok dengan filter. f: ubah filter"
            empty = Text(words, style="dim")
            full.update(empty)
            short.update(empty)
            return
        today = self.kpu.today()
        full.update(item_detail(item, self.kpu.zone, today))
        short.update(item_short(item, self.kpu.zone, today))

    @on(DataTable.RowHighlighted, "#aq-table")
    def row_highlighted(self) -> None:
        """Show the highlighted item."""
        self.show_detail()

    @on(DataTable.RowSelected, "#aq-table")
    def row_selected(self) -> None:
        """Enter opens the item's record."""
        item = self.current()
        if item is not None:
            self.actions.open(item)

    # -- marks ------------------------------------------------------------------------------

    def _set_mark(self, key: str, marked: bool) -> None:
        if marked:
            self._marked.add(key)
        else:
            self._marked.discard(key)
        if key in self._index and self._index[key] < self.table.row_count:
            self.table.update_cell(key, "mark", Text("●" if marked else " ", style="bold cyan"))

    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted item, then move down (as mail readers do)."""
        item = self.current()
        if item is None:
            return
        self._set_mark(item.key, item.key not in self._marked)
        self.table.action_cursor_down()
        self._show_summary()

    def action_mark_all(self) -> None:
        """Mark every item the filter shows; when all are marked, none."""
        everything = set(self._index)
        mark = not everything <= self._marked
        for key in everything:
            self._set_mark(key, mark)
        self._show_summary()

    def action_clear_marks(self) -> None:
        """Esc drops the marks."""
        for key in list(self._marked):
            self._set_mark(key, False)
        self._show_summary()

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys on items dim while the queue is empty; Esc only with marks."""
        if not self.is_mounted:
            return True
        if action == "clear_marks":
            return bool(self._marked)
        if action in ("acknowledge", "complete", "pass_on", "attach", "toggle_mark", "mark_all"):
            return True if self._items else None
        return True

    def after_action(self) -> None:
        """A write succeeded: the items acted on leave the queue; their marks go."""
        self._marked.clear()
        self.reload()

    def after_write(self, view: RunView) -> None:
        """A run changed in the Prosedur view opened from here."""
        self.reload()

    def action_acknowledge(self) -> None:
        """Mark the disposisi read."""
        self.actions.acknowledge(self.targets())

    def action_complete(self) -> None:
        """Tindak lanjut for the item(s)."""
        self.actions.complete(self.targets())

    def action_pass_on(self) -> None:
        """Pass the disposisi on (or dispose a letter)."""
        self.actions.pass_on(self.targets())

    def action_attach(self) -> None:
        """Attach a document to the letter(s)."""
        self.actions.attach(self.targets())

    def action_filter(self) -> None:
        """Filter by kind and "only overdue"."""
        from .antrian_dialogs import filter_dialog

        def chosen(result: Filter | None) -> None:
            if result is not None:
                self.flt = result
                self.reload()
                self.table.focus()

        self.app.push_screen(filter_dialog(self.flt), chosen)

    def action_print(self) -> None:
        """Print the morning briefing (the user's queue on paper)."""
        from kpu_tui.tui.briefing_print import print_briefing

        print_briefing(self)

    def action_reload(self) -> None:
        """Read the queue again."""
        self.reload()
        self.notify("Antrian dimuat ulang.", timeout=2)

    def action_toggle_detail(self) -> None:
        """Show or hide the detail below the table."""
        self.toggle_class("-no-detail")


__all__ = ["COLUMNS", "PAGE", "AntrianScreen", "AntrianTable"]
