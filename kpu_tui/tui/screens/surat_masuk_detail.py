"""One surat masuk in full: the letter, its scans, its disposisi tree to act on, its SOP 9.14
timeline.

The disposisi is a navigable tree: the letter at the root, each hop (who gave it, instructions,
batas waktu) with its recipients, each recipient with the hops it passed on. The keys act on the
row under the tree's cursor: ``d`` passes the letter on from a recipient row (or records a first
disposisi from the root), ``t`` records the tindak lanjut, ``m`` marks the row read, ``b``
withdraws a hop nobody has read. Opening the letter as one of its recipients marks that row read:
SOP 9.14 counts the moment the disposisi reached its pejabat. Under the tree, the surat keluar
that answer the letter (Enter opens one); ``r`` drafts a new reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from kpu_tui.models import HopStatus, PenerimaStatus, SuratStatus
from kpu_tui.rules.calendar import WorkCalendar
from kpu_tui.services import disposisi, procedure, surat_masuk
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.disposisi import HopView, PenerimaView
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_keluar_views import KeluarRow
from kpu_tui.services.surat_masuk import BerkasView, SuratDetail
from kpu_tui.store import StoreError

from ..surat_print import month_of, open_print_menu
from .prosedur_actions import find_sop
from .prosedur_render import timeline_text
from .surat_keluar_render import reply_label
from .surat_masuk_actions import CLOSED, SuratActions, mark_own_read, message_of
from .surat_masuk_render import (
    berkas_label,
    hop_label,
    letter_fields,
    penerima_label,
    section,
    status_text,
)

if TYPE_CHECKING:
    from ..app import KpuApp


@dataclass(frozen=True)
class Node:
    """What a row of the disposisi tree stands for."""

    kind: str
    """``surat`` (the root), ``hop`` or ``penerima``."""
    hop: HopView | None = None
    penerima: PenerimaView | None = None

    @property
    def key(self) -> str:
        """Stable across reloads, to keep the cursor on the same row."""
        if self.penerima is not None:
            return f"p{self.penerima.id}"
        if self.hop is not None:
            return f"h{self.hop.id}"
        return "surat"


class ScanList(OptionList):
    """The letter's scans: Enter or o opens one, x withdraws it."""

    BINDINGS = [
        Binding("o", "open_scan", "Buka pindaian", id="sd-scan-open"),
        Binding("x", "withdraw_scan", "Tarik pindaian", id="sd-scan-withdraw"),
    ]

    def action_open_scan(self) -> None:
        """Open the highlighted scan."""
        cast("SuratDetailScreen", self.screen).open_scan()

    def action_withdraw_scan(self) -> None:
        """Withdraw the highlighted scan (with a reason)."""
        cast("SuratDetailScreen", self.screen).withdraw_scan()


class ReplyList(OptionList):
    """The surat keluar answering the letter: Enter opens one."""

    DEFAULT_CSS = """
    ReplyList { height: auto; max-height: 8; border: none; margin-bottom: 1; }
    """


class DisposisiTree(Tree[Node]):
    """The disposisi of the letter, one row per hop and per recipient."""


