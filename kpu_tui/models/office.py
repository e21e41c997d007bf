"""The office profile (satker), its units and its pejabat (positions held by people)."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from sqlmodel import Field, SQLModel

from .base import enum_type, utcnow


class Tingkat(StrEnum):
    """Level of the KPU office."""

    KABKOTA = "kabkota"
    PROVINSI = "provinsi"

    @property
    def label(self) -> str:
        """The Indonesian name."""
        return {"kabkota": "Kabupaten/Kota", "provinsi": "Provinsi"}[self.value]


class ZonaWaktu(StrEnum):
    """Indonesian time zones, with their IANA names."""

    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def iana(self) -> str:
        """The IANA zone used for conversions."""
        return {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}[self.value]


class Kertas(StrEnum):
    """Paper sizes an office prints on."""

    A4 = "A4"
    F4 = "F4"


class OfficeBase(SQLModel):
    """Fields of the office profile."""

    nama_satker: str = Field(max_length=120)
    tingkat: Tingkat = Field(default=Tingkat.KABKOTA, sa_type=enum_type(Tingkat))
    kode_wilayah: str = Field(max_length=8)
    alamat: str = Field(default="", max_length=250)
    kota: str = Field(default="", max_length=80)
    telepon: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=120)
    laman: str = Field(default="", max_length=120)
    zona_waktu: ZonaWaktu = Field(default=ZonaWaktu.WIB, sa_type=enum_type(ZonaWaktu))
    jam_masuk: time = Field(default=time(7, 30))
    jam_pulang: time = Field(default=time(16, 0))
    jam_pulang_jumat: time = Field(default=time(16, 30))
    kertas: Kertas = Field(default=Kertas.A4, sa_type=enum_type(Kertas))
    cuti_bersama_hari_kerja: bool = Field(default=False)
    format_agenda: str = Field(default="{urut:4}/{tahun}", max_length=60)
    """How a nomor agenda is written: see :mod:`kpu_tui.rules.numbering`."""


class Office(OfficeBase, table=True):
    """The one office this database belongs to (row id 1)."""

    __tablename__ = "office"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class UnitJenis(StrEnum):
    """Kinds of organisational unit."""

    PIMPINAN = "pimpinan"
    SEKRETARIAT = "sekretariat"
    BAGIAN = "bagian"
    SUBBAGIAN = "subbagian"


class Unit(SQLModel, table=True):
    """An organisational unit: the commissioners, the secretariat, a bagian or sub bagian."""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=20, unique=True)
    nama: str = Field(max_length=160)
    jenis: UnitJenis = Field(default=UnitJenis.SUBBAGIAN, sa_type=enum_type(UnitJenis))
    induk_id: int | None = Field(default=None, foreign_key="unit.id")
    urutan: int = Field(default=0)
    aktif: bool = Field(default=True)


class Jabatan(SQLModel, table=True):
    """A position (Ketua, Sekretaris, Kasubbag ...) and who holds it.

    Pejabat often never log in, so the holder is a name and NIP; ``user_id`` links the position
    to an account when the holder has one.
    """

    __tablename__ = "jabatan"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=20, unique=True)
    nama: str = Field(max_length=160)
    singkatan: str = Field(default="", max_length=40)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    pemegang_nama: str = Field(default="", max_length=120)
    pemegang_nip: str = Field(default="", max_length=30)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    pimpinan: bool = Field(default=False)
    urutan: int = Field(default=0)
    aktif: bool = Field(default=True)
