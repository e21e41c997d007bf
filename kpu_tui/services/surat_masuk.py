"""Surat masuk: register a letter (with its nomor agenda and SOP 9.14 steps 1-2), correct it with
a reason, cancel it, keep its scans, and read the buku agenda page by page.

Each public function that writes is one user action: the caller's write session is one
transaction holding the record, its number, its procedure steps and its journal events.
The disposisi chain lives in :mod:`kpu_tui.services.disposisi`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Integer, column, func, or_, text, tuple_
from sqlmodel import Session, col, select

from kpu_tui.models import (
    DisposisiPenerima,
    Jabatan,
    JenisNaskah,
    KodeKlasifikasi,
    NumberSeries,
    Office,
    OptionKind,
    PenerimaStatus,
    ReferenceOption,
    Role,
    RunStatus,
    SuratBerkas,
    SuratMasuk,
    SuratStatus,
    User,
    utcnow,
)
from kpu_tui.rules.dates import parse_tanggal
from kpu_tui.rules.disposisi import fold, fold_nomor, tanpa_nomor
from kpu_tui.rules.numbering import DEFAULT_AGENDA_FORMAT, format_agenda, parse_agenda

from . import attachments, journal, numbering, procedure
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError

SOP_SURAT_MASUK = "9.14"
SUBJECT_TYPE = "surat_masuk"
TANPA_NOMOR = "-"
"""What the petugas types as nomor surat for a letter that has none (no duplicate check)."""

MAX = {
    "nomor_surat": 100,
    "asal": 200,
    "perihal": 500,
    "lampiran": 100,
    "keterangan": 500,
    "alasan": 500,
}
LABELS = {
    "tanggal_terima": "Tanggal terima",
    "nomor_surat": "Nomor surat",
    "tanggal_surat": "Tanggal surat",
    "asal": "Asal surat",
    "perihal": "Perihal",
    "lampiran": "Lampiran",
    "sifat": "Sifat",
    "derajat": "Derajat kecepatan",
    "klasifikasi": "Kode klasifikasi",
    "tujuan_jabatan_id": "Tujuan",
    "jenis_naskah": "Jenis naskah",
    "keterangan": "Keterangan",
    "berkas": "Pindaian",
    "alasan": "Alasan",
}
EARLIEST = date(2000, 1, 1)

PETUGAS_ROLES = (Role.PETUGAS, Role.ADMIN)


# -- forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuratMasukForm:
    """What the petugas types, as text (the same form serves the screen and the CSV import).

    Dates accept ``23/11/2026``, ``23-11-2026``, ``2026-11-23`` and ``hari ini``; an empty
    ``tanggal_terima`` means now. Empty ``sifat`` and ``derajat`` mean Biasa; ``sifat``,
    ``derajat``, ``klasifikasi`` and ``jenis_naskah`` accept the kode or the name.
    """

    nomor_surat: str = ""
    asal: str = ""
    perihal: str = ""
    tanggal_terima: str = ""
    tanggal_surat: str = ""
    lampiran: str = ""
    sifat: str = ""
    derajat: str = ""
    klasifikasi: str = ""
    tujuan_jabatan_id: int | None = None
    jenis_naskah: str = ""
    keterangan: str = ""
    berkas: tuple[str, ...] = ()
    """Paths of scans to copy into the attachment store."""


@dataclass(frozen=True)
class _Clean:
    """A validated form."""

    tanggal_terima: date
    diterima_at: datetime
    nomor_surat: str
    tanggal_surat: date | None
    asal: str
    perihal: str
    lampiran: str
    sifat: str
    derajat: str
    klasifikasi: str | None
    tujuan_jabatan_id: int | None
    tujuan_nama: str
    jenis_naskah: str | None
    keterangan: str


class DuplicateLetter(ServiceError):
    """The same nomor surat from the same sender is already in the register."""

    def __init__(self, existing: Sequence[SuratRow]) -> None:
        self.existing = tuple(existing)
        first = self.existing[0]
        super().__init__(
            f"Surat nomor {first.nomor_surat} dari {first.asal} sudah tercatat dengan nomor "
            f"agenda {first.agenda_teks} ({first.tanggal_terima:%d-%m-%Y})."
        )


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuratRow:
    """A row of the buku agenda (what the register table shows)."""

    id: int
    tahun: int
    nomor_agenda: int
    agenda_teks: str
    tanggal_terima: date
    nomor_surat: str
    tanggal_surat: date | None
    asal: str
    perihal: str
    lampiran: str
    sifat: str
    derajat: str
    klasifikasi: str | None
    tujuan_nama: str
    keterangan: str
    status: SuratStatus
    tenggat: date | None
    run_id: int | None

    def terlambat(self, today: date) -> bool:
        """Whether an open disposisi is past its batas waktu."""
        return (
            self.status == SuratStatus.PROSES and self.tenggat is not None and self.tenggat < today
        )


@dataclass(frozen=True)
class BerkasView:
    """A scan of a letter."""

    id: int
    ref: str
    nama: str
    ukuran: int
    ditambahkan_at: datetime
    oleh_nama: str
    aktif: bool
    alasan_batal: str


@dataclass(frozen=True)
class SuratDetail:
    """A letter with everything the detail pane shows besides the disposisi tree."""

    row: SuratRow
    jenis_naskah: str | None
    sifat_nama: str
    derajat_nama: str
    klasifikasi_uraian: str
    diterima_at: datetime
    dicatat_oleh_nama: str
    dicatat_at: datetime
    tindak_lanjut: str
    selesai_at: datetime | None
    alasan_arsip: str
    alasan_batal: str
    dibatalkan_at: datetime | None
    berkas: tuple[BerkasView, ...] = field(default_factory=tuple)


def _row(surat: SuratMasuk) -> SuratRow:
    assert surat.id is not None
    return SuratRow(
        id=surat.id,
        tahun=surat.tahun,
        nomor_agenda=surat.nomor_agenda,
        agenda_teks=surat.agenda_teks,
        tanggal_terima=surat.tanggal_terima,
        nomor_surat=surat.nomor_surat,
        tanggal_surat=surat.tanggal_surat,
        asal=surat.asal,
        perihal=surat.perihal,
        lampiran=surat.lampiran,
        sifat=surat.sifat,
        derajat=surat.derajat,
        klasifikasi=surat.klasifikasi,
        tujuan_nama=surat.tujuan_nama,
        keterangan=surat.keterangan,
        status=SuratStatus(surat.status),
        tenggat=surat.tenggat,
        run_id=surat.run_id,
    )


def _berkas_view(row: SuratBerkas) -> BerkasView:
    assert row.id is not None
    return BerkasView(
        id=row.id,
        ref=row.ref,
        nama=row.nama,
        ukuran=row.ukuran,
        ditambahkan_at=row.ditambahkan_at,
        oleh_nama=row.oleh_nama,
        aktif=row.aktif,
        alasan_batal=row.alasan_batal,
    )


# -- validation ------------------------------------------------------------------------------


def clean_text(value: str, *, single_line: bool = True) -> str:
    """Text as stored: Unicode NFC, control characters refused by :func:`_text`, whitespace
    collapsed (kept line breaks for multi-line fields)."""
    value = unicodedata.normalize("NFC", value)
    if single_line:
        return " ".join(value.split())
    lines = [" ".join(line.split()) for line in value.strip().splitlines()]
    return "\n".join(lines)


def has_control(value: str) -> bool:
    """Whether ``value`` holds characters that cannot be stored or printed: control characters
    other than line break and tab, and lone surrogates (text decoded with errors)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value)


