"""Nomor surat keluar: the office's numbering series, taking a number at signature, reserving,
returning and voiding numbers, the sisipan (back-dated insert), and the ledger and gap report
auditors read.

Every number ever taken is a :class:`NomorSurat` row, written in the same transaction that
advances its series (:func:`kpu_tui.services.numbering.take_number`, under ``BEGIN IMMEDIATE``
on SQLite), so the series has no gap: each ``urut`` from 1 to the series' last is a ledger row
whose state says what became of it. A row is never deleted and its number never given again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from kpu_tui.models import (
    JenisNaskah,
    NomorStatus,
    NomorSurat,
    NumberSeries,
    Office,
    Role,
    SeriNomor,
    SeriNomorJenis,
    SuratKeluar,
    Unit,
    utcnow,
)
from kpu_tui.rules import nomor_surat as rules
from kpu_tui.rules.dates import parse_tanggal

from . import journal, numbering, procedure
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError
from .surat_keluar_views import GapEntry, NomorView, SeriView, nomor_view
from .surat_masuk import check_jenis, check_klasifikasi, clean_text, has_control

SERI_PREFIX = "keluar:"
"""The :class:`NumberSeries` key of an outgoing series is this prefix and the series kode."""
KEEPERS = (Role.PETUGAS, Role.KASUBBAG, Role.ADMIN)
"""Roles that reserve, return and void numbers."""
SISIPAN_ROLES = (Role.KASUBBAG, Role.ADMIN)
"""Roles that may give a back-dated sisipan number."""
MAX_ALASAN = 500
MAX_KEPERLUAN = 500
MAX_NAMA = 120
EARLIEST = date(2000, 1, 1)
RECORD_TYPE = "nomor_surat"


# -- series ----------------------------------------------------------------------------------


def _seri_view(session: Session, seri: SeriNomor) -> SeriView:
    assert seri.id is not None
    jenis = session.exec(
        select(SeriNomorJenis.jenis_kode)
        .where(SeriNomorJenis.seri_kode == seri.kode)
        .order_by(col(SeriNomorJenis.jenis_kode))
    ).all()
    return SeriView(
        id=seri.id,
        kode=seri.kode,
        nama=seri.nama,
        format=seri.format,
        bawaan=seri.bawaan,
        aktif=seri.aktif,
        jenis=tuple(jenis),
    )


def list_series(session: Session) -> list[SeriView]:
    """Every series, in their order (the default one flagged ``bawaan``)."""
    rows = session.exec(select(SeriNomor).order_by(col(SeriNomor.urutan), col(SeriNomor.id))).all()
    return [_seri_view(session, row) for row in rows]


def series_for(session: Session, jenis_kode: str) -> SeriNomor:
    """The series a jenis naskah takes its numbers from (the default series when unmapped or
    mapped to an inactive series)."""
    mapped = session.exec(
        select(SeriNomor)
        .join(SeriNomorJenis, col(SeriNomorJenis.seri_kode) == col(SeriNomor.kode))
        .where(SeriNomorJenis.jenis_kode == jenis_kode, col(SeriNomor.aktif).is_(True))
    ).first()
    if mapped is not None:
        return mapped
    default = session.exec(
        select(SeriNomor).where(col(SeriNomor.bawaan).is_(True), col(SeriNomor.aktif).is_(True))
    ).first()
    if default is None:
        raise ServiceError(
            "Belum ada seri nomor bawaan. Administrator mengaturnya di Admin > Seri nomor."
        )
    return default


_KODE = re.compile(r"^[a-z0-9_]{2,30}$")


def save_series(
    session: Session,
    *,
    actor: Actor,
    kode: str,
    nama: str,
    format: str,
    jenis: Sequence[str] = (),
    bawaan: bool = False,
    aktif: bool = True,
) -> SeriView:
    """Create a series or change one (found by ``kode``): its name, template, the jenis naskah
    that take numbers from it (moved from any other series), and whether it is the default.

    Changing a template never renumbers: every ledger row keeps the number as written.

    Raises:
        PermissionDenied: the actor is not an admin.
        ValidationError: keyed by ``kode``, ``nama``, ``format``, ``jenis`` or ``bawaan``.
    """
    actor.require(Role.ADMIN, action="pengaturan seri nomor")
    errors: dict[str, str] = {}
    kode = kode.strip().lower()
    if not _KODE.match(kode):
        errors["kode"] = "Kode seri 2-30 huruf kecil, angka atau garis bawah (mis. korespondensi)."
    nama = clean_text(nama)
    if has_control(nama) or not nama:
        errors["nama"] = "Nama seri wajib diisi."
    elif len(nama) > 120:
        errors["nama"] = "Nama seri paling banyak 120 karakter."
    try:
        template = rules.parse_format(format).template
    except rules.FormatError as exc:
        errors["format"] = str(exc)
        template = ""
    known = {row.kode for row in session.exec(select(JenisNaskah)).all()}
    wanted = sorted({j.strip() for j in jenis if j.strip()})
    unknown = [j for j in wanted if j not in known]
    if unknown:
        errors["jenis"] = f"Jenis naskah tidak dikenal: {', '.join(unknown)}."
    row = session.exec(select(SeriNomor).where(SeriNomor.kode == kode)).first()
    defaults = session.exec(select(SeriNomor).where(col(SeriNomor.bawaan).is_(True))).all()
    if row is not None and row.bawaan and not bawaan:
        errors["bawaan"] = "Harus ada satu seri bawaan: jadikan seri lain bawaan lebih dulu."
    if (bawaan or (row is not None and row.bawaan)) and not aktif:
        errors["bawaan"] = "Seri bawaan tidak dapat dinonaktifkan."
    if errors:
        raise ValidationError(errors)
    before = _seri_view(session, row).__dict__ if row is not None else None
    if row is None:
        count = session.exec(select(func.count()).select_from(SeriNomor)).one()
        row = SeriNomor(kode=kode, nama=nama, format=template, urutan=int(count) + 1)
    row.nama, row.format, row.aktif = nama, template, aktif
    if bawaan:
        for other in defaults:
            if other.kode != kode:
                other.bawaan = False
                session.add(other)
        row.bawaan = True
    session.add(row)
    session.flush()
    # A jenis taken out of a series goes back to the default series (what an unmapped jenis
    # uses anyway): the mapping row is moved, never deleted.
    fallback = session.exec(select(SeriNomor.kode).where(col(SeriNomor.bawaan).is_(True))).first()
    current = session.exec(select(SeriNomorJenis).where(SeriNomorJenis.seri_kode == kode)).all()
    for link in current:
        if link.jenis_kode not in wanted and fallback is not None and fallback != kode:
            link.seri_kode = fallback
            session.add(link)
    for jenis_kode in wanted:
        mapped = session.get(SeriNomorJenis, jenis_kode)
        if mapped is None:
            session.add(SeriNomorJenis(jenis_kode=jenis_kode, seri_kode=kode))
        elif mapped.seri_kode != kode:
            mapped.seri_kode = kode
            session.add(mapped)
    session.flush()
    view = _seri_view(session, row)
    assert row.id is not None
    journal.record(
        session,
        actor=actor,
        action="ubah" if before else "tambah",
        record_type="seri_nomor",
        record_id=row.id,
        before=before,
        after=view.__dict__,
    )
    return view


# -- taking a number -------------------------------------------------------------------------


def _kode_wilayah(session: Session) -> str:
    office = session.exec(select(Office).limit(1)).first()
    return office.kode_wilayah if office else ""


def parts_for(
    session: Session,
    *,
    tanggal: date,
    jenis: str,
    klasifikasi: str | None,
    unit_id: int | None,
) -> rules.NomorParts:
    """What a number is made of, from a letter's fields and the office profile."""
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return rules.NomorParts(
        tahun=tanggal.year,
        bulan=tanggal.month,
        klasifikasi=klasifikasi or "",
        jenis=jenis,
        kode_wilayah=_kode_wilayah(session),
        unit=unit.kode if unit else "",
    )


