"""The disposisi chain of a surat masuk (SOP 9.14 steps 3-6).

The pimpinan writes the first disposisi (usually on the paper lembar disposisi, which the petugas
then enters, or in the app himself); every recipient may pass the letter further down with a hop
of his own (Sekretaris -> Kasubbag -> staf). Each hop keeps who gave it, when, the instructions,
the note and the batas waktu; each recipient row keeps when it was read and its tindak lanjut.
The letter is *selesai* once the lead recipient at the end of the lead chain records the tindak
lanjut. A hop nobody has read yet may be withdrawn by its sender; nothing is ever deleted.

SOP 9.14 run: the first disposisi completes step 3 (handed to the pimpinan) and step 4 (the
disposisi); the first action of a recipient completes step 5 (delivered to the pejabat); the
letter's completion records step 6 with the tindak lanjut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select as sa_select  # rows of many columns
from sqlmodel import Session, col, select

from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    Jabatan,
    OptionKind,
    PenerimaStatus,
    ReferenceOption,
    Role,
    RunStatus,
    SuratMasuk,
    SuratStatus,
    Unit,
    User,
    utcnow,
)
from kpu_tui.rules.dates import parse_tanggal
from kpu_tui.rules.disposisi import default_batas_waktu

from . import journal, procedure
from .actor import Actor
from .errors import NotFound, PermissionDenied, ServiceError, ValidationError
from .surat_masuk import SUBJECT_TYPE, clean_text, has_control

MAX_CATATAN = 1000
MAX_TINDAK_LANJUT = 2000
MAX_PENERIMA = 20
MAX_ALASAN = 500
OPEN = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)
CLOSED_LETTER = (SuratStatus.BATAL, SuratStatus.DIARSIPKAN, SuratStatus.SELESAI)
RECORDERS = (Role.PETUGAS, Role.ADMIN)
"""Roles that may enter what a pejabat wrote on paper, on his behalf."""
FILERS = (Role.PETUGAS, Role.PIMPINAN, Role.ADMIN)
"""Roles that may file a letter without disposisi."""


# -- forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tujuan:
    """A recipient: exactly one of a position, a unit or a person (staf without a position)."""

    jabatan_id: int | None = None
    unit_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class DisposisiForm:
    """One hop as entered.

    Attributes:
        dari_jabatan_id: the pimpinan giving the first disposisi (ignored when passing on: the
            giver is then the recipient passed on from).
        penerima: the recipients, in order.
        utama: index in ``penerima`` of the lead (the first when there is one recipient).
        instruksi: kode of the ticked ``instruksi_disposisi`` options.
        catatan: the handwritten note.
        batas_waktu: a date as text; empty means derived from the derajat kecepatan.
        tanggal: when it was given, as text; empty means now.
    """

    penerima: tuple[Tujuan, ...] = ()
    dari_jabatan_id: int | None = None
    utama: int = 0
    instruksi: tuple[str, ...] = ()
    catatan: str = ""
    batas_waktu: str = ""
    tanggal: str = ""


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PenerimaView:
    """A recipient of a hop, with the hops it passed on."""

    id: int
    nama: str
    utama: bool
    status: PenerimaStatus
    dibaca_at: datetime | None
    selesai_at: datetime | None
    tindak_lanjut: str
    oleh_nama: str
    jabatan_id: int | None
    unit_id: int | None
    user_id: int | None
    diteruskan: tuple[HopView, ...] = ()


@dataclass(frozen=True)
class HopView:
    """A hop of the disposisi tree."""

    id: int
    surat_id: int
    induk_penerima_id: int | None
    dari_nama: str
    dari_jabatan_id: int | None
    tanggal: datetime
    instruksi: tuple[str, ...]
    instruksi_nama: tuple[str, ...]
    catatan: str
    batas_waktu: date | None
    status: HopStatus
    alasan_batal: str
    dicatat_oleh_nama: str
    dicatat_at: datetime
    penerima: tuple[PenerimaView, ...] = field(default_factory=tuple)

    @property
    def dibaca(self) -> bool:
        """Whether any recipient has read or acted on it (then it can no longer be cancelled)."""
        return any(
            p.status not in (PenerimaStatus.MENUNGGU, PenerimaStatus.BATAL) for p in self.penerima
        )


@dataclass(frozen=True)
class PilihanPenerima:
    """An entry of the recipient picker."""

    tujuan: Tujuan
    nama: str
    keterangan: str
    """The holder of a position, the unit of a person."""


# -- helpers ---------------------------------------------------------------------------------


def _instruksi_names(session: Session) -> dict[str, str]:
    rows = session.exec(
        select(ReferenceOption).where(ReferenceOption.kind == OptionKind.INSTRUKSI)
    ).all()
    return {row.kode: row.nama for row in rows}


def _letter(session: Session, surat_id: int) -> SuratMasuk:
    surat = session.get(SuratMasuk, surat_id)
    if surat is None:
        raise NotFound(f"Surat masuk nomor {surat_id} tidak ditemukan.")
    return surat


def _held(session: Session, actor: Actor) -> set[int]:
    if actor.id is None:
        return set()
    rows = session.exec(
        select(Jabatan.id).where(Jabatan.user_id == actor.id, col(Jabatan.aktif).is_(True))
    ).all()
    return {r for r in rows if r is not None}


def _actor_unit(session: Session, actor: Actor) -> int | None:
    if actor.id is None:
        return None
    user = session.get(User, actor.id)
    return user.unit_id if user else None


def is_recipient(session: Session, actor: Actor, row: DisposisiPenerima) -> bool:
    """Whether ``actor`` is the recipient of ``row`` (holds the position, is the person, or
    belongs to the unit)."""
    if actor.id is None:
        return False
    if row.user_id is not None and row.user_id == actor.id:
        return True
    if row.jabatan_id is not None and row.jabatan_id in _held(session, actor):
        return True
    return row.unit_id is not None and row.unit_id == _actor_unit(session, actor)


def _may_record_for(session: Session, actor: Actor, row: DisposisiPenerima) -> bool:
    return actor.has(*RECORDERS) or is_recipient(session, actor, row)


def _reason(alasan: str) -> str:
    if has_control(alasan):
        raise ValidationError(
            {"alasan": "Alasan memuat karakter kendali yang tidak dapat dicetak."}
        )
    reason = clean_text(alasan)
    if not reason:
        raise ValidationError({"alasan": "Alasan wajib diisi."})
    if len(reason) > MAX_ALASAN:
        raise ValidationError({"alasan": f"Alasan paling banyak {MAX_ALASAN} karakter."})
    return reason


def _self(
    session: Session, tujuan: Tujuan, induk: DisposisiPenerima | None, dari: int | None
) -> bool:
    """Whether ``tujuan`` is the giver himself: his position, the holder of it, the person
    or the unit passed on from."""
    if dari is not None:
        if tujuan.jabatan_id == dari:
            return True
        jabatan = session.get(Jabatan, dari)
        if tujuan.user_id is not None and jabatan is not None and jabatan.user_id == tujuan.user_id:
            return True
    if induk is None:
        return False
    return (induk.user_id is not None and tujuan.user_id == induk.user_id) or (
        induk.unit_id is not None and tujuan.unit_id == induk.unit_id
    )


def _resolve(session: Session, tujuan: Tujuan) -> tuple[str, str | None]:
    """The printed name of a recipient, or an error."""
    chosen = [v for v in (tujuan.jabatan_id, tujuan.unit_id, tujuan.user_id) if v is not None]
    if len(chosen) != 1:
        return "", "Penerima harus satu jabatan, satu unit atau satu orang."
    if tujuan.jabatan_id is not None:
        jabatan = session.get(Jabatan, tujuan.jabatan_id)
        if jabatan is None or not jabatan.aktif:
            return "", "Jabatan penerima tidak aktif."
        return jabatan.nama, None
    if tujuan.unit_id is not None:
        unit = session.get(Unit, tujuan.unit_id)
        if unit is None or not unit.aktif:
            return "", "Unit penerima tidak aktif."
        return unit.nama, None
    user = session.get(User, tujuan.user_id)
    if user is None or not user.aktif:
        return "", "Pegawai penerima tidak aktif."
    return user.nama, None


def _when(
    session: Session,
    text_value: str,
    now: datetime,
    errors: dict[str, str],
    name: str,
    floor: datetime | None = None,
) -> datetime:
    """The instant of a disposisi dated ``text_value`` (empty or today: ``now``; an earlier
    day: the office's opening time that day, or ``floor`` when that falls later the same day,
    so a paper disposisi written the day the letter came in is entered the day after)."""
    clock = procedure.office_clock(session)
    today = clock.local(now).date()
    if not text_value.strip():
        return now
    try:
        day = parse_tanggal(text_value, today)
    except ValueError as exc:
        errors[name] = str(exc)
        return now
    if day > today:
        errors[name] = "Tanggal disposisi tidak boleh sesudah hari ini."
        return now
    if day == today:
        return now
    opening = clock.instant(datetime.combine(day, clock.hours.jam_masuk))
    if floor is not None and opening < floor and clock.local(floor).date() == day:
        return floor
    return opening


# -- the tree --------------------------------------------------------------------------------


def _penerima_view(row: DisposisiPenerima, children: tuple[HopView, ...]) -> PenerimaView:
    assert row.id is not None
    return PenerimaView(
        id=row.id,
        nama=row.nama,
        utama=row.utama,
        status=PenerimaStatus(row.status),
        dibaca_at=row.dibaca_at,
        selesai_at=row.selesai_at,
        tindak_lanjut=row.tindak_lanjut,
        oleh_nama=row.oleh_nama,
        jabatan_id=row.jabatan_id,
        unit_id=row.unit_id,
        user_id=row.user_id,
        diteruskan=children,
    )


def tree(session: Session, surat_id: int) -> list[HopView]:
    """The disposisi of a letter as a tree: the top hops, each recipient with the hops it
    passed on (cancelled hops included, marked)."""
    hops = session.exec(
        select(Disposisi).where(Disposisi.surat_id == surat_id).order_by(col(Disposisi.id))
    ).all()
    rows = session.exec(
        select(DisposisiPenerima)
        .where(DisposisiPenerima.surat_id == surat_id)
        .order_by(col(DisposisiPenerima.id))
    ).all()
    names = _instruksi_names(session)
    by_hop: dict[int, list[DisposisiPenerima]] = {}
    for row in rows:
        by_hop.setdefault(row.disposisi_id, []).append(row)
    children: dict[int | None, list[Disposisi]] = {}
    for hop in hops:
        children.setdefault(hop.induk_penerima_id, []).append(hop)

    def build(hop: Disposisi) -> HopView:
        assert hop.id is not None
        kode = tuple(k for k in hop.instruksi.split(",") if k)
        return HopView(
            id=hop.id,
            surat_id=hop.surat_id,
            induk_penerima_id=hop.induk_penerima_id,
            dari_nama=hop.dari_nama,
            dari_jabatan_id=hop.dari_jabatan_id,
            tanggal=hop.tanggal,
            instruksi=kode,
            instruksi_nama=tuple(names.get(k, k) for k in kode),
            catatan=hop.catatan,
            batas_waktu=hop.batas_waktu,
            status=HopStatus(hop.status),
            alasan_batal=hop.alasan_batal,
            dicatat_oleh_nama=hop.dicatat_oleh_nama,
            dicatat_at=hop.dicatat_at,
            penerima=tuple(
                _penerima_view(r, tuple(build(c) for c in children.get(r.id, [])))
                for r in by_hop.get(hop.id, [])
            ),
        )

    return [build(hop) for hop in children.get(None, [])]


def flatten(hops: Sequence[HopView]) -> list[tuple[int, HopView]]:
    """The hops of a tree in reading order with their depth (0 for the pimpinan's)."""
    out: list[tuple[int, HopView]] = []

    def walk(items: Sequence[HopView], depth: int) -> None:
        for hop in items:
            out.append((depth, hop))
            for penerima in hop.penerima:
                walk(penerima.diteruskan, depth + 1)

    walk(hops, 0)
    return out


def find_penerima(session: Session, penerima_id: int) -> tuple[HopView, PenerimaView]:
    """A recipient row with the hop it belongs to (for a tindak lanjut dialog).

    Raises:
        NotFound: no such recipient row.
    """
    row = session.get(DisposisiPenerima, penerima_id)
    if row is None:
        raise NotFound(f"Penerima disposisi nomor {penerima_id} tidak ditemukan.")
    for _, hop in flatten(tree(session, row.surat_id)):
        for penerima in hop.penerima:
            if penerima.id == penerima_id:
                return hop, penerima
    raise NotFound(f"Penerima disposisi nomor {penerima_id} tidak ditemukan.")


# -- letter state ----------------------------------------------------------------------------


def _lead_done(session: Session, hop: Disposisi) -> bool:
    rows = session.exec(
        select(DisposisiPenerima).where(DisposisiPenerima.disposisi_id == hop.id)
    ).all()
    lead = next((r for r in rows if r.utama), rows[0] if rows else None)
    if lead is None:
        return False
    if lead.status == PenerimaStatus.SELESAI:
        return True
    if lead.status != PenerimaStatus.DITERUSKAN:
        return False
    kids = session.exec(
        select(Disposisi).where(
            Disposisi.induk_penerima_id == lead.id, Disposisi.status == HopStatus.AKTIF
        )
    ).all()
    # Every hop the lead passed the letter on with carries part of the work.
    return bool(kids) and all(_lead_done(session, kid) for kid in kids)


def _refresh(session: Session, surat: SuratMasuk) -> None:
    """Recompute the letter's status and tenggat from its hops."""
    if surat.status in (SuratStatus.BATAL, SuratStatus.DIARSIPKAN):
        return
    top = session.exec(
        select(Disposisi).where(
            Disposisi.surat_id == surat.id,
            col(Disposisi.induk_penerima_id).is_(None),
            Disposisi.status == HopStatus.AKTIF,
        )
    ).all()
    if not top:
        surat.status = SuratStatus.BELUM_DISPOSISI
    elif all(_lead_done(session, hop) for hop in top):
        surat.status = SuratStatus.SELESAI
    else:
        surat.status = SuratStatus.PROSES
    open_hops = session.exec(
        select(col(Disposisi.batas_waktu))
        .join(DisposisiPenerima, col(DisposisiPenerima.disposisi_id) == col(Disposisi.id))
        .where(
            Disposisi.surat_id == surat.id,
            Disposisi.status == HopStatus.AKTIF,
            col(DisposisiPenerima.status).in_(OPEN),
            col(Disposisi.batas_waktu).is_not(None),
        )
    ).all()
    surat.tenggat = (
        min(d for d in open_hops if d is not None)
        if open_hops and surat.status == SuratStatus.PROSES
        else None
    )
    session.add(surat)
    session.flush()


def _run_step(session: Session, surat: SuratMasuk) -> int | None:
    if surat.run_id is None:
        return None
    run = procedure.get_run(session, surat.run_id)
    return run.langkah_kini if run.status == RunStatus.BERJALAN else None


def _advance(
    session: Session,
    actor: Actor,
    surat: SuratMasuk,
    *,
    upto: int,
    catatan: dict[int, str],
    now: datetime,
) -> None:
    """Complete the letter's SOP steps up to and including ``upto`` (those not done yet)."""
    while (step := _run_step(session, surat)) is not None and step <= upto:
        assert surat.run_id is not None
        procedure.complete_step(
            session,
            actor=actor,
            run_id=surat.run_id,
            catatan=catatan.get(step, "")[: procedure.MAX_CATATAN],
            now=now,
            authorized=True,
        )


def _state(hop: Disposisi, rows: Sequence[DisposisiPenerima]) -> dict[str, object]:
    return hop.model_dump(mode="json") | {"penerima": [r.model_dump(mode="json") for r in rows]}


# -- actions ---------------------------------------------------------------------------------


def give(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    form: DisposisiForm,
    induk_penerima_id: int | None = None,
    now: datetime | None = None,
) -> HopView:
    """Record a disposisi: the pimpinan's first one (``induk_penerima_id`` None) or a recipient
    passing the letter on.

    Raises:
        PermissionDenied: the actor is neither the giver nor a petugas entering it for him.
        ValidationError: keyed by ``penerima``, ``instruksi``, ``catatan``, ``batas_waktu``,
            ``tanggal`` or ``dari``.
        ServiceError: the letter is closed, or the recipient passed on from has finished.
    """
    now = now or utcnow()
    surat = _letter(session, surat_id)
    if surat.status in CLOSED_LETTER:
        raise ServiceError(
            f"Surat {surat.agenda_teks} sudah {SuratStatus(surat.status).label}; "
            "tidak dapat didisposisikan."
        )
    errors: dict[str, str] = {}
    induk: DisposisiPenerima | None = None
    parent_hop: Disposisi | None = None
    dari_jabatan_id: int | None = None
    dari_user_id: int | None = None
    if induk_penerima_id is None:
        jabatan = (
            session.get(Jabatan, form.dari_jabatan_id) if form.dari_jabatan_id is not None else None
        )
        if jabatan is None or not jabatan.aktif:
            errors["dari"] = "Pilih pejabat pemberi disposisi."
            dari_nama = ""
        else:
            dari_jabatan_id = jabatan.id
            dari_nama = jabatan.nama
            if not (actor.has(*RECORDERS) or jabatan.id in _held(session, actor)):
                raise PermissionDenied(
                    f"Disposisi atas nama {jabatan.nama} hanya dapat dicatat oleh pemegang "
                    "jabatan itu atau petugas persuratan."
                )
    else:
        induk = session.get(DisposisiPenerima, induk_penerima_id)
        if induk is None or induk.surat_id != surat_id:
            raise NotFound("Penerima disposisi yang diteruskan tidak ditemukan.")
        if induk.status not in (*OPEN, PenerimaStatus.DITERUSKAN):
            raise ServiceError(
                f"Disposisi untuk {induk.nama} sudah {PenerimaStatus(induk.status).label}; "
                "tidak dapat diteruskan."
            )
        if not _may_record_for(session, actor, induk):
            raise PermissionDenied(f"Hanya {induk.nama} yang dapat meneruskan disposisi ini.")
        dari_jabatan_id = induk.jabatan_id
        dari_user_id = induk.user_id
        dari_nama = induk.nama
        parent_hop = session.get(Disposisi, induk.disposisi_id)
    # recipients
    resolved: list[tuple[Tujuan, str]] = []
    if not form.penerima:
        errors["penerima"] = "Pilih paling sedikit satu penerima disposisi."
    elif len(form.penerima) > MAX_PENERIMA:
        errors["penerima"] = f"Paling banyak {MAX_PENERIMA} penerima."
    elif len(set(form.penerima)) != len(form.penerima):
        errors["penerima"] = "Penerima yang sama dipilih dua kali."
    else:
        for tujuan in form.penerima:
            nama, problem = _resolve(session, tujuan)
            if problem:
                errors["penerima"] = problem
                break
            if _self(session, tujuan, induk, dari_jabatan_id):
                errors["penerima"] = "Disposisi tidak dapat ditujukan kepada pemberinya sendiri."
                break
            resolved.append((tujuan, nama))
    if form.penerima and not 0 <= form.utama < len(form.penerima):
        errors["penerima"] = "Penerima utama tidak ada di antara penerima."
    # instructions
    names = {
        row.kode
        for row in session.exec(
            select(ReferenceOption).where(
                ReferenceOption.kind == OptionKind.INSTRUKSI,
                col(ReferenceOption.aktif).is_(True),
            )
        ).all()
    }
    instruksi = tuple(dict.fromkeys(form.instruksi))
    unknown = [k for k in instruksi if k not in names]
    if unknown:
        errors["instruksi"] = f"Instruksi tidak dikenal: {', '.join(unknown)}."
    catatan = clean_text(form.catatan, single_line=False)
    if has_control(form.catatan):
        errors["catatan"] = "Catatan memuat karakter kendali yang tidak dapat dicetak."
    elif len(catatan) > MAX_CATATAN:
        errors["catatan"] = f"Catatan paling banyak {MAX_CATATAN} karakter."
    if not instruksi and not catatan and "instruksi" not in errors:
        errors["instruksi"] = "Centang paling sedikit satu instruksi atau tulis catatan."
    floor = max(surat.diterima_at, parent_hop.tanggal) if parent_hop else surat.diterima_at
    tanggal = _when(session, form.tanggal, now, errors, "tanggal", floor)
    if tanggal < surat.diterima_at and "tanggal" not in errors:
        errors["tanggal"] = "Tanggal disposisi tidak boleh sebelum surat diterima."
    elif parent_hop is not None and tanggal < parent_hop.tanggal and "tanggal" not in errors:
        errors["tanggal"] = "Tanggal disposisi tidak boleh sebelum disposisi yang diteruskan."
    clock = procedure.office_clock(session)
    given_day = clock.local(tanggal).date()
    batas: date | None = None
    if form.batas_waktu.strip():
        try:
            batas = parse_tanggal(form.batas_waktu, given_day)
        except ValueError as exc:
            errors["batas_waktu"] = str(exc)
        else:
            if batas < given_day:
                errors["batas_waktu"] = "Batas waktu tidak boleh sebelum tanggal disposisi."
    else:
        batas = default_batas_waktu(surat.derajat, given_day, clock.calendar)
        if parent_hop is not None and parent_hop.batas_waktu is not None:
            # Passing on never moves the letter's deadline later than the one received.
            batas = max(given_day, min(batas, parent_hop.batas_waktu))
    if errors:
        raise ValidationError(errors)
    hop = Disposisi(
        surat_id=surat_id,
        induk_penerima_id=induk_penerima_id,
        dari_jabatan_id=dari_jabatan_id,
        dari_user_id=dari_user_id,
        dari_nama=dari_nama,
        tanggal=tanggal,
        instruksi=",".join(instruksi),
        catatan=catatan,
        batas_waktu=batas,
        dicatat_oleh_id=actor.id,
        dicatat_oleh_nama=actor.name,
        dicatat_at=now,
    )
    session.add(hop)
    session.flush()
    assert hop.id is not None
    rows = [
        DisposisiPenerima(
            disposisi_id=hop.id,
            surat_id=surat_id,
            jabatan_id=tujuan.jabatan_id,
            unit_id=tujuan.unit_id,
            user_id=tujuan.user_id,
            nama=nama,
            utama=index == form.utama,
        )
        for index, (tujuan, nama) in enumerate(resolved)
    ]
    session.add_all(rows)
    if induk is not None:
        _mark_acted(induk, PenerimaStatus.DITERUSKAN, actor, now)
        session.add(induk)
    session.flush()
    kepada = ", ".join(nama for _, nama in resolved)
    if induk_penerima_id is None:
        _advance(
            session,
            actor,
            surat,
            upto=4,
            catatan={
                3: f"Diserahkan kepada {dari_nama}.",
                4: f"Disposisi {dari_nama} kepada {kepada}.",
            },
            now=now,
        )
    else:
        _advance(session, actor, surat, upto=5, catatan={5: f"Diterima {dari_nama}."}, now=now)
    _refresh(session, surat)
    journal.record(
        session,
        actor=actor,
        action="disposisi" if induk_penerima_id is None else "teruskan",
        record_type="disposisi",
        record_id=hop.id,
        after=_state(hop, rows) | {"agenda": surat.agenda_teks},
    )
    return next(h for _, h in flatten(tree(session, surat_id)) if h.id == hop.id)


def _mark_acted(
    row: DisposisiPenerima, status: PenerimaStatus, actor: Actor, now: datetime
) -> None:
    if row.dibaca_at is None:
        row.dibaca_at = now
    row.status = status
    row.oleh_nama = actor.name


def _penerima(session: Session, penerima_id: int) -> DisposisiPenerima:
    row = session.get(DisposisiPenerima, penerima_id)
    if row is None:
        raise NotFound(f"Penerima disposisi nomor {penerima_id} tidak ditemukan.")
    return row


def mark_read(
    session: Session, *, actor: Actor, penerima_id: int, now: datetime | None = None
) -> bool:
    """The recipient has read the disposisi (opened it in the app, or the petugas records the
    handover). Returns False when it was already read. Completes SOP step 5."""
    now = now or utcnow()
    row = _penerima(session, penerima_id)
    if row.status == PenerimaStatus.BATAL:
        raise ServiceError(f"Disposisi untuk {row.nama} sudah batal.")
    if row.status != PenerimaStatus.MENUNGGU:
        return False
    if not _may_record_for(session, actor, row):
        raise PermissionDenied(f"Hanya {row.nama} yang dapat menandai disposisi ini dibaca.")
    surat = _letter(session, row.surat_id)
    if surat.status == SuratStatus.BATAL:
        raise ServiceError(f"Surat {surat.agenda_teks} sudah batal.")
    _mark_acted(row, PenerimaStatus.DIBACA, actor, now)
    session.add(row)
    session.flush()
    _advance(session, actor, surat, upto=5, catatan={5: f"Diterima {row.nama}."}, now=now)
    journal.record(
        session,
        actor=actor,
        action="dibaca",
        record_type="disposisi",
        record_id=row.disposisi_id,
        after={"penerima": row.nama, "agenda": surat.agenda_teks},
    )
    return True


def complete(
    session: Session,
    *,
    actor: Actor,
    penerima_id: int,
    tindak_lanjut: str,
    now: datetime | None = None,
) -> SuratStatus:
    """The recipient records what was done (tindak lanjut). When this closes the lead chain
    the letter is *selesai* and SOP 9.14 step 6 is recorded. Returns the letter's status."""
    now = now or utcnow()
    row = _penerima(session, penerima_id)
    surat = _letter(session, row.surat_id)
    if surat.status in (SuratStatus.BATAL, SuratStatus.DIARSIPKAN):
        raise ServiceError(f"Surat {surat.agenda_teks} sudah {SuratStatus(surat.status).label}.")
    if row.status not in OPEN:
        raise ServiceError(f"Disposisi untuk {row.nama} sudah {PenerimaStatus(row.status).label}.")
    if not _may_record_for(session, actor, row):
        raise PermissionDenied(f"Hanya {row.nama} yang dapat mencatat tindak lanjut ini.")
    if has_control(tindak_lanjut):
        raise ValidationError(
            {"tindak_lanjut": "Tindak lanjut memuat karakter kendali yang tidak dapat dicetak."}
        )
    text_value = clean_text(tindak_lanjut, single_line=False)
    if not text_value:
        raise ValidationError({"tindak_lanjut": "Tindak lanjut wajib diisi."})
    if len(text_value) > MAX_TINDAK_LANJUT:
        raise ValidationError(
            {"tindak_lanjut": f"Tindak lanjut paling banyak {MAX_TINDAK_LANJUT} karakter."}
        )
    before = row.model_dump(mode="json")
    was_done = surat.status == SuratStatus.SELESAI
    _mark_acted(row, PenerimaStatus.SELESAI, actor, now)
    row.selesai_at = now
    row.tindak_lanjut = text_value
    session.add(row)
    session.flush()
    _advance(session, actor, surat, upto=5, catatan={5: f"Diterima {row.nama}."}, now=now)
    _refresh(session, surat)
    if surat.status == SuratStatus.SELESAI and not was_done:
        # The lead chain closed now: the letter's own tindak lanjut is this one (a recipient
        # finishing after that does not overwrite it).
        surat.selesai_at = now
        surat.tindak_lanjut = text_value
        session.add(surat)
        _advance(session, actor, surat, upto=6, catatan={6: f"{row.nama}: {text_value}"}, now=now)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="tindak_lanjut",
        record_type="disposisi",
        record_id=row.disposisi_id,
        before=before,
        after=row.model_dump(mode="json") | {"surat_status": surat.status},
    )
    return SuratStatus(surat.status)


