"""The dialogs of a registered letter driven by the keyboard: the first disposisi to two
recipients with a lead, passing it on, a refusal, the tindak lanjut that closes the letter, and
adding scans.

The letters are registered through the service; the dialogs are pushed straight onto a
logged-in app and what they saved is read back through the services.
"""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Select, SelectionList, Static

from kpu_tui.config import Settings
from kpu_tui.models import Jabatan, PenerimaStatus, Role, SuratStatus, User
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.services.disposisi import DisposisiForm, HopView, Tujuan
from kpu_tui.services.surat_masuk import SuratMasukForm, SuratRow
from kpu_tui.store import Store
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.disposisi_dialogs import (
    AddScanDialog,
    DisposisiDialog,
    TindakLanjutDialog,
)
from kpu_tui.tui.widgets.dialogs import ConfirmDiscard
from kpu_tui.tui.widgets.form import FormField
from kpu_tui.tui.widgets.pickers import Checklist, DateBox

from .helpers import FIXED_NOW, login, make_app, settle, type_text

SIZE = (120, 40)
PETUGAS = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))


@pytest.fixture
def app(demo_store: Store, settings: Settings) -> KpuApp:
    return make_app(demo_store, settings)


def ids(store: Store) -> dict[str, int]:
    """Jabatan ids by kode and user ids by username."""
    with store.read() as session:
        out = {j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id}
        out |= {u.username: u.id for u in session.exec(select(User)).all() if u.id}
    return out


def seed(store: Store, derajat: str = "segera") -> SuratRow:
    form = SuratMasukForm(
        nomor_surat="005/PL.01/2026",
        asal="Bawaslu Kota Bontang",
        perihal="Undangan rapat koordinasi",
        derajat=derajat,
    )
    with store.write() as session:
        return sm.register(session, actor=PETUGAS, form=form, now=FIXED_NOW.astimezone(UTC))


def give(store: Store, surat_id: int, *penerima: Tujuan, utama: int = 0) -> HopView:
    form = DisposisiForm(
        dari_jabatan_id=ids(store)["KETUA"],
        penerima=penerima,
        utama=utama,
        instruksi=("ditindaklanjuti",),
        catatan="Segera",
    )
    with store.write() as session:
        return dp.give(
            session, actor=PETUGAS, surat_id=surat_id, form=form, now=FIXED_NOW.astimezone(UTC)
        )


def hops(store: Store, surat_id: int) -> list[tuple[int, HopView]]:
    with store.read() as session:
        return dp.flatten(dp.tree(session, surat_id))


def letter(store: Store, surat_id: int) -> SuratRow:
    with store.read() as session:
        return sm.get_row(session, surat_id)


def error_at(app: KpuApp, key: str) -> str:
    return app.screen.query_one(f"#f-{key}", FormField).error


