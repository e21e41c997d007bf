"""The waktu grammar: the mutu baku time of an SOP step, from its printed text to a standard.

The flowchart tables of the SOPs give each step a time standard ("Waktu", "Durasi Waktu") as
free text. :func:`parse_waktu` turns every form the seed documents use into a
:class:`WaktuStandard`, keeping the printed text:

* a duration: ``5 Menit``, ``± 2 jam``, ``1 Hari``, ``10 hari kerja``, ``1 Bulan``,
  ``3 (tiga) hari``;
* a range: ``60 s.d. 120 Menit`` (also ``sampai``, ``sampai dengan``, ``hingga``, ``-``);
* a time per item: ``3 menit perdata`` / ``3 menit per data``;
* an upper bound: ``paling lambat 3 hari`` (also ``paling lama``, ``selambat-lambatnya``,
  ``maksimal``);
* no fixed time, with its kind: ``Pada kesempatan pertama``, ``tentatif``, ``Berkala``,
  ``Minimal 2 minggu sekali``, ``Disesuaikan``, ``Menunggu proses KPPN``, ``Setiap hari``,
  ``Setiap pergantian penjaga``, and the empty text (no standard printed);
* alternatives joined by ``atau``, each with its start event (``sejak ...``) and its condition
  (``dalam hal ...``, ``terkait dengan ...``): the PPID text of SOP 9.22, "10 hari sejak
  permintaan dinyatakan lengkap dalam hal ... atau 3 hari terkait dengan ...". A clause may also
  carry an extension: "10 hari kerja, dapat diperpanjang 7 hari kerja".

"hari" versus "hari kerja" (research note domain-rules.md §7.1, "watch the units"): the text is
taken at its word. "hari" is stored as calendar days (``satuan="hari"``, ``hari_kerja=False``) and
only "hari kerja" counts working days. The Bontang PPID SOP says "10 hari / 3 hari" where UU KIP
and Perki 1/2019 say hari kerja; the statutory clocks (10+7 and 3+2 hari kerja) belong to the
deadline profiles with their legal source, not to this grammar, and an office that means working
days in its SOP writes "hari kerja" in its file. Guessing here would silently change what the
signed document says.

OCR damage ("15 matit", "1 Jar") is repaired in the SOP files, not tolerated here: a text this
grammar does not know raises :class:`WaktuError` with an Indonesian message, which ``kpu-tui sop
check`` reports with the file and the step.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

Kind = Literal["durasi", "rentang", "per_item", "paling_lambat", "tanpa_waktu", "alternatif"]
"""What a standard says: an amount, a range, an amount per item, an upper bound, no fixed time,
or a choice between standards."""

Satuan = Literal["menit", "jam", "hari", "hari_kerja", "minggu", "bulan"]
"""The unit as printed (normalised): "hari" is a calendar day, "hari_kerja" a working day."""

TanpaWaktu = Literal[
    "tidak_ada",
    "kesempatan_pertama",
    "tentatif",
    "berkala",
    "disesuaikan",
    "menunggu_pihak_lain",
    "setiap_hari",
    "rutin",
]
"""The kind of a text without a fixed time:

* ``tidak_ada``: nothing printed (empty text or a dash);
* ``kesempatan_pertama``: "pada kesempatan pertama" (as soon as possible);
* ``tentatif``: "tentatif";
* ``berkala``: periodic ("berkala", "minimal 2 minggu sekali", "setiap bulan"), with the interval
  in ``jumlah``/``satuan`` when the text gives one;
* ``disesuaikan``: "disesuaikan" (set case by case);
* ``menunggu_pihak_lain``: waiting for another party ("menunggu proses KPPN"), who in ``rincian``;
* ``setiap_hari``: "setiap hari" (daily);
* ``rutin``: on every occurrence of an event ("setiap pergantian penjaga"), the event in
  ``rincian``.