def may_cancel(session: Session, actor: Actor, hop: Disposisi) -> bool:
    """The sender (the giver's position or person, the one who typed it) or an admin."""
    if actor.has(Role.ADMIN):
        return True
    if actor.id is not None and actor.id in (hop.dicatat_oleh_id, hop.dari_user_id):
        return True
    return hop.dari_jabatan_id is not None and hop.dari_jabatan_id in _held(session, actor)


def cancel(
    session: Session,
    *,
    actor: Actor,
    disposisi_id: int,
    alasan: str,
    now: datetime | None = None,
) -> HopView:
    """Withdraw a hop nobody has read yet (it stays listed as batal with the reason)."""
    now = now or utcnow()
    hop = session.get(Disposisi, disposisi_id)
    if hop is None:
        raise NotFound(f"Disposisi nomor {disposisi_id} tidak ditemukan.")
    if hop.status == HopStatus.BATAL:
        raise ServiceError("Disposisi ini sudah dibatalkan.")
    if not may_cancel(session, actor, hop):
        raise PermissionDenied("Hanya pemberi disposisi yang dapat membatalkannya.")
    reason = _reason(alasan)
    rows = session.exec(
        select(DisposisiPenerima).where(DisposisiPenerima.disposisi_id == hop.id)
    ).all()
    read = [r.nama for r in rows if r.status != PenerimaStatus.MENUNGGU]
    if read:
        raise ServiceError(
            f"Disposisi sudah dibaca oleh {', '.join(read)}; tidak dapat dibatalkan."
        )
    before = _state(hop, rows)
    hop.status = HopStatus.BATAL
    hop.alasan_batal = reason
    session.add(hop)
    for row in rows:
        row.status = PenerimaStatus.BATAL
        session.add(row)
    session.flush()
    if hop.induk_penerima_id is not None:
        induk = _penerima(session, hop.induk_penerima_id)
        others = session.exec(
            select(Disposisi).where(
                Disposisi.induk_penerima_id == induk.id, Disposisi.status == HopStatus.AKTIF
            )
        ).all()
        if not others and induk.status == PenerimaStatus.DITERUSKAN:
            induk.status = PenerimaStatus.DIBACA
            session.add(induk)
            session.flush()
    surat = _letter(session, hop.surat_id)
    _refresh(session, surat)
    if surat.run_id is not None and _run_step(session, surat) is not None:
        procedure.add_note(
            session,
            actor=actor,
            run_id=surat.run_id,
            catatan=f"Disposisi {hop.dari_nama} dibatalkan: {reason}"[: procedure.MAX_CATATAN],
            now=now,
        )
    journal.record(
        session,
        actor=actor,
        action="batal",
        record_type="disposisi",
        record_id=hop.id,
        before=before,
        after=_state(hop, rows),
    )
    return next(h for _, h in flatten(tree(session, hop.surat_id)) if h.id == hop.id)


