"""The office calendar: national holidays, the office's own days, and its working hours.

:func:`build_calendar` is the one place a :class:`~kpu_tui.rules.calendar.WorkCalendar` comes
from, so every deadline in the registers counts the same working days. The admin keeps the
office's own entries (closures with their legal basis, or extra working days); entries are never
deleted, only deactivated with a reason, and every change is journaled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kpu_tui.models import Office, OfficeDay, OfficeDayKind, Role
from kpu_tui.rules.calendar import Holiday, OfficeHours, OfficeOverride, WorkCalendar
from kpu_tui.rules.dates import format_tanggal
from kpu_tui.rules.holidays_id import holidays_for_year, work_calendar

from . import journal
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError

MAX_KETERANGAN = 200
MAX_DASAR_HUKUM = 200
MAX_ALASAN = 500

DEFAULT_OFFICE_HOURS = OfficeHours()
"""07.30–16.00, Friday until 16.30: used before the office profile exists."""

JENIS_LABELS: dict[OfficeDayKind, str] = {
    OfficeDayKind.LIBUR: "Libur kantor",
    OfficeDayKind.KERJA: "Hari kerja tambahan",
}


@dataclass(frozen=True)
class OfficeDayView:
    """One of the office's own calendar entries, as screens see it."""

    id: int
    tanggal: date
    jenis: OfficeDayKind
    keterangan: str
    dasar_hukum: str
    aktif: bool

    @property
    def jenis_label(self) -> str:
        """The kind in words: "Libur kantor" or "Hari kerja tambahan"."""
        return JENIS_LABELS[self.jenis]


@dataclass(frozen=True)
class NationalHolidayView:
    """A national holiday or cuti bersama day, and whether the office overrides it."""

    tanggal: date
    nama: str
    cuti_bersama: bool
    perkiraan: bool
    override: OfficeDayView | None
    """The office's active entry for the same date, if any."""

    @property
    def ditimpa(self) -> bool:
        """Whether an office entry applies on this date instead of the national calendar."""
        return self.override is not None


CLOCK_CACHE = "kpu_tui.office_clock"
"""Key of the office clock cached in ``Session.info`` (see ``procedure.office_clock``)."""


def forget_clock(session: Session) -> None:
    """Drop the cached office clock: the calendar, the hours or the time zone changed."""
    session.info.pop(CLOCK_CACHE, None)


def _office(session: Session) -> Office | None:
    return session.exec(select(Office).order_by(col(Office.id)).limit(1)).first()


def _active_days(session: Session) -> list[OfficeDay]:
    query = select(OfficeDay).where(col(OfficeDay.aktif).is_(True)).order_by(col(OfficeDay.tanggal))
    return list(session.exec(query).all())


def build_calendar(session: Session, years: Iterable[int] = ()) -> WorkCalendar:
    """The office's working-day calendar.

    National holidays of ``years`` are loaded at once and any other year when first asked
    about, so a deadline that crosses a year end still counts right. Every active office entry
    applies, and so does the office's cuti bersama setting (none and the default before the
    office profile exists).
    """
    office = _office(session)
    overrides = {
        row.tanggal: OfficeOverride(str(row.jenis), row.keterangan, row.dasar_hukum)
        for row in _active_days(session)
    }
    calendar = work_calendar(
        overrides,
        cuti_bersama_hari_kerja=bool(office and office.cuti_bersama_hari_kerja),
    )
    calendar.preload(years)
    return calendar


def office_hours(session: Session) -> OfficeHours:
    """The office's working hours, or 07.30–16.00 (Friday 16.30) before set-up."""
    office = _office(session)
    if office is None:
        return DEFAULT_OFFICE_HOURS
    return OfficeHours(
        jam_masuk=office.jam_masuk,
        jam_pulang=office.jam_pulang,
        jam_pulang_jumat=office.jam_pulang_jumat,
    )


def _view(row: OfficeDay) -> OfficeDayView:
    assert row.id is not None
    return OfficeDayView(
        id=row.id,
        tanggal=row.tanggal,
        jenis=OfficeDayKind(row.jenis),
        keterangan=row.keterangan,
        dasar_hukum=row.dasar_hukum,
        aktif=row.aktif,
    )


def _state(row: OfficeDay) -> dict[str, object]:
    # Built by hand: rows read back carry ``jenis`` as a plain string, which model_dump warns on.
    return {
        "id": row.id,
        "tanggal": row.tanggal.isoformat(),
        "jenis": str(row.jenis),
        "keterangan": row.keterangan,
        "dasar_hukum": row.dasar_hukum,
        "aktif": row.aktif,
    }


def _active_on(session: Session, tanggal: date) -> OfficeDay | None:
    query = select(OfficeDay).where(OfficeDay.tanggal == tanggal, col(OfficeDay.aktif).is_(True))
    return session.exec(query).first()


