"""Runs of an SOP: start, complete steps (with decisions), notes, cancel, timeline, mutu baku.

Every register case that follows an SOP is a run here; the SOP's file says the steps, who acts
and the time standard, the office calendar says when each step falls due. All writes are
journaled; nothing is deleted (a cancelled run keeps its events and its reason).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from kpu_tui.models import (
    Jabatan,
    Office,
    ProcedureRun,
    Role,
    RunStatus,
    StepEvent,
    StepEventKind,
    ZonaWaktu,
    utcnow,
)
from kpu_tui.rules.calendar import OfficeHours, WorkCalendar
from kpu_tui.sop import engine
from kpu_tui.sop.loader import SopError, SopNotFound, get_sop
from kpu_tui.sop.model import Langkah, Sop

from . import calendar, journal
from .actor import Actor
from .errors import NotFound, PermissionDenied, ServiceError, ValidationError

MAX_JUDUL = 300
MAX_CATATAN = 2000
MAX_ALASAN = 500


# -- time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """The office's time zone, calendar and hours: what turns UTC instants into due dates."""

    zone: ZoneInfo
    calendar: WorkCalendar
    hours: OfficeHours

    def local(self, instant: datetime) -> datetime:
        """An aware instant as naive office-local time."""
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(self.zone).replace(tzinfo=None)

    def instant(self, local: datetime) -> datetime:
        """Naive office-local time as an aware UTC instant."""
        return local.replace(tzinfo=self.zone).astimezone(UTC)


def office_clock(session: Session) -> Clock:
    """The clock of this office (WIB and default hours before set-up).

    Cached for the life of the session (one user action): an action asks for it several times,
    and building the calendar is the costly part. Services that change the calendar, the hours
    or the zone drop it (``calendar.forget_clock``)."""
    cached = session.info.get(calendar.CLOCK_CACHE)
    if isinstance(cached, Clock):
        return cached
    office = session.exec(select(Office).limit(1)).first()
    zone = ZoneInfo(ZonaWaktu(office.zona_waktu).iana if office else ZonaWaktu.WIB.iana)
    clock = Clock(zone, calendar.build_calendar(session), calendar.office_hours(session))
    session.info[calendar.CLOCK_CACHE] = clock
    return clock


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunView:
    """A run as screens and commands see it."""

    id: int
    sop_id: str
    sop_nama: str
    judul: str
    subject_type: str
    subject_id: str
    status: RunStatus
    langkah_kini: int | None
    kegiatan_kini: str
    pelaksana_kini: tuple[str, ...]
    keputusan_kini: str
    """The question of the current step when it is a decision, else ``""``."""
    langkah_sejak: datetime | None
    tenggat: datetime | None
    terlambat: str
    """``lewat 2 hari kerja`` when overdue, else ``""``."""
    mulai_at: datetime
    mulai_oleh: str
    selesai_at: datetime | None
    alasan_batal: str

    @property
    def overdue(self) -> bool:
        """Whether the current step is past its due time."""
        return bool(self.terlambat)


def _view(run: ProcedureRun, sop: Sop | None, clock: Clock, now: datetime) -> RunView:
    assert run.id is not None
    langkah = _find_step(sop, run.langkah_kini)
    terlambat = ""
    if run.status == RunStatus.BERJALAN and run.tenggat_at is not None:
        late = engine.lateness(
            clock.local(run.tenggat_at), clock.local(now), clock.calendar, clock.hours
        )
        terlambat = late.label() if late else ""
    return RunView(
        id=run.id,
        sop_id=run.sop_id,
        sop_nama=run.sop_nama,
        judul=run.judul,
        subject_type=run.subject_type,
        subject_id=run.subject_id,
        status=RunStatus(run.status),
        langkah_kini=run.langkah_kini,
        kegiatan_kini=langkah.kegiatan if langkah else "",
        pelaksana_kini=_pelaksana_names(sop, langkah),
        keputusan_kini=langkah.keputusan.pertanyaan if langkah and langkah.keputusan else "",
        langkah_sejak=run.langkah_sejak,
        tenggat=run.tenggat_at,
        terlambat=terlambat,
        mulai_at=run.mulai_at,
        mulai_oleh=run.mulai_oleh_nama,
        selesai_at=run.selesai_at,
        alasan_batal=run.alasan_batal,
    )


