"""Reference tables: the shipped files, their loading and the admin's journaled edits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from kpu_tui.models import (
    Jabatan,
    JenisNaskah,
    JournalEvent,
    KodeKlasifikasi,
    OptionKind,
    ReferenceOption,
    Role,
    Tingkat,
    Unit,
    UnitJenis,
)
from kpu_tui.services import journal, reference
from kpu_tui.services.actor import SYSTEM, Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ValidationError
from kpu_tui.store import Store, ensure_schema

ADMIN = Actor(1, "Admin", frozenset({Role.ADMIN}))
STAF = Actor(2, "Staf", frozenset({Role.STAF, Role.PETUGAS}))

# Section 1.4 of the domain notes: the 19 top-level codes.
TOP_LEVEL: tuple[str, ...] = ("PP", "PL", "PY", "PAW", "PR", "HK", "ORT", "TU", "RT", "PK")
TOP_LEVEL += ("HM", "PUS", "PLB", "TIK", "PW", "PBJ", "LPSE", "SDM", "KU")
JENIS: tuple[str, ...] = (
    "SD",
    "Und",
    "SR",
    "SPT",
    "Pu",
    "Kpt",
    "SE",
    "SOP",
    "ST",
    "LD",
    "MM",
    "Kt",
    "LP",
)
JENIS += ("BA", "ND", "NK", "PKS", "SU", "Sg", "Rk", "SP", "TI", "NT")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty database of its own."""
    store = Store("sqlite:///" + str(tmp_path / "t.sqlite3"))
    ensure_schema(store, tmp_path / "bk")
    yield store
    store.dispose()


@pytest.fixture
def loaded(db: Store) -> Store:
    """The database with the Kabupaten/Kota reference data loaded."""
    with db.write() as session:
        reference.load_reference_data(session, actor=SYSTEM, tingkat=Tingkat.KABKOTA)
    return db


def _events(session: Session, **where: str) -> list[JournalEvent]:
    query = select(JournalEvent).order_by(col(JournalEvent.id))
    for key, value in where.items():
        query = query.where(getattr(JournalEvent, key) == value)
    return list(session.exec(query).all())


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


# --------------------------------------------------------------------------- shipped files


def test_shipped_files_validate() -> None:
    counts = reference.check_shipped_files()
    assert counts[reference.KLASIFIKASI_FILE] > 300
    assert counts[reference.JENIS_NASKAH_FILE] >= 26
    assert all(n > 0 for n in counts.values())


def test_klasifikasi_has_every_top_level_code_and_the_register_defaults() -> None:
    rows = {r.kode: r for r in reference.read_klasifikasi()}
    top = [r for r in rows.values() if r.tingkat == 1]
    assert sorted(r.kode for r in top) == sorted(TOP_LEVEL)
    assert {r.kode for r in top if r.kelompok == "Substantif"} == {"PP", "PL", "PY", "PAW"}
    for kode in ("PL.01.1", "PAW.01.1", "HK.03.1", "TU.01.1", "PW.02.2", "SDM.04.4", "PK.01"):
        assert kode in rows, kode
    assert rows["PL.01.1"].uraian == "Pendaftaran, Verifikasi dan Penetapan Peserta Pemilu"
    assert rows["PW.02.13"].induk == "PW.02"
    assert rows["PL.01.10"].tingkat == 3
    # PP.01–PP.07 each have .1 Pemilu and .2 Pemilihan, and nothing beyond.
    for n in range(1, 8):
        assert f"PP.0{n}.1" in rows and f"PP.0{n}.2" in rows and f"PP.0{n}.3" not in rows
    assert all(r.sumber == "Keputusan KPU Nomor 1257 Tahun 2024" for r in rows.values())


def test_sd_is_a_jenis_not_a_klasifikasi() -> None:
    klas = {r.kode for r in reference.read_klasifikasi()}
    jenis = {r.kode: r for r in reference.read_jenis_naskah()}
    assert "SD" not in klas
    assert jenis["SD"].pakai_klasifikasi
    for kode in ("KP", "UM", "OT", "TP"):  # codes of the brief that KPU does not use
        assert kode not in klas
    for kode in JENIS:
        assert kode in jenis, kode
    for kode in ("PERATURAN", "INSTRUKSI", "KEPUTUSAN"):
        assert not jenis[kode].pakai_klasifikasi


