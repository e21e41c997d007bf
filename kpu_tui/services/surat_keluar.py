"""Surat keluar (SOP 9.13): the konsep, paraf berjenjang, the signature that takes the number,
the archive scan, cancellation, and the buku agenda surat keluar page by page.

SOP 9.13 run of a letter: making the konsep records step 1 (the arahan, or the surat masuk it
answers); sending it for paraf step 2 (drafting); the last paraf step 3; the signature step 4;
the archive scan (or, without one, the first dispatch) step 5; dispatch to every tujuan step 6
(:mod:`kpu_tui.services.ekspedisi`). A letter returned for correction goes back to its
konseptor and starts a new paraf round when sent again; the run notes the return.

Each public function that writes is one user action, one transaction (the caller's write
session): the letter, its number, its SOP steps and its journal events together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from kpu_tui.models import (
    BerkasJenis,
    DisposisiPenerima,
    Jabatan,
    JenisNaskah,
    KeluarStatus,
    KeluarSumber,
    KirimStatus,
    NomorStatus,
    NomorSurat,
    OptionKind,
    ParafStatus,
    ProcedureRun,
    Role,
    RunStatus,
    SuratKeluar,
    SuratKeluarBerkas,
    SuratKeluarParaf,
    SuratKeluarTujuan,
    SuratMasuk,
    Unit,
    utcnow,
)
from kpu_tui.rules.disposisi import fold

from . import attachments, journal, nomor_surat, procedure
from .actor import Actor
from .errors import NotFound, PermissionDenied, ServiceError, ValidationError
from .surat_keluar_views import (
    BerkasView,
    KeluarRow,
    KonsepForm,
    TujuanForm,
    berkas_view,
    keluar_row,
)
from .surat_masuk import (
    check_jenis,
    check_klasifikasi,
    check_option,
    check_path,
    clean_text,
    has_control,
)

SOP_SURAT_KELUAR = "9.13"
SUBJECT_TYPE = "surat_keluar"
KONSEPTOR_ROLES = (Role.STAF, Role.KASUBBAG, Role.PETUGAS, Role.PIMPINAN, Role.ADMIN)
"""Roles that draft letters."""
RECORDERS = (Role.PETUGAS, Role.ADMIN)
"""Roles that enter a paraf or a signature given on paper, on the pejabat's behalf."""
KEEPERS = nomor_surat.KEEPERS
"""Roles that may cancel a letter at any stage (and so void its number)."""
OPEN = (
    KeluarStatus.KONSEP,
    KeluarStatus.PARAF,
    KeluarStatus.DIKEMBALIKAN,
    KeluarStatus.TANDA_TANGAN,
)
"""States before the signature."""
MAX = {
    "perihal": 500,
    "lampiran": 100,
    "arahan": 1000,
    "keterangan": 500,
    "tujuan": 200,
    "alamat": 300,
    "catatan": 1000,
}
MAX_TUJUAN = 40
MAX_PARAF = 8
LABELS = {
    "perihal": "Perihal",
    "jenis_naskah": "Jenis naskah",
    "klasifikasi": "Kode klasifikasi",
    "sifat": "Sifat",
    "lampiran": "Lampiran",
    "tujuan": "Tujuan",
    "penandatangan_jabatan_id": "Penandatangan",
    "pengolah_unit_id": "Unit pengolah",
    "arahan": "Arahan",
    "keterangan": "Keterangan",
    "paraf": "Paraf",
    "berkas": "Berkas konsep",
    "catatan": "Catatan",
    "tanggal": "Tanggal surat",
}


# -- validation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clean:
    perihal: str
    jenis_naskah: str
    klasifikasi: str | None
    sifat: str
    lampiran: str
    tujuan: tuple[TujuanForm, ...]
    penandatangan: Jabatan
    pengolah: Unit | None
    arahan: str
    surat_masuk: SuratMasuk | None
    disposisi_penerima_id: int | None
    keterangan: str
    paraf: tuple[int, ...]


def _text(errors: dict[str, str], name: str, value: str, *, required: bool = False) -> str:
    if has_control(value):
        errors[name] = f"{LABELS[name]} memuat karakter kendali yang tidak dapat dicetak."
        return ""
    single = name not in ("arahan", "catatan", "keterangan")
    cleaned = clean_text(value, single_line=single)
    if required and not cleaned:
        errors[name] = f"{LABELS[name]} wajib diisi."
    elif len(cleaned) > MAX[name]:
        errors[name] = f"{LABELS[name]} paling banyak {MAX[name]} karakter (kini {len(cleaned)})."
    return cleaned


def _tujuan_list(errors: dict[str, str], items: Sequence[TujuanForm]) -> tuple[TujuanForm, ...]:
    out: list[TujuanForm] = []
    seen: set[tuple[str, bool]] = set()
    for index, item in enumerate(items, start=1):
        if has_control(item.nama) or has_control(item.alamat):
            errors["tujuan"] = f"Tujuan {index} memuat karakter kendali yang tidak dapat dicetak."
            continue
        nama, alamat = clean_text(item.nama), clean_text(item.alamat)
        if not nama:
            if alamat:
                errors["tujuan"] = f"Tujuan {index}: nama tujuan wajib diisi."
            continue
        if len(nama) > MAX["tujuan"]:
            errors["tujuan"] = f"Tujuan {index}: nama paling banyak {MAX['tujuan']} karakter."
        if len(alamat) > MAX["alamat"]:
            errors["tujuan"] = f"Tujuan {index}: alamat paling banyak {MAX['alamat']} karakter."
        key = (fold(nama), item.tembusan)
        if key in seen:
            errors["tujuan"] = f"Tujuan {index} ({nama}) tercantum dua kali."
        seen.add(key)
        out.append(TujuanForm(nama=nama, alamat=alamat, tembusan=item.tembusan))
    if not any(not t.tembusan for t in out) and "tujuan" not in errors:
        errors["tujuan"] = "Tujuan surat wajib diisi (sedikitnya satu, selain tembusan)."
    if len(out) > MAX_TUJUAN:
        errors["tujuan"] = f"Tujuan dan tembusan paling banyak {MAX_TUJUAN}."
    return tuple(out)


