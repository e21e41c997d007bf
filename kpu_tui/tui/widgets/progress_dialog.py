"""A small dialog over long work (a print of thousands of rows): a title, a progress bar, a
status line ("Membaca surat 4.000 dari 10.000") and "Esc: batalkan".

The work runs in a thread worker; it posts :meth:`ProgressDialog.show_progress` through
``app.call_from_thread`` and checks :attr:`ProgressDialog.cancel` (a ``threading.Event``) to
stop. Esc sets the event; so does the dialog going away (the app quitting), so the work never
runs on for nobody. The worker closes the dialog with :meth:`ProgressDialog.close` when it ends.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from .dialogs import DIALOG_CSS


def ribuan(value: int) -> str:
    """A whole number with the Indonesian thousands separator: 10000 -> "10.000"."""
    return f"{value:,}".replace(",", ".")


def status_text(phase: str, done: int, total: int) -> str:
    """ "Membaca surat 4.000 dari 10.000", or "Menyusun halaman 350" when the total is unknown
    (0) or only estimated (``done`` shown alone)."""
    if total > 0:
        return f"{phase} {ribuan(done)} dari {ribuan(total)}"
    return f"{phase} {ribuan(done)}"


class ProgressDialog(ModalScreen[None]):
    """Progress of work running elsewhere, which Esc asks to stop.

    Args:
        title: what is being done ("Mencetak buku agenda surat masuk").
        status: the first status line, until the work reports.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ProgressDialog { align: center middle; }
    ProgressDialog .dialog-box { width: 64; }
    ProgressDialog ProgressBar { margin-bottom: 1; }
    ProgressDialog #progress-status { height: 1; margin-bottom: 1; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Batalkan", id="progress-cancel")]

    def __init__(self, title: str, status: str = "Menyiapkan…") -> None:
        super().__init__()
        self.title_text = title
        self.status = status
        self.cancel = threading.Event()
        """Set when the user pressed Esc (or the dialog went away): the work should stop."""
        self._dismissed = False
        self._bar = (0, 0)
        """The last progress reported: (done, total), total 0 when unknown."""
        self._close_later = False

    def compose(self) -> ComposeResult:
        """Title, bar, status line and the key hint."""
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="progress-bar")
            yield Static(Text(self.status), id="progress-status")
            yield Static(Text("Esc: batalkan", style="dim"), id="progress-hint")

    def show_progress(self, phase: str, done: int, total: int, *, exact: bool = True) -> None:
        """Show ``done`` of ``total`` in ``phase`` (``total`` 0: unknown, the bar pulses).

        ``exact=False`` moves the bar by an estimated total but shows ``done`` alone. A report
        arriving before the dialog is mounted is shown when it is.
        """
        if self.cancel.is_set():
            return
        self._bar = (done, total)
        self.status = status_text(phase, done, total if exact else 0)
        if self.is_mounted:
            self._refresh_progress()

    def on_mount(self) -> None:
        """Show what was reported before the dialog was on screen."""
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        done, total = self._bar
        bar = self.query_one("#progress-bar", ProgressBar)
        if total > 0:
            bar.update(total=total, progress=min(done, total))
        else:
            bar.update(total=None)
        self.query_one("#progress-status", Static).update(Text(self.status))

    def action_cancel(self) -> None:
        """Ask the work to stop; the worker closes the dialog once it has."""
        if self.cancel.is_set():
            return
        self.cancel.set()
        self.status = "Membatalkan…"
        self.query_one("#progress-status", Static).update(Text(self.status))
        self.query_one("#progress-hint", Static).update(Text(""))

    def close(self) -> None:
        """Close the dialog (now, or as soon as it is on top again)."""
        if self._dismissed:
            return
        if self.is_current:
            self._dismissed = True
            self.dismiss(None)
        else:
            self._close_later = True

    def on_screen_resume(self) -> None:
        """A close asked while another screen was on top happens now."""
        if self._close_later:
            self._close_later = False
            self.close()

    def on_unmount(self) -> None:
        """Work nobody watches any more stops."""
        self.cancel.set()


__all__ = ["ProgressDialog", "ribuan", "status_text"]
