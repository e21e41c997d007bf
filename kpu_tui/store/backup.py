"""Consistent copies of a SQLite database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def backup_sqlite(source: Path, target_dir: Path, label: str = "cadangan") -> Path:
    """Copy the SQLite file ``source`` into ``target_dir`` and return the new file.

    The copy is made with ``sqlite3.Connection.backup`` so it is consistent even while another
    process writes. The name carries the label and a timestamp, and never overwrites a file.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = target_dir / f"{source.stem}-{label}-{stamp}-{counter}.sqlite3"
    backup_sqlite_to(source, target)
    return target


def backup_sqlite_to(source: Path, target: Path) -> None:
    """Copy the SQLite file ``source`` to exactly ``target`` (which must not exist)."""
    if target.exists():
        raise FileExistsError(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
