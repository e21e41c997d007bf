"""Ekspedisi: sending a signed letter to each tujuan (SOP 9.13 step 6) and recording its tanda
terima as returned; the buku ekspedisi page by page.

A letter is *dikirim* once every tujuan (tembusan included) is sent or withdrawn, and
*selesai* once every sent tujuan's tanda terima is back. The first dispatch records step 5
(numbered and recorded) when no archive scan did; the last one records step 6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from kpu_tui.models import (
    CARA_KIRIM_LABELS,
    BerkasJenis,
    CaraKirim,
    KeluarStatus,
    KirimStatus,
    Role,
    SuratKeluar,
    SuratKeluarTujuan,
    utcnow,
)
from kpu_tui.rules.disposisi import fold

from . import journal, nomor_surat, procedure
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError
from .surat_keluar import SUBJECT_TYPE, _store_files, advance
from .surat_keluar_views import EkspedisiRow, KirimForm, TujuanView, tujuan_view
from .surat_masuk import clean_text, has_control

DISPATCHERS = (Role.PETUGAS, Role.STAF, Role.ADMIN)
"""Roles that send letters and record tanda terima."""
MAX_RESI = 100
MAX_KETERANGAN = 500
MAX_NAMA = 120


def _cara(value: str) -> CaraKirim:
    wanted = fold(value)
    for cara in CaraKirim:
        if wanted in (cara.value, fold(CARA_KIRIM_LABELS[cara])):
            return cara
    if wanted in ("antar langsung", "langsung", "diantar"):
        return CaraKirim.ANTAR
    names = ", ".join(CARA_KIRIM_LABELS[c] for c in CaraKirim)
    raise ValidationError(
        {"cara_kirim": f"Cara kirim wajib dipilih: {names}."}
        if not wanted
        else {"cara_kirim": f"Cara kirim '{value.strip()}' tidak dikenal; pilih: {names}."}
    )


def _short(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    if has_control(value):
        raise ValidationError({field: f"{label} memuat karakter kendali yang tidak dapat dicetak."})
    text = clean_text(value)
    if required and not text:
        raise ValidationError({field: f"{label} wajib diisi."})
    if len(text) > limit:
        raise ValidationError({field: f"{label} paling banyak {limit} karakter."})
    return text


def _letter(session: Session, surat_id: int) -> SuratKeluar:
    surat = session.get(SuratKeluar, surat_id)
    if surat is None:
        raise NotFound(f"Surat keluar nomor {surat_id} tidak ditemukan.")
    return surat


def _rows(session: Session, surat_id: int) -> list[SuratKeluarTujuan]:
    return list(
        session.exec(
            select(SuratKeluarTujuan)
            .where(SuratKeluarTujuan.surat_id == surat_id)
            .order_by(col(SuratKeluarTujuan.urutan), col(SuratKeluarTujuan.id))
        ).all()
    )


def _refresh(session: Session, actor: Actor, surat: SuratKeluar, now: datetime) -> None:
    """Move the letter to dikirim / selesai as its tujuan allow (recording SOP step 6)."""
    assert surat.id is not None
    if surat.status == KeluarStatus.BATAL:
        return
    live = [r for r in _rows(session, surat.id) if r.status != KirimStatus.BATAL]
    if not live or any(r.status == KirimStatus.BELUM for r in live):
        return
    status = (
        KeluarStatus.SELESAI
        if all(r.status == KirimStatus.DITERIMA for r in live)
        else KeluarStatus.DIKIRIM
    )
    if status != surat.status:
        was = surat.status
        surat.status = status
        session.add(surat)
        session.flush()
        if was == KeluarStatus.TERBIT:
            names = "; ".join(r.nama for r in live)
            advance(session, actor, surat, 6, f"Dikirim kepada: {names}"[:1000], now)


def dispatch(
    session: Session,
    *,
    actor: Actor,
    tujuan_ids: Sequence[int],
    form: KirimForm,
    now: datetime | None = None,
) -> list[TujuanView]:
    """Send a signed letter to one or more of its tujuan (all of the same letter): how, when
    (not before the letter's date, not in the future) and the pos/courier receipt or email
    reference.

    Raises:
        PermissionDenied: the actor does not send letters.
        ValidationError: keyed by ``cara_kirim``, ``tanggal_kirim``, ``nomor_resi``,
            ``keterangan`` or ``tujuan``.
        ServiceError: the letter is not signed yet, is cancelled, or a tujuan is already sent.
    """
    now = now or utcnow()
    actor.require(*DISPATCHERS, action="pengiriman surat keluar")
    if not tujuan_ids:
        raise ValidationError({"tujuan": "Pilih sedikitnya satu tujuan."})
    rows = [session.get(SuratKeluarTujuan, i) for i in tujuan_ids]
    if any(r is None for r in rows):
        raise NotFound("Tujuan surat tidak ditemukan.")
    tujuan = [r for r in rows if r is not None]
    if len({r.surat_id for r in tujuan}) != 1:
        raise ValidationError({"tujuan": "Tujuan yang dipilih harus dari satu surat."})
    surat = _letter(session, tujuan[0].surat_id)
    if surat.status not in (KeluarStatus.TERBIT, KeluarStatus.DIKIRIM, KeluarStatus.SELESAI):
        raise ServiceError(
            f"Surat {KeluarStatus(surat.status).label}: hanya surat yang sudah ditandatangani"
            " dan bernomor yang dapat dikirim."
        )
    for row in tujuan:
        if row.status != KirimStatus.BELUM:
            raise ServiceError(f"{row.nama}: {KirimStatus(row.status).label}.")
    cara = _cara(form.cara_kirim)
    tanggal = nomor_surat.parse_date(
        session, form.tanggal_kirim, field="tanggal_kirim", label="Tanggal kirim", now=now
    )
    if surat.tanggal_surat is not None and tanggal < surat.tanggal_surat:
        raise ValidationError(
            {
                "tanggal_kirim": f"Tanggal kirim tidak boleh sebelum tanggal surat"
                f" ({surat.tanggal_surat:%d-%m-%Y})."
            }
        )
    resi = _short(form.nomor_resi, field="nomor_resi", label="Nomor resi", limit=MAX_RESI)
    keterangan = _short(
        form.keterangan, field="keterangan", label="Keterangan", limit=MAX_KETERANGAN
    )
    for row in tujuan:
        row.status = KirimStatus.DIKIRIM
        row.cara_kirim = cara
        row.tanggal_kirim = tanggal
        row.nomor_resi = resi
        row.keterangan = keterangan
        row.dikirim_oleh_nama = actor.name
        session.add(row)
    session.flush()
    advance(
        session,
        actor,
        surat,
        5,
        f"Nomor {surat.nomor_surat} dicatat di buku agenda surat keluar.",
        now,
    )
    _refresh(session, actor, surat, now)
    assert surat.id is not None
    journal.record(
        session,
        actor=actor,
        action="kirim",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after={
            "tujuan": [r.nama for r in tujuan],
            "cara_kirim": cara.value,
            "tanggal_kirim": tanggal.isoformat(),
            "nomor_resi": resi,
        },
    )
    return [tujuan_view(r) for r in tujuan]


def receipt_returned(
    session: Session,
    *,
    actor: Actor,
    tujuan_id: int,
    nama_penerima: str,
    tanggal: str = "",
    berkas: Sequence[str] = (),
    attachment_dir: Path | None = None,
    now: datetime | None = None,
) -> TujuanView:
    """Record the signed tanda terima of a sent tujuan as returned: who received the letter
    there and when (not before it was sent); optionally its scan. When every sent tujuan's
    receipt is back the letter is *selesai*."""
    now = now or utcnow()
    actor.require(*DISPATCHERS, action="pencatatan tanda terima")
    row = session.get(SuratKeluarTujuan, tujuan_id)
    if row is None:
        raise NotFound("Tujuan surat tidak ditemukan.")
    if row.status != KirimStatus.DIKIRIM:
        raise ServiceError(f"{row.nama}: {KirimStatus(row.status).label}.")
    nama = _short(
        nama_penerima, field="nama_penerima", label="Nama penerima", limit=MAX_NAMA, required=True
    )
    day = nomor_surat.parse_date(session, tanggal, field="tanggal", label="Tanggal terima", now=now)
    if row.tanggal_kirim is not None and day < row.tanggal_kirim:
        raise ValidationError(
            {
                "tanggal": f"Tanggal terima tidak boleh sebelum tanggal kirim"
                f" ({row.tanggal_kirim:%d-%m-%Y})."
            }
        )
    if berkas and attachment_dir is None:
        raise ValidationError({"berkas": "Tempat penyimpanan lampiran belum diatur."})
    surat = _letter(session, row.surat_id)
    if surat.status == KeluarStatus.BATAL:
        raise ServiceError("Surat ini sudah batal: tanda terimanya tidak dicatat lagi.")
    if berkas:
        assert attachment_dir is not None
        _store_files(
            session, actor, row.surat_id, berkas, BerkasJenis.TANDA_TERIMA, attachment_dir, now
        )
    clock_today = nomor_surat.today(session, now)
    row.status = KirimStatus.DITERIMA
    row.nama_penerima = nama
    row.diterima_at = now if day == clock_today else _noon(session, day)
    row.tanda_terima_oleh_nama = actor.name
    session.add(row)
    session.flush()
    _refresh(session, actor, surat, now)
    journal.record(
        session,
        actor=actor,
        action="tanda_terima",
        record_type=SUBJECT_TYPE,
        record_id=row.surat_id,
        after={"tujuan": row.nama, "nama_penerima": nama, "tanggal": day.isoformat()},
    )
    return tujuan_view(row)


def _noon(session: Session, day: date) -> datetime:
    return procedure.office_clock(session).instant(datetime(day.year, day.month, day.day, 12))


def withdraw(
    session: Session, *, actor: Actor, tujuan_id: int, alasan: str, now: datetime | None = None
) -> TujuanView:
    """Withdraw a tujuan not yet sent (e.g. the letter was handed over in a meeting and needs
    no dispatch), with a reason; the letter may then become *dikirim*."""
    now = now or utcnow()
    actor.require(*DISPATCHERS, action="penarikan tujuan pengiriman")
    row = session.get(SuratKeluarTujuan, tujuan_id)
    if row is None:
        raise NotFound("Tujuan surat tidak ditemukan.")
    if row.status != KirimStatus.BELUM:
        raise ServiceError(f"{row.nama}: {KirimStatus(row.status).label}.")
    reason = nomor_surat._reason(alasan)
    row.status, row.alasan_batal = KirimStatus.BATAL, reason
    session.add(row)
    session.flush()
    surat = _letter(session, row.surat_id)
    if surat.status in (KeluarStatus.TERBIT, KeluarStatus.DIKIRIM):
        _refresh(session, actor, surat, now)
    journal.record(
        session,
        actor=actor,
        action="tarik_tujuan",
        record_type=SUBJECT_TYPE,
        record_id=row.surat_id,
        after={"tujuan": row.nama, "alasan": reason},
    )
    return tujuan_view(row)


# -- the buku ekspedisi ----------------------------------------------------------------------


@dataclass(frozen=True)
class EkspedisiFilter:
    """Filters of the buku ekspedisi (by tanggal kirim); empty fields do not filter."""

    dari: date | None = None
    sampai: date | None = None
    status: tuple[KirimStatus, ...] = (KirimStatus.DIKIRIM, KirimStatus.DITERIMA)
    cara_kirim: CaraKirim | None = None


EkspedisiCursor = tuple[Any, ...]


UNSENT = date(9999, 12, 31)
"""Where a tujuan not yet sent sorts (after every sent one) and pages."""


def cursor_of(row: EkspedisiRow) -> EkspedisiCursor:
    """Where a page ends."""
    return (row.tujuan.tanggal_kirim or UNSENT, row.tujuan.id)


def _query(query: Any, flt: EkspedisiFilter) -> Any:
    if flt.dari is not None:
        query = query.where(col(SuratKeluarTujuan.tanggal_kirim) >= flt.dari)
    if flt.sampai is not None:
        query = query.where(col(SuratKeluarTujuan.tanggal_kirim) <= flt.sampai)
    if flt.status:
        query = query.where(col(SuratKeluarTujuan.status).in_(flt.status))
    if flt.cara_kirim is not None:
        query = query.where(SuratKeluarTujuan.cara_kirim == flt.cara_kirim)
    return query


def list_ekspedisi(
    session: Session,
    flt: EkspedisiFilter | None = None,
    *,
    after: EkspedisiCursor | None = None,
    limit: int = 200,
) -> list[EkspedisiRow]:
    """One page of the buku ekspedisi in dispatch order (tanggal kirim, then entry)."""
    flt = flt or EkspedisiFilter()
    sent_only = bool(flt.status) and KirimStatus.BELUM not in flt.status
    # Sent rows page on the (tanggal_kirim, id) index; a list with unsent rows sorts them last.
    kirim: Any = (
        col(SuratKeluarTujuan.tanggal_kirim)
        if sent_only
        else func.coalesce(col(SuratKeluarTujuan.tanggal_kirim), UNSENT)
    )
    keys = (kirim, col(SuratKeluarTujuan.id))
    query = _query(
        select(SuratKeluarTujuan, SuratKeluar).join(
            SuratKeluar, col(SuratKeluar.id) == col(SuratKeluarTujuan.surat_id)
        ),
        flt,
    )
    if after is not None:
        query = query.where(tuple_(*keys) > tuple_(*after))
    rows = session.exec(query.order_by(*keys).limit(limit)).all()
    out = []
    for tujuan, surat in rows:
        assert surat.id is not None
        out.append(
            EkspedisiRow(
                tujuan=tujuan_view(tujuan),
                surat_id=surat.id,
                nomor_surat=surat.nomor_surat,
                tanggal_surat=surat.tanggal_surat,
                perihal=surat.perihal,
                sifat=surat.sifat,
                surat_status=KeluarStatus(surat.status),
            )
        )
    return out


def count_ekspedisi(session: Session, flt: EkspedisiFilter | None = None) -> int:
    """How many buku ekspedisi rows match."""
    query = _query(select(func.count()).select_from(SuratKeluarTujuan), flt or EkspedisiFilter())
    return int(session.exec(query).one())


def tujuan_of(session: Session, surat_id: int) -> list[TujuanView]:
    """The tujuan of a letter with their dispatch state."""
    return [tujuan_view(r) for r in _rows(session, surat_id)]


def get_tujuan(session: Session, tujuan_id: int) -> TujuanView:
    """One tujuan with its dispatch state."""
    row = session.get(SuratKeluarTujuan, tujuan_id)
    if row is None:
        raise NotFound("Tujuan surat tidak ditemukan.")
    return tujuan_view(row)
