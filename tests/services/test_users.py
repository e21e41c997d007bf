"""Users: validation, roles, deactivation, passwords and the login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from kpu_tui.models import Role, User, utcnow
from kpu_tui.services import journal, users
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.errors import PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store


def _form(**kw: object) -> users.UserForm:
    values: dict[str, object] = {
        "username": "budi",
        "nama": "Budi Santoso",
        "roles": (Role.STAF,),
        "password": "kata-sandi-1",
    }
    values.update(kw)
    return users.UserForm(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "ab"}, "username"),
        ({"username": "Budi Santoso"}, "username"),
        ({"username": "admin"}, "username"),  # taken by the demo admin
        ({"nama": "   "}, "nama"),
        ({"nama": "x" * 121}, "nama"),
        ({"nip": "1234"}, "nip"),
        ({"nip": "19800101200501100X"}, "nip"),
        ({"roles": ()}, "roles"),
        ({"password": "pendek"}, "password"),
        ({"password": " spasi-di-depan"}, "password"),
        ({"unit_id": 9999}, "unit_id"),
    ],
)
def test_bad_input_is_refused_at_its_field(
    demo_store: Store, admin: Actor, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info, demo_store.write() as session:
        users.create_user(session, actor=admin, form=_form(**change))
    assert field in info.value.errors
    with demo_store.read() as session:
        assert session.exec(select(User).where(User.nama == "Budi Santoso")).first() is None


def test_odd_unicode_names_are_kept(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as session:
        view = users.create_user(
            session,
            actor=admin,
            form=_form(nama="  Łukasz   Ñúñez  ’Ōta ", nip="198001012005011001"),
        )
    assert view.nama == "Łukasz Ñúñez ’Ōta"
    assert view.nip == "198001012005011001"


def test_only_admin_may_create(demo_store: Store) -> None:
    clerk = Actor(2, "Sekar", frozenset({Role.PETUGAS}))
    with pytest.raises(PermissionDenied), demo_store.write() as session:
        users.create_user(session, actor=clerk, form=_form())


def test_login_success_and_uniform_failures(demo_store: Store) -> None:
    with demo_store.write() as session:
        ok = users.authenticate(session, username=" Petugas ", password=DEMO_PASSWORD)
    assert ok.ok and ok.actor is not None and Role.PETUGAS in ok.actor.roles
    with demo_store.write() as session:
        wrong_pw = users.authenticate(session, username="petugas", password="salah-salah")
        no_user = users.authenticate(session, username="tidakada", password=DEMO_PASSWORD)
    assert not wrong_pw.ok and not no_user.ok
    assert wrong_pw.message == no_user.message == users.LOGIN_FAILED
    with demo_store.read() as session:
        actions = [e.action for e in journal.list_events(session, limit=3)]
    assert actions[:3] == ["login_gagal", "login_gagal", "login"]


def test_repeated_failures_lock_for_a_growing_while(demo_store: Store) -> None:
    now = utcnow()
    for _ in range(users.FREE_FAILURES):
        with demo_store.write() as session:
            assert not users.authenticate(session, username="staf", password="x", now=now).ok
    with demo_store.write() as session:
        locked = users.authenticate(session, username="staf", password=DEMO_PASSWORD, now=now)
    assert not locked.ok and "detik" in locked.message
    later = now + timedelta(minutes=20)
    with demo_store.write() as session:
        assert users.authenticate(session, username="staf", password=DEMO_PASSWORD, now=later).ok
    assert users.lockout_delay(2) == timedelta(0)
    assert users.lockout_delay(4) > users.lockout_delay(3) > timedelta(0)
    assert users.lockout_delay(100) == timedelta(minutes=15)


def test_deactivated_user_cannot_log_in_and_is_not_deleted(demo_store: Store, admin: Actor) -> None:
    with demo_store.read() as session:
        staf = next(u for u in users.list_users(session) if u.username == "staf")
    with pytest.raises(ValidationError), demo_store.write() as session:
        users.set_active(session, actor=admin, user_id=staf.id, aktif=False, alasan=" ")
    with demo_store.write() as session:
        users.set_active(session, actor=admin, user_id=staf.id, aktif=False, alasan="Pindah tugas")
    with demo_store.write() as session:
        assert not users.authenticate(session, username="staf", password=DEMO_PASSWORD).ok
    with demo_store.read() as session:
        assert users.get_user(session, staf.id).aktif is False
        event = journal.list_events(session, journal.JournalFilter(action="nonaktifkan"))[0]
        assert "Pindah tugas" in (event.after or "")


def test_last_admin_cannot_be_removed(demo_store: Store, admin: Actor) -> None:
    with pytest.raises(ServiceError), demo_store.write() as session:
        users.set_active(session, actor=admin, user_id=1, aktif=False, alasan="uji")
    with demo_store.read() as session:
        me = users.get_user(session, 1)
    with pytest.raises(ValidationError), demo_store.write() as session:
        users.update_user(
            session,
            actor=admin,
            user_id=1,
            form=users.UserForm(username=me.username, nama=me.nama, roles=(Role.STAF,)),
        )


def test_edit_is_journaled_with_before_and_after(demo_store: Store, admin: Actor) -> None:
    with demo_store.read() as session:
        staf = next(u for u in users.list_users(session) if u.username == "staf")
    with demo_store.write() as session:
        users.update_user(
            session,
            actor=admin,
            user_id=staf.id,
            form=users.UserForm(
                username="staf", nama=staf.nama, roles=(Role.STAF, Role.TEKNIS), jabatan="Operator"
            ),
        )
    with demo_store.read() as session:
        assert users.get_user(session, staf.id).roles == (Role.STAF, Role.TEKNIS)
        event = journal.list_events(session, journal.JournalFilter(action="ubah"), limit=1)[0]
    assert '"roles":["staf"]' in (event.before or "")
    assert '"teknis"' in (event.after or "")


def test_reset_password(demo_store: Store, admin: Actor) -> None:
    with demo_store.write() as session:
        users.reset_password(session, actor=admin, user_id=2, password="sandi-baru-99")
    with demo_store.write() as session:
        assert users.authenticate(session, username="petugas", password="sandi-baru-99").ok
    with pytest.raises(ValidationError), demo_store.write() as session:
        users.reset_password(session, actor=admin, user_id=2, password="123")