def test_options_cover_every_kind() -> None:
    rows = reference.read_options()
    by_kind = {kind: [r.nama for r in rows if r.kind == kind] for kind in OptionKind}
    assert by_kind[OptionKind.SIFAT] == ["Biasa", "Terbatas", "Rahasia", "Sangat Rahasia"]
    assert by_kind[OptionKind.DERAJAT] == ["Biasa", "Segera", "Sangat Segera"]
    assert "Untuk ditindaklanjuti" in by_kind[OptionKind.INSTRUKSI]
    assert by_kind[OptionKind.INSTRUKSI][-1] == "Arsipkan"


@pytest.mark.parametrize(
    ("tingkat", "expected"),
    [
        (
            Tingkat.KABKOTA,
            {
                "KETUA",
                "SEKRETARIS",
                "KASUBBAG_KUL",
                "KASUBBAG_TPPH",
                "KASUBBAG_RDI",
                "KASUBBAG_PHS",
            },
        ),
        (
            Tingkat.PROVINSI,
            {"KETUA", "SEKRETARIS", "KABAG_PDOSDM", "KABAG_HTHPM", "KABAG_KUL", "KASUBBAG_UL"},
        ),
    ],
)
def test_unit_files(tingkat: Tingkat, expected: set[str]) -> None:
    plan = reference.read_units(tingkat)
    codes = {j.kode for j in plan.jabatan}
    assert expected <= codes
    assert {"ANGGOTA1", "ANGGOTA4"} <= codes
    units = {u.kode: u for u in plan.units}
    assert all(j.unit in units for j in plan.jabatan)
    assert units["SEKRETARIAT"].jenis == UnitJenis.SEKRETARIAT
    if tingkat == Tingkat.PROVINSI:
        assert units["SUBBAG_UL"].induk == "BAG_KUL"
        assert sum(u.jenis == UnitJenis.BAGIAN for u in plan.units) == 3
        assert sum(u.jenis == UnitJenis.SUBBAGIAN for u in plan.units) == 6
    else:
        assert sum(u.jenis == UnitJenis.SUBBAGIAN for u in plan.units) == 4


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "kode,uraian,induk,tingkat,kelompok,sumber\nPL,A,,1,Substantif,\nPL,B,,1,Substantif,\n",
            "ganda",
        ),
        ("kode,uraian,induk,tingkat,kelompok,sumber\nPL.01,A,PL,2,Substantif,\n", "induk 'PL'"),
        ("kode,uraian,induk,tingkat,kelompok,sumber\nPL,A,,2,Substantif,\n", "tingkat"),
        ("kode,uraian,induk,tingkat,kelompok,sumber\npl-1,A,,1,Substantif,\n", "pl-1"),
        ("kode,uraian\nPL,A\n", "baris judul"),
    ],
)
def test_a_broken_klasifikasi_file_names_file_and_line(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "kode_klasifikasi.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(reference.ReferenceFileError) as caught:
        reference.read_klasifikasi(path)
    assert fragment in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.line in (1, 2, 3)


def test_a_jabatan_with_an_unknown_unit_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "unit.toml"
    path.write_text(
        '# c\n[[unit]]\nkode = "A"\nnama = "A"\njenis = "pimpinan"\n\n'
        '[[jabatan]]\nkode = "X"\nnama = "X"\nunit = "B"\n',
        encoding="utf-8",
    )
    with pytest.raises(reference.ReferenceFileError) as caught:
        reference.read_units(Tingkat.KABKOTA, path)
    assert caught.value.line == 7
    assert "unit 'B'" in caught.value.message


# --------------------------------------------------------------------------- loading


def test_loading_twice_adds_nothing(db: Store) -> None:
    with db.write() as session:
        first = reference.load_reference_data(session, actor=SYSTEM, tingkat=Tingkat.KABKOTA)
    with db.write() as session:
        events_before = _count(session, JournalEvent)
        second = reference.load_reference_data(session, actor=SYSTEM, tingkat=Tingkat.KABKOTA)
        assert _count(session, JournalEvent) == events_before
    assert first["kode_klasifikasi"] == len(reference.read_klasifikasi())
    assert first["unit"] == 6 and first["jabatan"] == 10
    assert all(n == 0 for n in second.values())
    with db.read() as session:
        assert _count(session, KodeKlasifikasi) == first["kode_klasifikasi"]
        assert _count(session, JenisNaskah) == first["jenis_naskah"]
        assert _count(session, ReferenceOption) == first["reference_option"]
        summaries = _events(session, action="muat_referensi")
        assert {e.record_type for e in summaries} == {
            "unit",
            "jabatan",
            "kode_klasifikasi",
            "jenis_naskah",
            "reference_option",
        }
        assert len(summaries) == 5
        klas = next(e for e in summaries if e.record_type == "kode_klasifikasi")
        assert json.loads(klas.after or "{}") == {
            "jumlah": first["kode_klasifikasi"],
            "sumber": "kode_klasifikasi.csv",
        }
        assert journal.verify(session).ok


def test_loading_keeps_the_admins_edits(loaded: Store) -> None:
    with loaded.write() as session:
        reference.set_klasifikasi_aktif(
            session, actor=ADMIN, kode="LPSE", aktif=False, alasan="Tidak dipakai di satker ini"
        )
        reference.save_option(
            session, actor=ADMIN, kind="sifat", kode="biasa", nama="Biasa/Terbuka", urutan=1
        )
    with loaded.write() as session:
        again = reference.load_reference_data(session, actor=SYSTEM, tingkat=Tingkat.KABKOTA)
    assert all(n == 0 for n in again.values())
    with loaded.read() as session:
        assert reference.get_klasifikasi(session, "LPSE.01.1") is not None
        assert not reference.search_klasifikasi(session, "LPSE")
        assert reference.list_options(session, "sifat")[0].nama == "Biasa/Terbuka"


def test_units_for_provinsi(db: Store) -> None:
    with db.write() as session:
        counts = reference.load_reference_data(session, actor=SYSTEM, tingkat="provinsi")
    assert counts["unit"] == 11
    with db.read() as session:
        units = {u.kode: u for u in reference.list_units(session)}
        assert units["SUBBAG_HUKUM"].induk_kode == "BAG_HTHPM"
        assert units["BAG_HTHPM"].induk_nama == "Sekretariat KPU Provinsi"
        jabatan = {j.kode: j for j in reference.list_jabatan(session)}
        assert jabatan["KABAG_KUL"].unit_nama == "Bagian Keuangan, Umum, dan Logistik"
        assert jabatan["KETUA"].pimpinan and not jabatan["KASUBBAG_KEU"].pimpinan


def test_loading_needs_an_admin(db: Store) -> None:
    with pytest.raises(PermissionDenied), db.write() as session:
        reference.load_reference_data(session, actor=STAF, tingkat=Tingkat.KABKOTA)


# --------------------------------------------------------------------------- queries


def test_search_klasifikasi(loaded: Store) -> None:
    with loaded.read() as session:
        by_prefix = [v.kode for v in reference.search_klasifikasi(session, "pl.01", limit=20)]
        assert by_prefix[:3] == ["PL.01", "PL.01.1", "PL.01.2"]
        assert by_prefix.index("PL.01.9") < by_prefix.index("PL.01.10")
        words = reference.search_klasifikasi(session, "AGENDA buku")
        assert [v.kode for v in words] == ["TU.01.1"]
        assert words[0].label == "TU.01.1 — Buku Agenda"
        assert len(reference.search_klasifikasi(session, "", limit=5)) == 5
        assert reference.search_klasifikasi(session, "100%_x") == []
        assert reference.search_klasifikasi(session, "pengaduan kepegawaian")[0].kode == "SDM.04.4"


def test_lists_return_plain_values(loaded: Store) -> None:
    with loaded.read() as session:
        jenis = reference.list_jenis_naskah(session)
        assert any(j.kode == "SD" for j in jenis)
        derajat = reference.list_options(session, OptionKind.DERAJAT)
        assert [o.nama for o in derajat] == ["Biasa", "Segera", "Sangat Segera"]
        jabatan = reference.list_jabatan(session)
        assert [j.kode for j in jabatan][:2] == ["KETUA", "ANGGOTA1"]
        assert jabatan[-1].unit_nama.startswith("Sub Bagian Partisipasi")
        for value in (*jenis, *derajat, *jabatan, *reference.list_units(session)):
            assert not isinstance(value, Session | KodeKlasifikasi | Unit | Jabatan)
        with pytest.raises(ValidationError):
            reference.list_options(session, "warna")


# --------------------------------------------------------------------------- edits


def test_save_klasifikasi_creates_and_updates_with_journal(loaded: Store) -> None:
    with loaded.write() as session:
        created = reference.save_klasifikasi(
            session,
            actor=ADMIN,
            kode="pl.01.11",
            uraian="  Uji   coba  ",
            induk="PL.01",
            kelompok="",
            sumber="Keputusan KPU Nomor 1 Tahun 2026",
        )
        assert created.kode == "PL.01.11" and created.tingkat == 3
        assert created.kelompok == "Substantif" and created.uraian == "Uji coba"
        reference.save_klasifikasi(
            session,
            actor=ADMIN,
            kode="PL.01.11",
            uraian="Uji coba kedua",
            induk="PL.01",
            kelompok="Substantif",
            sumber="Keputusan KPU Nomor 1 Tahun 2026",
        )
    with loaded.read() as session:
        buat, ubah = _events(session, record_type="kode_klasifikasi", record_id="PL.01.11")
        assert buat.action == "buat" and buat.before is None
        assert ubah.action == "ubah"
        assert json.loads(ubah.before or "{}")["uraian"] == "Uji coba"
        assert json.loads(ubah.after or "{}")["uraian"] == "Uji coba kedua"


def test_saving_the_same_values_writes_nothing(loaded: Store) -> None:
    with loaded.write() as session:
        before = _count(session, JournalEvent)
        row = reference.get_klasifikasi(session, "TU.01.1")
        assert row is not None
        reference.save_klasifikasi(
            session,
            actor=ADMIN,
            kode=row.kode,
            uraian=row.uraian,
            induk=row.induk,
            kelompok=row.kelompok,
            sumber=row.sumber,
        )
        assert _count(session, JournalEvent) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"uraian": "   "}, "uraian"),
        ({"uraian": "x" * 301}, "uraian"),
        ({"kode": "PL.99.1", "induk": "PL.99"}, "induk"),
        ({"induk": "PL.02"}, "induk"),
        ({"kode": "PL-01"}, "kode"),
        ({"kode": "SD", "induk": None}, "kelompok"),
        ({"kelompok": "Lainnya"}, "kelompok"),
        ({"sumber": "s" * 201}, "sumber"),
    ],
)
def test_save_klasifikasi_refuses_bad_input(
    loaded: Store, change: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "kode": "PL.01.11",
        "uraian": "Uji coba",
        "induk": "PL.01",
        "kelompok": "Substantif",
        "sumber": "",
    }
    if field == "kelompok" and "kode" in change:
        values["kelompok"] = ""
    values.update(change)
    with pytest.raises(ValidationError) as caught, loaded.write() as session:
        reference.save_klasifikasi(session, actor=ADMIN, **values)  # type: ignore[arg-type]
    assert field in caught.value.errors
    with loaded.read() as session:
        assert reference.get_klasifikasi(session, "PL.01.11") is None


