"""Pickers the registers' forms share: completion from earlier entries, a code picker that lists
matches as the user types, and a filtered checklist with one entry marked as the lead.

The widgets hold no session: the screen passes a ``lookup``/``search`` function (a read through
a service) and plain entries.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from kpu_tui.rules.dates import format_hari_tanggal, parse_tanggal

V = TypeVar("V", bound=Hashable)

MAX_MATCHES = 40
"""The most matches a code picker lists (the user narrows by typing)."""


def focus_inside(widget: Widget) -> None:
    """Focus ``widget``, or for a picker the control inside it that takes the keys."""
    target = widget.focus_target if isinstance(widget, (CodePicker, Checklist, DateBox)) else widget
    target.focus()


class CompletionSuggester(Suggester):
    """Suggests an earlier entry that starts with what was typed (Right arrow accepts it).

    ``lookup(text)`` returns candidates, best first (e.g. ``services.surat_masuk.suggest_asal``
    bound to a read session). Only a candidate beginning with the typed text can be shown
    inline; the comparison ignores case.
    """

    def __init__(self, lookup: Callable[[str], Sequence[str]]) -> None:
        # No cache: a sender registered a moment ago should be offered at once.
        super().__init__(use_cache=False, case_sensitive=False)
        self._lookup = lookup

    async def get_suggestion(self, value: str) -> str | None:
        """The first candidate that extends ``value`` (already case-folded)."""
        if not value.strip():
            return None
        for candidate in self._lookup(value):
            if candidate.casefold().startswith(value) and len(candidate) > len(value):
                return candidate
        return None


class _PickerInput(Input):
    """The text box of a :class:`CodePicker`: arrows move in the list, Enter picks, Esc closes
    the list (and, when it is closed, lets the screen have Esc)."""

    BINDINGS = [
        Binding("down", "move(1)", "Berikutnya", show=False),
        Binding("up", "move(-1)", "Sebelumnya", show=False),
        Binding("escape", "close_list", "Tutup daftar", show=False),
    ]

    @property
    def picker(self) -> CodePicker:
        """The picker this box belongs to."""
        parent = self.parent
        assert isinstance(parent, CodePicker)
        return parent

    def action_move(self, step: int) -> None:
        """Open the list, or move its highlight."""
        if not self.picker.move(step):
            raise SkipAction()

    def action_close_list(self) -> None:
        """Close the list; with the list closed, Esc belongs to the screen."""
        if not self.picker.close_list():
            raise SkipAction()

    async def action_submit(self) -> None:
        """Enter: pick the highlighted match (if the list is open), then move on."""
        self.picker.pick_highlighted()
        await super().action_submit()


class CodePicker(Vertical):
    """A code field that lists matching codes with their description as the user types.

    Typing ``undangan`` or ``PL.01`` lists the matches; Down/Up move, Enter picks and moves on,
    Esc closes the list. A picked code shows as ``PL.01.1 — uraian``; :attr:`value` is the
    code. Text that is not a picked code is kept as typed (the service then says what is wrong).

    Args:
        search: ``search(text)`` returns ``(kode, uraian)`` pairs, best first.
        value: the starting code.
        label: the starting code's description, to show it as picked.
        placeholder: grey text in the empty box.
    """

    DEFAULT_CSS = """
    CodePicker { width: 1fr; height: auto; }
    CodePicker > OptionList {
        display: none; height: auto; max-height: 8; border: none; padding: 0;
        background: $boost; margin: 0 0 0 0;
    }
    CodePicker.-open > OptionList { display: block; }
    """

    @dataclass
    class Picked(Message):
        """A code was picked from the list."""

        picker: CodePicker
        kode: str

        @property
        def control(self) -> CodePicker:
            """The picker."""
            return self.picker

    def __init__(
        self,
        search: Callable[[str], Sequence[tuple[str, str]]],
        *,
        value: str = "",
        label: str = "",
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._search = search
        self._picked: tuple[str, str] | None = None
        self._start = (value, label)
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The text box and the (hidden) list of matches."""
        yield _PickerInput(placeholder=self._placeholder, max_length=300)
        matches = OptionList()
        matches.can_focus = False
        yield matches

    def on_mount(self) -> None:
        """Show the starting code as picked."""
        kode, label = self._start
        if kode:
            self.set_code(kode, label)

    @property
    def input(self) -> Input:
        """The text box."""
        return self.query_one(_PickerInput)

    @property
    def focus_target(self) -> Widget:
        """What takes the focus when the field is focused (the text box)."""
        return self.input

    @property
    def matches(self) -> OptionList:
        """The list of matches."""
        return self.query_one(OptionList)

    @property
    def value(self) -> str:
        """The picked code, else the typed text (stripped)."""
        if self._picked is not None:
            return self._picked[0]
        return self.input.value.strip()

    @property
    def is_open(self) -> bool:
        """Whether the list of matches shows."""
        return self.has_class("-open")

    @staticmethod
    def _display(kode: str, uraian: str) -> str:
        return f"{kode} — {uraian}" if uraian else kode

    def set_code(self, kode: str, uraian: str) -> None:
        """Show ``kode`` as picked (empty ``kode`` clears the field)."""
        text = self._display(kode, uraian) if kode else ""
        self._picked = (kode, text) if kode else None
        box = self.input
        with box.prevent(Input.Changed):
            box.value = text
        box.cursor_position = 0
        self.close_list()

    def clear(self) -> None:
        """Empty the field."""
        self.set_code("", "")

    def _fill(self, text: str) -> None:
        found = list(self._search(text))[:MAX_MATCHES]
        matches = self.matches
        matches.clear_options()
        if found:
            matches.add_options(
                Option(Text.assemble((kode, "bold"), "  ", uraian), id=kode)
                for kode, uraian in found
            )
            matches.highlighted = 0
        else:
            matches.add_option(Option("(tidak ada kode yang cocok)", disabled=True))
        self.add_class("-open")

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """Typing forgets a pick and lists the matches of the new text."""
        event.stop()
        if self._picked is not None and event.value == self._picked[1]:
            return
        self._picked = None
        if not event.value.strip():
            self.close_list()
            return
        if self.input.has_focus:
            self._fill(event.value.strip())

    @on(Input.Blurred)
    def left(self, event: Input.Blurred) -> None:
        """Leaving closes the list; an exactly typed code counts as picked."""
        self.close_list()
        text = self.input.value.strip()
        if self._picked is None and text:
            for kode, uraian in self._search(text):
                if kode.casefold() == text.casefold():
                    self.set_code(kode, uraian)
                    break

    @on(OptionList.OptionSelected)
    def clicked(self, event: OptionList.OptionSelected) -> None:
        """A click on a match picks it."""
        event.stop()
        self.matches.highlighted = event.option_index
        self.pick_highlighted()
        self.input.focus()

    def move(self, step: int) -> bool:
        """Down opens the list; with it open, the arrows move. False: nothing to do."""
        if not self.is_open:
            if step < 0:
                return False
            self._fill(self.input.value.strip())
            return True
        if step > 0:
            self.matches.action_cursor_down()
        else:
            self.matches.action_cursor_up()
        return True

    def close_list(self) -> bool:
        """Hide the list; False when it was not open."""
        was_open = self.is_open
        self.remove_class("-open")
        return was_open

    def pick_highlighted(self) -> bool:
        """Pick the highlighted match of the open list; False when there is none."""
        if not self.is_open:
            return False
        matches = self.matches
        index = matches.highlighted
        if index is None:
            self.close_list()
            return False
        option = matches.get_option_at_index(index)
        if option.disabled or option.id is None:
            self.close_list()
            return False
        kode = option.id
        uraian = next((u for k, u in self._search(kode) if k == kode), "")
        self.set_code(kode, uraian)
        self.post_message(self.Picked(self, kode))
        return True


