"""Jurnal: every change ever written, newest first, paged from SQL, and the chain check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static
from textual.worker import Worker, WorkerState

from kpu_tui.models import JournalEvent
from kpu_tui.rules.dates import format_tanggal_pendek, parse_tanggal
from kpu_tui.services import journal
from kpu_tui.services.journal import JournalFilter, VerifyResult
from kpu_tui.store import StoreError

from ..widgets.display import cell, highlighted_key, waktu_kantor
from ..widgets.paged_table import PagedTable
from .base import AreaScreen

PAGE = 200
KNOWN_ACTIONS = [
    "buat",
    "ubah",
    "nonaktifkan",
    "aktifkan",
    "batal",
    "login",
    "login_gagal",
    "atur_kata_sandi",
    "muat_referensi",
]
"""Suggestions for the aksi filter (any other verb can be typed)."""
RECORD_LABELS = {
    "user": "pengguna",
    "office": "profil kantor",
    "office_day": "kalender kantor",
    "jabatan": "jabatan",
    "unit": "unit",
    "kode_klasifikasi": "kode klasifikasi",
    "jenis_naskah": "jenis naskah",
    "reference_option": "pilihan",
}
"""Indonesian names of the record types the admin areas write; others show as stored."""


@dataclass(frozen=True)
class EventRow:
    """One journal event as plain values (the ORM row never leaves the read session)."""

    id: int
    at: datetime
    actor_name: str
    action: str
    record_type: str
    record_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, event: JournalEvent) -> EventRow:
        """Copy an event's values."""
        return cls(
            id=event.id or 0,
            at=event.at,
            actor_name=event.actor_name,
            action=event.action,
            record_type=event.record_type,
            record_id=event.record_id,
            before=_load(event.before),
            after=_load(event.after),
        )


