"""Nomor Surat: the numbering ledger of a year, the register auditors check first.

Filters above the table (tahun, seri, state), a line that says at once whether any number is
missing, the ledger one page at a time (``list_nomor(after=cursor_of(last row))``), the
highlighted number's detail below (``v`` hides it). ``g`` switches to the gap report: every
number of the year that is not on a live letter (voided, returned, reserved and unused) and,
in red, any number missing from the ledger. The keepers of the numbers (petugas, kasubbag,
admin) reserve (``n``), return (``k``) and void (``x``) numbers and record the letter made on a
reserved one (``c``); ``p`` prints the ledger of the year; an admin sets the series (``S``).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Select, Static

from kpu_tui.models import NomorStatus, Role
from kpu_tui.rules.dates import format_hari_tanggal, format_tanggal_pendek
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.nomor_surat import NomorFilter
from kpu_tui.services.surat_keluar_views import GapEntry, NomorView, SeriView
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.dialogs import ConfirmReason
from ..widgets.display import cell, highlighted_key, move_to_key, waktu_kantor
from ..widgets.paged_table import PagedTable
from .base import AreaScreen
from .prosedur_dialogs import refusal

PAGE = 100
"""Rows per page."""
NARROW = 110
"""Below this many columns the filters take their short forms."""
COLUMNS = (
    ColumnSpec("nomor", "Nomor Surat", 22, flex=1),
    ColumnSpec("tanggal", "Tanggal", 11, drop=3),
    ColumnSpec("seri", "Seri", 13, drop=5),
    ColumnSpec("status", "Status", 12),
    ColumnSpec("perihal", "Perihal / keperluan", 14, flex=3),
    ColumnSpec("tujuan", "Tujuan", 12, flex=2, drop=6),
    ColumnSpec("untuk", "Untuk / oleh", 14, flex=1, drop=4),
    ColumnSpec("alasan", "Alasan", 12, flex=1, drop=2),
)
"""The ledger's columns; at 80 columns Tujuan, Seri, Untuk/oleh, Alasan and Tanggal give way
(the detail below shows them) and the number, its state and its perihal stay."""
GAP_COLUMNS = (
    ColumnSpec("seri", "Seri", 13, drop=2),
    ColumnSpec("urut", "Urut", 5, justify="right"),
    ColumnSpec("nomor", "Nomor Surat", 20, flex=2),
    ColumnSpec("keadaan", "Keadaan", 22),
    ColumnSpec("alasan", "Alasan", 12, flex=3, drop=1),
)
STATUS_CHOICES = tuple((status.label, status.value) for status in NomorStatus)
"""The state filter: terpakai, dipesan, dikembalikan, BATAL."""
STATUS_STYLE = {
    NomorStatus.TERPAKAI: "green",
    NomorStatus.DIPESAN: "bold yellow",
    NomorStatus.DIKEMBALIKAN: "italic cyan",
    NomorStatus.BATAL: "bold red",
}
GAP_WORDS = {
    "batal": ("BATAL", "bold red"),
    "dikembalikan": ("dikembalikan", "italic cyan"),
    "dipesan": ("dipesan, belum dipakai", "bold yellow"),
    "hilang": ("HILANG: tidak tercatat", "bold white on red"),
}
"""The state of a gap entry in words (never colour alone) and its style."""
PROMPTS = {
    "#ns-seri": ("Seri: semua", "Seri"),
    "#ns-status": ("Status: semua", "Status"),
}
"""The empty choice of each filter, wide and narrow."""


class LedgerTable(PagedTable):
    """The ledger; j and k move as the arrows do."""

    BINDINGS = [
        Binding("j", "cursor_down", "Turun satu baris", show=False, id="ns-down"),
        Binding("k", "cursor_up", "Naik satu baris", show=False, id="ns-up"),
    ]


class GapTable(DataTable[Text]):
    """The gap report's entries (read only)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)


# -- words ---------------------------------------------------------------------------------------


def status_text(status: NomorStatus) -> Text:
    """The state of a number in words, coloured."""
    return Text(status.label, style=STATUS_STYLE[status], no_wrap=True)


def untuk_oleh(view: NomorView) -> str:
    """``untuk Kasubbag TPPH · oleh Sekar`` for a reservation, ``oleh Sekar`` otherwise."""
    if view.untuk_nama:
        return f"{view.untuk_nama} / {view.oleh_nama}"
    return view.oleh_nama


