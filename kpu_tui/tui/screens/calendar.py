"""Kalender Kerja: national holidays, the office's own closures and working days, and a
"uji tenggat" box to see what a closure does to a deadline (admin only)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Static

from kpu_tui.models import OfficeDayKind
from kpu_tui.rules.dates import format_hari_tanggal, parse_tanggal
from kpu_tui.services import calendar
from kpu_tui.services.calendar import NationalHolidayView, OfficeDayView
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import StoreError

from ..widgets.dialogs import ConfirmReason
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .base import AreaScreen

MAX_UJI = 366
"""The most working days the test box counts."""
JENIS_OPTIONS = [
    (f"{calendar.JENIS_LABELS[OfficeDayKind.LIBUR]} (kantor tutup)", OfficeDayKind.LIBUR.value),
    (f"{calendar.JENIS_LABELS[OfficeDayKind.KERJA]} (kantor buka)", OfficeDayKind.KERJA.value),
]


class CalendarScreen(AreaScreen):
    """One year of the office calendar."""

    AREA_MODE = "kalender"
    AREA_TITLE = "Kalender Kerja"
    BINDINGS = [
        Binding("n", "new", "Tambah entri", id="cal-new"),
        Binding("x", "deactivate", "Nonaktifkan entri", id="cal-deactivate"),
        Binding("left_square_bracket", "year(-1)", "Tahun sebelumnya", id="cal-prev"),
        Binding("right_square_bracket", "year(1)", "Tahun berikutnya", id="cal-next"),
        # The tables are short; PgUp/PgDn change the year even while a table has the focus.
        Binding("pageup", "year(-1)", "Tahun sebelumnya", show=False, priority=True),
        Binding("pagedown", "year(1)", "Tahun berikutnya", show=False, priority=True),
        Binding("u", "test_deadline", "Uji tenggat", id="cal-test"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="cal-back"),
    ]

    def compose_content(self) -> ComposeResult:
        """Year line, the two tables, the test box."""
        yield Static("", id="cal-year")
        yield Static("Libur nasional dan cuti bersama", classes="section")
        national: DataTable[Text] = DataTable(
            id="cal-national", cursor_type="row", zebra_stripes=True
        )
        yield national
        yield Static("", id="cal-office-title", classes="section")
        office: DataTable[Text] = DataTable(id="cal-office", cursor_type="row", zebra_stripes=True)
        yield office
        with Horizontal(id="cal-test-bar", classes="admin-bar"):
            yield Static("Uji tenggat:", id="cal-test-label")
            yield Input(placeholder="mulai, mis. hari ini", id="uji-mulai", compact=True)
            yield Static(" + ", classes="muted")
            yield Input(placeholder="N", id="uji-n", compact=True, max_length=3)
            yield Static(" hari kerja (Enter)", classes="muted")
        with VerticalScroll(id="cal-test-box"):
            yield Static("", id="uji-hasil")

    def on_mount(self) -> None:
        """Columns and the current year."""
        super().on_mount()
        self._year = self.kpu.today().year
        self._national: list[NationalHolidayView] = []
        self._office: list[OfficeDayView] = []
        national = self.query_one("#cal-national", DataTable)
        for label, width in (("Tanggal", 25), ("Nama", 34), ("Jenis", 15), ("Kantor", 30)):
            national.add_column(label, width=width)
        office = self.query_one("#cal-office", DataTable)
        for label, width in (
            ("Tanggal", 25),
            ("Jenis", 19),
            ("Keterangan", 30),
            ("Dasar hukum", 24),
            ("Status", 9),
        ):
            office.add_column(label, width=width)
        self.refresh_content()
        national.focus()

    def refresh_content(self) -> None:
        """Read the year's holidays and office entries."""
        try:
            with self.kpu.store.read() as session:
                self._national = calendar.list_national_holidays(session, self._year)
                self._office = calendar.list_office_days(session, self._year)
                cuti_kerja = calendar.build_calendar(session).cuti_bersama_hari_kerja
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error")
            return
        cuti = "hari kerja" if cuti_kerja else "hari libur"
        self.query_one("#cal-year", Static).update(
            Text.assemble(
                (f"Tahun {self._year}", "bold"),
                f" · [ ] ganti tahun · {len(self._national)} libur nasional dan cuti bersama · "
                f"{sum(d.aktif for d in self._office)} entri kantor aktif · "
                f"cuti bersama dihitung {cuti}",
            )
        )
        self._fill_national()
        self._fill_office()

    def _fill_national(self) -> None:
        table = self.query_one("#cal-national", DataTable)
        keep = highlighted_key(table)
        table.clear()
        for day in self._national:
            jenis = "cuti bersama" if day.cuti_bersama else "libur nasional"
            if day.perkiraan and "perkiraan" not in day.nama.lower():
                jenis += " (perkiraan)"
            kantor = ""
            if day.override is not None:
                kantor = f"{day.override.jenis_label}: {day.override.keterangan}"
            table.add_row(
                cell(format_hari_tanggal(day.tanggal)),
                cell(day.nama),
                cell(jenis),
                cell(kantor, "bold yellow" if kantor else ""),
                key=day.tanggal.isoformat(),
            )
        move_to_key(table, keep)

    def _fill_office(self, select_id: int | None = None) -> None:
        table = self.query_one("#cal-office", DataTable)
        keep = str(select_id) if select_id is not None else highlighted_key(table)
        table.clear()
        for day in self._office:
            style = "" if day.aktif else "dim strike"
            table.add_row(
                cell(format_hari_tanggal(day.tanggal), style),
                cell(day.jenis_label, style),
                cell(day.keterangan, style),
                cell(day.dasar_hukum or "–", style),
                cell("aktif" if day.aktif else "nonaktif", style),
                key=str(day.id),
            )
        empty = f" (belum ada pada {self._year}; n menambah)" if not self._office else ""
        self.query_one("#cal-office-title", Static).update(
            "Entri kantor: penutupan dan hari kerja pengganti" + empty
        )
        move_to_key(table, keep)

    # -- actions ----------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        """Show the previous or the next year."""
        self._year = max(1, self._year + step)
        self.refresh_content()

    def action_back_to_table(self) -> None:
        """Esc in the test box returns to the tables."""
        self.query_one("#cal-national", DataTable).focus()

    def _highlighted_date(self) -> date | None:
        if self.focused is not self.query_one("#cal-national", DataTable):
            return None
        key = highlighted_key(self.query_one("#cal-national", DataTable))
        return date.fromisoformat(key) if key else None

    def action_new(self) -> None:
        """Add an office closure or extra working day."""
        actor = self.kpu.actor
        if actor is None:
            return
        preset = self._highlighted_date()
        today = self.kpu.today()

        def save(values: Values) -> OfficeDayView:
            try:
                tanggal = parse_tanggal(values["tanggal"], today)
            except ValueError as exc:
                raise ValidationError({"tanggal": str(exc)}) from exc
            with self.kpu.store.write() as session:
                return calendar.add_office_day(
                    session,
                    actor=actor,
                    tanggal=tanggal,
                    jenis=values["jenis"],
                    keterangan=values["keterangan"],
                    dasar_hukum=values["dasar_hukum"],
                )

        fields = [
            FieldSpec(
                "tanggal",
                "Tanggal",
                value=preset.strftime("%d/%m/%Y") if preset else "",
                placeholder="23/11/2026, 2026-11-23 atau hari ini",
                max_length=40,
            ),
            FieldSpec(
                "jenis",
                "Jenis",
                kind="select",
                value=OfficeDayKind.KERJA.value if preset else OfficeDayKind.LIBUR.value,
                options=JENIS_OPTIONS,
            ),
            FieldSpec(
                "keterangan",
                "Keterangan",
                placeholder="mis. Pemungutan suara ulang di Kecamatan Bontang Utara",
                max_length=200,
            ),
            FieldSpec(
                "dasar_hukum",
                "Dasar hukum (boleh kosong)",
                placeholder="mis. SKB 3 Menteri Nomor ... Tahun 2026",
                max_length=200,
            ),
        ]
        self.app.push_screen(FormDialog("Tambah entri kalender kantor", fields, save), self._added)

    def _added(self, view: OfficeDayView | None) -> None:
        if view is None:
            return
        self.notify(
            f"{view.jenis_label} {format_hari_tanggal(view.tanggal)} tersimpan.", title="Tersimpan"
        )
        self._year = view.tanggal.year
        self.refresh_content()
        self._fill_office(select_id=view.id)
        self.query_one("#cal-office", DataTable).focus()

    def _entry_to_deactivate(self) -> OfficeDayView | None:
        national = self.query_one("#cal-national", DataTable)
        if self.focused is national:
            key = highlighted_key(national)
            day = next((d for d in self._national if d.tanggal.isoformat() == key), None)
            return day.override if day else None
        key = highlighted_key(self.query_one("#cal-office", DataTable))
        return next((d for d in self._office if str(d.id) == key), None)

    def action_deactivate(self) -> None:
        """Turn the highlighted office entry off, with a reason."""
        actor = self.kpu.actor
        entry = self._entry_to_deactivate()
        if actor is None or entry is None:
            self.notify("Pilih entri kantor yang akan dinonaktifkan.", severity="warning")
            return
        if not entry.aktif:
            self.notify("Entri ini sudah nonaktif.", severity="warning")
            return

        def confirm(alasan: str) -> OfficeDayView:
            with self.kpu.store.write() as session:
                return calendar.deactivate_office_day(
                    session, actor=actor, office_day_id=entry.id, alasan=alasan
                )

        message = (
            f"{entry.jenis_label} {format_hari_tanggal(entry.tanggal)} ({entry.keterangan}) "
            "tidak berlaku lagi; tenggat dihitung ulang menurut kalender nasional."
        )
        self.app.push_screen(
            ConfirmReason(
                "Nonaktifkan entri kalender", message, confirm, confirm_label="Nonaktifkan"
            ),
            self._deactivated,
        )

    def _deactivated(self, view: OfficeDayView | None) -> None:
        if view is not None:
            self.notify(f"Entri {format_hari_tanggal(view.tanggal)} dinonaktifkan.")
            self.refresh_content()

    # -- uji tenggat ------------------------------------------------------------------------

    def action_test_deadline(self) -> None:
        """Jump to the test box."""
        self.query_one("#uji-mulai", Input).focus()

    @on(Input.Submitted, "#cal-test-bar Input")
    def compute_deadline(self) -> None:
        """Start date + N working days: the due date and every day skipped, with why."""
        out = self.query_one("#uji-hasil", Static)
        mulai_text = self.query_one("#uji-mulai", Input).value.strip() or "hari ini"
        n_text = self.query_one("#uji-n", Input).value.strip()
        try:
            mulai = parse_tanggal(mulai_text, self.kpu.today())
        except ValueError as exc:
            out.update(Text(str(exc), style="bold red"))
            return
        if not n_text.isdigit() or int(n_text) > MAX_UJI:
            self.query_one("#uji-n", Input).focus()
            out.update(Text(f"Isi jumlah hari kerja, 0 sampai {MAX_UJI}.", style="bold red"))
            return
        n = int(n_text)
        try:
            with self.kpu.store.read() as session:
                work = calendar.build_calendar(session, [mulai.year, mulai.year + 1])
            deadline = work.add_working_days(mulai, n)
        except (ValueError, StoreError) as exc:
            out.update(Text(str(exc), style="bold red"))
            return
        text = Text.assemble(
            "Tenggat ",
            (format_hari_tanggal(deadline.tenggat), "bold"),
            f" ({n} hari kerja sejak {format_hari_tanggal(mulai)}).",
        )
        if deadline.dilewati:
            text.append(f"\nTidak dihitung ({len(deadline.dilewati)} hari):")
            for skipped in deadline.dilewati:
                text.append(f"\n  {format_hari_tanggal(skipped.tanggal)}: {skipped.alasan}")
        else:
            text.append("\nTidak ada hari yang dilewati.")
        out.update(text)
