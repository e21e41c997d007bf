"""Small dialogs every area shares: a reason for a cancellation, and "discard the changes?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import StoreError

T = TypeVar("T")

DIALOG_CSS = """
.dialog-box {
    width: 70; max-width: 95%; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 0 1;
}
.dialog-title { text-style: bold; margin-bottom: 1; }
.dialog-message { height: auto; margin-bottom: 1; }
.dialog-error { color: $error; height: auto; }
.dialog-buttons { height: auto; margin-top: 1; }
.dialog-buttons Button { margin-right: 2; min-width: 12; }
"""


class ConfirmReason(ModalScreen[T | None], Generic[T]):
    """Asks why (mandatory) before a deactivation or cancellation, then performs it.

    ``on_confirm`` receives the reason and does the write; what it returns is the dialog's
    result. A :class:`ServiceError` it raises is shown in the dialog, which stays open, so the
    user can correct the reason or cancel. Esc closes without doing anything (result None).
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ConfirmReason { align: center middle; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "confirm", "Simpan", id="confirm"),
        Binding("escape", "cancel", "Tutup", id="cancel"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        on_confirm: Callable[[str], T],
        *,
        label: str = "Alasan",
        confirm_label: str = "Lanjutkan",
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._on_confirm = on_confirm
        self._label = label
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        """Title, what will happen, the reason field, buttons."""
        with Vertical(classes="dialog-box"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._message), classes="dialog-message")
            yield Label(f"{self._label} (wajib)")
            yield Input(id="reason", max_length=500, placeholder="tulis alasannya")
            yield Static("", id="reason-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self._confirm_label} (Ctrl+S)", id="confirm", variant="warning", compact=True
                )
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Start in the reason field."""
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#confirm")
    def confirm_pressed(self) -> None:
        """Enter in the field or the button."""
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        """The Batal button."""
        self.action_cancel()

    def action_confirm(self) -> None:
        """Check the reason is there, then perform the action."""
        reason = self.query_one("#reason", Input).value.strip()
        error = self.query_one("#reason-error", Static)
        if not reason:
            error.update("Alasan wajib diisi.")
            return
        try:
            result = self._on_confirm(reason)
        except ValidationError as exc:
            error.update(Text("\n".join(exc.errors.values())))
            return
        except (ServiceError, StoreError) as exc:
            error.update(Text(exc.message))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)


class ConfirmDiscard(ModalScreen[bool]):
    """Asks before a changed form is closed without saving: True means discard."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ConfirmDiscard { align: center middle; }
    ConfirmDiscard .dialog-box { width: 56; }
    """
    )
    BINDINGS = [
        Binding("y", "discard", "Ya, buang", id="discard"),
        Binding("n,escape", "keep", "Kembali ke isian", id="keep"),
    ]

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog-box"):
            yield Static("Perubahan belum disimpan", classes="dialog-title")
            yield Static(
                "Isian ini sudah diubah. Tutup dan buang perubahannya?",
                classes="dialog-message",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Ya, buang (y)", id="discard", variant="error", compact=True)
                yield Button("Kembali (n/Esc)", id="keep", variant="primary", compact=True)

    def on_mount(self) -> None:
        """The safe choice has the focus."""
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        """Discard the changes."""
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        """Go back to the form."""
        self.dismiss(False)