_has_control = has_control


def nomor_norm(nomor_surat: str) -> str:
    """The stored comparison form of a nomor surat (:func:`fold_nomor`, cut to its column)."""
    return fold_nomor(clean_text(nomor_surat))[:100]


def asal_norm(asal: str) -> str:
    """The stored comparison form of a sender (:func:`fold`, cut to its column)."""
    return fold(clean_text(asal))[:200]


def _text(
    errors: dict[str, str],
    name: str,
    value: str,
    *,
    required: bool = False,
    single_line: bool = True,
) -> str:
    if _has_control(value):
        errors[name] = f"{LABELS[name]} memuat karakter kendali yang tidak dapat dicetak."
        return ""
    cleaned = clean_text(value, single_line=single_line)
    if required and not cleaned:
        hint = " (tulis - bila surat tidak bernomor)" if name == "nomor_surat" else ""
        errors[name] = f"{LABELS[name]} wajib diisi{hint}."
    elif len(cleaned) > MAX[name]:
        errors[name] = f"{LABELS[name]} paling banyak {MAX[name]} karakter (kini {len(cleaned)})."
    return cleaned


def _option(
    session: Session,
    errors: dict[str, str],
    name: str,
    kind: OptionKind,
    value: str,
    keep: str | None = None,
) -> str:
    wanted = fold(value)
    if not wanted:
        return "biasa"
    if keep is not None and wanted == fold(keep):
        return keep
    rows = session.exec(select(ReferenceOption).where(ReferenceOption.kind == kind)).all()
    for row in rows:
        if row.aktif and wanted in (
            fold(row.kode),
            fold(row.nama),
            fold(row.kode.replace("_", " ")),
        ):
            return row.kode
    names = ", ".join(row.nama for row in rows if row.aktif)
    errors[name] = f"{LABELS[name]} '{value.strip()}' tidak dikenal; pilih: {names}."
    return "biasa"


def _klasifikasi(
    session: Session, errors: dict[str, str], value: str, keep: str | None = None
) -> str | None:
    kode = "".join(value.split()).upper()
    if not kode:
        return None
    row = session.get(KodeKlasifikasi, kode)
    if row is None:
        errors["klasifikasi"] = f"Kode klasifikasi '{value.strip()}' tidak ada dalam daftar."
        return None
    if not row.aktif and kode != keep:
        errors["klasifikasi"] = f"Kode klasifikasi {kode} sudah tidak berlaku."
    return kode


def _jenis(
    session: Session, errors: dict[str, str], value: str, keep: str | None = None
) -> str | None:
    wanted = fold(value)
    if not wanted:
        return None
    # Kode are mixed case ("SD", "Und", "Kpt"): exact first, then ignoring case, then the name.
    rows = session.exec(select(JenisNaskah)).all()
    row = next((r for r in rows if r.kode == value.strip()), None)
    if row is None:
        row = next((r for r in rows if fold(r.kode) == wanted), None)
    if row is None:
        row = next((r for r in rows if fold(r.nama) == wanted), None)
    if row is None or not (row.aktif or row.kode == keep):
        errors["jenis_naskah"] = f"Jenis naskah '{value.strip()}' tidak ada dalam daftar."
        return None
    return row.kode


