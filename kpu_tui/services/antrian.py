"""The queue: what each person must act on across the registers, and what is late.

An item is a piece of open work sitting with someone:

- a disposisi received and not read yet, or read and not followed up (``disposisi_penerima``);
- a surat masuk addressed to a pimpinan and not disposed yet (SOP 9.14 step 4);
- a konsep awaiting a position's paraf (the first still waiting in its round) or signature;
- a konsep returned to its konseptor for correction;
- a signed letter not sent yet (the petugas' desk);
- the current step of an open SOP run whose pelaksana the person is (runs of other registers;
  the surat masuk and surat keluar runs are represented by the items above).

Items are read with a few indexed queries restricted to the person (positions held, unit,
roles), so a queue is bounded by the open work of one person, never by the registers' size.
The office and unit views group every open item by the person it sits with.

Due times come from the disposisi's batas waktu (due at closing time of that day) or from the
SOP run's mutu baku (``procedure_run.tenggat_at``); lateness is counted by the SOP engine in
working days, or in office hours within the first working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import select as sa_select  # rows of many columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    Jabatan,
    KeluarStatus,
    ParafStatus,
    PenerimaStatus,
    ProcedureRun,
    Role,
    RunStatus,
    SuratKeluar,
    SuratKeluarParaf,
    SuratMasuk,
    SuratStatus,
    Unit,
    User,
    UserRole,
)
from kpu_tui.sop import engine
from kpu_tui.sop.engine import Urgensi
from kpu_tui.sop.loader import SopError, SopNotFound, get_sop
from kpu_tui.sop.model import Sop

from .procedure import Clock, office_clock

SUBJECT_SURAT_MASUK = "surat_masuk"
SUBJECT_SURAT_KELUAR = "surat_keluar"
REGISTER_SUBJECTS = (SUBJECT_SURAT_MASUK, SUBJECT_SURAT_KELUAR)
"""Runs of these registers are shown through their own items, not as bare SOP steps."""

OPEN_PENERIMA = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)
CLOSED_SURAT = (SuratStatus.BATAL, SuratStatus.DIARSIPKAN)


class Jenis(StrEnum):
    """Kinds of queue items, in the order the dashboard lists them."""

    TELAAH = "telaah"
    DISPOSISI_BARU = "disposisi_baru"
    DISPOSISI = "disposisi"
    PARAF = "paraf"
    TANDA_TANGAN = "tanda_tangan"
    PERBAIKAN = "perbaikan"
    KIRIM = "kirim"
    LANGKAH = "langkah"

    @property
    def label(self) -> str:
        """What the queue's first column says."""
        return JENIS_LABELS[self]


JENIS_LABELS: dict[Jenis, str] = {
    Jenis.TELAAH: "Perlu disposisi",
    Jenis.DISPOSISI_BARU: "Disposisi baru",
    Jenis.DISPOSISI: "Belum ditindaklanjuti",
    Jenis.PARAF: "Menunggu paraf",
    Jenis.TANDA_TANGAN: "Menunggu tanda tangan",
    Jenis.PERBAIKAN: "Konsep dikembalikan",
    Jenis.KIRIM: "Belum dikirim",
    Jenis.LANGKAH: "Langkah SOP",
}

DISPOSISI_KINDS = frozenset({Jenis.DISPOSISI_BARU, Jenis.DISPOSISI})
KELUAR_KINDS = frozenset({Jenis.PARAF, Jenis.TANDA_TANGAN, Jenis.PERBAIKAN, Jenis.KIRIM})


@dataclass(frozen=True)
class Pemegang:
    """Who an item sits with: a person, a position (no account, or vacant), a unit, or a role
    (the petugas' desk, a pelaksana given only by role)."""

    jenis: str
    """``user``, ``jabatan``, ``unit`` or ``peran``."""
    id: str
    nama: str

    @property
    def key(self) -> str:
        """A stable key, e.g. ``user:4``."""
        return f"{self.jenis}:{self.id}"