def _format(seri: SeriNomor) -> rules.NomorFormat:
    try:
        return rules.parse_format(seri.format)
    except rules.FormatError as exc:
        raise ServiceError(
            f"Format nomor seri {seri.nama} tidak dapat dipakai: {exc} "
            "Administrator membetulkannya di Admin > Seri nomor."
        ) from exc


def check_parts(
    session: Session, *, jenis: str, klasifikasi: str | None, unit_id: int | None, tanggal: date
) -> dict[str, str]:
    """Errors (keyed by the letter's field) when the series of ``jenis`` cannot write a number
    for these fields, e.g. a template with ``{klasifikasi}`` and no kode klasifikasi."""
    seri = series_for(session, jenis)
    parts = parts_for(
        session, tanggal=tanggal, jenis=jenis, klasifikasi=klasifikasi, unit_id=unit_id
    )
    try:
        _format(seri).render(1, parts)
    except rules.MissingPart as exc:
        field = {"jenis": "jenis_naskah", "unit": "pengolah_unit_id"}.get(exc.field, exc.field)
        return {field: str(exc)}
    return {}


def _last_date(session: Session, seri: str, tahun: int) -> date | None:
    found = session.exec(
        select(func.max(NomorSurat.tanggal)).where(
            NomorSurat.seri == seri, NomorSurat.tahun == tahun
        )
    ).one()
    return found if isinstance(found, date) else None


