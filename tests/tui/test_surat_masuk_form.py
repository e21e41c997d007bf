"""The surat masuk form driven by the keyboard only: every field (with sender completion and the
klasifikasi picker), errors at their fields, the duplicate warning, the tercatat panel and five
letters in a row, the reasoned correction, and Esc asking before throwing typing away.

Each test works on its own copy of the demo office, logged in as the petugas, with the form
pushed straight onto the app; what was saved is checked through the services afterwards.
"""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from kpu_tui.config import Settings
from kpu_tui.models import Jabatan, Role
from kpu_tui.services import reference
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.surat_masuk import SuratFilter, SuratMasukForm, SuratRow
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.surat_masuk_form import (
    DuplicateDialog,
    SuratMasukFormScreen,
    split_paths,
)
from kpu_tui.tui.widgets.dialogs import ConfirmDiscard
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.pickers import CodePicker, DateBox

from .helpers import FIXED_NOW, login, make_app, settle, type_text

SIZE = (100, 40)
PETUGAS = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


# -- helpers ---------------------------------------------------------------------------------


async def open_form(
    pilot: Pilot[None], results: list[int | None], surat_id: int | None = None
) -> SuratMasukFormScreen:
    await login(pilot, "petugas", DEMO_PASSWORD)
    screen = SuratMasukFormScreen(surat_id)
    pilot.app.push_screen(screen, results.append)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


def jabatan_id(store: Store, kode: str) -> int:
    with store.read() as session:
        row = session.exec(select(Jabatan).where(Jabatan.kode == kode)).one()
        assert row.id is not None
        return row.id


def seed(store: Store, **fields: object) -> SuratRow:
    """A letter registered through the service (an earlier sender, a duplicate to be found)."""
    form = SuratMasukForm(**{"nomor_surat": "001/X/2026", "perihal": "Surat lama", **fields})  # type: ignore[arg-type]
    with store.write() as session:
        return sm.register(session, actor=PETUGAS, form=form, now=FIXED_NOW.astimezone(UTC))


def rows(store: Store) -> list[SuratRow]:
    with store.read() as session:
        return sm.list_surat(session, SuratFilter(), descending=False)


def error_at(screen: SuratMasukFormScreen, key: str) -> str:
    return screen.query_one(f"#f-{key}", FormField).error


def focused_id(app: KpuApp) -> str | None:
    focused = app.focused
    return focused.id if focused is not None else None


