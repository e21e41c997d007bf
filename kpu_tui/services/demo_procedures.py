"""Demo runs of several SOPs in every state: on time, late, finished (through a branch),
cancelled. Each step is recorded by the demo user who holds the acting role or position, at
plausible times in the past, so the Prosedur screen, the queue and the mutu baku report have
something true to show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from kpu_tui.models import Jabatan, Role, User, UserRole, utcnow
from kpu_tui.sop.loader import get_sop
from kpu_tui.sop.model import Langkah, Sop

from . import procedure
from .actor import Actor

# (sop, judul, working minutes between steps, decisions by step, steps to do, cancel reason)
DemoRun = tuple[str, str, int, dict[int, Sequence[str]], int | None, str]

DEMO_RUNS: tuple[DemoRun, ...] = (
    (
        "9.17",
        "Revisi POK kegiatan sosialisasi Pilkada",
        40,
        {4: ("ya", "tidak"), 7: ("ya",)},
        None,
        "",
    ),
    ("9.14", "Undangan rapat koordinasi dari KPU Provinsi Kalimantan Timur", 7, {}, None, ""),
    (
        "9.3",
        "Pengaduan masyarakat tentang pemutakhiran data pemilih di Bontang Selatan",
        600,
        {7: ("ya",)},
        None,
        "",
    ),
    ("9.22", "Permohonan informasi salinan Keputusan penetapan DPT", 300, {3: ("ya",)}, None, ""),
    ("9.13", "Surat balasan permohonan data pemilih kepada Bawaslu Kota Bontang", 25, {}, None, ""),
    ("9.14", "Surat edaran Sekretariat Jenderal KPU tentang tata naskah dinas", 8, {}, 2, ""),
    ("9.3", "Pengaduan tentang pelayanan loket informasi", 240, {}, 2, ""),
    ("9.22", "Permohonan informasi daftar anggota PPK", 60, {}, 1, ""),
    (
        "9.6",
        "Permintaan nama calon PAW anggota DPRD Kota Bontang",
        60,
        {},
        3,
        "Surat ditarik kembali oleh Pimpinan DPRD",
    ),
    ("9.17", "Revisi DIPA belanja barang persediaan", 30, {}, 0, ""),
)


def _actors(session: Session) -> tuple[dict[str, Actor], dict[Role, Actor], Actor]:
    users = {u.id: u for u in session.exec(select(User).where(col(User.aktif).is_(True))).all()}
    roles: dict[int, set[Role]] = {}
    for link in session.exec(select(UserRole)).all():
        roles.setdefault(link.user_id, set()).add(Role(link.role))

    def actor(user: User) -> Actor:
        assert user.id is not None
        return Actor(user.id, user.nama, frozenset(roles.get(user.id, set())))

    by_jabatan = {
        j.kode: actor(users[j.user_id])
        for j in session.exec(select(Jabatan).where(col(Jabatan.user_id).is_not(None))).all()
        if j.user_id in users
    }
    by_role: dict[Role, Actor] = {}
    for user in sorted(users.values(), key=lambda u: u.id or 0):
        for role in sorted(roles.get(user.id or 0, set()), key=list(Role).index):
            by_role.setdefault(role, actor(user))
    admin = by_role.get(Role.ADMIN) or next(iter(by_role.values()))
    return by_jabatan, by_role, admin


def _who(
    sop: Sop,
    langkah: Langkah,
    by_jabatan: dict[str, Actor],
    by_role: dict[Role, Actor],
    admin: Actor,
) -> Actor:
    for kode in langkah.pelaksana:
        column = sop.column(kode)
        for jabatan in column.jabatan:
            if jabatan in by_jabatan:
                return by_jabatan[jabatan]
        for role in column.peran:
            if role in by_role:
                return by_role[role]
    return by_role.get(Role.PETUGAS, admin)


def build_demo_runs(session: Session, actor: Actor, now: datetime | None = None) -> None:
    """Add the demo runs, the oldest started about six weeks before ``now``.

    ``actor`` (who builds the demo) is not the one recorded: each step is recorded by the demo
    user who holds its role or position.
    """
    now = now or utcnow()
    clock = procedure.office_clock(session)
    by_jabatan, by_role, admin = _actors(session)
    for index, (sop_id, judul, gap, decisions, stop_after, cancel) in enumerate(DEMO_RUNS):
        sop = get_sop(sop_id)
        local_start = clock.calendar.next_working_day(
            (clock.local(now) - timedelta(days=42 - 4 * index)).date()
        )
        when = clock.instant(clock.hours.opening(local_start) + timedelta(minutes=30 + 7 * index))
        if index in (1, 5):  # today's letters
            when = now - timedelta(minutes=gap * 3)
        starter = _who(sop, sop.langkah[0], by_jabatan, by_role, admin)
        run = procedure.start_run(session, actor=starter, sop_id=sop_id, judul=judul, now=when)
        answers = {no: list(seq) for no, seq in decisions.items()}
        done = 0
        view = run
        while view.langkah_kini is not None and (stop_after is None or done < stop_after):
            langkah = sop.step(view.langkah_kini)
            local = clock.calendar.add_office_minutes(clock.local(when), gap, clock.hours)
            when = clock.instant(local)
            if when >= now:
                break
            keputusan = None
            if langkah.keputusan is not None:
                queue = answers.get(langkah.no) or ["ya"]
                keputusan = queue.pop(0) if len(queue) > 1 else queue[0]
            view = procedure.complete_step(
                session,
                actor=_who(sop, langkah, by_jabatan, by_role, admin),
                run_id=run.id,
                keputusan=keputusan,
                now=when,
            )
            done += 1
        if cancel:
            procedure.cancel_run(session, actor=admin, run_id=run.id, alasan=cancel, now=when)