@dataclass(frozen=True)
class Item:
    """One piece of open work, as the queue shows it."""

    jenis: Jenis
    ref_id: int
    """The row acted on: the penerima for a disposisi, the letter for telaah and surat keluar
    kinds, the run for an SOP step."""
    surat_masuk_id: int | None
    surat_keluar_id: int | None
    run_id: int | None
    nomor: str
    """Nomor agenda, nomor surat (or ``konsep``), or the SOP's number."""
    perihal: str
    pihak: str
    """Asal of a surat masuk, tujuan of a surat keluar, the SOP's name for a step."""
    dari: str
    """Who passed it on: the giver of the disposisi, the konseptor, the one who started the run."""
    catatan: str
    """The disposisi's instructions and note, the return note, the step's kegiatan."""
    sejak: datetime | None
    """Since when it waits (aware, UTC)."""
    tenggat: datetime | None
    """When it is due (aware, UTC), None without a fixed due time."""
    pemegang: Pemegang
    urgensi: Urgensi = Urgensi.TANPA
    status_label: str = ""
    """``lewat 2 hari kerja``, ``hari ini 16.00``, ``Rab 25 Nov`` or ``""``."""
    terlambat_hk: int = 0
    """Working days late (0 when late by hours only or not late)."""

    @property
    def key(self) -> str:
        """Unique among the items of one queue: ``disposisi_baru:12``."""
        return f"{self.jenis.value}:{self.ref_id}"

    @property
    def terlambat(self) -> bool:
        """Whether it is past its due time."""
        return self.urgensi == Urgensi.TERLAMBAT

    @property
    def sort_key(self) -> tuple[int, datetime, str]:
        """Overdue first (the latest the earliest due), then due today, soon, later, undated;
        within a group by due time, undated ones by how long they have waited."""
        when = self.tenggat or self.sejak or datetime.max.replace(tzinfo=UTC)
        return (int(self.urgensi), when, self.key)


@dataclass(frozen=True)
class Sasaran:
    """Whose work: one person (by the user, the positions held, the unit and the roles), or
    the whole office (``semua``)."""

    user_id: int | None = None
    jabatan_ids: frozenset[int] = frozenset()
    jabatan_kode: frozenset[str] = frozenset()
    unit_id: int | None = None
    roles: frozenset[Role] = frozenset()
    semua: bool = False
    nama: str = ""


KANTOR = Sasaran(semua=True, nama="Seluruh kantor")
"""Every open item of the office."""


def sasaran_user(session: Session, user_id: int) -> Sasaran:
    """The target of a user's own queue: their positions, their unit and their roles."""
    user = session.get(User, user_id)
    if user is None:
        return Sasaran(user_id=user_id)
    held = session.exec(
        select(Jabatan.id, Jabatan.kode).where(
            Jabatan.user_id == user_id, col(Jabatan.aktif).is_(True)
        )
    ).all()
    roles = session.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all()
    return Sasaran(
        user_id=user_id,
        jabatan_ids=frozenset(j for j, _ in held if j is not None),
        jabatan_kode=frozenset(k for _, k in held),
        unit_id=user.unit_id,
        roles=frozenset(Role(r) for r in roles),
        nama=user.nama,
    )


@dataclass(frozen=True)
class Filter:
    """Which items: kinds (empty: all) and only the overdue ones."""

    jenis: frozenset[Jenis] = frozenset()
    hanya_terlambat: bool = False

    def wants(self, jenis: Jenis) -> bool:
        """Whether items of ``jenis`` are asked for."""
        return not self.jenis or jenis in self.jenis


# -- reading items -------------------------------------------------------------------------


@dataclass
class _Context:
    session: Session
    clock: Clock
    now: datetime
    now_local: datetime
    status_cache: dict[datetime, engine.Status] = field(default_factory=dict)
    closing_cache: dict[date, datetime] = field(default_factory=dict)
    jabatan: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    kode_to_id: dict[str, int] = field(default_factory=dict)

    def closing(self, day: date) -> datetime:
        """The aware instant the office closes on ``day`` (a batas waktu falls due then)."""
        cached = self.closing_cache.get(day)
        if cached is None:
            cached = self.clock.instant(self.clock.hours.closing(day))
            self.closing_cache[day] = cached
        return cached

    def status(self, due: datetime | None) -> engine.Status:
        if due is None:
            return engine.Status(Urgensi.TANPA, "")
        cached = self.status_cache.get(due)
        if cached is None:
            cached = engine.urgency(
                self.clock.local(due), self.now_local, self.clock.calendar, self.clock.hours
            )
            self.status_cache[due] = cached
        return cached

    def holder_jabatan(self, jabatan_id: int) -> Pemegang:
        nama, _ = self.jabatan.get(jabatan_id, (f"Jabatan {jabatan_id}", None))
        return Pemegang("jabatan", str(jabatan_id), nama)

    def holder_user(self, user_id: int) -> Pemegang:
        return Pemegang("user", str(user_id), self.users.get(user_id, f"Pengguna {user_id}"))

    def holder_unit(self, unit_id: int) -> Pemegang:
        return Pemegang("unit", str(unit_id), self.units.get(unit_id, f"Unit {unit_id}"))


