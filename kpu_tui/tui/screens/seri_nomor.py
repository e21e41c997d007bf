"""Seri nomor: the office's numbering series of outgoing letters (admin only), opened from the
Nomor Surat ledger with ``S``.

The list shows every series with its template, an example number and the jenis naskah that take
their numbers from it. The form edits one (or adds one): kode, nama, the template with a live
example under it (a template that cannot be used says why at the field, as the admin types),
the jenis naskah that belong to it (a checklist; a jenis ticked here leaves its other series),
whether it is the default series (seri bawaan) and whether it is active. Saving is one
``with store.write()`` around :func:`kpu_tui.services.nomor_surat.save_series`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Static

from kpu_tui.rules import nomor_surat as rules
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services import office, reference
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import SeriView
from kpu_tui.store import StoreError

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import Checklist, ChecklistEntry, focus_inside
from .surat_masuk_form import actor_of, error_text, fit_scroll, kpu

CSS_FILE = "../nomor_surat.tcss"


COLUMNS = (
    ColumnSpec("kode", "Kode", 14),
    ColumnSpec("nama", "Nama", 16, flex=1, drop=3),
    ColumnSpec("format", "Format", 20, flex=2),
    ColumnSpec("contoh", "Contoh", 26, flex=1),
    ColumnSpec("jenis", "Jenis naskah", 12, flex=1, drop=2),
    ColumnSpec("keadaan", "Keadaan", 14, drop=1),
)


def contoh(
    template: str, kode_wilayah: str, tahun: int, jenis: Sequence[str] = ()
) -> tuple[str, str]:
    """``(example, "")`` for a usable template, ``("", message)`` otherwise.

    The example is :func:`kpu_tui.rules.nomor_surat.example`'s sample letter; when the series
    has jenis naskah, the first one's kode stands in for the sample's ``SD``.
    """
    try:
        example = rules.example(template, kode_wilayah=kode_wilayah, tahun=tahun)
    except rules.FormatError as exc:
        return "", str(exc)
    if jenis:
        parts = rules.NomorParts(
            tahun=tahun,
            bulan=11,
            klasifikasi="PL.01.1",
            jenis=jenis[0],
            kode_wilayah=kode_wilayah or "6474",
            unit="KUL",
        )
        example = rules.parse_format(template).render(123, parts)
    return example, ""


def _kode_wilayah(screen: ModalScreen[Any]) -> str:
    with kpu(screen).store.read() as session:
        profile = office.get_office(session)
    return profile.kode_wilayah if profile is not None else ""


class SeriNomorScreen(ModalScreen[None]):
    """The series: a table, the highlighted series in words, keys to add and edit."""

    CSS_PATH = CSS_FILE
    BINDINGS = [
        Binding("n", "add", "Tambah seri", id="seri-add"),
        Binding("e", "edit", "Ubah", id="seri-edit"),
        Binding("escape", "close", "Tutup", id="seri-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._series: list[SeriView] = []
        self._jenis_names: dict[str, str] = {}
        self._kode_wilayah = ""

    def compose(self) -> ComposeResult:
        """Title, what a series is, the table, the detail."""
        with Vertical(classes="view-box"):
            yield Static("Seri nomor surat keluar", classes="view-title")
            yield Static(
                Text(
                    "Setiap jenis naskah mengambil nomor dari satu seri; jenis yang tidak "
                    "dipetakan memakai seri bawaan. Nomor dimulai lagi setiap 1 Januari. "
                    "Mengubah format tidak mengubah nomor yang sudah diberikan."
                ),
                id="seri-intro",
            )
            table: DataTable[Text] = DataTable(
                id="seri-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static("", id="seri-detail")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, rows, the cursor in the table."""
        self._columns: list[str] = []
        self.reload()
        self.query_one("#seri-table", DataTable).focus()

    def on_resize(self) -> None:
        """Fit the columns to the width (the rows are added again when they change)."""
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        table = self.query_one("#seri-table", DataTable)
        if not table.size.width:
            return
        changed = apply_columns(table, COLUMNS, table.size.width, self._columns)
        if changed is not None:  # rebuilt without rows: add them again
            self._columns = changed
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the series again, keeping the cursor's series."""
        table = self.query_one("#seri-table", DataTable)
        keep = select or highlighted_key(table)
        with kpu(self).store.read() as session:
            self._series = ns.list_series(session)
            self._jenis_names = {
                j.kode: j.nama for j in reference.list_jenis_naskah(session, include_inactive=True)
            }
        self._kode_wilayah = _kode_wilayah(self)
        tahun = kpu(self).today().year
        plan = apply_columns(table, COLUMNS, table.size.width or 80, self._columns)
        self._columns = plan or self._columns
        table.clear()
        keys = [str(column.value) for column in table.columns]
        for seri in self._series:
            example, problem = contoh(seri.format, self._kode_wilayah, tahun, seri.jenis)
            keadaan = ["bawaan" if seri.bawaan else "", "aktif" if seri.aktif else "nonaktif"]
            values = {
                "kode": cell(seri.kode, "bold" if seri.bawaan else ""),
                "nama": cell(seri.nama, "" if seri.aktif else "dim"),
                "format": cell(seri.format),
                "contoh": cell(example or problem, "green" if example else "red"),
                "jenis": cell(", ".join(seri.jenis) or ("(jenis lain)" if seri.bawaan else "–")),
                "keadaan": cell(" · ".join(k for k in keadaan if k), "" if seri.aktif else "dim"),
            }
            table.add_row(*(values[key] for key in keys), key=seri.kode)
        move_to_key(table, keep)
        self.show_detail()

    def current(self) -> SeriView | None:
        """The highlighted series."""
        key = highlighted_key(self.query_one("#seri-table", DataTable))
        return next((s for s in self._series if s.kode == key), None)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        """The highlighted series in words."""
        seri = self.current()
        detail = self.query_one("#seri-detail", Static)
        if seri is None:
            detail.update(Text("Belum ada seri. n: tambah seri", style="dim"))
            return
        tahun = kpu(self).today().year
        example, problem = contoh(seri.format, self._kode_wilayah, tahun, seri.jenis)
        out = Text()
        out.append(f"{seri.nama} ({seri.kode})", style="bold")
        if seri.bawaan:
            out.append(" · seri bawaan")
        if not seri.aktif:
            out.append(" · nonaktif", style="dim")
        out.append(f"\nFormat {seri.format} → ")
        out.append(example or problem, style="bold green" if example else "bold red")
        names = [f"{self._jenis_names.get(k, k)} ({k})" for k in seri.jenis]
        if names:
            out.append("\nJenis naskah: " + ", ".join(names))
        elif seri.bawaan:
            out.append("\nJenis naskah: semua yang tidak dipetakan ke seri lain")
        out.append("\nEnter atau e: ubah · n: tambah seri · Esc: tutup", style="dim")
        detail.update(out)

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        """Enter edits the highlighted series."""
        self.action_edit()

    def _open(self, seri: SeriView | None) -> None:
        def saved(result: SeriView | None) -> None:
            if result is not None:
                self.notify(f"Seri {result.nama} disimpan.", title="Seri nomor", markup=False)
                self.reload(select=result.kode)
            self.query_one("#seri-table", DataTable).focus()

        self.app.push_screen(SeriFormDialog(seri, self._series), saved)

    def action_add(self) -> None:
        """A new series."""
        self._open(None)

    def action_edit(self) -> None:
        """Edit the highlighted series."""
        seri = self.current()
        if seri is not None:
            self._open(seri)

    def action_close(self) -> None:
        """Back to the ledger."""
        self.dismiss(None)


