"""Import and export of the buku agenda surat keluar (CSV in, CSV or XLSX out).

Import: :func:`read_csv` reads and checks the file with the surat masuk reader's helpers
(UTF-8 with or without BOM, comma, semicolon or tab as found in the header line, column names
case-insensitive). :func:`import_rows` enters each record in file order, one write transaction
per row, so a refused row writes nothing and the others carry on:

- a row with a ``nomor_surat`` keeps that number (its ``urut`` is read with the series
  template, else from the leading digits) and the series continues after the year's highest
  ``urut`` (:func:`kpu_tui.services.surat_keluar.record_signed`);
- a row without one is numbered now as a letter signed on ``tanggal``;
- ``penandatangan`` is a position of the office's list, written as its name, kode or
  singkatan, its holder's name, or the picker's "Jabatan (Pemegang)";
- ``tujuan`` and ``tembusan`` hold several names separated by ``;``.

Rows of an export with ``status_nomor`` other than terpakai come back as they were: a letter
whose number is BATAL is entered and cancelled; a number without a letter (``penandatangan``
empty: dipesan, dikembalikan or BATAL) is reserved again (``perihal`` = what for, ``tujuan`` =
for whom) and returned or voided with the ``alasan``, provided it is the next number of its
series (as it is when a whole year is imported in number order).

Export: :func:`export_rows` walks one year of the numbering ledger series by series in number
order, page by page (keyset), and yields an :class:`ExportRow` per number, a letter's fields
when it has one; :func:`write_csv` and :func:`write_xlsx` write them.

No Textual, no ReportLab; openpyxl is imported only when an XLSX file is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from kpu_tui.models import (
    Jabatan,
    KeluarStatus,
    KirimStatus,
    NomorStatus,
    NomorSurat,
    OptionKind,
    ReferenceOption,
    SuratKeluar,
    SuratKeluarTujuan,
    Unit,
    User,
    UserRole,
)
from kpu_tui.rules import nomor_surat as nomor_rules
from kpu_tui.rules.disposisi import fold, fold_nomor, tanpa_nomor
from kpu_tui.store import Store, StoreError

from . import nomor_surat, surat_keluar
from . import surat_keluar_read as read
from .actor import Actor, actor_from
from .errors import ServiceError, ValidationError
from .surat_keluar_views import KonsepForm, NomorView, PilihanJabatan, TujuanForm
from .surat_masuk import check_jenis, clean_text, has_control
from .surat_masuk_io import (
    ImportFileError,
    ImportRow,
    Refused,
    Stopped,
    _delimiter_name,
    _read_bytes,
    decode_utf8,
    detect_delimiter,
    normalise_column,
)

__all__ = [
    "EXPORT_COLUMNS",
    "ExportRow",
    "ImportFile",
    "ImportFileError",
    "ImportReport",
    "Imported",
    "Refused",
    "Stopped",
    "export_rows",
    "import_rows",
    "importer_actor",
    "read_csv",
    "write_csv",
    "write_xlsx",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "tanggal",
    "nomor_surat",
    "tujuan",
    "perihal",
    "jenis",
    "klasifikasi",
    "penandatangan",
    "keterangan",
)
"""Columns an import file must have (in any order)."""
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "lampiran",
    "sifat",
    "pengolah",
    "tembusan",
    "status_nomor",
    "alasan",
)
"""Columns read when present (``status_nomor`` and ``alasan`` as an export writes them); any
other column (``status``) is ignored."""
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

EXPORT_COLUMNS: tuple[str, ...] = (
    "tanggal",
    "nomor_surat",
    "tujuan",
    "tembusan",
    "perihal",
    "lampiran",
    "sifat",
    "jenis",
    "klasifikasi",
    "penandatangan",
    "pengolah",
    "keterangan",
    "status",
    "status_nomor",
    "alasan",
)
"""Columns of an exported file, in order: the import columns, the letter's state, the number's
state and why a number was returned or voided (or the letter cancelled)."""

EXPORT_PAGE = 200
NAME_SEPARATOR = "; "
MAX_NOMOR = 100
"""The longest number kept as written (the width of ``nomor_surat.nomor_teks``)."""
COLUMN_OF = {
    "jenis_naskah": "jenis",
    "penandatangan_jabatan_id": "penandatangan",
    "pengolah_unit_id": "pengolah",
    "keperluan": "perihal",
    "untuk_nama": "tujuan",
}
"""Service field keys as the file's column names (for the refusal messages)."""
IMPORTER_ROLES = surat_keluar.RECORDERS
"""Roles that may import (those who record letters signed on paper)."""
_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")
_LEADING = re.compile(r"^[^0-9]*[0-9]+")


