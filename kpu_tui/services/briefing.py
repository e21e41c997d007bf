"""The morning briefing (laporan pagi) for pimpinan who never log in.

What a Ketua or Sekretaris wants on paper at the start of the day:

- per pejabat (person, position without account, unit or shared desk, grouped as the office
  view of the queue groups them, :func:`kpu_tui.services.antrian.per_orang`), what is overdue
  and what falls due within :data:`~kpu_tui.sop.engine.SEGERA_HARI_KERJA` working days (due
  today included); people with neither are left out;
- the previous working day (the calendar's last working day before the briefing's date,
  skipping weekends, holidays and office closures): the surat masuk received that day and the
  outgoing numbers taken that day, each with what became of it.

The briefing is "as of" the morning of its date: lateness and due-soon are counted at the
office's opening time that day (``now`` may say otherwise). The open work itself is the
register's state when it is read.

Read only. The queue comes from :mod:`kpu_tui.services.antrian`; the letters through the
``(tanggal_terima, id)`` index; the numbers through the primary key (see
:func:`_nomor_taken`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from kpu_tui.models import (
    Jabatan,
    NomorStatus,
    NomorSurat,
    Office,
    OptionKind,
    Role,
    SeriNomor,
    SuratKeluar,
    SuratMasuk,
    SuratStatus,
    UserRole,
    ZonaWaktu,
    utcnow,
)
from kpu_tui.rules import dates as rules_dates
from kpu_tui.rules.calendar import SkippedDay, WorkCalendar
from kpu_tui.sop.engine import SEGERA_HARI_KERJA, Urgensi

from . import antrian, disposisi, reference
from .antrian import BarisOrang, Item, Jenis, Pemegang
from .errors import ServiceError, ValidationError
from .procedure import Clock, office_clock

EARLIEST = date(2000, 1, 1)
"""The earliest day a briefing is printed for."""
LOOKBACK_DAYS = 366
"""How far back the previous working day is looked for (an office closed for a year has none)."""
KETUA = "KETUA"
SEKRETARIS = "SEKRETARIS"
KASUBBAG_PREFIX = "KASUBBAG"
PERAN_WORDS = "meja bersama: dikerjakan siapa pun yang memegang peran ini"
"""What a shared desk (work sitting with a role, not a person) is, for the reader."""


# -- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tugas:
    """One open item, as the briefing lists it."""

    key: str
    """The queue item's key (``disposisi:12``)."""
    jenis: Jenis
    nomor: str
    """Nomor agenda, nomor surat (``konsep`` before it has one) or the SOP and step."""
    perihal: str
    pihak: str
    """Asal of a surat masuk, tujuan of a surat keluar, the SOP's name for a step."""
    dari: str
    """Who passed it on (the giver of the disposisi, the konseptor, who recorded the letter)."""
    tenggat: datetime | None
    """When it is due, naive office-local time."""
    keterangan: str
    """``lewat 2 hari kerja``, ``hari ini 16.00``, ``Rab 25 Nov``."""
    terlambat_hk: int
    """Working days late (0 when late by hours only, or not late)."""
    urgensi: Urgensi

    @property
    def jenis_label(self) -> str:
        """What kind of work it is, in words ("Belum ditindaklanjuti")."""
        return self.jenis.label


@dataclass(frozen=True)
class Pejabat:
    """One person (or position without account, unit, shared desk) and the work they must
    see to: overdue first, then what falls due soon."""

    pemegang: Pemegang
    nama: str
    """The person's name, or the position's, the unit's or the desk's."""
    jabatan: str
    """The positions held; for a position without account its holder's name; else what the
    row is (``meja bersama``)."""
    terlambat: tuple[Tugas, ...]
    segera: tuple[Tugas, ...]
    """Due today or within :data:`SEGERA_HARI_KERJA` working days, earliest first."""


@dataclass(frozen=True)
class SuratKemarin:
    """A surat masuk received on the previous working day, with what has become of it."""

    id: int
    agenda: str
    nomor_surat: str
    asal: str
    perihal: str
    sifat: str
    """By name ("Biasa", "Rahasia")."""
    status: SuratStatus
    tujuan: str
    """To whom the letter is addressed (the pimpinan's position)."""
    diteruskan: tuple[str, ...]
    """Recipients of the pimpinan's disposisi in force, the lead first; empty without one."""
    diterima: datetime
    """When it was received, naive office-local time."""


