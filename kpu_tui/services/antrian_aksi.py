"""Acting on queue items, one or many at once: mark read, mark done (tindak lanjut), pass on,
attach a document.

Each function takes the items as the queue showed them, checks every one of them against the
records as they are now (still open, still the user's, the right kind), and only then applies
the registers' own services to each (``disposisi.mark_read``/``complete``/``give``,
``surat_keluar.paraf``/``add_files``, ``procedure.complete_step``, ``surat_masuk.add_scans``).
The caller runs one call inside one ``store.write()``: when any item fails, the exception
names the item (its nomor and kind) and the transaction rolls back, so nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from kpu_tui.models import (
    BerkasJenis,
    DisposisiPenerima,
    KeluarStatus,
    PenerimaStatus,
    ProcedureRun,
    RunStatus,
    SuratKeluar,
    SuratMasuk,
    SuratStatus,
)
from kpu_tui.sop.loader import SopError, SopNotFound, get_sop

from . import attachments, disposisi, procedure, surat_keluar, surat_masuk
from .actor import Actor
from .antrian import DISPOSISI_KINDS, KELUAR_KINDS, Item, Jenis
from .errors import NotFound, PermissionDenied, ServiceError, ValidationError

TANDAI_DIBACA = frozenset(DISPOSISI_KINDS)
"""Kinds that can be marked read."""
SELESAIKAN = frozenset({*DISPOSISI_KINDS, Jenis.PARAF, Jenis.LANGKAH})
"""Kinds that a tindak lanjut note closes (a paraf is given with the note)."""
TERUSKAN = frozenset({*DISPOSISI_KINDS, Jenis.TELAAH})
"""Kinds that can be passed on (a letter waiting for disposisi gets its first one)."""
LAMPIRKAN = frozenset({*DISPOSISI_KINDS, Jenis.TELAAH, *KELUAR_KINDS, Jenis.LANGKAH})
"""Kinds a document can be attached to (the surat masuk, the surat keluar, or the SOP run's
current step as a note)."""

TIDAK_BERLAKU: dict[str, str] = {
    "tandai_dibaca": "Tandai dibaca hanya untuk disposisi",
    "selesaikan": "Tindak lanjut hanya untuk disposisi, paraf dan langkah SOP",
    "teruskan": "Teruskan hanya untuk disposisi dan surat yang perlu disposisi",
    "lampirkan": "Lampiran hanya untuk surat masuk, surat keluar dan langkah SOP",
}
"""Why an action does not apply to some kinds, per action."""
BERLAKU: dict[str, frozenset[Jenis]] = {
    "tandai_dibaca": TANDAI_DIBACA,
    "selesaikan": SELESAIKAN,
    "teruskan": TERUSKAN,
    "lampirkan": LAMPIRKAN,
}
"""Which kinds each action applies to."""

MAX_ITEMS = 500
"""The most items one bulk action takes (one transaction must stay short)."""


@dataclass(frozen=True)
class Hasil:
    """What a bulk action did, in the words the user reads."""

    jumlah: int
    """How many items were acted on."""
    bagian: tuple[str, ...] = ()
    """``3 disposisi ditandai selesai``, ``1 paraf diberikan`` ..."""
    catatan: tuple[str, ...] = ()
    """Remarks: letters finished, items already read."""

    @property
    def pesan(self) -> str:
        """``2 disposisi ditandai selesai, 1 paraf diberikan. Surat selesai: 0012/2026.``"""
        text = ", ".join(self.bagian) or "Tidak ada yang berubah"
        return ". ".join((text, *self.catatan)) + "."


def nama_item(item: Item) -> str:
    """How a message names an item: ``0123/2026 (Disposisi baru)``."""
    return f"{item.nomor} ({item.jenis.label})"


def _phrases(items: Sequence[Item], words: Callable[[Jenis], tuple[str, str]]) -> Hasil:
    """Count items by ``(noun, verb)`` in their order: ``3 disposisi ditandai selesai``."""
    counts: dict[tuple[str, str], int] = {}
    for item in items:
        key = words(item.jenis)
        counts[key] = counts.get(key, 0) + 1
    return Hasil(len(items), tuple(f"{n} {noun} {verb}" for (noun, verb), n in counts.items()))


@contextmanager
def _naming(
    item: Item, *, many: bool = True, rekey: dict[str, str] | None = None
) -> Iterator[None]:
    """Re-raise a service's refusal with the item named. Validation messages stay at their
    field (``rekey`` moves a service's field name to the dialog's), named when several items
    are acted on."""
    try:
        yield
    except ValidationError as exc:
        rekey = rekey or {}
        prefix = f"{nama_item(item)}: " if many else ""
        raise ValidationError(
            {rekey.get(key, key): prefix + message for key, message in exc.errors.items()}
        ) from exc
    except ServiceError as exc:
        raise type(exc)(f"{nama_item(item)}: {exc.message}") from exc


def _applies(action: str, items: Sequence[Item]) -> None:
    if not items:
        raise ServiceError("Tidak ada item yang dipilih.")
    if len(items) > MAX_ITEMS:
        raise ServiceError(f"Paling banyak {MAX_ITEMS} item sekaligus.")
    wrong = [item for item in items if item.jenis not in BERLAKU[action]]
    if wrong:
        names = ", ".join(nama_item(item) for item in wrong[:5])
        more = f" dan {len(wrong) - 5} lainnya" if len(wrong) > 5 else ""
        raise ServiceError(f"{TIDAK_BERLAKU[action]}: {names}{more}.")
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ServiceError("Item yang sama dipilih dua kali.")


# -- checks against the records as they are now -----------------------------------------------


def _penerima(session: Session, actor: Actor, item: Item, *, allowed: Sequence[str]) -> None:
    row = session.get(DisposisiPenerima, item.ref_id)
    if row is None:
        raise NotFound("disposisi ini tidak ditemukan lagi.")
    status = PenerimaStatus(row.status)
    if status not in allowed:
        raise ServiceError(f"disposisi untuk {row.nama} sudah {status.label}.")
    surat = session.get(SuratMasuk, row.surat_id)
    if surat is None:
        raise NotFound("surat masuknya tidak ditemukan.")
    if surat.status in (SuratStatus.BATAL, SuratStatus.DIARSIPKAN):
        raise ServiceError(f"surat {surat.agenda_teks} sudah {SuratStatus(surat.status).label}.")
    if not (disposisi.is_recipient(session, actor, row) or actor.has(*disposisi.RECORDERS)):
        raise PermissionDenied(f"disposisi ini untuk {row.nama}, bukan untuk Anda.")


def _telaah(session: Session, item: Item) -> None:
    surat = session.get(SuratMasuk, item.ref_id)
    if surat is None:
        raise NotFound("surat masuk ini tidak ditemukan lagi.")
    if surat.status != SuratStatus.BELUM_DISPOSISI:
        raise ServiceError(f"surat {surat.agenda_teks} sudah {SuratStatus(surat.status).label}.")


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _langkah(session: Session, actor: Actor, item: Item) -> None:
    """The run is open, still at the step the queue showed, the step is not a decision, and
    the user may record it."""
    run = session.get(ProcedureRun, item.ref_id)
    if run is None:
        raise NotFound("prosedur ini tidak ditemukan lagi.")
    if run.status != RunStatus.BERJALAN or run.langkah_kini is None:
        raise ServiceError(f"prosedur No {run.id} sudah {RunStatus(run.status).label}.")
    moved = item.langkah_no is not None and item.langkah_no != run.langkah_kini
    if moved or (item.sejak is not None and _aware(run.langkah_sejak) != item.sejak):
        raise ServiceError(
            f"prosedur No {run.id} sudah berpindah ke langkah {run.langkah_kini}; muat ulang."
        )
    try:
        langkah = get_sop(run.sop_id).step(run.langkah_kini)
    except (SopNotFound, SopError, KeyError) as exc:
        raise ServiceError(f"SOP {run.sop_id} tidak dapat dibaca.") from exc
    if langkah.keputusan is not None:
        raise ServiceError(
            f"langkah {langkah.no} adalah keputusan (ya/tidak): buka prosedurnya (Enter)."
        )
    if not procedure.may_record(session, actor=actor, run_id=item.ref_id):
        raise PermissionDenied(f"Anda bukan pelaksana langkah {langkah.no}.")


def _paraf(session: Session, actor: Actor, item: Item) -> None:
    surat = session.get(SuratKeluar, item.ref_id)
    if surat is None:
        raise NotFound("surat keluar ini tidak ditemukan lagi.")
    if surat.status != KeluarStatus.PARAF:
        raise ServiceError(f"surat {KeluarStatus(surat.status).label}: tidak menunggu paraf.")
    if not surat_keluar.may_paraf(session, actor, item.ref_id):
        raise PermissionDenied("paraf ini tidak lagi menunggu jabatan Anda.")


def _keluar(session: Session, item: Item) -> SuratKeluar:
    surat = session.get(SuratKeluar, item.ref_id)
    if surat is None:
        raise NotFound("surat keluar ini tidak ditemukan lagi.")
    if surat.status == KeluarStatus.BATAL:
        raise ServiceError("surat ini sudah batal.")
    return surat


def _check_all(items: Sequence[Item], check: Callable[[Item], None]) -> None:
    for item in items:
        with _naming(item):
            check(item)


# -- the actions -------------------------------------------------------------------------------


def tandai_dibaca(session: Session, *, actor: Actor, items: Sequence[Item], now: datetime) -> Hasil:
    """Mark disposisi read (which ends the sender's right to cancel them). Items already read
    are left as they are and said so."""
    _applies("tandai_dibaca", items)
    allowed = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)
    _check_all(items, lambda item: _penerima(session, actor, item, allowed=allowed))
    done: list[Item] = []
    for item in items:
        with _naming(item):
            if disposisi.mark_read(session, actor=actor, penerima_id=item.ref_id, now=now):
                done.append(item)
    already = len(items) - len(done)
    hasil = _phrases(done, lambda _: ("disposisi", "ditandai dibaca"))
    if already:
        hasil = replace(hasil, catatan=(f"{already} sudah dibaca sebelumnya",))
    return hasil


def selesaikan(
    session: Session, *, actor: Actor, items: Sequence[Item], tindak_lanjut: str, now: datetime
) -> Hasil:
    """Close each item with the same tindak lanjut note: a disposisi is completed, a paraf
    given with the note as its catatan, an SOP step (not a decision) recorded as done.

    Raises:
        ValidationError: ``tindak_lanjut`` empty or refused by a service (named by item).
        ServiceError: an item is no longer open, not the user's, or a decision step.
    """
    _applies("selesaikan", items)
    if not tindak_lanjut.strip():
        raise ValidationError({"tindak_lanjut": "Tindak lanjut wajib diisi."})
    open_ = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)

    def check(item: Item) -> None:
        if item.jenis in DISPOSISI_KINDS:
            _penerima(session, actor, item, allowed=open_)
        elif item.jenis == Jenis.PARAF:
            _paraf(session, actor, item)
        else:
            _langkah(session, actor, item)

    _check_all(items, check)
    finished: list[str] = []
    rekey = {"catatan": "tindak_lanjut"}
    for item in items:
        with _naming(item, many=len(items) > 1, rekey=rekey):
            if item.jenis in DISPOSISI_KINDS:
                status = disposisi.complete(
                    session,
                    actor=actor,
                    penerima_id=item.ref_id,
                    tindak_lanjut=tindak_lanjut,
                    now=now,
                )
                if status == SuratStatus.SELESAI:
                    finished.append(item.nomor)
            elif item.jenis == Jenis.PARAF:
                surat_keluar.paraf(
                    session, actor=actor, surat_id=item.ref_id, catatan=tindak_lanjut, now=now
                )
            else:
                procedure.complete_step(
                    session, actor=actor, run_id=item.ref_id, catatan=tindak_lanjut, now=now
                )
    hasil = _phrases(items, _selesai_words)
    if finished:
        hasil = replace(hasil, catatan=(f"Surat selesai: {', '.join(dict.fromkeys(finished))}",))
    return hasil


def _selesai_words(jenis: Jenis) -> tuple[str, str]:
    if jenis == Jenis.PARAF:
        return ("paraf", "diberikan")
    if jenis == Jenis.LANGKAH:
        return ("langkah SOP", "diselesaikan")
    return ("disposisi", "ditandai selesai")


def teruskan(
    session: Session,
    *,
    actor: Actor,
    items: Sequence[Item],
    form: disposisi.DisposisiForm,
    now: datetime,
) -> Hasil:
    """Pass every disposisi on to the same recipients with the same instructions (each hop's
    batas waktu no later than the one received); a letter waiting for disposisi gets the
    pimpinan's first disposisi (``form.dari_jabatan_id``)."""
    _applies("teruskan", items)
    kinds = {item.jenis == Jenis.TELAAH for item in items}
    if len(kinds) > 1:
        raise ServiceError(
            "Pilih hanya disposisi yang diteruskan, atau hanya surat yang perlu disposisi, "
            "dalam satu kali teruskan."
        )
    passable = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA, PenerimaStatus.DITERUSKAN)

    def check(item: Item) -> None:
        if item.jenis == Jenis.TELAAH:
            _telaah(session, item)
        else:
            _penerima(session, actor, item, allowed=passable)

    _check_all(items, check)
    for item in items:
        surat_id = item.surat_masuk_id if item.surat_masuk_id is not None else item.ref_id
        with _naming(item, many=len(items) > 1):
            disposisi.give(
                session,
                actor=actor,
                surat_id=surat_id,
                form=form,
                induk_penerima_id=None if item.jenis == Jenis.TELAAH else item.ref_id,
                now=now,
            )
    if Jenis.TELAAH in {item.jenis for item in items}:
        return _phrases(items, lambda _: ("surat masuk", "didisposisikan"))
    return _phrases(items, lambda _: ("disposisi", "diteruskan"))


