"""Page templates shared by every document: paper size, kop surat, running title, footer.

``KpuDocTemplate`` is a ``BaseDocTemplate`` with four named page templates:

* ``"potret-kop"`` and ``"lanskap-kop"``: the first page, with the kop surat drawn by ``onPage``
  and the frame starting below it; each continues with its plain twin;
* ``"potret"`` and ``"lanskap"``: later pages (and a first page without a kop).

Every page gets the footer (the print date and user on the left, "Halaman x dari y" on the
right) and, from page 2 on, the document's running title at the top, so a loose page still says
what it belongs to. "Halaman x dari y" needs the page count, which is only known at the end:
:class:`NumberedCanvas` keeps every page and writes the numbers when the document is saved.

A document module calls :func:`render` with its story; a story that needs another orientation
part-way uses ``NextPageTemplate("lanskap")`` and a ``PageBreak``.

A long document can be watched and stopped: ``render(..., progress=...)`` calls the
:data:`Progress` hook after every page laid out (:data:`PHASE_LAYOUT`) and every page written
(:data:`PHASE_WRITE`); the hook stops the print by raising :class:`PrintCancelled`, which
``render`` lets through before the file is written (nothing is left at ``target``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from .flowables import escape
from .fonts import REGULAR, register_fonts
from .paper import PaperData
from .styles import MUTED, stylesheet

Orientation = Literal["potret", "lanskap"]

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210 * mm, 297 * mm),
    "F4": (215 * mm, 330 * mm),
}
"""Portrait width and height in points: A4 595.3 × 841.9, F4 (folio) 609.4 × 935.4."""

MARGIN_X = 15 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 16 * mm
"""Room for the footer: the frame ends this far above the paper's edge."""
FOOTER_Y = 9 * mm
"""Baseline of the footer text."""
RUNNING_GAP = 6 * mm
"""Room for the running title on pages after the first."""
KOP_GAP = 5 * mm
"""Space between the kop's double rule and the first line of the document."""
FOOTER_FONT_SIZE = 7.5

Progress = Callable[[str, int, int], None]
"""A print's progress hook: ``(phase, done, total)``; the phase is Indonesian text for the user
("Menyusun halaman"), ``total`` 0 when unknown. It may raise :class:`PrintCancelled`."""
PHASE_LAYOUT = "Menyusun halaman"
"""Pages laid out (the total is an estimate, or 0)."""
PHASE_WRITE = "Menulis halaman"
"""Pages written to the PDF (the total is exact)."""


class PrintCancelled(Exception):
    """The user stopped a print; raised by a :data:`Progress` hook, nothing is written."""

    def __init__(self) -> None:
        super().__init__("Pencetakan dibatalkan.")


def page_size(paper: str, orientation: Orientation) -> tuple[float, float]:
    """Width and height in points of ``paper`` ("A4"/"F4") in ``orientation``."""
    width, height = PAPER_SIZES[paper]
    return (height, width) if orientation == "lanskap" else (width, height)


@dataclass(frozen=True)
class DocumentInfo:
    """What a document tells the template about itself.

    Attributes:
        title: the full title with period and filters; PDF metadata and the running title.
        orientation: "potret" or "lanskap" for the first page.
        kop: whether the first page carries the kop surat (ignored without an office).
        subject: PDF metadata subject (optional).
    """

    title: str
    orientation: Orientation = "potret"
    kop: bool = True
    subject: str = ""


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until ``save`` to print "Halaman x dari y".

    After the build, :attr:`page_count` is the number of pages written. :attr:`on_write`, when
    set, is called with ``(page, total)`` before each kept page is written (it may raise).
    """

    on_write: Callable[[int, int], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_page_states: list[dict[str, Any]] = []
        self.page_count = 0

    def showPage(self) -> None:
        """Keep the page instead of writing it."""
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Write every kept page with its number, then the file."""
        total = len(self._saved_page_states)
        for number, state in enumerate(self._saved_page_states, start=1):
            if self.on_write is not None:
                self.on_write(number, total)
            self.__dict__.update(state)
            self._draw_page_number(total)
            Canvas.showPage(self)
        self.page_count = total
        Canvas.save(self)

    def _draw_page_number(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(REGULAR, FOOTER_FONT_SIZE)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN_X, FOOTER_Y, f"Halaman {self._pageNumber} dari {total}")
        self.restoreState()


