"""The pure part of running an SOP: where a step leads, when it is due, how long it took.

No database and no clock here: the service passes the calendar, the office hours and the times
(naive, in the office's local time), so every rule is a plain function to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Literal

from kpu_tui.rules.calendar import OfficeHours, WorkCalendar
from kpu_tui.rules.waktu import WaktuStandard

from .model import Sop

SELESAI = "selesai"
Unit = Literal["menit", "hari_kerja", "hari"]


class DecisionError(ValueError):
    """A decision missing on a decision step, or given on a step that asks none."""


def next_step(sop: Sop, no: int, keputusan: str | None = None) -> int | None:
    """The step that follows step ``no`` (None when the run ends).

    Args:
        sop: the SOP.
        no: the step just completed.
        keputusan: ``"ya"`` or ``"tidak"`` on a decision step; must be empty elsewhere.
    """
    langkah = sop.step(no)
    if langkah.keputusan is None:
        if keputusan:
            raise DecisionError(f"Langkah {no} tidak meminta keputusan.")
        later = [item.no for item in sop.langkah if item.no > no]
        return min(later) if later else None
    if keputusan not in ("ya", "tidak"):
        raise DecisionError(
            f"Langkah {no} adalah keputusan: pilih 'ya' atau 'tidak' "
            f"({langkah.keputusan.pertanyaan})."
        )
    target = langkah.keputusan.ya if keputusan == "ya" else langkah.keputusan.tidak
    return None if target == SELESAI else int(target)


def due_at(
    start: datetime, waktu: WaktuStandard, calendar: WorkCalendar, hours: OfficeHours
) -> datetime | None:
    """When a step begun at ``start`` is due by its mutu baku (None: no fixed time).

    Minutes and hours count inside office hours on working days; hari kerja count working days
    with the start day as day 0 and fall due at closing time; calendar days likewise at closing.
    """
    limit = waktu.batas()
    if limit is None:
        return None
    amount, unit = limit
    if unit == "menit":
        return calendar.add_office_minutes(start, amount, hours)
    if unit == "hari_kerja":
        day = calendar.add_working_days(start.date(), amount).tenggat
    else:
        day = calendar.add_calendar_days(start.date(), amount).tenggat
    return max(hours.closing(day), start)


def office_minutes_between(
    a: datetime, b: datetime, calendar: WorkCalendar, hours: OfficeHours
) -> int:
    """Minutes of office time between ``a`` and ``b`` (0 when ``b`` is not after ``a``)."""
    if b <= a:
        return 0
    total = 0
    day: date = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            open_at = max(hours.opening(day), a)
            close_at = min(hours.closing(day), b)
            if close_at > open_at:
                total += int((close_at - open_at).total_seconds() // 60)
        day += timedelta(days=1)
    return total


def elapsed(
    a: datetime, b: datetime, unit: Unit, calendar: WorkCalendar, hours: OfficeHours
) -> int:
    """How long a step took, in the unit of its standard (office minutes, working or calendar
    days; a step done on the day it began took 0 days)."""
    if unit == "menit":
        return office_minutes_between(a, b, calendar, hours)
    if unit == "hari_kerja":
        return max(0, calendar.working_days_between(a.date(), b.date()))
    return max(0, (b.date() - a.date()).days)


@dataclass(frozen=True)
class Lateness:
    """How late something is, in the words an office uses."""

    amount: int
    unit: Unit

    def label(self) -> str:
        """``lewat 2 hari kerja``, ``lewat 3 jam``, ``lewat 45 menit``; ``lewat batas waktu``
        when no office time has passed since the due time (the office has been closed since)."""
        if self.unit == "menit":
            if self.amount == 0:
                return "lewat batas waktu"
            if self.amount >= 60:
                return f"lewat {self.amount // 60} jam"
            return f"lewat {self.amount} menit"
        word = "hari kerja" if self.unit == "hari_kerja" else "hari"
        return f"lewat {self.amount} {word}"


def lateness(
    due: datetime, now: datetime, calendar: WorkCalendar, hours: OfficeHours
) -> Lateness | None:
    """How late ``now`` is past ``due`` (None when not late): in working days once a working
    day has passed, in office minutes before that."""
    if now <= due:
        return None
    return _late_by(
        due, now, calendar.working_days_between(due.date(), now.date()), calendar, hours
    )


def _late_by(
    due: datetime, now: datetime, days: int, calendar: WorkCalendar, hours: OfficeHours
) -> Lateness:
    """The lateness of a due time already past, given the working days from its date to now's."""
    if days >= 1:
        return Lateness(days, "hari_kerja")
    # Minutes begun count (ten seconds late is "lewat 1 menit"); 0 when the office has been
    # closed all along since the due time (the evening of the due day, the weekend after it).
    begun = now + timedelta(seconds=59)
    return Lateness(office_minutes_between(due, begun, calendar, hours), "menit")


