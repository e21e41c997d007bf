"""The command line through subprocess, as a script or an office admin would use it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kpu_tui.config import sqlite_url
from kpu_tui.services.demo import DEMO_PASSWORD


def run(
    home: Path, *args: str, stdin: str | None = None, db: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KPU_TUI_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("KPU_TUI_DATABASE_URL", None)
    prefix = ["--db", str(db)] if db else []
    return subprocess.run(
        [sys.executable, "-m", "kpu_tui", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli")
    result = run(home, "demo")
    assert result.returncode == 0, result.stderr
    assert DEMO_PASSWORD in result.stdout
    return home / "kpu-tui.sqlite3"


def _copy(demo_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "salinan.sqlite3"
    src = sqlite3.connect(demo_db)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def test_info_names_every_location(tmp_path: Path) -> None:
    result = run(tmp_path, "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["folder_data"] == str(tmp_path)
    assert info["basis_data"] == sqlite_url(tmp_path / "kpu-tui.sqlite3")
    assert info["folder_cadangan"].endswith("cadangan")
    assert info["folder_lampiran"].endswith("lampiran")
    assert info["revisi_terbaru"]
    text = run(tmp_path, "info").stdout
    assert "Revisi skema" in text and "Folder lampiran" in text


def test_db_option_and_environment_url(tmp_path: Path) -> None:
    other = tmp_path / "lain" / "kantor.sqlite3"
    result = run(tmp_path, "info", "--json", db=other)
    assert json.loads(result.stdout)["basis_data"] == sqlite_url(other)
    env_url = sqlite_url(tmp_path / "env.sqlite3")
    env = {**os.environ, "KPU_TUI_HOME": str(tmp_path), "KPU_TUI_DATABASE_URL": env_url}
    out = subprocess.run(
        [sys.executable, "-m", "kpu_tui", "info", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert json.loads(out)["basis_data"] == env_url


def test_check_and_verify_pass_on_the_demo(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    check = run(tmp_path, "check", db=db)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("[OK   ]") == 3
    verify = run(tmp_path, "journal", "verify", db=db)
    assert verify.returncode == 0 and "Jurnal utuh" in verify.stdout


def test_tampering_behind_the_apps_back_is_named(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE journal_event SET action = 'hapus' WHERE id = 5")
    conn.commit()
    conn.close()
    verify = run(tmp_path, "journal", "verify", db=db)
    assert verify.returncode == 1
    assert "#5" in verify.stdout
    check = run(tmp_path, "check", db=db)
    assert check.returncode == 1
    assert "GAGAL" in check.stdout and "#5" in check.stdout


def test_user_add_and_list(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    added = run(
        tmp_path,
        "user",
        "add",
        "--username",
        "dina",
        "--nama",
        "Dina Mariana",
        "--peran",
        "staf,teknis",
        "--password-stdin",
        stdin="sandi-rahasia-1\n",
        db=db,
    )
    assert added.returncode == 0, added.stderr
    assert "dina" in run(tmp_path, "user", "list", db=db).stdout
    bad = run(
        tmp_path,
        "user",
        "add",
        "--username",
        "x",
        "--nama",
        "",
        "--peran",
        "staf",
        "--password-stdin",
        stdin="123\n",
        db=db,
    )
    assert bad.returncode == 1
    assert "username:" in bad.stderr and "password:" in bad.stderr
    unknown = run(
        tmp_path,
        "user",
        "add",
        "--username",
        "eko",
        "--nama",
        "Eko",
        "--peran",
        "raja",
        "--password-stdin",
        stdin="sandi-rahasia-1\n",
        db=db,
    )
    assert unknown.returncode == 2 and "Peran tidak dikenal" in unknown.stderr


def test_user_add_needs_a_set_up_office(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "user",
        "add",
        "--username",
        "eko",
        "--nama",
        "Eko",
        "--peran",
        "admin",
        "--password-stdin",
        stdin="sandi-rahasia-1\n",
    )
    assert result.returncode == 2
    assert "belum disiapkan" in result.stderr


def test_demo_refuses_a_database_with_an_office(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    result = run(tmp_path, "demo", db=db)
    assert result.returncode == 2 and "sudah berisi kantor" in result.stderr


def test_backup_writes_a_consistent_copy(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    target = tmp_path / "usb" / "cadangan.sqlite3"
    result = run(tmp_path, "backup", "-o", str(target), db=db)
    assert result.returncode == 0, result.stderr
    assert run(tmp_path, "check", db=target).returncode == 0
    again = run(tmp_path, "backup", "-o", str(target), db=db)
    assert again.returncode == 2 and "sudah ada" in again.stderr
    missing = run(tmp_path, "backup", db=tmp_path / "tidak-ada.sqlite3")
    assert missing.returncode == 2 and "tidak ada" in missing.stderr


@pytest.mark.parametrize("command", [["check"], ["journal", "verify"], ["user", "list"]])
def test_corrupt_database_gives_a_message_not_a_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "rusak.sqlite3"
    db.write_bytes(b"\x00garbage" * 1000)
    result = run(tmp_path, *command, db=db)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert "rusak" in (result.stdout + result.stderr)


def test_newer_database_is_refused(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    result = run(tmp_path, "user", "list", db=db)
    assert result.returncode == 2
    assert "lebih baru" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["check"], ["journal", "verify"], ["info"]])
def test_inspecting_a_missing_database_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "salah-ketik" / "kpu.sqlite3"
    result = run(tmp_path, *command, db=db)
    assert "Traceback" not in result.stderr
    if command == ["info"]:
        assert result.returncode == 0 and "belum ada" in result.stdout
    else:
        assert result.returncode == 2 and "tidak ada" in result.stderr
    assert not db.parent.exists()
