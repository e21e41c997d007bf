"""Working days, deadlines and office-hours arithmetic (pure rules)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kpu_tui.rules.calendar import (
    Deadline,
    Holiday,
    OfficeHours,
    OfficeOverride,
    SkippedDay,
    WorkCalendar,
)
from kpu_tui.rules.holidays_id import holidays_for_year, national_holidays, work_calendar

D = date
HOURS = OfficeHours()


def dates_of(deadline: Deadline) -> list[date]:
    """The dates a deadline skipped."""
    return [day.tanggal for day in deadline.dilewati]


# ---------------------------------------------------------------- holiday data (holidays_id)


def test_2026_cuti_bersama_are_flagged_and_public_holidays_are_not() -> None:
    year = holidays_for_year(2026)
    cuti = sorted(d for d, h in year.items() if h.cuti_bersama)
    assert cuti == [
        D(2026, 2, 16),
        D(2026, 3, 18),
        D(2026, 3, 20),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 5, 15),
        D(2026, 5, 28),
        D(2026, 12, 24),
    ]
    assert year[D(2026, 3, 19)] == Holiday("Hari Suci Nyepi", cuti_bersama=False)
    assert year[D(2026, 4, 3)].name == "Wafat Yesus Kristus"
    assert year[D(2026, 3, 20)].name == "Cuti Bersama Hari Raya Idul Fitri"


def test_2025_lebaran_and_18_august() -> None:
    year = holidays_for_year(2025)
    assert year[D(2025, 3, 31)] == Holiday("Hari Raya Idul Fitri", False)
    assert year[D(2025, 4, 1)].cuti_bersama is False
    for day in (D(2025, 4, 2), D(2025, 4, 3), D(2025, 4, 4), D(2025, 4, 7)):
        assert year[day].cuti_bersama is True
    assert year[D(2025, 8, 18)].cuti_bersama is True


def test_future_lunar_dates_are_marked_perkiraan() -> None:
    year = holidays_for_year(2027)
    assert year[D(2027, 3, 10)].perkiraan is True
    assert year[D(2027, 1, 1)].perkiraan is False


def test_national_holidays_merges_years_and_is_cached() -> None:
    both = national_holidays([2026, 2027])
    assert D(2026, 12, 25) in both and D(2027, 1, 1) in both
    assert national_holidays(2026) == dict(holidays_for_year(2026))
    assert holidays_for_year(2026) is holidays_for_year(2026)
    with pytest.raises(TypeError):
        holidays_for_year(2026)[D(2026, 1, 2)] = Holiday("x")  # type: ignore[index]


# ---------------------------------------------------------------- working days


def test_weekdays_weekends_and_reasons() -> None:
    cal = work_calendar()
    assert cal.is_working_day(D(2026, 3, 16))
    assert cal.why_not_working(D(2026, 3, 16)) is None
    assert cal.why_not_working(D(2026, 3, 28)) == "Sabtu"
    assert cal.why_not_working(D(2026, 3, 29)) == "Minggu"
    assert cal.why_not_working(D(2026, 3, 19)) == "Hari Suci Nyepi"
    assert cal.why_not_working(D(2026, 3, 18)) == "Cuti Bersama Hari Suci Nyepi"
    # A holiday on a weekend names both.
    assert cal.why_not_working(D(2026, 3, 21)) == "Sabtu (Hari Raya Idul Fitri)"


def test_acceptance_example_2026_lebaran() -> None:
    deadline = work_calendar().add_working_days(D(2026, 3, 16), 10)
    assert deadline.mulai == D(2026, 3, 16)
    assert deadline.tenggat == D(2026, 4, 7)
    reasons = {day.tanggal: day.alasan for day in deadline.dilewati}
    assert sorted(reasons) == [
        D(2026, 3, 18),
        D(2026, 3, 19),
        D(2026, 3, 20),
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 3, 28),
        D(2026, 3, 29),
        D(2026, 4, 3),
        D(2026, 4, 4),
        D(2026, 4, 5),
    ]
    for day in (18, 20, 23, 24):
        assert reasons[D(2026, 3, day)].startswith("Cuti Bersama")
    assert reasons[D(2026, 3, 19)] == "Hari Suci Nyepi"
    assert reasons[D(2026, 4, 3)] == "Wafat Yesus Kristus"
    assert reasons[D(2026, 3, 28)] == "Sabtu"
    assert reasons[D(2026, 4, 5)].startswith("Minggu")


def test_acceptance_example_as_json_dict() -> None:
    data = work_calendar().add_working_days(D(2026, 3, 16), 10).to_dict()
    assert list(data) == ["mulai", "tenggat", "dilewati"]
    assert data["mulai"] == "2026-03-16"
    assert data["tenggat"] == "2026-04-07"
    assert data["dilewati"][0] == {
        "tanggal": "2026-03-18",
        "alasan": "Cuti Bersama Hari Suci Nyepi",
    }


def test_lebaran_2025() -> None:
    cal = work_calendar()
    deadline = cal.add_working_days(D(2025, 3, 27), 1)
    assert deadline.tenggat == D(2025, 4, 8)
    assert dates_of(deadline) == [
        D(2025, 3, 28),  # cuti bersama Nyepi
        D(2025, 3, 29),  # Nyepi on a Saturday
        D(2025, 3, 30),
        D(2025, 3, 31),  # Idul Fitri
        D(2025, 4, 1),
        D(2025, 4, 2),
        D(2025, 4, 3),
        D(2025, 4, 4),
        D(2025, 4, 5),
        D(2025, 4, 6),
        D(2025, 4, 7),  # cuti bersama
    ]
    assert cal.add_working_days(D(2025, 3, 27), 10).tenggat == D(2025, 4, 22)  # 18 Apr Good Fri


def test_lebaran_2026() -> None:
    deadline = work_calendar().add_working_days(D(2026, 3, 17), 1)
    assert deadline.tenggat == D(2026, 3, 25)
    assert len(deadline.dilewati) == 7


def test_lebaran_2027() -> None:
    cal = work_calendar()
    deadline = cal.add_working_days(D(2027, 3, 5), 1)
    assert deadline.tenggat == D(2027, 3, 16)
    reasons = {day.tanggal: day.alasan for day in deadline.dilewati}
    assert reasons[D(2027, 3, 8)] == "Hari Suci Nyepi"
    assert reasons[D(2027, 3, 9)].startswith("Cuti Bersama")
    assert "perkiraan" in reasons[D(2027, 3, 10)]
    assert reasons[D(2027, 3, 15)] == "Cuti Bersama Hari Raya Idul Fitri"
    # Cuti bersama Wafat Yesus Kristus (Thu 25 Mar) and Good Friday (26 Mar) 2027.
    assert cal.add_working_days(D(2027, 3, 24), 1).tenggat == D(2027, 3, 29)


def test_across_the_year_end() -> None:
    deadline = work_calendar().add_working_days(D(2026, 12, 23), 5)
    assert deadline.tenggat == D(2027, 1, 4)
    assert dates_of(deadline) == [
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 27),
        D(2027, 1, 1),
        D(2027, 1, 2),
        D(2027, 1, 3),
    ]
    assert deadline.dilewati[4] == SkippedDay(D(2027, 1, 1), "Tahun Baru Masehi")


def test_across_the_year_end_2025() -> None:
    deadline = work_calendar().add_working_days(D(2025, 12, 24), 2)
    assert deadline.tenggat == D(2025, 12, 30)
    assert dates_of(deadline) == [
        D(2025, 12, 25),
        D(2025, 12, 26),
        D(2025, 12, 27),
        D(2025, 12, 28),
    ]


def test_preloaded_years_need_no_source_for_others() -> None:
    cal = WorkCalendar(national_holidays([2026, 2027]))
    assert cal.add_working_days(D(2026, 12, 23), 5).tenggat == D(2027, 1, 4)


def test_zero_days_is_the_start_day_even_on_a_holiday() -> None:
    cal = work_calendar()
    for start in (D(2026, 3, 16), D(2026, 3, 19), D(2026, 3, 21)):
        deadline = cal.add_working_days(start, 0)
        assert deadline == Deadline(start, start, [])


def test_negative_n_is_refused() -> None:
    cal = work_calendar()
    with pytest.raises(ValueError, match="negatif"):
        cal.add_working_days(D(2026, 3, 16), -1)
    with pytest.raises(ValueError, match="negatif"):
        cal.add_calendar_days(D(2026, 3, 16), -1)
    with pytest.raises(ValueError, match="negatif"):
        cal.add_office_minutes(datetime(2026, 3, 16, 8), -1, HOURS)


def test_start_on_a_weekend_counts_from_the_next_working_day() -> None:
    cal = work_calendar()
    saturday = cal.add_working_days(D(2026, 3, 7), 1)
    assert saturday.tenggat == D(2026, 3, 9)
    assert dates_of(saturday) == [D(2026, 3, 8)]  # the start day itself is day 0, not skipped
    assert cal.add_working_days(D(2026, 3, 8), 1).tenggat == D(2026, 3, 9)


def test_start_on_a_holiday() -> None:
    cal = work_calendar()
    assert cal.add_working_days(D(2026, 3, 19), 1).tenggat == D(2026, 3, 25)
    assert cal.add_working_days(D(2026, 4, 3), 1).tenggat == D(2026, 4, 6)


def test_cuti_bersama_as_working_days() -> None:
    cal = work_calendar(cuti_bersama_hari_kerja=True)
    assert cal.is_working_day(D(2026, 3, 18))
    assert not cal.is_working_day(D(2026, 3, 19))
    deadline = cal.add_working_days(D(2026, 3, 16), 10)
    # 17, 18, 20, 23, 24, 25, 26, 27, 30, 31 March
    assert deadline.tenggat == D(2026, 3, 31)
    assert all(not day.alasan.startswith("Cuti Bersama") for day in deadline.dilewati)
    assert cal.add_working_days(D(2025, 3, 27), 1).tenggat == D(2025, 3, 28)
    assert cal.add_working_days(D(2025, 3, 28), 1).tenggat == D(2025, 4, 2)


def test_cuti_bersama_on_a_weekend_stays_a_weekend() -> None:
    cal = WorkCalendar(
        {D(2026, 3, 7): Holiday("Cuti Bersama X", True)}, cuti_bersama_hari_kerja=True
    )
    assert cal.why_not_working(D(2026, 3, 7)) == "Sabtu (Cuti Bersama X)"


# ---------------------------------------------------------------- office overrides


def test_office_closure_wins_and_explains_itself() -> None:
    closure = OfficeOverride("libur", "Pemadaman listrik", "SE Sekretaris Nomor 5 Tahun 2026")
    cal = work_calendar({D(2026, 3, 17): closure})
    assert not cal.is_working_day(D(2026, 3, 17))
    assert cal.why_not_working(D(2026, 3, 17)) == (
        "Pemadaman listrik (SE Sekretaris Nomor 5 Tahun 2026)"
    )
    deadline = cal.add_working_days(D(2026, 3, 16), 1)
    assert deadline.tenggat == D(2026, 3, 25)
    assert deadline.dilewati[0].alasan.startswith("Pemadaman listrik")


def test_office_closure_without_legal_basis() -> None:
    cal = WorkCalendar(overrides={D(2026, 6, 2): ("libur", "Rapat pleno di luar kantor", "")})
    assert cal.why_not_working(D(2026, 6, 2)) == "Rapat pleno di luar kantor"


def test_office_working_day_wins_over_holiday_cuti_bersama_and_weekend() -> None:
    overrides = {
        D(2026, 3, 18): OfficeOverride("kerja", "Piket rekapitulasi", "SK Ketua 1/2026"),
        D(2026, 3, 19): OfficeOverride("kerja", "Piket rekapitulasi"),
        D(2026, 3, 21): OfficeOverride("kerja", "Piket rekapitulasi"),
    }
    cal = work_calendar(overrides)
    for day in overrides:
        assert cal.is_working_day(day)
    deadline = cal.add_working_days(D(2026, 3, 17), 3)
    assert deadline.tenggat == D(2026, 3, 21)
    assert dates_of(deadline) == [D(2026, 3, 20)]


def test_override_kind_must_be_known() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(overrides={D(2026, 1, 5): ("tutup", "x", "")})


def test_static_calendar_without_source() -> None:
    cal = WorkCalendar({D(2026, 1, 6): Holiday("Hari Contoh")})
    assert cal.why_not_working(D(2026, 1, 6)) == "Hari Contoh"
    assert cal.is_working_day(D(2026, 1, 1))  # no source: only the given holidays count
    assert cal.add_working_days(D(2026, 1, 5), 2).tenggat == D(2026, 1, 8)


# ---------------------------------------------------------------- calendar days and spans


def test_calendar_days_skip_nothing() -> None:
    deadline = work_calendar().add_calendar_days(D(2026, 3, 16), 30)
    assert deadline == Deadline(D(2026, 3, 16), D(2026, 4, 15), [])
    assert work_calendar().add_calendar_days(D(2026, 12, 20), 14).tenggat == D(2027, 1, 3)


def test_working_days_between() -> None:
    cal = work_calendar()
    assert cal.working_days_between(D(2026, 3, 16), D(2026, 4, 7)) == 10
    assert cal.working_days_between(D(2026, 4, 7), D(2026, 3, 16)) == -10
    assert cal.working_days_between(D(2026, 3, 16), D(2026, 3, 16)) == 0
    assert cal.working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Fri -> Mon
    assert cal.working_days_between(D(2026, 3, 6), D(2026, 3, 8)) == 0
    # "lewat 2 hari kerja": due 7 April, today 9 April.
    assert cal.working_days_between(D(2026, 4, 7), D(2026, 4, 9)) == 2


def test_working_days_between_inverts_add_working_days() -> None:
    cal = work_calendar()
    start = D(2026, 12, 10)
    for n in range(1, 25):
        assert cal.working_days_between(start, cal.add_working_days(start, n).tenggat) == n


def test_next_working_day_and_skipped_between() -> None:
    cal = work_calendar()
    assert cal.next_working_day(D(2026, 3, 17)) == D(2026, 3, 25)
    assert [s.tanggal for s in cal.skipped_between(D(2026, 3, 27), D(2026, 3, 30))] == [
        D(2026, 3, 28),
        D(2026, 3, 29),
    ]


def test_running_off_the_calendar_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="jangkauan"):
        WorkCalendar().add_working_days(D(9999, 12, 30), 5)


# ---------------------------------------------------------------- office hours


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A naive office-local moment."""
    return datetime.combine(day, time(hour, minute))