def _jabatan(session: Session, jabatan_id: int | None, keep: int | None = None) -> Jabatan | None:
    if jabatan_id is None:
        return None
    row = session.get(Jabatan, jabatan_id)
    if row is None or not (row.aktif or jabatan_id == keep):
        return None
    return row


def validate(
    session: Session, form: KonsepForm, *, current: SuratKeluar | None = None
) -> tuple[_Clean | None, dict[str, str]]:
    """Check every field; return the cleaned values, or the errors keyed by field."""
    errors: dict[str, str] = {}
    perihal = _text(errors, "perihal", form.perihal, required=True)
    lampiran = _text(errors, "lampiran", form.lampiran)
    arahan = _text(errors, "arahan", form.arahan)
    keterangan = _text(errors, "keterangan", form.keterangan)
    jenis = check_jenis(
        session, errors, form.jenis_naskah, current.jenis_naskah if current else None
    )
    if jenis is None and "jenis_naskah" not in errors:
        errors["jenis_naskah"] = "Jenis naskah wajib diisi."
    klasifikasi = check_klasifikasi(
        session, errors, form.klasifikasi, current.klasifikasi if current else None
    )
    sifat = check_option(
        session, errors, "sifat", OptionKind.SIFAT, form.sifat, current.sifat if current else None
    )
    tujuan = _tujuan_list(errors, form.tujuan)
    keep_signer = current.penandatangan_jabatan_id if current else None
    signer = _jabatan(session, form.penandatangan_jabatan_id, keep_signer)
    if signer is None:
        errors["penandatangan_jabatan_id"] = (
            "Penandatangan wajib dipilih dari daftar jabatan kantor."
            if form.penandatangan_jabatan_id is None
            else "Penandatangan bukan jabatan yang aktif."
        )
    pengolah = None
    if form.pengolah_unit_id is not None:
        pengolah = session.get(Unit, form.pengolah_unit_id)
        if pengolah is None or not (
            pengolah.aktif or (current and current.pengolah_unit_id == form.pengolah_unit_id)
        ):
            errors["pengolah_unit_id"] = "Unit pengolah bukan unit yang aktif."
            pengolah = None
    surat_masuk = None
    if form.surat_masuk_id is not None:
        surat_masuk = session.get(SuratMasuk, form.surat_masuk_id)
        if surat_masuk is None:
            errors["surat_masuk_id"] = "Surat masuk yang dibalas tidak ditemukan."
    if form.disposisi_penerima_id is not None:
        penerima = session.get(DisposisiPenerima, form.disposisi_penerima_id)
        if penerima is None or (surat_masuk is not None and penerima.surat_id != surat_masuk.id):
            errors["surat_masuk_id"] = "Disposisi yang ditindaklanjuti tidak ditemukan."
    paraf = tuple(form.paraf)
    if len(paraf) > MAX_PARAF:
        errors["paraf"] = f"Paraf berjenjang paling banyak {MAX_PARAF} pejabat."
    elif len(set(paraf)) != len(paraf):
        errors["paraf"] = "Seorang pejabat tercantum dua kali dalam urutan paraf."
    else:
        for jabatan_id in paraf:
            if _jabatan(session, jabatan_id) is None:
                errors["paraf"] = "Pemaraf harus jabatan yang aktif."
                break
            if jabatan_id == form.penandatangan_jabatan_id:
                errors["paraf"] = "Penandatangan tidak perlu memaraf suratnya sendiri."
                break
    for index, path in enumerate(form.berkas, start=1):
        problem = check_path(path)
        if problem:
            errors["berkas"] = f"Berkas {index}: {problem}"
            break
    if jenis is not None and "klasifikasi" not in errors and "jenis_naskah" not in errors:
        jenis_row = session.get(JenisNaskah, jenis)
        if jenis_row is not None and not jenis_row.pakai_klasifikasi and klasifikasi:
            klasifikasi = None  # Keputusan and Peraturan carry no kode klasifikasi
        errors |= nomor_surat.check_parts(
            session,
            jenis=jenis,
            klasifikasi=klasifikasi,
            unit_id=form.pengolah_unit_id,
            tanggal=nomor_surat.today(session),
        )
    if errors or jenis is None or signer is None:
        return None, errors
    return (
        _Clean(
            perihal=perihal,
            jenis_naskah=jenis,
            klasifikasi=klasifikasi,
            sifat=sifat,
            lampiran=lampiran,
            tujuan=tujuan,
            penandatangan=signer,
            pengolah=pengolah,
            arahan=arahan,
            surat_masuk=surat_masuk,
            disposisi_penerima_id=form.disposisi_penerima_id,
            keterangan=keterangan,
            paraf=paraf,
        ),
        {},
    )


# -- helpers ---------------------------------------------------------------------------------


