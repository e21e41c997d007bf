"""User accounts: create, edit, deactivate, reset passwords, and log in.

Passwords are hashed with Argon2id. A failed login never says whether the username or the
password was wrong, and repeated failures lock the account for a growing while.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, func, select

from kpu_tui.models import Role, Unit, User, UserRole, utcnow

from . import journal
from .actor import Actor
from .errors import NotFound, ServiceError, ValidationError

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = 8
FREE_FAILURES = 3
LOGIN_FAILED = "Nama pengguna atau kata sandi salah."

_hasher = PasswordHasher()
# Verified against when the username does not exist, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("kpu-tui-dummy-password")


@dataclass(frozen=True)
class UserView:
    """A user as screens and commands see it: plain values, no ORM object."""

    id: int
    username: str
    nama: str
    nip: str
    jabatan: str
    unit_id: int | None
    unit_nama: str
    roles: tuple[Role, ...]
    aktif: bool
    last_login_at: datetime | None

    @property
    def role_labels(self) -> str:
        """The roles as Indonesian words."""
        return ", ".join(role.label for role in self.roles)


@dataclass(frozen=True)
class UserForm:
    """What an admin types to create or edit a user."""

    username: str
    nama: str
    roles: tuple[Role, ...]
    nip: str = ""
    jabatan: str = ""
    unit_id: int | None = None
    password: str | None = None


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _hasher.hash(password)


def _validate(session: Session, form: UserForm, *, user_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    username = form.username.strip().lower()
    if not username:
        errors["username"] = "Nama pengguna wajib diisi."
    elif not USERNAME_RE.match(username):
        errors["username"] = (
            "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda minus, "
            "diawali huruf atau angka."
        )
    else:
        other = session.exec(select(User).where(User.username == username)).first()
        if other is not None and other.id != user_id:
            errors["username"] = f"Nama pengguna '{username}' sudah dipakai."
    nama = " ".join(form.nama.split())
    if not nama:
        errors["nama"] = "Nama lengkap wajib diisi."
    elif len(nama) > 120:
        errors["nama"] = "Nama lengkap paling banyak 120 karakter."
    nip = form.nip.replace(" ", "")
    if nip and not (nip.isdigit() and len(nip) == 18):
        errors["nip"] = "NIP terdiri atas 18 angka (boleh dikosongkan)."
    if len(form.jabatan.strip()) > 160:
        errors["jabatan"] = "Jabatan paling banyak 160 karakter."
    if not form.roles:
        errors["roles"] = "Pilih sedikitnya satu peran."
    if form.unit_id is not None and session.get(Unit, form.unit_id) is None:
        errors["unit_id"] = "Unit tidak ditemukan."
    if form.password is not None or user_id is None:
        problem = password_problem(form.password or "")
        if problem:
            errors["password"] = problem
    return errors


def password_problem(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"Kata sandi sedikitnya {MIN_PASSWORD} karakter."
    if len(password) > 200:
        return "Kata sandi paling banyak 200 karakter."
    if password.strip() != password:
        return "Kata sandi tidak boleh diawali atau diakhiri spasi."
    return None


def _roles_of(session: Session, user_id: int) -> tuple[Role, ...]:
    rows = session.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all()
    return tuple(sorted((Role(r) for r in rows), key=list(Role).index))


def _view(session: Session, user: User) -> UserView:
    assert user.id is not None
    unit = session.get(Unit, user.unit_id) if user.unit_id else None
    return UserView(
        id=user.id,
        username=user.username,
        nama=user.nama,
        nip=user.nip,
        jabatan=user.jabatan,
        unit_id=user.unit_id,
        unit_nama=unit.nama if unit else "",
        roles=_roles_of(session, user.id),
        aktif=user.aktif,
        last_login_at=user.last_login_at,
    )


def _state(session: Session, user: User) -> dict[str, object]:
    values = user.model_dump(mode="json")
    values["roles"] = [r.value for r in _roles_of(session, user.id or 0)]
    return values


def create_user(session: Session, *, actor: Actor, form: UserForm) -> UserView:
    """Create an account (admin only, or the system during set-up)."""
    actor.require(Role.ADMIN, action="menambah pengguna")
    errors = _validate(session, form, user_id=None)
    if errors:
        raise ValidationError(errors)
    user = User(
        username=form.username.strip().lower(),
        nama=" ".join(form.nama.split()),
        nip=form.nip.replace(" ", ""),
        jabatan=form.jabatan.strip(),
        unit_id=form.unit_id,
        password_hash=hash_password(form.password or ""),
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    for role in dict.fromkeys(form.roles):
        session.add(UserRole(user_id=user.id, role=role))
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="buat",
        record_type="user",
        record_id=user.id,
        after=_state(session, user),
    )
    return _view(session, user)


def update_user(session: Session, *, actor: Actor, user_id: int, form: UserForm) -> UserView:
    """Edit name, NIP, jabatan, unit and roles (the password is changed separately)."""
    actor.require(Role.ADMIN, action="mengubah pengguna")
    user = _get(session, user_id)
    errors = _validate(session, form, user_id=user_id)
    if errors:
        raise ValidationError(errors)
    before = _state(session, user)
    if user.id == actor.id and Role.ADMIN not in form.roles:
        raise ValidationError({"roles": "Anda tidak dapat mencabut peran admin dari akun sendiri."})
    user.sqlmodel_update(
        {
            "username": form.username.strip().lower(),
            "nama": " ".join(form.nama.split()),
            "nip": form.nip.replace(" ", ""),
            "jabatan": form.jabatan.strip(),
            "unit_id": form.unit_id,
        }
    )
    for row in session.exec(select(UserRole).where(UserRole.user_id == user_id)).all():
        session.delete(row)  # role links are derived data; the journal keeps before/after
    session.flush()
    for role in dict.fromkeys(form.roles):
        session.add(UserRole(user_id=user_id, role=role))
    session.add(user)
    session.flush()
    _guard_last_admin(session)
    journal.record(
        session,
        actor=actor,
        action="ubah",
        record_type="user",
        record_id=user_id,
        before=before,
        after=_state(session, user),
    )
    return _view(session, user)


def set_active(
    session: Session, *, actor: Actor, user_id: int, aktif: bool, alasan: str
) -> UserView:
    """Deactivate (or reactivate) an account; accounts are never deleted."""
    actor.require(Role.ADMIN, action="menonaktifkan pengguna")
    if not alasan.strip():
        raise ValidationError({"alasan": "Alasan wajib diisi."})
    user = _get(session, user_id)
    if user.id == actor.id and not aktif:
        raise ServiceError("Anda tidak dapat menonaktifkan akun sendiri.")
    before = _state(session, user)
    user.aktif = aktif
    session.add(user)
    session.flush()
    _guard_last_admin(session)
    after = _state(session, user) | {"alasan": alasan.strip()}
    journal.record(
        session,
        actor=actor,
        action="aktifkan" if aktif else "nonaktifkan",
        record_type="user",
        record_id=user_id,
        before=before,
        after=after,
    )
    return _view(session, user)


def reset_password(session: Session, *, actor: Actor, user_id: int, password: str) -> None:
    """Set a new password: an admin for anyone, or a user for their own account."""
    if actor.id != user_id:
        actor.require(Role.ADMIN, action="mengatur ulang kata sandi")
    problem = password_problem(password)
    if problem:
        raise ValidationError({"password": problem})
    user = _get(session, user_id)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.must_change_password = actor.id != user_id
    session.add(user)
    session.flush()
    journal.record(
        session,
        actor=actor,
        action="atur_kata_sandi",
        record_type="user",
        record_id=user_id,
        after={"username": user.username, "oleh_admin": actor.id != user_id},
    )


def _guard_last_admin(session: Session) -> None:
    admins = session.exec(
        select(func.count())
        .select_from(User)
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .where(UserRole.role == Role.ADMIN, col(User.aktif).is_(True))
    ).one()
    if admins == 0:
        raise ServiceError("Harus tetap ada sedikitnya satu admin yang aktif.")


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna nomor {user_id} tidak ditemukan.")
    return user


def lockout_delay(failures: int) -> timedelta:
    """How long an account stays locked after ``failures`` consecutive failed logins."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return timedelta(seconds=min(2 ** (failures - FREE_FAILURES) * 5, 15 * 60))


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login: the actor, or the message to show (never which part was wrong).

    A failure is a result, not an exception, so that the caller's transaction commits the
    failure counter and its journal event.
    """

    actor: Actor | None
    message: str = ""
    previous_login_at: datetime | None = None
    """When this user logged in before (None on the first login): what became overdue since
    then is shown on arrival."""

    @property
    def ok(self) -> bool:
        """Whether the login succeeded."""
        return self.actor is not None


def authenticate(
    session: Session, *, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a login; every success and failure is journaled in the caller's transaction.

    Wrong username, wrong password, an inactive account and a locked one all fail with the same
    words; a lock adds how long to wait.
    """
    now = now or utcnow()
    name = username.strip().lower()
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.aktif:
        _verify_quietly(_DUMMY_HASH, password)
        journal.record(
            session,
            actor=Actor(None, name[:120] or "(kosong)"),
            action="login_gagal",
            record_type="user",
            record_id=name[:60] or "-",
        )
        return LoginResult(None, LOGIN_FAILED)
    assert user.id is not None
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        wait = int((locked_until - now).total_seconds()) + 1
        return LoginResult(
            None, f"{LOGIN_FAILED} Terlalu banyak percobaan: coba lagi {wait} detik lagi."
        )
    if not _verify_quietly(user.password_hash, password):
        user.failed_logins += 1
        delay = lockout_delay(user.failed_logins)
        user.locked_until = now + delay if delay else None
        session.add(user)
        journal.record(
            session,
            actor=Actor(user.id, user.nama),
            action="login_gagal",
            record_type="user",
            record_id=user.id,
            after={"gagal_berturut": user.failed_logins},
        )
        return LoginResult(None, LOGIN_FAILED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    previous = user.last_login_at
    user.last_login_at = now
    session.add(user)
    actor = Actor(user.id, user.nama, frozenset(_roles_of(session, user.id)))
    journal.record(
        session,
        actor=actor,
        action="login",
        record_type="user",
        record_id=user.id,
        before={"last_login_at": previous},
    )
    return LoginResult(actor, previous_login_at=_aware(previous))


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _verify_quietly(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def get_user(session: Session, user_id: int) -> UserView:
    """One user as a plain view."""
    return _view(session, _get(session, user_id))


def list_users(session: Session, *, include_inactive: bool = True) -> list[UserView]:
    """Every user (an office has tens, not thousands), active ones first, by name."""
    query = select(User).order_by(col(User.aktif).desc(), col(User.nama))
    if not include_inactive:
        query = query.where(col(User.aktif).is_(True))
    return [_view(session, user) for user in session.exec(query).all()]


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.exec(select(func.count()).select_from(User)).one())
