"""procedure runs and step events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:29:53.708254
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""

    op.create_table(
        "procedure_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sop_id", sa.String(length=40), nullable=False),
        sa.Column("sop_nama", sa.String(length=300), nullable=False),
        sa.Column("judul", sa.String(length=300), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("langkah_kini", sa.Integer(), nullable=True),
        sa.Column("langkah_sejak", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenggat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mulai_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mulai_oleh_id", sa.Integer(), nullable=True),
        sa.Column("mulai_oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("selesai_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("procedure_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_run_mulai_at"), ["mulai_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_run_sop_id"), ["sop_id"], unique=False)
        batch_op.create_index(
            "ix_procedure_run_status_tenggat", ["status", "tenggat_at"], unique=False
        )
        batch_op.create_index(
            "ix_procedure_run_subject", ["subject_type", "subject_id"], unique=False
        )

    op.create_table(
        "step_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("langkah_no", sa.Integer(), nullable=True),
        sa.Column("keputusan", sa.String(length=10), nullable=False),
        sa.Column("langkah_berikut", sa.Integer(), nullable=True),
        sa.Column("langkah_mulai_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("catatan", sa.String(length=2000), nullable=False),
        sa.Column("lampiran", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["procedure_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("step_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_step_event_at"), ["at"], unique=False)
        batch_op.create_index("ix_step_event_run", ["run_id", "id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""

    with op.batch_alter_table("step_event", schema=None) as batch_op:
        batch_op.drop_index("ix_step_event_run")
        batch_op.drop_index(batch_op.f("ix_step_event_at"))

    op.drop_table("step_event")
    with op.batch_alter_table("procedure_run", schema=None) as batch_op:
        batch_op.drop_index("ix_procedure_run_subject")
        batch_op.drop_index("ix_procedure_run_status_tenggat")
        batch_op.drop_index(batch_op.f("ix_procedure_run_sop_id"))
        batch_op.drop_index(batch_op.f("ix_procedure_run_mulai_at"))

    op.drop_table("procedure_run")