def _get(session: Session, surat_id: int) -> SuratKeluar:
    surat = session.get(SuratKeluar, surat_id)
    if surat is None:
        raise NotFound(f"Surat keluar nomor {surat_id} tidak ditemukan.")
    return surat


def _state(surat: SuratKeluar) -> dict[str, object]:
    return surat.model_dump(mode="json")


def _held(session: Session, actor: Actor) -> set[int]:
    if actor.id is None:
        return set()
    rows = session.exec(
        select(Jabatan.id).where(Jabatan.user_id == actor.id, col(Jabatan.aktif).is_(True))
    ).all()
    return {r for r in rows if r is not None}


def _tujuan_rows(session: Session, surat_id: int) -> list[SuratKeluarTujuan]:
    return list(
        session.exec(
            select(SuratKeluarTujuan)
            .where(SuratKeluarTujuan.surat_id == surat_id)
            .order_by(col(SuratKeluarTujuan.urutan), col(SuratKeluarTujuan.id))
        ).all()
    )


def _ringkas(tujuan: Sequence[TujuanForm]) -> str:
    names = [t.nama for t in tujuan if not t.tembusan]
    text_ = "; ".join(names)
    return text_ if len(text_) <= 300 else text_[:297] + "..."


def _apply(session: Session, surat: SuratKeluar, clean: _Clean) -> None:
    surat.perihal = clean.perihal
    surat.jenis_naskah = clean.jenis_naskah
    surat.klasifikasi = clean.klasifikasi
    surat.sifat = clean.sifat
    surat.lampiran = clean.lampiran
    surat.tujuan_ringkas = _ringkas(clean.tujuan)
    surat.penandatangan_jabatan_id = clean.penandatangan.id
    surat.penandatangan_jabatan = clean.penandatangan.nama
    surat.penandatangan_nama = clean.penandatangan.pemegang_nama
    surat.pengolah_unit_id = clean.pengolah.id if clean.pengolah else None
    surat.pengolah_nama = clean.pengolah.nama if clean.pengolah else ""
    surat.arahan = clean.arahan
    surat.surat_masuk_id = clean.surat_masuk.id if clean.surat_masuk else None
    surat.disposisi_penerima_id = clean.disposisi_penerima_id
    surat.keterangan = clean.keterangan
    surat.rencana_paraf = ",".join(str(j) for j in clean.paraf)


def _write_tujuan(
    session: Session, surat_id: int, tujuan: Sequence[TujuanForm], *, alasan: str = ""
) -> None:
    """Make the tujuan rows match the form: rows whose name and kind stay are updated, the
    others are withdrawn (status batal, kept) and new ones added."""
    existing = [r for r in _tujuan_rows(session, surat_id) if r.status != KirimStatus.BATAL]
    by_key = {(fold(r.nama), r.tembusan): r for r in existing}
    kept: set[int] = set()
    for index, item in enumerate(tujuan, start=1):
        row = by_key.get((fold(item.nama), item.tembusan))
        if row is None:
            row = SuratKeluarTujuan(surat_id=surat_id, nama=item.nama, tembusan=item.tembusan)
        row.urutan, row.nama, row.alamat = index, item.nama, item.alamat
        session.add(row)
        session.flush()
        assert row.id is not None
        kept.add(row.id)
    for row in existing:
        if row.id not in kept:
            row.status = KirimStatus.BATAL
            row.alasan_batal = alasan or "Dihapus dari konsep."
            session.add(row)
    session.flush()


