"""``kpu-tui print`` as a user runs it: a real process, PDFs read back with pypdf."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from kpu_tui.config import Settings
from kpu_tui.models import Kertas, Office
from kpu_tui.services.actor import Actor
from kpu_tui.store import Store
from tests.printing.helpers import PRINTED_BY, add_runs_9_14, page_sizes, page_texts


def run(home: Path, *args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``kpu-tui [--db DB] ARGS`` with KPU_TUI_HOME in ``home``."""
    env = {**os.environ, "KPU_TUI_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("KPU_TUI_DATABASE_URL", None)
    prefix = ["--db", str(db)] if db else []
    return subprocess.run(
        [sys.executable, "-m", "kpu_tui", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def _db(settings: Settings) -> Path:
    path = settings.database_path
    assert path is not None
    return path


def test_print_sop_without_a_database(tmp_path: Path) -> None:
    target = tmp_path / "sop-9.14.pdf"
    db = tmp_path / "belum-ada.sqlite3"
    result = run(tmp_path, "print", "sop", "9.14", "-o", str(target), "--oleh", PRINTED_BY, db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PDF ditulis: {target} (2 halaman)"
    assert not db.exists(), "printing must not create a database"
    texts = page_texts(target)
    assert page_sizes(target) == [(841.9, 595.3)] * 2
    assert "NOMOR SOP 9.14 TAHUN 2025" in texts[0]
    assert "Penatausahaan Surat Masuk".upper() in texts[1]
    assert "Halaman 2 dari 2" in texts[1]
    assert PRINTED_BY in texts[1]
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_print_sop_on_f4_from_the_office_profile(
    tmp_path: Path, settings: Settings, demo_store: Store
) -> None:
    with demo_store.write() as session:
        office = session.exec(select(Office)).one()
        office.kertas = Kertas.F4
        session.add(office)
    target = tmp_path / "sop.pdf"
    result = run(tmp_path, "print", "sop", "9.17", "-o", str(target), db=_db(settings))
    assert result.returncode == 0, result.stderr
    assert set(page_sizes(target)) == {(935.4, 609.4)}
    override = tmp_path / "a4.pdf"
    result = run(
        tmp_path, "print", "sop", "9.17", "-o", str(override), "--kertas", "a4", db=_db(settings)
    )
    assert result.returncode == 0, result.stderr
    assert set(page_sizes(override)) == {(841.9, 595.3)}


def test_print_mutu_baku_from_the_demo_office(
    tmp_path: Path, settings: Settings, demo_store: Store, admin: Actor
) -> None:
    add_runs_9_14(demo_store, admin)
    target = tmp_path / "mutu.pdf"
    result = run(
        tmp_path,
        "print",
        "mutu-baku",
        "--sop",
        "9.14",
        "--dari",
        "1 Maret 2026",
        "--sampai",
        "31/03/2026",
        "-o",
        str(target),
        "--oleh",
        PRINTED_BY,
        db=_db(settings),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PDF ditulis: {target} (1 halaman)"
    text = page_texts(target)[0]
    assert page_sizes(target) == [(841.9, 595.3)]
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG" in text
    assert "Laporan Mutu Baku SOP 9.14 Penatausahaan Surat Masuk" in text
    assert "Periode 1 Maret 2026 s.d. 31 Maret 2026" in text
    assert "5 Menit menit 2 6 7,6 1 50%" in text
    assert "Halaman 1 dari 1" in text
    assert f"WITA oleh {PRINTED_BY}" in text


def test_errors_are_explained_with_exit_code_2(
    tmp_path: Path, settings: Settings, demo_store: Store
) -> None:
    db = _db(settings)
    out = str(tmp_path / "x.pdf")

    def mutu(sop: str, dari: str, sampai: str) -> tuple[str, ...]:
        return ("print", "mutu-baku", "--sop", sop, "--dari", dari, "--sampai", sampai, "-o", out)

    cases = [
        (("print", "sop", "9.99", "-o", out), "SOP '9.99' tidak ditemukan"),
        (("print", "sop", "9.14", "-o", str(tmp_path / "tidak" / "ada.pdf")), "Folder tujuan"),
        (("print", "sop", "9.14", "-o", str(tmp_path)), "bukan berkas"),
        (mutu("9.14", "31/02/2026", "1/3/2026"), "--dari: Tanggal tidak dikenali: '31/02/2026'"),
        (mutu("9.14", "2026-03-31", "2026-03-01"), "tanggal akhir periode sebelum tanggal awal"),
        (mutu("9.99", "2026-03-01", "2026-03-31"), "SOP '9.99' tidak ditemukan"),
        (("print", "sop", "9.14", "-o", out, "--kertas", "A3"), "pilihan tidak sah"),
        (("print",), "argumen berikut wajib diisi"),
    ]
    for args, message in cases:
        result = run(tmp_path, *args, db=db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
    assert not (tmp_path / "x.pdf").exists()


def test_mutu_baku_needs_the_database(tmp_path: Path) -> None:
    db = tmp_path / "tidak-ada.sqlite3"
    result = run(
        tmp_path,
        *("print", "mutu-baku", "--sop", "9.14", "--dari", "2026-03-01", "--sampai"),
        *("2026-03-31", "-o", str(tmp_path / "x.pdf")),
        db=db,
    )
    assert result.returncode == 2
    assert "Berkas basis data tidak ada" in result.stderr
    assert not db.exists()


def test_help_lists_the_documents(tmp_path: Path) -> None:
    result = run(tmp_path, "print", "--help")
    assert result.returncode == 0
    assert "sop" in result.stdout and "mutu-baku" in result.stdout
