"""The demo office's records: runs of several SOPs in every state, recorded by the right people,
and a year of surat keluar in every state of SOP 9.13 with a clean numbering ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    KeluarStatus,
    KirimStatus,
    NomorStatus,
    NomorSurat,
    ParafStatus,
    ProcedureRun,
    RunStatus,
    SuratKeluar,
    SuratKeluarParaf,
    SuratKeluarTujuan,
    SuratMasuk,
    User,
)
from kpu_tui.services import journal, nomor_surat, procedure
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo import DEMO_BUILDERS
from kpu_tui.services.demo_procedures import build_demo_runs
from kpu_tui.services.demo_surat_keluar import (
    build_demo_surat_keluar,
    plan_demo_keluar,
)
from kpu_tui.services.demo_surat_masuk import build_demo_surat_masuk
from kpu_tui.store import Store, backup_sqlite_to

NOW = datetime(2026, 11, 23, 1, 15, tzinfo=UTC)  # Monday 09.15 WITA


def test_demo_runs_cover_every_state(demo_store: Store) -> None:
    now = NOW
    with demo_store.write() as session:
        build_demo_runs(session, SYSTEM, now)
    with demo_store.read() as session:
        runs = procedure.list_runs(session, now=now)
        states = {run.status for run in runs}
        assert states == {RunStatus.BERJALAN, RunStatus.SELESAI, RunStatus.BATAL}
        assert any(run.overdue for run in runs)
        assert any(run.status == RunStatus.BERJALAN and not run.overdue for run in runs)
        finished = next(r for r in runs if r.sop_id == "9.17" and r.status == RunStatus.SELESAI)
        decisions = [e.keputusan for e in procedure.timeline(session, finished.id) if e.keputusan]
        assert decisions[:2] == ["ya", "tidak"]  # through the "pagu minus" branch
        actors = {e.actor for r in runs for e in procedure.timeline(session, r.id)}
        assert len(actors) >= 4 and "sistem" not in actors
        assert journal.verify(session).ok


def test_demo_office_builds_the_letters_after_the_runs() -> None:
    # tests/services/test_demo_surat_masuk.py checks the surat masuk; the surat keluar come
    # last because some of them answer the surat masuk.
    assert [build_demo_runs, build_demo_surat_masuk, build_demo_surat_keluar] == DEMO_BUILDERS


# -- surat keluar ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keluar_store(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo office with every builder's records, built at ``NOW``."""
    path = tmp_path_factory.mktemp("keluar") / "demo.sqlite3"
    backup_sqlite_to(demo_template, path)
    store = Store(sqlite_url(path))
    with store.write() as session:
        build_demo_runs(session, SYSTEM, NOW)
        build_demo_surat_masuk(session, SYSTEM, NOW)
        build_demo_surat_keluar(session, SYSTEM, NOW)
    yield store
    store.dispose()


@pytest.fixture
def session(keluar_store: Store) -> Iterator[Session]:
    with keluar_store.read() as session:
        yield session


def _letters(session: Session) -> list[SuratKeluar]:
    return list(session.exec(select(SuratKeluar).order_by(col(SuratKeluar.id))).all())


def test_surat_keluar_in_every_state(session: Session) -> None:
    letters = _letters(session)
    assert 110 <= len(letters) <= 130
    counts = Counter(KeluarStatus(s.status) for s in letters)
    assert set(counts) == set(KeluarStatus)
    assert counts[KeluarStatus.KONSEP] == 4
    assert counts[KeluarStatus.PARAF] == 5
    assert counts[KeluarStatus.DIKEMBALIKAN] == 3
    assert counts[KeluarStatus.TANDA_TANGAN] == 4
    assert (
        counts[KeluarStatus.TERBIT] == 6
    )  # five not yet sent, one made outside on a reserved number
    assert counts[KeluarStatus.DIKIRIM] == 10
    assert counts[KeluarStatus.BATAL] == 5
    assert counts[KeluarStatus.SELESAI] >= 70
    clock = procedure.office_clock(session)
    for surat in letters:
        assert surat.dibuat_at < NOW
        local = clock.local(surat.dibuat_at)
        assert clock.calendar.is_working_day(local.date()), surat.perihal


def test_each_state_looks_as_it_should(session: Session) -> None:
    letters = _letters(session)
    by_status: dict[KeluarStatus, list[SuratKeluar]] = {}
    for surat in letters:
        by_status.setdefault(KeluarStatus(surat.status), []).append(surat)

    def tujuan(surat: SuratKeluar) -> list[KirimStatus]:
        rows = session.exec(
            select(SuratKeluarTujuan.status).where(SuratKeluarTujuan.surat_id == surat.id)
        ).all()
        return [KirimStatus(r) for r in rows]

    for surat in by_status[KeluarStatus.DIKEMBALIKAN]:
        returned = session.exec(
            select(SuratKeluarParaf).where(
                SuratKeluarParaf.surat_id == surat.id,
                SuratKeluarParaf.status == ParafStatus.DIKEMBALIKAN,
            )
        ).all()
        assert len(returned) == 1 and returned[0].catatan
    for surat in by_status[KeluarStatus.PARAF]:
        assert skr.get_detail(session, surat.id or 0).menunggu_paraf is not None
    for status in (KeluarStatus.KONSEP, KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN):
        assert all(s.nomor_id is None for s in by_status[status])
    for surat in by_status[KeluarStatus.TERBIT]:
        assert surat.nomor_surat and set(tujuan(surat)) == {KirimStatus.BELUM}
    for surat in by_status[KeluarStatus.DIKIRIM]:
        states = tujuan(surat)
        assert KirimStatus.DIKIRIM in states and KirimStatus.BELUM not in states
    for surat in by_status[KeluarStatus.SELESAI]:
        assert set(tujuan(surat)) == {KirimStatus.DITERIMA}
    signed_then_cancelled = [s for s in by_status[KeluarStatus.BATAL] if s.nomor_id]
    assert len(signed_then_cancelled) == 3
    for surat in by_status[KeluarStatus.BATAL]:
        assert surat.alasan_batal
    # A letter went back for correction and on to its signature.
    revised = [s for s in by_status[KeluarStatus.SELESAI] if s.putaran > 1]
    assert revised