def _tujuan(
    session: Session, errors: dict[str, str], jabatan_id: int | None, keep: int | None = None
) -> tuple[int | None, str]:
    if jabatan_id is None:
        return None, ""
    row = session.get(Jabatan, jabatan_id)
    if row is None or not (row.aktif or jabatan_id == keep):
        errors["tujuan_jabatan_id"] = "Tujuan surat bukan jabatan yang aktif."
        return None, ""
    return jabatan_id, row.nama


def _date(
    errors: dict[str, str], name: str, value: str, today: date, *, required: bool = False
) -> date | None:
    if not value.strip():
        if required:
            errors[name] = f"{LABELS[name]} wajib diisi."
        return None
    try:
        parsed = parse_tanggal(value, today)
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if parsed > today:
        errors[name] = f"{LABELS[name]} tidak boleh sesudah hari ini."
        return None
    if parsed < EARLIEST:
        errors[name] = f"{LABELS[name]} tidak boleh sebelum tahun {EARLIEST.year}."
        return None
    return parsed


def validate(
    session: Session,
    form: SuratMasukForm,
    *,
    now: datetime | None = None,
    current: SuratMasuk | None = None,
) -> tuple[_Clean | None, dict[str, str]]:
    """Check every field; return the cleaned values, or the errors keyed by field.

    ``current`` is the stored letter when correcting it: its own sifat, derajat, kode
    klasifikasi, jenis naskah and tujuan pass even if they have been retired since.
    """
    now = now or utcnow()
    clock = procedure.office_clock(session)
    local_now = clock.local(now)
    today = local_now.date()
    errors: dict[str, str] = {}
    nomor = _text(errors, "nomor_surat", form.nomor_surat, required=True)
    asal = _text(errors, "asal", form.asal, required=True)
    perihal = _text(errors, "perihal", form.perihal, required=True)
    lampiran = _text(errors, "lampiran", form.lampiran)
    keterangan = _text(errors, "keterangan", form.keterangan)
    terima = _date(errors, "tanggal_terima", form.tanggal_terima, today) or (
        None if "tanggal_terima" in errors else today
    )
    tgl_surat = _date(errors, "tanggal_surat", form.tanggal_surat, today)
    if terima and tgl_surat and tgl_surat > terima:
        errors["tanggal_surat"] = "Tanggal surat tidak boleh sesudah tanggal terima."
    sifat = _option(
        session, errors, "sifat", OptionKind.SIFAT, form.sifat, current.sifat if current else None
    )
    derajat = _option(
        session,
        errors,
        "derajat",
        OptionKind.DERAJAT,
        form.derajat,
        current.derajat if current else None,
    )
    klasifikasi = _klasifikasi(
        session, errors, form.klasifikasi, current.klasifikasi if current else None
    )
    jenis = _jenis(session, errors, form.jenis_naskah, current.jenis_naskah if current else None)
    tujuan_id, tujuan_nama = _tujuan(
        session, errors, form.tujuan_jabatan_id, current.tujuan_jabatan_id if current else None
    )
    for index, path in enumerate(form.berkas, start=1):
        problem = _check_path(path)
        if problem:
            errors["berkas"] = f"Pindaian {index}: {problem}"
            break
    if errors or terima is None:
        return None, errors
    if terima == today:
        diterima_at = now
    else:
        opening = datetime.combine(terima, clock.hours.jam_masuk)
        diterima_at = clock.instant(opening)
    return (
        _Clean(
            tanggal_terima=terima,
            diterima_at=diterima_at,
            nomor_surat=nomor,
            tanggal_surat=tgl_surat,
            asal=asal,
            perihal=perihal,
            lampiran=lampiran,
            sifat=sifat,
            derajat=derajat,
            klasifikasi=klasifikasi,
            tujuan_jabatan_id=tujuan_id,
            tujuan_nama=tujuan_nama,
            jenis_naskah=jenis,
            keterangan=keterangan,
        ),
        {},
    )


def _check_path(path: str) -> str | None:
    text_path = path.strip().strip('"')
    if not text_path:
        return "lokasi berkas kosong."
    candidate = Path(text_path).expanduser()
    if not candidate.exists():
        return f"berkas tidak ditemukan: {candidate}"
    if not candidate.is_file():
        return f"bukan berkas: {candidate}"
    if candidate.suffix.lower() not in attachments.ALLOWED_SUFFIXES:
        return "hanya berkas PDF, JPG atau PNG yang dapat dilampirkan."
    size = candidate.stat().st_size
    if size == 0:
        return f"berkas kosong (0 bita): {candidate.name}"
    if size > attachments.MAX_BYTES:
        return f"berkas lebih dari {attachments.MAX_BYTES // (1024 * 1024)} MB: {candidate.name}"
    return None


# -- duplicates ------------------------------------------------------------------------------


def find_duplicates(
    session: Session, *, nomor_surat: str, asal: str, exclude_id: int | None = None
) -> list[SuratRow]:
    """Letters (not cancelled) with the same nomor surat from the same sender (compared
    ignoring case, spaces and Unicode forms). A letter without a number ("-") has none."""
    if tanpa_nomor(nomor_surat):
        return []
    query = select(SuratMasuk).where(
        SuratMasuk.nomor_surat_norm == nomor_norm(nomor_surat),
        SuratMasuk.asal_norm == asal_norm(asal),
        SuratMasuk.status != SuratStatus.BATAL,
    )
    if exclude_id is not None:
        query = query.where(SuratMasuk.id != exclude_id)
    return [_row(s) for s in session.exec(query.order_by(col(SuratMasuk.id))).all()]


