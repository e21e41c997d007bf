"""The Nomor Surat area driven by the pilot, keyboard only: the ledger of the year with the
numbers of signed letters, reserving a number (shown large, then listed as dipesan), returning
it (dikembalikan) and voiding one (BATAL), the refusal on a number used by a letter, the gap
report (and a missing number as an alarm), the year, series and state filters, the series
settings with the live example, recording the letter of a reserved number (the Surat Keluar
form), printing the buku nomor, and who sees which keys.

Each test works on its own copy of the demo office; the letters are signed through the
services (``tests/keluar_helpers.py``) and every check looks at the screen and at the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from kpu_tui.config import Settings
from kpu_tui.models import NomorStatus, NomorSurat, SeriNomor
from kpu_tui.rules import nomor_surat as rules
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services.demo import DEMO_PASSWORD
from kpu_tui.store import Store
from kpu_tui.tui import system_open
from kpu_tui.tui.app import KpuApp
from kpu_tui.tui.screens.nomor_surat import PAGE, NomorSuratScreen
from kpu_tui.tui.screens.nomor_surat_dialogs import ReserveDialog
from kpu_tui.tui.screens.seri_nomor import SeriFormDialog, SeriNomorScreen
from kpu_tui.tui.screens.surat_keluar_form import KonsepFormScreen
from kpu_tui.tui.widgets.dialogs import ConfirmReason
from kpu_tui.tui.widgets.form import FormField

from ..keluar_helpers import actor_of, at, signed
from ..printing.helpers import page_texts
from .helpers import login, make_app, settle, type_text

SIZE = (120, 36)


# -- helpers -----------------------------------------------------------------------------------


async def open_ledger(pilot: Pilot[None], username: str = "petugas") -> NomorSuratScreen:
    """Log in and open the Nomor Surat area from the navigation's registry."""
    app = pilot.app
    assert isinstance(app, KpuApp)
    await pilot.pause()
    await login(pilot, username, DEMO_PASSWORD)
    app.open_area("nomor-surat")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, NomorSuratScreen)
    return screen


def table_rows(screen: NomorSuratScreen) -> list[list[str]]:
    """The ledger as plain text, row by row."""
    table = screen.table
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def column(screen: NomorSuratScreen, key: str) -> list[str]:
    """One column of the ledger as plain text."""
    table = screen.table
    keys = [str(c.value) for c in table.columns]
    index = keys.index(key)
    return [row[index] for row in table_rows(screen)]


def static_text(screen: Any, selector: str) -> str:
    """What a Static shows, as plain text."""
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def ledger(store: Store) -> dict[str, NomorSurat]:
    """Every ledger row by its number."""
    with store.read() as session:
        return {r.nomor_teks: r for r in session.exec(select(NomorSurat)).all()}


async def move_to(pilot: Pilot[None], screen: NomorSuratScreen, nomor: str) -> None:
    """Put the cursor on a number with the arrow keys."""
    numbers = column(screen, "nomor")
    await pilot.press("home", *(["down"] * numbers.index(nomor)))
    await settle(pilot)
    current = screen.current()
    assert current is not None and current.nomor_teks == nomor


async def reserve_by_keys(pilot: Pilot[None], keperluan: str, untuk: str) -> ReserveDialog:
    """``n``, then the form filled as a user would: jenis Surat Dinas, PL.01.1, the date left
    at today, keperluan and for whom, Ctrl+S."""
    await pilot.press("n")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ReserveDialog)
    await pilot.press("enter")  # open the jenis naskah list
    await type_text(pilot, "Surat Dinas")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("tab")  # kode klasifikasi
    await type_text(pilot, "PL.01.1")
    await pilot.press("tab", "tab", "tab")  # past the unit and the date
    await type_text(pilot, keperluan)
    await pilot.press("tab")
    await type_text(pilot, untuk)
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return dialog


# -- the ledger --------------------------------------------------------------------------------


async def test_ledger_lists_the_numbers_of_signed_letters(
    demo_store: Store, settings: Settings
) -> None:
    first = signed(demo_store)
    second = signed(demo_store, perihal="Undangan sosialisasi tahapan")
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        assert column(screen, "nomor") == [first.nomor_surat, second.nomor_surat]
        assert column(screen, "status") == ["terpakai", "terpakai"]
        assert column(screen, "perihal")[1] == "Undangan sosialisasi tahapan"
        assert "Tidak ada nomor yang hilang" in static_text(screen, "#ns-integrity")
        assert "2 nomor" in static_text(screen, "#ns-summary")
        assert first.nomor_surat in static_text(screen, "#ns-detail")


