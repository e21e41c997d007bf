"""Referensi: kode klasifikasi, jenis naskah, pick lists, units and positions (admin only).

Every change goes through :mod:`kpu_tui.services.reference`, which journals it; nothing is
deleted, entries are turned off (and on again) with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from kpu_tui.models import OptionKind
from kpu_tui.services import reference as ref
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import StoreError

from ..widgets.dialogs import ConfirmReason
from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.modal_form import FormDialog, Values
from ..widgets.reference_forms import FORMS, KIND_LABELS
from .base import AreaScreen

SEARCH_LIMIT = 500
"""The klasifikasi table holds a few hundred codes; a search shows at most this many."""
TABS = ("tab-kl", "tab-jn", "tab-op", "tab-unit")
TABLES = {
    "kl": "Kode klasifikasi",
    "jn": "Jenis naskah",
    "op": "Pilihan",
    "unit": "Unit",
    "jab": "Jabatan",
}
COLUMNS: dict[str, tuple[tuple[str, int], ...]] = {
    "kl": (("Kode", 10), ("Uraian", 52), ("Kelompok", 12), ("Status", 9)),
    "jn": (("Kode", 10), ("Nama", 30), ("Kelompok", 24), ("Klasifikasi", 11), ("Status", 9)),
    "op": (("Daftar", 19), ("Kode", 18), ("Nama", 28), ("Urutan", 6), ("Status", 9)),
    "unit": (("Kode", 13), ("Nama", 40), ("Jenis", 12), ("Induk", 13), ("Status", 9)),
    "jab": (("Jabatan", 36), ("Pemegang", 26), ("NIP", 18), ("Unit", 26), ("Status", 9)),
}
"""Columns and widths, most important first (at 80 columns the last ones scroll)."""


def _name_of(view: Any) -> str:
    return str(getattr(view, "nama", "") or getattr(view, "uraian", ""))


def _status(aktif: bool) -> str:
    return "aktif" if aktif else "NONAKTIF"


class ReferenceScreen(AreaScreen):
    """The reference tables in tabs; the same keys act on the table in view."""

    AREA_MODE = "referensi"
    AREA_TITLE = "Referensi"
    BINDINGS = [
        Binding("n", "new", "Baru", id="ref-new"),
        Binding("enter", "edit", "Buka", show=False, id="ref-open"),
        Binding("e", "edit", "Ubah", id="ref-edit"),
        Binding("x", "toggle_active", "Nonaktifkan/aktifkan", id="ref-toggle"),
        Binding("slash", "search", "Cari kode", id="ref-search"),
        Binding("left_square_bracket", "tab(-1)", "Tab sebelumnya", id="ref-prev"),
        Binding("right_square_bracket", "tab(1)", "Tab berikutnya", id="ref-next"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="ref-back"),
    ]

    def compose_content(self) -> ComposeResult:
        """Four tabs, each with its table."""
        with TabbedContent(id="ref-tabs"):
            with TabPane("Kode klasifikasi", id="tab-kl"):
                yield Input(
                    placeholder="/ cari kode atau uraian, mis. PL.01 atau undangan",
                    id="kl-query",
                    compact=True,
                )
                yield self._table("kl")
                yield Static("", id="kl-detail", classes="admin-detail")
            with TabPane("Jenis naskah", id="tab-jn"):
                yield self._table("jn")
            with TabPane("Pilihan", id="tab-op"):
                yield self._table("op")
            with TabPane("Unit dan jabatan", id="tab-unit"):
                yield Static("Unit kerja", classes="section")
                yield self._table("unit")
                yield Static("Jabatan dan pemegangnya", classes="section")
                yield self._table("jab")

    @staticmethod
    def _table(name: str) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(
            id=f"{name}-table", cursor_type="row", zebra_stripes=True, classes="ref-table"
        )
        for column, width in COLUMNS[name]:
            table.add_column(column, width=width)
        return table

    def on_mount(self) -> None:
        """Fill every tab."""
        super().on_mount()
        self._data: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
        self._unit_side = "jab"
        self.refresh_content()
        self.query_one("#kl-table", DataTable).focus()

    # -- data -------------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Read every reference table again."""
        for name in TABLES:
            self._load(name)

    def _load(self, name: str, select: str | None = None) -> None:
        try:
            with self.kpu.store.read() as session:
                rows = self._read(session, name)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error")
            return
        table = self.query_one(f"#{name}-table", DataTable)
        keep = select or highlighted_key(table)
        table.clear()
        self._data[name] = {}
        for key, view, cells in rows:
            self._data[name][key] = view
            style = "" if view.aktif else "dim"
            table.add_row(*(cell(value, style) for value in cells), key=key)
        move_to_key(table, keep)
        if name == "kl":
            self._show_kl_detail()

    def _read(self, session: Any, name: str) -> list[tuple[str, Any, tuple[object, ...]]]:
        if name == "kl":
            text = self.query_one("#kl-query", Input).value
            return [
                (v.kode, v, (v.kode, v.uraian, v.kelompok, _status(v.aktif)))
                for v in ref.search_klasifikasi(
                    session, text, limit=SEARCH_LIMIT, include_inactive=True
                )
            ]
        if name == "jn":
            return [
                (
                    v.kode,
                    v,
                    (
                        v.kode,
                        v.nama,
                        v.kelompok,
                        "ya" if v.pakai_klasifikasi else "tidak",
                        _status(v.aktif),
                    ),
                )
                for v in ref.list_jenis_naskah(session, include_inactive=True)
            ]
        if name == "op":
            return [
                (str(v.id), v, (KIND_LABELS[v.kind], v.kode, v.nama, v.urutan, _status(v.aktif)))
                for kind in OptionKind
                for v in ref.list_options(session, kind, include_inactive=True)
            ]
        if name == "unit":
            return [
                (v.kode, v, (v.kode, v.nama, v.jenis.value, v.induk_kode or "–", _status(v.aktif)))
                for v in ref.list_units(session, include_inactive=True)
            ]
        return [
            (
                v.kode,
                v,
                (
                    v.nama,
                    v.pemegang_nama or "–",
                    v.pemegang_nip or "–",
                    v.unit_nama,
                    _status(v.aktif),
                ),
            )
            for v in ref.list_jabatan(session, include_inactive=True)
        ]

    def _show_kl_detail(self) -> None:
        view = self._data["kl"].get(highlighted_key(self.query_one("#kl-table", DataTable)) or "")
        detail = self.query_one("#kl-detail", Static)
        if view is None:
            detail.update(f"{len(self._data['kl'])} kode cocok.")
            return
        detail.update(
            Text(
                f"{view.kode} — {view.uraian} · induk {view.induk or '–'} · "
                f"tingkat {view.tingkat} · {view.kelompok} · sumber {view.sumber or '–'} · "
                f"{_status(view.aktif)} · {len(self._data['kl'])} kode cocok"
            )
        )

    @on(DataTable.RowHighlighted, "#kl-table")
    def kl_highlighted(self) -> None:
        """Describe the highlighted code."""
        self._show_kl_detail()

    @on(Input.Changed, "#kl-query")
    def kl_query_changed(self) -> None:
        """Search as the user types."""
        self._load("kl")

    @on(Input.Submitted, "#kl-query")
    def kl_query_submitted(self) -> None:
        """Enter goes to the results."""
        self.query_one("#kl-table", DataTable).focus()

    @on(DataTable.RowSelected, ".ref-table")
    def row_selected(self) -> None:
        """Enter on a row opens it."""
        self.action_edit()

    def on_descendant_focus(self) -> None:
        """Remember which of the two tables of the unit tab was used last."""
        focused = self.focused
        if focused is not None and focused.id in ("unit-table", "jab-table"):
            self._unit_side = focused.id.removesuffix("-table")

    # -- which table ------------------------------------------------------------------------

    def _target(self) -> str:
        active = self.query_one("#ref-tabs", TabbedContent).active
        return {"tab-kl": "kl", "tab-jn": "jn", "tab-op": "op"}.get(active, self._unit_side)

    def _current(self, name: str) -> Any:
        key = highlighted_key(self.query_one(f"#{name}-table", DataTable))
        return self._data[name].get(key or "")

    def _actor(self) -> Actor:
        if self.kpu.actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return self.kpu.actor

    # -- actions ----------------------------------------------------------------------------

    def action_tab(self, step: int) -> None:
        """Show the previous or next tab."""
        tabs = self.query_one("#ref-tabs", TabbedContent)
        index = (TABS.index(tabs.active) + step) % len(TABS) if tabs.active in TABS else 0
        tabs.active = TABS[index]
        name = {"tab-kl": "kl", "tab-jn": "jn", "tab-op": "op"}.get(TABS[index], self._unit_side)
        self.query_one(f"#{name}-table", DataTable).focus()

    def action_search(self) -> None:
        """Search the kode klasifikasi."""
        self.query_one("#ref-tabs", TabbedContent).active = "tab-kl"
        self.query_one("#kl-query", Input).focus()

    def action_back_to_table(self) -> None:
        """Esc in the search box returns to the table."""
        self.query_one(f"#{self._target()}-table", DataTable).focus()

    def action_new(self) -> None:
        """A new entry in the table in view."""
        self._open(self._target(), None)

    def action_edit(self) -> None:
        """Edit the highlighted entry of the table in view."""
        name = self._target()
        view = self._current(name)
        if view is not None:
            self._open(name, view)

    def _open(self, name: str, view: Any) -> None:
        actor = self._actor()
        units = [u for u in self._data["unit"].values() if u.aktif]
        fields, write = FORMS[name](view, actor, units)
        title = f"{'Ubah' if view else 'Tambah'} {TABLES[name].lower()}"

        def save(values: Values) -> str:
            with self.kpu.store.write() as session:
                saved = write(session, values)
            return str(saved.id if name == "op" else saved.kode)

        def saved(key: str | None) -> None:
            if key is not None:
                self.notify(f"{TABLES[name]} {key} tersimpan.", title="Tersimpan", markup=False)
                self._after_write(name, key)

        self.app.push_screen(FormDialog(title, fields, save), saved)

    def _after_write(self, name: str, key: str) -> None:
        # A code turned off takes its sub-codes with it, and a jabatan shows its unit's name:
        # reload the neighbours too.
        self._load(name, select=key)
        if name == "unit":
            self._load("jab")

    def action_toggle_active(self) -> None:
        """Turn the highlighted entry off (or on again), with a reason."""
        name = self._target()
        view = self._current(name)
        if view is None:
            return
        actor = self._actor()
        aktif = not view.aktif
        verb = "Aktifkan kembali" if aktif else "Nonaktifkan"
        setters: dict[str, Callable[..., Any]] = {
            "kl": lambda s, a: ref.set_klasifikasi_aktif(s, kode=view.kode, **a),
            "jn": lambda s, a: ref.set_jenis_naskah_aktif(s, kode=view.kode, **a),
            "op": lambda s, a: ref.set_option_aktif(s, kind=view.kind, kode=view.kode, **a),
            "unit": lambda s, a: ref.set_unit_aktif(s, kode=view.kode, **a),
            "jab": lambda s, a: ref.set_jabatan_aktif(s, kode=view.kode, **a),
        }

        def confirm(alasan: str) -> str:
            with self.kpu.store.write() as session:
                setters[name](session, {"actor": actor, "aktif": aktif, "alasan": alasan})
            return str(view.id if name == "op" else view.kode)

        note = " Sub-kode yang aktif ikut dinonaktifkan." if name == "kl" and not aktif else ""
        message = (
            f"{verb} {TABLES[name].lower()} {view.kode} ({_name_of(view)})? "
            f"Data lama yang memakainya tetap tersimpan.{note}"
        )

        def done(key: str | None) -> None:
            if key is not None:
                self.notify(f"{TABLES[name]} {view.kode}: {verb.lower()} tersimpan.", markup=False)
                self._after_write(name, key)

        self.app.push_screen(
            ConfirmReason(f"{verb} {TABLES[name].lower()}", message, confirm, confirm_label=verb),
            done,
        )
