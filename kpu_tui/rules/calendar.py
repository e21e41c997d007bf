"""Working days (hari kerja), due dates that explain themselves, and office-hours arithmetic.

A working day is Monday to Friday, not a national holiday, and not cuti bersama unless the office
counts cuti bersama as working days. The office's own entries override all of that both ways: a
weekday can be declared closed, and a holiday or a Saturday can be declared a working day.

"N hari kerja sejak X": X is day 0 and the following working days are counted, so the due date is
the N-th working day after X. Every :class:`Deadline` lists the days it skipped and why.

Pure: no database, no clock, no I/O. The national holidays come in as a mapping (and, for years
not given up front, from an optional deterministic loader such as
:func:`kpu_tui.rules.holidays_id.holidays_for_year`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final, NamedTuple

from .dates import HARI

LIBUR: Final = "libur"
"""Kind of an office entry: the office is closed that day."""
KERJA: Final = "kerja"
"""Kind of an office entry: the office works that day (even on a holiday or weekend)."""
OVERRIDE_KINDS: Final = (LIBUR, KERJA)

SATURDAY, SUNDAY = 5, 6
FRIDAY = 4


class Holiday(NamedTuple):
    """A national holiday or cuti bersama day.

    Attributes:
        name: the Indonesian name, e.g. "Hari Suci Nyepi" or "Cuti Bersama Hari Raya Idul Fitri".
        cuti_bersama: True for a cuti bersama day (the library's "government" category), which
            the office may count as a working day.
    """

    name: str
    cuti_bersama: bool = False

    @property
    def perkiraan(self) -> bool:
        """Whether the date is an estimate (the library marks future lunar dates so)."""
        return "perkiraan" in self.name.lower()


class OfficeOverride(NamedTuple):
    """The office's own entry for one date, which wins over the national calendar.

    Attributes:
        jenis: ``"libur"`` (closed) or ``"kerja"`` (open).
        keterangan: why, e.g. "Pemungutan suara ulang di Kecamatan Bontang Utara".
        dasar_hukum: the legal reference, e.g. "SE Sekretaris KPU Nomor 12 Tahun 2026".
    """

    jenis: str
    keterangan: str
    dasar_hukum: str = ""

    @property
    def alasan(self) -> str:
        """The reason shown for a closure: the keterangan and its legal reference."""
        if self.dasar_hukum:
            return f"{self.keterangan} ({self.dasar_hukum})"
        return self.keterangan


@dataclass(frozen=True)
class SkippedDay:
    """A day a deadline did not count, and why."""

    tanggal: date
    alasan: str

    def to_dict(self) -> dict[str, str]:
        """The JSON form ``{"tanggal": "YYYY-MM-DD", "alasan": "..."}``."""
        return {"tanggal": self.tanggal.isoformat(), "alasan": self.alasan}


@dataclass(frozen=True)
class Deadline:
    """A computed due date that can explain itself.

    Attributes:
        mulai: the start date (day 0).
        tenggat: the due date.
        dilewati: every non-working day after ``mulai`` and before ``tenggat``, with its reason.
        tenggat_waktu: the due moment (naive office-local time) for deadlines in hours or
            minutes; None for deadlines in days.
    """

    mulai: date
    tenggat: date
    dilewati: list[SkippedDay] = field(default_factory=list)
    tenggat_waktu: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``mulai``, ``tenggat``, ``dilewati`` (and ``tenggat_waktu`` if timed)."""
        data: dict[str, Any] = {
            "mulai": self.mulai.isoformat(),
            "tenggat": self.tenggat.isoformat(),
            "dilewati": [day.to_dict() for day in self.dilewati],
        }
        if self.tenggat_waktu is not None:
            data["tenggat_waktu"] = self.tenggat_waktu.isoformat(timespec="minutes")
        return data


@dataclass(frozen=True)
class OfficeHours:
    """When the office is open on a working day (naive local time of the office's zone).

    Attributes:
        jam_masuk: opening time, Monday to Friday.
        jam_pulang: closing time, Monday to Thursday (and on a weekend day declared a working day).
        jam_pulang_jumat: closing time on Friday.
    """

    jam_masuk: time = time(7, 30)
    jam_pulang: time = time(16, 0)
    jam_pulang_jumat: time = time(16, 30)

    def __post_init__(self) -> None:
        if self.jam_pulang <= self.jam_masuk:
            raise ValueError("Jam pulang harus sesudah jam masuk.")
        if self.jam_pulang_jumat <= self.jam_masuk:
            raise ValueError("Jam pulang hari Jumat harus sesudah jam masuk.")

    def opening(self, d: date) -> datetime:
        """The moment the office opens on ``d``."""
        return datetime.combine(d, self.jam_masuk)

    def closing(self, d: date) -> datetime:
        """The moment the office closes on ``d`` (Friday has its own closing time)."""
        return datetime.combine(
            d, self.jam_pulang_jumat if d.weekday() == FRIDAY else self.jam_pulang
        )


def _out_of_range() -> ValueError:
    return ValueError("Tanggal di luar jangkauan kalender.")


class WorkCalendar:
    """Which days are working days, for one office.

    Args:
        holidays: national holidays by date. Entries here win over ``holiday_source``.
        overrides: the office's own entries by date; plain ``(jenis, keterangan, dasar_hukum)``
            tuples are accepted.
        cuti_bersama_hari_kerja: count cuti bersama as working days (default: they are not).
        holiday_source: called once per year that is asked about, to supply that year's
            holidays; lets a deadline run past the years loaded up front.

    Raises:
        ValueError: an override whose ``jenis`` is neither ``"libur"`` nor ``"kerja"``.
    """

    def __init__(
        self,
        holidays: Mapping[date, Holiday] | None = None,
        overrides: Mapping[date, OfficeOverride | tuple[str, str, str]] | None = None,
        *,
        cuti_bersama_hari_kerja: bool = False,
        holiday_source: Callable[[int], Mapping[date, Holiday]] | None = None,
    ) -> None:
        self._holidays: dict[date, Holiday] = dict(holidays or {})
        self._overrides: dict[date, OfficeOverride] = {}
        for day, entry in (overrides or {}).items():
            override = OfficeOverride(*entry)
            if override.jenis not in OVERRIDE_KINDS:
                raise ValueError(f"Jenis hari kantor tidak dikenal: {override.jenis!r}.")
            self._overrides[day] = override
        self.cuti_bersama_hari_kerja = cuti_bersama_hari_kerja
        """Whether cuti bersama counts as a working day."""
        self._source = holiday_source
        self._loaded: dict[int, Mapping[date, Holiday]] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- lookups
    def _year(self, year: int) -> Mapping[date, Holiday]:
        loaded = self._loaded.get(year)
        if loaded is None:
            assert self._source is not None
            with self._lock:
                loaded = self._loaded.get(year)
                if loaded is None:
                    loaded = self._source(year)
                    self._loaded[year] = loaded
        return loaded

    def preload(self, years: Iterable[int]) -> None:
        """Load the holidays of ``years`` from the source now rather than when first needed."""
        if self._source is not None:
            for year in years:
                self._year(year)

    def holiday(self, d: date) -> Holiday | None:
        """The national holiday or cuti bersama on ``d``, if any."""
        found = self._holidays.get(d)
        if found is not None or self._source is None:
            return found
        return self._year(d.year).get(d)

    def override(self, d: date) -> OfficeOverride | None:
        """The office's own entry for ``d``, if any."""
        return self._overrides.get(d)

    def why_not_working(self, d: date) -> str | None:
        """Why ``d`` is not a working day (Bahasa Indonesia), or None if it is one.

        Examples: "Sabtu", "Minggu (Hari Raya Idul Fitri)", "Hari Suci Nyepi",
        "Cuti Bersama Hari Raya Idul Fitri", or an office closure's keterangan and legal basis.
        """
        override = self._overrides.get(d)
        if override is not None:
            return override.alasan if override.jenis == LIBUR else None
        holiday = self.holiday(d)
        if d.weekday() in (SATURDAY, SUNDAY):
            weekday = HARI[d.weekday()]
            return f"{weekday} ({holiday.name})" if holiday is not None else weekday
        if holiday is None:
            return None
        if holiday.cuti_bersama and self.cuti_bersama_hari_kerja:
            return None
        return holiday.name

    def is_working_day(self, d: date) -> bool:
        """Whether the office works on ``d``."""
        return self.why_not_working(d) is None

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        for day in _days_after(d):
            if self.is_working_day(day):
                return day
        raise AssertionError("unreachable")  # pragma: no cover

    def skipped_between(self, a: date, b: date) -> list[SkippedDay]:
        """The non-working days strictly between ``a`` and ``b``, with their reasons."""
        skipped: list[SkippedDay] = []
        for day in _days_after(a):
            if day >= b:
                break
            reason = self.why_not_working(day)
            if reason is not None:
                skipped.append(SkippedDay(day, reason))
        return skipped

    # ---------------------------------------------------------------- deadlines
    def add_working_days(self, start: date, n: int) -> Deadline:
        """The N-th working day after ``start`` ("N hari kerja sejak start", start is day 0).

        ``n == 0`` gives ``start`` itself, even when it is not a working day.

        Raises:
            ValueError: ``n`` is negative, or the date runs off the calendar.
        """
        _check_amount(n)
        skipped: list[SkippedDay] = []
        current = start
        remaining = n
        try:
            days = _days_after(start)
            while remaining > 0:
                current = next(days)
                reason = self.why_not_working(current)
                if reason is None:
                    remaining -= 1
                else:
                    skipped.append(SkippedDay(current, reason))
        except OverflowError as exc:
            raise _out_of_range() from exc
        return Deadline(mulai=start, tenggat=current, dilewati=skipped)

    def add_calendar_days(self, start: date, n: int) -> Deadline:
        """``start`` plus ``n`` calendar days ("N hari"); nothing is skipped.

        Raises:
            ValueError: ``n`` is negative, or the date runs off the calendar.
        """
        _check_amount(n)
        try:
            return Deadline(mulai=start, tenggat=start + timedelta(days=n))
        except OverflowError as exc:
            raise _out_of_range() from exc

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days come after ``a`` up to and including ``b``.

        Negative when ``b`` is before ``a``: ``working_days_between(tenggat, today)`` is how many
        working days a deadline is overdue ("lewat 2 hari kerja"), and negative while time is left.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        for day in _days_after(a):
            if day > b:
                break
            if self.is_working_day(day):
                count += 1
        return count

    def add_office_minutes(self, start: datetime, minutes: int, hours: OfficeHours) -> datetime:
        """The moment ``minutes`` of office time after ``start`` (naive office-local time).

        Only minutes inside office hours on working days count. A start before opening begins at
        opening; one after closing or on a non-working day begins at the next working day's
        opening. A span that ends exactly at closing time ends then, not the next morning.
        ``minutes == 0`` gives ``start`` itself.

        Raises:
            ValueError: ``minutes`` is negative, or the date runs off the calendar.
        """
        _check_amount(minutes)
        if minutes == 0:
            return start
        remaining = timedelta(minutes=minutes)
        try:
            cursor = self._normalise(start, hours)
            while True:
                available = hours.closing(cursor.date()) - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
                cursor = hours.opening(self.next_working_day(cursor.date()))
        except OverflowError as exc:
            raise _out_of_range() from exc

    def office_deadline(self, start: datetime, minutes: int, hours: OfficeHours) -> Deadline:
        """Like :meth:`add_office_minutes`, as a :class:`Deadline` listing the days skipped."""
        due = self.add_office_minutes(start, minutes, hours)
        return Deadline(
            mulai=start.date(),
            tenggat=due.date(),
            dilewati=self.skipped_between(start.date(), due.date()),
            tenggat_waktu=due,
        )

    def _normalise(self, moment: datetime, hours: OfficeHours) -> datetime:
        """The first office moment at or after ``moment``."""
        day = moment.date()
        if self.is_working_day(day):
            if moment < hours.opening(day):
                return hours.opening(day)
            if moment < hours.closing(day):
                return moment
        return hours.opening(self.next_working_day(day))


def _days_after(d: date) -> Iterator[date]:
    one = timedelta(days=1)
    while True:
        d = d + one
        yield d


def _check_amount(n: int) -> None:
    if n < 0:
        raise ValueError(f"Jumlah tidak boleh negatif: {n}.")


__all__ = [
    "KERJA",
    "LIBUR",
    "OVERRIDE_KINDS",
    "Deadline",
    "Holiday",
    "OfficeHours",
    "OfficeOverride",
    "SkippedDay",
    "WorkCalendar",
]
