"""What every sub-command shares: settings, the store, and errors turned into exit codes."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from kpu_tui.config import Settings, resolve_settings
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import Store, StoreError, ensure_schema

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2

CLI_ACTOR_NAME = "sistem (baris perintah)"
"""The journal name of writes made from the command line without ``--oleh``."""


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


def check_output(text: str, example: str) -> Path:
    """The output file of ``-o``: not a folder, in a folder that exists (``example`` shows the
    option's use in the message, e.g. ``-o laporan.pdf``)."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise CliError(f"Tujuan adalah folder, bukan berkas: {path}. Contoh: {example}")
    if not path.parent.is_dir():
        raise CliError(f"Folder tujuan tidak ada: {path.parent}. Buat dahulu foldernya.")
    return path


def write_atomically(path: Path, write: Callable[[Path], int]) -> int:
    """Write into a temporary file beside ``path`` and move it in place when complete, so a
    failure never leaves half a file under the name asked for. Returns what ``write`` returns."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        result = write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise CliError(
            f"Berkas tidak dapat ditulis: {path} ({exc.strerror or exc})", EXIT_FAIL
        ) from exc
    finally:
        if temporary.exists():
            temporary.unlink()
    return result


def require_current_schema(store: Store, verb: str) -> None:
    """Refuse to read a database whose schema is not this app's (``verb``: what to do again
    once the app has upgraded it, e.g. "cetak")."""
    from kpu_tui.services import maintenance

    status = maintenance.schema_status(store)
    if status.error:
        raise CliError(status.error, EXIT_FAIL)
    if status.current != status.head:
        raise CliError(
            f"Skema basis data ({status.current or 'kosong'}) tidak sama dengan versi aplikasi "
            f"({status.head}): jalankan 'kpu-tui' sekali agar basis data diperbarui, lalu "
            f"{verb} lagi.",
            EXIT_FAIL,
        )


def require_office(session: Session) -> None:
    """Refuse to go on in a database whose office is not set up yet."""
    from kpu_tui.services import office

    if not office.is_set_up(session):
        raise CliError(
            "Kantor belum disiapkan: jalankan 'kpu-tui' untuk penyiapan awal atau 'kpu-tui demo'.",
            EXIT_FAIL,
        )
