"""Engine, sessions, migrations and backups of the kpu-tui database."""

from .backup import backup_sqlite, backup_sqlite_to
from .engine import Store, make_engine
from .errors import StoreError, translate
from .migrate import SchemaState, current_revision, ensure_schema, head_revision

__all__ = [
    "SchemaState",
    "Store",
    "StoreError",
    "backup_sqlite",
    "backup_sqlite_to",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "make_engine",
    "translate",
]
