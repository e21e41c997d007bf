"""``kpu-tui print agenda-keluar / ekspedisi / nomor / tanda-terima-kirim / kendali-keluar`` as
a user runs them: a real process against the demo office with letters made through the
services."""

from __future__ import annotations

from pathlib import Path

from kpu_tui.config import Settings
from kpu_tui.store import Store
from tests.e2e.test_cli_print import run
from tests.printing.helpers import PRINTED_BY, page_sizes, page_texts
from tests.printing.test_surat_keluar_print import make_book


def _db(settings: Settings) -> Path:
    path = settings.database_path
    assert path is not None
    return path


def test_the_books(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    book = make_book(demo_store)
    db = _db(settings)
    cases = {
        "agenda-keluar": (
            ("--dari", "1 November 2026", "--sampai", "30/11/2026"),
            (
                "BUKU AGENDA SURAT KELUAR Periode 1 November 2026 s.d. 30 November 2026",
                "2/2 dikirim, 1 tanda terima kembali",
                "BATAL: Salah tujuan, diganti surat baru",
                "Nomor 2 Tahun 2026",
                "Jumlah surat keluar bernomor: 5",
            ),
        ),
        "ekspedisi": (
            ("--dari", "1/11/2026", "--sampai", "30/11/2026"),
            (
                "BUKU EKSPEDISI SURAT KELUAR Periode 1 November 2026 s.d. 30 November 2026",
                "RR123456789ID",
                "Łukasz Ñoño 3 Nov 2026",
                "Paraf penerima",
                "Jumlah pengiriman: 4 (untuk 2 surat)",
            ),
        ),
        "nomor": (
            ("--tahun", "2026"),
            (
                "BUKU NOMOR SURAT KELUAR Tahun 2026",
                f"{book.cancelled.nomor_surat} 6 Nov 2026 BATAL",
                "4/HM.01-SD/6474/2026 9 Nov 2026 dikembalikan",
                "5/HM.01-SD/6474/2026 11 Nov 2026 dipesan",
                "7/PL.01.1-SD/6474/2026 1 Des 2026 terpakai",
                "Nomor 1 Tahun 2026 10 Nov 2026 BATAL",
                "Tidak ada nomor yang hilang.",
            ),
        ),
    }
    for document, (options, expected) in cases.items():
        target = tmp_path / f"{document}.pdf"
        result = run(
            tmp_path,
            *("print", document, *options, "-o", str(target), "--oleh", PRINTED_BY),
            db=db,
        )
        assert result.returncode == 0, result.stderr
        pages = len(page_texts(target))
        assert result.stdout.strip() == f"PDF ditulis: {target} ({pages} halaman)"
        text = " ".join(page_texts(target))
        for line in (*expected, "KOMISI PEMILIHAN UMUM KOTA BONTANG", f"oleh {PRINTED_BY}"):
            assert line in text, (document, line)
        assert f"Halaman {pages} dari {pages}" in text
        assert page_sizes(target) == [(841.9, 595.3)] * pages
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_papers_of_one_letter(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    book = make_book(demo_store)
    db = _db(settings)
    target = tmp_path / "tanda-terima.pdf"
    result = run(
        tmp_path,
        *("print", "tanda-terima-kirim", "--nomor-surat", book.returned.nomor_surat.lower()),
        *("-o", str(target), "--oleh", PRINTED_BY),
        db=db,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PDF ditulis: {target} (1 halaman)"
    text = page_texts(target)[0]
    assert text.count("TANDA TERIMA PENGIRIMAN SURAT") == 2
    assert "Tujuan 2 dari 2" in text and "Łukasz Ñoño" in text
    assert page_sizes(target) == [(595.3, 841.9)]

    target = tmp_path / "kendali.pdf"
    result = run(
        tmp_path,
        *("print", "kendali-keluar", "--id", str(book.cancelled.id), "--kertas", "f4"),
        *("-o", str(target)),
        db=db,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(page_texts(target))
    assert "LEMBAR KENDALI SURAT KELUAR" in text
    assert f"Nomor {book.cancelled.nomor_surat}" in text
    assert "BATAL — surat ini dibatalkan" in text
    assert page_sizes(target)[0] == (609.4, 935.4)

    # A konsep has a lembar kendali but no tanda terima yet.
    target = tmp_path / "konsep.pdf"
    result = run(
        tmp_path, "print", "kendali-keluar", "--id", str(book.draft.id), "-o", str(target), db=db
    )
    assert result.returncode == 0, result.stderr
    assert "(belum bernomor)" in page_texts(target)[0]


def test_errors_are_explained(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    book = make_book(demo_store)
    db = _db(settings)
    out = str(tmp_path / "x.pdf")
    cases = [
        (
            ("print", "tanda-terima-kirim", "--nomor-surat", "99/X/2026", "-o", out),
            "Tidak ada surat keluar dengan nomor '99/X/2026'.",
        ),
        (
            ("print", "tanda-terima-kirim", "--id", str(book.draft.id), "-o", out),
            "belum bernomor: tanda terima pengiriman dicetak setelah surat ditandatangani",
        ),
        (
            ("print", "kendali-keluar", "--id", "9999", "-o", out),
            "Surat keluar nomor 9999 tidak ditemukan.",
        ),
        (("print", "kendali-keluar", "-o", out), "--nomor-surat --id"),
        (
            ("print", "kendali-keluar", "--id", "1", "--nomor-surat", "1/X", "-o", out),
            "tidak boleh bersama",
        ),
        (
            ("print", "agenda-keluar", "--dari", "30/11/2026", "--sampai", "1/11/2026", "-o", out),
            "tanggal akhir periode sebelum tanggal awal",
        ),
        (
            ("print", "ekspedisi", "--dari", "32/11/2026", "--sampai", "1/12/2026", "-o", out),
            "--dari: Tanggal tidak dikenali: '32/11/2026'",
        ),
        (("print", "nomor", "--tahun", "1999", "-o", out), "--tahun: tahun 1999 di luar rentang"),
        (("print", "nomor", "--tahun", "dua", "-o", out), "--tahun"),
        (("print", "nomor", "-o", out), "--tahun"),
    ]
    for args, message in cases:
        result = run(tmp_path, *args, db=db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
    assert not (tmp_path / "x.pdf").exists()


def test_the_books_need_the_database(tmp_path: Path) -> None:
    db = tmp_path / "tidak-ada.sqlite3"
    result = run(
        tmp_path, "print", "nomor", "--tahun", "2026", "-o", str(tmp_path / "x.pdf"), db=db
    )
    assert result.returncode == 2
    assert "Berkas basis data tidak ada" in result.stderr
    assert not db.exists()


def test_help_lists_the_new_documents(tmp_path: Path) -> None:
    result = run(tmp_path, "print", "--help")
    assert result.returncode == 0
    for name in ("agenda-keluar", "ekspedisi", "nomor", "tanda-terima-kirim", "kendali-keluar"):
        assert name in result.stdout
