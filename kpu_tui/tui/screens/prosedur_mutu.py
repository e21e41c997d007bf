"""Mutu baku: per step of one SOP, over a period, the actual times against the standard.

The evidence an office files for the SOP evaluation its SOPs require at least twice a year, so
the period starts as the current calendar half-year. ``p`` prints the same figures as PDF.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from kpu_tui.rules.dates import format_tanggal, parse_tanggal
from kpu_tui.services import procedure
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.procedure import MutuBakuReport
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell
from .prosedur_render import dengan_satuan, persen_text

if TYPE_CHECKING:
    from .prosedur import ProsedurScreen

COLUMNS = (
    ColumnSpec("no", "No", 3, justify="right"),
    ColumnSpec("kegiatan", "Kegiatan", 14, flex=3),
    ColumnSpec("standar", "Standar", 10, flex=1, drop=1),
    ColumnSpec("jumlah", "Jumlah", 6, justify="right"),
    ColumnSpec("median", "Median", 10, justify="right"),
    ColumnSpec("p90", "P90", 10, justify="right", drop=2),
    ColumnSpec("sesuai", "% sesuai", 8, justify="right"),
)
"""The table of steps; P90 and then Standar give way on a narrow terminal."""


def half_year(today: date) -> tuple[date, date]:
    """The calendar half-year holding ``today``: 1 Jan–30 Jun or 1 Jul–31 Dec."""
    if today.month <= 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year, 7, 1), date(today.year, 12, 31)


def _tanggal_isian(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class MutuBakuScreen(ModalScreen[None]):
    """Choose the SOP and the period; the table shows each step's record; ``p`` prints."""

    DEFAULT_CSS = """
    MutuBakuScreen { align: center middle; }
    MutuBakuScreen #mutu-box {
        width: 100%; height: 100%; border: round $accent; background: $surface; padding: 0 1;
    }
    MutuBakuScreen #mutu-title { text-style: bold; height: 1; }
    MutuBakuScreen #mutu-bar { height: 1; }
    MutuBakuScreen #mutu-bar Label { padding: 0 1 0 0; }
    MutuBakuScreen #mutu-sop { width: 1fr; }
    MutuBakuScreen #mutu-dari, MutuBakuScreen #mutu-sampai { width: 14; margin-right: 1; }
    MutuBakuScreen #mutu-totals { height: auto; }
    MutuBakuScreen #mutu-totals.error { color: $error; text-style: bold; }
    MutuBakuScreen #mutu-table { height: 1fr; }
    MutuBakuScreen #mutu-note { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("p", "print", "Cetak PDF", id="mutu-print"),
        Binding("f5", "compute", "Hitung ulang", id="mutu-compute"),
        Binding("escape", "close", "Tutup", id="mutu-close"),
    ]

    def __init__(self, host: ProsedurScreen, sop_id: str | None) -> None:
        super().__init__()
        self._host = host
        self._sop_id = sop_id
        self._columns: list[str] = []
        self.report: MutuBakuReport | None = None
        """The figures shown (None while the input does not parse)."""

    def compose(self) -> ComposeResult:
        """SOP and period on one line, the totals, the table, the keys."""
        dari, sampai = half_year(self._host.kpu.today())
        options = [(f"{s.id}  {s.judul}", s.id) for s in self._host.sops]
        known = any(value == self._sop_id for _, value in options)
        with Vertical(id="mutu-box"):
            yield Static("Mutu baku SOP: waktu aktual terhadap standar", id="mutu-title")
            with Horizontal(id="mutu-bar"):
                yield Select(
                    options,
                    value=self._sop_id if known else (options[0][1] if options else Select.NULL),
                    allow_blank=not options,
                    id="mutu-sop",
                    compact=True,
                )
                yield Label("dari")
                yield Input(_tanggal_isian(dari), id="mutu-dari", compact=True)
                yield Label("s.d.")
                yield Input(_tanggal_isian(sampai), id="mutu-sampai", compact=True)
            yield Static("", id="mutu-totals")
            table: DataTable[Text] = DataTable(
                id="mutu-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static(
                "Prosedur yang dimulai dalam periode, dengan semua langkahnya yang telah selesai. "
                "Median dan P90 dalam satuan standar langkahnya (menit kerja, hari kerja, hari). "
                "Enter di isian tanggal menghitung ulang.",
                id="mutu-note",
            )
        yield Footer()

    def on_mount(self) -> None:
        """Compute for the SOP given and the current half-year."""
        self.action_compute()
        self.query_one("#mutu-table", DataTable).focus()

    def on_resize(self) -> None:
        """Fit the columns to the width (the rows are added again when they change)."""
        self.call_after_refresh(self._fill)

    @on(Select.Changed, "#mutu-sop")
    def sop_changed(self) -> None:
        """Another SOP: compute again."""
        self.action_compute()

    @on(Input.Submitted, "#mutu-bar Input")
    def period_submitted(self) -> None:
        """Enter in a date: compute again."""
        self.action_compute()

    def _dates(self) -> tuple[date, date]:
        today = self._host.kpu.today()
        dari = parse_tanggal(self.query_one("#mutu-dari", Input).value, today)
        sampai = parse_tanggal(self.query_one("#mutu-sampai", Input).value, today)
        return dari, sampai

    def action_compute(self) -> None:
        """Read the figures of the SOP and period chosen."""
        totals = self.query_one("#mutu-totals", Static)
        sop_id = self.query_one("#mutu-sop", Select).value
        if not isinstance(sop_id, str):
            totals.update("Pilih SOP.")
            return
        try:
            dari, sampai = self._dates()
            with self._host.kpu.store.read() as session:
                report = procedure.mutu_baku(session, sop_id=sop_id, dari=dari, sampai=sampai)
        except ValueError as exc:
            self._failed(f"Periode: {exc}")
            return
        except ValidationError as exc:
            self._failed("Periode: " + " ".join(exc.errors.values()))
            return
        except (ServiceError, StoreError) as exc:
            self._failed(exc.message)
            return
        self.report = report
        totals.remove_class("error")
        berjalan = report.jumlah_run - report.selesai - report.batal
        totals.update(
            Text(
                f"SOP {report.sop_id} · {format_tanggal(report.dari)} s.d. "
                f"{format_tanggal(report.sampai)} · {report.jumlah_run} prosedur dimulai: "
                f"{report.selesai} selesai, {report.batal} batal, {berjalan} berjalan"
            )
        )
        self._fill(force=True)

    def _failed(self, message: str) -> None:
        self.report = None
        totals = self.query_one("#mutu-totals", Static)
        totals.update(Text(message))
        totals.add_class("error")
        self.query_one("#mutu-table", DataTable).clear()

    def _fill(self, *, force: bool = False) -> None:
        table = self.query_one("#mutu-table", DataTable)
        changed = apply_columns(table, COLUMNS, table.size.width or 76, self._columns)
        if changed is not None:
            self._columns = changed
        elif not force:
            return
        table.clear()
        if self.report is None:
            return
        keys = [str(column.value) for column in table.columns]
        for step in self.report.langkah:
            values: dict[str, Text] = {
                "no": cell(step.no),
                "kegiatan": cell(step.kegiatan),
                "standar": cell(step.waktu_teks or "–"),
                "jumlah": Text(str(step.jumlah), justify="right"),
                "median": Text(dengan_satuan(step.median, step.satuan), justify="right"),
                "p90": Text(dengan_satuan(step.p90, step.satuan), justify="right"),
                "sesuai": persen_text(step),
            }
            table.add_row(*(values[key] for key in keys), key=str(step.no))

    def action_print(self) -> None:
        """Write the report as a PDF into the data folder (in a worker)."""
        if self.report is None:
            self.notify("Periksa SOP dan periodenya dahulu.", severity="warning")
            return
        self._host.print_mutu_baku(self.report)

    def action_close(self) -> None:
        """Back to the Prosedur area."""
        self.dismiss(None)


__all__ = ["COLUMNS", "MutuBakuScreen", "half_year"]
