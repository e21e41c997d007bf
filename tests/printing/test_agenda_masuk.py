"""The buku agenda surat masuk: one row per letter, header on every page, totals at the end,
loaded page by page without a query per letter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table
from sqlalchemy import event

from kpu_tui.config import Settings
from kpu_tui.models import SuratStatus
from kpu_tui.printing.agenda_masuk import (
    PHASE_READ,
    PHASE_ROWS,
    AgendaMasukPrintData,
    AgendaRow,
    build_agenda_masuk_story,
    document_info,
    load_agenda_masuk_data,
    write_agenda_masuk,
)
from kpu_tui.printing.flowables import PagedTable, para, wrap_text
from kpu_tui.printing.fonts import REGULAR, register_fonts
from kpu_tui.printing.templates import PHASE_LAYOUT, PHASE_WRITE, PrintCancelled
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.surat_masuk import SuratRow
from kpu_tui.store import Store

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts
from .test_surat_masuk import NOW, PRINTED_AT, dispose_chain, give, jabatan_ids, petugas, register

HEADER = (
    "No. agenda Tanggal terima Nomor dan tanggal surat Asal surat Perihal Lamp. Sifat Kode "
    "klasifikasi Diteruskan kepada Keterangan"
)


def synthetic_row(urut: int) -> AgendaRow:
    """A letter for the pure story tests: every 7th cancelled, every 5th disposed."""
    status = (
        SuratStatus.BATAL
        if urut % 7 == 0
        else SuratStatus.PROSES
        if urut % 5 == 0
        else SuratStatus.BELUM_DISPOSISI
    )
    row = SuratRow(
        id=urut,
        tahun=2026,
        nomor_agenda=urut,
        agenda_teks=f"{urut:04d}/2026",
        tanggal_terima=date(2026, 1, 1 + urut % 28),
        nomor_surat=f"{urut:03d}/PL.01-Und/1234/2026",
        tanggal_surat=date(2026, 1, 1),
        asal="Łukasz Ñoño" if urut == 1 else "Bawaslu Kota Bontang",
        perihal=("Permohonan data pemilih berkelanjutan semester pertama " * (1 + urut % 3)),
        lampiran="1 berkas" if urut % 2 else "",
        sifat="rahasia" if urut % 4 == 0 else "biasa",
        derajat="biasa",
        klasifikasi="PL.01",
        tujuan_nama="",
        keterangan="",
        status=status,
        tenggat=date(2026, 2, 3) if status == SuratStatus.PROSES else None,
        run_id=None,
    )
    return AgendaRow(
        row=row,
        sifat_nama="Rahasia" if row.sifat == "rahasia" else "Biasa",
        diteruskan=("Sekretaris (utama)", "Kasubbag KUL") if status == SuratStatus.PROSES else (),
        alasan_batal="Surat ganda" if status == SuratStatus.BATAL else "",
    )


def synthetic(rows: int, paper: str = "A4") -> AgendaMasukPrintData:
    return AgendaMasukPrintData(
        paper=make_paper(paper),
        dari=date(2026, 1, 1),
        sampai=date(2026, 1, 31),
        rows=[synthetic_row(i) for i in range(1, rows + 1)],
        sifat=(("biasa", "Biasa"), ("terbatas", "Terbatas"), ("rahasia", "Rahasia")),
    )


# -- the story and the PDF ---------------------------------------------------------------------


def test_three_pages_of_rows_repeat_the_header_and_end_with_the_totals(tmp_path: Path) -> None:
    data = synthetic(70)
    assert document_info(data).title == (
        "Buku Agenda Surat Masuk, Periode 1 Januari 2026 s.d. 31 Januari 2026"
    )
    assert document_info(data).orientation == "lanskap"
    target = tmp_path / "agenda.pdf"
    pages = write_agenda_masuk(target, data)
    assert pages >= 3
    texts = page_texts(target)
    assert len(texts) == pages
    assert page_sizes(target) == [(841.9, 595.3)] * pages
    assert "BUKU AGENDA SURAT MASUK Periode 1 Januari 2026 s.d. 31 Januari 2026" in texts[0]
    with_rows = 0
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {pages}" in text
        if re.search(r"\d{4}/2026 \d{1,2} Jan 2026", text):
            with_rows += 1
            assert HEADER in text, f"header missing on page {number}"
    assert with_rows >= 3
    # Every letter exactly once, in agenda order.
    everything = " ".join(texts)
    found = [int(m) for m in re.findall(r"\b(\d{4})/2026 \d{1,2} Jan 2026", everything)]
    assert found == list(range(1, 71))
    # (the nomor surat is broken after a "/" to fit its column)
    assert "0001/2026 2 Jan 2026 001/PL.01-Und/1234/ 2026, 1 Jan 2026 Łukasz Ñoño" in everything
    assert "0007/2026" in everything and "BATAL: Surat ganda" in everything
    assert "Sekretaris (utama), Kasubbag KUL" in everything
    assert "Dalam proses, batas 3 Feb 2026" in everything
    last = texts[-1]
    assert "Rekapitulasi Jumlah surat masuk: 70" in last
    # 10 cancelled (7, 14 ... 70), 12 in process (5, 10 ... but not 35 and 70), the rest open.
    assert "Belum disposisi 48 Dalam proses 12 Selesai 0 Diarsipkan 0 Batal 10" in last
    assert "Biasa 53 Terbatas 0 Rahasia 17" in last


def test_empty_period(tmp_path: Path) -> None:
    data = synthetic(0)
    story = build_agenda_masuk_story(data)
    assert not any(isinstance(f, PagedTable) for f in story)
    target = tmp_path / "kosong.pdf"
    assert write_agenda_masuk(target, data) == 1
    text = page_texts(target)[0]
    assert "Tidak ada surat masuk yang diterima dalam periode ini." in text
    assert "Jumlah surat masuk: 0" in text


def test_one_day_title_and_f4(tmp_path: Path) -> None:
    data = synthetic(3, paper="F4")
    data = AgendaMasukPrintData(data.paper, date(2026, 1, 5), date(2026, 1, 5), data.rows)
    target = tmp_path / "f4.pdf"
    pages = write_agenda_masuk(target, data)
    assert page_sizes(target) == [(935.4, 609.4)] * pages
    assert "Tanggal 5 Januari 2026" in page_texts(target)[0]


def test_paged_table_splits_into_one_table_per_page_with_its_header() -> None:
    register_fonts()
    rows = [[f"{i}", wrap_text("kata " * (i % 9 + 1), 40 * mm)] for i in range(200)]
    table = PagedTable([para("No."), para("Isi")], rows, [20 * mm, 50 * mm], shaded=[3])
    width, height = table.wrap(70 * mm, 500)
    assert width == 70 * mm and height > 500
    part: Any = table
    pieces: list[Table] = []
    while True:
        split = part.split(70 * mm, 500)
        assert split, "a page holds at least one row"
        first = split[0]
        assert isinstance(first, Table)
        assert first.wrap(70 * mm, 500)[1] <= 500 + 1e-6
        pieces.append(first)
        if len(split) == 1:
            break
        part = split[1]
    assert len(pieces) > 3
    assert all(piece._cellvalues[0][0].getPlainText() == "No." for piece in pieces)
    assert [r[0] for p in pieces for r in p._cellvalues[1:]] == [str(i) for i in range(200)]
    assert table.split(70 * mm, 10) == [], "not even one row fits: next page"


def test_wrap_text_keeps_lines_within_the_width() -> None:
    register_fonts()
    width = 30 * mm
    text = wrap_text("B-117/KPU-Prov-023/PP.01.2/XI/2026 Permohonan data pemilih", width)
    lines = text.split("\n")
    assert lines[0].startswith("B-117/")
    assert all(stringWidth(line, REGULAR, 8.5) <= width for line in lines)
    assert " ".join(lines).replace("/ ", "/").replace("- ", "-") == (
        "B-117/KPU-Prov-023/PP.01.2/XI/2026 Permohonan data pemilih"
    )
    assert wrap_text("", width) == ""
    assert wrap_text("baris satu\nbaris dua", 100 * mm) == "baris satu\nbaris dua"


# -- loading from the office database ----------------------------------------------------------


@contextmanager
def counting(store: Store) -> Iterator[list[str]]:
    """The SQL statements executed inside the block."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def load(store: Store, dari: date, sampai: date, kertas: str | None = None) -> AgendaMasukPrintData:
    with store.read() as session:
        return load_agenda_masuk_data(
            session, dari=dari, sampai=sampai, printed_by=PRINTED_BY, now=PRINTED_AT, kertas=kertas
        )