def _store_files(
    session: Session,
    actor: Actor,
    surat_id: int,
    paths: Sequence[str],
    jenis: BerkasJenis,
    directory: Path,
    now: datetime,
) -> list[SuratKeluarBerkas]:
    rows = []
    for index, path in enumerate(paths, start=1):
        try:
            stored = attachments.store_file(directory, path, field="berkas")
        except ValidationError as exc:
            raise ValidationError({"berkas": f"Berkas {index}: {exc.errors['berkas']}"}) from exc
        row = SuratKeluarBerkas(
            surat_id=surat_id,
            jenis=jenis,
            ref=stored.ref,
            nama=stored.nama[:200],
            ukuran=stored.ukuran,
            ditambahkan_at=now,
            oleh_id=actor.id,
            oleh_nama=actor.name,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _run_at(session: Session, surat: SuratKeluar, step: int) -> bool:
    """Whether the letter's SOP run is open at ``step``."""
    if surat.run_id is None:
        return False
    run = session.get(ProcedureRun, surat.run_id)
    return run is not None and run.status == RunStatus.BERJALAN and run.langkah_kini == step


def advance(
    session: Session, actor: Actor, surat: SuratKeluar, step: int, catatan: str, now: datetime
) -> None:
    """Complete SOP 9.13 ``step`` of the letter's run if the run is there (the service has
    checked the actor)."""
    if _run_at(session, surat, step):
        assert surat.run_id is not None
        procedure.complete_step(
            session, actor=actor, run_id=surat.run_id, catatan=catatan, now=now, authorized=True
        )


def _note(session: Session, actor: Actor, surat: SuratKeluar, catatan: str, now: datetime) -> None:
    if surat.run_id is None:
        return
    run = session.get(ProcedureRun, surat.run_id)
    if run is not None and run.status == RunStatus.BERJALAN:
        procedure.add_note(session, actor=actor, run_id=surat.run_id, catatan=catatan, now=now)


def _judul(surat: SuratKeluar) -> str:
    return f"Surat keluar: {surat.perihal}"[: procedure.MAX_JUDUL]


# -- konsep ----------------------------------------------------------------------------------


def create(
    session: Session,
    *,
    actor: Actor,
    form: KonsepForm,
    attachment_dir: Path | None = None,
    now: datetime | None = None,
) -> KeluarRow:
    """Make a konsep: store it with its tujuan and draft files, start its SOP 9.13 run and
    record step 1 (the arahan, or the surat masuk it answers).

    Raises:
        PermissionDenied: the actor may not draft letters.
        ValidationError: fields that do not pass, keyed by field.
    """
    now = now or utcnow()
    actor.require(*KONSEPTOR_ROLES, action="pembuatan konsep surat keluar")
    clean, errors = validate(session, form)
    if clean is None:
        raise ValidationError(errors)
    if form.berkas and attachment_dir is None:
        raise ValidationError({"berkas": "Tempat penyimpanan lampiran belum diatur."})
    surat = SuratKeluar(
        perihal="",
        jenis_naskah=clean.jenis_naskah,
        konseptor_id=actor.id,
        konseptor_nama=actor.name,
        dibuat_at=now,
    )
    _apply(session, surat, clean)
    session.add(surat)
    session.flush()
    assert surat.id is not None
    _write_tujuan(session, surat.id, clean.tujuan)
    names: list[str] = []
    if form.berkas:
        assert attachment_dir is not None
        stored = _store_files(
            session, actor, surat.id, form.berkas, BerkasJenis.KONSEP, attachment_dir, now
        )
        names = [row.nama for row in stored]
    run = procedure.start_run(
        session,
        actor=actor,
        sop_id=SOP_SURAT_KELUAR,
        judul=_judul(surat),
        subject_type=SUBJECT_TYPE,
        subject_id=str(surat.id),
        now=now,
    )
    surat.run_id = run.id
    session.add(surat)
    session.flush()
    if clean.surat_masuk is not None:
        arahan = (
            f"Balasan surat masuk {clean.surat_masuk.agenda_teks} dari {clean.surat_masuk.asal}."
        )
    else:
        arahan = clean.arahan or "Konsep dibuat."
    advance(session, actor, surat, 1, arahan, now)
    journal.record(
        session,
        actor=actor,
        action="konsep",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after=_state(surat) | {"tujuan": [t.__dict__ for t in clean.tujuan], "berkas": names},
    )
    return keluar_row(surat)


def _may_edit(session: Session, actor: Actor, surat: SuratKeluar) -> bool:
    return actor.has(*RECORDERS, Role.KASUBBAG) or (
        actor.id is not None and actor.id == surat.konseptor_id
    )


def may_edit(session: Session, actor: Actor, surat_id: int) -> bool:
    """Whether ``actor`` may revise, submit or (before signature) cancel the konsep: its
    konseptor, a petugas, a kasubbag or an admin."""
    return _may_edit(session, actor, _get(session, surat_id))


def get_berkas(session: Session, berkas_id: int) -> tuple[BerkasView, int]:
    """A file of a letter and the letter's id."""
    row = session.get(SuratKeluarBerkas, berkas_id)
    if row is None:
        raise NotFound(f"Berkas {berkas_id} tidak ditemukan.")
    return berkas_view(row), row.surat_id


def update(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    form: KonsepForm,
    attachment_dir: Path | None = None,
    now: datetime | None = None,
) -> KeluarRow:
    """Revise a konsep (while it is a konsep or returned for correction): every field, the
    tujuan and the planned paraf chain; new draft files are added (old ones stay)."""
    now = now or utcnow()
    surat = _get(session, surat_id)
    if surat.status not in (KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN):
        raise ServiceError(
            f"Surat {KeluarStatus(surat.status).label}: konsep hanya dapat diubah sebelum"
            " diajukan untuk paraf atau setelah dikembalikan."
        )
    if not _may_edit(session, actor, surat):
        raise PermissionDenied("Konsep hanya dapat diubah oleh konseptornya atau petugas.")
    clean, errors = validate(session, form, current=surat)
    if clean is None:
        raise ValidationError(errors)
    if form.berkas and attachment_dir is None:
        raise ValidationError({"berkas": "Tempat penyimpanan lampiran belum diatur."})
    before = _state(surat)
    _apply(session, surat, clean)
    session.add(surat)
    assert surat.id is not None
    _write_tujuan(session, surat.id, clean.tujuan, alasan="Dihapus saat konsep diperbaiki.")
    names: list[str] = []
    if form.berkas:
        assert attachment_dir is not None
        stored = _store_files(
            session, actor, surat.id, form.berkas, BerkasJenis.KONSEP, attachment_dir, now
        )
        names = [row.nama for row in stored]
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="ubah_konsep",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        before=before,
        after=_state(surat) | {"tujuan": [t.__dict__ for t in clean.tujuan], "berkas": names},
    )
    return keluar_row(surat)


def _plan(session: Session, surat: SuratKeluar) -> list[Jabatan]:
    ids = [int(x) for x in surat.rencana_paraf.split(",") if x.strip()]
    rows = []
    for jabatan_id in ids:
        row = session.get(Jabatan, jabatan_id)
        if row is None or not row.aktif:
            raise ValidationError(
                {"paraf": "Seorang pemaraf tidak lagi menjabat: perbaiki urutan paraf."}
            )
        rows.append(row)
    return rows


