"""The pure engine: branches, due times across holidays and office hours, actual times."""

from __future__ import annotations

from datetime import date, datetime, time

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