def _find_step(sop: Sop | None, no: int | None) -> Langkah | None:
    if sop is None or no is None:
        return None
    try:
        return sop.step(no)
    except KeyError:
        return None


def _pelaksana_names(sop: Sop | None, langkah: Langkah | None) -> tuple[str, ...]:
    if sop is None or langkah is None:
        return ()
    names = {p.kode: p.nama for p in sop.pelaksana}
    return tuple(names.get(kode, kode) for kode in langkah.pelaksana)


def _sop(sop_id: str) -> Sop:
    try:
        return get_sop(sop_id)
    except SopNotFound as exc:
        raise NotFound(str(exc)) from exc
    except SopError as exc:
        raise ServiceError(str(exc)) from exc


def _sop_or_none(sop_id: str) -> Sop | None:
    try:
        return get_sop(sop_id)
    except (SopNotFound, SopError):
        return None


# -- permissions -----------------------------------------------------------------------------


def _held_jabatan(session: Session, actor: Actor) -> set[str]:
    if actor.id is None:
        return set()
    rows = session.exec(
        select(Jabatan.kode).where(Jabatan.user_id == actor.id, col(Jabatan.aktif).is_(True))
    ).all()
    return set(rows)


def may_act(sop: Sop, langkah: Langkah, actor: Actor, jabatan: set[str]) -> bool:
    """Whether ``actor`` may record this step: an admin; anyone holding a role or a position of
    the step's pelaksana; for a step of an outside party (pemohon, KPPN …) any office user."""
    if actor.has(Role.ADMIN):
        return True
    columns = [p for p in sop.pelaksana if p.kode in langkah.pelaksana]
    internal = [p for p in columns if p.peran or p.jabatan]
    if not internal:
        return bool(actor.roles)
    for pelaksana in internal:
        if any(role in actor.roles for role in pelaksana.peran):
            return True
        if jabatan & set(pelaksana.jabatan):
            return True
    return False


def may_record(session: Session, *, actor: Actor, run_id: int) -> bool:
    """Whether ``actor`` may record the current step of an open run (for screens and queues
    to offer or dim the action before the user tries)."""
    run = session.get(ProcedureRun, run_id)
    if run is None or run.status != RunStatus.BERJALAN or run.langkah_kini is None:
        return False
    sop = _sop_or_none(run.sop_id)
    langkah = _find_step(sop, run.langkah_kini)
    if sop is None or langkah is None:
        return False
    return may_act(sop, langkah, actor, _held_jabatan(session, actor))


# -- actions ---------------------------------------------------------------------------------


def _state(run: ProcedureRun) -> dict[str, object]:
    return run.model_dump(mode="json")


def _due(sop: Sop, no: int | None, start: datetime, clock: Clock) -> datetime | None:
    langkah = _find_step(sop, no)
    if langkah is None:
        return None
    local = engine.due_at(clock.local(start), langkah.waktu, clock.calendar, clock.hours)
    return clock.instant(local) if local else None


