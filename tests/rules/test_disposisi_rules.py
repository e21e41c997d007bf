"""Rules of the disposisi: default batas waktu by derajat kecepatan, and text folding."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from kpu_tui.rules.calendar import Holiday, WorkCalendar
from kpu_tui.rules.disposisi import (
    HARI_KERJA_BY_DERAJAT,
    default_batas_waktu,
    fold,
    fold_nomor,
    tanpa_nomor,
)

CALENDAR = WorkCalendar(
    {
        date(2026, 12, 24): Holiday("Cuti Bersama Hari Raya Natal", cuti_bersama=True),
        date(2026, 12, 25): Holiday("Hari Raya Natal", cuti_bersama=False),
        date(2027, 1, 1): Holiday("Tahun Baru Masehi", cuti_bersama=False),
    },
    {date(2026, 11, 26): ("libur", "Kantor tutup: rapat pleno", "")},
)


def test_the_days_follow_permenpan_80_2012() -> None:
    assert HARI_KERJA_BY_DERAJAT == {"sangat_segera": 1, "segera": 2, "biasa": 5}


@pytest.mark.parametrize(
    ("derajat", "given", "expected"),
    [
        ("sangat_segera", date(2026, 11, 23), date(2026, 11, 24)),  # Monday
        ("segera", date(2026, 11, 23), date(2026, 11, 25)),
        ("segera", date(2026, 11, 24), date(2026, 11, 27)),  # the office's closure on the 26th
        ("biasa", date(2026, 11, 23), date(2026, 12, 1)),
        ("sangat_segera", date(2026, 11, 27), date(2026, 11, 30)),  # Friday
        ("sangat_segera", date(2026, 11, 28), date(2026, 11, 30)),  # given on a Saturday
        ("sangat_segera", date(2026, 12, 23), date(2026, 12, 28)),  # cuti bersama, Natal
        ("biasa", date(2026, 12, 29), date(2027, 1, 6)),  # over the new year
        ("kilat", date(2026, 11, 23), date(2026, 12, 1)),  # unknown: as biasa
        ("", date(2026, 11, 23), date(2026, 12, 1)),
    ],
)
def test_default_batas_waktu(derajat: str, given: date, expected: date) -> None:
    assert default_batas_waktu(derajat, given, CALENDAR) == expected


def test_cuti_bersama_counts_when_the_office_works_then() -> None:
    working = WorkCalendar(
        {
            date(2026, 12, 24): Holiday("Cuti Bersama Hari Raya Natal", cuti_bersama=True),
            date(2026, 12, 25): Holiday("Hari Raya Natal", cuti_bersama=False),
        },
        cuti_bersama_hari_kerja=True,
    )
    assert default_batas_waktu("sangat_segera", date(2026, 12, 23), working) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("KPU  Prov. Kaltim", "kpu prov. kaltim"),
        ("  Bawaslu\tKota\nBontang ", "bawaslu kota bontang"),
        (unicodedata.normalize("NFD", "Café Ñusantara"), "café ñusantara"),
        ("STRASSE", "straße"),  # case folding, not lower()
        ("ＫＰＵ　ＲＩ", "kpu ri"),  # full-width letters and space (NFKC)
        ("ﬁnal", "final"),  # ligature
    ],
)
def test_fold_makes_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_what_differs() -> None:
    assert fold("KPU Prov Kaltim") != fold("KPU Prov. Kaltim")
    assert fold("مؤسسة الأمل") == "مؤسسة الأمل"
    assert fold("") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("005 / PL.01 / 2026", "005/pl.01/2026"),
        ("B-310/KU.01/XI/2026", "b - 310 / ku.01 / xi / 2026"),
        (unicodedata.normalize("NFD", "01/Ü/2026"), "01/ü/2026"),
    ],
)
def test_fold_nomor_ignores_spaces_and_case(a: str, b: str) -> None:
    assert fold_nomor(a) == fold_nomor(b) and " " not in fold_nomor(a)


def test_fold_nomor_keeps_punctuation() -> None:
    assert fold_nomor("005/PL.01/2026") != fold_nomor("005-PL.01-2026")


@pytest.mark.parametrize(
    ("nomor", "expected"),
    [
        ("-", True),
        ("  -  ", True),
        ("- -", True),
        ("–", True),
        ("—", True),
        ("−", True),
        ("", True),
        ("-1", False),
        ("005/PL.01/2026", False),
        ("tanpa nomor", False),
    ],
)
def test_tanpa_nomor(nomor: str, expected: bool) -> None:
    assert tanpa_nomor(nomor) is expected