@dataclass(frozen=True)
class NomorKemarin:
    """An outgoing number taken on the previous working day, in its present state."""

    id: int
    nomor_teks: str
    seri: str
    """The series by name."""
    status: NomorStatus
    tanggal: date
    """The date the number carries (a back-dated sisipan carries an earlier one)."""
    sisipan: bool
    perihal: str
    """The letter's perihal; for a reserved number its keperluan."""
    tujuan: str
    untuk_nama: str
    """For whom a number was reserved."""
    oleh_nama: str
    diambil: datetime
    """When it was taken, naive office-local time."""
    alasan: str
    """Why it was returned or voided."""
    surat_keluar_id: int | None


@dataclass(frozen=True)
class Briefing:
    """The morning briefing of one day."""

    tanggal: date
    saat: datetime
    """The moment lateness is counted at, naive office-local time (opening time by default)."""
    zona: str
    """The office's time zone ("WITA")."""
    libur: str | None
    """Why ``tanggal`` is not a working day, None when it is one."""
    sebelumnya: date
    """The previous working day."""
    dilewati: tuple[SkippedDay, ...]
    """The days between the previous working day and ``tanggal``, with why they do not count."""
    pejabat: tuple[Pejabat, ...]
    surat_masuk: tuple[SuratKemarin, ...]
    nomor: tuple[NomorKemarin, ...]

    @property
    def jumlah_terlambat(self) -> int:
        """Overdue items over every pejabat."""
        return sum(len(p.terlambat) for p in self.pejabat)

    @property
    def jumlah_segera(self) -> int:
        """Items due within :data:`SEGERA_HARI_KERJA` working days over every pejabat."""
        return sum(len(p.segera) for p in self.pejabat)


# -- the previous working day -------------------------------------------------------------------


def hari_kerja_sebelumnya(calendar: WorkCalendar, tanggal: date) -> date:
    """The last working day before ``tanggal`` (Friday for a Monday, the day before a holiday
    for the day after it).

    Raises:
        ServiceError: no working day in the :data:`LOOKBACK_DAYS` before ``tanggal``.
    """
    day = tanggal
    for _ in range(LOOKBACK_DAYS):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            return day
    raise ServiceError(
        f"Tidak ada hari kerja dalam {LOOKBACK_DAYS} hari sebelum {tanggal:%d-%m-%Y}: "
        "periksa kalender kantor."
    )


# -- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Jabatan:
    id: int
    kode: str
    nama: str
    user_id: int | None
    pemegang_nama: str
    pimpinan: bool
    urutan: int
    aktif: bool


def _positions(session: Session) -> dict[int, _Jabatan]:
    return {
        j.id: _Jabatan(
            j.id, j.kode, j.nama, j.user_id, j.pemegang_nama, j.pimpinan, j.urutan, j.aktif
        )
        for j in session.exec(select(Jabatan)).all()
        if j.id is not None
    }


def _rank(
    holder: Pemegang, positions: dict[int, _Jabatan], kasubbag_users: set[int]
) -> tuple[int, int, str]:
    """Where a row goes: the Ketua, the Sekretaris, the other pimpinan positions, the
    kasubbag, other people, then units and shared desks; within a rank by the positions'
    order, then by name."""
    if holder.jenis == "user":
        held = [p for p in positions.values() if p.aktif and p.user_id == int(holder.id)]
    elif holder.jenis == "jabatan":
        held = [positions[int(holder.id)]] if int(holder.id) in positions else []
    else:
        return (6, 0, holder.nama)
    kodes = {p.kode.upper() for p in held}
    order = min((p.urutan for p in held), default=1_000_000)
    if KETUA in kodes:
        rank = 0
    elif SEKRETARIS in kodes:
        rank = 1
    elif any(p.pimpinan for p in held):
        rank = 2
    elif any(k.startswith(KASUBBAG_PREFIX) for k in kodes) or (
        holder.jenis == "user" and int(holder.id) in kasubbag_users
    ):
        rank = 3
    elif held:
        rank = 4
    else:
        rank = 5
    return (rank, order, holder.nama)


def _tugas(item: Item, clock: Clock) -> Tugas:
    return Tugas(
        key=item.key,
        jenis=item.jenis,
        nomor=item.nomor,
        perihal=item.perihal,
        pihak=item.pihak,
        dari=item.dari,
        tenggat=clock.local(item.tenggat) if item.tenggat is not None else None,
        keterangan=item.status_label,
        terlambat_hk=item.terlambat_hk,
        urgensi=item.urgensi,
    )


