"""The Antrian Kantor area driven by the pilot: every person's queue with counts, overdue counts
and the oldest item; the counts after someone acts; a kasubbag held to his unit; the list of
every item filtered by kind (what the dashboard opens); opening someone else's disposisi
without marking it read; a konsep and an SOP run opened from the list; the collapse at 80x24.

Each test works on its own copy of the demo office; the work is made through the services with
fixed times (the app's clock is 23 Nov 2026 09.15 WITA), and every check looks at the screen
and at the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Select

from kpu_tui.config import Settings
from kpu_tui.models import DisposisiPenerima, PenerimaStatus, Unit, User
from kpu_tui.services import antrian, disposisi, procedure, surat_masuk
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services.antrian import Filter, Jenis
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.disposisi import DisposisiForm, Tujuan
from kpu_tui.services.surat_masuk import SuratMasukForm
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.antrian_kantor import ORANG, SEMUA, AntrianKantorScreen
from kpu_tui.tui.screens.prosedur_views import RunScreen
from kpu_tui.tui.screens.surat_keluar_detail import KeluarDetailScreen
from kpu_tui.tui.screens.surat_masuk_detail import SuratDetailScreen
from kpu_tui.tui.widgets.modal_form import FormDialog

from ..keluar_helpers import actor_of, jabatan_ids, konsep
from .helpers import FIXED_NOW, login, make_app, settle
from .test_surat_masuk import column, notifications, plain, rows, text_of

SIZE = (150, 45)
WITA = ZoneInfo("Asia/Makassar")


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of November 2026 in office time, as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WITA).astimezone(UTC)


# -- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    """What :func:`make_work` leaves open, by penerima, letter or run id."""

    sekretaris: int
    """The Ketua's disposisi to the Sekretaris, due 19 Nov (overdue, unread)."""
    tpph: int
    """A disposisi to the Kasubbag TPPH, due 26 Nov (unread)."""
    kul: int
    """A disposisi to the Kasubbag KUL, due 20 Nov, read, not followed up (overdue)."""
    telaah: int
    """A letter to the Ketua waiting for its disposisi."""
    paraf: int
    """A konsep waiting for the Kasubbag TPPH's paraf."""
    run: int
    """An SOP 9.17 run at its first step (the staff's desk)."""


def user_id(store: Store, username: str) -> int:
    with store.read() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        return user.id


def unit_id(store: Store, kode: str) -> int:
    with store.read() as session:
        unit = session.exec(select(Unit).where(Unit.kode == kode)).one()
        assert unit.id is not None
        return unit.id


def make_work(store: Store) -> Work:
    """Open work for three people, the Ketua, a konsep and an SOP run."""
    petugas = actor_of(store, "petugas")
    jab = jabatan_ids(store)

    def letter(day: int, perihal: str, hour: int = 10, **fields: Any) -> int:
        with store.write() as session:
            return surat_masuk.register(
                session,
                actor=petugas,
                form=SuratMasukForm(
                    nomor_surat=f"{len(perihal)}/{day}/XI/2026",
                    asal="Bawaslu Kota Bontang",
                    perihal=perihal,
                    **fields,
                ),
                now=at(day, hour),
            ).id

    def give(surat_id: int, day: int, kepada: str, batas: str) -> int:
        with store.write() as session:
            hop = disposisi.give(
                session,
                actor=petugas,
                surat_id=surat_id,
                form=DisposisiForm(
                    dari_jabatan_id=jab["KETUA"],
                    penerima=(Tujuan(jabatan_id=jab[kepada]),),
                    instruksi=("ditindaklanjuti",),
                    catatan="Segera",
                    batas_waktu=batas,
                ),
                now=at(day, 11),
            )
        return hop.penerima[0].id

    sekretaris = give(letter(16, "Undangan rapat koordinasi"), 17, "SEKRETARIS", "19/11/2026")
    tpph = give(letter(18, "Permintaan data pemilih pemula"), 19, "KASUBBAG_TPPH", "26/11/2026")
    kul = give(letter(18, "Pengadaan alat tulis kantor"), 18, "KASUBBAG_KUL", "20/11/2026")
    with store.write() as session:
        disposisi.mark_read(
            session, actor=actor_of(store, "kasubbag.kul"), penerima_id=kul, now=at(19)
        )
    telaah = letter(23, "Jadwal bimbingan teknis PPK", 8, tujuan_jabatan_id=jab["KETUA"])
    staf = actor_of(store, "staf")
    with store.write() as session:
        paraf = sk.create(
            session, actor=staf, form=konsep(store, perihal="Laporan coklit"), now=at(20)
        ).id
    with store.write() as session:
        sk.submit(session, actor=staf, surat_id=paraf, now=at(20, 11))
    with store.write() as session:
        run = procedure.start_run(
            session,
            actor=actor_of(store, "admin"),
            sop_id="9.17",
            judul="Revisi DIPA belanja modal",
            now=at(20),
        ).id
    return Work(sekretaris, tpph, kul, telaah, paraf, run)