def test_book_from_the_office_database(
    tmp_path: Path, demo_store: Store, settings: Settings
) -> None:
    actor = petugas(demo_store)
    jab = jabatan_ids(demo_store)
    scan = tmp_path / "pindaian.pdf"
    scan.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    before = register(demo_store, actor, tanggal_terima="27/2/2026", nomor_surat="1/A")
    disposed = register(demo_store, actor, tanggal_terima="28/2/2026", nomor_surat="2/A")
    dispose_chain(demo_store, actor, disposed.id)
    filed = register(demo_store, actor, nomor_surat="3/A", asal="Dinas Kominfo")
    with demo_store.write() as session:
        dp.file_without(session, actor=actor, surat_id=filed.id, alasan="Tembusan", now=NOW)
    cancelled = register(demo_store, actor, nomor_surat="4/A", sifat="Rahasia")
    with demo_store.write() as session:
        sm.cancel(session, actor=actor, surat_id=cancelled.id, alasan="Salah catat", now=NOW)
        sm.add_scans(
            session,
            actor=actor,
            surat_id=filed.id,
            paths=[str(scan)],
            attachment_dir=settings.attachment_dir,
        )
    several = register(demo_store, actor, nomor_surat="5/A")
    give(
        demo_store,
        actor,
        several.id,
        [dp.Tujuan(jabatan_id=jab["SEKRETARIS"]), dp.Tujuan(jabatan_id=jab["KASUBBAG_RDI"])],
        dari=jab["KETUA"],
        utama=1,
        instruksi=("diketahui",),
    )

    data = load(demo_store, date(2026, 2, 28), date(2026, 3, 31))
    assert [r.row.nomor_surat for r in data.rows] == ["2/A", "3/A", "4/A", "5/A"]
    by_nomor = {r.row.nomor_surat: r for r in data.rows}
    assert by_nomor["2/A"].diteruskan == ("Sekretaris",)
    assert by_nomor["5/A"].diteruskan == ("Kasubbag Rendatin (utama)", "Sekretaris")
    assert by_nomor["3/A"].alasan_arsip == "Tembusan" and by_nomor["3/A"].pindaian == 1
    assert by_nomor["4/A"].alasan_batal == "Salah catat"
    assert before.nomor_surat not in by_nomor

    target = tmp_path / "agenda.pdf"
    assert write_agenda_masuk(target, data) == 1
    text = page_texts(target)[0]
    for expected in (
        "Periode 28 Februari 2026 s.d. 31 Maret 2026",
        f"{disposed.agenda_teks} 28 Feb 2026 2/A Bawaslu Kota Bontang",
        "Sekretaris Dalam proses, batas 5 Mar 2026",  # the earliest open batas waktu
        "Tanpa disposisi: Tembusan Diarsipkan. 1 pindaian",
        "BATAL: Salah catat",
        "Kasubbag Rendatin (utama), Sekretaris",
        "Jumlah surat masuk: 4",
        "Belum disposisi 0 Dalam proses 2 Selesai 0 Diarsipkan 1 Batal 1",
        "Biasa 3 Terbatas 0 Rahasia 1 Sangat Rahasia 0",
        f"oleh {PRINTED_BY}",
    ):
        assert expected in text, (expected, text)


