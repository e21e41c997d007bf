"""The Surat Masuk area driven by the pilot: the register (newest first, paging, search,
filters, sort, the words of every state), cancelling and filing without disposisi, the detail
screen with its disposisi tree (pass on, tindak lanjut, withdraw, mark read, reading by
opening), scans, printing, and who sees the area.

Each test works on its own copy of the demo office; the letters are registered here through the
services with fixed times, and every check looks at the screen and at the database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from rich.text import Text
from sqlmodel import select
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from kpu_tui.config import Settings
from kpu_tui.models import Jabatan, PenerimaStatus, SuratStatus, User, UserRole
from kpu_tui.services import disposisi, surat_masuk
from kpu_tui.services.actor import Actor, actor_from
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.disposisi import DisposisiForm, Tujuan
from kpu_tui.services.surat_masuk import SuratMasukForm
from kpu_tui.store import Store
from kpu_tui.tui import surat_print, system_open
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.disposisi_dialogs import (
    AddScanDialog,
    DisposisiDialog,
    TindakLanjutDialog,
)
from kpu_tui.tui.screens.help import HelpScreen
from kpu_tui.tui.screens.surat_masuk import SuratMasukScreen
from kpu_tui.tui.screens.surat_masuk_detail import DisposisiTree, ScanList, SuratDetailScreen
from kpu_tui.tui.screens.surat_masuk_form import SuratMasukFormScreen
from kpu_tui.tui.widgets.dialogs import ConfirmReason
from kpu_tui.tui.widgets.modal_form import FormDialog

from .helpers import login, make_app, settle

SIZE = (120, 36)
WITA = ZoneInfo("Asia/Makassar")


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of November 2026 in office time (WITA), as the UTC instant services store."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WITA).astimezone(UTC)


# -- data --------------------------------------------------------------------------------------


def actor(store: Store, username: str) -> Actor:
    """The demo user as an actor."""
    with store.read() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        roles = session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all()
        return actor_from(user.id, user.nama, roles)


def jabatan(store: Store) -> dict[str, int]:
    """The demo positions by kode."""
    with store.read() as session:
        return {j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id is not None}


@dataclass(frozen=True)
class Letters:
    """The ids of the letters :func:`make_letters` registers, one per state."""

    overdue: int
    today: int
    later: int
    done: int
    batal: int
    baru: int
    arsip: int
    overdue_penerima: int
    """The Sekretaris' row of the overdue letter's disposisi (not read yet)."""


def register(store: Store, petugas: Actor, day: int, **fields: Any) -> int:
    """Register a letter received on ``day`` November 2026 at 10.00."""
    with store.write() as session:
        return surat_masuk.register(
            session, actor=petugas, form=SuratMasukForm(**fields), now=at(day)
        ).id


def give(
    store: Store, recorder: Actor, surat_id: int, day: int, batas: str, **jab: int
) -> disposisi.HopView:
    """The Ketua's disposisi to the Sekretaris, entered by ``recorder`` on ``day``."""
    with store.write() as session:
        return disposisi.give(
            session,
            actor=recorder,
            surat_id=surat_id,
            form=DisposisiForm(
                dari_jabatan_id=jab["ketua"],
                penerima=(Tujuan(jabatan_id=jab["sekretaris"]),),
                instruksi=("ditindaklanjuti",),
                catatan="Segera",
                batas_waktu=batas,
            ),
            now=at(day, 11),
        )


