"""A table that asks for its next page when the cursor reaches the last rows.

The screen loads one page from SQL (keyset: "older than the last id shown"), appends it, and says
whether more exist; the table posts :class:`PagedTable.NeedMore` once per page when the cursor
comes within a few rows of the end. Nothing ever loads the whole register.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class PagedTable(DataTable[Text]):
    """A row-cursor :class:`DataTable` fed page by page."""

    BINDINGS = [
        # A register is read by rows: Home and End go to the first and the last row loaded.
        Binding("home", "scroll_top", "Baris pertama", show=False),
        Binding("end", "scroll_bottom", "Baris terakhir", show=False),
    ]

    NEAR_END = 3
    """How many rows before the end the next page is asked for."""

    @dataclass
    class NeedMore(Message):
        """The cursor is near the last loaded row and more rows exist."""

        table: PagedTable

        @property
        def control(self) -> PagedTable:
            """The table that wants more rows."""
            return self.table

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.has_more = False
        """Whether rows exist beyond those loaded."""
        self._asked = False

    def reset(self) -> None:
        """Drop every row (a new filter): the next page is the first."""
        self.clear()
        self.has_more = False
        self._asked = False

    def page_loaded(self, *, has_more: bool) -> None:
        """Rows of a page were added; ``has_more`` says whether another page exists."""
        self.has_more = has_more
        self._asked = False

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Ask for the next page when the cursor gets near the end (the event bubbles on)."""
        if (
            event.data_table is self
            and self.has_more
            and not self._asked
            and event.cursor_row >= self.row_count - self.NEAR_END
        ):
            self._asked = True
            self.post_message(self.NeedMore(self))
