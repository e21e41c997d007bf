"""SQLModel tables, one module per register plus reference, users and journal."""

from .base import utcnow
from .journal import JournalEvent
from .office import Jabatan, Kertas, Office, OfficeBase, Tingkat, Unit, UnitJenis, ZonaWaktu
from .procedure import ProcedureRun, RunStatus, StepEvent, StepEventKind
from .reference import (
    JenisNaskah,
    KodeKlasifikasi,
    OfficeDay,
    OfficeDayKind,
    OptionKind,
    ReferenceOption,
)
from .users import ROLE_LABELS, Role, User, UserBase, UserRole

__all__ = [
    "ROLE_LABELS",
    "Jabatan",
    "JenisNaskah",
    "JournalEvent",
    "Kertas",
    "KodeKlasifikasi",
    "Office",
    "OfficeBase",
    "OfficeDay",
    "OfficeDayKind",
    "OptionKind",
    "ProcedureRun",
    "ReferenceOption",
    "Role",
    "RunStatus",
    "StepEvent",
    "StepEventKind",
    "Tingkat",
    "Unit",
    "UnitJenis",
    "User",
    "UserBase",
    "UserRole",
    "ZonaWaktu",
    "utcnow",
]
