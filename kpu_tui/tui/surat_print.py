"""Printing from the Surat Masuk area: a letter's lembar disposisi, tanda terima and kartu
kendali, and the buku agenda surat masuk of a period.

The PDF is built in a thread worker owned by the app (so it finishes even when the dialog that
asked for it has closed), written into ``<data folder>/cetak`` through a temporary file and a
rename (a failure leaves no half-written file), announced as "PDF ditulis: …" and handed to the
system's viewer. ReportLab is imported inside the worker only: the app starts without it.

The buku agenda (thousands of rows, seconds of work) shows a :class:`ProgressDialog` while it is
built: the worker reports the letters read, rows prepared and pages laid out and written (at
most every :data:`PROGRESS_INTERVAL` seconds), and Esc stops it (the printing code raises
``PrintCancelled`` at its next report; nothing is left in the folder) with "Pencetakan
dibatalkan.".
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from kpu_tui.rules.dates import format_tanggal, format_tanggal_pendek, parse_tanggal
from kpu_tui.services import surat_masuk
from kpu_tui.services.errors import ServiceError, ValidationError

from . import system_open
from .widgets.dialogs import DIALOG_CSS
from .widgets.modal_form import FieldSpec, FormDialog, Values
from .widgets.progress_dialog import ProgressDialog

if TYPE_CHECKING:
    from .app import KpuApp

PRINT_GROUP = "surat-masuk-cetak"
PRINT_FOLDER = "cetak"
"""The folder under the data folder where printed PDFs are written."""
LETTER_DOCS: dict[str, tuple[str, str]] = {
    "disposisi": ("lembar-disposisi", "Lembar disposisi"),
    "tanda-terima": ("tanda-terima", "Tanda terima"),
    "kartu-kendali": ("kartu-kendali", "Kartu kendali"),
}
"""Documents of one letter: ``doc -> (file name stem, title)``."""
AGENDA = "agenda"
PROGRESS_INTERVAL = 0.1
"""Seconds between two progress updates of the same phase sent to the screen."""
CANCELLED = "Pencetakan dibatalkan."


@dataclass(frozen=True)
class Printed:
    """A PDF written by the print worker, and why the viewer did not open it (if it did not)."""

    path: Path
    pages: int
    problem: str | None = None


def slug(text: str) -> str:
    """Text safe in a file name: "0012/2026" -> "0012-2026"."""
    return "".join(ch if ch.isalnum() or ch in ".-" else "-" for ch in text).strip("-") or "x"


def write_atomically(folder: Path, filename: str, write: Callable[[Path], int]) -> tuple[Path, int]:
    """Write through ``write(temporary)`` then rename onto ``folder/filename``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pages = write(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return path, pages


def _app(screen: Screen[Any]) -> KpuApp:
    return cast("KpuApp", screen.app)


def _printed_by(app: KpuApp) -> str:
    return app.actor.name if app.actor else ""


def _failure(error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"Berkas tidak dapat ditulis: {error.strerror or error}"
    if isinstance(error, ValidationError):
        return "; ".join(error.errors.values())
    if isinstance(error, ServiceError):
        return error.message
    return str(error) or type(error).__name__


def _cancelled(error: BaseException) -> bool:
    from kpu_tui.printing.templates import PrintCancelled

    return isinstance(error, PrintCancelled)


def run_print(
    app: KpuApp,
    name: str,
    build: Callable[[], Printed],
    dialog: ProgressDialog | None = None,
) -> Worker[Printed | None]:
    """Run ``build`` in a thread; tell the user where the PDF is, why it failed, or that it was
    cancelled. ``dialog`` (the progress shown meanwhile) is closed when ``build`` ends."""

    def job() -> Printed | None:
        try:
            printed = build()
        except Exception as exc:  # every failure becomes a message, never a traceback
            if dialog is not None:
                app.call_from_thread(dialog.close)
            if _cancelled(exc):
                app.call_from_thread(app.notify, CANCELLED, title="Cetak", timeout=5)
            else:
                app.call_from_thread(
                    app.notify,
                    f"Gagal mencetak: {_failure(exc)}",
                    severity="error",
                    markup=False,
                    timeout=10,
                )
            return None
        if dialog is not None:
            app.call_from_thread(dialog.close)
        problem = system_open.open_with_system(printed.path)
        result = Printed(printed.path, printed.pages, problem)
        app.call_from_thread(_announce, app, result)
        return result

    return app.run_worker(job, name=name, group=PRINT_GROUP, thread=True, exit_on_error=False)


def _announce(app: KpuApp, printed: Printed) -> None:
    written = f"PDF ditulis: {printed.path} ({printed.pages} halaman)"
    if printed.problem:
        # One message: where the file is and why it did not open (the reason names the file).
        title = f"Cetak: PDF ditulis ({printed.pages} halaman)"
        app.notify(printed.problem, title=title, severity="warning", markup=False, timeout=12)
    else:
        app.notify(written, title="Cetak", markup=False, timeout=10)


def print_letter(screen: Screen[Any], doc: str, surat_id: int) -> Worker[Printed | None]:
    """Print one letter's ``doc`` (``disposisi``, ``tanda-terima`` or ``kartu-kendali``)."""
    if doc not in LETTER_DOCS:
        raise ValueError(f"unknown document {doc!r}")
    app = _app(screen)
    stem, title = LETTER_DOCS[doc]
    printed_by = _printed_by(app)
    now = app.now()
    folder = app.settings.home / PRINT_FOLDER

    def build() -> Printed:
        from kpu_tui.printing import surat_masuk as documents

        writers = {
            "disposisi": documents.write_lembar_disposisi,
            "tanda-terima": documents.write_tanda_terima,
            "kartu-kendali": documents.write_kartu_kendali,
        }
        with app.store.read() as session:
            agenda = surat_masuk.get_row(session, surat_id).agenda_teks
            data = documents.load_surat_print_data(
                session, surat_id=surat_id, printed_by=printed_by, now=now
            )
        write = writers[doc]
        path, pages = write_atomically(
            folder, f"{stem}-{slug(agenda)}.pdf", lambda target: write(target, data)
        )
        return Printed(path, pages)

    app.notify(f"Mencetak {title.lower()}…", timeout=3)
    return run_print(app, f"cetak-{doc}", build)


def progress_reporter(app: KpuApp, dialog: ProgressDialog) -> Callable[[str, int, int], None]:
    """The printing code's progress hook (called in the worker): raise ``PrintCancelled`` once
    the dialog's cancel event is set, else show the progress on the dialog, at most every
    :data:`PROGRESS_INTERVAL` seconds within a phase (a new phase, and its end, always shows).
    """
    from kpu_tui.printing.templates import PHASE_LAYOUT, PrintCancelled

    shown: dict[str, float] = {}

    def report(phase: str, done: int, total: int) -> None:
        if dialog.cancel.is_set():
            raise PrintCancelled()
        moment = time.monotonic()
        last = shown.get(phase)
        finished = total > 0 and done >= total and phase != PHASE_LAYOUT
        if last is not None and moment - last < PROGRESS_INTERVAL and not finished:
            return
        shown[phase] = moment
        # The page count while laying out is an estimate: the bar follows it, the text does not.
        app.call_from_thread(dialog.show_progress, phase, done, total, exact=phase != PHASE_LAYOUT)

    return report


def print_agenda(screen: Screen[Any], dari: date, sampai: date) -> Worker[Printed | None]:
    """Print the buku agenda surat masuk from ``dari`` to ``sampai`` (inclusive), with a
    progress dialog whose Esc cancels the print."""
    app = _app(screen)
    printed_by = _printed_by(app)
    now = app.now()
    folder = app.settings.home / PRINT_FOLDER
    dialog = ProgressDialog(
        f"Mencetak buku agenda {format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        "Membaca surat…",
    )

    def build() -> Printed:
        from kpu_tui.printing.agenda_masuk import load_agenda_masuk_data, write_agenda_masuk

        report = progress_reporter(app, dialog)
        with app.store.read() as session:
            data = load_agenda_masuk_data(
                session, dari=dari, sampai=sampai, printed_by=printed_by, now=now, progress=report
            )
        path, pages = write_atomically(
            folder,
            f"buku-agenda-masuk-{dari.isoformat()}_{sampai.isoformat()}.pdf",
            lambda target: write_agenda_masuk(target, data, report),
        )
        return Printed(path, pages)

    app.push_screen(dialog)
    return run_print(app, "cetak-agenda", build, dialog)


# -- asking what to print ------------------------------------------------------------------


class PrintMenu(ModalScreen[str | None]):
    """What to print: the highlighted letter's papers, or the buku agenda of a period."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    PrintMenu { align: center middle; }
    PrintMenu .dialog-box { width: 60; }
    PrintMenu OptionList { height: auto; max-height: 8; border: none; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Tutup", id="print-close")]

    def __init__(self, agenda_teks: str | None, period: str) -> None:
        super().__init__()
        self._agenda = agenda_teks
        self._period = period

    def compose(self) -> ComposeResult:
        """The title and the choices (the letter's papers only when a letter is chosen)."""
        with Vertical(classes="dialog-box"):
            yield Static("Cetak", classes="dialog-title")
            options: list[Option] = []
            for doc, (_, title) in LETTER_DOCS.items():
                if self._agenda:
                    options.append(Option(Text(f"{title} surat {self._agenda}"), id=doc))
            options.append(Option(Text(f"Buku agenda surat masuk ({self._period})"), id=AGENDA))
            yield OptionList(*options, id="print-choices")
            yield Static(
                Text("Enter: cetak ke PDF · Esc: tutup", style="dim"), classes="dialog-message"
            )

    def on_mount(self) -> None:
        """The first choice is highlighted."""
        self.query_one("#print-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#print-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Close with the document chosen."""
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Print nothing."""
        self.dismiss(None)


def period_dialog(screen: Screen[Any], dari: date, sampai: date) -> FormDialog[tuple[date, date]]:
    """Ask the period of the buku agenda (the dates the register's filters describe first)."""
    today = _app(screen).today()

    def parse(values: Values) -> tuple[date, date]:
        errors: dict[str, str] = {}
        parsed: dict[str, date] = {}
        for key in ("dari", "sampai"):
            text = str(values.get(key) or "").strip()
            if not text:
                errors[key] = "Tanggal wajib diisi."
                continue
            try:
                parsed[key] = parse_tanggal(text, today)
            except ValueError as exc:
                errors[key] = str(exc)
        if not errors and parsed["sampai"] < parsed["dari"]:
            errors["sampai"] = "Tanggal akhir tidak boleh sebelum tanggal awal."
        if errors:
            raise ValidationError(errors)
        return parsed["dari"], parsed["sampai"]

    return FormDialog(
        "Cetak buku agenda surat masuk",
        [
            FieldSpec("dari", "Dari tanggal", value=f"{dari:%d/%m/%Y}", max_length=30),
            FieldSpec("sampai", "Sampai tanggal", value=f"{sampai:%d/%m/%Y}", max_length=30),
        ],
        parse,
        intro="Tanggal terima surat, mis. 1/11/2026 atau 'hari ini'.",
        save_label="Cetak",
    )


def open_print_menu(
    screen: Screen[Any], surat_id: int | None, agenda_teks: str | None, period: tuple[date, date]
) -> None:
    """Ask what to print and print it (in a worker)."""
    dari, sampai = period
    label = f"{format_tanggal_pendek(dari)} s.d. {format_tanggal_pendek(sampai)}"

    def ask_period() -> None:
        def chosen_period(result: tuple[date, date] | None) -> None:
            if result is not None:
                print_agenda(screen, *result)

        screen.app.push_screen(period_dialog(screen, dari, sampai), chosen_period)

    def chosen(doc: str | None) -> None:
        if doc == AGENDA:
            ask_period()
        elif doc is not None and surat_id is not None:
            print_letter(screen, doc, surat_id)

    screen.app.push_screen(PrintMenu(agenda_teks if surat_id is not None else None, label), chosen)


def month_of(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    first = day.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


__all__ = [
    "AGENDA",
    "LETTER_DOCS",
    "PRINT_FOLDER",
    "PRINT_GROUP",
    "PROGRESS_INTERVAL",
    "PrintMenu",
    "Printed",
    "month_of",
    "open_print_menu",
    "period_dialog",
    "print_agenda",
    "print_letter",
    "progress_reporter",
    "slug",
    "write_atomically",
]
