"""The Surat Keluar area driven by the pilot: the buku agenda (newest number first, paging,
the words of every state, batal struck through), the konsep & proses view, the quick search,
the filters of the bar and the dialog, "menunggu saya", the detail pane and the detail screen
(tujuan and their dispatch, paraf rounds, number history, files, the surat masuk answered), the
keys each role sees, and the replies shown on the surat masuk.

Each test works on its own copy of the demo office; the letters are taken through the services
with fixed times (``tests/keluar_helpers.py``), and every check looks at the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from kpu_tui.config import Settings
from kpu_tui.models import KeluarStatus
from kpu_tui.services import ekspedisi, surat_masuk
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.surat_keluar_views import KonsepForm, TujuanForm
from kpu_tui.services.surat_masuk import SuratMasukForm
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.keluar_print import KeluarPrintMenu
from kpu_tui.tui.screens.help import HelpScreen
from kpu_tui.tui.screens.surat_keluar import SuratKeluarScreen
from kpu_tui.tui.screens.surat_keluar_detail import BerkasList, KeluarDetailScreen, TujuanList
from kpu_tui.tui.screens.surat_keluar_dialogs import NoteDialog
from kpu_tui.tui.screens.surat_keluar_form import KonsepFormScreen
from kpu_tui.tui.screens.surat_keluar_sign_dialog import SignDialog
from kpu_tui.tui.screens.surat_masuk import SuratMasukScreen
from kpu_tui.tui.screens.surat_masuk_detail import ReplyList, SuratDetailScreen
from kpu_tui.tui.widgets.dialogs import ConfirmReason
from kpu_tui.tui.widgets.modal_form import FormDialog

from ..keluar_helpers import NOW, actor_of, at, dispatched, jabatan_ids, konsep, signed
from .helpers import login, make_app, settle
from .test_surat_masuk import column, plain, rows, text_of

SIZE = (140, 40)


# -- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letters:
    """The ids of the letters :func:`make_keluar` makes, one per state."""

    terbit: int
    dikirim: int
    selesai: int
    batal: int
    konsep: int
    paraf: int
    dikembalikan: int
    tanda_tangan: int
    masuk: int
    """The surat masuk the selesai letter answers."""


def make_keluar(store: Store) -> Letters:
    """Eight outgoing letters, one in every state (the clock is 23 Nov 2026 09.15 WITA): four
    numbered (1 terbit, 2 dikirim, 3 selesai answering a surat masuk, 4 batal) and four not yet
    signed."""
    petugas, staf = actor_of(store, "petugas"), actor_of(store, "staf")
    kasubbag = actor_of(store, "kasubbag.tpph")
    terbit = signed(store, now=at(2026, 11, 20, 10)).id
    dikirim = dispatched(
        store,
        now=at(2026, 11, 20, 11),
        perihal="Undangan rapat koordinasi pemutakhiran",
        jenis_naskah="Und",
    ).id
    with store.write() as s:
        masuk = surat_masuk.register(
            s,
            actor=petugas,
            form=SuratMasukForm(
                nomor_surat="005/PL.01/2026",
                asal="Bawaslu Kota Bontang",
                perihal="Permintaan data DPT",
                klasifikasi="PL.01",
            ),
            now=at(2026, 11, 19, 10),
        ).id
    selesai = dispatched(
        store,
        now=at(2026, 11, 20, 14),
        perihal="Penyampaian data DPT kepada Bawaslu",
        tujuan=(TujuanForm("Ketua Bawaslu Kota Bontang", "Jl. Bhayangkara"),),
        surat_masuk_id=masuk,
    ).id
    with store.write() as s:
        for tujuan in ekspedisi.tujuan_of(s, selesai):
            ekspedisi.receipt_returned(
                s, actor=petugas, tujuan_id=tujuan.id, nama_penerima="Andi", now=NOW
            )
    batal = signed(store, now=at(2026, 11, 21, 9), perihal="Surat yang salah tujuan").id
    with store.write() as s:
        sk.cancel(s, actor=petugas, surat_id=batal, alasan="salah tujuan", now=NOW)

    def draft(perihal: str, **changes: Any) -> int:
        with store.write() as s:
            return sk.create(
                s, actor=staf, form=konsep(store, perihal=perihal, **changes), now=NOW
            ).id

    def submit(surat_id: int) -> None:
        with store.write() as s:
            sk.submit(s, actor=staf, surat_id=surat_id, now=NOW)

    konsep_id = draft("Konsep pemberitahuan jadwal coklit")
    paraf = draft("Permohonan fasilitasi gedung rapat pleno")
    submit(paraf)
    dikembalikan = draft("Laporan pelaksanaan bimbingan teknis")
    submit(dikembalikan)
    with store.write() as s:
        sk.return_for_correction(
            s, actor=kasubbag, surat_id=dikembalikan, catatan="Perbaiki dasar hukum", now=NOW
        )
    tanda_tangan = draft("Pemberitahuan rapat pleno terbuka", paraf=())
    submit(tanda_tangan)
    return Letters(
        terbit, dikirim, selesai, batal, konsep_id, paraf, dikembalikan, tanda_tangan, masuk
    )


def nomor_of(store: Store, surat_id: int) -> str:
    with store.read() as s:
        return skr.get_row(s, surat_id).nomor_surat


# -- helpers -----------------------------------------------------------------------------------


async def open_area(pilot: Pilot[None], username: str = "petugas") -> SuratKeluarScreen:
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    app.open_area("surat-keluar")
    await settle(pilot)
    assert isinstance(app.screen, SuratKeluarScreen)
    return app.screen


async def highlight(pilot: Pilot[None], screen: SuratKeluarScreen, surat_id: int) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(str(surat_id)))
    await settle(pilot)


def footer_keys(app: KpuApp) -> dict[str, str]:
    """The keys the screen offers now (shown or dimmed), with their words."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show
    }


