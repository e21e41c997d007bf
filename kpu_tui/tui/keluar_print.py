"""Printing from the Surat Keluar area: a letter's tanda terima pengiriman and lembar kendali,
and the buku agenda surat keluar, buku ekspedisi and buku nomor of a period or year.

Works as printing from the Surat Masuk area (:mod:`kpu_tui.tui.surat_print`, whose worker and
file handling this module shares): the PDF is built in a thread worker owned by the app,
written into ``<data folder>/cetak`` through a temporary file, announced as "PDF ditulis: …"
and handed to the system's viewer. The three books show a progress dialog whose Esc cancels
the print (nothing is left in the folder). ReportLab is imported inside the workers only.

Other screens call :func:`open_keluar_print_menu` (the register, the letter's detail) and
:func:`print_nomor` (the numbering ledger screen).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
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
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError, ValidationError

from .surat_print import (
    PRINT_FOLDER,
    Printed,
    month_of,
    progress_reporter,
    run_print,
    slug,
    write_atomically,
)
from .widgets.dialogs import DIALOG_CSS
from .widgets.modal_form import FieldSpec, FormDialog, Values
from .widgets.progress_dialog import ProgressDialog

if TYPE_CHECKING:
    from kpu_tui.printing.templates import Progress

    from .app import KpuApp

TANDA_TERIMA = "tanda-terima-kirim"
KENDALI = "kendali-keluar"
AGENDA = "agenda-keluar"
EKSPEDISI = "ekspedisi"
NOMOR = "nomor"
LETTER_DOCS: dict[str, tuple[str, str]] = {
    TANDA_TERIMA: ("tanda-terima-kirim", "Tanda terima pengiriman"),
    KENDALI: ("lembar-kendali-keluar", "Lembar kendali"),
}
"""Documents of one letter: ``doc -> (file name stem, title)``."""
FIRST_YEAR = 2000
"""The earliest year of a nomor surat."""


def _app(screen: Screen[Any]) -> KpuApp:
    return cast("KpuApp", screen.app)


def _printed_by(app: KpuApp) -> str:
    return app.actor.name if app.actor else ""


# -- the letter's papers -----------------------------------------------------------------------


def print_keluar_letter(screen: Screen[Any], doc: str, surat_id: int) -> Worker[Printed | None]:
    """Print one letter's ``doc`` (``tanda-terima-kirim`` or ``kendali-keluar``)."""
    if doc not in LETTER_DOCS:
        raise ValueError(f"unknown document {doc!r}")
    app = _app(screen)
    stem, title = LETTER_DOCS[doc]
    printed_by = _printed_by(app)
    now = app.now()
    folder = app.settings.home / PRINT_FOLDER

    def build() -> Printed:
        from kpu_tui.printing import surat_keluar as documents

        with app.store.read() as session:
            data = documents.load_keluar_print_data(
                session, surat_id=surat_id, printed_by=printed_by, now=now
            )
        name = data.row.nomor_surat or f"konsep-{surat_id}"
        write = (
            documents.write_tanda_terima_kirim
            if doc == TANDA_TERIMA
            else documents.write_lembar_kendali
        )
        path, pages = write_atomically(
            folder, f"{stem}-{slug(name)}.pdf", lambda target: write(target, data)
        )
        return Printed(path, pages)

    app.notify(f"Mencetak {title.lower()}…", timeout=3)
    return run_print(app, f"cetak-{doc}", build)


# -- the books ---------------------------------------------------------------------------------


def _print_book(
    screen: Screen[Any],
    *,
    name: str,
    title: str,
    first_status: str,
    filename: str,
    make: Callable[[Progress], Callable[[Any], int]],
) -> Worker[Printed | None]:
    """Print a book with a progress dialog: ``make(report)`` reads the data (reporting to
    ``report``) and returns the writer of the PDF."""
    app = _app(screen)
    folder = app.settings.home / PRINT_FOLDER
    dialog = ProgressDialog(title, first_status)

    def build() -> Printed:
        report = progress_reporter(app, dialog)
        write = make(report)
        path, pages = write_atomically(folder, filename, write)
        return Printed(path, pages)

    app.push_screen(dialog)
    return run_print(app, name, build, dialog)