def file_without(
    session: Session, *, actor: Actor, surat_id: int, alasan: str, now: datetime | None = None
) -> None:
    """ "Tidak perlu disposisi": file the letter directly, with the reason. Its SOP 9.14 run
    ends there (cancelled with the same reason)."""
    now = now or utcnow()
    actor.require(*FILERS, action="pengarsipan tanpa disposisi")
    surat = _letter(session, surat_id)
    if surat.status != SuratStatus.BELUM_DISPOSISI:
        raise ServiceError(
            f"Surat {surat.agenda_teks} sudah {SuratStatus(surat.status).label}; hanya surat "
            "yang belum didisposisikan dapat diarsipkan langsung."
        )
    reason = _reason(alasan)
    before = surat.model_dump(mode="json", exclude={"nomor_surat_norm", "asal_norm"})
    surat.status = SuratStatus.DIARSIPKAN
    surat.alasan_arsip = reason
    surat.selesai_at = now
    surat.tenggat = None
    session.add(surat)
    session.flush()
    if surat.run_id is not None and _run_step(session, surat) is not None:
        procedure.cancel_run(
            session,
            actor=actor,
            run_id=surat.run_id,
            alasan=f"Tidak perlu disposisi: {reason}"[: procedure.MAX_ALASAN],
            now=now,
            authorized=True,
        )
    journal.record(
        session,
        actor=actor,
        action="arsip_tanpa_disposisi",
        record_type=SUBJECT_TYPE,
        record_id=surat_id,
        before=before,
        after=surat.model_dump(mode="json", exclude={"nomor_surat_norm", "asal_norm"}),
    )