def _context(session: Session, now: datetime) -> _Context:
    clock = office_clock(session)
    ctx = _Context(session, clock, now, clock.local(now))
    for j_id, kode, nama, user_id in session.exec(
        select(Jabatan.id, Jabatan.kode, Jabatan.nama, Jabatan.user_id)
    ):
        if j_id is not None:
            ctx.jabatan[j_id] = (nama, user_id)
            ctx.kode_to_id[kode] = j_id
    for u_id, nama in session.exec(select(Unit.id, Unit.nama)):
        if u_id is not None:
            ctx.units[u_id] = nama
    for u_id, nama in session.exec(select(User.id, User.nama)):
        if u_id is not None:
            ctx.users[u_id] = nama
    return ctx


def _select(*columns: Any) -> Any:
    """A SELECT of plain columns (untyped: SQLModel's overloads stop at four columns)."""
    return sa_select(*columns)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _disposisi(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    wanted = [
        status
        for jenis, status in (
            (Jenis.DISPOSISI_BARU, PenerimaStatus.MENUNGGU),
            (Jenis.DISPOSISI, PenerimaStatus.DIBACA),
        )
        if flt.wants(jenis)
    ]
    if not wanted:
        return
    p = DisposisiPenerima
    query = (
        _select(
            p.id,
            p.status,
            p.user_id,
            p.jabatan_id,
            p.unit_id,
            p.nama,
            Disposisi.tanggal,
            Disposisi.batas_waktu,
            Disposisi.dari_nama,
            Disposisi.catatan,
            SuratMasuk.id,
            SuratMasuk.agenda_teks,
            SuratMasuk.perihal,
            SuratMasuk.asal,
        )
        .join(Disposisi, col(Disposisi.id) == col(p.disposisi_id))
        .join(SuratMasuk, col(SuratMasuk.id) == col(p.surat_id))
        .where(
            col(p.status).in_(wanted),
            Disposisi.status == HopStatus.AKTIF,
            col(SuratMasuk.status).not_in(CLOSED_SURAT),
        )
    )
    if not sasaran.semua:
        who = []
        if sasaran.user_id is not None:
            who.append(col(p.user_id) == sasaran.user_id)
        if sasaran.jabatan_ids:
            who.append(col(p.jabatan_id).in_(sorted(sasaran.jabatan_ids)))
        if sasaran.unit_id is not None:
            who.append(col(p.unit_id) == sasaran.unit_id)
        if not who:
            return
        query = query.where(or_(*who))
    if flt.hanya_terlambat:
        query = query.where(col(Disposisi.batas_waktu) <= _late_cutoff(ctx))
    for row in ctx.session.exec(query):
        (
            pid, status, user_id, jabatan_id, unit_id, nama, tanggal, batas, dari, catatan,
            sid, agenda, perihal, asal,
        ) = row  # fmt: skip
        if user_id is not None:
            holder = ctx.holder_user(user_id)
        elif jabatan_id is not None:
            holder = ctx.holder_jabatan(jabatan_id)
        elif unit_id is not None:
            holder = ctx.holder_unit(unit_id)
        else:
            holder = Pemegang("peran", "", nama)
        yield Item(
            jenis=Jenis.DISPOSISI_BARU if status == PenerimaStatus.MENUNGGU else Jenis.DISPOSISI,
            ref_id=pid,
            surat_masuk_id=sid,
            surat_keluar_id=None,
            run_id=None,
            nomor=agenda,
            perihal=perihal,
            pihak=asal,
            dari=dari,
            catatan=catatan,
            sejak=_aware(tanggal),
            tenggat=ctx.closing(batas) if batas is not None else None,
            pemegang=holder,
        )


def _late_cutoff(ctx: _Context) -> date:
    """The latest batas waktu already late: today once the office has closed, else yesterday."""
    today = ctx.now_local.date()
    return today if ctx.now >= ctx.closing(today) else today - timedelta(days=1)


def _telaah(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.TELAAH):
        return
    query = (
        _select(
            SuratMasuk.id,
            SuratMasuk.agenda_teks,
            SuratMasuk.perihal,
            SuratMasuk.asal,
            SuratMasuk.tujuan_jabatan_id,
            SuratMasuk.dicatat_oleh_nama,
            SuratMasuk.dicatat_at,
            ProcedureRun.tenggat_at,
            ProcedureRun.langkah_kini,
        )
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratMasuk.run_id))
        .where(SuratMasuk.status == SuratStatus.BELUM_DISPOSISI)
    )
    if not sasaran.semua:
        if not sasaran.jabatan_ids:
            return
        query = query.where(col(SuratMasuk.tujuan_jabatan_id).in_(sorted(sasaran.jabatan_ids)))
    for sid, agenda, perihal, asal, jabatan_id, oleh, at, tenggat, langkah in ctx.session.exec(
        query
    ):
        # The pimpinan's step (4) is timed once the petugas has handed the letter over.
        due = _aware(tenggat) if langkah == 4 else None
        yield Item(
            jenis=Jenis.TELAAH,
            ref_id=sid,
            surat_masuk_id=sid,
            surat_keluar_id=None,
            run_id=None,
            nomor=agenda,
            perihal=perihal,
            pihak=asal,
            dari=oleh,
            catatan="",
            sejak=_aware(at),
            tenggat=due,
            pemegang=(
                ctx.holder_jabatan(jabatan_id)
                if jabatan_id is not None
                else Pemegang("peran", Role.PIMPINAN.value, "Pimpinan (tujuan belum ditentukan)")
            ),
        )


