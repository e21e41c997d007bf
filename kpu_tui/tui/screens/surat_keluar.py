"""Surat Keluar: the buku agenda surat keluar and the konsep in process, paged from SQL, with
the highlighted letter below.

Two views behind ``g`` (or the first select of the bar): the *buku agenda* (numbered letters,
newest number first: nomor, tanggal, tujuan, perihal, jenis, penandatangan, state including the
ekspedisi) and *konsep & proses* (letters not yet signed, newest first: when made, perihal,
tujuan, whose paraf or signature they await, konseptor). Filters above the table (tahun, bulan,
status, the quick search through the FTS index and, behind ``f``, a range of tanggal surat, the
jenis naskah, a kode klasifikasi and "menunggu saya"); the count beside the search box; the
table one page at a time (``list_surat(after=cursor_of(last row))``); the highlighted letter's
fields, tujuan with their dispatch, paraf chain, number, files and SOP 9.13 timeline below
(``v`` hides it; at 80x24 it shrinks to two lines). Enter opens the letter in full. The write
flows live in ``surat_keluar_actions``, the words in ``surat_keluar_render``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from kpu_tui.models import BerkasJenis, KeluarStatus, KirimStatus, Role
from kpu_tui.rules.dates import BULAN
from kpu_tui.services import ekspedisi, nomor_surat, procedure, reference
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_keluar_read import KeluarFilter
from kpu_tui.services.surat_keluar_views import KeluarDetail, KeluarRow
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.paged_table import PagedTable
from .base import AreaScreen
from .prosedur_actions import find_sop
from .surat_keluar_actions import KeluarActions
from .surat_keluar_filters import (
    AGENDA,
    KONSEP,
    PROMPTS,
    STATUS_CHOICES,
    STATUS_OF,
    VIEW_CHOICES,
    VIEW_NAMES,
    MoreFilters,
    more_filters_dialog,
    print_period,
)
from .surat_keluar_render import keluar_detail, nomor_text, short_text, status_text
from .surat_masuk_render import tanggal

if TYPE_CHECKING:
    from sqlmodel import Session

CSS_FILE = "../surat_keluar.tcss"
PAGE = 100
"""Rows per page."""
SEARCH_DELAY = 0.3
"""Seconds of quiet typing before the quick search runs."""
AGENDA_COLUMNS = (
    ColumnSpec("nomor", "Nomor Surat", 22, flex=1),
    ColumnSpec("tanggal", "Tanggal", 11, drop=3),
    ColumnSpec("tujuan", "Tujuan", 12, flex=2, drop=4),
    ColumnSpec("perihal", "Perihal", 12, flex=3),
    ColumnSpec("jenis", "Jenis", 12, drop=6),
    ColumnSpec("penandatangan", "Penandatangan", 13, flex=1, drop=5),
    ColumnSpec("status", "Status", 16, flex=2),
)
"""The buku agenda's columns; at 80 columns Jenis, Penandatangan, Tujuan and Tanggal give way
(the detail below shows them) and Nomor, Perihal and Status stay."""
KONSEP_COLUMNS = (
    ColumnSpec("dibuat", "Dibuat", 11, drop=3),
    ColumnSpec("perihal", "Perihal", 12, flex=3),
    ColumnSpec("tujuan", "Tujuan", 12, flex=1, drop=4),
    ColumnSpec("status", "Status", 22, flex=3),
    ColumnSpec("konseptor", "Konseptor", 14, drop=5),
)
"""The konsep list's columns; at 80 columns Konseptor, Tujuan and Dibuat give way."""
COLUMNS = {AGENDA: AGENDA_COLUMNS, KONSEP: KONSEP_COLUMNS}
NARROW = 110
"""Below this many columns the filters and the count line take their short forms."""