def _row_items(
    session: Session, row: BarisOrang, now: datetime, office: list[Item] | None
) -> tuple[list[Item], list[Item] | None]:
    """The items of one row of the office view (and the office's items, read once for the
    rows that are not a person's)."""
    if row.pemegang.jenis == "user":
        return antrian.items_of(session, row.pemegang, now=now), office
    if office is None:
        office = antrian.items(session, antrian.KANTOR, now=now)
    # Such a row is keyed by the holder its items name (a position held by an account is
    # grouped under that person, so no row carries its key).
    return [item for item in office if item.pemegang.key == row.pemegang.key], office


def _pejabat(session: Session, clock: Clock, now: datetime) -> tuple[Pejabat, ...]:
    positions = _positions(session)
    kasubbag_users = set(
        session.exec(select(UserRole.user_id).where(UserRole.role == Role.KASUBBAG)).all()
    )
    office: list[Item] | None = None
    out: list[Pejabat] = []
    for row in antrian.per_orang(session, now=now):
        if not row.jumlah:
            continue
        found, office = _row_items(session, row, now, office)
        late = [_tugas(i, clock) for i in found if i.urgensi == Urgensi.TERLAMBAT]
        soon = [_tugas(i, clock) for i in found if i.urgensi in (Urgensi.HARI_INI, Urgensi.SEGERA)]
        if not late and not soon:
            continue
        holder = row.pemegang
        jabatan = row.jabatan
        if holder.jenis == "jabatan":
            position = positions.get(int(holder.id))
            if position is not None and position.pemegang_nama.strip():
                jabatan = f"{position.pemegang_nama.strip()} (tanpa akun aplikasi)"
        elif holder.jenis == "peran":
            jabatan = PERAN_WORDS
        out.append(Pejabat(holder, holder.nama, jabatan, tuple(late), tuple(soon)))
    out.sort(key=lambda p: _rank(p.pemegang, positions, kasubbag_users))
    return tuple(out)


# -- the letters of the previous working day -------------------------------------------------


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _surat_masuk(session: Session, clock: Clock, day: date) -> tuple[SuratKemarin, ...]:
    letters = session.exec(
        select(SuratMasuk)
        .where(SuratMasuk.tanggal_terima == day, SuratMasuk.status != SuratStatus.BATAL)
        .order_by(col(SuratMasuk.tanggal_terima), col(SuratMasuk.id))
    ).all()
    if not letters:
        return ()
    sifat = {
        o.kode: o.nama
        for o in reference.list_options(session, OptionKind.SIFAT, include_inactive=True)
    }
    ids = [s.id for s in letters if s.id is not None]
    diteruskan: dict[int, tuple[str, ...]] = {}
    for start in range(0, len(ids), 500):
        diteruskan |= disposisi.first_recipients(session, ids[start : start + 500])
    out = [
        SuratKemarin(
            id=s.id,
            agenda=s.agenda_teks,
            nomor_surat=s.nomor_surat,
            asal=s.asal,
            perihal=s.perihal,
            sifat=sifat.get(s.sifat, s.sifat),
            status=SuratStatus(s.status),
            tujuan=s.tujuan_nama,
            diteruskan=diteruskan.get(s.id, ()),
            diterima=clock.local(_aware(s.diterima_at)),
        )
        for s in letters
        if s.id is not None
    ]
    return tuple(sorted(out, key=lambda s: (s.diterima, s.agenda)))


def _nomor_taken(session: Session, start: datetime, end: datetime) -> list[NomorSurat]:
    """The ledger rows taken from ``start`` (included) to ``end`` (excluded), aware UTC,
    through the ``dibuat_at`` index."""
    return list(
        session.exec(
            select(NomorSurat)
            .where(
                col(NomorSurat.dibuat_at) >= start,
                col(NomorSurat.dibuat_at) < end,
            )
            .order_by(col(NomorSurat.id))
        ).all()
    )


