"""Where kpu-tui keeps its data, and how the user overrides it.

The data directory comes from platformdirs (``user_data_dir("kpu-tui")``); ``KPU_TUI_HOME``
replaces it, ``KPU_TUI_DATABASE_URL`` points at any SQLAlchemy database, and the command line's
``--db PATH`` wins over both for the database file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "kpu-tui"
ENV_HOME = "KPU_TUI_HOME"
ENV_DATABASE_URL = "KPU_TUI_DATABASE_URL"
DATABASE_FILENAME = "kpu-tui.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Resolved locations of one kpu-tui installation."""

    home: Path
    """The data directory: database, backups and attachments live below it."""
    database_url: str
    """SQLAlchemy URL of the database in use."""
    backup_dir: Path
    """Where automatic and manual backups are written."""
    attachment_dir: Path
    """The content-addressed attachment store (files named by their SHA-256)."""

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is a SQLite file."""
        return self.database_url.startswith("sqlite")

    @property
    def database_path(self) -> Path | None:
        """The SQLite file, or None for another database or an in-memory one."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split("///", 1)[-1] if "///" in self.database_url else ""
        if not path or path == ":memory:":
            return None
        return Path(path)


def default_home() -> Path:
    """The data directory: ``KPU_TUI_HOME`` or the platform's user data directory."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def sqlite_url(path: Path) -> str:
    """A SQLAlchemy URL for a SQLite file (absolute, forward slashes, also on Windows)."""
    return "sqlite:///" + path.expanduser().resolve().as_posix()


def resolve_settings(db: str | os.PathLike[str] | None = None) -> Settings:
    """Resolve the settings from ``--db``, the environment and the platform defaults."""
    home = default_home()
    if db is not None:
        url = sqlite_url(Path(db))
    else:
        url = os.environ.get(ENV_DATABASE_URL) or sqlite_url(home / DATABASE_FILENAME)
    return Settings(
        home=home,
        database_url=url,
        backup_dir=home / "cadangan",
        attachment_dir=home / "lampiran",
    )