class KpuDocTemplate(BaseDocTemplate):
    """A4 or F4, portrait or landscape, with the kop surat and the footer of every KPU print.

    Args:
        filename: the target path or a binary file object.
        paper: the office and print facts.
        info: title, orientation and whether the first page carries the kop.
        on_page: called with the page number after each page is laid out (it may raise, e.g.
            :class:`PrintCancelled`, to stop the build).
        **kwargs: passed on to ``BaseDocTemplate``.
    """

    def __init__(
        self,
        filename: str | Path | BinaryIO,
        *,
        paper: PaperData,
        info: DocumentInfo,
        on_page: Callable[[int], None] | None = None,
        **kwargs: Any,
    ) -> None:
        register_fonts()
        self.on_page = on_page
        self.paper = paper
        self.info = info
        self.with_kop = info.kop and paper.has_kop
        first_size = page_size(paper.paper, info.orientation)
        super().__init__(
            str(filename) if isinstance(filename, Path) else filename,
            pagesize=first_size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            subject=info.subject,
            author=paper.office_name or "kpu-tui",
            creator="kpu-tui",
            lang="id-ID",
            # The canvas's own default (Helvetica) would be referenced by every page.
            initialFontName=REGULAR,
            initialFontSize=10,
            **kwargs,
        )
        templates = []
        for orientation in ("potret", "lanskap"):
            size = page_size(paper.paper, orientation)
            templates.append(self._page_template(orientation, size, kop=True))
            templates.append(self._page_template(orientation, size, kop=False))
        first_id = info.orientation + ("-kop" if self.with_kop else "")
        templates.sort(key=lambda t: t.id != first_id)
        self.addPageTemplates(templates)

    def afterPage(self) -> None:
        """Tell :attr:`on_page` that a page is laid out."""
        super().afterPage()
        if self.on_page is not None:
            self.on_page(self.page)

    # -- layout ------------------------------------------------------------------------------

    def _kop_paragraphs(self) -> list[Paragraph]:
        styles = stylesheet()
        line1, line2 = self.paper.kop_lines
        parts = [Paragraph(escape(line1), styles["KopTitle"])]
        if line2:
            parts.append(Paragraph(escape(line2), styles["KopSub"]))
        for text in (self.paper.address_line, self.paper.contact_line):
            if text:
                parts.append(Paragraph(escape(text), styles["KopLine"]))
        return parts

    def kop_height(self, width: float) -> float:
        """The height of the kop surat (text and double rule) at ``width``."""
        height = 0.0
        for paragraph in self._kop_paragraphs():
            _, h = paragraph.wrap(width, 1000)
            height += h
        return height + 3 * mm  # the double rule below the text

    def _page_template(
        self, orientation: Orientation, size: tuple[float, float], *, kop: bool
    ) -> PageTemplate:
        width, height = size
        frame_width = width - 2 * MARGIN_X
        top = height - MARGIN_TOP
        if kop:
            top -= self.kop_height(frame_width) + KOP_GAP
        else:
            top -= RUNNING_GAP
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            frame_width,
            top - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"{orientation}-isi",
        )
        template_id = orientation + ("-kop" if kop else "")
        return PageTemplate(
            id=template_id,
            frames=[frame],
            onPage=self._on_kop_page if kop else self._on_page,
            pagesize=size,
            autoNextPageTemplate=orientation if kop else None,
        )

    # -- drawing -----------------------------------------------------------------------------

    def _on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        self._draw_footer(canvas, width)
        self._draw_running_title(canvas, width, height)

    def _on_kop_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        self._draw_kop(canvas, width, height)
        self._draw_footer(canvas, width)

    def _draw_kop(self, canvas: Canvas, width: float, height: float) -> None:
        frame_width = width - 2 * MARGIN_X
        y = height - MARGIN_TOP
        for paragraph in self._kop_paragraphs():
            _, h = paragraph.wrap(frame_width, 1000)
            y -= h
            paragraph.drawOn(canvas, MARGIN_X, y)
        y -= 1.5 * mm
        canvas.saveState()
        canvas.setLineWidth(1.6)
        canvas.line(MARGIN_X, y, width - MARGIN_X, y)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 1.3 * mm, width - MARGIN_X, y - 1.3 * mm)
        canvas.restoreState()

    def _draw_running_title(self, canvas: Canvas, width: float, height: float) -> None:
        if canvas.getPageNumber() == 1:
            return  # the first page shows the title in full
        canvas.saveState()
        canvas.setFont(REGULAR, FOOTER_FONT_SIZE)
        canvas.setFillColor(MUTED)
        text = _fit(self.info.title, width - 2 * MARGIN_X, FOOTER_FONT_SIZE)
        canvas.drawString(MARGIN_X, height - MARGIN_TOP + 1 * mm, text)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, width: float) -> None:
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, FOOTER_Y + 3.5 * mm, width - MARGIN_X, FOOTER_Y + 3.5 * mm)
        canvas.setFont(REGULAR, FOOTER_FONT_SIZE)
        canvas.setFillColor(MUTED)
        label = _fit(self.paper.printed_label, width - 2 * MARGIN_X - 40 * mm, FOOTER_FONT_SIZE)
        canvas.drawString(MARGIN_X, FOOTER_Y, label)
        canvas.restoreState()


