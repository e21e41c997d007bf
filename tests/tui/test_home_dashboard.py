"""The home dashboard driven by the pilot: the queue figures, and Enter on one opening its list
filtered (the office queue for a pimpinan, the register for a petugas); the navigation's count
of the user's own queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from kpu_tui.config import Settings
from kpu_tui.models import KeluarStatus, SuratStatus
from kpu_tui.services import antrian
from kpu_tui.services.antrian import Jenis
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.surat_keluar_read import KeluarFilter
from kpu_tui.services.surat_masuk import SuratFilter
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.home import HomeScreen
from kpu_tui.tui.screens.surat_keluar import SuratKeluarScreen
from kpu_tui.tui.screens.surat_masuk import SuratMasukScreen
from kpu_tui.tui.widgets.nav import Badge, NavList

from ..services.test_overview import LATER, WITA, busy_office
from .helpers import login, settle

SIZE = (120, 40)


def app_at(store: Store, settings: Settings, when: datetime) -> KpuApp:
    """The app with its clock fixed at ``when`` (in office time)."""
    local = when.astimezone(WITA)
    return KpuApp(store, settings, clock=lambda: local)


def rows(app: KpuApp) -> dict[str, tuple[str, str, str]]:
    """The home table's figures by label (sections included, labels stripped)."""
    table = app.screen.query_one("#home-table", DataTable)
    out = {}
    for index in range(table.row_count):
        label, value, hint = (str(cell) for cell in table.get_row_at(index))
        out[label.strip()] = (label, value, hint)
    return out


async def open_figure(pilot: Pilot[None], label: str) -> None:
    """Put the cursor on a figure and press Enter, as a user would, then let the area apply
    its filter."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    table = app.screen.query_one("#home-table", DataTable)
    index = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]).strip() == label)
    table.move_cursor(row=index)
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


async def test_the_figures_count_what_waits(demo_store: Store, settings: Settings) -> None:
    busy_office(demo_store)
    app = app_at(demo_store, settings, LATER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "sekretaris", DEMO_PASSWORD)
        await pilot.press("escape")  # the notice of what became overdue
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        figures = rows(app)
        assert next(iter(figures)) == "Antrian dan tenggat"
        values = {label: figures[label][1] for label in list(figures)[1:9]}
        assert values == {
            "Belum didisposisi (surat masuk)": "1",
            "Disposisi belum dibaca": "1",
            "Disposisi belum ditindaklanjuti": "1",
            "Konsep menunggu paraf": "1",
            "Menunggu tanda tangan": "0",
            "Sudah ditandatangani, belum dikirim": "1",
            "Tanda terima belum kembali": "2",
            "Terlambat (semua register)": "3",
        }
        assert figures["Terlambat (semua register)"][2] == "lewat tenggat"
        table = app.screen.query_one("#home-table", DataTable)
        late = next(
            table.get_row_at(i)
            for i in range(table.row_count)
            if "semua register" in str(table.get_row_at(i)[0])
        )
        assert "red" in str(late[1].style)
        # Each figure once: the register sections no longer repeat them.
        assert "Belum disposisi" not in figures and "Menunggu paraf" not in figures


async def test_a_pimpinan_opens_the_office_queue_filtered(
    demo_store: Store, settings: Settings
) -> None:
    busy_office(demo_store)
    app = app_at(demo_store, settings, LATER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "sekretaris", DEMO_PASSWORD)
        await pilot.press("escape")
        await settle(pilot)
        await open_figure(pilot, "Disposisi belum dibaca")
        assert app.current_mode == "antrian-kantor"
        screen = app.screen
        assert getattr(screen, "flt", None) == antrian.Filter(frozenset({Jenis.DISPOSISI_BARU}))
        listed = screen.query_one("#ak-semua", DataTable)
        assert listed.row_count == 1
        assert "0002/2026" in " ".join(str(cell) for cell in listed.get_row_at(0))
        # Back home and to another figure: the open screen takes the new filter.
        await pilot.press("1")
        await settle(pilot)
        await open_figure(pilot, "Terlambat (semua register)")
        assert app.current_mode == "antrian-kantor"
        assert getattr(app.screen, "flt", None) == antrian.Filter(hanya_terlambat=True)
        assert app.screen.query_one("#ak-semua", DataTable).row_count == 3


async def test_a_petugas_opens_the_register_filtered(demo_store: Store, settings: Settings) -> None:
    office = busy_office(demo_store)
    app = app_at(demo_store, settings, LATER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.may_open("antrian-kantor")
        await open_figure(pilot, "Belum didisposisi (surat masuk)")
        assert app.current_mode == "surat-masuk"
        screen = app.screen
        assert isinstance(screen, SuratMasukScreen)
        assert screen.query_one("#sm-status", Select).value == "belum"
        assert screen.query_one("#sm-tahun", Select).value is Select.NULL
        assert screen.current_filter() == SuratFilter(status=(SuratStatus.BELUM_DISPOSISI,))
        assert list(screen._rows) == [str(office.belum)]
        assert screen.focused is screen.table
        # The tanda terima: the buku agenda surat keluar, letters awaiting them.
        await pilot.press("1")
        await settle(pilot)
        await open_figure(pilot, "Tanda terima belum kembali")
        assert app.current_mode == "surat-keluar"
        keluar = app.screen
        assert isinstance(keluar, SuratKeluarScreen)
        assert keluar.current_filter() == KeluarFilter(
            tampilan="agenda", status=(KeluarStatus.DIKIRIM,)
        )
        assert keluar.query_one("#sk-status", Select).value == "dikirim"
        assert list(keluar._rows) == [str(office.dikirim)]
        # And the konsep awaiting paraf: the konsep view, status menunggu paraf.
        await pilot.press("1")
        await settle(pilot)
        await open_figure(pilot, "Konsep menunggu paraf")
        assert keluar.view == "konsep"
        assert keluar.query_one("#sk-status", Select).value == "paraf"
        assert list(keluar._rows) == [str(office.paraf)]


async def test_apply_filter_replaces_what_the_user_had_set(
    demo_store: Store, settings: Settings
) -> None:
    """A search typed earlier and a year chosen in the bar give way to the figure's filter."""
    office = busy_office(demo_store)
    app = app_at(demo_store, settings, LATER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "petugas", DEMO_PASSWORD)
        await pilot.press("escape")
        await settle(pilot)
        app.open_area("surat-masuk")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuratMasukScreen)
        screen.query_one("#sm-cari", Input).value = "tidak ada surat begini"
        await pilot.pause(0.5)
        assert screen._rows == {}
        app.open_filtered("surat-masuk", SuratFilter(terlambat_per=LATER.astimezone(WITA).date()))
        await settle(pilot)
        assert screen.query_one("#sm-cari", Input).value == ""
        assert screen.query_one("#sm-status", Select).value == "terlambat"
        assert set(screen._rows) == {str(office.unread), str(office.read)}


