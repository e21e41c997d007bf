"""The left navigation list of areas, with their number keys and live counts of what waits."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

LATE = "bold red"
"""How the overdue count of an entry shows (with the word "terlambat", never colour alone)."""
TEXT_WIDTH = 19
"""The width of an entry's text before the list is laid out (22 less border and padding)."""


@dataclass(frozen=True)
class Badge:
    """What waits behind an entry: how many items, how many of them overdue."""

    jumlah: int
    terlambat: int = 0


class NavList(OptionList):
    """Areas the user may open; Enter or the area's number key opens one.

    An entry may carry a :class:`Badge`: its count right-aligned on the entry's line (none
    when nothing waits) and, when some are overdue, a second line "└ N terlambat" in red. The
    numbering of the entries never changes (the number keys follow it).
    """

    DEFAULT_CSS = """
    NavList { width: 22; height: 1fr; border: none; border-right: solid $primary-darken-2; }
    NavList:focus { border-right: thick $accent; }
    """

    @dataclass
    class Chosen(Message):
        """An area was chosen."""

        mode: str

    def __init__(self, entries: list[tuple[str, str]], current: str, **kwargs: object) -> None:
        self._labels = {
            mode: f"{n} {title}" if n <= 9 else f"  {title}"
            for n, (mode, title) in enumerate(entries, start=1)
        }
        self._badges: dict[str, Badge] = {}
        options = [Option(label, id=mode) for mode, label in self._labels.items()]
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        self._current = current

    def on_mount(self) -> None:
        """Highlight the current area."""
        try:
            self.highlighted = self.get_option_index(self._current)
        except Exception:  # an area not in the list (should not happen)
            self.highlighted = 0

    def on_resize(self) -> None:
        """Right-align the counts to the new width."""
        for mode in self._badges:
            self._show(mode)

    def badge(self, mode: str) -> Badge | None:
        """The badge of an entry (None without one)."""
        return self._badges.get(mode)

    def set_badge(self, mode: str, badge: Badge | None) -> None:
        """Show (or, with None, clear) what waits behind the entry of ``mode``."""
        if mode not in self._labels or self._badges.get(mode) == badge:
            return
        if badge is None:
            self._badges.pop(mode, None)
        else:
            self._badges[mode] = badge
        self._show(mode)

    def _show(self, mode: str) -> None:
        label = self._labels[mode]
        badge = self._badges.get(mode)
        if badge is None or not badge.jumlah:
            self.replace_option_prompt(mode, label)
            return
        width = self.scrollable_content_region.width or TEXT_WIDTH
        count = str(badge.jumlah)
        prompt = Text(label[: max(width - len(count) - 1, 1)].ljust(width - len(count)) + count)
        if badge.terlambat:
            prompt.append(f"\n  └ {badge.terlambat} terlambat", style=LATE)
        self.replace_option_prompt(mode, prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a selection into :class:`NavList.Chosen`."""
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