def test_replies_to_demo_surat_masuk(session: Session) -> None:
    replies = [s for s in _letters(session) if s.surat_masuk_id is not None]
    assert len(replies) >= 10
    for surat in replies:
        masuk = session.get(SuratMasuk, surat.surat_masuk_id)
        assert masuk is not None and surat.tujuan_ringkas == masuk.asal
        assert surat.dibuat_at > masuk.diterima_at
        assert surat.id in [r.id for r in skr.replies_of(session, masuk.id or 0)]
    assert any(s.disposisi_penerima_id for s in replies)


def test_numbering_ledger_is_clean(session: Session) -> None:
    rows = session.exec(
        select(NomorSurat).order_by(
            col(NomorSurat.tahun), col(NomorSurat.seri), col(NomorSurat.urut)
        )
    ).all()
    series = {(r.seri, r.tahun) for r in rows}
    assert {seri for seri, _ in series} == {"korespondensi", "keputusan", "berita_acara"}
    for seri, tahun in series:
        plain = [r for r in rows if (r.seri, r.tahun) == (seri, tahun) and not r.sisipan]
        assert [r.urut for r in plain] == list(range(1, len(plain) + 1))
        dates = [r.tanggal for r in plain]
        assert dates == sorted(dates), (seri, tahun)  # numbers follow the dates
        assert all(r.tanggal.year == tahun for r in plain)
    keputusan = [r.nomor_teks for r in rows if r.seri == "keputusan"]
    assert keputusan and all(t.startswith("Nomor ") and " Tahun " in t for t in keputusan)
    states = Counter(NomorStatus(r.status) for r in rows)
    assert states[NomorStatus.DIPESAN] == 1
    assert states[NomorStatus.DIKEMBALIKAN] == 1
    assert states[NomorStatus.BATAL] == 4  # three cancelled letters, one voided reservation
    sisipan = [r for r in rows if r.sisipan]
    assert len(sisipan) == 1 and sisipan[0].sisipan == "a"
    kasubbag = session.exec(
        select(User.nama).where(col(User.username).startswith("kasubbag"))
    ).all()
    assert sisipan[0].oleh_nama in kasubbag
    for tahun in {t for _, t in series}:
        kinds = Counter(g.keadaan for g in nomor_surat.gaps(session, tahun=tahun))
        assert "hilang" not in kinds
    total = Counter(
        g.keadaan for t in {t for _, t in series} for g in nomor_surat.gaps(session, tahun=t)
    )
    assert total == {"batal": 4, "dikembalikan": 1, "dipesan": 1}
    letters_numbered = [s for s in _letters(session) if s.nomor_id is not None]
    assert len(letters_numbered) == states[NomorStatus.TERPAKAI] + 3


def test_every_letter_made_in_the_application_has_its_sop_run(session: Session) -> None:
    for surat in _letters(session):
        if surat.sumber != "aplikasi":
            assert surat.run_id is None  # the letter made outside on a reserved number
            continue
        run = session.get(ProcedureRun, surat.run_id)
        assert run is not None and run.sop_id == "9.13"
        expected = {  # SOP 9.13 ends with the dispatch; the tanda terima come back after it
            KeluarStatus.SELESAI: RunStatus.SELESAI,
            KeluarStatus.DIKIRIM: RunStatus.SELESAI,
            KeluarStatus.BATAL: RunStatus.BATAL,
        }.get(KeluarStatus(surat.status), RunStatus.BERJALAN)
        assert run.status == expected, surat.perihal


def test_steps_are_recorded_by_the_demo_users(session: Session) -> None:
    konseptor = {s.konseptor_nama for s in _letters(session)}
    names = dict(session.exec(select(User.username, User.nama)).all())
    assert konseptor <= {
        names[u] for u in ("staf", "petugas", *[n for n in names if n.startswith("kasubbag")])
    }
    signers = {
        p.oleh_nama
        for p in session.exec(
            select(SuratKeluarParaf).where(SuratKeluarParaf.status == ParafStatus.PARAF)
        ).all()
    }
    assert names["sekretaris"] in signers and names["petugas"] in signers


def test_journal_holds(session: Session) -> None:
    result = journal.verify(session)
    assert result.ok, result


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        datetime(2026, 11, 28, 4, 0, tzinfo=UTC),  # Saturday noon
        datetime(2027, 1, 4, 1, 0, tzinfo=UTC),  # first working day of a year
        datetime(2026, 4, 6, 0, 30, tzinfo=UTC),  # the Monday after Easter
    ],
)
def test_the_keluar_plan_is_deterministic_on_any_day(demo_store: Store, now: datetime) -> None:
    with demo_store.read() as session:
        clock = procedure.office_clock(session)
    plan = plan_demo_keluar(clock, now)
    assert plan == plan_demo_keluar(clock, now)
    assert all(step.at < now for letter in plan for step in letter.langkah)
    assert Counter(letter.nasib for letter in plan if letter.konsep) >= Counter(
        {"konsep": 4, "paraf": 5, "dikembalikan": 3, "tanda_tangan": 4, "terbit": 5, "batal": 5}
    )
    assert sum(letter.sisipan for letter in plan) == 1
