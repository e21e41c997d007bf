"""The signature of an outgoing letter: its date (today unless typed), the number it will get,
previewed from its series as the date changes, and for a kasubbag or admin a sisipan for a
back-dated letter. The number is taken in the transaction that signs; afterwards the dialog
shows it large with the next steps (store the signed scan, dispatch).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from kpu_tui.rules.dates import format_hari_tanggal
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarDetail
from kpu_tui.store import StoreError

from ..widgets.form import FormField
from ..widgets.pickers import DateBox
from .surat_keluar_dialogs import KeluarDialog, letter_lines, round_lines
from .surat_masuk_form import actor_of, big_number, error_text, kpu, utc_now


@dataclass(frozen=True)
class Signed:
    """The signature dialog's result: the letter signed and the next step chosen on its panel
    (``arsip``: store the scan of the signed letter, ``kirim``: dispatch, ``""``: nothing)."""

    surat_id: int
    next: str = ""


class SignDialog(KeluarDialog[Signed]):
    """Record the signature: the letter's date (today unless typed), the number it will get
    (previewed from the series as the date changes) and, for a kasubbag or admin, a sisipan
    for a back-dated letter. After signing it shows the number large with the next steps the
    user may take (``steps``: ``arsip``, ``kirim``)."""

    BINDINGS = [
        *KeluarDialog.BINDINGS,
        Binding("u", "next('arsip')", "Simpan pindaian arsip", id="skd-next-arsip"),
        Binding("d", "next('kirim')", "Kirim", id="skd-next-kirim"),
        Binding("enter", "next('')", "Selesai", id="skd-next-done"),
    ]

    def __init__(
        self, surat_id: int, *, can_sisipan: bool = False, steps: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.surat_id = surat_id
        self.can_sisipan = can_sisipan
        self.steps = steps
        self._detail: KeluarDetail | None = None
        self._signed: KeluarDetail | None = None

    def _load(self) -> KeluarDetail:
        if self._detail is None:
            with kpu(self).store.read() as session:
                self._detail = skr.get_detail(session, self.surat_id)
        return self._detail

    def compose(self) -> ComposeResult:
        """The letter, the date, the sisipan choice, the number preview; or the signed panel."""
        if self._signed is not None:
            yield from self._compose_signed(self._signed)
            return
        detail = self._load()
        with Vertical(classes="dialog-box", id="skd-sign-box"):
            yield Static(Text("Tanda tangan dan nomor surat"), classes="dialog-title")
            with VerticalScroll(classes="skd-scroll"):
                lines = letter_lines(detail)
                paraf = round_lines(detail)
                if paraf:
                    lines += ["Paraf berjenjang:", *paraf]
                yield Static(Text("\n".join(lines)), classes="dialog-message", id="skd-letter")
                today = kpu(self).today()
                yield FormField(
                    "Tanggal surat",
                    DateBox(today.strftime("%d/%m/%Y"), today=kpu(self).today, id="skd-tanggal"),
                    id="f-tanggal",
                )
                if self.can_sisipan:
                    yield FormField(
                        "Sisipan",
                        Checkbox("Nomor sisipan (surat bertanggal mundur)", id="skd-sisipan"),
                        id="f-sisipan",
                    )
                yield Static("", id="skd-preview")
            yield from self._buttons("Tandatangani & beri nomor")

    def _compose_signed(self, detail: KeluarDetail) -> ComposeResult:
        row = detail.row
        nomor = next((n for n in reversed(detail.nomor) if n.nomor_teks == row.nomor_surat), None)
        urut = f"{row.nomor_urut or ''}{nomor.sisipan if nomor else ''}"
        lines = []
        if row.tanggal_surat is not None:
            lines.append(f"Tanggal surat {format_hari_tanggal(row.tanggal_surat)}")
        signer = row.penandatangan_jabatan
        if row.penandatangan_nama:
            signer += f" ({row.penandatangan_nama})"
        lines += [f"Ditandatangani {signer}", f"Perihal: {row.perihal}"]
        lines.append(f"Kepada: {row.tujuan_ringkas}")
        with Vertical(classes="dialog-box", id="skd-signed"):
            yield Static(Text("Surat ditandatangani"), classes="dialog-title")
            yield Static(Text.assemble("Nomor surat ", (row.nomor_surat, "bold")), id="skd-nomor")
            yield Static(big_number(urut), id="skd-digits")
            yield Static(Text("\n".join(lines)), id="skd-summary")
            yield Static("Langkah berikutnya", classes="section")
            with Vertical(id="skd-next"):
                if "arsip" in self.steps:
                    yield Button("u      Simpan pindaian arsip", id="skd-next-u", compact=True)
                if "kirim" in self.steps:
                    yield Button("d      Kirim ke tujuan", id="skd-next-d", compact=True)
                yield Button("Enter  Selesai", id="skd-next-selesai", compact=True)

    def _ready(self) -> None:
        if self._signed is not None:
            self.query_one("#skd-next-selesai", Button).focus()
            return
        self.update_preview()
        self.query_one("#skd-tanggal", DateBox).input.focus()

    def _tanggal(self) -> str:
        return self.query_one("#skd-tanggal", DateBox).value

    def _sisipan(self) -> bool:
        boxes = self.query("#skd-sisipan")
        return bool(boxes) and boxes.first(Checkbox).value

    def _snapshot(self) -> object:
        if self._signed is not None:
            return None
        return (self._tanggal(), self._sisipan())

    @on(Input.Changed, "#skd-tanggal Input")
    @on(Checkbox.Changed, "#skd-sisipan")
    def update_preview(self) -> None:
        """Show the number the letter would get for the date typed (or, for a sisipan, how it
        is made); a date that cannot be used is said at the field at once."""
        if self._signed is not None or not self.query("#skd-preview"):
            return
        preview = self.query_one("#skd-preview", Static)
        field = self.query_one("#f-tanggal", FormField)
        sisipan = self._sisipan()
        try:
            with kpu(self).store.read() as session:
                nomor = sk.preview_number(
                    session,
                    surat_id=self.surat_id,
                    tanggal=self._tanggal(),
                    sisipan=sisipan,
                    now=utc_now(self),
                )
        except ValidationError as exc:
            field.error = exc.errors.get("tanggal", "")
            others = [m for k, m in exc.errors.items() if k != "tanggal"]
            preview.update(Text("\n".join(["Nomor belum dapat ditampilkan.", *others])))
            return
        except (ServiceError, StoreError) as exc:
            preview.update(Text(error_text(exc)))
            return
        field.error = ""
        preview.update(
            Text.assemble(
                "Perkiraan nomor sisipan  " if sisipan else "Perkiraan nomor  ",
                (nomor, "bold"),
                "\n",
                (
                    "Nomor terakhir pada atau sebelum tanggal itu, dengan huruf; pasti saat"
                    " disimpan."
                    if sisipan
                    else "Nomor berikutnya dalam seri; pasti saat disimpan.",
                    "dim",
                ),
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving before signing; the next steps on the signed panel."""
        if action == "next":
            step = str(parameters[0]) if parameters else ""
            return self._signed is not None and (not step or step in self.steps)
        if action == "save":
            return self._signed is None
        return True

    def action_save(self) -> None:
        """Sign: the number is taken in the same transaction."""
        app = kpu(self)
        try:
            with app.store.write() as session:
                sk.sign(
                    session,
                    actor=actor_of(self),
                    surat_id=self.surat_id,
                    tanggal=self._tanggal(),
                    sisipan=self._sisipan(),
                    now=utc_now(self),
                )
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        with app.store.read() as session:
            self._signed = skr.get_detail(session, self.surat_id)
        self.notify(
            f"Surat ditandatangani: nomor {self._signed.row.nomor_surat}.",
            title="Surat keluar",
            markup=False,
        )
        self.call_later(self._show_signed)

    async def _show_signed(self) -> None:
        await self.recompose()
        self._ready()

    @on(Button.Pressed, "#skd-next-u")
    def arsip_pressed(self) -> None:
        """The arsip button."""
        self.action_next("arsip")

    @on(Button.Pressed, "#skd-next-d")
    def kirim_pressed(self) -> None:
        """The kirim button."""
        self.action_next("kirim")

    @on(Button.Pressed, "#skd-next-selesai")
    def done_pressed(self) -> None:
        """The Selesai button."""
        self.action_next("")

    def action_next(self, step: str) -> None:
        """Close the signed panel with the next step chosen."""
        if self._signed is not None:
            self.dismiss(Signed(self.surat_id, step))

    def action_close(self) -> None:
        """Esc: after signing it closes the panel (the letter is signed)."""
        if self._signed is not None:
            self.dismiss(Signed(self.surat_id))
            return
        super().action_close()


__all__ = ["SignDialog", "Signed"]
