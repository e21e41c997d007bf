"""Antrian Kantor: the queue of every person in the office or in one unit, and every open item.

Two views behind ``g``:

- *Per orang*: one row per person (or position without an account, unit, shared desk) with
  how many items wait, how many are late, how many fall due today and the oldest item; the
  highlighted person's own queue below (``antrian.items_of``). Enter on a person moves to his
  items; Enter on an item opens its letter or run.
- *Semua item*: every open item of the scope, overdue first, filtered by kind and "hanya
  terlambat" (``f``); the highlighted item in full below. The home dashboard's counters open
  this view through :meth:`AntrianKantorScreen.apply_filter`.

A pimpinan or an administrator sees the whole office and may narrow it to one unit (``f`` in
*Per orang*); a kasubbag sees only his own unit (of his account, else of the position he
holds). Opening an item reads it: the letter's screen marks only the user's *own* unread
disposisi as read, never someone else's. Lists are kept in memory and added to the tables
``PAGE`` rows at a time. At 80x24 the lower pane collapses: Enter on a person shows his items
in place of the list, Esc goes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from kpu_tui.models import Role
from kpu_tui.services import antrian, reference, users
from kpu_tui.services.antrian import BarisOrang, Filter, Item, Jenis, Pemegang
from kpu_tui.services.errors import ServiceError
from kpu_tui.sop.engine import Urgensi
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from ..widgets.paged_table import PagedTable
from .antrian_render import (
    ITEM_COLUMNS,
    item_cells,
    item_detail,
    tenggat_cell,
)
from .base import AreaScreen
from .surat_masuk_render import LATE, TODAY

if TYPE_CHECKING:
    from sqlmodel import Session

    from kpu_tui.services.procedure import RunView

    from .prosedur import ProsedurScreen

CSS_FILE = "../antrian_kantor.tcss"
PAGE = 200
"""Rows added to a table at a time (the lists themselves are in memory)."""
ORANG = "ak-orang-view"
SEMUA = "ak-semua-view"
VIEW_NAMES = {ORANG: "Per orang", SEMUA: "Semua item"}
WIDE_ROLES = (Role.PIMPINAN, Role.ADMIN)
"""Who sees the whole office; a kasubbag without them sees only his unit."""
KANTOR_VALUE = 0
"""The unit picker's value for the whole office (unit ids start at 1)."""

ORANG_COLUMNS = (
    ColumnSpec("nama", "Nama", 12, flex=3),
    ColumnSpec("jabatan", "Jabatan/unit", 16, flex=2, drop=5),
    ColumnSpec("jumlah", "Jumlah", 6),
    ColumnSpec("terlambat", "Terlambat", 11),
    ColumnSpec("hari_ini", "Hari ini", 10, drop=4),
    ColumnSpec("tertua", "Item tertua", 16, flex=3, drop=3),
)
"""The people's columns; at 80 columns Jabatan/unit and Hari ini give way."""
ITEM_TITLES = dict(ITEM_COLUMNS) | {"pemegang": "Pemegang"}
ITEM_SPECS = {
    key: ColumnSpec(key, ITEM_TITLES[key], width, flex=flex, drop=drop)
    for key, width, flex, drop in (
        ("jenis", 12, 2, 0),
        ("nomor", 10, 1, 3),
        ("perihal", 12, 4, 0),
        ("pemegang", 12, 2, 2),
        ("pihak", 12, 2, 4),
        ("tenggat", 14, 1, 0),
    )
}
"""Item columns by the keys of ``antrian_render.ITEM_COLUMNS`` (and ``pemegang``): at 80
columns Pihak/Dari, Nomor and Pemegang give way (the detail below shows them)."""
PERSON_ITEM_COLUMNS = tuple(
    ITEM_SPECS[key] for key, _ in ITEM_COLUMNS if key in ITEM_SPECS and key != "pemegang"
)
"""A person's items: kind, number, perihal, other party, due (no bulk-mark column here)."""
SEMUA_COLUMNS = (
    ITEM_SPECS["jenis"],
    ITEM_SPECS["nomor"],
    ITEM_SPECS["perihal"],
    ITEM_SPECS["pemegang"],
    ITEM_SPECS["pihak"],
    ITEM_SPECS["tenggat"],
)
"""Every item: the same columns and who it sits with."""


