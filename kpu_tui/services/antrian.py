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
The office and unit views group every open item by the person it sits with; they count the
disposisi (most of the open items) from their bare rows and read only each row's oldest item
in full. The dashboard's figures are SQL counts.

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

from sqlalchemy import String, and_, case, or_, type_coerce, union_all
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
from kpu_tui.sop.loader import load_checked
from kpu_tui.sop.model import Sop

from .procedure import Clock, office_clock

SUBJECT_SURAT_MASUK = "surat_masuk"
SUBJECT_SURAT_KELUAR = "surat_keluar"
REGISTER_SUBJECTS = (SUBJECT_SURAT_MASUK, SUBJECT_SURAT_KELUAR)
"""Runs of these registers are shown through their own items, not as bare SOP steps."""

OPEN_PENERIMA = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)
CLOSED_SURAT = (SuratStatus.BATAL, SuratStatus.DIARSIPKAN)
"""Letters whose disposisi wait for nobody (their recipients are closed with them)."""


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


_LAST = datetime.max.replace(tzinfo=UTC)
"""Sorts after every instant."""


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
    langkah_no: int | None = None
    """The step an SOP item stands at (an action checks the run has not moved on since)."""

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
        return (int(self.urgensi), self.tenggat or self.sejak or _LAST, self.key)


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
    """Which items: kinds (empty: all), only the overdue ones, only those due after an
    instant (with ``hanya_terlambat``: what became overdue since then)."""

    jenis: frozenset[Jenis] = frozenset()
    hanya_terlambat: bool = False
    tenggat_setelah: datetime | None = None
    """Only items due after this instant (aware); undated items are left out."""

    def wants(self, jenis: Jenis) -> bool:
        """Whether items of ``jenis`` are asked for."""
        return not self.jenis or jenis in self.jenis


# -- reading items -------------------------------------------------------------------------


_UNDATED = engine.Status(Urgensi.TANPA, "")


