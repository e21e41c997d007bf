"""Schema through Alembic only: find the revision, back up, upgrade.

The app calls :func:`ensure_schema` at every start. A database at an older revision is copied
with the SQLite backup API before it is migrated; one from a newer kpu-tui is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from .backup import backup_sqlite
from .engine import Store
from .errors import StoreError, translate

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """What autogenerate compares: everything but the full-text search tables (``*_fts`` and
    their shadow tables), which migrations create by hand and no model describes."""
    return not (type_ == "table" and name is not None and "_fts" in name)


def alembic_config(store: Store | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at ``store``, if given)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if store is not None:
        cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


def head_revision(store: Store | None = None) -> str:
    """The newest revision this version of kpu-tui knows (the store is not consulted)."""
    head = ScriptDirectory.from_config(alembic_config(store)).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    """The revision the database is at, or None for an empty database."""
    try:
        with store.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise translate(exc) from exc


def known_revisions(store: Store) -> set[str]:
    """Every revision in the packaged migration scripts."""
    script = ScriptDirectory.from_config(alembic_config(store))
    return {rev.revision for rev in script.walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    """The result of :func:`ensure_schema`."""

    before: str | None
    after: str
    backup: Path | None


def _has_tables(store: Store) -> bool:
    with store.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def ensure_schema(store: Store, backup_dir: Path | None) -> SchemaState:
    """Bring the database to the head revision, backing it up first when it holds data.

    Raises:
        StoreError: the database is newer than this app, has foreign tables and no revision,
            or cannot be read or written.
    """
    path = store.sqlite_path
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Folder basis data tidak dapat dibuat: {path.parent} ({exc.strerror}).",
                "unopenable",
            ) from exc
    before = current_revision(store)
    head = head_revision(store)
    if before == head:
        return SchemaState(before, head, None)
    if before is not None and before not in known_revisions(store):
        raise StoreError(
            "Basis data ini dibuat oleh versi kpu-tui yang lebih baru "
            f"(revisi {before}). Perbarui aplikasi sebelum membukanya.",
            "newer",
        )
    try:
        has_tables = _has_tables(store)
    except SQLAlchemyError as exc:
        raise translate(exc) from exc
    if before is None and has_tables:
        raise StoreError(
            "Berkas ini berisi tabel tetapi bukan basis data kpu-tui; "
            "kpu-tui tidak akan mengubahnya.",
            "foreign",
        )
    backup: Path | None = None
    if before is not None and path is not None and backup_dir is not None:
        try:
            backup = backup_sqlite(path, backup_dir, label=f"sebelum-migrasi-{before}")
        except Exception as exc:  # the backup API raises sqlite3 errors
            raise translate(exc, "membuat cadangan sebelum migrasi") from exc
    try:
        with store._write_engine.begin() as conn:
            cfg = alembic_config(store)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise translate(exc, "migrasi skema") from exc
    return SchemaState(before, head, backup)
