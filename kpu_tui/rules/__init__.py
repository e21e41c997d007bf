"""Pure rules: the working-day calendar, Indonesian dates, and (later) the statutory clocks.

Nothing here touches the database, the clock, Textual or ReportLab.
"""

from .calendar import (
    KERJA,
    LIBUR,
    OVERRIDE_KINDS,
    Deadline,
    Holiday,
    OfficeHours,
    OfficeOverride,
    SkippedDay,
    WorkCalendar,
)
from .dates import (
    BULAN,
    BULAN_PENDEK,
    HARI,
    format_hari_tanggal,
    format_jam,
    format_tanggal,
    format_tanggal_pendek,
    format_waktu,
    nama_bulan,
    nama_hari,
    parse_jam,
    parse_tanggal,
)
from .holidays_id import holidays_for_year, national_holidays, work_calendar

__all__ = [
    "BULAN",
    "BULAN_PENDEK",
    "HARI",
    "KERJA",
    "LIBUR",
    "OVERRIDE_KINDS",
    "Deadline",
    "Holiday",
    "OfficeHours",
    "OfficeOverride",
    "SkippedDay",
    "WorkCalendar",
    "format_hari_tanggal",
    "format_jam",
    "format_tanggal",
    "format_tanggal_pendek",
    "format_waktu",
    "holidays_for_year",
    "nama_bulan",
    "nama_hari",
    "national_holidays",
    "parse_jam",
    "parse_tanggal",
    "work_calendar",
]
