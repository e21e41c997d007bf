"""The admin areas driven by the pilot: Pengguna, Jurnal, Referensi, Kalender Kerja, Profil Kantor.

Every test logs in as the demo admin on its own copy of the demo office and checks both what the
screen shows and what the database holds afterwards.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from rich.text import Text
from sqlalchemy import text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Select,
    SelectionList,
    Static,
    TabbedContent,
)

from kpu_tui.config import Settings
from kpu_tui.models import Kertas, OfficeDayKind, Role
from kpu_tui.services import calendar, journal, office, reference, users
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.calendar import CalendarScreen
from kpu_tui.tui.screens.journal import JournalScreen, describe_change
from kpu_tui.tui.screens.office import OfficeScreen
from kpu_tui.tui.screens.reference import ReferenceScreen
from kpu_tui.tui.screens.users import UsersScreen
from kpu_tui.tui.widgets.dialogs import ConfirmDiscard, ConfirmReason
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.modal_form import FormDialog
from kpu_tui.tui.widgets.paged_table import PagedTable

from .helpers import login, make_app

SIZE = (120, 40)


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    """The app on a fresh copy of the demo office, clock fixed at Monday 23 November 2026."""
    return make_app(demo_store, settings)


async def open_as_admin(pilot: Pilot[None], mode: str) -> None:
    """Log in as the demo admin and open an admin area."""
    await login(pilot, "admin", DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    app.open_area(mode)
    await pilot.pause()
    await pilot.pause()


async def type_into(pilot: Pilot[None], selector: str, value: str) -> None:
    """Focus an input, clear it and type ``value`` key by key."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    if value:
        await pilot.press(*value)


def highlight(table: DataTable[object], key: str) -> None:
    """Put the cursor on the row with ``key``."""
    table.move_cursor(row=table.get_row_index(key))


def field_error(screen: object, key: str) -> str:
    """The message shown under a form field."""
    return screen.query_one(f"#f-{key.replace('.', '--')}", FormField).error  # type: ignore[attr-defined]


def screen_text(screen: object, selector: str) -> str:
    """The plain text of a Static, whatever it was given (text or a Rich table)."""
    content = screen.query_one(selector, Static).content  # type: ignore[attr-defined]
    if isinstance(content, str | Text | Content):
        return str(content.plain if isinstance(content, Text | Content) else content)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def user_named(store: Store, username: str) -> users.UserView | None:
    with store.read() as session:
        return next((u for u in users.list_users(session) if u.username == username), None)


# -- Pengguna --------------------------------------------------------------------------------