# -- actions ---------------------------------------------------------------------------------


def _agenda_format(session: Session) -> tuple[str, str]:
    office = session.exec(select(Office).limit(1)).first()
    if office is None:
        return DEFAULT_AGENDA_FORMAT, ""
    return office.format_agenda or DEFAULT_AGENDA_FORMAT, office.kode_wilayah


def _state(surat: SuratMasuk) -> dict[str, object]:
    return surat.model_dump(mode="json", exclude={"nomor_surat_norm", "asal_norm"})


def _store_scans(
    session: Session, actor: Actor, surat_id: int, paths: Sequence[str], directory: Path
) -> list[SuratBerkas]:
    rows = []
    for index, path in enumerate(paths, start=1):
        try:
            stored = attachments.store_file(directory, path, field="berkas")
        except ValidationError as exc:
            raise ValidationError({"berkas": f"Pindaian {index}: {exc.errors['berkas']}"}) from exc
        row = SuratBerkas(
            surat_id=surat_id,
            ref=stored.ref,
            nama=stored.nama[:200],
            ukuran=stored.ukuran,
            oleh_id=actor.id,
            oleh_nama=actor.name,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def register(
    session: Session,
    *,
    actor: Actor,
    form: SuratMasukForm,
    attachment_dir: Path | None = None,
    allow_duplicate: bool = False,
    now: datetime | None = None,
) -> SuratRow:
    """Register a letter: take the next nomor agenda of its year, store the scans, start its
    SOP 9.14 run and record steps 1 (catat) and 2 (pindai, lembar disposisi).

    Raises:
        PermissionDenied: the actor is not a petugas persuratan or admin.
        ValidationError: fields that do not pass, keyed by field.
        DuplicateLetter: the same nomor surat from the same sender exists and
            ``allow_duplicate`` is False.
    """
    now = now or utcnow()
    actor.require(*PETUGAS_ROLES, action="pencatatan surat masuk")
    clean, errors = validate(session, form, now=now)
    if clean is None:
        raise ValidationError(errors)
    if form.berkas and attachment_dir is None:
        raise ValidationError({"berkas": "Tempat penyimpanan lampiran belum diatur."})
    if not allow_duplicate:
        existing = find_duplicates(session, nomor_surat=clean.nomor_surat, asal=clean.asal)
        if existing:
            raise DuplicateLetter(existing)
    tahun = clean.tanggal_terima.year
    urut = numbering.take_number(session, seri=numbering.SERI_AGENDA_MASUK, tahun=tahun)
    template, kode = _agenda_format(session)
    surat = SuratMasuk(
        tahun=tahun,
        nomor_agenda=urut,
        agenda_teks=format_agenda(template, urut, tahun, kode),
        tanggal_terima=clean.tanggal_terima,
        diterima_at=clean.diterima_at,
        nomor_surat=clean.nomor_surat,
        nomor_surat_norm=nomor_norm(clean.nomor_surat),
        tanggal_surat=clean.tanggal_surat,
        asal=clean.asal,
        asal_norm=asal_norm(clean.asal),
        perihal=clean.perihal,
        lampiran=clean.lampiran,
        sifat=clean.sifat,
        derajat=clean.derajat,
        klasifikasi=clean.klasifikasi,
        jenis_naskah=clean.jenis_naskah,
        tujuan_jabatan_id=clean.tujuan_jabatan_id,
        tujuan_nama=clean.tujuan_nama,
        keterangan=clean.keterangan,
        dicatat_oleh_id=actor.id,
        dicatat_oleh_nama=actor.name,
        dicatat_at=now,
    )
    session.add(surat)
    session.flush()
    assert surat.id is not None
    scan_names: list[str] = []
    if form.berkas:
        assert attachment_dir is not None
        stored = _store_scans(session, actor, surat.id, form.berkas, attachment_dir)
        scan_names = [row.nama for row in stored]
    run = procedure.start_run(
        session,
        actor=actor,
        sop_id=SOP_SURAT_MASUK,
        judul=f"Surat masuk {surat.agenda_teks}: {clean.perihal}"[: procedure.MAX_JUDUL],
        subject_type=SUBJECT_TYPE,
        subject_id=str(surat.id),
        now=clean.diterima_at if clean.diterima_at < now else now,
    )
    procedure.complete_step(
        session,
        actor=actor,
        run_id=run.id,
        catatan="Dicatat di buku agenda.",
        now=now,
        authorized=True,
    )
    scans = f" dengan {len(form.berkas)} pindaian" if form.berkas else ""
    procedure.complete_step(
        session,
        actor=actor,
        run_id=run.id,
        catatan=f"Lembar disposisi dibuat{scans}.",
        now=now,
        authorized=True,
    )
    surat.run_id = run.id
    session.add(surat)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="catat",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after=_state(surat) | {"berkas": scan_names},
    )
    return _row(surat)


def _get(session: Session, surat_id: int) -> SuratMasuk:
    surat = session.get(SuratMasuk, surat_id)
    if surat is None:
        raise NotFound(f"Surat masuk nomor {surat_id} tidak ditemukan.")
    return surat


