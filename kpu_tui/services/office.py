"""The office profile: first-run set-up and later edits by the admin."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from sqlmodel import Session, col, select

from kpu_tui.models import Jabatan, Kertas, Office, Role, Tingkat, User, ZonaWaktu
from kpu_tui.rules.numbering import DEFAULT_AGENDA_FORMAT, FormatError, parse_format

from . import calendar, journal, reference, users
from .actor import Actor
from .errors import ServiceError, ValidationError


@dataclass(frozen=True)
class PejabatEntry:
    """The holder of one position, as typed in the set-up wizard."""

    kode: str
    nama: str
    nip: str = ""
    username: str | None = None
    """The holder's account, when they have one (links the position to the user)."""


@dataclass(frozen=True)
class SetupForm:
    """Everything the first-run wizard asks."""

    nama_satker: str
    tingkat: Tingkat
    kode_wilayah: str
    alamat: str
    kota: str
    zona_waktu: ZonaWaktu
    jam_masuk: time = time(7, 30)
    jam_pulang: time = time(16, 0)
    jam_pulang_jumat: time = time(16, 30)
    telepon: str = ""
    email: str = ""
    laman: str = ""
    kertas: Kertas = Kertas.A4
    cuti_bersama_hari_kerja: bool = False
    pejabat: tuple[PejabatEntry, ...] = ()
    admin: users.UserForm | None = None
    extra_users: tuple[users.UserForm, ...] = field(default=())
    format_agenda: str | None = None
    """How the nomor agenda surat masuk is written (:mod:`kpu_tui.rules.numbering`); None
    keeps the office's current format (the default ``{urut:4}/{tahun}`` at set-up)."""


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_profile(form: SetupForm) -> dict[str, str]:
    """Field errors of the office part of the form (Bahasa Indonesia)."""
    errors: dict[str, str] = {}
    nama = " ".join(form.nama_satker.split())
    if not nama:
        errors["nama_satker"] = "Nama satker wajib diisi, misalnya 'KPU Kota Bontang'."
    elif len(nama) > 120:
        errors["nama_satker"] = "Nama satker paling banyak 120 karakter."
    kode = form.kode_wilayah.strip()
    expected = 2 if form.tingkat == Tingkat.PROVINSI else 4
    if not kode:
        errors["kode_wilayah"] = "Kode wilayah wajib diisi."
    elif not kode.isascii() or not kode.isdigit():
        errors["kode_wilayah"] = "Kode wilayah hanya berisi angka, misalnya 6474."
    elif len(kode) != expected:
        errors["kode_wilayah"] = (
            f"Kode wilayah {form.tingkat.label} terdiri atas {expected} angka "
            f"(kode Kemendagri, misalnya {'64' if expected == 2 else '6474'})."
        )
    if not form.alamat.strip():
        errors["alamat"] = "Alamat kantor wajib diisi (dicetak pada kop surat)."
    elif len(form.alamat.strip()) > 250:
        errors["alamat"] = "Alamat paling banyak 250 karakter."
    if not form.kota.strip():
        errors["kota"] = "Kota wajib diisi (dipakai pada tempat dan tanggal surat)."
    elif len(form.kota.strip()) > 80:
        errors["kota"] = "Kota paling banyak 80 karakter."
    if form.jam_pulang <= form.jam_masuk:
        errors["jam_pulang"] = "Jam pulang harus sesudah jam masuk."
    if form.jam_pulang_jumat <= form.jam_masuk:
        errors["jam_pulang_jumat"] = "Jam pulang hari Jumat harus sesudah jam masuk."
    if form.email.strip() and not EMAIL_RE.match(form.email.strip()):
        errors["email"] = "Alamat surel tidak sah."
    if len(form.telepon.strip()) > 60:
        errors["telepon"] = "Telepon paling banyak 60 karakter."
    if len(form.laman.strip()) > 120:
        errors["laman"] = "Alamat laman paling banyak 120 karakter."
    if form.format_agenda is not None:
        try:
            parse_format(form.format_agenda)
        except FormatError as exc:
            errors["format_agenda"] = str(exc)
    for entry in form.pejabat:
        if len(entry.nama.strip()) > 120:
            errors[f"pejabat.{entry.kode}"] = "Nama paling banyak 120 karakter."
        nip = entry.nip.replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            errors[f"pejabat.{entry.kode}.nip"] = "NIP terdiri atas 18 angka (boleh dikosongkan)."
    return errors