class SuratDetailScreen(ModalScreen[None]):
    """A letter in full. Esc goes back to the register."""

    BINDINGS = [
        Binding("d", "disposisi", "Disposisi / teruskan", id="sd-disposisi"),
        Binding("t", "tindak_lanjut", "Tindak lanjut", id="sd-tindak-lanjut"),
        Binding("m", "mark_read", "Tandai dibaca", id="sd-read"),
        Binding("b", "cancel_hop", "Batalkan disposisi", id="sd-cancel-hop"),
        Binding("u", "add_scans", "Tambah pindaian", id="sd-add-scan"),
        Binding("p", "print", "Cetak", id="sd-print"),
        Binding("e", "correct", "Koreksi", id="sd-correct"),
        Binding("x", "cancel", "Batalkan surat", id="sd-cancel"),
        Binding("s", "hand_over", "Serahkan", id="sd-hand-over"),
        Binding("r", "reply", "Buat balasan", id="sd-reply"),
        Binding("escape", "close", "Tutup", id="sd-close"),
    ]

    def __init__(self, surat_id: int, *, to_tree: bool = False) -> None:
        super().__init__()
        self.surat_id = surat_id
        self._to_tree = to_tree
        self._detail: SuratDetail | None = None
        self._hops: list[HopView] = []
        self._replies: list[KeluarRow] = []
        self._calendar: WorkCalendar | None = None

    @property
    def kpu(self) -> KpuApp:
        """The app, typed."""
        return cast("KpuApp", self.app)

    def compose(self) -> ComposeResult:
        """Title; the letter, scans, tree and timeline in one scrolling column; the keys."""
        with Vertical(classes="view-box"):
            yield Static("Surat masuk", id="sd-title", classes="view-title")
            with VerticalScroll(id="sd-scroll", classes="view-scroll"):
                yield Static("", id="sd-letter")
                yield Static("", id="sd-scans-title", classes="sd-section")
                yield ScanList(id="sd-scans")
                yield Static("", id="sd-tree-title", classes="sd-section")
                yield DisposisiTree(Text("Disposisi"), data=Node("surat"), id="sd-tree")
                yield Static("", id="sd-node")
                yield Static("", id="sd-replies-title", classes="sd-section")
                yield ReplyList(id="sd-replies")
                yield Static("", id="sd-timeline")
        yield Footer()

    def on_mount(self) -> None:
        """Mark the user's own unread disposisi read, read the letter, focus the tree."""
        self.actions = SuratActions(self.kpu, lambda _: self.reload())
        """The write flows, refreshing this screen after each."""
        try:
            marked = mark_own_read(self.kpu, self.surat_id)
        except (ServiceError, StoreError) as exc:
            self.notify(message_of(exc), severity="error", markup=False)
            marked = []
        if marked:
            self.notify(
                f"Disposisi untuk {', '.join(marked)} tercatat dibaca.",
                title="Surat Masuk",
                markup=False,
            )
        self.reload()
        tree = self.query_one(DisposisiTree)
        if self._to_tree or self._hops or not self._detail or not self._detail.berkas:
            tree.focus()
        else:
            self.query_one(ScanList).focus()

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the letter, its scans, its tree and its timeline again."""
        today = self.kpu.today()
        zone = self.kpu.zone
        try:
            with self.kpu.store.read() as session:
                detail = surat_masuk.get_detail(session, self.surat_id)
                hops = disposisi.tree(session, self.surat_id)
                run_id = detail.row.run_id
                entries = procedure.timeline(session, run_id) if run_id else []
                self._calendar = procedure.office_clock(session).calendar
                replies = skr.replies_of(session, self.surat_id)
        except (ServiceError, StoreError) as exc:
            self.query_one("#sd-letter", Static).update(Text(exc.message, style="bold red"))
            return
        self._detail, self._hops, self._replies = detail, hops, replies
        row = detail.row
        title = Text(f"Surat masuk {row.agenda_teks} · ", no_wrap=True, overflow="ellipsis")
        title.append_text(status_text(row, today, self.calendar))
        self.query_one("#sd-title", Static).update(title)
        self.query_one("#sd-letter", Static).update(
            Group(Text(row.perihal, style="bold"), letter_fields(detail, zone, today))
        )
        self._fill_scans(detail.berkas)
        self._fill_tree()
        self._fill_replies()
        sop = find_sop(surat_masuk.SOP_SURAT_MASUK)
        timeline = self.query_one("#sd-timeline", Static)
        if entries:
            timeline.update(
                Group(
                    section(f"Riwayat SOP 9.14 ({len(entries)} peristiwa)"),
                    timeline_text(entries, zone, today, sop),
                )
            )
        else:
            timeline.update(Text("Belum ada riwayat prosedur.", style="dim"))
        self.show_node()

    @property
    def calendar(self) -> WorkCalendar:
        """The office's working-day calendar."""
        if self._calendar is None:
            with self.kpu.store.read() as session:
                self._calendar = procedure.office_clock(session).calendar
        return self._calendar

    def _fill_scans(self, berkas: tuple[BerkasView, ...]) -> None:
        scans = self.query_one(ScanList)
        keep = scans.highlighted
        active = sum(1 for b in berkas if b.aktif)
        self.query_one("#sd-scans-title", Static).update(
            section(f"Pindaian ({active})", "Enter/o: buka · u: tambah · x: tarik")
        )
        scans.clear_options()
        today = self.kpu.today()
        if berkas:
            scans.add_options(
                [Option(berkas_label(b, self.kpu.zone, today), id=str(b.id)) for b in berkas]
            )
            scans.highlighted = min(keep or 0, len(berkas) - 1)
        else:
            scans.add_option(
                Option(Text("Belum ada pindaian. u: tambah", style="dim"), disabled=True)
            )

    def _fill_replies(self) -> None:
        replies = self.query_one(ReplyList)
        keep = replies.highlighted
        self.query_one("#sd-replies-title", Static).update(
            section(f"Surat keluar balasan ({len(self._replies)})", "Enter: buka · r: buat balasan")
        )
        replies.clear_options()
        if self._replies:
            replies.add_options([Option(reply_label(r), id=str(r.id)) for r in self._replies])
            replies.highlighted = min(keep or 0, len(self._replies) - 1)
        else:
            replies.add_option(
                Option(Text("Belum ada surat balasan. r: buat balasan", style="dim"), disabled=True)
            )

    def _fill_tree(self) -> None:
        tree = self.query_one(DisposisiTree)
        keep = tree.cursor_node.data.key if tree.cursor_node and tree.cursor_node.data else None
        detail = self._detail
        assert detail is not None
        zone, today, calendar = self.kpu.zone, self.kpu.today(), self.calendar
        self.query_one("#sd-tree-title", Static).update(
            section("Disposisi", "d: disposisi/teruskan · t: tindak lanjut · m: dibaca · b: batal")
        )
        tree.clear()
        tree.root.set_label(Text(f"Surat {detail.row.agenda_teks}", style="bold"))
        tree.root.data = Node("surat")
        found: list[TreeNode[Node]] = []

        def add(parent: TreeNode[Node], hop: HopView) -> None:
            branch = parent.add(hop_label(hop, zone, today), data=Node("hop", hop), expand=True)
            if keep == f"h{hop.id}":
                found.append(branch)
            for penerima in hop.penerima:
                label = penerima_label(penerima, hop, zone, today, calendar, single_line=True)
                node = Node("penerima", hop, penerima)
                if penerima.diteruskan:
                    leaf = branch.add(label, data=node, expand=True)
                    for child in penerima.diteruskan:
                        add(leaf, child)
                else:
                    leaf = branch.add_leaf(label, data=node)
                if keep == node.key:
                    found.append(leaf)

        for hop in self._hops:
            add(tree.root, hop)
        if not self._hops:
            tree.root.add_leaf(
                Text("Belum ada disposisi. d: catat disposisi pimpinan", style="dim"),
                data=Node("surat"),
            )
        tree.root.expand()
        target = found[0] if found else self._first_own_row(tree)

        def place_cursor() -> None:
            if target is not None:
                tree.move_cursor(target)
            self.show_node()
            self.refresh_bindings()

        self.call_after_refresh(place_cursor)

    def _first_own_row(self, tree: DisposisiTree) -> TreeNode[Node] | None:
        """The first open recipient row (where the work waits), else the root."""
        stack = list(tree.root.children)
        while stack:
            node = stack.pop(0)
            data = node.data
            if data and data.penerima and data.penerima.status in disposisi.OPEN:
                return node
            stack[0:0] = list(node.children)
        return tree.root

    # -- the row under the cursor -----------------------------------------------------------

    def node(self) -> Node:
        """What the tree's cursor is on (the letter when nothing is)."""
        cursor = self.query_one(DisposisiTree).cursor_node
        return cursor.data if cursor is not None and cursor.data is not None else Node("surat")

    def show_node(self) -> None:
        """The row under the cursor in full, under the tree (a tree row holds one line)."""
        node = self.node()
        out = self.query_one("#sd-node", Static)
        zone, today = self.kpu.zone, self.kpu.today()
        if node.hop is None:
            out.update("")
            return
        text = hop_label(node.hop, zone, today)
        if node.penerima is not None:
            text.append("\n")
            text.append_text(penerima_label(node.penerima, node.hop, zone, today, self.calendar))
        out.update(text)

    @on(Tree.NodeHighlighted, "#sd-tree")
    def node_highlighted(self) -> None:
        """The keys follow the row."""
        self.show_node()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys dim where they cannot apply; ``b`` only shows on a hop nobody has read."""
        if not self.is_mounted or self._detail is None:
            return True
        row = self._detail.row
        node = self.node()
        penerima = node.penerima
        if action == "disposisi":
            return None if row.status in CLOSED else True
        if action == "tindak_lanjut":
            ok = penerima is not None and penerima.status in disposisi.OPEN
            return True if ok and row.status not in CLOSED else None
        if action == "mark_read":
            return True if penerima and penerima.status == PenerimaStatus.MENUNGGU else None
        if action == "cancel_hop":
            hop = node.hop
            return hop is not None and hop.status == HopStatus.AKTIF and not hop.dibaca
        if action in ("add_scans", "correct", "cancel"):
            return None if row.status == SuratStatus.BATAL else True
        if action == "reply":
            actor = self.kpu.actor
            if actor is None or not actor.has(*sk.KONSEPTOR_ROLES):
                return False
            return None if row.status == SuratStatus.BATAL else True
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_disposisi(self) -> None:
        """Pass on from a recipient row; a first disposisi from the letter or a hop row."""
        if self._detail is None:
            return
        node = self.node()
        if node.penerima is not None:
            self.actions.pass_on(self._detail.row, node.penerima)
        else:
            self.actions.first_disposisi(self._detail.row)

    def action_tindak_lanjut(self) -> None:
        """The tindak lanjut of the recipient row."""
        node = self.node()
        if self._detail is None or node.penerima is None:
            self.actions.refuse("Pilih baris penerima disposisi di pohon (panah atas/bawah).")
            return
        self.actions.tindak_lanjut(self._detail.row, node.penerima)

    def action_mark_read(self) -> None:
        """Mark the recipient row read."""
        node = self.node()
        if self._detail is None or node.penerima is None:
            self.actions.refuse("Pilih baris penerima disposisi di pohon (panah atas/bawah).")
            return
        self.actions.mark_read(self._detail.row, node.penerima)

    def action_cancel_hop(self) -> None:
        """Withdraw the hop under the cursor (only while nobody has read it)."""
        node = self.node()
        if self._detail is not None and node.hop is not None:
            self.actions.cancel_hop(self._detail.row, node.hop)

    def action_add_scans(self) -> None:
        """Add scans by their paths."""
        if self._detail is not None:
            self.actions.add_scans(self._detail.row)

    def action_correct(self) -> None:
        """Correct the letter (with a reason)."""
        if self._detail is not None:
            self.actions.correct(self._detail.row)

    def action_cancel(self) -> None:
        """Cancel the letter (with a reason)."""
        if self._detail is not None:
            self.actions.cancel(self._detail.row)

    def action_hand_over(self) -> None:
        """Record handing the letter on."""
        if self._detail is not None:
            self.actions.hand_over(self._detail.row)

    def action_print(self) -> None:
        """Print this letter's papers, or the buku agenda of its month."""
        if self._detail is not None:
            row = self._detail.row
            open_print_menu(self, row.id, row.agenda_teks, month_of(row.tanggal_terima))

    def _scan(self) -> BerkasView | None:
        scans = self.query_one(ScanList)
        if self._detail is None or scans.highlighted is None:
            return None
        option = scans.get_option_at_index(scans.highlighted)
        return next((b for b in self._detail.berkas if str(b.id) == option.id), None)

    def open_scan(self) -> None:
        """Open the highlighted scan with the system's viewer (verified first)."""
        if (berkas := self._scan()) is not None:
            self.actions.open_scan(berkas)

    def withdraw_scan(self) -> None:
        """Withdraw the highlighted scan."""
        if self._detail is not None and (berkas := self._scan()) is not None:
            self.actions.cancel_scan(self._detail.row, berkas)

    @on(OptionList.OptionSelected, "#sd-scans")
    def scan_chosen(self) -> None:
        """Enter on a scan opens it."""
        self.open_scan()

    def action_reply(self) -> None:
        """Draft a surat keluar answering this letter (its form prefilled from the letter)."""
        from .surat_keluar_actions import KeluarActions

        KeluarActions(self.kpu, lambda _: self.reload()).reply_to(self.surat_id)

    @on(OptionList.OptionSelected, "#sd-replies")
    def reply_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a reply opens it in full."""
        if event.option.id is None:
            return
        from .surat_keluar_detail import KeluarDetailScreen

        self.app.push_screen(KeluarDetailScreen(int(event.option.id)), lambda _: self.reload())

    def action_close(self) -> None:
        """Back to the register."""
        self.dismiss(None)


__all__ = ["DisposisiTree", "Node", "ReplyList", "ScanList", "SuratDetailScreen"]