def _reason(alasan: str) -> str:
    if has_control(alasan):
        raise ValidationError(
            {"alasan": "Alasan memuat karakter kendali yang tidak dapat dicetak."}
        )
    cleaned = clean_text(alasan)
    if not cleaned:
        raise ValidationError({"alasan": "Alasan wajib diisi."})
    if len(cleaned) > MAX["alasan"]:
        raise ValidationError({"alasan": f"Alasan paling banyak {MAX['alasan']} karakter."})
    return cleaned


def form_of(session: Session, surat_id: int) -> SuratMasukForm:
    """The stored letter as a form, for a correction."""
    surat = _get(session, surat_id)
    return SuratMasukForm(
        nomor_surat=surat.nomor_surat,
        asal=surat.asal,
        perihal=surat.perihal,
        tanggal_terima=surat.tanggal_terima.isoformat(),
        tanggal_surat=surat.tanggal_surat.isoformat() if surat.tanggal_surat else "",
        lampiran=surat.lampiran,
        sifat=surat.sifat,
        derajat=surat.derajat,
        klasifikasi=surat.klasifikasi or "",
        tujuan_jabatan_id=surat.tujuan_jabatan_id,
        jenis_naskah=surat.jenis_naskah or "",
        keterangan=surat.keterangan,
    )


def correct(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    form: SuratMasukForm,
    alasan: str,
    now: datetime | None = None,
) -> SuratRow:
    """A reasoned correction of a registered letter (journaled with before and after).

    The nomor agenda and its year never change: a letter entered in the wrong year is cancelled
    and registered again.
    """
    now = now or utcnow()
    actor.require(*PETUGAS_ROLES, action="koreksi surat masuk")
    surat = _get(session, surat_id)
    if surat.status == SuratStatus.BATAL:
        raise ServiceError(f"Surat {surat.agenda_teks} sudah batal; tidak dapat dikoreksi.")
    errors: dict[str, str] = {}
    try:
        reason = _reason(alasan)
    except ValidationError as exc:
        errors.update(exc.errors)
        reason = ""
    clean, form_errors = validate(session, replace(form, berkas=()), now=now, current=surat)
    errors.update(form_errors)
    if clean is not None and clean.tanggal_terima.year != surat.tahun:
        errors["tanggal_terima"] = (
            f"Tahun tanggal terima harus {surat.tahun} (tahun nomor agenda {surat.agenda_teks})."
        )
    if errors or clean is None:
        raise ValidationError(errors)
    before = _state(surat)
    changes = {
        "nomor_surat": clean.nomor_surat,
        "nomor_surat_norm": nomor_norm(clean.nomor_surat),
        "tanggal_surat": clean.tanggal_surat,
        "asal": clean.asal,
        "asal_norm": asal_norm(clean.asal),
        "perihal": clean.perihal,
        "lampiran": clean.lampiran,
        "sifat": clean.sifat,
        "derajat": clean.derajat,
        "klasifikasi": clean.klasifikasi,
        "jenis_naskah": clean.jenis_naskah,
        "tujuan_jabatan_id": clean.tujuan_jabatan_id,
        "tujuan_nama": clean.tujuan_nama,
        "keterangan": clean.keterangan,
    }
    if clean.tanggal_terima != surat.tanggal_terima:
        changes["tanggal_terima"] = clean.tanggal_terima
        changes["diterima_at"] = clean.diterima_at
    if all(getattr(surat, key) == value for key, value in changes.items()):
        raise ValidationError({"alasan": "Tidak ada yang diubah."})
    for key, value in changes.items():
        setattr(surat, key, value)
    session.add(surat)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="koreksi",
        record_type=SUBJECT_TYPE,
        record_id=surat_id,
        before=before,
        after=_state(surat) | {"alasan": reason},
    )
    return _row(surat)


def cancel(
    session: Session, *, actor: Actor, surat_id: int, alasan: str, now: datetime | None = None
) -> SuratRow:
    """Cancel a registration (status batal with the reason); the number stays in the register
    and is never given again. Its SOP run is cancelled too."""
    now = now or utcnow()
    actor.require(*PETUGAS_ROLES, action="pembatalan surat masuk")
    reason = _reason(alasan)
    surat = _get(session, surat_id)
    if surat.status == SuratStatus.BATAL:
        raise ServiceError(f"Surat {surat.agenda_teks} sudah batal.")
    before = _state(surat)
    surat.status = SuratStatus.BATAL
    surat.alasan_batal = reason
    surat.dibatalkan_at = now
    surat.tenggat = None
    session.add(surat)
    # Open disposisi of a cancelled letter wait for nobody: their recipients' rows close too.
    open_rows = session.exec(
        select(DisposisiPenerima).where(
            DisposisiPenerima.surat_id == surat_id,
            col(DisposisiPenerima.status).in_([PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA]),
        )
    ).all()
    for row in open_rows:
        row.status = PenerimaStatus.BATAL
        session.add(row)
    session.flush()
    _cancel_run(session, actor, surat, f"Surat masuk dibatalkan: {reason}", now)
    journal.record(
        session,
        actor=actor,
        action="batal",
        record_type=SUBJECT_TYPE,
        record_id=surat_id,
        before=before,
        after=_state(surat) | {"disposisi_ditutup": [row.nama for row in open_rows]},
    )
    return _row(surat)


def _cancel_run(
    session: Session, actor: Actor, surat: SuratMasuk, alasan: str, now: datetime
) -> None:
    if surat.run_id is None:
        return
    run = procedure.get_run(session, surat.run_id, now=now)
    if run.status == RunStatus.BERJALAN:
        procedure.cancel_run(
            session,
            actor=actor,
            run_id=surat.run_id,
            alasan=alasan[: procedure.MAX_ALASAN],
            now=now,
            authorized=True,
        )