def enabled_keys(app: KpuApp) -> set[str]:
    """The keys the screen offers and that act now (not dimmed)."""
    return {key for key, active in app.screen.active_bindings.items() if active.enabled}


def keys_of(table: DataTable[Any]) -> list[int]:
    return [int(str(key.value)) for key in table.rows]


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


# -- the buku agenda ---------------------------------------------------------------------------


async def test_agenda_lists_numbered_letters_newest_first_with_the_words_of_each_state(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        table = screen.table
        assert keys_of(table) == [letters.batal, letters.selesai, letters.dikirim, letters.terbit]
        nomor = column(table, "nomor")
        assert nomor == [nomor_of(demo_store, i) for i in keys_of(table)]
        assert nomor[-1].startswith("1/PL.01.1-SD/") and nomor[-1].endswith("/2026")
        status = dict(zip(keys_of(table), column(table, "status"), strict=True))
        assert status == {
            letters.batal: "batal",
            letters.selesai: "selesai ✓",
            letters.dikirim: "dikirim, tanda terima belum kembali",
            letters.terbit: "belum dikirim",
        }
        assert column(table, "jenis")[2] == "Surat Undangan"
        assert set(column(table, "penandatangan")) == {"Sekretaris"}
        assert column(table, "tanggal")[0] == "21 Nov 2026"
        # batal stays listed, dim and struck through.
        cells = table.get_row(str(letters.batal))
        keys = [str(c.value) for c in table.columns]
        for key in ("nomor", "perihal", "status"):
            assert "strike" in str(cells[keys.index(key)].style)
        assert "4 surat" in text_of(screen, "#sk-summary")
        # The highlighted letter below the list: fields, tujuan, paraf, number, timeline.
        await highlight(pilot, screen, letters.dikirim)
        detail = text_of(screen, "#sk-detail")
        assert "Surat keluar 2/PL.01.1-Und/" in detail
        assert "Undangan rapat koordinasi pemutakhiran" in detail
        assert "Kepada Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang" in detail
        assert "dikirim antar langsung 20 Nov 2026 oleh Sekar Ayu Lestari" in detail
        assert "tanda terima belum kembali" in detail
        assert "Putaran 1" in detail and "paraf ✓" in detail
        assert "Riwayat nomor" in detail and "terpakai" in detail
        assert "Riwayat SOP 9.13" in detail
        assert "Perhatian: Pindaian surat bertanda tangan belum diarsipkan." in detail
        await highlight(pilot, screen, letters.batal)
        detail = text_of(screen, "#sk-detail")
        assert "Dibatalkan" in detail and "salah tujuan" in detail and "BATAL" in detail


async def test_the_register_pages_from_sql(app: KpuApp, demo_store: Store) -> None:
    petugas = actor_of(demo_store, "petugas")
    jab = jabatan_ids(demo_store)
    with demo_store.write() as s:
        for n in range(230):
            sk.record_signed(
                s,
                actor=petugas,
                form=KonsepForm(
                    perihal=f"Surat ke-{n + 1}",
                    jenis_naskah="SD",
                    klasifikasi="PL.01",
                    tujuan=(TujuanForm(f"Tujuan {n + 1}"),),
                    penandatangan_jabatan_id=jab["SEKRETARIS"],
                ),
                tanggal=at(2026, 11, 2 + n // 20).date(),
                now=NOW,
            )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        table = screen.table
        assert table.row_count == 100 and table.has_more
        assert column(table, "perihal")[:2] == ["Surat ke-230", "Surat ke-229"]
        assert "230 surat · dimuat 100" in text_of(screen, "#sk-summary")
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == 200
        await pilot.press("end")
        await settle(pilot)
        perihal = column(table, "perihal")
        assert len(perihal) == 230 and not table.has_more
        assert perihal[-1] == "Surat ke-1"
        assert len(set(perihal)) == 230
        assert "dimuat" not in text_of(screen, "#sk-summary")
        # O turns the order: oldest first, paging the other way.
        await pilot.press("O")
        await settle(pilot)
        assert column(table, "perihal")[:2] == ["Surat ke-1", "Surat ke-2"]
        assert "terlama dulu" in text_of(screen, "#sk-summary")


async def test_quick_search_goes_through_the_index(app: KpuApp, demo_store: Store) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#sk-cari", Input)
        await pilot.press(*"bawaslu")
        await pilot.pause(0.5)
        assert keys_of(screen.table) == [letters.selesai]
        assert text_of(screen, "#sk-summary").startswith("1 surat")
        await pilot.press("enter")
        assert screen.focused is screen.table
        # by number
        nomor = nomor_of(demo_store, letters.dikirim)
        await pilot.press("slash", "ctrl+u", *nomor.split("/")[1], "enter")
        await settle(pilot)
        assert keys_of(screen.table) == [letters.dikirim]
        # the konsep view searches its own letters
        await pilot.press("slash", "ctrl+u", *"pleno", "enter")
        await settle(pilot)
        assert keys_of(screen.table) == []
        await pilot.press("g")
        await settle(pilot)
        assert set(keys_of(screen.table)) == {letters.paraf, letters.tanda_tangan}


async def test_filters_of_the_bar_and_the_dialog(app: KpuApp, demo_store: Store) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        status = screen.query_one("#sk-status", Select)
        status.value = "batal"
        await settle(pilot)
        assert keys_of(screen.table) == [letters.batal]
        status.value = "terbit"
        await settle(pilot)
        assert keys_of(screen.table) == [letters.terbit]
        status.clear()
        screen.query_one("#sk-bulan", Select).value = 10
        await settle(pilot)
        assert screen.table.row_count == 0
        assert "Tidak ada surat yang cocok" in text_of(screen, "#sk-detail")
        screen.query_one("#sk-bulan", Select).value = 11
        await settle(pilot)
        assert screen.table.row_count == 4
        # f goes to the bar; f again opens the other filters.
        await pilot.press("f")
        assert screen.focused is screen.query_one("#sk-tahun", Select)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert not dialog.query("#in-menunggu")  # the petugas holds no position
        dialog.query_one("#in-dari", Input).value = "22/11/2026"
        dialog.query_one("#in-sampai", Input).value = "21/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # the end before the start
        dialog.query_one("#in-dari", Input).value = "20/11/2026"
        dialog.query_one("#in-sampai", Input).value = "hari ini"
        dialog.query_one("#in-jenis", Select).value = "Und"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert keys_of(screen.table) == [letters.dikirim]
        summary = text_of(screen, "#sk-summary")
        assert "20 Nov 2026 s.d. 23 Nov 2026" in summary and "jenis Und" in summary
        await pilot.press("F")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        for key in ("dari", "sampai"):
            dialog.query_one(f"#in-{key}", Input).value = ""
        dialog.query_one("#in-jenis", Select).clear()
        dialog.query_one("#in-klasifikasi", Input).value = "pl.01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.table.row_count == 4  # PL.01.1 is under PL.01
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#in-klasifikasi", Input).value = "PP.01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.table.row_count == 0


async def test_view_switch_shows_the_konsep_and_whose_action_they_await(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        screen.query_one("#sk-status", Select).value = "selesai"
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert screen.view == "konsep"
        assert screen.query_one("#sk-view", Select).value == "konsep"
        table = screen.table
        assert [str(c.value) for c in table.columns] == [
            "dibuat",
            "perihal",
            "tujuan",
            "status",
            "konseptor",
        ]
        # "dalam proses" by default: the konsep not yet signed, newest first.
        assert keys_of(table) == [
            letters.tanda_tangan,
            letters.dikembalikan,
            letters.paraf,
            letters.konsep,
        ]
        status = dict(zip(keys_of(table), column(table, "status"), strict=True))
        assert status == {
            letters.tanda_tangan: "menunggu tanda tangan Sekretaris",
            letters.dikembalikan: "dikembalikan untuk perbaikan",
            letters.paraf: "menunggu paraf Kasubbag TPP dan Hukum",
            letters.konsep: "konsep, belum diajukan",
        }
        assert set(column(table, "konseptor")) == {"Dewi Kartika Sari"}
        assert column(table, "dibuat")[0] == "23 Nov 2026"
        await highlight(pilot, screen, letters.dikembalikan)
        detail = text_of(screen, "#sk-detail")
        assert "Surat keluar konsep · dikembalikan untuk perbaikan" in detail
        assert "dikembalikan" in detail and "“Perbaiki dasar hukum”" in detail
        assert "Belum bernomor" in detail
        # The status choices are the konsep's; batal konsep are listed under batal.
        status_select = screen.query_one("#sk-status", Select)
        assert status_select.value == "proses"
        status_select.value = "batal"
        await settle(pilot)
        assert table.row_count == 0
        # Back to the buku agenda: its own filters come back.
        await pilot.press("g")
        await settle(pilot)
        assert screen.view == "agenda"
        assert screen.query_one("#sk-status", Select).value == "selesai"
        assert keys_of(screen.table) == [letters.selesai]
        assert "nomor" in [str(c.value) for c in screen.table.columns]


async def test_menunggu_saya_lists_what_awaits_the_users_position(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "kasubbag.tpph")
        assert "m" in footer_keys(app)
        await pilot.press("m")
        await settle(pilot)
        assert screen.view == "konsep"
        assert keys_of(screen.table) == [letters.paraf]
        assert "menunggu Kepala Sub Bagian Teknis" in text_of(screen, "#sk-summary")
        # The reviewer sees p and b on the letter awaiting his paraf.
        keys = enabled_keys(app)
        assert {"p", "b"} <= keys and "s" not in keys
        await pilot.press("m")
        await settle(pilot)
        assert letters.konsep in keys_of(screen.table)
        # In the dialog the position is offered by name.
        await pilot.press("F")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        choice = dialog.query_one("#in-menunggu", Select)
        choice.value = jabatan_ids(demo_store)["KASUBBAG_TPPH"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert keys_of(screen.table) == [letters.paraf]


async def test_the_petugas_has_no_menunggu_saya(app: KpuApp, demo_store: Store) -> None:
    make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        assert "m" not in footer_keys(app)


# -- keys by role and state --------------------------------------------------------------------


async def test_keys_follow_the_letters_state(app: KpuApp, demo_store: Store) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await highlight(pilot, screen, letters.terbit)
        keys = enabled_keys(app)
        assert {"d", "x", "u", "c", "n"} <= keys
        assert not {"e", "a", "t"} & keys
        await highlight(pilot, screen, letters.dikirim)
        keys = enabled_keys(app)
        assert "t" in keys and "d" not in keys, sorted(keys)
        await highlight(pilot, screen, letters.batal)
        keys = enabled_keys(app)
        assert not {"x", "u", "d", "t"} & keys
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.konsep)
        assert {"e", "a", "x"} <= enabled_keys(app)
        # The petugas records paper parafs and signatures.
        await highlight(pilot, screen, letters.paraf)
        assert {"p", "b"} <= enabled_keys(app)
        await highlight(pilot, screen, letters.tanda_tangan)
        assert {"s", "b"} <= enabled_keys(app)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = rows(app.screen.query_one("#help-table", DataTable))
        for key, words in (("n", "Konsep baru"), ("s", "Tanda tangan"), ("g", "Tampilan")):
            assert [key, words] in listed


async def test_pimpinan_sees_no_dispatch_and_only_their_own_signature(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "ketua")
        await highlight(pilot, screen, letters.terbit)
        keys = footer_keys(app)
        assert "d" not in keys and "t" not in keys
        assert "x" not in keys  # a numbered letter is cancelled by petugas or kasubbag
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.tanda_tangan)  # the Sekretaris signs it
        assert "s" not in footer_keys(app)
        await highlight(pilot, screen, letters.konsep)  # drafted by the staf
        assert not {"e", "a", "x"} & set(footer_keys(app))
    async with make_app(demo_store, app.settings).run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "sekretaris")
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.tanda_tangan)
        assert "s" in enabled_keys(pilot.app)  # type: ignore[arg-type]