def test_loading_makes_no_query_per_letter(demo_store: Store) -> None:
    actor = petugas(demo_store)
    jab = jabatan_ids(demo_store)

    def add(count: int) -> None:
        for _ in range(count):
            row = register(demo_store, actor, nomor_surat="-")
            give(
                demo_store,
                actor,
                row.id,
                [dp.Tujuan(jabatan_id=jab["SEKRETARIS"])],
                dari=jab["KETUA"],
                instruksi=("diketahui",),
            )

    def queries() -> int:
        with counting(demo_store) as statements:
            data = load(demo_store, date(2026, 3, 1), date(2026, 3, 31))
        assert all(r.diteruskan == ("Sekretaris",) for r in data.rows)
        return len(statements)

    add(3)
    few = queries()
    add(9)
    assert queries() == few, "12 letters need the same queries as 3"


# -- progress and cancelling -------------------------------------------------------------------


def test_progress_counts_up_through_every_phase(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    for number in range(7):
        register(demo_store, actor, nomor_surat=f"{number}/P")
    calls: list[tuple[str, int, int]] = []
    with demo_store.read() as session:
        loaded = load_agenda_masuk_data(
            session,
            dari=date(2026, 3, 1),
            sampai=date(2026, 3, 31),
            printed_by=PRINTED_BY,
            now=PRINTED_AT,
            progress=lambda *call: calls.append(call),
        )
    assert len(loaded.rows) == 7
    assert calls == [(PHASE_READ, 0, 7), (PHASE_READ, 7, 7)]

    calls.clear()
    target = tmp_path / "agenda.pdf"
    pages = write_agenda_masuk(target, synthetic(250), lambda *call: calls.append(call))
    assert pages == len(page_texts(target))
    phases = [phase for phase, _, _ in calls]
    assert phases == sorted(phases, key=[PHASE_ROWS, PHASE_LAYOUT, PHASE_WRITE].index)
    rows = [(done, total) for phase, done, total in calls if phase == PHASE_ROWS]
    assert rows == [(100, 250), (200, 250), (250, 250)]
    laid_out = [(done, total) for phase, done, total in calls if phase == PHASE_LAYOUT]
    assert [done for done, _ in laid_out] == list(range(1, pages + 1))
    estimate = laid_out[0][1]
    assert abs(estimate - pages) <= pages // 10 + 1, (estimate, pages)
    assert all(total >= done for done, total in laid_out)
    written = [(done, total) for phase, done, total in calls if phase == PHASE_WRITE]
    assert written == [(n, pages) for n in range(1, pages + 1)]


def test_without_a_hook_loading_asks_no_count(demo_store: Store) -> None:
    actor = petugas(demo_store)
    register(demo_store, actor, nomor_surat="1/P")
    with counting(demo_store) as plain:
        load(demo_store, date(2026, 3, 1), date(2026, 3, 31))
    with counting(demo_store) as watched, demo_store.read() as session:
        load_agenda_masuk_data(
            session,
            dari=date(2026, 3, 1),
            sampai=date(2026, 3, 31),
            printed_by=PRINTED_BY,
            now=PRINTED_AT,
            progress=lambda *call: None,
        )
    assert len(watched) == len(plain) + 1  # the count of the period


@pytest.mark.parametrize(("phase", "at"), [(PHASE_ROWS, 100), (PHASE_LAYOUT, 3), (PHASE_WRITE, 5)])
def test_cancelling_leaves_no_file(tmp_path: Path, phase: str, at: int) -> None:
    seen: list[tuple[str, int]] = []

    def progress(current: str, done: int, total: int) -> None:
        seen.append((current, done))
        if current == phase and done >= at:
            raise PrintCancelled()

    target = tmp_path / "agenda.pdf"
    with pytest.raises(PrintCancelled):
        write_agenda_masuk(target, synthetic(250), progress)
    assert seen[-1] == (phase, at)
    assert list(tmp_path.iterdir()) == []


def test_cancelling_stops_the_reading(demo_store: Store) -> None:
    actor = petugas(demo_store)
    register(demo_store, actor, nomor_surat="1/P")

    def progress(phase: str, done: int, total: int) -> None:
        raise PrintCancelled()

    with demo_store.read() as session, pytest.raises(PrintCancelled):
        load_agenda_masuk_data(
            session,
            dari=date(2026, 3, 1),
            sampai=date(2026, 3, 31),
            printed_by=PRINTED_BY,
            now=PRINTED_AT,
            progress=progress,
        )
