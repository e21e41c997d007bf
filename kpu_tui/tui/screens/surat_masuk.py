"""Surat Masuk: the buku agenda surat masuk, paged from SQL, with the highlighted letter below.

Filters above the table (tahun, bulan, sifat, status, the quick search and, behind ``f``, a
date range, a kode klasifikasi and the sender); the count of the filtered letters beside the
search box; the table one page at a time (``list_surat(after=cursor_of(last row))``), never
the whole register; the highlighted letter's fields, scans, disposisi tree and SOP 9.14 timeline
below (``v`` hides it; at 80x24 it shrinks to two lines). Enter opens the letter in full. The
write flows live in ``surat_masuk_actions``, the words in ``surat_masuk_render``.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from kpu_tui.models import OptionKind, Role, SuratStatus
from kpu_tui.rules.calendar import WorkCalendar
from kpu_tui.rules.dates import BULAN
from kpu_tui.services import disposisi, procedure, reference, surat_masuk
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_masuk import SuratFilter, SuratRow
from kpu_tui.store import StoreError

from ..surat_print import open_print_menu
from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.paged_table import PagedTable
from .base import AreaScreen
from .prosedur_actions import find_sop
from .surat_masuk_actions import SuratActions
from .surat_masuk_filters import (
    PROMPTS,
    STATUS_CHOICES,
    STATUS_OF,
    MoreFilters,
    more_filters_dialog,
    print_period,
)
from .surat_masuk_render import short_text, status_text, surat_detail, tanggal, tenggat_text

PAGE = 100
"""Rows per page."""
SEARCH_DELAY = 0.3
"""Seconds of quiet typing before the quick search runs."""
COLUMNS = (
    ColumnSpec("agenda", "No. Agenda", 10),
    ColumnSpec("tanggal", "Tgl Terima", 11, drop=3),
    ColumnSpec("asal", "Asal", 12, flex=2, drop=4),
    ColumnSpec("perihal", "Perihal", 12, flex=3),
    ColumnSpec("nomor", "Nomor Surat", 14, flex=1, drop=6),
    ColumnSpec("sifat", "Sifat", 8, drop=5),
    ColumnSpec("status", "Status", 19),
    ColumnSpec("tenggat", "Tenggat", 11, drop=2),
)
"""The register's columns; at 80 columns Tenggat, Tgl Terima, Asal, Sifat and Nomor Surat give
way (the detail below shows them) and No. Agenda, Perihal and Status stay."""
SORT_LABEL = {"agenda": "nomor agenda", "tanggal": "tanggal terima"}
NARROW = 110
"""Below this many columns the filters and the count line take their short forms."""


ROLES_FOR: dict[str, tuple[Role, ...]] = {
    "new": surat_masuk.PETUGAS_ROLES,
    "correct": surat_masuk.PETUGAS_ROLES,
    "cancel": surat_masuk.PETUGAS_ROLES,
    "hand_over": disposisi.RECORDERS,
    "file_without": disposisi.FILERS,
}
"""Actions of the register that only some roles may take (the services check them again)."""


class SuratTable(PagedTable):
    """The register: Enter opens the highlighted letter; j and k move as the arrows do."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Buka", id="sm-open"),
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="sm-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="sm-up"),
    ]