def _check_not_before(seri: SeriNomor, tanggal: date, last: date | None) -> None:
    if last is not None and tanggal < last:
        raise ValidationError(
            {
                "tanggal": f"Sudah ada nomor {seri.nama} bertanggal {last:%d-%m-%Y}; nomor"
                " untuk tanggal sebelumnya diberikan sebagai sisipan (oleh kasubbag atau"
                " admin)."
            }
        )


def _sisipan_number(
    session: Session, seri: SeriNomor, tahun: int, tanggal: date, last: date | None
) -> tuple[int, str]:
    """The urut and suffix of the next sisipan dated ``tanggal``; refused unless the date is
    before the series-year's newest number."""
    if last is None or tanggal >= last:
        raise ValidationError(
            {
                "tanggal": f"Tanggal {tanggal:%d-%m-%Y} tidak mendahului nomor {seri.nama}"
                " terakhir: berikan nomor biasa, bukan sisipan."
            }
        )
    urut = _sisipan_base(session, seri.kode, tahun, tanggal)
    taken = session.exec(
        select(func.count())
        .select_from(NomorSurat)
        .where(
            NomorSurat.seri == seri.kode,
            NomorSurat.tahun == tahun,
            NomorSurat.urut == urut,
            NomorSurat.sisipan != "",
        )
    ).one()
    return urut, rules.sisipan_suffix(int(taken))


def _sisipan_base(session: Session, seri: str, tahun: int, tanggal: date) -> int:
    """The urut a sisipan dated ``tanggal`` attaches to: the last plain number on or before
    that date, or, for a date before the year's first number, that first number."""
    before = session.exec(
        select(func.max(NomorSurat.urut)).where(
            NomorSurat.seri == seri,
            NomorSurat.tahun == tahun,
            NomorSurat.sisipan == "",
            col(NomorSurat.tanggal) <= tanggal,
        )
    ).one()
    if before:
        return int(before)
    first = session.exec(
        select(func.min(NomorSurat.urut)).where(
            NomorSurat.seri == seri, NomorSurat.tahun == tahun, NomorSurat.sisipan == ""
        )
    ).one()
    return int(first or 1)