async def test_every_role_of_the_office_sees_the_area(
    demo_store: Store, settings: Settings
) -> None:
    for username in ("petugas", "ketua", "kasubbag.tpph", "staf", "admin"):
        async with make_app(demo_store, settings).run_test(size=SIZE) as pilot:
            await pilot.pause()
            await login(pilot, username, DEMO_PASSWORD)
            assert "surat-keluar" in [m for m, _ in pilot.app.nav_entries()]  # type: ignore[attr-defined]
    async with make_app(demo_store, settings).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "ppid", DEMO_PASSWORD)
        assert "surat-keluar" not in [m for m, _ in pilot.app.nav_entries()]  # type: ignore[attr-defined]


# -- the detail screen -------------------------------------------------------------------------


async def test_enter_opens_the_letter_in_full(app: KpuApp, demo_store: Store) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await highlight(pilot, screen, letters.selesai)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, KeluarDetailScreen)
        nomor = nomor_of(demo_store, letters.selesai)
        assert text_of(detail, "#kd-title") == f"Surat keluar {nomor} · selesai ✓"
        letter = text_of(detail, "#kd-letter")
        assert "Penyampaian data DPT kepada Bawaslu" in letter
        assert "Balasan atas surat masuk 0001/2026 dari Bawaslu Kota Bontang" in letter
        assert "Sekretaris KPU Kabupaten/Kota" in letter
        tujuan = detail.query_one(TujuanList)
        labels = [plain(tujuan.get_option_at_index(i).prompt) for i in range(tujuan.option_count)]
        assert len(labels) == 1
        assert "Kepada Ketua Bawaslu Kota Bontang, Jl. Bhayangkara" in labels[0]
        assert "tanda terima kembali 23 Nov 09.00, diterima Andi ✓" in labels[0]
        assert "1 tujuan: 0 belum dikirim" in text_of(detail, "#kd-tujuan-title")
        paraf = text_of(detail, "#kd-paraf")
        assert "Putaran 1" in paraf
        assert "1. Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum" in paraf
        assert "paraf ✓ 20 Nov 14.00" in paraf
        assert f"{nomor} · tanggal 20 Nov 2026 · terpakai" in text_of(detail, "#kd-nomor")
        assert "Belum ada berkas" in plain(
            detail.query_one(BerkasList).get_option_at_index(0).prompt
        )
        timeline = text_of(detail, "#kd-timeline")
        assert "Riwayat SOP 9.13" in timeline
        # m opens the surat masuk it answers, which lists this letter as its reply.
        await pilot.press("m")
        await settle(pilot)
        masuk = app.screen
        assert isinstance(masuk, SuratDetailScreen)
        replies = masuk.query_one(ReplyList)
        assert replies.option_count == 1
        reply = plain(replies.get_option_at_index(0).prompt)
        assert nomor in reply and "selesai ✓" in reply and "Penyampaian data DPT" in reply
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_the_detail_shows_every_paraf_round_and_a_voided_number(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    staf, kasubbag = actor_of(demo_store, "staf"), actor_of(demo_store, "kasubbag.tpph")
    with demo_store.write() as s:
        sk.submit(s, actor=staf, surat_id=letters.dikembalikan, now=NOW)
    with demo_store.write() as s:
        sk.paraf(s, actor=kasubbag, surat_id=letters.dikembalikan, catatan="Sudah", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        screen.open_letter(letters.dikembalikan)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, KeluarDetailScreen)
        assert "menunggu tanda tangan" in text_of(detail, "#kd-title")
        paraf = text_of(detail, "#kd-paraf")
        assert paraf.index("Putaran 1") < paraf.index("Putaran 2")
        assert "dikembalikan 23 Nov 09.00" in paraf and "“Perbaiki dasar hukum”" in paraf
        assert "“Sudah”" in paraf
        await pilot.press("escape")
        await settle(pilot)
        screen.open_letter(letters.batal)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, KeluarDetailScreen)
        assert text_of(detail, "#kd-title").endswith("· batal")
        nomor = text_of(detail, "#kd-nomor")
        assert "BATAL" in nomor and "salah tujuan" in nomor
        tujuan = detail.query_one(TujuanList)
        label = plain(tujuan.get_option_at_index(0).prompt)
        assert "batal: Surat dibatalkan." in label
        assert not {"x", "d", "u"} & enabled_keys(app)


