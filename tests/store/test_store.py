"""The store: pragmas, write transactions, backups, and clear messages for broken databases."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from kpu_tui.config import Settings, sqlite_url
from kpu_tui.store import Store, StoreError, current_revision, ensure_schema, head_revision


def test_pragmas_on_every_connection(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_schema_is_at_head_after_ensure(store: Store) -> None:
    assert current_revision(store) == head_revision(store)


def test_write_scope_takes_the_write_lock_at_begin(store: Store, settings: Settings) -> None:
    """A second writer must wait for BEGIN IMMEDIATE, not fail half-way through."""
    path = settings.database_path
    assert path is not None
    order: list[str] = []
    with store.write() as session:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        other = sqlite3.connect(path, timeout=0.2)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        order.append("first")

    def second() -> None:
        with store.write() as s:
            s.exec(text("SELECT 1"))  # type: ignore[call-overload]
            order.append("second")

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(5)
    assert order == ["first", "second"]


def test_rollback_on_error_writes_nothing(store: Store) -> None:
    from kpu_tui.services import journal
    from kpu_tui.services.actor import SYSTEM

    with pytest.raises(RuntimeError), store.write() as session:
        journal.record(session, actor=SYSTEM, action="uji", record_type="x", record_id=1)
        raise RuntimeError("boom")
    with store.read() as session:
        assert journal.count_events(session) == 0


def test_locked_database_gives_indonesian_message(store: Store, settings: Settings) -> None:
    path = settings.database_path
    assert path is not None
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")
    quick = Store(settings.database_url)
    quick.engine.pool.dispose()
    try:
        with quick.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 100")
        start = time.monotonic()
        with pytest.raises(StoreError) as info, quick.write() as session:
            session.exec(text("PRAGMA busy_timeout = 100"))  # type: ignore[call-overload]
        assert info.value.kind == "locked"
        assert "terkunci" in info.value.message
        assert time.monotonic() - start < 60
    finally:
        blocker.rollback()
        blocker.close()
        quick.dispose()


def test_corrupt_file_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "rusak.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    store = Store(sqlite_url(path))
    with pytest.raises(StoreError) as info:
        ensure_schema(store, tmp_path / "bk")
    assert info.value.kind == "corrupt"
    assert "rusak" in info.value.message


def test_database_from_a_newer_app_is_refused(store: Store, settings: Settings) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError) as info:
        ensure_schema(Store(settings.database_url), settings.backup_dir)
    assert info.value.kind == "newer"
    assert "lebih baru" in info.value.message


def test_foreign_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "lain.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE catatan (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as info:
        ensure_schema(Store(sqlite_url(path)), tmp_path / "bk")
    assert info.value.kind == "foreign"


def test_read_only_database_gives_a_message(store: Store, settings: Settings) -> None:
    path = settings.database_path
    assert path is not None
    store.dispose()
    ro = Store(f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true")
    with pytest.raises(StoreError) as info, ro.write() as session:
        session.exec(text("CREATE TABLE t (x)"))  # type: ignore[call-overload]
    assert info.value.kind in {"readonly", "locked"}
    ro.dispose()


def test_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "baru" / "dalam" / "kpu.sqlite3"
    store = Store(sqlite_url(path))
    ensure_schema(store, tmp_path / "bk")
    assert path.exists()
    store.dispose()
