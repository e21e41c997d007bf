"""Named paragraph styles of every printed document, built by inheritance from ``Normal``.

Documents use these by name (``styles["TableCell"]``); no inline ``<font size=...>`` markup. A
change of the house style is a change here.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from .fonts import BOLD, REGULAR, register_fonts

BASE_SIZE = 10
"""Body text size in points."""
SMALL_SIZE = 8
"""Footer and notes."""
TABLE_SIZE = 8.5
"""Table cells: registers are wide, a landscape page holds many columns."""

HEADER_SMALL_SIZE = 7.5
"""Headings of narrow columns (the pelaksana of a flowchart)."""

GRID = colors.HexColor("#555555")
"""Table rules."""
HEADER_FILL = colors.HexColor("#E6E6E6")
"""Background of table header rows (prints as a light grey on any printer)."""
MUTED = colors.HexColor("#444444")
"""Footer text."""
SHADE_FILL = colors.HexColor("#F0F0F0")
"""Background of a register row that needs to stand out (a cancelled letter)."""
WATERMARK = colors.HexColor("#D9D9D9")
"""The large diagonal word across a cancelled document."""


@lru_cache(maxsize=1)
def stylesheet() -> StyleSheet1:
    """The shared stylesheet (built once; registers the fonts first).

    Styles: Normal, Small, Note, Title, Subtitle, Heading, TableHeader, TableHeaderSmall,
    TableCell, TableCellCenter, TableCellRight, TableCellBold, TableCellSmall, SopSatker,
    IdentityLabel, KopTitle, KopSub, KopLine, Footer, Banner (the boxed "BATAL" line of a
    cancelled letter), BannerNote.
    """
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(
        ParagraphStyle(
            name="Normal",
            fontName=REGULAR,
            fontSize=BASE_SIZE,
            leading=BASE_SIZE * 1.25,
            textColor=colors.black,
            alignment=TA_LEFT,
        )
    )
    normal = sheet["Normal"]
    sheet.add(
        ParagraphStyle(name="Small", parent=normal, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.25)
    )
    sheet.add(ParagraphStyle(name="Note", parent=sheet["Small"], spaceBefore=4, textColor=MUTED))
    sheet.add(
        ParagraphStyle(
            name="Title",
            parent=normal,
            fontName=BOLD,
            fontSize=13,
            leading=16,
            alignment=TA_CENTER,
            spaceAfter=2,
        )
    )
    sheet.add(
        ParagraphStyle(name="Subtitle", parent=normal, fontSize=10, leading=13, alignment=TA_CENTER)
    )
    sheet.add(
        ParagraphStyle(
            name="Heading",
            parent=normal,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            name="TableCell",
            parent=normal,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * 1.2,
        )
    )
    cell = sheet["TableCell"]
    sheet.add(ParagraphStyle(name="TableCellCenter", parent=cell, alignment=TA_CENTER))
    sheet.add(ParagraphStyle(name="TableCellRight", parent=cell, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle(name="TableCellBold", parent=cell, fontName=BOLD))
    sheet.add(
        ParagraphStyle(name="TableCellSmall", parent=cell, fontSize=7.5, leading=9, textColor=MUTED)
    )
    sheet.add(ParagraphStyle(name="TableHeader", parent=cell, fontName=BOLD, alignment=TA_CENTER))
    sheet.add(
        ParagraphStyle(
            name="TableHeaderSmall",
            parent=sheet["TableHeader"],
            fontSize=HEADER_SMALL_SIZE,
            leading=HEADER_SMALL_SIZE * 1.2,
        )
    )
    sheet.add(
        ParagraphStyle(
            name="SopSatker",
            parent=normal,
            fontName=BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
        )
    )
    sheet.add(ParagraphStyle(name="IdentityLabel", parent=cell, fontName=BOLD))
    sheet.add(
        ParagraphStyle(
            name="KopTitle",
            parent=normal,
            fontName=BOLD,
            fontSize=14,
            leading=17,
            alignment=TA_CENTER,
        )
    )
    sheet.add(ParagraphStyle(name="KopSub", parent=sheet["KopTitle"], fontSize=13, leading=16))
    sheet.add(
        ParagraphStyle(name="KopLine", parent=normal, fontSize=9, leading=11, alignment=TA_CENTER)
    )
    sheet.add(ParagraphStyle(name="Footer", parent=sheet["Small"], fontSize=7.5, textColor=MUTED))
    sheet.add(
        ParagraphStyle(
            name="Banner",
            parent=normal,
            fontName=BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
        )
    )
    sheet.add(ParagraphStyle(name="BannerNote", parent=normal, alignment=TA_CENTER))
    return sheet


__all__ = [
    "BASE_SIZE",
    "GRID",
    "HEADER_FILL",
    "HEADER_SMALL_SIZE",
    "MUTED",
    "SHADE_FILL",
    "SMALL_SIZE",
    "TABLE_SIZE",
    "WATERMARK",
    "stylesheet",
]
