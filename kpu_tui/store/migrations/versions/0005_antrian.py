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
    """The queue's indexes: a disposisi addressed to a unit reaches every member's queue through
    its own index (the positions' and the persons' recipients have theirs since 0003); the
    office view and the dashboard read the open recipients by status; the SOP steps of other
    registers are picked among the open runs by subject without reading the open letters'
    runs; the morning briefing reads the numbers taken on one day."""
    op.create_index(
        "ix_disposisi_penerima_unit", "disposisi_penerima", ["unit_id", "status"], unique=False
    )
    op.create_index("ix_disposisi_penerima_status", "disposisi_penerima", ["status"], unique=False)
    op.create_index(
        "ix_procedure_run_status_subject",
        "procedure_run",
        ["status", "subject_type"],
        unique=False,
    )
    op.create_index("ix_nomor_surat_dibuat", "nomor_surat", ["dibuat_at"], unique=False)


def downgrade() -> None:
    """Drop the indexes."""
    op.drop_index("ix_nomor_surat_dibuat", table_name="nomor_surat")
    op.drop_index("ix_procedure_run_status_subject", table_name="procedure_run")
    op.drop_index("ix_disposisi_penerima_status", table_name="disposisi_penerima")
    op.drop_index("ix_disposisi_penerima_unit", table_name="disposisi_penerima")
