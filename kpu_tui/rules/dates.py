"""Indonesian dates and times: names, formatting and parsing of what staff type.

Pure functions, no I/O. Parsing errors are :class:`ValueError` whose message is written for the
user (Bahasa Indonesia, with an example of what is accepted), so a form or the command line can
show it as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""Month names, January first (``BULAN[d.month - 1]``)."""

BULAN_PENDEK: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
"""Short month names, January first."""

HARI: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
"""Weekday names, Monday first (``HARI[d.weekday()]``)."""

CONTOH_TANGGAL = "23/11/2026"
"""The example shown when a date is not understood."""
CONTOH_JAM = "07.30"
"""The example shown when a time is not understood."""

# Every spelling of a month that staff are likely to type, lower case, mapped to its number.
_MONTHS: dict[str, int] = {}
for _number, (_long, _short) in enumerate(zip(BULAN, BULAN_PENDEK, strict=True), start=1):
    _MONTHS[_long.lower()] = _number
    _MONTHS[_short.lower()] = _number
_MONTHS.update(
    {
        "pebruari": 2,
        "nopember": 11,
        "agt": 8,
        "ags": 8,
        "agus": 8,
        "sept": 9,
        "des": 12,
        # English abbreviations and names that differ from the Indonesian ones.
        "january": 1,
        "february": 2,
        "march": 3,
        "may": 5,
        "june": 6,
        "july": 7,
        "aug": 8,
        "august": 8,
        "oct": 10,
        "october": 10,
        "dec": 12,
        "december": 12,
    }
)
_WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(HARI)}
_WEEKDAYS.update({"jum'at": 4, "ahad": 6})

_RELATIVE: dict[str, int] = {"hari ini": 0, "kemarin": -1, "besok": 1, "lusa": 2}

_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TEXT = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_WEEKDAY_PREFIX = re.compile(r"^([a-z']+)\s*,?\s+(.*)$")
_HM = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?$")


def nama_bulan(month: int) -> str:
    """The Indonesian name of ``month`` (1–12)."""
    return BULAN[month - 1]


def nama_hari(d: date) -> str:
    """The Indonesian weekday name of ``d`` ("Senin" ... "Minggu")."""
    return HARI[d.weekday()]


def format_tanggal(d: date) -> str:
    """``d`` as "9 Januari 2025"."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def format_tanggal_pendek(d: date) -> str:
    """``d`` as "9 Jan 2025"."""
    return f"{d.day} {BULAN_PENDEK[d.month - 1]} {d.year}"


def format_hari_tanggal(d: date) -> str:
    """``d`` with its weekday, as "Senin, 23 November 2026"."""
    return f"{HARI[d.weekday()]}, {format_tanggal(d)}"


def format_jam(t: time | datetime) -> str:
    """A time of day as Indonesian writing has it, "07.30"."""
    return f"{t.hour:02d}.{t.minute:02d}"


def format_waktu(dt: datetime) -> str:
    """A moment as "Senin, 23 November 2026 pukul 07.30"."""
    return f"{format_hari_tanggal(dt.date())} pukul {format_jam(dt)}"


def _unknown(text: str, detail: str = "") -> ValueError:
    extra = f" ({detail})" if detail else ""
    return ValueError(f"Tanggal tidak dikenali: '{text}'{extra}. Contoh: {CONTOH_TANGGAL}")


def _build(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _unknown(text, f"tidak ada bulan ke-{month}")
    if year < 1:
        raise _unknown(text, "tahun tidak sah")
    try:
        return date(year, month, day)
    except ValueError:
        detail = f"tanggal {day} tidak ada pada bulan {nama_bulan(month)} {year}"
        raise _unknown(text, detail) from None


def parse_tanggal(text: str, today: date) -> date:
    """Read a date as staff type it.

    Accepted: "23/11/2026", "23-11-2026", "23.11.2026", "2026-11-23", "23 November 2026",
    "23 Nov 2026", an optional weekday before these ("Senin, 23 November 2026", which must be the
    right weekday), and the words "hari ini", "kemarin", "besok" and "lusa" relative to ``today``.

    Raises:
        ValueError: with a message for the user, e.g. for "31/02/2026".
    """
    original = text.strip()
    cleaned = " ".join(original.lower().split())
    if not cleaned:
        raise ValueError(f"Tanggal wajib diisi. Contoh: {CONTOH_TANGGAL}")
    if cleaned in _RELATIVE:
        return today + timedelta(days=_RELATIVE[cleaned])
    weekday: int | None = None
    prefix = _WEEKDAY_PREFIX.match(cleaned)
    if prefix and prefix.group(1).rstrip(",") in _WEEKDAYS:
        weekday = _WEEKDAYS[prefix.group(1).rstrip(",")]
        cleaned = prefix.group(2)
    result: date | None = None
    if m := _DMY.match(cleaned):
        result = _build(original, int(m.group(4)), int(m.group(3)), int(m.group(1)))
    elif m := _ISO.match(cleaned):
        result = _build(original, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := _TEXT.match(cleaned):
        month = _MONTHS.get(m.group(2))
        if month is None:
            raise _unknown(original, f"nama bulan '{m.group(2)}' tidak dikenal")
        result = _build(original, int(m.group(3)), month, int(m.group(1)))
    if result is None:
        raise _unknown(original)
    if weekday is not None and result.weekday() != weekday:
        raise _unknown(original, f"{format_tanggal(result)} jatuh pada hari {nama_hari(result)}")
    return result


def parse_jam(text: str) -> time:
    """Read a time of day: "07.30", "07:30", "7.30" or a whole hour such as "8".

    Raises:
        ValueError: with a message for the user, e.g. for "25.00" or "07.75".
    """
    original = text.strip()
    m = _HM.match(original)
    if m is None:
        raise ValueError(f"Jam tidak dikenali: '{original}'. Contoh: {CONTOH_JAM}")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(
            f"Jam tidak dikenali: '{original}' (jam 00–23, menit 00–59). Contoh: {CONTOH_JAM}"
        )
    return time(hour, minute)


__all__ = [
    "BULAN",
    "BULAN_PENDEK",
    "CONTOH_JAM",
    "CONTOH_TANGGAL",
    "HARI",
    "format_hari_tanggal",
    "format_jam",
    "format_tanggal",
    "format_tanggal_pendek",
    "format_waktu",
    "nama_bulan",
    "nama_hari",
    "parse_jam",
    "parse_tanggal",
]