def make_letters(store: Store) -> Letters:
    """Seven letters, one in every state, with fixed times (the clock is 23 Nov 2026 09.15)."""
    petugas = actor(store, "petugas")
    jab = jabatan(store)
    people = {"ketua": jab["KETUA"], "sekretaris": jab["SEKRETARIS"]}
    overdue = register(
        store,
        petugas,
        16,
        nomor_surat="045/PL.01/XI/2026",
        asal="Bawaslu Kota Bontang",
        perihal="Undangan rapat koordinasi pengawasan tahapan",
        derajat="segera",
        klasifikasi="PL.01",
        tujuan_jabatan_id=jab["KETUA"],
    )
    hop = give(store, petugas, overdue, 17, "19/11/2026", **people)
    today = register(
        store,
        petugas,
        18,
        nomor_surat="270/1120/Pem",
        asal="Pemerintah Kota Bontang",
        perihal="Permohonan data pemilih pemula",
        klasifikasi="PL.02",
    )
    give(store, petugas, today, 20, "23/11/2026", **people)
    later = register(
        store,
        petugas,
        19,
        nomor_surat="B/112/XI/2026",
        asal="Polres Bontang",
        perihal="Pengamanan gudang logistik",
        sifat="rahasia",
    )
    give(store, petugas, later, 20, "26/11/2026", **people)
    done = register(
        store,
        petugas,
        20,
        nomor_surat="800/77/BKPSDM",
        asal="BKPSDM Kota Bontang",
        perihal="Usulan kenaikan pangkat",
    )
    done_hop = give(store, petugas, done, 20, "25/11/2026", **people)
    with store.write() as session:
        disposisi.complete(
            session,
            actor=actor(store, "sekretaris"),
            penerima_id=done_hop.penerima[0].id,
            tindak_lanjut="Berkas usulan dikirim ke KPU Provinsi",
            now=at(20, 14),
        )
    batal = register(
        store,
        petugas,
        20,
        nomor_surat="045/PL.01/XI/2026-b",
        asal="Bawaslu Kota Bontang",
        perihal="Salinan undangan yang tercatat dua kali",
    )
    with store.write() as session:
        surat_masuk.cancel(
            session, actor=petugas, surat_id=batal, alasan="tercatat ganda", now=at(20, 15)
        )
    baru = register(
        store,
        petugas,
        23,
        nomor_surat="012/KPU-Prov/XI/2026",
        asal="KPU Provinsi Kalimantan Timur",
        perihal="Jadwal bimbingan teknis PPK",
        klasifikasi="PL.01.1",
    )
    arsip = register(
        store,
        petugas,
        23,
        nomor_surat="-",
        asal="Polres Bontang",
        perihal="Tembusan laporan kegiatan",
    )
    with store.write() as session:
        disposisi.file_without(
            session, actor=petugas, surat_id=arsip, alasan="hanya tembusan", now=at(23, 9)
        )
    return Letters(overdue, today, later, done, batal, baru, arsip, hop.penerima[0].id)


# -- helpers -----------------------------------------------------------------------------------


