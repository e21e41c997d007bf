"""The printing font: PT Sans, embedded as TrueType so every name prints as it is written.

The 14 standard PDF fonts carry only Latin-1 (WinAnsi) glyphs: "Łukasz" or "Dési" in them comes out
wrong or as boxes. PT Sans (ParaType, OFL) covers Latin Extended and Cyrillic; it is installed with
the ``fontpkg-pt-sans`` package and embedded (subset) in every PDF.

PT Sans has no arrows or geometric shapes (→, ◆, ●): the flowchart marks are drawn as vector
shapes (:mod:`kpu_tui.printing.flowables`), not typed as characters.
"""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "PTSans"
"""The family name paragraph styles use as ``fontName`` (``<b>`` and ``<i>`` map within it)."""
REGULAR = "PTSans"
BOLD = "PTSans-Bold"
ITALIC = "PTSans-Italic"
BOLD_ITALIC = "PTSans-BoldItalic"

PACKAGE = "fontpkg_pt_sans"
FILES: dict[str, str] = {
    REGULAR: "PT_Sans-Web-Regular.ttf",
    BOLD: "PT_Sans-Web-Bold.ttf",
    ITALIC: "PT_Sans-Web-Italic.ttf",
    BOLD_ITALIC: "PT_Sans-Web-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


class FontError(RuntimeError):
    """The font package is missing or damaged (message in Bahasa Indonesia)."""


def _load(name: str, filename: str) -> TTFont:
    try:
        folder = resources.files(PACKAGE) / "files"
    except ModuleNotFoundError as exc:
        raise FontError(
            "Huruf cetak PT Sans belum terpasang: pasang paket 'fontpkg-pt-sans' "
            "(pip install 'fontpkg-pt-sans>=2.3,<3')."
        ) from exc
    try:
        # TTFont reads the whole file when it is made, so the temporary path (for a zipped
        # installation) may go away afterwards.
        with resources.as_file(folder / filename) as path:
            return TTFont(name, str(path))
    except Exception as exc:
        raise FontError(
            f"Berkas huruf '{filename}' dari paket 'fontpkg-pt-sans' tidak dapat dibaca: {exc}"
        ) from exc


def register_fonts() -> str:
    """Register PT Sans (four faces) as one ReportLab family, once per process.

    Returns:
        The family name to use as a style's ``fontName``.

    Raises:
        FontError: when the font package is not installed or a file is unreadable.
    """
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        for name, filename in FILES.items():
            pdfmetrics.registerFont(_load(name, filename))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
    return FAMILY


def has_glyph(char: str, font: str = REGULAR) -> bool:
    """Whether the registered ``font`` can draw ``char`` (for tests and checks)."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return ord(char) in face.charToGlyph


__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "FAMILY",
    "ITALIC",
    "REGULAR",
    "FontError",
    "has_glyph",
    "register_fonts",
]
