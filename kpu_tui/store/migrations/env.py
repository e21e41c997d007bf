"""Alembic environment: migrations run on the connection kpu-tui hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import kpu_tui.models  # noqa: F401  (registers every table on SQLModel.metadata)
from kpu_tui.store.migrate import include_object

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    """Run with the connection passed in ``config.attributes`` (or a fresh engine)."""
    connection = config.attributes.get("connection")
    if connection is None:
        from kpu_tui.store.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("kpu-tui migrations run online only")
run_migrations_online()
