"""The demo year of surat masuk: every state, gap-free numbers, SOP runs, an intact journal.

The whole build runs once for the module (it goes through the services, a few seconds of work)
at a fixed moment, so the checks are the same whatever the day the tests run; the plan alone is
checked at several awkward moments (weekend, before opening, new year).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    NumberSeries,
    PenerimaStatus,
    ProcedureRun,
    RunStatus,
    SuratMasuk,
    SuratStatus,
    User,
)
from kpu_tui.services import disposisi, journal, procedure, surat_masuk
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo_procedures import build_demo_runs
from kpu_tui.services.demo_surat_masuk import build_demo_surat_masuk, plan_demo_surat
from kpu_tui.services.numbering import SERI_AGENDA_MASUK
from kpu_tui.store import Store, backup_sqlite_to

NOW = datetime(2026, 11, 23, 1, 15, tzinfo=UTC)  # Monday 09.15 WITA


@pytest.fixture(scope="module")
def letters_store(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo office with its records (runs and a year of letters) built at ``NOW``."""
    path = tmp_path_factory.mktemp("surat") / "demo.sqlite3"
    backup_sqlite_to(demo_template, path)
    store = Store(sqlite_url(path))
    with store.write() as session:
        build_demo_runs(session, SYSTEM, NOW)
        build_demo_surat_masuk(session, SYSTEM, NOW)
    yield store
    store.dispose()


@pytest.fixture
def session(letters_store: Store) -> Iterator[Session]:
    with letters_store.read() as session:
        yield session


def _today(session: Session) -> date:
    return procedure.office_clock(session).local(NOW).date()


def _letters(session: Session) -> list[SuratMasuk]:
    return list(session.exec(select(SuratMasuk).order_by(col(SuratMasuk.id))).all())


def _user_name(session: Session, username: str) -> str:
    return session.exec(select(User.nama).where(User.username == username)).one()


def test_a_year_of_letters_on_working_days_in_office_hours(session: Session) -> None:
    letters = _letters(session)
    assert 250 <= len(letters) <= 400
    clock = procedure.office_clock(session)
    for surat in letters:
        local = clock.local(surat.diterima_at)
        assert NOW - timedelta(days=366) < surat.diterima_at < NOW
        assert clock.calendar.is_working_day(local.date()), surat.agenda_teks
        assert time(8, 0) <= local.time() <= time(15, 30)
        assert surat.tanggal_terima == local.date()
        assert surat.tanggal_surat is None or surat.tanggal_surat <= surat.tanggal_terima
    months = {(s.tanggal_terima.year, s.tanggal_terima.month) for s in letters}
    assert len(months) >= 12
    assert {s.dicatat_oleh_nama for s in letters} == {_user_name(session, "petugas")}


def test_numbers_run_from_one_without_gaps_in_every_year(session: Session) -> None:
    letters = _letters(session)
    by_year: dict[int, list[int]] = {}
    for surat in sorted(letters, key=lambda s: s.diterima_at):
        by_year.setdefault(surat.tahun, []).append(surat.nomor_agenda)
    assert set(by_year) == {2025, 2026}
    for tahun, numbers in by_year.items():
        assert numbers == list(range(1, len(numbers) + 1)), tahun  # in the order received
        series = session.exec(
            select(NumberSeries).where(
                NumberSeries.seri == SERI_AGENDA_MASUK, NumberSeries.tahun == tahun
            )
        ).one()
        assert series.terakhir == len(numbers)


def test_every_state_is_present(session: Session) -> None:
    letters = _letters(session)
    states = Counter(SuratStatus(s.status) for s in letters)
    assert set(states) == set(SuratStatus)
    assert states[SuratStatus.SELESAI] > len(letters) // 2
    assert states[SuratStatus.BELUM_DISPOSISI] >= 3
    assert states[SuratStatus.BATAL] >= 3
    latest = sorted(letters, key=lambda s: s.diterima_at)[-3:]
    assert {s.status for s in latest} == {SuratStatus.BELUM_DISPOSISI}
    today = _today(session)
    overdue = surat_masuk.count_surat(session, surat_masuk.SuratFilter(terlambat_per=today))
    assert overdue >= 3
    on_time = [
        s
        for s in letters
        if s.status == SuratStatus.PROSES and s.tenggat is not None and s.tenggat >= today
    ]
    assert len(on_time) >= 2
    for surat in letters:
        if surat.status == SuratStatus.BATAL:
            assert surat.alasan_batal and surat.dibatalkan_at is not None
        if surat.status == SuratStatus.DIARSIPKAN:
            assert surat.alasan_arsip
            assert not session.exec(select(Disposisi).where(Disposisi.surat_id == surat.id)).all()
        if surat.status == SuratStatus.SELESAI:
            assert surat.tindak_lanjut and surat.selesai_at is not None
    assert any("Tercatat ganda" in s.alasan_batal for s in letters)


def test_every_letter_has_its_sop_run(session: Session) -> None:
    expected = {
        SuratStatus.BELUM_DISPOSISI: {RunStatus.BERJALAN},
        SuratStatus.PROSES: {RunStatus.BERJALAN},
        SuratStatus.SELESAI: {RunStatus.SELESAI},
        SuratStatus.DIARSIPKAN: {RunStatus.BATAL},
        SuratStatus.BATAL: {RunStatus.BATAL},
    }
    for surat in _letters(session):
        assert surat.run_id is not None
        run = session.get(ProcedureRun, surat.run_id)
        assert run is not None
        assert (run.sop_id, run.subject_type, run.subject_id) == (
            "9.14",
            surat_masuk.SUBJECT_TYPE,
            str(surat.id),
        )
        assert RunStatus(run.status) in expected[SuratStatus(surat.status)], surat.agenda_teks


