"""Antrian Saya driven by the pilot: the order and the words of the queue, opening an unread
disposisi (it becomes read, its sender can no longer cancel it), the triage keys (a, t, d, u),
marking several items and acting on all of them in one transaction (or none), the keys that do
not apply, the filter, and paging a long queue.

The Kasubbag TPPH's queue is built through the services with fixed times
(``tests/services/test_antrian_aksi.make_queue``); the app's clock is fixed at Monday 23
November 2026, 09.15 WITA.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable

from kpu_tui.config import Settings
from kpu_tui.models import (
    DisposisiPenerima,
    JournalEvent,
    PenerimaStatus,
    SuratKeluarBerkas,
)
from kpu_tui.services import disposisi as dp
from kpu_tui.services import procedure
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.antrian import AntrianScreen
from kpu_tui.tui.screens.antrian_dialogs import TeruskanBanyakDialog
from kpu_tui.tui.screens.disposisi_dialogs import DisposisiDialog
from kpu_tui.tui.screens.prosedur_views import RunScreen
from kpu_tui.tui.screens.surat_masuk_detail import SuratDetailScreen
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.modal_form import FormDialog

from ..services.test_antrian_aksi import NOW, Queue, make_queue
from ..services.test_surat_masuk import actor_of, at, jabatan_ids, letter
from .helpers import login, make_app, settle, type_text
from .test_surat_masuk import column, notifications, text_of

SIZE = (150, 45)


@pytest.fixture
def queue(demo_store: Store) -> Queue:
    return make_queue(demo_store)


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


async def open_queue(pilot: Pilot[None], username: str = "kasubbag.tpph") -> AntrianScreen:
    """Log in, close the login notice of overdue work, open Antrian Saya."""
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    app = pilot.app
    assert isinstance(app, KpuApp)
    if not isinstance(app.screen, AntrianScreen) and app.screen.is_modal:
        await pilot.press("escape")
        await settle(pilot)
    app.open_area("antrian")
    await settle(pilot)
    assert isinstance(app.screen, AntrianScreen)
    return app.screen


async def highlight(pilot: Pilot[None], screen: AntrianScreen, key: str) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(key))
    await settle(pilot)


def keys(table: DataTable[Any]) -> list[str]:
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


def status_of(store: Store, penerima_id: int) -> PenerimaStatus:
    with store.read() as s:
        row = s.get(DisposisiPenerima, penerima_id)
        assert row is not None
        return PenerimaStatus(row.status)


def events(store: Store, action: str) -> list[JournalEvent]:
    with store.read() as s:
        return list(s.exec(select(JournalEvent).where(JournalEvent.action == action)).all())


def field_error(app: KpuApp, key: str) -> str:
    return app.screen.query_one(f"#f-{key}", FormField).error


# -- the queue ---------------------------------------------------------------------------------


async def test_overdue_first_with_how_late_then_today_then_soon(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        p = queue.penerima
        assert keys(screen.table) == [
            f"disposisi:{p['lama']}",
            f"disposisi_baru:{p['baru']}",
            f"langkah:{queue.run_id}",
            f"disposisi_baru:{p['hari_ini']}",
            f"disposisi_baru:{p['nanti']}",
            f"paraf:{queue.konsep_id}",
        ]
        assert column(screen.table, "tenggat") == [
            "lewat 4 hari kerja",
            "lewat 3 hari kerja",
            "hari ini 09.45",
            "hari ini 16.00",
            "Rab 25 Nov",
            "—  sejak 20 Nov",
        ]
        assert column(screen.table, "jenis")[:3] == [
            "Belum ditindaklanjuti",
            "Disposisi baru",
            "Langkah SOP",
        ]
        late = screen.table.get_cell(f"disposisi:{p['lama']}", "tenggat")
        assert "red" in str(late.style)
        summary = text_of(screen, "#aq-summary")
        assert summary == "6 item · 2 terlambat · 2 hari ini · 1 segera"
        detail = text_of(screen, "#aq-detail")
        assert "Instruksi        Catatan lama" in detail
        assert (
            "Tenggat          Selasa, 17 November 2026 pukul 16.00 · lewat 4 hari kerja" in detail
        )
        await pilot.press("j")
        await settle(pilot)
        assert "Perihal surat baru" in text_of(screen, "#aq-detail")


async def test_enter_on_an_unread_disposisi_reads_it_and_ends_the_right_to_cancel(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await highlight(pilot, screen, f"disposisi_baru:{queue.penerima['baru']}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SuratDetailScreen)
        assert app.screen.surat_id == queue.surat["baru"]
        assert status_of(demo_store, queue.penerima["baru"]) == PenerimaStatus.DIBACA
        ketua = actor_of(demo_store, "ketua")
        with pytest.raises(ServiceError, match="sudah dibaca"), demo_store.write() as s:
            dp.cancel(s, actor=ketua, disposisi_id=queue.hop["baru"], alasan="keliru", now=NOW)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        # The same item, now read: the cursor stays on it.
        key = f"disposisi:{queue.penerima['baru']}"
        assert keys(screen.table)[screen.table.cursor_row] == key
        assert screen.table.get_cell(key, "jenis").plain == "Belum ditindaklanjuti"


async def test_a_marks_read_and_a_key_that_does_not_apply_says_so(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await highlight(pilot, screen, f"paraf:{queue.konsep_id}")
        await pilot.press("a")
        await settle(pilot)
        assert any(
            "Tandai dibaca hanya untuk disposisi. Tidak berlaku: konsep" in n
            for n in notifications(app)
        )
        await highlight(pilot, screen, f"disposisi_baru:{queue.penerima['hari_ini']}")
        await pilot.press("a")
        await settle(pilot)
        assert status_of(demo_store, queue.penerima["hari_ini"]) == PenerimaStatus.DIBACA
        assert "1 disposisi ditandai dibaca." in notifications(app)
        assert keys(screen.table)[screen.table.cursor_row] == (
            f"disposisi:{queue.penerima['hari_ini']}"
        )


async def test_t_records_the_tindak_lanjut_with_a_note(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("t")  # the first row: the overdue disposisi already read
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "tindak_lanjut") == "Tindak lanjut wajib diisi."
        await type_text(pilot, "Data sudah dikirim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert status_of(demo_store, queue.penerima["lama"]) == PenerimaStatus.SELESAI
        assert any(n.startswith("1 disposisi ditandai selesai.") for n in notifications(app))
        assert f"disposisi:{queue.penerima['lama']}" not in keys(screen.table)
        assert screen.table.cursor_row == 0  # near where it was


async def test_d_passes_the_disposisi_on(app: KpuApp, demo_store: Store, queue: Queue) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await highlight(pilot, screen, f"disposisi_baru:{queue.penerima['nanti']}")
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DisposisiDialog)
        assert dialog.induk_penerima_id == queue.penerima["nanti"]
        await type_text(pilot, "sekretaris kpu")
        await pilot.press("down", "space", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert status_of(demo_store, queue.penerima["nanti"]) == PenerimaStatus.DITERUSKAN
        assert f"disposisi_baru:{queue.penerima['nanti']}" not in keys(screen.table)
        assert len(events(demo_store, "teruskan")) == 1


async def test_u_attaches_a_file_and_says_at_the_field_when_it_is_missing(
    app: KpuApp, demo_store: Store, queue: Queue, tmp_path: Path
) -> None:
    missing = tmp_path / "tidak-ada.pdf"
    draft = tmp_path / "draf-balasan.pdf"
    draft.write_bytes(b"%PDF-1.4\n%%EOF\n")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await highlight(pilot, screen, f"paraf:{queue.konsep_id}")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, str(missing))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "berkas") == f"Berkas tidak ditemukan: {missing}"
        await pilot.press("ctrl+u")
        await type_text(pilot, str(draft))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "1 surat keluar diberi lampiran draf-balasan.pdf." in notifications(app)
    with demo_store.read() as s:
        stored = s.exec(select(SuratKeluarBerkas)).all()
        assert [(b.surat_id, b.nama) for b in stored] == [(queue.konsep_id, "draf-balasan.pdf")]


# -- several at once ---------------------------------------------------------------------------


async def test_space_marks_three_and_t_completes_all_of_them_in_one_go(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    p = queue.penerima
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("space", "space")  # lama, baru; the cursor moves down each time
        await highlight(pilot, screen, f"disposisi_baru:{p['hari_ini']}")
        await pilot.press("space")
        await settle(pilot)
        assert column(screen.table, "mark")[:4] == ["●", "●", " ", "●"]
        assert text_of(screen, "#aq-summary").startswith("6 item · 3 ditandai · 2 terlambat")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "Tindak lanjut · 3 item sekaligus" in text_of(app.screen, ".dialog-title")
        await type_text(pilot, "Dibahas dalam rapat koordinasi")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert any(n.startswith("3 disposisi ditandai selesai.") for n in notifications(app))
        assert "ditandai" not in text_of(screen, "#aq-summary")
        assert keys(screen.table) == [
            f"langkah:{queue.run_id}",
            f"disposisi_baru:{p['nanti']}",
            f"paraf:{queue.konsep_id}",
        ]
    assert len(events(demo_store, "tindak_lanjut")) == 3
    for name in ("lama", "baru", "hari_ini"):
        assert status_of(demo_store, p[name]) == PenerimaStatus.SELESAI


async def test_a_bulk_action_writes_nothing_when_one_item_fails(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    p = queue.penerima
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("space", "space", "space")  # lama, baru, and the SOP step
        await pilot.press("t")
        await settle(pilot)
        # Meanwhile the petugas cancels the second letter.
        petugas = actor_of(demo_store, "petugas")
        with demo_store.write() as s:
            sm.cancel(s, actor=petugas, surat_id=queue.surat["baru"], alasan="ganda", now=NOW)
            agenda = sm.get_row(s, queue.surat["baru"]).agenda_teks
        await type_text(pilot, "Selesai")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # still open, the note kept
        error = text_of(app.screen, "#form-error")
        assert error.startswith(f"{agenda} (Disposisi baru): disposisi untuk")
        assert "sudah batal" in error
        await pilot.press("escape", "y")
        await settle(pilot)
        assert app.screen is screen
        assert "· 2 ditandai ·" in text_of(screen, "#aq-summary")  # the cancelled one left
    assert events(demo_store, "tindak_lanjut") == []
    with demo_store.read() as s:
        assert procedure.get_run(s, queue.run_id).langkah_kini == 1
    assert status_of(demo_store, p["lama"]) == PenerimaStatus.DIBACA


async def test_d_passes_several_on_with_one_form_and_star_marks_all(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    p = queue.penerima
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        assert set(column(screen.table, "mark")) == {"●"}
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen  # the paraf and the SOP step cannot be passed on
        assert any(
            "Teruskan hanya untuk disposisi dan surat yang perlu disposisi" in n
            for n in notifications(app)
        )
        await pilot.press("asterisk")  # all marked: the second press clears them
        await settle(pilot)
        assert set(column(screen.table, "mark")) == {" "}
        await highlight(pilot, screen, f"disposisi_baru:{p['hari_ini']}")
        await pilot.press("space")
        await highlight(pilot, screen, f"disposisi_baru:{p['nanti']}")
        await pilot.press("space", "d")
        await settle(pilot)
        assert isinstance(app.screen, TeruskanBanyakDialog)
        assert "Teruskan disposisi · 2 surat sekaligus" in text_of(app.screen, ".dialog-title")
        await type_text(pilot, "sekretaris kpu")
        await pilot.press("down", "space", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "2 disposisi diteruskan." in notifications(app)
    assert len(events(demo_store, "teruskan")) == 2
    assert status_of(demo_store, p["hari_ini"]) == PenerimaStatus.DITERUSKAN
    assert status_of(demo_store, p["nanti"]) == PenerimaStatus.DITERUSKAN


async def test_the_filter_shows_only_overdue(app: KpuApp, queue: Queue) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab", "space", "ctrl+s")  # past the kinds, tick "hanya terlambat"
        await settle(pilot)
        assert app.screen is screen
        assert len(keys(screen.table)) == 2
        assert text_of(screen, "#aq-summary") == "2 item · 2 terlambat · 0 hari ini · 0 segera"
        assert "hanya terlambat" in text_of(screen, "#aq-filter-words")


async def test_a_long_queue_is_added_a_page_at_a_time(
    app: KpuApp, demo_store: Store, queue: Queue
) -> None:
    petugas = actor_of(demo_store, "petugas")
    jab = jabatan_ids(demo_store)
    with demo_store.write() as s:
        for n in range(250):
            row = sm.register(
                s,
                actor=petugas,
                form=letter(nomor_surat=f"{n}/X/2026", perihal=f"Surat {n}"),
                now=at(2026, 11, 23, 8),
            )
            dp.give(
                s,
                actor=petugas,
                surat_id=row.id,
                form=dp.DisposisiForm(
                    penerima=(dp.Tujuan(jabatan_id=jab["KASUBBAG_TPPH"]),),
                    dari_jabatan_id=jab["KETUA"],
                    instruksi=("ditindaklanjuti",),
                ),
                now=at(2026, 11, 23, 8, 30),
            )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot)
        assert screen.table.row_count == 200 and screen.table.has_more
        assert "256 item" in text_of(screen, "#aq-summary")
        assert "dimuat 200" in text_of(screen, "#aq-summary")
        await pilot.press("end")
        await settle(pilot)
        assert screen.table.row_count == 256 and not screen.table.has_more


async def test_enter_and_a_decision_step_open_the_run(
    app: KpuApp, demo_store: Store, admin: Actor, queue: Queue
) -> None:
    with demo_store.write() as s:
        run = procedure.start_run(s, actor=admin, sop_id="9.1", judul="SK PPK", now=NOW)
        for _ in range(7):  # to step 8: "ditetapkan Rapat Pleno tanpa koreksi?" (ya/tidak)
            procedure.complete_step(s, actor=admin, run_id=run.id, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, "ketua")
        await highlight(pilot, screen, f"langkah:{run.id}")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen) and app.screen.run_id == run.id
        assert any("keputusan (ya/tidak)" in n for n in notifications(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
