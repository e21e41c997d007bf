"""The calendar service: office entries, the cuti bersama setting, office hours, the journal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlmodel import select

from kpu_tui.models import JournalEvent, Office, OfficeDay, OfficeDayKind, Role
from kpu_tui.rules.calendar import OfficeHours
from kpu_tui.services import calendar, journal
from kpu_tui.services.actor import SYSTEM, Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store, ensure_schema

ADMIN = Actor(1, "Admin", frozenset({Role.ADMIN}))
PETUGAS = Actor(2, "Petugas", frozenset({Role.PETUGAS}))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty database of its own."""
    store = Store("sqlite:///" + str(tmp_path / "t.sqlite3"))
    ensure_schema(store, tmp_path / "bk")
    yield store
    store.dispose()


def add_office(store: Store, **values: object) -> None:
    """Insert an office profile row directly (the set-up wizard is not under test here)."""
    with store.write() as session:
        session.add(
            Office(nama_satker="KPU Kota Bontang", kode_wilayah="6474", **values)  # type: ignore[arg-type]
        )


def events(store: Store) -> list[JournalEvent]:
    """Every journal event, oldest first."""
    with store.read() as session:
        return list(session.exec(select(JournalEvent).order_by(JournalEvent.id)).all())  # type: ignore[arg-type]


# ---------------------------------------------------------------- building the calendar


def test_new_database_gives_the_national_calendar_and_default_hours(db: Store) -> None:
    with db.read() as session:
        cal = calendar.build_calendar(session, [2026])
        hours = calendar.office_hours(session)
    assert cal.add_working_days(date(2026, 3, 16), 10).tenggat == date(2026, 4, 7)
    assert hours == OfficeHours(time(7, 30), time(16, 0), time(16, 30))
    assert cal.cuti_bersama_hari_kerja is False


def test_calendar_crosses_years_not_loaded_up_front(db: Store) -> None:
    with db.read() as session:
        cal = calendar.build_calendar(session, [2026])
    assert cal.add_working_days(date(2026, 12, 23), 5).tenggat == date(2027, 1, 4)


def test_office_setting_cuti_bersama_as_working_days(db: Store) -> None:
    add_office(db, cuti_bersama_hari_kerja=True)
    with db.read() as session:
        cal = calendar.build_calendar(session, [2026])
    assert cal.is_working_day(date(2026, 3, 18))
    assert cal.add_working_days(date(2026, 3, 16), 10).tenggat == date(2026, 3, 31)


def test_office_hours_come_from_the_profile(db: Store) -> None:
    add_office(db, jam_masuk=time(8), jam_pulang=time(15, 30), jam_pulang_jumat=time(11, 30))
    with db.read() as session:
        hours = calendar.office_hours(session)
        cal = calendar.build_calendar(session)
    assert hours == OfficeHours(time(8), time(15, 30), time(11, 30))
    friday = datetime(2026, 3, 6, 11)
    assert cal.add_office_minutes(friday, 60, hours) == datetime(2026, 3, 9, 8, 30)


def test_office_entries_override_both_ways(db: Store) -> None:
    with db.write() as session:
        calendar.add_office_day(
            session,
            actor=ADMIN,
            tanggal=date(2026, 3, 17),
            jenis=OfficeDayKind.LIBUR,
            keterangan="Pemadaman listrik",
            dasar_hukum="SE Sekretaris Nomor 5 Tahun 2026",
        )
        calendar.add_office_day(
            session,
            actor=ADMIN,
            tanggal=date(2026, 3, 21),
            jenis="kerja",
            keterangan="Piket rekapitulasi",
        )
    with db.read() as session:
        cal = calendar.build_calendar(session, [2026])
    assert cal.why_not_working(date(2026, 3, 17)) == (
        "Pemadaman listrik (SE Sekretaris Nomor 5 Tahun 2026)"
    )
    assert cal.is_working_day(date(2026, 3, 21))  # a Saturday and Idul Fitri
    deadline = cal.add_working_days(date(2026, 3, 16), 1)
    assert deadline.tenggat == date(2026, 3, 21)
    assert [d.tanggal for d in deadline.dilewati] == [
        date(2026, 3, 17),
        date(2026, 3, 18),
        date(2026, 3, 19),
        date(2026, 3, 20),
    ]


# ---------------------------------------------------------------- adding and deactivating


def test_add_office_day_is_journaled_and_tidied(db: Store) -> None:
    with db.write() as session:
        view = calendar.add_office_day(
            session,
            actor=ADMIN,
            tanggal=date(2026, 6, 2),
            jenis="libur",
            keterangan="  Rapat   pleno  di luar kantor ",
            dasar_hukum=" ND Sekretaris 7/2026 ",
        )
    assert view.keterangan == "Rapat pleno di luar kantor"
    assert view.dasar_hukum == "ND Sekretaris 7/2026"
    assert view.jenis is OfficeDayKind.LIBUR and view.jenis_label == "Libur kantor"
    assert view.aktif
    [event] = events(db)
    assert (event.action, event.record_type, event.record_id) == (
        "buat",
        "office_day",
        str(view.id),
    )
    assert event.actor_name == "Admin"
    assert '"keterangan":"Rapat pleno di luar kantor"' in (event.after or "")
    with db.read() as session:
        assert journal.verify(session).ok


def test_add_office_day_validates_every_field(db: Store) -> None:
    with db.write() as session, pytest.raises(ValidationError) as info:
        calendar.add_office_day(
            session,
            actor=ADMIN,
            tanggal=date(2026, 6, 2),
            jenis="tutup",
            keterangan="   ",
            dasar_hukum="x" * 201,
        )
    assert set(info.value.errors) == {"jenis", "keterangan", "dasar_hukum"}
    with db.write() as session, pytest.raises(ValidationError) as info:
        calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 6, 2), jenis="libur", keterangan="x" * 201
        )
    assert set(info.value.errors) == {"keterangan"}
    assert events(db) == []


