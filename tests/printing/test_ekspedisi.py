"""The buku ekspedisi: one row per tujuan sent in the period, the recorded receipt, an empty
paraf column, the header on every page, totals per cara kirim."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kpu_tui.models import CaraKirim, KeluarStatus, KirimStatus
from kpu_tui.printing.ekspedisi import (
    PHASE_READ,
    PHASE_ROWS,
    EkspedisiPrintData,
    EkspedisiPrintRow,
    document_info,
    load_ekspedisi_data,
    write_ekspedisi,
)
from kpu_tui.printing.templates import PHASE_LAYOUT, PrintCancelled
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services.surat_keluar_views import EkspedisiRow
from kpu_tui.store import Store
from tests.keluar_helpers import NOW, actor_of, at

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts
from .test_surat_keluar_print import make_book, tujuan

HEADER = (
    "No. Tanggal kirim Nomor dan tanggal surat Perihal Tujuan dan alamat Cara kirim Nomor resi "
    "Dikirim oleh Diterima oleh, tanggal Paraf penerima"
)


def synthetic_row(number: int) -> EkspedisiPrintRow:
    """A dispatch for the pure story tests: every 4th by post, every 3rd back, every 9th of a
    letter cancelled later."""
    status = KirimStatus.DITERIMA if number % 3 == 0 else KirimStatus.DIKIRIM
    view = replace(
        tujuan(status, tembusan=number % 5 == 0),
        id=number,
        nama=f"Tujuan {number}",
        alamat="Jl. Awang Long, Bontang",
        cara_kirim=CaraKirim.POS if number % 4 == 0 else CaraKirim.ANTAR,
        tanggal_kirim=date(2026, 3, 1 + number % 28),
        nomor_resi=f"RR{number:05d}ID" if number % 4 == 0 else "",
        dikirim_oleh_nama="Sekar Ayu Lestari",
        nama_penerima="Ñoño" if status == KirimStatus.DITERIMA else "",
        diterima_at=NOW if status == KirimStatus.DITERIMA else None,
    )
    batal = number % 9 == 0
    return EkspedisiPrintRow(
        row=EkspedisiRow(
            tujuan=view,
            surat_id=number,
            nomor_surat=f"{number}/PL.01.1-SD/6474/2026",
            tanggal_surat=date(2026, 3, 1),
            perihal="Permohonan data pemilih berkelanjutan " * (1 + number % 2),
            sifat="biasa",
            surat_status=KeluarStatus.BATAL if batal else KeluarStatus.DIKIRIM,
        ),
        alasan_batal="Salah tujuan" if batal else "",
    )


def synthetic(rows: int) -> EkspedisiPrintData:
    return EkspedisiPrintData(
        paper=make_paper(),
        dari=date(2026, 3, 1),
        sampai=date(2026, 3, 31),
        rows=[synthetic_row(n) for n in range(1, rows + 1)],
    )


def test_pages_repeat_the_header_and_end_with_the_totals(tmp_path: Path) -> None:
    data = synthetic(60)
    assert document_info(data).title == (
        "Buku Ekspedisi Surat Keluar, Periode 1 Maret 2026 s.d. 31 Maret 2026"
    )
    target = tmp_path / "ekspedisi.pdf"
    pages = write_ekspedisi(target, data)
    assert pages >= 3
    texts = page_texts(target)
    assert page_sizes(target) == [(841.9, 595.3)] * pages
    assert "BUKU EKSPEDISI SURAT KELUAR Periode 1 Maret 2026 s.d. 31 Maret 2026" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {pages}" in text
        if re.search(r"\d+/PL\.01\.1-SD/", text):
            assert HEADER in text, f"header missing on page {number}"
    everything = " ".join(texts)
    found = [int(n) for n in re.findall(r"\b(\d+)/PL\.01\.1-SD/", everything)]
    assert found == list(range(1, 61))
    assert "Tujuan 5 (tembusan) Jl. Awang Long, Bontang" in everything
    assert "RR00004ID" in everything
    assert "Ñoño 23 Nov 2026" in everything
    assert "SURAT BATAL: Salah tujuan" in everything
    last = texts[-1]
    assert "Jumlah pengiriman: 60 (untuk 60 surat)" in last
    assert "Antar langsung 45 Pos 15 Kurir/jasa ekspedisi 0 Surel (email) 0 SRIKANDI 0" in last
    assert "Sudah kembali 20 Belum kembali 40" in last


def test_empty_period(tmp_path: Path) -> None:
    target = tmp_path / "kosong.pdf"
    assert write_ekspedisi(target, synthetic(0)) == 1
    text = page_texts(target)[0]
    assert "Tidak ada surat yang dikirim dalam periode ini." in text
    assert "Jumlah pengiriman: 0 (untuk 0 surat)" in text


def load(store: Store, dari: date, sampai: date) -> EkspedisiPrintData:
    with store.read() as session:
        return load_ekspedisi_data(
            session, dari=dari, sampai=sampai, printed_by=PRINTED_BY, now=NOW
        )


def test_book_from_the_office_database(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    petugas = actor_of(demo_store, "petugas")
    data = load(demo_store, date(2026, 11, 1), date(2026, 11, 30))
    assert [r.row.surat_id for r in data.rows] == [book.returned.id] * 2 + [book.partly.id] * 2
    target = tmp_path / "ekspedisi.pdf"
    assert write_ekspedisi(target, data) == 1
    text = page_texts(target)[0]
    nomor = book.returned.nomor_surat
    for expected in (
        "KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "Periode 1 November 2026 s.d. 30 November 2026",
        f"1 2 Nov 2026 {nomor[:12]}",
        "Permohonan data pemilih untuk pemutakhiran",
        "Kepala Dinas Kependudukan",
        "Jl. Awang Long",
        "Ketua KPU Provinsi Kalimantan Timur (tembusan)",
        "antar langsung",
        "5 Nov 2026",
        "Ketua Bawaslu Kota Bontang Jl. MH Thamrin No. 1, Bontang pos RR123456789ID",
        petugas.name,
        "Łukasz Ñoño 3 Nov 2026",
        "Paraf penerima",
        "Jumlah pengiriman: 4 (untuk 2 surat)",
        "Antar langsung 2 Pos 2",
        "Sudah kembali 1 Belum kembali 3",
        f"oleh {PRINTED_BY}",
    ):
        assert expected in text, expected
    assert "Kapolres" not in text, "a tujuan not sent is not in the book"

    # The period is the tanggal kirim; a letter cancelled after sending stays, marked.
    with demo_store.write() as s:
        sk.cancel(
            s,
            actor=petugas,
            surat_id=book.returned.id,
            alasan="Ditarik kembali",
            now=at(2026, 11, 7),
        )
    data = load(demo_store, date(2026, 11, 2), date(2026, 11, 2))
    assert [r.row.surat_id for r in data.rows] == [book.returned.id] * 2
    assert all(r.batal and r.alasan_batal == "Ditarik kembali" for r in data.rows)
    target = tmp_path / "satu-hari.pdf"
    write_ekspedisi(target, data)
    text = page_texts(target)[0]
    assert "Tanggal 2 November 2026" in text
    assert text.count("SURAT BATAL: Ditarik kembali") == 2
    assert load(demo_store, date(2026, 12, 1), date(2026, 12, 31)).rows == []


def test_progress_and_cancelling(tmp_path: Path, demo_store: Store) -> None:
    make_book(demo_store)
    calls: list[tuple[str, int, int]] = []
    with demo_store.read() as session:
        load_ekspedisi_data(
            session,
            dari=date(2026, 11, 1),
            sampai=date(2026, 11, 30),
            printed_by=PRINTED_BY,
            now=NOW,
            progress=lambda *call: calls.append(call),
        )
    assert calls == [(PHASE_READ, 0, 4), (PHASE_READ, 4, 4)]
    calls.clear()

    def stop(phase: str, done: int, total: int) -> None:
        calls.append((phase, done, total))
        if phase == PHASE_LAYOUT and done >= 2:
            raise PrintCancelled()

    target = tmp_path / "batal.pdf"
    with pytest.raises(PrintCancelled):
        write_ekspedisi(target, synthetic(200), stop)
    assert not target.exists()
    assert (PHASE_ROWS, 200, 200) in calls
