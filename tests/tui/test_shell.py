"""The app shell driven by the pilot: set-up, login, navigation, help, themes, quit."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from kpu_tui.config import Settings
from kpu_tui.services import journal, office, users
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.screens.help import HelpScreen, key_label
from kpu_tui.tui.screens.home import HomeScreen
from kpu_tui.tui.screens.login import LoginScreen
from kpu_tui.tui.screens.setup import SetupScreen
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.nav import NavList

from .helpers import login, make_app

SIZE = (100, 40)


def _fill(screen: SetupScreen, values: dict[str, str]) -> None:
    for widget_id, value in values.items():
        screen.query_one(f"#{widget_id}", Input).value = value


GOOD = {
    "nama_satker": "KPU Kabupaten Pinrang",
    "kode_wilayah": "7315",
    "alamat": "Jl. Jend. Sudirman No. 1",
    "kota": "Pinrang",
    "pejabat-KETUA": "Andi Ketua",
    "admin-nama": "Admin Pinrang",
    "admin-username": "admin",
    "admin-password": "sandi-admin-1",
    "admin-password2": "sandi-admin-1",
}


async def test_empty_database_opens_the_wizard_and_saves(store: Store, settings: Settings) -> None:
    app = make_app(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        _fill(app.screen, GOOD)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
    with store.read() as session:
        profile = office.get_office(session)
        assert profile is not None and profile.nama_satker == "KPU Kabupaten Pinrang"
        assert [u.username for u in users.list_users(session)] == ["admin"]


async def test_wizard_shows_errors_at_fields_and_writes_nothing(
    store: Store, settings: Settings
) -> None:
    app = make_app(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        _fill(
            screen, GOOD | {"kode_wilayah": "73A5", "admin-password2": "lain", "jam_masuk": "25:00"}
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "angka" in screen.query_one("#f-kode_wilayah", FormField).error
        assert "tidak sama" in screen.query_one("#f-admin--password2", FormField).error
        assert screen.query_one("#f-jam_masuk", FormField).error
        assert screen.query_one("#f-nama_satker", FormField).error == ""
        assert screen.query_one("#nama_satker", Input).value == GOOD["nama_satker"]
    with store.read() as session:
        assert office.get_office(session) is None
        assert journal.count_events(session) == 0


async def test_leaving_a_field_checks_it(store: Store, settings: Settings) -> None:
    app = make_app(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#kode_wilayah", Input).focus()
        await pilot.press("6", "4", "tab")
        await pilot.pause()
        assert "4 angka" in screen.query_one("#f-kode_wilayah", FormField).error
        assert screen.query_one("#f-alamat", FormField).error == ""


async def test_f2_builds_the_demo_office(store: Store, settings: Settings) -> None:
    app = make_app(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.office_name == "KPU Kota Bontang"
    with store.read() as session:
        assert len(users.list_users(session)) >= 14


async def test_failed_login_says_nothing_specific(demo_store: Store, settings: Settings) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", "salah-sekali")
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message", Static).content)
        assert message == users.LOGIN_FAILED
        assert app.screen.query_one("#password", Input).value == ""


async def test_login_leads_home_with_live_counts(demo_store: Store, settings: Settings) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "admin", DEMO_PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#home-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        users_row = next(r for r in rows if "Pengguna aktif" in r[0])
        with demo_store.read() as session:
            assert users_row[1] == str(len(users.list_users(session, include_inactive=False)))
        nav = app.screen.query_one(NavList)
        assert nav.option_count == len(app.nav_entries()) >= 5


async def test_roles_decide_the_navigation(demo_store: Store, settings: Settings) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        modes = [mode for mode, _ in app.nav_entries()]
        assert "beranda" in modes and "pengguna" not in modes and "jurnal" not in modes
        app.open_area("pengguna")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_number_keys_help_theme_logout_and_quit(
    demo_store: Store, settings: Settings
) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "admin", DEMO_PASSWORD)
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == app.nav_entries()[1][0]
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "beranda"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-table", DataTable)
        listed = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
        assert {"Bantuan", "Keluar"} <= listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        theme = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != theme
        await app.logout()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)


def test_key_labels_read_like_a_keyboard() -> None:
    assert key_label("ctrl+s") == "Ctrl+S"
    assert key_label("f1") == "F1"
    assert key_label("escape") == "Esc"
    assert key_label("n") == "n"


async def test_help_speaks_indonesian_only(demo_store: Store, settings: Settings) -> None:
    from kpu_tui.tui.screens.help import TEXTUAL_WORDS

    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "admin", DEMO_PASSWORD)
        for key in ("1", "2", "3"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            table = app.screen.query_one("#help-table", DataTable)
            words = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            assert words, key
            assert not set(words) & set(TEXTUAL_WORDS), words
            assert "Naik satu baris" in words or "Turun satu baris" in words or key != "1"
            await pilot.press("escape")
            await pilot.pause()
