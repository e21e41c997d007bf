"""Indonesian date names, formatting and parsing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kpu_tui.rules.dates import (
    BULAN,
    HARI,
    format_hari_tanggal,
    format_jam,
    format_tanggal,
    format_tanggal_pendek,
    format_waktu,
    nama_hari,
    parse_jam,
    parse_tanggal,
)

TODAY = date(2026, 11, 23)


def test_names() -> None:
    assert len(BULAN) == 12 and BULAN[0] == "Januari" and BULAN[7] == "Agustus"
    assert HARI[0] == "Senin" and HARI[4] == "Jumat" and HARI[6] == "Minggu"
    assert nama_hari(date(2026, 11, 23)) == "Senin"


def test_formatting() -> None:
    assert format_tanggal(date(2025, 1, 9)) == "9 Januari 2025"
    assert format_tanggal_pendek(date(2025, 1, 9)) == "9 Jan 2025"
    assert format_tanggal_pendek(date(2025, 8, 17)) == "17 Agu 2025"
    assert format_hari_tanggal(date(2026, 11, 23)) == "Senin, 23 November 2026"
    assert format_hari_tanggal(date(2026, 3, 20)) == "Jumat, 20 Maret 2026"
    assert format_jam(time(7, 30)) == "07.30"
    assert format_waktu(datetime(2026, 11, 23, 7, 5)) == "Senin, 23 November 2026 pukul 07.05"


@pytest.mark.parametrize(
    "text",
    [
        "23/11/2026",
        "23-11-2026",
        "23.11.2026",
        "2026-11-23",
        "23 November 2026",
        "23 november 2026",
        "23 Nov 2026",
        "23 Nov. 2026",
        "  23   NOVEMBER   2026 ",
        "Senin, 23 November 2026",
        "senin 23/11/2026",
        "hari ini",
        "Hari Ini",
    ],
)
def test_parse_accepts(text: str) -> None:
    assert parse_tanggal(text, TODAY) == date(2026, 11, 23)


def test_parse_relative_words() -> None:
    assert parse_tanggal("kemarin", TODAY) == date(2026, 11, 22)
    assert parse_tanggal("besok", TODAY) == date(2026, 11, 24)
    assert parse_tanggal("besok", date(2026, 12, 31)) == date(2027, 1, 1)


def test_parse_single_digits_and_other_month_spellings() -> None:
    assert parse_tanggal("9/1/2025", TODAY) == date(2025, 1, 9)
    assert parse_tanggal("2025-1-9", TODAY) == date(2025, 1, 9)
    assert parse_tanggal("17 Agustus 2025", TODAY) == date(2025, 8, 17)
    assert parse_tanggal("17 Agt 2025", TODAY) == date(2025, 8, 17)
    assert parse_tanggal("1 Mei 2026", TODAY) == date(2026, 5, 1)
    assert parse_tanggal("5 Okt 2026", TODAY) == date(2026, 10, 5)
    assert parse_tanggal("25 Des 2026", TODAY) == date(2026, 12, 25)
    assert parse_tanggal("29/02/2028", TODAY) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",
        "2026-02-31",
        "29/02/2026",
        "31 April 2026",
        "13/13/2026",
        "00/01/2026",
        "23/11/26",
        "23/11-2026",
        "23 Novembre 2026",
        "Selasa, 23 November 2026",
        "lusa kemarin",
        "abc",
        "2026/11/23",
        "0000-01-01",
    ],
)
def test_parse_rejects_with_indonesian_message(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_tanggal(text, TODAY)
    message = str(info.value)
    assert message.startswith("Tanggal tidak dikenali:")
    assert "Contoh: 23/11/2026" in message


def test_parse_explains_impossible_dates() -> None:
    with pytest.raises(ValueError, match="tanggal 31 tidak ada pada bulan Februari 2026"):
        parse_tanggal("31/02/2026", TODAY)
    with pytest.raises(ValueError, match="jatuh pada hari Senin"):
        parse_tanggal("Selasa, 23 November 2026", TODAY)


def test_parse_empty() -> None:
    with pytest.raises(ValueError, match="wajib diisi"):
        parse_tanggal("  ", TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07.30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("7.30", time(7, 30)),
        (" 16:00 ", time(16, 0)),
        ("8", time(8, 0)),
        ("23.59", time(23, 59)),
        ("00.00", time(0, 0)),
    ],
)
def test_parse_jam(text: str, expected: time) -> None:
    assert parse_jam(text) == expected


@pytest.mark.parametrize("text", ["24.00", "07.60", "7.3", "07-30", "jam 7", "", "123"])
def test_parse_jam_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"^Jam tidak dikenali: .*Contoh: 07\.30$"):
        parse_jam(text)