# -- reading the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportFile:
    """A checked import file."""

    path: Path
    delimiter: str
    columns: tuple[str, ...]
    """Every header cell, normalised (lower case, spaces as underscores)."""
    rows: tuple[ImportRow, ...]

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        """Header cells that are not import columns (e.g. ``status`` of an export)."""
        return tuple(c for c in self.columns if c and c not in KNOWN_COLUMNS)


def _column_index(header: tuple[str, ...], path: Path) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in KNOWN_COLUMNS:
            if name in index:
                raise ImportFileError(f"Kolom {name} muncul lebih dari sekali pada judul kolom.")
            index[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        found = ", ".join(name for name in header if name) or "(tidak ada)"
        raise ImportFileError(
            f"Kolom wajib tidak ada dalam {path.name}: {', '.join(missing)}. "
            f"Kolom yang terbaca: {found}."
        )
    return index


def parse_csv_text(text: str, path: Path) -> ImportFile:
    """Parse the decoded text of an import file (see :func:`read_csv`)."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise ImportFileError(f"Berkas {path} kosong: tidak ada baris judul kolom.")
    delimiter = detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    index: dict[str, int] = {}
    rows: list[ImportRow] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = tuple(normalise_column(cell) for cell in record)
                index = _column_index(header, path)
                continue
            if len(record) != len(header):
                problem = (
                    f"Baris ini memuat {len(record)} kolom, seharusnya {len(header)} "
                    f"(pemisah '{_delimiter_name(delimiter)}')."
                )
                rows.append(ImportRow(line=start, values={}, problem=problem))
                continue
            rows.append(ImportRow(line=start, values={k: record[i] for k, i in index.items()}))
    except csv.Error as exc:
        raise ImportFileError(
            f"Berkas {path} tidak dapat dibaca sebagai CSV pada baris {reader.line_num}: {exc}."
        ) from exc
    assert header is not None
    return ImportFile(path=path, delimiter=delimiter, columns=header, rows=tuple(rows))


def read_csv(path: Path | str) -> ImportFile:
    """Read and check an import file.

    Raises:
        ImportFileError: missing, a folder, unreadable, not UTF-8, empty (no header), required
            columns missing or named twice. Rows with a wrong column count come back with
            their ``problem`` set.
    """
    target = Path(path).expanduser()
    return parse_csv_text(decode_utf8(_read_bytes(target), target), target)


def split_names(value: str) -> list[str]:
    """Several names in one cell, separated by ``;`` (empty parts dropped)."""
    return [part.strip() for part in value.split(";") if part.strip()]


# -- resolving names -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signer:
    pilihan: PilihanJabatan
    singkatan: str


class Resolver:
    """Reads the office's positions and units once and resolves the names a file uses."""

    def __init__(self, session: Session) -> None:
        singkatan = {row.id: row.singkatan for row in session.exec(select(Jabatan)).all() if row.id}
        self.signers = [_Signer(p, singkatan.get(p.id, "")) for p in read.signers(session)]
        self.units = list(session.exec(select(Unit).where(col(Unit.aktif).is_(True))).all())

    def _by_position(self, wanted: str) -> list[_Signer]:
        return [
            s
            for s in self.signers
            if wanted
            in (
                fold(s.pilihan.nama),
                fold(s.pilihan.kode),
                fold(s.pilihan.kode.replace("_", " ")),
                fold(s.singkatan) if s.singkatan else None,
            )
        ]

    def penandatangan(self, value: str) -> tuple[int | None, str | None]:
        """The position id of ``value``, or the message why it cannot be found."""
        wanted = fold(value)
        if not wanted:
            return None, "Penandatangan wajib diisi (nama jabatan atau nama pejabat)."
        exact = [s for s in self.signers if fold(s.pilihan.label) == wanted]
        if len(exact) == 1:
            return exact[0].pilihan.id, None
        found = self._by_position(wanted)
        if not found:
            found = [s for s in self.signers if fold(s.pilihan.pemegang_nama) == wanted]
        if not found:
            # "Jabatan (Pemegang)" of an earlier holder: the position alone decides.
            picked = re.fullmatch(r"(.+?)\s*\((.*)\)", wanted)
            if picked:
                found = self._by_position(picked.group(1).strip())
        if len(found) == 1:
            return found[0].pilihan.id, None
        if found:
            names = "; ".join(s.pilihan.label for s in found)
            return None, (
                f"Penandatangan '{value.strip()}' cocok dengan lebih dari satu jabatan ({names}):"
                " tulis nama pejabatnya."
            )
        names = "; ".join(s.pilihan.label for s in self.signers)
        return None, (
            f"Penandatangan '{value.strip()}' tidak ada dalam daftar jabatan kantor; pilih: "
            f"{names}."
        )

    def pengolah(self, value: str) -> tuple[int | None, str | None]:
        """The unit id of ``value`` (kode or name; empty = none), or the message."""
        wanted = fold(value)
        if not wanted:
            return None, None
        for unit in self.units:
            if wanted in (fold(unit.kode), fold(unit.kode.replace("_", " ")), fold(unit.nama)):
                return unit.id, None
        names = "; ".join(unit.nama for unit in self.units)
        return None, f"Unit pengolah '{value.strip()}' tidak dikenal; pilih: {names}."


# -- importing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """A row entered: a letter (``surat_id``) or a number without a letter."""

    line: int
    nomor_surat: str
    surat_id: int | None
    status_nomor: NomorStatus


@dataclass
class ImportReport:
    """What an import did, in file order."""

    imported: list[Imported] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    stopped: Stopped | None = None

    @property
    def letters(self) -> int:
        """How many letters were entered."""
        return sum(1 for row in self.imported if row.surat_id is not None)

    @property
    def numbers_only(self) -> int:
        """How many numbers without a letter were entered."""
        return len(self.imported) - self.letters

    @property
    def first_nomor(self) -> str | None:
        """The number of the first row entered."""
        return self.imported[0].nomor_surat if self.imported else None

    @property
    def last_nomor(self) -> str | None:
        """The number of the last row entered."""
        return self.imported[-1].nomor_surat if self.imported else None


def _status_nomor(value: str) -> NomorStatus | None:
    wanted = fold(value)
    if wanted in ("", "terpakai"):
        return NomorStatus.TERPAKAI
    for status in NomorStatus:
        if wanted in (status.value, fold(status.label)):
            return status
    return None


def _tanggal(session: Session, value: str, errors: dict[str, str]) -> date | None:
    if not value.strip():
        errors["tanggal"] = "Tanggal surat wajib diisi."
        return None
    try:
        return nomor_surat.parse_date(session, value, field="tanggal", label="Tanggal surat")
    except ValidationError as exc:
        errors.update(exc.errors)
        return None


def read_urut(session: Session, jenis: str, nomor: str) -> tuple[int, str, int | None] | None:
    """``(urut, sisipan, tahun)`` of a number as written: read with the template of the
    series of ``jenis``, else its leading digits (the year then from a 20xx in the text,
    or None)."""
    seri = nomor_surat.series_for(session, jenis)
    try:
        found = nomor_rules.parse_format(seri.format).read(nomor)
    except nomor_rules.FormatError:
        found = None
    if found is not None:
        return found
    leading = nomor_rules.first_number(nomor)
    if leading is None:
        return None
    rest = _LEADING.sub("", nomor, count=1)
    years = _YEAR.findall(rest)
    return leading[0], leading[1], int(years[-1]) if years else None


def _nomor_teks(value: str, errors: dict[str, str]) -> str:
    if has_control(value):
        errors["nomor_surat"] = "Nomor surat memuat karakter kendali yang tidak dapat dicetak."
        return ""
    text = clean_text(value)
    if tanpa_nomor(text):
        return ""
    if len(text) > MAX_NOMOR:
        errors["nomor_surat"] = f"Nomor surat paling banyak {MAX_NOMOR} karakter."
    return text


def _jenis_kode(session: Session, value: str) -> str | None:
    errors: dict[str, str] = {}
    return check_jenis(session, errors, value) if value.strip() else None


def _form(values: dict[str, str], resolver: Resolver, errors: dict[str, str]) -> KonsepForm:
    signer_id, problem = resolver.penandatangan(values.get("penandatangan", ""))
    if problem:
        errors["penandatangan"] = problem
    unit_id, problem = resolver.pengolah(values.get("pengolah", ""))
    if problem:
        errors["pengolah"] = problem
    tujuan = [TujuanForm(nama=name) for name in split_names(values.get("tujuan", ""))]
    tujuan += [
        TujuanForm(nama=name, tembusan=True) for name in split_names(values.get("tembusan", ""))
    ]
    return KonsepForm(
        perihal=values.get("perihal", ""),
        jenis_naskah=values.get("jenis", ""),
        klasifikasi=values.get("klasifikasi", ""),
        sifat=values.get("sifat", ""),
        lampiran=values.get("lampiran", ""),
        tujuan=tuple(tujuan),
        penandatangan_jabatan_id=signer_id,
        pengolah_unit_id=unit_id,
        keterangan=values.get("keterangan", ""),
    )


def _columns(errors: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, message in errors.items():
        out.setdefault(COLUMN_OF.get(key, key), message)
    return out


def _kept_urut(
    session: Session, jenis: str | None, nomor: str, tanggal: date | None, errors: dict[str, str]
) -> tuple[int, str] | None:
    """The urut of a kept number, checking its year against the letter's date."""
    if jenis is None or "nomor_surat" in errors:
        return None
    found = read_urut(session, jenis, nomor)
    if found is None:
        errors["nomor_surat"] = f"Nomor urut tidak terbaca pada nomor surat '{nomor}'."
        return None
    urut, sisipan, tahun = found
    if tanggal is not None and tahun is not None and tahun != tanggal.year:
        errors["nomor_surat"] = (
            f"Nomor {nomor} bertahun {tahun}, sedangkan tanggal surat {tanggal:%d-%m-%Y}: "
            "nomor surat dimulai lagi setiap tahun, tahunnya harus sama."
        )
        return None
    return urut, sisipan


def _enter_letter(
    session: Session,
    actor: Actor,
    values: dict[str, str],
    resolver: Resolver,
    status: NomorStatus,
) -> Imported:
    errors: dict[str, str] = {}
    form = _form(values, resolver, errors)
    tanggal = _tanggal(session, values.get("tanggal", ""), errors)
    nomor = _nomor_teks(values.get("nomor_surat", ""), errors)
    jenis = _jenis_kode(session, form.jenis_naskah)
    urut = _kept_urut(session, jenis, nomor, tanggal, errors) if nomor else None
    if status == NomorStatus.BATAL and not nomor:
        errors["nomor_surat"] = "Surat yang nomornya BATAL harus menyebut nomor itu."
    if errors or tanggal is None:
        _, more = surat_keluar.validate(session, form)
        for key, message in _columns(more).items():
            errors.setdefault(key, message)
        raise ValidationError(errors)
    row = surat_keluar.record_signed(
        session,
        actor=actor,
        form=form,
        tanggal=tanggal,
        nomor_teks=nomor or None,
        urut=urut,
    )
    if status == NomorStatus.BATAL:
        alasan = values.get("alasan", "").strip() or "Surat batal menurut register yang diimpor."
        row = surat_keluar.cancel(session, actor=actor, surat_id=row.id, alasan=alasan)
    return Imported(line=0, nomor_surat=row.nomor_surat, surat_id=row.id, status_nomor=status)


def _enter_number(
    session: Session, actor: Actor, values: dict[str, str], status: NomorStatus
) -> Imported:
    """A number without a letter: reserved again (it must be the series' next number), then
    returned or voided as the file says."""
    errors: dict[str, str] = {}
    nomor = _nomor_teks(values.get("nomor_surat", ""), errors)
    if not nomor and "nomor_surat" not in errors:
        errors["nomor_surat"] = (
            f"Nomor {status.label} tanpa surat harus menyebut nomornya (atau isi penandatangan"
            " bila ini sebuah surat)."
        )
    tanggal = _tanggal(session, values.get("tanggal", ""), errors)
    jenis = _jenis_kode(session, values.get("jenis", ""))
    if jenis is None:
        errors.setdefault("jenis", "Jenis naskah wajib diisi dan harus ada dalam daftar.")
    urut = _kept_urut(session, jenis, nomor, tanggal, errors) if nomor else None
    if errors or tanggal is None or jenis is None or urut is None:
        raise ValidationError(errors)
    view = nomor_surat.reserve(
        session,
        actor=actor,
        jenis_naskah=jenis,
        klasifikasi=values.get("klasifikasi", ""),
        tanggal=tanggal.isoformat(),
        keperluan=values.get("perihal", "").strip() or "Nomor dari register yang diimpor.",
        untuk_nama=values.get("tujuan", "").strip() or "tidak tercatat",
    )
    if (view.urut, view.sisipan) != urut or fold_nomor(view.nomor_teks) != fold_nomor(nomor):
        raise ValidationError(
            {
                "nomor_surat": f"Nomor {status.label} tanpa surat hanya dapat diimpor sebagai nomor"
                f" berikutnya seri ini, yaitu {view.nomor_teks}."
            }
        )
    alasan = values.get("alasan", "").strip()
    if status == NomorStatus.DIKEMBALIKAN:
        alasan = alasan or "Dikembalikan menurut register yang diimpor."
        view = nomor_surat.return_number(session, actor=actor, nomor_id=view.id, alasan=alasan)
    elif status == NomorStatus.BATAL:
        alasan = alasan or "Batal menurut register yang diimpor."
        view = nomor_surat.void(session, actor=actor, nomor_id=view.id, alasan=alasan)
    return Imported(line=0, nomor_surat=view.nomor_teks, surat_id=None, status_nomor=status)


def import_row(session: Session, *, actor: Actor, row: ImportRow, resolver: Resolver) -> Imported:
    """Enter one record inside the caller's write transaction.

    Raises:
        ValidationError: keyed by the file's columns (``baris`` for the record as a whole).
        ServiceError: a permission refused or a state that does not allow it.
    """
    if row.problem is not None:
        raise ValidationError({"baris": row.problem})
    values = row.values
    status = _status_nomor(values.get("status_nomor", ""))
    if status is None:
        raise ValidationError(
            {
                "status_nomor": f"Status nomor '{values['status_nomor'].strip()}' tidak dikenal;"
                " isi terpakai, dipesan, dikembalikan atau BATAL (kosong = terpakai)."
            }
        )
    letter = status == NomorStatus.TERPAKAI or (
        status == NomorStatus.BATAL and bool(values.get("penandatangan", "").strip())
    )
    try:
        if letter:
            done = _enter_letter(session, actor, values, resolver, status)
        else:
            done = _enter_number(session, actor, values, status)
    except ValidationError as exc:
        raise ValidationError(_columns(exc.errors)) from exc
    return Imported(
        line=row.line, nomor_surat=done.nomor_surat, surat_id=done.surat_id, status_nomor=status
    )


def import_rows(
    store: Store,
    *,
    actor: Actor,
    rows: Iterable[ImportRow],
    on_refused: Callable[[Refused], None] | None = None,
) -> ImportReport:
    """Enter every row in order, each in its own write transaction (a number taken for a row
    without one is taken inside it, so concurrent imports still number gap-free).

    A refused row writes nothing and is passed to ``on_refused`` as it happens; the import goes
    on. A database failure stops it: :attr:`ImportReport.stopped` names the line; what was
    entered before stays.
    """
    report = ImportReport()
    with store.read() as session:
        resolver = Resolver(session)

    def refuse(line: int, errors: dict[str, str]) -> None:
        refused = Refused(line=line, errors=errors)
        report.refused.append(refused)
        if on_refused is not None:
            on_refused(refused)

    for row in rows:
        try:
            with store.write() as session:
                done = import_row(session, actor=actor, row=row, resolver=resolver)
        except ValidationError as exc:
            refuse(row.line, exc.errors)
        except ServiceError as exc:
            refuse(row.line, {"baris": exc.message})
        except StoreError as exc:
            report.stopped = Stopped(line=row.line, message=exc.message)
            break
        else:
            report.imported.append(done)
    return report


def importer_actor(session: Session, username: str) -> Actor:
    """The actor for an import done in the name of ``username``: an active user holding the
    petugas or admin role (their name goes into the journal).

    Raises:
        ServiceError: no such user, inactive, or without either role.
    """
    name = username.strip().lower()
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or user.id is None:
        raise ServiceError(f"Pengguna '{username.strip()}' tidak ada.")
    if not user.aktif:
        raise ServiceError(f"Pengguna '{user.username}' tidak aktif.")
    roles = session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all()
    actor = actor_from(user.id, user.nama, roles)
    if not actor.has(*IMPORTER_ROLES):
        labels = " atau ".join(r.label for r in IMPORTER_ROLES)
        raise ServiceError(
            f"Pengguna '{user.username}' tidak berperan {labels}; "
            "hanya mereka yang dapat mengimpor surat keluar."
        )
    return actor


# -- exporting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    """One number of the year as exported, with its letter's fields when it has one."""

    tanggal: date
    nomor_surat: str
    tujuan: str
    tembusan: str
    perihal: str
    lampiran: str
    sifat: str
    jenis: str
    klasifikasi: str
    penandatangan: str
    pengolah: str
    keterangan: str
    status: str
    status_nomor: str
    alasan: str

    def values(self) -> tuple[str | date, ...]:
        """The cells in :data:`EXPORT_COLUMNS` order."""
        return tuple(getattr(self, name) for name in EXPORT_COLUMNS)

    def text_values(self) -> tuple[str, ...]:
        """The cells as text (dates YYYY-MM-DD)."""
        return tuple(v.isoformat() if isinstance(v, date) else v for v in self.values())


def _sifat_names(session: Session) -> dict[str, str]:
    rows = session.exec(
        select(ReferenceOption).where(ReferenceOption.kind == OptionKind.SIFAT)
    ).all()
    return {row.kode: row.nama for row in rows}


def _series_order(session: Session, tahun: int) -> list[str]:
    """The series of the year's ledger: the office's order, then any other kode found."""
    known = [seri.kode for seri in nomor_surat.list_series(session)]
    used = set(
        session.exec(select(NomorSurat.seri).where(NomorSurat.tahun == tahun).distinct()).all()
    )
    return [k for k in known if k in used] + sorted(used - set(known))


def _tujuan_of(
    session: Session, letters: dict[int, SuratKeluar]
) -> dict[int, tuple[list[str], list[str]]]:
    """(tujuan, tembusan) names of each letter: those not withdrawn, and for a cancelled
    letter also those withdrawn with it."""
    out: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in letters}
    if not letters:
        return out
    rows = session.exec(
        select(SuratKeluarTujuan)
        .where(col(SuratKeluarTujuan.surat_id).in_(list(letters)))
        .order_by(
            col(SuratKeluarTujuan.surat_id),
            col(SuratKeluarTujuan.urutan),
            col(SuratKeluarTujuan.id),
        )
    ).all()
    for row in rows:
        surat = letters[row.surat_id]
        withdrawn = row.status == KirimStatus.BATAL
        if withdrawn and not (
            surat.status == KeluarStatus.BATAL and row.alasan_batal == "Surat dibatalkan."
        ):
            continue
        out[row.surat_id][1 if row.tembusan else 0].append(row.nama)
    return out


def _export_row(
    nomor: NomorView,
    surat: SuratKeluar | None,
    names: tuple[list[str], list[str]],
    sifat: dict[str, str],
) -> ExportRow:
    status_nomor = NomorStatus(nomor.status)
    if surat is None:
        return ExportRow(
            tanggal=nomor.tanggal,
            nomor_surat=nomor.nomor_teks,
            tujuan=nomor.untuk_nama,
            tembusan="",
            perihal=nomor.keperluan,
            lampiran="",
            sifat="",
            jenis=nomor.jenis_naskah or "",
            klasifikasi=nomor.klasifikasi or "",
            penandatangan="",
            pengolah="",
            keterangan="",
            status="",
            status_nomor=status_nomor.label,
            alasan=nomor.alasan,
        )
    penandatangan = surat.penandatangan_jabatan
    if surat.penandatangan_nama:
        penandatangan = f"{penandatangan} ({surat.penandatangan_nama})"
    return ExportRow(
        tanggal=nomor.tanggal,
        nomor_surat=nomor.nomor_teks,
        tujuan=NAME_SEPARATOR.join(names[0]),
        tembusan=NAME_SEPARATOR.join(names[1]),
        perihal=surat.perihal,
        lampiran=surat.lampiran,
        sifat=sifat.get(surat.sifat, surat.sifat),
        jenis=surat.jenis_naskah,
        klasifikasi=surat.klasifikasi or "",
        penandatangan=penandatangan,
        pengolah=surat.pengolah_nama,
        keterangan=surat.keterangan,
        status=KeluarStatus(surat.status).label,
        status_nomor=status_nomor.label,
        alasan=nomor.alasan or surat.alasan_batal,
    )


def export_rows(
    session: Session, tahun: int, *, page_size: int = EXPORT_PAGE
) -> Iterator[ExportRow]:
    """Every number of ``tahun``, series by series in number order (sisipan after their
    number), read ``page_size`` ledger rows at a time with their letters."""
    sifat = _sifat_names(session)
    for kode in _series_order(session, tahun):
        flt = nomor_surat.NomorFilter(tahun=tahun, seri=kode)
        after: nomor_surat.NomorCursor | None = None
        while True:
            page = nomor_surat.list_nomor(session, flt, after=after, limit=page_size)
            if not page:
                break
            ids = [v.surat_keluar_id for v in page if v.surat_keluar_id is not None]
            letters = {
                s.id: s
                for s in session.exec(select(SuratKeluar).where(col(SuratKeluar.id).in_(ids))).all()
                if s.id is not None
            }
            names = _tujuan_of(session, letters)
            for view in page:
                surat = letters.get(view.surat_keluar_id) if view.surat_keluar_id else None
                yield _export_row(
                    view,
                    surat,
                    names.get(surat.id, ([], [])) if surat is not None and surat.id else ([], []),
                    sifat,
                )
            if len(page) < page_size:
                break
            after = nomor_surat.cursor_of(page[-1])


def write_csv(target: Path, rows: Iterable[ExportRow]) -> int:
    """Write the rows as CSV (UTF-8 with BOM, comma, CRLF, dates YYYY-MM-DD); returns how
    many rows were written."""
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(row.text_values())
            count += 1
    return count


_XLSX_WIDTHS = {
    "tanggal": 12,
    "nomor_surat": 28,
    "tujuan": 36,
    "tembusan": 30,
    "perihal": 48,
    "penandatangan": 36,
    "pengolah": 30,
    "keterangan": 30,
    "alasan": 30,
}


def write_xlsx(target: Path, rows: Iterable[ExportRow], *, title: str = "Surat keluar") -> int:
    """Write the rows as an Excel workbook in openpyxl's write-only mode (rows stream to
    disk; dates are date cells; text is never read as a formula). Returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for position, name in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _XLSX_WIDTHS.get(name, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: str | date, *, header: bool = False) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=value)
        if header:
            made.font = bold
        if isinstance(value, date):
            made.number_format = "yyyy-mm-dd"
        else:
            made.data_type = "s"  # "=..." stays text, never a formula
        return made

    sheet.append([cell(name, header=True) for name in EXPORT_COLUMNS])
    count = 0
    for row in rows:
        sheet.append([cell(value) for value in row.values()])
        count += 1
    workbook.save(target)
    return count