@dataclass
class _Context:
    session: Session
    clock: Clock
    now: datetime
    now_local: datetime
    urgencies: engine.Urgencies
    status_cache: dict[datetime, engine.Status] = field(default_factory=dict)
    closing_cache: dict[date, datetime] = field(default_factory=dict)
    batas_cache: dict[Any, datetime] = field(default_factory=dict)
    grade_cache: dict[datetime | None, tuple[Urgensi, str, int]] = field(default_factory=dict)
    jabatan: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """Every position: its name and the account holding it."""
    aktif: set[int] = field(default_factory=set)
    """The active positions."""
    units: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    kode_to_id: dict[str, int] = field(default_factory=dict)
    """Active positions by kode (an SOP's pelaksana names positions by kode)."""
    holders: dict[tuple[str, int], Pemegang] = field(default_factory=dict)

    def closing(self, day: date) -> datetime:
        """The aware instant the office closes on ``day`` (a batas waktu falls due then)."""
        cached = self.closing_cache.get(day)
        if cached is None:
            cached = self.clock.instant(self.clock.hours.closing(day))
            self.closing_cache[day] = cached
        return cached

    def batas_due(self, stored: Any) -> datetime | None:
        """When a batas waktu read raw (see :func:`_stored`) falls due: closing time that day."""
        if stored is None:
            return None
        found = self.batas_cache.get(stored)
        if found is None:
            found = self.batas_cache[stored] = self.closing(_stored(stored, date))
        return found

    def status(self, due: datetime | None) -> engine.Status:
        if due is None:
            return _UNDATED
        cached = self.status_cache.get(due)
        if cached is None:
            cached = self.urgencies.of(self.clock.local(due))
            self.status_cache[due] = cached
        return cached

    def rows(self, query: Any) -> list[Any]:
        """The rows of a plain-column SELECT, through the session's connection (Core rows:
        the ORM's row loading costs more than the query at office scale)."""
        return list(self.session.connection().execute(query).all())

    def item(
        self,
        jenis: Jenis,
        ref_id: int,
        *,
        surat_masuk_id: int | None,
        surat_keluar_id: int | None,
        run_id: int | None,
        nomor: str,
        perihal: str,
        pihak: str,
        dari: str,
        catatan: str,
        sejak: datetime | None,
        tenggat: datetime | None,
        pemegang: Pemegang,
        langkah_no: int | None = None,
    ) -> Item:
        """An item with its urgency against ``now``, by its due time (``tenggat``)."""
        urgensi, label, hk = self.graded(tenggat)
        return Item(
            jenis, ref_id, surat_masuk_id, surat_keluar_id, run_id, nomor, perihal, pihak,
            dari, catatan, sejak, tenggat, pemegang, urgensi, label, hk, langkah_no,
        )  # fmt: skip

    def graded(self, due: datetime | None) -> tuple[Urgensi, str, int]:
        """The urgency, its words and the working days late of a due time (cached)."""
        found = self.grade_cache.get(due)
        if found is None:
            status = self.status(due)
            late = status.late
            hk = late.amount if late is not None and late.unit == "hari_kerja" else 0
            found = self.grade_cache[due] = (status.urgensi, status.label, hk)
        return found

    def holder_jabatan(self, jabatan_id: int) -> Pemegang:
        found = self.holders.get(("jabatan", jabatan_id))
        if found is None:
            nama, _ = self.jabatan.get(jabatan_id, (f"Jabatan {jabatan_id}", None))
            found = self.holders[("jabatan", jabatan_id)] = Pemegang(
                "jabatan", str(jabatan_id), nama
            )
        return found

    def holder_user(self, user_id: int) -> Pemegang:
        found = self.holders.get(("user", user_id))
        if found is None:
            nama = self.users.get(user_id, f"Pengguna {user_id}")
            found = self.holders[("user", user_id)] = Pemegang("user", str(user_id), nama)
        return found

    def holder_unit(self, unit_id: int) -> Pemegang:
        found = self.holders.get(("unit", unit_id))
        if found is None:
            nama = self.units.get(unit_id, f"Unit {unit_id}")
            found = self.holders[("unit", unit_id)] = Pemegang("unit", str(unit_id), nama)
        return found


def _context(session: Session, now: datetime) -> _Context:
    clock = office_clock(session)
    now = (_aware(now) or now).astimezone(UTC)
    now_local = clock.local(now)
    urgencies = engine.Urgencies(now_local, clock.calendar, clock.hours)
    ctx = _Context(session, clock, now, now_local, urgencies)
    for j_id, kode, nama, user_id, aktif in session.exec(
        _select(Jabatan.id, Jabatan.kode, Jabatan.nama, Jabatan.user_id, Jabatan.aktif)
    ):
        if j_id is not None:
            ctx.jabatan[j_id] = (nama, user_id)
            if aktif:
                ctx.aktif.add(j_id)
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


def _stored(value: Any, kind: type[date] | type[datetime]) -> Any:
    """A date or instant read without its column type (text in SQLite, already a value with
    other drivers), as the column type would give it (instants aware, in UTC)."""
    if isinstance(value, str):
        value = kind.fromisoformat(value)
        return value.replace(tzinfo=UTC) if kind is datetime else value
    return _aware(value) if isinstance(value, datetime) else value