def _trees(session: Session) -> dict[int, list[disposisi.HopView]]:
    return {
        s.id: disposisi.tree(session, s.id)
        for s in _letters(session)
        if s.id is not None and s.status in (SuratStatus.PROSES, SuratStatus.SELESAI)
    }


def test_disposisi_chains_show_every_kind_of_hop(session: Session) -> None:
    trees = _trees(session)
    letters = {s.id: s for s in _letters(session)}
    full = one_hop = two = withdrawn = 0
    for surat_id, hops in trees.items():
        flat = disposisi.flatten(hops)
        active = [(depth, hop) for depth, hop in flat if hop.status == HopStatus.AKTIF]
        if letters[surat_id].status == SuratStatus.SELESAI:
            if len(active) == 1:
                one_hop += 1
            deepest = [hop for depth, hop in active if depth == 2]
            for hop in deepest:
                (penerima,) = hop.penerima
                if penerima.user_id is not None and penerima.status == PenerimaStatus.SELESAI:
                    givers = [h.dari_nama for _, h in active]
                    assert givers[0].startswith("Ketua") and givers[1].startswith("Sekretaris")
                    full += 1
        for depth, hop in flat:
            if hop.status == HopStatus.BATAL:
                withdrawn += 1
                assert hop.alasan_batal and not hop.dibaca
                assert all(p.status == PenerimaStatus.BATAL for p in hop.penerima)
            elif depth > 0 and len(hop.penerima) == 2:
                assert sum(p.utama for p in hop.penerima) == 1
                two += 1
    assert full >= 5
    assert one_hop >= 3
    assert two >= 2
    assert withdrawn >= 2


def test_each_step_is_recorded_by_the_demo_user_who_does_it(session: Session) -> None:
    hops = session.exec(select(Disposisi)).all()
    recorders = Counter(hop.dicatat_oleh_nama for hop in hops)
    for username in ("ketua", "sekretaris", "kasubbag.tpph", "petugas"):
        assert recorders[_user_name(session, username)] > 0, username
    assert "sistem" not in recorders
    done = session.exec(
        select(DisposisiPenerima).where(DisposisiPenerima.status == PenerimaStatus.SELESAI)
    ).all()
    finishers = {row.oleh_nama for row in done}
    assert _user_name(session, "staf") in finishers
    assert _user_name(session, "kasubbag.rdi") in finishers
    for row in done:
        assert "{" not in row.tindak_lanjut


def test_letters_look_like_a_real_register(session: Session) -> None:
    letters = _letters(session)
    nomor = [s.nomor_surat for s in letters]
    assert any(re.fullmatch(r"\d+/[A-Z]+\.\d+(\.\d+)?-SD/64/20\d\d", n) for n in nomor)
    assert any(re.fullmatch(r"\d+/[A-Z]+\.\d+(\.\d+)?-\w+/01/20\d\d", n) for n in nomor)
    assert any(re.fullmatch(r"005/\d+/Setda", n) for n in nomor)
    assert any("K.KI" in n for n in nomor)
    assert surat_masuk.TANPA_NOMOR in nomor
    senders = {s.asal for s in letters}
    assert len(senders) >= 25
    for name in ("KPU RI", "KPU Provinsi Kalimantan Timur", "Bawaslu Kota Bontang"):
        assert name in senders
    assert any(a.startswith(("DPD ", "DPC ")) for a in senders)
    assert len({s.sifat for s in letters}) >= 2
    assert len({s.derajat for s in letters}) == 3
    assert len({s.klasifikasi for s in letters}) >= 15
    assert {s.tujuan_nama for s in letters} == {
        "Ketua KPU Kabupaten/Kota",
        "Sekretaris KPU Kabupaten/Kota",
    }
    pairs = Counter((s.nomor_surat_norm, s.asal_norm) for s in letters if s.nomor_surat != "-")
    doubles = [pair for pair, n in pairs.items() if n > 1]
    assert len(doubles) == 1  # the double registration, cancelled
    # quick search and completion have something to find
    found = surat_masuk.count_surat(session, surat_masuk.SuratFilter(teks="data pemilih"))
    assert found >= 10
    assert surat_masuk.suggest_asal(session, "kpu")


def test_journal_holds(session: Session) -> None:
    result = journal.verify(session)
    assert result.ok, result.reason


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        datetime(2026, 11, 28, 4, 0, tzinfo=UTC),  # Saturday noon
        datetime(2026, 11, 22, 23, 0, tzinfo=UTC),  # Monday 07.00, before opening
        datetime(2027, 1, 4, 1, 0, tzinfo=UTC),  # first working day of a year
        datetime(2026, 4, 6, 0, 30, tzinfo=UTC),  # the Monday after Easter
    ],
)
def test_the_plan_is_deterministic_and_complete_on_any_day(
    demo_store: Store, now: datetime
) -> None:
    with demo_store.read() as session:
        clock = procedure.office_clock(session)
    plan = plan_demo_surat(clock, now)
    assert plan == plan_demo_surat(clock, now)
    assert 250 <= len(plan) <= 400
    nasib = Counter(letter.nasib for letter in plan)
    assert nasib["belum"] >= 3 and nasib["proses"] >= 6 and nasib["arsip"] >= 1
    assert nasib["batal"] + nasib["ganda"] >= 4
    for letter in plan:
        times = [step.at for step in letter.langkah]
        assert times == sorted(times) and times[-1] < now
        assert letter.langkah[0].aksi == "catat" and letter.langkah[0].at == letter.diterima
    actions = Counter(step.aksi for letter in plan for step in letter.langkah)
    assert actions["batal_hop"] >= 2
    assert actions["selesai"] > len(plan) // 2
