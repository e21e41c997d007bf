"""``kpu-tui sop`` as a user runs it: a real process, a fresh data directory, no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kpu_tui.sop import load_all, sop_files


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kpu_tui sop ARGS`` with KPU_TUI_HOME in ``tmp_path``."""
    env = {**os.environ, "KPU_TUI_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    env.pop("KPU_TUI_DATABASE_URL", None)
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "kpu_tui", "sop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def no_database_created(tmp_path: Path) -> bool:
    home = tmp_path / "home"
    return not home.exists() or not any(home.rglob("*.sqlite3"))


def test_list_shows_every_sop(tmp_path: Path) -> None:
    result = run(tmp_path, "list")
    assert result.returncode == 0, result.stderr
    for sop in load_all():
        assert sop.id in result.stdout
    assert "Penatausahaan Surat Masuk" in result.stdout
    assert no_database_created(tmp_path)


def test_list_json(tmp_path: Path) -> None:
    result = run(tmp_path, "list", "--json")
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [sop.id for sop in load_all()]
    surat_masuk = next(row for row in rows if row["id"] == "9.14")
    assert surat_masuk["langkah"] == 6
    assert set(surat_masuk) == {"id", "nomor", "nama", "flowchart", "satker", "langkah"}


def test_show_914_has_six_steps_with_pelaksana_and_waktu(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "9.14")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "9.14 Tahun 2025",
        "Penatausahaan Surat Masuk",
        "9 Januari 2025",
        "Bambang Rahmadhany",
        "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
        "Ketua KPU",
        "Kelengkapan",
        "Waktu",
        "Output",
        "5 Menit",
        "10 Menit",
        "30 Menit",
    ):
        assert text in out, text
    assert "kesempat" in out  # "Pada kesempatan pertama", possibly folded over two lines
    rows = [line for line in out.splitlines() if line.startswith("│") and "●" in line]
    numbers = [line.split("│")[1].strip() for line in rows]
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    # step 4: Ketua and Sekretaris act, the petugas does not
    step4 = rows[3].split("│")
    assert step4[3].strip() == "" and step4[4].strip() == "●" and step4[5].strip() == "●"
    assert no_database_created(tmp_path)


def test_show_marks_a_decision(tmp_path: Path) -> None:
    sop = next(s for s in load_all() if any(step.keputusan for step in s.langkah))
    step = next(step for step in sop.langkah if step.keputusan)
    assert step.keputusan is not None
    result = run(tmp_path, "show", sop.id)
    assert result.returncode == 0, result.stderr
    assert "◆" in result.stdout
    assert f"ya→{step.keputusan.ya}" in result.stdout


def test_show_json(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "9.14", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert {"id", "nama", "pelaksana", "langkah", "nomor", "satker", "dasar_hukum"} <= set(data)
    assert data["id"] == "9.14"
    assert [p["kode"] for p in data["pelaksana"]] == ["petugas", "ketua", "sekretaris", "kasubbag"]
    steps = data["langkah"]
    assert [s["no"] for s in steps] == [1, 2, 3, 4, 5, 6]
    for step in steps:
        assert {"no", "kegiatan", "pelaksana", "waktu_teks", "waktu", "output"} <= set(step)
    assert steps[3]["pelaksana"] == ["ketua", "sekretaris"]
    assert steps[0]["waktu_teks"] == "5 Menit"
    assert steps[0]["waktu"]["kind"] == "durasi"
    assert steps[0]["waktu"]["batas"] == {"jumlah": 5, "satuan": "menit"}
    assert steps[2]["waktu"]["tanpa_waktu"] == "kesempatan_pertama"


def test_show_json_waktu_is_null_without_a_printed_time(tmp_path: Path) -> None:
    sop = next(s for s in load_all() if any(not step.waktu_teks for step in s.langkah))
    result = run(tmp_path, "show", sop.id, "--json")
    steps = json.loads(result.stdout)["langkah"]
    assert any(step["waktu_teks"] == "" and step["waktu"] is None for step in steps)


def test_check_passes_on_the_shipped_files(tmp_path: Path) -> None:
    result = run(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(sop_files())} SOP valid." in result.stdout
    assert no_database_created(tmp_path)


def test_check_names_file_and_step_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "sops"
    folder.mkdir()
    text = (Path(__file__).parents[2] / "sops" / "9.14.toml").read_text(encoding="utf-8")
    (folder / "9.14.toml").write_text(
        text.replace('waktu = "30 Menit"', 'waktu = "30 matit"'), encoding="utf-8"
    )
    result = run(tmp_path, "check", "--folder", str(folder))
    assert result.returncode == 1
    assert "sops/9.14.toml: langkah 4: Waktu '30 matit': satuan 'matit'" in result.stdout
    listing = run(tmp_path, "list", "--folder", str(folder))
    assert listing.returncode == 1
    assert "kpu-tui sop check" in listing.stderr


def test_unknown_id_exits_2(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "9.99")
    assert result.returncode == 2
    assert "SOP '9.99' tidak ditemukan" in result.stderr
    assert result.stdout == ""


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--folder", str(tmp_path / "tidak-ada"))
    assert result.returncode == 2
    assert "Folder SOP tidak ada" in result.stderr