def _keluar_columns() -> tuple[Any, ...]:
    return (
        SuratKeluar.id,
        SuratKeluar.nomor_surat,
        SuratKeluar.perihal,
        SuratKeluar.tujuan_ringkas,
        SuratKeluar.konseptor_nama,
        ProcedureRun.langkah_sejak,
        ProcedureRun.tenggat_at,
        SuratKeluar.dibuat_at,
    )


def _keluar_item(
    ctx: _Context, jenis: Jenis, row: Sequence[Any], holder: Pemegang, catatan: str = ""
) -> Item:
    sid, nomor, perihal, tujuan, konseptor, sejak, tenggat, dibuat = row[:8]
    return Item(
        jenis=jenis,
        ref_id=sid,
        surat_masuk_id=None,
        surat_keluar_id=sid,
        run_id=None,
        nomor=nomor or "konsep",
        perihal=perihal,
        pihak=tujuan,
        dari=konseptor,
        catatan=catatan,
        sejak=_aware(sejak) or _aware(dibuat),
        tenggat=_aware(tenggat),
        pemegang=holder,
    )


def _paraf(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.PARAF) or (not sasaran.semua and not sasaran.jabatan_ids):
        return
    earlier = aliased(SuratKeluarParaf)
    query = (
        _select(*_keluar_columns(), SuratKeluarParaf.jabatan_id)
        .join(SuratKeluarParaf, col(SuratKeluarParaf.surat_id) == col(SuratKeluar.id))
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(
            SuratKeluarParaf.status == ParafStatus.MENUNGGU,
            SuratKeluar.status == KeluarStatus.PARAF,
            col(SuratKeluarParaf.putaran) == col(SuratKeluar.putaran),
            ~select(earlier.id)
            .where(
                col(earlier.surat_id) == col(SuratKeluarParaf.surat_id),
                col(earlier.putaran) == col(SuratKeluarParaf.putaran),
                col(earlier.status) == ParafStatus.MENUNGGU,
                col(earlier.urutan) < col(SuratKeluarParaf.urutan),
            )
            .exists(),
        )
    )
    if not sasaran.semua:
        query = query.where(col(SuratKeluarParaf.jabatan_id).in_(sorted(sasaran.jabatan_ids)))
    for row in ctx.session.exec(query):
        yield _keluar_item(ctx, Jenis.PARAF, row, ctx.holder_jabatan(row[8]))


