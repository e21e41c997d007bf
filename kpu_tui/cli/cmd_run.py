"""``kpu-tui`` (no sub-command) and ``kpu-tui run``: start the application."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_ERROR, EXIT_OK, settings_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``run`` (the default when no sub-command is given)."""
    parser = sub.add_parser("run", help="jalankan aplikasi (bawaan bila tanpa perintah)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Open and migrate the database, then hand it to the Textual app."""
    from kpu_tui.store import Store, StoreError, ensure_schema

    settings = settings_from(args)
    try:
        store = Store(settings.database_url)
        state = ensure_schema(store, settings.backup_dir)
    except StoreError as exc:
        print(f"kpu-tui: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    if state.backup is not None:
        print(f"Cadangan sebelum migrasi: {state.backup}", file=sys.stderr)
    from kpu_tui.tui.app import KpuApp

    try:
        KpuApp(store, settings).run()
    finally:
        store.dispose()
    return EXIT_OK
