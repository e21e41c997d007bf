"""Display helpers shared by the tables: plain-text cells and moments in the office's time."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from kpu_tui.rules.dates import format_jam, format_tanggal_pendek


def cell(value: object, style: str = "") -> Text:
    """A table cell holding ``value`` as plain text (names may contain ``[``; never markup)."""
    return Text("" if value is None else str(value), style=style, no_wrap=True, overflow="ellipsis")


def waktu_kantor(moment: datetime | None, zone: tzinfo, *, kosong: str = "–") -> str:
    """``moment`` in the office's zone as "23 Nov 2026 08.15" (naive values are UTC)."""
    if moment is None:
        return kosong
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    return f"{format_tanggal_pendek(local.date())} {format_jam(local)}"


def highlighted_key(table: DataTable[Text]) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if not table.row_count:
        return None
    row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    return None if row_key.value is None else str(row_key.value)


def move_to_key(table: DataTable[Text], key: str | None) -> None:
    """Put the cursor on the row with ``key`` if it is there (after a reload)."""
    if key is None:
        return
    try:
        index = table.get_row_index(key)
    except RowDoesNotExist:  # filtered out: the cursor stays where it is
        return
    table.move_cursor(row=index)
