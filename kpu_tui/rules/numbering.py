"""Number formats: how a nomor agenda (and later other register numbers) is written.

A format is a template with fields in braces:

- ``{urut}`` the number in the series, ``{urut:4}`` zero-padded to 4 digits (required);
- ``{tahun}`` the year of the series (required: the series restarts every year);
- ``{kode}`` the office's kode wilayah (optional).

Example: ``{urut:4}/{tahun}`` gives ``0123/2026``; ``SM-{urut}/{kode}/{tahun}`` gives
``SM-123/6474/2026``. No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_AGENDA_FORMAT = "{urut:4}/{tahun}"
MAX_FORMAT = 60
MAX_WIDTH = 8

_FIELD = re.compile(r"\{([^{}]*)\}")
_URUT = re.compile(r"^urut(?::(\d))?$")
_KNOWN = ("urut", "tahun", "kode")


class FormatError(ValueError):
    """A number template that cannot be used (the message is Indonesian, for the field)."""


@dataclass(frozen=True)
class NumberFormat:
    """A checked template."""

    template: str

    def render(self, urut: int, tahun: int, kode: str = "") -> str:
        """The number written out."""

        def field(match: re.Match[str]) -> str:
            name = match.group(1)
            urut_match = _URUT.match(name)
            if urut_match:
                width = int(urut_match.group(1) or 0)
                return str(urut).zfill(width)
            if name == "tahun":
                return str(tahun)
            return kode

        return _FIELD.sub(field, self.template)


def parse_format(template: str) -> NumberFormat:
    """Check a template and return it ready to render.

    Raises:
        FormatError: empty, too long, an unknown field, braces that do not match, or
            ``{urut}`` / ``{tahun}`` missing.
    """
    text = template.strip()
    if not text:
        raise FormatError("Format nomor wajib diisi, misalnya {urut:4}/{tahun}.")
    if len(text) > MAX_FORMAT:
        raise FormatError(f"Format nomor paling banyak {MAX_FORMAT} karakter.")
    leftover = _FIELD.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise FormatError("Tanda kurung kurawal { } dalam format nomor tidak berpasangan.")
    names = _FIELD.findall(text)
    for name in names:
        if not (_URUT.match(name) or name in _KNOWN):
            raise FormatError(
                f"Isian {{{name}}} tidak dikenal; yang dapat dipakai: {{urut}}, {{urut:4}}, "
                "{tahun}, {kode}."
            )
    if not any(_URUT.match(name) for name in names):
        raise FormatError("Format nomor harus memuat {urut} (nomor urut).")
    if "tahun" not in names:
        raise FormatError("Format nomor harus memuat {tahun}: nomor dimulai lagi setiap tahun.")
    if sum(1 for name in names if _URUT.match(name)) > 1:
        raise FormatError("Isian {urut} hanya boleh muncul sekali.")
    return NumberFormat(text)


def format_agenda(template: str, urut: int, tahun: int, kode: str = "") -> str:
    """The nomor agenda in the office's format (the default format when the template is
    unusable, so a bad setting never stops registration)."""
    try:
        fmt = parse_format(template)
    except FormatError:
        fmt = NumberFormat(DEFAULT_AGENDA_FORMAT)
    return fmt.render(urut, tahun, kode)


def parse_agenda(text: str) -> tuple[int, int | None] | None:
    """Read what a user types to find a letter by agenda: ``123``, ``0123/2026``, ``123/2026``.

    Returns ``(urut, tahun or None)`` or None when the text is not an agenda number.
    """
    match = re.fullmatch(r"\s*0*(\d{1,9})\s*(?:/\s*(\d{4}))?\s*", text)
    if not match:
        return None
    urut = int(match.group(1))
    if urut <= 0:
        return None
    return urut, int(match.group(2)) if match.group(2) else None
