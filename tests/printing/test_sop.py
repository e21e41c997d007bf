"""A printed SOP: identity table and flowchart in the layout of the seeds, landscape."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from kpu_tui.printing.flowables import Mark, MarkKind
from kpu_tui.printing.paper import PaperData
from kpu_tui.printing.sop import (
    SopPrintData,
    build_sop_story,
    column_widths,
    document_info,
    routing_text,
    write_sop,
)
from kpu_tui.printing.templates import frame_width
from kpu_tui.sop.loader import get_sop, load_all
from kpu_tui.sop.model import Sop

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts


def _data(sop_id: str, paper: PaperData | None = None) -> SopPrintData:
    return SopPrintData(paper or make_paper(kop=False), get_sop(sop_id))


def _flowchart(story: list[Flowable]) -> Table:
    tables = [f for f in story if isinstance(f, Table) and f.repeatRows == 2]
    assert len(tables) == 1
    return tables[0]


def _marks(table: Table, sop: Sop) -> list[list[MarkKind | None]]:
    """Per step row, per pelaksana column: the mark's kind or None."""
    rows: list[list[MarkKind | None]] = []
    for row in table._cellvalues[2:]:
        cells = row[2 : 2 + len(sop.pelaksana)]
        rows.append([cell.kind if isinstance(cell, Mark) else None for cell in cells])
    return rows


def test_story_marks_the_acting_columns() -> None:
    data = _data("9.14")
    table = _flowchart(build_sop_story(data))
    assert len(table._cellvalues) == 2 + 6
    marks = _marks(table, data.sop)
    codes = [p.kode for p in data.sop.pelaksana]
    for langkah, row in zip(data.sop.langkah, marks, strict=True):
        acting = [code for code, kind in zip(codes, row, strict=True) if kind]
        assert acting == [c for c in codes if c in langkah.pelaksana]
        assert all(kind in (None, "proses") for kind in row)


def test_decision_steps_get_a_diamond_and_their_targets() -> None:
    data = _data("9.17")
    marks = _marks(_flowchart(build_sop_story(data)), data.sop)
    for langkah, row in zip(data.sop.langkah, marks, strict=True):
        kinds = {kind for kind in row if kind}
        assert kinds == ({"keputusan"} if langkah.keputusan else {"proses"})
    decisions = [langkah for langkah in data.sop.langkah if langkah.keputusan]
    assert decisions
    for langkah in decisions:
        text = routing_text(langkah)
        assert text.startswith("Ya: ") and " · Tidak: " in text


def test_routing_text_words() -> None:
    sop = get_sop("9.1")
    step = next(langkah for langkah in sop.langkah if langkah.keputusan)
    assert step.keputusan is not None
    text = routing_text(step)
    ya, tidak = step.keputusan.ya, step.keputusan.tidak
    assert f"ke langkah {ya}" in text or ya == "selesai"
    assert f"langkah {tidak}" in text or tidak == "selesai"
    assert routing_text(sop.langkah[0]) == ""


@pytest.mark.parametrize("count", [1, 2, 4, 6, 8])
@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_column_widths_fill_the_frame(count: int, paper: str) -> None:
    width = frame_width(make_paper(paper), "lanskap")
    headings = ["Kasubbag Perencanaan, Data dan Informasi"] * count
    widths = column_widths(width, headings, keterangan=True)
    assert len(widths) == 2 + count + 4
    assert sum(widths) == pytest.approx(width)
    assert widths[1] >= 55 * mm  # the kegiatan stays readable
    assert all(w >= 13 * mm for w in widths[2 : 2 + count])


