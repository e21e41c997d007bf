"""Number formats: checking a template, writing a number, reading one back."""

from __future__ import annotations

import pytest

from kpu_tui.rules.numbering import (
    DEFAULT_AGENDA_FORMAT,
    MAX_RENDERED,
    FormatError,
    example_agenda,
    format_agenda,
    parse_agenda,
    parse_format,
)


@pytest.mark.parametrize(
    ("template", "urut", "tahun", "kode", "expected"),
    [
        (DEFAULT_AGENDA_FORMAT, 123, 2026, "", "0123/2026"),
        (DEFAULT_AGENDA_FORMAT, 1, 2026, "", "0001/2026"),
        (DEFAULT_AGENDA_FORMAT, 12345, 2026, "", "12345/2026"),  # wider than the padding
        ("{urut}/{tahun}", 7, 2027, "", "7/2027"),
        ("{urut:0}/{tahun}", 7, 2027, "", "7/2027"),
        ("SM-{urut}/{kode}/{tahun}", 123, 2026, "6474", "SM-123/6474/2026"),
        ("{tahun}.{urut:8}", 5, 2026, "", "2026.00000005"),
        ("  {urut:3} / {tahun}  ", 9, 2026, "", "009 / 2026"),  # outer spaces trimmed
        ("Agenda {urut}-{kode}-{tahun}", 3, 2026, "", "Agenda 3--2026"),  # no kode yet
        ("№{urut}·{tahun}", 3, 2026, "", "№3·2026"),
    ],
)
def test_format_agenda(template: str, urut: int, tahun: int, kode: str, expected: str) -> None:
    assert format_agenda(template, urut, tahun, kode) == expected
    assert parse_format(template).render(urut, tahun, kode) == expected


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("{tahun}", "harus memuat {urut}"),
        ("{urut:4}", "harus memuat {tahun}"),
        ("{urut}/{urut:4}/{tahun}", "hanya boleh muncul sekali"),
        ("{urut}/{tahun}/{bulan}", "{bulan} tidak dikenal"),
        ("{URUT}/{tahun}", "{URUT} tidak dikenal"),
        ("{urut:x}/{tahun}", "{urut:x} tidak dikenal"),
        ("{ urut }/{tahun}", "{ urut } tidak dikenal"),
        ("{}/{urut}/{tahun}", "{} tidak dikenal"),
        ("{urut:9}/{tahun}", "paling banyak 8 digit"),
        ("{urut:12}/{tahun}", "paling banyak 8 digit"),
        ("{urut}/{tahun", "tidak berpasangan"),
        ("{urut}}/{tahun}", "tidak berpasangan"),
        ("{{urut}}/{tahun}", "tidak berpasangan"),
        ("{urut}\n{tahun}", "karakter kendali"),
        ("{urut}\x00/{tahun}", "karakter kendali"),
        ("x" * 61, "paling banyak 60 karakter"),
        ("SURAT-MASUK-SEKRETARIAT-{urut:8}/{kode}/{tahun}", f"paling banyak {MAX_RENDERED}"),
    ],
)
def test_unusable_templates(template: str, words: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_format(template)
    assert words in str(info.value)
    # Registration never stops: the default format is used instead.
    assert format_agenda(template, 12, 2026, "6474") == "0012/2026"


def test_the_longest_usable_template_fits_the_column() -> None:
    template = "SM-SEKRETARIAT-KPU-ABC{urut:8}/{kode}/{tahun}"
    assert len(format_agenda(template, 99_999_999, 2026, "6474")) == MAX_RENDERED


def test_example_agenda() -> None:
    assert example_agenda(DEFAULT_AGENDA_FORMAT, 2026) == "0123/2026"
    assert example_agenda("SM-{urut}/{kode}/{tahun}", 2027, "6474") == "SM-123/6474/2027"
    assert example_agenda("{urut:2}/{tahun}", 2026, urut=7) == "07/2026"
    with pytest.raises(FormatError):
        example_agenda("{urut}", 2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123", (123, None)),
        ("0123", (123, None)),
        (" 0123/2026 ", (123, 2026)),
        ("123 / 2026", (123, 2026)),
        ("1/2026", (1, 2026)),
        ("999999999", (999_999_999, None)),
        ("0", None),
        ("0000/2026", None),
        ("1234567890", None),  # more than nine digits
        ("-5", None),
        ("12/26", None),  # the year has four digits
        ("12/2026/1", None),
        ("PL.01", None),
        ("", None),
        ("١٢٣", None),  # Arabic-Indic digits are not an agenda number
    ],
)
def test_parse_agenda(text: str, expected: tuple[int, int | None] | None) -> None:
    assert parse_agenda(text) == expected


@pytest.mark.parametrize(
    ("text", "kode", "expected"),
    [
        ("SM-123/6474/2026", "", (123, 2026)),
        ("sm-0123/6474/2026", "6474", (123, 2026)),  # case and padding are loose
        ("SM - 123 / 6474 / 2026", "6474", (123, 2026)),
        ("SM-123/6475/2026", "6474", None),  # another office's kode
        ("SM-0/6474/2026", "", None),
        ("SK-123/6474/2026", "", None),
        ("SM-123/6474", "", None),
        ("45", "", (45, None)),  # the plain forms work whatever the office format
        ("45/2026", "", (45, 2026)),
    ],
)
def test_parse_agenda_in_the_office_format(
    text: str, kode: str, expected: tuple[int, int | None] | None
) -> None:
    assert parse_agenda(text, "SM-{urut}/{kode}/{tahun}", kode) == expected


def test_parse_reads_back_what_render_wrote() -> None:
    for template in (
        DEFAULT_AGENDA_FORMAT,
        "{tahun}.{urut:5}",
        "{urut}{tahun}",
        "A[{urut}]{tahun}",
    ):
        fmt = parse_format(template)
        for urut in (1, 42, 12345):
            assert fmt.parse(fmt.render(urut, 2026, "6474"), "6474") == (urut, 2026)
    assert parse_agenda("x{urut}", "{bukan}") is None  # an unusable office format is ignored