def nothing(text: str = "–") -> Text:
    """A dim placeholder cell."""
    return Text(text, style="dim")


def terlambat_text(count: int) -> Text:
    """ "3 terlambat" in red (colour never alone: the word says it), else a dash."""
    return Text(f"{count} terlambat", style=LATE) if count else nothing()


def hari_ini_text(count: int) -> Text:
    """ "2 hari ini" in yellow, else a dash."""
    return Text(f"{count} hari ini", style=TODAY) if count else nothing()


def tertua_text(item: Item | None, zone: tzinfo, today: date) -> Text:
    """The oldest item: its number and how late it is, when due, or since when it waits."""
    if item is None:
        return nothing("tidak ada")
    text = Text(item.nomor, no_wrap=True, overflow="ellipsis")
    text.append(" · ")
    text.append_text(tenggat_cell(item, zone=zone, today=today))
    return text


def item_short(item: Item, pemegang: str) -> Text:
    """The highlighted item in one line (at 80x24)."""
    text = Text(f"{pemegang} · {item.jenis.label} · ", no_wrap=True, overflow="ellipsis")
    text.append_text(tenggat_cell(item))
    return text


def filter_words(flt: Filter) -> list[str]:
    """The filter in words for the summary line."""
    words = []
    if flt.jenis:
        kinds = [jenis.label for jenis in Jenis if jenis in flt.jenis]
        words.append("jenis: " + ", ".join(kinds))
    if flt.hanya_terlambat:
        words.append("hanya terlambat")
    return words


class OrangTable(PagedTable):
    """The people: Enter moves to the highlighted person's items; j and k move."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Lihat item", id="ak-orang-open"),
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="ak-orang-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="ak-orang-up"),
    ]


class ItemTable(PagedTable):
    """Items: Enter opens the highlighted item's letter or run; j and k move."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Buka", id="ak-item-open"),
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="ak-item-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="ak-item-up"),
    ]


