"""The mutu baku report: title with period, totals, one row per step, Indonesian numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.platypus import Table

from kpu_tui.printing.mutu_baku import (
    MutuBakuPrintData,
    angka,
    build_mutu_baku_story,
    document_info,
    persen,
    write_mutu_baku,
)
from kpu_tui.printing.paper import paper_data
from kpu_tui.services import procedure
from kpu_tui.services.actor import Actor
from kpu_tui.services.procedure import MutuBakuReport, StepStats
from kpu_tui.store import Store

from .helpers import PRINTED_BY, add_runs_9_14, make_paper, page_sizes, page_texts


def _report(steps: int = 3) -> MutuBakuReport:
    stats = tuple(
        StepStats(
            no=i,
            kegiatan=f"Kegiatan nomor {i} yang diukur",
            waktu_teks="± 2 jam" if i == 1 else "Pada kesempatan pertama" if i == 2 else "1 Hari",
            satuan="menit" if i == 1 else "" if i == 2 else "hari",
            batas=120 if i == 1 else None if i == 2 else 1,
            jumlah=4 if i != 3 else 0,
            median=97.5 if i == 1 else 12.0 if i == 2 else None,
            p90=131.25 if i == 1 else 20.0 if i == 2 else None,
            sesuai=3 if i == 1 else 0,
        )
        for i in range(1, steps + 1)
    )
    return MutuBakuReport(
        sop_id="9.14",
        sop_nama="Penatausahaan Surat Masuk",
        dari=date(2026, 1, 1),
        sampai=date(2026, 6, 30),
        jumlah_run=7,
        selesai=4,
        batal=1,
        langkah=stats,
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "–"), (0, "0"), (12.0, "12"), (12.5, "12,5"), (7.6, "7,6"), (1234.25, "1.234,2")],
)
def test_angka(value: float | None, text: str) -> None:
    assert angka(value) == text


def test_persen() -> None:
    assert persen(75.0) == "75%"
    assert persen(66.66666) == "66,7%"
    assert persen(None) == "–"


def test_story_has_title_period_and_one_row_per_step() -> None:
    data = MutuBakuPrintData(make_paper(), _report(5))
    story = build_mutu_baku_story(data)
    tables = [f for f in story if isinstance(f, Table)]
    assert len(tables) == 2
    assert len(tables[1]._cellvalues) == 1 + 5
    assert tables[1].repeatRows == 1
    info = document_info(data)
    assert info.orientation == "lanskap" and info.kop
    assert info.title == (
        "Laporan Mutu Baku SOP 9.14 Penatausahaan Surat Masuk, "
        "Periode 1 Januari 2026 s.d. 30 Juni 2026"
    )


def test_printed_report(tmp_path: Path) -> None:
    target = tmp_path / "mutu.pdf"
    pages = write_mutu_baku(target, MutuBakuPrintData(make_paper(), _report()))
    assert pages == 1
    assert page_sizes(target) == [(841.9, 595.3)]
    text = page_texts(target)[0]
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG" in text
    assert "Laporan Mutu Baku SOP 9.14 Penatausahaan Surat Masuk" in text
    assert "Periode 1 Januari 2026 s.d. 30 Juni 2026" in text
    assert "Prosedur dimulai dalam periode Selesai Dibatalkan Masih berjalan 7 4 1 2" in text
    for heading in ("Kegiatan", "Standar", "Jumlah", "Median", "Persentil 90", "% sesuai standar"):
        assert heading in text
    assert "± 2 jam batas 120 menit menit 4 97,5 131,2 3 75%" in text
    assert "Pada kesempatan pertama tanpa batas waktu pasti – 4 12 20 – –" in text
    assert "1 Hari hari 0 – – – –" in text
    assert "Halaman 1 dari 1" in text
    assert PRINTED_BY in text


def test_long_report_repeats_its_header(tmp_path: Path) -> None:
    target = tmp_path / "mutu.pdf"
    pages = write_mutu_baku(target, MutuBakuPrintData(make_paper("F4"), _report(40)))
    assert pages >= 2
    assert page_sizes(target) == [(935.4, 609.4)] * pages
    for text in page_texts(target)[1:]:
        assert "Persentil 90" in text
        assert "Laporan Mutu Baku SOP 9.14" in text  # the running title


def test_report_from_the_demo_office(tmp_path: Path, demo_store: Store, admin: Actor) -> None:
    add_runs_9_14(demo_store, admin)
    with demo_store.read() as session:
        report = procedure.mutu_baku(
            session, sop_id="9.14", dari=date(2026, 3, 1), sampai=date(2026, 3, 31)
        )
        paper = paper_data(session, printed_by=PRINTED_BY)
    target = tmp_path / "mutu.pdf"
    write_mutu_baku(target, MutuBakuPrintData(paper, report))
    text = page_texts(target)[0]
    assert "Periode 1 Maret 2026 s.d. 31 Maret 2026" in text
    assert "Masih berjalan 3 1 1 1" in text
    # Step 1 (5 Menit): 4 and 8 minutes; step 2 (10 Menit): 16 and 7 minutes.
    assert "5 Menit menit 2 6 7,6 1 50%" in text
    assert "10 Menit menit 2 11,5 15,1 1 50%" in text
    assert "Pada kesempatan pertama tanpa batas waktu pasti menit 1 10 10 – –" in text
