"""Beranda: what the registers hold today, each figure opening its list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from kpu_tui.services import overview

from .base import AreaScreen


class HomeScreen(AreaScreen):
    """The home screen: live counts from every register that exists."""

    AREA_MODE = "beranda"
    AREA_TITLE = "Beranda"
    BINDINGS = [
        Binding("enter", "open_row", "Buka", id="open"),
        Binding("r", "reload", "Muat ulang", id="reload"),
    ]

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
        table = self.query_one("#home-table", DataTable)
        row = table.cursor_row
        table.clear()
        self._areas: dict[str, str] = {}
        for s_index, section in enumerate(sections):
            table.add_row(Text(section.title, style="bold"), "", "", key=f"s{s_index}")
            for c_index, counter in enumerate(section.counters):
                key = f"s{s_index}c{c_index}"
                table.add_row(
                    Text("  " + counter.label),
                    Text(str(counter.value)),
                    Text(counter.hint),
                    key=key,
                )
                if counter.area:
                    self._areas[key] = counter.area
        table.move_cursor(row=max(row, 1) if table.row_count > 1 else 0)

    def action_reload(self) -> None:
        """Count again."""
        self.refresh_content()

    @on(DataTable.RowSelected, "#home-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a figure opens its area."""
        area = self._areas.get(str(event.row_key.value))
        if area:
            self.kpu.open_area(area)

    def action_open_row(self) -> None:
        """Open the highlighted figure's area."""
        table = self.query_one("#home-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            area = self._areas.get(str(key.value))
            if area:
                self.kpu.open_area(area)
