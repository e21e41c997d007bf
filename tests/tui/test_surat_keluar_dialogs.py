"""The dialogs of a surat keluar driven by the keyboard, each as the user who acts: the konseptor
submits (the chain shown), the Kasubbag gives his paraf, the Sekretaris returns the konsep with a
note, the konseptor resubmits, two parafs, the Ketua signs with the number previewed and given,
the petugas dispatches the two tujuan by different means and marks both tanda terima returned
(selesai); a cancellation with its reason; the sisipan choice only for a kasubbag or admin.

Letters are prepared through the services (``tests/keluar_helpers.py``); the dialogs are opened
through :class:`KeluarActions` on an app logged in as the acting user, and what they saved is
read back through the services.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from kpu_tui.config import Settings
from kpu_tui.models import CaraKirim, KeluarStatus, KirimStatus, NomorStatus, ParafStatus
from kpu_tui.services import ekspedisi, nomor_surat
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.surat_keluar_views import KeluarDetail
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.surat_keluar_actions import KeluarActions
from kpu_tui.tui.screens.surat_keluar_dialogs import NoteDialog
from kpu_tui.tui.screens.surat_keluar_ekspedisi_dialogs import DispatchDialog, ReceiptDialog
from kpu_tui.tui.screens.surat_keluar_form import KonsepFormScreen
from kpu_tui.tui.screens.surat_keluar_sign_dialog import SignDialog
from kpu_tui.tui.widgets.dialogs import ConfirmReason
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.pickers import Checklist

from ..keluar_helpers import actor_of, jabatan_ids, konsep, signed
from .helpers import FIXED_NOW, login, make_app, settle, type_text

SIZE = (110, 40)
S = TypeVar("S", bound=Screen[Any])
NOW = FIXED_NOW.astimezone(UTC)


@asynccontextmanager
async def logged_in(
    store: Store, settings: Settings, username: str
) -> AsyncIterator[tuple[KpuApp, Pilot[None], KeluarActions, list[int]]]:
    """An app logged in as ``username`` and its actions; the list collects ``after`` calls."""
    app = make_app(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, username, DEMO_PASSWORD)
        seen: list[int] = []
        yield app, pilot, KeluarActions(app, seen.append), seen


async def dialog(pilot: Pilot[None], kind: type[S]) -> S:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


def text_of(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def detail(store: Store, surat_id: int) -> KeluarDetail:
    with store.read() as session:
        return skr.get_detail(session, surat_id)


def notices(app: KpuApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_konsep_to_selesai_through_every_dialog(
    demo_store: Store, settings: Settings
) -> None:
    screen: Screen[Any]
    jab = jabatan_ids(demo_store)
    form = konsep(
        demo_store,
        penandatangan_jabatan_id=jab["KETUA"],
        paraf=(jab["KASUBBAG_TPPH"], jab["SEKRETARIS"]),
    )
    with demo_store.write() as session:
        surat_id = sk.create(session, actor=actor_of(demo_store, "staf"), form=form, now=NOW).id

    # The konseptor submits: the dialog names the chain, Enter confirms.
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.submit(surat_id)
        screen = await dialog(pilot, NoteDialog)
        said = text_of(screen, ".dialog-message")
        assert "1. Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum" in said
        assert "2. Sekretaris KPU Kabupaten/Kota" in said
        assert "lalu tanda tangan Ketua KPU Kabupaten/Kota (Hj. Maryam Abdullah)" in said
        await pilot.press("enter")
        await settle(pilot)
        assert seen == [surat_id]
    assert detail(demo_store, surat_id).row.status == KeluarStatus.PARAF

    # The Sekretaris may not jump the queue.
    async with logged_in(demo_store, settings, "sekretaris") as (app, pilot, actions, seen):
        actions.paraf(surat_id)
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
        assert any("menunggu Kepala Sub Bagian Teknis" in n for n in notices(app))

    # The Kasubbag gives his paraf with a note.
    async with logged_in(demo_store, settings, "kasubbag.tpph") as (app, pilot, actions, seen):
        actions.paraf(surat_id)
        await dialog(pilot, NoteDialog)
        await type_text(pilot, "Sudah sesuai data.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert seen == [surat_id]
    first = detail(demo_store, surat_id)
    assert [(p.status, p.catatan) for p in first.paraf] == [
        (ParafStatus.PARAF, "Sudah sesuai data."),
        (ParafStatus.MENUNGGU, ""),
    ]

    # The Sekretaris returns it: the note is required, and said at its field.
    async with logged_in(demo_store, settings, "sekretaris") as (app, pilot, actions, seen):
        actions.return_for_correction(surat_id)
        screen = await dialog(pilot, NoteDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#f-catatan", FormField).error == "Catatan wajib diisi."
        await type_text(pilot, "Tambahkan tenggat jawaban.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert seen == [surat_id]
    returned = detail(demo_store, surat_id)
    assert returned.row.status == KeluarStatus.DIKEMBALIKAN
    assert [p.status for p in returned.paraf] == [ParafStatus.PARAF, ParafStatus.DIKEMBALIKAN]

    # The konseptor revises and resubmits from the form.
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.edit(surat_id)
        form_screen = await dialog(pilot, KonsepFormScreen)
        assert "Tambahkan tenggat jawaban." in text_of(form_screen, "#skf-notes")
        await pilot.press("end")
        await type_text(pilot, " paling lambat 30 November")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert seen == [surat_id]
    assert detail(demo_store, surat_id).row.putaran == 2

    # Two parafs of the second round.
    for username in ("kasubbag.tpph", "sekretaris"):
        async with logged_in(demo_store, settings, username) as (app, pilot, actions, seen):
            actions.paraf(surat_id)
            await dialog(pilot, NoteDialog)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert seen == [surat_id]
    assert detail(demo_store, surat_id).row.status == KeluarStatus.TANDA_TANGAN

    # The Ketua signs: the number is shown before and given on saving.
    async with logged_in(demo_store, settings, "ketua") as (app, pilot, actions, seen):
        actions.sign(surat_id)
        screen = await dialog(pilot, SignDialog)
        assert not screen.query("#skd-sisipan")
        assert "Perkiraan nomor  1/PL.01.1-SD/6474/2026" in text_of(screen, "#skd-preview")
        assert "Sekretaris KPU Kabupaten/Kota" in text_of(screen, "#skd-letter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(screen, "#skd-nomor") == "Nomor surat 1/PL.01.1-SD/6474/2026"
        assert "Tanggal surat Senin, 23 November 2026" in text_of(screen, "#skd-summary")
        # The Ketua may store the signed scan but does not dispatch letters: only that is offered.
        assert screen.query("#skd-next-u") and not screen.query("#skd-next-d")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SignDialog)
        assert seen == [surat_id]
    letter = detail(demo_store, surat_id)
    assert (letter.row.status, letter.row.nomor_surat) == (
        KeluarStatus.TERBIT,
        "1/PL.01.1-SD/6474/2026",
    )

    # The petugas sends the letter by hand and the tembusan by email, then both receipts return.
    tujuan, tembusan = letter.tujuan
    async with logged_in(demo_store, settings, "petugas") as (app, pilot, actions, seen):
        actions.dispatch(surat_id)
        screen = await dialog(pilot, DispatchDialog)
        checklist = screen.query_one("#skd-tujuan", Checklist)
        assert checklist.selected == [tujuan.id, tembusan.id]  # all ticked
        assert screen.query_one("#skd-cara", Select).value == CaraKirim.ANTAR.value
        await pilot.press("shift+tab", "down", "space")  # to the list; untick the tembusan
        assert checklist.selected == [tujuan.id]
        await pilot.press("ctrl+s")
        await settle(pilot)
        actions.dispatch(surat_id)
        screen = await dialog(pilot, DispatchDialog)
        assert screen.query_one("#skd-tujuan", Checklist).selected == [tembusan.id]
        await pilot.press("enter", "down", "down", "down", "enter")  # surel (email)
        await pilot.press("tab", "tab")
        assert app.focused is screen.query_one("#skd-resi", Input)
        await type_text(pilot, "kpu-kaltim@kpu.go.id")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert detail(demo_store, surat_id).row.status == KeluarStatus.DIKIRIM
        for item, name in ((tujuan, "Andi Saputra"), (tembusan, "Sekretariat KPU Kaltim")):
            actions.receipt(item.id)
            await dialog(pilot, ReceiptDialog)
            await type_text(pilot, name)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert seen == [surat_id] * 4
        assert any("surat selesai" in n for n in notices(app))
    done = detail(demo_store, surat_id)
    assert done.row.status == KeluarStatus.SELESAI
    assert [(t.cara_kirim, t.nomor_resi, t.status, t.nama_penerima) for t in done.tujuan] == [
        (CaraKirim.ANTAR, "", KirimStatus.DITERIMA, "Andi Saputra"),
        (CaraKirim.EMAIL, "kpu-kaltim@kpu.go.id", KirimStatus.DITERIMA, "Sekretariat KPU Kaltim"),
    ]


async def test_dispatch_refusal_lands_at_its_field(demo_store: Store, settings: Settings) -> None:
    letter = signed(demo_store)
    async with logged_in(demo_store, settings, "petugas") as (app, pilot, actions, seen):
        actions.dispatch(letter.id)
        screen = await dialog(pilot, DispatchDialog)
        screen.query_one("#skd-tgl-kirim Input", Input).value = "24/11/2026"  # tomorrow
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#f-tanggal_kirim", FormField).error == (
            "Tanggal kirim tidak boleh sesudah hari ini."
        )
        checklist = screen.query_one("#skd-tujuan", Checklist)
        checklist.set_chosen([])
        screen.query_one("#skd-tgl-kirim Input", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#f-tujuan", FormField).error == "Pilih sedikitnya satu tujuan."
    assert seen == []


async def test_cancel_a_signed_letter_voids_its_number(
    demo_store: Store, settings: Settings
) -> None:
    letter = signed(demo_store)
    async with logged_in(demo_store, settings, "petugas") as (app, pilot, actions, seen):
        actions.cancel(letter.id)
        screen = await dialog(pilot, ConfirmReason)
        message = text_of(screen, ".dialog-message")
        assert f"Nomor {letter.nomor_surat} tetap tercatat di buku nomor sebagai BATAL" in message
        await pilot.press("enter")  # no reason yet
        await settle(pilot)
        assert app.screen is screen
        await type_text(pilot, "Salah tujuan, diganti surat baru.")
        await pilot.press("enter")
        await settle(pilot)
        assert seen == [letter.id]
    after = detail(demo_store, letter.id)
    assert after.row.status == KeluarStatus.BATAL
    assert after.row.alasan_batal == "Salah tujuan, diganti surat baru."
    assert [n.status for n in after.nomor] == [NomorStatus.BATAL]
    assert {t.status for t in after.tujuan} == {KirimStatus.BATAL}


async def test_sisipan_only_for_kasubbag_and_numbers_a_back_dated_letter(
    demo_store: Store, settings: Settings
) -> None:
    signed(demo_store, tanggal="19/11/2026")  # number 1
    signed(demo_store)  # number 2, dated today (23 November)
    staf = actor_of(demo_store, "staf")
    with demo_store.write() as session:
        # No paraf: the letter goes straight to the signature.
        late = sk.create(session, actor=staf, form=konsep(demo_store, paraf=()), now=NOW)
        sk.submit(session, actor=staf, surat_id=late.id, now=NOW)
    async with logged_in(demo_store, settings, "petugas") as (app, pilot, actions, seen):
        actions.sign(late.id)
        screen = await dialog(pilot, SignDialog)
        assert not screen.query("#skd-sisipan")
        assert "3/PL.01.1-SD/6474/2026" in text_of(screen, "#skd-preview")
        await pilot.press("end", *["backspace"] * 10)  # earlier than number 2's date
        await type_text(pilot, "20/11/2026")
        await settle(pilot)
        # A normal number may not run backwards: said as the date is typed, and on saving.
        error = screen.query_one("#f-tanggal", FormField).error
        assert error.startswith("Sudah ada nomor Naskah dinas dan korespondensi bertanggal")
        assert "sisipan (oleh kasubbag atau admin)" in error
        assert text_of(screen, "#skd-preview") == "Nomor belum dapat ditampilkan."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#f-tanggal", FormField).error == error
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, SignDialog)
    async with logged_in(demo_store, settings, "kasubbag.kul") as (app, pilot, actions, seen):
        actions.sign(late.id)
        screen = await dialog(pilot, SignDialog)
        assert screen.query("#skd-sisipan")
        await pilot.press("ctrl+s")  # not the signer: only a sisipan is hers to give
        await settle(pilot)
        assert "Surat ini ditandatangani oleh Sekretaris" in text_of(screen, "#form-error")
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, "20/11/2026")
        await pilot.press("tab", "space")  # tick Nomor sisipan
        await settle(pilot)
        assert text_of(screen, "#skd-preview").startswith(
            "Perkiraan nomor sisipan  1a/PL.01.1-SD/6474/2026"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(screen, "#skd-nomor") == "Nomor surat 1a/PL.01.1-SD/6474/2026"
        await pilot.press("escape")
        await settle(pilot)
        assert seen == [late.id]
    with demo_store.read() as session:
        row = skr.get_row(session, late.id)
        ledger = nomor_surat.list_nomor(session)
    assert (row.nomor_surat, str(row.tanggal_surat)) == ("1a/PL.01.1-SD/6474/2026", "2026-11-20")
    assert sorted(n.nomor_teks for n in ledger) == [
        "1/PL.01.1-SD/6474/2026",
        "1a/PL.01.1-SD/6474/2026",
        "2/PL.01.1-SD/6474/2026",
    ]


async def test_refusals_are_said_not_raised(demo_store: Store, settings: Settings) -> None:
    letter = signed(demo_store)
    with demo_store.read() as session:
        tujuan = ekspedisi.tujuan_of(session, letter.id)[0]
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.sign(letter.id)  # signed already
        actions.edit(letter.id)  # no longer a konsep
        actions.receipt(tujuan.id)  # not sent yet
        actions.cancel(letter.id)  # numbered: a staf may not cancel
        await settle(pilot)
        assert isinstance(app.screen, Screen) and not isinstance(
            app.screen, (SignDialog, KonsepFormScreen, ReceiptDialog, ConfirmReason)
        )
        said = notices(app)
        assert f"Surat {letter.nomor_surat} sudah ditandatangani." in said
        assert any(n.startswith("Surat ditandatangani: konsep hanya dapat diubah") for n in said)
        assert f"{tujuan.nama}: belum dikirim." in said
        assert any("tidak berwenang" in n for n in said)
    assert seen == []