def test_edits_need_an_admin(loaded: Store) -> None:
    calls = [
        lambda s: reference.save_klasifikasi(
            s, actor=STAF, kode="PL.01.11", uraian="x", induk="PL.01", kelompok="", sumber=""
        ),
        lambda s: reference.set_klasifikasi_aktif(
            s, actor=STAF, kode="PL.01.1", aktif=False, alasan="x"
        ),
        lambda s: reference.save_jenis_naskah(
            s, actor=STAF, kode="XX", nama="x", kelompok="", pakai_klasifikasi=True, sumber=""
        ),
        lambda s: reference.save_option(s, actor=STAF, kind="sifat", kode="x", nama="x", urutan=1),
        lambda s: reference.save_unit(
            s, actor=STAF, kode="X", nama="x", jenis="subbagian", induk=None, urutan=1
        ),
        lambda s: reference.set_jabatan_aktif(
            s, actor=STAF, kode="ANGGOTA4", aktif=False, alasan="x"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), loaded.write() as session:
            call(session)


def test_deactivation_needs_a_reason_and_never_deletes(loaded: Store) -> None:
    with pytest.raises(ValidationError) as caught, loaded.write() as session:
        reference.set_klasifikasi_aktif(session, actor=ADMIN, kode="PL.01", aktif=False, alasan=" ")
    assert "alasan" in caught.value.errors
    with loaded.write() as session:
        total = _count(session, KodeKlasifikasi)
        view = reference.set_klasifikasi_aktif(
            session, actor=ADMIN, kode="PL.01", aktif=False, alasan="Uji penonaktifan"
        )
        assert not view.aktif
        assert _count(session, KodeKlasifikasi) == total
        child = reference.get_klasifikasi(session, "PL.01.10")
        assert child is not None and not child.aktif  # sub-codes follow their parent
        assert reference.search_klasifikasi(session, "PL.01") == []
        assert reference.search_klasifikasi(session, "PL.01", include_inactive=True)
        with pytest.raises(ValidationError):
            reference.set_klasifikasi_aktif(
                session, actor=ADMIN, kode="PL.01.1", aktif=True, alasan=""
            )
    with loaded.read() as session:
        events = _events(session, action="nonaktifkan", record_type="kode_klasifikasi")
        assert len(events) == 11  # PL.01 and its ten sub-codes
        parent = next(e for e in events if e.record_id == "PL.01")
        assert json.loads(parent.before or "{}")["aktif"] is True
        after = json.loads(parent.after or "{}")
        assert after["aktif"] is False and after["alasan"] == "Uji penonaktifan"
    with loaded.write() as session:
        view = reference.set_klasifikasi_aktif(
            session, actor=ADMIN, kode="PL.01", aktif=True, alasan=""
        )
        assert view.aktif
    with pytest.raises(NotFound), loaded.write() as session:
        reference.set_klasifikasi_aktif(session, actor=ADMIN, kode="ZZ", aktif=False, alasan="x")


def test_jenis_naskah_edits(loaded: Store) -> None:
    with loaded.write() as session:
        view = reference.save_jenis_naskah(
            session,
            actor=ADMIN,
            kode="UND",
            nama="Surat Undangan Rapat",
            kelompok="Korespondensi Eksternal",
            pakai_klasifikasi=True,
            sumber="Keputusan KPU Nomor 1257 Tahun 2024",
        )
        assert view.kode == "Und"  # matched ignoring case, not a second row
        with pytest.raises(ValidationError) as caught:
            reference.save_jenis_naskah(
                session,
                actor=ADMIN,
                kode="SD-1",
                nama="",
                kelompok="",
                pakai_klasifikasi=True,
                sumber="",
            )
        assert set(caught.value.errors) == {"kode", "nama"}
        reference.set_jenis_naskah_aktif(
            session, actor=ADMIN, kode="MM", aktif=False, alasan="Tidak dipakai"
        )
        assert "MM" not in {j.kode for j in reference.list_jenis_naskah(session)}
        assert "MM" in {j.kode for j in reference.list_jenis_naskah(session, include_inactive=True)}
    with loaded.read() as session:
        assert _events(session, record_type="jenis_naskah", action="ubah")[0].record_id == "Und"


def test_option_edits(loaded: Store) -> None:
    with loaded.write() as session:
        created = reference.save_option(
            session,
            actor=ADMIN,
            kind=OptionKind.INSTRUKSI,
            kode="pantau",
            nama="Pantau perkembangannya",
            urutan=11,
        )
        assert created.kind == OptionKind.INSTRUKSI
        with pytest.raises(ValidationError) as caught:
            reference.save_option(
                session, actor=ADMIN, kind="instruksi_disposisi", kode="", nama="x" * 121, urutan=-1
            )
        assert set(caught.value.errors) == {"kode", "nama", "urutan"}
        reference.set_option_aktif(
            session,
            actor=ADMIN,
            kind="instruksi_disposisi",
            kode="pantau",
            aktif=False,
            alasan="Salah ketik",
        )
        names = [o.nama for o in reference.list_options(session, OptionKind.INSTRUKSI)]
        assert "Pantau perkembangannya" not in names
    with loaded.read() as session:
        actions = [e.action for e in _events(session, record_type="reference_option")]
        assert actions == ["muat_referensi", "buat", "nonaktifkan"]


def test_unit_and_jabatan_edits(loaded: Store) -> None:
    with loaded.write() as session:
        unit = reference.save_unit(
            session,
            actor=ADMIN,
            kode="ppid",
            nama="Pejabat Pengelola Informasi dan Dokumentasi",
            jenis=UnitJenis.SUBBAGIAN,
            induk="SEKRETARIAT",
            urutan=20,
        )
        assert unit.kode == "PPID" and unit.induk_kode == "SEKRETARIAT"
        jabatan = reference.save_jabatan(
            session,
            actor=ADMIN,
            kode="KASUBBAG_KUL",
            nama="Kepala Sub Bagian Keuangan, Umum dan Logistik",
            singkatan="Kasubbag KUL",
            unit="SUBBAG_KUL",
            pemegang_nama="  Siti   Aminah ",
            pemegang_nip="19800101 200501 2 001",
            pimpinan=False,
            urutan=7,
        )
        assert jabatan.pemegang_nama == "Siti Aminah"
        assert jabatan.pemegang_nip == "198001012005012001"
        assert jabatan.unit_nama == "Sub Bagian Keuangan, Umum dan Logistik"
        with pytest.raises(ValidationError) as caught:
            reference.save_jabatan(
                session,
                actor=ADMIN,
                kode="KASUBBAG_KUL",
                nama="",
                singkatan="s" * 41,
                unit="TIDAK_ADA",
                pemegang_nama="n" * 121,
                pemegang_nip="1234",
                pimpinan=False,
                urutan=7,
            )
        assert set(caught.value.errors) == {
            "nama",
            "singkatan",
            "unit",
            "pemegang_nama",
            "pemegang_nip",
        }
        with pytest.raises(ValidationError) as caught:
            reference.save_unit(
                session,
                actor=ADMIN,
                kode="SEKRETARIAT",
                nama="Sekretariat",
                jenis="sekretariat",
                induk="SUBBAG_KUL",
                urutan=2,
            )
        assert "induk" in caught.value.errors  # would make a cycle
        with pytest.raises(ValidationError) as caught:
            reference.set_unit_aktif(
                session, actor=ADMIN, kode="SUBBAG_KUL", aktif=False, alasan="Digabung"
            )
        assert "KASUBBAG_KUL" in caught.value.errors["kode"]
        reference.set_jabatan_aktif(
            session, actor=ADMIN, kode="ANGGOTA4", aktif=False, alasan="KPU ini beranggota tiga"
        )
        reference.set_unit_aktif(session, actor=ADMIN, kode="PPID", aktif=False, alasan="Uji")
        assert "ANGGOTA4" not in {j.kode for j in reference.list_jabatan(session)}
        assert session.exec(select(Jabatan).where(Jabatan.kode == "ANGGOTA4")).one()
    with loaded.read() as session:
        ubah = _events(session, record_type="jabatan", action="ubah")[0]
        assert json.loads(ubah.before or "{}")["pemegang_nama"] == ""
        assert json.loads(ubah.after or "{}")["pemegang_nama"] == "Siti Aminah"
        assert [e.action for e in _events(session, record_type="unit")][-2:] == [
            "buat",
            "nonaktifkan",
        ]
        assert journal.verify(session).ok