ROLES_FOR: dict[str, tuple[Role, ...]] = {
    "new": sk.KONSEPTOR_ROLES,
    "add_files": sk.KONSEPTOR_ROLES,
    "dispatch": ekspedisi.DISPATCHERS,
    "receipt": ekspedisi.DISPATCHERS,
}
"""Actions that only some roles may take (the services check them again)."""
ROW_ACTIONS = (
    "edit",
    "submit",
    "paraf",
    "return_for_correction",
    "sign",
    "cancel",
    "add_files",
    "dispatch",
    "receipt",
)
"""Actions on the highlighted letter."""
EDITABLE = (KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN)
SENDABLE = (KeluarStatus.TERBIT, KeluarStatus.DIKIRIM)


@dataclass(frozen=True)
class May:
    """What the user may do to a letter beyond what the roles say (read with the letter)."""

    paraf: bool = False
    """Holds the awaited reviewer's position, or records paper parafs (petugas)."""
    sign: bool = False
    """Holds the signing position, or records paper signatures (petugas)."""
    edit: bool = False
    """Drafted the konsep, or is a petugas, kasubbag or admin (revise, submit, cancel it)."""


def may_of(actor: Actor | None, session: Session, surat_id: int) -> May:
    """Whether the user may give the awaited paraf and the signature of a letter, and revise
    it."""
    if actor is None:
        return May()
    return May(
        paraf=sk.may_paraf(session, actor, surat_id),
        sign=sk.may_sign(session, actor, surat_id),
        edit=sk.may_edit(session, actor, surat_id),
    )


def allowed(
    action: str,
    row: KeluarRow | None,
    actor: Actor | None,
    may: May,
    detail: KeluarDetail | None = None,
) -> bool | None:
    """Whether a key on a letter shows (True), shows dimmed (None) or hides (False).

    Keys of actions the user's roles do not allow hide. The steps of SOP 9.13 (ubah, ajukan,
    paraf, kembalikan, tanda tangan, kirim, tanda terima) show only on a letter at that step
    and to whom may take it (tanda tangan also to a kasubbag or admin, who may give a sisipan
    number), so the footer offers what can be done to the highlighted letter; batal and berkas
    dim on a cancelled letter. ``detail`` refines kirim and tanda terima by the tujuan's
    dispatch.
    """
    roles = ROLES_FOR.get(action)
    if roles is not None and (actor is None or not actor.has(*roles)):
        return False
    if action not in ROW_ACTIONS:
        return True
    if row is None:
        return None if action in ("cancel", "add_files") else False
    status = row.status
    if action == "paraf":
        return status == KeluarStatus.PARAF and may.paraf
    if action == "return_for_correction":
        return (status == KeluarStatus.PARAF and may.paraf) or (
            status == KeluarStatus.TANDA_TANGAN and may.sign
        )
    if action == "sign":
        sisipan = actor is not None and actor.has(*nomor_surat.SISIPAN_ROLES)
        return status == KeluarStatus.TANDA_TANGAN and (may.sign or sisipan)
    if action in ("edit", "submit"):
        return status in EDITABLE and may.edit
    if action == "cancel":
        if status == KeluarStatus.BATAL:
            return None
        keeper = actor is not None and actor.has(*sk.KEEPERS)
        return keeper or (status in sk.OPEN and may.edit)
    if action == "add_files":
        return None if status == KeluarStatus.BATAL else True
    tujuan = detail.tujuan if detail is not None and detail.row.id == row.id else None
    if action == "dispatch":
        if tujuan is not None:
            ok = status in SENDABLE and any(t.status == KirimStatus.BELUM for t in tujuan)
        else:
            ok = status == KeluarStatus.TERBIT
        return ok
    # receipt
    if tujuan is not None:
        ok = any(t.status == KirimStatus.DIKIRIM for t in tujuan)
    else:
        ok = status == KeluarStatus.DIKIRIM
    return ok


def berkas_jenis(row: KeluarRow) -> BerkasJenis:
    """What ``u`` adds to a letter: drafts before the signature, the signed scan after."""
    return BerkasJenis.KONSEP if row.status in sk.OPEN else BerkasJenis.ARSIP


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The office's day of a stored instant (naive values are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


