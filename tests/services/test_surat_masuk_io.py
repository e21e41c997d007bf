"""Import and export of the buku agenda surat masuk: the parser, the row-by-row import, the
paged export and the CSV/XLSX writers."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Jabatan,
    JournalEvent,
    NumberSeries,
    ProcedureRun,
    SuratMasuk,
    SuratStatus,
    User,
)
from kpu_tui.services import disposisi, surat_masuk
from kpu_tui.services import surat_masuk_io as io
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import Store, backup_sqlite_to

HEADER = "tanggal_terima,nomor_surat,tanggal_surat,asal,perihal,sifat,klasifikasi,keterangan"
ODD = "Łódź — “kutip” Ñúñez O’Neil"


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.fixture
def petugas(demo_store: Store) -> Actor:
    with demo_store.read() as session:
        return io.importer_actor(session, "petugas")


def letters(store: Store) -> list[SuratMasuk]:
    with store.read() as session:
        return list(session.exec(select(SuratMasuk).order_by(col(SuratMasuk.id))).all())


def count(store: Store, model: type, *where: object) -> int:
    with store.read() as session:
        query = select(func.count()).select_from(model)
        for condition in where:
            query = query.where(condition)  # type: ignore[arg-type]
        return int(session.exec(query).one())


def import_file(
    store: Store, actor: Actor, path: Path, *, allow_duplicate: bool = False
) -> io.ImportReport:
    data = io.read_csv(path)
    return io.import_rows(
        store, actor=actor, rows=io.rows_to_forms(data.rows), allow_duplicate=allow_duplicate
    )


# -- the parser ------------------------------------------------------------------------------


def test_comma_file_with_bom(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        f"{HEADER}\r\n2025-03-02,005/PL.01/2025,2025-03-01,Bawaslu,Undangan,,PL.01,\r\n",
        bom=True,
    )
    data = io.read_csv(path)
    assert data.delimiter == ","
    assert data.columns[0] == "tanggal_terima"  # the BOM is not part of the first name
    assert [r.line for r in data.rows] == [2]
    assert data.rows[0].values["nomor_surat"] == "005/PL.01/2025"
    assert data.rows[0].values["sifat"] == ""


def test_semicolon_header_names_in_any_case_and_spacing(tmp_path: Path) -> None:
    header = " Tanggal Terima ;NOMOR_SURAT; tanggal_surat;Asal;Perihal;Sifat;Klasifikasi;Keterangan"
    path = write(
        tmp_path / "b.csv",
        f"{header};Lampiran\n02/03/2025;1/A;01/03/2025;Dinas, Kota;Rapat;Biasa;;;1 berkas\n",
    )
    data = io.read_csv(path)
    assert data.delimiter == ";"
    assert data.rows[0].values["asal"] == "Dinas, Kota"
    assert data.rows[0].values["lampiran"] == "1 berkas"
    assert data.rows[0].values["tanggal_terima"] == "02/03/2025"


def test_detect_delimiter() -> None:
    assert io.detect_delimiter("a,b,c") == ","
    assert io.detect_delimiter("a;b;c") == ";"
    assert io.detect_delimiter("a\tb\tc") == "\t"
    assert io.detect_delimiter("tanggal") == ","
    assert io.detect_delimiter("a,b;c") == ","  # a tie goes to the comma


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "tanggal_terima,nomor_surat,asal,perihal\n")
    with pytest.raises(io.ImportFileError) as caught:
        io.read_csv(path)
    message = caught.value.message
    assert "tanggal_surat, sifat, klasifikasi, keterangan" in message
    assert "Kolom wajib tidak ada" in message


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", f"{HEADER},Perihal\n")
    with pytest.raises(io.ImportFileError, match="perihal muncul lebih dari sekali"):
        io.read_csv(path)


def test_unknown_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", f"nomor_agenda,{HEADER},status\n0001/2025,{'x,' * 8}batal\n")
    data = io.read_csv(path)
    assert data.ignored_columns == ("nomor_agenda", "status")
    assert set(data.rows[0].values) == set(io.REQUIRED_COLUMNS)


def test_wrong_column_count_is_a_row_problem_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.csv",
        f"{HEADER}\n2025-03-02,1,,A,B,,,\n2025-03-02,2,,A\n2025-03-02,3,,A,B,,,,extra\n"
        "2025-03-02,4,,A,B,,,\n",
    )
    data = io.read_csv(path)
    assert [(r.line, r.problem is None) for r in data.rows] == [
        (2, True),
        (3, False),
        (4, False),
        (5, True),
    ]
    assert data.rows[1].problem == "Baris ini memuat 4 kolom, seharusnya 8 (pemisah 'koma')."


def test_empty_lines_are_skipped_and_lines_stay_physical(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.csv",
        f'\n{HEADER}\n\n2025-03-02,1,,A,"perihal\ndua baris",,,\n'
        ",,,,,,,\n   \n2025-03-03,2,,A,B,,,\n",
    )
    data = io.read_csv(path)
    assert [r.line for r in data.rows] == [4, 8]
    assert data.rows[0].values["perihal"] == "perihal\ndua baris"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "kosong"),
        (b"\xef\xbb\xbf", "kosong"),
        (b"\n\n  \n", "kosong"),
        (
            HEADER.encode() + b"\n2025-03-02,1,,Caf\xe9,B,,,\n",
            "bukan teks UTF-8 (baris 2, bita 0xE9)",
        ),
        (b"PK\x03\x04rest-of-a-zip", "berkas Excel"),
    ],
    ids=["empty", "bom-only", "blank-lines", "latin-1", "xlsx"],
)
def test_unreadable_content(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(content)
    with pytest.raises(io.ImportFileError, match=re.escape(expected)):
        io.read_csv(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(io.ImportFileError, match="tidak ditemukan"):
        io.read_csv(tmp_path / "tidak-ada.csv")
    with pytest.raises(io.ImportFileError, match="folder"):
        io.read_csv(tmp_path)


def test_odd_unicode_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "i.csv", f'{HEADER}\n2025-03-02,1,,"{ODD}",Perihal “x”,,,\n')
    assert io.read_csv(path).rows[0].values["asal"] == ODD


def test_row_to_form_maps_every_column() -> None:
    row = io.ImportRow(
        line=7,
        values={
            "tanggal_terima": "02/03/2025",
            "nomor_surat": "1/A",
            "tanggal_surat": "",
            "asal": "Dinas",
            "perihal": "Rapat",
            "sifat": "",
            "klasifikasi": "pl.01",
            "keterangan": "k",
            "lampiran": "1",
            "derajat": "Segera",
            "jenis_naskah": "SE",
        },
    )
    mapped = io.row_to_form(row)
    assert mapped.line == 7 and mapped.errors == {}
    assert mapped.form == surat_masuk.SuratMasukForm(
        tanggal_terima="02/03/2025",
        nomor_surat="1/A",
        asal="Dinas",
        perihal="Rapat",
        klasifikasi="pl.01",
        keterangan="k",
        lampiran="1",
        derajat="Segera",
        jenis_naskah="SE",
    )
    broken = io.row_to_form(io.ImportRow(line=9, values={}, problem="salah"))
    assert broken.form is None and broken.errors == {"baris": "salah"}


# -- importing -------------------------------------------------------------------------------


def test_import_in_file_order_with_broken_rows(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    long_perihal = "p" * 600
    path = write(
        tmp_path / "campur.csv",
        "\n".join(
            [
                HEADER.replace(",", ";") + ";derajat",
                f"02/03/2025;005/PL.01/2025;01/03/2025;{ODD};Undangan rapat;;PL.01;;Segera",
                f"2025-03-03;006/A;2025-03-01;Dinas;{long_perihal};Biasa;;;",
                "31/02/2025;007/A;;Dinas;Rapat;Biasa;;;",
                "2025-03-04;;;;x;Kilat;ZZ.99;;",
                "2025-03-05;008/A;2025-03-04;Dinas",
                ";009/A;;Dinas;Tanpa tanggal terima;Biasa;;;",
                "2025-03-06;010/A;2025-03-05;Kecamatan;Laporan;rahasia;HK.01;dua;",
            ]
        )
        + "\n",
    )
    seen: list[int] = []
    data = io.read_csv(path)
    report = io.import_rows(
        demo_store,
        actor=petugas,
        rows=io.rows_to_forms(data.rows),
        on_refused=lambda refused: seen.append(refused.line),
    )
    assert [(i.line, i.agenda_teks) for i in report.imported] == [
        (2, "0001/2025"),
        (8, "0002/2025"),
    ]
    refused = {r.line: r for r in report.refused}
    assert seen == [3, 4, 5, 6, 7] == list(refused)
    assert refused[3].errors == {"perihal": "Perihal paling banyak 500 karakter (kini 600)."}
    assert "tanggal 31 tidak ada pada bulan Februari 2025" in refused[4].errors["tanggal_terima"]
    assert set(refused[5].errors) == {"nomor_surat", "asal", "sifat", "klasifikasi"}
    assert "Sifat 'Kilat' tidak dikenal" in refused[5].reason
    assert refused[6].errors == {
        "baris": "Baris ini memuat 4 kolom, seharusnya 9 (pemisah 'titik koma')."
    }
    assert refused[7].errors == {"tanggal_terima": "Tanggal terima wajib diisi."}
    assert report.stopped is None

    stored = letters(demo_store)
    assert [(s.nomor_agenda, s.asal, s.sifat, s.derajat) for s in stored] == [
        (1, ODD, "biasa", "segera"),
        (2, "Kecamatan", "rahasia", "biasa"),
    ]
    assert stored[0].tanggal_terima == date(2025, 3, 2)
    assert stored[0].tanggal_surat == date(2025, 3, 1)
    assert stored[0].dicatat_oleh_nama == petugas.name
    # Nothing of the refused rows was written: no number taken, no run, no journal event.
    with demo_store.read() as session:
        series = session.exec(select(NumberSeries).where(NumberSeries.tahun == 2025)).one()
    assert series.terakhir == 2
    assert count(demo_store, ProcedureRun) == 2
    assert count(demo_store, JournalEvent, JournalEvent.action == "catat") == 2


def test_a_row_with_an_empty_tanggal_terima_gets_every_message(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    path = write(tmp_path / "t.csv", f"{HEADER}\n,,2025-01-01,,{'x' * 501},,,\n")
    report = import_file(demo_store, petugas, path)
    assert report.imported == []
    assert set(report.refused[0].errors) == {"tanggal_terima", "nomor_surat", "asal", "perihal"}
    assert report.refused[0].reason.startswith("tanggal_terima: Tanggal terima wajib diisi; ")
    assert letters(demo_store) == []


def test_duplicates_refused_unless_allowed(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    path = write(
        tmp_path / "dup.csv",
        f"{HEADER}\n2025-03-02,005/PL.01/2025,,Bawaslu,Undangan,,,\n"
        "2025-03-03,005 / pl.01/2025,,BAWASLU,Undangan ulang,,,\n"
        "2025-03-03,-,,Bawaslu,Tanpa nomor,,,\n2025-03-04,-,,Bawaslu,Tanpa nomor lagi,,,\n",
    )
    report = import_file(demo_store, petugas, path)
    assert [i.line for i in report.imported] == [2, 4, 5]
    assert [r.line for r in report.refused] == [3]
    assert report.refused[0].duplicate
    assert "sudah tercatat dengan nomor agenda 0001/2025" in report.refused[0].reason
    again = import_file(demo_store, petugas, path, allow_duplicate=True)
    assert [i.agenda_teks for i in again.imported] == [
        "0004/2025",
        "0005/2025",
        "0006/2025",
        "0007/2025",
    ]
    assert again.refused == []


def test_an_actor_without_the_role_gets_every_row_refused(
    tmp_path: Path, demo_store: Store
) -> None:
    path = write(tmp_path / "r.csv", f"{HEADER}\n2025-03-02,1,,A,B,,,\n")
    report = import_file(demo_store, Actor(99, "Staf", frozenset()), path)
    assert report.imported == []
    assert "tidak berwenang" in report.refused[0].reason
    assert letters(demo_store) == []


def test_importer_actor(demo_store: Store) -> None:
    with demo_store.read() as session:
        admin = io.importer_actor(session, " ADMIN ")
        assert admin.id is not None and admin.name
        with pytest.raises(ServiceError, match="tidak berperan"):
            io.importer_actor(session, "staf")
        with pytest.raises(ServiceError, match="tidak ada"):
            io.importer_actor(session, "siapa")
    with demo_store.write() as session:
        user = session.exec(select(User).where(User.username == "petugas")).one()
        user.aktif = False
        session.add(user)
    with demo_store.read() as session, pytest.raises(ServiceError, match="tidak aktif"):
        io.importer_actor(session, "petugas")


# -- exporting -------------------------------------------------------------------------------


def _register(store: Store, actor: Actor, form: surat_masuk.SuratMasukForm) -> surat_masuk.SuratRow:
    with store.write() as session:
        return surat_masuk.register(session, actor=actor, form=form)


@pytest.fixture
def register_2025(demo_store: Store, petugas: Actor) -> list[surat_masuk.SuratRow]:
    """Five letters of 2025 in various states and one of 2024."""
    _register(
        demo_store,
        petugas,
        surat_masuk.SuratMasukForm(
            tanggal_terima="2024-12-30", nomor_surat="lama", asal="X", perihal="Tahun lalu"
        ),
    )
    rows = [
        _register(
            demo_store,
            petugas,
            surat_masuk.SuratMasukForm(
                tanggal_terima=f"2025-0{n}-1{n}",
                tanggal_surat=f"2025-0{n}-0{n}",
                nomor_surat=f"{n}/PL.01/2025",
                asal=ODD if n == 1 else f"Pengirim {n}",
                perihal="=1+1" if n == 2 else f"Perihal {n}, dengan koma",
                sifat="Rahasia" if n == 3 else "",
                derajat="segera" if n == 4 else "",
                klasifikasi="PL.01" if n % 2 else "",
                jenis_naskah="SE" if n == 5 else "",
                lampiran="2 lembar" if n == 1 else "",
                keterangan="baris\nkedua" if n == 5 else "",
            ),
        )
        for n in range(1, 6)
    ]
    with demo_store.read() as session:
        jab = {j.kode: j.id for j in session.exec(select(Jabatan)).all()}
    with demo_store.write() as session:
        hop = disposisi.give(
            session,
            actor=petugas,
            surat_id=rows[0].id,
            form=disposisi.DisposisiForm(
                dari_jabatan_id=jab["KETUA"],
                penerima=(
                    disposisi.Tujuan(jabatan_id=jab["SEKRETARIS"]),
                    disposisi.Tujuan(jabatan_id=jab["KASUBBAG_TPPH"]),
                ),
                instruksi=("ditindaklanjuti",),
            ),
        )
    with demo_store.write() as session:
        disposisi.complete(
            session, actor=petugas, penerima_id=hop.penerima[0].id, tindak_lanjut="Sudah hadir"
        )
    with demo_store.write() as session:
        disposisi.give(
            session,
            actor=petugas,
            surat_id=rows[1].id,
            form=disposisi.DisposisiForm(
                dari_jabatan_id=jab["KETUA"],
                penerima=(disposisi.Tujuan(jabatan_id=jab["SEKRETARIS"]),),
                instruksi=("ditindaklanjuti",),
            ),
        )
        disposisi.file_without(session, actor=petugas, surat_id=rows[2].id, alasan="Tembusan")
        surat_masuk.cancel(session, actor=petugas, surat_id=rows[3].id, alasan="Salah catat")
    return rows


def test_export_rows_in_agenda_order_across_pages(
    demo_store: Store, register_2025: list[surat_masuk.SuratRow]
) -> None:
    with demo_store.read() as session:
        exported = list(io.export_rows(session, 2025, page_size=2))
        assert list(io.export_rows(session, 2023)) == []
    assert [r.nomor_agenda for r in exported] == [f"000{n}/2025" for n in range(1, 6)]
    first, second, third, fourth, fifth = exported
    assert first.asal == ODD and first.lampiran == "2 lembar" and first.klasifikasi == "PL.01"
    assert (first.tanggal_terima, first.tanggal_surat) == (date(2025, 1, 11), date(2025, 1, 1))
    assert first.status == "selesai"
    assert first.diteruskan_kepada.count("; ") == 1
    assert first.diteruskan_kepada.startswith("Sekretaris")
    assert first.tindak_lanjut == "Sudah hadir"
    assert second.status == "dalam proses" and second.diteruskan_kepada.startswith("Sekretaris")
    assert second.perihal == "=1+1" and second.tindak_lanjut == ""
    assert (third.status, third.sifat, third.diteruskan_kepada) == ("diarsipkan", "Rahasia", "")
    assert (fourth.status, fourth.derajat) == ("batal", "Segera")
    assert (fifth.status, fifth.jenis_naskah, fifth.sifat) == ("belum disposisi", "SE", "Biasa")
    assert fifth.keterangan == "baris kedua"  # single-line field as stored


def test_write_csv(
    tmp_path: Path, demo_store: Store, register_2025: list[surat_masuk.SuratRow]
) -> None:
    target = tmp_path / "agenda.csv"
    with demo_store.read() as session:
        written = io.write_csv(target, io.export_rows(session, 2025))
    assert written == 5
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"nomor_agenda,tanggal_terima,")
    assert raw.count(b"\r\n") == 6
    with target.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert tuple(table[0]) == io.EXPORT_COLUMNS
    assert table[0]["tanggal_terima"] == "2025-01-11" and table[0]["asal"] == ODD
    assert table[0]["perihal"] == "Perihal 1, dengan koma"
    assert table[4]["tanggal_surat"] == "2025-05-05"


def test_write_xlsx(
    tmp_path: Path, demo_store: Store, register_2025: list[surat_masuk.SuratRow]
) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "agenda.xlsx"
    with demo_store.read() as session:
        written = io.write_xlsx(target, io.export_rows(session, 2025), title="Surat masuk 2025")
    assert written == 5
    book = load_workbook(target)
    sheet = book["Surat masuk 2025"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == io.EXPORT_COLUMNS
    assert len(rows) == 6
    assert rows[1][0] == "0001/2025" and rows[1][4] == ODD
    assert rows[1][1].date() == date(2025, 1, 11)  # a real date cell
    assert sheet.cell(row=2, column=2).number_format == "yyyy-mm-dd"
    formula_like = sheet.cell(row=3, column=6)
    assert formula_like.value == "=1+1" and formula_like.data_type == "s"
    assert rows[1][12] == "selesai" and rows[4][12] == "batal"


def test_round_trip_into_a_fresh_office(
    tmp_path: Path,
    demo_store: Store,
    demo_template: Path,
    petugas: Actor,
    register_2025: list[surat_masuk.SuratRow],
) -> None:
    exported = tmp_path / "agenda.csv"
    with demo_store.read() as session:
        io.write_csv(exported, io.export_rows(session, 2025))
    fresh_path = tmp_path / "baru" / "kpu.sqlite3"
    backup_sqlite_to(demo_template, fresh_path)
    fresh = Store(sqlite_url(fresh_path))
    try:
        with fresh.read() as session:
            actor = io.importer_actor(session, "petugas")
        report = import_file(fresh, actor, exported)
        assert report.refused == [] and len(report.imported) == 5
        keys = (
            "tanggal_terima",
            "nomor_surat",
            "tanggal_surat",
            "asal",
            "perihal",
            "lampiran",
            "sifat",
            "derajat",
            "klasifikasi",
            "jenis_naskah",
            "keterangan",
        )
        before = [
            tuple(getattr(s, k) for k in keys) for s in letters(demo_store) if s.tahun == 2025
        ]
        after = [tuple(getattr(s, k) for k in keys) for s in letters(fresh)]
        assert after == before
        assert [s.agenda_teks for s in letters(fresh)] == [f"000{n}/2025" for n in range(1, 6)]
        assert all(s.status == SuratStatus.BELUM_DISPOSISI for s in letters(fresh))
    finally:
        fresh.dispose()
