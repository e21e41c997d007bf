"""The dialogs of an outgoing letter, and what they share: a confirmation with no, an optional
or a required note (ajukan, paraf, kembalikan) and adding files. The signature is in
``surat_keluar_sign_dialog``, dispatch and tanda terima in ``surat_keluar_ekspedisi_dialogs``,
the konsep form's parts in ``surat_keluar_konsep_dialogs``.

Each shows the letter it is about, saves with Ctrl+S through one service call in one write
transaction, puts a :class:`ValidationError` at its fields and asks before Esc throws typed text
away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from kpu_tui.models import BerkasJenis, ParafStatus
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarDetail, KeluarRow
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import focus_inside
from .surat_masuk_form import (
    actor_of,
    error_text,
    fit_scroll,
    kpu,
    split_paths,
    utc_now,
)

CSS_FILE = "../surat_keluar_form.tcss"
R = TypeVar("R")


def letter_title(row: KeluarRow) -> str:
    """``12/PL.01.1-SD/6474/2026`` for a numbered letter, ``konsep`` otherwise."""
    return row.nomor_surat or "konsep"


def letter_lines(detail: KeluarDetail) -> list[str]:
    """What a dialog says about the letter it acts on (perihal, tujuan, signer)."""
    row = detail.row
    kind = detail.jenis_nama + (f" · {row.klasifikasi}" if row.klasifikasi else "")
    lines = [f"{kind} · {row.perihal}", f"Kepada: {row.tujuan_ringkas or '-'}"]
    signer = row.penandatangan_jabatan
    if row.penandatangan_nama:
        signer += f" ({row.penandatangan_nama})"
    lines.append(f"Penandatangan: {signer or '-'}")
    return lines


def round_lines(detail: KeluarDetail) -> list[str]:
    """The paraf of the letter's current round, one per reviewer, with the state in words."""
    current = [p for p in detail.paraf if p.putaran == detail.row.putaran]
    lines = []
    for paraf in current:
        state = paraf.status.label
        if paraf.status == ParafStatus.PARAF:
            state = "paraf ✓"
        who = f" ({paraf.pemegang_nama})" if paraf.pemegang_nama else ""
        note = f" — {paraf.catatan}" if paraf.catatan else ""
        lines.append(f"  {paraf.urutan}. {paraf.jabatan_nama}{who}: {state}{note}")
    return lines


