"""Import and export of the buku agenda surat masuk (CSV in, CSV or XLSX out).

Import: :func:`read_csv` reads and checks the file (UTF-8 with or without BOM, comma, semicolon
or tab as found in the header line, column names case-insensitive), :func:`rows_to_forms` turns
each record into the same :class:`~kpu_tui.services.surat_masuk.SuratMasukForm` the screen
uses, and :func:`import_rows` registers them in file order, one write transaction per row, so a
refused row writes nothing and the others carry on.

Export: :func:`export_rows` walks one year of the register page by page (keyset paging in
nomor agenda order, never the whole year in memory) and yields :class:`ExportRow` values;
:func:`write_csv` and :func:`write_xlsx` write them.

No Textual, no ReportLab; openpyxl is imported only when an XLSX file is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    OptionKind,
    ReferenceOption,
    SuratMasuk,
    SuratStatus,
    User,
    UserRole,
)
from kpu_tui.store import Store, StoreError

from . import surat_masuk
from .actor import Actor, actor_from
from .errors import ServiceError, ValidationError

REQUIRED_COLUMNS: tuple[str, ...] = (
    "tanggal_terima",
    "nomor_surat",
    "tanggal_surat",
    "asal",
    "perihal",
    "sifat",
    "klasifikasi",
    "keterangan",
)
"""Columns an import file must have (in any order)."""
OPTIONAL_COLUMNS: tuple[str, ...] = ("lampiran", "derajat", "jenis_naskah")
"""Columns read when present; any other column is ignored."""
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

EXPORT_COLUMNS: tuple[str, ...] = (
    "nomor_agenda",
    "tanggal_terima",
    "nomor_surat",
    "tanggal_surat",
    "asal",
    "perihal",
    "lampiran",
    "sifat",
    "derajat",
    "klasifikasi",
    "jenis_naskah",
    "keterangan",
    "status",
    "diteruskan_kepada",
    "tindak_lanjut",
)
"""Columns of an exported file, in order (the import columns plus the register's state)."""

DELIMITERS = (",", ";", "\t")
EXPORT_PAGE = 200
RECIPIENT_SEPARATOR = "; "
_XLSX_SIGNATURE = b"PK\x03\x04"
_SAVE_AS_HINT = "Simpan ulang dari Excel sebagai 'CSV UTF-8 (dipisahkan koma)'."


# -- reading the file ------------------------------------------------------------------------


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (missing, unreadable, not UTF-8, no header,
    required columns missing); the message is for the user."""


@dataclass(frozen=True)
class ImportRow:
    """One record of the file.

    Attributes:
        line: the physical line where the record starts (the header is line 1).
        values: the known columns (:data:`KNOWN_COLUMNS`) present in the file, as written.
        problem: why the record cannot be read (wrong column count), or None.
    """

    line: int
    values: dict[str, str]
    problem: str | None = None


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
        """Header cells that are not import columns (e.g. ``nomor_agenda`` of an export)."""
        return tuple(c for c in self.columns if c and c not in KNOWN_COLUMNS)


def normalise_column(name: str) -> str:
    """A header cell as a column key: ``" Tanggal Terima "`` -> ``tanggal_terima``."""
    return "_".join(name.replace("\ufeff", "").strip().lower().replace("-", " ").split())


def detect_delimiter(header_line: str) -> str:
    """The delimiter of a file from its header line: the most frequent of comma, semicolon
    and tab (comma when none or on a tie)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ImportFileError(f"Berkas tidak ditemukan: {path}")
    if path.is_dir():
        raise ImportFileError(f"{path} adalah folder, bukan berkas CSV.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            f"Berkas tidak dapat dibaca: {path} ({exc.strerror or exc})."
        ) from exc


def decode_utf8(data: bytes, path: Path) -> str:
    """The text of the file (UTF-8, a leading BOM dropped), or an :class:`ImportFileError`
    naming the line of the first byte that is not UTF-8."""
    if data.startswith(_XLSX_SIGNATURE):
        raise ImportFileError(f"{path} tampaknya berkas Excel (.xlsx), bukan CSV. {_SAVE_AS_HINT}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"Berkas {path} bukan teks UTF-8 (baris {line}, bita 0x{data[exc.start]:02X}). "
            f"{_SAVE_AS_HINT}"
        ) from exc


def parse_csv_text(text: str, path: Path) -> ImportFile:
    """Parse the decoded text of an import file (see :func:`read_csv`)."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise ImportFileError(f"Berkas {path} kosong: tidak ada baris judul kolom.")
    delimiter = detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    rows: list[ImportRow] = []
    index: dict[str, int] = {}
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # an empty line (or one of only delimiters)
            if header is None:
                header = tuple(normalise_column(cell) for cell in record)
                index = _column_index(header, path)
                continue
            if len(record) != len(header):
                rows.append(
                    ImportRow(
                        line=start,
                        values={},
                        problem=(
                            f"Baris ini memuat {len(record)} kolom, seharusnya {len(header)} "
                            f"(pemisah '{_delimiter_name(delimiter)}')."
                        ),
                    )
                )
                continue
            rows.append(ImportRow(line=start, values={k: record[i] for k, i in index.items()}))
    except csv.Error as exc:
        raise ImportFileError(
            f"Berkas {path} tidak dapat dibaca sebagai CSV pada baris {reader.line_num}: {exc}."
        ) from exc
    assert header is not None
    return ImportFile(path=path, delimiter=delimiter, columns=header, rows=tuple(rows))


def _delimiter_name(delimiter: str) -> str:
    return {",": "koma", ";": "titik koma", "\t": "tab"}[delimiter]


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


def read_csv(path: Path | str) -> ImportFile:
    """Read and check an import file.

    Raises:
        ImportFileError: missing, a folder, unreadable, not UTF-8, empty (no header), required
            columns missing or named twice. Rows with a wrong column count are *not* an error
            of the file: they come back with their ``problem`` set.
    """
    target = Path(path).expanduser()
    return parse_csv_text(decode_utf8(_read_bytes(target), target), target)


# -- rows to forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowForm:
    """A record turned into a form, or the reasons it cannot be one.

    ``form`` is None when the record cannot be read at all (wrong column count); ``errors``
    may be set *with* a form (a required field the form alone would default, such as an empty
    tanggal terima), in which case the row is refused after the service's own checks are
    added to the messages.
    """

    line: int
    form: surat_masuk.SuratMasukForm | None
    errors: dict[str, str] = field(default_factory=dict)


def row_to_form(row: ImportRow) -> RowForm:
    """One record as a :class:`SuratMasukForm` (text as written; the service validates)."""
    if row.problem is not None:
        return RowForm(line=row.line, form=None, errors={"baris": row.problem})
    values = row.values
    form = surat_masuk.SuratMasukForm(
        tanggal_terima=values.get("tanggal_terima", ""),
        nomor_surat=values.get("nomor_surat", ""),
        tanggal_surat=values.get("tanggal_surat", ""),
        asal=values.get("asal", ""),
        perihal=values.get("perihal", ""),
        lampiran=values.get("lampiran", ""),
        sifat=values.get("sifat", ""),
        derajat=values.get("derajat", ""),
        klasifikasi=values.get("klasifikasi", ""),
        jenis_naskah=values.get("jenis_naskah", ""),
        keterangan=values.get("keterangan", ""),
    )
    errors: dict[str, str] = {}
    if not form.tanggal_terima.strip():
        # On the screen an empty tanggal terima means "now"; in a file it is a missing value.
        errors["tanggal_terima"] = "Tanggal terima wajib diisi."
    return RowForm(line=row.line, form=form, errors=errors)


def rows_to_forms(rows: Iterable[ImportRow]) -> Iterator[RowForm]:
    """Every record as a form, in file order."""
    for row in rows:
        yield row_to_form(row)


# -- importing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """A row registered."""

    line: int
    surat_id: int
    agenda_teks: str


@dataclass(frozen=True)
class Refused:
    """A row not registered, with every reason keyed by column (``baris`` for the record as a
    whole, ``duplikat`` for a letter already in the register)."""

    line: int
    errors: dict[str, str]

    @property
    def duplicate(self) -> bool:
        """Whether the only reason is a letter already registered."""
        return set(self.errors) == {"duplikat"}

    @property
    def reason(self) -> str:
        """The reasons as one line, ``kolom: pesan; kolom: pesan`` (no closing period)."""
        return "; ".join(
            (message if key in ("baris", "duplikat") else f"{key}: {message}").rstrip(". ")
            for key, message in self.errors.items()
        )


@dataclass(frozen=True)
class Stopped:
    """The import stopped because the database failed (the rows before are kept)."""

    line: int
    message: str


@dataclass
class ImportReport:
    """What an import did, in file order."""

    imported: list[Imported] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    stopped: Stopped | None = None

    @property
    def first_agenda(self) -> str | None:
        """The nomor agenda of the first row registered."""
        return self.imported[0].agenda_teks if self.imported else None

    @property
    def last_agenda(self) -> str | None:
        """The nomor agenda of the last row registered."""
        return self.imported[-1].agenda_teks if self.imported else None


def _with_service_checks(store: Store, rowform: RowForm) -> dict[str, str]:
    """The row's own errors plus what the service's validation says about the form."""
    assert rowform.form is not None
    form = rowform.form
    if not form.tanggal_terima.strip():
        form = replace(form, tanggal_terima="hari ini")
    with store.read() as session:
        _, errors = surat_masuk.validate(session, form)
    merged = dict(rowform.errors)
    for key, message in errors.items():
        merged.setdefault(key, message)
    return merged


def import_rows(
    store: Store,
    *,
    actor: Actor,
    rows: Iterable[RowForm],
    allow_duplicate: bool = False,
    on_refused: Callable[[Refused], None] | None = None,
) -> ImportReport:
    """Register every row in order, each in its own write transaction (its nomor agenda is
    taken inside that transaction, so concurrent imports still number gap-free).

    A refused row (invalid fields, a duplicate unless ``allow_duplicate``, a permission
    refused) writes nothing and is passed to ``on_refused`` as it happens; the import goes on.
    A database failure (locked past the busy timeout, read-only, corrupt) stops the import:
    :attr:`ImportReport.stopped` names the line; what was registered before stays.
    """
    report = ImportReport()

    def refuse(line: int, errors: dict[str, str]) -> None:
        refused = Refused(line=line, errors=errors)
        report.refused.append(refused)
        if on_refused is not None:
            on_refused(refused)

    for rowform in rows:
        if rowform.form is None:
            refuse(rowform.line, rowform.errors)
            continue
        try:
            if rowform.errors:
                refuse(rowform.line, _with_service_checks(store, rowform))
                continue
            with store.write() as session:
                row = surat_masuk.register(
                    session, actor=actor, form=rowform.form, allow_duplicate=allow_duplicate
                )
        except ValidationError as exc:
            refuse(rowform.line, exc.errors)
        except surat_masuk.DuplicateLetter as exc:
            refuse(rowform.line, {"duplikat": exc.message})
        except ServiceError as exc:
            refuse(rowform.line, {"baris": exc.message})
        except StoreError as exc:
            report.stopped = Stopped(line=rowform.line, message=exc.message)
            break
        else:
            report.imported.append(
                Imported(line=rowform.line, surat_id=row.id, agenda_teks=row.agenda_teks)
            )
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
    if not actor.has(*surat_masuk.PETUGAS_ROLES):
        labels = " atau ".join(r.label for r in surat_masuk.PETUGAS_ROLES)
        raise ServiceError(
            f"Pengguna '{user.username}' tidak berperan {labels}; "
            "hanya mereka yang dapat mencatat surat masuk."
        )
    return actor


# -- exporting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    """One letter as exported (dates as dates; text as stored; names for sifat/derajat)."""

    nomor_agenda: str
    tanggal_terima: date
    nomor_surat: str
    tanggal_surat: date | None
    asal: str
    perihal: str
    lampiran: str
    sifat: str
    derajat: str
    klasifikasi: str
    jenis_naskah: str
    keterangan: str
    status: str
    diteruskan_kepada: str
    tindak_lanjut: str

    def values(self) -> tuple[str | date | None, ...]:
        """The cells in :data:`EXPORT_COLUMNS` order."""
        return tuple(getattr(self, name) for name in EXPORT_COLUMNS)

    def text_values(self) -> tuple[str, ...]:
        """The cells as text (dates YYYY-MM-DD, nothing as empty)."""
        return tuple(
            value.isoformat() if isinstance(value, date) else (value or "")
            for value in self.values()
        )


def _option_names(session: Session) -> dict[tuple[str, str], str]:
    rows = session.exec(
        select(ReferenceOption).where(
            col(ReferenceOption.kind).in_([OptionKind.SIFAT, OptionKind.DERAJAT])
        )
    ).all()
    return {(str(row.kind), row.kode): row.nama for row in rows}


def _page_extras(
    session: Session, ids: Sequence[int]
) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """For a page of letters: (jenis_naskah, tindak_lanjut) by id, and the recipients of each
    letter's first disposisi (the first top hop not cancelled) by id."""
    letters = {
        int(row[0] or 0): (row[1] or "", row[2] or "")
        for row in session.exec(
            select(SuratMasuk.id, SuratMasuk.jenis_naskah, SuratMasuk.tindak_lanjut).where(
                col(SuratMasuk.id).in_(ids)
            )
        ).all()
    }
    first_hop: dict[int, int] = {}
    for hop_id, surat_id in session.exec(
        select(Disposisi.id, Disposisi.surat_id)
        .where(
            col(Disposisi.surat_id).in_(ids),
            col(Disposisi.induk_penerima_id).is_(None),
            Disposisi.status == HopStatus.AKTIF,
        )
        .order_by(col(Disposisi.id))
    ).all():
        assert hop_id is not None
        first_hop.setdefault(surat_id, hop_id)
    names: dict[int, list[str]] = {}
    if first_hop:
        by_hop = {hop: surat for surat, hop in first_hop.items()}
        for hop_id, nama in session.exec(
            select(DisposisiPenerima.disposisi_id, DisposisiPenerima.nama)
            .where(col(DisposisiPenerima.disposisi_id).in_(list(by_hop)))
            .order_by(col(DisposisiPenerima.id))
        ).all():
            names.setdefault(by_hop[hop_id], []).append(nama)
    return letters, {sid: RECIPIENT_SEPARATOR.join(n) for sid, n in names.items()}


def export_rows(
    session: Session, tahun: int, *, page_size: int = EXPORT_PAGE
) -> Iterator[ExportRow]:
    """The letters of ``tahun`` in nomor agenda order, read ``page_size`` at a time."""
    options = _option_names(session)
    flt = surat_masuk.SuratFilter(tahun=tahun)
    after: surat_masuk.Cursor | None = None
    while True:
        page = surat_masuk.list_surat(
            session, flt, sort="agenda", descending=False, after=after, limit=page_size
        )
        if not page:
            return
        letters, recipients = _page_extras(session, [row.id for row in page])
        for row in page:
            jenis, tindak_lanjut = letters.get(row.id, ("", ""))
            yield ExportRow(
                nomor_agenda=row.agenda_teks,
                tanggal_terima=row.tanggal_terima,
                nomor_surat=row.nomor_surat,
                tanggal_surat=row.tanggal_surat,
                asal=row.asal,
                perihal=row.perihal,
                lampiran=row.lampiran,
                sifat=options.get((OptionKind.SIFAT.value, row.sifat), row.sifat),
                derajat=options.get((OptionKind.DERAJAT.value, row.derajat), row.derajat),
                klasifikasi=row.klasifikasi or "",
                jenis_naskah=jenis,
                keterangan=row.keterangan,
                status=SuratStatus(row.status).label,
                diteruskan_kepada=recipients.get(row.id, ""),
                tindak_lanjut=tindak_lanjut,
            )
        if len(page) < page_size:
            return
        after = surat_masuk.cursor_of(page[-1], "agenda")


def write_csv(target: Path, rows: Iterable[ExportRow]) -> int:
    """Write the rows as CSV (UTF-8 with BOM so that Excel on Windows reads it right, comma,
    CRLF line ends, dates YYYY-MM-DD); returns how many rows were written."""
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(row.text_values())
            count += 1
    return count


_XLSX_WIDTHS = {
    "nomor_agenda": 14,
    "tanggal_terima": 13,
    "nomor_surat": 24,
    "tanggal_surat": 13,
    "asal": 32,
    "perihal": 48,
    "keterangan": 30,
    "diteruskan_kepada": 32,
    "tindak_lanjut": 40,
}


def write_xlsx(target: Path, rows: Iterable[ExportRow], *, title: str = "Surat masuk") -> int:
    """Write the rows as an Excel workbook in openpyxl's write-only mode (rows stream to disk;
    dates are real date cells shown as YYYY-MM-DD; text is never read as a formula). Returns
    how many rows were written."""
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

    def header_cell(name: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        return cell

    def cell_of(value: str | date | None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, str):
            cell.data_type = "s"  # "=..." stays text, never a formula
        return cell

    sheet.append([header_cell(name) for name in EXPORT_COLUMNS])
    count = 0
    for row in rows:
        sheet.append([cell_of(value) for value in row.values()])
        count += 1
    workbook.save(target)
    return count
