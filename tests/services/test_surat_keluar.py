"""Surat keluar through the services: validation of the konsep, creation with its SOP 9.13 run,
paraf berjenjang (who may, returns and a second round), the signature, files, cancellation,
the reply to a surat masuk, and the register's pages, filters, search and detail."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from kpu_tui.models import (
    BerkasJenis,
    KeluarStatus,
    KirimStatus,
    ParafStatus,
    ProcedureRun,
    RunStatus,
    StepEventKind,
    Unit,
)
from kpu_tui.services import journal, procedure, reference
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarRow, KonsepForm, TujuanForm
from kpu_tui.store import Store

from ..keluar_helpers import NOW, actor_of, at, jabatan_ids, konsep, signed
from .test_surat_masuk import register as register_masuk


@pytest.fixture
def who(demo_store: Store) -> dict[str, Actor]:
    names = (
        "petugas",
        "staf",
        "kasubbag.tpph",
        "kasubbag.kul",
        "sekretaris",
        "ketua",
        "admin",
        "pengaduan",
        "teknis",
    )
    return {name: actor_of(demo_store, name) for name in names}


@pytest.fixture
def jab(demo_store: Store) -> dict[str, int]:
    return jabatan_ids(demo_store)


def errors_of(store: Store, form: KonsepForm) -> dict[str, str]:
    with store.read() as s:
        clean, errors = sk.validate(s, form)
    assert (clean is None) == bool(errors)
    return errors


def create(store: Store, actor: Actor, form: KonsepForm, **kwargs: Any) -> KeluarRow:
    kwargs.setdefault("now", NOW)
    with store.write() as s:
        return sk.create(s, actor=actor, form=form, **kwargs)


def act(store: Store, action: Any, **kwargs: Any) -> Any:
    """One service call in its own write transaction, at NOW."""
    kwargs.setdefault("now", NOW)
    with store.write() as s:
        return action(s, **kwargs)


def steps_done(store: Store, run_id: int | None) -> list[int]:
    assert run_id is not None
    with store.read() as s:
        return [
            e.langkah_no or 0
            for e in procedure.timeline(s, run_id)
            if e.kind == StepEventKind.SELESAI
        ]


def paraf_rows(store: Store, surat_id: int) -> list[tuple[int, str, ParafStatus]]:
    with store.read() as s:
        return [(p.putaran, p.jabatan_nama, p.status) for p in skr.paraf_list(s, surat_id)]


def pdf(tmp_path: Path, name: str = "konsep.pdf", content: bytes = b"%PDF-1.4 konsep") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


# -- validation ------------------------------------------------------------------------------


def test_a_complete_konsep_passes(demo_store: Store) -> None:
    assert errors_of(demo_store, konsep(demo_store)) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"perihal": ""}, "perihal", "wajib diisi"),
        ({"perihal": "   \n "}, "perihal", "wajib diisi"),
        ({"perihal": "x" * 501}, "perihal", "paling banyak 500"),
        ({"perihal": "Undangan\x07rapat"}, "perihal", "karakter kendali"),
        ({"perihal": "Undangan \ud800"}, "perihal", "karakter kendali"),
        ({"lampiran": "x" * 101}, "lampiran", "paling banyak 100"),
        ({"arahan": "x" * 1001}, "arahan", "paling banyak 1000"),
        ({"keterangan": "\x1b[31m"}, "keterangan", "karakter kendali"),
        ({"jenis_naskah": ""}, "jenis_naskah", "wajib diisi"),
        ({"jenis_naskah": "Surat Cinta"}, "jenis_naskah", "tidak ada dalam daftar"),
        ({"klasifikasi": "ZZ.99"}, "klasifikasi", "tidak ada dalam daftar"),
        ({"klasifikasi": ""}, "klasifikasi", "wajib diisi untuk format nomor"),
        ({"sifat": "kilat"}, "sifat", "tidak dikenal"),
        ({"tujuan": ()}, "tujuan", "wajib diisi"),
        ({"tujuan": (TujuanForm("KPU RI", tembusan=True),)}, "tujuan", "selain tembusan"),
        ({"tujuan": (TujuanForm("  "),)}, "tujuan", "wajib diisi"),
        (
            {"tujuan": (TujuanForm("Bawaslu Kota Bontang"), TujuanForm(" BAWASLU  kota bontang "))},
            "tujuan",
            "tercantum dua kali",
        ),
        ({"tujuan": (TujuanForm("KPU RI"), TujuanForm("", "Jl. Imam Bonjol"))}, "tujuan", "nama"),
        ({"tujuan": (TujuanForm("KPU\x00RI"),)}, "tujuan", "karakter kendali"),
        ({"tujuan": (TujuanForm("x" * 201),)}, "tujuan", "paling banyak 200"),
        ({"tujuan": (TujuanForm("KPU RI", "x" * 301),)}, "tujuan", "paling banyak 300"),
        (
            {"tujuan": tuple(TujuanForm(f"Tujuan {n}") for n in range(41))},
            "tujuan",
            "paling banyak 40",
        ),
        ({"penandatangan_jabatan_id": None}, "penandatangan_jabatan_id", "wajib dipilih"),
        ({"penandatangan_jabatan_id": 9999}, "penandatangan_jabatan_id", "bukan jabatan"),
        ({"pengolah_unit_id": 9999}, "pengolah_unit_id", "bukan unit yang aktif"),
        ({"surat_masuk_id": 9999}, "surat_masuk_id", "tidak ditemukan"),
        ({"paraf": (9999,)}, "paraf", "jabatan yang aktif"),
        ({"berkas": ("/tidak/ada/konsep.pdf",)}, "berkas", "tidak ditemukan"),
    ],
)
def test_validation(demo_store: Store, changes: dict[str, Any], field: str, words: str) -> None:
    errors = errors_of(demo_store, konsep(demo_store, **changes))
    assert set(errors) == {field}, errors
    assert words in errors[field]


def test_the_paraf_chain_is_checked(demo_store: Store, jab: dict[str, int]) -> None:
    sek, kasubbag = jab["SEKRETARIS"], jab["KASUBBAG_TPPH"]
    errors = errors_of(demo_store, konsep(demo_store, paraf=(kasubbag, sek)))
    assert "memaraf suratnya sendiri" in errors["paraf"]  # the Sekretaris signs
    errors = errors_of(demo_store, konsep(demo_store, paraf=(kasubbag, kasubbag)))
    assert "dua kali" in errors["paraf"]
    many = tuple(j for k, j in jab.items() if k != "SEKRETARIS")[:9]
    assert len(many) == 9
    errors = errors_of(demo_store, konsep(demo_store, paraf=many))
    assert "paling banyak 8" in errors["paraf"]
    # The Ketua signs: the Sekretaris may then give a paraf.
    assert (
        errors_of(
            demo_store,
            konsep(demo_store, penandatangan_jabatan_id=jab["KETUA"], paraf=(kasubbag, sek)),
        )
        == {}
    )


def test_inactive_positions_are_refused(
    demo_store: Store, jab: dict[str, int], admin: Actor
) -> None:
    with demo_store.write() as s:
        reference.set_jabatan_aktif(
            s, actor=admin, kode="KASUBBAG_KUL", aktif=False, alasan="Jabatan dilebur"
        )
    errors = errors_of(
        demo_store, konsep(demo_store, penandatangan_jabatan_id=jab["KASUBBAG_KUL"], paraf=())
    )
    assert errors == {"penandatangan_jabatan_id": "Penandatangan bukan jabatan yang aktif."}
    errors = errors_of(demo_store, konsep(demo_store, paraf=(jab["KASUBBAG_KUL"],)))
    assert set(errors) == {"paraf"}


def test_text_is_stored_tidy_and_in_nfc(demo_store: Store, who: dict[str, Actor]) -> None:
    decomposed = unicodedata.normalize("NFD", "Pemberitahuan  jadwal   café  ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    row = create(
        demo_store,
        who["staf"],
        konsep(
            demo_store,
            perihal=decomposed,
            jenis_naskah="surat dinas",  # by name, any case
            klasifikasi=" pl.01.1 ",
            sifat="Terbatas",
            tujuan=(TujuanForm(unicodedata.normalize("NFD", "  Dinas  Pendidikan  "), " Jl. A "),),
        ),
    )
    assert row.perihal == "Pemberitahuan jadwal café"
    assert unicodedata.is_normalized("NFC", row.perihal)
    assert (row.jenis_naskah, row.klasifikasi, row.sifat) == ("SD", "PL.01.1", "terbatas")
    assert row.tujuan_ringkas == "Dinas Pendidikan"
    with demo_store.read() as s:
        (tujuan,) = skr.get_detail(s, row.id).tujuan
    assert (tujuan.nama, tujuan.alamat) == ("Dinas Pendidikan", "Jl. A")


def test_a_keputusan_needs_no_klasifikasi(demo_store: Store) -> None:
    assert errors_of(demo_store, konsep(demo_store, jenis_naskah="KEPUTUSAN", klasifikasi="")) == {}


def test_the_same_name_may_be_tujuan_and_tembusan(demo_store: Store) -> None:
    form = konsep(
        demo_store,
        tujuan=(
            TujuanForm("KPU Provinsi Kalimantan Timur"),
            TujuanForm("KPU Provinsi Kalimantan Timur", tembusan=True),
        ),
    )
    assert errors_of(demo_store, form) == {}


# -- create ----------------------------------------------------------------------------------


def test_create_starts_sop_9_13_with_step_1(
    demo_store: Store, who: dict[str, Actor], tmp_path: Path
) -> None:
    store_dir = tmp_path / "lampiran"
    form = konsep(demo_store, arahan="Minta data pemilih pemula", berkas=(pdf(tmp_path),))
    with pytest.raises(ValidationError) as info:
        create(demo_store, who["staf"], form)  # no attachment store
    assert set(info.value.errors) == {"berkas"}
    row = create(demo_store, who["staf"], form, attachment_dir=store_dir)
    assert row.status == KeluarStatus.KONSEP and row.konseptor_nama == "Dewi Kartika Sari"
    assert row.nomor_surat == "" and row.putaran == 0
    assert row.tujuan_ringkas == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang"
    assert row.penandatangan_jabatan == "Sekretaris KPU Kabupaten/Kota"
    assert row.penandatangan_nama == "Drs. Bambang Sutrisno, M.Si."
    assert row.run_id is not None
    with demo_store.read() as s:
        run = procedure.get_run(s, row.run_id, now=NOW)
        assert (run.sop_id, run.status, run.langkah_kini) == ("9.13", RunStatus.BERJALAN, 2)
        assert (run.subject_type, run.subject_id) == ("surat_keluar", str(row.id))
        assert run.judul.startswith("Surat keluar: Permohonan data pemilih")
        done = [e for e in procedure.timeline(s, row.run_id) if e.kind == StepEventKind.SELESAI]
        assert [(e.langkah_no, e.catatan) for e in done] == [(1, "Minta data pemilih pemula")]
        detail = skr.get_detail(s, row.id)
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_keluar"))[0]
    assert [(t.nama, t.tembusan, t.status) for t in detail.tujuan] == [
        ("Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang", False, KirimStatus.BELUM),
        ("Ketua KPU Provinsi Kalimantan Timur", True, KirimStatus.BELUM),
    ]
    (berkas,) = detail.berkas
    assert (berkas.jenis, berkas.nama, berkas.aktif) == (BerkasJenis.KONSEP, "konsep.pdf", True)
    assert event.action == "konsep" and "konsep.pdf" in (event.after or "")


def test_who_may_draft(demo_store: Store, who: dict[str, Actor]) -> None:
    for name in ("pengaduan", "teknis"):
        with pytest.raises(PermissionDenied):
            create(demo_store, who[name], konsep(demo_store))
    for name in ("staf", "petugas", "kasubbag.kul", "sekretaris", "admin"):
        assert create(demo_store, who[name], konsep(demo_store)).status == KeluarStatus.KONSEP


def test_a_konsep_is_revised_only_before_paraf(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    staf = who["staf"]
    row = create(demo_store, staf, konsep(demo_store))
    changed = konsep(
        demo_store,
        perihal="Permohonan data pemilih pemula",
        tujuan=(TujuanForm("Kepala Dinas Pendidikan Kota Bontang"),),
    )
    with pytest.raises(PermissionDenied):
        act(demo_store, sk.update, actor=who["ketua"], surat_id=row.id, form=changed)
    revised = act(demo_store, sk.update, actor=staf, surat_id=row.id, form=changed)
    assert revised.perihal == "Permohonan data pemilih pemula"
    with demo_store.read() as s:
        detail = skr.get_detail(s, row.id)
        assert skr.form_of(s, row.id).tujuan == (
            TujuanForm("Kepala Dinas Pendidikan Kota Bontang"),
        )
    # Tujuan taken off the konsep stay, withdrawn.
    assert sorted((t.nama, t.status) for t in detail.tujuan) == [
        ("Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang", KirimStatus.BATAL),
        ("Kepala Dinas Pendidikan Kota Bontang", KirimStatus.BELUM),
        ("Ketua KPU Provinsi Kalimantan Timur", KirimStatus.BATAL),
    ]
    assert revised.tujuan_ringkas == "Kepala Dinas Pendidikan Kota Bontang"
    act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    with pytest.raises(ServiceError):
        act(demo_store, sk.update, actor=staf, surat_id=row.id, form=changed)
    with pytest.raises(ServiceError):
        act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    with pytest.raises(NotFound):
        act(demo_store, sk.update, actor=staf, surat_id=9999, form=changed)


# -- paraf -----------------------------------------------------------------------------------


def test_who_may_give_the_awaited_paraf(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    form = konsep(
        demo_store,
        penandatangan_jabatan_id=jab["KETUA"],
        paraf=(jab["KASUBBAG_TPPH"], jab["SEKRETARIS"]),
    )
    rows = [create(demo_store, who["staf"], form) for _ in range(3)]
    for row in rows:
        act(demo_store, sk.submit, actor=who["staf"], surat_id=row.id)
    # The Kasubbag TPPH is awaited: not the next reviewer, not another kasubbag, not the staf.
    for name in ("sekretaris", "kasubbag.kul", "staf", "ketua"):
        with demo_store.read() as s:
            assert not sk.may_paraf(s, who[name], rows[0].id)
        with pytest.raises(PermissionDenied, match="menunggu Kepala Sub Bagian Teknis"):
            act(demo_store, sk.paraf, actor=who[name], surat_id=rows[0].id)
        with pytest.raises(PermissionDenied):
            act(
                demo_store,
                sk.return_for_correction,
                actor=who[name],
                surat_id=rows[0].id,
                catatan="x",
            )
    # The holder, or a petugas/admin copying the paper paraf.
    for row, name in zip(rows, ("kasubbag.tpph", "petugas", "admin"), strict=True):
        with demo_store.read() as s:
            assert sk.may_paraf(s, who[name], row.id)
        after = act(demo_store, sk.paraf, actor=who[name], surat_id=row.id, catatan="Setuju")
        assert after.status == KeluarStatus.PARAF
    with demo_store.read() as s:
        waiting = skr.get_detail(s, rows[1].id).menunggu_paraf
        assert waiting is not None and waiting.jabatan_id == jab["SEKRETARIS"]
        first = skr.paraf_list(s, rows[1].id)[0]
        assert (first.status, first.catatan, first.oleh_nama) == (
            ParafStatus.PARAF,
            "Setuju",
            "Sekar Ayu Lestari",
        )
    # The Sekretaris now.
    assert not _may_paraf(demo_store, who["kasubbag.tpph"], rows[0].id)
    last = act(demo_store, sk.paraf, actor=who["sekretaris"], surat_id=rows[0].id)
    assert last.status == KeluarStatus.TANDA_TANGAN
    with pytest.raises(ServiceError, match="tidak menunggu paraf"):
        act(demo_store, sk.paraf, actor=who["sekretaris"], surat_id=rows[0].id)
    with demo_store.read() as s:
        assert sk.may_sign(s, who["ketua"], rows[0].id)
        assert sk.may_sign(s, who["petugas"], rows[0].id)
        assert not sk.may_sign(s, who["sekretaris"], rows[0].id)
        assert not sk.may_sign(s, who["ketua"], rows[1].id)  # still in paraf


def _may_paraf(store: Store, actor: Actor, surat_id: int) -> bool:
    with store.read() as s:
        return sk.may_paraf(s, actor, surat_id)


def test_paraf_with_a_return_and_a_second_round(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    staf, kasubbag, sekretaris, ketua = (
        who["staf"],
        who["kasubbag.tpph"],
        who["sekretaris"],
        who["ketua"],
    )
    form = konsep(
        demo_store,
        penandatangan_jabatan_id=jab["KETUA"],
        paraf=(jab["KASUBBAG_TPPH"], jab["KASUBBAG_KUL"], jab["SEKRETARIS"]),
    )
    row = create(demo_store, staf, form)
    act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    act(demo_store, sk.paraf, actor=kasubbag, surat_id=row.id)
    with pytest.raises(ValidationError) as info:  # a return needs a note
        act(
            demo_store,
            sk.return_for_correction,
            actor=who["kasubbag.kul"],
            surat_id=row.id,
            catatan=" ",
        )
    assert set(info.value.errors) == {"catatan"}
    back = act(
        demo_store,
        sk.return_for_correction,
        actor=who["kasubbag.kul"],
        surat_id=row.id,
        catatan="Lampirkan rincian anggaran",
    )
    assert back.status == KeluarStatus.DIKEMBALIKAN and back.putaran == 1
    assert [(p, s) for p, _, s in paraf_rows(demo_store, row.id)] == [
        (1, ParafStatus.PARAF),
        (1, ParafStatus.DIKEMBALIKAN),
        (1, ParafStatus.GUGUR),  # the Sekretaris was not reached
    ]
    with pytest.raises(ServiceError):
        act(demo_store, sk.paraf, actor=sekretaris, surat_id=row.id)
    # The konseptor revises and sends it again: a new round from the first reviewer.
    act(demo_store, sk.update, actor=staf, surat_id=row.id, form=replace(form, lampiran="1 berkas"))
    again = act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    assert (again.status, again.putaran) == (KeluarStatus.PARAF, 2)
    for actor in (kasubbag, who["kasubbag.kul"]):
        act(demo_store, sk.paraf, actor=actor, surat_id=row.id)
    done = act(demo_store, sk.paraf, actor=sekretaris, surat_id=row.id)
    assert done.status == KeluarStatus.TANDA_TANGAN
    rows = paraf_rows(demo_store, row.id)
    assert [(p, s) for p, _, s in rows] == [
        (1, ParafStatus.PARAF),
        (1, ParafStatus.DIKEMBALIKAN),
        (1, ParafStatus.GUGUR),
        (2, ParafStatus.PARAF),
        (2, ParafStatus.PARAF),
        (2, ParafStatus.PARAF),
    ]
    # The signer may still send it back before signing: a third round.
    back = act(
        demo_store,
        sk.return_for_correction,
        actor=ketua,
        surat_id=row.id,
        catatan="Ganti dasar hukum",
    )
    assert back.status == KeluarStatus.DIKEMBALIKAN
    assert paraf_rows(demo_store, row.id)[-1] == (
        2,
        "Ketua KPU Kabupaten/Kota",
        ParafStatus.DIKEMBALIKAN,
    )
    act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    for actor in (kasubbag, who["kasubbag.kul"], sekretaris):
        act(demo_store, sk.paraf, actor=actor, surat_id=row.id)
    signed_row = act(demo_store, sk.sign, actor=ketua, surat_id=row.id)
    assert signed_row.status == KeluarStatus.TERBIT and signed_row.putaran == 3
    # SOP 9.13: step 2 at the first submission, 3 at the first complete paraf round, 4 signed.
    assert steps_done(demo_store, row.run_id) == [1, 2, 3, 4]
    with demo_store.read() as s:
        notes = [
            e.catatan
            for e in procedure.timeline(s, row.run_id or 0)
            if e.kind == StepEventKind.CATATAN
        ]
        actions = [
            e.action
            for e in reversed(
                journal.list_events(s, journal.JournalFilter(record_type="surat_keluar"))
            )
        ]
    kul = "Kepala Sub Bagian Keuangan, Umum dan Logistik"
    assert f"Dikembalikan oleh {kul}: Lampirkan rincian anggaran" in notes
    assert "Konsep perbaikan diajukan (putaran 2)." in notes
    assert actions == [
        "konsep",
        "ajukan",
        "paraf",
        "kembalikan",
        "ubah_konsep",
        "ajukan",
        "paraf",
        "paraf",
        "paraf",
        "kembalikan",
        "ajukan",
        "paraf",
        "paraf",
        "paraf",
        "tanda_tangan",
    ]


def test_an_empty_chain_goes_straight_to_the_signature(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    row = create(demo_store, who["staf"], konsep(demo_store, paraf=()))
    sent = act(demo_store, sk.submit, actor=who["staf"], surat_id=row.id)
    assert (sent.status, sent.putaran) == (KeluarStatus.TANDA_TANGAN, 1)
    assert paraf_rows(demo_store, row.id) == []
    assert steps_done(demo_store, row.run_id) == [1, 2, 3]
    with pytest.raises(PermissionDenied):
        act(
            demo_store,
            sk.submit,
            actor=who["ketua"],
            surat_id=create(demo_store, who["staf"], konsep(demo_store)).id,
        )


# -- signature -------------------------------------------------------------------------------


def test_sign_records_step_4(demo_store: Store, who: dict[str, Actor]) -> None:
    row = create(demo_store, who["staf"], konsep(demo_store))
    with pytest.raises(ServiceError, match="belum siap"):
        act(demo_store, sk.sign, actor=who["petugas"], surat_id=row.id)
    act(demo_store, sk.submit, actor=who["staf"], surat_id=row.id)
    with pytest.raises(ServiceError, match="belum siap"):  # the paraf is still awaited
        act(demo_store, sk.sign, actor=who["sekretaris"], surat_id=row.id)
    act(demo_store, sk.paraf, actor=who["kasubbag.tpph"], surat_id=row.id)
    done = act(demo_store, sk.sign, actor=who["sekretaris"], surat_id=row.id, tanggal="20/11/2026")
    assert (done.status, done.tanggal_surat) == (KeluarStatus.TERBIT, date(2026, 11, 20))
    with pytest.raises(ServiceError, match="sudah ditandatangani"):
        act(demo_store, sk.sign, actor=who["sekretaris"], surat_id=row.id)
    assert steps_done(demo_store, row.run_id) == [1, 2, 3, 4]
    with demo_store.read() as s:
        run = procedure.get_run(s, row.run_id or 0, now=NOW)
        detail = skr.get_detail(s, row.id)
    assert run.langkah_kini == 5
    assert detail.ditandatangani_at is not None
    assert detail.pesan == (
        "Pindaian surat bertanda tangan belum diarsipkan.",
        "Ada tujuan yang belum dikirimi.",
    )
    with demo_store.read() as s:
        timeline = procedure.timeline(s, row.run_id or 0)
    step4 = next(e for e in timeline if e.langkah_no == 4 and e.kind == StepEventKind.SELESAI)
    assert step4.catatan == (
        "Ditandatangani Sekretaris KPU Kabupaten/Kota; nomor 1/PL.01.1-SD/6474/2026"
        " tanggal 20-11-2026."
    )


# -- files -----------------------------------------------------------------------------------


def test_files_before_and_after_the_signature(
    demo_store: Store, who: dict[str, Actor], tmp_path: Path
) -> None:
    store_dir = tmp_path / "lampiran"
    staf, petugas = who["staf"], who["petugas"]
    row = create(demo_store, staf, konsep(demo_store))

    def add(surat_id: int, jenis: BerkasJenis, *paths: str, actor: Actor = staf) -> Any:
        return act(
            demo_store,
            sk.add_files,
            actor=actor,
            surat_id=surat_id,
            paths=list(paths),
            jenis=jenis,
            attachment_dir=store_dir,
        )

    (draft,) = add(row.id, BerkasJenis.KONSEP, pdf(tmp_path, "konsep-2.pdf", b"%PDF-1.4 v2"))
    assert draft.jenis == BerkasJenis.KONSEP
    with pytest.raises(ServiceError, match="setelah surat ditandatangani"):
        add(row.id, BerkasJenis.ARSIP, pdf(tmp_path, "arsip.pdf"))
    with pytest.raises(ValidationError):
        add(row.id, BerkasJenis.KONSEP)
    with pytest.raises(ValidationError) as info:
        add(row.id, BerkasJenis.KONSEP, str(tmp_path / "hilang.pdf"))
    assert "Berkas 1" in info.value.errors["berkas"]
    with pytest.raises(PermissionDenied):
        add(row.id, BerkasJenis.KONSEP, pdf(tmp_path), actor=who["pengaduan"])
    done = signed(demo_store)
    with pytest.raises(ServiceError, match="simpan pindaian arsipnya"):
        add(done.id, BerkasJenis.KONSEP, pdf(tmp_path))
    (scan,) = add(
        done.id, BerkasJenis.ARSIP, pdf(tmp_path, "arsip.pdf", b"%PDF-1.4 ttd"), actor=petugas
    )
    assert steps_done(demo_store, done.run_id) == [1, 2, 3, 4, 5]
    with demo_store.read() as s:
        detail = skr.get_detail(s, done.id)
        assert sk.open_file(s, berkas_id=scan.id, attachment_dir=store_dir).read_bytes() == (
            b"%PDF-1.4 ttd"
        )
    assert detail.pesan == ("Ada tujuan yang belum dikirimi.",)
    # A second scan does not record step 5 again.
    add(done.id, BerkasJenis.ARSIP, pdf(tmp_path, "arsip-2.pdf", b"%PDF-1.4 hal 2"), actor=petugas)
    assert steps_done(demo_store, done.run_id) == [1, 2, 3, 4, 5]
    with demo_store.write() as s:
        gone = sk.cancel_file(s, actor=petugas, berkas_id=scan.id, alasan="Halaman terbalik")
        with pytest.raises(ServiceError, match="sudah ditarik"):
            sk.cancel_file(s, actor=petugas, berkas_id=scan.id, alasan="lagi")
    assert not gone.aktif and gone.alasan_batal == "Halaman terbalik"
    with demo_store.read() as s:
        # Another archive scan is still there.
        assert skr.get_detail(s, done.id).pesan == ("Ada tujuan yang belum dikirimi.",)
    with demo_store.write() as s:
        sk.cancel(s, actor=petugas, surat_id=row.id, alasan="Tidak jadi", now=NOW)
    with pytest.raises(ServiceError, match="sudah batal"):
        add(row.id, BerkasJenis.KONSEP, pdf(tmp_path))


# -- cancel ----------------------------------------------------------------------------------


def test_cancel_before_the_signature(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    staf = who["staf"]
    form = konsep(demo_store, paraf=(jab["KASUBBAG_TPPH"], jab["KASUBBAG_KUL"]))
    row = create(demo_store, staf, form)
    act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    act(demo_store, sk.paraf, actor=who["kasubbag.tpph"], surat_id=row.id)
    for name in ("ketua", "sekretaris", "pengaduan"):  # neither konseptor nor keeper
        with pytest.raises(PermissionDenied):
            act(demo_store, sk.cancel, actor=who[name], surat_id=row.id, alasan="x")
    with pytest.raises(ValidationError):
        act(demo_store, sk.cancel, actor=staf, surat_id=row.id, alasan="  ")
    gone = act(demo_store, sk.cancel, actor=staf, surat_id=row.id, alasan="Sudah dibahas di rapat")
    assert gone.status == KeluarStatus.BATAL and gone.alasan_batal == "Sudah dibahas di rapat"
    assert gone.nomor_surat == ""
    with pytest.raises(ServiceError, match="sudah batal"):
        act(demo_store, sk.cancel, actor=who["petugas"], surat_id=row.id, alasan="lagi")
    assert [s for _, _, s in paraf_rows(demo_store, row.id)] == [
        ParafStatus.PARAF,
        ParafStatus.GUGUR,
    ]
    with demo_store.read() as s:
        detail = skr.get_detail(s, row.id)
        run = s.get(ProcedureRun, row.run_id)
        assert run is not None and run.status == RunStatus.BATAL
        assert detail.dibatalkan_at is not None
        # No number was ever taken; the konsep list keeps the cancelled letter.
        assert detail.nomor == ()
        konsep_list = skr.list_surat(s, skr.KeluarFilter(tampilan="konsep"))
        assert [r.id for r in konsep_list] == [row.id]
    assert {t.status for t in detail.tujuan} == {KirimStatus.BATAL}
    # A kasubbag (a keeper) may cancel another's konsep.
    other = create(demo_store, staf, form)
    assert (
        act(
            demo_store, sk.cancel, actor=who["kasubbag.kul"], surat_id=other.id, alasan="Ganda"
        ).status
        == KeluarStatus.BATAL
    )


def test_cancel_after_the_signature(demo_store: Store, who: dict[str, Actor]) -> None:
    row = signed(demo_store)
    with pytest.raises(PermissionDenied):
        act(demo_store, sk.cancel, actor=who["staf"], surat_id=row.id, alasan="x")
    with pytest.raises(PermissionDenied):
        act(demo_store, sk.cancel, actor=who["sekretaris"], surat_id=row.id, alasan="x")
    gone = act(
        demo_store, sk.cancel, actor=who["kasubbag.tpph"], surat_id=row.id, alasan="Salah tujuan"
    )
    assert gone.status == KeluarStatus.BATAL and gone.nomor_surat == "1/PL.01.1-SD/6474/2026"
    with demo_store.read() as s:
        run = procedure.get_run(s, row.run_id or 0, now=NOW)
        assert run.status == RunStatus.BATAL and run.alasan_batal == "Salah tujuan"


# -- reply to a surat masuk ------------------------------------------------------------------


def test_a_reply_links_both_ways(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    masuk = register_masuk(demo_store, who["petugas"])
    with demo_store.read() as s:
        form = skr.reply_form(s, surat_masuk_id=masuk.id, actor=who["staf"])
        with pytest.raises(NotFound):
            skr.reply_form(s, surat_masuk_id=9999, actor=who["staf"])
    assert form.surat_masuk_id == masuk.id
    assert form.tujuan == (TujuanForm("Bawaslu Kota Bontang"),)
    assert form.perihal == (
        "Tanggapan atas surat nomor 005/PL.01/XI/2026 perihal Undangan rapat koordinasi"
        " pengawasan tahapan"
    )
    assert (form.jenis_naskah, form.klasifikasi) == ("SD", "PL.01")
    assert form.penandatangan_jabatan_id == jab["SEKRETARIS"]
    with demo_store.read() as s:
        tpph = s.exec(select(Unit).where(Unit.kode == "SUBBAG_TPPH")).one()
    assert form.pengolah_unit_id == tpph.id  # the staf's unit
    assert form.paraf == (jab["KASUBBAG_TPPH"],)  # its head, below the Sekretaris
    row = create(demo_store, who["staf"], form)
    assert row.surat_masuk_id == masuk.id
    with demo_store.read() as s:
        assert [r.id for r in skr.replies_of(s, masuk.id)] == [row.id]
        detail = skr.get_detail(s, row.id)
        filtered = skr.list_surat(s, skr.KeluarFilter(tampilan="semua", surat_masuk_id=masuk.id))
    assert detail.balasan_of is not None
    assert (detail.balasan_of.id, detail.balasan_of.agenda_teks) == (masuk.id, masuk.agenda_teks)
    assert detail.balasan_of.asal == "Bawaslu Kota Bontang"
    assert [r.id for r in filtered] == [row.id]
    with demo_store.read() as s:
        done = [
            e for e in procedure.timeline(s, row.run_id or 0) if e.kind == StepEventKind.SELESAI
        ]
    assert done[0].catatan == f"Balasan surat masuk {masuk.agenda_teks} dari Bawaslu Kota Bontang."


def test_default_paraf_when_the_ketua_signs(demo_store: Store, jab: dict[str, int]) -> None:
    with demo_store.read() as s:
        tpph = s.exec(select(Unit).where(Unit.kode == "SUBBAG_TPPH")).one()
        chain = skr.default_paraf(
            s, penandatangan_jabatan_id=jab["KETUA"], pengolah_unit_id=tpph.id
        )
        alone = skr.default_paraf(s, penandatangan_jabatan_id=jab["KETUA"], pengolah_unit_id=None)
        signers = skr.signers(s)
    assert chain == (jab["KASUBBAG_TPPH"], jab["SEKRETARIS"])
    assert alone == (jab["SEKRETARIS"],)
    assert signers[0].kode == "KETUA" and {p.kode for p in signers} >= {"SEKRETARIS"}


# -- the register ----------------------------------------------------------------------------


def _collect(
    store: Store, flt: skr.KeluarFilter, *, limit: int, descending: bool = True
) -> list[KeluarRow]:
    rows: list[KeluarRow] = []
    after = None
    with store.read() as s:
        while True:
            page = skr.list_surat(s, flt, after=after, limit=limit, descending=descending)
            assert len(page) <= limit
            rows += page
            if len(page) < limit:
                return rows
            after = skr.cursor_of(page[-1], flt)


def test_register_pages_views_and_filters(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    numbered = [
        signed(demo_store, perihal=f"Permohonan data pemilih kelurahan {n}") for n in range(5)
    ]
    kep = signed(
        demo_store, jenis_naskah="KEPUTUSAN", perihal="Penetapan daftar pemilih tetap", paraf=()
    )
    drafts = [
        create(demo_store, who["staf"], konsep(demo_store, perihal=f"Konsep {n}")) for n in range(3)
    ]
    agenda = skr.KeluarFilter(tampilan="agenda")
    everything = _collect(demo_store, agenda, limit=2)
    # The agenda runs by year and number, newest first (the Keputusan is number 1 of its own
    # series, so it sorts with the other number 1).
    assert [r.id for r in everything] == [r.id for r in reversed(numbered[1:])] + sorted(
        [numbered[0].id, kep.id], reverse=True
    )
    assert [r.id for r in _collect(demo_store, agenda, limit=4, descending=False)] == list(
        reversed([r.id for r in everything])
    )
    konsep_view = skr.KeluarFilter(tampilan="konsep")
    assert [r.id for r in _collect(demo_store, konsep_view, limit=2)] == [
        d.id for d in reversed(drafts)
    ]
    semua = _collect(demo_store, skr.KeluarFilter(tampilan="semua"), limit=3)
    assert len(semua) == 9 and [r.id for r in semua] == sorted((r.id for r in semua), reverse=True)
    with demo_store.read() as s:
        assert skr.count_surat(s, agenda) == 6
        assert skr.count_surat(s, konsep_view) == 3
        assert skr.count_surat(s, skr.KeluarFilter(tampilan="semua")) == 9
        assert skr.count_surat(s, skr.KeluarFilter(jenis="KEPUTUSAN")) == 1
        assert skr.count_surat(s, skr.KeluarFilter(klasifikasi="pl.01")) == 5  # and below it
        assert skr.count_surat(s, skr.KeluarFilter(klasifikasi="PL.01.1")) == 5
        assert skr.count_surat(s, skr.KeluarFilter(klasifikasi="PL.0")) == 0
        assert skr.count_surat(s, skr.KeluarFilter(tahun=2026)) == 6
        assert skr.count_surat(s, skr.KeluarFilter(tahun=2025)) == 0
        assert skr.count_surat(s, skr.KeluarFilter(tahun=2026, bulan=11)) == 6
        assert skr.count_surat(s, skr.KeluarFilter(tahun=2026, bulan=10)) == 0
        assert skr.count_surat(s, skr.KeluarFilter(dari=date(2026, 11, 24))) == 0
        assert skr.count_surat(s, skr.KeluarFilter(sampai=date(2026, 11, 23))) == 6
        assert skr.count_surat(s, skr.KeluarFilter(status=(KeluarStatus.TERBIT,))) == 6
        assert skr.count_surat(s, skr.KeluarFilter(penandatangan_jabatan_id=jab["SEKRETARIS"])) == 6
        assert skr.count_surat(s, skr.KeluarFilter(tampilan="konsep", tahun=2026)) == 3
        assert skr.KeluarFilter(tahun=2026, jenis="SD", teks="x").aktif == 2
        with pytest.raises(ValueError):
            skr.list_surat(s, skr.KeluarFilter(tampilan="arsip"))


def test_register_search(demo_store: Store, who: dict[str, Actor]) -> None:
    first = signed(demo_store, perihal="Permohonan data pemilih pemula")
    second = signed(
        demo_store,
        perihal="Undangan sosialisasi tahapan",
        tujuan=(TujuanForm("Kepala Dinas Pendidikan Kota Bontang"),),
    )
    create(demo_store, who["staf"], konsep(demo_store, perihal="Konsep sosialisasi pemilih"))

    def found(teks: str, tampilan: str = "agenda") -> tuple[int, list[int]]:
        flt = skr.KeluarFilter(tampilan=tampilan, teks=teks)
        with demo_store.read() as s:
            return skr.count_surat(s, flt), [r.id for r in skr.list_surat(s, flt)]

    assert found("sosialisasi") == (1, [second.id])
    assert found("SOSIALISASI")[0] == 1
    assert found("sosialisasi", "semua")[0] == 2
    for view in ("agenda", "konsep", "semua"):  # the count agrees with the list in every view
        count, ids = found("sosialisasi", view)
        assert count == len(ids), view
    assert found("sosialisasi", "konsep")[0] == 1
    assert found("pemilih")[0] == 1
    assert found("pemilih", "semua")[0] == 2
    assert found("Dinas Pendidikan") == (1, [second.id])  # the tujuan
    assert found("2/PL.01.1-SD") == (1, [second.id])  # the number
    assert found("6474/2026")[0] == 2
    assert found("Pd")[0] == 0  # short words fall back to LIKE: "Pd" is in no field
    assert found("ul") == (1, [first.id])  # ... "pemula"
    assert found('"sosialisasi"')[0] == 1  # quotes do not break the query
    assert found("tidakada")[0] == 0


def test_waiting_for_a_position(
    demo_store: Store, who: dict[str, Actor], jab: dict[str, int]
) -> None:
    staf = who["staf"]
    in_paraf = create(demo_store, staf, konsep(demo_store))
    act(demo_store, sk.submit, actor=staf, surat_id=in_paraf.id)
    to_sign = create(demo_store, staf, konsep(demo_store, paraf=()))
    act(demo_store, sk.submit, actor=staf, surat_id=to_sign.id)
    create(demo_store, staf, konsep(demo_store))  # a konsep waits for nobody
    signed(demo_store)

    def waiting(kode: str) -> list[int]:
        flt = skr.KeluarFilter(tampilan="semua", menunggu_jabatan_id=jab[kode])
        with demo_store.read() as s:
            assert skr.count_surat(s, flt) == len(skr.list_surat(s, flt))
            return [r.id for r in skr.list_surat(s, flt)]

    assert waiting("KASUBBAG_TPPH") == [in_paraf.id]
    assert waiting("SEKRETARIS") == [to_sign.id]
    assert waiting("KETUA") == []
    act(demo_store, sk.paraf, actor=who["kasubbag.tpph"], surat_id=in_paraf.id)
    assert waiting("KASUBBAG_TPPH") == []
    assert waiting("SEKRETARIS") == [to_sign.id, in_paraf.id]  # newest first
    # A later reviewer of a chain waits only once the ones before him have given their paraf.
    chain = create(
        demo_store,
        staf,
        konsep(
            demo_store,
            penandatangan_jabatan_id=jab["KETUA"],
            paraf=(jab["KASUBBAG_TPPH"], jab["SEKRETARIS"]),
        ),
    )
    act(demo_store, sk.submit, actor=staf, surat_id=chain.id)
    assert waiting("KASUBBAG_TPPH") == [chain.id]
    assert chain.id not in waiting("SEKRETARIS")
    act(demo_store, sk.paraf, actor=who["kasubbag.tpph"], surat_id=chain.id)
    assert waiting("SEKRETARIS")[0] == chain.id


def test_detail(demo_store: Store, who: dict[str, Actor], jab: dict[str, int]) -> None:
    staf = who["staf"]
    row = create(
        demo_store,
        staf,
        konsep(demo_store, sifat="rahasia", lampiran="2 lembar", keterangan="Segera"),
    )
    act(demo_store, sk.submit, actor=staf, surat_id=row.id)
    with demo_store.read() as s:
        detail = skr.get_detail(s, row.id)
        with pytest.raises(NotFound):
            skr.get_detail(s, 9999)
    assert detail.row.id == row.id and detail.row.status == KeluarStatus.PARAF
    assert detail.jenis_nama == "Surat Dinas"
    assert detail.klasifikasi_uraian == "Pendaftaran, Verifikasi dan Penetapan Peserta Pemilu"
    assert detail.sifat_nama == "Rahasia"
    assert (detail.row.lampiran, detail.row.keterangan) == ("2 lembar", "Segera")
    assert detail.menunggu_paraf is not None
    assert detail.menunggu_paraf.jabatan_id == jab["KASUBBAG_TPPH"]
    assert detail.menunggu_paraf.pemegang_nama == "Andi Firmansyah, S.H."
    assert detail.nomor == () and detail.berkas == () and detail.balasan_of is None
    assert detail.pesan == ()  # no number yet, nothing to archive or send
    act(demo_store, sk.paraf, actor=who["kasubbag.tpph"], surat_id=row.id)
    done = act(demo_store, sk.sign, actor=who["sekretaris"], surat_id=row.id)
    with demo_store.read() as s:
        detail = skr.get_detail(s, row.id)
        assert skr.get_row(s, row.id) == detail.row
    assert detail.menunggu_paraf is None
    assert [(n.nomor_teks, n.perihal) for n in detail.nomor] == [
        (done.nomor_surat, "Permohonan data pemilih untuk pemutakhiran")
    ]
    assert detail.nomor[0].tujuan == done.tujuan_ringkas
    assert [(p.jabatan_nama, p.status) for p in detail.paraf] == [
        ("Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum", ParafStatus.PARAF)
    ]
    assert detail.ditandatangani_at == NOW
    with demo_store.read() as s:
        assert skr.years(s) == [2026]
        assert [p.kode for p in skr.reviewers(s)][:2] == ["KETUA", "ANGGOTA1"]
        assert skr.units(s)


def test_a_letter_made_at_another_time(demo_store: Store, who: dict[str, Actor]) -> None:
    """The konsep list filters a year by when the letter was made (no number yet)."""
    old = create(demo_store, who["staf"], konsep(demo_store), now=at(2025, 12, 30))
    with demo_store.read() as s:
        assert [
            r.id for r in skr.list_surat(s, skr.KeluarFilter(tampilan="konsep", tahun=2025))
        ] == [old.id]
        assert skr.count_surat(s, skr.KeluarFilter(tampilan="konsep", tahun=2026)) == 0
        assert skr.get_row(s, old.id).dibuat_at == at(2025, 12, 30)
    assert isinstance(old.dibuat_at, datetime)
