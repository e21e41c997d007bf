"""Small building blocks for stories: escaped paragraphs, the flowchart marks, ruled tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .fonts import REGULAR
from .styles import GRID, HEADER_FILL, TABLE_SIZE, stylesheet

MarkKind = Literal["proses", "keputusan"]

Cell = Any
"""A table cell: a flowable, a list of flowables or a plain string."""


CELL_FONT: tuple[tuple[Any, ...], ...] = (
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
)
"""Table style commands for plain-string cells (ReportLab's default would be Helvetica)."""


def escape(text: str) -> str:
    """``text`` safe inside paragraph markup (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, style: str = "Normal") -> Paragraph:
    """A paragraph of plain ``text`` (escaped) in the named style."""
    return Paragraph(escape(text), stylesheet()[style])


def markup(text: str, style: str = "Normal") -> Paragraph:
    """A paragraph of ``text`` that already is ReportLab markup (``<b>`` ...): not escaped."""
    return Paragraph(text, stylesheet()[style])


class Mark(Flowable):
    """The sign in the acting pelaksana's column of a flowchart.

    A filled circle for a process step, a filled diamond for a decision. Drawn as vector shapes:
    the printing font has no such glyphs, and shapes print crisp at any size.

    Args:
        kind: "proses" or "keputusan".
        size: width and height in points.
    """

    def __init__(self, kind: MarkKind = "proses", size: float = 3.4 * mm) -> None:
        super().__init__()
        self.kind: MarkKind = kind
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The mark's own box (a table centres it in the cell)."""
        return self.size, self.size

    def draw(self) -> None:
        """Draw the circle or the diamond in the box."""
        canvas = self.canv
        s = self.size
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        if self.kind == "keputusan":
            path = canvas.beginPath()
            path.moveTo(s / 2, 0)
            path.lineTo(s, s / 2)
            path.lineTo(s / 2, s)
            path.lineTo(0, s / 2)
            path.close()
            canvas.drawPath(path, fill=1, stroke=0)
        else:
            canvas.circle(s / 2, s / 2, s * 0.42, fill=1, stroke=0)
        canvas.restoreState()

    def __repr__(self) -> str:
        return f"Mark({self.kind!r})"


def ruled_table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a grid, a grey header that repeats on every page, cells aligned top.

    Args:
        rows: the cells, header rows first.
        col_widths: one width per column, in points.
        header_rows: how many leading rows are the header (repeated after a page break).
        extra: further ``TableStyle`` commands (spans, alignment of single columns ...).
    """
    commands: list[tuple[Any, ...]] = [
        *CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    commands += list(extra)
    return Table(
        [list(row) for row in rows],
        colWidths=list(col_widths),
        repeatRows=header_rows,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


__all__ = ["CELL_FONT", "Cell", "Mark", "MarkKind", "escape", "markup", "para", "ruled_table"]