async def test_t_in_the_register_asks_for_the_tujuan_when_several_wait(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await highlight(pilot, screen, letters.dikirim)  # a tujuan and a tembusan were sent
        await pilot.press("t")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, KeluarDetailScreen)
        assert detail.focused is detail.query_one(TujuanList)
        assert isinstance(detail.focused, OptionList)


async def test_detail_pane_collapses_at_80x24(app: KpuApp, demo_store: Store) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area(pilot)
        columns = [str(c.value) for c in screen.table.columns]
        assert columns[0] == "nomor" and "perihal" in columns and "status" in columns
        assert "jenis" not in columns
        await highlight(pilot, screen, letters.dikirim)
        short = screen.query_one("#sk-detail-short", Static)
        assert short.display
        assert "Undangan rapat koordinasi" in plain(short.content)


# -- the keys act ------------------------------------------------------------------------------


async def test_paraf_then_signature_move_the_letter_into_the_buku_agenda(
    demo_store: Store, settings: Settings
) -> None:
    letters = make_keluar(demo_store)
    async with make_app(demo_store, settings).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, KpuApp)
        screen = await open_area(pilot, "kasubbag.tpph")
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.paraf)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Sudah sesuai", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.current() is not None and screen.current().id == letters.paraf  # type: ignore[union-attr]
        status = dict(zip(keys_of(screen.table), column(screen.table, "status"), strict=True))
        assert status[letters.paraf] == "menunggu tanda tangan Sekretaris"
        assert "“Sudah sesuai”" in text_of(screen, "#sk-detail")
        assert "p" not in footer_keys(app)  # nothing more awaits this reviewer
    async with make_app(demo_store, settings).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, KpuApp)
        screen = await open_area(pilot, "sekretaris")
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.paraf)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SignDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # the signed panel: done
        await settle(pilot)
        assert app.screen is screen
        # The letter now has its number: the register shows it in the buku agenda.
        assert screen.view == "agenda"
        nomor = nomor_of(demo_store, letters.paraf)
        assert nomor.startswith("5/PL.01.1-SD/")
        assert screen.current() is not None and screen.current().id == letters.paraf  # type: ignore[union-attr]
        assert column(screen.table, "nomor")[0] == nomor
        assert f"Surat keluar {nomor} · belum dikirim" in text_of(screen, "#sk-detail")


