"""``kpu-tui tenggat``: compute a due date and show every day it skipped, and why.

Works on a fresh installation: when the SQLite file does not exist yet, the national calendar and
the default office hours are used and no database is created. When it exists, the office's own
calendar entries, its cuti bersama setting and its office hours apply.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time

from kpu_tui.rules.calendar import Deadline, OfficeHours, WorkCalendar
from kpu_tui.rules.dates import (
    format_hari_tanggal,
    format_jam,
    format_waktu,
    parse_jam,
    parse_tanggal,
)

from .common import EXIT_OK, CliError, open_store, settings_from

AMOUNT_OPTIONS = (
    ("hari_kerja", "--hari-kerja", "hari kerja"),
    ("hari", "--hari", "hari kalender"),
    ("jam", "--jam", "jam kerja"),
    ("menit", "--menit", "menit jam kerja"),
)
# Generous limits (decades), so a typo cannot keep the command counting for minutes.
AMOUNT_LIMITS = {"hari_kerja": 10_000, "hari": 36_500, "jam": 100_000, "menit": 6_000_000}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``tenggat``."""
    parser = sub.add_parser(
        "tenggat",
        help="hitung tenggat (hari kerja, hari kalender, jam atau menit kerja)",
        description=(
            "Hitung tenggat sejak tanggal mulai (hari ke-0) dan tampilkan setiap hari yang "
            "dilewati beserta alasannya: Sabtu/Minggu, hari libur nasional, cuti bersama, "
            "atau libur kantor."
        ),
    )
    parser.add_argument(
        "--mulai",
        required=True,
        metavar="TANGGAL",
        help="tanggal mulai, misalnya 2026-03-16, 16/03/2026 atau 'hari ini'",
    )
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("--hari-kerja", metavar="N", help="N hari kerja sejak tanggal mulai")
    amount.add_argument("--hari", metavar="N", help="N hari kalender sejak tanggal mulai")
    amount.add_argument("--jam", metavar="N", help="N jam dalam jam kerja kantor")
    amount.add_argument("--menit", metavar="N", help="N menit dalam jam kerja kantor")
    parser.add_argument(
        "--pukul",
        metavar="JJ:MM",
        help="jam mulai untuk --jam/--menit (bawaan: jam masuk kantor)",
    )
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(handler=cmd_tenggat)


def _amount(args: argparse.Namespace) -> tuple[str, int]:
    given = [(dest, opt) for dest, opt, _ in AMOUNT_OPTIONS if getattr(args, dest) is not None]
    if not given:
        raise CliError(
            "Sebutkan jangka waktunya: --hari-kerja N, --hari N, --jam N atau --menit N."
        )
    dest, option = given[0]
    text = str(getattr(args, dest)).strip()
    try:
        value = int(text)
    except ValueError:
        raise CliError(f"{option}: '{text}' bukan bilangan bulat. Contoh: {option} 10") from None
    if value < 0:
        raise CliError(f"{option}: jumlah tidak boleh negatif ({value}).")
    if value > AMOUNT_LIMITS[dest]:
        raise CliError(f"{option}: jumlah terlalu besar (paling banyak {AMOUNT_LIMITS[dest]}).")
    return dest, value


def _load_calendar(args: argparse.Namespace, years: list[int]) -> tuple[WorkCalendar, OfficeHours]:
    from kpu_tui.rules.holidays_id import work_calendar

    settings = settings_from(args)
    path = settings.database_path
    if settings.is_sqlite and (path is None or not path.exists()):
        calendar = work_calendar()
        calendar.preload(years)
        return calendar, OfficeHours()
    from kpu_tui.services import calendar as calendar_service

    with open_store(args) as store, store.read() as session:
        return (
            calendar_service.build_calendar(session, years),
            calendar_service.office_hours(session),
        )


def cmd_tenggat(args: argparse.Namespace) -> int:
    """Compute the due date and print it with the days skipped."""
    try:
        mulai = parse_tanggal(args.mulai, date.today())
    except ValueError as exc:
        raise CliError(f"--mulai: {exc}") from None
    unit, value = _amount(args)
    timed = unit in ("jam", "menit")
    pukul: time | None = None
    if args.pukul is not None:
        if not timed:
            raise CliError("--pukul hanya dipakai bersama --jam atau --menit.")
        try:
            pukul = parse_jam(args.pukul)
        except ValueError as exc:
            raise CliError(f"--pukul: {exc}") from None
    calendar, hours = _load_calendar(args, [mulai.year, mulai.year + 1])
    start = datetime.combine(mulai, pukul if pukul is not None else time(0, 0))
    try:
        if unit == "hari_kerja":
            deadline = calendar.add_working_days(mulai, value)
        elif unit == "hari":
            deadline = calendar.add_calendar_days(mulai, value)
        else:
            minutes = value * 60 if unit == "jam" else value
            deadline = calendar.office_deadline(start, minutes, hours)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(deadline.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    _print_text(calendar, deadline, unit, value, hours, start if pukul is not None else None)
    return EXIT_OK


def _print_text(
    calendar: WorkCalendar,
    deadline: Deadline,
    unit: str,
    value: int,
    hours: OfficeHours,
    start: datetime | None,
) -> None:
    label = {dest: words for dest, _, words in AMOUNT_OPTIONS}[unit]
    mulai = format_waktu(start) if start is not None else format_hari_tanggal(deadline.mulai)
    if deadline.tenggat_waktu is not None:
        tenggat = format_waktu(deadline.tenggat_waktu)
    else:
        tenggat = format_hari_tanggal(deadline.tenggat)
    rows = [("Mulai", mulai), ("Jangka", f"{value} {label}"), ("Tenggat", tenggat)]
    if unit in ("jam", "menit"):
        rows.append(
            (
                "Jam kerja",
                f"{format_jam(hours.jam_masuk)}–{format_jam(hours.jam_pulang)}, "
                f"Jumat sampai {format_jam(hours.jam_pulang_jumat)}",
            )
        )
    width = max(len(name) for name, _ in rows)
    for name, text in rows:
        print(f"{name:<{width}}  {text}")
    start_reason = calendar.why_not_working(deadline.mulai)
    if start_reason is not None:
        print(f"Catatan: tanggal mulai bukan hari kerja: {start_reason}.")
    if unit == "hari":
        due_reason = calendar.why_not_working(deadline.tenggat)
        if due_reason is not None:
            print(f"Catatan: tenggat jatuh pada hari yang bukan hari kerja: {due_reason}.")
    print()
    if unit == "hari":
        print("Hari kalender: setiap hari dihitung, termasuk hari libur.")
        return
    if not deadline.dilewati:
        print("Tidak ada hari yang dilewati.")
        return
    print(f"Hari yang tidak dihitung ({len(deadline.dilewati)}):")
    dates = [format_hari_tanggal(day.tanggal) for day in deadline.dilewati]
    column = max(len("Tanggal"), *(len(text) for text in dates))
    print(f"  {'Tanggal':<{column}}  Alasan")
    print(f"  {'-' * column}  {'-' * 6}")
    for text, day in zip(dates, deadline.dilewati, strict=True):
        print(f"  {text:<{column}}  {day.alasan}")