def add_scans(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    paths: Sequence[str],
    attachment_dir: Path,
) -> list[BerkasView]:
    """Add scans to a registered letter: the petugas, or a pejabat the letter was disposed to
    (the document of his tindak lanjut; the journal names who added it)."""
    if not may_add_scans(session, actor, surat_id):
        actor.require(*PETUGAS_ROLES, action="penambahan pindaian surat")
    surat = _get(session, surat_id)
    if surat.status == SuratStatus.BATAL:
        raise ServiceError(f"Surat {surat.agenda_teks} sudah batal.")
    if not paths:
        raise ValidationError({"berkas": "Lokasi berkas wajib diisi."})
    for index, path in enumerate(paths, start=1):
        problem = _check_path(path)
        if problem:
            raise ValidationError({"berkas": f"Pindaian {index}: {problem}"})
    rows = _store_scans(session, actor, surat_id, paths, attachment_dir)
    journal.record(
        session,
        actor=actor,
        action="tambah_pindaian",
        record_type=SUBJECT_TYPE,
        record_id=surat_id,
        after={"berkas": [row.ref for row in rows]},
    )
    return [_berkas_view(row) for row in rows]


def may_add_scans(session: Session, actor: Actor, surat_id: int) -> bool:
    """The petugas and the administrator; anyone else only as a recipient of the letter's
    disposisi (by name, by a position held or by his unit) or the holder of the position it
    is addressed to."""
    if actor.has(*PETUGAS_ROLES):
        return True
    if actor.id is None:
        return False
    held = [
        j
        for j in session.exec(
            select(Jabatan.id).where(Jabatan.user_id == actor.id, col(Jabatan.aktif).is_(True))
        ).all()
        if j is not None
    ]
    surat = session.get(SuratMasuk, surat_id)
    if surat is not None and surat.tujuan_jabatan_id in held:
        return True
    user = session.get(User, actor.id)
    who = [col(DisposisiPenerima.user_id) == actor.id]
    if held:
        who.append(col(DisposisiPenerima.jabatan_id).in_(held))
    if user is not None and user.unit_id is not None:
        who.append(col(DisposisiPenerima.unit_id) == user.unit_id)
    found = session.exec(
        select(DisposisiPenerima.id)
        .where(
            DisposisiPenerima.surat_id == surat_id,
            DisposisiPenerima.status != PenerimaStatus.BATAL,
            or_(*who),
        )
        .limit(1)
    ).first()
    return found is not None


def cancel_scan(session: Session, *, actor: Actor, berkas_id: int, alasan: str) -> BerkasView:
    """Withdraw a scan (wrong file): it stays listed as batal with the reason."""
    actor.require(*PETUGAS_ROLES, action="pembatalan pindaian")
    reason = _reason(alasan)
    row = session.get(SuratBerkas, berkas_id)
    if row is None:
        raise NotFound(f"Pindaian nomor {berkas_id} tidak ditemukan.")
    if not row.aktif:
        raise ServiceError("Pindaian ini sudah dibatalkan.")
    before = row.model_dump(mode="json")
    row.aktif = False
    row.alasan_batal = reason
    session.add(row)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="batal_pindaian",
        record_type=SUBJECT_TYPE,
        record_id=row.surat_id,
        before=before,
        after=row.model_dump(mode="json"),
    )
    return _berkas_view(row)


def open_scan(session: Session, *, berkas_id: int, attachment_dir: Path) -> Path:
    """The verified stored file of a scan (for the system viewer).

    Raises:
        ServiceError: the file is missing or has been altered since it was stored.
    """
    row = session.get(SuratBerkas, berkas_id)
    if row is None:
        raise NotFound(f"Pindaian nomor {berkas_id} tidak ditemukan.")
    return attachments.open_verified(attachment_dir, row.ref)


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuratFilter:
    """Filters of the buku agenda. Empty fields do not filter."""

    tahun: int | None = None
    bulan: int | None = None
    dari: date | None = None
    sampai: date | None = None
    sifat: str | None = None
    klasifikasi: str | None = None
    """A kode or the start of one (``PL.01`` also finds ``PL.01.1``)."""
    asal: str | None = None
    status: tuple[SuratStatus, ...] = ()
    terlambat_per: date | None = None
    """Only letters with an open disposisi past its batas waktu as of this day."""
    teks: str = ""
    """Quick search over nomor agenda, nomor surat, asal and perihal."""

    @property
    def aktif(self) -> int:
        """How many filters are set (for the filter bar)."""
        return sum(
            1
            for f in fields(self)
            if getattr(self, f.name) not in (None, "", ()) and f.name != "teks"
        )


SORTS = ("agenda", "tanggal")
"""Orders of the register: by nomor agenda (year, number) or by tanggal terima."""


def _fts_query(teks: str) -> str | None:
    """An FTS5 query of the words as phrases (every word must occur), or None when a word is
    shorter than a trigram (the LIKE fallback). Double quotes are dropped, not searched."""
    words = [w for w in clean_text(teks.replace('"', " ")).split() if w]
    if not words or any(len(w) < 3 for w in words):
        return None
    return " ".join(f'"{w}"' for w in words)


def _uses_fts(session: Session) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "sqlite"