class KeluarDialog(ModalScreen[R | None], Generic[R]):
    """What the dialogs share: Ctrl+S, Esc asking first, Enter moving on, errors at fields.

    Each dialog composes a ``.dialog-box`` with an optional ``.skd-scroll`` part (capped to the
    terminal so the buttons stay visible), does its write in :meth:`action_save` and dismisses
    with a truthy result when it saved (None when closed).
    """

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="skd-save"),
        Binding("escape", "close", "Tutup", id="skd-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: object = None

    def _snapshot(self) -> object:
        """What was typed (compared with the start to know whether to ask on Esc)."""
        return None

    def on_mount(self) -> None:
        """Remember the starting values and focus where typing starts."""
        self._initial = self._snapshot()
        self._ready()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """Keep the buttons on a short terminal: the scrolling part gives way."""
        self.call_after_refresh(self._fit)

    def _ready(self) -> None:
        """Focus where typing starts (each dialog)."""

    def _fit(self) -> None:
        if not self.is_attached:
            return
        boxes, scrolls = self.query(".dialog-box"), self.query(".skd-scroll")
        if boxes and scrolls:
            fit_scroll(self, boxes.first(), scrolls.first())

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, like Tab."""
        event.stop()
        self.focus_next()

    @on(Button.Pressed, ".skd-save")
    def save_pressed(self) -> None:
        """The save button."""
        self.action_save()

    @on(Button.Pressed, ".skd-close")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def _buttons(self, label: str = "Simpan", variant: str = "primary") -> ComposeResult:
        yield Static("", id="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button(
                f"{label} (Ctrl+S)",
                classes="skd-save",
                variant=variant,  # type: ignore[arg-type]
                compact=True,
            )
            yield Button("Tutup (Esc)", classes="skd-close", compact=True)

    def _failed(self, exc: ServiceError | StoreError) -> None:
        """Put a refusal at its fields, or under the form."""
        if isinstance(exc, ValidationError):
            first = show_errors(self, exc.errors)
            if first is not None:
                focus_inside(first)
                for scroll in self.query(VerticalScroll):
                    scroll.scroll_to_widget(first)
            return
        show_errors(self, {})
        self.query_one("#form-error", Static).update(Content(error_text(exc)))

    def action_save(self) -> None:
        """Save (each dialog does its own write)."""

    def action_close(self) -> None:
        """Close; typed text is not thrown away unasked."""
        if self._snapshot() == self._initial:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)


# -- a confirmation with a note ---------------------------------------------------------------

NoteMode = Literal["none", "optional", "required"]


class NoteDialog(KeluarDialog[bool]):
    """Confirm an action on the letter, with no note, an optional or a required one.

    ``act(catatan)`` does the write (one transaction); a :class:`ValidationError` it raises
    keyed ``catatan`` shows at the note, others under it. Dismisses with True when done.
    """

    def __init__(
        self,
        title: str,
        message: str,
        act: Callable[[str], object],
        *,
        note: NoteMode = "none",
        label: str = "Catatan",
        hint: str = "",
        confirm_label: str = "Simpan",
        variant: str = "primary",
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._act = act
        self._note = note
        self._label = label
        self._hint = hint
        self._confirm_label = confirm_label
        self._variant = variant

    def compose(self) -> ComposeResult:
        """Title, what happens, the note, the buttons."""
        with Vertical(classes="dialog-box", id="skd-note-box"):
            yield Static(Text(self._title), classes="dialog-title")
            with VerticalScroll(classes="skd-scroll"):
                yield Static(Text(self._message), classes="dialog-message")
                if self._note != "none":
                    label = self._label + (" (wajib)" if self._note == "required" else "")
                    yield FormField(
                        label,
                        TextArea(id="skd-catatan", soft_wrap=True, tab_behavior="focus"),
                        id="f-catatan",
                        hint=self._hint,
                    )
            yield from self._buttons(self._confirm_label, self._variant)

    def _ready(self) -> None:
        if self._note == "none":
            self.query_one(".skd-save", Button).focus()
        else:
            self.query_one("#skd-catatan", TextArea).focus()

    def _text(self) -> str:
        areas = self.query("#skd-catatan")
        return areas.first(TextArea).text if areas else ""

    def _snapshot(self) -> object:
        return self._text().strip()

    def action_save(self) -> None:
        """Check the note is there when required, then act."""
        text = self._text()
        if self._note == "required" and not text.strip():
            self._failed(ValidationError({"catatan": f"{self._label} wajib diisi."}))
            return
        try:
            self._act(text)
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        self.dismiss(True)


# -- files ------------------------------------------------------------------------------------

BERKAS_HINTS = {
    BerkasJenis.KONSEP: "Berkas konsep (Word/PDF)",
    BerkasJenis.ARSIP: "Pindaian surat bertanda tangan (PDF/JPG/PNG)",
    BerkasJenis.TANDA_TERIMA: "Pindaian tanda terima yang kembali (PDF/JPG/PNG)",
}


class AddFilesDialog(KeluarDialog[bool]):
    """Store files of a letter: drafts, the scan of the signed letter, or tanda terima."""

    def __init__(self, surat_id: int, jenis: BerkasJenis) -> None:
        super().__init__()
        self.surat_id = surat_id
        self.jenis = jenis
        self._title = ""

    def compose(self) -> ComposeResult:
        """The letter, the file locations, the buttons."""
        with kpu(self).store.read() as session:
            detail = skr.get_detail(session, self.surat_id)
        self._title = letter_title(detail.row)
        with Vertical(classes="dialog-box", id="skd-files-box"):
            yield Static(
                Text(f"Tambah berkas {self.jenis.label} · surat {self._title}"),
                classes="dialog-title",
            )
            yield Static(Text("\n".join(letter_lines(detail)[:2])), classes="dialog-message")
            yield FormField(
                "Berkas",
                TextArea(id="skd-berkas", soft_wrap=True, tab_behavior="focus"),
                id="f-berkas",
                hint=f"{BERKAS_HINTS[self.jenis]}; satu lokasi per baris atau dipisah ;",
            )
            yield from self._buttons()

    def _ready(self) -> None:
        self.query_one("#skd-berkas", TextArea).focus()

    def _snapshot(self) -> object:
        return split_paths(self.query_one("#skd-berkas", TextArea).text)

    def action_save(self) -> None:
        """Store the files with the letter."""
        app = kpu(self)
        paths = split_paths(self.query_one("#skd-berkas", TextArea).text)
        try:
            with app.store.write() as session:
                added = sk.add_files(
                    session,
                    actor=actor_of(self),
                    surat_id=self.surat_id,
                    paths=paths,
                    jenis=self.jenis,
                    attachment_dir=app.settings.attachment_dir,
                    now=utc_now(self),
                )
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        names = ", ".join(b.nama for b in added)
        self.notify(
            f"{len(added)} berkas {self.jenis.label} disimpan pada surat {self._title}: {names}",
            title="Surat keluar",
            markup=False,
        )
        self.dismiss(True)


__all__ = [
    "CSS_FILE",
    "AddFilesDialog",
    "KeluarDialog",
    "NoteDialog",
    "letter_lines",
    "letter_title",
    "round_lines",
]
