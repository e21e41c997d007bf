"""The one engine factory, and the read/write session scopes every service uses.

Nothing here runs at import time. SQLite gets WAL, ``foreign_keys=ON``, ``synchronous=FULL`` and a
busy timeout on every connection; write scopes begin with ``BEGIN IMMEDIATE`` so that two processes
taking the next number of a series queue up instead of failing half-way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from .errors import StoreError, translate

BUSY_TIMEOUT_MS = 15_000
_BEGIN_OPTION = "kpu_begin"


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins and how.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for ``url`` (connects lazily: nothing is created here)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


class Store:
    """The database of one office: an engine plus the read and write scopes.

    Services receive a :class:`sqlmodel.Session` from :meth:`write` (one transaction per user
    action, committed when the block ends without error) or :meth:`read`.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self._write_engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})

    @property
    def is_sqlite(self) -> bool:
        """Whether this store is SQLite."""
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None (another database, or in memory)."""
        if not self.is_sqlite:
            return None
        database = self.engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; database errors become :class:`StoreError`."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except SQLAlchemyError as exc:
            raise translate(exc) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite), committed at the end.

        On PostgreSQL the services lock what they number with ``SELECT ... FOR UPDATE``.
        Any exception rolls everything back: nothing is half-written.
        """
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise translate(exc) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


__all__ = ["BUSY_TIMEOUT_MS", "Store", "StoreError", "make_engine"]