def test_printed_sop_9_14(tmp_path: Path) -> None:
    target = tmp_path / "sop.pdf"
    pages = write_sop(target, _data("9.14"))
    texts = page_texts(target)
    assert len(texts) == pages == 2
    assert page_sizes(target) == [(841.9, 595.3)] * 2  # landscape A4
    identity, flowchart = texts
    for text in (
        "SEKRETARIAT KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "NOMOR SOP 9.14 TAHUN 2025",
        "TANGGAL PENGESAHAN 9 JANUARI 2025",
        "DISAHKAN OLEH SEKRETARIS KPU KOTA BONTANG BAMBANG RAHMADHANY",
        "NAMA SOP PENATAUSAHAAN SURAT MASUK",
        "DASAR HUKUM",
        "KUALIFIKASI PELAKSANA",
        "1. Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
        "KETERKAITAN",
        "PERALATAN",
        "3. Buku Administrasi",
        "PERINGATAN",
        "PENCATATAN DAN PENDATAAN",
        "Halaman 1 dari 2",
    ):
        assert text in identity, text
    assert "FLOWCHART STANDAR OPERASIONAL PROSEDUR PENATAUSAHAAN SURAT MASUK" in flowchart
    for heading in ("No.", "Aktivitas", "Pelaksana", "Mutu Baku", "Kelengkapan/ Persyaratan"):
        assert heading in flowchart
    for pelaksana in ("Petugas Administrasi Surat", "Ketua KPU", "Sekretaris KPU"):
        assert pelaksana in flowchart
    assert "Petugas administrasi surat menerima surat (hardcopy/softcopy)" in flowchart
    assert "5 Menit" in flowchart
    assert "Pada kesempatan pertama" in flowchart
    assert "30 Menit" in flowchart
    assert "Halaman 2 dari 2" in flowchart
    assert f"oleh {PRINTED_BY}" in flowchart


def test_printed_sop_is_titled_and_has_no_kop_even_with_an_office(tmp_path: Path) -> None:
    data = _data("9.14", make_paper())
    assert document_info(data).title == "SOP 9.14 Tahun 2025 — Penatausahaan Surat Masuk"
    target = tmp_path / "sop.pdf"
    write_sop(target, data)
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG Jl." not in page_texts(target)[0]


def test_header_rows_repeat_on_every_flowchart_page(tmp_path: Path) -> None:
    target = tmp_path / "sop.pdf"
    write_sop(target, _data("9.18"))
    texts = page_texts(target)
    assert len(texts) >= 4
    for text in texts[1:]:
        assert "Aktivitas" in text and "Mutu Baku" in text and "Staf Proda" in text
    joined = " ".join(texts)
    assert "Ya: ke langkah" in joined


def test_f4_landscape(tmp_path: Path) -> None:
    target = tmp_path / "sop.pdf"
    pages = write_sop(target, _data("9.14", make_paper("F4", kop=False)))
    assert page_sizes(target) == [(935.4, 609.4)] * pages


@pytest.mark.parametrize("sop", load_all(), ids=lambda sop: sop.id)
def test_every_sop_prints(tmp_path: Path, sop: Sop) -> None:
    target = tmp_path / "sop.pdf"
    pages = write_sop(target, SopPrintData(make_paper(kop=False), sop))
    texts = page_texts(target)
    assert len(texts) == pages
    assert f"Halaman {pages} dari {pages}" in texts[-1]
    joined = " ".join(texts)
    for langkah in sop.langkah:
        first_words = " ".join(langkah.kegiatan.split()[:3])
        assert first_words in joined, (langkah.no, first_words)


def test_a_dasar_hukum_longer_than_a_page_continues(tmp_path: Path) -> None:
    sop = get_sop("9.4")
    long = dataclasses.replace(sop, dasar_hukum=sop.dasar_hukum * 8)
    target = tmp_path / "sop.pdf"
    pages = write_sop(target, SopPrintData(make_paper(kop=False), long))
    joined = " ".join(page_texts(target))
    assert pages > 4
    assert f"{len(long.dasar_hukum)}. " in joined
    assert "FLOWCHART STANDAR OPERASIONAL PROSEDUR" in joined
