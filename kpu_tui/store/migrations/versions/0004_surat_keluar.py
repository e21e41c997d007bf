"""surat keluar

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Quick search of the buku agenda surat keluar, as for surat masuk (see 0003): FTS5 trigram over
# the number, the tujuan and the perihal, kept in step by triggers. SQLite only.
FTS_CREATE = (
    """CREATE VIRTUAL TABLE surat_keluar_fts USING fts5(
        nomor_surat, tujuan_ringkas, perihal, content='surat_keluar', content_rowid='id',
        tokenize='trigram')""",
    """CREATE TRIGGER surat_keluar_fts_ai AFTER INSERT ON surat_keluar BEGIN
        INSERT INTO surat_keluar_fts(rowid, nomor_surat, tujuan_ringkas, perihal)
        VALUES (new.id, new.nomor_surat, new.tujuan_ringkas, new.perihal);
    END""",
    """CREATE TRIGGER surat_keluar_fts_ad AFTER DELETE ON surat_keluar BEGIN
        INSERT INTO surat_keluar_fts(surat_keluar_fts, rowid, nomor_surat, tujuan_ringkas, perihal)
        VALUES ('delete', old.id, old.nomor_surat, old.tujuan_ringkas, old.perihal);
    END""",
    """CREATE TRIGGER surat_keluar_fts_au AFTER UPDATE OF nomor_surat, tujuan_ringkas, perihal
        ON surat_keluar BEGIN
        INSERT INTO surat_keluar_fts(surat_keluar_fts, rowid, nomor_surat, tujuan_ringkas, perihal)
        VALUES ('delete', old.id, old.nomor_surat, old.tujuan_ringkas, old.perihal);
        INSERT INTO surat_keluar_fts(rowid, nomor_surat, tujuan_ringkas, perihal)
        VALUES (new.id, new.nomor_surat, new.tujuan_ringkas, new.perihal);
    END""",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS surat_keluar_fts_au",
    "DROP TRIGGER IF EXISTS surat_keluar_fts_ad",
    "DROP TRIGGER IF EXISTS surat_keluar_fts_ai",
    "DROP TABLE IF EXISTS surat_keluar_fts",
)

# The default numbering series (research notes §1.3): one series for correspondence (every
# jenis not mapped elsewhere), one for Keputusan, one for Berita Acara, each restarting yearly.
# The office changes them on the admin screen "Seri nomor".
SERIES = (
    (
        "korespondensi",
        "Naskah dinas dan korespondensi",
        "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}",
        True,
        1,
    ),
    ("keputusan", "Keputusan", "Nomor {urut} Tahun {tahun}", False, 2),
    (
        "berita_acara",
        "Berita Acara",
        "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}",
        False,
        3,
    ),
)
SERIES_JENIS = (("KEPUTUSAN", "keputusan"), ("BA", "berita_acara"))


def _seed() -> None:
    seri = sa.table(
        "seri_nomor",
        sa.column("kode", sa.String),
        sa.column("nama", sa.String),
        sa.column("format", sa.String),
        sa.column("bawaan", sa.Boolean),
        sa.column("urutan", sa.Integer),
        sa.column("aktif", sa.Boolean),
    )
    op.bulk_insert(
        seri,
        [
            {"kode": k, "nama": n, "format": f, "bawaan": b, "urutan": u, "aktif": True}
            for k, n, f, b, u in SERIES
        ],
    )
    jenis = sa.table(
        "seri_nomor_jenis", sa.column("jenis_kode", sa.String), sa.column("seri_kode", sa.String)
    )
    op.bulk_insert(jenis, [{"jenis_kode": j, "seri_kode": s} for j, s in SERIES_JENIS])


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "seri_nomor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(length=30), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("format", sa.String(length=120), nullable=False),
        sa.Column("bawaan", sa.Boolean(), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kode"),
    )
    op.create_table(
        "seri_nomor_jenis",
        sa.Column("jenis_kode", sa.String(length=10), nullable=False),
        sa.Column("seri_kode", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["seri_kode"],
            ["seri_nomor.kode"],
        ),
        sa.PrimaryKeyConstraint("jenis_kode"),
    )
    with op.batch_alter_table("seri_nomor_jenis", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seri_nomor_jenis_seri_kode"), ["seri_kode"], unique=False
        )

    op.create_table(
        "surat_keluar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "konsep",
                "paraf",
                "dikembalikan",
                "tanda_tangan",
                "terbit",
                "dikirim",
                "selesai",
                "batal",
                name="keluarstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "sumber",
            sa.Enum("aplikasi", "luar", "impor", name="keluarsumber", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("perihal", sa.String(length=500), nullable=False),
        sa.Column("jenis_naskah", sa.String(length=10), nullable=False),
        sa.Column("klasifikasi", sa.String(length=20), nullable=True),
        sa.Column("sifat", sa.String(length=30), nullable=False),
        sa.Column("lampiran", sa.String(length=100), nullable=False),
        sa.Column("tujuan_ringkas", sa.String(length=300), nullable=False),
        sa.Column("penandatangan_jabatan_id", sa.Integer(), nullable=True),
        sa.Column("penandatangan_jabatan", sa.String(length=160), nullable=False),
        sa.Column("penandatangan_nama", sa.String(length=120), nullable=False),
        sa.Column("pengolah_unit_id", sa.Integer(), nullable=True),
        sa.Column("pengolah_nama", sa.String(length=160), nullable=False),
        sa.Column("arahan", sa.String(length=1000), nullable=False),
        sa.Column("surat_masuk_id", sa.Integer(), nullable=True),
        sa.Column("disposisi_penerima_id", sa.Integer(), nullable=True),
        sa.Column("keterangan", sa.String(length=500), nullable=False),
        sa.Column("rencana_paraf", sa.String(length=200), nullable=False),
        sa.Column("putaran", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=True),
        sa.Column("nomor_id", sa.Integer(), nullable=True),
        sa.Column("nomor_urut", sa.Integer(), nullable=True),
        sa.Column("nomor_surat", sa.String(length=100), nullable=False),
        sa.Column("tanggal_surat", sa.Date(), nullable=True),
        sa.Column("ditandatangani_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("konseptor_id", sa.Integer(), nullable=True),
        sa.Column("konseptor_nama", sa.String(length=120), nullable=False),
        sa.Column("dibuat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.Column("dibatalkan_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["disposisi_penerima_id"],
            ["disposisi_penerima.id"],
        ),
        sa.ForeignKeyConstraint(
            ["jenis_naskah"],
            ["jenis_naskah.kode"],
        ),
        sa.ForeignKeyConstraint(
            ["klasifikasi"],
            ["kode_klasifikasi.kode"],
        ),
        sa.ForeignKeyConstraint(
            ["konseptor_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["penandatangan_jabatan_id"],
            ["jabatan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pengolah_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["procedure_run.id"],
        ),
        sa.ForeignKeyConstraint(
            ["surat_masuk_id"],
            ["surat_masuk.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surat_keluar", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_surat_keluar_klasifikasi"), ["klasifikasi"], unique=False
        )
        batch_op.create_index("ix_surat_keluar_nomor", ["tahun", "nomor_urut", "id"], unique=False)
        batch_op.create_index("ix_surat_keluar_status", ["status", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_surat_keluar_surat_masuk_id"), ["surat_masuk_id"], unique=False
        )
        batch_op.create_index("ix_surat_keluar_tanggal", ["tanggal_surat", "id"], unique=False)

    op.create_table(
        "nomor_surat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seri", sa.String(length=30), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("urut", sa.Integer(), nullable=False),
        sa.Column("sisipan", sa.String(length=3), nullable=False),
        sa.Column("nomor_teks", sa.String(length=100), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "terpakai",
                "dipesan",
                "dikembalikan",
                "batal",
                name="nomorstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("surat_keluar_id", sa.Integer(), nullable=True),
        sa.Column("jenis_naskah", sa.String(length=10), nullable=True),
        sa.Column("klasifikasi", sa.String(length=20), nullable=True),
        sa.Column("keperluan", sa.String(length=500), nullable=False),
        sa.Column("untuk_nama", sa.String(length=120), nullable=False),
        sa.Column("oleh_id", sa.Integer(), nullable=True),
        sa.Column("oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("dibuat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alasan", sa.String(length=500), nullable=False),
        sa.Column("diubah_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["surat_keluar_id"],
            ["surat_keluar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seri", "tahun", "urut", "sisipan", name="uq_nomor_surat"),
    )
    with op.batch_alter_table("nomor_surat", schema=None) as batch_op:
        batch_op.create_index("ix_nomor_surat_status", ["status", "tahun"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_nomor_surat_surat_keluar_id"), ["surat_keluar_id"], unique=False
        )
        batch_op.create_index("ix_nomor_surat_tahun", ["tahun", "seri", "urut"], unique=False)

    op.create_table(
        "surat_keluar_berkas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column(
            "jenis",
            sa.Enum(
                "konsep", "arsip", "tanda_terima", name="berkasjenis", native_enum=False, length=30
            ),
            nullable=False,
        ),
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
            ["surat_keluar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surat_keluar_berkas", schema=None) as batch_op:
        batch_op.create_index("ix_surat_keluar_berkas_surat", ["surat_id", "id"], unique=False)

    op.create_table(
        "surat_keluar_paraf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column("putaran", sa.Integer(), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("jabatan_id", sa.Integer(), nullable=False),
        sa.Column("jabatan_nama", sa.String(length=160), nullable=False),
        sa.Column("pemegang_nama", sa.String(length=120), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "menunggu",
                "paraf",
                "dikembalikan",
                "gugur",
                name="parafstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("catatan", sa.String(length=1000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("oleh_id", sa.Integer(), nullable=True),
        sa.Column("oleh_nama", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["jabatan_id"],
            ["jabatan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["surat_id"],
            ["surat_keluar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surat_keluar_paraf", schema=None) as batch_op:
        batch_op.create_index(
            "ix_surat_keluar_paraf_jabatan", ["jabatan_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_surat_keluar_paraf_surat", ["surat_id", "putaran", "urutan"], unique=False
        )

    op.create_table(
        "surat_keluar_tujuan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surat_id", sa.Integer(), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("tembusan", sa.Boolean(), nullable=False),
        sa.Column("nama", sa.String(length=200), nullable=False),
        sa.Column("alamat", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "belum",
                "dikirim",
                "diterima",
                "batal",
                name="kirimstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "cara_kirim",
            sa.Enum(
                "antar",
                "pos",
                "kurir",
                "email",
                "srikandi",
                name="carakirim",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column("tanggal_kirim", sa.Date(), nullable=True),
        sa.Column("nomor_resi", sa.String(length=100), nullable=False),
        sa.Column("dikirim_oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("nama_penerima", sa.String(length=120), nullable=False),
        sa.Column("diterima_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tanda_terima_oleh_nama", sa.String(length=120), nullable=False),
        sa.Column("keterangan", sa.String(length=500), nullable=False),
        sa.Column("alasan_batal", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["surat_id"],
            ["surat_keluar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surat_keluar_tujuan", schema=None) as batch_op:
        batch_op.create_index("ix_surat_keluar_tujuan_kirim", ["tanggal_kirim", "id"], unique=False)
        batch_op.create_index("ix_surat_keluar_tujuan_status", ["status", "id"], unique=False)
        batch_op.create_index("ix_surat_keluar_tujuan_surat", ["surat_id", "urutan"], unique=False)

    _seed()
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_CREATE:
            op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table("surat_keluar_tujuan", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_keluar_tujuan_surat")
        batch_op.drop_index("ix_surat_keluar_tujuan_status")
        batch_op.drop_index("ix_surat_keluar_tujuan_kirim")

    op.drop_table("surat_keluar_tujuan")
    with op.batch_alter_table("surat_keluar_paraf", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_keluar_paraf_surat")
        batch_op.drop_index("ix_surat_keluar_paraf_jabatan")

    op.drop_table("surat_keluar_paraf")
    with op.batch_alter_table("surat_keluar_berkas", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_keluar_berkas_surat")

    op.drop_table("surat_keluar_berkas")
    with op.batch_alter_table("nomor_surat", schema=None) as batch_op:
        batch_op.drop_index("ix_nomor_surat_tahun")
        batch_op.drop_index(batch_op.f("ix_nomor_surat_surat_keluar_id"))
        batch_op.drop_index("ix_nomor_surat_status")

    op.drop_table("nomor_surat")
    with op.batch_alter_table("surat_keluar", schema=None) as batch_op:
        batch_op.drop_index("ix_surat_keluar_tanggal")
        batch_op.drop_index(batch_op.f("ix_surat_keluar_surat_masuk_id"))
        batch_op.drop_index("ix_surat_keluar_status")
        batch_op.drop_index("ix_surat_keluar_nomor")
        batch_op.drop_index(batch_op.f("ix_surat_keluar_klasifikasi"))

    op.drop_table("surat_keluar")
    with op.batch_alter_table("seri_nomor_jenis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seri_nomor_jenis_seri_kode"))

    op.drop_table("seri_nomor_jenis")
    op.drop_table("seri_nomor")