def _nomor(session: Session, clock: Clock, day: date) -> tuple[NomorKemarin, ...]:
    start = clock.instant(datetime.combine(day, datetime.min.time()))
    end = clock.instant(datetime.combine(day + timedelta(days=1), datetime.min.time()))
    rows = _nomor_taken(session, start, end)
    if not rows:
        return ()
    names = dict(session.exec(select(SeriNomor.kode, SeriNomor.nama)).all())
    letter_ids = sorted({r.surat_keluar_id for r in rows if r.surat_keluar_id is not None})
    letters: dict[int, tuple[str, str]] = {}
    for begin in range(0, len(letter_ids), 500):
        chunk = letter_ids[begin : begin + 500]
        for s_id, perihal, tujuan in session.exec(
            select(SuratKeluar.id, SuratKeluar.perihal, SuratKeluar.tujuan_ringkas).where(
                col(SuratKeluar.id).in_(chunk)
            )
        ).all():
            if s_id is not None:
                letters[s_id] = (perihal, tujuan)
    out: list[NomorKemarin] = []
    for row in rows:
        assert row.id is not None
        perihal, tujuan = letters.get(row.surat_keluar_id or -1, (row.keperluan, ""))
        out.append(
            NomorKemarin(
                id=row.id,
                nomor_teks=row.nomor_teks,
                seri=names.get(row.seri, row.seri),
                status=NomorStatus(row.status),
                tanggal=row.tanggal,
                sisipan=bool(row.sisipan),
                perihal=perihal,
                tujuan=tujuan,
                untuk_nama=row.untuk_nama,
                oleh_nama=row.oleh_nama,
                diambil=clock.local(_aware(row.dibuat_at)),
                alasan=row.alasan,
                surat_keluar_id=row.surat_keluar_id,
            )
        )
    return tuple(out)


# -- the briefing --------------------------------------------------------------------------


def hari_ini(session: Session, now: datetime | None = None) -> date:
    """Today in the office's time zone (the default day of a briefing)."""
    return office_clock(session).local(now or utcnow()).date()


def parse_tanggal(session: Session, text: str, *, now: datetime | None = None) -> date:
    """The day of a briefing as typed (23/11/2026, 2026-11-23, "hari ini", "besok"; empty
    means today in the office), from :data:`EARLIEST` to a year after today.

    Raises:
        ValidationError: keyed ``tanggal``, in words for the user.
    """
    today = hari_ini(session, now)
    if not text.strip():
        return today
    try:
        day = rules_dates.parse_tanggal(text, today)
    except ValueError as exc:
        raise ValidationError({"tanggal": str(exc)}) from exc
    latest = today + timedelta(days=LOOKBACK_DAYS)
    if day < EARLIEST:
        raise ValidationError({"tanggal": f"Tanggal tidak boleh sebelum tahun {EARLIEST.year}."})
    if day > latest:
        raise ValidationError(
            {"tanggal": f"Tanggal paling lambat setahun dari hari ini ({latest:%d/%m/%Y})."}
        )
    return day


def _zona(session: Session) -> str:
    office = session.exec(select(Office.zona_waktu).limit(1)).first()
    return ZonaWaktu(office).value if office else ZonaWaktu.WIB.value


def briefing(session: Session, *, tanggal: date, now: datetime | None = None) -> Briefing:
    """The briefing of the morning of ``tanggal`` (read only).

    Args:
        session: an open session.
        tanggal: the day of the briefing.
        now: the moment lateness is counted at (aware; naive means office-local time);
            default the office's opening time on ``tanggal``.

    Raises:
        ServiceError: the calendar has no working day in the year before ``tanggal``.
    """
    clock = office_clock(session)
    if now is None:
        now = clock.instant(clock.hours.opening(tanggal))
    elif now.tzinfo is None:
        now = clock.instant(now)
    calendar = clock.calendar
    sebelumnya = hari_kerja_sebelumnya(calendar, tanggal)
    return Briefing(
        tanggal=tanggal,
        saat=clock.local(now),
        zona=_zona(session),
        libur=calendar.why_not_working(tanggal),
        sebelumnya=sebelumnya,
        dilewati=tuple(calendar.skipped_between(sebelumnya, tanggal)),
        pejabat=_pejabat(session, clock, now),
        surat_masuk=_surat_masuk(session, clock, sebelumnya),
        nomor=_nomor(session, clock, sebelumnya),
    )


__all__ = [
    "SEGERA_HARI_KERJA",
    "Briefing",
    "NomorKemarin",
    "Pejabat",
    "SuratKemarin",
    "Tugas",
    "briefing",
    "hari_ini",
    "hari_kerja_sebelumnya",
    "parse_tanggal",
]