def _klasifikasi_condition(kode: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """The code and every code below it. A range rather than LIKE so the index serves it:
    "PL.01." up to "PL.01/" ("/" sorts right after ".") holds every code below PL.01. With
    ``indexed`` False the column is wrapped so SQLite walks the register's sort index instead
    (faster for a first page when the code covers many letters)."""
    kode = kode.strip().upper()
    column_ = col(SuratMasuk.klasifikasi)
    target = column_ if indexed else func.coalesce(column_, "")
    return or_(target == kode, (target >= kode + ".") & (target < kode + "/"))


KLASIFIKASI_MANY = 2000
"""Above this many letters under a code, a page walks the sort index instead of the code's."""


def _klasifikasi_is_common(session: Session, kode: str) -> bool:
    capped = (
        select(SuratMasuk.id).where(_klasifikasi_condition(kode)).limit(KLASIFIKASI_MANY + 1)
    ).subquery()
    found = session.exec(select(func.count()).select_from(capped)).one()
    return int(found) > KLASIFIKASI_MANY


def _filtered(  # type: ignore[no-untyped-def]
    session: Session, query, flt: SuratFilter, *, klasifikasi_indexed: bool = True
):
    if flt.tahun is not None:
        query = query.where(SuratMasuk.tahun == flt.tahun)
    if flt.bulan is not None and flt.tahun is not None:
        first = date(flt.tahun, flt.bulan, 1)
        last = date(flt.tahun + (flt.bulan == 12), flt.bulan % 12 + 1, 1)
        query = query.where(SuratMasuk.tanggal_terima >= first, SuratMasuk.tanggal_terima < last)
    if flt.dari is not None:
        query = query.where(SuratMasuk.tanggal_terima >= flt.dari)
    if flt.sampai is not None:
        query = query.where(SuratMasuk.tanggal_terima <= flt.sampai)
    if flt.sifat:
        query = query.where(SuratMasuk.sifat == flt.sifat)
    if flt.klasifikasi:
        query = query.where(_klasifikasi_condition(flt.klasifikasi, indexed=klasifikasi_indexed))
    if flt.asal:
        query = query.where(col(SuratMasuk.asal_norm).contains(fold(flt.asal), autoescape=True))
    if flt.status:
        query = query.where(col(SuratMasuk.status).in_(flt.status))
    if flt.terlambat_per is not None:
        query = query.where(
            SuratMasuk.status == SuratStatus.PROSES, col(SuratMasuk.tenggat) < flt.terlambat_per
        )
    teks = clean_text(flt.teks)
    if teks:
        conditions: list[ColumnElement[bool]] = []
        template, kode = _agenda_format(session)
        agenda = parse_agenda(teks, template, kode)
        if agenda is not None:
            urut, tahun = agenda
            # With the year in the condition the (tahun, nomor_agenda) index finds the row; without
            # one, every year of the series is listed so the index still serves.
            tahun_list = [tahun] if tahun is not None else _series_years(session)
            conditions.append(
                col(SuratMasuk.tahun).in_(tahun_list) & (col(SuratMasuk.nomor_agenda) == urut)
            )
        match = _fts_query(teks) if _uses_fts(session) else None
        if match is not None:
            # "+id" keeps SQLite walking the sort index and testing each row against the match
            # list, instead of fetching every match and sorting them all (a common word matches
            # hundreds of thousands of letters; the first page needs a hundred).
            # An agenda-like text ("123/2026") matches few letters: then both halves of the OR
            # use their index and the handful of rows is sorted.
            rowid = col(SuratMasuk.id) if agenda is not None else col(SuratMasuk.id) + 0
            conditions.append(
                rowid.in_(
                    text("SELECT rowid FROM surat_masuk_fts WHERE surat_masuk_fts MATCH :q")
                    .bindparams(q=match)
                    .columns(column("rowid", Integer))
                )
            )
        else:
            needle = fold(teks)
            conditions.append(
                or_(
                    col(SuratMasuk.nomor_surat_norm).contains(
                        "".join(needle.split()), autoescape=True
                    ),
                    col(SuratMasuk.asal_norm).contains(needle, autoescape=True),
                    func.lower(SuratMasuk.perihal).contains(needle, autoescape=True),
                )
            )
        query = query.where(or_(*conditions))
    return query


Cursor = tuple[object, object]
"""Where a page ends: (tahun, nomor_agenda) or (tanggal_terima, id) of its last row."""


def cursor_of(row: SuratRow, sort: str) -> Cursor:
    """The cursor after ``row`` in ``sort`` order."""
    if sort == "tanggal":
        return (row.tanggal_terima, row.id)
    return (row.tahun, row.nomor_agenda)


def list_surat(
    session: Session,
    flt: SuratFilter | None = None,
    *,
    sort: str = "agenda",
    descending: bool = True,
    after: Cursor | None = None,
    limit: int = 100,
) -> list[SuratRow]:
    """One page of the buku agenda (keyset paging: rows after ``after`` in the sort order)."""
    flt = flt or SuratFilter()
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    keys: tuple[Any, Any] = (
        (SuratMasuk.tanggal_terima, SuratMasuk.id)
        if sort == "tanggal"
        else (SuratMasuk.tahun, SuratMasuk.nomor_agenda)
    )
    common = bool(flt.klasifikasi) and _klasifikasi_is_common(session, flt.klasifikasi or "")
    query = _filtered(session, select(SuratMasuk), flt, klasifikasi_indexed=not common)
    if after is not None:
        # A row-value comparison: the index seeks straight to the cursor (the OR form made SQLite
        # scan from the top, slow for a page deep in a million rows).
        key, cursor = tuple_(*keys), tuple_(*after)
        query = query.where(key < cursor if descending else key > cursor)
    order = [k.desc() for k in keys] if descending else [k.asc() for k in keys]
    rows = session.exec(query.order_by(*order).limit(limit)).all()
    return [_row(s) for s in rows]


def count_surat(session: Session, flt: SuratFilter | None = None) -> int:
    """How many letters match the filters."""
    flt = flt or SuratFilter()
    teks = clean_text(flt.teks)
    if teks and replace(flt, teks="") == SuratFilter() and _uses_fts(session):
        template, kode = _agenda_format(session)
        match = _fts_query(teks)
        if match is not None and parse_agenda(teks, template, kode) is None:
            # Text alone: count in the full-text index, without touching the register.
            statement = text(
                "SELECT count(*) FROM surat_masuk_fts WHERE surat_masuk_fts MATCH :q"
            ).bindparams(q=match)
            return int(session.execute(statement).scalar_one())
    query = _filtered(session, select(func.count()).select_from(SuratMasuk), flt)
    return int(session.exec(query).one())


def _series_years(session: Session) -> list[int]:
    rows = session.exec(
        select(NumberSeries.tahun).where(NumberSeries.seri == numbering.SERI_AGENDA_MASUK)
    ).all()
    return list(rows)


def years(session: Session) -> list[int]:
    """The years present in the register, newest first (from the number series: one small row
    per year instead of a scan of the register)."""
    return sorted(_series_years(session), reverse=True)


def find_by_agenda(session: Session, *, nomor: int, tahun: int) -> SuratRow:
    """The letter with this nomor agenda in this year."""
    surat = session.exec(
        select(SuratMasuk).where(SuratMasuk.tahun == tahun, SuratMasuk.nomor_agenda == nomor)
    ).first()
    if surat is None:
        raise NotFound(f"Tidak ada surat masuk dengan nomor agenda {nomor} tahun {tahun}.")
    return _row(surat)


def get_row(session: Session, surat_id: int) -> SuratRow:
    """One row of the register."""
    return _row(_get(session, surat_id))


def get_detail(session: Session, surat_id: int) -> SuratDetail:
    """A letter with its names resolved and its scans."""
    surat = _get(session, surat_id)
    options = {
        (row.kind, row.kode): row.nama
        for row in session.exec(
            select(ReferenceOption).where(
                col(ReferenceOption.kind).in_([OptionKind.SIFAT, OptionKind.DERAJAT])
            )
        ).all()
    }
    klas = session.get(KodeKlasifikasi, surat.klasifikasi) if surat.klasifikasi else None
    berkas = session.exec(
        select(SuratBerkas).where(SuratBerkas.surat_id == surat_id).order_by(col(SuratBerkas.id))
    ).all()
    return SuratDetail(
        row=_row(surat),
        jenis_naskah=surat.jenis_naskah,
        sifat_nama=options.get((OptionKind.SIFAT, surat.sifat), surat.sifat),
        derajat_nama=options.get((OptionKind.DERAJAT, surat.derajat), surat.derajat),
        klasifikasi_uraian=klas.uraian if klas else "",
        diterima_at=surat.diterima_at,
        dicatat_oleh_nama=surat.dicatat_oleh_nama,
        dicatat_at=surat.dicatat_at,
        tindak_lanjut=surat.tindak_lanjut,
        selesai_at=surat.selesai_at,
        alasan_arsip=surat.alasan_arsip,
        alasan_batal=surat.alasan_batal,
        dibatalkan_at=surat.dibatalkan_at,
        berkas=tuple(_berkas_view(b) for b in berkas),
    )


def suggest_asal(session: Session, prefix: str, *, limit: int = 10) -> list[str]:
    """Earlier senders starting with ``prefix`` (through the index), most used first; failing
    that, senders of the last few thousand letters containing it. For completion in the form."""
    needle = fold(prefix)
    if not needle:
        return []
    starts = (col(SuratMasuk.asal_norm) >= needle) & (col(SuratMasuk.asal_norm) < needle + "\uffff")
    recent = select(SuratMasuk.id).order_by(col(SuratMasuk.id).desc()).limit(5000).scalar_subquery()
    found: list[str] = []
    for condition in (
        starts,
        col(SuratMasuk.asal_norm).contains(needle, autoescape=True)
        & col(SuratMasuk.id).in_(recent),
    ):
        # Group on the indexed column only (a covering index scan), then fetch one spelling of
        # each sender as last written.
        groups = session.exec(
            select(SuratMasuk.asal_norm)
            .where(condition)
            .group_by(col(SuratMasuk.asal_norm))
            .order_by(func.count().desc())
            .limit(limit)
        ).all()
        for norm in groups:
            asal = session.exec(
                select(SuratMasuk.asal)
                .where(SuratMasuk.asal_norm == norm)
                .order_by(col(SuratMasuk.id).desc())
                .limit(1)
            ).first()
            if asal and asal not in found:
                found.append(asal)
        if found:
            break
    return found[:limit]


# The field checks other registers share (surat keluar uses the same lists and messages).
check_option = _option
check_klasifikasi = _klasifikasi
check_jenis = _jenis
check_path = _check_path
