"""antrian (the queue)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A disposisi addressed to a unit reaches every member's queue through its own index (the
    positions' and the persons' recipients have theirs since 0003)."""
    op.create_index(
        "ix_disposisi_penerima_unit", "disposisi_penerima", ["unit_id", "status"], unique=False
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_disposisi_penerima_unit", table_name="disposisi_penerima")