MON, TUE, THU, FRI, SAT = D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 5), D(2026, 3, 6), D(2026, 3, 7)


def test_office_hours_defaults_and_validation() -> None:
    assert HOURS.closing(MON) == at(MON, 16)
    assert HOURS.closing(FRI) == at(FRI, 16, 30)
    assert HOURS.opening(SAT) == at(SAT, 7, 30)
    with pytest.raises(ValueError):
        OfficeHours(time(8), time(7))
    with pytest.raises(ValueError):
        OfficeHours(time(8), time(16), time(8))


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (at(MON, 10), 60, at(MON, 11)),
        (at(MON, 6), 30, at(MON, 8)),  # before opening: starts at 07.30
        (at(MON, 17), 30, at(TUE, 8)),  # after closing: next morning
        (at(MON, 16), 30, at(TUE, 8)),  # exactly at closing
        (at(MON, 15), 60, at(MON, 16)),  # ends exactly at closing
        (at(MON, 15), 90, at(TUE, 8)),  # across the night, no lunch break
        (at(MON, 7, 30), 510, at(MON, 16)),  # one full day
        (at(MON, 7, 30), 511, at(TUE, 7, 31)),
        (at(THU, 16, 15), 10, at(FRI, 7, 40)),  # Thursday closes at 16.00
        (at(FRI, 16), 30, at(FRI, 16, 30)),  # Friday closes at 16.30
        (at(FRI, 16), 60, at(D(2026, 3, 9), 8)),  # over the weekend
        (at(SAT, 10), 30, at(D(2026, 3, 9), 8)),  # start on a weekend
        (at(MON, 10), 0, at(MON, 10)),
        (at(SAT, 10), 0, at(SAT, 10)),
    ],
)
def test_add_office_minutes(start: datetime, minutes: int, expected: datetime) -> None:
    assert work_calendar().add_office_minutes(start, minutes, HOURS) == expected