async def test_reserve_return_and_void(demo_store: Store, settings: Settings) -> None:
    letter = signed(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)

        # n: reserve; the number is shown large with the next steps
        dialog = await reserve_by_keys(pilot, "Undangan rapat pleno", "Kasubbag TPPH")
        assert app.screen is dialog
        saved = static_text(dialog, "#rsv-saved-nomor")
        reserved = next(n for n, r in ledger(demo_store).items() if r.status == "dipesan")
        assert reserved in saved
        assert reserved.startswith("2/PL.01.1-SD/")
        await pilot.press("enter")  # Selesai
        await settle(pilot)
        assert app.screen is screen
        assert column(screen, "nomor") == [letter.nomor_surat, reserved]
        assert column(screen, "status")[1] == "dipesan"
        assert screen.current() is not None and screen.current().nomor_teks == reserved  # type: ignore[union-attr]

        # k: return it with a reason
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await type_text(pilot, "tidak jadi dikirim")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert column(screen, "status")[1] == "dikembalikan"
        assert column(screen, "alasan")[1] == "tidak jadi dikirim"
        assert ledger(demo_store)[reserved].status == NomorStatus.DIKEMBALIKAN

        # a second reservation, voided with x
        await reserve_by_keys(pilot, "Surat tugas", "Sekretaris")
        await pilot.press("enter")
        await settle(pilot)
        second = column(screen, "nomor")[2]
        assert second.startswith("3/")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReason)
        await type_text(pilot, "salah ambil")
        await pilot.press("enter")
        await settle(pilot)
        assert column(screen, "status")[2] == "BATAL"
        assert ledger(demo_store)[second].status == NomorStatus.BATAL
        assert ledger(demo_store)[second].alasan == "salah ambil"

        # the gap report: the returned and the voided number, nothing missing
        integrity = static_text(screen, "#ns-integrity")
        assert "Tidak ada nomor yang hilang" in integrity
        assert "1 BATAL" in integrity and "1 dikembalikan" in integrity
        await pilot.press("g")
        await settle(pilot)
        assert screen.showing_report
        gaps: DataTable[Text] = screen.gap_table
        entries = [[str(c) for c in gaps.get_row_at(i)] for i in range(gaps.row_count)]
        assert [e[1:4] for e in entries] == [
            ["2", reserved, "dikembalikan"],
            ["3", second, "BATAL"],
        ]
        assert "Tidak ada nomor yang hilang" in static_text(screen, "#ns-gap-head")
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.showing_report


async def test_voiding_a_used_number_points_to_surat_keluar(
    demo_store: Store, settings: Settings
) -> None:
    letter = signed(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen  # no dialog: the number belongs to a letter
        messages = [n.message for n in app._notifications]
        assert any("Surat Keluar" in m and letter.nomor_surat in m for m in messages)
        assert ledger(demo_store)[letter.nomor_surat].status == NomorStatus.TERPAKAI
        # k on a used number says why too
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is screen
        assert ledger(demo_store)[letter.nomor_surat].status == NomorStatus.TERPAKAI


async def test_reserve_form_keeps_what_was_typed_and_shows_errors_at_fields(
    demo_store: Store, settings: Settings
) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_ledger(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReserveDialog)
        await pilot.press("tab")
        await type_text(pilot, "PL.01.1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        errors = {
            (f.id or "").removeprefix("f-"): f.error for f in dialog.query(FormField) if f.error
        }
        assert errors.keys() == {"jenis_naskah", "keperluan", "untuk_nama"}
        assert errors["keperluan"] == "Keperluan wajib diisi."
        assert dialog.query_one("#rsv-klasifikasi Input", Input).value.startswith("PL.01.1")
        with demo_store.read() as session:
            assert ns.count_nomor(session) == 0


# -- the gap report: a number missing from the ledger ----------------------------------------


async def test_a_missing_number_is_an_alarm(demo_store: Store, settings: Settings) -> None:
    signed(demo_store)
    signed(demo_store)
    third = signed(demo_store)
    with demo_store.write() as session:  # what only tampering outside the app can do
        row = session.exec(select(NomorSurat).where(NomorSurat.urut == 2)).one()
        session.delete(row)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        integrity = static_text(screen, "#ns-integrity")
        assert "1 nomor tahun 2026 hilang" in integrity
        assert "Tidak ada nomor yang hilang" not in integrity
        assert len(column(screen, "nomor")) == 2 and third.nomor_surat in column(screen, "nomor")
        await pilot.press("g")
        await settle(pilot)
        gaps = screen.gap_table
        first = [str(c) for c in gaps.get_row_at(0)]
        assert first[1:4] == ["2", "(tidak ada di buku nomor)", "HILANG: tidak tercatat"]
        assert "red" in str(gaps.get_row_at(0)[3].style)


# -- series settings ---------------------------------------------------------------------------


async def test_series_template_is_checked_live_and_saved(
    demo_store: Store, settings: Settings
) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_ledger(pilot, "admin")
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SeriNomorScreen)
        await pilot.press("enter")  # the first series: korespondensi
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SeriFormDialog)
        assert form.seri is not None and form.seri.kode == "korespondensi"
        example = static_text(form, "#seri-contoh")
        assert "123/PL.01.1-SD/" in example
        await pilot.press("tab")  # from the name to the template
        await pilot.press("end", "ctrl+u")  # empty the field
        await type_text(pilot, "{urut}/{klasifikasi}")  # no {tahun}
        await settle(pilot)
        field = form.query_one("#f-format", FormField)
        assert field.error == "Format nomor harus memuat {tahun}: nomor dimulai lagi setiap tahun."
        assert static_text(form, "#seri-contoh") == "Contoh: –"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused, kept open with what was typed
        assert field.error.startswith("Format nomor harus memuat {tahun}")
        with demo_store.read() as session:
            assert (
                session.exec(
                    select(SeriNomor.format).where(SeriNomor.kode == "korespondensi")
                ).one()
                == rules.DEFAULT_FORMAT
            )

        await type_text(pilot, "/{urut:3}")  # {urut} twice
        await settle(pilot)
        assert field.error == "Isian {urut} hanya boleh muncul sekali."
        await pilot.press(*(["backspace"] * 9))
        await type_text(pilot, "/{tahun}")
        await settle(pilot)
        assert field.error == ""
        assert static_text(form, "#seri-contoh") == "Contoh: 123/PL.01.1/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SeriNomorScreen)
        with demo_store.read() as session:
            saved = session.exec(select(SeriNomor).where(SeriNomor.kode == "korespondensi")).one()
            assert saved.format == "{urut}/{klasifikasi}/{tahun}"
        detail = static_text(app.screen, "#seri-detail")
        assert "123/PL.01.1/2026" in detail
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NomorSuratScreen)