def scan(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% pindaian uji " + name.encode() + b"\n%%EOF\n")
    return path


# -- tests -----------------------------------------------------------------------------------


def test_split_paths() -> None:
    assert split_paths(' "/a/b c.pdf" ; /d.png\n\n /e.jpg ;') == ("/a/b c.pdf", "/d.png", "/e.jpg")
    assert split_paths("'/x y.pdf'") == ("/x y.pdf",)
    assert split_paths("  \n ; ") == ()


async def test_register_every_field_with_completion_and_picker(
    app: KpuApp, demo_store: Store, tmp_path: Path
) -> None:
    seed(demo_store, asal="Bawaslu Kota Bontang")
    first, second = scan(tmp_path, "surat.pdf"), scan(tmp_path, "lampiran surat.pdf")
    with demo_store.read() as session:
        jenis = [j.kode for j in reference.list_jenis_naskah(session)]
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, results)
        assert focused_id(app) == "smf-asal"  # tanggal terima is filled in: typing starts here
        await pilot.press("shift+tab")
        await type_text(pilot, "20/11/2026")
        assert "Jumat, 20 November 2026" in str(
            screen.query_one("#smf-tanggal_terima .date-words", Static).content
        )
        await pilot.press("tab")
        await type_text(pilot, "baw")
        await settle(pilot)
        await pilot.press("right")  # accept the completion
        assert screen.query_one("#smf-asal", Input).value == "Bawaslu Kota Bontang"
        await pilot.press("enter")
        await type_text(pilot, "005/PL.01/2026")
        await pilot.press("enter")
        await type_text(pilot, "2026-11-19")
        await pilot.press("enter")
        await type_text(pilot, "Undangan rapat koordinasi")
        await pilot.press("enter")
        await type_text(pilot, "1 berkas")
        await pilot.press("enter")
        assert focused_id(app) == "smf-sifat"
        await pilot.press("enter", "down", "down", "enter")  # Biasa -> Rahasia
        await pilot.press("tab")
        assert focused_id(app) == "smf-derajat"
        await pilot.press("enter", "down", "enter")  # Biasa -> Segera
        await pilot.press("tab")
        picker = screen.query_one("#smf-klasifikasi", CodePicker)
        await type_text(pilot, "undangan")
        await settle(pilot)
        assert picker.is_open
        listed = [str(o.id) for o in picker.query_one(OptionList).options]
        assert "PK.01" in listed
        await type_text(pilot, " rapat")  # every word must match
        await settle(pilot)
        assert [str(o.id) for o in picker.query_one(OptionList).options] == ["PK.01"]
        await pilot.press("enter")  # picks and moves on
        assert picker.value == "PK.01"
        assert picker.input.value.startswith("PK.01 — Persidangan")
        assert focused_id(app) == "smf-tujuan_jabatan_id"
        await pilot.press("enter", "down", "enter")  # Ketua -> the next position
        await pilot.press("tab")
        assert focused_id(app) == "smf-jenis_naskah"
        await pilot.press("enter", *["down"] * (jenis.index("Und") + 1), "enter")
        await pilot.press("tab")
        await type_text(pilot, "Diantar kurir")
        await pilot.press("tab")
        assert focused_id(app) == "smf-berkas"
        await type_text(pilot, str(first))
        await pilot.press("enter")
        await type_text(pilot, str(second))
        await pilot.press("ctrl+s")
        await settle(pilot)
        agenda = str(screen.query_one("#smf-agenda", Static).content)
        assert "0002/2026" in agenda
        assert "Bawaslu Kota Bontang" in str(screen.query_one("#smf-summary", Static).content)
        await pilot.press("enter")  # Selesai
        await settle(pilot)
        assert app.screen is not screen
    saved = rows(demo_store)[-1]
    assert results == [saved.id]
    with demo_store.read() as session:
        detail = sm.get_detail(session, saved.id)
    row = detail.row
    assert (row.agenda_teks, row.tanggal_terima, row.tanggal_surat) == (
        "0002/2026",
        date(2026, 11, 20),
        date(2026, 11, 19),
    )
    assert (row.asal, row.nomor_surat, row.perihal, row.lampiran) == (
        "Bawaslu Kota Bontang",
        "005/PL.01/2026",
        "Undangan rapat koordinasi",
        "1 berkas",
    )
    assert (row.sifat, row.derajat, row.klasifikasi) == ("rahasia", "segera", "PK.01")
    assert row.tujuan_nama == "Anggota KPU Kabupaten/Kota"
    assert (detail.jenis_naskah, row.keterangan) == ("Und", "Diantar kurir")
    assert [b.nama for b in detail.berkas] == ["surat.pdf", "lampiran surat.pdf"]


async def test_picker_takes_a_typed_code_and_esc_closes_its_list(
    app: KpuApp, demo_store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, [])
        picker = screen.query_one("#smf-klasifikasi", CodePicker)
        await pilot.press(*["tab"] * 7)  # asal -> ... -> kode klasifikasi
        assert app.focused is picker.input
        await type_text(pilot, "pl.01")
        await settle(pilot)
        options = [str(o.id) for o in picker.query_one(OptionList).options]
        assert options[:2] == ["PL.01", "PL.01.1"]
        await pilot.press("down")  # PL.01 -> PL.01.1
        await pilot.press("escape")  # closes the list, not the form
        assert not picker.is_open and app.screen is screen
        assert picker.value == "pl.01"
        await pilot.press("tab")  # an exact code counts as picked when the field is left
        assert picker.value == "PL.01"
        assert picker.input.value == "PL.01 — Pelaksanaan Pemilu"