def print_agenda_keluar(screen: Screen[Any], dari: date, sampai: date) -> Worker[Printed | None]:
    """Print the buku agenda surat keluar of the letters dated ``dari`` to ``sampai``."""
    app = _app(screen)
    printed_by = _printed_by(app)
    now = app.now()

    def make(report: Progress) -> Callable[[Any], int]:
        from kpu_tui.printing.agenda_keluar import load_agenda_keluar_data, write_agenda_keluar

        with app.store.read() as session:
            data = load_agenda_keluar_data(
                session, dari=dari, sampai=sampai, printed_by=printed_by, now=now, progress=report
            )
        return lambda target: write_agenda_keluar(target, data, report)

    return _print_book(
        screen,
        name="cetak-agenda-keluar",
        title=f"Mencetak buku agenda surat keluar {_period_label(dari, sampai)}",
        first_status="Membaca surat…",
        filename=f"buku-agenda-keluar-{dari.isoformat()}_{sampai.isoformat()}.pdf",
        make=make,
    )


def print_ekspedisi(screen: Screen[Any], dari: date, sampai: date) -> Worker[Printed | None]:
    """Print the buku ekspedisi of the dispatches dated ``dari`` to ``sampai``."""
    app = _app(screen)
    printed_by = _printed_by(app)
    now = app.now()

    def make(report: Progress) -> Callable[[Any], int]:
        from kpu_tui.printing.ekspedisi import load_ekspedisi_data, write_ekspedisi

        with app.store.read() as session:
            data = load_ekspedisi_data(
                session, dari=dari, sampai=sampai, printed_by=printed_by, now=now, progress=report
            )
        return lambda target: write_ekspedisi(target, data, report)

    return _print_book(
        screen,
        name="cetak-ekspedisi",
        title=f"Mencetak buku ekspedisi {_period_label(dari, sampai)}",
        first_status="Membaca pengiriman…",
        filename=f"buku-ekspedisi-{dari.isoformat()}_{sampai.isoformat()}.pdf",
        make=make,
    )


def print_nomor(screen: Screen[Any], tahun: int) -> None:
    """Print the buku nomor surat keluar of ``tahun``: every number with its state, the summary
    per series and the gap report (in a worker, with a progress dialog)."""
    app = _app(screen)
    printed_by = _printed_by(app)
    now = app.now()

    def make(report: Progress) -> Callable[[Any], int]:
        from kpu_tui.printing.nomor_surat import load_nomor_data, write_nomor

        with app.store.read() as session:
            data = load_nomor_data(
                session, tahun=tahun, printed_by=printed_by, now=now, progress=report
            )
        return lambda target: write_nomor(target, data, report)

    _print_book(
        screen,
        name="cetak-nomor",
        title=f"Mencetak buku nomor surat keluar tahun {tahun}",
        first_status="Membaca nomor…",
        filename=f"buku-nomor-surat-keluar-{tahun}.pdf",
        make=make,
    )


def _period_label(dari: date, sampai: date) -> str:
    return f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}"


# -- asking what to print ----------------------------------------------------------------------