class KeluarTable(PagedTable):
    """The register: Enter opens the highlighted letter; j and k move as the arrows do."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Buka", id="sk-open"),
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="sk-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="sk-up"),
    ]


class SuratKeluarScreen(AreaScreen):
    """The Surat Keluar area."""

    CSS_PATH = CSS_FILE
    AREA_MODE = "surat-keluar"
    AREA_TITLE = "Surat Keluar"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """``-narrow`` below 110 columns: narrower filters, a shorter count line."""
    BINDINGS = [
        Binding("n", "new", "Konsep baru", id="sk-new"),
        Binding("e", "edit", "Ubah", id="sk-edit"),
        Binding("a", "submit", "Ajukan paraf", id="sk-submit"),
        Binding("p", "paraf", "Paraf", id="sk-paraf"),
        Binding("b", "return_for_correction", "Kembalikan", id="sk-return"),
        Binding("s", "sign", "Tanda tangan", id="sk-sign"),
        Binding("x", "cancel", "Batal", id="sk-cancel"),
        Binding("d", "dispatch", "Kirim", id="sk-dispatch"),
        Binding("t", "receipt", "Tanda terima", id="sk-receipt"),
        Binding("u", "add_files", "Tambah berkas", id="sk-files"),
        Binding("c", "print", "Cetak", id="sk-print"),
        Binding("slash", "search", "Cari", id="sk-search"),
        Binding("f", "filter", "Filter", id="sk-filter"),
        Binding("g", "switch_view", "Tampilan", id="sk-view"),
        Binding("m", "mine", "Menunggu saya", id="sk-mine"),
        Binding("F", "more_filters", "Filter lain", key_display="F", show=False, id="sk-more"),
        Binding("O", "sort_direction", "Balik urutan", key_display="O", show=False, id="sk-dir"),
        Binding("v", "toggle_detail", "Rincian", show=False, id="sk-detail"),
        Binding("r", "reload", "Muat ulang", show=False, id="sk-reload"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="sk-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = AGENDA
        """``agenda`` (numbered letters) or ``konsep`` (not yet signed)."""
        self.descending = True
        """Newest first."""
        self.more = MoreFilters()
        """The filters of the dialog behind ``f``."""
        self.held: list[tuple[str, int]] = []
        """``(name, jabatan id)`` of the positions the user holds."""
        self._bar: dict[str, tuple[object, object, object]] = {}
        """The bar's (tahun, bulan, status) of the view not shown, to restore on return."""
        self._rows: dict[str, KeluarRow] = {}
        self._menunggu: dict[int, str] = {}
        """The awaited reviewer of each loaded letter in paraf."""
        self._count = 0
        self._columns: list[str] = []
        self._loaded: KeluarFilter | None = None
        self._search_timer: Timer | None = None
        self._jenis_names: dict[str, str] = {}
        self._short_of_id: dict[int, str] = {}
        """Positions' short names (singkatan) by id, for the Status column."""
        self._short_of_name: dict[str, str] = {}
        """Positions' short names by their full name (a letter keeps the signer's name)."""
        self._detail: KeluarDetail | None = None
        self._may = May()

    # -- layout -----------------------------------------------------------------------------

    def compose_content(self) -> ComposeResult:
        """Filter bar, search and count, the table, the detail."""
        self.actions = KeluarActions(self.kpu, self.after_write)
        """The write flows (shared with the detail screen)."""
        this_year = self.kpu.today().year
        actor = self.kpu.actor
        with self.kpu.store.read() as session:
            present = skr.years(session)
            jenis = reference.list_jenis_naskah(session)
            jabatan = reference.list_jabatan(session)
        self._jenis_names = {j.kode: j.nama for j in jenis}
        self._short_of_id = {j.id: j.singkatan or j.nama for j in jabatan}
        self._short_of_name = {j.nama: j.singkatan or j.nama for j in jabatan}
        self.held = [(j.nama, j.id) for j in jabatan if actor is not None and j.user_id == actor.id]
        years = sorted({*present, this_year}, reverse=True)
        self._bar[KONSEP] = (Select.NULL, Select.NULL, "proses")
        with Horizontal(id="sk-bar"):
            yield Select[str](
                list(VIEW_CHOICES), value=AGENDA, allow_blank=False, id="sk-view", compact=True
            )
            yield Select[int](
                [(f"Tahun {year}", year) for year in years],
                value=this_year,
                prompt="Tahun: semua",
                id="sk-tahun",
                compact=True,
            )
            yield Select[int](
                [(name, month) for month, name in enumerate(BULAN, start=1)],
                prompt="Bulan: semua",
                id="sk-bulan",
                compact=True,
            )
            yield Select[str](
                list(STATUS_CHOICES[AGENDA]), prompt="Status: semua", id="sk-status", compact=True
            )
        with Horizontal(id="sk-line"):
            yield Input(placeholder="/ cari nomor, tujuan, perihal", id="sk-cari", compact=True)
            yield Static("", id="sk-summary")
        yield KeluarTable(id="sk-table")
        with VerticalScroll(id="sk-detail-box"):
            yield Static("", id="sk-detail")
            yield Static("", id="sk-detail-short")

    @property
    def table(self) -> KeluarTable:
        """The register table."""
        return self.query_one(KeluarTable)

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

    def current_filter(self) -> KeluarFilter:
        """The filter the bar, the search box and the dialog describe."""
        tahun = self.query_one("#sk-tahun", Select).value
        bulan = self.query_one("#sk-bulan", Select).value
        status = self.query_one("#sk-status", Select).value
        return KeluarFilter(
            tampilan=self.view,
            tahun=tahun if isinstance(tahun, int) else None,
            bulan=bulan if isinstance(bulan, int) else None,
            status=STATUS_OF.get(status, ()) if isinstance(status, str) else (),
            teks=self.query_one("#sk-cari", Input).value.strip(),
            dari=self.more.dari,
            sampai=self.more.sampai,
            jenis=self.more.jenis or None,
            klasifikasi=self.more.klasifikasi or None,
            menunggu_jabatan_id=self.more.menunggu_jabatan_id,
        )

    def refresh_content(self) -> None:
        """Back from a dialog, the detail or another area: read the register again."""
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the list again (as many rows as were loaded), keeping the cursor's letter."""
        table = self.table
        keep = str(select) if select is not None else highlighted_key(table)
        want = max(PAGE, len(self._rows))
        flt = self.current_filter()
        try:
            with self.kpu.store.read() as session:
                self._count = skr.count_surat(session, flt)
                page = skr.list_surat(session, flt, descending=self.descending, limit=want)
                self._menunggu = self._waiting_of(session, page)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self._loaded = flt
        self._rows = {str(row.id): row for row in page}
        self._fill(has_more=len(page) == want)
        move_to_key(table, keep)
        self._show_summary()
        self.show_detail()

    def _waiting_of(self, session: Session, rows: Iterable[KeluarRow]) -> dict[int, str]:
        """The position whose paraf each letter in paraf awaits, by its short name (the
        Status column says it)."""
        ids = [row.id for row in rows if row.status == KeluarStatus.PARAF]
        return {
            surat_id: self._short_of_id.get(waiting.jabatan_id, waiting.jabatan_nama)
            for surat_id, waiting in skr.awaited_paraf(session, ids).items()
        }

    def short_signer(self, row: KeluarRow) -> str:
        """The signing position's short name ("Sekretaris")."""
        return self._short_of_name.get(row.penandatangan_jabatan, row.penandatangan_jabatan)

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the last rows: fetch the next page after the last one shown."""
        if not self._rows:
            return
        last = next(reversed(self._rows.values()))
        flt = self.current_filter()
        try:
            with self.kpu.store.read() as session:
                page = skr.list_surat(
                    session,
                    flt,
                    descending=self.descending,
                    after=skr.cursor_of(last, flt),
                    limit=PAGE,
                )
                self._menunggu.update(self._waiting_of(session, page))
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
        changed = apply_columns(table, COLUMNS[self.view], table.size.width, self._columns)
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
            specs = COLUMNS[self.view]
            self._columns = apply_columns(table, specs, table.size.width or 80, []) or []
        table.reset()
        for row in self._rows.values():
            self._add_row(row)
        table.page_loaded(has_more=has_more)

    def _add_row(self, row: KeluarRow) -> None:
        batal = row.status == KeluarStatus.BATAL
        dim = "dim" if batal else ""
        struck = "dim strike" if batal else ""
        values = {
            "nomor": cell(nomor_text(row), struck),
            "tanggal": cell(tanggal(row.tanggal_surat), dim),
            "dibuat": cell(tanggal(local_day(row.dibuat_at, self.kpu.zone)), dim),
            "tujuan": cell(row.tujuan_ringkas, struck),
            "perihal": cell(row.perihal, struck),
            "jenis": cell(self._jenis_names.get(row.jenis_naskah, row.jenis_naskah), dim),
            "penandatangan": cell(self.short_signer(row), dim),
            "status": status_text(row, self._menunggu.get(row.id, ""), self.short_signer(row)),
            "konseptor": cell(row.konseptor_nama, dim),
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
            parts.append(arah)
        elif self.view == AGENDA:
            parts.append(f"urut nomor, {arah} dulu")
        else:
            parts.append(f"urut dibuat, {arah} dulu")
        parts += self.more.words()
        flt = self.current_filter()
        if flt.bulan is not None and flt.tahun is None:
            parts.append("bulan berlaku bila tahun dipilih")
        self.query_one("#sk-summary", Static).update(Text(" · ".join(parts)))

    # -- detail -----------------------------------------------------------------------------

    def current(self) -> KeluarRow | None:
        """The highlighted letter."""
        return self._rows.get(highlighted_key(self.table) or "")

    def show_detail(self) -> None:
        """The highlighted letter below the list: in full, and in two lines when short."""
        row = self.current()
        full = self.query_one("#sk-detail", Static)
        short = self.query_one("#sk-detail-short", Static)
        if row is None:
            self._detail, self._may = None, May()
            self.refresh_bindings()
            hint = "n: konsep baru · g: ganti tampilan · f: filter"
            empty = Text(f"Tidak ada surat yang cocok. {hint}", style="dim")
            full.update(empty)
            short.update(empty)
            return
        today, zone = self.kpu.today(), self.kpu.zone
        try:
            with self.kpu.store.read() as session:
                detail = skr.get_detail(session, row.id)
                entries = procedure.timeline(session, row.run_id) if row.run_id else []
                self._may = may_of(self.kpu.actor, session, row.id)
        except (ServiceError, StoreError) as exc:
            full.update(Text(exc.message, style="bold red"))
            return
        self._detail = detail
        self.refresh_bindings()
        sop = find_sop(sk.SOP_SURAT_KELUAR)
        full.update(keluar_detail(detail, entries, sop, zone, today))
        short.update(short_text(detail.row, self._menunggu.get(row.id, "")))

    @on(DataTable.RowHighlighted, "#sk-table")
    def row_highlighted(self) -> None:
        """Show the highlighted letter."""
        self.show_detail()

    @on(DataTable.RowSelected, "#sk-table")
    def row_selected(self) -> None:
        """Enter opens the letter in full."""
        row = self.current()
        if row is not None:
            self.open_letter(row.id)

    def open_letter(self, surat_id: int, *, focus: str = "") -> None:
        """The letter in full: tujuan and their dispatch, the paraf chain, number, files."""
        from .surat_keluar_detail import KeluarDetailScreen

        self.app.push_screen(KeluarDetailScreen(surat_id, focus=focus))

    def after_write(self, surat_id: int | None) -> None:
        """A letter changed or was added: read the register again, on that letter (in the
        view that lists it: a new konsep shows in konsep & proses, a signed letter in the
        buku agenda)."""
        if not self.is_mounted:
            return
        if surat_id is not None:
            try:
                with self.kpu.store.read() as session:
                    row = skr.get_row(session, surat_id)
            except (ServiceError, StoreError):
                row = None
            if row is not None:
                view = AGENDA if row.nomor_surat else KONSEP
                if view != self.view:
                    self.set_view(view, reload=False)
        self.reload(select=surat_id)

    # -- views and filters ------------------------------------------------------------------

    def set_view(self, view: str, *, reload: bool = True) -> None:
        """Show the buku agenda or the konsep list; each keeps its own tahun, bulan and
        status."""
        if view == self.view or view not in VIEW_NAMES:
            return
        selects = [self.query_one(f"#sk-{name}", Select) for name in ("tahun", "bulan", "status")]
        self._bar[self.view] = (selects[0].value, selects[1].value, selects[2].value)
        tahun, bulan, status = self._bar.get(
            view, (self.kpu.today().year, Select.NULL, Select.NULL)
        )
        self.view = view
        self.query_one("#sk-view", Select).value = view
        selects[2].set_options(list(STATUS_CHOICES[view]))
        for select, value in zip(selects, (tahun, bulan, status), strict=True):
            if value is Select.NULL:
                select.clear()
            else:
                try:
                    select.value = value
                except InvalidSelectValueError:  # a tahun no longer listed: all years
                    select.clear()
        self._rows = {}
        self._columns = []
        self.table.clear(columns=True)
        self.call_after_refresh(self._fit_columns)
        if reload:
            self.reload()

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        """A select of the bar: switch the view, or read the list again (once, however many
        selects changed together)."""
        if event.select.id == "sk-view" and isinstance(event.value, str):
            self.set_view(event.value)
            return
        if self._loaded is not None and self.current_filter() == self._loaded:
            return
        self.reload()

    @on(Input.Changed, "#sk-cari")
    def search_typed(self) -> None:
        """Search once typing pauses (not at every key)."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def _search_now(self) -> None:
        self._search_timer = None
        self.reload()

    @on(Input.Submitted, "#sk-cari")
    def search_submitted(self) -> None:
        """Enter in the search box searches now and goes to the list."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_now()
        self.table.focus()

    def action_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#sk-cari", Input).focus()

    def action_filter(self) -> None:
        """The first press goes to the filter bar; a second press opens the other filters."""
        bar = self.query_one("#sk-bar")
        focused = self.focused
        if focused is not None and (focused is bar or bar in focused.ancestors):
            self.action_more_filters()
        else:
            self.query_one("#sk-tahun", Select).focus()

    def action_more_filters(self) -> None:
        """The filters that do not fit the bar: tanggal surat range, jenis, klasifikasi,
        menunggu saya."""

        def chosen(result: MoreFilters | None) -> None:
            if result is not None:
                self.more = result
                self.reload()
                self.table.focus()

        jenis = [(name, kode) for kode, name in self._jenis_names.items()]
        self.app.push_screen(
            more_filters_dialog(self.more, self.kpu.today(), jenis=jenis, held=self.held), chosen
        )

    def apply_filter(self, flt: KeluarFilter) -> None:
        """Show the letters ``flt`` describes (a figure of the home screen opens its list so):
        its view, the bar, the search box and the other filters take its values, the list is
        read once and the cursor starts on its first letter. (The signer and the surat masuk
        of ``flt`` have no place on screen and are not applied.)"""
        status = next((k for k, v in STATUS_OF.items() if v == flt.status), None)
        bar = {"#sk-tahun": flt.tahun, "#sk-bulan": flt.bulan, "#sk-status": status}
        with self.prevent(Select.Changed, Input.Changed):
            self.set_view(flt.tampilan if flt.tampilan in VIEW_NAMES else AGENDA, reload=False)
            for select_id, value in bar.items():
                select = self.query_one(select_id, Select)
                try:
                    select.value = value if value is not None else Select.NULL
                except InvalidSelectValueError:  # not offered in this view (or year): all
                    select.clear()
            self.query_one("#sk-cari", Input).value = flt.teks
        held = dict((jabatan_id, name) for name, jabatan_id in self.held)
        self.more = MoreFilters(
            dari=flt.dari,
            sampai=flt.sampai,
            jenis=flt.jenis or "",
            klasifikasi=flt.klasifikasi or "",
            menunggu_jabatan_id=flt.menunggu_jabatan_id,
            menunggu_nama=held.get(flt.menunggu_jabatan_id or 0, ""),
        )
        self._rows = {}
        self.reload()
        self.table.move_cursor(row=0)
        self.table.focus()

    def action_switch_view(self) -> None:
        """Buku agenda ↔ konsep & proses."""
        self.set_view(KONSEP if self.view == AGENDA else AGENDA)
        self.table.focus()

    def action_mine(self) -> None:
        """Letters awaiting the user's paraf or signature (on and off)."""
        if not self.held:
            return
        if self.more.menunggu_jabatan_id is not None:
            self.more = MoreFilters(**(self.more.__dict__ | {"menunggu_jabatan_id": None}))
            self.reload()
            return
        name, jabatan_id = self.held[0]
        self.more = MoreFilters(
            **(self.more.__dict__ | {"menunggu_jabatan_id": jabatan_id, "menunggu_nama": name})
        )
        if self.view != KONSEP:
            self.set_view(KONSEP, reload=False)
        self.reload()
        self.table.focus()

    def action_back_to_table(self) -> None:
        """Esc in a filter returns to the list."""
        self.table.focus()

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
        """Keys of actions the user may not take are hidden; keys that do not fit the
        highlighted letter's state are dimmed."""
        if action == "mine":
            return bool(self.held)
        if not self.is_mounted:
            return True
        row = self.current() if action in ROW_ACTIONS else None
        may = self._may if self._detail is not None and row is not None else May()
        if row is not None and self._detail is not None and self._detail.row.id != row.id:
            may = May()
        return allowed(action, row, self.kpu.actor, may, self._detail)

    def action_new(self) -> None:
        """A new konsep."""
        self.actions.new()

    def action_edit(self) -> None:
        """Revise the highlighted konsep."""
        if (row := self.current()) is not None:
            self.actions.edit(row.id)

    def action_submit(self) -> None:
        """Send the highlighted konsep for paraf."""
        if (row := self.current()) is not None:
            self.actions.submit(row.id)

    def action_paraf(self) -> None:
        """Give (or record) the awaited paraf."""
        if (row := self.current()) is not None:
            self.actions.paraf(row.id)

    def action_return_for_correction(self) -> None:
        """Return the konsep to its konseptor with a note."""
        if (row := self.current()) is not None:
            self.actions.return_for_correction(row.id)

    def action_sign(self) -> None:
        """Record the signature; the letter takes its number."""
        if (row := self.current()) is not None:
            self.actions.sign(row.id)

    def action_cancel(self) -> None:
        """Cancel the highlighted letter (with a reason; its number stays as BATAL)."""
        if (row := self.current()) is not None:
            self.actions.cancel(row.id)

    def action_add_files(self) -> None:
        """Add drafts (before the signature) or the signed scan (after it)."""
        if (row := self.current()) is not None:
            self.actions.add_files(row.id, berkas_jenis(row))

    def action_dispatch(self) -> None:
        """Record sending the letter to its tujuan."""
        if (row := self.current()) is not None:
            self.actions.dispatch(row.id)

    def action_receipt(self) -> None:
        """Record a returned tanda terima: at once when one tujuan awaits it, else in the
        letter's detail, to pick the tujuan."""
        row = self.current()
        if row is None:
            return
        detail = self._detail if self._detail and self._detail.row.id == row.id else None
        waiting = [t for t in detail.tujuan if t.status == KirimStatus.DIKIRIM] if detail else []
        if len(waiting) == 1:
            self.actions.receipt(waiting[0].id)
        else:
            self.open_letter(row.id, focus="tujuan")

    def action_print(self) -> None:
        """Print the letter's papers or the registers of the period on screen."""
        from ..keluar_print import open_keluar_print_menu

        row = self.current()
        open_keluar_print_menu(self, row.id if row else None)

    def print_period(self) -> tuple[date, date]:
        """The period the filters describe (this month when they describe none)."""
        return print_period(self.current_filter(), self.kpu.today())


__all__ = [
    "AGENDA_COLUMNS",
    "KONSEP_COLUMNS",
    "PAGE",
    "ROLES_FOR",
    "KeluarTable",
    "May",
    "SuratKeluarScreen",
    "allowed",
    "berkas_jenis",
]