class SuratMasukScreen(AreaScreen):
    """The Surat Masuk area."""

    AREA_MODE = "surat-masuk"
    AREA_TITLE = "Surat Masuk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """``-narrow`` below 110 columns: narrower filters, a shorter count line."""
    BINDINGS = [
        Binding("n", "new", "Baru", id="sm-new"),
        Binding("d", "disposisi", "Disposisi", id="sm-disposisi"),
        Binding("p", "print", "Cetak", id="sm-print"),
        Binding("slash", "search", "Cari", id="sm-search"),
        Binding("f", "filter", "Filter", id="sm-filter"),
        Binding("e", "correct", "Koreksi", id="sm-correct"),
        Binding("x", "cancel", "Batal", id="sm-cancel"),
        Binding("a", "file_without", "Arsipkan tanpa disposisi", id="sm-archive"),
        Binding("s", "hand_over", "Serahkan", id="sm-hand-over"),
        Binding("o", "sort", "Urutan", id="sm-sort"),
        Binding("O", "sort_direction", "Balik urutan", key_display="O", id="sm-direction"),
        Binding("F", "more_filters", "Filter lain", key_display="F", show=False, id="sm-more"),
        Binding("v", "toggle_detail", "Rincian", id="sm-detail"),
        Binding("r", "reload", "Muat ulang", id="sm-reload"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="sm-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "agenda"
        """``agenda`` (tahun, nomor agenda) or ``tanggal`` (tanggal terima)."""
        self.descending = True
        """Newest first."""
        self.more = MoreFilters()
        """The filters of the dialog behind ``f``."""
        self._rows: dict[str, SuratRow] = {}
        self._count = 0
        self._columns: list[str] = []
        self._search_timer: Timer | None = None
        self._sifat_names: dict[str, str] = {}
        self._calendar: WorkCalendar | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose_content(self) -> ComposeResult:
        """Filter bar, search and count, the table, the detail."""
        self.actions = SuratActions(self.kpu, self.after_write)
        """The write flows (shared with the detail screen)."""
        this_year = self.kpu.today().year
        with self.kpu.store.read() as session:
            present = surat_masuk.years(session)
            sifat = reference.list_options(session, OptionKind.SIFAT)
        self._sifat_names = {option.kode: option.nama for option in sifat}
        years = sorted({*present, this_year}, reverse=True)
        with Horizontal(id="sm-bar"):
            yield Select[int](
                [(f"Tahun {year}", year) for year in years],
                value=this_year,
                prompt="Tahun: semua",
                id="sm-tahun",
                compact=True,
            )
            yield Select[int](
                [(name, month) for month, name in enumerate(BULAN, start=1)],
                prompt="Bulan: semua",
                id="sm-bulan",
                compact=True,
            )
            yield Select[str](
                [(option.nama, option.kode) for option in sifat],
                prompt="Sifat: semua",
                id="sm-sifat",
                compact=True,
            )
            yield Select[str](
                list(STATUS_CHOICES), prompt="Status: semua", id="sm-status", compact=True
            )
        with Horizontal(id="sm-line"):
            yield Input(placeholder="/ cari nomor, asal, perihal", id="sm-cari", compact=True)
            yield Static("", id="sm-summary")
        yield SuratTable(id="sm-table")
        with VerticalScroll(id="sm-detail-box"):
            yield Static("", id="sm-detail")
            yield Static("", id="sm-detail-short")

    @property
    def table(self) -> SuratTable:
        """The register table."""
        return self.query_one(SuratTable)

    @property
    def calendar(self) -> WorkCalendar:
        """The office's working-day calendar (read once per reload)."""
        if self._calendar is None:
            with self.kpu.store.read() as session:
                self._calendar = procedure.office_clock(session).calendar
        return self._calendar

    def on_mount(self) -> None:
        """The first page, the cursor in the table."""
        super().on_mount()
        self.reload()
        self.table.focus()

    def on_resize(self) -> None:
        """Fit the filters and the columns to the width (rows are added again when the
        columns change)."""
        narrow = self.size.width < NARROW
        for select_id, (wide, short) in PROMPTS.items():
            self.query_one(select_id, Select).prompt = short if narrow else wide
        self.call_after_refresh(self._fit_columns)

    # -- loading ----------------------------------------------------------------------------

    def current_filter(self) -> SuratFilter:
        """The filter the bar, the search box and the dialog describe."""
        tahun = self.query_one("#sm-tahun", Select).value
        bulan = self.query_one("#sm-bulan", Select).value
        sifat = self.query_one("#sm-sifat", Select).value
        status = self.query_one("#sm-status", Select).value
        flt = SuratFilter(
            tahun=tahun if isinstance(tahun, int) else None,
            bulan=bulan if isinstance(bulan, int) else None,
            sifat=sifat if isinstance(sifat, str) else None,
            status=STATUS_OF.get(status, ()) if isinstance(status, str) else (),
            terlambat_per=self.kpu.today() if status == "terlambat" else None,
            teks=self.query_one("#sm-cari", Input).value.strip(),
            dari=self.more.dari,
            sampai=self.more.sampai,
            klasifikasi=self.more.klasifikasi or None,
            asal=self.more.asal or None,
        )
        return flt

    def refresh_content(self) -> None:
        """Back from a dialog, the detail or another area: read the register again."""
        self._calendar = None
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the list again (as many rows as were loaded), keeping the cursor's letter."""
        table = self.table
        keep = str(select) if select is not None else highlighted_key(table)
        want = max(PAGE, len(self._rows))
        flt = self.current_filter()
        try:
            with self.kpu.store.read() as session:
                self._count = surat_masuk.count_surat(session, flt)
                page = surat_masuk.list_surat(
                    session, flt, sort=self.sort, descending=self.descending, limit=want
                )
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self._rows = {str(row.id): row for row in page}
        self._fill(has_more=len(page) == want)
        move_to_key(table, keep)
        self._show_summary()
        self.show_detail()

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the last rows: fetch the next page after the last one shown."""
        if not self._rows:
            return
        last = next(reversed(self._rows.values()))
        try:
            with self.kpu.store.read() as session:
                page = surat_masuk.list_surat(
                    session,
                    self.current_filter(),
                    sort=self.sort,
                    descending=self.descending,
                    after=surat_masuk.cursor_of(last, self.sort),
                    limit=PAGE,
                )
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        for row in page:
            if str(row.id) not in self._rows:
                self._rows[str(row.id)] = row
                self._add_row(row)
        self.table.page_loaded(has_more=len(page) == PAGE)
        self._show_summary()

    def _fit_columns(self) -> None:
        table = self.table
        changed = apply_columns(table, COLUMNS, table.size.width, self._columns)
        if changed is None:
            return
        self._columns = changed
        keep = highlighted_key(table)
        self._fill(has_more=table.has_more)
        move_to_key(table, keep)
        self._show_summary()

    def _fill(self, *, has_more: bool) -> None:
        table = self.table
        if not self._columns:
            self._columns = apply_columns(table, COLUMNS, table.size.width or 80, []) or []
        table.reset()
        for row in self._rows.values():
            self._add_row(row)
        table.page_loaded(has_more=has_more)

    def _add_row(self, row: SuratRow) -> None:
        today = self.kpu.today()
        batal = row.status == SuratStatus.BATAL
        dim = "dim" if batal else ""
        struck = "dim strike" if batal else ""
        values = {
            "agenda": cell(row.agenda_teks, dim),
            "tanggal": cell(tanggal(row.tanggal_terima), dim),
            "asal": cell(row.asal, struck),
            "perihal": cell(row.perihal, struck),
            "nomor": cell(row.nomor_surat, struck),
            "sifat": cell(self._sifat_names.get(row.sifat, row.sifat), dim),
            "status": status_text(row, today, self.calendar),
            "tenggat": tenggat_text(row, today),
        }
        keys = [str(column.value) for column in self.table.columns]
        self.table.add_row(*(values[key] for key in keys), key=str(row.id))

    def _show_summary(self) -> None:
        narrow = self.size.width < NARROW
        parts = [f"{self._count} surat"]
        if len(self._rows) < self._count:
            parts.append(f"dimuat {len(self._rows)}")
        arah = "terbaru" if self.descending else "terlama"
        if narrow:
            parts.append(f"urut {'agenda' if self.sort == 'agenda' else 'tanggal'}, {arah}")
        else:
            parts.append(f"urut {SORT_LABEL[self.sort]}, {arah} dulu")
        parts += self.more.words()
        flt = self.current_filter()
        if flt.bulan is not None and flt.tahun is None:
            parts.append("bulan berlaku bila tahun dipilih")
        self.query_one("#sm-summary", Static).update(Text(" · ".join(parts)))

    # -- detail -----------------------------------------------------------------------------

    def current(self) -> SuratRow | None:
        """The highlighted letter."""
        return self._rows.get(highlighted_key(self.table) or "")

    def show_detail(self) -> None:
        """The highlighted letter below the list: in full, and in two lines when short."""
        row = self.current()
        full = self.query_one("#sm-detail", Static)
        short = self.query_one("#sm-detail-short", Static)
        self.refresh_bindings()
        if row is None:
            empty = Text("Tidak ada surat yang cocok. n: catat surat baru · f: filter", style="dim")
            full.update(empty)
            short.update(empty)
            return
        today = self.kpu.today()
        try:
            with self.kpu.store.read() as session:
                detail = surat_masuk.get_detail(session, row.id)
                hops = disposisi.tree(session, row.id)
                entries = procedure.timeline(session, row.run_id) if row.run_id else []
        except (ServiceError, StoreError) as exc:
            full.update(Text(exc.message, style="bold red"))
            return
        sop = find_sop(surat_masuk.SOP_SURAT_MASUK)
        full.update(surat_detail(detail, hops, entries, sop, self.kpu.zone, today, self.calendar))
        short.update(short_text(detail.row, today, self.calendar))

    @on(DataTable.RowHighlighted, "#sm-table")
    def row_highlighted(self) -> None:
        """Show the highlighted letter."""
        self.show_detail()

    @on(DataTable.RowSelected, "#sm-table")
    def row_selected(self) -> None:
        """Enter opens the letter in full."""
        row = self.current()
        if row is not None:
            self.open_letter(row.id)

    def open_letter(self, surat_id: int, *, to_tree: bool = False) -> None:
        """The letter in full: scans, the disposisi tree to act on, the timeline."""
        from .surat_masuk_detail import SuratDetailScreen

        self.app.push_screen(SuratDetailScreen(surat_id, to_tree=to_tree))

    def after_write(self, surat_id: int | None) -> None:
        """A letter changed or was added: read the register again, on that letter."""
        if surat_id is not None and self.is_mounted:
            self._calendar = None
            self.reload(select=surat_id)

    # -- filters ----------------------------------------------------------------------------

    @on(Select.Changed)
    def filter_changed(self) -> None:
        """A filter of the bar: read the list again."""
        self.reload()

    @on(Input.Changed, "#sm-cari")
    def search_typed(self) -> None:
        """Search once typing pauses (not at every key)."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def _search_now(self) -> None:
        self._search_timer = None
        self.reload()

    @on(Input.Submitted, "#sm-cari")
    def search_submitted(self) -> None:
        """Enter in the search box searches now and goes to the list."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_now()
        self.table.focus()

    def action_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#sm-cari", Input).focus()

    def action_filter(self) -> None:
        """The first press goes to the filter bar; a second press opens the other filters."""
        bar = self.query_one("#sm-bar")
        focused = self.focused
        if focused is not None and (focused is bar or bar in focused.ancestors):
            self.action_more_filters()
        else:
            self.query_one("#sm-tahun", Select).focus()

    def apply_filter(self, flt: SuratFilter) -> None:
        """Show the letters ``flt`` describes (a figure of the home screen opens its list so):
        the bar, the search box and the other filters take its values, the list is read once
        and the cursor starts on its first letter."""
        status = "terlambat" if flt.terlambat_per is not None else None
        status = status or next((k for k, v in STATUS_OF.items() if v == flt.status), None)
        bar = {"#sm-tahun": flt.tahun, "#sm-bulan": flt.bulan, "#sm-sifat": flt.sifat}
        with self.prevent(Select.Changed, Input.Changed):
            for select_id, value in (bar | {"#sm-status": status}).items():
                select = self.query_one(select_id, Select)
                try:
                    select.value = value if value is not None else Select.NULL
                except InvalidSelectValueError:  # not offered (a year without letters): all
                    select.clear()
            self.query_one("#sm-cari", Input).value = flt.teks
        self.more = MoreFilters(flt.dari, flt.sampai, flt.klasifikasi or "", flt.asal or "")
        self._rows = {}
        self.reload()
        self.table.move_cursor(row=0)
        self.table.focus()

    def action_more_filters(self) -> None:
        """The filters that do not fit the bar: tanggal terima range, klasifikasi, asal."""

        def chosen(result: MoreFilters | None) -> None:
            if result is not None:
                self.more = result
                self.reload()
                self.table.focus()

        self.app.push_screen(more_filters_dialog(self.more, self.kpu.today()), chosen)

    def action_back_to_table(self) -> None:
        """Esc in a filter returns to the list."""
        self.table.focus()

    def action_sort(self) -> None:
        """By nomor agenda or by tanggal terima."""
        self.sort = "tanggal" if self.sort == "agenda" else "agenda"
        self._rows = {}
        self.reload()

    def action_sort_direction(self) -> None:
        """Newest or oldest first."""
        self.descending = not self.descending
        self._rows = {}
        self.reload()

    def action_toggle_detail(self) -> None:
        """Show or hide the detail below the list."""
        self.toggle_class("-no-detail")

    def action_reload(self) -> None:
        """Read the register again."""
        self.refresh_content()
        self.notify("Daftar dimuat ulang.", timeout=2)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys of actions the user's roles do not allow are hidden; the keys on a letter are
        dimmed while no letter is highlighted."""
        roles = ROLES_FOR.get(action)
        actor = self.kpu.actor
        if roles is not None and (actor is None or not actor.has(*roles)):
            return False
        if action in ("correct", "cancel", "disposisi", "file_without", "hand_over"):
            return True if self.is_mounted and self.current() is not None else None
        return True

    def action_new(self) -> None:
        """Register a letter."""
        self.actions.new()

    def action_correct(self) -> None:
        """Correct the highlighted letter (with a reason)."""
        if (row := self.current()) is not None:
            self.actions.correct(row)

    def action_cancel(self) -> None:
        """Cancel the highlighted letter (with a reason)."""
        if (row := self.current()) is not None:
            self.actions.cancel(row)

    def action_file_without(self) -> None:
        """File the highlighted letter without a disposisi."""
        if (row := self.current()) is not None:
            self.actions.file_without(row)

    def action_hand_over(self) -> None:
        """Record handing the letter to the pimpinan or the pejabat."""
        if (row := self.current()) is not None:
            self.actions.hand_over(row)

    def action_disposisi(self) -> None:
        """The first disposisi of a letter without one; else the letter's tree, to pass on."""
        row = self.current()
        if row is None:
            return
        if row.status == SuratStatus.PROSES:
            self.open_letter(row.id, to_tree=True)
        else:
            self.actions.first_disposisi(row)

    def action_print(self) -> None:
        """Print the letter's papers or the buku agenda of the period on screen."""
        row = self.current()
        open_print_menu(
            self, row.id if row else None, row.agenda_teks if row else None, self.print_period()
        )

    def print_period(self) -> tuple[date, date]:
        """The period the filters describe (this month when they describe none)."""
        return print_period(self.current_filter(), self.kpu.today())


__all__ = ["COLUMNS", "PAGE", "SuratMasukScreen", "SuratTable"]
