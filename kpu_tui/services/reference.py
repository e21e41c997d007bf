"""Reference tables: the files shipped in ``data/``, their loading, and the admin's edits.

Three parts:

* pure readers of the shipped files (``kode_klasifikasi.csv``, ``jenis_naskah.csv``,
  ``pilihan.csv``, ``unit_kabkota.toml``, ``unit_provinsi.toml``) that validate every row and name
  the file and line of the first problem;
* :func:`load_reference_data`, which inserts what the database lacks (idempotent) and journals one
  summary event per table instead of one per row;
* admin-only edits (create/update and aktif on/off, never delete), each journaled with before and
  after, and queries that return plain frozen dataclasses.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, and_, col, func, or_, select

from kpu_tui.models import (
    Jabatan,
    JenisNaskah,
    KodeKlasifikasi,
    OptionKind,
    ReferenceOption,
    Role,
    Tingkat,
    Unit,
    UnitJenis,
)
from kpu_tui.resources import data_dir

from . import journal
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError

KLASIFIKASI_FILE = "kode_klasifikasi.csv"
JENIS_NASKAH_FILE = "jenis_naskah.csv"
PILIHAN_FILE = "pilihan.csv"
UNIT_FILES: dict[Tingkat, str] = {
    Tingkat.KABKOTA: "unit_kabkota.toml",
    Tingkat.PROVINSI: "unit_provinsi.toml",
}
KELOMPOK_KLASIFIKASI = ("Substantif", "Fasilitatif")
LOAD_ACTION = "muat_referensi"

_Reference = KodeKlasifikasi | JenisNaskah | ReferenceOption | Unit | Jabatan

KLASIFIKASI_RE = re.compile(r"^[A-Z]{2,5}(\.\d{2}(\.\d{1,3})?)?$")
JENIS_RE = re.compile(r"^[A-Za-z]{1,10}$")
OPTION_KODE_RE = re.compile(r"^[a-z0-9_]{1,30}$")
UNIT_KODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,19}$")

_KLASIFIKASI_COLUMNS = ("kode", "uraian", "induk", "tingkat", "kelompok", "sumber")
_JENIS_COLUMNS = ("kode", "nama", "kelompok", "pakai_klasifikasi", "sumber")
_PILIHAN_COLUMNS = ("kind", "kode", "nama", "urutan")
_UNIT_KEYS = frozenset({"kode", "nama", "jenis", "induk", "urutan"})
_JABATAN_KEYS = frozenset({"kode", "nama", "singkatan", "unit", "pimpinan", "urutan"})


class ReferenceFileError(ServiceError):
    """A shipped reference file that does not pass validation.

    Attributes:
        path: the file.
        line: the line of the offending row (1-based; 0 when the whole file is at fault).
        problem: what is wrong, in Bahasa Indonesia.
    """

    def __init__(self, path: Path, line: int, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path} baris {line}" if line else str(path)
        super().__init__(f"Berkas referensi {where}: {problem}")


# --------------------------------------------------------------------------- rows of the files


@dataclass(frozen=True)
class KlasifikasiRow:
    """One row of ``kode_klasifikasi.csv``."""

    kode: str
    uraian: str
    induk: str | None
    tingkat: int
    kelompok: str
    sumber: str
    line: int = 0


@dataclass(frozen=True)
class JenisNaskahRow:
    """One row of ``jenis_naskah.csv``."""

    kode: str
    nama: str
    kelompok: str
    pakai_klasifikasi: bool
    sumber: str
    line: int = 0


@dataclass(frozen=True)
class OptionRow:
    """One row of ``pilihan.csv``."""

    kind: OptionKind
    kode: str
    nama: str
    urutan: int
    line: int = 0


@dataclass(frozen=True)
class UnitRow:
    """One ``[[unit]]`` table of a ``unit_*.toml`` file."""

    kode: str
    nama: str
    jenis: UnitJenis
    induk: str | None
    urutan: int
    line: int = 0


@dataclass(frozen=True)
class JabatanRow:
    """One ``[[jabatan]]`` table of a ``unit_*.toml`` file."""

    kode: str
    nama: str
    singkatan: str
    unit: str
    pimpinan: bool
    urutan: int
    line: int = 0


@dataclass(frozen=True)
class UnitPlan:
    """The default units and positions of one office level."""

    units: tuple[UnitRow, ...]
    jabatan: tuple[JabatanRow, ...]


# --------------------------------------------------------------------------- read models


@dataclass(frozen=True)
class KlasifikasiView:
    """A kode klasifikasi as screens see it."""

    kode: str
    uraian: str
    induk: str | None
    tingkat: int
    kelompok: str
    sumber: str
    aktif: bool

    @property
    def label(self) -> str:
        """``kode — uraian``, for pick lists."""
        return f"{self.kode} — {self.uraian}"


@dataclass(frozen=True)
class JenisNaskahView:
    """A jenis naskah dinas as screens see it."""

    kode: str
    nama: str
    kelompok: str
    pakai_klasifikasi: bool
    sumber: str
    aktif: bool


@dataclass(frozen=True)
class OptionView:
    """An entry of a small pick list."""

    id: int
    kind: OptionKind
    kode: str
    nama: str
    urutan: int
    aktif: bool


@dataclass(frozen=True)
class UnitView:
    """An organisational unit, with the kode and name of its parent."""

    id: int
    kode: str
    nama: str
    jenis: UnitJenis
    induk_kode: str | None
    induk_nama: str
    urutan: int
    aktif: bool


@dataclass(frozen=True)
class JabatanView:
    """A position, the unit it belongs to and who holds it."""

    id: int
    kode: str
    nama: str
    singkatan: str
    unit_kode: str | None
    unit_nama: str
    pemegang_nama: str
    pemegang_nip: str
    user_id: int | None
    pimpinan: bool
    urutan: int
    aktif: bool


# --------------------------------------------------------------------------- small helpers


def _clean(value: object) -> str:
    """``value`` as text with runs of whitespace collapsed."""
    return " ".join(str(value or "").split())


def _check_text(
    errors: dict[str, str], key: str, value: str, *, label: str, limit: int, required: bool
) -> None:
    if required and not value:
        errors[key] = f"{label} wajib diisi."
    elif len(value) > limit:
        errors[key] = f"{label} paling banyak {limit} karakter."


def natural_key(kode: str) -> tuple[Any, ...]:
    """Sort key that puts ``PL.01.2`` before ``PL.01.10``."""
    return tuple(int(part) if part.isdigit() else part for part in kode.split("."))


def parent_code(kode: str) -> str | None:
    """The kode klasifikasi one level up (``PL.01.1`` -> ``PL.01``), or None at the top."""
    return kode.rsplit(".", 1)[0] if "." in kode else None


def klasifikasi_problem(kode: str) -> str | None:
    """Why ``kode`` is not a well-formed kode klasifikasi, or None."""
    if not kode:
        return "Kode klasifikasi wajib diisi."
    if not KLASIFIKASI_RE.match(kode):
        return (
            "Format kode klasifikasi: 2–5 huruf kapital, lalu '.' dan dua angka, lalu '.' dan "
            "angka; misalnya PL, PL.01 atau PL.01.1."
        )
    return None


def _parse_bool(text: str) -> bool | None:
    value = text.strip().lower()
    if value in ("true", "ya", "1"):
        return True
    if value in ("false", "tidak", "0"):
        return False
    return None


def _parse_int(text: object) -> int | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    try:
        return int(str(text).strip())
    except ValueError:
        return None


# --------------------------------------------------------------------------- pure readers


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ReferenceFileError(path, 0, f"tidak dapat dibaca ({exc.strerror}).") from exc
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise ReferenceFileError(
                path, 1, f"baris judul harus '{','.join(columns)}' (ditemukan {reader.fieldnames})."
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for record in reader:
            if None in record or any(v is None for v in record.values()):
                raise ReferenceFileError(
                    path, reader.line_num, f"jumlah kolom harus {len(columns)}."
                )
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in record.items()}))
        return rows


def read_klasifikasi(path: Path | None = None) -> list[KlasifikasiRow]:
    """Read and validate ``kode_klasifikasi.csv`` (unique codes, parents present, levels right).

    Raises:
        ReferenceFileError: naming the file and line of the first problem.
    """
    path = path or data_dir() / KLASIFIKASI_FILE
    rows: list[KlasifikasiRow] = []
    seen: dict[str, KlasifikasiRow] = {}
    for line, rec in _read_csv(path, _KLASIFIKASI_COLUMNS):
        kode = rec["kode"]
        problem = klasifikasi_problem(kode)
        if problem:
            raise ReferenceFileError(path, line, f"kode '{kode}': {problem}")
        if kode in seen:
            raise ReferenceFileError(
                path, line, f"kode '{kode}' ganda (sudah ada di baris {seen[kode].line})."
            )
        tingkat = _parse_int(rec["tingkat"])
        if tingkat != kode.count(".") + 1:
            raise ReferenceFileError(
                path,
                line,
                f"tingkat kode '{kode}' harus {kode.count('.') + 1}, bukan '{rec['tingkat']}'.",
            )
        induk = rec["induk"] or None
        if induk != parent_code(kode):
            expected = parent_code(kode) or "(kosong)"
            raise ReferenceFileError(path, line, f"induk kode '{kode}' harus {expected}.")
        uraian = _clean(rec["uraian"])
        if not uraian or len(uraian) > 300:
            raise ReferenceFileError(path, line, "uraian wajib diisi, paling banyak 300 karakter.")
        if rec["kelompok"] not in KELOMPOK_KLASIFIKASI:
            raise ReferenceFileError(
                path, line, f"kelompok harus {' atau '.join(KELOMPOK_KLASIFIKASI)}."
            )
        if len(rec["sumber"]) > 200:
            raise ReferenceFileError(path, line, "sumber paling banyak 200 karakter.")
        row = KlasifikasiRow(kode, uraian, induk, tingkat, rec["kelompok"], rec["sumber"], line)
        seen[kode] = row
        rows.append(row)
    for row in rows:
        if row.induk is not None:
            parent = seen.get(row.induk)
            if parent is None:
                raise ReferenceFileError(
                    path, row.line, f"induk '{row.induk}' tidak ada di berkas."
                )
            if parent.kelompok != row.kelompok:
                raise ReferenceFileError(
                    path, row.line, f"kelompok harus sama dengan induknya ({parent.kelompok})."
                )
    return rows


def read_jenis_naskah(path: Path | None = None) -> list[JenisNaskahRow]:
    """Read and validate ``jenis_naskah.csv``.

    Raises:
        ReferenceFileError: naming the file and line of the first problem.
    """
    path = path or data_dir() / JENIS_NASKAH_FILE
    rows: list[JenisNaskahRow] = []
    seen: dict[str, int] = {}
    for line, rec in _read_csv(path, _JENIS_COLUMNS):
        kode = rec["kode"]
        if not JENIS_RE.match(kode):
            raise ReferenceFileError(path, line, f"kode '{kode}': 1–10 huruf.")
        if kode.lower() in seen:
            raise ReferenceFileError(
                path, line, f"kode '{kode}' ganda (sudah ada di baris {seen[kode.lower()]})."
            )
        nama = _clean(rec["nama"])
        if not nama or len(nama) > 120:
            raise ReferenceFileError(path, line, "nama wajib diisi, paling banyak 120 karakter.")
        if len(rec["kelompok"]) > 60 or len(rec["sumber"]) > 200:
            raise ReferenceFileError(path, line, "kelompok ≤ 60 dan sumber ≤ 200 karakter.")
        pakai = _parse_bool(rec["pakai_klasifikasi"])
        if pakai is None:
            raise ReferenceFileError(path, line, "pakai_klasifikasi harus true atau false.")
        seen[kode.lower()] = line
        rows.append(JenisNaskahRow(kode, nama, rec["kelompok"], pakai, rec["sumber"], line))
    return rows


def read_options(path: Path | None = None) -> list[OptionRow]:
    """Read and validate ``pilihan.csv`` (sifat, derajat kecepatan, instruksi disposisi).

    Raises:
        ReferenceFileError: naming the file and line of the first problem.
    """
    path = path or data_dir() / PILIHAN_FILE
    kinds = {k.value: k for k in OptionKind}
    rows: list[OptionRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, rec in _read_csv(path, _PILIHAN_COLUMNS):
        kind = kinds.get(rec["kind"])
        if kind is None:
            raise ReferenceFileError(
                path, line, f"kind '{rec['kind']}' tidak dikenal ({', '.join(kinds)})."
            )
        kode = rec["kode"]
        if not OPTION_KODE_RE.match(kode):
            raise ReferenceFileError(path, line, f"kode '{kode}': huruf kecil, angka atau '_'.")
        if (kind.value, kode) in seen:
            raise ReferenceFileError(
                path, line, f"kode '{kode}' ganda (sudah ada di baris {seen[(kind.value, kode)]})."
            )
        nama = _clean(rec["nama"])
        urutan = _parse_int(rec["urutan"])
        if not nama or len(nama) > 120:
            raise ReferenceFileError(path, line, "nama wajib diisi, paling banyak 120 karakter.")
        if urutan is None:
            raise ReferenceFileError(path, line, "urutan harus bilangan bulat.")
        seen[(kind.value, kode)] = line
        rows.append(OptionRow(kind, kode, nama, urutan, line))
    return rows


def _header_lines(text: str, name: str) -> list[int]:
    pattern = re.compile(rf"^\s*\[\[\s*{name}\s*\]\]")
    return [i for i, raw in enumerate(text.splitlines(), 1) if pattern.match(raw)]


def _toml_tables(
    path: Path, data: Mapping[str, Any], name: str, text: str
) -> list[tuple[int, dict[str, Any]]]:
    tables = data.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ReferenceFileError(path, 0, f"'{name}' harus ditulis sebagai [[{name}]].")
    lines = _header_lines(text, name)
    if len(lines) != len(tables):  # inline arrays instead of [[name]] headers
        lines = [0] * len(tables)
    return list(zip(lines, tables, strict=True))


def read_units(tingkat: Tingkat | str, path: Path | None = None) -> UnitPlan:
    """Read and validate the default units and positions of ``tingkat``.

    Every unit's ``induk`` must be a unit defined above it, every jabatan's ``unit`` must exist,
    codes are unique.

    Raises:
        ReferenceFileError: naming the file and line of the first problem.
    """
    path = path or data_dir() / UNIT_FILES[Tingkat(tingkat)]
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ReferenceFileError(path, 0, f"tidak dapat dibaca ({exc.strerror}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceFileError(path, getattr(exc, "lineno", 0), f"TOML tidak sah: {exc}") from exc
    jenis_values = {j.value: j for j in UnitJenis}
    units: list[UnitRow] = []
    unit_lines: dict[str, int] = {}
    for line, table in _toml_tables(path, data, "unit", text):
        extra = set(table) - _UNIT_KEYS
        if extra:
            raise ReferenceFileError(
                path, line, f"kunci tidak dikenal: {', '.join(sorted(extra))}."
            )
        kode = str(table.get("kode", ""))
        if not UNIT_KODE_RE.match(kode):
            raise ReferenceFileError(path, line, f"kode unit '{kode}': huruf kapital, angka, '_'.")
        if kode in unit_lines:
            raise ReferenceFileError(
                path, line, f"kode unit '{kode}' ganda (sudah ada di baris {unit_lines[kode]})."
            )
        nama = _clean(table.get("nama"))
        jenis = jenis_values.get(str(table.get("jenis", "")))
        induk = table.get("induk")
        urutan = _parse_int(table.get("urutan", 0))
        if not nama or len(nama) > 160:
            raise ReferenceFileError(
                path, line, "nama unit wajib diisi, paling banyak 160 karakter."
            )
        if jenis is None:
            raise ReferenceFileError(
                path, line, f"jenis harus salah satu dari {', '.join(jenis_values)}."
            )
        if induk is not None and induk not in unit_lines:
            raise ReferenceFileError(
                path, line, f"induk '{induk}' harus unit yang ditulis di atasnya."
            )
        if urutan is None:
            raise ReferenceFileError(path, line, "urutan harus bilangan bulat.")
        unit_lines[kode] = line
        units.append(UnitRow(kode, nama, jenis, induk, urutan, line))
    jabatan: list[JabatanRow] = []
    jabatan_lines: dict[str, int] = {}
    for line, table in _toml_tables(path, data, "jabatan", text):
        extra = set(table) - _JABATAN_KEYS
        if extra:
            raise ReferenceFileError(
                path, line, f"kunci tidak dikenal: {', '.join(sorted(extra))}."
            )
        kode = str(table.get("kode", ""))
        if not UNIT_KODE_RE.match(kode):
            raise ReferenceFileError(
                path, line, f"kode jabatan '{kode}': huruf kapital, angka, '_'."
            )
        if kode in jabatan_lines:
            raise ReferenceFileError(
                path,
                line,
                f"kode jabatan '{kode}' ganda (sudah ada di baris {jabatan_lines[kode]}).",
            )
        nama = _clean(table.get("nama"))
        singkatan = _clean(table.get("singkatan"))
        unit = str(table.get("unit", ""))
        pimpinan = table.get("pimpinan", False)
        urutan = _parse_int(table.get("urutan", 0))
        if not nama or len(nama) > 160:
            raise ReferenceFileError(
                path, line, "nama jabatan wajib diisi, paling banyak 160 karakter."
            )
        if len(singkatan) > 40:
            raise ReferenceFileError(path, line, "singkatan paling banyak 40 karakter.")
        if unit not in unit_lines:
            raise ReferenceFileError(path, line, f"unit '{unit}' tidak ada di berkas.")
        if not isinstance(pimpinan, bool):
            raise ReferenceFileError(path, line, "pimpinan harus true atau false.")
        if urutan is None:
            raise ReferenceFileError(path, line, "urutan harus bilangan bulat.")
        jabatan_lines[kode] = line
        jabatan.append(JabatanRow(kode, nama, singkatan, unit, pimpinan, urutan, line))
    if not units:
        raise ReferenceFileError(path, 0, "tidak ada [[unit]].")
    return UnitPlan(tuple(units), tuple(jabatan))


def check_shipped_files() -> dict[str, int]:
    """Read every shipped file; the number of rows of each, or a :class:`ReferenceFileError`."""
    counts = {
        KLASIFIKASI_FILE: len(read_klasifikasi()),
        JENIS_NASKAH_FILE: len(read_jenis_naskah()),
        PILIHAN_FILE: len(read_options()),
    }
    for tingkat, name in UNIT_FILES.items():
        plan = read_units(tingkat)
        counts[name] = len(plan.units) + len(plan.jabatan)
    return counts


# --------------------------------------------------------------------------- loading


def _summary(session: Session, actor: Actor, table: str, source: str, count: int) -> None:
    if count:
        journal.record(
            session,
            actor=actor,
            action=LOAD_ACTION,
            record_type=table,
            record_id=source,
            after={"jumlah": count, "sumber": source},
        )


def _load_units(session: Session, actor: Actor, tingkat: Tingkat) -> tuple[int, int]:
    plan = read_units(tingkat)
    source = UNIT_FILES[tingkat]
    ids = {kode: uid for kode, uid in session.exec(select(Unit.kode, Unit.id)).all()}
    added_units = 0
    for row in plan.units:  # parents come first in the file, so their ids exist already
        if row.kode in ids:
            continue
        unit = Unit(
            kode=row.kode,
            nama=row.nama,
            jenis=row.jenis,
            induk_id=ids.get(row.induk) if row.induk else None,
            urutan=row.urutan,
        )
        session.add(unit)
        session.flush()
        ids[row.kode] = unit.id
        added_units += 1
    existing = set(session.exec(select(Jabatan.kode)).all())
    new_jabatan = [
        Jabatan(
            kode=row.kode,
            nama=row.nama,
            singkatan=row.singkatan,
            unit_id=ids.get(row.unit),
            pimpinan=row.pimpinan,
            urutan=row.urutan,
        )
        for row in plan.jabatan
        if row.kode not in existing
    ]
    session.add_all(new_jabatan)
    session.flush()
    _summary(session, actor, "unit", source, added_units)
    _summary(session, actor, "jabatan", source, len(new_jabatan))
    return added_units, len(new_jabatan)


def load_reference_data(
    session: Session, *, actor: Actor, tingkat: Tingkat | str
) -> dict[str, int]:
    """Insert the shipped reference rows the database does not have yet.

    Idempotent: a row whose key exists (kode; kind and kode for options) is left as it is, even
    when the admin has edited or deactivated it. One ``muat_referensi`` journal event per table
    that received rows.

    Args:
        session: the write session.
        actor: who loads (an admin, or :data:`~kpu_tui.services.actor.SYSTEM` during set-up).
        tingkat: the office level, which picks the default units and positions.

    Returns:
        The number of rows added per table (``unit``, ``jabatan``, ``kode_klasifikasi``,
        ``jenis_naskah``, ``reference_option``).
    """
    actor.require(Role.ADMIN, action="memuat data referensi")
    tingkat = Tingkat(tingkat)
    counts: dict[str, int] = {}
    counts["unit"], counts["jabatan"] = _load_units(session, actor, tingkat)

    have_kode = set(session.exec(select(KodeKlasifikasi.kode)).all())
    klas = [
        KodeKlasifikasi(
            kode=r.kode,
            uraian=r.uraian,
            induk=r.induk,
            tingkat=r.tingkat,
            kelompok=r.kelompok,
            sumber=r.sumber,
        )
        for r in read_klasifikasi()
        if r.kode not in have_kode
    ]
    session.add_all(klas)
    counts["kode_klasifikasi"] = len(klas)

    have_jenis = set(session.exec(select(JenisNaskah.kode)).all())
    jenis = [
        JenisNaskah(
            kode=r.kode,
            nama=r.nama,
            kelompok=r.kelompok,
            pakai_klasifikasi=r.pakai_klasifikasi,
            sumber=r.sumber,
        )
        for r in read_jenis_naskah()
        if r.kode not in have_jenis
    ]
    session.add_all(jenis)
    counts["jenis_naskah"] = len(jenis)

    have_opt = {
        (str(k), c) for k, c in session.exec(select(ReferenceOption.kind, ReferenceOption.kode))
    }
    options = [
        ReferenceOption(kind=r.kind, kode=r.kode, nama=r.nama, urutan=r.urutan)
        for r in read_options()
        if (r.kind.value, r.kode) not in have_opt
    ]
    session.add_all(options)
    counts["reference_option"] = len(options)
    session.flush()

    _summary(session, actor, "kode_klasifikasi", KLASIFIKASI_FILE, counts["kode_klasifikasi"])
    _summary(session, actor, "jenis_naskah", JENIS_NASKAH_FILE, counts["jenis_naskah"])
    _summary(session, actor, "reference_option", PILIHAN_FILE, counts["reference_option"])
    return counts


# --------------------------------------------------------------------------- edits (admin)


def _save(
    session: Session,
    actor: Actor,
    record: _Reference,
    *,
    record_type: str,
    before: dict[str, Any] | None,
    key: str,
) -> None:
    """Flush ``record`` and journal it, unless an update changed nothing."""
    if before is not None and before == record.model_dump(mode="json"):
        return
    session.add(record)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="buat" if before is None else "ubah",
        record_type=record_type,
        record_id=getattr(record, key),
        before=before,
        after=record,
    )


def _reason(alasan: str, aktif: bool) -> str:
    reason = _clean(alasan)
    if not aktif and not reason:
        raise ValidationError({"alasan": "Alasan penonaktifan wajib diisi."})
    if len(reason) > 200:
        raise ValidationError({"alasan": "Alasan paling banyak 200 karakter."})
    return reason


def _toggle(
    session: Session,
    actor: Actor,
    record: _Reference,
    *,
    record_type: str,
    key: str,
    aktif: bool,
    alasan: str,
) -> None:
    """Switch ``record.aktif`` and journal it with the reason; rows are never deleted."""
    if record.aktif == aktif:
        return
    before = record.model_dump(mode="json")
    record.aktif = aktif
    session.add(record)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="aktifkan" if aktif else "nonaktifkan",
        record_type=record_type,
        record_id=getattr(record, key),
        before=before,
        after={**record.model_dump(mode="json"), "alasan": alasan},
    )


def _klasifikasi_view(row: KodeKlasifikasi) -> KlasifikasiView:
    return KlasifikasiView(
        kode=row.kode,
        uraian=row.uraian,
        induk=row.induk,
        tingkat=row.tingkat,
        kelompok=row.kelompok,
        sumber=row.sumber,
        aktif=row.aktif,
    )


def save_klasifikasi(
    session: Session,
    *,
    actor: Actor,
    kode: str,
    uraian: str,
    induk: str | None,
    kelompok: str,
    sumber: str,
) -> KlasifikasiView:
    """Create or update a kode klasifikasi (admin only).

    The parent must exist, be active and be the code one level up (``PL.01`` for ``PL.01.1``).
    An empty ``kelompok`` below the top level takes the parent's.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: with keys ``kode``, ``uraian``, ``induk``, ``kelompok``, ``sumber``.
    """
    actor.require(Role.ADMIN, action="mengubah kode klasifikasi")
    kode = _clean(kode).upper()
    induk_kode = _clean(induk).upper() or None
    uraian = _clean(uraian)
    kelompok = _clean(kelompok)
    sumber = _clean(sumber)
    errors: dict[str, str] = {}
    problem = klasifikasi_problem(kode)
    if problem:
        errors["kode"] = problem
    else:
        expected = parent_code(kode)
        if expected is None and induk_kode:
            errors["induk"] = "Kode tingkat pertama tidak mempunyai induk."
        elif expected is not None and induk_kode != expected:
            errors["induk"] = f"Induk kode {kode} adalah {expected}."
        elif expected is not None:
            parent = session.get(KodeKlasifikasi, expected)
            if parent is None:
                errors["induk"] = f"Kode induk {expected} tidak ditemukan."
            elif not parent.aktif:
                errors["induk"] = f"Kode induk {expected} tidak aktif."
            elif not kelompok:
                kelompok = parent.kelompok
    _check_text(errors, "uraian", uraian, label="Uraian", limit=300, required=True)
    if kelompok not in KELOMPOK_KLASIFIKASI:
        errors["kelompok"] = f"Kelompok harus {' atau '.join(KELOMPOK_KLASIFIKASI)}."
    _check_text(errors, "sumber", sumber, label="Sumber", limit=200, required=False)
    if errors:
        raise ValidationError(errors)
    row = session.get(KodeKlasifikasi, kode)
    before = row.model_dump(mode="json") if row else None
    if row is None:
        row = KodeKlasifikasi(
            kode=kode, uraian=uraian, induk=induk_kode, tingkat=kode.count(".") + 1
        )
    row.sqlmodel_update({"uraian": uraian, "kelompok": kelompok, "sumber": sumber})
    _save(session, actor, row, record_type="kode_klasifikasi", before=before, key="kode")
    return _klasifikasi_view(row)


def set_klasifikasi_aktif(
    session: Session, *, actor: Actor, kode: str, aktif: bool, alasan: str
) -> KlasifikasiView:
    """Turn a kode klasifikasi on or off (admin only); it is never deleted.

    Turning a code off also turns off its active sub-codes (one journal event each); turning it
    on needs an active parent. Letters already numbered with the code keep it.

    Raises:
        PermissionDenied: the actor is not an admin.
        NotFound: no such code.
        ValidationError: ``alasan`` missing when turning off, or the parent is inactive.
    """
    actor.require(Role.ADMIN, action="mengubah kode klasifikasi")
    row = session.get(KodeKlasifikasi, _clean(kode).upper())
    if row is None:
        raise NotFound(f"Kode klasifikasi {kode} tidak ditemukan.")
    reason = _reason(alasan, aktif)
    if aktif and row.induk:
        parent = session.get(KodeKlasifikasi, row.induk)
        if parent is not None and not parent.aktif:
            raise ValidationError({"induk": f"Aktifkan dahulu kode induk {row.induk}."})
    if not aktif:
        prefix = row.kode + "."
        children = session.exec(
            select(KodeKlasifikasi).where(
                col(KodeKlasifikasi.kode).startswith(prefix, autoescape=True),
                col(KodeKlasifikasi.aktif),
            )
        ).all()
        for child in sorted(children, key=lambda c: natural_key(c.kode), reverse=True):
            _toggle(
                session,
                actor,
                child,
                record_type="kode_klasifikasi",
                key="kode",
                aktif=False,
                alasan=f"{reason} (ikut induk {row.kode})",
            )
    _toggle(
        session, actor, row, record_type="kode_klasifikasi", key="kode", aktif=aktif, alasan=reason
    )
    return _klasifikasi_view(row)


def _jenis_view(row: JenisNaskah) -> JenisNaskahView:
    return JenisNaskahView(
        kode=row.kode,
        nama=row.nama,
        kelompok=row.kelompok,
        pakai_klasifikasi=row.pakai_klasifikasi,
        sumber=row.sumber,
        aktif=row.aktif,
    )


def _find_jenis(session: Session, kode: str) -> JenisNaskah | None:
    """The jenis naskah whose code equals ``kode`` ignoring case (``UND`` finds ``Und``)."""
    return session.exec(
        select(JenisNaskah).where(func.lower(JenisNaskah.kode) == kode.lower())
    ).first()


def save_jenis_naskah(
    session: Session,
    *,
    actor: Actor,
    kode: str,
    nama: str,
    kelompok: str,
    pakai_klasifikasi: bool,
    sumber: str,
) -> JenisNaskahView:
    """Create or update a jenis naskah dinas (admin only).

    Codes are matched ignoring case, so ``UND`` edits ``Und`` instead of adding a second one.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: with keys ``kode``, ``nama``, ``kelompok``, ``sumber``.
    """
    actor.require(Role.ADMIN, action="mengubah jenis naskah")
    kode = _clean(kode)
    nama = _clean(nama)
    kelompok = _clean(kelompok)
    sumber = _clean(sumber)
    errors: dict[str, str] = {}
    if not kode:
        errors["kode"] = "Kode jenis naskah wajib diisi, misalnya SD."
    elif not JENIS_RE.match(kode):
        errors["kode"] = "Kode jenis naskah terdiri atas 1–10 huruf, misalnya SD atau Und."
    _check_text(errors, "nama", nama, label="Nama", limit=120, required=True)
    _check_text(errors, "kelompok", kelompok, label="Kelompok", limit=60, required=False)
    _check_text(errors, "sumber", sumber, label="Sumber", limit=200, required=False)
    if errors:
        raise ValidationError(errors)
    row = _find_jenis(session, kode)
    before = row.model_dump(mode="json") if row else None
    if row is None:
        row = JenisNaskah(kode=kode, nama=nama)
    row.sqlmodel_update(
        {
            "nama": nama,
            "kelompok": kelompok,
            "pakai_klasifikasi": pakai_klasifikasi,
            "sumber": sumber,
        }
    )
    _save(session, actor, row, record_type="jenis_naskah", before=before, key="kode")
    return _jenis_view(row)


def set_jenis_naskah_aktif(
    session: Session, *, actor: Actor, kode: str, aktif: bool, alasan: str
) -> JenisNaskahView:
    """Turn a jenis naskah on or off (admin only); it is never deleted.

    Raises:
        PermissionDenied: the actor is not an admin.
        NotFound: no such code.
        ValidationError: ``alasan`` missing when turning off.
    """
    actor.require(Role.ADMIN, action="mengubah jenis naskah")
    row = _find_jenis(session, _clean(kode))
    if row is None:
        raise NotFound(f"Jenis naskah {kode} tidak ditemukan.")
    reason = _reason(alasan, aktif)
    _toggle(session, actor, row, record_type="jenis_naskah", key="kode", aktif=aktif, alasan=reason)
    return _jenis_view(row)


def _option_view(row: ReferenceOption) -> OptionView:
    assert row.id is not None
    return OptionView(
        id=row.id,
        kind=OptionKind(row.kind),
        kode=row.kode,
        nama=row.nama,
        urutan=row.urutan,
        aktif=row.aktif,
    )


def _option_kind(kind: OptionKind | str) -> OptionKind:
    try:
        return OptionKind(kind)
    except ValueError:
        names = ", ".join(k.value for k in OptionKind)
        raise ValidationError({"kind": f"Jenis pilihan harus salah satu dari: {names}."}) from None


def _find_option(session: Session, kind: OptionKind, kode: str) -> ReferenceOption | None:
    row = session.exec(
        select(ReferenceOption).where(ReferenceOption.kind == kind, ReferenceOption.kode == kode)
    ).first()
    if row is not None:
        row.kind = OptionKind(row.kind)  # the column is plain text; dumps expect the enum
    return row


def save_option(
    session: Session,
    *,
    actor: Actor,
    kind: OptionKind | str,
    kode: str,
    nama: str,
    urutan: int,
) -> OptionView:
    """Create or update an entry of a pick list (admin only), keyed by ``kind`` and ``kode``.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: with keys ``kind``, ``kode``, ``nama``, ``urutan``.
    """
    actor.require(Role.ADMIN, action="mengubah daftar pilihan")
    option_kind = _option_kind(kind)
    kode = _clean(kode).lower()
    nama = _clean(nama)
    errors: dict[str, str] = {}
    if not kode:
        errors["kode"] = "Kode wajib diisi."
    elif not OPTION_KODE_RE.match(kode):
        errors["kode"] = "Kode 1–30 karakter: huruf kecil, angka atau garis bawah."
    _check_text(errors, "nama", nama, label="Nama", limit=120, required=True)
    if not 0 <= urutan <= 9999:
        errors["urutan"] = "Urutan antara 0 dan 9999."
    if errors:
        raise ValidationError(errors)
    row = _find_option(session, option_kind, kode)
    before = row.model_dump(mode="json") if row else None
    if row is None:
        row = ReferenceOption(kind=option_kind, kode=kode, nama=nama)
    row.sqlmodel_update({"nama": nama, "urutan": urutan})
    _save(session, actor, row, record_type="reference_option", before=before, key="id")
    return _option_view(row)


def set_option_aktif(
    session: Session,
    *,
    actor: Actor,
    kind: OptionKind | str,
    kode: str,
    aktif: bool,
    alasan: str,
) -> OptionView:
    """Turn a pick-list entry on or off (admin only); it is never deleted.

    Raises:
        PermissionDenied: the actor is not an admin.
        NotFound: no such entry.
        ValidationError: ``alasan`` missing when turning off.
    """
    actor.require(Role.ADMIN, action="mengubah daftar pilihan")
    option_kind = _option_kind(kind)
    row = _find_option(session, option_kind, _clean(kode).lower())
    if row is None:
        raise NotFound(f"Pilihan {kode} tidak ditemukan.")
    reason = _reason(alasan, aktif)
    _toggle(
        session, actor, row, record_type="reference_option", key="id", aktif=aktif, alasan=reason
    )
    return _option_view(row)


def _unit_by_kode(session: Session, kode: str) -> Unit | None:
    row = session.exec(select(Unit).where(Unit.kode == kode)).first()
    if row is not None:
        row.jenis = UnitJenis(row.jenis)  # the column is plain text; dumps expect the enum
    return row


def _unit_view(session: Session, row: Unit) -> UnitView:
    assert row.id is not None
    parent = session.get(Unit, row.induk_id) if row.induk_id else None
    return UnitView(
        id=row.id,
        kode=row.kode,
        nama=row.nama,
        jenis=UnitJenis(row.jenis),
        induk_kode=parent.kode if parent else None,
        induk_nama=parent.nama if parent else "",
        urutan=row.urutan,
        aktif=row.aktif,
    )


def save_unit(
    session: Session,
    *,
    actor: Actor,
    kode: str,
    nama: str,
    jenis: UnitJenis | str,
    induk: str | None,
    urutan: int,
) -> UnitView:
    """Create or update an organisational unit (admin only); ``induk`` is the parent's kode.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: with keys ``kode``, ``nama``, ``jenis``, ``induk``, ``urutan``.
    """
    actor.require(Role.ADMIN, action="mengubah unit kerja")
    kode = _clean(kode).upper()
    nama = _clean(nama)
    induk_kode = _clean(induk).upper() or None
    errors: dict[str, str] = {}
    if not kode:
        errors["kode"] = "Kode unit wajib diisi, misalnya SUBBAG_KUL."
    elif not UNIT_KODE_RE.match(kode):
        errors["kode"] = "Kode unit 1–20 karakter: huruf kapital, angka atau garis bawah."
    _check_text(errors, "nama", nama, label="Nama unit", limit=160, required=True)
    try:
        unit_jenis = UnitJenis(jenis)
    except ValueError:
        errors["jenis"] = "Jenis unit: " + ", ".join(j.value for j in UnitJenis) + "."
    if not 0 <= urutan <= 9999:
        errors["urutan"] = "Urutan antara 0 dan 9999."
    row = _unit_by_kode(session, kode) if kode else None
    parent: Unit | None = None
    if induk_kode:
        parent = _unit_by_kode(session, induk_kode)
        if parent is None:
            errors["induk"] = f"Unit induk {induk_kode} tidak ditemukan."
        elif not parent.aktif:
            errors["induk"] = f"Unit induk {induk_kode} tidak aktif."
        elif row is not None and _is_within(session, parent, row):
            errors["induk"] = "Unit tidak boleh menjadi induk dirinya sendiri atau atasannya."
    if errors:
        raise ValidationError(errors)
    before = row.model_dump(mode="json") if row else None
    if row is None:
        row = Unit(kode=kode, nama=nama)
    row.sqlmodel_update(
        {
            "nama": nama,
            "jenis": unit_jenis,
            "induk_id": parent.id if parent else None,
            "urutan": urutan,
        }
    )
    _save(session, actor, row, record_type="unit", before=before, key="id")
    return _unit_view(session, row)


def _is_within(session: Session, candidate: Unit, unit: Unit) -> bool:
    """Whether ``candidate`` is ``unit`` itself or one of the units below it."""
    seen: set[int] = set()
    current: Unit | None = candidate
    while current is not None and current.id not in seen:
        if current.id == unit.id:
            return True
        seen.add(current.id or 0)
        current = session.get(Unit, current.induk_id) if current.induk_id else None
    return False


def set_unit_aktif(
    session: Session, *, actor: Actor, kode: str, aktif: bool, alasan: str
) -> UnitView:
    """Turn a unit on or off (admin only); it is never deleted.

    A unit that still has active sub-units or positions cannot be turned off: move or turn those
    off first, so no position is left without a unit by accident.

    Raises:
        PermissionDenied: the actor is not an admin.
        NotFound: no such unit.
        ValidationError: ``alasan`` missing, active members left, or the parent inactive.
    """
    actor.require(Role.ADMIN, action="mengubah unit kerja")
    row = _unit_by_kode(session, _clean(kode).upper())
    if row is None:
        raise NotFound(f"Unit {kode} tidak ditemukan.")
    reason = _reason(alasan, aktif)
    if aktif and row.induk_id:
        parent = session.get(Unit, row.induk_id)
        if parent is not None and not parent.aktif:
            raise ValidationError({"induk": f"Aktifkan dahulu unit induk {parent.kode}."})
    if not aktif:
        members = [
            *session.exec(select(Unit.kode).where(Unit.induk_id == row.id, col(Unit.aktif))).all(),
            *session.exec(
                select(Jabatan.kode).where(Jabatan.unit_id == row.id, col(Jabatan.aktif))
            ).all(),
        ]
        if members:
            raise ValidationError(
                {"kode": "Masih ada unit/jabatan aktif di bawahnya: " + ", ".join(members) + "."}
            )
    _toggle(session, actor, row, record_type="unit", key="id", aktif=aktif, alasan=reason)
    return _unit_view(session, row)


def _jabatan_view(session: Session, row: Jabatan) -> JabatanView:
    assert row.id is not None
    unit = session.get(Unit, row.unit_id) if row.unit_id else None
    return JabatanView(
        id=row.id,
        kode=row.kode,
        nama=row.nama,
        singkatan=row.singkatan,
        unit_kode=unit.kode if unit else None,
        unit_nama=unit.nama if unit else "",
        pemegang_nama=row.pemegang_nama,
        pemegang_nip=row.pemegang_nip,
        user_id=row.user_id,
        pimpinan=row.pimpinan,
        urutan=row.urutan,
        aktif=row.aktif,
    )


def save_jabatan(
    session: Session,
    *,
    actor: Actor,
    kode: str,
    nama: str,
    singkatan: str,
    unit: str,
    pemegang_nama: str,
    pemegang_nip: str,
    pimpinan: bool,
    urutan: int,
) -> JabatanView:
    """Create or update a position and its holder (admin only); ``unit`` is the unit's kode.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: with keys ``kode``, ``nama``, ``singkatan``, ``unit``,
            ``pemegang_nama``, ``pemegang_nip``, ``urutan``.
    """
    actor.require(Role.ADMIN, action="mengubah jabatan")
    kode = _clean(kode).upper()
    nama = _clean(nama)
    singkatan = _clean(singkatan)
    unit_kode = _clean(unit).upper()
    holder = _clean(pemegang_nama)
    nip = pemegang_nip.replace(" ", "").strip()
    errors: dict[str, str] = {}
    if not kode:
        errors["kode"] = "Kode jabatan wajib diisi, misalnya KASUBBAG_KUL."
    elif not UNIT_KODE_RE.match(kode):
        errors["kode"] = "Kode jabatan 1–20 karakter: huruf kapital, angka atau garis bawah."
    _check_text(errors, "nama", nama, label="Nama jabatan", limit=160, required=True)
    _check_text(errors, "singkatan", singkatan, label="Singkatan", limit=40, required=False)
    _check_text(errors, "pemegang_nama", holder, label="Nama pejabat", limit=120, required=False)
    if nip and not (nip.isascii() and nip.isdigit() and len(nip) == 18):
        errors["pemegang_nip"] = "NIP terdiri atas 18 angka (boleh dikosongkan)."
    if not 0 <= urutan <= 9999:
        errors["urutan"] = "Urutan antara 0 dan 9999."
    unit_row = _unit_by_kode(session, unit_kode) if unit_kode else None
    if not unit_kode:
        errors["unit"] = "Unit wajib dipilih."
    elif unit_row is None:
        errors["unit"] = f"Unit {unit_kode} tidak ditemukan."
    elif not unit_row.aktif:
        errors["unit"] = f"Unit {unit_kode} tidak aktif."
    if errors:
        raise ValidationError(errors)
    assert unit_row is not None
    row = session.exec(select(Jabatan).where(Jabatan.kode == kode)).first()
    before = row.model_dump(mode="json") if row else None
    if row is None:
        row = Jabatan(kode=kode, nama=nama)
    row.sqlmodel_update(
        {
            "nama": nama,
            "singkatan": singkatan,
            "unit_id": unit_row.id,
            "pemegang_nama": holder,
            "pemegang_nip": nip,
            "pimpinan": pimpinan,
            "urutan": urutan,
        }
    )
    _save(session, actor, row, record_type="jabatan", before=before, key="id")
    return _jabatan_view(session, row)


def set_jabatan_aktif(
    session: Session, *, actor: Actor, kode: str, aktif: bool, alasan: str
) -> JabatanView:
    """Turn a position on or off (admin only); it is never deleted and keeps its last holder.

    Raises:
        PermissionDenied: the actor is not an admin.
        NotFound: no such position.
        ValidationError: ``alasan`` missing when turning off, or its unit inactive.
    """
    actor.require(Role.ADMIN, action="mengubah jabatan")
    row = session.exec(select(Jabatan).where(Jabatan.kode == _clean(kode).upper())).first()
    if row is None:
        raise NotFound(f"Jabatan {kode} tidak ditemukan.")
    reason = _reason(alasan, aktif)
    if aktif and row.unit_id:
        unit = session.get(Unit, row.unit_id)
        if unit is not None and not unit.aktif:
            raise ValidationError({"unit": f"Aktifkan dahulu unit {unit.kode}."})
    _toggle(session, actor, row, record_type="jabatan", key="id", aktif=aktif, alasan=reason)
    return _jabatan_view(session, row)


# --------------------------------------------------------------------------- queries


def get_klasifikasi(session: Session, kode: str) -> KlasifikasiView | None:
    """One kode klasifikasi (active or not), or None."""
    row = session.get(KodeKlasifikasi, _clean(kode).upper())
    return _klasifikasi_view(row) if row else None


def search_klasifikasi(
    session: Session, text: str, *, limit: int = 50, include_inactive: bool = False
) -> list[KlasifikasiView]:
    """Codes whose kode starts with ``text`` or whose uraian holds every word of it.

    Case-insensitive. Prefix matches come first, then in natural code order (``PL.01.2`` before
    ``PL.01.10``). An empty ``text`` lists the codes from the top.
    """
    words = _clean(text).split()
    query = select(KodeKlasifikasi)
    if not include_inactive:
        query = query.where(col(KodeKlasifikasi.aktif))
    prefix = _clean(text).upper()
    if words:
        uraian = func.lower(col(KodeKlasifikasi.uraian))
        word_match = [uraian.contains(w.lower(), autoescape=True) for w in words]
        query = query.where(
            or_(col(KodeKlasifikasi.kode).startswith(prefix, autoescape=True), and_(*word_match))
        )
    # The table holds a few hundred rows at most, so the natural sort happens here rather than
    # in SQL, where 'PL.01.10' would sort before 'PL.01.2'.
    rows = session.exec(query).all()
    ranked = sorted(
        rows,
        key=lambda r: (0 if prefix and r.kode.startswith(prefix) else 1, natural_key(r.kode)),
    )
    return [_klasifikasi_view(r) for r in ranked[: max(limit, 0)]]


def get_jenis_naskah(session: Session, kode: str) -> JenisNaskahView | None:
    """One jenis naskah (active or not, code matched ignoring case), or None."""
    row = _find_jenis(session, _clean(kode))
    return _jenis_view(row) if row else None


def list_jenis_naskah(session: Session, *, include_inactive: bool = False) -> list[JenisNaskahView]:
    """The jenis naskah, grouped by kelompok, then by kode."""
    query = select(JenisNaskah)
    if not include_inactive:
        query = query.where(col(JenisNaskah.aktif))
    rows = session.exec(query.order_by(col(JenisNaskah.kelompok), func.lower(JenisNaskah.kode)))
    return [_jenis_view(r) for r in rows.all()]


def list_options(
    session: Session, kind: OptionKind | str, *, include_inactive: bool = False
) -> list[OptionView]:
    """The entries of one pick list, in their order."""
    query = select(ReferenceOption).where(ReferenceOption.kind == _option_kind(kind))
    if not include_inactive:
        query = query.where(col(ReferenceOption.aktif))
    rows = session.exec(query.order_by(col(ReferenceOption.urutan), col(ReferenceOption.kode)))
    return [_option_view(r) for r in rows.all()]


def list_units(session: Session, *, include_inactive: bool = False) -> list[UnitView]:
    """The organisational units, in their order, with their parent's kode and name."""
    query = select(Unit)
    if not include_inactive:
        query = query.where(col(Unit.aktif))
    rows = session.exec(query.order_by(col(Unit.urutan), col(Unit.kode))).all()
    return [_unit_view(session, r) for r in rows]


def list_jabatan(session: Session, *, include_inactive: bool = False) -> list[JabatanView]:
    """The positions, in their order, with the unit's name and the holder."""
    query = select(Jabatan)
    if not include_inactive:
        query = query.where(col(Jabatan.aktif))
    rows = session.exec(query.order_by(col(Jabatan.urutan), col(Jabatan.kode))).all()
    return [_jabatan_view(session, r) for r in rows]
