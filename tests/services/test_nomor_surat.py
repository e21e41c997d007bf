"""Nomor surat keluar through the services: the number taken at signature, gap-free and unique
with several writer processes, the series restarting at midnight office time (WIB, WITA, WIT),
back-dated sisipan and who may give one, reserving, returning and voiding numbers, the gap
report, the series settings, the preview, and the journal of every write."""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    KeluarStatus,
    KeluarSumber,
    NomorStatus,
    NomorSurat,
    NumberSeries,
    SuratKeluar,
    ZonaWaktu,
)
from kpu_tui.services import journal, numbering, office
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import demo_setup_form
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarRow, KonsepForm, NomorView, TujuanForm
from kpu_tui.store import Store

from ..keluar_helpers import NOW, actor_of, at, jabatan_ids, konsep, signed

WORKERS = 4
SIGNED_EACH = 10
RESERVED_EACH = 2


# -- helpers ---------------------------------------------------------------------------------


def ready(store: Store, *, now: datetime = NOW, **changes: Any) -> KeluarRow:
    """A konsep without a paraf chain, sent on: it waits for its signature."""
    staf = actor_of(store, "staf")
    with store.write() as s:
        row = sk.create(s, actor=staf, form=konsep(store, paraf=(), **changes), now=now)
        return sk.submit(s, actor=staf, surat_id=row.id, now=now)


def sign(
    store: Store,
    surat_id: int,
    actor: Actor,
    *,
    now: datetime = NOW,
    tanggal: str = "",
    sisipan: bool = False,
) -> KeluarRow:
    with store.write() as s:
        return sk.sign(s, actor=actor, surat_id=surat_id, tanggal=tanggal, sisipan=sisipan, now=now)


def reserve(store: Store, actor: Actor, *, now: datetime = NOW, **changes: Any) -> NomorView:
    fields: dict[str, Any] = {
        "jenis_naskah": "Und",
        "klasifikasi": "HM.01",
        "keperluan": "Undangan rapat pleno terbuka",
        "untuk_nama": "Andi Firmansyah, S.H.",
    } | changes
    with store.write() as s:
        return ns.reserve(s, actor=actor, now=now, **fields)


def ledger(store: Store, tahun: int = 2026) -> list[NomorView]:
    with store.read() as s:
        return ns.list_nomor(s, ns.NomorFilter(tahun=tahun))


def last(store: Store, tahun: int = 2026, seri: str = "korespondensi") -> int:
    with store.read() as s:
        return numbering.last_number(s, seri=ns.SERI_PREFIX + seri, tahun=tahun)


def actions(store: Store, record_type: str) -> list[str]:
    """The journal's actions on ``record_type``, oldest first."""
    with store.read() as s:
        events = journal.list_events(s, journal.JournalFilter(record_type=record_type))
    return [e.action for e in reversed(events)]


def journal_ok(store: Store) -> None:
    with store.read() as s:
        assert journal.verify(s).ok


@pytest.fixture
def who(demo_store: Store) -> dict[str, Actor]:
    names = ("petugas", "staf", "kasubbag.tpph", "kasubbag.kul", "sekretaris", "ketua", "admin")
    return {name: actor_of(demo_store, name) for name in names}


# -- at signature, not at draft --------------------------------------------------------------