def start_run(
    session: Session,
    *,
    actor: Actor,
    sop_id: str,
    judul: str,
    subject_type: str = "",
    subject_id: str = "",
    now: datetime | None = None,
) -> RunView:
    """Start a run of an SOP at its first step."""
    now = now or utcnow()
    sop = _sop(sop_id)
    judul = " ".join(judul.split())
    if not judul:
        raise ValidationError({"judul": "Perihal/subjek wajib diisi."})
    if len(judul) > MAX_JUDUL:
        raise ValidationError({"judul": f"Perihal paling banyak {MAX_JUDUL} karakter."})
    if not actor.roles:
        raise PermissionDenied("Anda tidak berwenang memulai prosedur.")
    clock = office_clock(session)
    first = min(item.no for item in sop.langkah)
    run = ProcedureRun(
        sop_id=sop.id,
        sop_nama=sop.judul_lengkap,
        judul=judul,
        subject_type=subject_type,
        subject_id=subject_id,
        langkah_kini=first,
        langkah_sejak=now,
        tenggat_at=_due(sop, first, now, clock),
        mulai_at=now,
        mulai_oleh_id=actor.id,
        mulai_oleh_nama=actor.name,
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    session.add(
        StepEvent(
            run_id=run.id,
            kind=StepEventKind.MULAI,
            langkah_berikut=first,
            at=now,
            actor_id=actor.id,
            actor_name=actor.name,
        )
    )
    journal.record(
        session,
        actor=actor,
        action="mulai",
        record_type="procedure_run",
        record_id=run.id,
        after=_state(run),
    )
    return _view(run, sop, clock, now)


def _open_run(session: Session, run_id: int) -> ProcedureRun:
    run = session.get(ProcedureRun, run_id)
    if run is None:
        raise NotFound(f"Prosedur nomor {run_id} tidak ditemukan.")
    if run.status != RunStatus.BERJALAN:
        raise ServiceError(f"Prosedur nomor {run_id} sudah {RunStatus(run.status).label}.")
    return run


def complete_step(
    session: Session,
    *,
    actor: Actor,
    run_id: int,
    keputusan: str | None = None,
    catatan: str = "",
    lampiran: str = "",
    now: datetime | None = None,
    authorized: bool = False,
) -> RunView:
    """Record the current step as done; a decision step needs ``keputusan`` ``ya``/``tidak``.

    The run moves to the next step (or the target of the decision, which may lie before), whose
    due time is computed from its mutu baku; after the last step the run is finished.
    ``authorized`` is for register services that have checked the actor themselves (a petugas
    copying a pimpinan's paper disposisi records step 4 for him); the event keeps the actor.
    """
    now = now or utcnow()
    run = _open_run(session, run_id)
    sop = _sop(run.sop_id)
    assert run.langkah_kini is not None and run.id is not None
    langkah = sop.step(run.langkah_kini)
    if not authorized and not may_act(sop, langkah, actor, _held_jabatan(session, actor)):
        names = ", ".join(_pelaksana_names(sop, langkah))
        raise PermissionDenied(f"Langkah {langkah.no} dikerjakan oleh {names}.")
    catatan = catatan.strip()
    if len(catatan) > MAX_CATATAN:
        raise ValidationError({"catatan": f"Catatan paling banyak {MAX_CATATAN} karakter."})
    try:
        target = engine.next_step(sop, langkah.no, keputusan or None)
    except engine.DecisionError as exc:
        raise ValidationError({"keputusan": str(exc)}) from exc
    before = _state(run)
    clock = office_clock(session)
    session.add(
        StepEvent(
            run_id=run.id,
            kind=StepEventKind.SELESAI,
            langkah_no=langkah.no,
            keputusan=keputusan or "",
            langkah_berikut=target,
            langkah_mulai_at=run.langkah_sejak,
            at=now,
            actor_id=actor.id,
            actor_name=actor.name,
            catatan=catatan,
            lampiran=lampiran.strip()[:300],
        )
    )
    if target is None:
        run.status = RunStatus.SELESAI
        run.langkah_kini = None
        run.langkah_sejak = None
        run.tenggat_at = None
        run.selesai_at = now
    else:
        run.langkah_kini = target
        run.langkah_sejak = now
        run.tenggat_at = _due(sop, target, now, clock)
    session.add(run)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="langkah_selesai",
        record_type="procedure_run",
        record_id=run.id,
        before=before,
        after=_state(run) | {"langkah": langkah.no, "keputusan": keputusan or ""},
    )
    return _view(run, sop, clock, now)