def plain(renderable: object) -> str:
    """The plain text of a Static's content, whatever it holds."""
    if isinstance(renderable, str | Text | Content):
        return str(renderable.plain if isinstance(renderable, Text | Content) else renderable)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def text_of(screen: object, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


def rows(table: DataTable[Any]) -> list[list[str]]:
    """Every row's cells as plain text."""
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def column(table: DataTable[Any], key: str) -> list[str]:
    """One column's cells as plain text."""
    index = [str(c.value) for c in table.columns].index(key)
    return [r[index] for r in rows(table)]


def notifications(app: KpuApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_register(pilot: Pilot[None], username: str = "petugas") -> SuratMasukScreen:
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    app.open_area("surat-masuk")
    await settle(pilot)
    assert isinstance(app.screen, SuratMasukScreen)
    return app.screen


async def highlight(pilot: Pilot[None], screen: SuratMasukScreen, surat_id: int) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(str(surat_id)))
    await settle(pilot)


def row_of(store: Store, surat_id: int) -> surat_masuk.SuratRow:
    with store.read() as session:
        return surat_masuk.get_row(session, surat_id)


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


# -- the register ------------------------------------------------------------------------------


async def test_register_lists_newest_first_and_pages_on_scrolling(
    app: KpuApp, demo_store: Store
) -> None:
    petugas = actor(demo_store, "petugas")
    with demo_store.write() as session:
        for n in range(250):
            surat_masuk.register(
                session,
                actor=petugas,
                form=SuratMasukForm(
                    nomor_surat=f"{n:03d}/UND/2026", asal=f"Pengirim {n}", perihal=f"Surat ke-{n}"
                ),
                now=at(2 + n // 20),
            )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        table = screen.table
        agenda = column(table, "agenda")
        assert len(agenda) == 100 and table.has_more
        assert agenda[:3] == ["0250/2026", "0249/2026", "0248/2026"]
        assert "250 surat · dimuat 100" in text_of(screen, "#sm-summary")
        await pilot.press("end")  # the cursor near the end asks for the next page
        await settle(pilot)
        assert table.row_count == 200
        await pilot.press("end")
        await settle(pilot)
        agenda = column(table, "agenda")
        assert len(agenda) == 250 and not table.has_more
        assert agenda[-1] == "0001/2026"
        assert agenda == sorted(agenda, reverse=True)
        assert "dimuat" not in text_of(screen, "#sm-summary")


async def test_states_show_their_words_and_batal_stays_listed(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        table = screen.table
        status = dict(zip(column(table, "agenda"), column(table, "status"), strict=True))
        assert status == {
            "0007/2026": "diarsipkan",
            "0006/2026": "belum disposisi",
            "0005/2026": "batal",
            "0004/2026": "selesai ✓",
            "0003/2026": "dalam proses",
            "0002/2026": "hari ini",
            "0001/2026": "lewat 2 hari kerja",  # due Thu 19 Nov: Fri 20 and Mon 23 have passed
        }
        tenggat = dict(zip(column(table, "agenda"), column(table, "tenggat"), strict=True))
        assert tenggat["0003/2026"] == "26 Nov 2026" and tenggat["0004/2026"] == "–"
        cells = {key: table.get_row(str(getattr(letters, key))) for key in ("overdue", "batal")}
        index = [str(c.value) for c in table.columns].index("status")
        assert "red" in str(cells["overdue"][index].style)
        assert "strike" in str(cells["batal"][index].style)
        perihal = [str(c.value) for c in table.columns].index("perihal")
        assert "strike" in str(cells["batal"][perihal].style)
        # The highlighted letter below the list: fields, disposisi, timeline.
        await highlight(pilot, screen, letters.overdue)
        detail = text_of(screen, "#sm-detail")
        assert "Surat masuk 0001/2026 · lewat 2 hari kerja" in detail
        assert "Dari Ketua KPU Kabupaten/Kota" in detail
        assert "Kepada Sekretaris KPU Kabupaten/Kota (utama) · belum dibaca" in detail
        assert "Riwayat SOP 9.14" in detail
        # j and k move like the arrows; F1 lists the keys in Indonesian.
        await pilot.press("k")
        await settle(pilot)
        assert screen.current() is not None and screen.current().id == letters.today  # type: ignore[union-attr]
        await pilot.press("j")
        await settle(pilot)
        assert screen.current() is not None and screen.current().id == letters.overdue  # type: ignore[union-attr]
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = rows(app.screen.query_one("#help-table", DataTable))
        for key, words in (("n", "Baru"), ("x", "Batal"), ("a", "Arsipkan tanpa disposisi")):
            assert [key, words] in keys


async def test_search_waits_for_typing_and_narrows(app: KpuApp, demo_store: Store) -> None:
    make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#sm-cari", Input)
        await pilot.press(*"polres")
        await pilot.pause()
        assert screen.table.row_count == 7  # not yet: the search waits for a pause
        await pilot.pause(0.5)
        assert column(screen.table, "agenda") == ["0007/2026", "0003/2026"]
        assert text_of(screen, "#sm-summary").startswith("2 surat")
        await pilot.press("enter")
        assert screen.focused is screen.table
        await pilot.press("slash", "ctrl+u", *"0004", "enter")
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0004/2026"]


async def test_filters_of_the_bar_and_the_dialog(app: KpuApp, demo_store: Store) -> None:
    make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        status = screen.query_one("#sm-status", Select)
        status.value = "terlambat"
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0001/2026"]
        status.value = "proses"
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0003/2026", "0002/2026", "0001/2026"]
        status.clear()
        screen.query_one("#sm-sifat", Select).value = "rahasia"
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0003/2026"]
        screen.query_one("#sm-sifat", Select).clear()
        screen.query_one("#sm-bulan", Select).value = 10
        await settle(pilot)
        assert screen.table.row_count == 0
        assert "Tidak ada surat yang cocok" in text_of(screen, "#sm-detail")
        screen.query_one("#sm-bulan", Select).value = 11
        await settle(pilot)
        assert screen.table.row_count == 7
        # f goes to the bar; f again opens the other filters.
        await pilot.press("f")
        assert screen.focused is screen.query_one("#sm-tahun", Select)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#in-dari", Input).value = "19/11/2026"
        dialog.query_one("#in-sampai", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # no such day
        dialog.query_one("#in-sampai", Input).value = "23/11/2026"
        dialog.query_one("#in-klasifikasi", Input).value = "pl.01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert column(screen.table, "agenda") == ["0006/2026"]  # PL.01.1 is under PL.01
        summary = text_of(screen, "#sm-summary")
        assert "19 Nov 2026 s.d. 23 Nov 2026" in summary and "klasifikasi PL.01" in summary
        await pilot.press("F")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        for key in ("dari", "sampai", "klasifikasi"):
            dialog.query_one(f"#in-{key}", Input).value = ""
        dialog.query_one("#in-asal", Input).value = "bawaslu"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0005/2026", "0001/2026"]


async def test_sort_by_tanggal_and_direction(app: KpuApp, demo_store: Store) -> None:
    petugas = actor(demo_store, "petugas")
    # Registered out of order: the third letter arrived first (a letter found late).
    register(demo_store, petugas, 20, nomor_surat="1", asal="A", perihal="Pertama")
    register(demo_store, petugas, 23, nomor_surat="2", asal="B", perihal="Kedua")
    with demo_store.write() as session:
        surat_masuk.register(
            session,
            actor=petugas,
            form=SuratMasukForm(
                nomor_surat="3", asal="C", perihal="Ketiga", tanggal_terima="16/11/2026"
            ),
            now=at(23, 8),
        )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        assert column(screen.table, "agenda") == ["0003/2026", "0002/2026", "0001/2026"]
        await pilot.press("o")
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0002/2026", "0001/2026", "0003/2026"]
        assert "urut tanggal terima, terbaru dulu" in text_of(screen, "#sm-summary")
        await pilot.press("O")
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0003/2026", "0001/2026", "0002/2026"]
        await pilot.press("o")
        await settle(pilot)
        assert column(screen.table, "agenda") == ["0001/2026", "0002/2026", "0003/2026"]
        assert "urut nomor agenda, terlama dulu" in text_of(screen, "#sm-summary")


async def test_columns_give_way_at_80_columns(app: KpuApp, demo_store: Store) -> None:
    make_letters(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_register(pilot)
        keys = [str(c.value) for c in screen.table.columns]
        assert keys == ["agenda", "perihal", "status"]
        assert "lewat 2 hari kerja" in column(screen.table, "status")
        assert screen.query_one("#sm-tahun", Select).prompt == "Tahun"
        assert "Enter: rincian" in text_of(screen, "#sm-detail-short")
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        keys = [str(c.value) for c in screen.table.columns]
        assert keys == [
            "agenda",
            "tanggal",
            "asal",
            "perihal",
            "nomor",
            "sifat",
            "status",
            "tenggat",
        ]
        await pilot.press("v")
        assert not screen.query_one("#sm-detail-box").display


# -- writing from the register -----------------------------------------------------------------


async def test_x_cancels_with_a_reason_and_the_row_stays(app: KpuApp, demo_store: Store) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await highlight(pilot, screen, letters.baru)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)  # the reason is mandatory
        assert text_of(app.screen, "#reason-error") == "Alasan wajib diisi."
        await pilot.press(*"surat salah alamat", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert row_of(demo_store, letters.baru).status == SuratStatus.BATAL
        assert screen.table.row_count == 7
        assert (
            dict(zip(column(screen.table, "agenda"), column(screen.table, "status"), strict=True))[
                "0006/2026"
            ]
            == "batal"
        )
        # Cancelling it again is refused with the reason, no dialog.
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen
        assert "Surat 0006/2026 sudah batal." in notifications(app)


async def test_a_files_without_disposisi_and_refuses_a_disposed_letter(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await highlight(pilot, screen, letters.later)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
        assert any("hanya surat yang belum didisposisikan" in m for m in notifications(app))
        await highlight(pilot, screen, letters.baru)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press(*"undangan sudah lewat", "enter")
        await settle(pilot)
        assert row_of(demo_store, letters.baru).status == SuratStatus.DIARSIPKAN
        assert "diarsipkan" in column(screen.table, "status")[1]


async def test_s_records_the_handover_and_says_when_none_waits(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await highlight(pilot, screen, letters.baru)
        await pilot.press("s")
        await settle(pilot)
        assert "Surat diserahkan kepada pimpinan." in notifications(app)
        await pilot.press("s")
        await settle(pilot)
        assert "Tidak ada penyerahan surat yang menunggu dicatat." in notifications(app)


async def test_keys_open_the_form_and_the_disposisi_dialog(app: KpuApp, demo_store: Store) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SuratMasukFormScreen) and app.screen.surat_id is None
        app.screen.dismiss(None)
        await settle(pilot)
        await highlight(pilot, screen, letters.today)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, SuratMasukFormScreen)
        assert app.screen.surat_id == letters.today
        app.screen.dismiss(None)
        await settle(pilot)
        # d on a letter without disposisi: the first disposisi.
        await highlight(pilot, screen, letters.baru)
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DisposisiDialog)
        assert (dialog.surat_id, dialog.induk_penerima_id) == (letters.baru, None)
        dialog.dismiss(False)
        await settle(pilot)
        # d on a letter in process: its tree, to choose the recipient to pass on from.
        await highlight(pilot, screen, letters.today)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        assert app.screen.focused is app.screen.query_one(DisposisiTree)
        await pilot.press("escape")
        await settle(pilot)
        # d on a closed letter is refused in words.
        await highlight(pilot, screen, letters.done)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        assert "Surat 0004/2026 sudah selesai; tidak dapat didisposisikan." in notifications(app)


async def test_registering_shows_the_new_letter(app: KpuApp, demo_store: Store) -> None:
    make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SuratMasukFormScreen)
        petugas = actor(demo_store, "petugas")
        new_id = register(demo_store, petugas, 23, nomor_surat="9", asal="X", perihal="Baru")
        form.dismiss(new_id)  # what the form does after saving
        await settle(pilot)
        assert column(screen.table, "agenda")[0] == "0008/2026"
        assert screen.current() is not None and screen.current().id == new_id  # type: ignore[union-attr]


# -- the detail screen -------------------------------------------------------------------------


def tree_labels(screen: SuratDetailScreen) -> list[str]:
    tree = screen.query_one(DisposisiTree)
    out = []
    stack = [tree.root]
    while stack:
        node = stack.pop(0)
        out.append(str(node.label))
        stack[0:0] = list(node.children)
    return out


async def open_detail(
    pilot: Pilot[None], screen: SuratMasukScreen, surat_id: int
) -> SuratDetailScreen:
    await highlight(pilot, screen, surat_id)
    await pilot.press("enter")
    await settle(pilot)
    detail = pilot.app.screen
    assert isinstance(detail, SuratDetailScreen)
    return detail


async def test_enter_opens_the_letter_with_its_tree_and_timeline(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        detail = await open_detail(pilot, screen, letters.done)
        assert text_of(detail, "#sd-title") == "Surat masuk 0004/2026 · selesai ✓"
        labels = tree_labels(detail)
        assert labels[0] == "Surat 0004/2026"
        assert labels[1].startswith("Dari Ketua KPU Kabupaten/Kota · 20 Nov 11.00")
        assert labels[2].startswith("Kepada Sekretaris KPU Kabupaten/Kota (utama) · selesai ✓")
        assert "Berkas usulan dikirim ke KPU Provinsi" in labels[2]
        timeline = text_of(detail, "#sd-timeline")
        assert "Riwayat SOP 9.14" in timeline and "Berkas usulan dikirim" in timeline
        # Petugas is no recipient: opening marks nothing.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        detail = await open_detail(pilot, screen, letters.overdue)
        assert "belum dibaca" in tree_labels(detail)[2]


async def test_the_recipient_opening_the_letter_reads_it(app: KpuApp, demo_store: Store) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot, "sekretaris")
        detail = await open_detail(pilot, screen, letters.overdue)
        assert "dibaca 23 Nov 09.15" in tree_labels(detail)[2]
        with demo_store.read() as session:
            hop = disposisi.tree(session, letters.overdue)[0]
        assert hop.penerima[0].status == PenerimaStatus.DIBACA
        assert any("tercatat dibaca" in m for m in notifications(app))


async def test_detail_keys_act_on_the_tree_row(app: KpuApp, demo_store: Store) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        detail = await open_detail(pilot, screen, letters.overdue)
        tree = detail.query_one(DisposisiTree)
        # The cursor starts on the open recipient row.
        node = detail.node()
        assert node.penerima is not None and node.penerima.id == letters.overdue_penerima
        # d there passes the letter on from that row.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DisposisiDialog)
        assert app.screen.induk_penerima_id == letters.overdue_penerima
        app.screen.dismiss(False)
        await settle(pilot)
        # t opens the tindak lanjut of that row.
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TindakLanjutDialog)
        assert app.screen.penerima_id == letters.overdue_penerima
        app.screen.dismiss(False)
        await settle(pilot)
        # b withdraws the hop while nobody has read it (on the hop row).
        tree.move_cursor(tree.root.children[0])
        await settle(pilot)
        assert detail.check_action("cancel_hop", ()) is True
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press(*"salah pejabat", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        labels = tree_labels(detail)
        assert "batal: salah pejabat" in labels[1]
        assert row_of(demo_store, letters.overdue).status == SuratStatus.BELUM_DISPOSISI
        # d on the root records a new first disposisi.
        tree.move_cursor(tree.root)
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DisposisiDialog)
        assert app.screen.induk_penerima_id is None


async def test_mark_read_then_tindak_lanjut_closes_the_letter(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        detail = await open_detail(pilot, screen, letters.overdue)
        await pilot.press("m")
        await settle(pilot)
        assert "dibaca 23 Nov 09.15" in tree_labels(detail)[2]
        # Read: the hop can no longer be withdrawn, b is not offered.
        tree = detail.query_one(DisposisiTree)
        tree.move_cursor(tree.root.children[0])
        await settle(pilot)
        assert detail.check_action("cancel_hop", ()) is False
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        tree.move_cursor(tree.root.children[0].children[0])
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TindakLanjutDialog)
        dialog.query_one("#tl-text", TextArea).text = "Rapat dihadiri Sekretaris"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        assert text_of(detail, "#sd-title") == "Surat masuk 0001/2026 · selesai ✓"
        assert row_of(demo_store, letters.overdue).status == SuratStatus.SELESAI
        await pilot.press("escape")
        await settle(pilot)
        status = dict(
            zip(column(screen.table, "agenda"), column(screen.table, "status"), strict=True)
        )
        assert status["0001/2026"] == "selesai ✓"


async def test_scans_open_verified_and_are_withdrawn_with_a_reason(
    app: KpuApp, demo_store: Store, settings: Settings, tmp_path: Path, monkeypatch: Any
) -> None:
    letters = make_letters(demo_store)
    scan = tmp_path / "pindaian.pdf"
    scan.write_bytes(b"%PDF-1.4\n% surat\n")
    with demo_store.write() as session:
        stored = surat_masuk.add_scans(
            session,
            actor=actor(demo_store, "petugas"),
            surat_id=letters.today,
            paths=[str(scan)],
            attachment_dir=settings.attachment_dir,
        )[0]
    opened: list[Path] = []

    def fake_open(path: Path | str) -> str | None:
        opened.append(Path(path))
        return None

    monkeypatch.setattr(system_open, "open_with_system", fake_open)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        detail = await open_detail(pilot, screen, letters.today)
        scans = detail.query_one(ScanList)
        scans.focus()
        scans.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert len(opened) == 1 and opened[0].read_bytes() == scan.read_bytes()
        # The stored file altered: it is refused in words, the viewer is not started.
        opened[0].write_bytes(b"diubah")
        await pilot.press("o")
        await settle(pilot)
        assert len(opened) == 1
        assert any("telah berubah sejak disimpan" in m for m in notifications(app))
        # u adds scans through the dialog; x withdraws the highlighted one.
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, AddScanDialog) and app.screen.surat_id == letters.today
        app.screen.dismiss(False)
        await settle(pilot)
        scans.focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press(*"salah berkas", "ctrl+s")
        await settle(pilot)
        with demo_store.read() as session:
            berkas = surat_masuk.get_detail(session, letters.today).berkas
        assert [(b.id, b.aktif, b.alasan_batal) for b in berkas] == [
            (stored.id, False, "salah berkas")
        ]
        assert "ditarik: salah berkas" in str(scans.get_option_at_index(0).prompt)


# -- printing ----------------------------------------------------------------------------------


async def test_p_prints_the_lembar_disposisi_and_the_buku_agenda(
    app: KpuApp, demo_store: Store, settings: Settings, monkeypatch: Any
) -> None:
    letters = make_letters(demo_store)
    opened: list[Path] = []

    def fake_open(path: Path | str) -> str | None:
        opened.append(Path(path))
        return None

    monkeypatch.setattr(system_open, "open_with_system", fake_open)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await highlight(pilot, screen, letters.overdue)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, surat_print.PrintMenu)
        await pilot.press("enter")  # the first choice: lembar disposisi
        await app.workers.wait_for_complete()
        await settle(pilot)
        target = settings.home / "cetak" / "lembar-disposisi-0001-2026.pdf"
        assert target.read_bytes().startswith(b"%PDF")
        assert opened == [target]
        assert any(m.startswith(f"PDF ditulis: {target}") for m in notifications(app))
        # The buku agenda of the month on screen (the filters say November 2026).
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        period = app.screen
        assert isinstance(period, FormDialog)
        assert period.query_one("#in-dari", Input).value == "01/11/2026"
        assert period.query_one("#in-sampai", Input).value == "30/11/2026"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        agenda = settings.home / "cetak" / "buku-agenda-masuk-2026-11-01_2026-11-30.pdf"
        assert agenda.read_bytes().startswith(b"%PDF")
        assert opened[-1] == agenda
        assert not list((settings.home / "cetak").glob(".*.tmp"))


