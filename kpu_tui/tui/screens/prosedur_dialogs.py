"""The dialog that records a step as done (tindak lanjut), with its decision on a decision step."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kpu_tui.services.errors import PermissionDenied, ServiceError, ValidationError
from kpu_tui.services.procedure import RunView
from kpu_tui.sop.model import Langkah, Sop
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from .prosedur_render import DECISION, pelaksana_names, target_text

Save = Callable[[str | None, str, str], RunView]
"""Does the write: ``(keputusan, catatan, lampiran path) -> the run afterwards``."""


def refusal(exc: ServiceError) -> str:
    """A service error in words for the user ("Anda tidak berwenang: …" for a refusal)."""
    if isinstance(exc, PermissionDenied):
        return f"Anda tidak berwenang: {exc.message}"
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values())
    return exc.message


class CompleteStepDialog(ModalScreen[RunView | None]):
    """Tindak lanjut: the current step, an optional note, and Selesai or Ya/Tidak.

    On a decision step the buttons hold the focus first, so ``y`` and ``t`` answer at once;
    Tab reaches the note. Elsewhere the note has the focus and Enter (or Ctrl+S) records the step.
    A refusal or a validation message stays in the dialog, under the note.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    CompleteStepDialog { align: center middle; }
    CompleteStepDialog .dialog-box { width: 84; }
    CompleteStepDialog #step-decision { text-style: bold; height: auto; margin-bottom: 1; }
    """
    )
    BINDINGS = [
        Binding("y", "answer('ya')", "Ya", id="step-yes"),
        Binding("t", "answer('tidak')", "Tidak", id="step-no"),
        Binding("ctrl+s", "finish", "Selesai", id="step-done"),
        Binding("escape", "close", "Tutup", id="step-close"),
    ]

    def __init__(self, run: RunView, sop: Sop, langkah: Langkah, save: Save) -> None:
        super().__init__()
        self._run = run
        self._sop = sop
        self._langkah = langkah
        self._save = save

    @property
    def is_decision(self) -> bool:
        """Whether the step asks ya/tidak."""
        return self._langkah.keputusan is not None

    def compose(self) -> ComposeResult:
        """The step, the question, the note, the buttons."""
        langkah = self._langkah
        with Vertical(classes="dialog-box"):
            yield Static(
                Text(f"Tindak lanjut · No {self._run.id} · langkah {langkah.no}"),
                classes="dialog-title",
            )
            yield Static(
                Text(
                    f"{langkah.kegiatan}\nPelaksana: {pelaksana_names(self._sop, langkah)}"
                    f" · waktu {langkah.waktu_teks or 'tidak ditetapkan'}"
                ),
                classes="dialog-message",
            )
            if langkah.keputusan is not None:
                k = langkah.keputusan
                yield Static(
                    Text(
                        f"{DECISION} {k.pertanyaan}\n   ya → {target_text(k.ya)} · "
                        f"tidak → {target_text(k.tidak)}"
                    ),
                    id="step-decision",
                )
            yield Label("Catatan (boleh kosong)")
            yield Input(id="step-note", max_length=2000, placeholder="mis. nomor nota dinas")
            yield Label("Lampiran (boleh kosong): lokasi berkas PDF, JPG atau PNG")
            yield Input(id="step-file", max_length=1000, placeholder=r"mis. C:\Pindaian\nota.pdf")
            yield Static("", id="step-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                if self.is_decision:
                    yield Button("Ya (y)", id="step-ya", variant="primary", compact=True)
                    yield Button("Tidak (t)", id="step-tidak", variant="primary", compact=True)
                else:
                    yield Button(
                        "Selesai (Ctrl+S)", id="step-finish", variant="primary", compact=True
                    )
                yield Button("Batal (Esc)", id="step-cancel", compact=True)

    def on_mount(self) -> None:
        """Decision: focus on Ya (y/t answer); otherwise on the note (Enter records)."""
        if self.is_decision:
            self.query_one("#step-ya", Button).focus()
        else:
            self.query_one("#step-note", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ya/Tidak only on a decision step, Selesai only elsewhere."""
        if action == "answer":
            return self.is_decision
        if action == "finish":
            return not self.is_decision
        return True

    @on(Button.Pressed, "#step-ya")
    def yes_pressed(self) -> None:
        """The Ya button."""
        self.action_answer("ya")

    @on(Button.Pressed, "#step-tidak")
    def no_pressed(self) -> None:
        """The Tidak button."""
        self.action_answer("tidak")

    @on(Button.Pressed, "#step-finish")
    @on(Input.Submitted, "#step-note")
    @on(Input.Submitted, "#step-file")
    def finish_pressed(self) -> None:
        """Selesai, or Enter in the note (on a decision step Enter goes back to the buttons)."""
        if self.is_decision:
            self.query_one("#step-ya", Button).focus()
        else:
            self.action_finish()

    @on(Button.Pressed, "#step-cancel")
    def cancel_pressed(self) -> None:
        """The Batal button."""
        self.action_close()

    def action_answer(self, keputusan: str) -> None:
        """Record the decision (ya/tidak) with the note."""
        if self.is_decision:
            self._record(keputusan)

    def action_finish(self) -> None:
        """Record a step without a decision."""
        if not self.is_decision:
            self._record(None)

    def _record(self, keputusan: str | None) -> None:
        note = self.query_one("#step-note", Input).value
        attachment = self.query_one("#step-file", Input).value
        error = self.query_one("#step-error", Static)
        try:
            result = self._save(keputusan, note, attachment)
        except (ServiceError, StoreError) as exc:
            message = refusal(exc) if isinstance(exc, ServiceError) else exc.message
            error.update(Text(message))
            return
        self.dismiss(result)

    def action_close(self) -> None:
        """Close without recording anything; a note already typed is not thrown away unasked."""
        typed = (
            self.query_one("#step-note", Input).value + self.query_one("#step-file", Input).value
        )
        if not typed.strip():
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)


__all__ = ["CompleteStepDialog", "Save", "refusal"]
