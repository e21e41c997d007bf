"""A modal form declared as a list of fields: the screens say what to ask, this does the rest.

The form keeps what was typed when saving fails, puts a service's :class:`ValidationError` at its
fields, checks a field as the user leaves it (when given a ``check``), saves with Ctrl+S and asks
before Esc throws changes away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static

from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.store import StoreError

from .dialogs import DIALOG_CSS, ConfirmDiscard
from .form import FormField, show_errors

T = TypeVar("T")

FieldKind = Literal["text", "password", "select", "multi", "check"]
Values = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    """One question of a :class:`FormDialog`.

    Attributes:
        key: the service's field name (errors keyed so land here); also the widget's id.
        label: the label above the field.
        kind: ``text``, ``password``, ``select`` (one of ``options``), ``multi`` (several of
            ``options``) or ``check`` (yes/no).
        value: the initial value: text, an option value (None for none), a list of option
            values, or a bool.
        options: ``(label, value)`` pairs for ``select`` and ``multi``.
        placeholder: grey text in an empty input (or the empty choice of a ``select``).
        max_length: the most characters an input takes (0: no limit).
        hint: a line under the field.
        allow_blank: whether a ``select`` may be left empty.
        disabled: shown but not editable.
    """

    key: str
    label: str
    kind: FieldKind = "text"
    value: Any = ""
    options: Sequence[tuple[str, Any]] = ()
    placeholder: str = ""
    max_length: int = 0
    hint: str = ""
    allow_blank: bool = False
    disabled: bool = False


def widget_id(key: str) -> str:
    """The widget id of a field key (dots are not allowed in ids)."""
    return "in-" + key.replace(".", "--")


class FormDialog(ModalScreen[T | None], Generic[T]):
    """A modal form; ``save(values)`` does the write and its result becomes the dialog's.

    Args:
        title: the form's heading.
        fields: what to ask, in order.
        save: called with ``{key: value}`` on Ctrl+S; raise :class:`ValidationError` to show
            messages at the fields, :class:`ServiceError` for a message under the form.
        check: optional, called with the values as a field is left; returns ``{key: message}``.
        intro: a line under the title.
    """

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    FormDialog { align: center middle; }
    FormDialog .dialog-box { width: 84; height: auto; max-height: 100%; }
    FormDialog #form-fields { height: auto; }
    FormDialog SelectionList { height: auto; max-height: 12; }
    FormDialog FormField Select:focus > SelectCurrent { border: none; }
    FormDialog #form-error { color: $error; height: auto; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="save"),
        Binding("escape", "close", "Tutup", id="close"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        save: Callable[[Values], T],
        *,
        check: Callable[[Values], dict[str, str]] | None = None,
        intro: str = "",
        save_label: str = "Simpan",
    ) -> None:
        super().__init__()
        self._save_label = save_label
        self._title = title
        self._fields = list(fields)
        self._save = save
        self._check = check
        self._intro = intro
        self._initial: Values = {}

    def compose(self) -> ComposeResult:
        """Title, fields, the message line, buttons."""
        with Vertical(classes="dialog-box"):
            yield Static(Text(self._title), classes="dialog-title")
            if self._intro:
                yield Static(Text(self._intro), classes="dialog-message")
            with VerticalScroll(id="form-fields"):
                for spec in self._fields:
                    yield FormField(
                        spec.label,
                        self._widget(spec),
                        id="f-" + spec.key.replace(".", "--"),
                        hint=spec.hint,
                    )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self._save_label} (Ctrl+S)", id="form-save", variant="primary", compact=True
                )
                yield Button("Tutup (Esc)", id="form-close", compact=True)

    @staticmethod
    def _widget(spec: FieldSpec) -> Widget:
        wid = widget_id(spec.key)
        widget: Widget
        if spec.kind in ("text", "password"):
            widget = Input(
                value=str(spec.value or ""),
                placeholder=spec.placeholder,
                max_length=spec.max_length,
                password=spec.kind == "password",
                id=wid,
            )
        elif spec.kind == "select":
            options = [(label, value) for label, value in spec.options]
            known = any(value == spec.value for _, value in options)
            initial = spec.value if known else Select.NULL
            allow_blank = spec.allow_blank or not options
            if initial is Select.NULL and not allow_blank:
                initial = options[0][1]
            widget = Select(
                options,
                value=initial,
                allow_blank=allow_blank,
                prompt=spec.placeholder or "(kosong)",
                id=wid,
            )
        elif spec.kind == "multi":
            chosen = set(spec.value or ())
            widget = SelectionList[Any](
                *[(label, value, value in chosen) for label, value in spec.options], id=wid
            )
        else:
            widget = Checkbox(spec.label, value=bool(spec.value), id=wid)
        widget.disabled = spec.disabled
        return widget

    def on_mount(self) -> None:
        """Remember the starting values and focus the first editable field."""
        self._initial = self.values()
        self.call_after_refresh(self._fit)
        for spec in self._fields:
            if not spec.disabled:
                self.query_one(f"#{widget_id(spec.key)}").focus()
                break

    def on_resize(self) -> None:
        """Keep the buttons on screen: the fields scroll when the terminal is short."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        box = self.query_one(".dialog-box")
        fields = self.query_one("#form-fields", VerticalScroll)
        others = sum(
            child.outer_size.height + child.styles.margin.height
            for child in box.children
            if child is not fields
        )
        room = max(3, self.size.height - others - box.styles.gutter.height)
        if fields.styles.max_height is None or fields.styles.max_height.value != room:
            fields.styles.max_height = room

    def values(self) -> Values:
        """What the form holds now, by field key."""
        out: Values = {}
        for spec in self._fields:
            widget = self.query_one(f"#{widget_id(spec.key)}")
            if isinstance(widget, Input):
                out[spec.key] = widget.value
            elif isinstance(widget, Select):
                out[spec.key] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                out[spec.key] = list(widget.selected)
            elif isinstance(widget, Checkbox):
                out[spec.key] = widget.value
        return out

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.values() != self._initial

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put messages at their fields (others under the form) and focus the first."""
        first = show_errors(self, errors)
        if first is not None:
            first.focus()
            self.query_one("#form-fields", VerticalScroll).scroll_to_widget(first)

    @on(Input.Submitted)
    def next_field(self) -> None:
        """Enter moves on, like Tab."""
        self.focus_next()

    @on(Input.Blurred)
    def check_field(self, event: Input.Blurred) -> None:
        """Check the field just left (only that one: untouched fields stay quiet)."""
        if self._check is None or not self.is_attached:
            return
        field = next((a for a in event.input.ancestors if isinstance(a, FormField)), None)
        if field is None or field.id is None:
            return
        key = field.id.removeprefix("f-").replace("--", ".")
        field.error = self._check(self.values()).get(key, "")

    @on(Button.Pressed, "#form-save")
    def save_pressed(self) -> None:
        """The Simpan button."""
        self.action_save()

    @on(Button.Pressed, "#form-close")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def action_save(self) -> None:
        """Check, then save; on failure the form stays open with what was typed."""
        values = self.values()
        errors = self._check(values) if self._check else {}
        if errors:
            self.show_errors(errors)
            return
        try:
            result = self._save(values)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (ServiceError, StoreError) as exc:
            self.show_errors({})
            self.query_one("#form-error", Static).update(Text(exc.message))
            return
        self.dismiss(result)

    def action_close(self) -> None:
        """Close; a changed form asks first."""
        if not self.changed:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)
