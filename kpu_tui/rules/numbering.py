"""Number formats: how a nomor agenda (and later other register numbers) is written.

A format is a template with fields in braces:

- ``{urut}`` the number in the series, ``{urut:4}`` zero-padded to 4 digits (required, once);
- ``{tahun}`` the year of the series (required: the series restarts every year);
- ``{kode}`` the office's kode wilayah (optional).

Example: ``{urut:4}/{tahun}`` gives ``0123/2026``; ``SM-{urut}/{kode}/{tahun}`` gives
``SM-123/6474/2026``. The office keeps its template (``Office.format_agenda``); each record
stores its number as written when it was taken, so changing the template never renumbers the
register. No I/O here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_AGENDA_FORMAT = "{urut:4}/{tahun}"
MAX_FORMAT = 60
"""The longest template (the width of ``office.format_agenda``)."""
MAX_WIDTH = 8
"""The widest zero padding of ``{urut:N}``."""
MAX_RENDERED = 40
"""The longest number written out (the width of ``surat_masuk.agenda_teks``)."""

_FIELD = re.compile(r"\{([^{}]*)\}")
_URUT = re.compile(r"^urut(?::([0-9]+))?$")
_KNOWN = ("urut", "tahun", "kode")
_WORST_URUT = 9_999_999
"""The longest number a series is checked for (ten million letters a year)."""
_WORST_KODE = "6474"


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

    def pattern(self, kode: str = "") -> re.Pattern[str]:
        """A regular expression that reads a number written in this format back: groups
        ``urut`` and ``tahun``; literal text compares case-insensitively, spaces are loose."""
        parts: list[str] = [_SPACE]
        position = 0
        for match in _FIELD.finditer(self.template):
            parts += _literal(self.template[position : match.start()])
            name = match.group(1)
            if _URUT.match(name):
                parts.append(r"0*(?P<urut>[0-9]{1,9})")
            elif name == "tahun":
                parts.append(r"(?P<tahun>[0-9]{4})")
            elif kode:
                parts += _literal(kode)
            else:
                parts.append(r"[^\s]*?")
            position = match.end()
        parts += [*_literal(self.template[position:]), _SPACE]
        # One optional space between tokens, never two in a row (no runaway backtracking).
        merged = [
            p for i, p in enumerate(parts) if not (p == _SPACE and parts[i - 1 : i] == [_SPACE])
        ]
        return re.compile("".join(merged), re.IGNORECASE)

    def parse(self, text: str, kode: str = "") -> tuple[int, int] | None:
        """``(urut, tahun)`` of a number written in this format, or None."""
        match = self.pattern(kode).fullmatch(text)
        if not match:
            return None
        urut = int(match.group("urut"))
        if urut <= 0:
            return None
        return urut, int(match.group("tahun"))


_SPACE = r"\s*"


def _literal(text: str) -> list[str]:
    """Literal template text as pattern tokens: escaped, with optional spaces around
    punctuation and in place of spaces ("SM - 0123 / 2026" reads like "SM-0123/2026")."""
    parts: list[str] = []
    for token in re.findall(r"\w+|\s+|[^\w\s]", text):
        if token.isspace():
            parts.append(_SPACE)
        elif re.fullmatch(r"\w+", token):
            parts.append(re.escape(token))
        else:
            parts += [_SPACE, re.escape(token), _SPACE]
    return parts


def parse_format(template: str) -> NumberFormat:
    """Check a template and return it ready to render.

    Raises:
        FormatError: empty, too long, control characters, an unknown field, braces that do
            not match, ``{urut}`` missing or repeated, ``{tahun}`` missing, a padding wider
            than :data:`MAX_WIDTH`, or numbers that would not fit :data:`MAX_RENDERED`.
    """
    text = template.strip()
    if not text:
        raise FormatError("Format nomor wajib diisi, misalnya {urut:4}/{tahun}.")
    if len(text) > MAX_FORMAT:
        raise FormatError(f"Format nomor paling banyak {MAX_FORMAT} karakter.")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text):
        raise FormatError("Format nomor memuat karakter kendali atau baris baru.")
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
    urut = [m for m in (_URUT.match(name) for name in names) if m]
    if not urut:
        raise FormatError("Format nomor harus memuat {urut} (nomor urut).")
    if len(urut) > 1:
        raise FormatError("Isian {urut} hanya boleh muncul sekali.")
    if "tahun" not in names:
        raise FormatError("Format nomor harus memuat {tahun}: nomor dimulai lagi setiap tahun.")
    width = int(urut[0].group(1) or 0)
    if width > MAX_WIDTH:
        raise FormatError(f"Nomor urut paling banyak {MAX_WIDTH} digit, misalnya {{urut:4}}.")
    fmt = NumberFormat(text)
    if len(fmt.render(_WORST_URUT, 2026, _WORST_KODE)) > MAX_RENDERED:
        raise FormatError(
            f"Nomor yang dihasilkan terlalu panjang (paling banyak {MAX_RENDERED} karakter)."
        )
    return fmt


def format_agenda(template: str, urut: int, tahun: int, kode: str = "") -> str:
    """The nomor agenda in the office's format (the default format when the template is
    unusable, so a bad setting never stops registration)."""
    try:
        fmt = parse_format(template)
    except FormatError:
        fmt = NumberFormat(DEFAULT_AGENDA_FORMAT)
    return fmt.render(urut, tahun, kode)


def example_agenda(template: str, tahun: int, kode: str = "", urut: int = 123) -> str:
    """What a template gives for number ``urut`` (the live example under the setting).

    Raises:
        FormatError: the template cannot be used (as :func:`parse_format`).
    """
    return parse_format(template).render(urut, tahun, kode)


def parse_agenda(
    text: str, template: str | None = None, kode: str = ""
) -> tuple[int, int | None] | None:
    """Read what a user types to find a letter by agenda: ``123``, ``0123/2026``, ``123/2026``
    or, given the office's ``template``, a number written in it (``SM-123/6474/2026``).

    Returns ``(urut, tahun or None)`` or None when the text is not an agenda number.
    """
    match = re.fullmatch(r"\s*0*([0-9]{1,9})\s*(?:/\s*([0-9]{4}))?\s*", text)
    if match:
        urut = int(match.group(1))
        if urut <= 0:
            return None
        return urut, int(match.group(2)) if match.group(2) else None
    if template:
        try:
            fmt = parse_format(template)
        except FormatError:
            return None
        found = fmt.parse(text, kode)
        if found is not None:
            return found[0], found[1]
    return None