async def test_errors_at_their_fields_and_typing_is_kept(
    app: KpuApp, demo_store: Store, tmp_path: Path
) -> None:
    missing = tmp_path / "tidak-ada.pdf"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, [])
        await pilot.press("shift+tab")
        await type_text(pilot, "31/02/2026")
        await pilot.press("tab")  # leaving the field checks it
        await settle(pilot)
        assert "tanggal 31 tidak ada pada bulan Februari 2026" in error_at(screen, "tanggal_terima")
        await type_text(pilot, "KPU Prov. Kaltim")
        await pilot.press("enter")
        await type_text(pilot, "12/KPU-Prov/XI/2026")
        await pilot.press("enter")
        await type_text(pilot, "30/11/2026")  # after today
        await pilot.press("enter")
        await settle(pilot)
        assert error_at(screen, "tanggal_surat") == "Tanggal surat tidak boleh sesudah hari ini."
        assert error_at(screen, "perihal") == ""  # empty, but "wajib" waits for Simpan
        await pilot.press(*["tab"] * 8)  # perihal -> ... -> pindaian
        assert focused_id(app) == "smf-berkas"
        await type_text(pilot, str(missing))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "31 tidak ada" in error_at(screen, "tanggal_terima")
        assert error_at(screen, "perihal") == "Perihal wajib diisi."
        assert error_at(screen, "tanggal_surat") == "Tanggal surat tidak boleh sesudah hari ini."
        assert error_at(screen, "berkas") == f"Pindaian 1: berkas tidak ditemukan: {missing}"
        assert error_at(screen, "asal") == ""
        # The first field in error has the cursor.
        assert app.focused is screen.query_one("#smf-tanggal_terima", DateBox).input
        # Nothing was saved and what was typed is still there.
        assert rows(demo_store) == []
        assert screen.query_one("#smf-asal", Input).value == "KPU Prov. Kaltim"
        assert screen.query_one("#smf-nomor_surat", Input).value == "12/KPU-Prov/XI/2026"
        assert screen.query_one("#smf-tanggal_terima", DateBox).value == "31/02/2026"
        # Correct the fields one by one, from the keyboard, and save.
        await type_text(pilot, "hari ini")  # the field's text is selected: typing replaces it
        await pilot.press("tab", "tab", "tab")
        assert app.focused is screen.query_one("#smf-tanggal_surat", DateBox).input
        await type_text(pilot, "21-11-2026")
        await pilot.press("tab")
        await type_text(pilot, "Permohonan data pemilih")
        await pilot.press("tab")
        await settle(pilot)
        assert error_at(screen, "tanggal_surat") == ""
        await pilot.press(*["tab"] * 7)  # lampiran -> ... -> pindaian
        assert focused_id(app) == "smf-berkas"
        await pilot.press("ctrl+u", "ctrl+u", "ctrl+u")  # clear the (wrapped) line
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "0001/2026" in str(screen.query_one("#smf-agenda", Static).content)
    saved = rows(demo_store)
    assert [(r.asal, r.tanggal_surat, r.perihal) for r in saved] == [
        ("KPU Prov. Kaltim", date(2026, 11, 21), "Permohonan data pemilih")
    ]


async def _type_duplicate(pilot: Pilot[None]) -> None:
    await type_text(pilot, "bawaslu kota  bontang")
    await pilot.press("enter")
    await type_text(pilot, "005 / PL.01/2026")
    await pilot.press("enter", "enter")
    await type_text(pilot, "Surat yang sama")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_duplicate_warning_opens_the_letter_already_registered(
    app: KpuApp, demo_store: Store
) -> None:
    existing = seed(demo_store, asal="Bawaslu Kota Bontang", nomor_surat="005/PL.01/2026")
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, results)
        await _type_duplicate(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        message = str(app.screen.query_one(".dialog-message", Static).content)
        assert "Surat ini sudah tercatat: agenda 0001/2026" in message
        await pilot.press("b")  # Buka surat itu
        await settle(pilot)
    assert results == [existing.id]
    assert len(rows(demo_store)) == 1


async def test_duplicate_warning_registers_anyway_or_goes_back(
    app: KpuApp, demo_store: Store
) -> None:
    seed(demo_store, asal="Bawaslu Kota Bontang", nomor_surat="005/PL.01/2026")
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, results)
        await _type_duplicate(pilot)
        await pilot.press("escape")  # Kembali: the form, as typed
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#smf-perihal", Input).value == "Surat yang sama"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("c")  # Tetap catat
        await settle(pilot)
        assert app.screen is screen
        assert "0002/2026" in str(screen.query_one("#smf-agenda", Static).content)
        await pilot.press("escape")
        await settle(pilot)
    saved = rows(demo_store)
    assert [r.agenda_teks for r in saved] == ["0001/2026", "0002/2026"]
    assert results == [saved[1].id]