def test_the_number_is_taken_at_signature_not_at_draft(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    staf, kasubbag = who["staf"], who["kasubbag.tpph"]
    with demo_store.write() as s:
        row = sk.create(s, actor=staf, form=konsep(demo_store), now=NOW)
    assert (row.nomor_surat, row.nomor_urut, row.tahun, row.tanggal_surat) == ("", None, None, None)
    with demo_store.write() as s:
        sk.submit(s, actor=staf, surat_id=row.id, now=NOW)
    with demo_store.write() as s:
        sk.paraf(s, actor=kasubbag, surat_id=row.id, now=NOW)
    with demo_store.read() as s:
        waiting = skr.get_row(s, row.id)
        assert waiting.status == KeluarStatus.TANDA_TANGAN and waiting.nomor_surat == ""
        assert s.exec(select(NomorSurat)).all() == []
        assert not s.exec(
            select(NumberSeries).where(col(NumberSeries.seri).startswith(ns.SERI_PREFIX))
        ).all()
    assert last(demo_store) == 0
    done = sign(demo_store, row.id, who["sekretaris"])  # the signer himself
    assert done.status == KeluarStatus.TERBIT
    assert done.nomor_surat == "1/PL.01.1-SD/6474/2026"
    assert (done.nomor_urut, done.tahun, done.tanggal_surat) == (1, 2026, date(2026, 11, 23))
    assert last(demo_store) == 1
    (number,) = ledger(demo_store)
    assert (number.seri, number.urut, number.sisipan, number.status) == (
        "korespondensi",
        1,
        "",
        NomorStatus.TERPAKAI,
    )
    assert number.surat_keluar_id == row.id and number.nomor_teks == done.nomor_surat
    assert number.perihal == done.perihal and number.tanggal == date(2026, 11, 23)
    with demo_store.read() as s:
        detail = skr.get_detail(s, row.id)
    assert [n.nomor_teks for n in detail.nomor] == ["1/PL.01.1-SD/6474/2026"]
    assert actions(demo_store, "nomor_surat") == ["ambil"]
    journal_ok(demo_store)


def test_a_failed_signature_takes_no_number(demo_store: Store, who: dict[str, Actor]) -> None:
    row = ready(demo_store)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sk.sign(s, actor=who["petugas"], surat_id=row.id, tanggal="24/11/2026", now=NOW)
    assert "tanggal" in info.value.errors  # tomorrow
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sk.sign(s, actor=who["ketua"], surat_id=row.id, now=NOW)  # the Sekretaris signs
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sk.sign(s, actor=who["staf"], surat_id=row.id, now=NOW)
    assert last(demo_store) == 0 and ledger(demo_store) == []
    assert sign(demo_store, row.id, who["petugas"]).nomor_urut == 1


def test_preview_is_the_number_the_signature_gives(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    first, second = ready(demo_store), ready(demo_store, klasifikasi="KU.01", jenis_naskah="ND")
    with demo_store.read() as s:
        assert sk.preview_number(s, surat_id=first.id, now=NOW) == "1/PL.01.1-SD/6474/2026"
        assert sk.preview_number(s, surat_id=second.id, now=NOW) == "1/KU.01-ND/6474/2026"
        with pytest.raises(ValidationError):
            sk.preview_number(s, surat_id=first.id, tanggal="31/11/2026", now=NOW)
    assert sign(demo_store, first.id, petugas).nomor_surat == "1/PL.01.1-SD/6474/2026"
    reserve(demo_store, petugas)  # takes 2
    with demo_store.read() as s:
        preview = sk.preview_number(s, surat_id=second.id, now=NOW)
        # A preview writes nothing.
        assert ns.count_nomor(s) == 2
    assert preview == "3/KU.01-ND/6474/2026"
    assert sign(demo_store, second.id, petugas).nomor_surat == preview
    # A preview in an empty year starts at 1.
    third = ready(demo_store)
    with demo_store.read() as s:
        assert (
            sk.preview_number(s, surat_id=third.id, tanggal="5/1/2027", now=at(2027, 1, 5))
            == "1/PL.01.1-SD/6474/2027"
        )


def test_keputusan_and_berita_acara_have_their_own_series(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    with demo_store.read() as s:
        series = {v.kode: v for v in ns.list_series(s)}
    assert list(series) == ["korespondensi", "keputusan", "berita_acara"]
    assert series["korespondensi"].bawaan and series["korespondensi"].jenis == ()
    assert series["keputusan"].jenis == ("KEPUTUSAN",) and not series["keputusan"].bawaan
    assert series["berita_acara"].jenis == ("BA",)
    assert series["keputusan"].format == "Nomor {urut} Tahun {tahun}"
    sd = sign(demo_store, ready(demo_store).id, petugas)
    kep_konsep = ready(demo_store, jenis_naskah="KEPUTUSAN", perihal="Penetapan DPT")
    assert kep_konsep.klasifikasi is None  # a Keputusan carries no kode klasifikasi
    kep = sign(demo_store, kep_konsep.id, petugas)
    ba = sign(demo_store, ready(demo_store, jenis_naskah="BA").id, petugas)
    nd = sign(demo_store, ready(demo_store, jenis_naskah="Nota Dinas").id, petugas)
    kep2 = sign(demo_store, ready(demo_store, jenis_naskah="Keputusan").id, petugas)
    assert [r.nomor_surat for r in (sd, kep, ba, nd, kep2)] == [
        "1/PL.01.1-SD/6474/2026",
        "Nomor 1 Tahun 2026",
        "1/PL.01.1-BA/6474/2026",
        "2/PL.01.1-ND/6474/2026",
        "Nomor 2 Tahun 2026",
    ]
    assert (last(demo_store), last(demo_store, seri="keputusan")) == (2, 2)
    assert last(demo_store, seri="berita_acara") == 1
    with demo_store.read() as s:
        only_kep = ns.list_nomor(s, ns.NomorFilter(tahun=2026, seri="keputusan"))
        assert [n.nomor_teks for n in only_kep] == ["Nomor 1 Tahun 2026", "Nomor 2 Tahun 2026"]
        assert ns.count_nomor(s, ns.NomorFilter(seri="berita_acara")) == 1
        assert ns.years(s) == [2026]
        assert ns.gaps(s, tahun=2026) == []


# -- many writers ----------------------------------------------------------------------------


def _sign_and_reserve(
    url: str,
    worker: int,
    surat_ids: list[int],
    actor: Actor,
    start: Any,
    results: Any,
) -> None:  # pragma: no cover - runs in a child process
    """Sign the given letters and reserve numbers in between, one transaction each."""
    try:
        store = Store(url)
        taken: list[tuple[str, int, str]] = []
        start.wait(timeout=60)
        began = time.time()
        for index, surat_id in enumerate(surat_ids):
            with store.write() as s:
                row = sk.sign(s, actor=actor, surat_id=surat_id, now=NOW)
            assert row.nomor_urut is not None
            taken.append(("surat", row.nomor_urut, row.nomor_surat))
            if index % (SIGNED_EACH // RESERVED_EACH) == 0:
                with store.write() as s:
                    view = ns.reserve(
                        s,
                        actor=actor,
                        jenis_naskah="Und",
                        klasifikasi="HM.01",
                        keperluan=f"Undangan {index} dari proses {worker}",
                        untuk_nama=f"Pemesan {worker}",
                        now=NOW,
                    )
                taken.append(("pesan", view.urut, view.nomor_teks))
        store.dispose()
        results.put((worker, taken, "", began, time.time()))
    except BaseException:
        results.put((worker, [], traceback.format_exc(), 0.0, 0.0))


def test_parallel_writers_take_every_number_once(demo_store: Store, who: dict[str, Actor]) -> None:
    staf = who["staf"]
    form = konsep(demo_store, paraf=())
    ids: list[int] = []
    with demo_store.write() as s:  # the letters wait for their signature
        for index in range(WORKERS * SIGNED_EACH):
            row = sk.create(s, actor=staf, form=replace(form, perihal=f"Surat {index}"), now=NOW)
            sk.submit(s, actor=staf, surat_id=row.id, now=NOW)
            ids.append(row.id)
    path = demo_store.sqlite_path
    assert path is not None
    demo_store.dispose()
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=_sign_and_reserve,
            args=(
                sqlite_url(path),
                worker,
                ids[worker * SIGNED_EACH : (worker + 1) * SIGNED_EACH],
                who["petugas"],
                start,
                results,
            ),
        )
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    taken: dict[int, list[tuple[str, int, str]]] = {}
    spans: list[tuple[float, float]] = []
    try:
        for _ in processes:
            try:
                worker, numbers, error, began, ended = results.get(timeout=120)
            except queue.Empty:  # pragma: no cover - a hung worker
                pytest.fail("a worker did not finish in time")
            assert error == "", error
            taken[worker] = numbers
            spans.append((began, ended))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():  # pragma: no cover
                process.kill()
    assert all(process.exitcode == 0 for process in processes)
    total = WORKERS * (SIGNED_EACH + RESERVED_EACH)
    everything = [urut for numbers in taken.values() for _, urut, _ in numbers]
    assert sorted(everything) == list(range(1, total + 1))  # no gap, no duplicate
    texts = [teks for numbers in taken.values() for _, _, teks in numbers]
    assert len(set(texts)) == total
    for numbers in taken.values():  # each worker saw its own numbers rising
        own = [urut for _, urut, _ in numbers]
        assert own == sorted(own) and len(own) == SIGNED_EACH + RESERVED_EACH
    # The writers ran at the same time: every one started before any finished.
    assert max(began for began, _ in spans) < min(ended for _, ended in spans)
    store = Store(sqlite_url(path))
    with store.read() as s:
        rows = ns.list_nomor(s, ns.NomorFilter(tahun=2026), limit=1000)
        assert [r.urut for r in rows] == list(range(1, total + 1))
        assert all(r.sisipan == "" for r in rows)
        assert len(rows) == numbering.last_number(s, seri="keluar:korespondensi", tahun=2026)
        assert sum(r.status == NomorStatus.TERPAKAI for r in rows) == WORKERS * SIGNED_EACH
        assert sum(r.status == NomorStatus.DIPESAN for r in rows) == WORKERS * RESERVED_EACH
        letters = s.exec(select(SuratKeluar).where(col(SuratKeluar.id).in_(ids))).all()
        assert all(r.status == KeluarStatus.TERBIT for r in letters)
        assert sorted(r.nomor_urut or 0 for r in letters) == sorted(
            r.urut for r in rows if r.status == NomorStatus.TERPAKAI
        )
        for letter in letters:  # each letter points at its own ledger row, and back
            number = s.get(NomorSurat, letter.nomor_id)
            assert number is not None and number.surat_keluar_id == letter.id
            assert number.nomor_teks == letter.nomor_surat
        gaps = ns.gaps(s, tahun=2026)
        assert {g.keadaan for g in gaps} == {"dipesan"}
        assert len(gaps) == WORKERS * RESERVED_EACH
        result = journal.verify(s)
        assert result.ok
    store.dispose()


# -- the year boundary -----------------------------------------------------------------------


@pytest.mark.parametrize("zona", [ZonaWaktu.WIB, ZonaWaktu.WITA, ZonaWaktu.WIT], ids=str)
def test_the_series_restarts_at_midnight_office_time(
    demo_store: Store, who: dict[str, Actor], admin: Actor, zona: ZonaWaktu
) -> None:
    with demo_store.write() as s:
        office.update_office(
            s, actor=admin, form=replace(demo_setup_form(), zona_waktu=zona, admin=None)
        )
    tz = ZoneInfo(zona.iana)

    def local(y: int, m: int, d: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
        return datetime(y, m, d, hour, minute, sec, tzinfo=tz).astimezone(UTC)

    petugas = who["petugas"]
    early, before, after, late = (ready(demo_store, now=local(2025, 12, 30, 9)) for _ in range(4))
    assert sign(demo_store, early.id, petugas, now=local(2025, 12, 30, 10)).nomor_urut == 1
    old = sign(demo_store, before.id, petugas, now=local(2025, 12, 31, 23, 59, 59))
    new = sign(demo_store, after.id, petugas, now=local(2026, 1, 1, 0, 0))
    assert (old.nomor_surat, old.tahun, old.tanggal_surat) == (
        "2/PL.01.1-SD/6474/2025",
        2025,
        date(2025, 12, 31),
    )
    assert (new.nomor_surat, new.tahun, new.tanggal_surat) == (
        "1/PL.01.1-SD/6474/2026",
        2026,
        date(2026, 1, 1),
    )
    # A letter dated 31 December and signed in January keeps the old year's series.
    held = sign(demo_store, late.id, petugas, now=local(2026, 1, 1, 8), tanggal="31/12/2025")
    assert held.nomor_surat == "3/PL.01.1-SD/6474/2025"
    assert (last(demo_store, 2025), last(demo_store, 2026)) == (3, 1)
    with demo_store.read() as s:
        assert ns.years(s) == [2026, 2025]
        assert ns.gaps(s, tahun=2025) == [] and ns.gaps(s, tahun=2026) == []
    journal_ok(demo_store)


def test_midnight_is_the_office_zone_not_utc_nor_another_zone(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    """The demo office keeps WITA: 16.30 UTC on 31 December is already 1 January there
    (while still 31 December in UTC and in WIB)."""
    row = ready(demo_store, now=at(2025, 12, 31, 9))
    signed_row = sign(
        demo_store, row.id, who["petugas"], now=datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
    )
    assert signed_row.tanggal_surat == date(2026, 1, 1)
    assert signed_row.nomor_surat == "1/PL.01.1-SD/6474/2026"


# -- back-dated numbers (sisipan) ------------------------------------------------------------


def test_a_date_before_the_newest_number_needs_a_sisipan(
    demo_store: Store, who: dict[str, Actor], admin: Actor
) -> None:
    petugas, kasubbag = who["petugas"], who["kasubbag.tpph"]
    first = sign(demo_store, ready(demo_store).id, petugas, tanggal="18/11/2026")
    second = sign(demo_store, ready(demo_store).id, petugas)  # 23 November
    assert (first.nomor_urut, second.nomor_urut) == (1, 2)
    late = ready(demo_store)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sk.sign(s, actor=petugas, surat_id=late.id, tanggal="20/11/2026", now=NOW)
    assert set(info.value.errors) == {"tanggal"}
    assert (
        "23-11-2026" in info.value.errors["tanggal"] and "sisipan" in info.value.errors["tanggal"]
    )
    with pytest.raises(ValidationError), demo_store.write() as s:  # a reservation as well
        ns.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="PL.01",
            tanggal="20/11/2026",
            keperluan="Surat susulan",
            untuk_nama="Sekar",
            now=NOW,
        )
    # A petugas records signatures but may not give a sisipan; neither may a staf or pimpinan.
    for actor in (petugas, who["staf"], who["sekretaris"]):
        with pytest.raises(PermissionDenied), demo_store.write() as s:
            sk.sign(s, actor=actor, surat_id=late.id, tanggal="20/11/2026", sisipan=True, now=NOW)
    assert last(demo_store) == 2 and len(ledger(demo_store)) == 2
    a = sign(demo_store, late.id, kasubbag, tanggal="20/11/2026", sisipan=True)
    b = sign(demo_store, ready(demo_store).id, admin, tanggal="19/11/2026", sisipan=True)
    # A sisipan is for a date before the newest number only: on that date it is a plain number.
    with pytest.raises(ValidationError) as same_day, demo_store.write() as s:
        sk.sign(
            s,
            actor=kasubbag,
            surat_id=ready(demo_store).id,
            tanggal="23/11/2026",
            sisipan=True,
            now=NOW,
        )
    assert "bukan sisipan" in same_day.value.errors["tanggal"]
    c = sign(demo_store, ready(demo_store).id, kasubbag, tanggal="21/11/2026", sisipan=True)
    assert [r.nomor_surat for r in (a, b)] == [
        "1a/PL.01.1-SD/6474/2026",
        "1b/PL.01.1-SD/6474/2026",
    ]
    assert c.nomor_surat == "1c/PL.01.1-SD/6474/2026"  # the last number on or before 21/11 is 1
    assert [r.nomor_urut for r in (a, b, c)] == [1, 1, 1]
    assert last(demo_store) == 2  # a sisipan does not move the series
    assert [(n.urut, n.sisipan) for n in ledger(demo_store)] == [
        (1, ""),
        (1, "a"),
        (1, "b"),
        (1, "c"),
        (2, ""),
    ]
    # The series goes on after its last plain number.
    assert sign(demo_store, ready(demo_store).id, petugas).nomor_surat == "3/PL.01.1-SD/6474/2026"
    with demo_store.read() as s:
        assert ns.gaps(s, tahun=2026) == []
    assert actions(demo_store, "nomor_surat") == [
        "ambil",
        "ambil",
        "ambil_sisipan",
        "ambil_sisipan",
        "ambil_sisipan",
        "ambil",
    ]
    journal_ok(demo_store)


def test_a_sisipan_needs_a_number_to_follow(demo_store: Store, who: dict[str, Actor]) -> None:
    row = ready(demo_store)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sk.sign(
            s,
            actor=who["kasubbag.tpph"],
            surat_id=row.id,
            tanggal="20/11/2026",
            sisipan=True,
            now=NOW,
        )
    assert "bukan sisipan" in info.value.errors["tanggal"]
    assert ledger(demo_store) == []


def test_a_letter_dated_before_the_first_number_of_the_year_can_be_numbered(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    now = at(2026, 1, 8)
    first = sign(
        demo_store, ready(demo_store, now=now).id, who["petugas"], now=now, tanggal="5/1/2026"
    )
    assert first.nomor_urut == 1
    late = ready(demo_store, now=now)  # signed on 2 January, entered after number 1
    messages = []
    for actor, sisipan in ((who["petugas"], False), (who["kasubbag.tpph"], True)):
        try:
            row = sign(demo_store, late.id, actor, now=now, tanggal="2/1/2026", sisipan=sisipan)
        except ValidationError as exc:
            messages.append(exc.errors["tanggal"])
            continue
        assert row.tanggal_surat == date(2026, 1, 2) and row.nomor_surat
        return
    pytest.fail(" / ".join(messages))


# -- reserve, return, void -------------------------------------------------------------------


def test_reserve_needs_purpose_and_person(demo_store: Store, who: dict[str, Actor]) -> None:
    petugas = who["petugas"]
    for keperluan, untuk, fields in (
        ("", "Andi", {"keperluan"}),
        ("Undangan", "  ", {"untuk_nama"}),
        ("", "", {"keperluan", "untuk_nama"}),
        ("Undangan\x07", "Andi", {"keperluan"}),
        ("x" * 501, "Andi", {"keperluan"}),
        ("Undangan", "A" * 121, {"untuk_nama"}),
    ):
        with pytest.raises(ValidationError) as info, demo_store.write() as s:
            ns.reserve(
                s,
                actor=petugas,
                jenis_naskah="Und",
                klasifikasi="HM.01",
                keperluan=keperluan,
                untuk_nama=untuk,
                now=NOW,
            )
        assert set(info.value.errors) == fields
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        ns.reserve(s, actor=petugas, jenis_naskah="", keperluan="x", untuk_nama="y", now=NOW)
    assert set(info.value.errors) == {"jenis_naskah"}
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        # The correspondence template writes a kode klasifikasi.
        ns.reserve(s, actor=petugas, jenis_naskah="SD", keperluan="x", untuk_nama="y", now=NOW)
    assert set(info.value.errors) == {"klasifikasi"}
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        ns.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="ZZ.99",
            keperluan="x",
            untuk_nama="y",
            now=NOW,
        )
    assert set(info.value.errors) == {"klasifikasi"}
    for actor in (who["staf"], who["sekretaris"]):
        with pytest.raises(PermissionDenied), demo_store.write() as s:
            ns.reserve(
                s,
                actor=actor,
                jenis_naskah="Und",
                klasifikasi="HM.01",
                keperluan="x",
                untuk_nama="y",
                now=NOW,
            )
    assert ledger(demo_store) == [] and last(demo_store) == 0


def test_reserved_returned_and_voided_numbers_are_never_given_again(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas, kasubbag = who["petugas"], who["kasubbag.kul"]
    kept = reserve(demo_store, petugas)
    assert (kept.urut, kept.status, kept.nomor_teks) == (
        1,
        NomorStatus.DIPESAN,
        "1/HM.01-Und/6474/2026",
    )
    assert (kept.keperluan, kept.untuk_nama, kept.oleh_nama) == (
        "Undangan rapat pleno terbuka",
        "Andi Firmansyah, S.H.",
        "Sekar Ayu Lestari",
    )
    assert kept.perihal == "Undangan rapat pleno terbuka" and kept.surat_keluar_id is None
    given_back = reserve(demo_store, kasubbag, keperluan="Surat tugas", jenis_naskah="ST")
    voided = reserve(demo_store, who["admin"], keperluan="Salah ambil", jenis_naskah="SD")
    assert (given_back.urut, voided.urut) == (2, 3)
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        ns.return_number(s, actor=petugas, nomor_id=given_back.id, alasan="  ", now=NOW)
    assert set(info.value.errors) == {"alasan"}
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        ns.return_number(s, actor=who["staf"], nomor_id=given_back.id, alasan="x", now=NOW)
    with demo_store.write() as s:
        returned = ns.return_number(
            s, actor=petugas, nomor_id=given_back.id, alasan="Surat tidak jadi dibuat", now=NOW
        )
    assert returned.status == NomorStatus.DIKEMBALIKAN
    assert returned.alasan == "Surat tidak jadi dibuat" and returned.diubah_at is not None
    with pytest.raises(ServiceError, match="hanya nomor yang dipesan"), demo_store.write() as s:
        ns.return_number(s, actor=petugas, nomor_id=given_back.id, alasan="lagi", now=NOW)
    with pytest.raises(ServiceError), demo_store.write() as s:  # a returned number stays so
        ns.void(s, actor=petugas, nomor_id=given_back.id, alasan="batal", now=NOW)
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        ns.void(s, actor=who["staf"], nomor_id=voided.id, alasan="x", now=NOW)
    with pytest.raises(ValidationError), demo_store.write() as s:
        ns.void(s, actor=petugas, nomor_id=voided.id, alasan="", now=NOW)
    with demo_store.write() as s:
        gone = ns.void(s, actor=kasubbag, nomor_id=voided.id, alasan="Nomor diambil dua kali")
    assert gone.status == NomorStatus.BATAL and gone.alasan == "Nomor diambil dua kali"
    with pytest.raises(ServiceError, match="sudah BATAL"), demo_store.write() as s:
        ns.void(s, actor=petugas, nomor_id=voided.id, alasan="lagi", now=NOW)
    with pytest.raises(NotFound), demo_store.write() as s:
        ns.void(s, actor=petugas, nomor_id=999, alasan="x", now=NOW)
    # The next signature takes 4: neither the returned 2 nor the voided 3 comes back.
    letter = sign(demo_store, ready(demo_store).id, petugas)
    assert letter.nomor_surat == "4/PL.01.1-SD/6474/2026"
    # A number on a letter is voided by cancelling the letter, not directly.
    assert letter.nomor_urut == 4
    number_id = ledger(demo_store)[-1].id
    with pytest.raises(ServiceError, match="batalkan suratnya"), demo_store.write() as s:
        ns.void(s, actor=petugas, nomor_id=number_id, alasan="x", now=NOW)
    assert [(n.urut, n.status) for n in ledger(demo_store)] == [
        (1, NomorStatus.DIPESAN),
        (2, NomorStatus.DIKEMBALIKAN),
        (3, NomorStatus.BATAL),
        (4, NomorStatus.TERPAKAI),
    ]
    with demo_store.read() as s:
        gaps = ns.gaps(s, tahun=2026)
        assert [(g.urut, g.keadaan, g.alasan) for g in gaps] == [
            (1, "dipesan", ""),
            (2, "dikembalikan", "Surat tidak jadi dibuat"),
            (3, "batal", "Nomor diambil dua kali"),
        ]
        assert gaps[0].nomor_teks == "1/HM.01-Und/6474/2026"
        assert ns.count_nomor(s, ns.NomorFilter(status=(NomorStatus.DIPESAN,))) == 1
        assert ns.get_nomor(s, given_back.id).status == NomorStatus.DIKEMBALIKAN
    assert actions(demo_store, "nomor_surat") == [
        "ambil",
        "ambil",
        "ambil",
        "kembalikan",
        "batal",
        "ambil",
    ]
    journal_ok(demo_store)


def test_a_reserved_number_is_recorded_as_a_letter(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    jab = jabatan_ids(demo_store)
    number = reserve(demo_store, petugas)
    form = KonsepForm(
        perihal="Undangan rapat pleno terbuka rekapitulasi",
        jenis_naskah="Und",
        klasifikasi="HM.01",
        tujuan=(TujuanForm("Pimpinan partai politik peserta pemilu"),),
        penandatangan_jabatan_id=jab["KETUA"],
    )
    with pytest.raises(ValidationError) as info, demo_store.write() as s:
        sk.record_reserved(
            s, actor=petugas, nomor_id=number.id, form=replace(form, klasifikasi="PL.01")
        )
    assert "jenis_naskah" in info.value.errors  # not the jenis and klasifikasi reserved
    with pytest.raises(ValidationError), demo_store.write() as s:
        sk.record_reserved(s, actor=petugas, nomor_id=number.id, form=replace(form, perihal=""))
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        sk.record_reserved(s, actor=who["staf"], nomor_id=number.id, form=form)
    with demo_store.write() as s:
        row = sk.record_reserved(s, actor=petugas, nomor_id=number.id, form=form, now=NOW)
    assert (row.status, row.sumber) == (KeluarStatus.TERBIT, KeluarSumber.LUAR)
    assert row.nomor_surat == "1/HM.01-Und/6474/2026" and row.nomor_urut == 1
    assert row.tanggal_surat == date(2026, 11, 23) and row.tahun == 2026
    with demo_store.read() as s:
        used = ns.get_nomor(s, number.id)
        assert used.status == NomorStatus.TERPAKAI and used.surat_keluar_id == row.id
        assert used.perihal == "Undangan rapat pleno terbuka rekapitulasi"
        assert ns.gaps(s, tahun=2026) == []
        assert [r.id for r in skr.list_surat(s)] == [row.id]
    with pytest.raises(ServiceError), demo_store.write() as s:  # used once only
        sk.record_reserved(s, actor=petugas, nomor_id=number.id, form=form)
    returned = reserve(demo_store, petugas)
    with demo_store.write() as s:
        ns.return_number(s, actor=petugas, nomor_id=returned.id, alasan="Tidak jadi")
    with pytest.raises(ServiceError), demo_store.write() as s:
        sk.record_reserved(s, actor=petugas, nomor_id=returned.id, form=form)
    assert actions(demo_store, "nomor_surat") == ["ambil", "pakai", "ambil", "kembalikan"]
    assert "catat_luar" in actions(demo_store, "surat_keluar")
    journal_ok(demo_store)


def test_cancelling_a_signed_letter_voids_its_number(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    first = signed(demo_store)
    with pytest.raises(PermissionDenied), demo_store.write() as s:  # the konseptor, too late
        sk.cancel(s, actor=who["staf"], surat_id=first.id, alasan="Salah alamat", now=NOW)
    with demo_store.write() as s:
        cancelled = sk.cancel(
            s, actor=petugas, surat_id=first.id, alasan="Salah alamat tujuan", now=NOW
        )
    assert cancelled.status == KeluarStatus.BATAL
    assert cancelled.nomor_surat == "1/PL.01.1-SD/6474/2026"  # the letter keeps its number
    (number,) = ledger(demo_store)
    assert (number.status, number.alasan, number.surat_keluar_id) == (
        NomorStatus.BATAL,
        "Salah alamat tujuan",
        first.id,
    )
    second = signed(demo_store)
    assert second.nomor_surat == "2/PL.01.1-SD/6474/2026"
    with demo_store.read() as s:
        assert [(g.urut, g.keadaan) for g in ns.gaps(s, tahun=2026)] == [(1, "batal")]
        detail = skr.get_detail(s, first.id)
        assert [(n.nomor_teks, n.status) for n in detail.nomor] == [
            ("1/PL.01.1-SD/6474/2026", NomorStatus.BATAL)
        ]
        # The buku agenda keeps the cancelled letter with its number.
        agenda = skr.list_surat(s, skr.KeluarFilter(tampilan="agenda"))
        assert [(r.nomor_urut, r.status) for r in agenda] == [
            (2, KeluarStatus.TERBIT),
            (1, KeluarStatus.BATAL),
        ]
    assert actions(demo_store, "nomor_surat") == ["ambil", "batal", "ambil"]
    journal_ok(demo_store)


# -- the gap report --------------------------------------------------------------------------


def test_a_number_removed_outside_the_application_shows_as_hilang(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    rows = [sign(demo_store, ready(demo_store).id, petugas) for _ in range(4)]
    kep = sign(demo_store, ready(demo_store, jenis_naskah="KEPUTUSAN").id, petugas)
    assert [r.nomor_urut for r in rows] == [1, 2, 3, 4] and kep.nomor_urut == 1
    with demo_store.read() as s:
        assert ns.gaps(s, tahun=2026) == []
    with demo_store.engine.begin() as conn:  # tampering: the ledger rows of 2 and 4 go
        conn.execute(
            text("DELETE FROM nomor_surat WHERE seri = 'korespondensi' AND urut IN (2, 4)")
        )
    with demo_store.read() as s:
        gaps = ns.gaps(s, tahun=2026)
        assert [(g.seri, g.urut, g.keadaan, g.nomor_teks) for g in gaps] == [
            ("korespondensi", 2, "hilang", ""),
            ("korespondensi", 4, "hilang", ""),  # the last one too: the series says 4
        ]
        assert ns.gaps(s, tahun=2026, seri="keputusan") == []
        assert ns.gaps(s, tahun=2025) == []
        # The journal still holds: only the gap report sees what was removed.
        assert journal.verify(s).ok
    # A fresh number never fills the hole.
    assert sign(demo_store, ready(demo_store).id, petugas).nomor_urut == 5


# -- series settings -------------------------------------------------------------------------


def test_series_settings_are_admin_only_and_checked(
    demo_store: Store, who: dict[str, Actor], admin: Actor
) -> None:
    for actor in (who["petugas"], who["kasubbag.tpph"], who["sekretaris"]):
        with pytest.raises(PermissionDenied), demo_store.write() as s:
            ns.save_series(
                s, actor=actor, kode="undangan", nama="Undangan", format="{urut}/{tahun}"
            )
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"kode": "U"}, {"kode"}),
        ({"kode": "surat undangan"}, {"kode"}),
        ({"nama": "  "}, {"nama"}),
        ({"nama": "Undangan\x00"}, {"nama"}),
        ({"nama": "N" * 121}, {"nama"}),
        ({"format": "{urut}/{bulan}"}, {"format"}),
        ({"format": "{nomor}/{tahun}"}, {"format"}),
        ({"format": ""}, {"format"}),
        ({"jenis": ("Und", "XYZ")}, {"jenis"}),
        ({"bawaan": True, "aktif": False}, {"bawaan"}),
        ({"kode": "korespondensi", "bawaan": False}, {"bawaan"}),
        ({"kode": "korespondensi", "bawaan": True, "aktif": False}, {"bawaan"}),
    ]
    for changes, fields in cases:
        values: dict[str, Any] = {
            "kode": "undangan",
            "nama": "Surat Undangan",
            "format": ns.rules.DEFAULT_FORMAT,
            "jenis": ("Und",),
        } | changes
        with pytest.raises(ValidationError) as info, demo_store.write() as s:
            ns.save_series(s, actor=admin, **values)
        assert set(info.value.errors) == fields, changes
    with demo_store.read() as s:
        assert [v.kode for v in ns.list_series(s)] == ["korespondensi", "keputusan", "berita_acara"]
    assert actions(demo_store, "seri_nomor") == []


def test_a_series_of_its_own_for_a_jenis_and_moving_it(
    demo_store: Store, who: dict[str, Actor], admin: Actor
) -> None:
    petugas = who["petugas"]
    with demo_store.write() as s:
        view = ns.save_series(
            s,
            actor=admin,
            kode=" Undangan ",
            nama="Surat Undangan",
            format="{urut:3}/{klasifikasi}-{jenis}/{kode}/{tahun}",
            jenis=("Und", " ST "),
        )
    assert (view.kode, view.jenis, view.bawaan, view.aktif) == (
        "undangan",
        ("ST", "Und"),
        False,
        True,
    )
    und = sign(demo_store, ready(demo_store, jenis_naskah="Und", klasifikasi="HM.01").id, petugas)
    sd = sign(demo_store, ready(demo_store).id, petugas)
    assert (und.nomor_surat, sd.nomor_surat) == (
        "001/HM.01-Und/6474/2026",
        "1/PL.01.1-SD/6474/2026",
    )
    # Und moves to a new series: it leaves "undangan" (which keeps ST).
    with demo_store.write() as s:
        ns.save_series(
            s,
            actor=admin,
            kode="rapat",
            nama="Undangan rapat",
            format="U-{urut}/{tahun}",
            jenis=("Und",),
        )
    with demo_store.read() as s:
        by_kode = {v.kode: v.jenis for v in ns.list_series(s)}
    assert by_kode["undangan"] == ("ST",) and by_kode["rapat"] == ("Und",)
    again = sign(demo_store, ready(demo_store, jenis_naskah="Und", klasifikasi="HM.01").id, petugas)
    assert again.nomor_surat == "U-1/2026"
    # An inactive series gives its jenis back to the default one.
    with demo_store.write() as s:
        ns.save_series(
            s,
            actor=admin,
            kode="rapat",
            nama="Undangan rapat",
            format="U-{urut}/{tahun}",
            jenis=("Und",),
            aktif=False,
        )
    fallback = sign(
        demo_store, ready(demo_store, jenis_naskah="Und", klasifikasi="HM.01").id, petugas
    )
    assert fallback.nomor_surat == "2/HM.01-Und/6474/2026"
    assert (last(demo_store, seri="undangan"), last(demo_store, seri="rapat")) == (1, 1)
    assert last(demo_store) == 2
    assert actions(demo_store, "seri_nomor") == ["tambah", "tambah", "ubah"]
    journal_ok(demo_store)


def test_one_default_series_at_a_time(
    demo_store: Store, admin: Actor, who: dict[str, Actor]
) -> None:
    with demo_store.write() as s:
        ns.save_series(
            s, actor=admin, kode="umum", nama="Umum", format="{urut}/{jenis}/{tahun}", bawaan=True
        )
    with demo_store.read() as s:
        defaults = [v.kode for v in ns.list_series(s) if v.bawaan]
    assert defaults == ["umum"]
    # The former default may now be switched off; its jenis-less letters go to "umum".
    with demo_store.write() as s:
        ns.save_series(
            s,
            actor=admin,
            kode="korespondensi",
            nama="Naskah dinas dan korespondensi",
            format=ns.rules.DEFAULT_FORMAT,
            aktif=False,
        )
    row = sign(demo_store, ready(demo_store).id, who["petugas"])
    assert row.nomor_surat == "1/SD/2026"


def test_a_changed_template_does_not_renumber(
    demo_store: Store, admin: Actor, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    first = sign(demo_store, ready(demo_store).id, petugas)
    kept = reserve(demo_store, petugas)
    with demo_store.write() as s:
        ns.save_series(
            s,
            actor=admin,
            kode="korespondensi",
            nama="Naskah dinas",
            format="B-{urut:3}/{klasifikasi}/{bulan}/{kode_wilayah}/{tahun}",
            bawaan=True,
        )
    with demo_store.read() as s:
        assert skr.get_row(s, first.id).nomor_surat == "1/PL.01.1-SD/6474/2026"
        assert ns.get_nomor(s, kept.id).nomor_teks == "2/HM.01-Und/6474/2026"
    waiting = ready(demo_store)
    with demo_store.read() as s:
        assert sk.preview_number(s, surat_id=waiting.id, now=NOW) == "B-003/PL.01.1/XI/6474/2026"
    assert sign(demo_store, waiting.id, petugas).nomor_surat == "B-003/PL.01.1/XI/6474/2026"
    with demo_store.read() as s:
        event = journal.list_events(s, journal.JournalFilter(record_type="seri_nomor"))[0]
    assert event.action == "ubah"
    assert "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}" in (event.before or "")
    assert "B-{urut:3}" in (event.after or "")


def test_a_template_that_needs_a_unit(
    demo_store: Store, admin: Actor, who: dict[str, Actor]
) -> None:
    with demo_store.write() as s:
        ns.save_series(
            s,
            actor=admin,
            kode="nota",
            nama="Nota dinas",
            format="{urut}/{unit}/{tahun}",
            jenis=("ND",),
        )
    with pytest.raises(ValidationError) as info:
        ready(demo_store, jenis_naskah="ND")
    assert "pengolah_unit_id" in info.value.errors
    with demo_store.read() as s:
        units = dict((nama, uid) for uid, nama in skr.units(s))
        unit_id = next(uid for nama, uid in units.items() if "Teknis" in nama)
    row = sign(
        demo_store,
        ready(demo_store, jenis_naskah="ND", pengolah_unit_id=unit_id).id,
        who["petugas"],
    )
    assert row.nomor_surat == "1/SUBBAG_TPPH/2026"


# -- the journal -----------------------------------------------------------------------------


def test_every_numbering_write_is_journaled(demo_store: Store, who: dict[str, Actor]) -> None:
    petugas = who["petugas"]
    row = sign(demo_store, ready(demo_store).id, petugas)
    reserved = reserve(demo_store, petugas)
    with demo_store.write() as s:
        ns.void(s, actor=petugas, nomor_id=reserved.id, alasan="Salah jenis", now=NOW)
    with demo_store.read() as s:
        events = journal.list_events(s, journal.JournalFilter(record_type="nomor_surat"))
        surat = s.get(SuratKeluar, row.id)
        assert surat is not None and surat.nomor_id is not None
        ambil = next(e for e in events if e.record_id == str(surat.nomor_id))
    assert [e.action for e in reversed(events)] == ["ambil", "ambil", "batal"]
    assert ambil.actor_name == "Sekar Ayu Lestari"
    assert "1/PL.01.1-SD/6474/2026" in (ambil.after or "")
    batal = events[0]
    assert '"dipesan"' in (batal.before or "") and '"batal"' in (batal.after or "")
    assert "Salah jenis" in (batal.after or "")
    assert actions(demo_store, "surat_keluar")[-1] == "tanda_tangan"
    journal_ok(demo_store)


def test_reserve_dates(demo_store: Store, who: dict[str, Actor]) -> None:
    petugas = who["petugas"]
    with pytest.raises(ValidationError) as info:
        reserve(demo_store, petugas, tanggal="24/11/2026")
    assert "tanggal" in info.value.errors
    with pytest.raises(ValidationError) as info:
        reserve(demo_store, petugas, tanggal="31/12/1999")
    assert "tanggal" in info.value.errors
    earlier = reserve(demo_store, petugas, tanggal="2/1/2026")
    assert earlier.tanggal == date(2026, 1, 2) and earlier.nomor_teks.endswith("/2026")
    last_year = reserve(demo_store, petugas, tanggal="30/12/2025")
    assert (last_year.tahun, last_year.urut) == (2025, 1)
    assert ledger(demo_store, 2025)[0].nomor_teks == "1/HM.01-Und/6474/2025"


def test_ledger_pages_follow_the_office_series_order(
    demo_store: Store, who: dict[str, Actor]
) -> None:
    petugas = who["petugas"]
    with demo_store.write() as s:
        for jenis, klasifikasi in (("KEPUTUSAN", ""), ("SD", "PL.01"), ("BA", "PL.01")) * 2:
            ns.reserve(
                s,
                actor=petugas,
                jenis_naskah=jenis,
                klasifikasi=klasifikasi,
                keperluan="Uji urutan",
                untuk_nama="Sekar",
                now=NOW,
            )
    with demo_store.read() as s:
        whole = ns.list_nomor(s, ns.NomorFilter(tahun=2026), limit=100)
        paged: list[ns.NomorView] = []
        after = None
        while True:  # one row a page: every step crosses or continues a series correctly
            page = ns.list_nomor(s, ns.NomorFilter(tahun=2026), after=after, limit=1)
            if not page:
                break
            paged += page
            after = ns.cursor_of(page[-1])
        both_years = ns.list_nomor(s, ns.NomorFilter(), limit=100)
    assert [(n.seri, n.urut) for n in whole] == [
        ("korespondensi", 1),
        ("korespondensi", 2),
        ("keputusan", 1),
        ("keputusan", 2),
        ("berita_acara", 1),
        ("berita_acara", 2),
    ]
    assert [n.id for n in paged] == [n.id for n in whole]
    assert [n.id for n in both_years] == [n.id for n in whole]