def _fit(text: str, width: float, size: float) -> str:
    """``text`` shortened with "…" to fit ``width`` points in the regular face."""
    if stringWidth(text, REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render(
    target: str | Path | BinaryIO,
    story: list[Flowable],
    paper: PaperData,
    info: DocumentInfo,
    *,
    progress: Progress | None = None,
    pages_estimate: int = 0,
) -> int:
    """Write ``story`` as a PDF on the office's paper.

    Args:
        target: the file path (its folder must exist) or a binary file object.
        story: the flowables, as a ``build_<doc>_story`` returns them.
        paper: the office and print facts.
        info: title, orientation, kop.
        progress: called after each page laid out (:data:`PHASE_LAYOUT`, the page, the larger
            of ``pages_estimate`` and the page, or 0 without an estimate) and before each page
            written (:data:`PHASE_WRITE`, the page, the page count). When it raises
            :class:`PrintCancelled` the exception propagates and nothing is written.
        pages_estimate: the expected page count, for the layout phase's total.

    Returns:
        The number of pages written.
    """

    def laid_out(page: int) -> None:
        if progress is not None:
            progress(PHASE_LAYOUT, page, max(pages_estimate, page) if pages_estimate else 0)

    def written(page: int, total: int) -> None:
        if progress is not None:
            progress(PHASE_WRITE, page, total)

    doc = KpuDocTemplate(
        target, paper=paper, info=info, on_page=laid_out if progress is not None else None
    )
    pages: list[int] = []

    class _Canvas(NumberedCanvas):
        on_write = staticmethod(written) if progress is not None else None

        def save(self) -> None:
            super().save()
            pages.append(self.page_count)

    doc.build(list(story), canvasmaker=_Canvas)
    return pages[-1] if pages else 0


def frame_width(paper: PaperData, orientation: Orientation) -> float:
    """The width of the text frame on ``paper`` in ``orientation`` (for sizing table columns)."""
    width, _ = page_size(paper.paper, orientation)
    return width - 2 * MARGIN_X


__all__ = [
    "FOOTER_Y",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "PAPER_SIZES",
    "PHASE_LAYOUT",
    "PHASE_WRITE",
    "DocumentInfo",
    "KpuDocTemplate",
    "NumberedCanvas",
    "Orientation",
    "PrintCancelled",
    "Progress",
    "frame_width",
    "page_size",
    "render",
]
