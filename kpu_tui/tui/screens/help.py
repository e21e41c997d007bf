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
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


TEXTUAL_WORDS = {
    "Select": "Pilih",
    "Cursor up": "Naik satu baris",
    "Cursor down": "Turun satu baris",
    "Cursor right": "Geser ke kanan",
    "Cursor left": "Geser ke kiri",
    "Page up": "Halaman sebelumnya",
    "Page Up": "Halaman sebelumnya",
    "Page down": "Halaman berikutnya",
    "Page Down": "Halaman berikutnya",
    "Page Left": "Geser satu layar ke kiri",
    "Page Right": "Geser satu layar ke kanan",
    "Top": "Baris pertama",
    "Bottom": "Baris terakhir",
    "First": "Pilihan pertama",
    "Last": "Pilihan terakhir",
    "Up": "Naik",
    "Down": "Turun",
    "Home": "Awal",
    "End": "Akhir",
    "Move cursor left": "Kursor ke kiri",
    "Move cursor right or accept the completion suggestion": "Kursor ke kanan / terima saran",
    "Move cursor left a word": "Kursor satu kata ke kiri",
    "Move cursor right a word": "Kursor satu kata ke kanan",
    "Delete character left": "Hapus huruf di kiri kursor",
    "Delete character right": "Hapus huruf di kanan kursor",
    "Delete left to start of word": "Hapus ke awal kata",
    "Delete right to start of word": "Hapus ke kata berikutnya",
    "Delete all to the left": "Hapus semua di kiri kursor",
    "Delete all to the right": "Hapus semua di kanan kursor",
    "Go to start": "Ke awal isian",
    "Go to end": "Ke akhir isian",
    "Select all": "Pilih semua teks",
    "Submit": "Kirim isian",
    "Cut selected text": "Potong teks terpilih",
    "Copy selected text": "Salin teks terpilih",
    "Paste text from the clipboard": "Tempel teks",
    "Toggle option": "Pilih atau lepas",
    "Toggle": "Pilih atau lepas",
    "Press button": "Tekan tombol",
    "Focus Next": "Ke bagian berikutnya",
    "Focus Previous": "Ke bagian sebelumnya",
    "Show menu": "Buka pilihan",
    "Dismiss menu": "Tutup pilihan",
}
"""Textual's own binding descriptions in Indonesian; any not listed here is left out of F1
rather than shown in English."""


def describe(description: str, *, builtin: bool) -> str | None:
    """The Indonesian description of a binding, or None when there is none to show.

    Textual's own words are translated wherever they come from (the App class brings some);
    any other description of a Textual widget is English and is left out.
    """
    if description in TEXTUAL_WORDS:
        return TEXTUAL_WORDS[description]
    return None if builtin else description


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