async def test_x_cancels_a_konsep_and_it_stays_listed_struck_through(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("g")
        await settle(pilot)
        await highlight(pilot, screen, letters.konsep)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await pilot.press(*"tidak jadi dikirim", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        with demo_store.read() as s:
            assert skr.get_row(s, letters.konsep).status == KeluarStatus.BATAL
        # "dalam proses" no longer lists it; "batal" does, struck through.
        assert letters.konsep not in keys_of(screen.table)
        screen.query_one("#sk-status", Select).value = "batal"
        await settle(pilot)
        assert keys_of(screen.table) == [letters.konsep]
        cells = screen.table.get_row(str(letters.konsep))
        assert all("strike" in str(c.style) for c in cells[1:4])


async def test_surat_masuk_shows_its_replies_and_r_drafts_one(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await login(pilot, "staf", DEMO_PASSWORD)
        app.open_area("surat-masuk")
        await settle(pilot)
        register = app.screen
        assert isinstance(register, SuratMasukScreen)
        register.open_letter(letters.masuk)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SuratDetailScreen)
        assert "Surat keluar balasan (1)" in text_of(detail, "#sd-replies-title")
        assert "r" in enabled_keys(app)
        # Enter on the reply opens it in full.
        detail.query_one(ReplyList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeluarDetailScreen)
        assert app.screen.surat_id == letters.selesai
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail
        # r opens the konsep form prefilled as the reply.
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, KonsepFormScreen)
        assert text_of(form, "#skf-notes").startswith(
            "Balasan atas surat masuk 0001/2026 dari Bawaslu Kota Bontang"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail
        assert "Surat keluar balasan (1)" in text_of(detail, "#sd-replies-title")


async def test_c_offers_the_letters_papers_and_the_books_of_the_period_on_screen(
    app: KpuApp, demo_store: Store
) -> None:
    letters = make_keluar(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        screen.query_one("#sk-bulan", Select).value = 10
        await settle(pilot)
        await pilot.press("c")  # no letter in October: the books of October only
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, KeluarPrintMenu)
        choices = menu.query_one(OptionList)
        labels = [plain(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert labels[0] == "Buku agenda surat keluar (1 Okt 2026 s.d. 31 Okt 2026)"
        await pilot.press("escape")
        await settle(pilot)
        screen.query_one("#sk-bulan", Select).value = 11
        await settle(pilot)
        await highlight(pilot, screen, letters.terbit)
        await pilot.press("c")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, KeluarPrintMenu)
        choices = menu.query_one(OptionList)
        labels = [plain(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        nomor = nomor_of(demo_store, letters.terbit)
        assert labels[:3] == [
            f"Tanda terima pengiriman surat {nomor}",
            f"Lembar kendali surat {nomor}",
            "Buku agenda surat keluar (1 Nov 2026 s.d. 30 Nov 2026)",
        ]