def add_note(
    session: Session,
    *,
    actor: Actor,
    run_id: int,
    catatan: str,
    lampiran: str = "",
    now: datetime | None = None,
) -> RunView:
    """A note on the current step (the step stays open), with an attachment's reference
    (``attachments.store_file(...).ref``) when a document came in."""
    now = now or utcnow()
    run = _open_run(session, run_id)
    catatan = catatan.strip()
    if not catatan:
        raise ValidationError({"catatan": "Catatan wajib diisi."})
    if len(catatan) > MAX_CATATAN:
        raise ValidationError({"catatan": f"Catatan paling banyak {MAX_CATATAN} karakter."})
    assert run.id is not None
    session.add(
        StepEvent(
            run_id=run.id,
            kind=StepEventKind.CATATAN,
            langkah_no=run.langkah_kini,
            at=now,
            actor_id=actor.id,
            actor_name=actor.name,
            catatan=catatan,
            lampiran=lampiran.strip()[:300],
        )
    )
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="catatan",
        record_type="procedure_run",
        record_id=run.id,
        after={"langkah": run.langkah_kini, "catatan": catatan}
        | ({"lampiran": lampiran.strip()} if lampiran.strip() else {}),
    )
    return _view(run, _sop_or_none(run.sop_id), office_clock(session), now)


def cancel_run(
    session: Session,
    *,
    actor: Actor,
    run_id: int,
    alasan: str,
    now: datetime | None = None,
    authorized: bool = False,
) -> RunView:
    """Cancel a running procedure with a reason (its events stay). ``authorized``: the calling
    register service has checked the actor (as for :func:`complete_step`)."""
    now = now or utcnow()
    run = _open_run(session, run_id)
    alasan = " ".join(alasan.split())
    if not alasan:
        raise ValidationError({"alasan": "Alasan pembatalan wajib diisi."})
    if len(alasan) > MAX_ALASAN:
        raise ValidationError({"alasan": f"Alasan paling banyak {MAX_ALASAN} karakter."})
    starter = actor.id is not None and actor.id == run.mulai_oleh_id
    if not (authorized or actor.has(Role.ADMIN) or starter):
        raise PermissionDenied("Hanya admin atau yang memulai prosedur ini yang dapat membatalkan.")
    assert run.id is not None
    before = _state(run)
    session.add(
        StepEvent(
            run_id=run.id,
            kind=StepEventKind.BATAL,
            langkah_no=run.langkah_kini,
            at=now,
            actor_id=actor.id,
            actor_name=actor.name,
            catatan=alasan,
        )
    )
    run.status = RunStatus.BATAL
    run.alasan_batal = alasan
    run.selesai_at = now
    run.tenggat_at = None
    session.add(run)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="batal",
        record_type="procedure_run",
        record_id=run.id,
        before=before,
        after=_state(run),
    )
    return _view(run, _sop_or_none(run.sop_id), office_clock(session), now)


# -- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunFilter:
    """Filters of the run list."""

    status: RunStatus | None = None
    sop_id: str | None = None
    overdue_at: datetime | None = None
    """Only runs whose current step was due before this instant."""
    text: str | None = None


def _filtered(query, flt: RunFilter):  # type: ignore[no-untyped-def]
    if flt.status is not None:
        query = query.where(ProcedureRun.status == flt.status)
    if flt.sop_id:
        query = query.where(ProcedureRun.sop_id == flt.sop_id)
    if flt.overdue_at is not None:
        query = query.where(
            ProcedureRun.status == RunStatus.BERJALAN,
            col(ProcedureRun.tenggat_at).is_not(None),
            col(ProcedureRun.tenggat_at) < flt.overdue_at,
        )
    if flt.text:
        query = query.where(col(ProcedureRun.judul).contains(flt.text))
    return query


