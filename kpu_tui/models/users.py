"""User accounts and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from .base import enum_type, utcnow


class Role(StrEnum):
    """What a user may do; a user holds one or more roles."""

    ADMIN = "admin"
    PETUGAS = "petugas"
    PIMPINAN = "pimpinan"
    KASUBBAG = "kasubbag"
    STAF = "staf"
    PENGADUAN = "pengaduan"
    WBS = "wbs"
    UPG = "upg"
    PPID = "ppid"
    ATASAN_PPID = "atasan_ppid"
    TEKNIS = "teknis"

    @property
    def label(self) -> str:
        """The Indonesian name of the role."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "Administrator",
    Role.PETUGAS: "Petugas Persuratan",
    Role.PIMPINAN: "Pimpinan",
    Role.KASUBBAG: "Kepala Sub Bagian",
    Role.STAF: "Staf",
    Role.PENGADUAN: "Unit Pengaduan",
    Role.WBS: "Unit WBS",
    Role.UPG: "Unit Pengendalian Gratifikasi",
    Role.PPID: "PPID",
    Role.ATASAN_PPID: "Atasan PPID",
    Role.TEKNIS: "Operator Teknis",
}


class UserBase(SQLModel):
    """Fields shown and edited on a user."""

    username: str = Field(max_length=40, unique=True, index=True)
    nama: str = Field(max_length=120)
    nip: str = Field(default="", max_length=30)
    jabatan: str = Field(default="", max_length=160)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    aktif: bool = Field(default=True)


class User(UserBase, table=True):
    """A login account. Never deleted: deactivated with ``aktif = False``."""

    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = Field(default=None)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    must_change_password: bool = Field(default=False)


class UserRole(SQLModel, table=True):
    """One role held by one user."""

    __tablename__ = "user_role"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    role: Role = Field(primary_key=True, sa_type=enum_type(Role))
