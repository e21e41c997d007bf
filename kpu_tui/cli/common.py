"""What every sub-command shares: settings, the store, and errors turned into exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from kpu_tui.config import Settings, resolve_settings
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import Store, StoreError, ensure_schema

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2


class CliError(Exception):
    """A failure to print as one line in Bahasa Indonesia, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings for this invocation (``--db`` wins over the environment)."""
    return resolve_settings(getattr(args, "db", None))


def require_existing(settings: Settings) -> None:
    """Refuse to inspect a SQLite file that is not there (instead of creating an empty one)."""
    path = settings.database_path
    if path is not None and not path.exists():
        raise CliError(f"Berkas basis data tidak ada: {path}")


@contextmanager
def open_store(args: argparse.Namespace, *, migrate: bool = True) -> Iterator[Store]:
    """Open the database, migrating it (which creates a new one) unless ``migrate`` is False,
    in which case the SQLite file must exist. Errors become :class:`CliError`."""
    settings = settings_from(args)
    if not migrate:
        require_existing(settings)
    try:
        store = Store(settings.database_url)
    except Exception as exc:  # an unusable URL
        raise CliError(f"Alamat basis data tidak dapat dipakai: {exc}") from exc
    try:
        if migrate:
            ensure_schema(store, settings.backup_dir)
        yield store
    except StoreError as exc:
        raise CliError(exc.message) from exc
    except ValidationError as exc:
        lines = "\n".join(f"  {field}: {msg}" for field, msg in exc.errors.items())
        raise CliError(f"Masukan tidak sah:\n{lines}", EXIT_FAIL) from exc
    except ServiceError as exc:
        raise CliError(exc.message, EXIT_FAIL) from exc
    finally:
        store.dispose()