def _tanda_tangan(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.TANDA_TANGAN) or (not sasaran.semua and not sasaran.jabatan_ids):
        return
    query = (
        _select(*_keluar_columns(), SuratKeluar.penandatangan_jabatan_id)
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(SuratKeluar.status == KeluarStatus.TANDA_TANGAN)
    )
    if not sasaran.semua:
        query = query.where(
            col(SuratKeluar.penandatangan_jabatan_id).in_(sorted(sasaran.jabatan_ids))
        )
    for row in ctx.session.exec(query):
        holder = (
            ctx.holder_jabatan(row[8])
            if row[8] is not None
            else Pemegang("peran", Role.PIMPINAN.value, "Penandatangan belum ditentukan")
        )
        yield _keluar_item(ctx, Jenis.TANDA_TANGAN, row, holder)


def _perbaikan(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.PERBAIKAN) or (not sasaran.semua and sasaran.user_id is None):
        return
    query = (
        _select(*_keluar_columns(), SuratKeluar.konseptor_id)
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(SuratKeluar.status == KeluarStatus.DIKEMBALIKAN)
    )
    if not sasaran.semua:
        query = query.where(SuratKeluar.konseptor_id == sasaran.user_id)
    rows = list(ctx.session.exec(query))
    notes = _return_notes(ctx.session, [row[0] for row in rows])
    for row in rows:
        holder = ctx.holder_user(row[8]) if row[8] is not None else Pemegang("peran", "", row[4])
        item = _keluar_item(ctx, Jenis.PERBAIKAN, row, holder, notes.get(row[0], ""))
        # Correcting a returned konsep has no mutu baku of its own: it waits undated.
        yield replace(item, tenggat=None)


def _return_notes(session: Session, ids: list[int]) -> dict[int, str]:
    """The note of the latest return of each letter."""
    notes: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for surat_id, nama, catatan in session.exec(
            select(
                SuratKeluarParaf.surat_id, SuratKeluarParaf.jabatan_nama, SuratKeluarParaf.catatan
            )
            .where(
                col(SuratKeluarParaf.surat_id).in_(chunk),
                SuratKeluarParaf.status == ParafStatus.DIKEMBALIKAN,
            )
            .order_by(col(SuratKeluarParaf.id))
        ):
            notes[surat_id] = f"{nama}: {catatan}"
    return notes


PETUGAS_DESK = Pemegang("peran", Role.PETUGAS.value, "Petugas persuratan")


def _kirim(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.KIRIM) or (not sasaran.semua and Role.PETUGAS not in sasaran.roles):
        return
    query = (
        _select(*_keluar_columns())
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(SuratKeluar.status == KeluarStatus.TERBIT)
    )
    for row in ctx.session.exec(query):
        yield _keluar_item(ctx, Jenis.KIRIM, row, PETUGAS_DESK)


def _sop(sop_id: str, cache: dict[str, Sop | None]) -> Sop | None:
    if sop_id not in cache:
        try:
            cache[sop_id] = get_sop(sop_id)
        except (SopNotFound, SopError):
            cache[sop_id] = None
    return cache[sop_id]


def _step_holders(ctx: _Context, sop: Sop, no: int) -> list[Pemegang]:
    """Who must record a step: the holders of the positions named, else the roles; nobody
    for a step of an outside party (pemohon, KPPN)."""
    try:
        langkah = sop.step(no)
    except KeyError:
        return []
    holders: list[Pemegang] = []
    kode_to_id = ctx.kode_to_id
    for pelaksana in sop.pelaksana:
        if pelaksana.kode not in langkah.pelaksana:
            continue
        for kode in pelaksana.jabatan:
            if kode in kode_to_id:
                holders.append(ctx.holder_jabatan(kode_to_id[kode]))
        if not pelaksana.jabatan:
            for role in pelaksana.peran:
                holders.append(Pemegang("peran", role, Role(role).label))
    return holders