async def test_new_user_shows_errors_at_fields_then_saves(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await type_into(pilot, "#in-username", "Budi Santoso")
        await type_into(pilot, "#in-nama", "Budi Santoso")
        await type_into(pilot, "#in-nip", "1234")
        form.query_one("#in-roles", SelectionList).select(Role.STAF)
        await type_into(pilot, "#in-password", "rahasia-budi")
        await type_into(pilot, "#in-password2", "rahasia-budi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Still open, the messages at their fields, what was typed kept.
        assert app.screen is form
        assert "huruf kecil" in field_error(form, "username")
        assert "18 angka" in field_error(form, "nip")
        assert field_error(form, "nama") == ""
        assert form.query_one("#in-nama", Input).value == "Budi Santoso"
        assert user_named(demo_store, "budi") is None

        await type_into(pilot, "#in-username", "budi")
        await type_into(pilot, "#in-nip", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
        table = app.screen.query_one("#users-table", DataTable)
        assert "budi" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "Budi Santoso" in screen_text(app.screen, "#users-detail")
    created = user_named(demo_store, "budi")
    assert created is not None and created.roles == (Role.STAF,) and created.aktif
    with demo_store.read() as session:
        last = journal.list_events(session, limit=1)[0]
    assert (last.action, last.record_type, last.record_id) == ("buat", "user", str(created.id))


async def test_new_user_password_must_be_repeated(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "#in-username", "budi")
        await type_into(pilot, "#in-nama", "Budi")
        form.query_one("#in-roles", SelectionList).select(Role.STAF)
        await type_into(pilot, "#in-password", "rahasia-budi")
        await type_into(pilot, "#in-password2", "rahasia-lain")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert field_error(form, "password2") == "Kedua kata sandi tidak sama."
    assert user_named(demo_store, "budi") is None


async def test_deactivate_user_needs_a_reason(app: KpuApp, demo_store: Store) -> None:
    staf = user_named(demo_store, "staf")
    assert staf is not None
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        highlight(app.screen.query_one("#users-table", DataTable), str(staf.id))
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmReason)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert screen_text(dialog, "#reason-error") == "Alasan wajib diisi."
        assert user_named(demo_store, "staf").aktif  # type: ignore[union-attr]

        await pilot.press(*"pindah tugas")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
        table = app.screen.query_one("#users-table", DataTable)
        row = table.get_row(str(staf.id))
        assert str(row[2]) == "NONAKTIF"
    assert not user_named(demo_store, "staf").aktif  # type: ignore[union-attr]
    with demo_store.read() as session:
        last = journal.list_events(session, limit=1)[0]
    assert last.action == "nonaktifkan" and "pindah tugas" in (last.after or "")


async def test_admin_cannot_deactivate_own_account(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        assert app.actor is not None
        highlight(app.screen.query_one("#users-table", DataTable), str(app.actor.id))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"coba")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmReason)
        assert "akun sendiri" in screen_text(app.screen, "#reason-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
    assert user_named(demo_store, "admin").aktif  # type: ignore[union-attr]


async def test_reset_password_and_edit_roles(app: KpuApp, demo_store: Store) -> None:
    staf = user_named(demo_store, "staf")
    assert staf is not None
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        table = app.screen.query_one("#users-table", DataTable)
        highlight(table, str(staf.id))
        await pilot.press("r")
        await pilot.pause()
        await type_into(pilot, "#in-password", "sandi-baru-123")
        await type_into(pilot, "#in-password2", "sandi-baru-123")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#in-username", Input).value == "staf"
        form.query_one("#in-roles", SelectionList).select(Role.PETUGAS)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
    with demo_store.write() as session:
        result = users.authenticate(session, username="staf", password="sandi-baru-123")
    assert result.ok
    assert user_named(demo_store, "staf").roles == (Role.PETUGAS, Role.STAF)  # type: ignore[union-attr]


async def test_closing_a_changed_form_asks_first(app: KpuApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "#in-nama", "Setengah")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#in-nama", Input).value == "Setengah"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)


async def test_search_and_status_filter(app: KpuApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        screen = app.screen
        table = screen.query_one("#users-table", DataTable)
        assert table.row_count == 14
        await pilot.press("slash")
        await pilot.press(*"kasubbag")
        await pilot.pause()
        assert table.row_count == 4
        await pilot.press("escape")
        await pilot.press("f")  # aktif only: still the four
        await pilot.pause()
        assert table.row_count == 4
        await pilot.press("f")  # nonaktif only: none
        await pilot.pause()
        assert table.row_count == 0
        assert "Tidak ada pengguna" in screen_text(screen, "#users-detail")


async def test_names_are_shown_as_typed_never_as_markup(app: KpuApp, demo_store: Store) -> None:
    with demo_store.write() as session:
        odd = users.create_user(
            session,
            actor=SYSTEM,
            form=users.UserForm(
                username="kurung", nama="Budi [b]Kurung[/b]", roles=(Role.STAF,), password="x" * 10
            ),
        )
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "pengguna")
        highlight(app.screen.query_one("#users-table", DataTable), str(odd.id))
        await pilot.pause()
        assert "Budi [b]Kurung[/b] (kurung)" in screen_text(app.screen, "#users-detail")


# -- Jurnal ----------------------------------------------------------------------------------


async def test_journal_lists_newest_first_and_verifies(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "jurnal")
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        with demo_store.read() as session:
            count = journal.count_events(session)
            newest = journal.list_events(session, limit=1)[0]
        table = screen.query_one(PagedTable)
        assert table.row_count == count
        assert str(table.get_row_at(0)[0]) == str(newest.id)
        assert str(table.get_row_at(0)[2]) == "login"
        assert f"{count} peristiwa cocok" in screen_text(screen, "#journal-summary")
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_text(screen, "#journal-verify") == f"✓ Jurnal utuh: {count} peristiwa"

        with demo_store.write() as session:  # tamper with an old event behind the app's back
            session.exec(text("UPDATE journal_event SET actor_name = 'palsu' WHERE id = 5"))  # type: ignore[call-overload]
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(screen, "#journal-verify")
        assert "RUSAK" in shown and "nomor 5" in shown
        assert screen.query_one("#journal-verify").has_class("broken")


async def test_journal_pages_from_sql(app: KpuApp, demo_store: Store) -> None:
    with demo_store.write() as session:
        for n in range(450):
            journal.record(
                session, actor=SYSTEM, action="uji", record_type="uji", record_id=n, after={"n": n}
            )
    with demo_store.read() as session:
        total = journal.count_events(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "jurnal")
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 200  # one page, not the table
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == 400
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == total + 1  # plus the admin's own login, after the count
        await pilot.press("end")
        await pilot.pause()
        assert not table.has_more
        assert f"dimuat {table.row_count}" in screen_text(app.screen, "#journal-summary")
        # Help and back: nothing new was written, so the list and its cursor stay.
        table.move_cursor(row=300)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(PagedTable) is table
        assert table.cursor_row == 300 and table.row_count == total + 1


async def test_journal_filters_and_shows_changes(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "jurnal")
        screen = app.screen
        table = screen.query_one(PagedTable)
        screen.query_one("#journal-type", Select).value = "jabatan"
        await pilot.pause()
        with demo_store.read() as session:
            expected = journal.count_events(session, journal.JournalFilter(record_type="jabatan"))
        assert 0 < table.row_count == expected
        assert {str(table.get_row_at(i)[3]) for i in range(table.row_count)} == {"jabatan"}
        detail = screen_text(screen, "#journal-detail")
        assert "~ pemegang_nama: " in detail and "(berubah)" in detail

        await type_into(pilot, "#journal-dari", "31/02/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert "tidak dikenali" in screen_text(screen, "#journal-summary")
        await type_into(pilot, "#journal-dari", "besok")
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 0
        await pilot.press("escape", "c")
        await pilot.pause()
        assert table.row_count > expected


def test_describe_change_marks_changes_with_words() -> None:
    shown = describe_change({"nama": "A", "nip": ""}, {"nama": "B", "nip": "", "baru": 1}).plain
    assert "~ nama: A → B  (berubah)" in shown
    assert "  nip: " in shown
    assert "+ baru: 1  (baru)" in shown


# -- Kalender Kerja --------------------------------------------------------------------------


async def test_add_office_closure_then_test_deadline(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "kalender")
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        assert "Tahun 2026" in screen_text(screen, "#cal-year")
        national = screen.query_one("#cal-national", DataTable)
        assert str(national.get_row("2026-04-03")[0]) == "Jumat, 3 April 2026"
        screen.query_one("#cal-office", DataTable).focus()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await type_into(pilot, "#in-tanggal", "31/02/2026")
        await type_into(pilot, "#in-keterangan", "Pemungutan suara ulang")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "tidak ada pada bulan Februari" in field_error(form, "tanggal")
        await type_into(pilot, "#in-tanggal", "hari ini")
        await type_into(pilot, "#in-dasar_hukum", "SE Sekretaris KPU Kota Bontang Nomor 7")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        office_table = screen.query_one("#cal-office", DataTable)
        assert office_table.row_count == 1
        row = [str(c) for c in office_table.get_row_at(0)]
        assert row[:3] == ["Senin, 23 November 2026", "Libur kantor", "Pemungutan suara ulang"]

        await type_into(pilot, "#uji-mulai", "20/11/2026")
        await type_into(pilot, "#uji-n", "1")
        await pilot.press("enter")
        await pilot.pause()
        result = screen_text(screen, "#uji-hasil")
        assert "Tenggat Selasa, 24 November 2026" in result
        assert "Senin, 23 November 2026: Pemungutan suara ulang" in result
        assert "Sabtu, 21 November 2026: Sabtu" in result

        office_table.focus()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"salah tanggal")
        await pilot.press("enter")
        await pilot.pause()
        assert str(office_table.get_row_at(0)[4]) == "nonaktif"
    with demo_store.read() as session:
        (day,) = calendar.list_office_days(session, 2026)
    assert day.tanggal == date(2026, 11, 23) and day.jenis == OfficeDayKind.LIBUR
    assert day.dasar_hukum.startswith("SE Sekretaris") and not day.aktif


async def test_year_keys_change_the_year(app: KpuApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "kalender")
        screen = app.screen
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Tahun 2027" in screen_text(screen, "#cal-year")
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert "Tahun 2025" in screen_text(screen, "#cal-year")
        keys = screen.query_one("#cal-national", DataTable).rows
        assert all(str(k.value).startswith("2025-") for k in keys)


# -- Referensi -------------------------------------------------------------------------------


async def test_search_and_edit_klasifikasi(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "referensi")
        screen = app.screen
        assert isinstance(screen, ReferenceScreen)
        await pilot.press("slash")
        await pilot.press(*"PL.01")
        await pilot.pause()
        table = screen.query_one("#kl-table", DataTable)
        keys = [str(k.value) for k in table.rows]
        assert keys and all(k.startswith("PL.01") for k in keys)
        await pilot.press("enter")  # to the results
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#in-kode", Input).disabled
        await type_into(pilot, "#in-uraian", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and field_error(form, "uraian")
        await type_into(pilot, "#in-uraian", "Tata Naskah Dinas (diubah)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "Tata Naskah Dinas (diubah)" in screen_text(screen, "#kl-detail")
    with demo_store.read() as session:
        code = reference.get_klasifikasi(session, keys[0])
        last = journal.list_events(session, limit=1)[0]
    assert code is not None and code.uraian == "Tata Naskah Dinas (diubah)"
    assert (last.action, last.record_type, last.record_id) == ("ubah", "kode_klasifikasi", keys[0])


async def test_deactivate_jenis_naskah_with_reason(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "referensi")
        screen = app.screen
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "tab-jn"
        table = screen.query_one("#jn-table", DataTable)
        highlight(table, "Kpt")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press(*"format lama tidak dipakai")
        await pilot.press("enter")
        await pilot.pause()
        assert str(table.get_row("Kpt")[4]) == "NONAKTIF"
    with demo_store.read() as session:
        jenis = reference.get_jenis_naskah(session, "Kpt")
    assert jenis is not None and not jenis.aktif


async def test_edit_jabatan_holder_in_reference(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "referensi")
        screen = app.screen
        screen.query_one(TabbedContent).active = "tab-unit"
        await pilot.pause()
        table = screen.query_one("#jab-table", DataTable)
        table.focus()
        highlight(table, "ANGGOTA1")
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "#in-pemegang_nama", "Ir. La Ode Hasan")
        await type_into(pilot, "#in-pemegang_nip", "123")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "18 angka" in field_error(app.screen, "pemegang_nip")
        await type_into(pilot, "#in-pemegang_nip", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert str(table.get_row("ANGGOTA1")[1]) == "Ir. La Ode Hasan"
    with demo_store.read() as session:
        holders = {j.kode: j.pemegang_nama for j in reference.list_jabatan(session)}
    assert holders["ANGGOTA1"] == "Ir. La Ode Hasan"


# -- Profil Kantor ---------------------------------------------------------------------------


async def test_edit_office_profile(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "kantor")
        screen = app.screen
        assert isinstance(screen, OfficeScreen)
        assert "KPU Kota Bontang" in screen_text(screen, "#office-profile")
        assert "A4" in screen_text(screen, "#office-profile")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "#in-kode_wilayah", "64")
        await type_into(pilot, "#in-jam_pulang", "25.00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "4 angka" in field_error(form, "kode_wilayah")
        assert "Jam tidak dikenali" in field_error(form, "jam_pulang")
        await type_into(pilot, "#in-kode_wilayah", "6474")
        await type_into(pilot, "#in-jam_pulang", "16.15")
        await type_into(pilot, "#in-telepon", "(0548) 123456")
        form.query_one("#in-kertas", Select).value = Kertas.F4
        form.query_one("#in-cuti_bersama_hari_kerja", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "(0548) 123456" in screen_text(screen, "#office-profile")
        assert "16.15" in screen_text(screen, "#office-profile")
        assert "F4" in screen_text(screen, "#office-profile")
    with demo_store.read() as session:
        profile = office.get_office(session)
        assert profile is not None
        assert profile.telepon == "(0548) 123456" and profile.jam_pulang.minute == 15
        assert profile.kertas == Kertas.F4 and profile.cuti_bersama_hari_kerja


async def test_edit_agenda_format_with_a_live_example(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "kantor")
        screen = app.screen
        assert "{urut:4}/{tahun} (contoh: 0123/2026)" in screen_text(screen, "#office-profile")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        hint = "#f-format_agenda .field-hint"
        assert "contoh: 0123/2026" in screen_text(form, hint)
        await type_into(pilot, "#in-format_agenda", "SM-{urut}/{kode}")
        await pilot.pause()
        assert "contoh: –" in screen_text(form, hint) and "{tahun}" in screen_text(form, hint)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "{tahun}" in field_error(form, "format_agenda")
        await type_into(pilot, "#in-format_agenda", "SM-{urut}/{kode}/{tahun}")
        await pilot.pause()
        assert "contoh: SM-123/6474/2026" in screen_text(form, hint)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "SM-123/6474/2026" in screen_text(screen, "#office-profile")
    with demo_store.read() as session:
        profile = office.get_office(session)
        assert profile is not None and profile.format_agenda == "SM-{urut}/{kode}/{tahun}"


async def test_assign_pejabat_from_office_profile(app: KpuApp, demo_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_as_admin(pilot, "kantor")
        screen = app.screen
        table = screen.query_one("#office-pejabat", DataTable)
        highlight(table, "ANGGOTA2")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await type_into(pilot, "#in-nama", "Dra. Sitti Aminah")
        await type_into(pilot, "#in-nip", "196801011990032001")
        form.query_one("#in-username", Select).value = "staf"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        row = [str(c) for c in table.get_row("ANGGOTA2")]
        assert row[1:] == ["Dra. Sitti Aminah", "196801011990032001", "staf"]
    staf = user_named(demo_store, "staf")
    with demo_store.read() as session:
        jabatan = {j.kode: j for j in reference.list_jabatan(session)}
    assert jabatan["ANGGOTA2"].pemegang_nip == "196801011990032001"
    assert staf is not None and jabatan["ANGGOTA2"].user_id == staf.id


# -- every area, small terminal, non-admin ---------------------------------------------------


@pytest.mark.parametrize("mode", ["pengguna", "jurnal", "referensi", "kalender", "kantor"])
async def test_admin_areas_open_at_80x24(app: KpuApp, mode: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_as_admin(pilot, mode)
        screen = app.screen
        assert getattr(screen, "AREA_MODE", None) == mode
        assert screen.has_class("-short")
        tables = [t for t in screen.query(DataTable) if t.display and t.region.height]
        assert tables, "a table must stay visible at 80x24"
        assert all(t.region.height >= 3 for t in tables)
        await pilot.press("f1")
        await pilot.pause()
        assert "Bantuan" in str(app.screen.query_one("#help-title", Static).render())


async def test_petugas_has_no_admin_areas(app: KpuApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "petugas", DEMO_PASSWORD)
        modes = [mode for mode, _ in app.nav_entries()]
        assert not {"pengguna", "jurnal", "referensi", "kalender", "kantor"} & set(modes)
        app.open_area("pengguna")
        await pilot.pause()
        assert not isinstance(app.screen, UsersScreen)
