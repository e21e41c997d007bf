"""Beranda: what the registers hold today and what waits, each figure opening its list.

The first section counts the office's open work and what is overdue; Enter on a figure opens
the list behind it, filtered (the office queue for whom may open it, else the register), as
:mod:`kpu_tui.services.overview` decides.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from kpu_tui.services import overview

from .base import AreaScreen
from .surat_masuk_render import LATE


class HomeScreen(AreaScreen):
    """The home screen: live counts from every register that exists."""

    AREA_MODE = "beranda"
    AREA_TITLE = "Beranda"
    BINDINGS = [
        Binding("enter", "open_row", "Buka", id="open"),
        Binding("r", "reload", "Muat ulang", id="reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._targets: dict[str, overview.Target] = {}
        """The list each figure's row opens, by row key (figures without one are absent)."""

    def compose_content(self) -> ComposeResult:
        """Greeting and the table of figures."""
        yield Static("", id="home-greeting")
        table: DataTable[Text] = DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        """Set the header and fill the table."""
        super().on_mount()
        table = self.query_one("#home-table", DataTable)
        table.add_column("Register", key="label")
        table.add_column("Jumlah", key="value")
        table.add_column("Keterangan", key="hint")
        self.refresh_content()
        table.focus()

    def refresh_content(self) -> None:
        """Query the counts again."""
        now = self.kpu.now()
        with self.kpu.store.read() as session:
            sections = overview.home_sections(session, now)
        name = self.kpu.actor.name if self.kpu.actor else ""
        self.query_one("#home-greeting", Static).update(
            Content(
                f"Selamat datang, {name}\nAngka di bawah dihitung langsung dari register; "
                "Enter membuka daftarnya."
            )
        )
        modes = {mode for mode, _ in self.kpu.nav_entries()}
        table = self.query_one("#home-table", DataTable)
        row = table.cursor_row
        table.clear()
        self._targets = {}
        for s_index, section in enumerate(sections):
            table.add_row(Text(section.title, style="bold"), "", "", key=f"s{s_index}")
            for c_index, counter in enumerate(section.counters):
                key = f"s{s_index}c{c_index}"
                style = LATE if counter.terlambat else ""
                table.add_row(
                    Text("  " + counter.label, style=style),
                    Text(str(counter.value), style=style),
                    Text(counter.hint, style=style),
                    key=key,
                )
                target = counter.target_for(modes)
                if target is not None:
                    self._targets[key] = target
        table.move_cursor(row=max(row, 1) if table.row_count > 1 else 0)

    def action_reload(self) -> None:
        """Count again (the navigation's count too)."""
        self.refresh_content()
        self.refresh_nav()

    def open_figure(self, key: str) -> None:
        """Open the list behind the figure of row ``key`` (filtered when it has a filter)."""
        target = self._targets.get(key)
        if target is None:
            return
        mode, flt = target
        if flt is None:
            self.kpu.open_area(mode)
        else:
            self.kpu.open_filtered(mode, flt)

    @on(DataTable.RowSelected, "#home-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a figure opens its list."""
        self.open_figure(str(event.row_key.value))

    def action_open_row(self) -> None:
        """Open the highlighted figure's list."""
        table = self.query_one("#home-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.open_figure(str(key.value))