async def test_a_failed_print_is_said_in_words(
    app: KpuApp, demo_store: Store, settings: Settings, monkeypatch: Any
) -> None:
    letters = make_letters(demo_store)
    settings.home.joinpath("cetak").write_text("bukan folder")  # the folder cannot be made
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await highlight(pilot, screen, letters.overdue)
        worker = surat_print.print_letter(screen, "kartu-kendali", letters.overdue)
        await worker.wait()
        await settle(pilot)
        assert worker.result is None
        assert any(
            m.startswith("Gagal mencetak: Berkas tidak dapat ditulis") for m in notifications(app)
        )


# -- who sees what -----------------------------------------------------------------------------


async def test_only_the_roles_that_receive_letters_see_the_area(
    demo_store: Store, settings: Settings
) -> None:
    for username, sees in (("wbs", False), ("teknis", False), ("staf", True), ("ketua", True)):
        app = make_app(demo_store, settings)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await login(pilot, username, DEMO_PASSWORD)
            modes = [mode for mode, _ in app.nav_entries()]
            assert ("surat-masuk" in modes) is sees, username
            if sees:
                # The registers follow Beranda and the queues.
                assert modes.index("surat-masuk") == modes.index("antrian") + 1 + (
                    "antrian-kantor" in modes
                )


