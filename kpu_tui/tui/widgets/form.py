"""Form building blocks: a labelled field with its error line under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """A label, one input widget, and the message shown when the value does not pass.

    The field's id is the service's field key, so a :class:`ValidationError` maps straight onto
    the form: ``form.query_one(f"#{key}", FormField).error = message``.
    """

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 0 0; }
    FormField > .field-row { height: auto; }
    FormField .field-label { width: 30; color: $text-muted; padding: 0 1 0 0; }
    FormField Input { border: none; height: 1; width: 1fr; padding: 0 1; background: $boost; }
    FormField Input:focus { border: none; background: $accent 30%; }
    FormField Select { width: 1fr; height: auto; }
    FormField Select > SelectCurrent { border: none; height: 1; padding: 0 1; background: $boost; }
    FormField Select:focus > SelectCurrent { border: none; background: $accent 30%; }
    FormField SelectionList { width: 1fr; height: auto; max-height: 12; border: none; }
    FormField .field-hint { color: $text-muted; padding-left: 30; }
    FormField > .field-error { color: $error; height: auto; display: none; padding-left: 30; }
    FormField.-invalid > .field-error { display: block; }
    FormField.-invalid .field-label { color: $error; }
    """

    def __init__(self, label: str, widget: Widget, *, id: str, hint: str = "") -> None:
        super().__init__(id=id)
        self._label = label
        self._widget = widget
        self._hint = hint

    def compose(self) -> ComposeResult:
        """Label beside the widget, then hint and error under it."""
        with Horizontal(classes="field-row"):
            yield Label(self._label, classes="field-label")
            yield self._widget
        if self._hint:
            yield Static(self._hint, classes="field-hint")
        yield Static("", classes="field-error")

    @property
    def widget(self) -> Widget:
        """The input widget of the field."""
        return self._widget

    @property
    def error(self) -> str:
        """The message shown, or ``""``."""
        return str(self.query_one(".field-error", Static).content)

    @error.setter
    def error(self, message: str) -> None:
        # Messages may echo what was typed: never read them as markup.
        self.query_one(".field-error", Static).update(Content(message))
        self.set_class(bool(message), "-invalid")


def show_errors(root: Widget, errors: dict[str, str], prefix: str = "f-") -> Widget | None:
    """Put each message at its field (``#<prefix><key>``); clear the others.

    Returns the first field with an error (to focus it), or None. Keys with no field are
    returned to the caller through the ``#form-error`` Static when present.
    """
    first: Widget | None = None
    unplaced: list[str] = []
    fields = {f.id: f for f in root.query(FormField)}
    for field_id, field in fields.items():
        key = (field_id or "")[len(prefix) :].replace("--", ".")
        message = errors.get(key, "")
        field.error = message
        if message and first is None:
            first = field.widget
    for key, message in errors.items():
        if f"{prefix}{key.replace('.', '--')}" not in fields:
            unplaced.append(message)
    summary = root.query("#form-error")
    if summary:
        summary.first(Static).update(Content("\n".join(unplaced)))
    return first