class KeluarPrintMenu(ModalScreen[str | None]):
    """What to print: the chosen letter's papers, or one of the three books.

    Args:
        letter: the letter's label ("surat 12/PL.01.1-SD/6474/2026"), None without a letter.
        numbered: whether the letter has a number (a tanda terima needs one).
        period: the period offered for the two books of a period, as shown.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    KeluarPrintMenu { align: center middle; }
    KeluarPrintMenu .dialog-box { width: 72; }
    KeluarPrintMenu OptionList { height: auto; max-height: 9; border: none; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Tutup", id="keluar-print-close")]

    def __init__(self, letter: str | None, numbered: bool, period: str, tahun: int) -> None:
        super().__init__()
        self._letter = letter
        self._numbered = numbered
        self._period = period
        self._tahun = tahun

    def compose(self) -> ComposeResult:
        """The title and the choices (the letter's papers only with a letter)."""
        with Vertical(classes="dialog-box"):
            yield Static("Cetak", classes="dialog-title")
            options: list[Option] = []
            if self._letter is not None:
                if self._numbered:
                    options.append(
                        Option(Text(f"Tanda terima pengiriman {self._letter}"), id=TANDA_TERIMA)
                    )
                options.append(Option(Text(f"Lembar kendali {self._letter}"), id=KENDALI))
            options += [
                Option(Text(f"Buku agenda surat keluar ({self._period})"), id=AGENDA),
                Option(Text(f"Buku ekspedisi ({self._period})"), id=EKSPEDISI),
                Option(Text(f"Buku nomor surat keluar (tahun {self._tahun})"), id=NOMOR),
            ]
            yield OptionList(*options, id="keluar-print-choices")
            yield Static(
                Text("Enter: cetak ke PDF · Esc: tutup", style="dim"), classes="dialog-message"
            )

    def on_mount(self) -> None:
        """The first choice is highlighted."""
        self.query_one("#keluar-print-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#keluar-print-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Close with the document chosen."""
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Print nothing."""
        self.dismiss(None)


def keluar_period_dialog(
    screen: Screen[Any], title: str, intro: str, dari: date, sampai: date
) -> FormDialog[tuple[date, date]]:
    """Ask the period of a book (``intro`` says which date counts)."""
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
        title,
        [
            FieldSpec("dari", "Dari tanggal", value=f"{dari:%d/%m/%Y}", max_length=30),
            FieldSpec("sampai", "Sampai tanggal", value=f"{sampai:%d/%m/%Y}", max_length=30),
        ],
        parse,
        intro=intro,
        save_label="Cetak",
    )


def tahun_dialog(screen: Screen[Any], tahun: int) -> FormDialog[int]:
    """Ask the year of the buku nomor."""
    last = _app(screen).today().year + 1

    def parse(values: Values) -> int:
        text = str(values.get("tahun") or "").strip()
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= last:
            raise ValidationError({"tahun": f"Tahun antara {FIRST_YEAR} dan {last}."})
        return int(text)

    return FormDialog(
        "Cetak buku nomor surat keluar",
        [FieldSpec("tahun", "Tahun", value=str(tahun), max_length=4)],
        parse,
        intro="Setiap nomor tahun itu dengan keadaannya, dan pemeriksaan nomor yang hilang.",
        save_label="Cetak",
    )


def _default_period(screen: Screen[Any]) -> tuple[date, date]:
    """The period the screen's filters describe (its ``print_period()``), else this month."""
    own = getattr(screen, "print_period", None)
    if callable(own):
        period = own()
        if (
            isinstance(period, tuple)
            and len(period) == 2
            and all(isinstance(d, date) for d in period)
        ):
            return period[0], period[1]
    return month_of(_app(screen).today())


def open_keluar_print_menu(screen: Screen[Any], surat_id: int | None) -> None:
    """Ask what to print and print it (in a worker): with ``surat_id``, the letter's tanda
    terima pengiriman (once it has a number) and lembar kendali; always the buku agenda surat
    keluar and the buku ekspedisi (asking the period) and the buku nomor (asking the year)."""
    app = _app(screen)
    dari, sampai = _default_period(screen)
    label = f"{format_tanggal_pendek(dari)} s.d. {format_tanggal_pendek(sampai)}"
    letter: str | None = None
    numbered = False
    if surat_id is not None:
        try:
            with app.store.read() as session:
                row = skr.get_row(session, surat_id)
        except ServiceError as exc:
            app.notify(exc.message, severity="error", markup=False)
            return
        numbered = bool(row.nomor_surat)
        letter = f"surat {row.nomor_surat}" if numbered else f"konsep {row.perihal[:40]}"
    tahun = sampai.year

    def ask_period(doc: str) -> None:
        if doc == AGENDA:
            title, intro = "Cetak buku agenda surat keluar", "Tanggal surat, mis. 1/11/2026."
            printer = print_agenda_keluar
        else:
            title, intro = "Cetak buku ekspedisi", "Tanggal kirim, mis. 1/11/2026."
            printer = print_ekspedisi

        def chosen_period(result: tuple[date, date] | None) -> None:
            if result is not None:
                printer(screen, *result)

        app.push_screen(keluar_period_dialog(screen, title, intro, dari, sampai), chosen_period)

    def ask_year() -> None:
        def chosen_year(result: int | None) -> None:
            if result is not None:
                print_nomor(screen, result)

        app.push_screen(tahun_dialog(screen, tahun), chosen_year)

    def chosen(doc: str | None) -> None:
        if doc in (AGENDA, EKSPEDISI):
            ask_period(doc)
        elif doc == NOMOR:
            ask_year()
        elif doc is not None and surat_id is not None:
            print_keluar_letter(screen, doc, surat_id)

    app.push_screen(KeluarPrintMenu(letter, numbered, label, tahun), chosen)


__all__ = [
    "AGENDA",
    "EKSPEDISI",
    "KENDALI",
    "LETTER_DOCS",
    "NOMOR",
    "TANDA_TERIMA",
    "KeluarPrintMenu",
    "keluar_period_dialog",
    "open_keluar_print_menu",
    "print_agenda_keluar",
    "print_ekspedisi",
    "print_keluar_letter",
    "print_nomor",
    "tahun_dialog",
]
