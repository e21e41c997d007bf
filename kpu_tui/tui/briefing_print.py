"""Printing the laporan pagi (morning briefing) from the app: ask the day, then print.

:func:`print_briefing` opens a small dialog asking the day (today unless typed; the field takes
23/11/2026, 2026-11-23, "hari ini", "besok" and says the day in words beside it), then prints
the briefing the way the registers print their books (:mod:`kpu_tui.tui.surat_print`): in a
thread worker owned by the app with a progress dialog whose Esc cancels, into
``<data folder>/cetak/laporan-pagi-<tanggal>.pdf`` through a temporary file, announced as "PDF
ditulis: …" and handed to the system's viewer. ReportLab is imported inside the worker only.

The queue screens call :func:`print_briefing` from their ``p`` key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static
from textual.worker import Worker

from kpu_tui.rules.dates import format_hari_tanggal
from kpu_tui.services import briefing
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.sop.engine import SEGERA_HARI_KERJA
from kpu_tui.store import StoreError

from .surat_print import PRINT_FOLDER, Printed, progress_reporter, run_print, write_atomically
from .widgets.dialogs import DIALOG_CSS
from .widgets.form import FormField
from .widgets.pickers import DateBox
from .widgets.progress_dialog import ProgressDialog

if TYPE_CHECKING:
    from .app import KpuApp

INTRO = (
    f"Per pejabat: pekerjaan yang terlambat dan yang jatuh tempo dalam {SEGERA_HARI_KERJA} "
    "hari kerja (dihitung pada jam masuk kantor hari itu), lalu surat masuk dan nomor surat "
    "keluar hari kerja sebelumnya."
)


def _app(screen: Screen[Any]) -> KpuApp:
    return cast("KpuApp", screen.app)


class BriefingDialog(ModalScreen[date | None]):
    """Which day's briefing to print (today unless typed).

    Args:
        today: the office's today (the starting value, and what "hari ini" means).
        parse: reads the text typed into the day, raising :class:`ValidationError` keyed
            ``tanggal`` when it cannot be used.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    BriefingDialog { align: center middle; }
    BriefingDialog .dialog-box { width: 84; }
    BriefingDialog FormField .field-label { width: 12; }
    BriefingDialog FormField .field-hint,
    BriefingDialog FormField > .field-error { padding-left: 12; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "print", "Cetak", id="briefing-print"),
        Binding("escape", "close", "Tutup", id="briefing-close"),
    ]

    def __init__(self, today: date, parse: Callable[[str], date]) -> None:
        super().__init__()
        self._today = today
        self._parse = parse

    def compose(self) -> ComposeResult:
        """Title, what the briefing holds, the day, the buttons."""
        with Vertical(classes="dialog-box"):
            yield Static(Text("Cetak laporan pagi (briefing)"), classes="dialog-title")
            yield Static(Text(INTRO), classes="dialog-message")
            yield FormField(
                "Tanggal",
                DateBox(
                    self._today.strftime("%d/%m/%Y"),
                    today=lambda: self._today,
                    id="briefing-tanggal",
                ),
                id="f-tanggal",
                hint="mis. 23/11/2026, 2026-11-23, hari ini, besok",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cetak (Ctrl+S)", id="briefing-cetak", variant="primary", compact=True)
                yield Button("Tutup (Esc)", id="briefing-tutup", compact=True)

    def on_mount(self) -> None:
        """The day's box takes the focus."""
        self.query_one("#briefing-tanggal", DateBox).input.focus()

    @on(Input.Submitted)
    def submitted(self) -> None:
        """Enter in the day's box prints."""
        self.action_print()

    @on(Button.Pressed, "#briefing-cetak")
    def print_pressed(self) -> None:
        """The Cetak button."""
        self.action_print()

    @on(Button.Pressed, "#briefing-tutup")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def action_print(self) -> None:
        """Close with the day typed, or say at the field why it cannot be used."""
        field = self.query_one("#f-tanggal", FormField)
        try:
            day = self._parse(self.query_one("#briefing-tanggal", DateBox).value)
        except ValidationError as exc:
            field.error = exc.errors.get("tanggal") or "; ".join(exc.errors.values())
            return
        except (ServiceError, StoreError) as exc:
            field.error = exc.message
            return
        field.error = ""
        self.dismiss(day)

    def action_close(self) -> None:
        """Print nothing."""
        self.dismiss(None)


def briefing_dialog(screen: Screen[Any]) -> BriefingDialog:
    """The dialog asking the day, reading what is typed against the office's calendar."""
    app = _app(screen)

    def parse(text: str) -> date:
        with app.store.read() as session:
            return briefing.parse_tanggal(session, text, now=app.now())

    return BriefingDialog(app.today(), parse)


def print_briefing_of(screen: Screen[Any], tanggal: date) -> Worker[Printed | None]:
    """Print the briefing of ``tanggal`` (in a worker, with a progress dialog whose Esc
    cancels the print)."""
    app = _app(screen)
    printed_by = app.actor.name if app.actor else ""
    now = app.now()
    folder = app.settings.home / PRINT_FOLDER
    dialog = ProgressDialog(
        f"Mencetak laporan pagi {format_hari_tanggal(tanggal)}", "Membaca antrian…"
    )

    def build() -> Printed:
        from kpu_tui.printing.briefing import load_briefing_data, write_briefing

        report = progress_reporter(app, dialog)
        with app.store.read() as session:
            data = load_briefing_data(
                session, tanggal=tanggal, printed_by=printed_by, now=now, progress=report
            )
        path, pages = write_atomically(
            folder,
            f"laporan-pagi-{tanggal.isoformat()}.pdf",
            lambda target: write_briefing(target, data, report),
        )
        return Printed(path, pages)

    app.push_screen(dialog)
    return run_print(app, "cetak-briefing", build, dialog)


def print_briefing(screen: Screen[Any]) -> None:
    """Ask the day (today unless typed) and print its briefing."""

    def chosen(tanggal: date | None) -> None:
        if tanggal is not None:
            print_briefing_of(screen, tanggal)

    screen.app.push_screen(briefing_dialog(screen), chosen)


__all__ = [
    "BriefingDialog",
    "briefing_dialog",
    "print_briefing",
    "print_briefing_of",
]
