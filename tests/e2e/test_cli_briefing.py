"""``kpu-tui print briefing [--tanggal ...] -o FILE.pdf`` as a user runs it: a real process
against the demo office with letters and numbers made through the services."""

from __future__ import annotations

from pathlib import Path

from kpu_tui.config import Settings
from kpu_tui.store import Store
from tests.e2e.test_cli_print import run
from tests.printing.helpers import PRINTED_BY, page_sizes, page_texts
from tests.services.test_briefing import make_office


def _db(settings: Settings) -> Path:
    path = settings.database_path
    assert path is not None
    return path


def test_a_monday_briefing(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    kantor = make_office(demo_store)
    target = tmp_path / "briefing.pdf"
    result = run(
        tmp_path,
        *("print", "briefing", "--tanggal", "23/11/2026", "-o", str(target)),
        *("--oleh", PRINTED_BY),
        db=_db(settings),
    )
    assert result.returncode == 0, result.stderr
    texts = page_texts(target)
    pages = len(texts)
    assert result.stdout.strip() == f"PDF ditulis: {target} ({pages} halaman)"
    assert page_sizes(target) == [(595.3, 841.9)] * pages
    text = " ".join(texts)
    for line in (
        "KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "LAPORAN PAGI (BRIEFING) — Senin, 23 November 2026",
        "Hari kerja sebelumnya: Jumat, 20 November 2026",
        "Hj. Maryam Abdullah — Ketua KPU Kabupaten/Kota",
        "Drs. Bambang Sutrisno, M.Si. — Sekretaris KPU Kabupaten/Kota",
        f"Disposisi baru {kantor.late} Permintaan data pemilih",
        "Kam 19 Nov, 16.00 lewat 2 hari kerja",
        "Sen 23 Nov, 16.00 hari ini",
        "Surat masuk Jumat, 20 November 2026 (2 surat)",
        "Belum disposisi (untuk Ketua KPU Kabupaten/Kota)",
        "Nomor surat keluar Jumat, 20 November 2026 (4 nomor)",
        f"{kantor.nomor_voided} Naskah dinas dan korespondensi BATAL alasan: Salah ketik",
        f"oleh {PRINTED_BY}",
        f"Halaman {pages} dari {pages}",
    ):
        assert line in text, line
    assert kantor.cancelled not in text
    assert not list(tmp_path.glob(".*.tmp"))

    # ISO dates and words are read too; F4 when asked.
    target = tmp_path / "selasa.pdf"
    result = run(
        tmp_path,
        *("print", "briefing", "--tanggal", "2026-11-24", "--kertas", "f4", "-o", str(target)),
        db=_db(settings),
    )
    assert result.returncode == 0, result.stderr
    assert "LAPORAN PAGI (BRIEFING) — Selasa, 24 November 2026" in page_texts(target)[0]
    assert "Nomor surat keluar Senin, 23 November 2026 (1 nomor)" in " ".join(page_texts(target))
    assert page_sizes(target)[0] == (609.4, 935.4)


def test_without_a_date_it_is_today(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    target = tmp_path / "hari-ini.pdf"
    result = run(tmp_path, "print", "briefing", "-o", str(target), db=_db(settings))
    assert result.returncode == 0, result.stderr
    text = " ".join(page_texts(target))
    assert "LAPORAN PAGI (BRIEFING) — " in text
    assert "Tidak ada pekerjaan yang terlambat atau jatuh tempo dalam 3 hari kerja." in text
    assert "Tidak ada surat masuk yang diterima pada" in text


def test_errors_are_explained(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    db = _db(settings)
    out = str(tmp_path / "x.pdf")
    cases = [
        (
            ("print", "briefing", "--tanggal", "32/11/2026", "-o", out),
            "--tanggal: Tanggal tidak dikenali: '32/11/2026'",
        ),
        (
            ("print", "briefing", "--tanggal", "kemarin lusa", "-o", out),
            "--tanggal: Tanggal tidak dikenali",
        ),
        (
            ("print", "briefing", "--tanggal", "1/1/1999", "-o", out),
            "--tanggal: Tanggal tidak boleh sebelum tahun 2000.",
        ),
        (
            ("print", "briefing", "-o", str(tmp_path / "tidak-ada" / "x.pdf")),
            "Folder tujuan tidak ada",
        ),
        (("print", "briefing", "-o", str(tmp_path)), "Tujuan adalah folder, bukan berkas"),
        (("print", "briefing"), "argumen berikut wajib diisi: -o/--output"),
    ]
    for args, message in cases:
        result = run(tmp_path, *args, db=db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
    assert not (tmp_path / "x.pdf").exists()


def test_help_lists_the_briefing(tmp_path: Path) -> None:
    result = run(tmp_path, "print", "--help")
    assert result.returncode == 0
    assert "briefing" in result.stdout and "laporan pagi" in result.stdout
