"""Import and export of the buku agenda surat keluar: the parser, the row-by-row import (kept
and new numbers, names of positions, refused rows with their lines), the paged export and a
round trip into a fresh office."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from kpu_tui.models import (
    KeluarStatus,
    KeluarSumber,
    KirimStatus,
    NomorStatus,
    NomorSurat,
    SuratKeluar,
    SuratKeluarTujuan,
)
from kpu_tui.services import journal, nomor_surat
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_io as io
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import Store
from tests.keluar_helpers import actor_of, at, konsep, signed

HEADER = "tanggal,nomor_surat,tujuan,perihal,jenis,klasifikasi,penandatangan,keterangan"
SEKRETARIS = "Sekretaris KPU Kabupaten/Kota"
ODD = "Łódź — “kutip” O’Neil"


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.fixture
def petugas(demo_store: Store) -> Actor:
    with demo_store.read() as session:
        return io.importer_actor(session, "petugas")


def run_import(store: Store, actor: Actor, path: Path) -> io.ImportReport:
    return io.import_rows(store, actor=actor, rows=io.read_csv(path).rows)


def ledger(store: Store, tahun: int = 2025) -> list[tuple[str, int, str, str, NomorStatus]]:
    with store.read() as session:
        rows = session.exec(
            select(NomorSurat)
            .where(NomorSurat.tahun == tahun)
            .order_by(col(NomorSurat.seri), col(NomorSurat.urut), col(NomorSurat.sisipan))
        ).all()
        return [(r.seri, r.urut, r.sisipan, r.nomor_teks, NomorStatus(r.status)) for r in rows]


def letters(store: Store) -> list[SuratKeluar]:
    with store.read() as session:
        return list(session.exec(select(SuratKeluar).order_by(col(SuratKeluar.id))).all())


def tujuan(store: Store, surat_id: int) -> list[tuple[str, bool]]:
    with store.read() as session:
        rows = session.exec(
            select(SuratKeluarTujuan)
            .where(SuratKeluarTujuan.surat_id == surat_id)
            .order_by(col(SuratKeluarTujuan.urutan))
        ).all()
        return [(r.nama, r.tembusan) for r in rows]


# -- the parser ------------------------------------------------------------------------------


def test_comma_file_with_bom_and_optional_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        f"{HEADER},Tembusan,status\r\n"
        f'2025-03-03,,"Dinas A; Dinas B",Rapat,SD,PL.01.1,Sekretaris,,KPU RI,dikirim\r\n',
        bom=True,
    )
    data = io.read_csv(path)
    assert data.delimiter == ","
    assert data.columns[0] == "tanggal"
    assert data.ignored_columns == ("status",)
    values = data.rows[0].values
    assert values["tujuan"] == "Dinas A; Dinas B" and values["tembusan"] == "KPU RI"
    assert io.split_names(values["tujuan"]) == ["Dinas A", "Dinas B"]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path / "b.csv", "tanggal,nomor_surat,perihal\n")
    with pytest.raises(io.ImportFileError) as caught:
        io.read_csv(path)
    assert "tujuan, jenis, klasifikasi, penandatangan, keterangan" in caught.value.message


# -- importing -------------------------------------------------------------------------------


def test_rows_without_number_are_numbered_in_file_order(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    path = write(
        tmp_path / "baik.csv",
        f"{HEADER},tembusan,pengolah,sifat,lampiran\r\n"
        f'2025-03-03,,"Dinas Kependudukan; {ODD}",Permohonan data,SD,PL.01.1,'
        f"Sekretaris,,KPU Provinsi Kalimantan Timur,SUBBAG_TPPH,Rahasia,1 berkas\r\n"
        "04/03/2025,-,Bawaslu Kota Bontang,Undangan rapat,Surat Undangan,HM.01,"
        "Hj. Maryam Abdullah,dibawa kurir,,,,\r\n"
        f'05/03/2025,,Parpol,Pemberitahuan,SD,PL.01.1,"{SEKRETARIS} (orang lama)",,,'
        '"Sub Bagian Keuangan, Umum dan Logistik",,\r\n',
        bom=True,
    )
    report = run_import(demo_store, petugas, path)
    assert report.refused == []
    assert [r.nomor_surat for r in report.imported] == [
        "1/PL.01.1-SD/6474/2025",
        "2/HM.01-Und/6474/2025",
        "3/PL.01.1-SD/6474/2025",
    ]
    assert [r.line for r in report.imported] == [2, 3, 4]
    rows = letters(demo_store)
    assert [(s.status, s.sumber, s.tanggal_surat) for s in rows] == [
        (KeluarStatus.TERBIT, KeluarSumber.IMPOR, date(2025, 3, 3)),
        (KeluarStatus.TERBIT, KeluarSumber.IMPOR, date(2025, 3, 4)),
        (KeluarStatus.TERBIT, KeluarSumber.IMPOR, date(2025, 3, 5)),
    ]
    first, second, third = rows
    assert first.penandatangan_jabatan == SEKRETARIS
    assert first.sifat == "rahasia" and first.lampiran == "1 berkas"
    assert first.pengolah_nama == "Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum"
    assert first.tujuan_ringkas == f"Dinas Kependudukan; {ODD}"
    assert tujuan(demo_store, first.id or 0) == [
        ("Dinas Kependudukan", False),
        (ODD, False),
        ("KPU Provinsi Kalimantan Timur", True),
    ]
    assert second.penandatangan_jabatan.startswith("Ketua")  # by the holder's name
    assert second.keterangan == "dibawa kurir" and second.jenis_naskah == "Und"
    assert third.penandatangan_jabatan == SEKRETARIS  # a former holder: the position decides
    assert third.pengolah_nama == "Sub Bagian Keuangan, Umum dan Logistik"
    assert third.konseptor_nama == petugas.name
    with demo_store.read() as session:
        assert journal.verify(session).ok


def test_semicolon_file_with_quoted_tujuan(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    header = HEADER.replace(",", ";").upper()
    path = write(
        tmp_path / "titik-koma.csv",
        f'{header}\n03/03/2025;;"KPU RI; Bawaslu RI";Laporan;SD;PL.01.1;Kasubbag TPP dan Hukum;\n',
    )
    report = run_import(demo_store, petugas, path)
    assert report.refused == [] and len(report.imported) == 1
    surat = letters(demo_store)[0]
    assert tujuan(demo_store, surat.id or 0) == [("KPU RI", False), ("Bawaslu RI", False)]
    assert surat.penandatangan_jabatan.startswith("Kepala Sub Bagian Teknis")


def test_kept_numbers_and_the_series_continuing(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    path = write(
        tmp_path / "nomor.csv",
        f"{HEADER}\n"
        "2025-02-03,5/PL.01.1-SD/6474/2025,KPU RI,Satu,SD,PL.01.1,Sekretaris,\n"
        "2025-02-10,012/HK.02-SD/KPU-Btg/2025,KPU RI,Dua,SD,HK.02,Sekretaris,format lama\n"
        "2025-02-05,7/PL.01.1-SD/6474/2025,KPU RI,Tiga,SD,PL.01.1,Sekretaris,\n"
        "2025-02-06,12a/PL.01.1-SD/6474/2025,KPU RI,Sisipan,SD,PL.01.1,Sekretaris,\n"
        "2025-02-11,Nomor 3 Tahun 2025,Pegawai,Keputusan panitia,KEPUTUSAN,,Ketua,\n"
        "2025-02-12,,KPU RI,Empat,SD,PL.01.1,Sekretaris,\n",
    )
    report = run_import(demo_store, petugas, path)
    assert report.refused == []
    assert [r.nomor_surat for r in report.imported] == [
        "5/PL.01.1-SD/6474/2025",
        "012/HK.02-SD/KPU-Btg/2025",
        "7/PL.01.1-SD/6474/2025",
        "12a/PL.01.1-SD/6474/2025",
        "Nomor 3 Tahun 2025",
        "13/PL.01.1-SD/6474/2025",  # after the highest urut of the year (12)
    ]
    assert [(seri, urut, sisipan) for seri, urut, sisipan, _, _ in ledger(demo_store)] == [
        ("keputusan", 3, ""),
        ("korespondensi", 5, ""),
        ("korespondensi", 7, ""),
        ("korespondensi", 12, ""),
        ("korespondensi", 12, "a"),
        ("korespondensi", 13, ""),
    ]
    with demo_store.read() as session:
        hilang = [g.urut for g in nomor_surat.gaps(session, tahun=2025) if g.keadaan == "hilang"]
        assert hilang == [1, 2, 3, 4, 6, 8, 9, 10, 11, 1, 2]  # korespondensi, then keputusan
    # The Keputusan series goes on after 3 for a letter signed in the application.
    ketua_letter = signed(
        demo_store,
        now=at(2025, 2, 13),
        jenis_naskah="KEPUTUSAN",
        klasifikasi="",
        perihal="Keputusan tentang tim",
        paraf=(),
    )
    assert ketua_letter.nomor_surat == "Nomor 4 Tahun 2025"


def test_broken_rows_are_refused_with_their_lines(
    tmp_path: Path, demo_store: Store, petugas: Actor
) -> None:
    long = "p" * 600
    path = write(
        tmp_path / "rusak.csv",
        f"{HEADER}\n"
        "2025-03-03,,KPU RI,Baik,SD,PL.01.1,Sekretaris,\n"  # 2
        "2025-03-04,,KPU RI,Terlalu sedikit\n"  # 3
        "2025-03-04,,KPU RI,Siapa,SD,PL.01.1,Bupati Bontang,\n"  # 4
        "2025-03-04,,KPU RI,Anggota yang mana,SD,PL.01.1,Anggota,\n"  # 5
        f'2025-03-04,,KPU RI,"{long}\n(dua baris)",SD,PL.01.1,Sekretaris,\n'  # 6-7
        "31/02/2025,,KPU RI,Tanggal salah,SD,PL.01.1,Sekretaris,\n"  # 8
        ",,KPU RI,Tanpa tanggal,SD,PL.01.1,Sekretaris,\n"  # 9
        "2025-03-04,8/PL.01.1-SD/6474/2024,KPU RI,Tahun beda,SD,PL.01.1,Sekretaris,\n"  # 10
        "2025-03-04,tanpa angka,KPU RI,Nomor,SD,PL.01.1,Sekretaris,\n"  # 11
        "2025-03-04,1/PL.01.1-SD/6474/2025,KPU RI,Nomor ganda,SD,PL.01.1,Sekretaris,\n"  # 12
        "2025-03-01,,KPU RI,Mundur,SD,PL.01.1,Sekretaris,\n"  # 13
        "2025-03-04,,,Tanpa tujuan,XX,PL.01.1,Sekretaris,\n"  # 14
        "2999-03-04,,KPU RI,Masa depan,SD,PL.01.1,Sekretaris,\n"  # 15
        "2025-03-05,,KPU RI,Baik juga,SD,PL.01.1,Sekretaris,\n",  # 16
    )
    report = run_import(demo_store, petugas, path)
    assert [r.line for r in report.imported] == [2, 16]
    assert [r.nomor_surat for r in report.imported] == [
        "1/PL.01.1-SD/6474/2025",
        "2/PL.01.1-SD/6474/2025",
    ]
    refused = {r.line: r for r in report.refused}
    assert sorted(refused) == [3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    assert refused[3].reason == "Baris ini memuat 4 kolom, seharusnya 8 (pemisah 'koma')"
    assert refused[4].reason.startswith(
        "penandatangan: Penandatangan 'Bupati Bontang' tidak ada dalam daftar jabatan kantor; "
        "pilih: Ketua KPU Kabupaten/Kota (Hj. Maryam Abdullah);"
    )
    assert "cocok dengan lebih dari satu jabatan" in refused[5].errors["penandatangan"]
    assert "Ratna Sari Dewi" in refused[5].errors["penandatangan"]
    assert refused[6].errors == {"perihal": "Perihal paling banyak 500 karakter (kini 612)."}
    assert "31/02/2025" in refused[8].errors["tanggal"]
    assert refused[9].errors == {"tanggal": "Tanggal surat wajib diisi."}
    year = "Nomor 8/PL.01.1-SD/6474/2024 bertahun 2024, sedangkan tanggal surat 04-03-2025"
    assert refused[10].errors["nomor_surat"].startswith(year)
    assert refused[11].errors == {
        "nomor_surat": "Nomor urut tidak terbaca pada nomor surat 'tanpa angka'."
    }
    assert refused[12].errors["nomor_surat"].startswith("Nomor urut 1 tahun 2025 sudah dipakai")
    backwards = "Sudah ada nomor Naskah dinas dan korespondensi bertanggal 03-03-2025"
    assert refused[13].errors["tanggal"].startswith(backwards)
    assert set(refused[14].errors) == {"jenis", "tujuan"}
    assert refused[15].errors == {"tanggal": "Tanggal surat tidak boleh sesudah hari ini."}
    assert len(letters(demo_store)) == 2  # nothing of a refused row was written
    with demo_store.read() as session:
        assert journal.verify(session).ok


def test_an_unknown_status_nomor_and_a_role_without_rights(
    tmp_path: Path, demo_store: Store
) -> None:
    path = write(
        tmp_path / "s.csv",
        f"{HEADER},status_nomor\n"
        "2025-03-03,,KPU RI,A,SD,PL.01.1,Sekretaris,,hilang\n"
        "2025-03-03,,KPU RI,B,SD,PL.01.1,Sekretaris,,\n",
    )
    staf = actor_of(demo_store, "staf")
    report = run_import(demo_store, staf, path)
    assert report.imported == []
    assert "Status nomor 'hilang' tidak dikenal" in report.refused[0].errors["status_nomor"]
    assert set(report.refused[1].errors) == {"baris"}  # the staf does not record imports
    roles = "tidak berperan Petugas Persuratan atau Administrator"
    with demo_store.read() as session, pytest.raises(ServiceError, match=roles):
        io.importer_actor(session, "staf")


# -- export and the round trip ---------------------------------------------------------------


def _year_of_letters(store: Store) -> None:
    """Letters of 2025 in every numbering state: sent, signed, cancelled (number BATAL), a
    sisipan, a Keputusan, and reserved numbers (open, returned, voided)."""
    petugas, kasubbag = actor_of(store, "petugas"), actor_of(store, "kasubbag.kul")
    signed(store, now=at(2025, 3, 3), perihal="Undangan, rapat (koma)", sifat="terbatas")
    with store.write() as s:
        nomor_surat.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="HM.01",
            keperluan="Surat pengantar dari luar",
            untuk_nama="Kasubbag KUL",
            now=at(2025, 3, 4),
        )
    cancelled = signed(store, now=at(2025, 3, 5), perihal="=1+1")
    with store.write() as s:
        sk.cancel(
            s, actor=petugas, surat_id=cancelled.id, alasan="Salah tujuan", now=at(2025, 3, 5)
        )
        back = nomor_surat.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="HM.01",
            keperluan="Tidak jadi",
            untuk_nama="Staf",
            now=at(2025, 3, 6),
        )
        nomor_surat.return_number(s, actor=petugas, nomor_id=back.id, alasan="Batal rapat")
    signed(store, now=at(2025, 3, 10), klasifikasi="PL.01.2", lampiran="2 berkas")
    with store.write() as s:
        late = sk.create(s, actor=petugas, form=konsep(store, paraf=()), now=at(2025, 3, 12))
        sk.submit(s, actor=petugas, surat_id=late.id, now=at(2025, 3, 12))
        sk.sign(
            s,
            actor=kasubbag,
            surat_id=late.id,
            tanggal="2025-03-05",
            sisipan=True,
            now=at(2025, 3, 12),
        )
        void = nomor_surat.reserve(
            s,
            actor=petugas,
            jenis_naskah="KEPUTUSAN",
            keperluan="SK panitia",
            untuk_nama="Sekretaris",
            now=at(2025, 3, 13),
        )
        nomor_surat.void(s, actor=petugas, nomor_id=void.id, alasan="Salah ambil")
    signed(
        store,
        now=at(2025, 3, 14),
        jenis_naskah="KEPUTUSAN",
        klasifikasi="",
        perihal="Keputusan tentang tim",
        paraf=(),
    )
    signed(store, now=at(2026, 1, 5), perihal="Tahun berikutnya")


def test_export_lists_every_number_of_the_year_in_order(demo_store: Store) -> None:
    _year_of_letters(demo_store)
    with demo_store.read() as session:
        rows = list(io.export_rows(session, 2025, page_size=2))
    assert [(r.nomor_surat, r.status, r.status_nomor) for r in rows] == [
        ("1/PL.01.1-SD/6474/2025", "ditandatangani", "terpakai"),
        ("2/HM.01-SD/6474/2025", "", "dipesan"),
        ("3/PL.01.1-SD/6474/2025", "batal", "BATAL"),
        ("3a/PL.01.1-SD/6474/2025", "ditandatangani", "terpakai"),
        ("4/HM.01-SD/6474/2025", "", "dikembalikan"),
        ("5/PL.01.2-SD/6474/2025", "ditandatangani", "terpakai"),
        ("Nomor 1 Tahun 2025", "", "BATAL"),
        ("Nomor 2 Tahun 2025", "ditandatangani", "terpakai"),
    ]
    first, reserved, cancelled = rows[0], rows[1], rows[2]
    assert first.tanggal == date(2025, 3, 3)
    assert first.tujuan == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang"
    assert first.tembusan == "Ketua KPU Provinsi Kalimantan Timur"
    assert first.sifat == "Terbatas" and first.perihal == "Undangan, rapat (koma)"
    assert first.penandatangan == f"{SEKRETARIS} (Drs. Bambang Sutrisno, M.Si.)"
    assert (reserved.perihal, reserved.tujuan, reserved.penandatangan) == (
        "Surat pengantar dari luar",
        "Kasubbag KUL",
        "",
    )
    assert cancelled.tujuan.startswith("Kepala Dinas") and cancelled.alasan == "Salah tujuan"
    assert rows[4].alasan == "Batal rapat"
    with demo_store.read() as session:
        assert [r.perihal for r in io.export_rows(session, 2026)] == ["Tahun berikutnya"]
        assert list(io.export_rows(session, 2024)) == []


def test_csv_and_xlsx_writers(tmp_path: Path, demo_store: Store) -> None:
    from openpyxl import load_workbook

    _year_of_letters(demo_store)
    with demo_store.read() as session:
        count = io.write_csv(tmp_path / "k.csv", io.export_rows(session, 2025))
        assert io.write_xlsx(tmp_path / "k.xlsx", io.export_rows(session, 2025)) == count == 8
    raw = (tmp_path / "k.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftanggal,nomor_surat,tujuan,tembusan,perihal,")
    with (tmp_path / "k.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert table[0]["perihal"] == "Undangan, rapat (koma)" and table[0]["tanggal"] == "2025-03-03"
    sheet = load_workbook(tmp_path / "k.xlsx").active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == io.EXPORT_COLUMNS
    assert cells[3][4] == "=1+1"  # text, never a formula
    assert cells[1][0].date() == date(2025, 3, 3)  # type: ignore[union-attr]


def test_round_trip_into_a_fresh_office_gives_the_same_numbers(
    tmp_path: Path, demo_store: Store, demo_template: Path
) -> None:
    from kpu_tui.config import sqlite_url
    from kpu_tui.store import backup_sqlite_to

    _year_of_letters(demo_store)
    exported = tmp_path / "keluar-2025.csv"
    with demo_store.read() as session:
        io.write_csv(exported, io.export_rows(session, 2025))
    fresh_path = tmp_path / "baru.sqlite3"
    backup_sqlite_to(demo_template, fresh_path)
    fresh = Store(sqlite_url(fresh_path))
    try:
        with fresh.read() as session:
            actor = io.importer_actor(session, "petugas")
        report = run_import(fresh, actor, exported)
        assert report.refused == []
        assert (report.letters, report.numbers_only) == (5, 3)
        assert ledger(fresh) == ledger(demo_store)
        with fresh.read() as session:
            again = list(io.export_rows(session, 2025))
            assert journal.verify(session).ok
        with demo_store.read() as session:
            before = list(io.export_rows(session, 2025))
        # The letters come back signed (their dispatch is not part of the register file).
        assert again == before
        moved = letters(fresh)
        assert all(s.sumber == KeluarSumber.IMPOR for s in moved)
        with fresh.read() as session:
            withdrawn = session.exec(
                select(SuratKeluarTujuan).where(SuratKeluarTujuan.status == KirimStatus.BATAL)
            ).all()
            assert {t.alasan_batal for t in withdrawn} == {"Surat dibatalkan."}
        # The series continue after the imported numbers.
        assert signed(fresh, now=at(2025, 3, 20)).nomor_surat == "6/PL.01.1-SD/6474/2025"
    finally:
        fresh.dispose()
