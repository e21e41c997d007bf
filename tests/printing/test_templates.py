"""The shared page templates: paper sizes, kop on the first page, footer on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from kpu_tui.printing.flowables import para
from kpu_tui.printing.templates import DocumentInfo, Orientation, page_size, render

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts


def long_story(lines: int = 160) -> list[Flowable]:
    """Fresh flowables each time (ReportLab keeps layout state on a flowable once built)."""
    return [para(f"Baris ke-{i} dari daftar yang panjang sekali.") for i in range(1, lines)]


def test_page_sizes_in_points() -> None:
    assert tuple(round(v, 1) for v in page_size("A4", "potret")) == (595.3, 841.9)
    assert tuple(round(v, 1) for v in page_size("F4", "potret")) == (609.4, 935.4)
    assert tuple(round(v, 1) for v in page_size("F4", "lanskap")) == (935.4, 609.4)


@pytest.mark.parametrize(
    ("paper", "orientation", "size"),
    [
        ("A4", "potret", (595.3, 841.9)),
        ("A4", "lanskap", (841.9, 595.3)),
        ("F4", "potret", (609.4, 935.4)),
        ("F4", "lanskap", (935.4, 609.4)),
    ],
)
def test_every_page_has_the_paper_size(
    tmp_path: Path, paper: str, orientation: Orientation, size: tuple[float, float]
) -> None:
    target = tmp_path / "x.pdf"
    pages = render(target, long_story(), make_paper(paper), DocumentInfo("Daftar", orientation))
    assert pages >= 2
    assert page_sizes(target) == [size] * pages


def test_footer_numbers_every_page_and_names_the_printer(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    pages = render(
        target, long_story(), make_paper(), DocumentInfo("Daftar Uji Periode Januari 2026")
    )
    texts = page_texts(target)
    assert len(texts) == pages >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {pages}" in text
        assert f"Dicetak 23 November 2026 pukul 09.15 WITA oleh {PRINTED_BY}" in text
    # The running title from page 2 on, so a loose page says what it belongs to.
    assert "Daftar Uji Periode Januari 2026" in texts[1]


def test_kop_on_the_first_page_only(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    render(target, long_story(), make_paper(), DocumentInfo("Daftar"))
    texts = page_texts(target)
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG" in texts[0]
    assert "Jl. Bessai Berinta" in texts[0]
    assert "Telepon (0548) 000000" in texts[0]
    assert all("KOMISI PEMILIHAN UMUM" not in text for text in texts[1:])
    # The story starts below the kop: its first line follows the contact line.
    assert texts[0].index("Telepon") < texts[0].index("Baris ke-1 ")


def test_no_kop_without_office_or_when_the_document_asks_none(tmp_path: Path) -> None:
    for paper, kop in ((make_paper(kop=False), True), (make_paper(), False)):
        target = tmp_path / "x.pdf"
        render(target, long_story(4), paper, DocumentInfo("Daftar", kop=kop))
        assert "KOMISI PEMILIHAN UMUM" not in page_texts(target)[0]


def test_a_story_may_change_orientation(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    story = [para("Tanda terima"), NextPageTemplate("lanskap"), PageBreak(), para("Register")]
    render(target, story, make_paper(), DocumentInfo("Campuran", "potret"))
    assert page_sizes(target) == [(595.3, 841.9), (841.9, 595.3)]
    assert "Halaman 2 dari 2" in page_texts(target)[1]


def test_render_into_a_file_object(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    with target.open("wb") as handle:
        pages = render(handle, long_story(4), make_paper(), DocumentInfo("Daftar"))
    assert pages == 1
    assert "Halaman 1 dari 1" in page_texts(target)[0]
