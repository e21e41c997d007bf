"""Indonesian national holidays and cuti bersama from the ``holidays`` package.

The package's "public" category holds the national holidays (hari libur nasional) and its
"government" category the cuti bersama days of the SKB 3 Menteri. The two are asked for
separately so each entry knows which it is. Names are the package's Indonesian ones; future lunar
dates carry "(perkiraan)". Results are cached per year in the process: the data is deterministic
for an installed package version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays as holidays_lib

from .calendar import Holiday, OfficeOverride, WorkCalendar

COUNTRY = "ID"
LANGUAGE = "id"
PUBLIC = "public"
GOVERNMENT = "government"


def _category(year: int, category: str) -> dict[date, str]:
    entries = holidays_lib.country_holidays(
        COUNTRY, years=year, categories=(category,), language=LANGUAGE
    )
    return {day: str(name) for day, name in entries.items()}


@lru_cache(maxsize=256)
def holidays_for_year(year: int) -> Mapping[date, Holiday]:
    """The national holidays and cuti bersama days of ``year`` (read-only, cached).

    A date that is both a public holiday and a cuti bersama day counts as a public holiday: the
    office is closed whatever its cuti bersama setting.
    """
    result: dict[date, Holiday] = {
        day: Holiday(name, cuti_bersama=True) for day, name in _category(year, GOVERNMENT).items()
    }
    for day, name in _category(year, PUBLIC).items():
        result[day] = Holiday(name, cuti_bersama=False)
    return MappingProxyType(dict(sorted(result.items())))


def national_holidays(years: int | Iterable[int]) -> dict[date, Holiday]:
    """The national holidays and cuti bersama days of one or more years, by date."""
    wanted = [years] if isinstance(years, int) else sorted(set(years))
    result: dict[date, Holiday] = {}
    for year in wanted:
        result.update(holidays_for_year(year))
    return result


def work_calendar(
    overrides: Mapping[date, OfficeOverride | tuple[str, str, str]] | None = None,
    *,
    cuti_bersama_hari_kerja: bool = False,
) -> WorkCalendar:
    """A calendar over the national holidays of any year, plus the office's own entries."""
    return WorkCalendar(
        overrides=overrides,
        cuti_bersama_hari_kerja=cuti_bersama_hari_kerja,
        holiday_source=holidays_for_year,
    )


__all__ = ["holidays_for_year", "national_holidays", "work_calendar"]
