"""The screen under the login and the set-up wizard: the product's name, nothing else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class StartScreen(Screen[None]):
    """A quiet background while nobody is logged in."""

    def compose(self) -> ComposeResult:
        """The product line."""
        with Middle(), Center():
            yield Static("kpu-tui · register persuratan sekretariat KPU", id="start-title")
