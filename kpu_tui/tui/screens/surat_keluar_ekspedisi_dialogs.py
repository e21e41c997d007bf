"""Ekspedisi of a signed letter: the dispatch to its tujuan (SOP 9.13 step 6) and the tanda
terima that comes back. Both are :class:`KeluarDialog`s: Ctrl+S saves through one service call
in one write transaction, errors land at their fields, Esc asks before throwing typing away.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from kpu_tui.models import CaraKirim, KeluarStatus, KirimStatus
from kpu_tui.rules.dates import format_tanggal
from kpu_tui.services import ekspedisi
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_keluar_views import KeluarDetail, KirimForm, TujuanView
from kpu_tui.store import StoreError

from ..widgets.form import FormField
from ..widgets.pickers import Checklist, ChecklistEntry, DateBox
from .surat_keluar_dialogs import KeluarDialog, letter_title
from .surat_masuk_form import actor_of, kpu, split_paths, utc_now


def tujuan_label(tujuan: TujuanView) -> str:
    """``Tembusan: Ketua KPU Provinsi …`` for a tembusan, the name otherwise."""
    return f"Tembusan: {tujuan.nama}" if tujuan.tembusan else tujuan.nama


class DispatchDialog(KeluarDialog[bool]):
    """Send a signed letter: which tujuan (those not yet sent, all ticked), how (antar
    langsung, pos, kurir, surel, SRIKANDI), when, the resi or reference, a note."""

    def __init__(self, surat_id: int) -> None:
        super().__init__()
        self.surat_id = surat_id
        self._detail: KeluarDetail | None = None

    def _load(self) -> KeluarDetail:
        if self._detail is None:
            with kpu(self).store.read() as session:
                self._detail = skr.get_detail(session, self.surat_id)
        return self._detail

    def _pending(self) -> list[TujuanView]:
        return [t for t in self._load().tujuan if t.status == KirimStatus.BELUM]

    def compose(self) -> ComposeResult:
        """The letter, the tujuan checklist, cara, tanggal, resi, keterangan, the buttons."""
        detail = self._load()
        row = detail.row
        pending = self._pending()
        entries = [ChecklistEntry(tujuan_label(t), t.alamat, t.id) for t in pending]
        tanggal = f" · tanggal {format_tanggal(row.tanggal_surat)}" if row.tanggal_surat else ""
        sent = [t for t in detail.tujuan if t.status in (KirimStatus.DIKIRIM, KirimStatus.DITERIMA)]
        lines = [f"{row.perihal}{tanggal}"]
        if sent:
            lines.append("Sudah dikirim: " + "; ".join(t.nama for t in sent))
        today = kpu(self).today()
        with Vertical(classes="dialog-box", id="skd-kirim-box"):
            yield Static(Text(f"Kirim surat {letter_title(row)}"), classes="dialog-title")
            yield Static(Text("\n".join(lines)), classes="dialog-message")
            with VerticalScroll(classes="skd-scroll"):
                yield FormField(
                    "Tujuan",
                    Checklist(
                        entries,
                        chosen=[e.value for e in entries],
                        filter_placeholder="",
                        id="skd-tujuan",
                    ),
                    id="f-tujuan",
                    hint="Spasi mencentang atau melepas; yang dicentang dikirim bersama.",
                )
                yield FormField(
                    "Cara kirim",
                    Select(
                        [(c.label, c.value) for c in CaraKirim],
                        value=CaraKirim.ANTAR.value,
                        allow_blank=False,
                        id="skd-cara",
                    ),
                    id="f-cara_kirim",
                )
                yield FormField(
                    "Tanggal kirim",
                    DateBox(today.strftime("%d/%m/%Y"), today=kpu(self).today, id="skd-tgl-kirim"),
                    id="f-tanggal_kirim",
                )
                yield FormField(
                    "Nomor resi",
                    Input(id="skd-resi", max_length=ekspedisi.MAX_RESI),
                    id="f-nomor_resi",
                    hint="Resi pos/kurir, alamat surel atau nomor SRIKANDI (boleh kosong).",
                )
                yield FormField(
                    "Keterangan",
                    Input(id="skd-kirim-ket", max_length=ekspedisi.MAX_KETERANGAN),
                    id="f-keterangan",
                )
            yield from self._buttons("Kirim")

    def _ready(self) -> None:
        self.query_one("#skd-cara", Select).focus()

    def _checklist(self) -> Checklist[int]:
        return self.query_one("#skd-tujuan", Checklist)

    def _form(self) -> KirimForm:
        cara = self.query_one("#skd-cara", Select).value
        return KirimForm(
            cara_kirim=str(cara) if cara is not Select.NULL else "",
            tanggal_kirim=self.query_one("#skd-tgl-kirim", DateBox).value,
            nomor_resi=self.query_one("#skd-resi", Input).value,
            keterangan=self.query_one("#skd-kirim-ket", Input).value,
        )

    def _snapshot(self) -> object:
        return (tuple(self._checklist().selected), self._form())

    def action_save(self) -> None:
        """Record the dispatch of the ticked tujuan."""
        chosen = self._checklist().selected
        form = self._form()
        try:
            with kpu(self).store.write() as session:
                sent = ekspedisi.dispatch(
                    session, actor=actor_of(self), tujuan_ids=chosen, form=form, now=utc_now(self)
                )
                status = skr.get_row(session, self.surat_id).status
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        names = "; ".join(t.nama for t in sent)
        cara = sent[0].cara_kirim.label if sent and sent[0].cara_kirim else form.cara_kirim
        message = f"Dikirim ({cara}) kepada {names}."
        if status == KeluarStatus.TERBIT:
            message += " Masih ada tujuan yang belum dikirimi."
        self.notify(message, title=f"Surat {letter_title(self._load().row)}", markup=False)
        self.dismiss(True)


class ReceiptDialog(KeluarDialog[bool]):
    """Record the tanda terima of a sent tujuan as returned: who received the letter there,
    when, and optionally the scan of the signed receipt."""

    def __init__(self, tujuan: TujuanView) -> None:
        super().__init__()
        self.tujuan = tujuan
        self._nomor = ""

    def compose(self) -> ComposeResult:
        """The letter and the dispatch, the receiver, the date, the scan."""
        tujuan = self.tujuan
        with kpu(self).store.read() as session:
            row = skr.get_row(session, tujuan.surat_id)
        self._nomor = letter_title(row)
        sent = [f"Surat {self._nomor} · {row.perihal}"]
        how = tujuan.cara_kirim.label if tujuan.cara_kirim else "-"
        when = format_tanggal(tujuan.tanggal_kirim) if tujuan.tanggal_kirim else "-"
        sent.append(
            f"Dikirim {when} ({how})" + (f", resi {tujuan.nomor_resi}" if tujuan.nomor_resi else "")
        )
        today = kpu(self).today()
        with Vertical(classes="dialog-box", id="skd-terima-box"):
            yield Static(
                Text(f"Tanda terima kembali · {tujuan_label(tujuan)}"), classes="dialog-title"
            )
            yield Static(Text("\n".join(sent)), classes="dialog-message")
            yield FormField(
                "Nama penerima",
                Input(id="skd-penerima", max_length=ekspedisi.MAX_NAMA),
                id="f-nama_penerima",
                hint="Yang menandatangani tanda terima di tempat tujuan.",
            )
            yield FormField(
                "Tanggal terima",
                DateBox(today.strftime("%d/%m/%Y"), today=kpu(self).today, id="skd-tgl-terima"),
                id="f-tanggal",
            )
            yield FormField(
                "Pindaian",
                Input(id="skd-terima-berkas", placeholder="lokasi berkas (boleh kosong)"),
                id="f-berkas",
                hint="Pindaian tanda terima bertanda tangan, PDF/JPG/PNG.",
            )
            yield from self._buttons()

    def _ready(self) -> None:
        self.query_one("#skd-penerima", Input).focus()

    def _values(self) -> tuple[str, str, tuple[str, ...]]:
        return (
            self.query_one("#skd-penerima", Input).value,
            self.query_one("#skd-tgl-terima", DateBox).value,
            split_paths(self.query_one("#skd-terima-berkas", Input).value),
        )

    def _snapshot(self) -> object:
        return self._values()

    def action_save(self) -> None:
        """Record the receipt; say when the letter is now selesai."""
        app = kpu(self)
        nama, tanggal, berkas = self._values()
        try:
            with app.store.write() as session:
                ekspedisi.receipt_returned(
                    session,
                    actor=actor_of(self),
                    tujuan_id=self.tujuan.id,
                    nama_penerima=nama,
                    tanggal=tanggal,
                    berkas=berkas,
                    attachment_dir=app.settings.attachment_dir,
                    now=utc_now(self),
                )
                status = skr.get_row(session, self.tujuan.surat_id).status
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        message = f"Tanda terima {self.tujuan.nama} dicatat kembali."
        if status == KeluarStatus.SELESAI:
            message += " Semua tanda terima sudah kembali: surat selesai."
        self.notify(message, title=f"Surat {self._nomor}", markup=False)
        self.dismiss(True)


__all__ = ["DispatchDialog", "ReceiptDialog", "tujuan_label"]