async def test_five_letters_in_a_row_keep_the_tanggal_terima(
    app: KpuApp, demo_store: Store
) -> None:
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, results)
        await pilot.press("shift+tab")
        await type_text(pilot, "20/11/2026")
        await pilot.press("tab")
        for n in range(1, 6):
            assert focused_id(app) == "smf-asal"
            assert screen.query_one("#smf-asal", Input).value == ""
            assert screen.query_one("#smf-tanggal_terima", DateBox).value == "20/11/2026"
            await type_text(pilot, f"Pengirim {n}")
            await pilot.press("enter")
            await type_text(pilot, f"{n}/2026")
            await pilot.press("enter", "enter")  # no tanggal surat
            await type_text(pilot, f"Perihal {n}")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert f"000{n}/2026" in str(screen.query_one("#smf-agenda", Static).content)
            await pilot.press("n" if n < 5 else "enter")
            await settle(pilot)
    saved = rows(demo_store)
    assert [(r.agenda_teks, r.asal, r.tanggal_terima) for r in saved] == [
        (f"000{n}/2026", f"Pengirim {n}", date(2026, 11, 20)) for n in range(1, 6)
    ]
    assert results == [saved[-1].id]


async def test_correction_requires_a_reason_and_changes_the_row(
    app: KpuApp, demo_store: Store
) -> None:
    row = seed(
        demo_store,
        asal="KPU Prov. Kaltim",
        perihal="Permohonan data",
        klasifikasi="PL.01",
        tujuan_jabatan_id=jabatan_id(demo_store, "KETUA"),
    )
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, results, surat_id=row.id)
        assert "Koreksi surat masuk 0001/2026" in str(
            screen.query_one(".dialog-title", Static).content
        )
        assert not screen.query("#smf-berkas")  # scans are added with their own dialog
        assert screen.query_one("#smf-tanggal_terima", DateBox).value == "23/11/2026"
        assert screen.query_one("#smf-klasifikasi", CodePicker).input.value.startswith("PL.01 — ")
        assert screen.query_one("#smf-tujuan_jabatan_id", Select).value == jabatan_id(
            demo_store, "KETUA"
        )
        await pilot.press("tab", "tab", "tab")  # asal -> nomor -> tanggal surat -> perihal
        assert focused_id(app) == "smf-perihal"
        await type_text(pilot, "Permohonan data pemilih berkelanjutan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(screen, "alasan") == "Alasan wajib diisi."
        assert app.screen is screen
        assert focused_id(app) == "smf-alasan"  # the field in error has the cursor
        await type_text(pilot, "Perihal salah ketik")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not screen
    assert results == [row.id]
    corrected = rows(demo_store)[0]
    assert corrected.perihal == "Permohonan data pemilih berkelanjutan"
    assert (corrected.agenda_teks, corrected.klasifikasi) == ("0001/2026", "PL.01")


async def test_escape_asks_before_throwing_typing_away(app: KpuApp, demo_store: Store) -> None:
    results: list[int | None] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, results)
        await type_text(pilot, "Bawaslu")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")  # back to the form, as typed
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#smf-asal", Input).value == "Bawaslu"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is not screen
        assert results == [None]
        # An untouched form closes at once.
        pilot.app.push_screen(SuratMasukFormScreen(), results.append)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert results == [None, None]
    assert rows(demo_store) == []
