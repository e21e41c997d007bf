"""One surat keluar in full: the letter, the surat masuk it answers, its tujuan with their
dispatch, its paraf chain round by round, its number history, its files and its SOP 9.13
timeline.

The keys act on the letter (ubah, ajukan, paraf, kembalikan, tanda tangan, batal, berkas,
kirim, cetak) and, in the two lists, on the highlighted row: a tujuan (``t`` its tanda terima
returned, ``x`` withdraw it) or a file (Enter or ``o`` opens it, ``x`` withdraws it). ``m``
opens the surat masuk the letter answers.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from kpu_tui.models import BerkasJenis, KeluarStatus, KirimStatus
from kpu_tui.services import procedure
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_keluar_views import BerkasView, KeluarDetail, TujuanView
from kpu_tui.store import StoreError

from ..surat_print import month_of
from .prosedur_actions import find_sop
from .prosedur_render import timeline_text
from .surat_keluar import CSS_FILE, May, allowed, berkas_jenis, may_of
from .surat_keluar_actions import KeluarActions
from .surat_keluar_render import (
    berkas_label,
    is_signed,
    kirim_summary,
    letter_fields,
    nomor_history,
    nomor_text,
    paraf_chain,
    pesan_text,
    status_text,
    tujuan_label,
)
from .surat_masuk_render import section

if TYPE_CHECKING:
    from ..app import KpuApp

SCREEN_ACTIONS = {
    "edit",
    "submit",
    "paraf",
    "return_for_correction",
    "sign",
    "cancel",
    "add_files",
    "dispatch",
    "receipt",
}
"""Actions whose availability :func:`surat_keluar.allowed` decides."""


class TujuanList(OptionList):
    """The letter's tujuan and tembusan with their dispatch: x withdraws the highlighted one."""

    BINDINGS = [
        Binding("x", "withdraw_tujuan", "Tarik tujuan", id="kd-tujuan-withdraw"),
    ]

    def action_withdraw_tujuan(self) -> None:
        """Withdraw the highlighted tujuan (with a reason)."""
        cast("KeluarDetailScreen", self.screen).withdraw_tujuan()


class BerkasList(OptionList):
    """The letter's files: Enter or o opens one, x withdraws it."""

    BINDINGS = [
        Binding("o", "open_berkas", "Buka berkas", id="kd-berkas-open"),
        Binding("x", "withdraw_berkas", "Tarik berkas", id="kd-berkas-withdraw"),
    ]

    def action_open_berkas(self) -> None:
        """Open the highlighted file."""
        cast("KeluarDetailScreen", self.screen).open_berkas()

    def action_withdraw_berkas(self) -> None:
        """Withdraw the highlighted file (with a reason)."""
        cast("KeluarDetailScreen", self.screen).withdraw_berkas()


