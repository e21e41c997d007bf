"""Surat masuk (the buku agenda surat masuk), its scans and its disposisi chain.

A letter is registered once and gets a nomor agenda from a yearly :class:`NumberSeries`. The
pimpinan's disposisi is a tree: a :class:`Disposisi` (one hop: who gave it, when, which
instructions, by when) goes to one or more :class:`DisposisiPenerima` (one marked as the lead);
a recipient passes the letter further down with a new hop whose ``induk_penerima_id`` points at
their own row. Nothing is deleted: letters, hops and scans are cancelled with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import enum_type, utcnow


class NumberSeries(SQLModel, table=True):
    """The last number taken in a yearly series (agenda surat masuk, surat keluar …).

    A number is taken inside the transaction that stores its record, so a failed save takes no
    number and two writers never get the same one.
    """

    __tablename__ = "number_series"
    __table_args__ = (UniqueConstraint("seri", "tahun", name="uq_number_series_seri_tahun"),)

    id: int | None = Field(default=None, primary_key=True)
    seri: str = Field(max_length=40)
    tahun: int
    terakhir: int = Field(default=0)


class SuratStatus(StrEnum):
    """Where a letter stands."""

    BELUM_DISPOSISI = "belum_disposisi"
    """Registered; no disposisi yet."""
    PROSES = "proses"
    """Disposed; the lead recipient has not recorded the tindak lanjut."""
    SELESAI = "selesai"
    """The tindak lanjut is recorded."""
    DIARSIPKAN = "diarsipkan"
    """Filed without disposisi (with a reason)."""
    BATAL = "batal"
    """Cancelled registration; the number stays in the register."""

    @property
    def label(self) -> str:
        """The Indonesian words."""
        return {
            "belum_disposisi": "belum disposisi",
            "proses": "dalam proses",
            "selesai": "selesai",
            "diarsipkan": "diarsipkan",
            "batal": "batal",
        }[self.value]


class SuratMasuk(SQLModel, table=True):
    """One incoming letter: a row of the buku agenda surat masuk.

    ``tanggal_terima`` is the office-local day (what the register shows and filters on),
    ``diterima_at`` the exact instant. ``tenggat`` is the earliest batas waktu of the open
    disposisi, kept by the service so that "overdue" is one indexed query.
    ``*_norm`` columns hold the lower-cased, space-folded text for duplicate checks and
    completion.
    """

    __tablename__ = "surat_masuk"
    __table_args__ = (
        UniqueConstraint("tahun", "nomor_agenda", name="uq_surat_masuk_agenda"),
        Index("ix_surat_masuk_tanggal", "tanggal_terima", "id"),
        Index("ix_surat_masuk_status_tenggat", "status", "tenggat"),
        Index("ix_surat_masuk_dupe", "nomor_surat_norm", "asal_norm"),
        Index("ix_surat_masuk_asal", "asal_norm"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tahun: int
    nomor_agenda: int
    agenda_teks: str = Field(max_length=40)
    tanggal_terima: date
    diterima_at: datetime
    nomor_surat: str = Field(max_length=100)
    nomor_surat_norm: str = Field(max_length=100)
    tanggal_surat: date | None = Field(default=None)
    asal: str = Field(max_length=200)
    asal_norm: str = Field(max_length=200)
    perihal: str = Field(max_length=500)
    lampiran: str = Field(default="", max_length=100)
    sifat: str = Field(default="biasa", max_length=30, index=True)
    derajat: str = Field(default="biasa", max_length=30)
    klasifikasi: str | None = Field(
        default=None, max_length=20, foreign_key="kode_klasifikasi.kode", index=True
    )
    jenis_naskah: str | None = Field(default=None, max_length=10, foreign_key="jenis_naskah.kode")
    tujuan_jabatan_id: int | None = Field(default=None, foreign_key="jabatan.id")
    tujuan_nama: str = Field(default="", max_length=160)
    keterangan: str = Field(default="", max_length=500)
    status: SuratStatus = Field(default=SuratStatus.BELUM_DISPOSISI, sa_type=enum_type(SuratStatus))
    tenggat: date | None = Field(default=None)
    run_id: int | None = Field(default=None, foreign_key="procedure_run.id")
    dicatat_oleh_id: int | None = Field(default=None)
    dicatat_oleh_nama: str = Field(max_length=120)
    dicatat_at: datetime = Field(default_factory=utcnow)
    selesai_at: datetime | None = Field(default=None)
    tindak_lanjut: str = Field(default="", max_length=2000)
    alasan_arsip: str = Field(default="", max_length=500)
    alasan_batal: str = Field(default="", max_length=500)
    dibatalkan_at: datetime | None = Field(default=None)


class SuratBerkas(SQLModel, table=True):
    """A scan or attachment of a letter, kept in the attachment store under its SHA-256."""

    __tablename__ = "surat_berkas"
    __table_args__ = (Index("ix_surat_berkas_surat", "surat_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    surat_id: int = Field(foreign_key="surat_masuk.id")
    ref: str = Field(max_length=300)
    nama: str = Field(max_length=200)
    ukuran: int = Field(default=0)
    ditambahkan_at: datetime = Field(default_factory=utcnow)
    oleh_id: int | None = Field(default=None)
    oleh_nama: str = Field(max_length=120)
    aktif: bool = Field(default=True)
    alasan_batal: str = Field(default="", max_length=500)


class HopStatus(StrEnum):
    """State of one disposisi hop."""

    AKTIF = "aktif"
    BATAL = "batal"


class Disposisi(SQLModel, table=True):
    """One hop of the disposisi: who gave it, to whom (see :class:`DisposisiPenerima`), the
    instructions, a note and the batas waktu. ``induk_penerima_id`` is the recipient row this
    hop passes on (None for the pimpinan's first disposisi of the letter).

    ``dicatat_oleh_*`` is who typed it (the petugas copying the paper, or the pejabat himself).
    """

    __tablename__ = "disposisi"
    __table_args__ = (Index("ix_disposisi_surat", "surat_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    surat_id: int = Field(foreign_key="surat_masuk.id")
    induk_penerima_id: int | None = Field(default=None, index=True)
    """The :class:`DisposisiPenerima` passed on from (no foreign key: the two tables would
    refer to each other, which PostgreSQL cannot create in one pass)."""
    dari_jabatan_id: int | None = Field(default=None, foreign_key="jabatan.id")
    dari_user_id: int | None = Field(default=None, foreign_key="user.id")
    dari_nama: str = Field(max_length=160)
    tanggal: datetime
    instruksi: str = Field(default="", max_length=400)
    """Comma-separated kode of the ``instruksi_disposisi`` options ticked."""
    catatan: str = Field(default="", max_length=1000)
    batas_waktu: date | None = Field(default=None)
    status: HopStatus = Field(default=HopStatus.AKTIF, sa_type=enum_type(HopStatus))
    alasan_batal: str = Field(default="", max_length=500)
    dicatat_oleh_id: int | None = Field(default=None)
    dicatat_oleh_nama: str = Field(max_length=120)
    dicatat_at: datetime = Field(default_factory=utcnow)


class PenerimaStatus(StrEnum):
    """State of one recipient of a hop."""

    MENUNGGU = "menunggu"
    """Sent, not read yet (the sender may still cancel the hop)."""
    DIBACA = "dibaca"
    DITERUSKAN = "diteruskan"
    """Passed further down; the child hop carries on."""
    SELESAI = "selesai"
    """Tindak lanjut recorded."""
    BATAL = "batal"

    @property
    def label(self) -> str:
        """The Indonesian word."""
        return {
            "menunggu": "belum dibaca",
            "dibaca": "dibaca",
            "diteruskan": "diteruskan",
            "selesai": "selesai",
            "batal": "batal",
        }[self.value]


class DisposisiPenerima(SQLModel, table=True):
    """A recipient of a hop: a position (jabatan), a unit, or a person (staf without a
    position). ``utama`` marks the lead, who answers for the tindak lanjut."""

    __tablename__ = "disposisi_penerima"
    __table_args__ = (
        Index("ix_disposisi_penerima_hop", "disposisi_id"),
        Index("ix_disposisi_penerima_user", "user_id", "status"),
        Index("ix_disposisi_penerima_jabatan", "jabatan_id", "status"),
        Index("ix_disposisi_penerima_unit", "unit_id", "status"),
        Index("ix_disposisi_penerima_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    disposisi_id: int = Field(foreign_key="disposisi.id")
    surat_id: int = Field(foreign_key="surat_masuk.id", index=True)
    jabatan_id: int | None = Field(default=None, foreign_key="jabatan.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    user_id: int | None = Field(default=None, foreign_key="user.id")
    nama: str = Field(max_length=200)
    """What the lembar disposisi prints: the position's name, the unit or the person."""
    utama: bool = Field(default=False)
    status: PenerimaStatus = Field(
        default=PenerimaStatus.MENUNGGU, sa_type=enum_type(PenerimaStatus)
    )
    dibaca_at: datetime | None = Field(default=None)
    selesai_at: datetime | None = Field(default=None)
    tindak_lanjut: str = Field(default="", max_length=2000)
    oleh_nama: str = Field(default="", max_length=120)
    """Who recorded the reading or the tindak lanjut."""
