"""``kpu-tui info``, ``kpu-tui check`` and ``kpu-tui backup``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kpu_tui import __version__
from kpu_tui.services import maintenance
from kpu_tui.store import Store, StoreError, backup_sqlite, backup_sqlite_to, head_revision

from .common import EXIT_FAIL, EXIT_OK, CliError, require_existing, settings_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the maintenance commands."""
    info = sub.add_parser("info", help="versi, basis data, folder data, cadangan, lampiran, skema")
    info.add_argument("--json", action="store_true", help="keluaran JSON")
    info.set_defaults(handler=cmd_info)

    check = sub.add_parser(
        "check", help="periksa integritas basis data, revisi skema dan rantai jurnal"
    )
    check.set_defaults(handler=cmd_check)

    backup = sub.add_parser("backup", help="buat salinan cadangan basis data SQLite")
    backup.add_argument("-o", "--output", metavar="FILE", help="berkas tujuan (harus belum ada)")
    backup.set_defaults(handler=cmd_backup)


def cmd_info(args: argparse.Namespace) -> int:
    """Print where everything is and which schema revision the database has."""
    settings = settings_from(args)
    path = settings.database_path
    if path is not None and not path.exists():
        status = maintenance.SchemaStatus(None, head_revision())
        current = "(berkas belum ada: dibuat saat aplikasi pertama dijalankan)"
    else:
        store = Store(settings.database_url)
        try:
            status = maintenance.schema_status(store)
        finally:
            store.dispose()
        current = status.current or "(kosong: belum dibuat)"
    data = {
        "versi": __version__,
        "basis_data": _redact(settings.database_url),
        "folder_data": str(settings.home),
        "folder_cadangan": str(settings.backup_dir),
        "folder_lampiran": str(settings.attachment_dir),
        "revisi_skema": current,
        "revisi_terbaru": status.head,
    }
    if status.error:
        data["masalah"] = status.error
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    labels = {
        "versi": "Versi",
        "basis_data": "Basis data",
        "folder_data": "Folder data",
        "folder_cadangan": "Folder cadangan",
        "folder_lampiran": "Folder lampiran",
        "revisi_skema": "Revisi skema",
        "revisi_terbaru": "Revisi terbaru aplikasi",
        "masalah": "Masalah",
    }
    width = max(len(v) for v in labels.values())
    for key, value in data.items():
        print(f"{labels[key]:<{width}}  {value}")
    return EXIT_OK


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def cmd_check(args: argparse.Namespace) -> int:
    """Run every check; exit 1 naming what is wrong."""
    settings = settings_from(args)
    require_existing(settings)
    store = Store(settings.database_url)
    try:
        results = maintenance.run_checks(store)
    finally:
        store.dispose()
    failed = False
    for result in results:
        mark = "OK   " if result.ok else "GAGAL"
        print(f"[{mark}] {result.name}: {result.detail}")
        failed = failed or not result.ok
    return EXIT_FAIL if failed else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the SQLite database."""
    settings = settings_from(args)
    path = settings.database_path
    if path is None:
        raise CliError(
            "Cadangan bawaan hanya untuk basis data SQLite; untuk PostgreSQL gunakan pg_dump."
        )
    if not path.exists():
        raise CliError(f"Berkas basis data tidak ada: {path}")
    try:
        if args.output:
            target = Path(args.output)
            if target.exists():
                raise CliError(f"Berkas tujuan sudah ada: {target}")
            backup_sqlite_to(path, target)
        else:
            target = backup_sqlite(path, settings.backup_dir, label="manual")
    except StoreError as exc:
        raise CliError(exc.message) from exc
    except OSError as exc:
        raise CliError(f"Cadangan gagal: {exc}") from exc
    except Exception as exc:  # sqlite3 errors from the backup API
        raise CliError(f"Cadangan gagal: {exc}") from exc
    print(f"Cadangan ditulis: {target}")
    return EXIT_OK
