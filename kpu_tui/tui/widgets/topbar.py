"""The header line: office, area, who is logged in, today's date."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TopBar(Widget):
    """``KPU Kota Bontang ─ Beranda ─────── Sekar (Petugas) ─ Senin, 23 November 2026``."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $primary; color: $text; }
    """

    office: reactive[str] = reactive("")
    """The satker's name."""
    area: reactive[str] = reactive("")
    """The area shown."""
    user: reactive[str] = reactive("")
    """Name and role of the logged-in user."""
    today: reactive[str] = reactive("")
    """Today in Indonesian words."""

    def render(self) -> Text:
        """Left: office and area; right: user and date; dropped from the right when narrow."""
        left = " " + " ─ ".join(part for part in (self.office or "kpu-tui", self.area) if part)
        right = " ─ ".join(part for part in (self.user, self.today) if part) + " "
        width = self.size.width
        if len(left) + len(right) + 1 > width:
            right = (self.user + " ") if len(left) + len(self.user) + 2 <= width else ""
        gap = max(1, width - len(left) - len(right))
        text = Text(left, style="bold")
        text.append(" " * gap)
        text.append(right)
        return text