def test_second_active_entry_for_a_date_is_refused(db: Store) -> None:
    with db.write() as session:
        first = calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 6, 2), jenis="libur", keterangan="Pleno"
        )
    with db.write() as session, pytest.raises(ValidationError) as info:
        calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 6, 2), jenis="kerja", keterangan="Piket"
        )
    assert "2 Juni 2026" in info.value.errors["tanggal"]
    # Once the first is deactivated, a new entry for the date is allowed.
    with db.write() as session:
        calendar.deactivate_office_day(
            session, actor=ADMIN, office_day_id=first.id, alasan="Pleno dipindah"
        )
        calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 6, 2), jenis="kerja", keterangan="Piket"
        )
    with db.read() as session:
        cal = calendar.build_calendar(session)
        rows = calendar.list_office_days(session, 2026)
    assert cal.is_working_day(date(2026, 6, 2))
    assert [(r.jenis, r.aktif) for r in rows] == [
        (OfficeDayKind.KERJA, True),
        (OfficeDayKind.LIBUR, False),
    ]


def test_only_admins_change_the_calendar(db: Store) -> None:
    with db.write() as session:
        view = calendar.add_office_day(
            session, actor=SYSTEM, tanggal=date(2026, 6, 2), jenis="libur", keterangan="Pleno"
        )
    with db.write() as session, pytest.raises(PermissionDenied):
        calendar.add_office_day(
            session, actor=PETUGAS, tanggal=date(2026, 6, 3), jenis="libur", keterangan="x"
        )
    with db.write() as session, pytest.raises(PermissionDenied):
        calendar.deactivate_office_day(
            session, actor=PETUGAS, office_day_id=view.id, alasan="tidak jadi"
        )


def test_deactivate_keeps_the_row_and_journals_the_reason(db: Store) -> None:
    with db.write() as session:
        view = calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 3, 17), jenis="libur", keterangan="Pleno"
        )
    with db.write() as session:
        after = calendar.deactivate_office_day(
            session, actor=ADMIN, office_day_id=view.id, alasan="  Pleno   dibatalkan "
        )
    assert after.aktif is False
    with db.read() as session:
        row = session.get(OfficeDay, view.id)
        cal = calendar.build_calendar(session)
    assert row is not None and row.aktif is False
    assert cal.is_working_day(date(2026, 3, 17))
    event = events(db)[-1]
    assert event.action == "nonaktifkan" and event.record_id == str(view.id)
    assert '"alasan":"Pleno dibatalkan"' in (event.after or "")
    assert '"aktif":true' in (event.before or "")


def test_deactivate_needs_a_reason_an_existing_entry_and_an_active_one(db: Store) -> None:
    with db.write() as session:
        view = calendar.add_office_day(
            session, actor=ADMIN, tanggal=date(2026, 3, 17), jenis="libur", keterangan="Pleno"
        )
    with db.write() as session, pytest.raises(ValidationError) as info:
        calendar.deactivate_office_day(session, actor=ADMIN, office_day_id=view.id, alasan=" ")
    assert set(info.value.errors) == {"alasan"}
    with db.write() as session, pytest.raises(NotFound):
        calendar.deactivate_office_day(session, actor=ADMIN, office_day_id=999, alasan="x")
    with db.write() as session:
        calendar.deactivate_office_day(session, actor=ADMIN, office_day_id=view.id, alasan="x")
    with db.write() as session, pytest.raises(ServiceError, match="sudah nonaktif"):
        calendar.deactivate_office_day(session, actor=ADMIN, office_day_id=view.id, alasan="x")
    assert len(events(db)) == 2


# ---------------------------------------------------------------- lists for the admin screen


def test_list_office_days_by_year(db: Store) -> None:
    with db.write() as session:
        for day in (date(2026, 12, 31), date(2026, 1, 2), date(2027, 1, 4)):
            calendar.add_office_day(
                session, actor=ADMIN, tanggal=day, jenis="libur", keterangan="Pleno"
            )
    with db.read() as session:
        rows_2026 = calendar.list_office_days(session, 2026)
        rows_2027 = calendar.list_office_days(session, 2027, include_inactive=False)
    assert [r.tanggal for r in rows_2026] == [date(2026, 1, 2), date(2026, 12, 31)]
    assert [r.tanggal for r in rows_2027] == [date(2027, 1, 4)]


def test_list_national_holidays_marks_overrides(db: Store) -> None:
    with db.write() as session:
        calendar.add_office_day(
            session,
            actor=ADMIN,
            tanggal=date(2026, 3, 18),
            jenis="kerja",
            keterangan="Piket rekapitulasi",
            dasar_hukum="SK Ketua 1/2026",
        )
    with db.read() as session:
        rows = calendar.list_national_holidays(session, 2026)
        rows_2027 = calendar.list_national_holidays(session, 2027)
    by_date = {row.tanggal: row for row in rows}
    assert [row.tanggal for row in rows] == sorted(by_date)
    nyepi_cuti = by_date[date(2026, 3, 18)]
    assert nyepi_cuti.cuti_bersama and nyepi_cuti.ditimpa
    assert nyepi_cuti.override is not None and nyepi_cuti.override.jenis is OfficeDayKind.KERJA
    nyepi = by_date[date(2026, 3, 19)]
    assert nyepi.nama == "Hari Suci Nyepi" and not nyepi.cuti_bersama and not nyepi.ditimpa
    assert sum(row.cuti_bersama for row in rows) == 8
    assert not any(row.perkiraan for row in rows)
    assert any(row.perkiraan for row in rows_2027)
