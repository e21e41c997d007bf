"""The left navigation list of areas, with their number keys."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class NavList(OptionList):
    """Areas the user may open; Enter or the area's number key opens one."""

    DEFAULT_CSS = """
    NavList { width: 22; height: 1fr; border: none; border-right: solid $primary-darken-2; }
    NavList:focus { border-right: thick $accent; }
    """

    @dataclass
    class Chosen(Message):
        """An area was chosen."""

        mode: str

    def __init__(self, entries: list[tuple[str, str]], current: str, **kwargs: object) -> None:
        options = [
            Option(f"{n} {title}" if n <= 9 else f"  {title}", id=mode)
            for n, (mode, title) in enumerate(entries, start=1)
        ]
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        self._current = current

    def on_mount(self) -> None:
        """Highlight the current area."""
        try:
            self.highlighted = self.get_option_index(self._current)
        except Exception:  # an area not in the list (should not happen)
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a selection into :class:`NavList.Chosen`."""
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
