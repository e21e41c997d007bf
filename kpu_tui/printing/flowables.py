"""Small building blocks for stories: escaped paragraphs, the flowchart marks, ruled tables."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .fonts import BOLD, REGULAR
from .styles import GRID, HEADER_FILL, MUTED, SHADE_FILL, TABLE_SIZE, WATERMARK, stylesheet

MarkKind = Literal["proses", "keputusan"]

Cell = Any
"""A table cell: a flowable, a list of flowables or a plain string."""


CELL_FONT: tuple[tuple[Any, ...], ...] = (
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
)
"""Table style commands for plain-string cells (ReportLab's default would be Helvetica)."""

LINE_LEADING = TABLE_SIZE * 1.2
"""The distance between the lines of a plain-string cell where a table sets it
(:class:`PagedTable`; a table's own default is 12 points whatever the font size)."""

PAD_X = 3.0
PAD_TOP = 2.5
PAD_BOTTOM = 3.0
"""Cell padding of :func:`ruled_table` (points)."""


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
    row_heights: Sequence[float | None] | None = None,
) -> Table:
    """A table with a grid, a grey header that repeats on every page, cells aligned top.

    Args:
        rows: the cells, header rows first.
        col_widths: one width per column, in points.
        header_rows: how many leading rows are the header (repeated after a page break).
        extra: further ``TableStyle`` commands (spans, alignment of single columns ...).
        row_heights: the height of every row when already measured (:class:`PagedTable`);
            None (for the table or for one row) lets the table measure the cells.
    """
    commands: list[tuple[Any, ...]] = [
        *CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
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
        rowHeights=list(row_heights) if row_heights is not None else None,
        repeatRows=header_rows,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


class CheckBox(Flowable):
    """A square to tick on a paper form, ticked (a drawn check mark) when ``checked``.

    The printing font has no ballot-box glyphs, and a drawn box prints crisp at any size.

    Args:
        checked: whether to draw the check mark.
        size: width and height in points.
    """

    def __init__(self, checked: bool = False, size: float = 3.3 * mm) -> None:
        super().__init__()
        self.checked = checked
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The box's own size."""
        return self.size, self.size

    def draw(self) -> None:
        """The square, and the check mark when ticked."""
        canvas = self.canv
        s = self.size
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.7)
        canvas.rect(0, 0, s, s, stroke=1, fill=0)
        if self.checked:
            canvas.setLineWidth(1.5)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            path = canvas.beginPath()
            path.moveTo(s * 0.18, s * 0.52)
            path.lineTo(s * 0.42, s * 0.22)
            path.lineTo(s * 0.86, s * 0.84)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def __repr__(self) -> str:
        return f"CheckBox(checked={self.checked})"


def checklist(items: Sequence[tuple[bool, Cell]], width: float, *, box: float = 3.3 * mm) -> Table:
    """Tick boxes with their labels, one per line, without rules (the part of a form where the
    pimpinan ticks recipients or instructions).

    Args:
        items: ``(checked, label)`` pairs; a label is a paragraph or a list of them.
        width: the width of the whole list.
        box: the size of the boxes.
    """
    rows = [[CheckBox(checked, box), label] for checked, label in items]
    return Table(
        rows or [["", ""]],
        colWidths=[box + 2.2 * mm, width - box - 2.2 * mm],
        style=TableStyle(
            [
                *CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.9),
                ("TOPPADDING", (0, 0), (0, -1), 1.5),
            ]
        ),
        hAlign="LEFT",
    )


class Watermark(Flowable):
    """A large word printed diagonally across the page under the text ("BATAL").

    Takes no room: put it first in the story and the rest of the page prints over it. Only the
    page it lands on is marked.

    Args:
        text: the word.
        size: font size in points.
    """

    def __init__(self, text: str, size: float = 110) -> None:
        super().__init__()
        self.text = text
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """No room in the frame."""
        return 0, 0

    def draw(self) -> None:
        """The word, centred on the page, at 35 degrees."""
        canvas = self.canv
        x0, y0 = canvas.absolutePosition(0, 0)
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.translate(width / 2 - x0, height / 2 - y0)
        canvas.rotate(35)
        canvas.setFillColor(WATERMARK)
        canvas.setFont(BOLD, self.size)
        canvas.drawCentredString(0, -self.size * 0.35, self.text)
        canvas.restoreState()

    def __repr__(self) -> str:
        return f"Watermark({self.text!r})"