def submit(
    session: Session, *, actor: Actor, surat_id: int, now: datetime | None = None
) -> KeluarRow:
    """Send the konsep for paraf (a new round after a return): the first reviewer of the
    planned chain is now awaited. Without reviewers the letter goes straight to signature.
    The first submission records SOP step 2; the last of an empty chain also step 3."""
    now = now or utcnow()
    surat = _get(session, surat_id)
    if surat.status not in (KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN):
        raise ServiceError(f"Surat {KeluarStatus(surat.status).label}: tidak dapat diajukan.")
    if not _may_edit(session, actor, surat):
        raise PermissionDenied("Konsep hanya dapat diajukan oleh konseptornya atau petugas.")
    signer = _jabatan(session, surat.penandatangan_jabatan_id)
    if signer is None:
        raise ValidationError({"penandatangan_jabatan_id": "Penandatangan tidak lagi menjabat."})
    chain = _plan(session, surat)
    before = _state(surat)
    surat.putaran += 1
    assert surat.id is not None
    for index, jabatan in enumerate(chain, start=1):
        assert jabatan.id is not None
        session.add(
            SuratKeluarParaf(
                surat_id=surat.id,
                putaran=surat.putaran,
                urutan=index,
                jabatan_id=jabatan.id,
                jabatan_nama=jabatan.nama,
                pemegang_nama=jabatan.pemegang_nama,
            )
        )
    surat.status = KeluarStatus.PARAF if chain else KeluarStatus.TANDA_TANGAN
    session.add(surat)
    session.flush()
    names = ", ".join(j.nama for j in chain)
    if surat.putaran == 1:
        advance(session, actor, surat, 2, f"Konsep diajukan untuk paraf: {names or '-'}.", now)
    else:
        _note(session, actor, surat, f"Konsep perbaikan diajukan (putaran {surat.putaran}).", now)
    if not chain:
        advance(session, actor, surat, 3, "Tanpa paraf berjenjang.", now)
    journal.record(
        session,
        actor=actor,
        action="ajukan",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        before=before,
        after=_state(surat) | {"paraf": [j.nama for j in chain]},
    )
    return keluar_row(surat)


def _waiting(session: Session, surat: SuratKeluar) -> SuratKeluarParaf | None:
    assert surat.id is not None
    return session.exec(
        select(SuratKeluarParaf)
        .where(
            SuratKeluarParaf.surat_id == surat.id,
            SuratKeluarParaf.putaran == surat.putaran,
            SuratKeluarParaf.status == ParafStatus.MENUNGGU,
        )
        .order_by(col(SuratKeluarParaf.urutan))
    ).first()


def may_paraf(session: Session, actor: Actor, surat_id: int) -> bool:
    """Whether ``actor`` may record the awaited paraf (holds the position, or enters the
    paper paraf as petugas)."""
    surat = _get(session, surat_id)
    if surat.status != KeluarStatus.PARAF:
        return False
    row = _waiting(session, surat)
    return row is not None and (actor.has(*RECORDERS) or row.jabatan_id in _held(session, actor))


def may_sign(session: Session, actor: Actor, surat_id: int) -> bool:
    """Whether ``actor`` may record the signature."""
    surat = _get(session, surat_id)
    return surat.status == KeluarStatus.TANDA_TANGAN and (
        actor.has(*RECORDERS) or surat.penandatangan_jabatan_id in _held(session, actor)
    )


def _catatan(catatan: str, *, required: bool) -> str:
    errors: dict[str, str] = {}
    value = _text(errors, "catatan", catatan, required=required)
    if errors:
        raise ValidationError(errors)
    return value


def paraf(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    catatan: str = "",
    now: datetime | None = None,
) -> KeluarRow:
    """The awaited reviewer gives his paraf; after the last one the letter waits for the
    signature (SOP step 3)."""
    now = now or utcnow()
    surat = _get(session, surat_id)
    if surat.status != KeluarStatus.PARAF:
        raise ServiceError(f"Surat {KeluarStatus(surat.status).label}: tidak menunggu paraf.")
    row = _waiting(session, surat)
    assert row is not None and surat.id is not None
    if not (actor.has(*RECORDERS) or row.jabatan_id in _held(session, actor)):
        raise PermissionDenied(f"Paraf ini menunggu {row.jabatan_nama}.")
    note = _catatan(catatan, required=False)
    row.status, row.catatan, row.at = ParafStatus.PARAF, note, now
    row.oleh_id, row.oleh_nama = actor.id, actor.name
    session.add(row)
    session.flush()
    last = _waiting(session, surat) is None
    if last:
        surat.status = KeluarStatus.TANDA_TANGAN
        session.add(surat)
        session.flush()
        given = session.exec(
            select(SuratKeluarParaf.jabatan_nama)
            .where(SuratKeluarParaf.surat_id == surat.id, SuratKeluarParaf.putaran == surat.putaran)
            .order_by(col(SuratKeluarParaf.urutan))
        ).all()
        advance(session, actor, surat, 3, f"Paraf lengkap: {', '.join(given)}.", now)
    journal.record(
        session,
        actor=actor,
        action="paraf",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after={"paraf_id": row.id, "jabatan": row.jabatan_nama, "catatan": note, "lengkap": last},
    )
    return keluar_row(surat)


