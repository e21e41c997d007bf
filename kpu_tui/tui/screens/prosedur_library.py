"""Pustaka SOP: every SOP the office works by, searchable by number or words.

The ~31 SOPs are loaded once (cached by the loader), so the search runs in memory as the user
types. Enter reads the SOP as its flowchart, ``n`` starts a run of it, ``p`` prints it, ``m``
opens its mutu baku.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from kpu_tui.sop.model import Sop

from ..widgets.columns import ColumnSpec, apply_columns
from ..widgets.display import cell, highlighted_key, move_to_key
from .prosedur_render import column_letter

if TYPE_CHECKING:
    from .prosedur import ProsedurScreen

LIBRARY_COLUMNS = (
    ColumnSpec("id", "Nomor", 9, flex=1),
    ColumnSpec("nama", "Nama / judul", 20, flex=5),
    ColumnSpec("satker", "Satker", 16, flex=1, drop=1),
    ColumnSpec("langkah", "Langkah", 7),
)


def satker_pendek(satker: str) -> str:
    """ "Sekretariat KPU Kota Bontang" for "Sekretariat Komisi Pemilihan Umum Kota Bontang"."""
    return satker.replace("Komisi Pemilihan Umum", "KPU")


def matches(sop: Sop, words: list[str]) -> bool:
    """Whether every word occurs in the SOP's number, name, flowchart title, satker or source."""
    text = " ".join((sop.id, sop.nomor, sop.nama, sop.flowchart, sop.satker, sop.sumber)).lower()
    return all(word in text for word in words)


def search(sops: list[Sop], query: str) -> list[Sop]:
    """The SOPs matching ``query``; an exact number ("9.17") comes first."""
    words = query.lower().split()
    found = [sop for sop in sops if matches(sop, words)]
    exact = query.strip().lower()
    return sorted(found, key=lambda sop: sop.id.lower() != exact)


class SopTable(DataTable[Text]):
    """The library table: Enter opens the highlighted SOP."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Buka", id="sop-enter"),
        Binding("home", "scroll_top", "Baris pertama", show=False),
        Binding("end", "scroll_bottom", "Baris terakhir", show=False),
    ]


class LibraryPane(Vertical):
    """The SOP library: search box, table, a line about the highlighted SOP."""

    BINDINGS = [
        Binding("n", "start", "Mulai prosedur", id="lib-start"),
        Binding("p", "print", "Cetak", id="lib-print"),
        Binding("m", "mutu_baku", "Mutu baku", id="lib-mutu"),
        Binding("slash", "search", "Cari", id="lib-search"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="lib-back"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._shown: list[Sop] = []
        self._columns: list[str] = []

    @property
    def host(self) -> ProsedurScreen:
        """The Prosedur screen."""
        return cast("ProsedurScreen", self.screen)

    def compose(self) -> ComposeResult:
        """Search box, table, detail line."""
        yield Input(
            placeholder="/ cari nomor atau kata, mis. 9.17 atau revisi",
            id="lib-query",
            compact=True,
        )
        yield SopTable(id="lib-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lib-detail")

    @property
    def table(self) -> SopTable:
        """The library table."""
        return self.query_one(SopTable)

    def on_mount(self) -> None:
        """Every SOP."""
        self.fill()

    def on_resize(self) -> None:
        """Fit the columns to the width."""
        self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """Show the SOPs matching the search."""
        table = self.table
        keep = highlighted_key(table)
        changed = apply_columns(table, LIBRARY_COLUMNS, table.size.width or 80, self._columns)
        if changed is not None:
            self._columns = changed
        table.clear()
        self._shown = search(self.host.sops, self.query_one("#lib-query", Input).value)
        keys = [str(column.value) for column in table.columns]
        for sop in self._shown:
            values = {
                "id": cell(sop.id),
                "nama": cell(sop.judul),
                "satker": cell(satker_pendek(sop.satker)),
                "langkah": Text(str(len(sop.langkah)), justify="right"),
            }
            table.add_row(*(values[key] for key in keys), key=sop.id)
        move_to_key(table, keep)
        self.show_detail()

    def current(self) -> Sop | None:
        """The highlighted SOP."""
        key = highlighted_key(self.table)
        return next((sop for sop in self._shown if sop.id == key), None)

    def show_detail(self) -> None:
        """Number, source, pelaksana and decisions of the highlighted SOP."""
        sop = self.current()
        detail = self.query_one("#lib-detail", Static)
        total = len(self.host.sops)
        if sop is None:
            detail.update(Text(f"Tidak ada SOP yang cocok ({total} SOP di pustaka).", style="dim"))
            return
        decisions = sum(1 for langkah in sop.langkah if langkah.keputusan)
        pelaksana = ", ".join(f"{column_letter(i)} {p.nama}" for i, p in enumerate(sop.pelaksana))
        detail.update(
            Text(
                f"SOP {sop.nomor} · {sop.judul_lengkap}\n{sop.satker} · {sop.sumber}\n"
                f"{len(sop.langkah)} langkah, {decisions} keputusan · pelaksana: {pelaksana}\n"
                f"{len(self._shown)} dari {total} SOP · Enter: baca flowchart · n: mulai",
            )
        )

    @on(DataTable.RowHighlighted, "#lib-table")
    def row_highlighted(self) -> None:
        """Describe the highlighted SOP."""
        self.show_detail()

    @on(DataTable.RowSelected, "#lib-table")
    def row_selected(self) -> None:
        """Enter reads the SOP as its flowchart."""
        sop = self.current()
        if sop is not None:
            self.host.open_sop(sop)

    @on(Input.Changed, "#lib-query")
    def query_changed(self) -> None:
        """Search as the user types."""
        self.fill()

    @on(Input.Submitted, "#lib-query")
    def query_submitted(self) -> None:
        """Enter goes to the results."""
        self.table.focus()

    def action_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#lib-query", Input).focus()

    def action_back_to_table(self) -> None:
        """Esc in the search box returns to the table."""
        self.table.focus()

    def action_start(self) -> None:
        """Start a run of the highlighted SOP."""
        sop = self.current()
        if sop is not None:
            self.host.start_run(sop)

    def action_print(self) -> None:
        """Print the highlighted SOP as PDF."""
        sop = self.current()
        if sop is not None:
            self.host.print_sop(sop)

    def action_mutu_baku(self) -> None:
        """The mutu baku of the highlighted SOP."""
        sop = self.current()
        self.host.open_mutu_baku(sop.id if sop else None)


__all__ = ["LIBRARY_COLUMNS", "LibraryPane", "SopTable", "satker_pendek", "search"]
