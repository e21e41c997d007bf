"""The disposisi chain through the service: first disposisi, passing on, reading, tindak lanjut,
cancelling, filing without disposisi, hand-over, batas waktu and the SOP 9.14 steps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from kpu_tui.models import (
    HopStatus,
    Jabatan,
    PenerimaStatus,
    RunStatus,
    StepEventKind,
    SuratStatus,
    Unit,
    User,
)
from kpu_tui.services import disposisi as dp
from kpu_tui.services import journal, procedure
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store

from .test_surat_masuk import NOW, actor_of, at, jabatan_ids, register

KETUA = "Ketua KPU Kabupaten/Kota"
SEKRETARIS = "Sekretaris KPU Kabupaten/Kota"


@pytest.fixture
def ids(demo_store: Store) -> dict[str, int]:
    """Position ids by kode, unit ids as ``unit:<kode>``, user ids as ``user:<username>``."""
    out = dict(jabatan_ids(demo_store))
    with demo_store.read() as s:
        out |= {f"unit:{u.kode}": u.id for u in s.exec(select(Unit)).all() if u.id}
        out |= {f"user:{u.username}": u.id for u in s.exec(select(User)).all() if u.id}
    return out


@pytest.fixture
def who(demo_store: Store) -> dict[str, Actor]:
    """Actors of the demo accounts by username."""
    names = ("petugas", "ketua", "sekretaris", "kasubbag.kul", "kasubbag.tpph", "staf", "upg")
    return {name: actor_of(demo_store, name) for name in names}


def to(ids: dict[str, int], *keys: str) -> tuple[dp.Tujuan, ...]:
    """Recipients: a jabatan kode, ``unit:<kode>`` or ``user:<username>``."""
    out = []
    for key in keys:
        if key.startswith("unit:"):
            out.append(dp.Tujuan(unit_id=ids[key]))
        elif key.startswith("user:"):
            out.append(dp.Tujuan(user_id=ids[key]))
        else:
            out.append(dp.Tujuan(jabatan_id=ids[key]))
    return tuple(out)


def give(
    store: Store,
    actor: Actor,
    surat_id: int,
    *,
    induk: int | None = None,
    now: datetime = NOW + timedelta(hours=1),
    **form: Any,
) -> dp.HopView:
    form.setdefault("instruksi", ("ditindaklanjuti",))
    with store.write() as s:
        return dp.give(
            s,
            actor=actor,
            surat_id=surat_id,
            form=dp.DisposisiForm(**form),
            induk_penerima_id=induk,
            now=now,
        )


def row(store: Store, surat_id: int) -> sm.SuratRow:
    with store.read() as s:
        return sm.get_row(s, surat_id)


def steps_done(store: Store, run_id: int | None) -> list[tuple[int | None, str]]:
    assert run_id is not None
    with store.read() as s:
        return [
            (e.langkah_no, e.catatan)
            for e in procedure.timeline(s, run_id)
            if e.kind == StepEventKind.SELESAI
        ]


def run_of(store: Store, run_id: int | None) -> procedure.RunView:
    assert run_id is not None
    with store.read() as s:
        return procedure.get_run(s, run_id)


# -- the first disposisi -----------------------------------------------------------------------


def test_the_petugas_enters_the_ketuas_disposisi(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"], tujuan_jabatan_id=ids["KETUA"])
    for name in ("kasubbag.kul", "staf"):
        with pytest.raises(PermissionDenied, match="atas nama Ketua"):
            give(
                demo_store,
                who[name],
                surat.id,
                dari_jabatan_id=ids["KETUA"],
                penerima=to(ids, "SEKRETARIS"),
            )
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        instruksi=("ditindaklanjuti", "koordinasikan", "ditindaklanjuti"),
        catatan="  Segera\n  koordinasikan   dengan Bawaslu ",
    )
    assert (hop.dari_nama, hop.dari_jabatan_id) == (KETUA, ids["KETUA"])
    assert hop.dicatat_oleh_nama == "Sekar Ayu Lestari" and hop.status == HopStatus.AKTIF
    assert hop.instruksi == ("ditindaklanjuti", "koordinasikan")
    assert hop.instruksi_nama == ("Untuk ditindaklanjuti", "Koordinasikan/konfirmasikan")
    assert hop.catatan == "Segera\nkoordinasikan dengan Bawaslu"
    assert hop.batas_waktu == date(2026, 11, 25)  # segera: 2 hari kerja
    assert hop.tanggal == NOW + timedelta(hours=1) and not hop.dibaca
    (penerima,) = hop.penerima
    assert (penerima.nama, penerima.utama, penerima.status) == (
        SEKRETARIS,
        True,
        PenerimaStatus.MENUNGGU,
    )
    current = row(demo_store, surat.id)
    assert current.status == SuratStatus.PROSES and current.tenggat == date(2026, 11, 25)
    assert steps_done(demo_store, surat.run_id)[2:] == [
        (3, f"Diserahkan kepada {KETUA}."),
        (4, f"Disposisi {KETUA} kepada {SEKRETARIS}."),
    ]
    assert run_of(demo_store, surat.run_id).langkah_kini == 5
    with demo_store.read() as s:
        event = journal.list_events(s, journal.JournalFilter(record_type="disposisi"))[0]
        assert event.action == "disposisi" and event.record_id == str(hop.id)
        assert "0001/2026" in (event.after or "") and SEKRETARIS in (event.after or "")


def test_the_ketua_gives_it_himself(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["ketua"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS", "KASUBBAG_KUL"),
        utama=1,
        instruksi=(),
        catatan="Hadiri dan laporkan",
    )
    assert hop.dicatat_oleh_nama == "Hj. Maryam Abdullah"
    assert [(p.nama, p.utama) for p in hop.penerima] == [
        (SEKRETARIS, False),
        ("Kepala Sub Bagian Keuangan, Umum dan Logistik", True),
    ]
    assert hop.instruksi == () and hop.catatan == "Hadiri dan laporkan"
    # The Sekretaris holds a position of his own but not the Ketua's.
    with pytest.raises(PermissionDenied):
        give(
            demo_store,
            who["sekretaris"],
            surat.id,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "KASUBBAG_TPPH"),
        )
    second = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        dari_jabatan_id=ids["SEKRETARIS"],
        penerima=to(ids, "KASUBBAG_TPPH"),
    )
    with demo_store.read() as s:
        assert [h.id for h in dp.tree(s, surat.id)] == [hop.id, second.id]


@pytest.mark.parametrize(
    ("derajat", "given", "batas"),
    [
        ("sangat segera", at(2026, 11, 23, 10), date(2026, 11, 24)),
        ("segera", at(2026, 11, 23, 10), date(2026, 11, 25)),
        ("biasa", at(2026, 11, 23, 10), date(2026, 11, 30)),
        ("sangat segera", at(2026, 11, 27, 15), date(2026, 11, 30)),  # Friday: over the weekend
        ("biasa", at(2026, 11, 27, 15), date(2026, 12, 4)),
        # 24 December cuti bersama, 25 Natal, 26-27 weekend
        ("sangat segera", at(2026, 12, 23, 10), date(2026, 12, 28)),
        ("segera", at(2026, 12, 23, 10), date(2026, 12, 29)),
        ("biasa", at(2026, 12, 30, 10), date(2027, 1, 8)),  # 1 and 5 January (Isra Mikraj)
    ],
)
def test_default_batas_waktu_by_derajat_kecepatan(
    demo_store: Store,
    who: dict[str, Actor],
    ids: dict[str, int],
    derajat: str,
    given: datetime,
    batas: date,
) -> None:
    surat = register(
        demo_store,
        who["petugas"],
        derajat=derajat,
        now=given,
        tanggal_terima="hari ini",
        tanggal_surat="",
    )
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        now=given + timedelta(minutes=30),
    )
    assert hop.batas_waktu == batas


def test_an_explicit_batas_waktu_and_an_earlier_tanggal(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(
        demo_store,
        who["petugas"],
        tanggal_terima="19/11/2026",
        tanggal_surat="18/11/2026",
        derajat="biasa",
    )
    # The paper says the Ketua wrote it on Friday 20 November: the default counts from then.
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        tanggal="20/11/2026",
    )
    assert hop.tanggal == at(2026, 11, 20, 7, 30) and hop.batas_waktu == date(2026, 11, 27)
    explicit = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["SEKRETARIS"],
        penerima=to(ids, "KASUBBAG_RDI"),
        batas_waktu="1 Desember 2026",
    )
    assert explicit.batas_waktu == date(2026, 12, 1)
    assert row(demo_store, surat.id).tenggat == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"penerima": ()}, "penerima", "paling sedikit satu penerima"),
        ({"penerima": ("SEKRETARIS", "SEKRETARIS")}, "penerima", "dipilih dua kali"),
        ({"penerima": ("KETUA",)}, "penerima", "pemberinya sendiri"),
        ({"penerima": ("user:ketua",)}, "penerima", "pemberinya sendiri"),
        ({"penerima": ("SEKRETARIS",), "utama": 1}, "penerima", "utama tidak ada"),
        ({"penerima": ("SEKRETARIS",), "instruksi": ("terbang",)}, "instruksi", "terbang"),
        ({"penerima": ("SEKRETARIS",), "instruksi": ()}, "instruksi", "Centang paling sedikit"),
        (
            {"penerima": ("SEKRETARIS",), "instruksi": (), "catatan": " \n "},
            "instruksi",
            "Centang paling sedikit",
        ),
        ({"penerima": ("SEKRETARIS",), "catatan": "a\x1bb"}, "catatan", "karakter kendali"),
        ({"penerima": ("SEKRETARIS",), "catatan": "c" * 1001}, "catatan", "paling banyak 1000"),
        ({"penerima": ("SEKRETARIS",), "batas_waktu": "20/11/2026"}, "batas_waktu", "sebelum"),
        ({"penerima": ("SEKRETARIS",), "batas_waktu": "31/02/2027"}, "batas_waktu", "Februari"),
        ({"penerima": ("SEKRETARIS",), "tanggal": "24/11/2026"}, "tanggal", "sesudah hari ini"),
        ({"penerima": ("SEKRETARIS",), "tanggal": "besok"}, "tanggal", "sesudah hari ini"),
        ({"penerima": ("SEKRETARIS",), "tanggal": "20/11/2026"}, "tanggal", "surat diterima"),
        ({"penerima": ("SEKRETARIS",), "dari_jabatan_id": None}, "dari", "Pilih pejabat"),
    ],
)
def test_a_disposisi_that_does_not_pass(
    demo_store: Store,
    who: dict[str, Actor],
    ids: dict[str, int],
    form: dict[str, Any],
    field: str,
    words: str,
) -> None:
    surat = register(demo_store, who["petugas"])  # received today, 23 November
    values: dict[str, Any] = {"dari_jabatan_id": ids["KETUA"], "instruksi": ("diketahui",)}
    values |= form
    values["penerima"] = to(ids, *values["penerima"])
    with pytest.raises(ValidationError) as info:
        give(demo_store, who["petugas"], surat.id, **values)
    assert field in info.value.errors and words in info.value.errors[field]
    assert row(demo_store, surat.id).status == SuratStatus.BELUM_DISPOSISI
    assert run_of(demo_store, surat.run_id).langkah_kini == 3


def test_recipients_that_cannot_receive(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    with demo_store.write() as s:
        s.get_one(Jabatan, ids["ANGGOTA4"]).aktif = False
    cases = [
        (dp.Tujuan(jabatan_id=ids["ANGGOTA4"]), "Jabatan penerima tidak aktif."),
        (dp.Tujuan(jabatan_id=ids["KASUBBAG_KUL"], unit_id=ids["unit:SUBBAG_KUL"]), "satu unit"),
        (dp.Tujuan(), "satu jabatan"),
        (dp.Tujuan(unit_id=9999), "Unit penerima tidak aktif."),
        (dp.Tujuan(user_id=9999), "Pegawai penerima tidak aktif."),
    ]
    for tujuan, words in cases:
        with pytest.raises(ValidationError) as info:
            give(
                demo_store,
                who["petugas"],
                surat.id,
                dari_jabatan_id=ids["KETUA"],
                penerima=(tujuan,),
            )
        assert words in info.value.errors["penerima"]
    with pytest.raises(NotFound):
        give(
            demo_store,
            who["petugas"],
            9999,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "SEKRETARIS"),
        )


def test_paper_dates_entered_later(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(
        demo_store, who["petugas"], tanggal_terima="19/11/2026", tanggal_surat="", derajat="segera"
    )
    top = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        tanggal="20/11/2026",
    )
    sek = top.penerima[0].id
    with pytest.raises(ValidationError) as info:
        give(
            demo_store,
            who["petugas"],
            surat.id,
            induk=sek,
            penerima=to(ids, "KASUBBAG_KUL"),
            tanggal="19/11/2026",
        )
    assert info.value.errors == {
        "tanggal": "Tanggal disposisi tidak boleh sebelum disposisi yang diteruskan."
    }
    onward = give(
        demo_store,
        who["petugas"],
        surat.id,
        induk=sek,
        penerima=to(ids, "KASUBBAG_KUL"),
        tanggal="Jumat, 20 November 2026",
    )
    assert onward.tanggal == top.tanggal == at(2026, 11, 20, 7, 30)
    # Received today at 09.00 and disposed the same day on paper, entered tomorrow: the
    # disposisi is dated when the letter came in, not before.
    today = register(demo_store, who["petugas"], nomor_surat="-")
    hop = give(
        demo_store,
        who["petugas"],
        today.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        tanggal="kemarin",
        now=at(2026, 11, 24, 8),
    )
    assert hop.tanggal == NOW
    assert hop.batas_waktu == date(2026, 11, 25)  # segera, from 23 November


# -- passing on, reading, tindak lanjut --------------------------------------------------------


def test_the_chain_ketua_sekretaris_kasubbag_staf(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"], tujuan_jabatan_id=ids["KETUA"])
    h1 = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        now=at(2026, 11, 23, 10),
    )
    sek_row = h1.penerima[0].id
    # Only the recipient (or a petugas/admin) passes on.
    for name in ("kasubbag.kul", "staf", "ketua"):
        with pytest.raises(PermissionDenied, match="Sekretaris"):
            give(
                demo_store,
                who[name],
                surat.id,
                induk=sek_row,
                penerima=to(ids, "KASUBBAG_TPPH"),
                now=at(2026, 11, 23, 11),
            )
    h2 = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        induk=sek_row,
        penerima=to(ids, "KASUBBAG_TPPH", "KASUBBAG_KUL"),
        utama=0,
        instruksi=("koordinasikan",),
        now=at(2026, 11, 23, 11),
    )
    assert (h2.dari_nama, h2.induk_penerima_id) == (SEKRETARIS, sek_row)
    assert h2.dicatat_oleh_nama == "Drs. Bambang Sutrisno, M.Si."
    # Passing on is the first action of a recipient: step 5.
    assert steps_done(demo_store, surat.run_id)[-1] == (5, f"Diterima {SEKRETARIS}.")
    tpph_row, kul_row = (p.id for p in h2.penerima)
    with pytest.raises(PermissionDenied):
        give(
            demo_store,
            who["kasubbag.kul"],
            surat.id,
            induk=tpph_row,
            penerima=to(ids, "user:staf"),
            now=at(2026, 11, 23, 13),
        )
    with pytest.raises(NotFound):
        give(
            demo_store,
            who["kasubbag.tpph"],
            surat.id,
            induk=9999,
            penerima=to(ids, "user:staf"),
            now=at(2026, 11, 23, 13),
        )
    h3 = give(
        demo_store,
        who["kasubbag.tpph"],
        surat.id,
        induk=tpph_row,
        penerima=to(ids, "user:staf"),
        instruksi=("siapkan_jawaban",),
        now=at(2026, 11, 23, 13),
    )
    staf_row = h3.penerima[0].id
    with demo_store.read() as s:
        flat = dp.flatten(dp.tree(s, surat.id))
    assert [(depth, hop.id) for depth, hop in flat] == [(0, h1.id), (1, h2.id), (2, h3.id)]
    statuses = {p.id: p.status for _, hop in flat for p in hop.penerima}
    assert statuses == {
        sek_row: PenerimaStatus.DITERUSKAN,
        tpph_row: PenerimaStatus.DITERUSKAN,
        kul_row: PenerimaStatus.MENUNGGU,
        staf_row: PenerimaStatus.MENUNGGU,
    }
    # The Kasubbag KUL reads; a non-lead recipient's tindak lanjut does not finish the letter.
    with demo_store.write() as s:
        assert dp.mark_read(
            s, actor=who["kasubbag.kul"], penerima_id=kul_row, now=at(2026, 11, 23, 14)
        )
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        dp.complete(s, actor=who["staf"], penerima_id=kul_row, tindak_lanjut="Bukan saya")
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        dp.complete(s, actor=who["kasubbag.kul"], penerima_id=staf_row, tindak_lanjut="Saya")
    # The lead at the end of the lead chain finishes it.
    with demo_store.write() as s:
        status = dp.complete(
            s,
            actor=who["staf"],
            penerima_id=staf_row,
            tindak_lanjut="Jawaban disiapkan, surat 010/PL.01/2026",
            now=at(2026, 11, 24, 10),
        )
    assert status == SuratStatus.SELESAI
    with demo_store.read() as s:
        detail = sm.get_detail(s, surat.id)
    assert detail.row.status == SuratStatus.SELESAI and detail.row.tenggat is None
    assert detail.tindak_lanjut == "Jawaban disiapkan, surat 010/PL.01/2026"
    assert detail.selesai_at == at(2026, 11, 24, 10)
    assert steps_done(demo_store, surat.run_id)[-1] == (
        6,
        "Dewi Kartika Sari: Jawaban disiapkan, surat 010/PL.01/2026",
    )
    run = run_of(demo_store, surat.run_id)
    assert run.status == RunStatus.SELESAI and run.selesai_at == at(2026, 11, 24, 10)
    # The non-lead recording later does not rewrite the letter's tindak lanjut.
    with demo_store.write() as s:
        assert (
            dp.complete(
                s,
                actor=who["kasubbag.kul"],
                penerima_id=kul_row,
                tindak_lanjut="Anggaran tersedia",
                now=at(2026, 11, 25, 9),
            )
            == SuratStatus.SELESAI
        )
        with pytest.raises(ServiceError, match="sudah selesai"):
            dp.complete(s, actor=who["kasubbag.kul"], penerima_id=kul_row, tindak_lanjut="Lagi")
    with demo_store.read() as s:
        detail = sm.get_detail(s, surat.id)
    assert detail.tindak_lanjut.startswith("Jawaban disiapkan")
    assert detail.selesai_at == at(2026, 11, 24, 10)
    # A finished letter takes no new disposisi.
    with pytest.raises(ServiceError, match="sudah selesai"):
        give(
            demo_store,
            who["petugas"],
            surat.id,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "KASUBBAG_RDI"),
            now=at(2026, 11, 25, 10),
        )
    with demo_store.read() as s:
        actions = [
            e.action for e in journal.list_events(s, journal.JournalFilter(record_type="disposisi"))
        ]
        assert actions == [
            "tindak_lanjut",
            "tindak_lanjut",
            "dibaca",
            "teruskan",
            "teruskan",
            "disposisi",
        ]
        assert journal.verify(s).ok


def test_a_non_lead_completing_first_leaves_the_letter_open(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS", "KASUBBAG_PHS"),
    )
    sek, phs = (p.id for p in hop.penerima)
    with demo_store.write() as s:
        assert (
            dp.complete(
                s,
                actor=actor_of(demo_store, "kasubbag.phs"),
                penerima_id=phs,
                tindak_lanjut="Diketahui",
                now=NOW + timedelta(hours=2),
            )
            == SuratStatus.PROSES
        )
    assert run_of(demo_store, surat.run_id).langkah_kini == 6  # step 5: delivered
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        dp.complete(s, actor=who["sekretaris"], penerima_id=sek, tindak_lanjut="  ")
    assert "wajib" in info.value.errors["tindak_lanjut"]
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        dp.complete(s, actor=who["sekretaris"], penerima_id=sek, tindak_lanjut="x\x00")
    assert "kendali" in info.value.errors["tindak_lanjut"]
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        dp.complete(s, actor=who["sekretaris"], penerima_id=sek, tindak_lanjut="t" * 2001)
    assert "2000" in info.value.errors["tindak_lanjut"]
    with pytest.raises(NotFound), demo_store.write() as s:
        dp.complete(s, actor=who["sekretaris"], penerima_id=9999, tindak_lanjut="x")
    # A petugas records the lead's tindak lanjut for him.
    with demo_store.write() as s:
        assert (
            dp.complete(
                s,
                actor=who["petugas"],
                penerima_id=sek,
                tindak_lanjut="Sudah dijawab lisan",
                now=NOW + timedelta(hours=3),
            )
            == SuratStatus.SELESAI
        )
    with demo_store.read() as s:
        (top,) = dp.tree(s, surat.id)
    assert top.penerima[0].oleh_nama == "Sekar Ayu Lestari"


def test_every_onward_hop_of_the_lead_must_finish(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
    )
    sek = hop.penerima[0].id
    a = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        induk=sek,
        penerima=to(ids, "KASUBBAG_KUL"),
        now=NOW + timedelta(hours=2),
    )
    b = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        induk=sek,
        penerima=to(ids, "KASUBBAG_TPPH"),
        now=NOW + timedelta(hours=3),
    )
    with demo_store.write() as s:
        assert (
            dp.complete(
                s,
                actor=who["kasubbag.kul"],
                penerima_id=a.penerima[0].id,
                tindak_lanjut="Anggaran disiapkan",
                now=NOW + timedelta(hours=4),
            )
            == SuratStatus.PROSES
        )
        assert (
            dp.complete(
                s,
                actor=who["kasubbag.tpph"],
                penerima_id=b.penerima[0].id,
                tindak_lanjut="Jadwal disusun",
                now=NOW + timedelta(hours=5),
            )
            == SuratStatus.SELESAI
        )


def test_a_unit_recipient_is_acted_on_by_its_members(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["SEKRETARIS"],
        penerima=to(ids, "unit:SUBBAG_TPPH"),
    )
    unit_row = hop.penerima[0].id
    assert hop.penerima[0].nama == "Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum"
    with demo_store.read() as s:
        from kpu_tui.models import DisposisiPenerima

        record = s.get_one(DisposisiPenerima, unit_row)
        assert dp.is_recipient(s, who["staf"], record)
        assert dp.is_recipient(s, who["kasubbag.tpph"], record)
        assert not dp.is_recipient(s, who["upg"], record)  # Sub Bagian KUL
        assert not dp.is_recipient(s, who["petugas"], record)
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        dp.mark_read(s, actor=who["upg"], penerima_id=unit_row)
    # A unit does not pass the letter on to itself.
    with pytest.raises(ValidationError, match="pemberinya sendiri"):
        give(
            demo_store,
            who["staf"],
            surat.id,
            induk=unit_row,
            penerima=to(ids, "unit:SUBBAG_TPPH"),
            now=NOW + timedelta(hours=2),
        )
    with demo_store.write() as s:
        assert dp.mark_read(
            s, actor=who["staf"], penerima_id=unit_row, now=NOW + timedelta(hours=2)
        )
        assert (
            dp.complete(
                s,
                actor=who["staf"],
                penerima_id=unit_row,
                tindak_lanjut="Sudah dijadwalkan",
                now=NOW + timedelta(hours=3),
            )
            == SuratStatus.SELESAI
        )
    with demo_store.read() as s:
        (top,) = dp.tree(s, surat.id)
    assert top.penerima[0].oleh_nama == "Dewi Kartika Sari"


def test_mark_read(demo_store: Store, who: dict[str, Actor], ids: dict[str, int]) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS", "KASUBBAG_KUL"),
    )
    sek, kul = (p.id for p in hop.penerima)
    with pytest.raises(PermissionDenied, match="Hanya Sekretaris"), demo_store.write() as s:
        dp.mark_read(s, actor=who["staf"], penerima_id=sek)
    with demo_store.write() as s:
        assert (
            dp.mark_read(s, actor=who["sekretaris"], penerima_id=sek, now=NOW + timedelta(hours=2))
            is True
        )
        assert dp.mark_read(s, actor=who["sekretaris"], penerima_id=sek) is False
        assert (
            dp.mark_read(s, actor=who["petugas"], penerima_id=kul, now=NOW + timedelta(hours=3))
            is True
        )  # recorded on his behalf
    with demo_store.read() as s:
        (top,) = dp.tree(s, surat.id)
        event = journal.list_events(s, journal.JournalFilter(record_type="disposisi"))[0]
    first, second = top.penerima
    assert first.status == PenerimaStatus.DIBACA and first.dibaca_at == NOW + timedelta(hours=2)
    assert first.oleh_nama == "Drs. Bambang Sutrisno, M.Si." and top.dibaca
    assert second.oleh_nama == "Sekar Ayu Lestari"
    assert event.action == "dibaca" and "Kepala Sub Bagian Keuangan" in (event.after or "")
    # Only the first reading completes step 5.
    assert [n for n, _ in steps_done(demo_store, surat.run_id)] == [1, 2, 3, 4, 5]
    assert steps_done(demo_store, surat.run_id)[-1] == (5, f"Diterima {SEKRETARIS}.")


def test_find_penerima(demo_store: Store, who: dict[str, Actor], ids: dict[str, int]) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS", "KASUBBAG_KUL"),
        utama=1,
    )
    with demo_store.read() as s:
        found_hop, found = dp.find_penerima(s, hop.penerima[1].id)
        assert found_hop.id == hop.id and found.nama.startswith("Kepala Sub Bagian Keuangan")
        assert found.utama and found_hop.surat_id == surat.id
        with pytest.raises(NotFound):
            dp.find_penerima(s, 999_999)


def test_cancelling_the_letter_closes_its_open_disposisi(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS", "KASUBBAG_KUL"),
    )
    with demo_store.write() as s:
        dp.complete(
            s,
            actor=who["kasubbag.kul"],
            penerima_id=hop.penerima[1].id,
            tindak_lanjut="Dicatat.",
            now=NOW + timedelta(hours=2),
        )
        sm.cancel(s, actor=who["petugas"], surat_id=surat.id, alasan="Salah alamat")
    with demo_store.read() as s:
        (top,) = dp.tree(s, surat.id)
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))[0]
    sek, kul = top.penerima
    assert sek.status == PenerimaStatus.BATAL  # nobody waits on a cancelled letter
    assert kul.status == PenerimaStatus.SELESAI  # what was done stays recorded
    assert event.action == "batal" and SEKRETARIS in (event.after or "")


# -- cancelling, filing, handing over ----------------------------------------------------------


def test_cancel_a_hop_nobody_has_read(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    hop = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
    )
    with demo_store.write() as s, pytest.raises(PermissionDenied):
        dp.cancel(s, actor=who["kasubbag.kul"], disposisi_id=hop.id, alasan="Bukan saya")
    with demo_store.write() as s, pytest.raises(ValidationError):
        dp.cancel(s, actor=who["petugas"], disposisi_id=hop.id, alasan=" ")
    with demo_store.write() as s:
        cancelled = dp.cancel(
            s,
            actor=who["petugas"],
            disposisi_id=hop.id,
            alasan="Salah tujuan",
            now=NOW + timedelta(hours=2),
        )
    assert cancelled.status == HopStatus.BATAL and cancelled.alasan_batal == "Salah tujuan"
    assert [p.status for p in cancelled.penerima] == [PenerimaStatus.BATAL]
    back = row(demo_store, surat.id)
    assert back.status == SuratStatus.BELUM_DISPOSISI and back.tenggat is None
    with demo_store.read() as s:
        notes = [
            e.catatan
            for e in procedure.timeline(s, surat.run_id or 0)
            if e.kind == StepEventKind.CATATAN
        ]
        assert notes == [f"Disposisi {KETUA} dibatalkan: Salah tujuan"]
        with pytest.raises(ServiceError, match="sudah dibatalkan"):
            dp.cancel(s, actor=who["petugas"], disposisi_id=hop.id, alasan="Lagi")
        with pytest.raises(NotFound):
            dp.cancel(s, actor=who["petugas"], disposisi_id=9999, alasan="Lagi")
    # The Ketua's own disposisi, passed on by the Sekretaris: withdrawing the onward hop gives
    # the letter back to the Sekretaris (read), not to the petugas.
    again = give(
        demo_store,
        who["ketua"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        now=NOW + timedelta(hours=3),
    )
    sek = again.penerima[0].id
    onward = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        induk=sek,
        penerima=to(ids, "KASUBBAG_KUL"),
        now=NOW + timedelta(hours=4),
    )
    with demo_store.write() as s:
        dp.cancel(s, actor=who["sekretaris"], disposisi_id=onward.id, alasan="Salah subbagian")
    with demo_store.read() as s:
        (_, top) = dp.tree(s, surat.id)
    assert top.penerima[0].status == PenerimaStatus.DIBACA
    assert row(demo_store, surat.id).status == SuratStatus.PROSES
    # The Ketua may withdraw her own hop, but not once it has been read.
    with demo_store.write() as s, pytest.raises(ServiceError, match="sudah dibaca oleh"):
        dp.cancel(s, actor=who["ketua"], disposisi_id=again.id, alasan="Ditarik")
    with demo_store.read() as s:
        assert [
            e.action for e in journal.list_events(s, journal.JournalFilter(record_type="disposisi"))
        ][:1] == ["batal"]
        assert journal.verify(s).ok


def test_file_without_disposisi(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"])
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        dp.file_without(s, actor=who["staf"], surat_id=surat.id, alasan="Tembusan")
    with pytest.raises(ValidationError), demo_store.write() as s:
        dp.file_without(s, actor=who["petugas"], surat_id=surat.id, alasan="a\x00")
    with demo_store.write() as s:
        dp.file_without(
            s,
            actor=who["petugas"],
            surat_id=surat.id,
            alasan="Tembusan, cukup diarsipkan",
            now=NOW + timedelta(hours=1),
        )
    with demo_store.read() as s:
        detail = sm.get_detail(s, surat.id)
        event = journal.list_events(s, journal.JournalFilter(record_type="surat_masuk"))[0]
    assert detail.row.status == SuratStatus.DIARSIPKAN
    assert detail.alasan_arsip == "Tembusan, cukup diarsipkan"
    assert detail.selesai_at == NOW + timedelta(hours=1)
    assert event.action == "arsip_tanpa_disposisi"
    run = run_of(demo_store, surat.run_id)
    assert run.status == RunStatus.BATAL
    assert run.alasan_batal == "Tidak perlu disposisi: Tembusan, cukup diarsipkan"
    with pytest.raises(ServiceError, match="sudah diarsipkan"):
        give(
            demo_store,
            who["petugas"],
            surat.id,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "SEKRETARIS"),
        )
    with pytest.raises(ServiceError, match="hanya surat"), demo_store.write() as s:
        dp.file_without(s, actor=who["petugas"], surat_id=surat.id, alasan="Lagi")
    # A disposed letter cannot be filed without one; the Ketua may file a letter herself.
    other = register(demo_store, who["petugas"], nomor_surat="-")
    give(
        demo_store,
        who["petugas"],
        other.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
    )
    with pytest.raises(ServiceError), demo_store.write() as s:
        dp.file_without(s, actor=who["petugas"], surat_id=other.id, alasan="Arsip")
    third = register(demo_store, who["petugas"], nomor_surat="--")
    with demo_store.write() as s:
        dp.file_without(s, actor=who["ketua"], surat_id=third.id, alasan="Untuk diketahui")
    # A cancelled letter takes no disposisi, reading or tindak lanjut any more.
    fourth = register(demo_store, who["petugas"], nomor_surat="---")
    hop = give(
        demo_store,
        who["petugas"],
        fourth.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
    )
    with demo_store.write() as s:
        sm.cancel(s, actor=who["petugas"], surat_id=fourth.id, alasan="Ganda")
    with pytest.raises(ServiceError, match="sudah batal"):
        give(
            demo_store,
            who["petugas"],
            fourth.id,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "KASUBBAG_KUL"),
        )
    with demo_store.write() as s:
        with pytest.raises(ServiceError, match="sudah batal"):
            dp.mark_read(s, actor=who["sekretaris"], penerima_id=hop.penerima[0].id)
        with pytest.raises(ServiceError, match="sudah batal"):
            dp.complete(
                s, actor=who["sekretaris"], penerima_id=hop.penerima[0].id, tindak_lanjut="Selesai"
            )


def test_hand_over_records_steps_3_and_5(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"], tujuan_jabatan_id=ids["SEKRETARIS"])
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        dp.hand_over(s, actor=who["sekretaris"], surat_id=surat.id)
    with demo_store.write() as s:
        said = dp.hand_over(
            s, actor=who["petugas"], surat_id=surat.id, now=NOW + timedelta(minutes=10)
        )
    assert said == f"Surat diserahkan kepada {SEKRETARIS}."
    assert run_of(demo_store, surat.run_id).langkah_kini == 4
    give(
        demo_store,
        who["sekretaris"],
        surat.id,
        dari_jabatan_id=ids["SEKRETARIS"],
        penerima=to(ids, "KASUBBAG_KUL"),
        now=NOW + timedelta(minutes=40),
    )
    assert run_of(demo_store, surat.run_id).langkah_kini == 5
    with demo_store.write() as s:
        said = dp.hand_over(
            s, actor=who["petugas"], surat_id=surat.id, now=NOW + timedelta(minutes=45)
        )
        with pytest.raises(ServiceError, match="Tidak ada penyerahan"):
            dp.hand_over(s, actor=who["petugas"], surat_id=surat.id)
    assert said == "Surat diserahkan kepada pejabat sesuai disposisi."
    assert steps_done(demo_store, surat.run_id)[2:] == [
        (3, f"Diserahkan kepada {SEKRETARIS}."),
        (4, f"Disposisi {SEKRETARIS} kepada Kepala Sub Bagian Keuangan, Umum dan Logistik."),
        (5, "Diserahkan kepada pejabat sesuai disposisi."),
    ]
    # Reading afterwards does not record step 5 again.
    with demo_store.read() as s:
        (hop,) = dp.tree(s, surat.id)
    with demo_store.write() as s:
        dp.mark_read(s, actor=who["kasubbag.kul"], penerima_id=hop.penerima[0].id)
    assert [n for n, _ in steps_done(demo_store, surat.run_id)] == [1, 2, 3, 4, 5]


# -- tenggat -----------------------------------------------------------------------------------


def test_tenggat_is_the_earliest_open_batas_waktu(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    surat = register(demo_store, who["petugas"], derajat="biasa")
    calm = register(demo_store, who["petugas"], nomor_surat="-", derajat="biasa")
    give(
        demo_store,
        who["petugas"],
        calm.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "KASUBBAG_RDI"),
    )  # batas 30 November
    late = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["KETUA"],
        penerima=to(ids, "SEKRETARIS"),
        batas_waktu="27/11/2026",
    )
    soon = give(
        demo_store,
        who["petugas"],
        surat.id,
        dari_jabatan_id=ids["SEKRETARIS"],
        penerima=to(ids, "KASUBBAG_KUL", "KASUBBAG_TPPH"),
        batas_waktu="24/11/2026",
    )
    assert row(demo_store, surat.id).tenggat == date(2026, 11, 24)

    def overdue(day: date) -> set[int]:
        flt = sm.SuratFilter(terlambat_per=day)
        with demo_store.read() as s:
            found = {r.id for r in sm.list_surat(s, flt)}
            assert sm.count_surat(s, flt) == len(found)
            assert found == {r.id for r in sm.list_surat(s) if r.terlambat(day)}
        return found

    assert overdue(date(2026, 11, 24)) == set()
    assert overdue(date(2026, 11, 25)) == {surat.id}
    assert overdue(date(2026, 12, 1)) == {surat.id, calm.id}
    # The non-lead's tindak lanjut leaves the lead open: still 24 November.
    with demo_store.write() as s:
        dp.complete(
            s,
            actor=who["kasubbag.tpph"],
            penerima_id=soon.penerima[1].id,
            tindak_lanjut="Diketahui",
        )
    assert row(demo_store, surat.id).tenggat == date(2026, 11, 24)
    with demo_store.write() as s:
        dp.complete(
            s, actor=who["kasubbag.kul"], penerima_id=soon.penerima[0].id, tindak_lanjut="Selesai"
        )
    assert row(demo_store, surat.id).tenggat == date(2026, 11, 27)
    assert overdue(date(2026, 11, 25)) == set()
    # Passing on never moves the deadline later than the one received.
    onward = give(
        demo_store,
        who["sekretaris"],
        surat.id,
        induk=late.penerima[0].id,
        penerima=to(ids, "KASUBBAG_PHS"),
        now=at(2026, 11, 25, 9),
    )
    assert onward.batas_waktu == date(2026, 11, 27)  # biasa would give 2 December
    assert row(demo_store, surat.id).tenggat == date(2026, 11, 27)


# -- pickers -----------------------------------------------------------------------------------


def test_pickers(demo_store: Store, ids: dict[str, int]) -> None:
    with demo_store.read() as s:
        givers = [p.nama for p in dp.givers(s)]
        everyone = dp.recipients(s)
    assert givers[0] == KETUA and givers[-1] == SEKRETARIS and len(givers) == 6
    names = [p.nama for p in everyone]
    assert names[0] == KETUA and "Sub Bagian Keuangan, Umum dan Logistik" in names
    staf = next(p for p in everyone if p.tujuan == dp.Tujuan(user_id=ids["user:staf"]))
    assert staf.keterangan == (
        "Penata Kelola Pemilu · Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum"
    )
    # Holders of a position are offered through their position, not twice.
    assert dp.Tujuan(user_id=ids["user:ketua"]) not in [p.tujuan for p in everyone]


# -- the home screen ---------------------------------------------------------------------------


def test_home_counts_of_the_surat_masuk(
    demo_store: Store, who: dict[str, Actor], ids: dict[str, int]
) -> None:
    from kpu_tui.services import overview

    petugas = who["petugas"]
    last_year = register(
        demo_store,
        petugas,
        nomor_surat="1/2025",
        tanggal_terima="30/12/2025",
        tanggal_surat="",
        now=at(2025, 12, 30),
    )
    register(demo_store, petugas, nomor_surat="1/X")  # belum disposisi
    late = register(demo_store, petugas, nomor_surat="2/X", derajat="sangat segera")
    open_ = register(demo_store, petugas, nomor_surat="3/X", derajat="biasa")
    done = register(demo_store, petugas, nomor_surat="4/X")
    filed = register(demo_store, petugas, nomor_surat="5/X")
    gone = register(demo_store, petugas, nomor_surat="6/X")
    for surat in (late, open_, done):
        give(
            demo_store,
            petugas,
            surat.id,
            dari_jabatan_id=ids["KETUA"],
            penerima=to(ids, "SEKRETARIS"),
        )
    with demo_store.read() as s:
        (hop,) = dp.tree(s, done.id)
    with demo_store.write() as s:
        dp.complete(
            s,
            actor=who["sekretaris"],
            penerima_id=hop.penerima[0].id,
            tindak_lanjut="Selesai",
            now=at(2026, 11, 25, 10),
        )
        dp.file_without(s, actor=petugas, surat_id=filed.id, alasan="Tembusan")
        sm.cancel(s, actor=petugas, surat_id=gone.id, alasan="Ganda")
        # A letter of last year finished in October does not count as "selesai this month".
        dp.give(
            s,
            actor=petugas,
            surat_id=last_year.id,
            now=at(2026, 10, 1),
            form=dp.DisposisiForm(
                dari_jabatan_id=ids["KETUA"],
                penerima=to(ids, "KASUBBAG_KUL"),
                instruksi=("arsipkan",),
            ),
        )
        (old,) = dp.tree(s, last_year.id)
        dp.complete(
            s,
            actor=petugas,
            penerima_id=old.penerima[0].id,
            tindak_lanjut="Diarsip",
            now=at(2026, 10, 2),
        )

    def counts(now: datetime) -> dict[str, tuple[int | str, str]]:
        with demo_store.read() as s:
            section = overview.surat_masuk(s, now.astimezone(ZoneInfo("Asia/Makassar")))
            assert section.title == "Surat masuk"
            assert section in overview.home_sections(s, now.astimezone(ZoneInfo("Asia/Makassar")))
        assert all(c.area == overview.AREA_SURAT_MASUK for c in section.counters)
        return {c.label: (c.value, c.hint) for c in section.counters}

    # 26 November: the sangat segera letter (batas 24 November) is late, the biasa one not.
    assert counts(at(2026, 11, 26, 8)) == {
        "Tercatat tahun 2026": (5, "1 batal"),
        "Dalam proses": (2, ""),
        "Terlambat": (1, "lewat batas waktu disposisi"),
        "Selesai bulan November": (1, ""),
    }
    # On 1 December the biasa one is late too (batas 30 November), and November's is not counted.
    later = counts(at(2026, 12, 1, 8))
    assert later["Terlambat"][0] == 2 and later["Selesai bulan Desember"] == (0, "")
    # Selesai is by the office's month: 1 December 00.30 WITA is still 30 November in UTC.
    with demo_store.write() as s:
        (hop,) = dp.tree(s, open_.id)
        dp.complete(
            s,
            actor=who["sekretaris"],
            penerima_id=hop.penerima[0].id,
            tindak_lanjut="Selesai",
            now=at(2026, 12, 1, 0, 30),
        )
    assert counts(at(2026, 12, 1, 8))["Selesai bulan Desember"] == (1, "")