class CutLine(Flowable):
    """A dashed line across the frame with a small label in the middle ("potong di sini"), where
    a page holding two copies of a slip is cut in two.

    Args:
        label: the words in the gap.
        height: the room it takes (the line runs through the middle).
    """

    def __init__(self, label: str = "", height: float = 8 * mm) -> None:
        super().__init__()
        self.label = label
        self.height = height
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The full width of the frame."""
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        """The dashes, broken around the label."""
        canvas = self.canv
        y = self.height / 2
        size = 7
        text_width = stringWidth(self.label, REGULAR, size) + 4 * mm if self.label else 0.0
        left = (self.width - text_width) / 2
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        canvas.line(0, y, left, y)
        canvas.line(left + text_width, y, self.width, y)
        if self.label:
            canvas.setFillColor(MUTED)
            canvas.setFont(REGULAR, size)
            canvas.drawCentredString(self.width / 2, y - size * 0.35, self.label)
        canvas.restoreState()

    def __repr__(self) -> str:
        return f"CutLine({self.label!r})"


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _break_word(word: str, width: float, font: str, size: float, lines: list[str]) -> str:
    """Put the full lines of a word wider than ``width`` into ``lines``, broken after "/", "-"
    or "." where possible ("005/PL.01/" | "2026"), else between letters; return the rest."""
    chunk = ""
    for piece in re.findall(r"[^/.-]+[/.-]*|[/.-]+", word):
        if chunk and _width(chunk + piece, font, size) > width:
            lines.append(chunk)
            chunk = ""
        for char in piece if _width(piece, font, size) > width else (piece,):
            if chunk and _width(chunk + char, font, size) > width:
                lines.append(chunk)
                chunk = ""
            chunk += char
    return chunk


def wrap_text(text: str, width: float, *, font: str = REGULAR, size: float = TABLE_SIZE) -> str:
    """``text`` broken into lines no wider than ``width`` points, joined by newlines.

    What a paragraph does for plain left-aligned text, at a fraction of the cost: the width of
    each distinct word is measured once per process. A word wider than a line is broken
    between letters.
    """
    space = _width(" ", font, size)
    lines: list[str] = []
    for part in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in part.split():
            w = _width(word, font, size)
            if w > width:
                if line:
                    lines.append(" ".join(line))
                line, used = [_break_word(word, width, font, size, lines)], 0.0
                used = _width(line[0], font, size)
            elif line and used + space + w > width:
                lines.append(" ".join(line))
                line, used = [word], w
            else:
                used += w + (space if line else 0.0)
                line.append(word)
        lines.append(" ".join(line))
    return "\n".join(lines)


def text_cell(text: str, width: float, style: str = "TableCell") -> Cell:
    """A cell of plain ``text`` for a :func:`ruled_table` column ``width`` points wide.

    In the regular cell style (``TableCell``) the text is wrapped here and given to the table
    as a string of lines, which lays out many times faster than a paragraph (a register of
    thousands of rows); other styles get a paragraph.
    """
    if style == "TableCell":
        return wrap_text(text, width - 2 * PAD_X)
    return para(text, style)


def _cell_height(value: Cell, width: float) -> float:
    """The height of one cell's content at ``width`` (the column's), as :class:`Table` lays it
    out with the paddings of :func:`ruled_table`."""
    inner = width - 2 * PAD_X
    if value is None or isinstance(value, str):
        lines = (value or "").split("\n")
        return len(lines) * LINE_LEADING
    flowables = value if isinstance(value, (list, tuple)) else [value]
    total = 0.0
    for index, flowable in enumerate(flowables):
        _, h = flowable.wrap(inner, 72000)
        total += h
        if index:
            total += flowable.getSpaceBefore()
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


class PagedTable(Flowable):
    """A register of any length: rows measured once, then laid out as one :func:`ruled_table` per
    page, each beginning with the header row.

    One ``Table`` of thousands of rows is slow (every page break copies and re-measures the rest)
    and its header would be the only repeated part; this flowable measures every row once, and at
    a page break hands the frame a table of the rows that fit and a ``PagedTable`` of the rest.
    A single row must fit on a page (the registers' fields are length-limited).

    Args:
        header: the header row's cells.
        rows: the body rows.
        col_widths: one width per column, in points.
        shaded: indices (in ``rows``) of rows to print on a grey background.
        extra: further ``TableStyle`` commands for every page's table (rows counted from the
            header, which is row 0).
    """

    def __init__(
        self,
        header: Sequence[Cell],
        rows: Sequence[Sequence[Cell]],
        col_widths: Sequence[float],
        *,
        shaded: Collection[int] = (),
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = rows
        self.col_widths = list(col_widths)
        self.shaded = frozenset(shaded)
        self.extra = list(extra)
        self.start = 0
        self.end = len(rows)
        self._tops: list[float] | None = None
        """Prefix sums of the row heights (shared by the parts after a split)."""
        self._heights: list[float] = []
        self._header_height = 0.0

    def _measure(self) -> None:
        if self._tops is not None:
            return
        pad = PAD_TOP + PAD_BOTTOM

        def height(row: Sequence[Cell]) -> float:
            return pad + max(
                (_cell_height(v, w) for v, w in zip(row, self.col_widths, strict=True)),
                default=0.0,
            )

        self._header_height = height(self.header)
        self._heights = [height(row) for row in self.rows]
        self._tops = [0.0, *accumulate(self._heights)]

    def _part(self, start: int, end: int) -> PagedTable:
        part = PagedTable(
            self.header, self.rows, self.col_widths, shaded=self.shaded, extra=self.extra
        )
        part.start, part.end = start, end
        part._tops, part._heights, part._header_height = (
            self._tops,
            self._heights,
            self._header_height,
        )
        return part

    @property
    def row_count(self) -> int:
        """The rows this part still holds."""
        return self.end - self.start

    def _height(self, start: int, end: int) -> float:
        assert self._tops is not None
        return self._header_height + self._tops[end] - self._tops[start]

    def table(self, start: int | None = None, end: int | None = None) -> Table:
        """The header and rows ``start:end`` (default: this part's) as one ruled table."""
        start = self.start if start is None else start
        end = self.end if end is None else end
        self._measure()
        commands: list[tuple[Any, ...]] = [("LEADING", (0, 0), (-1, -1), LINE_LEADING)]
        commands += self.extra
        for index in range(start, end):
            if index in self.shaded:
                row = index - start + 1
                commands.append(("BACKGROUND", (0, row), (-1, row), SHADE_FILL))
        return ruled_table(
            [self.header, *self.rows[start:end]],
            self.col_widths,
            header_rows=1,
            extra=commands,
            row_heights=[self._header_height, *self._heights[start:end]],
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The width of the columns and the height of every row left."""
        self._measure()
        return sum(self.col_widths), self._height(self.start, self.end)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The rows that fit in ``availHeight`` as a table, and the rest as a ``PagedTable``;
        nothing when not even one row fits (the frame then moves on to the next page)."""
        self._measure()
        assert self._tops is not None
        limit = self._tops[self.start] + availHeight - self._header_height + 1e-6
        fit = self.start
        while fit < self.end and self._tops[fit + 1] <= limit:
            fit += 1
        if fit == self.start:
            return []
        if fit == self.end:
            return [self.table()]
        return [self.table(self.start, fit), self._part(fit, self.end)]

    def draw(self) -> None:
        """Everything left fits: draw it as one table."""
        table = self.table()
        table.wrapOn(self.canv, sum(self.col_widths), self._height(self.start, self.end))
        table.drawOn(self.canv, 0, 0)

    def __repr__(self) -> str:
        return f"PagedTable(rows {self.start}-{self.end} of {len(self.rows)})"


__all__ = [
    "CELL_FONT",
    "LINE_LEADING",
    "PAD_BOTTOM",
    "PAD_TOP",
    "PAD_X",
    "Cell",
    "CheckBox",
    "CutLine",
    "Mark",
    "MarkKind",
    "PagedTable",
    "Watermark",
    "checklist",
    "escape",
    "markup",
    "para",
    "ruled_table",
    "text_cell",
    "wrap_text",
]