class DateBox(Horizontal):
    """A date field that shows the day it holds in words beside it ("Senin, 23 November 2026").

    Accepts what :func:`kpu_tui.rules.dates.parse_tanggal` reads (23/11/2026, 23-11-2026,
    2026-11-23, "hari ini" …); whether the date is allowed is the service's business.

    Args:
        value: the starting text.
        today: the office's today (for "hari ini").
        placeholder: grey text in the empty box.
    """

    DEFAULT_CSS = """
    DateBox { width: 1fr; height: 1; }
    DateBox > Input.date-input { width: 18; }
    DateBox > .date-words { width: 1fr; height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        value: str = "",
        *,
        today: Callable[[], date],
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._start = value
        self._today = today
        self._placeholder = placeholder
        self._empty_words = ""

    @property
    def empty_words(self) -> str:
        """What the words say while the box is empty (e.g. the date used by default)."""
        return self._empty_words

    @empty_words.setter
    def empty_words(self, words: str) -> None:
        self._empty_words = words
        if self.is_mounted:
            self.query_one(".date-words", Static).update(Content(self.words(self.value)))

    def compose(self) -> ComposeResult:
        """The box and the words."""
        yield Input(self._start, placeholder=self._placeholder, max_length=40, classes="date-input")
        yield Static(Content(self.words(self._start)), classes="date-words")

    def words(self, text: str) -> str:
        """The day ``text`` means, in words ("" while it cannot be read)."""
        if not text.strip():
            return self._empty_words
        try:
            return format_hari_tanggal(parse_tanggal(text, self._today()))
        except ValueError:
            return ""

    @property
    def input(self) -> Input:
        """The text box."""
        return self.query_one(Input)

    @property
    def focus_target(self) -> Widget:
        """What takes the focus when the field is focused (the text box)."""
        return self.input

    @property
    def value(self) -> str:
        """The text typed."""
        return self.input.value

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """Say which day the text means."""
        self.query_one(".date-words", Static).update(Content(self.words(event.value)))


@dataclass(frozen=True)
class ChecklistEntry(Generic[V]):
    """An entry of a :class:`Checklist`: what it shows and the value it stands for."""

    label: str
    detail: str
    value: V


class _ChecklistList(SelectionList[Any]):
    """The list of a :class:`Checklist`: space ticks, ``u`` makes the entry the lead."""

    BINDINGS = [Binding("u", "lead", "Jadikan utama", id="checklist-lead")]

    def action_cursor_up(self) -> None:
        """Up from the first entry goes back to the filter box."""
        parent = self.parent
        boxes = parent.query(".checklist-filter") if isinstance(parent, Checklist) else None
        if boxes and self.highlighted in (None, 0):
            boxes.first(Input).focus()
            return
        super().action_cursor_up()

    def action_lead(self) -> None:
        """Mark the highlighted entry as the lead (ticking it)."""
        parent = self.parent
        if not isinstance(parent, Checklist) or not parent.with_lead:
            raise SkipAction()
        if self.highlighted is None:
            return
        parent.make_lead(self.get_option_at_index(self.highlighted).value)


class Checklist(Vertical, Generic[V]):
    """A checklist with a filter box above it and, optionally, one ticked entry as the lead.

    Type in the filter box to narrow the list (Down or Enter goes to the list); space ticks;
    ``u`` marks the highlighted entry as the lead (``utama``). The ticks survive filtering. The
    first ticked entry is the lead until another is marked. A line under the list names what
    is ticked.

    Args:
        entries: what may be ticked, in order.
        with_lead: whether one ticked entry is the lead.
        filter_placeholder: grey text in the filter box ("" for no filter box).
    """

    DEFAULT_CSS = """
    Checklist { width: 1fr; height: auto; }
    Checklist > Input { border: none; height: 1; padding: 0 1; background: $boost; }
    Checklist > Input:focus { background: $accent 30%; }
    Checklist > SelectionList { height: auto; max-height: 8; border: none; padding: 0; }
    Checklist > SelectionList:focus { border: none; }
    Checklist > .checklist-summary { color: $text-muted; height: auto; }
    """

    @dataclass
    class Changed(Message):
        """The ticks or the lead changed."""

        checklist: Checklist[Any]

        @property
        def control(self) -> Checklist[Any]:
            """The checklist."""
            return self.checklist

    def __init__(
        self,
        entries: Sequence[ChecklistEntry[V]],
        *,
        with_lead: bool = False,
        filter_placeholder: str = "ketik untuk menyaring…",
        chosen: Sequence[V] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._entries = list(entries)
        self.with_lead = with_lead
        self._filter_placeholder = filter_placeholder
        self._chosen: list[V] = list(chosen)
        self._lead: V | None = None

    def compose(self) -> ComposeResult:
        """The filter box, the list, the summary line."""
        if self._filter_placeholder:
            yield Input(placeholder=self._filter_placeholder, classes="checklist-filter")
        yield _ChecklistList(*self._options(""))
        yield Static("", classes="checklist-summary")

    def on_mount(self) -> None:
        """Show the summary of the starting ticks."""
        self._summarise()

    @property
    def items(self) -> SelectionList[Any]:
        """The selection list."""
        return self.query_one(_ChecklistList)

    @property
    def focus_target(self) -> Widget:
        """What takes the focus when the field is focused (the list)."""
        return self.items

    @property
    def selected(self) -> list[V]:
        """The ticked values, in the order they were ticked."""
        return list(self._chosen)

    @property
    def lead(self) -> V | None:
        """The lead among the ticked values (the first ticked unless another was marked)."""
        if self._lead is not None and self._lead in self._chosen:
            return self._lead
        return self._chosen[0] if self._chosen else None

    def _prompt(self, entry: ChecklistEntry[V]) -> Text:
        # The lead mark goes first: long names are cut at the right edge.
        text = (
            Text("★ utama  ", style="bold")
            if self.with_lead and entry.value == self.lead
            else Text()
        )
        text.append(entry.label)
        if entry.detail:
            text.append(f" — {entry.detail}", style="dim")
        return text

    def _options(self, needle: str) -> list[Selection[Any]]:
        words = needle.casefold().split()
        out = []
        for entry in self._entries:
            haystack = f"{entry.label} {entry.detail}".casefold()
            if all(word in haystack for word in words):
                out.append(Selection(self._prompt(entry), entry.value, entry.value in self._chosen))
        return out

    def _rebuild(self) -> None:
        box = self.query(".checklist-filter")
        needle = box.first(Input).value if box else ""
        items = self.items
        keep = items.highlighted
        with items.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            items.clear_options()
            items.add_options(self._options(needle))
        if items.option_count:
            items.highlighted = min(keep or 0, items.option_count - 1)
        self._summarise()

    def _summarise(self) -> None:
        if not self._chosen:
            summary = "Belum ada yang dicentang (spasi untuk mencentang)."
        else:
            names = {entry.value: entry.label for entry in self._entries}
            parts = []
            for value in self._chosen:
                name = names.get(value, str(value))
                parts.append(f"{name} (utama)" if self.with_lead and value == self.lead else name)
            summary = f"Dicentang {len(parts)}: " + "; ".join(parts)
            if self.with_lead and len(parts) > 1:
                summary += " · u: jadikan utama"
        self.query_one(".checklist-summary", Static).update(Content(summary))

    @on(Input.Changed, ".checklist-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Narrow the list to the entries holding every typed word."""
        event.stop()
        self._rebuild()

    @on(Input.Submitted, ".checklist-filter")
    def filter_done(self, event: Input.Submitted) -> None:
        """Enter in the filter box goes to the list."""
        event.stop()
        self.items.focus()

    def on_key(self, event: events.Key) -> None:
        """Down in the filter box goes to the list."""
        box = self.query(".checklist-filter")
        if event.key == "down" and box and box.first(Input).has_focus:
            event.stop()
            event.prevent_default()
            self.items.focus()

    @on(SelectionList.SelectionToggled)
    def toggled(self, event: SelectionList.SelectionToggled[Any]) -> None:
        """Keep the ticks in the order they were made."""
        event.stop()
        value = event.selection.value
        if value in self._chosen:
            self._chosen.remove(value)
        else:
            self._chosen.append(value)
        self._rebuild()
        self.post_message(self.Changed(self))

    @on(SelectionList.SelectedChanged)
    def selection_changed(self, event: SelectionList.SelectedChanged[Any]) -> None:
        """Handled through the toggles."""
        event.stop()

    def make_lead(self, value: V) -> None:
        """Tick ``value`` (if needed) and mark it as the lead."""
        if value not in self._chosen:
            self._chosen.append(value)
        self._lead = value
        self._rebuild()
        self.post_message(self.Changed(self))

    def set_chosen(self, values: Sequence[V], lead: V | None = None) -> None:
        """Replace the ticks (and the lead)."""
        self._chosen = list(values)
        self._lead = lead
        self._rebuild()


__all__ = [
    "Checklist",
    "ChecklistEntry",
    "CodePicker",
    "CompletionSuggester",
    "DateBox",
    "focus_inside",
]