def list_runs(
    session: Session,
    flt: RunFilter | None = None,
    *,
    before_id: int | None = None,
    limit: int = 200,
    now: datetime | None = None,
) -> list[RunView]:
    """One page of runs, newest first (keyset on id: pass the last id seen as ``before_id``)."""
    now = now or utcnow()
    query = _filtered(select(ProcedureRun), flt or RunFilter())
    if before_id is not None:
        query = query.where(col(ProcedureRun.id) < before_id)
    rows = session.exec(query.order_by(col(ProcedureRun.id).desc()).limit(limit)).all()
    clock = office_clock(session)
    sops: dict[str, Sop | None] = {}
    views = []
    for run in rows:
        if run.sop_id not in sops:
            sops[run.sop_id] = _sop_or_none(run.sop_id)
        views.append(_view(run, sops[run.sop_id], clock, now))
    return views


def count_runs(session: Session, flt: RunFilter | None = None) -> int:
    """How many runs match."""
    query = _filtered(select(func.count()).select_from(ProcedureRun), flt or RunFilter())
    return int(session.exec(query).one())


def get_run(session: Session, run_id: int, *, now: datetime | None = None) -> RunView:
    """One run."""
    run = session.get(ProcedureRun, run_id)
    if run is None:
        raise NotFound(f"Prosedur nomor {run_id} tidak ditemukan.")
    return _view(run, _sop_or_none(run.sop_id), office_clock(session), now or utcnow())


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a run, with the step's actual time set against its standard."""

    kind: StepEventKind
    langkah_no: int | None
    kegiatan: str
    actor: str
    at: datetime
    mulai: datetime | None
    keputusan: str
    langkah_berikut: int | None
    catatan: str
    lampiran: str
    waktu_teks: str
    """The step's mutu baku as printed."""
    aktual: int | None
    """The actual time in the unit of the standard (None when the standard has no fixed time)."""
    satuan: str
    batas: int | None
    sesuai: bool | None
    """Within standard (None when there is no fixed standard)."""

    @property
    def aktual_label(self) -> str:
        """``25 menit``, ``2 hari kerja`` or ``–``."""
        return _amount_label(self.aktual, self.satuan)


def _amount_label(amount: int | None, satuan: str) -> str:
    if amount is None:
        return "–"
    word = {"menit": "menit", "hari_kerja": "hari kerja", "hari": "hari"}.get(satuan, satuan)
    return f"{amount} {word}"


def timeline(session: Session, run_id: int) -> list[TimelineEntry]:
    """Every event of a run in order, with actual against standard for completed steps."""
    run = session.get(ProcedureRun, run_id)
    if run is None:
        raise NotFound(f"Prosedur nomor {run_id} tidak ditemukan.")
    sop = _sop_or_none(run.sop_id)
    clock = office_clock(session)
    events = session.exec(
        select(StepEvent).where(StepEvent.run_id == run_id).order_by(col(StepEvent.id))
    ).all()
    entries = []
    for event in events:
        langkah = _find_step(sop, event.langkah_no)
        aktual, satuan, batas, sesuai = _measure(event, langkah, clock)
        entries.append(
            TimelineEntry(
                kind=StepEventKind(event.kind),
                langkah_no=event.langkah_no,
                kegiatan=langkah.kegiatan if langkah else "",
                actor=event.actor_name,
                at=event.at,
                mulai=event.langkah_mulai_at,
                keputusan=event.keputusan,
                langkah_berikut=event.langkah_berikut,
                catatan=event.catatan,
                lampiran=event.lampiran,
                waktu_teks=langkah.waktu.teks if langkah else "",
                aktual=aktual,
                satuan=satuan,
                batas=batas,
                sesuai=sesuai,
            )
        )
    return entries


def _measure(
    event: StepEvent, langkah: Langkah | None, clock: Clock
) -> tuple[int | None, str, int | None, bool | None]:
    if event.kind != StepEventKind.SELESAI or langkah is None or event.langkah_mulai_at is None:
        return None, "", None, None
    limit = langkah.waktu.batas()
    unit: engine.Unit = limit[1] if limit else "menit"
    actual = engine.elapsed(
        clock.local(event.langkah_mulai_at),
        clock.local(event.at),
        unit,
        clock.calendar,
        clock.hours,
    )
    if limit is None:
        return actual, unit, None, None
    return actual, unit, limit[0], actual <= limit[0]