class AntrianKantorScreen(AreaScreen):
    """The Antrian Kantor area."""

    CSS_PATH = CSS_FILE
    AREA_MODE = "antrian-kantor"
    AREA_TITLE = "Antrian Kantor"
    BINDINGS = [
        Binding("g", "switch_view", "Tampilan", id="ak-view"),
        Binding("f", "filter", "Filter", id="ak-filter"),
        Binding("p", "print", "Laporan pagi", id="ak-print"),
        Binding("r", "reload", "Muat ulang", id="ak-reload"),
        Binding("escape", "back", "Kembali ke daftar orang", show=False, id="ak-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = ORANG
        """Which list shows: ``ORANG`` (per person) or ``SEMUA`` (every item)."""
        self.flt = Filter()
        """The kinds and "hanya terlambat" of the *Semua item* view."""
        self.unit_id: int | None = None
        """The unit looked at; None for the whole office."""
        self.locked = True
        """Whether the scope is fixed to the user's unit (a kasubbag)."""
        self.scope_problem = ""
        """Why nothing can be shown (a kasubbag without a unit), or ""."""
        self._scope_read = False
        self._units: dict[int, str] = {}
        self._jabatan_names: dict[int, str] = {}
        """Who holds each position: the holder's name, else the position's."""
        self._jabatan_user: dict[int, int] = {}
        """The account holding each position (its items are that person's)."""
        self._orang: list[BarisOrang] = []
        self._orang_by_key: dict[str, BarisOrang] = {}
        self._person_items: list[Item] = []
        self._person_key: str | None = None
        self._items_cache: dict[str, list[Item]] = {}
        self._semua: list[Item] = []
        self._semua_by_key: dict[str, Item] = {}
        self._person_by_key: dict[str, Item] = {}
        self._columns: dict[str, list[str]] = {}
        self._reload_pending = False

    # -- layout -----------------------------------------------------------------------------

    def compose_content(self) -> ComposeResult:
        """Scope line, totals, the two views."""
        yield Static("", id="ak-scope")
        yield Static("", id="ak-summary")
        with ContentSwitcher(initial=self.view, id="ak-views"):
            with Vertical(id=ORANG):
                yield OrangTable(id="ak-orang")
                with Vertical(id="ak-items-box"):
                    yield Static("", id="ak-items-title")
                    yield ItemTable(id="ak-items")
            with Vertical(id=SEMUA):
                yield ItemTable(id="ak-semua")
                with VerticalScroll(id="ak-detail-box"):
                    yield Static("", id="ak-detail")
                    yield Static("", id="ak-detail-short")

    @property
    def orang_table(self) -> OrangTable:
        """The people."""
        return self.query_one("#ak-orang", OrangTable)

    @property
    def items_table(self) -> ItemTable:
        """The highlighted person's items."""
        return self.query_one("#ak-items", ItemTable)

    @property
    def semua_table(self) -> ItemTable:
        """Every item of the scope."""
        return self.query_one("#ak-semua", ItemTable)

    def on_mount(self) -> None:
        """Work out the scope, read the lists, focus the view's table."""
        super().on_mount()
        self.query_one(ContentSwitcher).current = self.view
        self.request_reload()
        self._focus_view()

    def on_resize(self) -> None:
        """Fit the columns to the width (rows are added again when they change)."""
        self.call_after_refresh(self._fit_columns)

    # -- scope ------------------------------------------------------------------------------

    def _read_scope(self, session: Session) -> None:
        """Units, positions and the user's reach: the office, or his own unit only."""
        units = reference.list_units(session, include_inactive=True)
        self._units = {unit.id: unit.nama for unit in units}
        unit_of_kode = {unit.kode: unit.id for unit in units}
        jabatan = reference.list_jabatan(session, include_inactive=True)
        self._jabatan_names = {j.id: j.pemegang_nama or j.nama for j in jabatan}
        self._jabatan_user = {j.id: j.user_id for j in jabatan if j.user_id is not None}
        if self._scope_read:
            return
        self._scope_read = True
        actor = self.kpu.actor
        if actor is not None and actor.has(*WIDE_ROLES):
            self.locked = False
            return
        self.locked = True
        own: int | None = None
        if actor is not None and actor.id is not None:
            own = users.get_user(session, actor.id).unit_id
            if own is None:
                held = [j for j in jabatan if j.user_id == actor.id and j.unit_kode]
                own = unit_of_kode.get(held[0].unit_kode or "") if held else None
        self.unit_id = own
        if own is None:
            self.scope_problem = (
                "Unit Anda belum tercatat (pada akun maupun jabatan yang Anda pegang); "
                "minta admin mengisinya di Pengguna atau Profil Kantor."
            )

    def scope_name(self) -> str:
        """ "Seluruh kantor" or the unit's name."""
        if self.unit_id is None:
            return "Seluruh kantor"
        return self._units.get(self.unit_id, f"Unit {self.unit_id}")

    def person_key(self, holder: Pemegang) -> str:
        """The row an item's holder counts under: a position held by an account is that
        person's (as ``antrian.per_orang`` groups them)."""
        if holder.jenis == "jabatan":
            user_id = self._jabatan_user.get(int(holder.id))
            if user_id is not None:
                return f"user:{user_id}"
        return holder.key

    def holder_name(self, holder: Pemegang) -> str:
        """A holder as a person: the name of whoever holds a position."""
        if holder.jenis == "jabatan":
            return self._jabatan_names.get(int(holder.id), holder.nama)
        return holder.nama

    def jabatan_label(self, row: BarisOrang) -> str:
        """The second column: positions held, or what kind of row it is."""
        if row.pemegang.jenis == "jabatan":
            nama = row.pemegang.nama
            return f"{nama} (tanpa akun)" if nama != self.holder_name(row.pemegang) else nama
        return row.jabatan

    # -- loading ----------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Back from a letter, a run or another area: read again."""
        self.request_reload()

    def request_reload(self) -> None:
        """Read again once the screen has refreshed: mounting and the resumes that follow
        it (Textual sends two when a mode opens) ask together, and the office's whole queue
        is read once, not three times."""
        if not self._reload_pending:
            self._reload_pending = True
            self.call_after_refresh(self._reload_if_pending)

    def _reload_if_pending(self) -> None:
        if self._reload_pending:
            self.reload()

    def reload(self) -> None:
        """Read the view's list again, keeping the cursor where it was."""
        self._reload_pending = False
        now = self.kpu.now()
        try:
            with self.kpu.store.read() as session:
                self._read_scope(session)
                if self.scope_problem:
                    self._orang, self._semua = [], []
                elif self.view == ORANG:
                    self._orang = antrian.per_orang(session, now=now, unit_id=self.unit_id)
                else:
                    self._semua = self._scoped_items(session)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self._items_cache = {}
        if self.view == ORANG:
            self._orang_by_key = {row.pemegang.key: row for row in self._orang}
            self._refill(self.orang_table)
            self.show_person()
        else:
            self._semua_by_key = {item.key: item for item in self._semua}
            self._refill(self.semua_table)
            self.show_item()
        self._show_scope()

    def _scoped_items(self, session: Session) -> list[Item]:
        """Every open item of the scope (the unit's: of its people, positions and itself)."""
        now = self.kpu.now()
        found = antrian.items(session, antrian.KANTOR, now=now, flt=self.flt)
        if self.unit_id is None:
            return found
        keys = {
            row.pemegang.key for row in antrian.per_orang(session, now=now, unit_id=self.unit_id)
        }
        return [item for item in found if self.person_key(item.pemegang) in keys]

    def _source(self, table: PagedTable) -> tuple[int, Callable[[int], None]]:
        """How many rows a table's list holds and what adds its row number ``i``."""
        if table is self.orang_table:
            return len(self._orang), self._add_orang
        if table is self.items_table:
            return len(self._person_items), self._add_person_item
        return len(self._semua), self._add_semua

    def _refill(self, table: PagedTable, *, keep: bool = True) -> None:
        """Add the table's first rows again: as many as were shown, the cursor on the same
        row when ``keep``; else the first page."""
        key = highlighted_key(table) if keep else None
        self._fill(table, key=key, shown=table.row_count if keep else 0)

    def _fill(self, table: PagedTable, *, key: str | None, shown: int) -> None:
        self._ensure_columns(table)
        total, add = self._source(table)
        table.reset()
        for index in range(min(total, max(PAGE, shown))):
            add(index)
        table.page_loaded(has_more=total > table.row_count)
        move_to_key(table, key)

    @on(PagedTable.NeedMore)
    def load_more(self, event: PagedTable.NeedMore) -> None:
        """The cursor reached the last rows: add the next page from memory."""
        table = event.table
        total, add = self._source(table)
        start = table.row_count
        for index in range(start, min(total, start + PAGE)):
            add(index)
        table.page_loaded(has_more=total > table.row_count)
        self._show_scope()

    # -- columns and rows -------------------------------------------------------------------

    def _specs(self, table: PagedTable) -> Sequence[ColumnSpec]:
        if table is self.orang_table:
            return ORANG_COLUMNS
        if table is self.items_table:
            return PERSON_ITEM_COLUMNS
        return SEMUA_COLUMNS

    def _room(self) -> int:
        width = self.query_one("#content").size.width
        return width or 80

    def _ensure_columns(self, table: PagedTable) -> None:
        if table.id and table.id not in self._columns:
            self._columns[table.id] = (
                apply_columns(table, self._specs(table), self._room(), []) or []
            )

    def _fit_columns(self) -> None:
        """Columns for the room the content has (the same for every table of the area)."""
        for table in (self.orang_table, self.items_table, self.semua_table):
            assert table.id is not None
            current = self._columns.get(table.id, [])
            key, shown = highlighted_key(table), table.row_count
            changed = apply_columns(table, self._specs(table), self._room(), current)
            if changed is not None:
                self._columns[table.id] = changed
                self._fill(table, key=key, shown=shown)

    def _put(self, table: PagedTable, values: dict[str, Text], key: str) -> None:
        if key in table.rows:
            return
        keys = [str(column.value) for column in table.columns]
        table.add_row(*(values[column] for column in keys), key=key)

    def _add_orang(self, index: int) -> None:
        row = self._orang[index]
        zone, today = self.kpu.zone, self.kpu.today()
        empty = row.jumlah == 0
        values = {
            "nama": cell(self.holder_name(row.pemegang), "dim" if empty else ""),
            "jabatan": cell(self.jabatan_label(row), "dim"),
            "jumlah": Text(str(row.jumlah), style="dim" if empty else "bold"),
            "terlambat": terlambat_text(row.terlambat),
            "hari_ini": hari_ini_text(row.hari_ini),
            "tertua": tertua_text(row.tertua, zone, today),
        }
        self._put(self.orang_table, values, row.pemegang.key)

    def _item_values(self, item: Item) -> dict[str, Text]:
        cells = item_cells(item, zone=self.kpu.zone, today=self.kpu.today())
        values = {key: value for (key, _), value in zip(ITEM_COLUMNS, cells, strict=False)}
        values["pemegang"] = cell(self.holder_name(item.pemegang))
        return values

    def _add_person_item(self, index: int) -> None:
        item = self._person_items[index]
        self._put(self.items_table, self._item_values(item), item.key)

    def _add_semua(self, index: int) -> None:
        item = self._semua[index]
        self._put(self.semua_table, self._item_values(item), item.key)

    # -- what shows -------------------------------------------------------------------------

    def _show_scope(self) -> None:
        scope = Text("Unit Anda: " if self.locked else "Cakupan: ", style="bold")
        scope.append(self.scope_name())
        if not self.locked:
            scope.append("  · f: pilih unit" if self.view == ORANG else "", style="dim")
        self.query_one("#ak-scope", Static).update(scope)
        self.query_one("#ak-summary", Static).update(self._summary())

    def _summary(self) -> Text:
        if self.scope_problem:
            return Text(self.scope_problem, style="bold red")
        text = Text(f"{VIEW_NAMES[self.view]}: ", style="dim")
        if self.view == ORANG:
            people = sum(1 for row in self._orang if row.jumlah)
            total = sum(row.jumlah for row in self._orang)
            late = sum(row.terlambat for row in self._orang)
            today = sum(row.hari_ini for row in self._orang)
            text.append(f"{total} item, {people} pemegang")
        else:
            total = len(self._semua)
            late = sum(1 for item in self._semua if item.terlambat)
            today = sum(1 for item in self._semua if item.urgensi == Urgensi.HARI_INI)
            text.append(f"{total} item")
        text.append(" · ")
        text.append_text(terlambat_text(late) if late else Text("tidak ada yang terlambat"))
        if today:
            text.append(" · ")
            text.append_text(hari_ini_text(today))
        if self.view == SEMUA:
            for word in filter_words(self.flt):
                text.append(f" · {word}", style="cyan")
            shown = self.semua_table.row_count
            if shown < total:
                text.append(f" · dimuat {shown}", style="dim")
        return text

    def current_person(self) -> BarisOrang | None:
        """The highlighted person."""
        return self._orang_by_key.get(highlighted_key(self.orang_table) or "")

    def current_item(self) -> Item | None:
        """The highlighted item of the view (the person's, or of the whole list)."""
        if self.view == ORANG:
            return self._person_by_key.get(highlighted_key(self.items_table) or "")
        return self._semua_by_key.get(highlighted_key(self.semua_table) or "")

    def show_person(self) -> None:
        """The highlighted person's queue below the list."""
        row = self.current_person()
        title = self.query_one("#ak-items-title", Static)
        table = self.items_table
        if row is None:
            self._person_key, self._person_items, self._person_by_key = None, [], {}
            table.reset()
            hint = self.scope_problem or "Tidak ada orang dengan antrian di cakupan ini."
            title.update(Text(hint, style="dim"))
            return
        key = row.pemegang.key
        found = self._items_cache.get(key)
        if found is None:
            try:
                with self.kpu.store.read() as session:
                    found = antrian.items_of(session, row.pemegang, now=self.kpu.now())
            except (ServiceError, StoreError) as exc:
                title.update(Text(exc.message, style="bold red"))
                return
            self._items_cache[key] = found
        same = key == self._person_key
        self._person_key, self._person_items = key, found
        self._person_by_key = {item.key: item for item in found}
        self._refill(table, keep=same)
        title.update(self._person_title(row, found))

    def _person_title(self, row: BarisOrang, found: list[Item]) -> Text:
        text = Text(f"Antrian {self.holder_name(row.pemegang)}: ", style="bold")
        if not found:
            text.append("tidak ada item yang menunggu.", style="dim")
            return text
        text.append(f"{len(found)} item")
        late = sum(1 for item in found if item.terlambat)
        if late:
            text.append(" · ")
            text.append_text(terlambat_text(late))
        if len(found) > row.jumlah:
            # A user's own queue also holds what reaches him through his unit or roles.
            text.append(" (termasuk yang ditujukan ke unit atau perannya)", style="dim")
        text.append(" · Enter: ke item, lalu buka · Esc: kembali", style="dim")
        return text

    def show_item(self) -> None:
        """The highlighted item of the whole list, in full below it."""
        item = self.current_item() if self.view == SEMUA else None
        full = self.query_one("#ak-detail", Static)
        short = self.query_one("#ak-detail-short", Static)
        if item is None:
            hint = self.scope_problem or "Tidak ada item yang cocok. f: ubah filter"
            empty = Text(hint, style="dim")
            full.update(empty)
            short.update(empty)
            return
        pemegang = self.holder_name(item.pemegang)
        where = pemegang
        if item.pemegang.nama != pemegang:
            where = f"{pemegang} · {item.pemegang.nama}"
        full.update(
            item_detail(
                item,
                self.kpu.zone,
                pemegang=where,
                hint="Enter membuka rinciannya (disposisi orang lain tidak ditandai dibaca).",
            )
        )
        short.update(item_short(item, pemegang))

    @on(DataTable.RowHighlighted, "#ak-orang")
    def person_highlighted(self) -> None:
        """Show the highlighted person's items."""
        self.show_person()

    @on(DataTable.RowHighlighted, "#ak-semua")
    def item_highlighted(self) -> None:
        """Show the highlighted item."""
        self.show_item()

    @on(DataTable.RowSelected, "#ak-orang")
    def person_selected(self) -> None:
        """Enter on a person: to his items."""
        if self.items_table.row_count:
            self.add_class("-on-items")
            self.items_table.focus()
        elif self.current_person() is not None:
            self.notify("Tidak ada item yang menunggu orang ini.", timeout=3)

    @on(DataTable.RowSelected, "#ak-items")
    @on(DataTable.RowSelected, "#ak-semua")
    def item_selected(self) -> None:
        """Enter on an item: open its letter or run."""
        item = self.current_item()
        if item is not None:
            self.open_item(item)

    def open_item(self, item: Item) -> None:
        """The item's record in full: the surat masuk (its disposisi tree), the surat keluar,
        or the SOP run. The letter screen marks read only the user's own disposisi."""
        if item.surat_masuk_id is not None:
            from .surat_masuk_detail import SuratDetailScreen

            self.app.push_screen(SuratDetailScreen(item.surat_masuk_id, to_tree=True))
        elif item.surat_keluar_id is not None:
            from .surat_keluar_detail import KeluarDetailScreen

            self.app.push_screen(KeluarDetailScreen(item.surat_keluar_id))
        elif item.run_id is not None:
            from .prosedur_views import RunScreen

            # RunScreen needs only ``kpu`` and ``after_write`` of its host.
            self.app.push_screen(RunScreen(item.run_id, cast("ProsedurScreen", self)))

    def after_write(self, view: RunView) -> None:
        """A run changed in its screen: read again."""
        self.reload()

    # -- views and filters ------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        """Show *Per orang* or *Semua item*."""
        self.view = view
        if self.is_mounted:
            self.query_one(ContentSwitcher).current = view
            self.remove_class("-on-items")
            self.reload()
            self._focus_view()
            self.call_after_refresh(self._fit_columns)

    def _focus_view(self) -> None:
        (self.orang_table if self.view == ORANG else self.semua_table).focus()

    def apply_filter(self, flt: Filter) -> None:
        """Show *Semua item* with ``flt`` (the dashboard's counters call this)."""
        self.flt = flt
        self.set_view(SEMUA)

    def action_switch_view(self) -> None:
        """Per orang ↔ Semua item."""
        self.set_view(SEMUA if self.view == ORANG else ORANG)

    def action_filter(self) -> None:
        """Per orang: the unit (pimpinan, admin). Semua item: kinds, "hanya terlambat" and
        the unit."""
        if self.view == ORANG and self.locked:
            self.notify(
                f"Anda melihat antrian {self.scope_name()}; cakupan ini tidak dapat diperluas.",
                timeout=4,
                markup=False,
            )
            return
        self.app.push_screen(self.filter_dialog(), self._filtered)

    def filter_dialog(self) -> FormDialog[Values]:
        """The filter form of the view."""
        units = [("Seluruh kantor", KANTOR_VALUE)]
        units += [(nama, unit_id) for unit_id, nama in self._units.items()]
        unit = FieldSpec(
            "unit",
            "Unit",
            "select",
            value=KANTOR_VALUE if self.unit_id is None else self.unit_id,
            options=units,
            disabled=self.locked,
            hint="Kasubbag melihat unitnya sendiri." if self.locked else "",
        )
        fields = [unit]
        if self.view == SEMUA:
            fields += [
                FieldSpec(
                    "jenis",
                    "Jenis item (kosong: semua)",
                    "multi",
                    value=sorted(self.flt.jenis),
                    options=[(jenis.label, jenis) for jenis in Jenis],
                ),
                FieldSpec("terlambat", "Hanya yang terlambat", "check", self.flt.hanya_terlambat),
            ]
        title = "Pilih unit" if self.view == ORANG else "Filter item"
        return FormDialog(title, fields, lambda values: values, save_label="Terapkan")

    def _filtered(self, values: Values | None) -> None:
        if values is None:
            return
        if not self.locked:
            unit = values.get("unit")
            self.unit_id = unit if isinstance(unit, int) and unit != KANTOR_VALUE else None
        if self.view == SEMUA:
            self.flt = Filter(
                jenis=frozenset(Jenis(j) for j in values.get("jenis", ())),
                hanya_terlambat=bool(values.get("terlambat")),
            )
        self.reload()
        self._focus_view()

    def action_back(self) -> None:
        """Esc in a person's items: back to the people."""
        if self.view == ORANG and (self.has_class("-on-items") or self.items_table.has_focus):
            self.remove_class("-on-items")
            self.orang_table.focus()
        else:
            self._focus_view()

    def action_reload(self) -> None:
        """Read again."""
        self.reload()
        self.notify("Antrian dimuat ulang.", timeout=2)

    def action_print(self) -> None:
        """Print the morning briefing."""
        from ..briefing_print import print_briefing

        print_briefing(self)


__all__ = [
    "ORANG",
    "ORANG_COLUMNS",
    "PAGE",
    "SEMUA",
    "SEMUA_COLUMNS",
    "AntrianKantorScreen",
    "ItemTable",
    "OrangTable",
]
