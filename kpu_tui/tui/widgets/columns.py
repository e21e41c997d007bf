"""Columns that fit the room: which columns a table shows at a width, and how wide each is.

A register must be usable at 80 columns and use the room at 200: each column has a minimum width,
a share of the spare room and a drop rank, and :func:`plan_columns` drops the least important
columns first until the rest fit. :func:`apply_columns` rebuilds a :class:`DataTable`'s columns
when the plan changes (the screen then adds its rows again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.widgets import DataTable

CELL_PADDING = 2
"""A DataTable cell's padding (one column each side)."""
SCROLLBAR = 2
"""Room kept for the vertical scrollbar."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column a table may show.

    Attributes:
        key: the column key.
        label: the heading.
        width: the width it needs (the minimum when ``flex`` is set).
        flex: its share of the spare room (0: fixed width).
        drop: drop rank when the room is short: the highest goes first; 0 never drops.
        justify: ``left`` or ``right``.
    """

    key: str
    label: str
    width: int
    flex: int = 0
    drop: int = 0
    justify: str = "left"


def plan_columns(specs: Sequence[ColumnSpec], room: int) -> list[tuple[ColumnSpec, int]]:
    """The columns shown in ``room`` cells, in their order, each with its width.

    Columns are dropped by rank until the minimum widths fit; what room is left goes to the
    flexible columns in proportion to their ``flex``.
    """
    shown = list(specs)

    def needed(columns: Sequence[ColumnSpec]) -> int:
        return sum(c.width + CELL_PADDING for c in columns)

    while needed(shown) > room and any(c.drop for c in shown):
        worst = max((c for c in shown if c.drop), key=lambda c: c.drop)
        shown.remove(worst)
    spare = max(0, room - needed(shown))
    shares = sum(c.flex for c in shown)
    widths = {c.key: c.width for c in shown}
    if shares:
        given = 0
        flexible = [c for c in shown if c.flex]
        for column in flexible[:-1]:
            extra = spare * column.flex // shares
            widths[column.key] += extra
            given += extra
        widths[flexible[-1].key] += spare - given
    return [(c, widths[c.key]) for c in shown]


def apply_columns(
    table: DataTable[Any], specs: Sequence[ColumnSpec], room: int, current: list[str]
) -> list[str] | None:
    """Set the table's columns for ``room`` cells when the plan differs from ``current``.

    Returns the new plan's ``key:width`` list when the columns were rebuilt (the rows are gone
    and must be added again), None when nothing changed.
    """
    plan = plan_columns(specs, max(0, room - SCROLLBAR))
    signature = [f"{spec.key}:{width}" for spec, width in plan]
    if signature == current:
        return None
    table.clear(columns=True)
    for spec, width in plan:
        table.add_column(spec.label, key=spec.key, width=width)
    return signature


__all__ = ["ColumnSpec", "apply_columns", "plan_columns"]
