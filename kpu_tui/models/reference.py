"""Reference tables shipped in ``data/`` and kept by the admin afterwards."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel

from .base import enum_type


class KodeKlasifikasi(SQLModel, table=True):
    """A kode klasifikasi arsip (Keputusan KPU Nomor 1257 Tahun 2024)."""

    __tablename__ = "kode_klasifikasi"

    kode: str = Field(primary_key=True, max_length=20)
    uraian: str = Field(max_length=300)
    induk: str | None = Field(default=None, max_length=20, index=True)
    tingkat: int = Field(default=1)
    kelompok: str = Field(default="", max_length=20)
    sumber: str = Field(default="", max_length=200)
    aktif: bool = Field(default=True)


class JenisNaskah(SQLModel, table=True):
    """A jenis naskah dinas and its code in the letter number (SD, Und, Kpt ...)."""

    __tablename__ = "jenis_naskah"

    kode: str = Field(primary_key=True, max_length=10)
    nama: str = Field(max_length=120)
    kelompok: str = Field(default="", max_length=60)
    pakai_klasifikasi: bool = Field(default=True)
    sumber: str = Field(default="", max_length=200)
    aktif: bool = Field(default=True)


class OptionKind(StrEnum):
    """The small pick lists that share one table."""

    SIFAT = "sifat"
    DERAJAT = "derajat_kecepatan"
    INSTRUKSI = "instruksi_disposisi"


class ReferenceOption(SQLModel, table=True):
    """An entry of a small pick list (sifat, derajat kecepatan, instruksi disposisi)."""

    __tablename__ = "reference_option"

    id: int | None = Field(default=None, primary_key=True)
    kind: OptionKind = Field(index=True, sa_type=enum_type(OptionKind))
    kode: str = Field(max_length=30)
    nama: str = Field(max_length=120)
    urutan: int = Field(default=0)
    aktif: bool = Field(default=True)


class OfficeDayKind(StrEnum):
    """An office's own calendar entry: closed on a weekday, or open on a holiday."""

    LIBUR = "libur"
    KERJA = "kerja"


class OfficeDay(SQLModel, table=True):
    """An office closure or an extra working day, with its legal reference.

    Entries override the national calendar both ways. They are never deleted: ``aktif`` turns
    an entry off, and the journal keeps why.
    """

    __tablename__ = "office_day"

    id: int | None = Field(default=None, primary_key=True)
    tanggal: date = Field(index=True)
    jenis: OfficeDayKind = Field(sa_type=enum_type(OfficeDayKind))
    keterangan: str = Field(max_length=200)
    dasar_hukum: str = Field(default="", max_length=200)
    aktif: bool = Field(default=True)
