"""``kpu-tui tenggat`` as a user runs it: a real process, a fresh data directory."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

# ``python -m kpu_tui.cli`` needs kpu_tui/cli/__main__.py; until it exists, call main() directly.
_SHIM = "import sys; from kpu_tui.cli import main; sys.exit(main())"
ENTRY = (
    ["-m", "kpu_tui.cli"]
    if importlib.util.find_spec("kpu_tui.cli.__main__") is not None
    else ["-c", _SHIM]
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``kpu-tui --db <tmp>/x.sqlite3 tenggat ARGS`` with KPU_TUI_HOME in ``tmp_path``."""
    env = {**os.environ, "KPU_TUI_HOME": str(tmp_path)}
    env.pop("KPU_TUI_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *ENTRY, "--db", str(tmp_path / "x.sqlite3"), "tenggat", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def run_json(tmp_path: Path, *args: str) -> dict[str, Any]:
    """Run with ``--json`` and return the parsed output."""
    result = run(tmp_path, *args, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_acceptance_example_json(tmp_path: Path) -> None:
    data = run_json(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "10")
    assert set(data) == {"mulai", "tenggat", "dilewati"}
    assert data["mulai"] == "2026-03-16"
    assert data["tenggat"] == "2026-04-07"
    skipped = {entry["tanggal"]: entry["alasan"] for entry in data["dilewati"]}
    for day in ("2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24"):
        assert skipped[day].startswith("Cuti Bersama"), day
    assert skipped["2026-03-19"] == "Hari Suci Nyepi"
    assert skipped["2026-04-03"] == "Wafat Yesus Kristus"
    for day in ("2026-03-21", "2026-03-28", "2026-04-04"):
        assert skipped[day].startswith("Sabtu"), day
    for day in ("2026-03-22", "2026-03-29", "2026-04-05"):
        assert skipped[day].startswith("Minggu"), day
    assert len(skipped) == 12
    assert all(set(entry) == {"tanggal", "alasan"} for entry in data["dilewati"])


def test_fresh_installation_needs_no_set_up_and_leaves_no_files(tmp_path: Path) -> None:
    result = run(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "10")
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_text_output_in_indonesian(tmp_path: Path) -> None:
    result = run(tmp_path, "--mulai", "16/03/2026", "--hari-kerja", "10")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Senin, 16 Maret 2026" in out
    assert "Selasa, 7 April 2026" in out
    assert "10 hari kerja" in out
    assert "Hari yang tidak dihitung (12)" in out
    assert "Kamis, 19 Maret 2026" in out and "Hari Suci Nyepi" in out
    assert "Jumat, 3 April 2026" in out and "Wafat Yesus Kristus" in out


def test_existing_database_uses_the_office_calendar(tmp_path: Path) -> None:
    from kpu_tui.config import sqlite_url
    from kpu_tui.services import calendar
    from kpu_tui.services.actor import SYSTEM
    from kpu_tui.store import Store, ensure_schema

    store = Store(sqlite_url(tmp_path / "x.sqlite3"))
    try:
        ensure_schema(store, tmp_path / "cadangan")
        with store.write() as session:
            calendar.add_office_day(
                session,
                actor=SYSTEM,
                tanggal=date(2026, 3, 25),
                jenis="libur",
                keterangan="Pemadaman listrik",
                dasar_hukum="SE Sekretaris 5/2026",
            )
    finally:
        store.dispose()
    data = run_json(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "10")
    assert data["tenggat"] == "2026-04-08"
    assert {"tanggal": "2026-03-25", "alasan": "Pemadaman listrik (SE Sekretaris 5/2026)"} in data[
        "dilewati"
    ]


def test_across_the_year_end(tmp_path: Path) -> None:
    data = run_json(tmp_path, "--mulai", "2026-12-23", "--hari-kerja", "5")
    assert data["tenggat"] == "2027-01-04"
    assert [e["tanggal"] for e in data["dilewati"]] == [
        "2026-12-24",
        "2026-12-25",
        "2026-12-26",
        "2026-12-27",
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
    ]


def test_zero_and_calendar_days(tmp_path: Path) -> None:
    assert run_json(tmp_path, "--mulai", "2026-03-21", "--hari-kerja", "0") == {
        "mulai": "2026-03-21",
        "tenggat": "2026-03-21",
        "dilewati": [],
    }
    assert run_json(tmp_path, "--mulai", "2026-03-16", "--hari", "30") == {
        "mulai": "2026-03-16",
        "tenggat": "2026-04-15",
        "dilewati": [],
    }


def test_hours_and_minutes_carry_the_time(tmp_path: Path) -> None:
    data = run_json(tmp_path, "--mulai", "2026-03-17", "--jam", "10", "--pukul", "14:00")
    assert data["tenggat"] == "2026-03-25"
    assert data["tenggat_waktu"] == "2026-03-25T15:30"
    assert len(data["dilewati"]) == 7
    friday = run_json(tmp_path, "--mulai", "2026-03-06", "--menit", "60", "--pukul", "16.00")
    assert friday["tenggat_waktu"] == "2026-03-09T08:00"
    assert [e["alasan"] for e in friday["dilewati"]] == ["Sabtu", "Minggu"]
    # Without --pukul the clock starts at opening time.
    morning = run_json(tmp_path, "--mulai", "2026-03-16", "--jam", "2")
    assert morning["tenggat_waktu"] == "2026-03-16T09:30"


def test_text_output_for_hours(tmp_path: Path) -> None:
    result = run(tmp_path, "--mulai", "2026-03-17", "--jam", "10", "--pukul", "14.00")
    assert result.returncode == 0, result.stderr
    assert "Rabu, 25 Maret 2026 pukul 15.30" in result.stdout
    assert "07.30–16.00, Jumat sampai 16.30" in result.stdout


def expect_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit code 2, nothing on stdout, and the words in the message."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr


def test_impossible_date(tmp_path: Path) -> None:
    result = run(tmp_path, "--mulai", "2026-02-31", "--hari-kerja", "3")
    expect_error(result, "Tanggal tidak dikenali", "Contoh: 23/11/2026", "Februari")
    assert "Traceback" not in result.stderr


def test_negative_amount(tmp_path: Path) -> None:
    expect_error(run(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "-3"), "negatif")
    expect_error(run(tmp_path, "--mulai", "2026-03-16", "--menit", "-1"), "negatif")


def test_not_a_number(tmp_path: Path) -> None:
    expect_error(run(tmp_path, "--mulai", "2026-03-16", "--hari", "sepuluh"), "bilangan bulat")


def test_no_amount(tmp_path: Path) -> None:
    expect_error(run(tmp_path, "--mulai", "2026-03-16"), "--hari-kerja", "--menit")


def test_two_amounts_and_missing_start(tmp_path: Path) -> None:
    assert run(tmp_path, "--mulai", "2026-03-16", "--hari", "1", "--jam", "1").returncode == 2
    assert run(tmp_path, "--hari-kerja", "1").returncode == 2


def test_pukul_only_with_hours_and_must_be_valid(tmp_path: Path) -> None:
    expect_error(
        run(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "1", "--pukul", "09.00"), "--pukul"
    )
    expect_error(
        run(tmp_path, "--mulai", "2026-03-16", "--jam", "1", "--pukul", "25.00"),
        "Jam tidak dikenali",
    )
    assert list(tmp_path.iterdir()) == []


def test_absurd_amount_is_refused(tmp_path: Path) -> None:
    expect_error(
        run(tmp_path, "--mulai", "2026-03-16", "--hari-kerja", "99999999"), "terlalu besar"
    )