def test_office_minutes_skip_holidays_and_cuti_bersama() -> None:
    cal = work_calendar()
    assert cal.add_office_minutes(at(D(2026, 3, 17), 15), 120, HOURS) == at(D(2026, 3, 25), 8, 30)
    # Start on Nyepi: the clock begins at the next working day's opening.
    assert cal.add_office_minutes(at(D(2026, 3, 19), 9), 60, HOURS) == at(D(2026, 3, 25), 8, 30)
    # Good Friday 2026 (3 April): Thursday 2 April 15.00 + 2 hours -> Monday 6 April 08.30.
    assert cal.add_office_minutes(at(D(2026, 4, 2), 15), 120, HOURS) == at(D(2026, 4, 6), 8, 30)


def test_office_minutes_with_cuti_bersama_as_working_days() -> None:
    cal = work_calendar(cuti_bersama_hari_kerja=True)
    assert cal.add_office_minutes(at(D(2026, 3, 17), 15), 120, HOURS) == at(D(2026, 3, 18), 8, 30)


def test_office_minutes_across_the_year_end() -> None:
    cal = work_calendar()
    # Wed 23 Dec 2026 15.00 + 3 hours: 1 h on Wednesday, 24-27 Dec closed, Mon 28 Dec 09.30.
    assert cal.add_office_minutes(at(D(2026, 12, 23), 15), 180, HOURS) == at(D(2026, 12, 28), 9, 30)
    # Thu 31 Dec 2026 15.00 + 2 hours: 1 Jan holiday, weekend, Mon 4 Jan 2027 08.30.
    assert cal.add_office_minutes(at(D(2026, 12, 31), 15), 120, HOURS) == at(D(2027, 1, 4), 8, 30)