def penerima_status(store: Store, penerima_id: int) -> PenerimaStatus:
    with store.read() as session:
        row = session.get(DisposisiPenerima, penerima_id)
        assert row is not None
        return row.status


# -- helpers -----------------------------------------------------------------------------------


async def open_area(pilot: Pilot[None], username: str = "sekretaris") -> AntrianKantorScreen:
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    app.open_area("antrian-kantor")
    await settle(pilot)
    assert isinstance(app.screen, AntrianKantorScreen)
    return app.screen


def row_keys(table: Any) -> list[str]:
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


def person_row(screen: AntrianKantorScreen, key: str) -> dict[str, str]:
    """A person's cells by column key."""
    table = screen.orang_table
    index = table.get_row_index(key)
    keys = [str(c.value) for c in table.columns]
    return dict(zip(keys, rows(table)[index], strict=True))


async def highlight(pilot: Pilot[None], table: Any, key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))
    await settle(pilot)


# -- per orang ---------------------------------------------------------------------------------


async def test_the_sekretaris_sees_every_person_with_counts(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        assert screen.view == ORANG and not screen.locked and screen.unit_id is None
        with demo_store.read() as session:
            expected = antrian.per_orang(session, now=FIXED_NOW)
        # Every person of the office is listed (those without work too), worst first.
        assert row_keys(screen.orang_table) == [row.pemegang.key for row in expected]
        sekretaris = person_row(screen, f"user:{user_id(demo_store, 'sekretaris')}")
        assert sekretaris["nama"] == "Drs. Bambang Sutrisno, M.Si."
        assert (sekretaris["jumlah"], sekretaris["terlambat"]) == ("1", "1 terlambat")
        assert sekretaris["tertua"] == "0001/2026 · lewat 2 hari kerja"
        kul = person_row(screen, f"user:{user_id(demo_store, 'kasubbag.kul')}")
        assert (kul["jumlah"], kul["terlambat"]) == ("1", "1 terlambat")
        tpph = person_row(screen, f"user:{user_id(demo_store, 'kasubbag.tpph')}")
        assert tpph["nama"] == "Andi Firmansyah, S.H." and tpph["jumlah"] == "2"
        assert tpph["terlambat"] == "–"
        ketua = person_row(screen, f"user:{user_id(demo_store, 'ketua')}")
        assert ketua["jumlah"] == "1" and ketua["tertua"].startswith("0004/2026 · ")
        staf_desk = person_row(screen, "peran:staf")
        assert staf_desk["jabatan"] == "meja bersama" and staf_desk["jumlah"] == "1"
        idle = person_row(screen, f"user:{user_id(demo_store, 'wbs')}")
        assert (idle["jumlah"], idle["terlambat"], idle["tertua"]) == ("0", "–", "tidak ada")
        summary = text_of(screen, "#ak-summary")
        total = sum(row.jumlah for row in expected)
        assert f"{total} item" in summary and "3 terlambat" in summary
        assert text_of(screen, "#ak-scope").startswith("Cakupan: Seluruh kantor")

        # The highlighted person's own queue below; Enter moves there.
        await highlight(pilot, screen.orang_table, f"user:{user_id(demo_store, 'kasubbag.tpph')}")
        assert sorted(row_keys(screen.items_table)) == sorted(
            [f"disposisi_baru:{work.tpph}", f"paraf:{work.paraf}"]
        )
        assert "Antrian Andi Firmansyah, S.H.: 2 item" in text_of(screen, "#ak-items-title")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.items_table.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert screen.orang_table.has_focus


async def test_counts_change_after_a_kasubbag_completes_his_disposisi(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        key = f"user:{user_id(demo_store, 'kasubbag.kul')}"
        await highlight(pilot, screen.orang_table, key)
        assert person_row(screen, key)["jumlah"] == "1"
        assert "3 terlambat" in text_of(screen, "#ak-summary")
        with demo_store.write() as session:
            disposisi.complete(
                session,
                actor=actor_of(demo_store, "kasubbag.kul"),
                penerima_id=work.kul,
                tindak_lanjut="ATK dipesan",
                now=at(23, 9),
            )
        await pilot.press("r")
        await settle(pilot)
        row = person_row(screen, key)
        assert (row["jumlah"], row["terlambat"], row["tertua"]) == ("0", "–", "tidak ada")
        assert "2 terlambat" in text_of(screen, "#ak-summary")
        # The cursor stayed on him; his queue below is empty now.
        assert screen.current_person() is not None
        assert screen.current_person().pemegang.key == key  # type: ignore[union-attr]
        assert screen.items_table.row_count == 0
        assert "tidak ada item" in text_of(screen, "#ak-items-title")


async def test_a_pimpinan_narrows_to_one_unit(demo_store: Store, settings: Settings) -> None:
    make_work(demo_store)
    tpph = unit_id(demo_store, "SUBBAG_TPPH")
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#in-unit", Select).value = tpph
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.unit_id == tpph
        with demo_store.read() as session:
            expected = antrian.per_orang(session, now=FIXED_NOW, unit_id=tpph)
        assert row_keys(screen.orang_table) == [row.pemegang.key for row in expected]
        assert f"user:{user_id(demo_store, 'sekretaris')}" not in row_keys(screen.orang_table)
        assert "Sub Bagian Teknis" in text_of(screen, "#ak-scope")
        # Back to the whole office.
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#in-unit", Select).value = 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.unit_id is None
        assert f"user:{user_id(demo_store, 'sekretaris')}" in row_keys(screen.orang_table)


async def test_a_kasubbag_sees_only_his_unit_and_cannot_widen_it(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    tpph = unit_id(demo_store, "SUBBAG_TPPH")
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "kasubbag.tpph")
        assert screen.locked and screen.unit_id == tpph
        members = {
            f"user:{user_id(demo_store, name)}"
            for name in ("kasubbag.tpph", "staf", "pengaduan", "teknis")
        }
        assert set(row_keys(screen.orang_table)) == members
        assert text_of(screen, "#ak-scope").startswith("Unit Anda: Sub Bagian Teknis")
        # f in Per orang says so and opens nothing.
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is screen
        assert any("tidak dapat diperluas" in n for n in notifications(app))
        # In Semua item the unit is shown but cannot be changed, even if forced.
        await pilot.press("g")
        await settle(pilot)
        assert screen.view == SEMUA
        assert set(row_keys(screen.semua_table)) == {
            f"disposisi_baru:{work.tpph}",
            f"paraf:{work.paraf}",
        }
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        unit_select = dialog.query_one("#in-unit", Select)
        assert unit_select.disabled and unit_select.value == tpph
        unit_select.value = 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.unit_id == tpph
        assert set(row_keys(screen.semua_table)) == {
            f"disposisi_baru:{work.tpph}",
            f"paraf:{work.paraf}",
        }


async def test_staff_do_not_see_the_area(demo_store: Store, settings: Settings) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "staf", DEMO_PASSWORD)
        assert "antrian-kantor" not in [mode for mode, _ in app.nav_entries()]


# -- semua item --------------------------------------------------------------------------------


async def test_apply_filter_lists_only_unread_disposisi(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        screen.apply_filter(Filter(frozenset({Jenis.DISPOSISI_BARU})))
        await settle(pilot)
        assert screen.view == SEMUA and screen.semua_table.has_focus
        assert row_keys(screen.semua_table) == [
            f"disposisi_baru:{work.sekretaris}",
            f"disposisi_baru:{work.tpph}",
        ]
        assert set(column(screen.semua_table, "jenis")) == {"Disposisi baru"}
        assert column(screen.semua_table, "pemegang") == [
            "Drs. Bambang Sutrisno, M.Si.",
            "Andi Firmansyah, S.H.",
        ]
        assert column(screen.semua_table, "tenggat")[0] == "lewat 2 hari kerja"
        summary = text_of(screen, "#ak-summary")
        assert "2 item" in summary and "jenis: Disposisi baru" in summary
        detail = plain(screen.query_one("#ak-detail").content)  # type: ignore[attr-defined]
        assert "Pemegang" in detail and "Drs. Bambang Sutrisno" in detail

        # "Hanya terlambat" through the dialog keeps the kind.
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#in-terlambat").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.flt == Filter(frozenset({Jenis.DISPOSISI_BARU}), hanya_terlambat=True)
        assert row_keys(screen.semua_table) == [f"disposisi_baru:{work.sekretaris}"]

        # g goes back to the people.
        await pilot.press("g")
        await settle(pilot)
        assert screen.view == ORANG and screen.orang_table.has_focus


async def test_opening_someone_elses_disposisi_leaves_it_unread(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        screen.apply_filter(Filter(frozenset({Jenis.DISPOSISI_BARU})))
        await settle(pilot)
        await highlight(pilot, screen.semua_table, f"disposisi_baru:{work.tpph}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        assert penerima_status(demo_store, work.tpph) == PenerimaStatus.MENUNGGU
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert f"disposisi_baru:{work.tpph}" in row_keys(screen.semua_table)
        # His own unread disposisi is read by opening it, as everywhere.
        await highlight(pilot, screen.semua_table, f"disposisi_baru:{work.sekretaris}")
        await pilot.press("enter")
        await settle(pilot)
        assert penerima_status(demo_store, work.sekretaris) == PenerimaStatus.DIBACA
        await pilot.press("escape")
        await settle(pilot)
        assert row_keys(screen.semua_table) == [f"disposisi_baru:{work.tpph}"]


async def test_a_konsep_and_a_run_open_from_the_lists(
    demo_store: Store, settings: Settings
) -> None:
    work = make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await highlight(pilot, screen.orang_table, f"user:{user_id(demo_store, 'kasubbag.tpph')}")
        await pilot.press("enter")
        await settle(pilot)
        await highlight(pilot, screen.items_table, f"paraf:{work.paraf}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeluarDetailScreen)
        assert app.screen.surat_id == work.paraf
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await highlight(pilot, screen.orang_table, "peran:staf")
        assert row_keys(screen.items_table) == [f"langkah:{work.run}"]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen) and app.screen.run_id == work.run
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_the_lower_pane_collapses_at_80x24(demo_store: Store, settings: Settings) -> None:
    make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area(pilot)
        assert screen.has_class("-short")
        assert not screen.query_one("#ak-items-box").display
        assert [str(c.value) for c in screen.orang_table.columns] == [
            "nama",
            "jumlah",
            "terlambat",
            "tertua",
        ]
        await highlight(pilot, screen.orang_table, f"user:{user_id(demo_store, 'kasubbag.tpph')}")
        await pilot.press("enter")
        await settle(pilot)
        # His items take the list's place; Esc brings the people back.
        assert screen.query_one("#ak-items-box").display
        assert not screen.orang_table.display and screen.items_table.row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert screen.orang_table.display and not screen.query_one("#ak-items-box").display


async def test_long_lists_are_added_a_page_at_a_time(
    demo_store: Store, settings: Settings, monkeypatch: Any
) -> None:
    from kpu_tui.tui.screens import antrian_kantor

    monkeypatch.setattr(antrian_kantor, "PAGE", 4)
    make_work(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("g")
        await settle(pilot)
        table = screen.semua_table
        assert len(screen._semua) == 6 and table.row_count == 4 and table.has_more
        assert "dimuat 4" in text_of(screen, "#ak-summary")
        # Near the last rows the next page is added from memory.
        await pilot.press("down")
        await settle(pilot)
        assert table.row_count == 6 and not table.has_more
        assert "dimuat" not in text_of(screen, "#ak-summary")
        await pilot.press("end")
        await settle(pilot)
        # A reload keeps what was shown and the cursor's row.
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        await pilot.press("r")
        await settle(pilot)
        assert table.row_count == 6
        assert str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value) == key


async def test_a_kasubbag_without_a_unit_on_his_account_gets_his_positions_unit(
    demo_store: Store, settings: Settings, admin: Any
) -> None:
    from kpu_tui.models import Role
    from kpu_tui.services import users

    tpph_user = user_id(demo_store, "kasubbag.tpph")
    with demo_store.write() as session:
        view = users.get_user(session, tpph_user)
        users.update_user(
            session,
            actor=admin,
            user_id=tpph_user,
            form=users.UserForm(view.username, view.nama, view.roles, jabatan=view.jabatan),
        )
        users.create_user(
            session,
            actor=admin,
            form=users.UserForm(
                "kasubbag.baru", "Kasubbag Baru", (Role.KASUBBAG,), password=DEMO_PASSWORD
            ),
        )
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "kasubbag.tpph")
        tpph = unit_id(demo_store, "SUBBAG_TPPH")
        assert screen.locked and screen.unit_id == tpph
        assert text_of(screen, "#ak-scope").startswith("Unit Anda: Sub Bagian Teknis")
        with demo_store.read() as session:
            expected = antrian.per_orang(session, now=FIXED_NOW, unit_id=tpph)
        assert row_keys(screen.orang_table) == [row.pemegang.key for row in expected]
        assert f"user:{user_id(demo_store, 'staf')}" in row_keys(screen.orang_table)
    # Neither on the account nor through a position: nothing shown, and why.
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "kasubbag.baru")
        assert screen.locked and screen.unit_id is None
        assert screen.orang_table.row_count == 0
        assert "Unit Anda belum tercatat" in text_of(screen, "#ak-summary")
        await pilot.press("g")
        await settle(pilot)
        assert screen.semua_table.row_count == 0
