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
from .surat_masuk import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    NumberSeries,
    PenerimaStatus,
    SuratBerkas,
    SuratMasuk,
    SuratStatus,
)
from .users import ROLE_LABELS, Role, User, UserBase, UserRole

__all__ = [
    "ROLE_LABELS",
    "Disposisi",
    "DisposisiPenerima",
    "HopStatus",
    "Jabatan",
    "JenisNaskah",
    "JournalEvent",
    "Kertas",
    "KodeKlasifikasi",
    "NumberSeries",
    "Office",
    "OfficeBase",
    "OfficeDay",
    "OfficeDayKind",
    "OptionKind",
    "PenerimaStatus",
    "ProcedureRun",
    "ReferenceOption",
    "Role",
    "RunStatus",
    "StepEvent",
    "StepEventKind",
    "SuratBerkas",
    "SuratMasuk",
    "SuratStatus",
    "Tingkat",
    "Unit",
    "UnitJenis",
    "User",
    "UserBase",
    "UserRole",
    "ZonaWaktu",
    "utcnow",
]
