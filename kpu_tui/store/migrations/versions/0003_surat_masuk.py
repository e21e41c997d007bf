"""surat masuk and disposisi

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Quick search of the buku agenda: an external-content FTS5 index with the trigram tokenizer
# (fragments of letter numbers such as "PL.01" match), kept in step by triggers. SQLite only;
# on PostgreSQL the service falls back to LIKE (pg_trgm when an office needs it).
FTS_CREATE = (
    """CREATE VIRTUAL TABLE surat_masuk_fts USING fts5(
        nomor_surat, asal, perihal, content='surat_masuk', content_rowid='id',
        tokenize='trigram')""",
    """CREATE TRIGGER surat_masuk_fts_ai AFTER INSERT ON surat_masuk BEGIN
        INSERT INTO surat_masuk_fts(rowid, nomor_surat, asal, perihal)
        VALUES (new.id, new.nomor_surat, new.asal, new.perihal);
    END""",
    """CREATE TRIGGER surat_masuk_fts_ad AFTER DELETE ON surat_masuk BEGIN
        INSERT INTO surat_masuk_fts(surat_masuk_fts, rowid, nomor_surat, asal, perihal)
        VALUES ('delete', old.id, old.nomor_surat, old.asal, old.perihal);
    END""",
    """CREATE TRIGGER surat_masuk_fts_au AFTER UPDATE OF nomor_surat, asal, perihal
        ON surat_masuk BEGIN
        INSERT INTO surat_masuk_fts(surat_masuk_fts, rowid, nomor_surat, asal, perihal)
        VALUES ('delete', old.id, old.nomor_surat, old.asal, old.perihal);
        INSERT INTO surat_masuk_fts(rowid, nomor_surat, asal, perihal)
        VALUES (new.id, new.nomor_surat, new.asal, new.perihal);
    END""",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS surat_masuk_fts_au",
    "DROP TRIGGER IF EXISTS surat_masuk_fts_ad",
    "DROP TRIGGER IF EXISTS surat_masuk_fts_ai",
    "DROP TABLE IF EXISTS surat_masuk_fts",
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "number_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seri", sa.String(length=40), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("terakhir", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seri", "tahun", name="uq_number_series_seri_tahun"),
    )
    op.create_table(
        "surat_masuk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("nomor_agenda", sa.Integer(), nullable=False),
        sa.Column("agenda_teks", sa.String(length=40), nullable=False),
        sa.Column("tanggal_terima", sa.Date(), nullable=False),
        sa.Column("diterima_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nomor_surat", sa.String(length=100), nullable=False),
        sa.Column("nomor_surat_norm", sa.String(length=100), nullable=False),
        sa.Column("tanggal_surat", sa.Date(), nullable=True),
        sa.Column("asal", sa.String(length=200), nullable=False),
        sa.Column("asal_norm", sa.String(length=200), nullable=False),
        sa.Column("perihal", sa.String(length=500), nullable=False),
        sa.Column("lampiran", sa.String(length=100), nullable=False),
        sa.Column("sifat", sa.String(length=30), nullable=False),
        sa.Column("derajat", sa.String(length=30), nullable=False),
        sa.Column("klasifikasi", sa.String(length=20), nullable=True),
        sa.Column("jenis_naskah", sa.String(length=10), nullable=True),
        sa.Column("tujuan_jabatan_id", sa.Integer(), nullable=True),
        sa.Column("tujuan_nama", sa.String(length=160), nullable=False),
        sa.Column("keterangan", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "belum_disposisi",
                "proses",
                "selesai",
                "diarsipkan",
                "batal",
                name="suratstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("tenggat", sa.Date(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("dicatat_oleh_id", sa.Integer(), nullable=True),
        sa.Column("dicatat_oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("dicatat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("selesai_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tindak_lanjut", sa.String(length=2000), nullable=False),
        sa.Column("alasan_arsip", sa.String(length=500), nullable=False),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.Column("dibatalkan_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["jenis_naskah"],
            ["jenis_naskah.kode"],
        ),
        sa.ForeignKeyConstraint(
            ["klasifikasi"],
            ["kode_klasifikasi.kode"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["procedure_run.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tujuan_jabatan_id"],
            ["jabatan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tahun", "nomor_agenda", name="uq_surat_masuk_agenda"),
    )
    with op.batch_alter_table("surat_masuk", schema=None) as batch_op:
        batch_op.create_index("ix_surat_masuk_asal", ["asal_norm"], unique=False)
        batch_op.create_index(
            "ix_surat_masuk_dupe", ["nomor_surat_norm", "asal_norm"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_surat_masuk_klasifikasi"), ["klasifikasi"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_surat_masuk_sifat"), ["sifat"], unique=False)
        batch_op.create_index("ix_surat_masuk_status_tenggat", ["status", "tenggat"], unique=False)
        batch_op.create_index("ix_surat_masuk_tanggal", ["tanggal_terima", "id"], unique=False)

    op.create_table(
        "disposisi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column("induk_penerima_id", sa.Integer(), nullable=True),
        sa.Column("dari_jabatan_id", sa.Integer(), nullable=True),
        sa.Column("dari_user_id", sa.Integer(), nullable=True),
        sa.Column("dari_nama", sa.String(length=160), nullable=False),
        sa.Column("tanggal", sa.DateTime(timezone=True), nullable=False),
        sa.Column("instruksi", sa.String(length=400), nullable=False),
        sa.Column("catatan", sa.String(length=1000), nullable=False),
        sa.Column("batas_waktu", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("aktif", "batal", name="hopstatus", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.Column("dicatat_oleh_id", sa.Integer(), nullable=True),
        sa.Column("dicatat_oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("dicatat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dari_jabatan_id"],
            ["jabatan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["dari_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["surat_id"],
            ["surat_masuk.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disposisi", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disposisi_induk_penerima_id"), ["induk_penerima_id"], unique=False
        )
        batch_op.create_index("ix_disposisi_surat", ["surat_id", "id"], unique=False)

    op.create_table(
        "surat_berkas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("nama", sa.String(length=200), nullable=False),
        sa.Column("ukuran", sa.Integer(), nullable=False),
        sa.Column("ditambahkan_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh_id", sa.Integer(), nullable=True),
        sa.Column("oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["surat_id"],
            ["surat_masuk.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surat_berkas", schema=None) as batch_op:
        batch_op.create_index("ix_surat_berkas_surat", ["surat_id", "id"], unique=False)

    op.create_table(
        "disposisi_penerima",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disposisi_id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column("jabatan_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("nama", sa.String(length=200), nullable=False),
        sa.Column("utama", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "menunggu",
                "dibaca",
                "diteruskan",
                "selesai",
                "batal",
                name="penerimastatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("dibaca_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("selesai_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tindak_lanjut", sa.String(length=2000), nullable=False),
        sa.Column("oleh_nama", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["disposisi_id"],
            ["disposisi.id"],
        ),
        sa.ForeignKeyConstraint(
            ["jabatan_id"],
            ["jabatan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["surat_id"],
            ["surat_masuk.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disposisi_penerima", schema=None) as batch_op:
        batch_op.create_index("ix_disposisi_penerima_hop", ["disposisi_id"], unique=False)
        batch_op.create_index(
            "ix_disposisi_penerima_jabatan", ["jabatan_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disposisi_penerima_surat_id"), ["surat_id"], unique=False
        )
        batch_op.create_index("ix_disposisi_penerima_user", ["user_id", "status"], unique=False)

    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "format_agenda",
                sa.String(length=60),
                nullable=False,
                server_default="{urut:4}/{tahun}",
            )
        )

    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_CREATE:
            op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("format_agenda")

    with op.batch_alter_table("disposisi_penerima", schema=None) as batch_op:
        batch_op.drop_index("ix_disposisi_penerima_user")
        batch_op.drop_index(batch_op.f("ix_disposisi_penerima_surat_id"))
        batch_op.drop_index("ix_disposisi_penerima_jabatan")
        batch_op.drop_index("ix_disposisi_penerima_hop")

    op.drop_table("disposisi_penerima")
    with op.batch_alter_table("surat_berkas", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_berkas_surat")

    op.drop_table("surat_berkas")
    with op.batch_alter_table("disposisi", schema=None) as batch_op:
        batch_op.drop_index("ix_disposisi_surat")
        batch_op.drop_index(batch_op.f("ix_disposisi_induk_penerima_id"))

    op.drop_table("disposisi")
    with op.batch_alter_table("surat_masuk", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_masuk_tanggal")
        batch_op.drop_index("ix_surat_masuk_status_tenggat")
        batch_op.drop_index(batch_op.f("ix_surat_masuk_sifat"))
        batch_op.drop_index(batch_op.f("ix_surat_masuk_klasifikasi"))
        batch_op.drop_index("ix_surat_masuk_dupe")
        batch_op.drop_index("ix_surat_masuk_asal")

    op.drop_table("surat_masuk")
    op.drop_table("number_series")
