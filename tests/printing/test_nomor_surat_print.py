"""The buku nomor surat keluar: every number of the year per series with its state, a summary
per series, and the gap report ("Tidak ada nomor yang hilang" when only voids and returns)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from kpu_tui.models import NomorStatus
from kpu_tui.printing.nomor_surat import (
    NomorPrintData,
    document_info,
    load_nomor_data,
    write_nomor,
)
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services.surat_keluar_views import GapEntry, NomorView, SeriView
from kpu_tui.store import Store
from tests.keluar_helpers import NOW, actor_of, konsep

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts
from .test_surat_keluar_print import make_book

HEADER = (
    "No. urut Nomor surat Tanggal Keadaan Perihal / keperluan Tujuan Jenis Diambil oleh Keterangan"
)
FORMAT = "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}"


def view(urut: int, status: NomorStatus = NomorStatus.TERPAKAI) -> NomorView:
    return NomorView(
        id=urut,
        seri="korespondensi",
        tahun=2026,
        urut=urut,
        sisipan="",
        nomor_teks=f"{urut}/PL.01-SD/6474/2026",
        tanggal=date(2026, 1, 1 + urut % 28),
        status=status,
        surat_keluar_id=urut if status == NomorStatus.TERPAKAI else None,
        jenis_naskah="SD",
        klasifikasi="PL.01",
        perihal="Permohonan data pemilih " * (1 + urut % 3),
        tujuan="Bawaslu Kota Bontang",
        keperluan="",
        untuk_nama="",
        oleh_nama="Łukasz Ñoño",
        dibuat_at=datetime(2026, 1, 1, tzinfo=UTC),
        alasan="Salah ketik" if status == NomorStatus.BATAL else "",
        diubah_at=None,
    )


def test_a_long_ledger_repeats_its_header(tmp_path: Path) -> None:
    rows = [
        view(n, NomorStatus.BATAL if n % 10 == 0 else NomorStatus.TERPAKAI) for n in range(1, 121)
    ]
    data = NomorPrintData(
        paper=make_paper(),
        tahun=2026,
        series=(
            SeriView(
                1, "korespondensi", "Naskah dinas dan korespondensi", FORMAT, True, True, ("SD",)
            ),
        ),
        rows=rows,
        gaps=[
            GapEntry("korespondensi", 2026, n, "batal", f"{n}/PL.01-SD/6474/2026", "Salah ketik")
            for n in range(10, 121, 10)
        ],
    )
    assert document_info(data).title == "Buku Nomor Surat Keluar Tahun 2026"
    target = tmp_path / "nomor.pdf"
    pages = write_nomor(target, data)
    assert pages >= 3
    texts = page_texts(target)
    assert page_sizes(target) == [(841.9, 595.3)] * pages
    for number, page in enumerate(texts, start=1):
        assert f"Halaman {number} dari {pages}" in page
        if re.search(r"\d+/PL\.01-SD/6474/2026 \d+ Jan 2026", page):
            assert HEADER in page, f"header missing on page {number}"
        if number > 1:
            assert "Buku Nomor Surat Keluar Tahun 2026" in page
    everything = " ".join(texts)
    listed = [int(n) for n in re.findall(r"\b(\d+)/PL\.01-SD/6474/2026 \d+ Jan 2026", everything)]
    assert listed == list(range(1, 121))
    assert "Naskah dinas dan korespondensi " + FORMAT + " 1 s.d. 120 120 108 0 0 12 0" in everything
    assert "Tidak ada nomor yang hilang." in everything
    assert "120/PL.01-SD/6474/2026 BATAL Salah ketik" in everything


def load(store: Store, tahun: int) -> NomorPrintData:
    with store.read() as session:
        return load_nomor_data(session, tahun=tahun, printed_by=PRINTED_BY, now=NOW)


def test_every_number_of_the_year_with_its_state(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    # A back-dated insert (sisipan) after number 3, given by a kasubbag.
    staf, kasubbag = actor_of(demo_store, "staf"), actor_of(demo_store, "kasubbag.tpph")
    with demo_store.write() as s:
        row = sk.create(s, actor=staf, form=konsep(demo_store, perihal="Surat sisipan"), now=NOW)
        sk.submit(s, actor=staf, surat_id=row.id, now=NOW)
        sk.paraf(s, actor=kasubbag, surat_id=row.id, now=NOW)
        inserted = sk.sign(
            s, actor=kasubbag, surat_id=row.id, tanggal="7/11/2026", sisipan=True, now=NOW
        )
    assert inserted.nomor_surat.startswith("3a/")

    data = load(demo_store, 2026)
    target = tmp_path / "nomor.pdf"
    pages = write_nomor(target, data)
    texts = page_texts(target)
    everything = " ".join(texts)
    ledger = everything.split("Pemeriksaan kesinambungan")[0]  # the registers, not the report
    urut = re.findall(
        r"\b(\d+a?) (\d+[a-z]?/PL\.01\.1-SD|\d+[a-z]?/HM\.01-SD|Nomor \d+ Tahun)", ledger
    )
    assert [u for u, _ in urut] == ["1", "2", "3", "3a", "4", "5", "6", "7", "1", "2"]
    for expected in (
        "BUKU NOMOR SURAT KELUAR Tahun 2026",
        "KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "Ringkasan per seri",
        # series, format, range, count, terpakai, dipesan, dikembalikan, BATAL, sisipan
        f"Naskah dinas dan korespondensi {FORMAT} 1 s.d. 7 8 5 1 1 1 1",
        "Keputusan Nomor {urut} Tahun {tahun} 1 s.d. 2 2 1 0 0 1 0",
        "Berita Acara",
        "belum ada nomor 0 0 0 0 0 0",
        "Seri Naskah dinas dan korespondensi (8 nomor)",
        "Seri Keputusan (2 nomor)",
        f"{book.returned.nomor_surat} 2 Nov 2026 terpakai Permohonan data pemilih",
        f"{book.cancelled.nomor_surat} 6 Nov 2026 BATAL Surat yang salah alamat",
        "Alasan batal (6 Nov 2026): Salah tujuan, diganti surat baru",
        "4/HM.01-SD/6474/2026 9 Nov 2026 dikembalikan Keperluan: Surat dari rapat di luar kantor",
        "Dikembalikan (9 Nov 2026): Tidak jadi dipakai. Dipesan untuk Kasubbag TPPH",
        "5/HM.01-SD/6474/2026 11 Nov 2026 dipesan Keperluan: Undangan pleno",
        "Dipesan untuk Sekretaris",
        "Nomor sisipan",
        "Nomor 1 Tahun 2026 10 Nov 2026 BATAL Keperluan: SK panitia",
        "Nomor 2 Tahun 2026 13 Nov 2026 terpakai Penetapan panitia pemutakhiran",
        "7/PL.01.1-SD/6474/2026 1 Des 2026 terpakai Laporan bulanan",
        "Pemeriksaan kesinambungan nomor",
        "Tidak ada nomor yang hilang.",
        "Nomor yang tidak dipakai surat yang berlaku (batal, dikembalikan, masih dipesan):",
        f"Naskah dinas dan korespondensi 3 {book.cancelled.nomor_surat} BATAL Salah tujuan",
        "Naskah dinas dan korespondensi 4 4/HM.01-SD/6474/2026 dikembalikan Tidak jadi dipakai",
        "Naskah dinas dan korespondensi 5 5/HM.01-SD/6474/2026 dipesan, belum dipakai",
        "Keputusan 1 Nomor 1 Tahun 2026 BATAL Salah ambil",
        f"Halaman {pages} dari {pages}",
    ):
        assert expected in everything, expected
    assert "Konsep yang belum jadi" not in everything, "a konsep has no number"
    assert "PERHATIAN" not in everything


def test_a_missing_number_is_reported(tmp_path: Path, demo_store: Store) -> None:
    make_book(demo_store)
    # What the application never does: a ledger row removed behind its back.
    with demo_store.write() as s:
        s.execute(text("DELETE FROM nomor_surat WHERE nomor_teks = '5/HM.01-SD/6474/2026'"))
    target = tmp_path / "hilang.pdf"
    write_nomor(target, load(demo_store, 2026))
    everything = " ".join(page_texts(target))
    assert "PERHATIAN: 1 nomor hilang" in everything
    assert "Naskah dinas dan korespondensi nomor 5" in everything
    assert "Tidak ada nomor yang hilang" not in everything


def test_a_year_without_numbers(tmp_path: Path, demo_store: Store) -> None:
    make_book(demo_store)
    data = load(demo_store, 2025)
    assert data.rows == [] and list(data.gaps) == []
    target = tmp_path / "2025.pdf"
    assert write_nomor(target, data) == 1
    page = page_texts(target)[0]
    assert "Tahun 2025" in page
    assert "Tidak ada nomor surat keluar pada tahun 2025." in page
    assert "Tidak ada nomor yang hilang." in page
    assert f"Naskah dinas dan korespondensi {FORMAT} belum ada nomor" in page
