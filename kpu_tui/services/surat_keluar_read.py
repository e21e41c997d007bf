"""Reading the surat keluar register: pickers and prefilled forms, the buku agenda and konsep
list page by page (keyset), and a letter's detail. Nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, column, exists, func, or_, text, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from kpu_tui.models import (
    BerkasJenis,
    Jabatan,
    JenisNaskah,
    KeluarStatus,
    KirimStatus,
    KodeKlasifikasi,
    NomorSurat,
    OptionKind,
    ParafStatus,
    ReferenceOption,
    SuratKeluar,
    SuratKeluarBerkas,
    SuratKeluarParaf,
    SuratMasuk,
    Unit,
    User,
)

from . import nomor_surat
from .actor import Actor
from .errors import NotFound
from .surat_keluar import MAX, _get, _tujuan_rows, _waiting
from .surat_keluar_views import (
    BalasanOf,
    KeluarDetail,
    KeluarRow,
    KonsepForm,
    ParafView,
    PilihanJabatan,
    TujuanForm,
    berkas_view,
    keluar_row,
    nomor_view,
    paraf_view,
    tujuan_view,
)
from .surat_masuk import clean_text

# -- pickers and prefill ---------------------------------------------------------------------


def _pilihan(row: Jabatan) -> PilihanJabatan:
    assert row.id is not None
    return PilihanJabatan(
        id=row.id,
        kode=row.kode,
        nama=row.nama,
        pemegang_nama=row.pemegang_nama,
        unit_id=row.unit_id,
    )


def signers(session: Session) -> list[PilihanJabatan]:
    """The office's penandatangan: the pimpinan positions first (Ketua, Sekretaris ...),
    then the other active positions."""
    rows = session.exec(
        select(Jabatan)
        .where(col(Jabatan.aktif).is_(True))
        .order_by(col(Jabatan.pimpinan).desc(), col(Jabatan.urutan), col(Jabatan.id))
    ).all()
    return [_pilihan(r) for r in rows]


def reviewers(session: Session) -> list[PilihanJabatan]:
    """Positions that may give a paraf (every active position, in the office's order)."""
    rows = session.exec(
        select(Jabatan)
        .where(col(Jabatan.aktif).is_(True))
        .order_by(col(Jabatan.urutan), col(Jabatan.id))
    ).all()
    return [_pilihan(r) for r in rows]


def units(session: Session) -> list[tuple[int, str]]:
    """Active units (the pengolah picker)."""
    rows = session.exec(
        select(Unit).where(col(Unit.aktif).is_(True)).order_by(col(Unit.urutan), col(Unit.id))
    ).all()
    return [(r.id, r.nama) for r in rows if r.id is not None]


def default_paraf(
    session: Session, *, penandatangan_jabatan_id: int | None, pengolah_unit_id: int | None
) -> tuple[int, ...]:
    """The usual chain: the head of the pengolah unit, then the Sekretaris when the Ketua
    signs (paraf berjenjang runs up to just below the signer)."""
    chain: list[int] = []
    if pengolah_unit_id is not None:
        head = session.exec(
            select(Jabatan)
            .where(Jabatan.unit_id == pengolah_unit_id, col(Jabatan.aktif).is_(True))
            .order_by(col(Jabatan.urutan), col(Jabatan.id))
        ).first()
        if head is not None and head.id is not None and head.id != penandatangan_jabatan_id:
            chain.append(head.id)
    signer = session.get(Jabatan, penandatangan_jabatan_id) if penandatangan_jabatan_id else None
    if signer is not None and signer.kode == "KETUA":
        sekretaris = session.exec(
            select(Jabatan).where(Jabatan.kode == "SEKRETARIS", col(Jabatan.aktif).is_(True))
        ).first()
        if sekretaris is not None and sekretaris.id is not None and sekretaris.id not in chain:
            chain.append(sekretaris.id)
    return tuple(chain)


def _actor_unit(session: Session, actor: Actor) -> int | None:
    user = session.get(User, actor.id) if actor.id is not None else None
    return user.unit_id if user else None


def reply_form(
    session: Session, *, surat_masuk_id: int, actor: Actor, disposisi_penerima_id: int | None = None
) -> KonsepForm:
    """A konsep prefilled as the reply to a surat masuk: tujuan = its sender, the same kode
    klasifikasi, "Balasan ..." perihal, the actor's unit as pengolah, the usual signer (the
    Sekretaris) and paraf chain."""
    masuk = session.get(SuratMasuk, surat_masuk_id)
    if masuk is None:
        raise NotFound(f"Surat masuk nomor {surat_masuk_id} tidak ditemukan.")
    signer = session.exec(
        select(Jabatan).where(Jabatan.kode == "SEKRETARIS", col(Jabatan.aktif).is_(True))
    ).first()
    signer_id = signer.id if signer else None
    unit_id = _actor_unit(session, actor)
    perihal = f"Tanggapan atas surat nomor {masuk.nomor_surat} perihal {masuk.perihal}"
    return KonsepForm(
        perihal=perihal[: MAX["perihal"]],
        jenis_naskah="SD",
        klasifikasi=masuk.klasifikasi or "",
        sifat=masuk.sifat if masuk.sifat != "biasa" else "",
        tujuan=(TujuanForm(nama=masuk.asal),),
        penandatangan_jabatan_id=signer_id,
        pengolah_unit_id=unit_id,
        surat_masuk_id=masuk.id,
        disposisi_penerima_id=disposisi_penerima_id,
        paraf=default_paraf(session, penandatangan_jabatan_id=signer_id, pengolah_unit_id=unit_id),
    )


def form_of(session: Session, surat_id: int) -> KonsepForm:
    """The stored letter as a form (to revise it)."""
    surat = _get(session, surat_id)
    assert surat.id is not None
    tujuan = tuple(
        TujuanForm(nama=r.nama, alamat=r.alamat, tembusan=r.tembusan)
        for r in _tujuan_rows(session, surat.id)
        if r.status != KirimStatus.BATAL
    )
    return KonsepForm(
        perihal=surat.perihal,
        jenis_naskah=surat.jenis_naskah,
        klasifikasi=surat.klasifikasi or "",
        sifat=surat.sifat,
        lampiran=surat.lampiran,
        tujuan=tujuan,
        penandatangan_jabatan_id=surat.penandatangan_jabatan_id,
        pengolah_unit_id=surat.pengolah_unit_id,
        arahan=surat.arahan,
        surat_masuk_id=surat.surat_masuk_id,
        disposisi_penerima_id=surat.disposisi_penerima_id,
        keterangan=surat.keterangan,
        paraf=tuple(int(x) for x in surat.rencana_paraf.split(",") if x.strip()),
    )


# -- reading ---------------------------------------------------------------------------------


VIEWS = ("agenda", "konsep", "semua")
"""``agenda``: numbered letters (the buku agenda surat keluar, batal ones included);
``konsep``: letters not yet signed (and konsep cancelled before a number); ``semua``: both."""


@dataclass(frozen=True)
class KeluarFilter:
    """Filters of the register; empty fields do not filter."""

    tampilan: str = "agenda"
    tahun: int | None = None
    bulan: int | None = None
    dari: date | None = None
    sampai: date | None = None
    status: tuple[KeluarStatus, ...] = ()
    jenis: str | None = None
    klasifikasi: str | None = None
    penandatangan_jabatan_id: int | None = None
    menunggu_jabatan_id: int | None = None
    """Only letters whose awaited paraf (or signature) is this position's."""
    surat_masuk_id: int | None = None
    teks: str = ""

    @property
    def aktif(self) -> int:
        """How many filters are set (besides the view and the text)."""
        return sum(
            1
            for f in fields(self)
            if getattr(self, f.name) not in (None, "", ()) and f.name not in ("teks", "tampilan")
        )


def _fts_query(teks: str) -> str | None:
    words = [w for w in clean_text(teks.replace('"', " ")).split() if w]
    if not words or any(len(w) < 3 for w in words):
        return None
    return " ".join(f'"{w}"' for w in words)


def _filtered(session: Session, query: Any, flt: KeluarFilter) -> Any:
    # A letter has its tahun exactly when it has a number: the (tahun, nomor_urut, id) index
    # then serves both views.
    if flt.tampilan == "agenda":
        query = query.where(col(SuratKeluar.tahun).is_not(None))
    elif flt.tampilan == "konsep":
        query = query.where(col(SuratKeluar.tahun).is_(None))
    if flt.tahun is not None:
        if flt.tampilan == "agenda":
            query = query.where(SuratKeluar.tahun == flt.tahun)
        else:
            query = query.where(
                or_(
                    col(SuratKeluar.tahun) == flt.tahun,
                    (col(SuratKeluar.tahun).is_(None))
                    & (col(SuratKeluar.dibuat_at) >= datetime(flt.tahun, 1, 1, tzinfo=UTC))
                    & (col(SuratKeluar.dibuat_at) < datetime(flt.tahun + 1, 1, 1, tzinfo=UTC)),
                )
            )
    if flt.bulan is not None and flt.tahun is not None:
        first = date(flt.tahun, flt.bulan, 1)
        last = date(flt.tahun + (flt.bulan == 12), flt.bulan % 12 + 1, 1)
        query = query.where(
            col(SuratKeluar.tanggal_surat) >= first, col(SuratKeluar.tanggal_surat) < last
        )
    if flt.dari is not None:
        query = query.where(col(SuratKeluar.tanggal_surat) >= flt.dari)
    if flt.sampai is not None:
        query = query.where(col(SuratKeluar.tanggal_surat) <= flt.sampai)
    if flt.status:
        query = query.where(col(SuratKeluar.status).in_(flt.status))
    if flt.jenis:
        query = query.where(SuratKeluar.jenis_naskah == flt.jenis)
    if flt.klasifikasi:
        kode = flt.klasifikasi.strip().upper()
        target = col(SuratKeluar.klasifikasi)
        query = query.where(or_(target == kode, (target >= kode + ".") & (target < kode + "/")))
    if flt.penandatangan_jabatan_id is not None:
        query = query.where(SuratKeluar.penandatangan_jabatan_id == flt.penandatangan_jabatan_id)
    if flt.surat_masuk_id is not None:
        query = query.where(SuratKeluar.surat_masuk_id == flt.surat_masuk_id)
    if flt.menunggu_jabatan_id is not None:
        # The position's row must be the first one still waiting in its round (later
        # reviewers' rows wait too, but the letter is not on their desk yet).
        earlier = aliased(SuratKeluarParaf)
        awaited = select(SuratKeluarParaf.surat_id).where(
            SuratKeluarParaf.jabatan_id == flt.menunggu_jabatan_id,
            SuratKeluarParaf.status == ParafStatus.MENUNGGU,
            ~exists().where(
                col(earlier.surat_id) == col(SuratKeluarParaf.surat_id),
                col(earlier.putaran) == col(SuratKeluarParaf.putaran),
                col(earlier.status) == ParafStatus.MENUNGGU,
                col(earlier.urutan) < col(SuratKeluarParaf.urutan),
            ),
        )
        query = query.where(
            or_(
                (col(SuratKeluar.status) == KeluarStatus.PARAF) & col(SuratKeluar.id).in_(awaited),
                (col(SuratKeluar.status) == KeluarStatus.TANDA_TANGAN)
                & (col(SuratKeluar.penandatangan_jabatan_id) == flt.menunggu_jabatan_id),
            )
        )
    teks = clean_text(flt.teks)
    if teks:
        match = _fts_query(teks) if session.get_bind().dialect.name == "sqlite" else None
        if match is not None:
            query = query.where(
                (col(SuratKeluar.id) + 0).in_(
                    text("SELECT rowid FROM surat_keluar_fts WHERE surat_keluar_fts MATCH :q")
                    .bindparams(q=match)
                    .columns(column("rowid", Integer))
                )
            )
        else:
            needle = teks.lower()
            conditions: list[ColumnElement[bool]] = [
                func.lower(SuratKeluar.nomor_surat).contains(needle, autoescape=True),
                func.lower(SuratKeluar.tujuan_ringkas).contains(needle, autoescape=True),
                func.lower(SuratKeluar.perihal).contains(needle, autoescape=True),
            ]
            query = query.where(or_(*conditions))
    return query


Cursor = tuple[Any, ...]


def cursor_of(row: KeluarRow, flt: KeluarFilter | None = None) -> Cursor:
    """Where a page ends: (tahun, nomor_urut, id) in the agenda, (id,) otherwise."""
    if (flt or KeluarFilter()).tampilan == "agenda":
        return (row.tahun, row.nomor_urut, row.id)
    return (row.id,)


def list_surat(
    session: Session,
    flt: KeluarFilter | None = None,
    *,
    after: Cursor | None = None,
    limit: int = 100,
    descending: bool = True,
) -> list[KeluarRow]:
    """One page of the register: the agenda by number (newest first), the konsep list and
    "semua" by when the letter was made."""
    flt = flt or KeluarFilter()
    if flt.tampilan not in VIEWS:
        raise ValueError(f"unknown view {flt.tampilan!r}")
    keys: tuple[Any, ...] = (
        (col(SuratKeluar.tahun), col(SuratKeluar.nomor_urut), col(SuratKeluar.id))
        if flt.tampilan == "agenda"
        else (col(SuratKeluar.id),)
    )
    query = _filtered(session, select(SuratKeluar), flt)
    if after is not None:
        key, cursor = tuple_(*keys), tuple_(*after)
        query = query.where(key < cursor if descending else key > cursor)
    order = [k.desc() for k in keys] if descending else [k.asc() for k in keys]
    return [keluar_row(s) for s in session.exec(query.order_by(*order).limit(limit)).all()]


def count_surat(session: Session, flt: KeluarFilter | None = None) -> int:
    """How many letters match."""
    flt = flt or KeluarFilter()
    teks = clean_text(flt.teks)
    match = _fts_query(teks) if teks and session.get_bind().dialect.name == "sqlite" else None
    if match is not None and replace(flt, teks="", tampilan="semua") == KeluarFilter(
        tampilan="semua"
    ):
        # Text alone: count in the full-text index, then take off the few unnumbered letters
        # (konsep) that match, found through the tahun index (a common word matches hundreds of
        # thousands of letters; walking them through the register is what is slow).
        total = int(
            session.execute(
                text("SELECT count(*) FROM surat_keluar_fts WHERE surat_keluar_fts MATCH :q"),
                {"q": match},
            ).scalar_one()
        )
        if flt.tampilan == "semua":
            return total
        konsep = int(
            session.exec(
                _filtered(
                    session,
                    select(func.count()).select_from(SuratKeluar),
                    replace(flt, tampilan="konsep"),
                )
            ).one()
        )
        return konsep if flt.tampilan == "konsep" else total - konsep
    query = _filtered(session, select(func.count()).select_from(SuratKeluar), flt)
    return int(session.exec(query).one())


def years(session: Session) -> list[int]:
    """Years with numbered letters (from the series), newest first."""
    return nomor_surat.years(session)


def get_row(session: Session, surat_id: int) -> KeluarRow:
    """One letter's register row."""
    return keluar_row(_get(session, surat_id))


def replies_of(session: Session, surat_masuk_id: int) -> list[KeluarRow]:
    """The outgoing letters that answer a surat masuk (its detail shows them)."""
    rows = session.exec(
        select(SuratKeluar)
        .where(SuratKeluar.surat_masuk_id == surat_masuk_id)
        .order_by(col(SuratKeluar.id))
    ).all()
    return [keluar_row(r) for r in rows]


def get_detail(session: Session, surat_id: int) -> KeluarDetail:
    """A letter with its tujuan, paraf rounds, files, number history and the letter it answers."""
    surat = _get(session, surat_id)
    assert surat.id is not None
    tujuan = tuple(tujuan_view(r) for r in _tujuan_rows(session, surat.id))
    paraf_rows = session.exec(
        select(SuratKeluarParaf)
        .where(SuratKeluarParaf.surat_id == surat.id)
        .order_by(
            col(SuratKeluarParaf.putaran), col(SuratKeluarParaf.urutan), col(SuratKeluarParaf.id)
        )
    ).all()
    berkas = session.exec(
        select(SuratKeluarBerkas)
        .where(SuratKeluarBerkas.surat_id == surat.id)
        .order_by(col(SuratKeluarBerkas.id))
    ).all()
    nomor = session.exec(
        select(NomorSurat)
        .where(NomorSurat.surat_keluar_id == surat.id)
        .order_by(col(NomorSurat.id))
    ).all()
    jenis = session.get(JenisNaskah, surat.jenis_naskah)
    klas = session.get(KodeKlasifikasi, surat.klasifikasi) if surat.klasifikasi else None
    sifat = session.exec(
        select(ReferenceOption).where(
            ReferenceOption.kind == OptionKind.SIFAT, ReferenceOption.kode == surat.sifat
        )
    ).first()
    masuk = session.get(SuratMasuk, surat.surat_masuk_id) if surat.surat_masuk_id else None
    balasan = (
        BalasanOf(
            id=masuk.id,
            agenda_teks=masuk.agenda_teks,
            nomor_surat=masuk.nomor_surat,
            asal=masuk.asal,
            perihal=masuk.perihal,
        )
        if masuk is not None and masuk.id is not None
        else None
    )
    waiting = _waiting(session, surat) if surat.status == KeluarStatus.PARAF else None
    pesan: list[str] = []
    bernomor = KeluarStatus(surat.status).bernomor
    if bernomor and not any(b.aktif and b.jenis == BerkasJenis.ARSIP for b in berkas):
        pesan.append("Pindaian surat bertanda tangan belum diarsipkan.")
    if bernomor and any(t.status == KirimStatus.BELUM for t in tujuan):
        pesan.append("Ada tujuan yang belum dikirimi.")
    return KeluarDetail(
        row=keluar_row(surat),
        jenis_nama=jenis.nama if jenis else surat.jenis_naskah,
        klasifikasi_uraian=klas.uraian if klas else "",
        sifat_nama=sifat.nama if sifat else surat.sifat,
        arahan=surat.arahan,
        tujuan=tujuan,
        paraf=tuple(paraf_view(r) for r in paraf_rows),
        berkas=tuple(berkas_view(b) for b in berkas),
        nomor=tuple(nomor_view(n, surat) for n in nomor),
        balasan_of=balasan,
        ditandatangani_at=surat.ditandatangani_at,
        dibatalkan_at=surat.dibatalkan_at,
        menunggu_paraf=paraf_view(waiting) if waiting is not None else None,
        pesan=tuple(pesan),
    )


def paraf_list(session: Session, surat_id: int) -> list[ParafView]:
    """Every paraf row of a letter, oldest round first."""
    return list(get_detail(session, surat_id).paraf)


def awaited_paraf(session: Session, surat_ids: Sequence[int]) -> dict[int, ParafView]:
    """For letters in paraf, the reviewer each one waits for, in one query (for a page of the
    konsep list)."""
    if not surat_ids:
        return {}
    rows = session.exec(
        select(SuratKeluarParaf)
        .join(SuratKeluar, col(SuratKeluar.id) == col(SuratKeluarParaf.surat_id))
        .where(
            col(SuratKeluarParaf.surat_id).in_(surat_ids),
            col(SuratKeluar.status) == KeluarStatus.PARAF,
            col(SuratKeluarParaf.putaran) == col(SuratKeluar.putaran),
            SuratKeluarParaf.status == ParafStatus.MENUNGGU,
        )
        .order_by(col(SuratKeluarParaf.surat_id), col(SuratKeluarParaf.urutan))
    ).all()
    out: dict[int, ParafView] = {}
    for row in rows:
        out.setdefault(row.surat_id, paraf_view(row))
    return out
