"""The nomor of an outgoing naskah dinas: the series template, the number written out, a
sisipan suffix, the year a signature falls in, and reading a number back. No I/O here.

A template has fields in braces:

- ``{urut}`` the number in the series, ``{urut:3}`` zero-padded (required, once); a sisipan
  (back-dated insert) is written right after it: ``123a``;
- ``{tahun}`` the year of the series (required: the series restarts every 1 January);
- ``{klasifikasi}`` the kode klasifikasi arsip (``PL.01.1``);
- ``{jenis}`` the kode jenis naskah (``SD``, ``Und``);
- ``{kode_wilayah}`` (or ``{kode}``) the office's kode wilayah (``6474``);
- ``{unit}`` the pengolah unit's kode (an optional sub-unit segment);
- ``{bulan}`` the month in Roman numerals (``XI``), as in the pre-2022 format.

The KPU default (Keputusan KPU 1257/2024) is ``{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}``
(``123/PL.01.1-SD/6474/2025``); Keputusan are ``Nomor {urut} Tahun {tahun}``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_FORMAT = "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}"
KEPUTUSAN_FORMAT = "Nomor {urut} Tahun {tahun}"
MAX_FORMAT = 120
"""The longest template (the width of ``seri_nomor.format``)."""
MAX_RENDERED = 100
"""The longest number written out (the width of ``nomor_surat.nomor_teks``)."""
MAX_WIDTH = 6
"""The widest zero padding of ``{urut:N}``."""
SISIPAN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_FIELD = re.compile(r"\{([^{}]*)\}")
_URUT = re.compile(r"^urut(?::([0-9]+))?$")
_KNOWN = ("urut", "tahun", "klasifikasi", "jenis", "kode_wilayah", "kode", "unit", "bulan")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_WORST = {
    # As wide as their columns allow (kode_klasifikasi.kode, jenis_naskah.kode,
    # office.kode_wilayah, unit.kode): an accepted template never writes past nomor_teks.
    "klasifikasi": "W" * 20,
    "jenis": "W" * 10,
    "kode_wilayah": "9" * 8,
    "unit": "W" * 20,
}


class FormatError(ValueError):
    """A template that cannot be used (the message is Indonesian, for the field)."""


class MissingPart(ValueError):
    """A letter lacks what its series' template needs (the message is Indonesian)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NomorParts:
    """What a number is made of, besides the sequence."""

    tahun: int
    bulan: int = 1
    klasifikasi: str = ""
    jenis: str = ""
    kode_wilayah: str = ""
    unit: str = ""