def _load(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return {"(isi)": raw}
    return value if isinstance(value, dict) else {"(isi)": value}


def _show(value: Any, zone: tzinfo) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, str) and len(value) > 18 and value[10:11] == "T":
        try:  # a stored moment (UTC, ISO): show it in office time like every other time
            return waktu_kantor(datetime.fromisoformat(value), zone)
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            return format_tanggal_pendek(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe_change(
    before: dict[str, Any] | None, after: dict[str, Any] | None, zone: tzinfo = UTC
) -> Text:
    """Before and after as ``key: value`` lines; each changed line is marked with a word too."""
    text = Text()
    if before is None and after is None:
        text.append("Peristiwa ini tidak menyimpan isi data.", style="dim")
        return text
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    for key in keys:
        old = (before or {}).get(key, None)
        new = (after or {}).get(key, None)
        if before is None:
            text.append(f"+ {key}: {_show(new, zone)}\n", style="green")
        elif after is None or key not in (after or {}):
            text.append(f"  {key}: {_show(old, zone)}\n", style="dim")
        elif key not in before:
            text.append(f"+ {key}: {_show(new, zone)}  (baru)\n", style="bold green")
        elif old != new:
            text.append(
                f"~ {key}: {_show(old, zone)} → {_show(new, zone)}  (berubah)\n",
                style="bold yellow",
            )
        else:
            text.append(f"  {key}: {_show(new, zone)}\n")
    text.rstrip()
    return text


class JournalScreen(AreaScreen):
    """The journal: filters, the paged table, the highlighted event's values, the check."""

    AREA_MODE = "jurnal"
    AREA_TITLE = "Jurnal"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("v", "verify", "Periksa keutuhan", id="journal-verify"),
        Binding("slash", "search", "Cari", id="journal-search"),
        Binding("f", "filters", "Filter", id="journal-filter"),
        Binding("c", "clear_filters", "Hapus filter", id="journal-clear"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="journal-back"),
    ]

    def compose_content(self) -> ComposeResult:
        """Filters, summary, table, detail."""
        with Grid(id="journal-filters", classes="admin-bar"):
            yield Select[str]([], prompt="Jenis data: semua", id="journal-type", compact=True)
            yield Input(
                placeholder="aksi (mis. ubah)",
                suggester=SuggestFromList(KNOWN_ACTIONS, case_sensitive=False),
                id="journal-action",
                compact=True,
            )
            yield Input(placeholder="/ cari pelaku atau id", id="journal-text", compact=True)
            yield Input(placeholder="dari tanggal", id="journal-dari", compact=True)
            yield Input(placeholder="sampai tanggal", id="journal-sampai", compact=True)
        yield Static("", id="journal-summary")
        yield Static("", id="journal-verify")
        yield PagedTable(id="journal-table")
        with VerticalScroll(id="journal-detail-box", classes="admin-detail"):
            yield Static("", id="journal-detail")

    def on_mount(self) -> None:
        """Columns, the record types present, the first page."""
        super().on_mount()
        self._rows: dict[str, EventRow] = {}
        self._filter = JournalFilter()
        self._count = 0
        table = self.query_one(PagedTable)
        for label, key, width in (
            ("No", "id", 6),
            ("Waktu", "at", 17),
            ("Aksi", "action", 14),
            ("Jenis data", "type", 16),
            ("Pelaku", "actor", 18),
            ("Id", "record", 16),
        ):
            table.add_column(label, key=key, width=width)
        self.refresh_content()
        table.focus()

    # -- loading ----------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Reload when something was written since (back from a dialog, another area, F1).

        When nothing new matches the filter the list stays as it is, with its cursor and the
        pages already loaded.
        """
        try:
            with self.kpu.store.read() as session:
                types = journal.record_types(session)
                newest = journal.list_events(session, self._filter, limit=1)
        except StoreError as exc:
            self.notify(exc.message, severity="error")
            return
        select = self.query_one("#journal-type", Select)
        current = select.value
        with select.prevent(Select.Changed):
            select.set_options([(RECORD_LABELS.get(t, t), t) for t in types])
            if current in types:
                select.value = current
        newest_id = str(newest[0].id) if newest else None
        if newest_id is None or newest_id not in self._rows:
            self._reload()

    def _reload(self) -> None:
        table = self.query_one(PagedTable)
        table.reset()
        self._rows = {}
        try:
            with self.kpu.store.read() as session:
                self._count = journal.count_events(session, self._filter)
        except StoreError as exc:
            self.notify(exc.message, severity="error")
            return
        self._load_page()

    def _load_page(self) -> None:
        table = self.query_one(PagedTable)
        before_id = min((row.id for row in self._rows.values()), default=None)
        try:
            with self.kpu.store.read() as session:
                page = [
                    EventRow.of(event)
                    for event in journal.list_events(
                        session, self._filter, before_id=before_id, limit=PAGE
                    )
                ]
        except StoreError as exc:
            self.notify(exc.message, severity="error")
            return
        for row in page:
            self._rows[str(row.id)] = row
            table.add_row(
                cell(row.id),
                cell(waktu_kantor(row.at, self.kpu.zone)),
                cell(row.action, "bold red" if row.action == "login_gagal" else ""),
                cell(RECORD_LABELS.get(row.record_type, row.record_type)),
                cell(row.actor_name),
                cell(row.record_id),
                key=str(row.id),
            )
        table.page_loaded(has_more=len(page) == PAGE)
        self._show_summary()
        self._show_detail()

    @on(PagedTable.NeedMore)
    def load_more(self) -> None:
        """The cursor reached the end of what is loaded: fetch the next (older) page."""
        self._load_page()

    def _show_summary(self) -> None:
        shown = len(self._rows)
        more = " (gulir ke bawah untuk memuat berikutnya)" if shown < self._count else ""
        self.query_one("#journal-summary", Static).update(
            f"{self._count:,} peristiwa cocok".replace(",", ".")
            + f" · dimuat {shown:,}".replace(",", ".")
            + more
        )

    def _show_detail(self) -> None:
        key = highlighted_key(self.query_one(PagedTable))
        row = self._rows.get(key or "")
        detail = self.query_one("#journal-detail", Static)
        if row is None:
            detail.update("Tidak ada peristiwa yang cocok dengan filter.")
            return
        head = Text(
            f"Peristiwa {row.id} · {waktu_kantor(row.at, self.kpu.zone)} · {row.actor_name} · "
            f"{row.action} {RECORD_LABELS.get(row.record_type, row.record_type)} {row.record_id}\n",
            style="bold",
        )
        if row.before is not None and row.after is not None:
            head.append("Tanda: ~ berubah, + baru\n", style="dim")
        detail.update(head + describe_change(row.before, row.after, self.kpu.zone))

    @on(PagedTable.RowHighlighted, "#journal-table")
    def row_highlighted(self) -> None:
        """Show the highlighted event's values."""
        self._show_detail()

    # -- filters ----------------------------------------------------------------------------

    def _day_start(self, widget_id: str, *, next_day: bool = False) -> datetime | None:
        text = self.query_one(widget_id, Input).value.strip()
        if not text:
            return None
        day: date = parse_tanggal(text, self.kpu.today())
        if next_day:
            day += timedelta(days=1)
        return datetime.combine(day, time(0), tzinfo=self.kpu.zone).astimezone(UTC)

    def _apply_filters(self) -> None:
        summary = self.query_one("#journal-summary", Static)
        try:
            dari = self._day_start("#journal-dari")
            sampai = self._day_start("#journal-sampai", next_day=True)
        except ValueError as exc:
            summary.update(Text(f"Filter tanggal: {exc}", style="bold red"))
            return
        record_type = self.query_one("#journal-type", Select).value
        self._filter = JournalFilter(
            action=self.query_one("#journal-action", Input).value.strip() or None,
            record_type=record_type if isinstance(record_type, str) else None,
            text=self.query_one("#journal-text", Input).value.strip() or None,
            dari=dari,
            sampai=sampai,
        )
        self._reload()

    @on(Select.Changed, "#journal-type")
    def type_changed(self) -> None:
        """A record type was picked."""
        self._apply_filters()

    @on(Input.Submitted, "#journal-filters Input")
    def filter_submitted(self) -> None:
        """Enter in a filter field applies the filters."""
        self._apply_filters()

    def action_search(self) -> None:
        """Jump to the free-text filter."""
        self.query_one("#journal-text", Input).focus()

    def action_filters(self) -> None:
        """Jump to the first filter."""
        self.query_one("#journal-type", Select).focus()

    def action_clear_filters(self) -> None:
        """Show every event again."""
        for input_id in ("#journal-action", "#journal-text", "#journal-dari", "#journal-sampai"):
            self.query_one(input_id, Input).value = ""
        select = self.query_one("#journal-type", Select)
        with select.prevent(Select.Changed):
            select.clear()
        self._apply_filters()

    def action_back_to_table(self) -> None:
        """Esc in a filter returns to the table."""
        self.query_one(PagedTable).focus()

    # -- verify -----------------------------------------------------------------------------

    def action_verify(self) -> None:
        """Check the whole hash chain in a worker."""
        label = self.query_one("#journal-verify", Static)
        label.update("Memeriksa keutuhan jurnal…")
        label.remove_class("ok", "broken")
        label.add_class("busy")
        self._verify()

    @work(thread=True, exclusive=True, group="journal-verify", exit_on_error=False)
    def _verify(self) -> None:
        with self.kpu.store.read() as session:
            result = journal.verify(session)
        self.app.call_from_thread(self._verified, result)

    def _verified(self, result: VerifyResult) -> None:
        label = self.query_one("#journal-verify", Static)
        if result.ok:
            label.update(f"✓ Jurnal utuh: {result.checked:,} peristiwa".replace(",", "."))
            label.set_class(True, "ok")
            label.remove_class("busy")
        else:
            label.update(
                f"✗ Jurnal RUSAK pada peristiwa nomor {result.broken_id}: {result.reason}. "
                f"{result.checked} peristiwa sebelumnya utuh."
            )
            label.set_class(True, "broken")
            label.remove_class("busy")

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """A failed check says so instead of passing silently."""
        if event.state == WorkerState.ERROR and event.worker.group == "journal-verify":
            error = event.worker.error
            message = getattr(error, "message", "") or str(error)
            label = self.query_one("#journal-verify", Static)
            label.update(Text(f"✗ Pemeriksaan jurnal gagal: {message}"))
            label.set_class(True, "broken")
            label.remove_class("busy")
