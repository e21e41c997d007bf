"""The notice shown on login: what of the user's work became overdue since the last login.

"Sejak Anda terakhir masuk (Senin, 16 November 2026 pukul 08.12), 3 pekerjaan menjadi
terlambat:" and the items (nomor, jenis, perihal, how late, in red with the words); on the first
login ever, "3 pekerjaan Anda sudah lewat tenggat:". Enter opens the user's queue, Esc closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpu_tui.rules.dates import format_waktu
from kpu_tui.services.antrian import Item

from ..widgets.dialogs import DIALOG_CSS
from .surat_masuk_render import LATE

PERIHAL_MAX = 48
"""Longest perihal shown before it is cut with an ellipsis."""


def heading(count: int, since: datetime | None) -> str:
    """What the notice says above the list; ``since`` is the last login in office time (None
    on the first login)."""
    if since is None:
        return f"{count} pekerjaan Anda sudah lewat tenggat:"
    return (
        f"Sejak Anda terakhir masuk ({format_waktu(since)}), {count} pekerjaan menjadi terlambat:"
    )


def items_table(items: Sequence[Item]) -> Table:
    """The overdue items: nomor, jenis, perihal and how late (red, in words)."""
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True, header_style="bold")
    table.add_column("Nomor", no_wrap=True)
    table.add_column("Jenis", no_wrap=True)
    table.add_column("Perihal", ratio=1, overflow="ellipsis", no_wrap=True)
    table.add_column("Terlambat", no_wrap=True)
    for item in items:
        perihal = item.perihal if len(item.perihal) <= PERIHAL_MAX else item.perihal[:47] + "…"
        table.add_row(
            item.nomor or "—",
            item.jenis.label,
            perihal,
            Text(item.status_label or "terlambat", style=LATE),
        )
    return table


class AntrianNotice(ModalScreen[bool]):
    """Over the home screen after a login: the items that became overdue since the last one.

    Dismisses with True when the user asks to open the queue, False when closed.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    AntrianNotice { align: center middle; }
    AntrianNotice .dialog-box { width: 100; }
    #notice-list { height: auto; max-height: 16; }
    """
    )
    BINDINGS = [
        Binding("enter", "open_queue", "Buka antrian", id="notice-open"),
        Binding("escape", "close", "Tutup", id="notice-close"),
    ]

    def __init__(
        self,
        items: Sequence[Item],
        *,
        since: datetime | None,
        may_open: bool = True,
    ) -> None:
        """Args:
        items: the overdue items, most overdue first.
        since: the last login in office time (None on the first login).
        may_open: whether the user has a queue area to open.
        """
        super().__init__()
        self.items = list(items)
        self.since = since
        self.may_open = may_open

    def compose(self) -> ComposeResult:
        """Title, the sentence, the list, buttons."""
        with Vertical(classes="dialog-box"):
            yield Static("Pekerjaan terlambat", classes="dialog-title")
            yield Static(
                Text(heading(len(self.items), self.since)),
                classes="dialog-message",
                id="notice-heading",
            )
            with VerticalScroll(id="notice-list"):
                yield Static(items_table(self.items), id="notice-items")
            with Horizontal(classes="dialog-buttons"):
                if self.may_open:
                    yield Button(
                        "Buka antrian (Enter)", id="notice-open", variant="primary", compact=True
                    )
                yield Button("Tutup (Esc)", id="notice-close", compact=True)

    def on_mount(self) -> None:
        """Start on the first button (Enter opens the queue)."""
        self.query_one(Button).focus()

    @on(Button.Pressed, "#notice-open")
    def open_pressed(self) -> None:
        """The Buka antrian button."""
        self.action_open_queue()

    @on(Button.Pressed, "#notice-close")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def action_open_queue(self) -> None:
        """Close and open the user's queue (only close without one)."""
        self.dismiss(self.may_open)

    def action_close(self) -> None:
        """Close, staying where the user is."""
        self.dismiss(False)