def test_office_minutes_on_a_declared_working_saturday() -> None:
    cal = work_calendar({SAT: OfficeOverride("kerja", "Piket pleno")})
    assert cal.add_office_minutes(at(FRI, 16), 60, HOURS) == at(SAT, 8)
    assert HOURS.closing(SAT) == at(SAT, 16)


def test_office_minutes_with_custom_hours() -> None:
    hours = OfficeHours(time(8), time(15), time(11, 30))
    cal = work_calendar()
    assert cal.add_office_minutes(at(FRI, 11), 60, hours) == at(D(2026, 3, 9), 8, 30)
    assert cal.add_office_minutes(at(MON, 7), 7 * 60 * 2, hours) == at(TUE, 15)


def test_office_deadline_lists_skipped_days_and_time() -> None:
    deadline = work_calendar().office_deadline(at(D(2026, 3, 17), 14), 10 * 60, HOURS)
    assert deadline.tenggat_waktu == at(D(2026, 3, 25), 15, 30)
    assert deadline.tenggat == D(2026, 3, 25)
    assert dates_of(deadline)[0] == D(2026, 3, 18) and len(deadline.dilewati) == 7
    data = deadline.to_dict()
    assert data["tenggat_waktu"] == "2026-03-25T15:30"
    assert data["mulai"] == "2026-03-17"
