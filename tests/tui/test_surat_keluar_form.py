"""The konsep form of a surat keluar driven by the keyboard only: a konsep with two tujuan (one a
tembusan) and a two-step paraf chain, the chain's keys, errors at their fields, the reply to a
surat masuk saved and submitted at once ("Simpan & ajukan"), a returned konsep revised and
resubmitted, the letter recorded on a reserved number, and Esc asking before throwing typing
away.

Each test works on its own copy of the demo office; the form is opened through
:class:`KeluarActions` on a logged-in app and what was saved is read back through the services.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from kpu_tui.config import Settings
from kpu_tui.models import KeluarStatus, KirimStatus, NomorStatus
from kpu_tui.services import nomor_surat
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.surat_keluar_actions import KeluarActions
from kpu_tui.tui.screens.surat_keluar_form import KonsepFormScreen
from kpu_tui.tui.screens.surat_keluar_konsep_dialogs import (
    ParafChain,
    PickJabatanDialog,
    TujuanRows,
)
from kpu_tui.tui.widgets.dialogs import ConfirmDiscard
from kpu_tui.tui.widgets.form import FormField

from ..keluar_helpers import actor_of, jabatan_ids, konsep
from .helpers import FIXED_NOW, login, make_app, settle, type_text

SIZE = (110, 44)
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


async def form_of(pilot: Pilot[None]) -> KonsepFormScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, KonsepFormScreen)
    return screen


def error_at(screen: KonsepFormScreen, key: str) -> str:
    return screen.query_one(f"#f-{key}", FormField).error


def chain_of(screen: KonsepFormScreen) -> tuple[int, ...]:
    return screen.query_one("#skf-paraf", ParafChain).value


async def test_konsep_with_two_tujuan_a_tembusan_and_two_paraf(
    demo_store: Store, settings: Settings
) -> None:
    jab = jabatan_ids(demo_store)
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.new()
        screen = await form_of(pilot)
        # A blank konsep: a surat dinas signed by the Sekretaris, the staf's unit pengolah and
        # its head's paraf.
        assert app.focused is screen.query_one("#skf-jenis_naskah", Select)
        assert screen.query_one("#skf-jenis_naskah", Select).value == "SD"
        assert chain_of(screen) == (jab["KASUBBAG_TPPH"],)
        await pilot.press("tab")
        await type_text(pilot, "PL.01.1")
        await pilot.press("enter")  # picks the highlighted match and moves on
        await type_text(pilot, "Permohonan data pemilih pemula")
        await pilot.press("enter", "tab")  # past sifat (biasa) to lampiran
        await type_text(pilot, "1 berkas")
        await pilot.press("enter")
        assert isinstance(app.focused, Input) and app.focused.has_class("tj-nama")
        await type_text(pilot, "Kepala Dinas Kependudukan Kota Bontang")
        await pilot.press("enter")
        await type_text(pilot, "Jl. Awang Long No. 1")
        await pilot.press("enter")  # to the Tembusan box of the row
        assert isinstance(app.focused, Checkbox)
        await pilot.press("ctrl+n")  # a second row, typing starts in its name
        await type_text(pilot, "Ketua KPU Provinsi Kalimantan Timur")
        await pilot.press("tab", "tab", "space")  # tembusan
        await pilot.press("tab")
        assert app.focused is screen.query_one("#skf-penandatangan_jabatan_id", Select)
        await pilot.press("enter", "home", "down", "enter")  # the Ketua signs
        await settle(pilot)
        # Signed by the Ketua: the usual chain is the unit's head, then the Sekretaris.
        assert chain_of(screen) == (jab["KASUBBAG_TPPH"], jab["SEKRETARIS"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, KonsepFormScreen)
    assert len(seen) == 1
    with demo_store.read() as session:
        detail = skr.get_detail(session, seen[0])
        plan = skr.form_of(session, seen[0]).paraf
    row = detail.row
    assert row.status == KeluarStatus.KONSEP
    assert (row.perihal, row.klasifikasi, row.lampiran) == (
        "Permohonan data pemilih pemula",
        "PL.01.1",
        "1 berkas",
    )
    assert row.penandatangan_jabatan == "Ketua KPU Kabupaten/Kota"
    assert [(t.nama, t.alamat, t.tembusan) for t in detail.tujuan] == [
        ("Kepala Dinas Kependudukan Kota Bontang", "Jl. Awang Long No. 1", False),
        ("Ketua KPU Provinsi Kalimantan Timur", "", True),
    ]
    assert plan == (jab["KASUBBAG_TPPH"], jab["SEKRETARIS"])
    assert row.konseptor_nama == "Dewi Kartika Sari"


async def test_paraf_chain_and_tujuan_rows_by_keys(demo_store: Store, settings: Settings) -> None:
    jab = jabatan_ids(demo_store)
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, _):
        actions.new()
        screen = await form_of(pilot)
        chain = screen.query_one("#skf-paraf", ParafChain)
        chain.items.focus()
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickJabatanDialog)
        options = picker.query_one("#pick-list", OptionList)
        # The signer (Sekretaris) and the reviewer already in the chain are not offered.
        offered = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert str(jab["SEKRETARIS"]) not in offered
        assert str(jab["KASUBBAG_TPPH"]) not in offered
        await pilot.press("shift+tab")
        await type_text(pilot, "keuangan")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert chain_of(screen) == (jab["KASUBBAG_TPPH"], jab["KASUBBAG_KUL"])
        await pilot.press("shift+up")  # the added reviewer first
        assert chain_of(screen) == (jab["KASUBBAG_KUL"], jab["KASUBBAG_TPPH"])
        await pilot.press("down", "delete")
        assert chain_of(screen) == (jab["KASUBBAG_KUL"],)
        await pilot.press("r")
        assert chain_of(screen) == (jab["KASUBBAG_TPPH"],)
        # Tujuan rows: Ctrl+N adds under the current row, Ctrl+R removes it.
        rows = screen.query_one("#skf-tujuan", TujuanRows)
        rows.focus_target.focus()
        await type_text(pilot, "A")
        await pilot.press("ctrl+n")
        await type_text(pilot, "B")
        await pilot.press("ctrl+n")
        await type_text(pilot, "C")
        assert [t.nama for t in rows.value] == ["A", "B", "C"]
        rows.rows[1].query_one(".tj-nama", Input).focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [t.nama for t in rows.value] == ["A", "C"]
        assert [str(r.query_one(".tj-no").render()) for r in rows.rows] == ["1.", "2."]


async def test_errors_at_their_fields_and_nothing_saved(
    demo_store: Store, settings: Settings
) -> None:
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.new()
        screen = await form_of(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert error_at(screen, "perihal") == "Perihal wajib diisi."
        assert error_at(screen, "tujuan").startswith("Tujuan surat wajib diisi")
        assert error_at(screen, "klasifikasi")  # the SD template needs a kode klasifikasi
        assert app.focused is screen.query_one("#skf-klasifikasi Input")
        # Fixing a field clears its message as the field is left.
        screen.query_one("#skf-perihal", Input).focus()
        await type_text(pilot, "Undangan")
        await pilot.press("tab")
        await settle(pilot)
        assert error_at(screen, "perihal") == ""
        assert error_at(screen, "tujuan")  # still wrong, still said
        # A tujuan given twice is its own message.
        rows = screen.query_one("#skf-tujuan", TujuanRows)
        rows.focus_target.focus()
        await type_text(pilot, "KPU RI")
        await pilot.press("ctrl+n")
        await type_text(pilot, "kpu ri")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(screen, "tujuan") == "Tujuan 2 (kpu ri) tercantum dua kali."
        assert screen.query_one("#skf-perihal", Input).value == "Undangan"  # kept
    assert seen == []
    with demo_store.read() as session:
        assert skr.count_surat(session, skr.KeluarFilter(tampilan="semua")) == 0


async def test_reply_to_a_surat_masuk_saved_and_submitted(
    demo_store: Store, settings: Settings
) -> None:
    petugas = actor_of(demo_store, "petugas")
    with demo_store.write() as session:
        masuk = sm.register(
            session,
            actor=petugas,
            form=sm.SuratMasukForm(
                nomor_surat="005/PL.01/2026",
                asal="Bawaslu Kota Bontang",
                perihal="Permintaan data DPT",
                klasifikasi="PL.01.1",
            ),
            now=NOW,
        )
    jab = jabatan_ids(demo_store)
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.reply_to(masuk.id)
        screen = await form_of(pilot)
        notes = str(screen.query_one("#skf-notes", Static).render())
        assert f"Balasan atas surat masuk {masuk.agenda_teks} dari Bawaslu Kota Bontang" in notes
        rows = screen.query_one("#skf-tujuan", TujuanRows)
        assert [t.nama for t in rows.value] == ["Bawaslu Kota Bontang"]
        assert app.focused is screen.query_one("#skf-perihal", Input)
        await pilot.press("ctrl+g")  # Simpan & ajukan
        await settle(pilot)
        assert not isinstance(app.screen, KonsepFormScreen)
    with demo_store.read() as session:
        row = skr.get_row(session, seen[0])
        detail = skr.get_detail(session, seen[0])
        replies = skr.replies_of(session, masuk.id)
    assert row.status == KeluarStatus.PARAF
    assert row.surat_masuk_id == masuk.id and [r.id for r in replies] == [row.id]
    assert detail.menunggu_paraf is not None
    assert detail.menunggu_paraf.jabatan_id == jab["KASUBBAG_TPPH"]


async def test_returned_konsep_shows_the_note_and_is_resubmitted(
    demo_store: Store, settings: Settings
) -> None:
    staf, kasubbag = actor_of(demo_store, "staf"), actor_of(demo_store, "kasubbag.tpph")
    with demo_store.write() as session:
        row = sk.create(session, actor=staf, form=konsep(demo_store), now=NOW)
        sk.submit(session, actor=staf, surat_id=row.id, now=NOW)
        sk.return_for_correction(
            session, actor=kasubbag, surat_id=row.id, catatan="Lengkapi dasar hukumnya.", now=NOW
        )
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.edit(row.id)
        screen = await form_of(pilot)
        notes = str(screen.query_one("#skf-notes", Static).render())
        assert "Dikembalikan oleh Kepala Sub Bagian Teknis" in notes
        assert "Lengkapi dasar hukumnya." in notes
        await pilot.press("end")
        await type_text(pilot, " tahun 2026")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, KonsepFormScreen)
    assert seen == [row.id]
    with demo_store.read() as session:
        again = skr.get_row(session, row.id)
    assert again.perihal == "Permohonan data pemilih untuk pemutakhiran tahun 2026"
    assert (again.status, again.putaran) == (KeluarStatus.PARAF, 2)


async def test_letter_on_a_reserved_number(demo_store: Store, settings: Settings) -> None:
    petugas = actor_of(demo_store, "petugas")
    with demo_store.write() as session:
        nomor = nomor_surat.reserve(
            session,
            actor=petugas,
            jenis_naskah="Und",
            klasifikasi="HM.01",
            keperluan="Undangan rapat pleno terbuka",
            untuk_nama="Kasubbag TPPH",
            now=NOW,
        )
    async with logged_in(demo_store, settings, "petugas") as (app, pilot, actions, seen):
        actions.record_reserved(nomor.id)
        screen = await form_of(pilot)
        assert nomor.nomor_teks in str(screen.query_one(".dialog-title", Static).render())
        assert not screen.query("#skf-paraf")  # signed outside: no paraf chain
        assert screen.query_one("#skf-jenis_naskah", Select).disabled
        assert screen.query_one("#skf-perihal", Input).value == "Undangan rapat pleno terbuka"
        screen.query_one("#skf-tujuan", TujuanRows).focus_target.focus()
        await type_text(pilot, "Partai politik peserta pemilu")
        await pilot.press("tab", "tab", "tab")
        assert app.focused is screen.query_one("#skf-penandatangan_jabatan_id", Select)
        await pilot.press("enter", "home", "down", "enter", "ctrl+g")  # no submitting here
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, KonsepFormScreen)
    with demo_store.read() as session:
        row = skr.get_row(session, seen[0])
        ledger = nomor_surat.get_nomor(session, nomor.id)
        tujuan = skr.get_detail(session, seen[0]).tujuan
    assert (row.status, row.nomor_surat) == (KeluarStatus.TERBIT, nomor.nomor_teks)
    assert ledger.status == NomorStatus.TERPAKAI and ledger.surat_keluar_id == row.id
    assert [(t.nama, t.status) for t in tujuan] == [
        ("Partai politik peserta pemilu", KirimStatus.BELUM)
    ]


async def test_escape_asks_before_throwing_typing_away(
    demo_store: Store, settings: Settings
) -> None:
    async with logged_in(demo_store, settings, "staf") as (app, pilot, actions, seen):
        actions.new()
        screen = await form_of(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert app.screen is not screen
        actions.new()
        screen = await form_of(pilot)
        screen.query_one("#skf-perihal", Input).focus()
        await type_text(pilot, "Draf")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("escape")  # back to the form, typing kept
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#skf-perihal", Input).value == "Draf"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, (KonsepFormScreen, ConfirmDiscard))
    assert seen == []
