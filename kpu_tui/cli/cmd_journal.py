"""``kpu-tui journal verify``: check the hash chain of every write."""

from __future__ import annotations

import argparse

from .common import EXIT_FAIL, EXIT_OK, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``journal`` and its sub-commands."""
    parser = sub.add_parser("journal", help="jurnal perubahan (rantai hash)")
    jsub = parser.add_subparsers(dest="journal_command", metavar="PERINTAH", required=True)
    verify = jsub.add_parser("verify", help="periksa seluruh rantai jurnal")
    verify.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    """Walk the whole chain; name the first broken event."""
    from kpu_tui.services import journal

    with open_store(args, migrate=False) as store, store.read() as session:
        result = journal.verify(session)
    if result.ok:
        print(f"Jurnal utuh: {result.checked} peristiwa diperiksa.")
        return EXIT_OK
    print(f"Jurnal RUSAK pada peristiwa #{result.broken_id}: {result.reason}.")
    print(f"{result.checked} peristiwa sebelumnya utuh.")
    return EXIT_FAIL