class KeluarDetailScreen(ModalScreen[None]):
    """A surat keluar in full. Esc goes back.

    Args:
        surat_id: the letter.
        focus: ``tujuan`` to start in the tujuan list (to pick one for a tanda terima),
            ``berkas`` in the files; else the whole detail scrolls.
    """

    CSS_PATH = CSS_FILE
    BINDINGS = [
        Binding("e", "edit", "Ubah", id="kd-edit"),
        Binding("a", "submit", "Ajukan paraf", id="kd-submit"),
        Binding("p", "paraf", "Paraf", id="kd-paraf"),
        Binding("b", "return_for_correction", "Kembalikan", id="kd-return"),
        Binding("s", "sign", "Tanda tangan", id="kd-sign"),
        Binding("x", "cancel", "Batalkan surat", id="kd-cancel"),
        Binding("d", "dispatch", "Kirim", id="kd-dispatch"),
        Binding("t", "receipt", "Tanda terima", id="kd-receipt"),
        Binding("u", "add_files", "Tambah berkas", id="kd-files"),
        Binding(
            "U",
            "add_receipt_scans",
            "Tambah pindaian tanda terima",
            key_display="U",
            show=False,
            id="kd-receipt-scan",
        ),
        Binding("m", "open_masuk", "Buka surat masuk", id="kd-masuk"),
        Binding("c", "print", "Cetak", id="kd-print"),
        Binding("escape", "close", "Tutup", id="kd-close"),
    ]

    def __init__(self, surat_id: int, *, focus: str = "") -> None:
        super().__init__()
        self.surat_id = surat_id
        self._focus = focus
        self._detail: KeluarDetail | None = None
        self._may = May()

    @property
    def kpu(self) -> KpuApp:
        """The app, typed."""
        return cast("KpuApp", self.app)

    @property
    def detail(self) -> KeluarDetail | None:
        """The letter as last read."""
        return self._detail

    def compose(self) -> ComposeResult:
        """Title; the letter, tujuan, paraf, number, files and timeline in one scrolling
        column; the keys."""
        with Vertical(classes="view-box"):
            yield Static("Surat keluar", id="kd-title", classes="view-title")
            with VerticalScroll(id="kd-scroll", classes="view-scroll"):
                yield Static("", id="kd-letter")
                yield Static("", id="kd-tujuan-title", classes="kd-section")
                yield TujuanList(id="kd-tujuan")
                yield Static("", id="kd-paraf")
                yield Static("", id="kd-nomor")
                yield Static("", id="kd-berkas-title", classes="kd-section")
                yield BerkasList(id="kd-berkas")
                yield Static("", id="kd-timeline")
        yield Footer()

    def on_mount(self) -> None:
        """Read the letter; the cursor where the caller asked."""
        self.actions = KeluarActions(self.kpu, lambda _: self.reload())
        """The write flows, refreshing this screen after each."""
        self.reload()
        if self._focus == "tujuan":
            self.query_one(TujuanList).focus()
        elif self._focus == "berkas":
            self.query_one(BerkasList).focus()
        else:
            self.query_one("#kd-scroll", VerticalScroll).focus()

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the letter, its tujuan, paraf, numbers, files and timeline again."""
        today, zone = self.kpu.today(), self.kpu.zone
        try:
            with self.kpu.store.read() as session:
                detail = skr.get_detail(session, self.surat_id)
                run_id = detail.row.run_id
                entries = procedure.timeline(session, run_id) if run_id else []
                self._may = may_of(self.kpu.actor, session, self.surat_id)
        except (ServiceError, StoreError) as exc:
            self.query_one("#kd-letter", Static).update(Text(exc.message, style="bold red"))
            return
        self._detail = detail
        row = detail.row
        menunggu = detail.menunggu_paraf.jabatan_nama if detail.menunggu_paraf else ""
        title = Text(f"Surat keluar {nomor_text(row)} · ", no_wrap=True, overflow="ellipsis")
        title.append_text(status_text(row, menunggu))
        self.query_one("#kd-title", Static).update(title)
        letter: list[RenderableType] = [Text(row.perihal, style="bold")]
        if detail.pesan:
            letter.append(pesan_text(detail.pesan))
        letter.append(letter_fields(detail, zone, today))
        self.query_one("#kd-letter", Static).update(Group(*letter))
        self._fill_tujuan(detail.tujuan)
        waiting = row.status in (KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN)
        self.query_one("#kd-paraf", Static).update(
            Group(
                section("Paraf", "p: paraf · b: kembalikan untuk perbaikan" if waiting else ""),
                paraf_chain(detail.paraf, zone, today, row.status),
            )
        )
        self.query_one("#kd-nomor", Static).update(
            Group(section("Riwayat nomor"), nomor_history(detail.nomor, zone, today))
        )
        self._fill_berkas(detail.berkas)
        timeline = self.query_one("#kd-timeline", Static)
        if entries:
            timeline.update(
                Group(
                    section(f"Riwayat SOP 9.13 ({len(entries)} peristiwa)"),
                    timeline_text(entries, zone, today, find_sop(sk.SOP_SURAT_KELUAR)),
                )
            )
        else:
            timeline.update(Text("Belum ada riwayat prosedur.", style="dim"))
        self.refresh_bindings()

    def _fill_tujuan(self, tujuan: tuple[TujuanView, ...]) -> None:
        options = self.query_one(TujuanList)
        keep = options.highlighted
        signed = self._detail is not None and is_signed(self._detail.row)
        title = (
            section(
                f"Tujuan dan pengiriman · {kirim_summary(tujuan)}",
                "d: kirim · t: tanda terima · x: tarik tujuan",
            )
            if signed
            else section("Tujuan", "dikirim setelah surat ditandatangani dan bernomor")
        )
        self.query_one("#kd-tujuan-title", Static).update(title)
        options.clear_options()
        today, zone = self.kpu.today(), self.kpu.zone
        if tujuan:
            options.add_options(
                [Option(tujuan_label(t, zone, today, kirim=signed), id=str(t.id)) for t in tujuan]
            )
            first_open = next(
                (i for i, t in enumerate(tujuan) if t.status == KirimStatus.DIKIRIM), 0
            )
            options.highlighted = min(keep, len(tujuan) - 1) if keep is not None else first_open
        else:
            options.add_option(Option(Text("Belum ada tujuan.", style="dim"), disabled=True))

    def _fill_berkas(self, berkas: tuple[BerkasView, ...]) -> None:
        options = self.query_one(BerkasList)
        keep = options.highlighted
        active = sum(1 for b in berkas if b.aktif)
        self.query_one("#kd-berkas-title", Static).update(
            section(f"Berkas ({active})", "Enter/o: buka · u: tambah · x: tarik")
        )
        options.clear_options()
        today, zone = self.kpu.today(), self.kpu.zone
        if berkas:
            options.add_options(
                [Option(berkas_label(b, zone, today), id=str(b.id)) for b in berkas]
            )
            options.highlighted = min(keep or 0, len(berkas) - 1)
        else:
            options.add_option(
                Option(Text("Belum ada berkas. u: tambah", style="dim"), disabled=True)
            )

    # -- the rows of the lists ----------------------------------------------------------------

    def tujuan(self) -> TujuanView | None:
        """The highlighted tujuan."""
        options = self.query_one(TujuanList)
        if self._detail is None or options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((t for t in self._detail.tujuan if str(t.id) == option.id), None)

    def berkas(self) -> BerkasView | None:
        """The highlighted file."""
        options = self.query_one(BerkasList)
        if self._detail is None or options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((b for b in self._detail.berkas if str(b.id) == option.id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the user may not use hide; keys that do not fit the letter's state dim."""
        if not self.is_mounted or self._detail is None:
            return True
        row = self._detail.row
        if action in SCREEN_ACTIONS:
            return allowed(action, row, self.kpu.actor, self._may, self._detail)
        if action == "open_masuk":
            return self._detail.balasan_of is not None
        if action == "add_receipt_scans":
            if allowed("add_files", row, self.kpu.actor, self._may) is False:
                return False
            return row.status in (KeluarStatus.DIKIRIM, KeluarStatus.SELESAI)
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_edit(self) -> None:
        """Revise the konsep."""
        self.actions.edit(self.surat_id)

    def action_submit(self) -> None:
        """Send the konsep for paraf."""
        self.actions.submit(self.surat_id)

    def action_paraf(self) -> None:
        """Give (or record) the awaited paraf."""
        self.actions.paraf(self.surat_id)

    def action_return_for_correction(self) -> None:
        """Return the konsep for correction with a note."""
        self.actions.return_for_correction(self.surat_id)

    def action_sign(self) -> None:
        """Record the signature (the letter takes its number)."""
        self.actions.sign(self.surat_id)

    def action_cancel(self) -> None:
        """Cancel the letter (with a reason)."""
        self.actions.cancel(self.surat_id)

    def action_add_files(self) -> None:
        """Add drafts (before the signature) or the signed scan (after it)."""
        if self._detail is not None:
            self.actions.add_files(self.surat_id, berkas_jenis(self._detail.row))

    def action_add_receipt_scans(self) -> None:
        """Add scans of returned tanda terima."""
        self.actions.add_files(self.surat_id, BerkasJenis.TANDA_TERIMA)

    def action_dispatch(self) -> None:
        """Record sending the letter to its tujuan."""
        self.actions.dispatch(self.surat_id)

    def action_receipt(self) -> None:
        """The tanda terima of the highlighted tujuan (or of the only one awaiting it)."""
        if self._detail is None:
            return
        chosen = self.tujuan()
        if chosen is not None and chosen.status == KirimStatus.DIKIRIM:
            self.actions.receipt(chosen.id)
            return
        waiting = [t for t in self._detail.tujuan if t.status == KirimStatus.DIKIRIM]
        if len(waiting) == 1:
            self.actions.receipt(waiting[0].id)
            return
        self.query_one(TujuanList).focus()
        self.notify(
            "Pilih tujuan yang tanda terimanya kembali (panah atas/bawah), lalu tekan t.",
            severity="warning",
            markup=False,
        )

    def withdraw_tujuan(self) -> None:
        """Withdraw the highlighted tujuan."""
        if (chosen := self.tujuan()) is not None:
            self.actions.withdraw_tujuan(chosen.id)

    def open_berkas(self) -> None:
        """Open the highlighted file with the system's viewer."""
        if (chosen := self.berkas()) is not None:
            self.actions.open_file(chosen.id)

    def withdraw_berkas(self) -> None:
        """Withdraw the highlighted file."""
        if (chosen := self.berkas()) is not None:
            self.actions.withdraw_file(chosen.id)

    @on(OptionList.OptionSelected, "#kd-berkas")
    def berkas_chosen(self) -> None:
        """Enter on a file opens it."""
        self.open_berkas()

    def action_open_masuk(self) -> None:
        """The surat masuk this letter answers, in full."""
        if self._detail is None or self._detail.balasan_of is None:
            return
        from .surat_masuk_detail import SuratDetailScreen

        self.app.push_screen(SuratDetailScreen(self._detail.balasan_of.id), lambda _: self.reload())

    def print_period(self) -> tuple[date, date]:
        """The period a register printed from here covers: the letter's month."""
        row = self._detail.row if self._detail is not None else None
        day = row.tanggal_surat if row is not None and row.tanggal_surat else self.kpu.today()
        return month_of(day)

    def action_print(self) -> None:
        """Print this letter's papers (or the registers of its month)."""
        from ..keluar_print import open_keluar_print_menu

        open_keluar_print_menu(self, self.surat_id)

    def action_close(self) -> None:
        """Back to where the letter was opened."""
        self.dismiss(None)


__all__ = ["BerkasList", "KeluarDetailScreen", "TujuanList"]