def take(
    session: Session,
    *,
    actor: Actor,
    jenis: str,
    klasifikasi: str | None,
    unit_id: int | None,
    tanggal: date,
    status: NomorStatus = NomorStatus.TERPAKAI,
    surat_id: int | None = None,
    sisipan: bool = False,
    keperluan: str = "",
    untuk_nama: str = "",
    now: datetime | None = None,
) -> NomorSurat:
    """Take the next number of the series of ``jenis`` for a letter dated ``tanggal`` (its
    year is the series year), inside the caller's write transaction.

    A normal number may not be dated before the newest number of its series-year (the
    register would run backwards): a letter signed earlier and numbered late gets a
    ``sisipan`` instead, the number of the last letter on or before its date with a suffix
    (``123a``), which only a kasubbag or admin may give.

    Raises:
        PermissionDenied: a sisipan by someone other than a kasubbag or admin.
        ValidationError: a field the template needs is empty; the date is before the series'
            newest number (keyed ``tanggal``); no number to insert after.
    """
    now = now or utcnow()
    seri = series_for(session, jenis)
    fmt = _format(seri)
    key = SERI_PREFIX + seri.kode
    tahun = tanggal.year
    parts = parts_for(
        session, tanggal=tanggal, jenis=jenis, klasifikasi=klasifikasi, unit_id=unit_id
    )
    errors = check_parts(
        session, jenis=jenis, klasifikasi=klasifikasi, unit_id=unit_id, tanggal=tanggal
    )
    if errors:
        raise ValidationError(errors)
    suffix = ""
    last = _last_date(session, seri.kode, tahun)
    if sisipan:
        actor.require(*SISIPAN_ROLES, action="pemberian nomor sisipan")
        urut, suffix = _sisipan_number(session, seri, tahun, tanggal, last)
    else:
        _check_not_before(seri, tanggal, last)
        urut = numbering.take_number(session, seri=key, tahun=tahun)
    row = NomorSurat(
        seri=seri.kode,
        tahun=tahun,
        urut=urut,
        sisipan=suffix,
        nomor_teks=fmt.render(urut, parts, suffix),
        tanggal=tanggal,
        status=status,
        surat_keluar_id=surat_id,
        jenis_naskah=jenis,
        klasifikasi=klasifikasi,
        keperluan=keperluan,
        untuk_nama=untuk_nama,
        oleh_id=actor.id,
        oleh_nama=actor.name,
        dibuat_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    journal.record(
        session,
        actor=actor,
        action="ambil_sisipan" if suffix else "ambil",
        record_type=RECORD_TYPE,
        record_id=row.id,
        after=row.model_dump(mode="json"),
    )
    return row


def adopt(
    session: Session,
    *,
    actor: Actor,
    jenis: str,
    klasifikasi: str | None,
    tanggal: date,
    nomor_teks: str,
    urut: tuple[int, str],
    surat_id: int,
    now: datetime | None = None,
) -> NomorSurat:
    """Enter a number given outside the application (an imported register row) as written,
    and move its series past it: the next number taken continues after the year's highest
    ``urut``. Numbers skipped by the old register are not invented here; the gap report
    shows them as *hilang*, for the office to explain.

    Raises:
        ValidationError: keyed ``nomor_surat`` when this urut (and sisipan) is already in
            the ledger of its series-year.
    """
    now = now or utcnow()
    seri = series_for(session, jenis)
    tahun = tanggal.year
    number, suffix = urut
    exists = session.exec(
        select(NomorSurat.nomor_teks).where(
            NomorSurat.seri == seri.kode,
            NomorSurat.tahun == tahun,
            NomorSurat.urut == number,
            NomorSurat.sisipan == suffix,
        )
    ).first()
    if exists is not None:
        raise ValidationError(
            {"nomor_surat": f"Nomor urut {number}{suffix} tahun {tahun} sudah dipakai ({exists})."}
        )
    key = SERI_PREFIX + seri.kode
    numbering.advance_to(session, seri=key, tahun=tahun, terakhir=number)
    row = NomorSurat(
        seri=seri.kode,
        tahun=tahun,
        urut=number,
        sisipan=suffix,
        nomor_teks=nomor_teks,
        tanggal=tanggal,
        status=NomorStatus.TERPAKAI,
        surat_keluar_id=surat_id,
        jenis_naskah=jenis,
        klasifikasi=klasifikasi,
        oleh_id=actor.id,
        oleh_nama=actor.name,
        dibuat_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    journal.record(
        session,
        actor=actor,
        action="impor",
        record_type=RECORD_TYPE,
        record_id=row.id,
        after=row.model_dump(mode="json"),
    )
    return row


def preview(
    session: Session,
    *,
    jenis: str,
    klasifikasi: str | None,
    unit_id: int | None,
    tanggal: date,
    sisipan: bool = False,
) -> str:
    """The number a letter would get if signed now (the next of its series, or the sisipan
    for its date; another letter signed first takes it). Raises :class:`ValidationError` as
    :func:`take`."""
    seri = series_for(session, jenis)
    errors = check_parts(
        session, jenis=jenis, klasifikasi=klasifikasi, unit_id=unit_id, tanggal=tanggal
    )
    if errors:
        raise ValidationError(errors)
    last = _last_date(session, seri.kode, tanggal.year)
    parts = parts_for(
        session, tanggal=tanggal, jenis=jenis, klasifikasi=klasifikasi, unit_id=unit_id
    )
    if sisipan:
        urut, suffix = _sisipan_number(session, seri, tanggal.year, tanggal, last)
        return _format(seri).render(urut, parts, suffix)
    _check_not_before(seri, tanggal, last)
    nxt = numbering.last_number(session, seri=SERI_PREFIX + seri.kode, tahun=tanggal.year) + 1
    return _format(seri).render(nxt, parts)


# -- reserve, return, void -------------------------------------------------------------------


def _reason(alasan: str, *, field: str = "alasan", label: str = "Alasan") -> str:
    if has_control(alasan):
        raise ValidationError({field: f"{label} memuat karakter kendali yang tidak dapat dicetak."})
    text = clean_text(alasan)
    if not text:
        raise ValidationError({field: f"{label} wajib diisi."})
    if len(text) > MAX_ALASAN:
        raise ValidationError({field: f"{label} paling banyak {MAX_ALASAN} karakter."})
    return text


def today(session: Session, now: datetime | None = None) -> date:
    """The office-local date now."""
    return procedure.office_clock(session).local(now or utcnow()).date()


def parse_date(
    session: Session, value: str, *, field: str, label: str, now: datetime | None = None
) -> date:
    """A date typed by the user ("" = today), not in the future and not before 2000."""
    now_day = today(session, now)
    if not value.strip():
        return now_day
    try:
        parsed = parse_tanggal(value, now_day)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    if parsed > now_day:
        raise ValidationError({field: f"{label} tidak boleh sesudah hari ini."})
    if parsed < EARLIEST:
        raise ValidationError({field: f"{label} tidak boleh sebelum tahun {EARLIEST.year}."})
    return parsed


def reserve(
    session: Session,
    *,
    actor: Actor,
    jenis_naskah: str,
    klasifikasi: str = "",
    pengolah_unit_id: int | None = None,
    tanggal: str = "",
    keperluan: str,
    untuk_nama: str,
    now: datetime | None = None,
) -> NomorView:
    """Reserve the next number for a letter made outside the application: its purpose and for
    whom are required. The number is written out now (so the jenis and klasifikasi are needed
    as for a signed letter); it is later recorded as a letter or returned.

    Raises:
        PermissionDenied: the actor is not a petugas, kasubbag or admin.
        ValidationError: keyed by ``jenis_naskah``, ``klasifikasi``, ``tanggal``,
            ``keperluan`` or ``untuk_nama``.
    """
    now = now or utcnow()
    actor.require(*KEEPERS, action="pemesanan nomor surat")
    errors: dict[str, str] = {}
    jenis = check_jenis(session, errors, jenis_naskah)
    if jenis is None and "jenis_naskah" not in errors:
        errors["jenis_naskah"] = "Jenis naskah wajib diisi."
    kode = check_klasifikasi(session, errors, klasifikasi)
    purpose, whom = "", ""
    try:
        purpose = _reason(keperluan, field="keperluan", label="Keperluan")
    except ValidationError as exc:
        errors |= exc.errors
    try:
        whom = _reason(untuk_nama, field="untuk_nama", label="Nama pemesan")
        if len(whom) > MAX_NAMA:
            errors["untuk_nama"] = f"Nama pemesan paling banyak {MAX_NAMA} karakter."
    except ValidationError as exc:
        errors |= exc.errors
    day = None
    try:
        day = parse_date(session, tanggal, field="tanggal", label="Tanggal", now=now)
    except ValidationError as exc:
        errors |= exc.errors
    if errors or jenis is None or day is None:
        raise ValidationError(errors)
    row = take(
        session,
        actor=actor,
        jenis=jenis,
        klasifikasi=kode,
        unit_id=pengolah_unit_id,
        tanggal=day,
        status=NomorStatus.DIPESAN,
        keperluan=purpose,
        untuk_nama=whom,
        now=now,
    )
    return nomor_view(row)


def _nomor(session: Session, nomor_id: int) -> NomorSurat:
    row = session.get(NomorSurat, nomor_id)
    if row is None:
        raise NotFound(f"Nomor surat {nomor_id} tidak ditemukan.")
    return row


def _change(
    session: Session,
    actor: Actor,
    row: NomorSurat,
    status: NomorStatus,
    alasan: str,
    action: str,
    now: datetime,
) -> NomorView:
    before = row.model_dump(mode="json")
    row.status = status
    row.alasan = alasan
    row.diubah_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    journal.record(
        session,
        actor=actor,
        action=action,
        record_type=RECORD_TYPE,
        record_id=row.id,
        before=before,
        after=row.model_dump(mode="json"),
    )
    surat = session.get(SuratKeluar, row.surat_keluar_id) if row.surat_keluar_id else None
    return nomor_view(row, surat)


def return_number(
    session: Session, *, actor: Actor, nomor_id: int, alasan: str, now: datetime | None = None
) -> NomorView:
    """Return a reserved number unused; it stays in the ledger as *dikembalikan* and is
    never given again."""
    now = now or utcnow()
    actor.require(*KEEPERS, action="pengembalian nomor surat")
    row = _nomor(session, nomor_id)
    if row.status != NomorStatus.DIPESAN:
        raise ServiceError(
            f"Nomor {row.nomor_teks} {NomorStatus(row.status).label}: hanya nomor yang dipesan"
            " dapat dikembalikan."
        )
    return _change(
        session, actor, row, NomorStatus.DIKEMBALIKAN, _reason(alasan), "kembalikan", now
    )


def void(
    session: Session, *, actor: Actor, nomor_id: int, alasan: str, now: datetime | None = None
) -> NomorView:
    """Void a reserved number with a reason (it stays in the ledger as BATAL). A number given
    to a letter is voided by cancelling the letter (:func:`surat_keluar.cancel`)."""
    now = now or utcnow()
    actor.require(*KEEPERS, action="pembatalan nomor surat")
    row = _nomor(session, nomor_id)
    if row.status == NomorStatus.TERPAKAI:
        raise ServiceError(
            f"Nomor {row.nomor_teks} dipakai sebuah surat: batalkan suratnya, nomornya ikut batal."
        )
    if row.status != NomorStatus.DIPESAN:
        raise ServiceError(f"Nomor {row.nomor_teks} sudah {NomorStatus(row.status).label}.")
    return _change(session, actor, row, NomorStatus.BATAL, _reason(alasan), "batal", now)


def void_for_letter(
    session: Session, *, actor: Actor, nomor_id: int, alasan: str, now: datetime
) -> None:
    """Void the number of a letter being cancelled (called by the surat keluar service)."""
    row = _nomor(session, nomor_id)
    if row.status != NomorStatus.BATAL:
        _change(session, actor, row, NomorStatus.BATAL, alasan, "batal", now)


# -- the ledger ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NomorFilter:
    """Filters of the ledger; empty fields do not filter."""

    tahun: int | None = None
    seri: str | None = None
    status: tuple[NomorStatus, ...] = ()


NomorCursor = tuple[Any, ...]
SERI_LAST = 1_000_000
"""Where a number of a series no longer in the settings sorts (after every known one)."""


def cursor_of(view: NomorView) -> NomorCursor:
    """Where a page ends."""
    return (
        view.tahun,
        view.seri_urutan,
        view.seri,
        view.urut,
        len(view.sisipan),
        view.sisipan,
        view.id,
    )


def _ledger_query(query: Any, flt: NomorFilter) -> Any:
    if flt.tahun is not None:
        query = query.where(NomorSurat.tahun == flt.tahun)
    if flt.seri:
        query = query.where(NomorSurat.seri == flt.seri)
    if flt.status:
        query = query.where(col(NomorSurat.status).in_(flt.status))
    return query


def list_nomor(
    session: Session,
    flt: NomorFilter | None = None,
    *,
    after: NomorCursor | None = None,
    limit: int = 200,
) -> list[NomorView]:
    """One page of the ledger in number order: year, series in the office's order, urut,
    sisipan.

    For one year (what the screens, the book and the export ask for) the page is read series
    by series, each through the ``(tahun, seri, urut)`` index, so a page costs the same at the
    first number of a year as at its hundred-thousandth; across years the order is computed.
    """
    flt = flt or NomorFilter()
    if flt.tahun is None:
        return _list_all_years(session, flt, after, limit)
    office = [
        (row.urutan, row.kode)
        for row in session.exec(select(SeriNomor).order_by(col(SeriNomor.urutan))).all()
    ]
    known = {kode for _, kode in office}
    present = session.exec(
        select(NomorSurat.seri).where(NomorSurat.tahun == flt.tahun).distinct()
    ).all()
    order = office + [(SERI_LAST, kode) for kode in sorted(set(present) - known)]
    if flt.seri:
        order = [(urutan, kode) for urutan, kode in order if kode == flt.seri]
    # The suffix by length, then letters: 1, 1a … 1z, 1aa (as rules.sisipan_order).
    keys = (
        col(NomorSurat.urut),
        func.length(NomorSurat.sisipan),
        col(NomorSurat.sisipan),
        col(NomorSurat.id),
    )
    out: list[NomorView] = []
    for urutan, kode in order:
        if after is not None and (urutan, kode) < (after[1], after[2]):
            continue
        query = _ledger_query(select(NomorSurat, SuratKeluar), replace(flt, seri=kode))
        query = query.outerjoin(SuratKeluar, col(SuratKeluar.id) == col(NomorSurat.surat_keluar_id))
        if after is not None and (urutan, kode) == (after[1], after[2]):
            query = query.where(tuple_(*keys) > tuple_(*after[3:]))
        rows = session.exec(query.order_by(*keys).limit(limit - len(out))).all()
        out += [nomor_view(nomor, surat, urutan) for nomor, surat in rows]
        if len(out) >= limit:
            break
    return out


def _list_all_years(
    session: Session, flt: NomorFilter, after: NomorCursor | None, limit: int
) -> list[NomorView]:
    urutan = func.coalesce(
        select(SeriNomor.urutan).where(SeriNomor.kode == NomorSurat.seri).scalar_subquery(),
        SERI_LAST,
    )
    keys = (
        col(NomorSurat.tahun),
        urutan,
        col(NomorSurat.seri),
        col(NomorSurat.urut),
        func.length(NomorSurat.sisipan),
        col(NomorSurat.sisipan),
        col(NomorSurat.id),
    )
    query = _ledger_query(select(NomorSurat, SuratKeluar, urutan), flt).outerjoin(
        SuratKeluar, col(SuratKeluar.id) == col(NomorSurat.surat_keluar_id)
    )
    if after is not None:
        query = query.where(tuple_(*keys) > tuple_(*after))
    rows = session.exec(query.order_by(*keys).limit(limit)).all()
    return [nomor_view(nomor, surat, int(order)) for nomor, surat, order in rows]


def count_nomor(session: Session, flt: NomorFilter | None = None) -> int:
    """How many ledger rows match."""
    query = _ledger_query(select(func.count()).select_from(NomorSurat), flt or NomorFilter())
    return int(session.exec(query).one())


def get_nomor(session: Session, nomor_id: int) -> NomorView:
    """One ledger row."""
    row = _nomor(session, nomor_id)
    surat = session.get(SuratKeluar, row.surat_keluar_id) if row.surat_keluar_id else None
    return nomor_view(row, surat)


def years(session: Session) -> list[int]:
    """The years with outgoing numbers, newest first."""
    rows = session.exec(
        select(NumberSeries.tahun).where(col(NumberSeries.seri).startswith(SERI_PREFIX)).distinct()
    ).all()
    return sorted(rows, reverse=True)


def _missing(session: Session, seri: str, tahun: int, terakhir: int) -> list[GapEntry]:
    """Plain numbers 1..terakhir with no ledger row. Counted first: when every number is
    there (always, unless the database was altered) the urut list is never read."""
    plain = (NomorSurat.seri == seri, NomorSurat.tahun == tahun, NomorSurat.sisipan == "")
    present = session.exec(
        select(func.count(func.distinct(NomorSurat.urut))).where(
            *plain, col(NomorSurat.urut) >= 1, col(NomorSurat.urut) <= terakhir
        )
    ).one()
    if int(present) == terakhir:
        return []
    found: list[GapEntry] = []
    expected = 1
    for urut in session.exec(select(NomorSurat.urut).where(*plain).order_by(col(NomorSurat.urut))):
        for missing in range(expected, min(urut, terakhir + 1)):
            found.append(GapEntry(seri, tahun, missing, "hilang", "", ""))
        expected = max(expected, urut + 1)
    for missing in range(expected, terakhir + 1):
        found.append(GapEntry(seri, tahun, missing, "hilang", "", ""))
    return found


def gaps(session: Session, *, tahun: int, seri: str | None = None) -> list[GapEntry]:
    """Every number of a year's series that is not on a live letter, in number order:
    voided (``batal``), returned (``dikembalikan``), reserved and not yet used (``dipesan``),
    and any ``urut`` up to the series' last with no ledger row at all (``hilang``: never
    produced by the application; it would mean the database was altered outside it)."""
    series = session.exec(
        select(NumberSeries).where(
            NumberSeries.tahun == tahun, col(NumberSeries.seri).startswith(SERI_PREFIX)
        )
    ).all()
    order = {row.kode: row.urutan for row in session.exec(select(SeriNomor)).all()}
    found: list[GapEntry] = []
    for number_series in sorted(
        series, key=lambda s: (order.get(s.seri.removeprefix(SERI_PREFIX), SERI_LAST), s.seri)
    ):
        kode = number_series.seri.removeprefix(SERI_PREFIX)
        if seri and kode != seri:
            continue
        entries = [
            ((g.urut, -1), g) for g in _missing(session, kode, tahun, number_series.terakhir)
        ]
        # The few numbers not in use, through the (status, tahun) index.
        unused = session.exec(
            select(NomorSurat).where(
                col(NomorSurat.status).in_(
                    (NomorStatus.DIPESAN, NomorStatus.DIKEMBALIKAN, NomorStatus.BATAL)
                ),
                NomorSurat.tahun == tahun,
                NomorSurat.seri == kode,
            )
        ).all()
        entries += [
            (
                (r.urut, rules.sisipan_order(r.sisipan)),
                GapEntry(kode, tahun, r.urut, NomorStatus(r.status).value, r.nomor_teks, r.alasan),
            )
            for r in unused
        ]
        found += [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]
    return found