def return_for_correction(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    catatan: str,
    now: datetime | None = None,
) -> KeluarRow:
    """The awaited reviewer (or the penandatangan, before signing) returns the konsep to its
    konseptor for correction, with a note; the rest of the round lapses."""
    now = now or utcnow()
    surat = _get(session, surat_id)
    assert surat.id is not None
    note = _catatan(catatan, required=True)
    if surat.status == KeluarStatus.PARAF:
        row = _waiting(session, surat)
        assert row is not None
        if not (actor.has(*RECORDERS) or row.jabatan_id in _held(session, actor)):
            raise PermissionDenied(f"Paraf ini menunggu {row.jabatan_nama}.")
    elif surat.status == KeluarStatus.TANDA_TANGAN:
        if not (actor.has(*RECORDERS) or surat.penandatangan_jabatan_id in _held(session, actor)):
            raise PermissionDenied("Hanya penandatangan yang dapat mengembalikan surat ini.")
        count = session.exec(
            select(func.count())
            .select_from(SuratKeluarParaf)
            .where(SuratKeluarParaf.surat_id == surat.id, SuratKeluarParaf.putaran == surat.putaran)
        ).one()
        assert surat.penandatangan_jabatan_id is not None
        row = SuratKeluarParaf(
            surat_id=surat.id,
            putaran=max(surat.putaran, 1),
            urutan=int(count) + 1,
            jabatan_id=surat.penandatangan_jabatan_id,
            jabatan_nama=surat.penandatangan_jabatan,
            pemegang_nama=surat.penandatangan_nama,
        )
    else:
        raise ServiceError(
            f"Surat {KeluarStatus(surat.status).label}: tidak dapat dikembalikan untuk perbaikan."
        )
    before = _state(surat)
    row.status, row.catatan, row.at = ParafStatus.DIKEMBALIKAN, note, now
    row.oleh_id, row.oleh_nama = actor.id, actor.name
    session.add(row)
    for rest in session.exec(
        select(SuratKeluarParaf).where(
            SuratKeluarParaf.surat_id == surat.id,
            SuratKeluarParaf.putaran == surat.putaran,
            SuratKeluarParaf.status == ParafStatus.MENUNGGU,
        )
    ).all():
        rest.status = ParafStatus.GUGUR
        session.add(rest)
    surat.status = KeluarStatus.DIKEMBALIKAN
    session.add(surat)
    session.flush()
    _note(session, actor, surat, f"Dikembalikan oleh {row.jabatan_nama}: {note}", now)
    journal.record(
        session,
        actor=actor,
        action="kembalikan",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        before=before,
        after=_state(surat) | {"oleh_jabatan": row.jabatan_nama, "catatan": note},
    )
    return keluar_row(surat)


# -- signature and number --------------------------------------------------------------------


def _number_letter(
    session: Session,
    actor: Actor,
    surat: SuratKeluar,
    tanggal: date,
    *,
    sisipan: bool,
    now: datetime,
) -> NomorSurat:
    assert surat.id is not None
    row = nomor_surat.take(
        session,
        actor=actor,
        jenis=surat.jenis_naskah,
        klasifikasi=surat.klasifikasi,
        unit_id=surat.pengolah_unit_id,
        tanggal=tanggal,
        surat_id=surat.id,
        sisipan=sisipan,
        now=now,
    )
    surat.nomor_id = row.id
    surat.nomor_urut = row.urut
    surat.nomor_surat = row.nomor_teks
    surat.tahun = row.tahun
    surat.tanggal_surat = tanggal
    return row


def preview_number(
    session: Session,
    *,
    surat_id: int,
    tanggal: str = "",
    sisipan: bool = False,
    now: datetime | None = None,
) -> str:
    """The number the letter would get if signed now (for the signature dialog)."""
    surat = _get(session, surat_id)
    day = nomor_surat.parse_date(session, tanggal, field="tanggal", label="Tanggal surat", now=now)
    return nomor_surat.preview(
        session,
        jenis=surat.jenis_naskah,
        klasifikasi=surat.klasifikasi,
        unit_id=surat.pengolah_unit_id,
        tanggal=day,
        sisipan=sisipan,
    )


def sign(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    tanggal: str = "",
    sisipan: bool = False,
    now: datetime | None = None,
) -> KeluarRow:
    """Record the signature and, in the same transaction, take the letter's number from its
    series (SOP step 4). ``tanggal`` is the letter's date ("" = today, office time); its year
    is the number's year. ``sisipan`` gives a back-dated insert number (kasubbag or admin).

    Raises:
        PermissionDenied: the actor neither holds the signing position nor records for it.
        ValidationError: keyed by ``tanggal`` (future, or before the series' newest number
            without sisipan) or by a field the number template needs.
    """
    now = now or utcnow()
    surat = _get(session, surat_id)
    if surat.status != KeluarStatus.TANDA_TANGAN:
        raise ServiceError(
            f"Surat {KeluarStatus(surat.status).label}: belum siap ditandatangani."
            if surat.status in OPEN
            else f"Surat {KeluarStatus(surat.status).label}: sudah ditandatangani."
        )
    if not (
        actor.has(*RECORDERS)
        or surat.penandatangan_jabatan_id in _held(session, actor)
        or (sisipan and actor.has(*nomor_surat.SISIPAN_ROLES))
    ):
        raise PermissionDenied(f"Surat ini ditandatangani oleh {surat.penandatangan_jabatan}.")
    day = nomor_surat.parse_date(session, tanggal, field="tanggal", label="Tanggal surat", now=now)
    before = _state(surat)
    signer = _jabatan(session, surat.penandatangan_jabatan_id, surat.penandatangan_jabatan_id)
    if signer is not None:
        surat.penandatangan_jabatan = signer.nama
        surat.penandatangan_nama = signer.pemegang_nama
    row = _number_letter(session, actor, surat, day, sisipan=sisipan, now=now)
    surat.status = KeluarStatus.TERBIT
    surat.ditandatangani_at = now
    session.add(surat)
    session.flush()
    advance(
        session,
        actor,
        surat,
        4,
        f"Ditandatangani {surat.penandatangan_jabatan}; nomor {row.nomor_teks}"
        f" tanggal {day:%d-%m-%Y}.",
        now,
    )
    assert surat.id is not None
    journal.record(
        session,
        actor=actor,
        action="tanda_tangan",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        before=before,
        after=_state(surat),
    )
    return keluar_row(surat)


