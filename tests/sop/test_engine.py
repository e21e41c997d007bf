"""The pure engine: branches, due times across holidays and office hours, actual times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from kpu_tui.rules.calendar import OfficeHours, OfficeOverride, WorkCalendar
from kpu_tui.rules.holidays_id import work_calendar
from kpu_tui.rules.waktu import parse_waktu
from kpu_tui.sop import engine
from kpu_tui.sop.loader import get_sop

HOURS = OfficeHours(time(7, 30), time(16, 0), time(16, 30))


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return work_calendar()


def test_plain_steps_follow_in_order_and_the_last_ends() -> None:
    sop = get_sop("9.14")
    assert engine.next_step(sop, 1) == 2
    assert engine.next_step(sop, 5) == 6
    assert engine.next_step(sop, 6) is None
    with pytest.raises(engine.DecisionError):
        engine.next_step(sop, 1, "ya")


def test_decisions_branch_forward_and_back() -> None:
    sop = get_sop("9.17")
    assert sop.step(4).keputusan is not None
    assert engine.next_step(sop, 4, "ya") == 1  # pagu minus: back to the pemohon
    assert engine.next_step(sop, 4, "tidak") == 5
    with pytest.raises(engine.DecisionError, match="ya"):
        engine.next_step(sop, 4)
    ends = get_sop("9.3")
    assert engine.next_step(ends, 7, "tidak") is None  # tidak benar: dihentikan


def test_minutes_count_inside_office_hours(cal: WorkCalendar) -> None:
    monday = datetime(2026, 11, 23, 15, 50)
    due = engine.due_at(monday, parse_waktu("30 Menit"), cal, HOURS)
    assert due == datetime(2026, 11, 24, 7, 50)  # 10 minutes today, 20 tomorrow
    before_opening = datetime(2026, 11, 23, 6, 0)
    assert engine.due_at(before_opening, parse_waktu("± 2 jam"), cal, HOURS) == datetime(
        2026, 11, 23, 9, 30
    )
    friday = datetime(2026, 11, 27, 16, 20)
    assert engine.due_at(friday, parse_waktu("15 Menit"), cal, HOURS) == datetime(
        2026, 11, 30, 7, 35
    )


def test_minutes_skip_lebaran_and_cuti_bersama(cal: WorkCalendar) -> None:
    before_lebaran = datetime(2026, 3, 17, 15, 30)
    due = engine.due_at(before_lebaran, parse_waktu("60 s.d. 120 Menit"), cal, HOURS)
    assert due == datetime(2026, 3, 25, 9, 0)  # 18–24 March are holidays and cuti bersama


def test_working_days_fall_due_at_closing(cal: WorkCalendar) -> None:
    start = datetime(2026, 3, 16, 10, 0)
    due = engine.due_at(start, parse_waktu("10 hari kerja"), cal, HOURS)
    assert due == datetime(2026, 4, 7, 16, 0)
    friday_due = engine.due_at(datetime(2026, 11, 23, 9), parse_waktu("4 hari kerja"), cal, HOURS)
    assert friday_due == datetime(2026, 11, 27, 16, 30)


def test_no_fixed_time_has_no_due(cal: WorkCalendar) -> None:
    start = datetime(2026, 11, 23, 9)
    for text in ("Pada kesempatan pertama", "tentatif", "Disesuaikan", ""):
        assert engine.due_at(start, parse_waktu(text), cal, HOURS) is None


def test_office_closure_moves_the_due_date() -> None:
    closed = work_calendar({date(2026, 11, 24): OfficeOverride("libur", "Rapat pleno di luar")})
    due = engine.due_at(datetime(2026, 11, 23, 15, 50), parse_waktu("30 Menit"), closed, HOURS)
    assert due == datetime(2026, 11, 25, 7, 50)


def test_elapsed_in_the_unit_of_the_standard(cal: WorkCalendar) -> None:
    a = datetime(2026, 11, 20, 15, 0)  # Friday
    b = datetime(2026, 11, 23, 8, 0)  # Monday
    assert engine.office_minutes_between(a, b, cal, HOURS) == 90 + 30
    assert engine.elapsed(a, b, "hari_kerja", cal, HOURS) == 1
    assert engine.elapsed(a, b, "hari", cal, HOURS) == 3
    assert engine.elapsed(b, a, "menit", cal, HOURS) == 0


def test_lateness_in_words(cal: WorkCalendar) -> None:
    due = datetime(2026, 11, 23, 10, 0)
    assert engine.lateness(due, datetime(2026, 11, 23, 9, 0), cal, HOURS) is None
    minutes = engine.lateness(due, datetime(2026, 11, 23, 10, 45), cal, HOURS)
    assert minutes is not None and minutes.label() == "lewat 45 menit"
    hours = engine.lateness(due, datetime(2026, 11, 23, 13, 30), cal, HOURS)
    assert hours is not None and hours.label() == "lewat 3 jam"
    days = engine.lateness(due, datetime(2026, 11, 25, 8, 0), cal, HOURS)
    assert days is not None and days.label() == "lewat 2 hari kerja"


# -- urgency: where an item stands against its due time ----------------------------------------


def _status(due: datetime | None, now: datetime, cal: WorkCalendar) -> engine.Status:
    return engine.urgency(due, now, cal, HOURS)


def test_urgency_without_a_due_time(cal: WorkCalendar) -> None:
    status = _status(None, datetime(2026, 11, 23, 9), cal)
    assert (status.urgensi, status.label, status.late) == (engine.Urgensi.TANPA, "", None)
    assert status.urgensi.label == "tanpa batas"


def test_urgency_due_later_today_until_the_minute_it_passes(cal: WorkCalendar) -> None:
    due = datetime(2026, 11, 23, 16, 0)  # Monday, closing time
    for now in (datetime(2026, 11, 23, 7, 0), datetime(2026, 11, 23, 15, 59), due):
        status = _status(due, now, cal)
        assert (status.urgensi, status.label) == (engine.Urgensi.HARI_INI, "hari ini 16.00")
    assert _status(datetime(2026, 11, 23, 9, 5), datetime(2026, 11, 23, 8), cal).label == (
        "hari ini 09.05"
    )


def test_urgency_late_by_office_minutes_then_hours_within_the_day(cal: WorkCalendar) -> None:
    due = datetime(2026, 11, 23, 10, 0)
    cases = {
        datetime(2026, 11, 23, 10, 0, 10): ("lewat 1 menit", 1),  # a minute begun counts
        datetime(2026, 11, 23, 10, 45): ("lewat 45 menit", 45),
        datetime(2026, 11, 23, 10, 59): ("lewat 59 menit", 59),
        datetime(2026, 11, 23, 11, 0): ("lewat 1 jam", 60),
        datetime(2026, 11, 23, 13, 30): ("lewat 3 jam", 210),
        datetime(2026, 11, 23, 21, 0): ("lewat 6 jam", 360),  # office hours only: to 16.00
    }
    for now, (label, minutes) in cases.items():
        status = _status(due, now, cal)
        assert status.urgensi == engine.Urgensi.TERLAMBAT, now
        assert status.label == label, now
        assert status.late == engine.Lateness(minutes, "menit"), now


def test_urgency_after_closing_on_the_due_day_and_over_the_weekend(cal: WorkCalendar) -> None:
    """A batas waktu falls due at closing; while the office stays closed no office minute has
    passed (not "lewat 1 menit"), and Monday morning it is a working day late."""
    due = datetime(2026, 11, 27, 16, 30)  # Friday closing
    for now in (
        datetime(2026, 11, 27, 16, 30, 20),
        datetime(2026, 11, 27, 19, 0),
        datetime(2026, 11, 28, 10, 0),  # Saturday
        datetime(2026, 11, 29, 23, 59),  # Sunday
    ):
        status = _status(due, now, cal)
        assert status.urgensi == engine.Urgensi.TERLAMBAT, now
        assert (status.label, status.late) == (
            "lewat batas waktu",
            engine.Lateness(0, "menit"),
        ), now
    for now, label in (
        (datetime(2026, 11, 30, 6, 0), "lewat 1 hari kerja"),  # Monday before opening
        (datetime(2026, 11, 30, 8, 0), "lewat 1 hari kerja"),
        (datetime(2026, 12, 1, 8, 0), "lewat 2 hari kerja"),
        (datetime(2026, 12, 7, 8, 0), "lewat 6 hari kerja"),
    ):
        status = _status(due, now, cal)
        assert status.label == label, now
        assert status.late is not None and status.late.unit == "hari_kerja"


def test_urgency_friday_morning_due_is_one_working_day_late_on_monday(cal: WorkCalendar) -> None:
    status = _status(datetime(2026, 11, 27, 10, 0), datetime(2026, 11, 30, 9, 0), cal)
    assert status.label == "lewat 1 hari kerja"
    assert status.late == engine.Lateness(1, "hari_kerja")


def test_urgency_skips_christmas_and_its_cuti_bersama(cal: WorkCalendar) -> None:
    """Thursday 24 December 2026 is cuti bersama, Friday 25 Christmas: a Wednesday due is one
    working day late on Monday 28; counting cuti bersama as working days makes it two."""
    due = datetime(2026, 12, 23, 16, 0)
    assert _status(due, datetime(2026, 12, 24, 10, 0), cal).label == "lewat batas waktu"
    assert _status(due, datetime(2026, 12, 28, 9, 0), cal).label == "lewat 1 hari kerja"
    working_cuti = work_calendar(cuti_bersama_hari_kerja=True)
    assert _status(due, datetime(2026, 12, 28, 9, 0), working_cuti).label == ("lewat 2 hari kerja")
    closed = work_calendar({date(2026, 12, 28): OfficeOverride("libur", "Rapat pleno")})
    assert _status(due, datetime(2026, 12, 28, 9, 0), closed).label == "lewat batas waktu"


def test_urgency_soon_within_three_working_days_else_later(cal: WorkCalendar) -> None:
    assert engine.SEGERA_HARI_KERJA == 3
    now = datetime(2026, 11, 23, 9, 0)  # Monday
    cases = {
        datetime(2026, 11, 24, 16, 0): (engine.Urgensi.SEGERA, "Sel 24 Nov"),
        datetime(2026, 11, 26, 16, 0): (engine.Urgensi.SEGERA, "Kam 26 Nov"),
        datetime(2026, 11, 27, 8, 0): (engine.Urgensi.NANTI, "Jum 27 Nov"),
        datetime(2026, 12, 31, 16, 0): (engine.Urgensi.NANTI, "Kam 31 Des"),
    }
    for due, expected in cases.items():
        status = _status(due, now, cal)
        assert (status.urgensi, status.label) == expected, due
    # Over Christmas the horizon is Tuesday 29: Monday 28 is soon though six days away.
    before_christmas = datetime(2026, 12, 22, 9, 0)
    assert _status(datetime(2026, 12, 28, 16), before_christmas, cal).urgensi == (
        engine.Urgensi.SEGERA
    )
    assert _status(datetime(2026, 12, 29, 16), before_christmas, cal).urgensi == (
        engine.Urgensi.SEGERA
    )
    assert _status(datetime(2026, 12, 30, 8), before_christmas, cal).urgensi == (
        engine.Urgensi.NANTI
    )
    # From a Friday the weekend does not count.
    friday = datetime(2026, 11, 27, 9, 0)
    assert _status(datetime(2026, 12, 2, 16), friday, cal).urgensi == engine.Urgensi.SEGERA
    assert _status(datetime(2026, 12, 3, 8), friday, cal).urgensi == engine.Urgensi.NANTI


def test_urgency_names_the_year_of_a_due_date_next_year(cal: WorkCalendar) -> None:
    """From Wednesday 30 December 2026: 1 January and Isra Mikraj (5 January 2027) are
    holidays, so the horizon is Wednesday 6 January."""
    now = datetime(2026, 12, 30, 10, 0)
    soon = _status(datetime(2027, 1, 4, 16, 0), now, cal)
    assert (soon.urgensi, soon.label) == (engine.Urgensi.SEGERA, "Sen 4 Jan 2027")
    assert _status(datetime(2027, 1, 6, 16, 0), now, cal).urgensi == engine.Urgensi.SEGERA
    later = _status(datetime(2027, 1, 7, 16, 0), now, cal)
    assert (later.urgensi, later.label) == (engine.Urgensi.NANTI, "Kam 7 Jan 2027")
    this_year = _status(datetime(2026, 12, 31, 16, 0), now, cal)
    assert this_year.label == "Kam 31 Des"


def test_urgency_order_and_words() -> None:
    order = sorted(engine.Urgensi)
    assert order == [
        engine.Urgensi.TERLAMBAT,
        engine.Urgensi.HARI_INI,
        engine.Urgensi.SEGERA,
        engine.Urgensi.NANTI,
        engine.Urgensi.TANPA,
    ]
    assert [u.label for u in order] == ["terlambat", "hari ini", "segera", "nanti", "tanpa batas"]


def test_urgencies_of_many_items_agree_with_the_calendar(cal: WorkCalendar) -> None:
    """One :class:`engine.Urgencies` classifies due times in any order (its running count of
    working days grows back as older dates are asked) exactly as the calendar counts them."""
    now = datetime(2027, 1, 6, 11, 0)
    shared = engine.Urgencies(now, cal, HOURS)
    start = datetime(2024, 12, 20, 16, 0)
    offsets = [0, 700, 3, 760, 1, 400, 745, 746, 747, 748, 749, 750, 751, 752, 753, 754]
    for days in offsets + list(range(0, 760, 7)):
        due = start + timedelta(days=days)
        status = shared.of(due)
        alone = engine.urgency(due, now, cal, HOURS)
        assert status == alone, due
        if due < now:
            working = cal.working_days_between(due.date(), now.date())
            assert status.late == engine.lateness(due, now, cal, HOURS)
            if working >= 1:
                assert status.late == engine.Lateness(working, "hari_kerja"), due
        else:
            assert status.urgensi != engine.Urgensi.TERLAMBAT
