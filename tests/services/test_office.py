"""First-run set-up: validation at each field, one transaction, pejabat and admin."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from kpu_tui.models import Jabatan, Office, Role, Tingkat, User, ZonaWaktu
from kpu_tui.services import journal, office, users
from kpu_tui.services.actor import SYSTEM, Actor
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import Store


def _form(**kw: object) -> office.SetupForm:
    base = office.SetupForm(
        nama_satker="KPU Kabupaten Pinrang",
        tingkat=Tingkat.KABKOTA,
        kode_wilayah="7315",
        alamat="Jl. Jend. Sudirman",
        kota="Pinrang",
        zona_waktu=ZonaWaktu.WITA,
        pejabat=(office.PejabatEntry("KETUA", "Andi Ketua"),),
        admin=users.UserForm(
            username="admin", nama="Admin Pinrang", roles=(), password="sandi-admin-1"
        ),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nama_satker": "  "}, "nama_satker"),
        ({"nama_satker": "K" * 121}, "nama_satker"),
        ({"kode_wilayah": ""}, "kode_wilayah"),
        ({"kode_wilayah": "73A5"}, "kode_wilayah"),
        ({"kode_wilayah": "731"}, "kode_wilayah"),
        ({"kode_wilayah": "٧٣١٥"}, "kode_wilayah"),  # Arabic-Indic digits are not ASCII digits
        ({"tingkat": Tingkat.PROVINSI, "kode_wilayah": "7315"}, "kode_wilayah"),
        ({"alamat": ""}, "alamat"),
        ({"kota": ""}, "kota"),
        ({"email": "bukan-surel"}, "email"),
    ],
)
def test_profile_errors_are_at_their_field(change: dict[str, object], field: str) -> None:
    errors = office.validate_profile(_form(**change))
    assert field in errors
    assert errors[field][0].isupper()


def test_setup_creates_everything_in_one_go(store: Store) -> None:
    with store.write() as session:
        office.setup_office(session, actor=SYSTEM, form=_form())
    with store.read() as session:
        profile = office.get_office(session)
        assert profile is not None and profile.kode_wilayah == "7315"
        ketua = session.exec(select(Jabatan).where(Jabatan.kode == "KETUA")).one()
        assert ketua.pemegang_nama == "Andi Ketua"
        admin = users.list_users(session)[0]
        assert admin.username == "admin" and Role.ADMIN in admin.roles
        assert journal.verify(session).ok


def test_failed_setup_writes_nothing(store: Store) -> None:
    bad_admin = users.UserForm(username="x", nama="", roles=(), password="123")
    with pytest.raises(ValidationError) as info, store.write() as session:
        office.setup_office(session, actor=SYSTEM, form=_form(admin=bad_admin))
    assert {"admin.username", "admin.nama", "admin.password"} <= set(info.value.errors)
    with store.read() as session:
        assert session.exec(select(Office)).first() is None
        assert session.exec(select(User)).first() is None
        assert journal.count_events(session) == 0


def test_setup_only_once(demo_store: Store) -> None:
    with pytest.raises(ServiceError), demo_store.write() as session:
        office.setup_office(session, actor=SYSTEM, form=_form())


def test_provinsi_gets_its_own_units(store: Store) -> None:
    form = _form(
        tingkat=Tingkat.PROVINSI, kode_wilayah="36", nama_satker="KPU Provinsi Banten", pejabat=()
    )
    with store.write() as session:
        office.setup_office(session, actor=SYSTEM, form=form)
    with store.read() as session:
        names = [j.nama for j in session.exec(select(Jabatan)).all()]
    assert any("Kepala Bagian" in name for name in names)


def test_update_office_is_admin_only_and_journaled(demo_store: Store, admin: Actor) -> None:
    form = _form(nama_satker="KPU Kota Bontang", kode_wilayah="6474", telepon="(0548) 123")
    clerk = Actor(2, "Sekar", frozenset({Role.PETUGAS}))
    with pytest.raises(ServiceError), demo_store.write() as session:
        office.update_office(session, actor=clerk, form=form)
    with demo_store.write() as session:
        office.update_office(session, actor=admin, form=form)
    with demo_store.read() as session:
        profile = office.get_office(session)
        assert profile is not None and profile.telepon == "(0548) 123"
        event = journal.list_events(session, journal.JournalFilter(record_type="office"))[0]
        assert event.action == "ubah" and "(0548) 123" in (event.after or "")


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("", "wajib diisi"),
        ("{urut:4}", "{tahun}"),
        ("{tahun}", "{urut}"),
        ("{urut}/{bulan}/{tahun}", "{bulan} tidak dikenal"),
        ("{urut:4/{tahun}", "berpasangan"),
        ("X" * 61, "60 karakter"),
    ],
)
def test_agenda_format_is_checked_at_its_field(template: str, words: str) -> None:
    errors = office.validate_profile(_form(format_agenda=template))
    assert set(errors) == {"format_agenda"} and words in errors["format_agenda"]


def test_setup_gives_the_default_agenda_format(store: Store) -> None:
    with store.write() as session:
        office.setup_office(session, actor=SYSTEM, form=_form())
    with store.read() as session:
        created = office.get_office(session)
        assert created is not None and created.format_agenda == "{urut:4}/{tahun}"


def test_agenda_format_is_set_and_kept(demo_store: Store, admin: Actor) -> None:
    form = _form(nama_satker="KPU Kota Bontang", kode_wilayah="6474")
    with demo_store.write() as session:
        office.update_office(
            session, actor=admin, form=replace(form, format_agenda="  SM-{urut}/{kode}/{tahun} ")
        )
    with demo_store.write() as session:  # None (a form without the field) keeps the format
        office.update_office(session, actor=admin, form=replace(form, telepon="(0548) 1"))
    with demo_store.read() as session:
        profile = office.get_office(session)
        assert profile is not None and profile.format_agenda == "SM-{urut}/{kode}/{tahun}"
        event = journal.list_events(session, journal.JournalFilter(record_type="office"))[1]
        assert "SM-{urut}/{kode}/{tahun}" in (event.after or "")
    with pytest.raises(ValidationError) as info, demo_store.write() as session:
        office.update_office(session, actor=admin, form=replace(form, format_agenda="{urut}"))
    assert "format_agenda" in info.value.errors