def _disposisi_query(
    ctx: _Context,
    sasaran: Sasaran,
    flt: Filter,
    *columns: Any,
    only: Sequence[int] = (),
    letters: bool = False,
) -> Any | None:
    """The open recipient rows of ``sasaran`` (None: it has none to ask for), joined to their
    letter with ``letters``.

    Open is the recipient's own status (menunggu or dibaca) on an active hop. The letter's
    status is not read: cancelling a letter closes its open recipients (and its hops'
    cancellation theirs), and a letter is filed without disposisi only before it has any, so
    skipping the letter keeps the office-wide counts off a million-row table.

    A person's rows are one SELECT per way of being addressed (by name, by position, by
    unit), put together with UNION ALL: each reads its own ``(…_id, status)`` index, where
    one SELECT with OR would read every open row through the status index. A recipient row
    names exactly one of the three; the readers still skip a row seen twice.
    """
    wanted = [
        status
        for jenis, status in (
            (Jenis.DISPOSISI_BARU, PenerimaStatus.MENUNGGU),
            (Jenis.DISPOSISI, PenerimaStatus.DIBACA),
        )
        if flt.wants(jenis)
    ]
    if not wanted:
        return None
    p = DisposisiPenerima
    query = (
        _select(*columns)
        .select_from(p)
        .join(Disposisi, col(Disposisi.id) == col(p.disposisi_id))
        .where(col(p.status).in_(wanted), col(Disposisi.status) == HopStatus.AKTIF)
    )
    if letters:
        query = query.join(SuratMasuk, col(SuratMasuk.id) == col(p.surat_id))
    if only:
        query = query.where(col(p.id).in_(sorted(only)))
    if flt.hanya_terlambat:
        query = query.where(col(Disposisi.batas_waktu) <= _late_cutoff(ctx))
    if flt.tenggat_setelah is not None:
        query = query.where(col(Disposisi.batas_waktu) >= _first_batas_after(ctx, flt))
    if sasaran.semua:
        return query
    who = []
    if sasaran.user_id is not None:
        who.append(col(p.user_id) == sasaran.user_id)
    if sasaran.jabatan_ids:
        who.append(col(p.jabatan_id).in_(sorted(sasaran.jabatan_ids)))
    if sasaran.unit_id is not None:
        who.append(col(p.unit_id) == sasaran.unit_id)
    if not who:
        return None
    return union_all(*(query.where(condition) for condition in who))


def _first_batas_after(ctx: _Context, flt: Filter) -> date:
    """The first batas waktu falling due (at closing time) after ``flt.tenggat_setelah``."""
    assert flt.tenggat_setelah is not None
    since = flt.tenggat_setelah
    day = ctx.clock.local(since).date()
    return day if since < ctx.closing(day) else day + timedelta(days=1)


def _recipient(
    ctx: _Context, user_id: int | None, jabatan_id: int | None, unit_id: int | None, nama: str
) -> Pemegang:
    if user_id is not None:
        return ctx.holder_user(user_id)
    if jabatan_id is not None:
        return ctx.holder_jabatan(jabatan_id)
    if unit_id is not None:
        return ctx.holder_unit(unit_id)
    return Pemegang("peran", "", nama)


def _disposisi(
    ctx: _Context, sasaran: Sasaran, flt: Filter, *, only: Sequence[int] = ()
) -> Iterable[Item]:
    p = DisposisiPenerima
    query = _disposisi_query(
        ctx,
        sasaran,
        flt,
        p.id,
        type_coerce(p.status, String),
        p.user_id,
        p.jabatan_id,
        p.unit_id,
        p.nama,
        type_coerce(Disposisi.tanggal, String),
        type_coerce(Disposisi.batas_waktu, String),
        Disposisi.dari_nama,
        Disposisi.catatan,
        SuratMasuk.id,
        SuratMasuk.agenda_teks,
        SuratMasuk.perihal,
        SuratMasuk.asal,
        only=only,
        letters=True,
    )
    if query is None:
        return
    seen: set[int] = set()
    for row in ctx.rows(query):
        (
            pid, status, user_id, jabatan_id, unit_id, nama, tanggal, batas, dari, catatan,
            sid, agenda, perihal, asal,
        ) = row  # fmt: skip
        if pid in seen:
            continue
        seen.add(pid)
        yield ctx.item(
            Jenis.DISPOSISI_BARU if status == PenerimaStatus.MENUNGGU else Jenis.DISPOSISI,
            pid,
            surat_masuk_id=sid,
            surat_keluar_id=None,
            run_id=None,
            nomor=agenda,
            perihal=perihal,
            pihak=asal,
            dari=dari,
            catatan=catatan,
            sejak=_stored(tanggal, datetime),
            tenggat=ctx.batas_due(batas),
            pemegang=_recipient(ctx, user_id, jabatan_id, unit_id, nama),
        )


