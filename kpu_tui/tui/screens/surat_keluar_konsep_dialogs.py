"""Parts of the konsep dialog (the form in ``surat_keluar_form``): the tujuan rows, the paraf
berjenjang chain and the dialog that picks a reviewer to add to it. Keyboard only: Ctrl+N and
Ctrl+R add and remove tujuan rows; in the chain ``a`` adds, Delete removes, Shift+arrows move and
``r`` brings back the usual chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kpu_tui.services import surat_keluar as sk
from kpu_tui.services.surat_keluar_views import PilihanJabatan, TujuanForm

from ..widgets.dialogs import DIALOG_CSS

# -- picking a reviewer -----------------------------------------------------------------------


class PickJabatanDialog(ModalScreen[int | None]):
    """Pick one position from a list (a reviewer to add to the paraf chain): arrows and Enter;
    typing a few letters jumps to the first position holding them. Esc closes."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    PickJabatanDialog { align: center middle; }
    PickJabatanDialog .dialog-box { width: 80; }
    PickJabatanDialog OptionList { height: auto; max-height: 14; border: none; padding: 0; }
    PickJabatanDialog #pick-filter { border: none; height: 1; padding: 0 1; background: $boost; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Tutup", id="pick-close")]

    def __init__(self, title: str, choices: Sequence[PilihanJabatan]) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        """Title, a filter box, the list."""
        with Vertical(classes="dialog-box"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Input(placeholder="ketik untuk menyaring, ↓ ke daftar", id="pick-filter")
            yield OptionList(*self._options(""), id="pick-list")
            yield Static("Enter: pilih · Esc: batal", classes="dialog-message")

    def _options(self, needle: str) -> list[Option]:
        words = needle.casefold().split()
        return [
            Option(Text(c.label), id=str(c.id))
            for c in self._choices
            if all(w in c.label.casefold() for w in words)
        ] or [Option("(tidak ada yang cocok)", disabled=True)]

    def on_mount(self) -> None:
        """Start in the list (the filter is one Shift+Tab away)."""
        self.query_one("#pick-list", OptionList).focus()

    @on(Input.Changed, "#pick-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Narrow the list to the positions holding every typed word."""
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def filter_done(self) -> None:
        """Enter in the filter goes to the list."""
        self.query_one("#pick-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Enter on a position picks it."""
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        """Close without picking."""
        self.dismiss(None)


# -- tujuan rows ------------------------------------------------------------------------------


class TembusanBox(Checkbox):
    """The Tembusan checkbox of a tujuan row; its mark is a tick or blank, so the state shows
    without relying on colour."""

    def __init__(self, value: bool) -> None:
        super().__init__("Tembusan", value, classes="tj-tembusan", compact=True)
        self.BUTTON_INNER = self._mark()

    def _mark(self) -> str:
        return "✓" if self.value else " "

    def watch_value(self) -> None:
        """Show the tick with the value."""
        self.BUTTON_INNER = self._mark()
        super().watch_value()


class TujuanRow(Horizontal):
    """One tujuan: its number, name, address and whether it is a tembusan."""

    def __init__(self, tujuan: TujuanForm, number: int) -> None:
        super().__init__(classes="tj-row")
        self._start = tujuan
        self._number = number

    def compose(self) -> ComposeResult:
        """Number, nama, alamat, tembusan."""
        yield Label(f"{self._number}.", classes="tj-no")
        yield Input(
            self._start.nama,
            placeholder="nama tujuan",
            max_length=sk.MAX["tujuan"],
            classes="tj-nama",
        )
        yield Input(
            self._start.alamat,
            placeholder="alamat (bila lewat pos/kurir)",
            max_length=sk.MAX["alamat"],
            classes="tj-alamat",
        )
        yield TembusanBox(self._start.tembusan)

    def renumber(self, number: int) -> None:
        """Show the row's place in the list."""
        self._number = number
        self.query_one(".tj-no", Label).update(f"{number}.")

    @property
    def value(self) -> TujuanForm:
        """What the row holds."""
        return TujuanForm(
            nama=self.query_one(".tj-nama", Input).value,
            alamat=self.query_one(".tj-alamat", Input).value,
            tembusan=self.query_one(".tj-tembusan", Checkbox).value,
        )

    def clear(self) -> None:
        """Empty the row."""
        self.query_one(".tj-nama", Input).value = ""
        self.query_one(".tj-alamat", Input).value = ""
        self.query_one(".tj-tembusan", Checkbox).value = False


class TujuanRows(Vertical):
    """The tujuan and tembusan of a letter, one row each. Ctrl+N adds a row under the current
    one, Ctrl+R removes the current row; space ticks Tembusan. Empty rows are ignored."""

    BINDINGS = [
        Binding("ctrl+n", "add_row", "Tambah tujuan", id="skf-tujuan-add"),
        Binding("ctrl+r", "remove_row", "Hapus baris tujuan", id="skf-tujuan-remove"),
    ]

    def __init__(self, rows: Sequence[TujuanForm], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._start = list(rows) or [TujuanForm("")]

    def compose(self) -> ComposeResult:
        """The rows and the keys under them."""
        for number, row in enumerate(self._start, start=1):
            yield TujuanRow(row, number)
        yield Static(
            "Ctrl+N tambah · Ctrl+R hapus · spasi: tembusan · baris kosong diabaikan",
            classes="tj-hint",
        )

    @property
    def rows(self) -> list[TujuanRow]:
        """The rows, in order."""
        return list(self.query(TujuanRow))

    @property
    def value(self) -> tuple[TujuanForm, ...]:
        """Every row as typed (the service drops the empty ones)."""
        return tuple(row.value for row in self.rows)

    @property
    def focus_target(self) -> Widget:
        """The first row's name."""
        return self.rows[0].query_one(".tj-nama", Input)

    def _current(self) -> TujuanRow | None:
        focused = self.screen.focused
        if focused is None:
            return None
        return next((a for a in focused.ancestors if isinstance(a, TujuanRow)), None)

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.renumber(number)

    async def action_add_row(self) -> None:
        """A new empty row under the current one; typing starts in its name."""
        rows = self.rows
        if len(rows) >= sk.MAX_TUJUAN:
            self.notify(f"Tujuan dan tembusan paling banyak {sk.MAX_TUJUAN}.", severity="warning")
            return
        after = self._current() or rows[-1]
        row = TujuanRow(TujuanForm(""), len(rows) + 1)
        await self.mount(row, after=after)
        self._renumber()
        row.query_one(".tj-nama", Input).focus()

    async def action_remove_row(self) -> None:
        """Remove the current row (the last one is emptied instead)."""
        row = self._current()
        if row is None:
            raise SkipAction()
        rows = self.rows
        if len(rows) == 1:
            row.clear()
            row.query_one(".tj-nama", Input).focus()
            return
        index = rows.index(row)
        neighbour = rows[index + 1] if index + 1 < len(rows) else rows[index - 1]
        neighbour.query_one(".tj-nama", Input).focus()
        await row.remove()
        self._renumber()


# -- the paraf chain --------------------------------------------------------------------------


class _ChainList(OptionList):
    """The reviewers in order: ``a`` adds, Delete removes, Shift+↑/↓ move, ``r`` resets."""

    BINDINGS = [
        Binding("a,plus,insert", "add", "Tambah pemaraf", id="skf-paraf-add"),
        Binding("delete,minus,backspace", "remove", "Hapus pemaraf", id="skf-paraf-remove"),
        Binding("shift+up,ctrl+up", "move(-1)", "Naikkan", id="skf-paraf-up"),
        Binding("shift+down,ctrl+down", "move(1)", "Turunkan", id="skf-paraf-down"),
        Binding("r", "reset", "Urutan baku", id="skf-paraf-reset"),
    ]

    @property
    def chain(self) -> ParafChain:
        """The chain widget this list belongs to."""
        parent = self.parent
        assert isinstance(parent, ParafChain)
        return parent

    def action_add(self) -> None:
        """Pick a reviewer to add at the end."""
        self.chain.pick()

    def action_remove(self) -> None:
        """Remove the highlighted reviewer."""
        self.chain.remove_highlighted()

    def action_move(self, step: int) -> None:
        """Move the highlighted reviewer up or down the chain."""
        self.chain.move_highlighted(step)

    def action_reset(self) -> None:
        """Back to the usual chain for the signer and the unit."""
        self.chain.reset()


class ParafChain(Vertical):
    """The paraf berjenjang: reviewers' positions in order, lowest first.

    Args:
        chain: the starting jabatan ids.
        names: what to show for each position id.
        choices: the positions that may be added now (the signer and those in the chain left
            out by the caller or here).
        default: the usual chain for the form's signer and unit.
    """

    def __init__(
        self,
        chain: Sequence[int],
        names: dict[int, str],
        *,
        choices: Callable[[], list[PilihanJabatan]],
        default: Callable[[], tuple[int, ...]],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._chain = list(chain)
        self._names = names
        self._choices = choices
        self._default = default

    def compose(self) -> ComposeResult:
        """The list and the keys under it."""
        yield _ChainList(*self._options())
        yield Static(
            "a tambah · Del hapus · Shift+↑/↓ pindah urutan · r urutan baku", classes="pc-hint"
        )

    @property
    def value(self) -> tuple[int, ...]:
        """The chain, lowest first."""
        return tuple(self._chain)

    @property
    def items(self) -> _ChainList:
        """The list."""
        return self.query_one(_ChainList)

    @property
    def focus_target(self) -> Widget:
        """The list takes the keys."""
        return self.items

    def _options(self) -> list[Option]:
        if not self._chain:
            return [Option("(tanpa paraf: surat langsung menunggu tanda tangan)", disabled=True)]
        return [
            Option(Text(f"{n}. {self._names.get(j, str(j))}"), id=str(j))
            for n, j in enumerate(self._chain, start=1)
        ]

    def set_chain(self, chain: Sequence[int], highlight: int | None = None) -> None:
        """Replace the chain (keeping the cursor near where it was)."""
        self._chain = list(chain)
        items = self.items
        keep = items.highlighted if highlight is None else highlight
        items.set_options(self._options())
        if self._chain:
            items.highlighted = min(max(keep or 0, 0), len(self._chain) - 1)

    def pick(self) -> None:
        """Ask which position to add (at the end of the chain)."""
        choices = [c for c in self._choices() if c.id not in self._chain]
        if not choices:
            self.notify("Tidak ada jabatan lain yang dapat ditambahkan.", severity="warning")
            return
        if len(self._chain) >= sk.MAX_PARAF:
            self.notify(
                f"Paraf berjenjang paling banyak {sk.MAX_PARAF} pejabat.", severity="warning"
            )
            return

        def picked(jabatan_id: int | None) -> None:
            if jabatan_id is not None and jabatan_id not in self._chain:
                self.set_chain([*self._chain, jabatan_id], highlight=len(self._chain))
            self.items.focus()

        self.app.push_screen(PickJabatanDialog("Tambah pemaraf", choices), picked)

    def remove_highlighted(self) -> None:
        """Drop the highlighted reviewer."""
        index = self.items.highlighted
        if index is None or not self._chain:
            return
        chain = list(self._chain)
        del chain[index]
        self.set_chain(chain, highlight=min(index, len(chain) - 1))

    def move_highlighted(self, step: int) -> None:
        """Swap the highlighted reviewer with its neighbour."""
        index = self.items.highlighted
        if index is None or not 0 <= index + step < len(self._chain):
            return
        chain = list(self._chain)
        chain[index], chain[index + step] = chain[index + step], chain[index]
        self.set_chain(chain, highlight=index + step)

    def reset(self) -> None:
        """The usual chain for the signer and the unit."""
        self.set_chain(self._default(), highlight=0)


__all__ = ["ParafChain", "PickJabatanDialog", "TembusanBox", "TujuanRow", "TujuanRows"]