def hand_over(session: Session, *, actor: Actor, surat_id: int, now: datetime | None = None) -> str:
    """The petugas records handing the letter on (SOP 9.14 step 3 to the pimpinan, or step 5
    to the pejabat named in the disposisi). Returns what was recorded."""
    now = now or utcnow()
    actor.require(*RECORDERS, action="pencatatan penyerahan surat")
    surat = _letter(session, surat_id)
    step = _run_step(session, surat)
    if step == 3:
        target = surat.tujuan_nama or "pimpinan"
        _advance(
            session, actor, surat, upto=3, catatan={3: f"Diserahkan kepada {target}."}, now=now
        )
        return f"Surat diserahkan kepada {target}."
    if step == 5:
        _advance(
            session,
            actor,
            surat,
            upto=5,
            catatan={5: "Diserahkan kepada pejabat sesuai disposisi."},
            now=now,
        )
        return "Surat diserahkan kepada pejabat sesuai disposisi."
    raise ServiceError("Tidak ada penyerahan surat yang menunggu dicatat.")


# -- pickers ---------------------------------------------------------------------------------


def recipients(session: Session) -> list[PilihanPenerima]:
    """Everyone a disposisi may go to: positions first (with their holders), then units,
    then active staff without a position."""
    out: list[PilihanPenerima] = []
    held_users: set[int] = set()
    for jabatan in session.exec(
        select(Jabatan)
        .where(col(Jabatan.aktif).is_(True))
        .order_by(col(Jabatan.urutan), col(Jabatan.kode))
    ).all():
        assert jabatan.id is not None
        if jabatan.user_id:
            held_users.add(jabatan.user_id)
        out.append(
            PilihanPenerima(Tujuan(jabatan_id=jabatan.id), jabatan.nama, jabatan.pemegang_nama)
        )
    for unit in session.exec(
        select(Unit).where(col(Unit.aktif).is_(True)).order_by(col(Unit.urutan), col(Unit.kode))
    ).all():
        assert unit.id is not None
        out.append(PilihanPenerima(Tujuan(unit_id=unit.id), unit.nama, "unit"))
    units = {u.id: u.nama for u in session.exec(select(Unit)).all()}
    for user in session.exec(
        select(User).where(col(User.aktif).is_(True)).order_by(col(User.nama))
    ).all():
        assert user.id is not None
        if user.id in held_users:
            continue
        unit_name = units.get(user.unit_id, "") if user.unit_id else ""
        out.append(
            PilihanPenerima(
                Tujuan(user_id=user.id),
                user.nama,
                " · ".join(x for x in (user.jabatan, unit_name) if x),
            )
        )
    return out