def _mine(sop: Sop, no: int, sasaran: Sasaran) -> bool:
    """Whether the person is a pelaksana of step ``no`` by a position held or a role (an
    administrator's right to record any step does not put every step in his queue)."""
    try:
        langkah = sop.step(no)
    except KeyError:
        return False
    for pelaksana in sop.pelaksana:
        if pelaksana.kode not in langkah.pelaksana:
            continue
        if sasaran.jabatan_kode & set(pelaksana.jabatan):
            return True
        if not pelaksana.jabatan and any(Role(r) in sasaran.roles for r in pelaksana.peran):
            return True
    return False


def _langkah(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.LANGKAH):
        return
    query = _select(
        ProcedureRun.id,
        ProcedureRun.sop_id,
        ProcedureRun.judul,
        ProcedureRun.sop_nama,
        ProcedureRun.langkah_kini,
        ProcedureRun.langkah_sejak,
        ProcedureRun.tenggat_at,
        ProcedureRun.mulai_oleh_nama,
        ProcedureRun.mulai_at,
    ).where(
        ProcedureRun.status == RunStatus.BERJALAN,
        col(ProcedureRun.langkah_kini).is_not(None),
        or_(
            col(ProcedureRun.subject_type).not_in(REGISTER_SUBJECTS),
            col(ProcedureRun.subject_type).is_(None),
        ),
    )
    sops: dict[str, Sop | None] = {}
    for run_id, sop_id, judul, sop_nama, no, sejak, tenggat, oleh, mulai in ctx.session.exec(query):
        sop = _sop(sop_id, sops)
        if sop is None or no is None:
            continue
        if sasaran.semua:
            holders = _step_holders(ctx, sop, no)
            if not holders:
                continue
            holder = holders[0]
        elif _mine(sop, no, sasaran):
            holder = Pemegang("user", str(sasaran.user_id), sasaran.nama)
        else:
            continue
        try:
            kegiatan = sop.step(no).kegiatan
        except KeyError:
            kegiatan = ""
        yield Item(
            jenis=Jenis.LANGKAH,
            ref_id=run_id,
            surat_masuk_id=None,
            surat_keluar_id=None,
            run_id=run_id,
            nomor=f"SOP {sop_id} · langkah {no}",
            perihal=judul,
            pihak=sop_nama,
            dari=oleh,
            catatan=kegiatan,
            sejak=_aware(sejak) or _aware(mulai),
            tenggat=_aware(tenggat),
            pemegang=holder,
        )


SOURCES = (_telaah, _disposisi, _paraf, _tanda_tangan, _perbaikan, _kirim, _langkah)
"""Every kind of item; a register with work of its own adds its reader here."""


