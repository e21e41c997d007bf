"""PT Sans is registered once, as a family, and every PDF embeds it (never a standard font)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from kpu_tui.printing import fonts
from kpu_tui.printing.flowables import markup, para
from kpu_tui.printing.templates import DocumentInfo, render

from .helpers import PRINTED_BY, embedded, font_names, make_paper, page_texts


def test_register_fonts_is_idempotent_and_maps_the_family() -> None:
    assert fonts.register_fonts() == fonts.FAMILY
    assert fonts.register_fonts() == fonts.FAMILY
    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.BOLD
    assert tt2ps(fonts.FAMILY, 0, 1) == fonts.ITALIC
    assert tt2ps(fonts.FAMILY, 1, 1) == fonts.BOLD_ITALIC
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        assert name in pdfmetrics.getRegisteredFontNames()


def test_the_font_carries_the_letters_of_names() -> None:
    for char in "ŁłÑñúéÉ’‘“”–—±":
        assert fonts.has_glyph(char), char
        assert fonts.has_glyph(char, fonts.BOLD), char


def test_names_print_correctly_with_bold_and_embedded_fonts(tmp_path: Path) -> None:
    target = tmp_path / "nama.pdf"
    story = [
        para("Penerima: Łukasz Ñúñez, Dési O’Neil"),
        markup("<b>Tebal: Łukasz</b> dan <i>miring: Ñúñez</i> dan <b><i>keduanya: Dési</i></b>"),
    ]
    render(target, story, make_paper(), DocumentInfo(title="Uji huruf"))
    text = page_texts(target)[0]
    assert "Penerima: Łukasz Ñúñez, Dési O’Neil" in text
    assert "Tebal: Łukasz" in text
    assert PRINTED_BY in text
    names = font_names(target)
    assert names == {"PTSans-Regular", "PTSans-Bold", "PTSans-Italic", "PTSans-BoldItalic"}
    assert embedded(target)