def cancel(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    alasan: str,
    now: datetime | None = None,
) -> KeluarRow:
    """Cancel a letter with a reason (status batal). Its number, if it has one, stays in the
    ledger as BATAL and is never given again; open parafs lapse, unsent tujuan are withdrawn,
    the SOP run is cancelled. Before the signature the konseptor may cancel; after it only a
    petugas, kasubbag or admin."""
    now = now or utcnow()
    surat = _get(session, surat_id)
    if surat.status == KeluarStatus.BATAL:
        raise ServiceError("Surat ini sudah batal.")
    if surat.status in OPEN:
        if not (_may_edit(session, actor, surat) or actor.has(*KEEPERS)):
            raise PermissionDenied("Konsep hanya dapat dibatalkan oleh konseptornya atau petugas.")
    else:
        actor.require(*KEEPERS, action="pembatalan surat keluar yang sudah bernomor")
    reason = nomor_surat._reason(alasan)
    before = _state(surat)
    assert surat.id is not None
    if surat.nomor_id is not None:
        nomor_surat.void_for_letter(
            session, actor=actor, nomor_id=surat.nomor_id, alasan=reason, now=now
        )
    for row in session.exec(
        select(SuratKeluarParaf).where(
            SuratKeluarParaf.surat_id == surat.id, SuratKeluarParaf.status == ParafStatus.MENUNGGU
        )
    ).all():
        row.status = ParafStatus.GUGUR
        session.add(row)
    for tujuan in _tujuan_rows(session, surat.id):
        if tujuan.status == KirimStatus.BELUM:
            tujuan.status = KirimStatus.BATAL
            tujuan.alasan_batal = "Surat dibatalkan."
            session.add(tujuan)
    surat.status = KeluarStatus.BATAL
    surat.alasan_batal = reason
    surat.dibatalkan_at = now
    session.add(surat)
    session.flush()
    if surat.run_id is not None:
        run = session.get(ProcedureRun, surat.run_id)
        if run is not None and run.status == RunStatus.BERJALAN:
            procedure.cancel_run(
                session, actor=actor, run_id=surat.run_id, alasan=reason, now=now, authorized=True
            )
    journal.record(
        session,
        actor=actor,
        action="batal",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        before=before,
        after=_state(surat),
    )
    return keluar_row(surat)


# -- letters made outside the application and imported ---------------------------------------


def record_reserved(
    session: Session,
    *,
    actor: Actor,
    nomor_id: int,
    form: KonsepForm,
    attachment_dir: Path | None = None,
    now: datetime | None = None,
) -> KeluarRow:
    """Record the letter a reserved number was used for (made and signed outside the
    application): it enters the register as signed, with that number and date; ``berkas``
    are the scans of the signed letter."""
    now = now or utcnow()
    actor.require(*KEEPERS, action="pencatatan surat dari nomor yang dipesan")
    nomor = session.get(NomorSurat, nomor_id)
    if nomor is None:
        raise NotFound(f"Nomor surat {nomor_id} tidak ditemukan.")
    if nomor.status != NomorStatus.DIPESAN:
        raise ServiceError(f"Nomor {nomor.nomor_teks} {NomorStatus(nomor.status).label}.")
    form = replace(form, jenis_naskah=form.jenis_naskah or nomor.jenis_naskah or "")
    clean, errors = validate(session, replace(form, paraf=()))
    if clean is None:
        raise ValidationError(errors)
    if clean.jenis_naskah != nomor.jenis_naskah or (clean.klasifikasi or None) != (
        nomor.klasifikasi or None
    ):
        raise ValidationError(
            {"jenis_naskah": f"Jenis dan klasifikasi harus sama dengan nomor {nomor.nomor_teks}."}
        )
    if form.berkas and attachment_dir is None:
        raise ValidationError({"berkas": "Tempat penyimpanan lampiran belum diatur."})
    surat = SuratKeluar(
        perihal="",
        jenis_naskah=clean.jenis_naskah,
        sumber=KeluarSumber.LUAR,
        konseptor_id=actor.id,
        konseptor_nama=actor.name,
        dibuat_at=now,
    )
    _apply(session, surat, clean)
    surat.status = KeluarStatus.TERBIT
    surat.ditandatangani_at = now
    surat.nomor_id, surat.nomor_urut, surat.nomor_surat = nomor.id, nomor.urut, nomor.nomor_teks
    surat.tahun, surat.tanggal_surat = nomor.tahun, nomor.tanggal
    session.add(surat)
    session.flush()
    assert surat.id is not None
    _write_tujuan(session, surat.id, clean.tujuan)
    if form.berkas:
        assert attachment_dir is not None
        _store_files(session, actor, surat.id, form.berkas, BerkasJenis.ARSIP, attachment_dir, now)
    before = nomor.model_dump(mode="json")
    nomor.status, nomor.surat_keluar_id, nomor.diubah_at = NomorStatus.TERPAKAI, surat.id, now
    session.add(nomor)
    session.flush()
    assert nomor.id is not None
    journal.record(
        session,
        actor=actor,
        action="pakai",
        record_type=nomor_surat.RECORD_TYPE,
        record_id=nomor.id,
        before=before,
        after=nomor.model_dump(mode="json"),
    )
    journal.record(
        session,
        actor=actor,
        action="catat_luar",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after=_state(surat),
    )
    return keluar_row(surat)