async def test_the_navigation_counts_the_users_queue(demo_store: Store, settings: Settings) -> None:
    busy_office(demo_store)
    app = app_at(demo_store, settings, LATER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "kasubbag.kul", DEMO_PASSWORD)
        await pilot.press("escape")
        await settle(pilot)
        nav = app.screen.query_one(NavList)
        modes = [mode for mode, _ in app.nav_entries()]
        assert modes.index("antrian") == 1
        # The read disposisi (overdue) is the Kasubbag KUL's only item.
        assert nav.badge("antrian") == Badge(1, 1)
        prompt = str(nav.get_option("antrian").prompt)
        assert prompt.startswith("2 ") and prompt.split("\n")[0].endswith(" 1")
        assert "1 terlambat" in prompt
        # Numbering unchanged: 2 still opens the queue.
        await pilot.press("2")
        await settle(pilot)
        assert app.current_mode == "antrian"
        # Other entries carry no count.
        assert all(nav.badge(mode) is None for mode in modes if mode != "antrian")


def test_dashboard_snapshot(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    """The queue figures with the overdue one in red, and the navigation's count."""
    busy_office(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await login(pilot, "sekretaris", DEMO_PASSWORD)
        await pilot.press("escape")
        await settle(pilot)

    app = app_at(demo_store, settings, LATER)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_login_notice_snapshot(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    """The notice over the home screen on the first login (80x24)."""
    busy_office(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await login(pilot, "kasubbag.kul", DEMO_PASSWORD)
        await settle(pilot)

    app = app_at(demo_store, settings, LATER)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