def integrity_line(entries: list[GapEntry], tahun: int) -> Text:
    """The first thing an auditor reads: whether any number of the year is missing, and how many
    numbers are voided, returned or still reserved."""
    counts = {key: 0 for key in GAP_WORDS}
    for entry in entries:
        counts[entry.keadaan] = counts.get(entry.keadaan, 0) + 1
    text = Text()
    if counts["hilang"]:
        text.append(
            f" PERINGATAN: {counts['hilang']} nomor tahun {tahun} hilang dari buku nomor ",
            style="bold white on red",
        )
        text.append("  g: laporan celah", style="bold red")
    else:
        text.append(f"✓ Tidak ada nomor yang hilang (tahun {tahun})", style="bold green")
    rest = [
        f"{counts['batal']} BATAL" if counts["batal"] else "",
        f"{counts['dikembalikan']} dikembalikan" if counts["dikembalikan"] else "",
        f"{counts['dipesan']} dipesan belum dipakai" if counts["dipesan"] else "",
    ]
    words = [word for word in rest if word]
    if words:
        text.append(" · " + " · ".join(words), style="")
    return text


def nomor_detail(
    view: NomorView, seri: dict[str, SeriView], zone: tzinfo, actor: Actor | None
) -> Text:
    """The highlighted number in full, with the keys that apply to it."""
    out = Text()
    out.append("Nomor surat ")
    out.append(view.nomor_teks, style="bold")
    out.append("  ")
    out.append_text(status_text(view.status))
    out.append("\n")
    series = seri.get(view.seri)
    parts = [f"Tanggal {format_hari_tanggal(view.tanggal)}"]
    parts.append(f"Seri {series.nama if series else view.seri}")
    parts.append(f"urut {view.urut}{view.sisipan}" + (" (sisipan)" if view.sisipan else ""))
    if view.jenis_naskah:
        parts.append(f"Jenis {view.jenis_naskah}")
    if view.klasifikasi:
        parts.append(f"Klasifikasi {view.klasifikasi}")
    out.append(" · ".join(parts) + "\n")
    label = "Perihal" if view.surat_keluar_id is not None else "Keperluan"
    if view.perihal:
        out.append(f"{label}: {view.perihal}\n")
    if view.tujuan:
        out.append(f"Tujuan: {view.tujuan}\n")
    if view.untuk_nama:
        out.append(f"Dipesan untuk: {view.untuk_nama}\n")
    taken = waktu_kantor(view.dibuat_at, zone)
    out.append(f"Diambil oleh {view.oleh_nama or '–'} pada {taken}\n", style="dim")
    if view.status in (NomorStatus.BATAL, NomorStatus.DIKEMBALIKAN):
        when = waktu_kantor(view.diubah_at, zone)
        verb = "Dibatalkan" if view.status == NomorStatus.BATAL else "Dikembalikan"
        out.append(f"{verb} {when}: {view.alasan or '–'}\n", style=STATUS_STYLE[view.status])
    keeper = actor is not None and actor.has(*ns.KEEPERS)
    if view.status == NomorStatus.DIPESAN and keeper:
        out.append(
            "c: catat surat pada nomor ini · b: kembalikan (tidak jadi dipakai) · x: batalkan",
            style="dim",
        )
    elif view.status == NomorStatus.TERPAKAI and view.surat_keluar_id is not None:
        out.append(
            "Nomor ini dipakai surat keluar; membatalkannya berarti membatalkan suratnya di "
            "area Surat Keluar.",
            style="dim",
        )
    return out


def short_text(view: NomorView) -> Text:
    """The highlighted number in one line (80x24)."""
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(view.nomor_teks, style="bold")
    out.append(" · ")
    out.append_text(status_text(view.status))
    out.append(f" · {format_tanggal_pendek(view.tanggal)}")
    if view.perihal:
        out.append(f" · {view.perihal}")
    if view.alasan:
        out.append(f" · alasan: {view.alasan}")
    return out


# -- the screen ----------------------------------------------------------------------------------