def lampirkan(
    session: Session,
    *,
    actor: Actor,
    items: Sequence[Item],
    path: str,
    attachment_dir: Path,
    now: datetime,
) -> Hasil:
    """Attach one file to the letter of each item: a surat masuk gets it as a scan, a surat
    keluar as a draft before its signature and as the signed letter's scan after. A letter
    named by several items gets it once.

    Raises:
        ValidationError: ``berkas``: the path is empty or no file is there.
    """
    _applies("lampirkan", items)
    text = path.strip().strip('"')
    if not text:
        raise ValidationError({"berkas": "Lokasi berkas wajib diisi."})
    source = Path(text).expanduser()
    if not source.is_file():
        problem = "Bukan berkas" if source.exists() else "Berkas tidak ditemukan"
        raise ValidationError({"berkas": f"{problem}: {source}"})

    def check(item: Item) -> None:
        if item.jenis == Jenis.LANGKAH:
            assert item.run_id is not None
            if not procedure.may_record(session, actor=actor, run_id=item.run_id):
                raise PermissionDenied("Anda bukan pelaksana langkah ini.")
            return
        if item.jenis in KELUAR_KINDS:
            _keluar(session, item)
            actor.require(*surat_keluar.KONSEPTOR_ROLES, action="penyimpanan berkas surat keluar")
            return
        surat_id = item.surat_masuk_id if item.surat_masuk_id is not None else item.ref_id
        surat = session.get(SuratMasuk, surat_id)
        if surat is None:
            raise NotFound("surat masuknya tidak ditemukan.")
        if surat.status == SuratStatus.BATAL:
            raise ServiceError(f"surat {surat.agenda_teks} sudah batal.")
        if not surat_masuk.may_add_scans(session, actor, surat_id):
            raise PermissionDenied(
                "berkas surat masuk ditambahkan oleh petugas atau penerima disposisinya."
            )

    _check_all(items, check)
    stored_ref = ""
    seen: set[tuple[str, int]] = set()
    done: list[Item] = []
    for item in items:
        if item.jenis == Jenis.LANGKAH:
            assert item.run_id is not None
            with _naming(item, many=len(items) > 1):
                if not stored_ref:
                    stored_ref = attachments.store_file(attachment_dir, source, field="berkas").ref
                procedure.add_note(
                    session,
                    actor=actor,
                    run_id=item.run_id,
                    catatan=f"Lampiran: {source.name}",
                    lampiran=stored_ref,
                    now=now,
                )
            done.append(item)
            continue
        if item.jenis in KELUAR_KINDS:
            target = ("keluar", item.ref_id)
        else:
            target = ("masuk", item.surat_masuk_id or item.ref_id)
        if target in seen:
            continue
        seen.add(target)
        with _naming(item, many=len(items) > 1):
            if target[0] == "keluar":
                surat = _keluar(session, item)
                jenis = (
                    BerkasJenis.KONSEP if surat.status in surat_keluar.OPEN else BerkasJenis.ARSIP
                )
                surat_keluar.add_files(
                    session,
                    actor=actor,
                    surat_id=target[1],
                    paths=[text],
                    jenis=jenis,
                    attachment_dir=attachment_dir,
                    now=now,
                )
            else:
                surat_masuk.add_scans(
                    session,
                    actor=actor,
                    surat_id=target[1],
                    paths=[text],
                    attachment_dir=attachment_dir,
                )
        done.append(item)
    verb = f"diberi lampiran {source.name}"
    return _phrases(
        done,
        lambda j: (
            "surat keluar"
            if j in KELUAR_KINDS
            else "langkah SOP"
            if j == Jenis.LANGKAH
            else "surat masuk",
            verb,
        ),
    )


__all__ = [
    "BERLAKU",
    "LAMPIRKAN",
    "SELESAIKAN",
    "TANDAI_DIBACA",
    "TERUSKAN",
    "TIDAK_BERLAKU",
    "Hasil",
    "lampirkan",
    "nama_item",
    "selesaikan",
    "tandai_dibaca",
    "teruskan",
]
