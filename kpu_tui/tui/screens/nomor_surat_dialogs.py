"""Pesan nomor: reserving the next number for a letter made outside the application.

The form asks, in the order the request arrives: jenis naskah (it decides the series),
kode klasifikasi, unit pengolah (when the series' template writes it), tanggal, keperluan and
for whom; the line under it shows the number the reservation would get now. Saving is one
``with store.write()`` around :func:`kpu_tui.services.nomor_surat.reserve` with the actor and
the app's clock; its :class:`ValidationError` lands at the fields and keeps what was typed.
After saving, the reserved number is shown large with the next steps (record the letter now,
reserve another, done).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from kpu_tui.rules.dates import format_hari_tanggal
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services import reference
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import NomorView
from kpu_tui.services.surat_masuk import check_klasifikasi
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import CodePicker, DateBox, focus_inside
from .surat_masuk_form import actor_of, big_number, error_text, fit_scroll, kpu, utc_now

CSS_FILE = "../nomor_surat.tcss"
REQUIRED = ("keperluan", "untuk_nama")
"""Fields whose emptiness is reported on save only (not while tabbing through)."""


@dataclass(frozen=True)
class Reserved:
    """What the dialog closes with: the last number reserved and whether the user chose to
    record its letter now."""

    nomor_id: int
    then_record: bool = False


@dataclass(frozen=True)
class _Start:
    """What a fresh form starts with (the jenis and unit of the previous reservation)."""

    jenis: str | None = None
    klasifikasi: str = ""
    klasifikasi_uraian: str = ""
    unit_id: int | None = None


class ReserveDialog(ModalScreen[Reserved | None]):
    """Pesan nomor, then the reserved number large with the next steps.

    Dismisses with :class:`Reserved` (the last number reserved while the dialog was open) or
    None when nothing was reserved.
    """

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="rsv-save"),
        Binding("escape", "close", "Tutup", id="rsv-close"),
        Binding("c", "record", "Catat suratnya", id="rsv-record"),
        Binding("n", "another", "Pesan nomor lain", id="rsv-another"),
        Binding("enter", "finish", "Selesai", id="rsv-finish"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saved: NomorView | None = None
        self._last: NomorView | None = None
        self._start = _Start()
        self._count = 0
        self._initial: dict[str, Any] = {}
        self._jenis: list[tuple[str, str]] = []
        self._units: list[tuple[str, int]] = []

    # -- compose ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The form, or after a reservation the reserved number."""
        if self._saved is not None:
            yield from self._compose_saved(self._saved)
        else:
            yield from self._compose_form()

    def _load(self) -> None:
        if self._jenis:
            return
        with kpu(self).store.read() as session:
            self._jenis = [
                (f"{j.nama} ({j.kode})", j.kode) for j in reference.list_jenis_naskah(session)
            ]
            self._units = [(nama, unit_id) for unit_id, nama in skr.units(session)]

    def _search_klasifikasi(self, text: str) -> list[tuple[str, str]]:
        with kpu(self).store.read() as session:
            return [
                (k.kode, k.uraian) for k in reference.search_klasifikasi(session, text, limit=40)
            ]

    def _compose_form(self) -> ComposeResult:
        self._load()
        start = self._start

        def select(key: str, label: str, options: list[tuple[str, Any]], value: Any) -> FormField:
            known = any(v == value for _, v in options)
            box: Select[Any] = Select(
                options,
                value=value if known else Select.NULL,
                allow_blank=True,
                prompt="(tidak dipilih)",
                id=f"rsv-{key}",
            )
            return FormField(label, box, id=f"f-{key}")

        def text(key: str, label: str, placeholder: str, max_length: int) -> FormField:
            box = Input(placeholder=placeholder, max_length=max_length, id=f"rsv-{key}")
            return FormField(label, box, id=f"f-{key}")

        with Vertical(classes="dialog-box", id="rsv-box"):
            yield Static("Pesan nomor surat", classes="dialog-title")
            yield Static(
                Text(
                    "Untuk surat yang dibuat di luar aplikasi. Nomor diambil sekarang dari seri "
                    "jenis naskahnya; nanti dicatat suratnya (c) atau dikembalikan (b)."
                ),
                classes="dialog-message",
            )
            with VerticalScroll(id="rsv-fields"):
                yield select("jenis_naskah", "Jenis naskah", self._jenis, start.jenis)
                picker = CodePicker(
                    self._search_klasifikasi,
                    value=start.klasifikasi,
                    label=start.klasifikasi_uraian,
                    placeholder="ketik kode atau kata, mis. undangan atau PL.01",
                    id="rsv-klasifikasi",
                )
                yield FormField("Kode klasifikasi", picker, id="f-klasifikasi")
                yield select(
                    "pengolah_unit_id", "Unit pengolah (bila perlu)", self._units, start.unit_id
                )
                day = DateBox(
                    "hari ini", today=kpu(self).today, placeholder="hari ini", id="rsv-tanggal"
                )
                yield FormField("Tanggal", day, id="f-tanggal")
                yield text(
                    "keperluan",
                    "Keperluan",
                    "untuk surat apa, mis. undangan rapat pleno",
                    ns.MAX_KEPERLUAN,
                )
                yield text("untuk_nama", "Untuk siapa", "nama atau jabatan pemesan", ns.MAX_NAMA)
                yield Static("", id="rsv-preview")
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pesan (Ctrl+S)", id="rsv-simpan", variant="primary", compact=True)
                yield Button("Tutup (Esc)", id="rsv-tutup", compact=True)

    def _compose_saved(self, view: NomorView) -> ComposeResult:
        count = f" · {self._count} nomor sejak formulir dibuka" if self._count > 1 else ""
        lines = [
            f"Tanggal {format_hari_tanggal(view.tanggal)}",
            f"Untuk {view.untuk_nama} · keperluan: {view.keperluan}",
        ]
        if view.jenis_naskah or view.klasifikasi:
            parts = [f"Jenis {view.jenis_naskah}"] if view.jenis_naskah else []
            if view.klasifikasi:
                parts.append(f"klasifikasi {view.klasifikasi}")
            lines.append(" · ".join(parts))
        lines.append(
            "Nomor ini tercatat sebagai dipesan. Setelah suratnya ditandatangani, catat suratnya "
            "(c); bila tidak jadi dipakai, kembalikan nomornya (k di buku nomor)."
        )
        with Vertical(classes="dialog-box", id="rsv-saved"):
            yield Static(Text(f"Nomor surat dipesan{count}"), classes="dialog-title")
            yield Static(
                Text.assemble("Nomor surat ", (view.nomor_teks, "bold reverse")),
                id="rsv-saved-nomor",
            )
            yield Static(big_number(f"{view.urut}{view.sisipan}"), id="rsv-digits")
            yield Static(Text("\n".join(lines)), id="rsv-summary")
            yield Static("Langkah berikutnya", classes="section")
            with Vertical(id="rsv-next"):
                yield Button("c      Catat suratnya sekarang", id="rsv-next-c", compact=True)
                yield Button("n      Pesan nomor lain", id="rsv-next-n", compact=True)
                yield Button("Enter  Selesai", id="rsv-next-selesai", compact=True)

    # -- mount, size --------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Put the cursor where typing starts."""
        self._ready()

    def _ready(self) -> None:
        if self._saved is not None:
            self.query_one("#rsv-next-selesai", Button).focus()
            return
        self._initial = self._values()
        first = "#rsv-jenis_naskah" if self._start.jenis is None else "#rsv-keperluan"
        self.query_one(first).focus()
        self._show_preview()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """The fields scroll when the terminal is short."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._saved is None and self.is_attached and self.query("#rsv-box"):
            fit_scroll(self, self.query_one("#rsv-box"), self.query_one("#rsv-fields"))

    # -- values -------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        def chosen(key: str) -> Any:
            value = self.query_one(f"#rsv-{key}", Select).value
            return None if value is Select.NULL else value

        return {
            "jenis_naskah": chosen("jenis_naskah"),
            "klasifikasi": self.query_one("#rsv-klasifikasi", CodePicker).value,
            "pengolah_unit_id": chosen("pengolah_unit_id"),
            "tanggal": self.query_one("#rsv-tanggal", DateBox).value,
            "keperluan": self.query_one("#rsv-keperluan", Input).value,
            "untuk_nama": self.query_one("#rsv-untuk_nama", Input).value,
        }

    @property
    def changed(self) -> bool:
        """Whether the form holds anything other than what it opened with."""
        return self._saved is None and self._values() != self._initial

    def _tanggal_text(self, value: str) -> str:
        """What the service reads as the date ("hari ini" is today; "" too)."""
        return "" if value.strip().casefold() == "hari ini" else value

    def _check(self, session: Any, values: dict[str, Any]) -> dict[str, str]:
        """The field checks that need no write: klasifikasi in the list, the date readable
        and not in the future."""
        errors: dict[str, str] = {}
        check_klasifikasi(session, errors, values["klasifikasi"] or "")
        try:
            ns.parse_date(
                session,
                self._tanggal_text(values["tanggal"]),
                field="tanggal",
                label="Tanggal",
                now=utc_now(self),
            )
        except ValidationError as exc:
            errors |= exc.errors
        return errors

    def _preview_text(self, values: dict[str, Any]) -> Text:
        jenis = values["jenis_naskah"]
        if not jenis:
            return Text("Pilih jenis naskah: seri nomornya menentukan nomor yang dipesan.")
        try:
            with kpu(self).store.read() as session:
                errors: dict[str, str] = {}
                kode = check_klasifikasi(session, errors, values["klasifikasi"] or "")
                day = ns.parse_date(
                    session,
                    self._tanggal_text(values["tanggal"]),
                    field="tanggal",
                    label="Tanggal",
                    now=utc_now(self),
                )
                if errors:
                    raise ValidationError(errors)
                seri = ns.series_for(session, jenis)
                nomor = ns.preview(
                    session,
                    jenis=jenis,
                    klasifikasi=kode,
                    unit_id=values["pengolah_unit_id"],
                    tanggal=day,
                )
        except ValidationError as exc:
            return Text("Perkiraan nomor: " + " ".join(exc.errors.values()))
        except (ServiceError, StoreError) as exc:
            return Text(f"Perkiraan nomor: {error_text(exc)}")
        return Text.assemble(
            "Perkiraan nomor: ",
            (nomor, "bold"),
            f"  (seri {seri.nama}; nomor pasti diberikan saat disimpan)",
        )

    def _show_preview(self) -> None:
        if self._saved is None and self.is_attached and self.query("#rsv-preview"):
            self.query_one("#rsv-preview", Static).update(self._preview_text(self._values()))

    # -- as the user types and leaves a field -------------------------------------------------

    @on(Select.Changed)
    @on(CodePicker.Picked)
    def choice_changed(self) -> None:
        """A new jenis, klasifikasi or unit: the number it would get."""
        self._show_preview()

    @on(Input.Changed, "#rsv-tanggal Input")
    def date_typed(self) -> None:
        """A new date: the number it would get (the year is the series year)."""
        self._show_preview()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, like Tab."""
        event.stop()
        self.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Check the field just left (only that field) and refresh the preview."""
        if self._saved is not None or not self.is_attached or not self.query("#rsv-box"):
            return
        self._show_preview()
        field = next((a for a in event.widget.ancestors if isinstance(a, FormField)), None)
        if field is None or field.id is None:
            return
        key = field.id.removeprefix("f-")
        values = self._values()
        if key in REQUIRED and not str(values.get(key) or "").strip():
            return  # "wajib diisi" waits for Pesan (or stays from it)
        with kpu(self).store.read() as session:
            errors = self._check(session, values)
        if key in ("klasifikasi", "tanggal"):
            field.error = errors.get(key, "")

    # -- save ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#rsv-simpan")
    async def save_pressed(self) -> None:
        """The Pesan button."""
        await self.action_save()

    @on(Button.Pressed, "#rsv-tutup")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    async def action_save(self) -> None:
        """Reserve; on failure the form stays with what was typed."""
        values = self._values()
        try:
            with kpu(self).store.write() as session:
                view = ns.reserve(
                    session,
                    actor=actor_of(self),
                    jenis_naskah=values["jenis_naskah"] or "",
                    klasifikasi=values["klasifikasi"] or "",
                    pengolah_unit_id=values["pengolah_unit_id"],
                    tanggal=self._tanggal_text(values["tanggal"]),
                    keperluan=values["keperluan"],
                    untuk_nama=values["untuk_nama"],
                    now=utc_now(self),
                )
        except ValidationError as exc:
            first = show_errors(self, exc.errors)
            if first is not None:
                focus_inside(first)
                self.query_one("#rsv-fields", VerticalScroll).scroll_to_widget(first)
            return
        except (ServiceError, StoreError) as exc:
            show_errors(self, {})
            self.query_one("#form-error", Static).update(Content(error_text(exc)))
            return
        picker = self.query_one("#rsv-klasifikasi", CodePicker)
        uraian = picker.input.value.partition(" — ")[2] if picker.value else ""
        self._start = _Start(
            jenis=values["jenis_naskah"],
            klasifikasi=view.klasifikasi or "",
            klasifikasi_uraian=uraian,
            unit_id=values["pengolah_unit_id"],
        )
        self._saved = view
        self._count += 1
        await self.recompose()
        self._ready()

    # -- after saving -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The form's keys in the form, the next steps on the reserved panel."""
        if action in ("record", "another", "finish"):
            return self._saved is not None
        if action == "save":
            return self._saved is None
        return True

    @on(Button.Pressed, "#rsv-next-c")
    def action_record(self) -> None:
        """Close and record the letter made on this number now."""
        if self._saved is not None:
            self.dismiss(Reserved(self._saved.id, then_record=True))

    @on(Button.Pressed, "#rsv-next-n")
    async def action_another(self) -> None:
        """A fresh form (same jenis, klasifikasi and unit) for the next reservation."""
        if self._saved is None:
            return
        self._last = self._saved
        self._saved = None
        await self.recompose()
        self._ready()

    @on(Button.Pressed, "#rsv-next-selesai")
    def action_finish(self) -> None:
        """Close, back to the ledger on the reserved number."""
        if self._saved is not None:
            self.dismiss(Reserved(self._saved.id))

    def action_close(self) -> None:
        """Close; a changed form asks first. Numbers already reserved stay reserved."""
        last = self._saved or self._last
        result = Reserved(last.id) if last is not None else None
        if not self.changed:
            self.dismiss(result)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(result)

        self.app.push_screen(ConfirmDiscard(), decided)


__all__ = ["ReserveDialog", "Reserved"]