# -- mutu baku -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStats:
    """One step's record over a period."""

    no: int
    kegiatan: str
    waktu_teks: str
    satuan: str
    batas: int | None
    jumlah: int
    median: float | None
    p90: float | None
    sesuai: int
    """How many were within the standard."""

    @property
    def persen_sesuai(self) -> float | None:
        """The share within standard, 0–100 (None without a fixed standard or any run)."""
        if self.batas is None or self.jumlah == 0:
            return None
        return 100.0 * self.sesuai / self.jumlah


@dataclass(frozen=True)
class MutuBakuReport:
    """Per SOP and step, for a period: runs, median and 90th percentile, standard, share."""

    sop_id: str
    sop_nama: str
    dari: date
    sampai: date
    jumlah_run: int
    selesai: int
    batal: int
    langkah: tuple[StepStats, ...] = field(default_factory=tuple)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation (as spreadsheets do)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def mutu_baku(session: Session, *, sop_id: str, dari: date, sampai: date) -> MutuBakuReport:
    """Actual step times of the runs of ``sop_id`` started in the period, against the SOP.

    The period selects runs by their start (``dari`` to ``sampai`` inclusive, office time), and
    every completed step of those runs counts, also when it was done after ``sampai``: the
    totals and the step figures describe the same runs.
    """
    if sampai < dari:
        raise ValidationError({"sampai": "Tanggal akhir sebelum tanggal awal."})
    sop = _sop(sop_id)
    clock = office_clock(session)
    start = clock.instant(datetime.combine(dari, time(0)))
    end = clock.instant(datetime.combine(sampai, time(23, 59, 59, 999999)))
    runs_in_period = select(ProcedureRun.id).where(
        ProcedureRun.sop_id == sop.id,
        col(ProcedureRun.mulai_at) >= start,
        col(ProcedureRun.mulai_at) <= end,
    )
    rows = session.exec(
        select(StepEvent)
        .where(
            col(StepEvent.run_id).in_(runs_in_period),
            StepEvent.kind == StepEventKind.SELESAI,
        )
        .order_by(col(StepEvent.id))
    ).all()
    samples: dict[int, list[tuple[int, bool | None]]] = {}
    units: dict[int, str] = {}
    for event in rows:
        langkah = _find_step(sop, event.langkah_no)
        aktual, satuan, _, sesuai = _measure(event, langkah, clock)
        if langkah is None or aktual is None:
            continue
        samples.setdefault(langkah.no, []).append((aktual, sesuai))
        units[langkah.no] = satuan
    stats = []
    for langkah in sop.langkah:
        values = samples.get(langkah.no, [])
        limit = langkah.waktu.batas()
        numbers = [float(v) for v, _ in values]
        stats.append(
            StepStats(
                no=langkah.no,
                kegiatan=langkah.kegiatan,
                waktu_teks=langkah.waktu.teks,
                satuan=units.get(langkah.no, limit[1] if limit else ""),
                batas=limit[0] if limit else None,
                jumlah=len(values),
                median=statistics.median(numbers) if numbers else None,
                p90=percentile(numbers, 90) if numbers else None,
                sesuai=sum(1 for _, ok in values if ok),
            )
        )
    status_counts = dict(
        session.exec(
            select(ProcedureRun.status, func.count())
            .where(
                ProcedureRun.sop_id == sop.id,
                col(ProcedureRun.mulai_at) >= start,
                col(ProcedureRun.mulai_at) <= end,
            )
            .group_by(ProcedureRun.status)
        ).all()
    )
    return MutuBakuReport(
        sop_id=sop.id,
        sop_nama=sop.judul_lengkap,
        dari=dari,
        sampai=sampai,
        jumlah_run=sum(status_counts.values()),
        selesai=status_counts.get(RunStatus.SELESAI, 0),
        batal=status_counts.get(RunStatus.BATAL, 0),
        langkah=tuple(stats),
    )