def _late_cutoff(ctx: _Context) -> date:
    """The latest batas waktu already late: today once the office has closed (after closing
    time, not at it: :func:`engine.urgency` is late only past the due time), else yesterday."""
    today = ctx.now_local.date()
    return today if ctx.now > ctx.closing(today) else today - timedelta(days=1)


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
    if flt.hanya_terlambat:
        query = query.where(col(ProcedureRun.langkah_kini) == 4, _run_late(ctx))
    if flt.tenggat_setelah is not None:
        query = query.where(col(ProcedureRun.langkah_kini) == 4, _run_due_after(flt))
    for sid, agenda, perihal, asal, jabatan_id, oleh, at, tenggat, langkah in ctx.rows(query):
        # The pimpinan's step (4) is timed once the petugas has handed the letter over.
        due = _aware(tenggat) if langkah == 4 else None
        yield ctx.item(
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


def _run_late(ctx: _Context) -> Any:
    """The run's current step is past its due time (as :func:`engine.urgency` counts it)."""
    return col(ProcedureRun.tenggat_at) < ctx.now


def _run_due_after(flt: Filter) -> Any:
    """The run's current step falls due after ``flt.tenggat_setelah``."""
    return col(ProcedureRun.tenggat_at) > flt.tenggat_setelah


def _keluar_item(
    ctx: _Context,
    jenis: Jenis,
    row: Sequence[Any],
    holder: Pemegang,
    catatan: str = "",
    *,
    dated: bool = True,
) -> Item:
    sid, nomor, perihal, tujuan, konseptor, sejak, tenggat, dibuat = row[:8]
    return ctx.item(
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
        tenggat=_aware(tenggat) if dated else None,
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
    if flt.hanya_terlambat:
        query = query.where(_run_late(ctx))
    if flt.tenggat_setelah is not None:
        query = query.where(_run_due_after(flt))
    for row in ctx.rows(query):
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
    if flt.hanya_terlambat:
        query = query.where(_run_late(ctx))
    if flt.tenggat_setelah is not None:
        query = query.where(_run_due_after(flt))
    for row in ctx.rows(query):
        holder = (
            ctx.holder_jabatan(row[8])
            if row[8] is not None
            else Pemegang("peran", Role.PIMPINAN.value, "Penandatangan belum ditentukan")
        )
        yield _keluar_item(ctx, Jenis.TANDA_TANGAN, row, holder)


def _perbaikan(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.PERBAIKAN) or (not sasaran.semua and sasaran.user_id is None):
        return
    if flt.hanya_terlambat or flt.tenggat_setelah is not None:  # undated: never late
        return
    query = (
        _select(*_keluar_columns(), SuratKeluar.konseptor_id)
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(SuratKeluar.status == KeluarStatus.DIKEMBALIKAN)
    )
    if not sasaran.semua:
        query = query.where(SuratKeluar.konseptor_id == sasaran.user_id)
    rows = list(ctx.rows(query))
    notes = _return_notes(ctx.session, [row[0] for row in rows])
    for row in rows:
        holder = ctx.holder_user(row[8]) if row[8] is not None else Pemegang("peran", "", row[4])
        # Correcting a returned konsep has no mutu baku of its own: it waits undated.
        yield _keluar_item(ctx, Jenis.PERBAIKAN, row, holder, notes.get(row[0], ""), dated=False)


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


PETUGAS_DESK = Pemegang("peran", Role.PETUGAS.value, Role.PETUGAS.label)


def _kirim(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.KIRIM) or (not sasaran.semua and Role.PETUGAS not in sasaran.roles):
        return
    query = (
        _select(*_keluar_columns())
        .outerjoin(ProcedureRun, col(ProcedureRun.id) == col(SuratKeluar.run_id))
        .where(SuratKeluar.status == KeluarStatus.TERBIT)
    )
    if flt.hanya_terlambat:
        query = query.where(_run_late(ctx))
    if flt.tenggat_setelah is not None:
        query = query.where(_run_due_after(flt))
    for row in ctx.rows(query):
        yield _keluar_item(ctx, Jenis.KIRIM, row, PETUGAS_DESK)


def _sops() -> dict[str, Sop]:
    """The office's valid SOPs by id (lower case, as :func:`get_sop` matches them), read
    once per queue: a run whose SOP file is gone or broken has no pelaksana to show."""
    return {sop.id.lower(): sop for sop in load_checked()[0]}


def _step_holders(ctx: _Context, sop: Sop, no: int) -> list[Pemegang]:
    """Who must record a step: for each pelaksana of the step the positions it names that this
    office has (vacant or not), else its roles (an SOP written for another office names
    positions this one lacks: its roles act, as :func:`procedure.may_act` lets them); nobody
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
        positions = [kode_to_id[kode] for kode in pelaksana.jabatan if kode in kode_to_id]
        if positions:
            holders.extend(ctx.holder_jabatan(j_id) for j_id in positions)
        else:
            holders.extend(Pemegang("peran", role.value, role.label) for role in pelaksana.peran)
    return holders


def _mine(holders: Sequence[Pemegang], sasaran: Sasaran) -> bool:
    """Whether the person is among a step's pelaksana by a position held or a role (an
    administrator's right to record any step does not put every step in his queue)."""
    for holder in holders:
        if holder.jenis == "jabatan" and int(holder.id) in sasaran.jabatan_ids:
            return True
        if holder.jenis == "peran" and Role(holder.id) in sasaran.roles:
            return True
    return False


def _langkah(ctx: _Context, sasaran: Sasaran, flt: Filter) -> Iterable[Item]:
    if not flt.wants(Jenis.LANGKAH):
        return
    open_runs = and_(
        col(ProcedureRun.status) == RunStatus.BERJALAN,
        col(ProcedureRun.langkah_kini).is_not(None),
        or_(
            col(ProcedureRun.subject_type).not_in(REGISTER_SUBJECTS),
            col(ProcedureRun.subject_type).is_(None),
        ),
    )
    sops = _sops()
    step_holders: dict[tuple[str, int], list[Pemegang]] = {}

    def holders_of(sop_id: str, no: int | None) -> tuple[Sop | None, list[Pemegang]]:
        sop = sops.get(sop_id.strip().lower())
        if sop is None or no is None:
            return None, []
        found = step_holders.get((sop.id, no))
        if found is None:
            found = step_holders[(sop.id, no)] = _step_holders(ctx, sop, no)
        return sop, found

    columns = (
        ProcedureRun.id,
        ProcedureRun.sop_id,
        ProcedureRun.langkah_kini,
        ProcedureRun.judul,
        ProcedureRun.sop_nama,
        ProcedureRun.langkah_sejak,
        ProcedureRun.tenggat_at,
        ProcedureRun.mulai_oleh_nama,
        ProcedureRun.mulai_at,
    )
    if flt.hanya_terlambat:
        open_runs = and_(open_runs, _run_late(ctx))
    if flt.tenggat_setelah is not None:
        open_runs = and_(open_runs, _run_due_after(flt))
    if sasaran.semua:
        query = _select(*columns).where(open_runs)
    else:
        # Whose step it is depends on the SOP only: pick the person's runs from the bare keys
        # first, then read just those.
        mine = [
            run_id
            for run_id, sop_id, no in ctx.rows(
                _select(ProcedureRun.id, ProcedureRun.sop_id, ProcedureRun.langkah_kini).where(
                    open_runs
                )
            )
            if _mine(holders_of(sop_id, no)[1], sasaran)
        ]
        if not mine:
            return
        query = _select(*columns).where(col(ProcedureRun.id).in_(mine))
    for run_id, sop_id, no, judul, sop_nama, sejak, tenggat, oleh, mulai in ctx.rows(query):
        sop, holders = holders_of(sop_id, no)
        if sop is None or not holders:
            continue
        # A step of several pelaksana sits with the first in the office view (and counts
        # there); each of them has it in his own queue.
        holder = holders[0]
        try:
            kegiatan = sop.step(no).kegiatan
        except KeyError:
            kegiatan = ""
        yield ctx.item(
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
            langkah_no=no,
        )


SOURCES = (_telaah, _disposisi, _paraf, _tanda_tangan, _perbaikan, _kirim, _langkah)
"""Every kind of item; a register with work of its own adds its reader here."""


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
    if flt.tenggat_setelah is not None and flt.tenggat_setelah.tzinfo is None:
        flt = replace(flt, tenggat_setelah=_aware(flt.tenggat_setelah))
    ctx = _context(session, now)
    found: list[Item] = []
    for source in SOURCES:
        found.extend(source(ctx, sasaran, flt))
    if flt.hanya_terlambat:
        found = [item for item in found if item.terlambat]
    after = flt.tenggat_setelah
    if after is not None:
        found = [item for item in found if item.tenggat is not None and item.tenggat > after]
    found.sort(key=lambda item: item.sort_key)
    return found


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
    flt = Filter(hanya_terlambat=True, tenggat_setelah=_aware(since))
    return my_items(session, user_id, now=now, flt=flt)


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
    """An active position held by an account counts as that person's (their own queue reads
    the positions they hold now)."""
    if holder.jenis == "jabatan" and int(holder.id) in ctx.aktif:
        _, user_id = ctx.jabatan[int(holder.id)]
        if user_id is not None:
            return ctx.holder_user(user_id)
    return holder


_NEVER = _LAST


@dataclass
class _Tally:
    """The running figures of one row of the office view."""

    holder: Pemegang
    jumlah: int = 0
    terlambat: int = 0
    hari_ini: int = 0
    per_jenis: dict[Jenis, int] = field(default_factory=dict)
    oldest_at: datetime = _NEVER
    oldest: Item | None = None
    oldest_disposisi: tuple[Any, int] | None = None
    """The earliest stored ``tanggal`` of the row's disposisi and its recipient id (read in
    full at the end)."""

    def count(self, jenis: Jenis, urgensi: Urgensi) -> None:
        self.jumlah += 1
        if urgensi == Urgensi.TERLAMBAT:
            self.terlambat += 1
        elif urgensi == Urgensi.HARI_INI:
            self.hari_ini += 1
        self.per_jenis[jenis] = self.per_jenis.get(jenis, 0) + 1

    def add(self, item: Item) -> None:
        self.count(item.jenis, item.urgensi)
        self.consider(item)

    def consider(self, item: Item) -> None:
        when = item.sejak or _NEVER
        if self.oldest is None or when < self.oldest_at:
            self.oldest, self.oldest_at = item, when


def _tallies(ctx: _Context) -> dict[str, _Tally]:
    """Every open item of the office counted with the person it sits with. The disposisi (by
    far the most items) are counted from their bare rows, read raw (their dates compare as
    stored, sorted like the values); only the oldest of each row is read in full."""
    tallies: dict[str, _Tally] = {}

    def tally_of(holder: Pemegang) -> _Tally:
        person = _person_of(ctx, holder)
        found = tallies.get(person.key)
        if found is None:
            found = tallies[person.key] = _Tally(person)
        return found

    for source in SOURCES:
        if source is not _disposisi:
            for item in source(ctx, KANTOR, Filter()):
                tally_of(item.pemegang).add(item)
    p = DisposisiPenerima
    query = _disposisi_query(
        ctx,
        KANTOR,
        Filter(),
        p.id,
        type_coerce(p.status, String),
        p.user_id,
        p.jabatan_id,
        p.unit_id,
        p.nama,
        type_coerce(Disposisi.tanggal, String),
        type_coerce(Disposisi.batas_waktu, String),
    )
    assert query is not None
    for pid, status, user_id, jabatan_id, unit_id, nama, tanggal, batas in ctx.rows(query):
        found = ctx.status(ctx.batas_due(batas)).urgensi
        tally = tally_of(_recipient(ctx, user_id, jabatan_id, unit_id, nama))
        tally.count(
            Jenis.DISPOSISI_BARU if status == PenerimaStatus.MENUNGGU else Jenis.DISPOSISI, found
        )
        if tally.oldest_disposisi is None or tanggal < tally.oldest_disposisi[0]:
            tally.oldest_disposisi = (tanggal, pid)
    wanted = [t.oldest_disposisi[1] for t in tallies.values() if t.oldest_disposisi]
    if wanted:
        read = {item.ref_id: item for item in _disposisi(ctx, KANTOR, Filter(), only=wanted)}
        for tally in tallies.values():
            if tally.oldest_disposisi is not None:
                full = read.get(tally.oldest_disposisi[1])
                if full is not None:
                    tally.consider(full)
    return tallies


def per_orang(session: Session, *, now: datetime, unit_id: int | None = None) -> list[BarisOrang]:
    """Every person with open work, in the office or in one unit: counts, overdue counts
    and the oldest item. Each open item is counted once, with the person it sits with (a
    position held by an account is that person's; a unit's disposisi is the unit's row, the
    dispatch desk the petugas' row). Active users without work are listed with zero; in a
    unit's view its vacant positions too."""
    ctx = _context(session, now)
    tallies = _tallies(ctx)
    user_units = {u_id: unit for u_id, unit in session.exec(select(User.id, User.unit_id)) if u_id}
    jabatan_units = {
        j_id: unit for j_id, unit in session.exec(select(Jabatan.id, Jabatan.unit_id)) if j_id
    }
    active = session.exec(
        select(User.id, User.nama, User.unit_id).where(col(User.aktif).is_(True))
    ).all()
    for u_id, nama, _unit in active:
        if u_id is not None:
            holder = Pemegang("user", str(u_id), nama)
            tallies.setdefault(holder.key, _Tally(holder))
    if unit_id is not None:
        for j_id in sorted(ctx.aktif):
            if ctx.jabatan[j_id][1] is None and jabatan_units.get(j_id) == unit_id:
                holder = ctx.holder_jabatan(j_id)
                tallies.setdefault(holder.key, _Tally(holder))

    def unit_of(holder: Pemegang) -> int | None:
        if holder.jenis == "user":
            return user_units.get(int(holder.id))
        if holder.jenis == "jabatan":
            return jabatan_units.get(int(holder.id))
        if holder.jenis == "unit":
            return int(holder.id)
        return None

    held: dict[int, list[str]] = {}
    for j_id, (nama, user_id) in ctx.jabatan.items():
        if user_id is not None and j_id in ctx.aktif:
            held.setdefault(user_id, []).append(nama)
    rows: list[BarisOrang] = []
    for tally in tallies.values():
        holder = tally.holder
        unit = unit_of(holder)
        if unit_id is not None and unit != unit_id:
            continue
        if holder.jenis == "user":
            jabatan = ", ".join(held.get(int(holder.id), [])) or ctx.units.get(unit or -1, "")
        elif holder.jenis == "jabatan":
            jabatan = (
                "jabatan tanpa akun pengguna"
                if int(holder.id) in ctx.aktif
                else "jabatan tidak aktif"
            )
        elif holder.jenis == "unit":
            jabatan = "seluruh anggota unit"
        else:
            jabatan = "meja bersama"
        oldest = tally.oldest
        rows.append(
            BarisOrang(
                pemegang=holder,
                jabatan=jabatan,
                unit_id=unit,
                jumlah=tally.jumlah,
                terlambat=tally.terlambat,
                hari_ini=tally.hari_ini,
                tertua=oldest,
                per_jenis=tally.per_jenis,
            )
        )
    rows.sort(key=lambda row: (-row.terlambat, -row.jumlah, row.pemegang.nama))
    return rows


def items_of(
    session: Session, pemegang: Pemegang, *, now: datetime, flt: Filter | None = None
) -> list[Item]:
    """The items of one row of the office view, the same ones its counts count: what sits
    with a person (not the unit's disposisi or the shared desks also in their own queue), a
    position without account, a unit, or a shared desk."""
    ctx = _context(session, now)
    if pemegang.jenis == "user":
        found = my_items(session, int(pemegang.id), now=now, flt=flt)
    else:
        found = items(session, KANTOR, now=now, flt=flt)
    return [item for item in found if _person_of(ctx, item.pemegang).key == pemegang.key]


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


def _count(ctx: _Context, query: Any) -> int:
    return int(ctx.session.connection().execute(query).scalar_one())


def hitungan(session: Session, *, now: datetime) -> Hitungan:
    """The dashboard's figures. ``terlambat`` counts every overdue item of the office queue
    (the same rule as :func:`items`: a batas waktu is late after closing time that day, a
    run's step after its ``tenggat_at``)."""
    from kpu_tui.models import KirimStatus, SuratKeluarTujuan

    ctx = _context(session, now)
    p = DisposisiPenerima
    late_batas = case((col(Disposisi.batas_waktu) <= _late_cutoff(ctx), 1), else_=0)
    query = _disposisi_query(ctx, KANTOR, Filter(), p.status, func.count(), func.sum(late_batas))
    assert query is not None
    disposisi = {
        PenerimaStatus(status): (int(count), int(late or 0))
        for status, count, late in ctx.rows(query.group_by(p.status))
    }
    baru, late_baru = disposisi.get(PenerimaStatus.MENUNGGU, (0, 0))
    dibaca, late_dibaca = disposisi.get(PenerimaStatus.DIBACA, (0, 0))
    open_keluar = (KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN, KeluarStatus.TERBIT)
    letters = {
        KeluarStatus(status): int(count)
        for status, count in ctx.rows(
            _select(SuratKeluar.status, func.count())
            .where(col(SuratKeluar.status).in_(open_keluar))
            .group_by(SuratKeluar.status)
        )
    }
    # A letter's run is read through the run's key: the late runs first (an index range), then
    # the letters waiting on them (the letters' status index).
    late_runs = _select(ProcedureRun.id).where(
        col(ProcedureRun.status) == RunStatus.BERJALAN, _run_late(ctx)
    )
    late_telaah = _count(
        ctx,
        _select(func.count())
        .select_from(SuratMasuk)
        .where(
            col(SuratMasuk.status) == SuratStatus.BELUM_DISPOSISI,
            col(SuratMasuk.run_id).in_(late_runs.where(col(ProcedureRun.langkah_kini) == 4)),
        ),
    )
    late_keluar = _count(
        ctx,
        _select(func.count())
        .select_from(SuratKeluar)
        .where(col(SuratKeluar.status).in_(open_keluar), col(SuratKeluar.run_id).in_(late_runs)),
    )
    late_steps = sum(
        1 for _ in _langkah(ctx, KANTOR, Filter(frozenset({Jenis.LANGKAH}), hanya_terlambat=True))
    )
    return Hitungan(
        belum_disposisi=_count(
            ctx,
            _select(func.count())
            .select_from(SuratMasuk)
            .where(col(SuratMasuk.status) == SuratStatus.BELUM_DISPOSISI),
        ),
        disposisi_baru=baru,
        disposisi_dibaca=dibaca,
        paraf=letters.get(KeluarStatus.PARAF, 0),
        tanda_tangan=letters.get(KeluarStatus.TANDA_TANGAN, 0),
        belum_dikirim=letters.get(KeluarStatus.TERBIT, 0),
        tanda_terima=_count(
            ctx,
            _select(func.count())
            .select_from(SuratKeluarTujuan)
            .where(col(SuratKeluarTujuan.status) == KirimStatus.DIKIRIM),
        ),
        terlambat=late_baru + late_dibaca + late_telaah + late_keluar + late_steps,
    )