class NomorSuratScreen(AreaScreen):
    """The Nomor Surat area."""

    AREA_MODE = "nomor-surat"
    AREA_TITLE = "Nomor Surat"
    CSS_PATH = "../nomor_surat.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS = [
        Binding("n", "reserve", "Pesan nomor", id="ns-reserve"),
        Binding("c", "record", "Catat surat", id="ns-record"),
        Binding("b", "return_number", "Kembalikan", id="ns-return"),
        Binding("x", "void", "Batalkan", id="ns-void"),
        Binding("g", "show_report", "Laporan celah", id="ns-report"),
        Binding("g", "show_ledger", "Buku nomor", id="ns-ledger"),
        Binding("p", "print", "Cetak buku nomor", id="ns-print"),
        Binding("S", "series", "Seri nomor", key_display="S", id="ns-series"),
        Binding("f", "filter", "Filter", id="ns-filter"),
        Binding("v", "toggle_detail", "Rincian", show=False, id="ns-detail"),
        Binding("r", "reload", "Muat ulang", show=False, id="ns-reload"),
        Binding("escape", "back", "Kembali", show=False, id="ns-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, NomorView] = {}
        self._count = 0
        self._columns: list[str] = []
        self._gap_columns: list[str] = []
        self._gaps: list[GapEntry] = []
        self._series: dict[str, SeriView] = {}

    # -- layout -----------------------------------------------------------------------------

    def compose_content(self) -> ComposeResult:
        """Filter bar, integrity line, the ledger with its detail or the gap report."""
        this_year = self.kpu.today().year
        with self.kpu.store.read() as session:
            present = ns.years(session)
            series = ns.list_series(session)
        self._series = {s.kode: s for s in series}
        years = sorted({*present, this_year}, reverse=True)
        with Horizontal(id="ns-bar"):
            yield Select[int](
                [(f"Tahun {year}", year) for year in years],
                value=this_year,
                allow_blank=False,
                id="ns-tahun",
                compact=True,
            )
            yield Select[str](
                [(s.nama, s.kode) for s in series],
                prompt="Seri: semua",
                id="ns-seri",
                compact=True,
            )
            yield Select[str](
                list(STATUS_CHOICES), prompt="Status: semua", id="ns-status", compact=True
            )
            yield Static("", id="ns-summary")
        yield Static("", id="ns-integrity")
        with ContentSwitcher(initial="ns-ledger", id="ns-switcher"):
            with Vertical(id="ns-ledger"):
                yield LedgerTable(id="ns-table")
                with VerticalScroll(id="ns-detail-box"):
                    yield Static("", id="ns-detail")
                    yield Static("", id="ns-detail-short")
            with Vertical(id="ns-report"):
                yield Static("", id="ns-gap-head")
                yield GapTable(id="ns-gaps")

    @property
    def table(self) -> LedgerTable:
        """The ledger table."""
        return self.query_one(LedgerTable)

    @property
    def gap_table(self) -> GapTable:
        """The gap report's table."""
        return self.query_one(GapTable)

    @property
    def showing_report(self) -> bool:
        """Whether the gap report is shown instead of the ledger."""
        switchers = self.query(ContentSwitcher)
        return bool(switchers) and switchers.first().current == "ns-report"

    def on_mount(self) -> None:
        """The first page, the cursor in the table."""
        super().on_mount()
        self.reload()
        self.table.focus()

    def on_resize(self) -> None:
        """Fit the filters and the columns to the width."""
        narrow = self.size.width < NARROW
        for select_id, (wide, short) in PROMPTS.items():
            self.query_one(select_id, Select).prompt = short if narrow else wide
        self.call_after_refresh(self._fit_columns)

    # -- loading ----------------------------------------------------------------------------

    @property
    def tahun(self) -> int:
        """The year shown."""
        value = self.query_one("#ns-tahun", Select).value
        return value if isinstance(value, int) else self.kpu.today().year

    def current_filter(self) -> NomorFilter:
        """The filter the bar describes."""
        seri = self.query_one("#ns-seri", Select).value
        status = self.query_one("#ns-status", Select).value
        return NomorFilter(
            tahun=self.tahun,
            seri=seri if isinstance(seri, str) else None,
            status=(NomorStatus(status),) if isinstance(status, str) else (),
        )

    def refresh_content(self) -> None:
        """Back from a dialog or another area: read the ledger again."""
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the ledger (as many rows as were loaded) and the gap report again, keeping the
        cursor's number."""
        table = self.table
        keep = str(select) if select is not None else highlighted_key(table)
        want = max(PAGE, len(self._rows))
        flt = self.current_filter()
        try:
            with self.kpu.store.read() as session:
                self._series = {s.kode: s for s in ns.list_series(session)}
                self._count = ns.count_nomor(session, flt)
                page = ns.list_nomor(session, flt, limit=want)
                self._gaps = ns.gaps(session, tahun=self.tahun, seri=flt.seri)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self._rows = {str(row.id): row for row in page}
        self._fill(has_more=len(page) == want)
        move_to_key(table, keep)
        self._show_summary()
        self._fill_gaps()
        self.show_detail()

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the last rows: fetch the next page after the last one shown."""
        if not self._rows:
            return
        last = next(reversed(self._rows.values()))
        try:
            with self.kpu.store.read() as session:
                page = ns.list_nomor(
                    session, self.current_filter(), after=ns.cursor_of(last), limit=PAGE
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
        """Columns for the width of each table (a hidden one keeps its columns)."""
        table = self.table
        changed = (
            apply_columns(table, COLUMNS, table.size.width, self._columns)
            if table.size.width
            else None
        )
        if changed is not None:
            self._columns = changed
            keep = highlighted_key(table)
            self._fill(has_more=table.has_more)
            move_to_key(table, keep)
        gaps = self.gap_table
        if gaps.size.width:
            changed = apply_columns(gaps, GAP_COLUMNS, gaps.size.width, self._gap_columns)
            if changed is not None:
                self._gap_columns = changed
                self._fill_gaps()

    def _fill(self, *, has_more: bool) -> None:
        table = self.table
        if not self._columns:
            self._columns = apply_columns(table, COLUMNS, table.size.width or 80, []) or []
        table.reset()
        for row in self._rows.values():
            self._add_row(row)
        table.page_loaded(has_more=has_more)

    def _add_row(self, row: NomorView) -> None:
        struck = {
            NomorStatus.BATAL: "dim strike",
            NomorStatus.DIKEMBALIKAN: "dim italic",
        }.get(row.status, "")
        dim = "dim" if struck else ""
        values = {
            "nomor": cell(row.nomor_teks, struck or "bold"),
            "tanggal": cell(format_tanggal_pendek(row.tanggal), dim),
            "seri": cell(row.seri, dim),
            "status": status_text(row.status),
            "perihal": cell(row.perihal, struck),
            "tujuan": cell(row.tujuan, struck),
            "untuk": cell(untuk_oleh(row), dim),
            "alasan": cell(row.alasan, STATUS_STYLE[row.status] if row.alasan else ""),
        }
        keys = [str(column.value) for column in self.table.columns]
        self.table.add_row(*(values[key] for key in keys), key=str(row.id))

    def _show_summary(self) -> None:
        parts = [f"{self._count} nomor"]
        if len(self._rows) < self._count:
            parts.append(f"dimuat {len(self._rows)}")
        parts.append("urut nomor")
        self.query_one("#ns-summary", Static).update(Text(" · ".join(parts)))
        self.query_one("#ns-integrity", Static).update(integrity_line(self._gaps, self.tahun))

    def _fill_gaps(self) -> None:
        table = self.gap_table
        if not self._gap_columns:
            self._gap_columns = apply_columns(table, GAP_COLUMNS, table.size.width or 80, []) or []
        table.clear()
        for index, entry in enumerate(self._gaps):
            words, style = GAP_WORDS.get(entry.keadaan, (entry.keadaan, ""))
            hilang = entry.keadaan == "hilang"
            values = {
                "seri": cell(entry.seri, "bold red" if hilang else ""),
                "urut": Text(str(entry.urut), style="bold red" if hilang else "", justify="right"),
                "nomor": cell(entry.nomor_teks or "(tidak ada di buku nomor)", style),
                "keadaan": Text(words, style=style, no_wrap=True),
                "alasan": cell(entry.alasan or ("–" if not hilang else "tidak pernah tercatat")),
            }
            keys = [str(column.value) for column in table.columns]
            table.add_row(*(values[key] for key in keys), key=str(index))
        head = Text()
        head.append(f"Laporan celah nomor tahun {self.tahun}", style="bold")
        seri = self.current_filter().seri
        if seri:
            series = self._series.get(seri)
            head.append(f" · seri {series.nama if series else seri}")
        head.append("\n")
        head.append_text(integrity_line(self._gaps, self.tahun))
        head.append("\n")
        if not self._gaps:
            head.append(
                "Setiap nomor tahun ini dipakai surat yang sah: tidak ada nomor batal, "
                "dikembalikan atau dipesan.",
                style="dim",
            )
        else:
            head.append(
                "Nomor yang tidak dipakai surat yang sah. Yang boleh ada hanya BATAL, "
                "dikembalikan dan dipesan (belum dipakai); nomor HILANG berarti buku nomor "
                "diubah di luar aplikasi.",
                style="dim",
            )
        self.query_one("#ns-gap-head", Static).update(head)

    # -- detail -----------------------------------------------------------------------------

    def current(self) -> NomorView | None:
        """The highlighted number."""
        return self._rows.get(highlighted_key(self.table) or "")

    def show_detail(self) -> None:
        """The highlighted number below the ledger, in full and in one line."""
        row = self.current()
        full = self.query_one("#ns-detail", Static)
        short = self.query_one("#ns-detail-short", Static)
        self.refresh_bindings()
        if row is None:
            keeper = self.kpu.actor is not None and self.kpu.actor.has(*ns.KEEPERS)
            hint = "n: pesan nomor · " if keeper else ""
            empty = Text(
                f"Belum ada nomor yang cocok pada tahun {self.tahun}. {hint}f: filter",
                style="dim",
            )
            full.update(empty)
            short.update(empty)
            return
        full.update(nomor_detail(row, self._series, self.kpu.zone, self.kpu.actor))
        short.update(short_text(row))

    @on(DataTable.RowHighlighted, "#ns-table")
    def row_highlighted(self) -> None:
        """Show the highlighted number."""
        self.show_detail()

    def after_write(self, _surat_id: int | None = None) -> None:
        """Something was written: read the ledger again on the same number."""
        if self.is_mounted:
            self.reload()

    # -- filters and views ------------------------------------------------------------------

    @on(Select.Changed)
    def filter_changed(self) -> None:
        """A filter of the bar: read the ledger again from its first page."""
        self._rows = {}
        self.reload()

    def action_filter(self) -> None:
        """Go to the filter bar."""
        self.query_one("#ns-tahun", Select).focus()

    def action_back(self) -> None:
        """Esc: from a filter or the gap report back to the ledger."""
        if self.showing_report:
            self.action_toggle_report()
            return
        self.table.focus()

    def action_show_report(self) -> None:
        """The gap report of the year."""
        if not self.showing_report:
            self.action_toggle_report()

    def action_show_ledger(self) -> None:
        """Back to the ledger."""
        if self.showing_report:
            self.action_toggle_report()

    def action_toggle_report(self) -> None:
        """Switch between the ledger and the gap report of the year."""
        switcher = self.query_one(ContentSwitcher)
        if self.showing_report:
            switcher.current = "ns-ledger"
            self.table.focus()
        else:
            switcher.current = "ns-report"
            self.gap_table.focus()
        self.query_one("#ns-integrity").display = not self.showing_report
        self.call_after_refresh(self._fit_columns)
        self.refresh_bindings()

    def action_toggle_detail(self) -> None:
        """Show or hide the detail below the ledger."""
        self.toggle_class("-no-detail")

    def action_reload(self) -> None:
        """Read the ledger again."""
        self.reload()
        self.notify("Buku nomor dimuat ulang.", timeout=2)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the user's roles do not allow are hidden; the keys on a number are shown only
        in the ledger and dimmed when the highlighted number is not in a state they apply to."""
        actor = self.kpu.actor
        if action in ("reserve", "record", "return_number", "void"):
            if actor is None or not actor.has(*ns.KEEPERS):
                return False
            if not self.is_mounted:
                return True
            if self.showing_report:
                return None if action != "reserve" else True
            if action == "reserve":
                return True
            row = self.current()
            if row is None:
                return None
            if action == "void":
                return True if row.status in (NomorStatus.DIPESAN, NomorStatus.TERPAKAI) else None
            return True if row.status == NomorStatus.DIPESAN else None
        if action == "series":
            return actor is not None and actor.has(Role.ADMIN)
        if action in ("show_report", "show_ledger"):
            # g names where it goes: the report from the ledger, the ledger from the report.
            report = self.is_mounted and self.showing_report
            return report if action == "show_ledger" else not report
        return True

    @property
    def actor(self) -> Actor:
        """The logged-in user."""
        if self.kpu.actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return self.kpu.actor

    def now(self) -> datetime:
        """The app's clock as a UTC instant (what the services store)."""
        return self.kpu.now().astimezone(UTC)

    def refuse(self, message: str) -> None:
        """Say why an action cannot be done."""
        self.notify(message, severity="warning", markup=False, timeout=8)

    def _allowed(self, action: str) -> bool:
        try:
            self.actor.require(*ns.KEEPERS, action=action)
        except ServiceError as exc:
            self.refuse(refusal(exc))
            return False
        return True

    def action_reserve(self) -> None:
        """Reserve the next number for a letter made outside the application."""
        if not self._allowed("pemesanan nomor surat"):
            return
        from .nomor_surat_dialogs import Reserved, ReserveDialog

        def done(result: Reserved | None) -> None:
            if result is None:
                return
            self.reload(select=result.nomor_id)
            if result.then_record:
                self.record(result.nomor_id)

        self.app.push_screen(ReserveDialog(), done)

    def action_record(self) -> None:
        """Record the letter made on the highlighted reserved number."""
        row = self.current()
        if row is None or not self._allowed("pencatatan surat dari nomor yang dipesan"):
            return
        if row.status != NomorStatus.DIPESAN:
            self.refuse(
                f"Nomor {row.nomor_teks} {row.status.label}: hanya nomor yang dipesan dapat "
                "dicatat sebagai surat."
            )
            return
        self.record(row.id)

    def record(self, nomor_id: int) -> None:
        """The Surat Keluar flow that records a letter made on a reserved number."""
        from .surat_keluar_actions import KeluarActions

        KeluarActions(self.kpu, self.after_write).record_reserved(nomor_id)

    def action_return_number(self) -> None:
        """Return the highlighted reserved number unused (it stays listed as dikembalikan)."""
        row = self.current()
        if row is None or not self._allowed("pengembalian nomor surat"):
            return
        if row.status != NomorStatus.DIPESAN:
            self.refuse(
                f"Nomor {row.nomor_teks} {row.status.label}: hanya nomor yang dipesan dan belum "
                "dipakai dapat dikembalikan."
            )
            return

        def confirm(alasan: str) -> NomorView:
            with self.kpu.store.write() as session:
                return ns.return_number(
                    session, actor=self.actor, nomor_id=row.id, alasan=alasan, now=self.now()
                )

        def done(result: NomorView | None) -> None:
            if result is not None:
                self.notify(
                    f"Nomor {result.nomor_teks} dikembalikan; tetap tercatat dan tidak dipakai "
                    "lagi.",
                    title="Nomor Surat",
                    markup=False,
                )
                self.reload(select=result.id)

        untuk = f" untuk {row.untuk_nama}" if row.untuk_nama else ""
        message = (
            f"Kembalikan nomor {row.nomor_teks} (dipesan{untuk}: {row.perihal})? Nomor tetap "
            "tercatat di buku nomor sebagai dikembalikan dan tidak diberikan lagi."
        )
        self.app.push_screen(
            ConfirmReason("Kembalikan nomor surat", message, confirm, confirm_label="Kembalikan"),
            done,
        )

    def action_void(self) -> None:
        """Void the highlighted reserved number with a reason (it stays listed as BATAL)."""
        row = self.current()
        if row is None or not self._allowed("pembatalan nomor surat"):
            return
        if row.status == NomorStatus.TERPAKAI:
            self.refuse(
                f"Nomor {row.nomor_teks} dipakai surat keluar ({row.perihal}). Batalkan suratnya "
                "di area Surat Keluar (tombol x); nomornya ikut batal dan tetap tercatat."
            )
            return
        if row.status != NomorStatus.DIPESAN:
            self.refuse(f"Nomor {row.nomor_teks} sudah {row.status.label}.")
            return

        def confirm(alasan: str) -> NomorView:
            with self.kpu.store.write() as session:
                return ns.void(
                    session, actor=self.actor, nomor_id=row.id, alasan=alasan, now=self.now()
                )

        def done(result: NomorView | None) -> None:
            if result is not None:
                self.notify(
                    f"Nomor {result.nomor_teks} dibatalkan; tetap tercatat sebagai BATAL.",
                    title="Nomor Surat",
                    markup=False,
                )
                self.reload(select=result.id)

        message = (
            f"Batalkan nomor {row.nomor_teks} ({row.perihal})? Nomor tetap tercatat di buku "
            "nomor sebagai BATAL dengan alasannya dan tidak diberikan lagi."
        )
        self.app.push_screen(
            ConfirmReason("Batalkan nomor surat", message, confirm, confirm_label="Batalkan"),
            done,
        )

    def action_print(self) -> None:
        """Print the ledger of the year shown (every number with its state)."""
        from ..keluar_print import print_nomor

        print_nomor(self, self.tahun)

    def action_series(self) -> None:
        """The numbering series (admin)."""
        if self.kpu.actor is None or not self.kpu.actor.has(Role.ADMIN):
            self.refuse("Pengaturan seri nomor hanya untuk Administrator.")
            return
        from .seri_nomor import SeriNomorScreen

        def closed(_: object) -> None:
            self.reload()

        self.app.push_screen(SeriNomorScreen(), closed)


__all__ = ["COLUMNS", "PAGE", "LedgerTable", "NomorSuratScreen", "integrity_line"]