"""

BatasUnit = Literal["menit", "hari_kerja", "hari"]
"""The units a due offset is counted in: office minutes, working days, calendar days."""

Number = int | float

SATUAN: Final[tuple[Satuan, ...]] = get_args(Satuan)
TANPA_WAKTU: Final[tuple[TanpaWaktu, ...]] = get_args(TanpaWaktu)

SATUAN_LABEL: Final[dict[Satuan, str]] = {
    "menit": "menit",
    "jam": "jam",
    "hari": "hari",
    "hari_kerja": "hari kerja",
    "minggu": "minggu",
    "bulan": "bulan",
}
"""The Indonesian words of each unit."""

TANPA_WAKTU_LABEL: Final[dict[TanpaWaktu, str]] = {
    "tidak_ada": "tidak ditetapkan",
    "kesempatan_pertama": "pada kesempatan pertama",
    "tentatif": "tentatif",
    "berkala": "berkala",
    "disesuaikan": "disesuaikan",
    "menunggu_pihak_lain": "menunggu pihak lain",
    "setiap_hari": "setiap hari",
    "rutin": "rutin",
}
"""The Indonesian words of each kind without a fixed time."""

MINUTES_PER_HOUR: Final = 60
DAYS_PER_WEEK: Final = 7
DAYS_PER_MONTH: Final = 30
"""A month as a due offset: 30 calendar days (the SOPs' "1 Bulan" is not tied to a date)."""

CONTOH: Final = (
    "'5 menit', '± 2 jam', '10 hari kerja', '60 s.d. 120 menit', '3 menit per data', "
    "'paling lambat 3 hari', 'pada kesempatan pertama', 'menunggu proses KPPN'"
)


class WaktuError(ValueError):
    """A waktu text the grammar does not know.

    Attributes:
        teks: the text as given.
        pesan: what is wrong, in Bahasa Indonesia.
    """

    def __init__(self, teks: str, pesan: str) -> None:
        self.teks = teks
        self.pesan = pesan
        super().__init__(pesan)


@dataclass(frozen=True)
class WaktuStandard:
    """The time standard (mutu baku waktu) of one SOP step, parsed from its printed text.

    Which fields are set depends on ``kind``:

    * ``durasi``: ``jumlah`` ``satuan`` (``kira_kira`` for "±");
    * ``rentang``: ``jumlah_min`` ``jumlah_max`` ``satuan``;
    * ``per_item``: ``jumlah`` (or ``jumlah_min``/``jumlah_max``) ``satuan`` per ``per``;
    * ``paling_lambat``: ``jumlah`` ``satuan``, an upper bound;
    * ``tanpa_waktu``: ``tanpa_waktu`` (the kind), ``rincian``; for ``berkala`` and
      ``setiap_hari`` the interval in ``jumlah``/``satuan`` when the text gives one;
    * ``alternatif``: ``alternatif``, the standards to choose from, each with its ``syarat``.

    Attributes:
        kind: what the standard says (see :data:`Kind`).
        teks: the text as printed (for an alternative: its own clause).
        jumlah: the amount (``int`` when whole, else ``float``).
        jumlah_min: the lower end of a range.
        jumlah_max: the upper end of a range.
        satuan: the unit (see :data:`Satuan`).
        hari_kerja: whether the days are working days (True only for "hari kerja"; "hari" is a
            calendar day, see the module docstring).
        kira_kira: "±" / "kurang lebih": an approximate amount.
        per: the item of a per-item time, e.g. ``"data"``.
        tanpa_waktu: the kind of a text without a fixed time (see :data:`TanpaWaktu`).
        rincian: for ``tanpa_waktu``: the detail the text names ("proses KPPN",
            "pergantian penjaga", "dengan jadwal").
        sejak: the event the time counts from ("permintaan dinyatakan lengkap"), "" if not said.
        syarat: the condition under which this standard applies, "" if not said.
        perpanjangan: the extension the text allows ("dapat diperpanjang 7 hari kerja").
        alternatif: for ``alternatif``: the standards to choose from, in printed order.
    """

    kind: Kind
    teks: str
    jumlah: Number | None = None
    jumlah_min: Number | None = None
    jumlah_max: Number | None = None
    satuan: Satuan | None = None
    hari_kerja: bool = False
    kira_kira: bool = False
    per: str = ""
    tanpa_waktu: TanpaWaktu | None = None
    rincian: str = ""
    sejak: str = ""
    syarat: str = ""
    perpanjangan: WaktuStandard | None = None
    alternatif: tuple[WaktuStandard, ...] = ()

    @property
    def fixed(self) -> bool:
        """Whether the standard gives a due offset without further input (see :meth:`batas`)."""
        return self.batas() is not None

    def batas(
        self, *, jumlah_item: int | None = None, diperpanjang: bool = False
    ) -> tuple[int, BatasUnit] | None:
        """The due offset of a step with this standard, for the procedure engine.

        The upper bound counts: the end of a range, the amount of "± N" and of "paling lambat
        N". Hours become office minutes (×60), weeks 7 and months 30 calendar days; a fraction
        rounds up. Minutes count within office hours, ``hari_kerja`` working days and ``hari``
        calendar days (the engine's business).

        Args:
            jumlah_item: for a per-item time, how many items; without it a per-item time has no
                fixed bound.
            diperpanjang: add the extension the text allows (when the clock was extended).

        Returns:
            ``(amount, unit)``, or None for a text without a fixed time. For alternatives, the
            first (printed) alternative's bound: the engine picks another with
            ``alternatif[i].batas()`` when it knows which condition applies.
        """
        if self.kind == "alternatif":
            return self.alternatif[0].batas(jumlah_item=jumlah_item, diperpanjang=diperpanjang)
        if self.kind == "tanpa_waktu" or self.satuan is None:
            return None
        amount = self.jumlah_max if self.jumlah_max is not None else self.jumlah
        if amount is None:
            return None
        if self.kind == "per_item":
            if jumlah_item is None:
                return None
            amount = amount * max(jumlah_item, 0)
        bound = _to_batas(amount, self.satuan)
        if diperpanjang and self.perpanjangan is not None:
            extra = self.perpanjangan.batas()
            if extra is not None and extra[1] == bound[1]:
                bound = (bound[0] + extra[0], bound[1])
        return bound

    @property
    def ringkas(self) -> str:
        """A short Indonesian description: "± 2 jam", "60–120 menit", "paling lambat 3 hari"."""
        if self.kind == "alternatif":
            parts = []
            for alt in self.alternatif:
                parts.append(f"{alt.ringkas} ({alt.syarat})" if alt.syarat else alt.ringkas)
            return " atau ".join(parts)
        if self.kind == "tanpa_waktu":
            assert self.tanpa_waktu is not None
            if self.tanpa_waktu == "menunggu_pihak_lain" and self.rincian:
                return f"menunggu {self.rincian}"
            if self.tanpa_waktu == "rutin" and self.rincian:
                return f"setiap {self.rincian}"
            if self.tanpa_waktu == "berkala" and self.jumlah is not None and self.satuan:
                return f"berkala, setiap {_amount_text(self.jumlah, self.satuan)}"
            return TANPA_WAKTU_LABEL[self.tanpa_waktu]
        assert self.satuan is not None
        unit = SATUAN_LABEL[self.satuan]
        if self.jumlah_min is not None and self.jumlah_max is not None:
            text = f"{_number_text(self.jumlah_min)}–{_number_text(self.jumlah_max)} {unit}"
        else:
            assert self.jumlah is not None
            text = _amount_text(self.jumlah, self.satuan)
        if self.kind == "paling_lambat":
            text = f"paling lambat {text}"
        if self.kira_kira:
            text = f"± {text}"
        if self.kind == "per_item":
            text = f"{text} per {self.per}"
        if self.perpanjangan is not None:
            text = f"{text}, dapat diperpanjang {self.perpanjangan.ringkas}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The standard as JSON-able data, with its due offset under ``"batas"``."""
        bound = self.batas()
        return {
            "kind": self.kind,
            "teks": self.teks,
            "jumlah": self.jumlah,
            "jumlah_min": self.jumlah_min,
            "jumlah_max": self.jumlah_max,
            "satuan": self.satuan,
            "hari_kerja": self.hari_kerja,
            "kira_kira": self.kira_kira,
            "per": self.per,
            "tanpa_waktu": self.tanpa_waktu,
            "rincian": self.rincian,
            "sejak": self.sejak,
            "syarat": self.syarat,
            "perpanjangan": self.perpanjangan.to_dict() if self.perpanjangan else None,
            "alternatif": [alt.to_dict() for alt in self.alternatif],
            "batas": {"jumlah": bound[0], "satuan": bound[1]} if bound else None,
            "ringkas": self.ringkas,
        }


# --------------------------------------------------------------------------- the grammar

_NUM = r"\d+(?:[.,]\d+)?"
_SPELLED = r"(?:\s*\([a-z ]+\))?"  # "3 (tiga) hari": the number spelled out, ignored
_UNIT = r"menit|mnt|jam|hari\s+kerja|hari\s+kalender|hari|minggu|pekan|bulan"
_RANGE = r"s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga|-"
_AMOUNT = (
    rf"(?P<a>{_NUM}){_SPELLED}\s*(?:(?P<ua>{_UNIT})\s*)?"
    rf"(?:(?:{_RANGE})\s*(?P<b>{_NUM}){_SPELLED}\s*)?"
    rf"(?P<ub>{_UNIT})\b"
)
_AMOUNT_RE = re.compile(
    rf"^{_AMOUNT}(?:\s*(?:per\s*|/\s*)(?P<per>[a-z]+(?:\s+[a-z]+)?))?$", re.IGNORECASE
)
_KIRA_RE = re.compile(
    r"^(?:±|\+\s*/\s*-|\+-|kurang\s+lebih|lebih\s+kurang|sekitar|kira-kira)\s*", re.IGNORECASE
)
_LAMBAT_RE = re.compile(
    r"^(?:paling\s+lambat|paling\s+lama|selambat-lambatnya|selama-lamanya|maksimal|maks\.?"
    r"|tidak\s+lebih\s+dari)\s+",
    re.IGNORECASE,
)
_EXTENSION_RE = re.compile(
    rf"(?:\s*,\s*|\s+)(?:dan\s+)?(?:dapat\s+)?diperpanjang\s+(?:paling\s+(?:lama|lambat)\s+"
    rf"|selama\s+)?(?P<ext>{_NUM}{_SPELLED}\s*(?:{_UNIT}))\b",
    re.IGNORECASE,
)
_CONDITION_RE = re.compile(
    r"\s+(?:dalam\s+hal|terkait(?:\s+dengan)?|apabila|jika|bila)\s+", re.IGNORECASE
)
_SINCE_RE = re.compile(r"\s+(?:sejak|terhitung\s+sejak|setelah)\s+", re.IGNORECASE)
_ALTERNATIVE_RE = re.compile(r"\s+atau\s+", re.IGNORECASE)
_STARTS_LIKE_AMOUNT = re.compile(
    r"^(?:±|\+|kurang\s+lebih|lebih\s+kurang|sekitar|kira-kira|paling|selambat|selama"
    r"|maks|tidak\s+lebih)?\s*\d",
    re.IGNORECASE,
)
_UNKNOWN_UNIT_RE = re.compile(rf"^(?:{_NUM})\s*(?P<word>[^\s\d]+)", re.IGNORECASE)

_UNIT_OF: Final[dict[str, Satuan]] = {
    "menit": "menit",
    "mnt": "menit",
    "jam": "jam",
    "hari kerja": "hari_kerja",
    "hari kalender": "hari",
    "hari": "hari",
    "minggu": "minggu",
    "pekan": "minggu",
    "bulan": "bulan",
}

_FREQUENCY_RE = re.compile(
    rf"^(?:minimal|paling\s+sedikit|sekurang-kurangnya)?\s*(?P<n>{_NUM})?\s*"
    rf"(?P<u>{_UNIT})\s+sekali$",
    re.IGNORECASE,
)
_EVERY_INTERVAL_RE = re.compile(
    rf"^(?:setiap|tiap)\s+(?:(?P<n>{_NUM})\s*)?(?P<u>menit|jam|hari\s+kerja|minggu|pekan|bulan)$",
    re.IGNORECASE,
)
_NO_TIME: Final[tuple[tuple[re.Pattern[str], TanpaWaktu], ...]] = (
    (re.compile(r"^-+$"), "tidak_ada"),
    (
        re.compile(r"^(?:pada\s+)?kesempatan\s+pertama$|^segera$|^secepatnya$", re.IGNORECASE),
        "kesempatan_pertama",
    ),
    (re.compile(r"^tentatif$", re.IGNORECASE), "tentatif"),
    (re.compile(r"^(?:secara\s+)?berkala$", re.IGNORECASE), "berkala"),
    (re.compile(r"^(?:di)?sesuaikan(?:\s+(?P<r>.+))?$", re.IGNORECASE), "disesuaikan"),
    (re.compile(r"^menyesuaikan(?:\s+(?P<r>.+))?$", re.IGNORECASE), "disesuaikan"),
    (re.compile(r"^menunggu\s+(?P<r>.+)$", re.IGNORECASE), "menunggu_pihak_lain"),
    (re.compile(r"^(?:setiap|tiap)\s+hari$|^harian$", re.IGNORECASE), "setiap_hari"),
    (re.compile(r"^(?:setiap|tiap)\s+(?P<r>\D.*)$", re.IGNORECASE), "rutin"),
    (re.compile(r"^rutin$", re.IGNORECASE), "rutin"),
)


def parse_waktu(text: str) -> WaktuStandard:
    """Parse the printed mutu baku waktu of an SOP step.

    Args:
        text: the text exactly as printed; "" when the document gives no time.

    Returns:
        The standard, with ``teks`` = ``text``.

    Raises:
        WaktuError: the text is not a form the grammar knows; the message says why and gives
            examples.
    """
    clean = _normalise(text)
    if not clean:
        return WaktuStandard(kind="tanpa_waktu", teks=text, tanpa_waktu="tidak_ada")
    no_time = _parse_no_time(text, clean)
    if no_time is not None:
        return no_time
    clauses = _split_alternatives(clean)
    if len(clauses) == 1:
        return _parse_clause(text, clean, teks=text)
    alternatives = tuple(_parse_clause(text, clause, teks=clause) for clause in clauses)
    return WaktuStandard(kind="alternatif", teks=text, alternatif=alternatives)


def _normalise(text: str) -> str:
    """Whitespace collapsed, dashes made plain, a trailing full stop or semicolon dropped."""
    clean = " ".join(str(text).split()).translate({0x2013: "-", 0x2014: "-", 0x2212: "-"})
    return clean.rstrip(".;, ").strip()


def _parse_no_time(text: str, clean: str) -> WaktuStandard | None:
    frequency = _FREQUENCY_RE.match(clean) or _EVERY_INTERVAL_RE.match(clean)
    if frequency is not None:
        unit = _unit(frequency.group("u"))
        amount = _number(text, frequency.group("n")) if frequency.group("n") else 1
        return WaktuStandard(
            kind="tanpa_waktu",
            teks=text,
            tanpa_waktu="berkala",
            jumlah=amount,
            satuan=unit,
            hari_kerja=unit == "hari_kerja",
        )
    for pattern, label in _NO_TIME:
        match = pattern.match(clean)
        if match is None:
            continue
        detail = (match.groupdict().get("r") or "").strip()
        if label == "setiap_hari":
            return WaktuStandard(
                kind="tanpa_waktu", teks=text, tanpa_waktu=label, jumlah=1, satuan="hari"
            )
        return WaktuStandard(kind="tanpa_waktu", teks=text, tanpa_waktu=label, rincian=detail)
    return None


def _split_alternatives(clean: str) -> list[str]:
    """Split at "atau" where an amount follows; other "atau" stay inside their clause."""
    pieces = _ALTERNATIVE_RE.split(clean)
    clauses: list[str] = [pieces[0]]
    for piece in pieces[1:]:
        if _STARTS_LIKE_AMOUNT.match(piece):
            clauses.append(piece)
        else:
            clauses[-1] = f"{clauses[-1]} atau {piece}"
    return clauses


def _parse_clause(text: str, clause: str, *, teks: str) -> WaktuStandard:
    rest = clause
    perpanjangan: WaktuStandard | None = None
    extension = _EXTENSION_RE.search(rest)
    if extension is not None:
        perpanjangan = _parse_clause(text, extension.group("ext"), teks=extension.group("ext"))
        rest = rest[: extension.start()] + rest[extension.end() :]
    syarat = ""
    condition = _CONDITION_RE.search(rest)
    if condition is not None:
        syarat = rest[condition.end() :].strip()
        rest = rest[: condition.start()]
    sejak = ""
    since = _SINCE_RE.search(rest)
    if since is not None:
        sejak = rest[since.end() :].strip()
        rest = rest[: since.start()]
    rest = rest.strip().rstrip(",").strip()
    kira = _KIRA_RE.match(rest)
    if kira is not None:
        rest = rest[kira.end() :]
    lambat = _LAMBAT_RE.match(rest)
    if lambat is not None:
        rest = rest[lambat.end() :]
    match = _AMOUNT_RE.match(rest)
    if match is None:
        raise WaktuError(text, _explain(text, rest))
    unit = _unit(match.group("ub"))
    first = _number(text, match.group("a"))
    second = _number(text, match.group("b")) if match.group("b") else None
    if match.group("ua"):
        if second is None:  # "5 menit menit": two units and no range
            raise WaktuError(text, _explain(text, rest))
        # "30 menit s.d. 1 jam": both ends in the base unit, 30–60 menit.
        first_unit = _unit(match.group("ua"))
        target: Satuan = first_unit
        if first_unit != unit:
            target = "menit" if first_unit in _MINUTE_SCALE else "hari"
        first = _convert(text, first, first_unit, target)
        second = _convert(text, second, unit, target)
        unit = target
    per = (match.group("per") or "").lower()
    fields: dict[str, Any] = {
        "teks": teks,
        "satuan": unit,
        "hari_kerja": unit == "hari_kerja",
        "kira_kira": kira is not None,
        "per": per,
        "sejak": sejak,
        "syarat": syarat,
        "perpanjangan": perpanjangan,
    }
    if second is not None:
        if first > second:
            raise WaktuError(
                text,
                f"Rentang waktu '{text}' terbalik: {_number_text(first)} lebih besar dari "
                f"{_number_text(second)}.",
            )
        fields.update(jumlah_min=first, jumlah_max=second)
    else:
        fields.update(jumlah=first)
    if per:
        kind: Kind = "per_item"
    elif lambat is not None:
        kind = "paling_lambat"
    elif second is not None:
        kind = "rentang"
    else:
        kind = "durasi"
    return WaktuStandard(kind=kind, **fields)


def _unit(word: str) -> Satuan:
    return _UNIT_OF[" ".join(word.lower().split())]


def _number(text: str, raw: str) -> Number:
    value = float(raw.replace(",", "."))
    if value <= 0:
        raise WaktuError(text, f"Jumlah waktu pada '{text}' harus lebih dari nol.")
    return int(value) if value.is_integer() else value


_MINUTE_SCALE: Final[dict[Satuan, int]] = {"menit": 1, "jam": MINUTES_PER_HOUR}
_DAY_SCALE: Final[dict[Satuan, int]] = {"hari": 1, "minggu": DAYS_PER_WEEK, "bulan": DAYS_PER_MONTH}


def _convert(text: str, value: Number, source: Satuan, target: Satuan) -> Number:
    """``value`` in ``source`` units expressed in ``target`` units (for "30 menit s.d. 1 jam")."""
    if source == target:
        return value
    for scale in (_MINUTE_SCALE, _DAY_SCALE):
        if source in scale and target in scale:
            converted = value * scale[source] / scale[target]
            return int(converted) if float(converted).is_integer() else converted
    raise WaktuError(
        text,
        f"Rentang '{text}' memakai satuan yang tidak dapat dibandingkan "
        f"({SATUAN_LABEL[source]} dan {SATUAN_LABEL[target]}).",
    )


def _explain(text: str, rest: str) -> str:
    unknown = _UNKNOWN_UNIT_RE.match(rest)
    if unknown is not None and not re.fullmatch(_UNIT, unknown.group("word"), re.IGNORECASE):
        return (
            f"Waktu '{text}': satuan '{unknown.group('word')}' tidak dikenali "
            "(menit, jam, hari, hari kerja, minggu, bulan)."
        )
    return f"Waktu '{text}' tidak dikenali. Contoh yang dikenali: {CONTOH}."


def _to_batas(amount: Number, satuan: Satuan) -> tuple[int, BatasUnit]:
    if satuan == "menit":
        return math.ceil(amount), "menit"
    if satuan == "jam":
        return math.ceil(amount * MINUTES_PER_HOUR), "menit"
    if satuan == "hari_kerja":
        return math.ceil(amount), "hari_kerja"
    if satuan == "minggu":
        return math.ceil(amount * DAYS_PER_WEEK), "hari"
    if satuan == "bulan":
        return math.ceil(amount * DAYS_PER_MONTH), "hari"
    return math.ceil(amount), "hari"


def _number_text(value: Number) -> str:
    """``5``, ``1,5`` (the Indonesian decimal comma)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}".replace(".", ",")
    return str(int(value))


def _amount_text(value: Number, satuan: Satuan) -> str:
    return f"{_number_text(value)} {SATUAN_LABEL[satuan]}"