@dataclass(frozen=True)
class NomorFormat:
    """A checked template."""

    template: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The field names used (``urut`` without its padding)."""
        return tuple("urut" if _URUT.match(n) else n for n in _FIELD.findall(self.template))

    def needs(self, name: str) -> bool:
        """Whether the template writes field ``name``."""
        if name == "kode_wilayah":
            return "kode_wilayah" in self.fields or "kode" in self.fields
        return name in self.fields

    def render(self, urut: int, parts: NomorParts, sisipan: str = "") -> str:
        """The number written out. Raises :class:`MissingPart` when a field the template
        writes is empty."""
        for name, label in (
            ("klasifikasi", "Kode klasifikasi"),
            ("jenis", "Jenis naskah"),
            ("unit", "Unit pengolah"),
            ("kode_wilayah", "Kode wilayah kantor"),
        ):
            if self.needs(name) and not getattr(parts, name):
                raise MissingPart(name, f"{label} wajib diisi untuk format nomor {self.template}.")

        def field(match: re.Match[str]) -> str:
            name = match.group(1)
            urut_match = _URUT.match(name)
            if urut_match:
                return str(urut).zfill(int(urut_match.group(1) or 0)) + sisipan
            if name == "tahun":
                return str(parts.tahun)
            if name == "bulan":
                return _ROMAN[parts.bulan - 1]
            if name == "kode":
                return parts.kode_wilayah
            return str(getattr(parts, name))

        return _FIELD.sub(field, self.template)

    def read(self, text: str) -> tuple[int, str, int | None] | None:
        """``(urut, sisipan, tahun)`` of a number written in this template (other fields
        match any text), or None."""
        parts: list[str] = []
        position = 0
        for match in _FIELD.finditer(self.template):
            parts.append(_loose(self.template[position : match.start()]))
            name = match.group(1)
            if _URUT.match(name):
                parts.append(r"0*(?P<urut>[0-9]{1,9})(?P<sisipan>[a-z]{0,2})")
            elif name == "tahun":
                parts.append(r"(?P<tahun>[0-9]{4})")
            else:
                parts.append(r".*?")
            position = match.end()
        parts.append(_loose(self.template[position:]))
        found = re.fullmatch(r"\s*" + "".join(parts) + r"\s*", text, re.IGNORECASE)
        if not found or int(found.group("urut")) <= 0:
            return None
        return int(found.group("urut")), found.group("sisipan").lower(), int(found.group("tahun"))


def _loose(literal: str) -> str:
    """Literal template text as a pattern: case and spacing around punctuation are loose."""
    out = []
    for token in re.findall(r"\w+|\s+|[^\w\s]", literal):
        if token.isspace():
            out.append(r"\s*")
        elif re.fullmatch(r"\w+", token):
            out.append(re.escape(token))
        else:
            out.append(r"\s*" + re.escape(token) + r"\s*")
    return "".join(out)


def parse_format(template: str) -> NomorFormat:
    """Check a template.

    Raises:
        FormatError: empty, too long, control characters, an unknown field, unmatched
            braces, ``{urut}`` missing or repeated, ``{tahun}`` missing, too wide a padding,
            or numbers that would not fit :data:`MAX_RENDERED`.
    """
    text = template.strip()
    if not text:
        raise FormatError(f"Format nomor wajib diisi, misalnya {DEFAULT_FORMAT}.")
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
            known = ", ".join("{" + k + "}" for k in _KNOWN)
            raise FormatError(f"Isian {{{name}}} tidak dikenal; yang dapat dipakai: {known}.")
    urut = [m for m in (_URUT.match(name) for name in names) if m]
    if not urut:
        raise FormatError("Format nomor harus memuat {urut} (nomor urut).")
    if len(urut) > 1:
        raise FormatError("Isian {urut} hanya boleh muncul sekali.")
    if "tahun" not in names:
        raise FormatError("Format nomor harus memuat {tahun}: nomor dimulai lagi setiap tahun.")
    if int(urut[0].group(1) or 0) > MAX_WIDTH:
        raise FormatError(f"Nomor urut paling banyak {MAX_WIDTH} digit, misalnya {{urut:3}}.")
    fmt = NomorFormat(text)
    worst = NomorParts(tahun=2026, bulan=8, **_WORST)
    # bulan 8 is VIII, the longest Roman month.
    if len(fmt.render(9_999_999, worst, "zz")) > MAX_RENDERED:
        raise FormatError(
            f"Nomor yang dihasilkan terlalu panjang (paling banyak {MAX_RENDERED} karakter)."
        )
    return fmt


def example(template: str, *, kode_wilayah: str = "6474", tahun: int = 2026) -> str:
    """What a template gives for a sample letter (the live example under the setting).

    Raises:
        FormatError: as :func:`parse_format`.
    """
    parts = NomorParts(
        tahun=tahun,
        bulan=11,
        klasifikasi="PL.01.1",
        jenis="SD",
        kode_wilayah=kode_wilayah or "6474",
        unit="KUL",
    )
    return parse_format(template).render(123, parts)


def sisipan_suffix(taken: int) -> str:
    """The suffix of the next sisipan after ``taken`` of them on the same number:
    ``a``, ``b`` … ``z``, then ``aa``, ``ab`` … (never more than 2 letters)."""
    if taken < 0:
        raise ValueError("taken must be >= 0")
    n = len(SISIPAN_LETTERS)
    if taken < n:
        return SISIPAN_LETTERS[taken]
    rest = taken - n
    if rest >= n * n:
        raise ValueError("too many sisipan on one number")
    return SISIPAN_LETTERS[rest // n] + SISIPAN_LETTERS[rest % n]


def sisipan_order(sisipan: str) -> int:
    """Sort key of a suffix: '' < 'a' < … < 'z' < 'aa' < … (as :func:`sisipan_suffix`)."""
    if not sisipan:
        return 0
    n = len(SISIPAN_LETTERS)
    if len(sisipan) == 1:
        return 1 + SISIPAN_LETTERS.index(sisipan)
    return 1 + n + SISIPAN_LETTERS.index(sisipan[0]) * n + SISIPAN_LETTERS.index(sisipan[1])


def local_day(moment: datetime, zone: str) -> date:
    """The office-local date of an instant (the year of a number follows it: a letter signed at
    23:59 on 31 December in Jayapura is numbered in the old year, one signed a minute later in
    the new one)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).date()


def first_number(text: str) -> tuple[int, str] | None:
    """The leading sequence number of a number in an unknown format (``"012a/PL.01-SD/..."``
    gives ``(12, "a")``), used when importing an office's earlier register."""
    found = re.match(r"\s*(?:nomor\s*[:.]?\s*)?0*([0-9]{1,9})([a-z]{0,2})\b", text, re.IGNORECASE)
    if not found or int(found.group(1)) <= 0:
        return None
    return int(found.group(1)), found.group(2).lower()