def givers(session: Session) -> list[PilihanPenerima]:
    """Positions that give a first disposisi: the pimpinan positions and the Sekretaris."""
    rows = session.exec(
        select(Jabatan)
        .where(col(Jabatan.aktif).is_(True))
        .order_by(col(Jabatan.urutan), col(Jabatan.kode))
    ).all()
    out = []
    for jabatan in rows:
        assert jabatan.id is not None
        if jabatan.pimpinan or jabatan.kode == "SEKRETARIS":
            out.append(
                PilihanPenerima(Tujuan(jabatan_id=jabatan.id), jabatan.nama, jabatan.pemegang_nama)
            )
    return out


def first_recipients(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The recipients of each letter's first disposisi in force (a position by its singkatan
    where it has one), the lead first and marked when there are several."""
    if not ids:
        return {}
    rows = session.execute(
        sa_select(
            col(DisposisiPenerima.surat_id),
            col(DisposisiPenerima.disposisi_id),
            col(DisposisiPenerima.nama),
            col(Jabatan.singkatan),
            col(DisposisiPenerima.utama),
        )
        .join(Disposisi, col(Disposisi.id) == col(DisposisiPenerima.disposisi_id))
        .outerjoin(Jabatan, col(Jabatan.id) == col(DisposisiPenerima.jabatan_id))
        .where(
            col(Disposisi.surat_id).in_(ids),
            col(Disposisi.induk_penerima_id).is_(None),
            col(Disposisi.status) == HopStatus.AKTIF,
        )
        .order_by(col(Disposisi.id), col(DisposisiPenerima.id))
    ).all()
    first_hop: dict[int, int] = {}
    names: dict[int, list[tuple[bool, str]]] = {}
    for surat_id, hop_id, nama, singkatan, utama in rows:
        if first_hop.setdefault(surat_id, hop_id) != hop_id:
            continue
        names.setdefault(surat_id, []).append((bool(utama), (singkatan or "").strip() or nama))
    out: dict[int, tuple[str, ...]] = {}
    for surat_id, entries in names.items():
        ordered = sorted(entries, key=lambda entry: not entry[0])
        several = len(ordered) > 1
        out[surat_id] = tuple(
            f"{nama} (utama)" if utama and several else nama for utama, nama in ordered
        )
    return out
