"""F1: the keys of the screen the user was on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Spasi",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "delete": "Del",
    "slash": "/",
}


def key_label(key: str) -> str:
    """A key as people write it: ``ctrl+s`` -> ``Ctrl+S``, ``f1`` -> ``F1``."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    parts = key.split("+")
    out = []
    for part in parts:
        if part in KEY_NAMES:
            out.append(KEY_NAMES[part])
        elif part[:1] == "f" and part[1:].isdigit():
            out.append(part.upper())
        elif len(part) > 1:
            out.append(part.capitalize())
        else:
            out.append(part.upper() if len(parts) > 1 else part)
    return "+".join(out)


class HelpScreen(ModalScreen[None]):
    """Lists every key the screen below answers to, with what it does."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Tutup")]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._keys = keys

    def compose(self) -> ComposeResult:
        """Title, table of keys, how to close."""
        with Vertical(id="help-box"):
            yield Static(f"Bantuan: {self._title}", id="help-title")
            table: DataTable[str] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Tombol", "Fungsi")
            for key, description in self._keys:
                table.add_row(key, description)
            yield table
            yield Static(
                "Tombol yang sama berlaku di setiap register: n baru, Enter buka, e ubah, "
                "x batal, p cetak, / cari, Ctrl+P perintah. Esc menutup bantuan ini.",
                id="help-note",
            )

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