async def test_a_series_is_added_with_its_jenis(demo_store: Store, settings: Settings) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_ledger(pilot, "admin")
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SeriFormDialog)
        await type_text(pilot, "nota_dinas")
        await pilot.press("tab")
        await type_text(pilot, "Nota dinas")
        await pilot.press("tab")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "ND-{urut:3}/{tahun}")
        await settle(pilot)
        assert static_text(form, "#seri-contoh") == "Contoh: ND-123/2026"
        await pilot.press("tab")  # the checklist's filter box
        await type_text(pilot, "nota dinas")
        await pilot.press("enter")  # to the list
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SeriNomorScreen)
        with demo_store.read() as session:
            views = {s.kode: s for s in ns.list_series(session)}
        assert views["nota_dinas"].format == "ND-{urut:3}/{tahun}"
        assert views["nota_dinas"].jenis == ("ND",)
        table: DataTable[Text] = app.screen.query_one("#seri-table", DataTable)
        assert "nota_dinas" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


# -- who sees which keys -----------------------------------------------------------------------


def shown_keys(screen: NomorSuratScreen) -> set[str]:
    """The keys the footer offers on this screen."""
    return {
        key
        for key, active in screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


async def test_petugas_keys_and_admin_series_key(demo_store: Store, settings: Settings) -> None:
    signed(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot, "petugas")
        keys = shown_keys(screen)
        assert {"n", "g", "p"} <= keys
        assert "S" not in keys  # series are the admin's
        await pilot.press("S")
        await settle(pilot)
        assert app.screen is screen
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot, "admin")
        assert "S" in shown_keys(screen)


async def test_a_reader_cannot_reserve(demo_store: Store, settings: Settings) -> None:
    signed(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot, "ketua")  # a pimpinan reads the ledger
        keys = shown_keys(screen)
        assert not {"n", "b", "x", "c", "S"} & keys
        assert {"g", "p"} <= keys
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert not actor_of(demo_store, "ketua").has(*ns.KEEPERS)
        with demo_store.read() as session:
            assert ns.count_nomor(session) == 1


# -- c: recording the letter of a reserved number ------------------------------------------------


