"""The demo office's records: runs of several SOPs in every state, recorded by the right people."""

from __future__ import annotations

from datetime import UTC, datetime

from kpu_tui.models import RunStatus
from kpu_tui.services import journal, procedure
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo import DEMO_BUILDERS
from kpu_tui.services.demo_procedures import build_demo_runs
from kpu_tui.services.demo_surat_masuk import build_demo_surat_masuk
from kpu_tui.store import Store


def test_demo_runs_cover_every_state(demo_store: Store) -> None:
    now = datetime(2026, 11, 23, 1, 15, tzinfo=UTC)  # Monday 09.15 WITA
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
    # tests/services/test_demo_surat_masuk.py checks the letters themselves
    assert [build_demo_runs, build_demo_surat_masuk] == DEMO_BUILDERS
