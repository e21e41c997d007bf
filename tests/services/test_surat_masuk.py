"""Surat masuk through the service: register (numbers, format, validation, duplicates, scans,
SOP 9.14), correct, cancel, and the buku agenda's filters, search and keyset pages."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from kpu_tui.models import (
    Jabatan,
    JenisNaskah,
    KodeKlasifikasi,
    Office,
    ReferenceOption,
    RunStatus,
    StepEventKind,
    SuratStatus,
    User,
    UserRole,
)
from kpu_tui.services import journal, numbering, procedure
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor, actor_from
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store

WITA = ZoneInfo("Asia/Makassar")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant given in Bontang office time (WITA), as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=WITA).astimezone(UTC)


NOW = at(2026, 11, 23, 9)
"""Monday 23 November 2026, 09.00 WITA: "today" of most tests."""


def actor_of(store: Store, username: str) -> Actor:
    """The actor of a demo account, with the roles it holds."""
    with store.read() as s:
        user = s.exec(select(User).where(User.username == username)).one()
        roles = s.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all()
    return actor_from(user.id, user.nama, roles)


def jabatan_ids(store: Store) -> dict[str, int]:
    """Position ids by kode."""
    with store.read() as s:
        return {j.kode: j.id for j in s.exec(select(Jabatan)).all() if j.id is not None}


def letter(**changes: Any) -> sm.SuratMasukForm:
    """A valid letter received on 23 November 2026, with ``changes``."""
    base = sm.SuratMasukForm(
        nomor_surat="005/PL.01/XI/2026",
        asal="Bawaslu Kota Bontang",
        perihal="Undangan rapat koordinasi pengawasan tahapan",
        tanggal_terima="23/11/2026",
        tanggal_surat="20/11/2026",
        sifat="Biasa",
        derajat="segera",
        klasifikasi="PL.01",
    )
    return replace(base, **changes)


def register(store: Store, actor: Actor, *, now: datetime = NOW, **changes: Any) -> sm.SuratRow:
    """Register one letter in its own write transaction."""
    with store.write() as s:
        return sm.register(s, actor=actor, form=letter(**changes), now=now)


@pytest.fixture
def petugas(demo_store: Store) -> Actor:
    return actor_of(demo_store, "petugas")


def errors_of(store: Store, form: sm.SuratMasukForm, now: datetime = NOW) -> dict[str, str]:
    with store.read() as s:
        clean, errors = sm.validate(s, form, now=now)
    assert (clean is None) == bool(errors)
    return errors


# -- nomor agenda ------------------------------------------------------------------------------


def test_agenda_numbers_run_per_year_of_tanggal_terima(demo_store: Store, petugas: Actor) -> None:
    first = register(
        demo_store,
        petugas,
        nomor_surat="1/A/2025",
        tanggal_terima="1/12/2025",
        tanggal_surat="",
        now=at(2025, 12, 1),
    )
    second = register(
        demo_store,
        petugas,
        nomor_surat="2/A/2025",
        tanggal_terima="30/12/2025",
        tanggal_surat="",
        now=at(2025, 12, 30),
    )
    assert (first.agenda_teks, second.agenda_teks) == ("0001/2025", "0002/2025")
    # The new year restarts the series at 1.
    jan = register(
        demo_store,
        petugas,
        nomor_surat="1/B/2026",
        tanggal_terima="2/1/2026",
        tanggal_surat="",
        now=at(2026, 1, 2),
    )
    assert (jan.tahun, jan.nomor_agenda, jan.agenda_teks) == (2026, 1, "0001/2026")
    # Received on 31 December, registered on 2 January: the 2025 series.
    late = register(
        demo_store,
        petugas,
        nomor_surat="3/A/2025",
        tanggal_terima="31/12/2025",
        tanggal_surat="",
        now=at(2026, 1, 2, 10),
    )
    assert (late.tahun, late.nomor_agenda, late.agenda_teks) == (2025, 3, "0003/2025")
    assert late.tanggal_terima == date(2025, 12, 31)
    after = register(
        demo_store,
        petugas,
        nomor_surat="2/B/2026",
        tanggal_terima="hari ini",
        tanggal_surat="",
        now=at(2026, 1, 2, 11),
    )
    assert after.agenda_teks == "0002/2026"
    with demo_store.read() as s:
        assert numbering.last_number(s, seri=numbering.SERI_AGENDA_MASUK, tahun=2025) == 3
        assert numbering.last_number(s, seri=numbering.SERI_AGENDA_MASUK, tahun=2026) == 2
        assert numbering.last_number(s, seri=numbering.SERI_AGENDA_MASUK, tahun=2027) == 0
        assert sm.years(s) == [2026, 2025]
        assert sm.find_by_agenda(s, nomor=3, tahun=2025).id == late.id
        with pytest.raises(NotFound):
            sm.find_by_agenda(s, nomor=4, tahun=2025)
        # A letter received on an earlier day is dated at the office's opening time that day.
        detail = sm.get_detail(s, late.id)
        assert detail.diterima_at == at(2025, 12, 31, 7, 30)
        assert detail.dicatat_at == at(2026, 1, 2, 10)


def test_the_office_format_is_used_and_each_number_keeps_its_text(
    demo_store: Store, petugas: Actor
) -> None:
    with demo_store.write() as s:
        office = s.exec(select(Office)).one()
        office.format_agenda = "SM-{urut}/{kode}/{tahun}"
        s.add(office)
    first = register(demo_store, petugas)
    assert first.agenda_teks == "SM-1/6474/2026"
    with demo_store.write() as s:
        office = s.exec(select(Office)).one()
        office.format_agenda = "{tahun}.{urut:5}"
        s.add(office)
    second = register(demo_store, petugas, nomor_surat="006/PL.01/XI/2026")
    assert second.agenda_teks == "2026.00002"
    with demo_store.read() as s:
        assert sm.get_row(s, first.id).agenda_teks == "SM-1/6474/2026"  # stored, not re-rendered
        found = sm.list_surat(s, sm.SuratFilter(teks="2026.00002"))
        assert [r.id for r in found] == [second.id]


def test_an_unusable_stored_format_falls_back_to_the_default(
    demo_store: Store, petugas: Actor
) -> None:
    with demo_store.write() as s:
        office = s.exec(select(Office)).one()
        office.format_agenda = "{nomor}/{tahun}"  # written by hand into the database
        s.add(office)
    assert register(demo_store, petugas).agenda_teks == "0001/2026"


def test_a_failed_save_takes_no_number(demo_store: Store, petugas: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError), demo_store.write() as s:
        sm.register(s, actor=petugas, form=letter(perihal=""), now=NOW)
    # A failure after the number was taken (the attachment folder cannot be written) rolls
    # the number back with everything else.
    scan = tmp_path / "surat.pdf"
    scan.write_bytes(b"%PDF-1.4 pindaian")
    not_a_folder = tmp_path / "lampiran"
    not_a_folder.write_text("bukan folder")
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.register(
            s,
            actor=petugas,
            form=letter(berkas=(str(scan),)),
            attachment_dir=not_a_folder,
            now=NOW,
        )
    assert "berkas" in info.value.errors
    with demo_store.read() as s:
        assert numbering.last_number(s, seri=numbering.SERI_AGENDA_MASUK, tahun=2026) == 0
        assert sm.count_surat(s) == 0
    assert register(demo_store, petugas).nomor_agenda == 1
    assert register(demo_store, petugas, nomor_surat="007/X/2026").nomor_agenda == 2


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"nomor_surat": ""}, "nomor_surat", "tulis - bila surat tidak bernomor"),
        ({"nomor_surat": " \t "}, "nomor_surat", "wajib diisi"),
        ({"nomor_surat": "9" * 101}, "nomor_surat", "paling banyak 100 karakter (kini 101)"),
        ({"nomor_surat": "005\x00/PL.01"}, "nomor_surat", "karakter kendali"),
        ({"asal": ""}, "asal", "wajib diisi"),
        ({"asal": "B" * 201}, "asal", "paling banyak 200"),
        ({"asal": "Bawaslu\x1b[31m Bontang"}, "asal", "karakter kendali"),
        ({"asal": "Bawaslu \ud800"}, "asal", "karakter kendali"),  # a lone surrogate
        ({"perihal": ""}, "perihal", "wajib diisi"),
        ({"perihal": "p" * 501}, "perihal", "paling banyak 500"),
        ({"perihal": "Undangan\x07"}, "perihal", "karakter kendali"),
        ({"lampiran": "1" * 101}, "lampiran", "paling banyak 100"),
        ({"lampiran": "1 berkas\x7f"}, "lampiran", "karakter kendali"),
        ({"keterangan": "k" * 501}, "keterangan", "paling banyak 500"),
        ({"keterangan": "asli\x85"}, "keterangan", "karakter kendali"),  # C1 control
        ({"tanggal_terima": "31/02/2026"}, "tanggal_terima", "31 tidak ada pada bulan Februari"),
        ({"tanggal_terima": "24/11/2026"}, "tanggal_terima", "tidak boleh sesudah hari ini"),
        ({"tanggal_terima": "besok"}, "tanggal_terima", "tidak boleh sesudah hari ini"),
        ({"tanggal_terima": "31/12/1999"}, "tanggal_terima", "sebelum tahun 2000"),
        ({"tanggal_terima": "kemarin dulu"}, "tanggal_terima", "tidak dikenali"),
        ({"tanggal_surat": "30/02/2026"}, "tanggal_surat", "30 tidak ada pada bulan Februari"),
        ({"tanggal_surat": "2027-01-01"}, "tanggal_surat", "tidak boleh sesudah hari ini"),
        (
            {"tanggal_terima": "20/11/2026", "tanggal_surat": "21/11/2026"},
            "tanggal_surat",
            "tidak boleh sesudah tanggal terima",
        ),
        ({"tanggal_surat": "1/1/1999"}, "tanggal_surat", "sebelum tahun 2000"),
        ({"sifat": "kilat"}, "sifat", "'kilat' tidak dikenal; pilih: Biasa, Terbatas"),
        ({"derajat": "kilat"}, "derajat", "pilih: Biasa, Segera, Sangat Segera"),
        ({"klasifikasi": "ZZ.99"}, "klasifikasi", "'ZZ.99' tidak ada dalam daftar"),
        ({"jenis_naskah": "Surat Cinta"}, "jenis_naskah", "'Surat Cinta' tidak ada"),
        ({"tujuan_jabatan_id": 9999}, "tujuan_jabatan_id", "bukan jabatan yang aktif"),
        ({"berkas": ("",)}, "berkas", "Pindaian 1: lokasi berkas kosong"),
        ({"berkas": ("/tidak/ada/surat.pdf",)}, "berkas", "berkas tidak ditemukan"),
    ],
)
def test_every_field_is_checked(
    demo_store: Store, changes: dict[str, Any], field: str, words: str
) -> None:
    errors = errors_of(demo_store, letter(**changes))
    assert set(errors) == {field}
    assert words in errors[field]
    assert errors[field][0].isupper()


def test_the_longest_values_pass(demo_store: Store) -> None:
    form = letter(
        nomor_surat="9" * 100,
        asal="B" * 200,
        perihal="p" * 500,
        lampiran="1" * 100,
        keterangan="k" * 500,
        tanggal_surat="1/1/2000",
        tanggal_terima="1/1/2000",
    )
    assert errors_of(demo_store, form) == {}


def test_scans_that_cannot_be_attached(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pindaian"
    folder.mkdir()
    word = tmp_path / "surat.docx"
    word.write_bytes(b"PK word")
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"")
    good = tmp_path / "baik.pdf"
    good.write_bytes(b"%PDF-1.4")
    cases = {
        str(folder): "bukan berkas",
        str(word): "hanya berkas PDF, JPG atau PNG",
        str(empty): "berkas kosong",
    }
    for path, words in cases.items():
        errors = errors_of(demo_store, letter(berkas=(str(good), path)))
        assert set(errors) == {"berkas"}
        assert errors["berkas"].startswith("Pindaian 2: ") and words in errors["berkas"]
    assert errors_of(demo_store, letter(berkas=(str(good), f'"{good}"'))) == {}


def test_names_and_codes_are_matched_loosely(demo_store: Store, petugas: Actor) -> None:
    ids = jabatan_ids(demo_store)
    row = register(
        demo_store,
        petugas,
        sifat="SANGAT_RAHASIA",
        derajat="sangat segera",
        klasifikasi=" pl.01.1 ",
        jenis_naskah="und",  # kode "Und" is mixed case
        tujuan_jabatan_id=ids["KETUA"],
    )
    assert (row.sifat, row.derajat, row.klasifikasi) == (
        "sangat_rahasia",
        "sangat_segera",
        "PL.01.1",
    )
    assert row.tujuan_nama == "Ketua KPU Kabupaten/Kota"
    with demo_store.read() as s:
        detail = sm.get_detail(s, row.id)
        assert detail.jenis_naskah == "Und" and detail.sifat_nama == "Sangat Rahasia"
        assert detail.klasifikasi_uraian != ""
        for typed, kode in [
            ("Kpt", "Kpt"),
            ("KPT", "Kpt"),
            ("Surat Undangan", "Und"),
            ("sd", "SD"),
            ("KEPUTUSAN", "KEPUTUSAN"),
        ]:
            clean, errors = sm.validate(s, letter(jenis_naskah=typed), now=NOW)
            assert errors == {} and clean is not None and clean.jenis_naskah == kode, typed
        clean, errors = sm.validate(s, letter(sifat="", derajat=""), now=NOW)
        assert clean is not None and (clean.sifat, clean.derajat) == ("biasa", "biasa")


def test_retired_references_are_refused(demo_store: Store) -> None:
    ids = jabatan_ids(demo_store)
    with demo_store.write() as s:
        s.get_one(KodeKlasifikasi, "PL.02").aktif = False
        s.get_one(JenisNaskah, "MM").aktif = False
        s.get_one(Jabatan, ids["ANGGOTA4"]).aktif = False
        option = s.exec(select(ReferenceOption).where(ReferenceOption.kode == "terbatas")).one()
        option.aktif = False
    errors = errors_of(
        demo_store,
        letter(
            klasifikasi="PL.02",
            jenis_naskah="MM",
            tujuan_jabatan_id=ids["ANGGOTA4"],
            sifat="Terbatas",
        ),
    )
    assert errors["klasifikasi"] == "Kode klasifikasi PL.02 sudah tidak berlaku."
    assert set(errors) == {"klasifikasi", "jenis_naskah", "tujuan_jabatan_id", "sifat"}
    assert "Terbatas" not in errors["sifat"].split("pilih:")[1]


def test_unicode_is_stored_composed_and_compared_in_any_form(
    demo_store: Store, petugas: Actor
) -> None:
    nfd = unicodedata.normalize("NFD", "Dinas Pariwisata — Café Ñusantara")
    assert len(nfd) > len("Dinas Pariwisata — Café Ñusantara")
    # 500 letters é typed decomposed are 1000 code points, 500 characters once composed.
    perihal = unicodedata.normalize("NFD", "é" * 500)
    row = register(demo_store, petugas, asal=nfd, perihal=perihal, nomor_surat="01/Ü/2026")
    assert row.asal == "Dinas Pariwisata — Café Ñusantara"
    assert unicodedata.is_normalized("NFC", row.perihal) and len(row.perihal) == 500
    with pytest.raises(sm.DuplicateLetter), demo_store.write() as s:
        sm.register(
            s,
            actor=petugas,
            form=letter(asal="DINAS PARIWISATA — CAFÉ ÑUSANTARA", nomor_surat="01/ü/2026"),
            now=NOW,
        )
    emoji = register(demo_store, petugas, nomor_surat="-", perihal="Undangan syukuran 🎉🇮🇩")
    rtl = register(
        demo_store,
        petugas,
        nomor_surat="12/ع/2026",
        asal="مؤسسة الأمل",
        perihal="Permohonan kerja sama עברית",
    )
    with demo_store.read() as s:
        assert sm.get_row(s, emoji.id).perihal == "Undangan syukuran 🎉🇮🇩"
        assert sm.get_row(s, rtl.id).asal == "مؤسسة الأمل"
        assert [r.id for r in sm.list_surat(s, sm.SuratFilter(teks="الأمل"))] == [rtl.id]
        assert [r.id for r in sm.list_surat(s, sm.SuratFilter(teks="CAFÉ"))] == [row.id]


def test_only_the_petugas_and_admin_register(
    demo_store: Store, petugas: Actor, admin: Actor
) -> None:
    for username in ("staf", "kasubbag.kul", "ketua"):
        with (
            pytest.raises(PermissionDenied, match="pencatatan surat masuk"),
            demo_store.write() as s,
        ):
            sm.register(s, actor=actor_of(demo_store, username), form=letter(), now=NOW)
    assert register(demo_store, admin).nomor_agenda == 1
    assert register(demo_store, petugas, nomor_surat="-").nomor_agenda == 2


# -- duplicates --------------------------------------------------------------------------------


def test_duplicates_are_found_folded_and_can_be_allowed(demo_store: Store, petugas: Actor) -> None:
    first = register(demo_store, petugas)
    with pytest.raises(sm.DuplicateLetter) as info, demo_store.write() as s:
        sm.register(
            s,
            actor=petugas,
            form=letter(nomor_surat=" 005 / pl.01 / xi / 2026", asal="BAWASLU  kota bontang"),
            now=NOW,
        )
    assert [row.id for row in info.value.existing] == [first.id]
    assert "0001/2026" in info.value.message and "23-11-2026" in info.value.message
    # Same number from another sender, or another number: no duplicate.
    register(demo_store, petugas, asal="KPU Provinsi Kalimantan Timur")
    register(demo_store, petugas, nomor_surat="005/PL.01/XI/2026-A")
    with demo_store.write() as s:
        allowed = sm.register(s, actor=petugas, form=letter(), allow_duplicate=True, now=NOW)
    assert allowed.nomor_agenda == 4
    with demo_store.read() as s:
        found = sm.find_duplicates(s, nomor_surat="005/PL.01/XI/2026", asal="Bawaslu Kota Bontang")
        assert [r.id for r in found] == [first.id, allowed.id]
        assert sm.find_duplicates(
            s, nomor_surat="005/PL.01/XI/2026", asal="Bawaslu Kota Bontang", exclude_id=first.id
        ) == [r for r in found if r.id == allowed.id]


def test_letters_without_a_number_are_never_duplicates(demo_store: Store, petugas: Actor) -> None:
    for nomor in ("-", "-", " – ", "–", "—", "- -", "- -"):
        register(demo_store, petugas, nomor_surat=nomor)
    with demo_store.read() as s:
        assert sm.count_surat(s) == 7
        assert sm.find_duplicates(s, nomor_surat="-", asal="Bawaslu Kota Bontang") == []


def test_a_cancelled_letter_is_no_duplicate(demo_store: Store, petugas: Actor) -> None:
    first = register(demo_store, petugas)
    with demo_store.write() as s:
        sm.cancel(s, actor=petugas, surat_id=first.id, alasan="Salah catat", now=NOW)
    again = register(demo_store, petugas)
    assert again.nomor_agenda == 2


# -- SOP 9.14 and scans ------------------------------------------------------------------------


def test_register_starts_sop_9_14_at_step_3(
    demo_store: Store, petugas: Actor, tmp_path: Path
) -> None:
    scan = tmp_path / "Surat Bawaslu.pdf"
    content = b"%PDF-1.4 pindaian surat masuk"
    scan.write_bytes(content)
    store_dir = tmp_path / "lampiran"
    with demo_store.write() as s:
        row = sm.register(
            s, actor=petugas, form=letter(berkas=(str(scan),)), attachment_dir=store_dir, now=NOW
        )
    assert row.status == SuratStatus.BELUM_DISPOSISI and row.run_id is not None
    with demo_store.read() as s:
        run = procedure.get_run(s, row.run_id, now=NOW)
        assert (run.sop_id, run.status, run.langkah_kini) == ("9.14", RunStatus.BERJALAN, 3)
        assert (run.subject_type, run.subject_id) == ("surat_masuk", str(row.id))
        assert run.judul.startswith("Surat masuk 0001/2026: Undangan rapat")
        done = [e for e in procedure.timeline(s, row.run_id) if e.kind == StepEventKind.SELESAI]
        assert [(e.langkah_no, e.actor) for e in done] == [
            (1, "Sekar Ayu Lestari"),
            (2, "Sekar Ayu Lestari"),
        ]
        assert done[1].catatan == "Lembar disposisi dibuat dengan 1 pindaian."
        detail = sm.get_detail(s, row.id)
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))[0]
        assert event.action == "catat" and "Surat Bawaslu.pdf" in (event.after or "")
    sha = hashlib.sha256(content).hexdigest()
    (berkas,) = detail.berkas
    assert berkas.ref == f"sha256:{sha}/Surat Bawaslu.pdf" and berkas.ukuran == len(content)
    stored = store_dir / sha[:2] / f"{sha}.pdf"
    assert stored.read_bytes() == content
    with demo_store.read() as s:
        assert sm.open_scan(s, berkas_id=berkas.id, attachment_dir=store_dir) == stored
    stored.write_bytes(b"%PDF-1.4 diubah")
    with demo_store.read() as s, pytest.raises(ServiceError):
        sm.open_scan(s, berkas_id=berkas.id, attachment_dir=store_dir)
    stored.unlink()
    with demo_store.read() as s, pytest.raises(ServiceError):
        sm.open_scan(s, berkas_id=berkas.id, attachment_dir=store_dir)
    with demo_store.read() as s, pytest.raises(NotFound):
        sm.open_scan(s, berkas_id=9999, attachment_dir=store_dir)


def test_scans_can_be_added_and_withdrawn(
    demo_store: Store, petugas: Actor, tmp_path: Path
) -> None:
    row = register(demo_store, petugas)
    scan = tmp_path / "halaman2.png"
    scan.write_bytes(b"\x89PNG halaman dua")
    store_dir = tmp_path / "lampiran"
    with demo_store.write() as s:
        with pytest.raises(ValidationError):
            sm.add_scans(s, actor=petugas, surat_id=row.id, paths=[], attachment_dir=store_dir)
        (added,) = sm.add_scans(
            s, actor=petugas, surat_id=row.id, paths=[str(scan)], attachment_dir=store_dir
        )
    staf = actor_of(demo_store, "staf")
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sm.cancel_scan(s, actor=staf, berkas_id=added.id, alasan="salah")
    with demo_store.write() as s:
        withdrawn = sm.cancel_scan(s, actor=petugas, berkas_id=added.id, alasan="Halaman salah")
        with pytest.raises(ServiceError, match="sudah dibatalkan"):
            sm.cancel_scan(s, actor=petugas, berkas_id=added.id, alasan="lagi")
    assert not withdrawn.aktif and withdrawn.alasan_batal == "Halaman salah"
    with demo_store.read() as s:
        assert [b.aktif for b in sm.get_detail(s, row.id).berkas] == [False]
        actions = [
            e.action
            for e in journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))
        ]
        assert actions[:2] == ["batal_pindaian", "tambah_pindaian"]


# -- correct -----------------------------------------------------------------------------------


def test_a_correction_needs_a_reason_and_is_journaled(demo_store: Store, petugas: Actor) -> None:
    row = register(demo_store, petugas, perihal="Undangan rapat pleno terbuka")
    with demo_store.read() as s:
        form = sm.form_of(s, row.id)
    assert form.perihal == "Undangan rapat pleno terbuka" and form.sifat == "biasa"
    changed = replace(form, perihal="Undangan sosialisasi daftar pemilih", sifat="Terbatas")
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(s, actor=petugas, surat_id=row.id, form=changed, alasan="  ")
    assert set(info.value.errors) == {"alasan"}
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(s, actor=petugas, surat_id=row.id, form=changed, alasan="salah\x00ketik")
    assert "karakter kendali" in info.value.errors["alasan"]
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sm.correct(
            s,
            actor=actor_of(demo_store, "staf"),
            surat_id=row.id,
            form=changed,
            alasan="Salah ketik",
        )
    with demo_store.write() as s:
        fixed = sm.correct(
            s, actor=petugas, surat_id=row.id, form=changed, alasan="Salah ketik perihal", now=NOW
        )
    assert fixed.perihal == "Undangan sosialisasi daftar pemilih" and fixed.sifat == "terbatas"
    assert fixed.agenda_teks == row.agenda_teks
    with demo_store.read() as s:
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))[0]
        assert event.action == "koreksi" and event.record_id == str(row.id)
        assert "rapat pleno terbuka" in (event.before or "")
        assert "sosialisasi daftar pemilih" in (event.after or "")
        assert "Salah ketik perihal" in (event.after or "")
        # The search index follows the correction.
        assert [r.id for r in sm.list_surat(s, sm.SuratFilter(teks="sosialisasi"))] == [row.id]
        assert sm.list_surat(s, sm.SuratFilter(teks="pleno")) == []
        assert sm.count_surat(s, sm.SuratFilter(teks="pleno terbuka")) == 0
        assert journal.verify(s).ok


def test_what_a_correction_cannot_do(demo_store: Store, petugas: Actor) -> None:
    row = register(demo_store, petugas)
    with demo_store.read() as s:
        form = sm.form_of(s, row.id)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(s, actor=petugas, surat_id=row.id, form=form, alasan="Periksa", now=NOW)
    assert info.value.errors == {"alasan": "Tidak ada yang diubah."}
    last_year = replace(form, tanggal_terima="31/12/2025", tanggal_surat="")
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(s, actor=petugas, surat_id=row.id, form=last_year, alasan="Tanggal", now=NOW)
    assert "harus 2026" in info.value.errors["tanggal_terima"]
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(
            s, actor=petugas, surat_id=row.id, form=replace(form, asal=""), alasan="", now=NOW
        )
    assert set(info.value.errors) == {"asal", "alasan"}
    # Another day of the same year is a correction like any other.
    with demo_store.write() as s:
        moved = sm.correct(
            s,
            actor=petugas,
            surat_id=row.id,
            form=replace(form, tanggal_terima="20/11/2026", tanggal_surat="19/11/2026"),
            alasan="Diterima Jumat, dicatat Senin",
            now=NOW,
        )
    assert moved.tanggal_terima == date(2026, 11, 20) and moved.nomor_agenda == 1
    with demo_store.write() as s:
        sm.cancel(s, actor=petugas, surat_id=row.id, alasan="Ganda", now=NOW)
    with pytest.raises(ServiceError, match="sudah batal"), demo_store.write() as s:
        sm.correct(
            s,
            actor=petugas,
            surat_id=row.id,
            form=replace(form, perihal="x"),
            alasan="Koreksi",
            now=NOW,
        )
    with pytest.raises(NotFound), demo_store.write() as s:
        sm.correct(s, actor=petugas, surat_id=999, form=form, alasan="Koreksi", now=NOW)


def test_a_letter_keeps_a_reference_retired_after_it_was_registered(
    demo_store: Store, petugas: Actor
) -> None:
    row = register(demo_store, petugas, klasifikasi="PL.02", jenis_naskah="MM")
    with demo_store.write() as s:
        s.get_one(KodeKlasifikasi, "PL.02").aktif = False
        s.get_one(JenisNaskah, "MM").aktif = False
    with demo_store.read() as s:
        form = sm.form_of(s, row.id)
    with demo_store.write() as s:
        fixed = sm.correct(
            s,
            actor=petugas,
            surat_id=row.id,
            form=replace(form, perihal="Perihal yang benar"),
            alasan="Salah ketik",
        )
    assert fixed.klasifikasi == "PL.02"
    # A retired code cannot be newly chosen by a correction of another letter.
    other = register(demo_store, petugas, nomor_surat="-")
    with demo_store.read() as s:
        other_form = sm.form_of(s, other.id)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sm.correct(
            s,
            actor=petugas,
            surat_id=other.id,
            alasan="Kode",
            form=replace(other_form, klasifikasi="PL.02", jenis_naskah="MM"),
        )
    assert set(info.value.errors) == {"klasifikasi", "jenis_naskah"}


# -- cancel ------------------------------------------------------------------------------------


def test_cancel_keeps_the_number_and_never_gives_it_again(
    demo_store: Store, petugas: Actor
) -> None:
    row = register(demo_store, petugas)
    with pytest.raises(ValidationError), demo_store.write() as s:
        sm.cancel(s, actor=petugas, surat_id=row.id, alasan="")
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sm.cancel(s, actor=actor_of(demo_store, "staf"), surat_id=row.id, alasan="Salah")
    with demo_store.write() as s:
        cancelled = sm.cancel(
            s,
            actor=petugas,
            surat_id=row.id,
            alasan="Surat salah alamat",
            now=NOW + timedelta(hours=1),
        )
    assert cancelled.status == SuratStatus.BATAL and cancelled.agenda_teks == "0001/2026"
    with pytest.raises(ServiceError, match="sudah batal"), demo_store.write() as s:
        sm.cancel(s, actor=petugas, surat_id=row.id, alasan="Lagi")
    nxt = register(demo_store, petugas, nomor_surat="-")
    assert nxt.agenda_teks == "0002/2026"
    with demo_store.read() as s:
        detail = sm.get_detail(s, row.id)
        assert detail.alasan_batal == "Surat salah alamat"
        assert detail.dibatalkan_at == NOW + timedelta(hours=1)
        assert row.run_id is not None
        run = procedure.get_run(s, row.run_id)
        assert run.status == RunStatus.BATAL and "Surat salah alamat" in run.alasan_batal
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))[1]
        assert event.action == "batal" and '"batal"' in (event.after or "")
        assert sm.count_surat(s, sm.SuratFilter(status=(SuratStatus.BATAL,))) == 1
        assert journal.verify(s).ok


# -- the buku agenda: filters, search, pages ---------------------------------------------------


LETTERS: list[dict[str, Any]] = [
    # 2026: twelve letters, then two in 2027
    {
        "tanggal_terima": "2/11/2026",
        "nomor_surat": "001/PL.01/XI/2026",
        "asal": "KPU Provinsi Kalimantan Timur",
        "perihal": "Jadwal tahapan pemilihan",
        "klasifikasi": "PL.01",
    },
    {
        "tanggal_terima": "5/11/2026",
        "nomor_surat": "045/PL.01.1-Und/2026",
        "asal": "Bawaslu Kota Bontang",
        "perihal": "Undangan rapat koordinasi pengawasan",
        "klasifikasi": "PL.01.1",
        "sifat": "terbatas",
    },
    {
        "tanggal_terima": "9/11/2026",
        "nomor_surat": "77/PL.010/2026",
        "asal": "Dinas Kependudukan",
        "perihal": "Data kependudukan semester II",
        "klasifikasi": "PL.010",
    },
    {
        "tanggal_terima": "16/11/2026",
        "nomor_surat": "B-310/KU.01/2026",
        "asal": "Pemerintah Kota Bontang",
        "perihal": "Hibah dana pemilihan",
        "klasifikasi": "KU.01",
        "sifat": "rahasia",
    },
    {
        "tanggal_terima": "20/11/2026",
        "nomor_surat": "-",
        "asal": "Warga Bontang Baru",
        "perihal": "Permohonan informasi daftar pemilih",
    },
    {
        "tanggal_terima": "30/11/2026",
        "nomor_surat": "9/HM.03/2026",
        "asal": "Universitas Mulawarman",
        "perihal": "Permohonan narasumber seminar",
        "klasifikasi": "HM.03",
    },
    {
        "tanggal_terima": "1/12/2026",
        "nomor_surat": "12/PP.01/2026",
        "asal": "KPU Provinsi Kalimantan Timur",
        "perihal": "Bimbingan teknis badan ad hoc",
        "klasifikasi": "PP.01",
    },
    {
        "tanggal_terima": "7/12/2026",
        "nomor_surat": "33/PL.02/2026",
        "asal": "Kecamatan Bontang Utara",
        "perihal": "Pinjam tempat rapat",
        "klasifikasi": "PL.02",
    },
    {
        "tanggal_terima": "15/12/2026",
        "nomor_surat": "400/SDM.01/2026",
        "asal": "Badan Kepegawaian Daerah",
        "perihal": "Usulan kenaikan pangkat",
    },
    {
        "tanggal_terima": "28/12/2026",
        "nomor_surat": "8/TU.01/2026",
        "asal": "Pos Indonesia",
        "perihal": "Tagihan pengiriman surat",
    },
    {
        "tanggal_terima": "31/12/2026",
        "nomor_surat": "500/KU.02/2026",
        "asal": "KPPN Balikpapan",
        "perihal": "Rekonsiliasi akhir tahun",
        "klasifikasi": "KU.02",
    },
    {
        "tanggal_terima": "31/12/2026",
        "nomor_surat": "501/KU.02/2026",
        "asal": "KPPN Balikpapan",
        "perihal": "Laporan keuangan semester",
        "klasifikasi": "KU.02",
        "sifat": "terbatas",
    },
    {
        "tanggal_terima": "4/1/2027",
        "nomor_surat": "1/PL.01/I/2027",
        "asal": "Bawaslu Kota Bontang",
        "perihal": "Undangan evaluasi pengawasan",
        "klasifikasi": "PL.01",
    },
    {
        "tanggal_terima": "5/1/2027",
        "nomor_surat": "2/PL.01/I/2027",
        "asal": "KPU RI",
        "perihal": "Surat edaran pelaporan dana kampanye",
    },
]
LIST_NOW = at(2027, 1, 5, 10)


@pytest.fixture
def register_book(demo_store: Store, petugas: Actor) -> Iterator[dict[str, int]]:
    """The fourteen letters of :data:`LETTERS` by nomor surat (one cancelled, one filed)."""
    with demo_store.write() as s:
        s.add(
            KodeKlasifikasi(
                kode="PL.010", uraian="Kode uji (bukan bagian PL.01)", induk="PL", tingkat=2
            )
        )
    ids: dict[str, int] = {}
    with demo_store.write() as s:
        for values in LETTERS:
            row = sm.register(
                s,
                actor=petugas,
                form=letter(**{"tanggal_surat": "", "klasifikasi": "", **values}),
                allow_duplicate=True,
                now=LIST_NOW,
            )
            ids[values["nomor_surat"]] = row.id
        sm.cancel(
            s, actor=petugas, surat_id=ids["8/TU.01/2026"], alasan="Salah alamat", now=LIST_NOW
        )
    yield ids


def ids_of(rows: list[sm.SuratRow]) -> set[int]:
    return {r.id for r in rows}


def test_filters_of_the_buku_agenda(demo_store: Store, register_book: dict[str, int]) -> None:
    ids = register_book

    def found(**flt: Any) -> set[str]:
        query = sm.SuratFilter(**flt)
        with demo_store.read() as s:
            rows = sm.list_surat(s, query, limit=500)
            assert sm.count_surat(s, query) == len(rows)
        by_id = {v: k for k, v in ids.items()}
        return {by_id[r.id] for r in rows}

    assert len(found()) == 14
    assert len(found(tahun=2026)) == 12 and len(found(tahun=2027)) == 2
    assert found(tahun=2026, bulan=12) == {
        "12/PP.01/2026",
        "33/PL.02/2026",
        "400/SDM.01/2026",
        "8/TU.01/2026",
        "500/KU.02/2026",
        "501/KU.02/2026",
    }
    assert found(tahun=2027, bulan=1) == {"1/PL.01/I/2027", "2/PL.01/I/2027"}
    assert found(dari=date(2026, 12, 28), sampai=date(2027, 1, 4)) == {
        "8/TU.01/2026",
        "500/KU.02/2026",
        "501/KU.02/2026",
        "1/PL.01/I/2027",
    }
    assert found(sifat="terbatas") == {"045/PL.01.1-Und/2026", "501/KU.02/2026"}
    assert found(klasifikasi="pl.01") == {
        "001/PL.01/XI/2026",
        "045/PL.01.1-Und/2026",
        "1/PL.01/I/2027",
    }
    assert found(klasifikasi="PL.01.1") == {"045/PL.01.1-Und/2026"}
    assert found(klasifikasi="PL.010") == {"77/PL.010/2026"}
    assert found(klasifikasi="KU") == {"500/KU.02/2026", "501/KU.02/2026", "B-310/KU.01/2026"}
    assert found(asal="kalimantan") == {"001/PL.01/XI/2026", "12/PP.01/2026"}
    assert found(asal="BAWASLU  kota") == {"045/PL.01.1-Und/2026", "1/PL.01/I/2027"}
    assert found(asal="%") == set()  # LIKE wildcards are plain characters
    assert found(status=(SuratStatus.BATAL,)) == {"8/TU.01/2026"}
    assert len(found(status=(SuratStatus.BELUM_DISPOSISI,))) == 13
    assert found(tahun=2026, sifat="terbatas", klasifikasi="KU.02") == {"501/KU.02/2026"}
    assert sm.SuratFilter(tahun=2026, bulan=12, teks="x").aktif == 2


def test_quick_search(demo_store: Store, register_book: dict[str, int]) -> None:
    ids = register_book
    by_id = {v: k for k, v in ids.items()}

    def search(teks: str, **flt: Any) -> set[str]:
        query = sm.SuratFilter(teks=teks, **flt)
        with demo_store.read() as s:
            rows = sm.list_surat(s, query, limit=500)
            assert sm.count_surat(s, query) == len(rows)
        return {by_id[r.id] for r in rows}

    # FTS trigram: a fragment of a letter number, a word of the perihal, the sender.
    assert search("PL.01") == {
        "001/PL.01/XI/2026",
        "045/PL.01.1-Und/2026",
        "77/PL.010/2026",
        "1/PL.01/I/2027",
        "2/PL.01/I/2027",
    }
    assert search("koordinasi") == {"045/PL.01.1-Und/2026"}
    assert search("UNDANGAN pengawasan") == {"045/PL.01.1-Und/2026", "1/PL.01/I/2027"}
    assert search("mulawarman") == {"9/HM.03/2026"}
    assert search("kppn", tahun=2026) == {"500/KU.02/2026", "501/KU.02/2026"}
    assert search('"dana') == {"B-310/KU.01/2026", "2/PL.01/I/2027"}  # quotes are text
    # Two letters: the LIKE fallback (on perihal, sender and the folded number).
    assert search("ad") == {k for k in ids if _contains(k, "ad")}
    assert search("ad") == {"001/PL.01/XI/2026", "12/PP.01/2026", "400/SDM.01/2026"}
    assert search("KU") == {"B-310/KU.01/2026", "500/KU.02/2026", "501/KU.02/2026"}
    # The nomor agenda: "12" is the twelfth letter of each year (only 2026 has one) or any
    # letter with 12 in its text; "0012/2026" and "12/2026" only the twelfth of 2026.
    twelfth = "501/KU.02/2026"
    assert search("12") == {twelfth, "12/PP.01/2026"}
    assert search("0012/2026") == search("12/2026") == {twelfth}
    assert search("0002/2027") == {"2/PL.01/I/2027"}
    assert search("tidak ada yang begini") == set()


def _contains(nomor: str, needle: str) -> bool:
    values = next(v for v in LETTERS if v["nomor_surat"] == nomor)
    return any(needle in text.casefold() for text in (values["perihal"], values["asal"], nomor))


def test_keyset_pages_give_every_row_once(demo_store: Store, petugas: Actor) -> None:
    start = date(2025, 12, 20)
    when = at(2026, 2, 27, 15)
    with demo_store.write() as s:
        for index in range(250):
            day = start + timedelta(days=index // 9)  # nine letters a day: ties in tanggal
            sm.register(
                s,
                actor=petugas,
                form=letter(
                    nomor_surat=f"{index}/UJI/2026",
                    tanggal_terima=day.isoformat(),
                    tanggal_surat="",
                ),
                now=when,
            )
        # Corrections move letters to other days: id order and date order differ.
        for surat_id, day in (
            (5, date(2025, 12, 31)),
            (100, date(2025, 12, 21)),
            (180, date(2026, 1, 2)),
        ):
            form = sm.form_of(s, surat_id)
            sm.correct(
                s,
                actor=petugas,
                surat_id=surat_id,
                alasan="Tanggal salah",
                form=replace(form, tanggal_terima=day.isoformat()),
                now=when,
            )
    for sort in sm.SORTS:
        for descending in (True, False):
            with demo_store.read() as s:
                _check_pages(s, sort, descending)
    with pytest.raises(ValueError), demo_store.read() as s:
        sm.list_surat(s, sort="asal")


def _check_pages(s: Session, sort: str, descending: bool) -> None:
    everything = sm.list_surat(s, limit=1000, sort=sort, descending=descending)
    assert len(everything) == 250
    keys = [
        (r.tanggal_terima.toordinal(), r.id) if sort == "tanggal" else (r.tahun, r.nomor_agenda)
        for r in everything
    ]
    assert keys == sorted(keys, reverse=descending)
    if sort == "tanggal":  # the moved letters are out of id order
        assert [r.id for r in everything] != sorted((r.id for r in everything), reverse=descending)
    seen: list[int] = []
    after: sm.Cursor | None = None
    pages = 0
    while page := sm.list_surat(s, sort=sort, descending=descending, after=after, limit=7):
        pages += 1
        seen.extend(r.id for r in page)
        after = sm.cursor_of(page[-1], sort)
    assert pages == 36
    assert seen == [r.id for r in everything] and len(set(seen)) == 250
    flt = sm.SuratFilter(tahun=2025)  # pages of a filtered list too
    first = sm.list_surat(s, flt, sort=sort, descending=descending, limit=10)
    rest = sm.list_surat(
        s, flt, sort=sort, descending=descending, after=sm.cursor_of(first[-1], sort), limit=1000
    )
    assert len(first) + len(rest) == sm.count_surat(s, flt) == 108
    assert not ids_of(first) & ids_of(rest)


def test_suggest_asal(demo_store: Store, register_book: dict[str, int]) -> None:
    with demo_store.read() as s:
        assert sm.suggest_asal(s, "kpu") == ["KPU Provinsi Kalimantan Timur", "KPU RI"]
        assert sm.suggest_asal(s, "KPPN")[0] == "KPPN Balikpapan"
        # Nothing starts with "bontang": senders containing it, the most used first.
        found = sm.suggest_asal(s, "bontang")
        assert found[0] == "Bawaslu Kota Bontang"
        assert set(found) == {
            "Bawaslu Kota Bontang",
            "Kecamatan Bontang Utara",
            "Pemerintah Kota Bontang",
            "Warga Bontang Baru",
        }
        assert sm.suggest_asal(s, "bontang", limit=2)[0] == "Bawaslu Kota Bontang"
        assert len(sm.suggest_asal(s, "bontang", limit=2)) == 2
        assert sm.suggest_asal(s, "") == [] and sm.suggest_asal(s, "%") == []