async def test_staf_does_not_get_the_petugas_keys(app: KpuApp, demo_store: Store) -> None:
    letters = make_letters(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot, "staf")
        await highlight(pilot, screen, letters.baru)
        for action in ("new", "correct", "cancel", "hand_over", "file_without"):
            assert screen.check_action(action, ()) is False, action
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen
        assert row_of(demo_store, letters.baru).status == SuratStatus.BELUM_DISPOSISI
        assert screen.check_action("disposisi", ()) is True  # a recipient passes letters on


# -- pure parts --------------------------------------------------------------------------------


def test_open_with_system_explains_instead_of_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "tidak-ada.pdf"
    assert system_open.open_with_system(missing) == f"Berkas tidak ditemukan: {missing}"
    present = tmp_path / "ada.pdf"
    present.write_bytes(b"%PDF")
    monkeypatch.setattr(system_open.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    message = system_open.open_with_system(present)
    assert message is not None and str(present) in message and "tampilan grafis" in message
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(system_open.shutil, "which", lambda _: None)
    message = system_open.open_with_system(present)
    assert message is not None and "xdg-open" in message
    started: list[list[str]] = []
    monkeypatch.setattr(system_open.shutil, "which", lambda _: "/usr/bin/xdg-open")
    monkeypatch.setattr(system_open, "_spawn", started.append)
    assert system_open.open_with_system(present) is None
    assert started == [["/usr/bin/xdg-open", str(present)]]


def test_print_helpers() -> None:
    assert surat_print.slug("0012/2026") == "0012-2026"
    assert surat_print.slug("KPU/0012 / 2026") == "KPU-0012---2026"
    assert surat_print.month_of(date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert surat_print.month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
