"""foundation: office, units, users, journal, reference data, office calendar

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 00:38:15.880341
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""

    op.create_table(
        "jenis_naskah",
        sa.Column("kode", sa.String(length=10), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("kelompok", sa.String(length=60), nullable=False),
        sa.Column("pakai_klasifikasi", sa.Boolean(), nullable=False),
        sa.Column("sumber", sa.String(length=200), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("kode"),
    )
    op.create_table(
        "journal_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("record_type", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=60), nullable=False),
        sa.Column("before", sa.String(), nullable=True),
        sa.Column("after", sa.String(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    with op.batch_alter_table("journal_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_event_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_event_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_journal_event_record_type"), ["record_type"], unique=False
        )

    op.create_table(
        "kode_klasifikasi",
        sa.Column("kode", sa.String(length=20), nullable=False),
        sa.Column("uraian", sa.String(length=300), nullable=False),
        sa.Column("induk", sa.String(length=20), nullable=True),
        sa.Column("tingkat", sa.Integer(), nullable=False),
        sa.Column("kelompok", sa.String(length=20), nullable=False),
        sa.Column("sumber", sa.String(length=200), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("kode"),
    )
    with op.batch_alter_table("kode_klasifikasi", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kode_klasifikasi_induk"), ["induk"], unique=False)

    op.create_table(
        "office",
        sa.Column("nama_satker", sa.String(length=120), nullable=False),
        sa.Column("tingkat", sa.String(length=30), nullable=False),
        sa.Column("kode_wilayah", sa.String(length=8), nullable=False),
        sa.Column("alamat", sa.String(length=250), nullable=False),
        sa.Column("kota", sa.String(length=80), nullable=False),
        sa.Column("telepon", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("laman", sa.String(length=120), nullable=False),
        sa.Column("zona_waktu", sa.String(length=30), nullable=False),
        sa.Column("jam_masuk", sa.Time(), nullable=False),
        sa.Column("jam_pulang", sa.Time(), nullable=False),
        sa.Column("jam_pulang_jumat", sa.Time(), nullable=False),
        sa.Column("kertas", sa.String(length=30), nullable=False),
        sa.Column("cuti_bersama_hari_kerja", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "office_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("jenis", sa.String(length=30), nullable=False),
        sa.Column("keterangan", sa.String(length=200), nullable=False),
        sa.Column("dasar_hukum", sa.String(length=200), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("office_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_day_tanggal"), ["tanggal"], unique=False)

    op.create_table(
        "reference_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("kode", sa.String(length=30), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reference_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_option_kind"), ["kind"], unique=False)

    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(length=20), nullable=False),
        sa.Column("nama", sa.String(length=160), nullable=False),
        sa.Column("jenis", sa.String(length=30), nullable=False),
        sa.Column("induk_id", sa.Integer(), nullable=True),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["induk_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kode"),
    )
    op.create_table(
        "user",
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("nip", sa.String(length=30), nullable=False),
        sa.Column("jabatan", sa.String(length=160), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_username"), ["username"], unique=True)

    op.create_table(
        "jabatan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(length=20), nullable=False),
        sa.Column("nama", sa.String(length=160), nullable=False),
        sa.Column("singkatan", sa.String(length=40), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("pemegang_nama", sa.String(length=120), nullable=False),
        sa.Column("pemegang_nip", sa.String(length=30), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("pimpinan", sa.Boolean(), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kode"),
    )
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "role"),
    )


def downgrade() -> None:
    """Revert this revision."""

    op.drop_table("user_role")
    op.drop_table("jabatan")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_username"))

    op.drop_table("user")
    op.drop_table("unit")
    with op.batch_alter_table("reference_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_option_kind"))

    op.drop_table("reference_option")
    with op.batch_alter_table("office_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_day_tanggal"))

    op.drop_table("office_day")
    op.drop_table("office")
    with op.batch_alter_table("kode_klasifikasi", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kode_klasifikasi_induk"))

    op.drop_table("kode_klasifikasi")
    with op.batch_alter_table("journal_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_event_record_type"))
        batch_op.drop_index(batch_op.f("ix_journal_event_at"))
        batch_op.drop_index(batch_op.f("ix_journal_event_actor_id"))
        batch_op.drop_index(batch_op.f("ix_journal_event_action"))

    op.drop_table("journal_event")
    op.drop_table("jenis_naskah")