async def test_record_opens_the_surat_keluar_form_on_the_reserved_number(
    demo_store: Store, settings: Settings
) -> None:
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        await reserve_by_keys(pilot, "Undangan rapat pleno", "Kasubbag TPPH")
        reserved = next(r for r in ledger(demo_store).values() if r.status == "dipesan")
        await pilot.press("c")  # "Catat suratnya sekarang" on the reserved panel
        await settle(pilot)
        form = app.screen
        assert isinstance(form, KonsepFormScreen)
        assert form.nomor_id == reserved.id
        await pilot.press("escape")
        await settle(pilot)
        if app.screen is not screen:  # a changed form asks first
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is screen
        # c from the ledger on the highlighted reserved number opens the same form
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, KonsepFormScreen)
        assert app.screen.nomor_id == reserved.id


# -- p: the buku nomor of the year ---------------------------------------------------------------


async def test_print_writes_the_ledger_of_the_year(
    demo_store: Store, settings: Settings, monkeypatch: Any
) -> None:
    opened: list[Path] = []

    def fake_open(path: Path | str) -> str | None:
        opened.append(Path(path))
        return None

    monkeypatch.setattr(system_open, "open_with_system", fake_open)
    letter = signed(demo_store)
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot, "ketua")  # a reader prints too
        await pilot.press("p")
        await settle(pilot)
        await app.workers.wait_for_complete()
        for _ in range(200):  # the worker's result comes back through the message queue
            if opened and app.screen is screen:
                break
            await pilot.pause(0.05)
        assert app.screen is screen
        pdf = settings.home / "cetak" / "buku-nomor-surat-keluar-2026.pdf"
        assert opened == [pdf]
        text = " ".join(page_texts(pdf))
        assert letter.nomor_surat in text


# -- filters -------------------------------------------------------------------------------------


async def test_year_series_and_state_filters(demo_store: Store, settings: Settings) -> None:
    old = signed(demo_store, now=at(2025, 12, 30))
    letter = signed(demo_store)
    petugas = actor_of(demo_store, "petugas")
    with demo_store.write() as session:
        sk = ns.reserve(
            session,
            actor=petugas,
            jenis_naskah="KEPUTUSAN",
            keperluan="SK panitia",
            untuk_nama="Sekretaris",
            now=at(2026, 11, 23, 9),
        )
        ns.void(session, actor=petugas, nomor_id=sk.id, alasan="salah ambil", now=at(2026, 11, 23))
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        assert column(screen, "nomor") == [letter.nomor_surat, sk.nomor_teks]

        await pilot.press("f", "tab", "tab", "enter")  # the state filter
        await type_text(pilot, "BATAL")
        await pilot.press("enter")
        await settle(pilot)
        assert column(screen, "nomor") == [sk.nomor_teks]
        assert "1 nomor" in static_text(screen, "#ns-summary")

        await pilot.press("shift+tab", "enter")  # the series filter: Naskah dinas …
        await type_text(pilot, "Naskah")
        await pilot.press("enter")
        await settle(pilot)
        assert column(screen, "nomor") == []
        assert "Belum ada nomor yang cocok" in static_text(screen, "#ns-detail")

        await pilot.press("tab", "enter", "home", "enter")  # state: semua again
        await settle(pilot)
        assert column(screen, "nomor") == [letter.nomor_surat]
        # the gap report follows the series filter: the voided Keputusan number is elsewhere
        await pilot.press("escape", "g")
        await settle(pilot)
        assert screen.gap_table.row_count == 0
        assert "seri Naskah dinas" in static_text(screen, "#ns-gap-head")
        await pilot.press("g")
        await settle(pilot)

        await pilot.press("f", "enter")  # the year
        await type_text(pilot, "Tahun 2025")
        await pilot.press("enter")
        await settle(pilot)
        assert column(screen, "nomor") == [old.nomor_surat]
        assert old.nomor_surat.endswith("/2025")
        assert "(tahun 2025)" in static_text(screen, "#ns-integrity")


async def test_the_ledger_is_read_page_by_page(demo_store: Store, settings: Settings) -> None:
    petugas = actor_of(demo_store, "petugas")
    with demo_store.write() as session:
        for index in range(PAGE + 30):
            ns.reserve(
                session,
                actor=petugas,
                jenis_naskah="SD",
                klasifikasi="PL.01.1",
                keperluan=f"Surat ke-{index + 1}",
                untuk_nama="Staf TPPH",
                now=at(2026, 11, 23, 9),
            )
    app = make_app(demo_store, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        assert screen.table.row_count == PAGE
        assert f"{PAGE + 30} nomor · dimuat {PAGE}" in static_text(screen, "#ns-summary")
        await pilot.press("end")
        await settle(pilot)
        assert screen.table.row_count == PAGE + 30
        numbers = column(screen, "nomor")
        assert numbers[0].startswith("1/") and numbers[-1].startswith(f"{PAGE + 30}/")
        assert "dimuat" not in static_text(screen, "#ns-summary")
