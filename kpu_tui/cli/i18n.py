"""argparse in Bahasa Indonesia.

argparse looks every message up at run time through its module-level ``_`` and ``ngettext``
(bound to :mod:`gettext`). Shipping a compiled ``.mo`` catalogue for a dozen strings is more
machinery than rebinding those two names to a small Indonesian table, which is what this does.
"""

from __future__ import annotations

import gettext

ARGPARSE_ID: dict[str, str] = {
    "usage: ": "pemakaian: ",
    "options": "opsi",
    "positional arguments": "argumen",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "memerlukan satu nilai",
    "expected at least one argument": "memerlukan sedikitnya satu nilai",
    "expected at most one argument": "memerlukan paling banyak satu nilai",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opsi ambigu: %(option)s dapat berarti %(matches)s"
    ),
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}


class _Indonesian(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return ARGPARSE_ID.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return "memerlukan %s nilai"
        return singular if n == 1 else plural


def install() -> None:
    """Make argparse speak Indonesian in this process."""
    import argparse

    translation = _Indonesian()
    argparse._ = translation.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translation.ngettext  # type: ignore[attr-defined]