class Urgensi(IntEnum):
    """Where an item stands against its due time, in the order a queue lists them."""

    TERLAMBAT = 0
    HARI_INI = 1
    SEGERA = 2
    """Due within :data:`SEGERA_HARI_KERJA` working days."""
    NANTI = 3
    TANPA = 4
    """No fixed due time ("pada kesempatan pertama")."""

    @property
    def label(self) -> str:
        """The Indonesian word."""
        return ("terlambat", "hari ini", "segera", "nanti", "tanpa batas")[self.value]


SEGERA_HARI_KERJA = 3
"""How many working days ahead an item counts as due soon (the briefing's horizon too)."""


@dataclass(frozen=True)
class Status:
    """An item's urgency and the words a queue shows for it."""

    urgensi: Urgensi
    label: str
    """``lewat 2 hari kerja``, ``hari ini 16.00``, ``Rab 25 Nov``, or ``""`` without a due."""
    late: Lateness | None = None


_HARI_PENDEK = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
_BULAN_PENDEK = (
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
)  # fmt: skip


def urgency(
    due: datetime | None, now: datetime, calendar: WorkCalendar, hours: OfficeHours
) -> Status:
    """Classify a due time (naive office-local, like ``now``): late (and by how much), due
    today, due within :data:`SEGERA_HARI_KERJA` working days, later, or without a due time."""
    return Urgencies(now, calendar, hours).of(due)


class Urgencies:
    """:func:`urgency` of many due times against one ``now`` (a queue's items).

    The working days from a due date up to today are read from a running count kept per date
    (one pass back over the calendar, however many items), so classifying thousands of items
    due over the years costs one calendar walk, not one per item.
    """

    def __init__(self, now: datetime, calendar: WorkCalendar, hours: OfficeHours) -> None:
        self.now = now
        self.calendar = calendar
        self.hours = hours
        self._today = now.date()
        self._after: dict[date, int] = {self._today: 0}
        """Working days after a date up to and including today."""
        self._oldest = self._today
        self._horizon: date | None = None

    def _working_days_to_today(self, day: date) -> int:
        """``calendar.working_days_between(day, today)`` for a day not after today."""
        while self._oldest > day:
            later = self._oldest
            self._oldest = later - timedelta(days=1)
            self._after[self._oldest] = self._after[later] + self.calendar.is_working_day(later)
        return self._after[day]

    def horizon(self) -> date:
        """The last day that counts as due soon."""
        if self._horizon is None:
            self._horizon = self.calendar.add_working_days(self._today, SEGERA_HARI_KERJA).tenggat
        return self._horizon

    def of(self, due: datetime | None) -> Status:
        """The status of one due time (naive office-local)."""
        if due is None:
            return Status(Urgensi.TANPA, "")
        now = self.now
        if now > due:
            days = self._working_days_to_today(due.date())
            late = _late_by(due, now, days, self.calendar, self.hours)
            return Status(Urgensi.TERLAMBAT, late.label(), late)
        if due.date() == self._today:
            return Status(Urgensi.HARI_INI, f"hari ini {due.hour:02d}.{due.minute:02d}")
        label = f"{_HARI_PENDEK[due.weekday()]} {due.day} {_BULAN_PENDEK[due.month - 1]}"
        if due.year != now.year:
            label += f" {due.year}"
        return Status(Urgensi.SEGERA if due.date() <= self.horizon() else Urgensi.NANTI, label)
