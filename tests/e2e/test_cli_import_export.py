"""``kpu-tui import surat-masuk`` and ``kpu-tui export surat-masuk`` as a user runs them: real
processes against a copy of the demo office, files read back."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kpu_tui.store import backup_sqlite_to

HEADER = "tanggal_terima,nomor_surat,tanggal_surat,asal,perihal,sifat,klasifikasi,keterangan"
ODD = "Łódź — “kutip”"
COMPARED = (
    "tanggal_terima",
    "nomor_surat",
    "tanggal_surat",
    "asal",
    "perihal",
    "sifat",
    "klasifikasi",
    "keterangan",
)


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "KPU_TUI_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("KPU_TUI_DATABASE_URL", None)
    return env


def run(home: Path, *args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``kpu-tui [--db DB] ARGS`` with KPU_TUI_HOME in ``home``."""
    prefix = ["--db", str(db)] if db else []
    return subprocess.run(
        [sys.executable, "-m", "kpu_tui", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(home),
        timeout=300,
    )


@pytest.fixture
def office_db(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo office (no letters)."""
    target = tmp_path / "kantor.sqlite3"
    backup_sqlite_to(demo_template, target)
    return target


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def csv_file(path: Path, rows: list[str], *, header: str = HEADER, bom: bool = False) -> Path:
    text = "\r\n".join([header, *rows]) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


# -- import ----------------------------------------------------------------------------------


def test_every_row_taken_exits_0(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(
        tmp_path / "masuk.csv",
        [
            f"02/03/2025,005/PL.01/2025,01/03/2025,{ODD},Undangan rapat,,PL.01,",
            "2025-03-03,006/HK/2025,2025-03-02,Dinas Kominfo,Pemberitahuan,Rahasia,,dibawa kurir",
        ],
        bom=True,
    )
    result = run(tmp_path, "import", "surat-masuk", str(path), db=office_db)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == "Diimpor: 2 surat (agenda 0001/2025 s.d. 0002/2025). Ditolak: 0 baris.\n"
    )
    assert result.stderr == ""
    assert query(
        office_db, "SELECT agenda_teks, asal, sifat, dicatat_oleh_nama FROM surat_masuk"
    ) == [
        ("0001/2025", ODD, "biasa", "sistem (baris perintah)"),
        ("0002/2025", "Dinas Kominfo", "rahasia", "sistem (baris perintah)"),
    ]


def test_refused_rows_exit_1_with_their_lines(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(
        tmp_path / "campur.csv",
        [
            "2025-03-02;1/A;2025-03-01;Dinas;Rapat;;;",
            "",
            f"2025-03-03;2/A;2025-03-01;Dinas;{'p' * 600};;;",
            "2025-03-04;3/A;2025-03-01;Dinas",
            "2025-03-05;1/A;2025-03-01;Dinas;Rapat lagi;;;",
            "2025-03-06;4/A;2025-03-01;Dinas;Laporan;;;",
        ],
        header=HEADER.replace(",", ";").upper(),
    )
    result = run(tmp_path, "import", "surat-masuk", str(path), db=office_db)
    assert result.returncode == 1
    assert (
        result.stdout == "Diimpor: 2 surat (agenda 0001/2025 s.d. 0002/2025). Ditolak: 3 baris.\n"
    )
    lines = result.stderr.splitlines()
    assert lines == [
        "Baris 4 ditolak: perihal: Perihal paling banyak 500 karakter (kini 600).",
        "Baris 5 ditolak: Baris ini memuat 4 kolom, seharusnya 8 (pemisah 'titik koma').",
        "Baris 6 ditolak: Surat nomor 1/A dari Dinas sudah tercatat dengan nomor agenda "
        "0001/2025 (02-03-2025); gunakan --izinkan-duplikat untuk tetap mencatat.",
    ]
    assert query(office_db, "SELECT nomor_surat FROM surat_masuk ORDER BY nomor_agenda") == [
        ("1/A",),
        ("4/A",),
    ]
    again = run(tmp_path, "import", "surat-masuk", str(path), "--izinkan-duplikat", db=office_db)
    assert again.returncode == 1
    assert again.stdout.startswith("Diimpor: 3 surat (agenda 0003/2025 s.d. 0005/2025).")
    assert "duplikat" not in again.stderr


def test_oleh_names_the_user_in_the_journal(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(tmp_path / "a.csv", ["2025-03-02,1/A,,Dinas,Rapat,,,"])
    result = run(tmp_path, "import", "surat-masuk", str(path), "--oleh", "petugas", db=office_db)
    assert result.returncode == 0, result.stderr
    name = query(office_db, "SELECT nama FROM user WHERE username = 'petugas'")[0][0]
    events = query(
        office_db, "SELECT actor_name FROM journal_event WHERE action = 'catat' ORDER BY id"
    )
    assert events == [(name,)]
    refused = run(tmp_path, "import", "surat-masuk", str(path), "--oleh", "staf", db=office_db)
    assert refused.returncode == 2 and "--oleh: Pengguna 'staf' tidak berperan" in refused.stderr
    unknown = run(tmp_path, "import", "surat-masuk", str(path), "--oleh", "siapa", db=office_db)
    assert unknown.returncode == 2 and "tidak ada" in unknown.stderr
    assert query(office_db, "SELECT count(*) FROM surat_masuk") == [(1,)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tidak-ada.csv", None, "Berkas tidak ditemukan"),
        ("folder", "DIR", "adalah folder"),
        ("latin1.csv", HEADER.encode() + b"\n2025-03-02,1,,Caf\xe9,B,,,\n", "bukan teks UTF-8"),
        ("kosong.csv", b"", "tidak ada baris judul kolom"),
        (
            "kurang.csv",
            b"tanggal_terima,nomor_surat,asal,perihal\n2025-03-02,1,A,B\n",
            "Kolom wajib tidak ada dalam kurang.csv: tanggal_surat, sifat, klasifikasi, "
            "keterangan.",
        ),
    ],
    ids=["missing", "folder", "not-utf8", "empty", "missing-columns"],
)
def test_unreadable_file_exits_2(
    tmp_path: Path, office_db: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run(tmp_path, "import", "surat-masuk", str(path), db=office_db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert query(office_db, "SELECT count(*) FROM surat_masuk") == [(0,)]


def test_import_into_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", ["2025-03-02,1/A,,Dinas,Rapat,,,"])
    db = tmp_path / "salah-ketik.sqlite3"
    result = run(tmp_path, "import", "surat-masuk", str(path), db=db)
    assert result.returncode == 2 and "tidak ada" in result.stderr
    assert not db.exists()


def test_four_imports_at_once_number_gap_free(tmp_path: Path, office_db: Path) -> None:
    """Four processes, 250 rows each, one database: exactly 1..1000, each file in order."""
    files = []
    for p in range(4):
        rows = [
            f"2025-04-{1 + i % 28:02d},{p}-{i}/PL.01/2025,2025-03-01,Pengirim {p},Perihal {i},,,"
            for i in range(250)
        ]
        files.append(csv_file(tmp_path / f"bagian-{p}.csv", rows))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kpu_tui",
                "--db",
                str(office_db),
                "import",
                "surat-masuk",
                str(f),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=_env(tmp_path),
        )
        for f in files
    ]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert err == ""
        assert out.startswith("Diimpor: 250 surat (agenda ")
        assert out.endswith("Ditolak: 0 baris.\n")
    numbers = [
        row[0]
        for row in query(
            office_db,
            "SELECT nomor_agenda FROM surat_masuk WHERE tahun = 2025 ORDER BY nomor_agenda",
        )
    ]
    assert numbers == list(range(1, 1001))
    assert query(
        office_db, "SELECT terakhir FROM number_series WHERE seri = 'agenda_masuk' AND tahun = 2025"
    ) == [(1000,)]
    assert query(office_db, "SELECT count(DISTINCT agenda_teks) FROM surat_masuk") == [(1000,)]
    # Each file's rows got increasing numbers in file order.
    for p in range(4):
        order = [
            int(str(row[0]).split("-")[1].split("/")[0])
            for row in query(
                office_db,
                f"SELECT nomor_surat FROM surat_masuk WHERE asal = 'Pengirim {p}' "
                "ORDER BY nomor_agenda",
            )
        ]
        assert order == list(range(250))
    assert run(tmp_path, "journal", "verify", db=office_db).returncode == 0


# -- export ----------------------------------------------------------------------------------


@pytest.fixture
def with_letters(tmp_path: Path, office_db: Path) -> Path:
    path = csv_file(
        tmp_path / "awal.csv",
        [
            f'02/03/2025,005/PL.01/2025,01/03/2025,{ODD},"Undangan, rapat",,PL.01,',
            "2025-03-03,006/HK/2025,,Dinas Kominfo,=1+1,Rahasia,,dibawa kurir",
            "2025-03-04,-,2025-03-04,Warga RT 05,Surat tanpa nomor,Terbatas,HK.01,",
            "2024-12-30,lama,,X,Tahun lalu,,,",
        ],
    )
    result = run(tmp_path, "import", "surat-masuk", str(path), db=office_db)
    assert result.returncode == 0, result.stderr
    return office_db


def test_export_csv(tmp_path: Path, with_letters: Path) -> None:
    target = tmp_path / "keluar" / "agenda-2025.csv"
    target.parent.mkdir()
    result = run(
        tmp_path, "export", "surat-masuk", "--tahun", "2025", "-o", str(target), db=with_letters
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Diekspor: 3 surat masuk tahun 2025 ke {target} (CSV).\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfnomor_agenda,tanggal_terima,nomor_surat,")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["nomor_agenda"] for r in rows] == ["0001/2025", "0002/2025", "0003/2025"]
    assert rows[0]["tanggal_terima"] == "2025-03-02" and rows[0]["asal"] == ODD
    assert rows[0]["perihal"] == "Undangan, rapat"
    assert rows[1]["tanggal_surat"] == "" and rows[1]["sifat"] == "Rahasia"
    assert {r["status"] for r in rows} == {"belum disposisi"}
    assert not list(target.parent.glob(".*.tmp"))


def test_export_xlsx(tmp_path: Path, with_letters: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "agenda.xlsx"
    result = run(
        tmp_path, "export", "surat-masuk", "--tahun", "2025", "-o", str(target), db=with_letters
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("(XLSX).\n")
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("nomor_agenda", "tanggal_terima", "nomor_surat")
    assert [r[0] for r in rows[1:]] == ["0001/2025", "0002/2025", "0003/2025"]
    assert rows[2][5] == "=1+1"
    forced = tmp_path / "agenda.data"
    result = run(
        tmp_path,
        "export",
        "surat-masuk",
        "--tahun",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(forced),
        db=with_letters,
    )
    assert result.returncode == 0, result.stderr
    assert forced.read_bytes().startswith(b"PK\x03\x04")


def test_export_refuses_a_bad_target_or_year(tmp_path: Path, with_letters: Path) -> None:
    missing = run(
        tmp_path,
        "export",
        "surat-masuk",
        "--tahun",
        "2025",
        "-o",
        str(tmp_path / "tidak-ada" / "a.csv"),
        db=with_letters,
    )
    assert missing.returncode == 2 and "Folder tujuan tidak ada" in missing.stderr
    folder = run(
        tmp_path, "export", "surat-masuk", "--tahun", "2025", "-o", str(tmp_path), db=with_letters
    )
    assert folder.returncode == 2 and "folder" in folder.stderr
    year = run(tmp_path, "export", "surat-masuk", "--tahun", "25", "-o", "x.csv", db=with_letters)
    assert year.returncode == 2 and "bukan tahun yang sah" in year.stderr
    nodb = run(
        tmp_path,
        "export",
        "surat-masuk",
        "--tahun",
        "2025",
        "-o",
        str(tmp_path / "b.csv"),
        db=tmp_path / "tidak-ada.sqlite3",
    )
    assert nodb.returncode == 2 and "tidak ada" in nodb.stderr
    assert not (tmp_path / "tidak-ada.sqlite3").exists()


def test_export_then_import_into_a_fresh_office(
    tmp_path: Path, with_letters: Path, demo_template: Path
) -> None:
    exported = tmp_path / "agenda.csv"
    result = run(
        tmp_path, "export", "surat-masuk", "--tahun", "2025", "-o", str(exported), db=with_letters
    )
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "baru.sqlite3"
    backup_sqlite_to(demo_template, fresh)
    imported = run(tmp_path, "import", "surat-masuk", str(exported), db=fresh)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == (
        "Diimpor: 3 surat (agenda 0001/2025 s.d. 0003/2025). Ditolak: 0 baris.\n"
    )
    columns = ", ".join(COMPARED)
    sql = f"SELECT agenda_teks, {columns} FROM surat_masuk WHERE tahun = 2025 ORDER BY nomor_agenda"
    assert query(fresh, sql) == query(with_letters, sql)
