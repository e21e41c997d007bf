"""The ``kpu-tui`` command: starts the app, and sub-commands for scripting and printing.

Every sub-command lives in a module of this package that exposes ``register(subparsers)``;
global options (``--db``) come before the sub-command.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kpu_tui import __version__

from . import (
    cmd_admin,
    cmd_demo,
    cmd_export,
    cmd_import,
    cmd_journal,
    cmd_print,
    cmd_run,
    cmd_sop,
    cmd_tenggat,
    cmd_user,
    i18n,
)
from .common import EXIT_ERROR, EXIT_OK, CliError

COMMAND_MODULES = (
    cmd_run,
    cmd_admin,
    cmd_journal,
    cmd_user,
    cmd_tenggat,
    cmd_sop,
    cmd_print,
    cmd_import,
    cmd_export,
    cmd_demo,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    i18n.install()
    parser = argparse.ArgumentParser(
        prog="kpu-tui",
        description="Register persuratan dan layanan sekretariat KPU, untuk papan ketik.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kpu-tui {__version__}",
        help="tampilkan versi lalu keluar",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="berkas basis data SQLite yang dipakai (menggantikan KPU_TUI_DATABASE_URL)",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpu-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or cmd_run.run
    try:
        code = handler(args)
    except CliError as exc:
        print(f"kpu-tui: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("kpu-tui: dibatalkan.", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader (e.g. ``| head``) stopped early: not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