def _classified(ctx: _Context, items: Iterable[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        status = ctx.status(item.tenggat)
        out.append(
            replace(
                item,
                urgensi=status.urgensi,
                status_label=status.label,
                terlambat_hk=(
                    status.late.amount
                    if status.late is not None and status.late.unit == "hari_kerja"
                    else 0
                ),
            )
        )
    return out


def items(
    session: Session,
    sasaran: Sasaran,
    *,
    now: datetime,
    flt: Filter | None = None,
) -> list[Item]:
    """Every open item of ``sasaran``, sorted: overdue first, then due today, due soon, later,
    and undated ones by how long they have waited. ``now`` is aware."""
    flt = flt or Filter()
    ctx = _context(session, now)
    found: list[Item] = []
    for source in SOURCES:
        found.extend(source(ctx, sasaran, flt))
    classified = _classified(ctx, found)
    if flt.hanya_terlambat:
        classified = [item for item in classified if item.terlambat]
    classified.sort(key=lambda item: item.sort_key)
    return classified


def my_items(
    session: Session, user_id: int, *, now: datetime, flt: Filter | None = None
) -> list[Item]:
    """The queue of one user ("Antrian saya")."""
    return items(session, sasaran_user(session, user_id), now=now, flt=flt)


def find(session: Session, sasaran: Sasaran, key: str, *, now: datetime) -> Item | None:
    """One item of a queue by its key (after an action, to show it again)."""
    return next((item for item in items(session, sasaran, now=now) if item.key == key), None)


# -- newly overdue ---------------------------------------------------------------------------


def newly_overdue(
    session: Session, user_id: int, *, since: datetime | None, now: datetime
) -> list[Item]:
    """The user's items that became overdue after ``since`` (their last login): due after
    ``since`` and no later than ``now``. Without a previous login, every overdue item."""
    overdue = my_items(session, user_id, now=now, flt=Filter(hanya_terlambat=True))
    if since is None:
        return overdue
    since = _aware(since)
    assert since is not None
    return [item for item in overdue if item.tenggat is not None and item.tenggat > since]


# -- the office and unit views ---------------------------------------------------------------


@dataclass(frozen=True)
class BarisOrang:
    """One person (or position, unit, desk) in the office or unit view."""

    pemegang: Pemegang
    jabatan: str
    """The position(s) held, or the unit, for the second column."""
    unit_id: int | None
    jumlah: int
    terlambat: int
    hari_ini: int
    tertua: Item | None
    """The item waiting longest (by when it started waiting)."""
    per_jenis: dict[Jenis, int] = field(default_factory=dict)


def _person_of(ctx: _Context, holder: Pemegang) -> Pemegang:
    """A position held by an account counts as that person's."""
    if holder.jenis == "jabatan":
        _, user_id = ctx.jabatan.get(int(holder.id), ("", None))
        if user_id is not None:
            return ctx.holder_user(user_id)
    return holder


def per_orang(session: Session, *, now: datetime, unit_id: int | None = None) -> list[BarisOrang]:
    """Every person with open work, in the office or in one unit: counts, overdue counts
    and the oldest item. The people of the unit (and its positions) are listed even when
    their queue is empty; the office view lists only those with work, then the rest of the
    active users with zero."""
    ctx = _context(session, now)
    all_items = _classified(
        ctx, (item for source in SOURCES for item in source(ctx, KANTOR, Filter()))
    )
    user_units = {u_id: unit for u_id, unit in session.exec(select(User.id, User.unit_id)) if u_id}
    jabatan_units = {
        j_id: unit for j_id, unit in session.exec(select(Jabatan.id, Jabatan.unit_id)) if j_id
    }
    groups: dict[str, list[Item]] = {}
    holders: dict[str, Pemegang] = {}
    for item in all_items:
        person = _person_of(ctx, item.pemegang)
        groups.setdefault(person.key, []).append(item)
        holders[person.key] = person
    active = session.exec(
        select(User.id, User.nama, User.unit_id).where(col(User.aktif).is_(True))
    ).all()
    for u_id, nama, _unit in active:
        if u_id is not None:
            holder = Pemegang("user", str(u_id), nama)
            holders.setdefault(holder.key, holder)
            groups.setdefault(holder.key, [])

    def unit_of(holder: Pemegang) -> int | None:
        if holder.jenis == "user":
            return user_units.get(int(holder.id))
        if holder.jenis == "jabatan":
            return jabatan_units.get(int(holder.id))
        if holder.jenis == "unit":
            return int(holder.id)
        return None

    held: dict[int, list[str]] = {}
    for nama, user_id in ctx.jabatan.values():
        if user_id is not None:
            held.setdefault(user_id, []).append(nama)
    rows: list[BarisOrang] = []
    for key, group in groups.items():
        holder = holders[key]
        unit = unit_of(holder)
        if unit_id is not None and unit != unit_id:
            continue
        if holder.jenis == "user":
            jabatan = ", ".join(held.get(int(holder.id), [])) or ctx.units.get(unit or -1, "")
        elif holder.jenis == "jabatan":
            jabatan = "jabatan tanpa akun pengguna"
        elif holder.jenis == "unit":
            jabatan = "seluruh anggota unit"
        else:
            jabatan = "meja bersama"
        per_jenis: dict[Jenis, int] = {}
        for item in group:
            per_jenis[item.jenis] = per_jenis.get(item.jenis, 0) + 1
        oldest = min(
            group,
            key=lambda item: item.sejak or datetime.max.replace(tzinfo=UTC),
            default=None,
        )
        rows.append(
            BarisOrang(
                pemegang=holder,
                jabatan=jabatan,
                unit_id=unit,
                jumlah=len(group),
                terlambat=sum(1 for item in group if item.terlambat),
                hari_ini=sum(1 for item in group if item.urgensi == Urgensi.HARI_INI),
                tertua=oldest,
                per_jenis=per_jenis,
            )
        )
    rows.sort(key=lambda row: (-row.terlambat, -row.jumlah, row.pemegang.nama))
    return rows


def items_of(
    session: Session, pemegang: Pemegang, *, now: datetime, flt: Filter | None = None
) -> list[Item]:
    """The queue of one row of the office view: a user's own queue, or the items sitting
    with a position without account, a unit, or a shared desk."""
    if pemegang.jenis == "user":
        return my_items(session, int(pemegang.id), now=now, flt=flt)
    ctx = _context(session, now)
    return [
        item
        for item in items(session, KANTOR, now=now, flt=flt)
        if _person_of(ctx, item.pemegang).key == pemegang.key
    ]


# -- dashboard counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hitungan:
    """Office-wide figures for the home dashboard (SQL counts, no items built)."""

    belum_disposisi: int
    disposisi_baru: int
    disposisi_dibaca: int
    paraf: int
    tanda_tangan: int
    belum_dikirim: int
    tanda_terima: int
    terlambat: int


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


def hitungan(session: Session, *, now: datetime) -> Hitungan:
    """The dashboard's figures. ``terlambat`` counts every overdue item of the office queue
    (the same rule as :func:`items`: a batas waktu is late after closing time that day, a
    run's step after its ``tenggat_at``)."""
    from kpu_tui.models import KirimStatus, SuratKeluarTujuan

    ctx = _context(session, now)
    p = DisposisiPenerima

    def disposisi(status: PenerimaStatus, *where: Any) -> int:
        return _count(
            session,
            select(func.count())
            .select_from(p)
            .join(Disposisi, col(Disposisi.id) == col(p.disposisi_id))
            .join(SuratMasuk, col(SuratMasuk.id) == col(p.surat_id))
            .where(
                p.status == status,
                Disposisi.status == HopStatus.AKTIF,
                col(SuratMasuk.status).not_in(CLOSED_SURAT),
                *where,
            ),
        )

    cutoff = _late_cutoff(ctx)
    late_disposisi = sum(
        disposisi(status, col(Disposisi.batas_waktu) <= cutoff) for status in OPEN_PENERIMA
    )
    keluar = col(SuratKeluar.status)

    def letters(status: KeluarStatus) -> int:
        return _count(
            session, select(func.count()).select_from(SuratKeluar).where(keluar == status)
        )

    run_late = and_(
        col(ProcedureRun.status) == RunStatus.BERJALAN, col(ProcedureRun.tenggat_at) < now
    )
    late_telaah = _count(
        session,
        select(func.count())
        .select_from(SuratMasuk)
        .join(ProcedureRun, col(ProcedureRun.id) == col(SuratMasuk.run_id))
        .where(
            SuratMasuk.status == SuratStatus.BELUM_DISPOSISI,
            ProcedureRun.langkah_kini == 4,
            run_late,
        ),
    )
    late_keluar = _count(
        session,
        select(func.count())
        .select_from(SuratKeluar)
        .join(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(
            keluar.in_((KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN, KeluarStatus.TERBIT)),
            run_late,
        ),
    )
    late_steps = sum(
        1
        for item in _langkah(ctx, KANTOR, Filter())
        if item.tenggat is not None and item.tenggat < now
    )
    return Hitungan(
        belum_disposisi=_count(
            session,
            select(func.count())
            .select_from(SuratMasuk)
            .where(SuratMasuk.status == SuratStatus.BELUM_DISPOSISI),
        ),
        disposisi_baru=disposisi(PenerimaStatus.MENUNGGU),
        disposisi_dibaca=disposisi(PenerimaStatus.DIBACA),
        paraf=letters(KeluarStatus.PARAF),
        tanda_tangan=letters(KeluarStatus.TANDA_TANGAN),
        belum_dikirim=letters(KeluarStatus.TERBIT),
        tanda_terima=_count(
            session,
            select(func.count())
            .select_from(SuratKeluarTujuan)
            .where(col(SuratKeluarTujuan.status) == KirimStatus.DIKIRIM),
        ),
        terlambat=late_disposisi + late_telaah + late_keluar + late_steps,
    )