def text_of(app: KpuApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def push(pilot: Pilot[None], screen: Screen[bool], results: list[bool | None]) -> None:
    pilot.app.push_screen(screen, results.append)
    await settle(pilot)
    assert pilot.app.screen is screen


# -- disposisi -------------------------------------------------------------------------------


async def test_first_disposisi_to_two_with_a_lead_then_passed_on(
    app: KpuApp, demo_store: Store
) -> None:
    surat = seed(demo_store)
    known = ids(demo_store)
    results: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "petugas", DEMO_PASSWORD)
        await push(pilot, DisposisiDialog(surat.id), results)
        assert "0001/2026 · Bawaslu Kota Bontang · Undangan rapat koordinasi" in text_of(
            app, "#dp-letter"
        )
        assert app.screen.query_one("#dp-dari", Select).value == known["KETUA"]
        batas = app.screen.query_one("#dp-batas", DateBox)
        assert str(batas.query_one(".date-words", Static).content) == (
            "otomatis: Rabu, 25 November 2026"
        )
        assert "2 hari kerja dari tanggal disposisi (derajat Segera)" in text_of(
            app, "#f-batas_waktu .field-hint"
        )
        # The default follows the tanggal disposisi (typed as the paper says).
        tanggal = app.screen.query_one("#dp-tanggal", DateBox)
        await pilot.press(
            *["tab"] * 5
        )  # filter -> list -> instruksi -> catatan -> batas -> tanggal
        assert app.focused is tanggal.input
        await type_text(pilot, "20/11/2026")
        assert str(batas.query_one(".date-words", Static).content) == (
            "otomatis: Selasa, 24 November 2026"
        )
        await pilot.press("ctrl+u")
        await type_text(pilot, "hari ini")
        # Nothing chosen: the messages sit at their fields.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(app, "penerima") == "Pilih paling sedikit satu penerima disposisi."
        assert "Centang paling sedikit satu instruksi" in error_at(app, "instruksi")
        assert hops(demo_store, surat.id) == []
        kepada = app.screen.query_one("#dp-penerima", Checklist)
        assert app.focused is kepada.items  # the first field in error
        # Kepada: filter, tick two, make the second the lead.
        await pilot.press("shift+tab")
        await type_text(pilot, "sekretaris kpu")
        await pilot.press("down", "space")
        await pilot.press("up")  # from the first entry back to the filter
        assert app.focused is kepada.query_one(".checklist-filter")
        await type_text(pilot, "keuangan")
        await settle(pilot)
        assert kepada.items.option_count == 4  # the Kasubbag, the unit, two of its staff
        await pilot.press("down", "space", "u")
        summary = text_of(app, "#dp-penerima .checklist-summary")
        assert "Dicentang 2: Sekretaris KPU Kabupaten/Kota; Kepala Sub Bagian Keuangan" in summary
        assert "Logistik (utama)" in summary
        # Instruksi, catatan, the dates as they are.
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#dp-instruksi", SelectionList)
        await pilot.press("space", "down", "space")
        await pilot.press("tab")
        await type_text(pilot, "Mohon dikoordinasikan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
        [(_, hop)] = hops(demo_store, surat.id)
        assert hop.dari_nama == "Ketua KPU Kabupaten/Kota"
        assert [(p.nama, p.utama) for p in hop.penerima] == [
            ("Sekretaris KPU Kabupaten/Kota", False),
            ("Kepala Sub Bagian Keuangan, Umum dan Logistik", True),
        ]
        assert hop.instruksi == ("diketahui", "ditindaklanjuti")
        assert (hop.catatan, hop.batas_waktu) == ("Mohon dikoordinasikan", date(2026, 11, 25))
        assert letter(demo_store, surat.id).status == SuratStatus.PROSES

        # The Kasubbag passes it on to one of his staff, with a batas waktu of his own.
        kasubbag = hop.penerima[1]
        await push(pilot, DisposisiDialog(surat.id, induk_penerima_id=kasubbag.id), results)
        dari = text_of(app, "#dp-dari-teks")
        assert "Diteruskan oleh Kepala Sub Bagian Keuangan, Umum dan Logistik" in dari
        assert "menerima disposisi Ketua KPU Kabupaten/Kota" in dari
        assert not app.screen.query("#dp-dari")
        names = [e.label for e in app.screen.query_one("#dp-penerima", Checklist)._entries]
        assert "Kepala Sub Bagian Keuangan, Umum dan Logistik" not in names  # not to himself
        await type_text(pilot, "agus")
        await pilot.press("down", "space", "tab", "down", "down", "space", "tab", "tab")
        await type_text(pilot, "27/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True, True]
    tree = hops(demo_store, surat.id)
    depth, passed = tree[-1]
    assert depth == 1 and passed.induk_penerima_id == kasubbag.id
    assert passed.dari_nama == "Kepala Sub Bagian Keuangan, Umum dan Logistik"
    assert [(p.nama, p.utama) for p in passed.penerima] == [("Agus Salim", True)]
    assert passed.penerima[0].user_id is not None  # a person, not a position
    assert (passed.instruksi, passed.batas_waktu) == (("siapkan_jawaban",), date(2026, 11, 27))
    assert tree[0][1].penerima[1].status == PenerimaStatus.DITERUSKAN


async def test_disposisi_refused_for_a_user_without_the_right(
    app: KpuApp, demo_store: Store
) -> None:
    surat = seed(demo_store)
    results: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "staf", DEMO_PASSWORD)
        await push(pilot, DisposisiDialog(surat.id), results)
        await type_text(pilot, "sekretaris kpu")
        await pilot.press("down", "space", "tab", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Anda tidak berwenang" in text_of(app, "#form-error")
        assert app.screen.query_one("#dp-penerima", Checklist).selected  # kept as chosen
        await pilot.press("escape")  # something was ticked: asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("y")
        await settle(pilot)
    assert results == [False]
    assert hops(demo_store, surat.id) == []


# -- tindak lanjut ---------------------------------------------------------------------------


async def test_tindak_lanjut_closes_the_letter_through_its_lead(
    app: KpuApp, demo_store: Store
) -> None:
    surat = seed(demo_store)
    known = ids(demo_store)
    hop = give(
        demo_store,
        surat.id,
        Tujuan(jabatan_id=known["SEKRETARIS"]),
        Tujuan(jabatan_id=known["KASUBBAG_TPPH"]),
        utama=1,
    )
    sekretaris, lead = hop.penerima
    results: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "petugas", DEMO_PASSWORD)
        await push(pilot, TindakLanjutDialog(sekretaris.id), results)
        shown = text_of(app, "#tl-hop")
        assert "Disposisi dari Ketua KPU Kabupaten/Kota · 23 November 2026" in shown
        assert "Instruksi: Untuk ditindaklanjuti" in shown
        assert "Batas waktu: Rabu, 25 November 2026" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(app, "tindak_lanjut") == "Tindak lanjut wajib diisi."
        await type_text(pilot, "Sudah dikoordinasikan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("masih dalam proses" in m for m in messages)
        assert letter(demo_store, surat.id).status == SuratStatus.PROSES

        await push(pilot, TindakLanjutDialog(lead.id), results)
        await type_text(pilot, "Dijawab dengan surat 010/PL.01/2026")
        await pilot.press("enter")
        await type_text(pilot, "tanggal 23/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Tindak lanjut dicatat. Surat 0001/2026 selesai." in messages
    assert results == [True, True]
    done = letter(demo_store, surat.id)
    assert done.status == SuratStatus.SELESAI
    [(_, after)] = hops(demo_store, surat.id)
    assert after.penerima[1].tindak_lanjut == (
        "Dijawab dengan surat 010/PL.01/2026\ntanggal 23/11/2026"
    )


# -- scans -----------------------------------------------------------------------------------


async def test_add_scans_reports_a_missing_file_at_the_field(
    app: KpuApp, demo_store: Store, tmp_path: Path
) -> None:
    surat = seed(demo_store)
    present = tmp_path / "pindaian.png"
    present.write_bytes(b"\x89PNG\r\n\x1a\n pindaian uji")
    missing = tmp_path / "hilang.pdf"
    results: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "petugas", DEMO_PASSWORD)
        await push(pilot, AddScanDialog(surat.id), results)
        await type_text(pilot, f"{present};{missing}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(app, "berkas") == f"Pindaian 2: berkas tidak ditemukan: {missing}"
        await pilot.press("ctrl+u", "ctrl+u", "ctrl+u")
        await type_text(pilot, f'"{present}"')
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert results == [True]
    with demo_store.read() as session:
        berkas = sm.get_detail(session, surat.id).berkas
    assert [b.nama for b in berkas] == ["pindaian.png"]