def add_office_day(
    session: Session,
    *,
    actor: Actor,
    tanggal: date,
    jenis: OfficeDayKind | str,
    keterangan: str,
    dasar_hukum: str = "",
) -> OfficeDayView:
    """Declare a date closed (``libur``) or a working day (``kerja``) for this office (admin).

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: per field (``tanggal``, ``jenis``, ``keterangan``, ``dasar_hukum``),
            including a second active entry for the same date.
    """
    forget_clock(session)
    actor.require(Role.ADMIN, action="mengubah kalender kantor")
    errors: dict[str, str] = {}
    kind: OfficeDayKind | None
    try:
        kind = OfficeDayKind(jenis)
    except ValueError:
        kind = None
        errors["jenis"] = "Jenis harus 'libur' (kantor tutup) atau 'kerja' (kantor buka)."
    text = " ".join(keterangan.split())
    if not text:
        errors["keterangan"] = "Keterangan wajib diisi, misalnya alasan kantor libur."
    elif len(text) > MAX_KETERANGAN:
        errors["keterangan"] = f"Keterangan paling banyak {MAX_KETERANGAN} karakter."
    basis = " ".join(dasar_hukum.split())
    if len(basis) > MAX_DASAR_HUKUM:
        errors["dasar_hukum"] = f"Dasar hukum paling banyak {MAX_DASAR_HUKUM} karakter."
    existing = _active_on(session, tanggal)
    if existing is not None:
        errors["tanggal"] = (
            f"Sudah ada entri aktif untuk {format_tanggal(tanggal)} "
            f"({JENIS_LABELS[OfficeDayKind(existing.jenis)].lower()}: {existing.keterangan}). "
            "Nonaktifkan dahulu bila ingin menggantinya."
        )
    if errors:
        raise ValidationError(errors)
    assert kind is not None
    row = OfficeDay(tanggal=tanggal, jenis=kind, keterangan=text, dasar_hukum=basis, aktif=True)
    session.add(row)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="buat",
        record_type="office_day",
        record_id=row.id,
        after=_state(row),
    )
    return _view(row)


def deactivate_office_day(
    session: Session, *, actor: Actor, office_day_id: int, alasan: str
) -> OfficeDayView:
    """Turn an office entry off (admin); entries are never deleted, the journal keeps why.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: ``alasan`` is empty or too long.
        NotFound: no entry with that id.
        ServiceError: the entry is already inactive.
    """
    forget_clock(session)
    actor.require(Role.ADMIN, action="mengubah kalender kantor")
    reason = " ".join(alasan.split())
    if not reason:
        raise ValidationError({"alasan": "Alasan wajib diisi."})
    if len(reason) > MAX_ALASAN:
        raise ValidationError({"alasan": f"Alasan paling banyak {MAX_ALASAN} karakter."})
    row = session.get(OfficeDay, office_day_id)
    if row is None:
        raise NotFound(f"Entri kalender kantor nomor {office_day_id} tidak ditemukan.")
    if not row.aktif:
        raise ServiceError("Entri kalender kantor ini sudah nonaktif.")
    before = _state(row)
    row.aktif = False
    session.add(row)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="nonaktifkan",
        record_type="office_day",
        record_id=row.id,
        before=before,
        after=_state(row) | {"alasan": reason},
    )
    return _view(row)


def list_office_days(
    session: Session, year: int, *, include_inactive: bool = True
) -> list[OfficeDayView]:
    """The office's entries dated in ``year``, by date (active before inactive on a date)."""
    query = select(OfficeDay).where(
        col(OfficeDay.tanggal) >= date(year, 1, 1), col(OfficeDay.tanggal) <= date(year, 12, 31)
    )
    if not include_inactive:
        query = query.where(col(OfficeDay.aktif).is_(True))
    query = query.order_by(col(OfficeDay.tanggal), col(OfficeDay.aktif).desc(), col(OfficeDay.id))
    return [_view(row) for row in session.exec(query).all()]


def list_national_holidays(session: Session, year: int) -> list[NationalHolidayView]:
    """The national holidays and cuti bersama days of ``year``, each with the office's entry."""
    overrides = {day.tanggal: day for day in list_office_days(session, year) if day.aktif}
    holidays: dict[date, Holiday] = dict(holidays_for_year(year))
    return [
        NationalHolidayView(
            tanggal=day,
            nama=holiday.name,
            cuti_bersama=holiday.cuti_bersama,
            perkiraan=holiday.perkiraan,
            override=overrides.get(day),
        )
        for day, holiday in sorted(holidays.items())
    ]


__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "JENIS_LABELS",
    "NationalHolidayView",
    "OfficeDayView",
    "add_office_day",
    "build_calendar",
    "deactivate_office_day",
    "list_national_holidays",
    "list_office_days",
    "office_hours",
]
