"""Rules of the disposisi: the batas waktu a derajat kecepatan implies, and text folding used
to compare senders and letter numbers. No I/O.

Derajat kecepatan follows the tata naskah dinas practice (PermenPAN-RB 80/2012 on tata naskah
dinas): *sangat segera* is handled within 24 hours, *segera* within 2 x 24 hours, *biasa* in
the order received. The app counts these in hari kerja from the day the disposisi is given
(day 0): sangat segera 1, segera 2; for biasa it uses 5 hari kerja so that no letter waits
without a date (docs/decisions/0003-surat-masuk.md).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from .calendar import WorkCalendar

HARI_KERJA_BY_DERAJAT: dict[str, int] = {"sangat_segera": 1, "segera": 2, "biasa": 5}
"""Working days from the disposisi to its default batas waktu, per derajat kecepatan kode."""


def default_batas_waktu(derajat: str, given: date, calendar: WorkCalendar) -> date:
    """The batas waktu of a disposisi given on ``given`` for a letter of this derajat
    kecepatan (an unknown derajat counts as biasa)."""
    days = HARI_KERJA_BY_DERAJAT.get(derajat, HARI_KERJA_BY_DERAJAT["biasa"])
    return calendar.add_working_days(given, days).tenggat


def fold(text: str) -> str:
    """Text folded for comparison: Unicode NFKC, case-folded, whitespace collapsed, so
    "KPU  Prov. Kaltim" and "kpu prov. kaltim" compare equal."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fold_nomor(text: str) -> str:
    """A letter number folded for duplicate checks: as :func:`fold`, without any spaces
    ("005 / PL.01 / 2026" equals "005/PL.01/2026")."""
    return "".join(fold(text).split())


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
"""Hyphen, dashes and minus: what people type for "no number"."""


def tanpa_nomor(text: str) -> bool:
    """Whether a nomor surat says the letter has no number: empty, or only dashes ("-", "–",
    "- -"). Such letters are never duplicates of each other."""
    return not fold_nomor(text).strip(DASHES)