def _profile_values(form: SetupForm) -> dict[str, object]:
    """The office columns from a (validated) form, with the whitespace tidied."""
    values: dict[str, object] = {
        "nama_satker": " ".join(form.nama_satker.split()),
        "tingkat": form.tingkat,
        "kode_wilayah": form.kode_wilayah.strip(),
        "alamat": form.alamat.strip(),
        "kota": form.kota.strip(),
        "telepon": form.telepon.strip(),
        "email": form.email.strip(),
        "laman": form.laman.strip(),
        "kertas": form.kertas,
        "cuti_bersama_hari_kerja": form.cuti_bersama_hari_kerja,
        "zona_waktu": form.zona_waktu,
        "jam_masuk": form.jam_masuk,
        "jam_pulang": form.jam_pulang,
        "jam_pulang_jumat": form.jam_pulang_jumat,
    }
    if form.format_agenda is not None:
        values["format_agenda"] = parse_format(form.format_agenda).template
    return values


def get_office(session: Session) -> Office | None:
    """The office profile, or None before set-up."""
    return session.exec(select(Office).order_by(col(Office.id)).limit(1)).first()


def is_set_up(session: Session) -> bool:
    """Whether the first-run set-up has been done."""
    return get_office(session) is not None


def setup_office(session: Session, *, actor: Actor, form: SetupForm) -> Office:
    """Create the office, its units and positions, the reference data and the first admin.

    One transaction: a wizard that fails half-way leaves the database as it was.
    """
    calendar.forget_clock(session)
    if is_set_up(session):
        raise ServiceError("Profil kantor sudah dibuat; ubah lewat menu Admin.")
    errors = validate_profile(form)
    if form.admin is None:
        errors["admin"] = "Admin pertama wajib dibuat."
    if errors:
        raise ValidationError(errors)
    office = Office.model_validate({"format_agenda": DEFAULT_AGENDA_FORMAT} | _profile_values(form))
    session.add(office)
    session.flush()
    journal.record(
        session, actor=actor, action="buat", record_type="office", record_id=office.id, after=office
    )
    reference.load_reference_data(session, actor=actor, tingkat=form.tingkat)
    assert form.admin is not None
    admin_form = form.admin
    if Role.ADMIN not in admin_form.roles:
        admin_form = users.UserForm(
            **{**admin_form.__dict__, "roles": (Role.ADMIN, *admin_form.roles)}
        )
    try:
        users.create_user(session, actor=actor, form=admin_form)
    except ValidationError as exc:
        raise ValidationError({f"admin.{k}": v for k, v in exc.errors.items()}) from exc
    for extra in form.extra_users:
        users.create_user(session, actor=actor, form=extra)
    assign_pejabat(session, actor=actor, entries=form.pejabat)
    return office


def assign_pejabat(session: Session, *, actor: Actor, entries: tuple[PejabatEntry, ...]) -> None:
    """Record who holds which position (by the position's kode), journaled per change."""
    actor.require(Role.ADMIN, action="mengubah pemegang jabatan")
    for entry in entries:
        jabatan = session.exec(select(Jabatan).where(Jabatan.kode == entry.kode)).first()
        if jabatan is None:
            raise ValidationError({f"pejabat.{entry.kode}": "Jabatan tidak dikenal."})
        nama = " ".join(entry.nama.split())
        nip = entry.nip.replace(" ", "")
        user_id = jabatan.user_id
        if entry.username:
            user = session.exec(select(User).where(User.username == entry.username)).first()
            if user is None:
                raise ValidationError({f"pejabat.{entry.kode}": "Akun pengguna tidak ditemukan."})
            user_id = user.id
        if (jabatan.pemegang_nama, jabatan.pemegang_nip, jabatan.user_id) == (nama, nip, user_id):
            continue
        before = jabatan.model_dump(mode="json")
        jabatan.pemegang_nama = nama
        jabatan.pemegang_nip = nip
        jabatan.user_id = user_id
        session.add(jabatan)
        session.flush()
        journal.record(
            session,
            actor=actor,
            action="ubah",
            record_type="jabatan",
            record_id=jabatan.id,
            before=before,
            after=jabatan,
        )


def update_office(session: Session, *, actor: Actor, form: SetupForm) -> Office:
    """Edit the office profile (admin only); the journal keeps before and after."""
    calendar.forget_clock(session)
    actor.require(Role.ADMIN, action="mengubah profil kantor")
    office = get_office(session)
    if office is None:
        raise ServiceError("Profil kantor belum dibuat.")
    errors = validate_profile(form)
    if errors:
        raise ValidationError(errors)
    before = office.model_dump(mode="json")
    office.sqlmodel_update(_profile_values(form))
    session.add(office)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="ubah",
        record_type="office",
        record_id=office.id,
        before=before,
        after=office,
    )
    return office
