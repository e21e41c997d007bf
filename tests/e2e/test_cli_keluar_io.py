"""``kpu-tui import surat-keluar`` and ``kpu-tui export surat-keluar`` as a user runs them: real
processes against a copy of the demo office, files read back, four imports at once."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kpu_tui.store import backup_sqlite_to
from tests.e2e.test_cli_import_export import _env, csv_file, query, run

HEADER = "tanggal,nomor_surat,tujuan,perihal,jenis,klasifikasi,penandatangan,keterangan"
ODD = "Łódź — “kutip”"
KPU_TUI = (sys.executable, "-m", "kpu_tui")


@pytest.fixture
def office_db(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo office (no letters)."""
    target = tmp_path / "kantor.sqlite3"
    backup_sqlite_to(demo_template, target)
    return target


def test_every_row_taken_exits_0(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(
        tmp_path / "keluar.csv",
        [
            f'03/03/2025,,"{ODD}; Bawaslu Kota Bontang",Undangan rapat,Und,HM.01,Ketua,',
            "2025-03-04,7/PL.01.1-SD/6474/2025,KPU RI,Laporan,SD,PL.01.1,Sekretaris,arsip lama",
            "2025-03-05,,KPU RI,Laporan susulan,SD,PL.01.1,Kasubbag KUL,",
        ],
        header=HEADER,
        bom=True,
    )
    result = run(tmp_path, "import", "surat-keluar", str(path), db=office_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Diimpor: 3 surat keluar (nomor 1/HM.01-Und/6474/2025 s.d. 8/PL.01.1-SD/6474/2025). "
        "Ditolak: 0 baris.\n"
    )
    assert result.stderr == ""
    assert query(
        office_db,
        "SELECT nomor_surat, tujuan_ringkas, status, sumber, konseptor_nama FROM surat_keluar "
        "ORDER BY id",
    ) == [
        (
            "1/HM.01-Und/6474/2025",
            f"{ODD}; Bawaslu Kota Bontang",
            "terbit",
            "impor",
            "sistem (baris perintah)",
        ),
        ("7/PL.01.1-SD/6474/2025", "KPU RI", "terbit", "impor", "sistem (baris perintah)"),
        ("8/PL.01.1-SD/6474/2025", "KPU RI", "terbit", "impor", "sistem (baris perintah)"),
    ]
    assert run(tmp_path, "journal", "verify", db=office_db).returncode == 0


def test_refused_rows_exit_1_with_their_lines(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(
        tmp_path / "campur.csv",
        [
            "2025-03-03;;KPU RI;Baik;SD;PL.01.1;Sekretaris;",
            "",
            "2025-03-04;;KPU RI;Siapa;SD;PL.01.1;Camat;",
            "2025-03-04;;KPU RI",
            "2025-03-04;1/PL.01.1-SD/6474/2025;KPU RI;Ganda;SD;PL.01.1;Sekretaris;",
            "2025-03-02;;KPU RI;Mundur;SD;PL.01.1;Sekretaris;",
            "2025-03-05;;KPU RI;Baik juga;SD;PL.01.1;Sekretaris;",
        ],
        header=HEADER.replace(",", ";").upper(),
    )
    result = run(tmp_path, "import", "surat-keluar", str(path), "--oleh", "petugas", db=office_db)
    assert result.returncode == 1
    assert result.stdout == (
        "Diimpor: 2 surat keluar (nomor 1/PL.01.1-SD/6474/2025 s.d. 2/PL.01.1-SD/6474/2025). "
        "Ditolak: 4 baris.\n"
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(
        "Baris 4 ditolak: penandatangan: Penandatangan 'Camat' tidak ada dalam daftar jabatan"
    )
    assert lines[1:] == [
        "Baris 5 ditolak: Baris ini memuat 3 kolom, seharusnya 8 (pemisah 'titik koma').",
        "Baris 6 ditolak: nomor_surat: Nomor urut 1 tahun 2025 sudah dipakai "
        "(1/PL.01.1-SD/6474/2025).",
        "Baris 7 ditolak: tanggal: Sudah ada nomor Naskah dinas dan korespondensi bertanggal "
        "03-03-2025; nomor untuk tanggal sebelumnya diberikan sebagai sisipan (oleh kasubbag "
        "atau admin).",
    ]
    name = query(office_db, "SELECT nama FROM user WHERE username = 'petugas'")[0][0]
    assert query(office_db, "SELECT DISTINCT konseptor_nama FROM surat_keluar") == [(name,)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tidak-ada.csv", None, "Berkas tidak ditemukan"),
        (
            "kurang.csv",
            b"tanggal,nomor_surat,perihal\n2025-03-02,1,B\n",
            "Kolom wajib tidak ada dalam kurang.csv: tujuan, jenis, klasifikasi, "
            "penandatangan, keterangan.",
        ),
        ("latin1.csv", HEADER.encode() + b"\n2025-03-02,,Caf\xe9,B,SD,HM.01,Ketua,\n", "UTF-8"),
    ],
    ids=["missing", "missing-columns", "not-utf8"],
)
def test_unreadable_file_exits_2(
    tmp_path: Path, office_db: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(tmp_path, "import", "surat-keluar", str(path), db=office_db)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert query(office_db, "SELECT count(*) FROM surat_keluar") == [(0,)]


def test_oleh_without_the_role_exits_2(tmp_path: Path, office_db: Path) -> None:
    path = csv_file(tmp_path / "a.csv", ["2025-03-03,,KPU RI,A,SD,PL.01.1,Ketua,"], header=HEADER)
    result = run(tmp_path, "import", "surat-keluar", str(path), "--oleh", "staf", db=office_db)
    assert result.returncode == 2
    assert "--oleh: Pengguna 'staf' tidak berperan" in result.stderr
    assert query(office_db, "SELECT count(*) FROM surat_keluar") == [(0,)]


def test_export_then_import_into_a_fresh_office(
    tmp_path: Path, office_db: Path, demo_template: Path
) -> None:
    path = csv_file(
        tmp_path / "awal.csv",
        [
            f'2025-03-03,,"{ODD}; Dinas B",Undangan rapat,Und,HM.01,Ketua,',
            '2025-03-04,,KPU RI,"Laporan, susulan",SD,PL.01.1,Sekretaris,=1+1',
            "2025-03-04,Nomor 4 Tahun 2025,Pegawai,Tim,KEPUTUSAN,,Ketua,",
            "2024-12-30,,KPU RI,Tahun lalu,SD,PL.01.1,Sekretaris,",
        ],
        header=HEADER,
    )
    assert run(tmp_path, "import", "surat-keluar", str(path), db=office_db).returncode == 0
    exported = tmp_path / "keluar-2025.csv"
    result = run(
        tmp_path, "export", "surat-keluar", "--tahun", "2025", "-o", str(exported), db=office_db
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Diekspor: 3 nomor surat keluar tahun 2025 ke {exported} (CSV).\n"
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["nomor_surat"], r["status"], r["status_nomor"]) for r in rows] == [
        ("1/HM.01-Und/6474/2025", "ditandatangani", "terpakai"),
        ("2/PL.01.1-SD/6474/2025", "ditandatangani", "terpakai"),
        ("Nomor 4 Tahun 2025", "ditandatangani", "terpakai"),
    ]
    assert rows[0]["tujuan"] == f"{ODD}; Dinas B" and rows[1]["keterangan"] == "=1+1"
    workbook = tmp_path / "keluar.xlsx"
    xlsx = run(
        tmp_path, "export", "surat-keluar", "--tahun", "2025", "-o", str(workbook), db=office_db
    )
    assert xlsx.returncode == 0 and xlsx.stdout.endswith("(XLSX).\n")
    assert workbook.read_bytes().startswith(b"PK\x03\x04")
    fresh = tmp_path / "baru.sqlite3"
    backup_sqlite_to(demo_template, fresh)
    again = run(tmp_path, "import", "surat-keluar", str(exported), db=fresh)
    assert again.returncode == 0, again.stderr
    sql = (
        "SELECT seri, tahun, urut, sisipan, nomor_teks, status FROM nomor_surat "
        "WHERE tahun = 2025 ORDER BY seri, urut"
    )
    assert query(fresh, sql) == query(office_db, sql)
    letters = "SELECT nomor_surat, perihal, tujuan_ringkas, keterangan FROM surat_keluar"
    assert query(fresh, letters + " WHERE tahun = 2025 ORDER BY id") == query(
        office_db, letters + " WHERE tahun = 2025 ORDER BY id"
    )


def test_four_imports_at_once_number_gap_free(tmp_path: Path, office_db: Path) -> None:
    """Four processes, 60 rows each without a number, one database: exactly 1..240."""
    per_file = 60
    files = [
        csv_file(
            tmp_path / f"bagian-{p}.csv",
            [
                f"2025-04-01,,Tujuan {p},Perihal {p}-{i},SD,PL.01.1,Sekretaris,"
                for i in range(per_file)
            ],
            header=HEADER,
        )
        for p in range(4)
    ]
    procs = [
        subprocess.Popen(
            [*KPU_TUI, "--db", str(office_db), "import", "surat-keluar", str(f)],
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
        assert out.startswith(f"Diimpor: {per_file} surat keluar (nomor ")
    total = 4 * per_file
    assert [
        row[0] for row in query(office_db, "SELECT urut FROM nomor_surat ORDER BY urut")
    ] == list(range(1, total + 1))
    assert query(office_db, "SELECT count(DISTINCT nomor_surat) FROM surat_keluar") == [(total,)]
    assert query(
        office_db,
        "SELECT terakhir FROM number_series WHERE seri = 'keluar:korespondensi' AND tahun = 2025",
    ) == [(total,)]
    for p in range(4):
        order = [
            int(str(row[0]).split("-")[1])
            for row in query(
                office_db,
                f"SELECT perihal FROM surat_keluar WHERE tujuan_ringkas = 'Tujuan {p}' "
                "ORDER BY nomor_urut",
            )
        ]
        assert order == list(range(per_file))
    assert run(tmp_path, "journal", "verify", db=office_db).returncode == 0
