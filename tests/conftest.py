"""Shared fixtures: every test runs against its own temporary data directory and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kpu_tui.config import Settings, sqlite_url
from kpu_tui.models import Role
from kpu_tui.services.actor import SYSTEM, Actor
from kpu_tui.store import Store, backup_sqlite_to, ensure_schema


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point KPU_TUI_HOME at a fresh folder so no test can touch the user's real data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KPU_TUI_HOME", str(home))
    monkeypatch.delenv("KPU_TUI_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a throw-away installation under ``tmp_path``."""
    return Settings(
        home=tmp_path,
        database_url=sqlite_url(tmp_path / "kpu.sqlite3"),
        backup_dir=tmp_path / "cadangan",
        attachment_dir=tmp_path / "lampiran",
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A migrated, empty database."""
    store = Store(settings.database_url)
    ensure_schema(store, settings.backup_dir)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office (accounts, units, reference data) built once per test run (Argon2
    hashing of every account is slow)."""
    from kpu_tui.services.demo import build_demo_office

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    template = Store(sqlite_url(path))
    ensure_schema(template, path.parent / "bk")
    with template.write() as session:
        # The registers' demo records are dated relative to now: leave them out so that
        # tests see the same office whatever the day (tests/services/test_demo.py covers them).
        build_demo_office(session, actor=SYSTEM, with_records=False)
    template.dispose()
    return path


@pytest.fixture
def demo_store(settings: Settings, demo_template: Path) -> Iterator[Store]:
    """A fresh copy of the demo office database for one test."""
    target = settings.database_path
    assert target is not None
    backup_sqlite_to(demo_template, target)
    store = Store(settings.database_url)
    yield store
    store.dispose()


@pytest.fixture
def admin() -> Actor:
    """An admin actor (user id 1 is the demo admin)."""
    return Actor(1, "Rudi Hartono", frozenset({Role.ADMIN}))