class SeriFormDialog(ModalScreen[SeriView | None]):
    """Add or edit a series; the example number under the template follows every key typed."""

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="seri-save"),
        Binding("escape", "close", "Tutup", id="seri-form-close"),
    ]

    def __init__(self, seri: SeriView | None, series: list[SeriView]) -> None:
        super().__init__()
        self.seri = seri
        self._series = series
        self._initial: dict[str, Any] = {}
        self._kode_wilayah = ""

    def compose(self) -> ComposeResult:
        """The fields of a series."""
        seri = self.seri
        with kpu(self).store.read() as session:
            jenis = reference.list_jenis_naskah(session)
        owner = {kode: s for s in self._series for kode in s.jenis}
        entries = []
        for j in jenis:
            other = owner.get(j.kode)
            here = seri is not None and other is not None and other.kode == seri.kode
            detail = f"kini seri {other.nama}" if other is not None and not here else ""
            entries.append(ChecklistEntry(f"{j.nama} ({j.kode})", detail, j.kode))
        title = f"Ubah seri {seri.nama}" if seri else "Tambah seri nomor"
        with Vertical(classes="dialog-box", id="seri-box"):
            yield Static(Text(title), classes="dialog-title")
            with VerticalScroll(id="seri-fields"):
                kode = Input(
                    seri.kode if seri else "",
                    placeholder="huruf kecil, mis. nota_dinas",
                    max_length=30,
                    id="seri-kode",
                    disabled=seri is not None,
                )
                yield FormField("Kode seri", kode, id="f-kode")
                nama = Input(seri.nama if seri else "", max_length=120, id="seri-nama")
                yield FormField("Nama seri", nama, id="f-nama")
                fmt = Input(
                    seri.format if seri else rules.DEFAULT_FORMAT,
                    max_length=rules.MAX_FORMAT,
                    id="seri-format",
                )
                yield FormField(
                    "Format nomor",
                    fmt,
                    id="f-format",
                    hint="Isian: {urut} atau {urut:3}, {klasifikasi}, {jenis}, {kode_wilayah}, "
                    "{unit}, {bulan} (romawi), {tahun}.",
                )
                yield Static("", id="seri-contoh")
                checklist: Checklist[str] = Checklist(
                    entries,
                    chosen=list(seri.jenis) if seri else [],
                    filter_placeholder="ketik untuk menyaring jenis naskah…",
                    id="seri-jenis",
                )
                yield FormField("Jenis naskah seri ini", checklist, id="f-jenis")
                yield FormField(
                    "Seri bawaan",
                    Checkbox(
                        "untuk jenis naskah yang tidak dipetakan",
                        value=seri.bawaan if seri else False,
                        id="seri-bawaan",
                    ),
                    id="f-bawaan",
                )
                yield FormField(
                    "Aktif",
                    Checkbox("seri dipakai", value=seri.aktif if seri else True, id="seri-aktif"),
                    id="f-aktif",
                )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (Ctrl+S)", id="seri-simpan", variant="primary", compact=True)
                yield Button("Tutup (Esc)", id="seri-tutup", compact=True)

    def on_mount(self) -> None:
        """The example of the starting template; the cursor in the first editable field."""
        self._kode_wilayah = _kode_wilayah(self)
        self._initial = self.values()
        self.show_example()
        self.query_one("#seri-nama" if self.seri else "#seri-kode", Input).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """The fields scroll when the terminal is short."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self.is_attached:
            fit_scroll(self, self.query_one("#seri-box"), self.query_one("#seri-fields"))

    def values(self) -> dict[str, Any]:
        """What the form holds."""
        return {
            "kode": self.query_one("#seri-kode", Input).value,
            "nama": self.query_one("#seri-nama", Input).value,
            "format": self.query_one("#seri-format", Input).value,
            "jenis": sorted(self.query_one("#seri-jenis", Checklist).selected),
            "bawaan": self.query_one("#seri-bawaan", Checkbox).value,
            "aktif": self.query_one("#seri-aktif", Checkbox).value,
        }

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.values() != self._initial

    @on(Input.Changed, "#seri-format")
    def show_example(self) -> None:
        """The number the template writes for a sample letter, or why it cannot be used."""
        template = self.query_one("#seri-format", Input).value
        jenis = sorted(self.query_one("#seri-jenis", Checklist).selected)
        example, problem = contoh(template, self._kode_wilayah, kpu(self).today().year, jenis)
        box = self.query_one("#seri-contoh", Static)
        field = self.query_one("#f-format", FormField)
        if example:
            box.update(Text.assemble("Contoh: ", (example, "bold")))
            box.remove_class("-invalid")
        else:
            box.update(Content("Contoh: –"))
            box.add_class("-invalid")
        field.error = problem

    @on(Checklist.Changed)
    def jenis_changed(self) -> None:
        """The example writes the first ticked jenis naskah."""
        self.show_example()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, like Tab (the checklist's filter box goes to its list itself)."""
        if event.input.has_class("checklist-filter"):
            return
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#seri-simpan")
    def save_pressed(self) -> None:
        """The Simpan button."""
        self.action_save()

    @on(Button.Pressed, "#seri-tutup")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def action_save(self) -> None:
        """Save; on failure the form stays with what was typed."""
        values = self.values()
        try:
            with kpu(self).store.write() as session:
                view = ns.save_series(
                    session,
                    actor=actor_of(self),
                    kode=values["kode"],
                    nama=values["nama"],
                    format=values["format"],
                    jenis=values["jenis"],
                    bawaan=values["bawaan"],
                    aktif=values["aktif"],
                )
        except ValidationError as exc:
            first = show_errors(self, exc.errors)
            if first is not None:
                focus_inside(first)
                self.query_one("#seri-fields", VerticalScroll).scroll_to_widget(first)
            return
        except (ServiceError, StoreError) as exc:
            show_errors(self, {})
            self.query_one("#form-error", Static).update(Content(error_text(exc)))
            return
        self.dismiss(view)

    def action_close(self) -> None:
        """Close; a changed form asks first."""
        if not self.changed:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)


__all__ = ["SeriFormDialog", "SeriNomorScreen", "contoh"]
