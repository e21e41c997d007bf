"""Nomor surat keluar templates: checking one, writing a number, the parts a letter must have,
reading a number back, sisipan suffixes, the office-local day at the year boundary, and the
leading number of a number in an unknown format."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kpu_tui.rules.nomor_surat import (
    DEFAULT_FORMAT,
    KEPUTUSAN_FORMAT,
    MAX_FORMAT,
    MAX_RENDERED,
    MAX_WIDTH,
    FormatError,
    MissingPart,
    NomorParts,
    example,
    first_number,
    local_day,
    parse_format,
    sisipan_order,
    sisipan_suffix,
)

PARTS = NomorParts(
    tahun=2025, bulan=11, klasifikasi="PL.01.1", jenis="SD", kode_wilayah="6474", unit="KUL"
)
"""A surat dinas of November 2025 from KPU Kota Bontang (6474)."""


# -- writing a number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "urut", "parts", "sisipan", "expected"),
    [
        (DEFAULT_FORMAT, 123, PARTS, "", "123/PL.01.1-SD/6474/2025"),
        (DEFAULT_FORMAT, 1, PARTS, "", "1/PL.01.1-SD/6474/2025"),
        (DEFAULT_FORMAT, 123, PARTS, "a", "123a/PL.01.1-SD/6474/2025"),
        (KEPUTUSAN_FORMAT, 9, NomorParts(tahun=2025), "", "Nomor 9 Tahun 2025"),
        (KEPUTUSAN_FORMAT, 9, NomorParts(tahun=2025), "b", "Nomor 9b Tahun 2025"),
        ("{urut:3}/{tahun}", 9, PARTS, "", "009/2025"),
        ("{urut:3}/{tahun}", 1234, PARTS, "", "1234/2025"),  # wider than the padding
        ("{urut:0}/{tahun}", 9, PARTS, "", "9/2025"),
        ("{urut:3}/{tahun}", 7, PARTS, "a", "007a/2025"),
        ("{urut}/{klasifikasi}/{bulan}/{tahun}", 5, PARTS, "", "5/PL.01.1/XI/2025"),
        ("{urut}/{bulan}/{tahun}", 5, NomorParts(tahun=2025, bulan=1), "", "5/I/2025"),
        ("{urut}/{bulan}/{tahun}", 5, NomorParts(tahun=2025, bulan=4), "", "5/IV/2025"),
        ("{urut}/{bulan}/{tahun}", 5, NomorParts(tahun=2025, bulan=8), "", "5/VIII/2025"),
        ("{urut}/{bulan}/{tahun}", 5, NomorParts(tahun=2025, bulan=9), "", "5/IX/2025"),
        ("{urut}/{bulan}/{tahun}", 5, NomorParts(tahun=2025, bulan=12), "", "5/XII/2025"),
        ("{urut}/{jenis}/{unit}/{tahun}", 42, PARTS, "", "42/SD/KUL/2025"),
        ("{urut}/{kode}/{tahun}", 42, PARTS, "", "42/6474/2025"),
        ("{urut}/{kode_wilayah}/{kode}/{tahun}", 42, PARTS, "", "42/6474/6474/2025"),
        ("  {urut}/{tahun}  ", 3, PARTS, "", "3/2025"),  # outer spaces trimmed
        ("{tahun}-{urut:6}", 3, PARTS, "", "2025-000003"),
    ],
)
def test_render(template: str, urut: int, parts: NomorParts, sisipan: str, expected: str) -> None:
    assert parse_format(template).render(urut, parts, sisipan) == expected


def test_fields_and_needs() -> None:
    fmt = parse_format(DEFAULT_FORMAT)
    assert fmt.fields == ("urut", "klasifikasi", "jenis", "kode_wilayah", "tahun")
    assert fmt.needs("klasifikasi") and fmt.needs("jenis") and fmt.needs("kode_wilayah")
    assert not fmt.needs("unit") and not fmt.needs("bulan")
    keputusan = parse_format(KEPUTUSAN_FORMAT)
    assert keputusan.fields == ("urut", "tahun")
    assert not keputusan.needs("klasifikasi") and not keputusan.needs("jenis")
    alias = parse_format("{urut:3}/{kode}/{tahun}")
    assert alias.fields == ("urut", "kode", "tahun")
    assert alias.needs("kode_wilayah")  # {kode} is the office's kode wilayah


def test_example() -> None:
    assert example(DEFAULT_FORMAT) == "123/PL.01.1-SD/6474/2026"
    assert example(DEFAULT_FORMAT, kode_wilayah="6401", tahun=2025) == "123/PL.01.1-SD/6401/2025"
    assert example(DEFAULT_FORMAT, kode_wilayah="") == "123/PL.01.1-SD/6474/2026"
    assert example(KEPUTUSAN_FORMAT) == "Nomor 123 Tahun 2026"
    assert example("{urut:4}/{unit}/{bulan}/{tahun}") == "0123/KUL/XI/2026"
    with pytest.raises(FormatError):
        example("{urut}")


# -- unusable templates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("x" * (MAX_FORMAT - 9) + "{urut}{tahun}", f"paling banyak {MAX_FORMAT} karakter"),
        ("{urut}/{nomor}/{tahun}", "{nomor} tidak dikenal"),
        ("{URUT}/{tahun}", "{URUT} tidak dikenal"),
        ("{urut:x}/{tahun}", "{urut:x} tidak dikenal"),
        ("{ urut }/{tahun}", "{ urut } tidak dikenal"),
        ("{}/{urut}/{tahun}", "{} tidak dikenal"),
        ("{urut}/{tahun", "tidak berpasangan"),
        ("{urut}}/{tahun}", "tidak berpasangan"),
        ("{{urut}}/{tahun}", "tidak berpasangan"),
        ("urut}/{tahun}", "tidak berpasangan"),
        ("{klasifikasi}/{tahun}", "harus memuat {urut}"),
        ("{urut}/{urut:3}/{tahun}", "hanya boleh muncul sekali"),
        ("{urut}/{klasifikasi}-{jenis}/{kode_wilayah}", "harus memuat {tahun}"),
        (f"{{urut:{MAX_WIDTH + 1}}}/{{tahun}}", f"paling banyak {MAX_WIDTH} digit"),
        ("{urut:07}/{tahun}", f"paling banyak {MAX_WIDTH} digit"),
        ("{urut}/{tahun}\n{jenis}", "karakter kendali"),
        ("{urut}\x00/{tahun}", "karakter kendali"),
        ("{urut}\u2028/{tahun}", "karakter kendali"),  # line separator
        ("{urut}/{tahun}\x1b[31m", "karakter kendali"),
        (
            "{urut}/{klasifikasi}-{jenis}/{unit}/{unit}/{unit}/{unit}/{unit}/{kode_wilayah}/{tahun}",
            f"paling banyak {MAX_RENDERED} karakter",
        ),
        ("NOMOR-" + "X" * 90 + "-{urut}/{tahun}", f"paling banyak {MAX_RENDERED} karakter"),
    ],
)
def test_unusable_templates(template: str, words: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_format(template)
    assert words in str(info.value)


def test_the_limits_themselves_are_allowed() -> None:
    widest = parse_format(f"{{urut:{MAX_WIDTH}}}/{{tahun}}")
    assert widest.render(7, PARTS) == "000007/2025"
    # A template of exactly MAX_FORMAT characters is accepted when its numbers fit.
    at_limit = "{urut}{tahun}" + "-" * (MAX_FORMAT - len("{urut}{tahun}"))
    assert len(at_limit) == MAX_FORMAT
    with pytest.raises(FormatError, match="terlalu panjang"):  # but this one's numbers do not
        parse_format(at_limit)
    fits = "NOMOR-" + "X" * 70 + "-{urut}/{tahun}"
    assert len(parse_format(fits).render(9_999_999, PARTS, "zz")) <= MAX_RENDERED


def test_an_accepted_template_never_writes_past_the_column() -> None:
    longest = NomorParts(
        tahun=2026,
        bulan=8,
        klasifikasi="K" * 20,  # kode_klasifikasi.kode is 20 wide
        jenis="J" * 10,  # jenis_naskah.kode is 10 wide
        kode_wilayah="9" * 8,  # office.kode_wilayah is 8 wide
        unit="U" * 20,  # unit.kode is 20 wide
    )
    too_long = "{urut}/{klasifikasi}-{jenis}/{unit}/{unit}/{unit}/{unit}/{kode_wilayah}/{tahun}"
    with pytest.raises(FormatError, match="terlalu panjang"):
        parse_format(too_long)
    for template in (DEFAULT_FORMAT, "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{unit}/{tahun}"):
        assert len(parse_format(template).render(9_999_999, longest, "zz")) <= MAX_RENDERED


# -- the parts a letter must have ------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "parts", "field", "words"),
    [
        (DEFAULT_FORMAT, NomorParts(2025, jenis="SD", kode_wilayah="6474"), "klasifikasi", ""),
        (DEFAULT_FORMAT, NomorParts(2025, klasifikasi="PL.01", kode_wilayah="6474"), "jenis", ""),
        (DEFAULT_FORMAT, NomorParts(2025, klasifikasi="PL.01", jenis="SD"), "kode_wilayah", ""),
        ("{urut}/{kode}/{tahun}", NomorParts(2025), "kode_wilayah", ""),
        ("{urut}/{unit}/{tahun}", NomorParts(2025, klasifikasi="PL.01"), "unit", ""),
    ],
)
def test_missing_part(template: str, parts: NomorParts, field: str, words: str) -> None:
    labels = {
        "klasifikasi": "Kode klasifikasi",
        "jenis": "Jenis naskah",
        "kode_wilayah": "Kode wilayah kantor",
        "unit": "Unit pengolah",
    }
    with pytest.raises(MissingPart) as info:
        parse_format(template).render(1, parts)
    assert info.value.field == field
    assert str(info.value) == f"{labels[field]} wajib diisi untuk format nomor {template}."


def test_a_keputusan_needs_no_klasifikasi_nor_jenis() -> None:
    assert parse_format(KEPUTUSAN_FORMAT).render(1, NomorParts(tahun=2026)) == "Nomor 1 Tahun 2026"


# -- reading a number back -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        (DEFAULT_FORMAT, "123/PL.01.1-SD/6474/2025", (123, "", 2025)),
        (DEFAULT_FORMAT, "  123/PL.01.1-SD/6474/2025 ", (123, "", 2025)),
        (DEFAULT_FORMAT, "123 / pl.01.1 - sd / 6474 / 2025", (123, "", 2025)),
        (DEFAULT_FORMAT, "0123/PL.01.1-SD/6474/2025", (123, "", 2025)),
        (DEFAULT_FORMAT, "123a/PL.01.1-SD/6474/2025", (123, "a", 2025)),
        (DEFAULT_FORMAT, "123AB/PL.01.1-SD/6474/2025", (123, "ab", 2025)),
        (DEFAULT_FORMAT, "7/HM.01-Und/6474/2026", (7, "", 2026)),
        (DEFAULT_FORMAT, "0/PL.01.1-SD/6474/2025", None),
        (DEFAULT_FORMAT, "123/PL.01.1-SD/6474/25", None),  # the year has four digits
        (DEFAULT_FORMAT, "123abc/PL.01.1-SD/6474/2025", None),  # a sisipan has two letters
        (DEFAULT_FORMAT, "123-PL.01.1-SD-6474-2025", None),  # other separators
        (DEFAULT_FORMAT, "Nomor 9 Tahun 2025", None),
        (KEPUTUSAN_FORMAT, "Nomor 9 Tahun 2025", (9, "", 2025)),
        (KEPUTUSAN_FORMAT, "nomor 9 tahun 2025", (9, "", 2025)),
        (KEPUTUSAN_FORMAT, "NOMOR   9   TAHUN   2025", (9, "", 2025)),
        (KEPUTUSAN_FORMAT, "Nomor 9a Tahun 2025", (9, "a", 2025)),
        (KEPUTUSAN_FORMAT, "Nomor9Tahun2025", (9, "", 2025)),  # spacing is loose
        (KEPUTUSAN_FORMAT, "Nomor 9 Tahun", None),
        (KEPUTUSAN_FORMAT, "Keputusan 9 Tahun 2025", None),
        ("{urut:3}/{bulan}/{tahun}", "009/XI/2025", (9, "", 2025)),
        ("{urut:3}/{bulan}/{tahun}", "9/XI/2025", (9, "", 2025)),
        ("{urut:3}/{bulan}/{tahun}", "", None),
    ],
)
def test_read(template: str, text: str, expected: tuple[int, str, int] | None) -> None:
    assert parse_format(template).read(text) == expected


@pytest.mark.parametrize(
    "template",
    [
        DEFAULT_FORMAT,
        KEPUTUSAN_FORMAT,
        "{urut:3}/{klasifikasi}/{bulan}/{tahun}",
        "{urut}/{jenis}/{unit}/{kode}/{tahun}",
        "{tahun}.{urut:5}",
        "B-{urut}/KPU-Kota-{kode_wilayah}/{tahun}",
    ],
)
def test_read_gives_back_what_render_wrote(template: str) -> None:
    fmt = parse_format(template)
    for urut in (1, 9, 123, 99_999):
        for sisipan in ("", "a", "z", "ab"):
            for parts in (PARTS, NomorParts(2030, 2, "KU.02", "Und", "6474", "SUBBAG_TPPH")):
                written = fmt.render(urut, parts, sisipan)
                assert fmt.read(written) == (urut, sisipan, parts.tahun), written


# -- sisipan ---------------------------------------------------------------------------------


def test_sisipan_suffix() -> None:
    assert [sisipan_suffix(n) for n in range(3)] == ["a", "b", "c"]
    assert sisipan_suffix(25) == "z"
    assert sisipan_suffix(26) == "aa"
    assert sisipan_suffix(27) == "ab"
    assert sisipan_suffix(26 + 26) == "ba"
    assert sisipan_suffix(26 + 26 * 26 - 1) == "zz"
    with pytest.raises(ValueError, match="too many"):
        sisipan_suffix(26 + 26 * 26)
    with pytest.raises(ValueError):
        sisipan_suffix(-1)


def test_sisipan_order_follows_the_suffixes() -> None:
    suffixes = [sisipan_suffix(n) for n in range(26 + 26 * 26)]
    assert len(set(suffixes)) == len(suffixes)
    assert sisipan_order("") == 0
    assert [sisipan_order(s) for s in suffixes] == list(range(1, len(suffixes) + 1))
    # Plain string order would put "aa" before "b"; the ledger's order does not.
    assert sorted(["b", "aa", "", "z", "a"], key=sisipan_order) == ["", "a", "b", "z", "aa"]


# -- the year of a number --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)],
    ids=["WIB", "WITA", "WIT"],
)
def test_local_day_at_the_year_boundary(zone: str, offset: int) -> None:
    tz = ZoneInfo(zone)
    last_second = datetime(2025, 12, 31, 23, 59, 59, tzinfo=tz)
    midnight = datetime(2026, 1, 1, 0, 0, tzinfo=tz)
    assert local_day(last_second, zone) == date(2025, 12, 31)
    assert local_day(midnight, zone) == date(2026, 1, 1)
    # The same instants in UTC (as stored): midnight local is still 31 December in UTC.
    assert midnight.astimezone(UTC) == datetime(2025, 12, 31, 24 - offset, tzinfo=UTC)
    assert local_day(midnight.astimezone(UTC), zone) == date(2026, 1, 1)
    assert local_day(last_second.astimezone(UTC), zone) == date(2025, 12, 31)
    # A naive moment is UTC.
    assert local_day(datetime(2025, 12, 31, 24 - offset - 1, 59, 59), zone) == date(2025, 12, 31)
    assert local_day(datetime(2025, 12, 31, 24 - offset, 0), zone) == date(2026, 1, 1)


def test_local_day_differs_between_the_zones() -> None:
    # 16.30 UTC on 31 December: still the old year in Jakarta, the new one in Makassar and
    # Jayapura.
    moment = datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
    assert local_day(moment, "Asia/Jakarta") == date(2025, 12, 31)
    assert local_day(moment, "Asia/Makassar") == date(2026, 1, 1)
    assert local_day(moment, "Asia/Jayapura") == date(2026, 1, 1)
    moment = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)
    assert local_day(moment, "Asia/Makassar") == date(2025, 12, 31)
    assert local_day(moment, "Asia/Jayapura") == date(2026, 1, 1)


# -- the leading number of an earlier register's number --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("012a/PL.01-SD/6474/2025", (12, "a")),
        ("123/PL.01.1-SD/6474/2025", (123, "")),
        ("  45 ", (45, "")),
        ("45AB/KPU/2025", (45, "ab")),
        ("Nomor 9 Tahun 2025", (9, "")),
        ("nomor: 15 tahun 2024", (15, "")),
        ("NOMOR.7", (7, "")),
        ("999999999/X", (999_999_999, "")),
        ("1234567890/X", None),  # more than nine digits
        ("0/PL.01/2025", None),
        ("000/PL.01/2025", None),
        ("PL.01/12/2025", None),
        ("123abc/PL.01", None),
        ("", None),
        ("-", None),
    ],
)
def test_first_number(text: str, expected: tuple[int, str] | None) -> None:
    assert first_number(text) == expected
