"""The frame every area shares: top bar, navigation, content, footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from ..widgets.nav import NavList
from ..widgets.topbar import TopBar

QUEUE_MODE = "antrian"
"""The area whose navigation entry counts what waits for the user ("Antrian Saya")."""

if TYPE_CHECKING:
    from ..app import KpuApp


class AreaScreen(Screen[None]):
    """Base of every area screen: subclasses implement :meth:`compose_content`.

    The number keys 1–9 open the areas in navigation order from anywhere outside a text field.
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    """``-short`` below 30 rows (80x24): detail panes collapse; ``-tall`` from 30 rows."""
    AREA_MODE = ""
    """The mode name of this area (as in :mod:`kpu_tui.tui.areas`)."""
    AREA_TITLE = ""
    """The area's title in the top bar."""

    BINDINGS = [
        Binding(str(n), f"goto({n})", f"Area {n}", show=False, id=f"area-{n}") for n in range(1, 10)
    ]

    @property
    def kpu(self) -> KpuApp:
        """The app, typed."""
        return cast("KpuApp", self.app)

    def compose(self) -> ComposeResult:
        """Top bar, navigation beside the content, footer."""
        yield TopBar(id="topbar")
        with Horizontal(id="frame"):
            yield NavList(self.kpu.nav_entries(), self.AREA_MODE, id="nav")
            with Vertical(id="content"):
                yield from self.compose_content()
        yield Footer()

    def compose_content(self) -> ComposeResult:
        """The area's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        """Fill the top bar."""
        bar = self.query_one(TopBar)
        bar.office = self.kpu.office_name
        bar.area = self.AREA_TITLE
        bar.user = self.kpu.user_label
        bar.today = self.kpu.today_label()

    def on_screen_resume(self) -> None:
        """Refresh the header (a session can pass midnight; the profile may have changed), the
        content and the count of the user's queue in the navigation."""
        bar = self.query_one(TopBar)
        bar.today = self.kpu.today_label()
        bar.office = self.kpu.office_name
        self.refresh_content()
        self.refresh_nav()

    def refresh_nav(self) -> None:
        """Count the user's queue again for its navigation entry (one read of the user's own
        items; the other entries carry no count)."""
        self.query_one(NavList).set_badge(QUEUE_MODE, self.kpu.queue_badge())

    def refresh_content(self) -> None:
        """Reload what the area shows; subclasses override."""

    def action_goto(self, number: int) -> None:
        """Open the area with this number."""
        entries = self.kpu.nav_entries()
        if 1 <= number <= len(entries):
            self.kpu.open_area(entries[number - 1][0])

    @on(NavList.Chosen)
    def open_chosen_area(self, event: NavList.Chosen) -> None:
        """Open the area picked in the navigation."""
        self.kpu.open_area(event.mode)