def record_signed(
    session: Session,
    *,
    actor: Actor,
    form: KonsepForm,
    tanggal: date,
    nomor_teks: str | None = None,
    urut: tuple[int, str] | None = None,
    sumber: KeluarSumber = KeluarSumber.IMPOR,
    now: datetime | None = None,
) -> KeluarRow:
    """Enter a letter signed outside the application (the import of an earlier register):
    with ``nomor_teks`` and its ``urut`` it keeps that number and the series is moved past the
    year's highest urut; without, it is numbered now as a letter signed on ``tanggal``.

    Raises:
        ValidationError: as :func:`validate`; keyed ``nomor_surat`` when the number is
            already in the ledger.
    """
    now = now or utcnow()
    actor.require(*RECORDERS, action="impor surat keluar")
    clean, errors = validate(session, replace(form, paraf=()))
    if clean is None:
        raise ValidationError(errors)
    surat = SuratKeluar(
        perihal="",
        jenis_naskah=clean.jenis_naskah,
        sumber=sumber,
        konseptor_id=actor.id,
        konseptor_nama=actor.name,
        dibuat_at=now,
    )
    _apply(session, surat, clean)
    surat.status = KeluarStatus.TERBIT
    surat.ditandatangani_at = now
    session.add(surat)
    session.flush()
    assert surat.id is not None
    if nomor_teks is not None and urut is not None:
        row = nomor_surat.adopt(
            session,
            actor=actor,
            jenis=clean.jenis_naskah,
            klasifikasi=clean.klasifikasi,
            tanggal=tanggal,
            nomor_teks=nomor_teks,
            urut=urut,
            surat_id=surat.id,
            now=now,
        )
        surat.nomor_id, surat.nomor_urut, surat.nomor_surat = row.id, row.urut, row.nomor_teks
        surat.tahun, surat.tanggal_surat = row.tahun, tanggal
    else:
        _number_letter(session, actor, surat, tanggal, sisipan=False, now=now)
    session.add(surat)
    session.flush()
    _write_tujuan(session, surat.id, clean.tujuan)
    journal.record(
        session,
        actor=actor,
        action="impor",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after=_state(surat),
    )
    return keluar_row(surat)


# -- files -----------------------------------------------------------------------------------


def add_files(
    session: Session,
    *,
    actor: Actor,
    surat_id: int,
    paths: Sequence[str],
    jenis: BerkasJenis,
    attachment_dir: Path,
    now: datetime | None = None,
) -> list[BerkasView]:
    """Store files of a letter: drafts (any time before the signature), the scan of the signed
    letter (after it; records SOP step 5, numbered and archived) or returned tanda terima."""
    now = now or utcnow()
    actor.require(*KONSEPTOR_ROLES, action="penyimpanan berkas surat keluar")
    surat = _get(session, surat_id)
    if surat.status == KeluarStatus.BATAL:
        raise ServiceError("Surat ini sudah batal.")
    if jenis == BerkasJenis.ARSIP and surat.status in OPEN:
        raise ServiceError("Pindaian arsip disimpan setelah surat ditandatangani.")
    if jenis == BerkasJenis.KONSEP and surat.status not in OPEN:
        raise ServiceError("Surat sudah ditandatangani: simpan pindaian arsipnya.")
    if not paths:
        raise ValidationError({"berkas": "Pilih sedikitnya satu berkas."})
    for index, path in enumerate(paths, start=1):
        problem = check_path(path)
        if problem:
            raise ValidationError({"berkas": f"Berkas {index}: {problem}"})
    assert surat.id is not None
    rows = _store_files(session, actor, surat.id, paths, jenis, attachment_dir, now)
    if jenis == BerkasJenis.ARSIP:
        advance(
            session,
            actor,
            surat,
            5,
            f"Nomor {surat.nomor_surat} dicatat di buku agenda; pindaian diarsipkan.",
            now,
        )
    journal.record(
        session,
        actor=actor,
        action="berkas",
        record_type=SUBJECT_TYPE,
        record_id=surat.id,
        after={"jenis": jenis.value, "berkas": [r.nama for r in rows]},
    )
    return [berkas_view(r) for r in rows]


def cancel_file(session: Session, *, actor: Actor, berkas_id: int, alasan: str) -> BerkasView:
    """Withdraw a file with a reason (it stays in the store and the list, struck out)."""
    actor.require(*KONSEPTOR_ROLES, action="penarikan berkas surat keluar")
    row = session.get(SuratKeluarBerkas, berkas_id)
    if row is None:
        raise NotFound(f"Berkas {berkas_id} tidak ditemukan.")
    if not row.aktif:
        raise ServiceError("Berkas ini sudah ditarik.")
    reason = nomor_surat._reason(alasan)
    row.aktif, row.alasan_batal = False, reason
    session.add(row)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="tarik_berkas",
        record_type=SUBJECT_TYPE,
        record_id=row.surat_id,
        after={"berkas": row.nama, "alasan": reason},
    )
    return berkas_view(row)


def open_file(session: Session, *, berkas_id: int, attachment_dir: Path) -> Path:
    """The stored file, checked against its hash (see :func:`attachments.open_file`)."""
    row = session.get(SuratKeluarBerkas, berkas_id)
    if row is None:
        raise NotFound(f"Berkas {berkas_id} tidak ditemukan.")
    return attachments.open_verified(attachment_dir, row.ref)
