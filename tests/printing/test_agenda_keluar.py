"""The buku agenda surat keluar: one row per numbered letter by series and number, BATAL rows
kept with their reason, the header on every page, totals; loaded page by page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kpu_tui.models import KeluarStatus, KeluarSumber, KirimStatus
from kpu_tui.printing.agenda_keluar import (
    PHASE_READ,
    PHASE_ROWS,
    AgendaKeluarPrintData,
    AgendaKeluarRow,
    build_agenda_keluar_story,
    document_info,
    load_agenda_keluar_data,
    write_agenda_keluar,
)
from kpu_tui.printing.flowables import PagedTable
from kpu_tui.printing.templates import PHASE_LAYOUT, PHASE_WRITE, PrintCancelled
from kpu_tui.services.surat_keluar_views import KeluarRow
from kpu_tui.store import Store
from tests.keluar_helpers import NOW, signed

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts
from .test_agenda_masuk import counting
from .test_surat_keluar_print import make_book, tujuan

HEADER = (
    "No. Nomor surat Tanggal Tujuan Perihal Lamp. Kode klasifikasi Jenis naskah Pengolah "
    "Penandatangan Ekspedisi Arsip"
)
SERIES = (
    ("korespondensi", "Naskah dinas dan korespondensi"),
    ("keputusan", "Keputusan"),
    ("berita_acara", "Berita Acara"),
)


def synthetic_row(urut: int, seri: str = "korespondensi") -> AgendaKeluarRow:
    """A letter for the pure story tests: every 7th cancelled, every 3rd with its scan."""
    status = KeluarStatus.BATAL if urut % 7 == 0 else KeluarStatus.DIKIRIM
    nomor = (
        f"{urut}/PL.01.1-SD/6474/2026" if seri == "korespondensi" else f"Nomor {urut} Tahun 2026"
    )
    row = KeluarRow(
        id=urut if seri == "korespondensi" else 1000 + urut,
        status=status,
        sumber=KeluarSumber.APLIKASI,
        nomor_surat=nomor,
        tahun=2026,
        nomor_urut=urut,
        tanggal_surat=date(2026, 1, 1 + urut % 28),
        perihal="Permohonan data pemilih berkelanjutan " * (1 + urut % 3),
        jenis_naskah="SD",
        klasifikasi="PL.01.1",
        sifat="biasa",
        lampiran="1 berkas" if urut % 2 else "",
        tujuan_ringkas="Bawaslu Kota Bontang",
        penandatangan_jabatan="Sekretaris KPU Kabupaten/Kota",
        penandatangan_nama="Łukasz Ñoño",
        pengolah_nama="Sub Bagian Teknis",
        konseptor_nama="Dewi",
        dibuat_at=datetime(2026, 1, 1, tzinfo=UTC),
        putaran=1,
        surat_masuk_id=None,
        keterangan="",
        alasan_batal="Salah tujuan" if status == KeluarStatus.BATAL else "",
        run_id=None,
    )
    return AgendaKeluarRow(
        row=row,
        seri=seri,
        jenis_nama="Surat Dinas" if seri == "korespondensi" else "Keputusan",
        tujuan=(tujuan(KirimStatus.DITERIMA), tujuan(KirimStatus.DIKIRIM, tembusan=True)),
        arsip=1 if urut % 3 == 0 else 0,
    )


def synthetic(rows: int, keputusan: int = 0, paper: str = "A4") -> AgendaKeluarPrintData:
    items = [synthetic_row(i) for i in range(1, rows + 1)]
    items += [synthetic_row(i, "keputusan") for i in range(1, keputusan + 1)]
    return AgendaKeluarPrintData(
        paper=make_paper(paper),
        dari=date(2026, 1, 1),
        sampai=date(2026, 1, 31),
        rows=items,
        series=SERIES,
        jenis=(("SD", "Surat Dinas"), ("KEPUTUSAN", "Keputusan")),
    )


def test_pages_of_rows_repeat_the_header_and_end_with_the_totals(tmp_path: Path) -> None:
    data = synthetic(60, keputusan=3)
    assert document_info(data).title == (
        "Buku Agenda Surat Keluar, Periode 1 Januari 2026 s.d. 31 Januari 2026"
    )
    assert document_info(data).orientation == "lanskap"
    target = tmp_path / "agenda.pdf"
    pages = write_agenda_keluar(target, data)
    assert pages >= 3
    texts = page_texts(target)
    assert page_sizes(target) == [(841.9, 595.3)] * pages
    assert "BUKU AGENDA SURAT KELUAR Periode 1 Januari 2026 s.d. 31 Januari 2026" in texts[0]
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG" in texts[0]
    with_rows = 0
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {pages}" in text
        if re.search(r"\d+/PL\.01\.1-SD/", text):
            with_rows += 1
            assert HEADER in text, f"header missing on page {number}"
            if number > 1:  # the running title
                assert "Buku Agenda Surat Keluar, Periode 1 Januari 2026" in text
    assert with_rows >= 3
    everything = " ".join(texts)
    # Every letter once, in number order; the series as sections.
    found = [int(n) for n in re.findall(r"\b(\d+)/PL\.01\.1-SD/", everything)]
    assert found == list(range(1, 61))
    assert "Seri Naskah dinas dan korespondensi (60 surat)" in texts[0]
    assert "Seri Keputusan (3 surat)" in everything
    assert everything.index("Seri Keputusan") > everything.index("60/PL.01.1-SD")
    assert "Nomor 3 Tahun 2026" in everything
    assert "BATAL: Salah tujuan" in everything and "Surat batal" in everything
    assert "2/2 dikirim, 1 tanda terima kembali" in everything
    assert "Tembusan: X" in everything
    assert "Łukasz Ñoño" in everything
    last = texts[-1]
    assert "Rekapitulasi Jumlah surat keluar bernomor: 63" in last
    # 8 cancelled (7, 14 ... 56), the other 55 sent.
    assert "Ditandatangani, belum semua dikirim 0" in last
    assert "Dikirim, tanda terima belum semua kembali 55" in last
    assert "Batal 8" in last
    assert "Surat Dinas 60 Keputusan 3" in last
    # tujuan of letters not cancelled: 55 back, 55 still out.
    assert "Tanda terima kembali 55" in last
    # With a scan: 3, 6 ... 60 but not the cancelled 21 and 42 (18), and Keputusan 3.
    assert "Pindaian ada 19 Pindaian belum ada 36" in last


def test_empty_period(tmp_path: Path) -> None:
    data = synthetic(0)
    story = build_agenda_keluar_story(data)
    assert not any(isinstance(f, PagedTable) for f in story)
    target = tmp_path / "kosong.pdf"
    assert write_agenda_keluar(target, data) == 1
    text = page_texts(target)[0]
    assert "Tidak ada surat keluar bernomor dengan tanggal dalam periode ini." in text
    assert "Jumlah surat keluar bernomor: 0" in text


def test_f4_and_one_day(tmp_path: Path) -> None:
    base = synthetic(3, paper="F4")
    data = AgendaKeluarPrintData(
        base.paper, date(2026, 1, 5), date(2026, 1, 5), base.rows, base.series, base.jenis
    )
    target = tmp_path / "f4.pdf"
    pages = write_agenda_keluar(target, data)
    assert page_sizes(target) == [(935.4, 609.4)] * pages
    assert "Tanggal 5 Januari 2026" in page_texts(target)[0]


# -- from the office database ------------------------------------------------------------------


def load(store: Store, dari: date, sampai: date) -> AgendaKeluarPrintData:
    with store.read() as session:
        return load_agenda_keluar_data(
            session, dari=dari, sampai=sampai, printed_by=PRINTED_BY, now=NOW
        )


def test_book_from_the_office_database(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    data = load(demo_store, date(2026, 11, 1), date(2026, 11, 30))
    assert [r.row.id for r in data.rows] == [
        book.returned.id,
        book.partly.id,
        book.cancelled.id,
        book.unsent.id,
        book.keputusan.id,
    ], "numbered letters of November, series by series; no draft, nothing of December"
    assert [r.urut_teks for r in data.rows] == ["1", "2", "3", "6", "2"]
    assert [r.seri for r in data.rows] == ["korespondensi"] * 4 + ["keputusan"]
    target = tmp_path / "agenda.pdf"
    pages = write_agenda_keluar(target, data)
    text = " ".join(page_texts(target))
    for expected in (
        "Periode 1 November 2026 s.d. 30 November 2026",
        "Seri Naskah dinas dan korespondensi (4 surat)",
        "Seri Keputusan (1 surat)",
        f"1 {book.returned.nomor_surat[:12]}",
        "2 Nov 2026 Kepala Dinas Kependudukan",
        "Tembusan: Ketua KPU Provinsi Kalimantan Timur",
        "2/2 dikirim, 1 tanda terima kembali",
        "2/5 dikirim, 0 tanda terima kembali",
        "Belum dikirim (0/2)",
        "BATAL: Salah tujuan, diganti surat baru",
        "Surat batal",
        "Nomor 2 Tahun 2026",
        "Penetapan panitia pemutakhiran",
        "Sekretaris KPU Kabupaten/Kota",
        "Jumlah surat keluar bernomor: 5",
        f"oleh {PRINTED_BY}",
        f"Halaman {pages} dari {pages}",
    ):
        assert expected in text, expected
    assert "Laporan bulanan" not in text and "Konsep yang belum jadi" not in text


def test_loading_makes_no_query_per_letter(demo_store: Store) -> None:
    def queries() -> int:
        with counting(demo_store) as statements:
            data = load(demo_store, date(2026, 11, 1), date(2026, 11, 30))
        assert all(len(r.tujuan) == 2 and r.seri == "korespondensi" for r in data.rows)
        return len(statements)

    for _ in range(2):
        signed(demo_store)
    few = queries()
    for _ in range(6):
        signed(demo_store)
    assert queries() == few, "8 letters need the same queries as 2"


def test_progress_and_cancelling(tmp_path: Path, demo_store: Store) -> None:
    for _ in range(3):
        signed(demo_store)
    calls: list[tuple[str, int, int]] = []
    with demo_store.read() as session:
        data = load_agenda_keluar_data(
            session,
            dari=date(2026, 11, 1),
            sampai=date(2026, 11, 30),
            printed_by=PRINTED_BY,
            now=NOW,
            progress=lambda *call: calls.append(call),
        )
    assert calls == [(PHASE_READ, 0, 3), (PHASE_READ, 3, 3)]
    calls.clear()
    target = tmp_path / "agenda.pdf"
    pages = write_agenda_keluar(target, synthetic(250), lambda *call: calls.append(call))
    phases = [phase for phase, _, _ in calls]
    assert phases == sorted(phases, key=[PHASE_ROWS, PHASE_LAYOUT, PHASE_WRITE].index)
    assert [(d, t) for p, d, t in calls if p == PHASE_ROWS] == [(100, 250), (200, 250), (250, 250)]
    laid_out = [(d, t) for p, d, t in calls if p == PHASE_LAYOUT]
    assert abs(laid_out[0][1] - pages) <= pages // 10 + 1
    assert [(d, t) for p, d, t in calls if p == PHASE_WRITE] == [
        (n, pages) for n in range(1, pages + 1)
    ]

    def stop(phase: str, done: int, total: int) -> None:
        if phase == PHASE_LAYOUT and done >= 2:
            raise PrintCancelled()

    cancelled = tmp_path / "batal.pdf"
    with pytest.raises(PrintCancelled):
        write_agenda_keluar(cancelled, synthetic(250), stop)
    assert not cancelled.exists()
    assert len(data.rows) == 3
