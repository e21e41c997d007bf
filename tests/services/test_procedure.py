"""Procedure runs through the service: start, steps, branches, notes, cancel, overdue, mutu baku."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kpu_tui.models import Role, RunStatus, StepEventKind
from kpu_tui.services import journal, procedure
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store

WITA = ZoneInfo("Asia/Makassar")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """An instant given in Bontang office time (WITA)."""
    return datetime(2026, month, day, hour, minute, tzinfo=WITA).astimezone(UTC)


@pytest.fixture
def staf() -> Actor:
    return Actor(9, "Dewi Kartika Sari", frozenset({Role.STAF}))


def test_a_run_of_9_17_through_the_minus_branch(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as s:
        run = procedure.start_run(
            s, actor=admin, sop_id="9.17", judul="Revisi POK kegiatan sosialisasi", now=at(23, 8)
        )
    assert run.langkah_kini == 1 and run.status == RunStatus.BERJALAN
    assert run.tenggat is not None and run.tenggat == at(23, 8, 15)  # 15 Menit
    steps = [(1, None, at(23, 8, 10)), (2, None, at(23, 8, 30)), (3, None, at(23, 9, 0))]
    steps += [(4, "ya", at(23, 9, 20))]  # pagu minus: back to the pemohon
    steps += [(1, None, at(23, 10)), (2, None, at(23, 10, 10)), (3, None, at(23, 10, 40))]
    steps += [(4, "tidak", at(23, 11))]
    with demo_store.write() as s:
        for expected, keputusan, when in steps:
            current = procedure.get_run(s, run.id, now=when)
            assert current.langkah_kini == expected
            procedure.complete_step(s, actor=admin, run_id=run.id, keputusan=keputusan, now=when)
        view = procedure.get_run(s, run.id, now=at(23, 11))
        assert view.langkah_kini == 5
        answers = {4: "tidak", 7: "ya"}  # no minus now; the KPA approves
        for _ in range(20):
            if view.langkah_kini is None:
                break
            view = procedure.complete_step(
                s,
                actor=admin,
                run_id=run.id,
                keputusan=answers.get(view.langkah_kini) if view.keputusan_kini else None,
                now=at(23, 11) + timedelta(minutes=10 * view.langkah_kini),
            )
    assert view.status == RunStatus.SELESAI and view.selesai_at is not None
    with demo_store.read() as s:
        events = procedure.timeline(s, run.id)
        done = [e for e in events if e.kind == StepEventKind.SELESAI]
        assert [e.langkah_no for e in done[:8]] == [1, 2, 3, 4, 1, 2, 3, 4]
        assert done[3].keputusan == "ya" and done[3].langkah_berikut == 1
        first = done[0]
        assert (first.aktual, first.satuan, first.batas, first.sesuai) == (10, "menit", 15, True)
        assert done[2].aktual == 30 and done[2].sesuai is True
        assert journal.verify(s).ok
        report = procedure.mutu_baku(
            s, sop_id="9.17", dari=date(2026, 11, 1), sampai=date(2026, 11, 30)
        )
    assert report.jumlah_run == 1 and report.selesai == 1
    step1 = report.langkah[0]
    # step 1 took 10 minutes, then 40 after the return from step 4
    assert (step1.jumlah, step1.median, step1.p90, step1.batas) == (2, 25.0, 37.0, 15)
    assert step1.persen_sesuai == 50.0


def test_decision_is_required_and_only_on_decision_steps(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as s:
        run = procedure.start_run(s, actor=admin, sop_id="9.3", judul="Aduan warga", now=at(23, 8))
        with pytest.raises(ValidationError) as info:
            procedure.complete_step(s, actor=admin, run_id=run.id, keputusan="ya", now=at(23, 9))
        assert "keputusan" in info.value.errors
        for _ in range(6):
            procedure.complete_step(s, actor=admin, run_id=run.id, now=at(23, 9))
        with pytest.raises(ValidationError):
            procedure.complete_step(s, actor=admin, run_id=run.id, now=at(23, 9))
        ended = procedure.complete_step(
            s, actor=admin, run_id=run.id, keputusan="tidak", now=at(23, 9)
        )
    assert ended.status == RunStatus.SELESAI  # tidak benar: dihentikan


def test_only_the_pelaksana_may_complete_a_step(
    demo_store: Store, admin: Actor, staf: Actor
) -> None:
    with demo_store.write() as s:
        run = procedure.start_run(
            s, actor=admin, sop_id="9.14", judul="Surat undangan", now=at(23, 8)
        )
        assert not procedure.may_record(s, actor=staf, run_id=run.id)
        assert procedure.may_record(s, actor=admin, run_id=run.id)
        with pytest.raises(PermissionDenied, match="Petugas"):
            procedure.complete_step(s, actor=staf, run_id=run.id, now=at(23, 8, 5))
        clerk = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))
        procedure.complete_step(s, actor=clerk, run_id=run.id, now=at(23, 8, 5))
        procedure.complete_step(s, actor=clerk, run_id=run.id, now=at(23, 8, 10))
        procedure.complete_step(s, actor=clerk, run_id=run.id, now=at(23, 8, 12))
        with pytest.raises(PermissionDenied):
            procedure.complete_step(s, actor=clerk, run_id=run.id, now=at(23, 8, 20))
        ketua = Actor(3, "Hj. Maryam Abdullah", frozenset({Role.PIMPINAN}))
        view = procedure.complete_step(s, actor=ketua, run_id=run.id, now=at(23, 8, 40))
    assert view.langkah_kini == 5


def test_notes_and_cancellation_keep_everything(
    demo_store: Store, admin: Actor, staf: Actor
) -> None:
    with demo_store.write() as s:
        run = procedure.start_run(
            s, actor=staf, sop_id="9.14", judul="Surat salah alamat", now=at(23, 8)
        )
        procedure.add_note(
            s, actor=staf, run_id=run.id, catatan="Menunggu konfirmasi", now=at(23, 8, 1)
        )
        with pytest.raises(ValidationError):
            procedure.add_note(s, actor=staf, run_id=run.id, catatan="  ")
        with pytest.raises(ValidationError):
            procedure.cancel_run(s, actor=staf, run_id=run.id, alasan="")
        other = Actor(10, "Orang lain", frozenset({Role.STAF}))
        with pytest.raises(PermissionDenied):
            procedure.cancel_run(s, actor=other, run_id=run.id, alasan="salah")
        view = procedure.cancel_run(
            s, actor=staf, run_id=run.id, alasan="Salah alamat", now=at(23, 9)
        )
        assert view.status == RunStatus.BATAL and view.alasan_batal == "Salah alamat"
        with pytest.raises(ServiceError):
            procedure.complete_step(s, actor=admin, run_id=run.id)
    with demo_store.read() as s:
        kinds = [e.kind for e in procedure.timeline(s, run.id)]
        assert kinds == [StepEventKind.MULAI, StepEventKind.CATATAN, StepEventKind.BATAL]
        assert procedure.count_runs(s, procedure.RunFilter(status=RunStatus.BATAL)) == 1


def test_overdue_is_found_and_said_in_words(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as s:
        late = procedure.start_run(s, actor=admin, sop_id="9.14", judul="Terlambat", now=at(20, 9))
        on_time = procedure.start_run(s, actor=admin, sop_id="9.14", judul="Tepat", now=at(23, 9))
    now = at(23, 9, 2)
    with demo_store.read() as s:
        overdue = procedure.list_runs(s, procedure.RunFilter(overdue_at=now), now=now)
        assert [r.id for r in overdue] == [late.id]
        assert overdue[0].terlambat == "lewat 1 hari kerja"
        assert procedure.get_run(s, on_time.id, now=now).terlambat == ""
        page = procedure.list_runs(s, limit=1, now=now)
        assert page[0].id == on_time.id
        assert procedure.list_runs(s, before_id=page[0].id, limit=1, now=now)[0].id == late.id


def test_bad_input(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as s:
        with pytest.raises(NotFound):
            procedure.start_run(s, actor=admin, sop_id="99.9", judul="x")
        with pytest.raises(ValidationError):
            procedure.start_run(s, actor=admin, sop_id="9.14", judul="   ")
        with pytest.raises(ValidationError):
            procedure.start_run(s, actor=admin, sop_id="9.14", judul="x" * 301)
        with pytest.raises(NotFound):
            procedure.complete_step(s, actor=admin, run_id=9999)
        with pytest.raises(ValidationError):
            procedure.mutu_baku(s, sop_id="9.14", dari=date(2026, 12, 1), sampai=date(2026, 11, 1))


def test_mutu_baku_describes_the_runs_started_in_the_period(
    demo_store: Store, admin: Actor
) -> None:
    with demo_store.write() as s:
        before = procedure.start_run(
            s, actor=admin, sop_id="9.14", judul="Oktober", now=at(30, 9, month=10)
        )
        procedure.complete_step(s, actor=admin, run_id=before.id, now=at(2, 9))  # done in November
        inside = procedure.start_run(s, actor=admin, sop_id="9.14", judul="November", now=at(30, 9))
        procedure.complete_step(s, actor=admin, run_id=inside.id, now=at(1, 9, month=12))
    with demo_store.read() as s:
        report = procedure.mutu_baku(
            s, sop_id="9.14", dari=date(2026, 11, 1), sampai=date(2026, 11, 30)
        )
    assert report.jumlah_run == 1
    assert report.langkah[0].jumlah == 1  # the November run's step, though done in December
