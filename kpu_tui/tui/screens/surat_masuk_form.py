"""Registering a surat masuk, keyboard only: the form in the order the paper arrives, the
duplicate warning, the "tercatat" panel with the nomor agenda large and the next steps, the
reasoned correction, and adding scans to a registered letter.

Every write is one ``with store.write()`` around one service call with the logged-in actor and
the app's clock; a :class:`ValidationError` puts each message at its field and keeps what was
typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from kpu_tui.models import OptionKind
from kpu_tui.rules.dates import format_hari_tanggal
from kpu_tui.services import reference
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_masuk import DuplicateLetter, SuratMasukForm, SuratRow
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import CodePicker, CompletionSuggester, DateBox, focus_inside
from .prosedur_dialogs import refusal

if TYPE_CHECKING:
    from ..app import KpuApp

CSS_FILE = "../surat_form.tcss"
WIDE = 110
"""From this many columns the form puts short fields side by side."""
REQUIRED = ("asal", "nomor_surat", "perihal", "alasan")
"""Fields whose emptiness is reported on save only (not while tabbing through)."""


# -- small shared pieces ----------------------------------------------------------------------


def split_paths(text: str) -> tuple[str, ...]:
    """Paths typed one per line or separated by ``;`` (quotes from drag-and-drop removed)."""
    parts = (p.strip().strip("'\"").strip() for line in text.splitlines() for p in line.split(";"))
    return tuple(p for p in parts if p)


def fit_scroll(screen: Screen[Any], box: Widget, scroll: Widget) -> None:
    """Cap ``scroll`` so the rest of ``box`` (title, buttons) stays on a short screen."""
    others = sum(
        child.outer_size.height + child.styles.margin.height
        for child in box.children
        if child is not scroll and child.display
    )
    room = max(3, screen.size.height - others - box.styles.gutter.height)
    if scroll.styles.max_height is None or scroll.styles.max_height.value != room:
        scroll.styles.max_height = room


def kpu(screen: Screen[Any]) -> KpuApp:
    """The running app, typed."""
    return cast("KpuApp", screen.app)


def actor_of(screen: Screen[Any]) -> Actor:
    """The logged-in user (the registers exist only after a login)."""
    actor = kpu(screen).actor
    if actor is None:  # pragma: no cover - screens are reachable only after a login
        raise ServiceError("Belum masuk.")
    return actor


def utc_now(screen: Screen[Any]) -> datetime:
    """The app's clock as UTC, for the services."""
    return kpu(screen).now().astimezone(UTC)


SLASH = ("  ╱", " ╱ ", "╱  ")
"""A slash in the 3x3 style of the big digits (Textual's Digits has none)."""


def big_number(text: str) -> Text:
    """``0124/2026`` in three rows of large digits (a character without a glyph stays small)."""
    rows = ["", "", ""]
    for character in text:
        if character in DIGITS:
            start = DIGITS.index(character) * 3
            glyph = tuple(line.ljust(3) for line in DIGITS3X3_BOLD[start : start + 3])
        elif character == "/":
            glyph = SLASH
        else:
            glyph = (" ", " ", character)
        for index in range(3):
            rows[index] += glyph[index]
    return Text("\n".join(rows))


def letter_heading(row: SuratRow) -> str:
    """``0012/2026 · Bawaslu Kota Bontang · Undangan rapat …`` for dialog headings."""
    return f"{row.agenda_teks} · {row.asal} · {row.perihal}"


def error_text(exc: ServiceError | StoreError) -> str:
    """A failure in words for the line under a form."""
    return refusal(exc) if isinstance(exc, ServiceError) else exc.message


# -- the duplicate warning --------------------------------------------------------------------


class DuplicateDialog(ModalScreen[str]):
    """ "Surat ini sudah tercatat": open that letter (``buka``), register anyway (``tetap``) or
    go back to the form (``kembali``)."""

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("b", "choose('buka')", "Buka surat itu", id="dup-open"),
        Binding("c", "choose('tetap')", "Tetap catat", id="dup-anyway"),
        Binding("k,escape", "choose('kembali')", "Kembali", id="dup-back"),
    ]

    def __init__(self, existing: Sequence[SuratRow]) -> None:
        super().__init__()
        self._existing = list(existing)

    def compose(self) -> ComposeResult:
        """The letter(s) already registered and the three choices."""
        first = self._existing[0]
        lines = [
            f"Surat ini sudah tercatat: agenda {first.agenda_teks}, diterima "
            f"{format_hari_tanggal(first.tanggal_terima)}.",
            f"Nomor {first.nomor_surat} dari {first.asal}",
            f"Perihal: {first.perihal}",
        ]
        if len(self._existing) > 1:
            others = ", ".join(r.agenda_teks for r in self._existing[1:])
            lines.append(f"Juga tercatat sebagai agenda {others}.")
        with Vertical(classes="dialog-box"):
            yield Static("Surat sudah tercatat", classes="dialog-title")
            yield Static(Text("\n".join(lines)), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Buka surat itu (b)", id="dup-buka", variant="primary", compact=True)
                yield Button("Tetap catat (c)", id="dup-tetap", variant="warning", compact=True)
                yield Button("Kembali (k/Esc)", id="dup-kembali", compact=True)

    def on_mount(self) -> None:
        """The safe choice (open the registered letter) has the focus."""
        self.query_one("#dup-buka", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """The buttons answer like their keys."""
        self.action_choose((event.button.id or "dup-kembali").removeprefix("dup-"))

    def action_choose(self, choice: str) -> None:
        """Close with the choice."""
        self.dismiss(choice)


# -- the form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Choices:
    """The pick lists of the form, read once."""

    sifat: list[tuple[str, str]]
    derajat: list[tuple[str, str]]
    tujuan: list[tuple[str, int]]
    jenis: list[tuple[str, str]]
    ketua_id: int | None


class SuratMasukFormScreen(ModalScreen[int | None]):
    """Catat surat masuk (``surat_id`` None) or its reasoned correction.

    Dismisses with the saved letter's id; after a duplicate warning "Buka surat itu", with the
    id of the letter already registered; None when nothing was saved. Registering several
    letters in a row (``n`` on the tercatat panel) dismisses with the last one.
    """

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="smf-save"),
        Binding("escape", "close", "Tutup", id="smf-close"),
        Binding("d", "print('disposisi')", "Cetak lembar disposisi", id="smf-print-disposisi"),
        Binding("t", "print('tanda-terima')", "Cetak tanda terima", id="smf-print-receipt"),
        Binding("n", "another", "Catat surat lain", id="smf-another"),
        Binding("enter", "finish", "Selesai", id="smf-finish"),
    ]

    def __init__(self, surat_id: int | None = None) -> None:
        super().__init__()
        self.surat_id = surat_id
        self._saved: SuratRow | None = None
        self._last_id: int | None = None
        self._count = 0
        self._terima = "hari ini"
        self._choices: _Choices | None = None
        self._start: SuratMasukForm = SuratMasukForm(tanggal_terima=self._terima)
        self._klas_uraian = ""
        self._agenda = ""
        self._initial: dict[str, Any] = {}
        self._duplicates: list[SuratRow] = []

    # -- data ---------------------------------------------------------------------------------

    @property
    def is_correction(self) -> bool:
        """Whether this is a correction of a registered letter."""
        return self.surat_id is not None

    def _load(self) -> _Choices:
        if self._choices is not None:
            return self._choices
        with kpu(self).store.read() as session:
            jabatan = reference.list_jabatan(session)
            self._choices = _Choices(
                sifat=[(o.nama, o.kode) for o in reference.list_options(session, OptionKind.SIFAT)],
                derajat=[
                    (o.nama, o.kode) for o in reference.list_options(session, OptionKind.DERAJAT)
                ],
                tujuan=[
                    (f"{j.nama} — {j.pemegang_nama}" if j.pemegang_nama else j.nama, j.id)
                    for j in jabatan
                ],
                jenis=[
                    (f"{n.nama} ({n.kode})", n.kode) for n in reference.list_jenis_naskah(session)
                ],
                ketua_id=next((j.id for j in jabatan if j.kode == "KETUA"), None),
            )
            if self.surat_id is not None:
                self._start = sm.form_of(session, self.surat_id)
                self._agenda = sm.get_row(session, self.surat_id).agenda_teks
                if self._start.klasifikasi:
                    found = reference.search_klasifikasi(session, self._start.klasifikasi, limit=5)
                    self._klas_uraian = next(
                        (k.uraian for k in found if k.kode == self._start.klasifikasi), ""
                    )
        return self._choices

    def _suggest_asal(self, text: str) -> list[str]:
        with kpu(self).store.read() as session:
            return sm.suggest_asal(session, text, limit=5)

    def _search_klasifikasi(self, text: str) -> list[tuple[str, str]]:
        with kpu(self).store.read() as session:
            return [
                (k.kode, k.uraian) for k in reference.search_klasifikasi(session, text, limit=40)
            ]

    # -- compose ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The form, or after a registration the tercatat panel."""
        if self._saved is not None:
            yield from self._compose_saved(self._saved)
        else:
            yield from self._compose_form()

    @staticmethod
    def _date_text(value: str) -> str:
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value

    def _compose_form(self) -> ComposeResult:
        choices = self._load()
        start = self._start
        title = f"Koreksi surat masuk {self._agenda}" if self.is_correction else "Catat surat masuk"

        def text(key: str, label: str, value: str, hint: str = "", **kw: Any) -> FormField:
            box = Input(value=value, id=f"smf-{key}", **kw)
            return FormField(label, box, id=f"f-{key}", hint=hint)

        def select(key: str, label: str, options: Sequence[tuple[str, Any]], value: Any) -> Widget:
            known = any(v == value for _, v in options)
            box: Select[Any] = Select(
                options,
                value=value if known else Select.NULL,
                allow_blank=True,
                prompt="(tidak dipilih)",
                id=f"smf-{key}",
            )
            return FormField(label, box, id=f"f-{key}")

        def day(key: str, label: str, value: str, placeholder: str) -> FormField:
            box = DateBox(value, today=kpu(self).today, placeholder=placeholder, id=f"smf-{key}")
            return FormField(label, box, id=f"f-{key}").add_class("-date")

        with Vertical(classes="dialog-box", id="smf-box"):
            yield Static(Text(title), classes="dialog-title")
            with VerticalScroll(id="smf-fields"):
                with Horizontal(classes="smf-row"):
                    yield day(
                        "tanggal_terima",
                        "Tanggal terima",
                        self._date_text(start.tanggal_terima),
                        "hari ini",
                    )
                    yield text(
                        "asal",
                        "Asal surat",
                        start.asal,
                        max_length=sm.MAX["asal"],
                        placeholder="pengirim (→ menerima usulan)",
                        suggester=CompletionSuggester(self._suggest_asal),
                    ).add_class("-col2")
                with Horizontal(classes="smf-row"):
                    yield text(
                        "nomor_surat",
                        "Nomor surat",
                        start.nomor_surat,
                        max_length=sm.MAX["nomor_surat"],
                        placeholder="tulis - bila tidak bernomor",
                    )
                    yield day(
                        "tanggal_surat",
                        "Tanggal surat",
                        self._date_text(start.tanggal_surat),
                        "mis. 20/11/2026",
                    ).add_class("-col2")
                yield text("perihal", "Perihal", start.perihal, max_length=sm.MAX["perihal"])
                with Horizontal(classes="smf-row"):
                    yield text(
                        "lampiran",
                        "Lampiran",
                        start.lampiran,
                        max_length=sm.MAX["lampiran"],
                        placeholder="mis. 1 berkas",
                    )
                    yield select("sifat", "Sifat", choices.sifat, start.sifat or "biasa").add_class(
                        "-col2"
                    )
                    yield select(
                        "derajat", "Derajat kecepatan", choices.derajat, start.derajat or "biasa"
                    ).add_class("-col2")
                picker = CodePicker(
                    self._search_klasifikasi,
                    value=start.klasifikasi,
                    label=self._klas_uraian,
                    placeholder="ketik kode atau kata, mis. undangan atau PL.01",
                    id="smf-klasifikasi",
                )
                yield FormField("Kode klasifikasi", picker, id="f-klasifikasi")
                tujuan = start.tujuan_jabatan_id if self.is_correction else choices.ketua_id
                with Horizontal(classes="smf-row"):
                    yield select("tujuan_jabatan_id", "Tujuan", choices.tujuan, tujuan).add_class(
                        "-wide2"
                    )
                    yield select(
                        "jenis_naskah", "Jenis naskah", choices.jenis, start.jenis_naskah
                    ).add_class("-col2")
                yield text(
                    "keterangan", "Keterangan", start.keterangan, max_length=sm.MAX["keterangan"]
                )
                if self.is_correction:
                    yield text(
                        "alasan",
                        "Alasan koreksi",
                        "",
                        max_length=sm.MAX["alasan"],
                        placeholder="wajib: mengapa dikoreksi",
                    )
                else:
                    berkas = TextArea(id="smf-berkas", soft_wrap=True, tab_behavior="focus")
                    yield FormField(
                        "Pindaian",
                        berkas,
                        id="f-berkas",
                        hint="Lokasi berkas PDF/JPG/PNG, satu per baris atau dipisah ; (boleh "
                        "kosong).",
                    )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (Ctrl+S)", id="smf-simpan", variant="primary", compact=True)
                yield Button("Tutup (Esc)", id="smf-tutup", compact=True)

    def _compose_saved(self, row: SuratRow) -> ComposeResult:
        with kpu(self).store.read() as session:
            detail = sm.get_detail(session, row.id)
        lines = [
            f"Diterima {format_hari_tanggal(row.tanggal_terima)}"
            + (" (hari ini)" if row.tanggal_terima == kpu(self).today() else ""),
            f"Dari {row.asal} · nomor {row.nomor_surat}",
            f"Perihal: {row.perihal}",
        ]
        if row.tujuan_nama:
            lines.append(f"Tujuan: {row.tujuan_nama}")
        details = [f"Sifat {detail.sifat_nama}", f"Derajat {detail.derajat_nama}"]
        if row.klasifikasi:
            details.append(f"Klasifikasi {row.klasifikasi}")
        if detail.berkas:
            details.append(f"{len(detail.berkas)} pindaian")
        lines.append(" · ".join(details))
        count = f" · {self._count} surat sejak formulir dibuka" if self._count > 1 else ""
        with Vertical(classes="dialog-box", id="smf-saved"):
            yield Static(Text(f"Surat masuk tercatat{count}"), classes="dialog-title")
            yield Static(Text.assemble("Nomor agenda ", (row.agenda_teks, "bold")), id="smf-agenda")
            yield Static(big_number(row.agenda_teks), id="smf-digits")
            yield Static(Text("\n".join(lines)), id="smf-summary")
            yield Static("Langkah berikutnya", classes="section")
            with Vertical(id="smf-next"):
                yield Button("d      Cetak lembar disposisi", id="smf-next-d", compact=True)
                yield Button("t      Cetak tanda terima", id="smf-next-t", compact=True)
                yield Button("n      Catat surat lain", id="smf-next-n", compact=True)
                yield Button("Enter  Selesai", id="smf-next-selesai", compact=True)

    # -- mount, size --------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Lay out for the terminal and put the cursor where typing starts."""
        self._ready()

    def _ready(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")
        if self._saved is not None:
            self.query_one("#smf-next-selesai", Button).focus()
            return
        self._initial = self._values()
        # The tanggal terima is filled in (today); typing starts at the sender.
        self.query_one("#smf-asal", Input).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        """Side by side from 110 columns; the fields scroll when the terminal is short."""
        self.set_class(event.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._saved is None and self.is_attached and self.query("#smf-box"):
            fit_scroll(self, self.query_one("#smf-box"), self.query_one("#smf-fields"))

    # -- values -------------------------------------------------------------------------------

    def _input(self, key: str) -> str:
        box = self.query_one(f"#smf-{key}")
        return box.value if isinstance(box, (Input, DateBox)) else ""

    def _select(self, key: str) -> Any:
        value = self.query_one(f"#smf-{key}", Select).value
        return None if value is Select.NULL else value

    def _values(self) -> dict[str, Any]:
        keys = ["tanggal_terima", "asal", "nomor_surat", "tanggal_surat", "perihal", "lampiran"]
        keys += ["keterangan", "alasan"] if self.is_correction else ["keterangan"]
        out: dict[str, Any] = {key: self._input(key) for key in keys}
        for key in ("sifat", "derajat", "tujuan_jabatan_id", "jenis_naskah"):
            out[key] = self._select(key)
        out["klasifikasi"] = self.query_one("#smf-klasifikasi", CodePicker).value
        if not self.is_correction:
            out["berkas"] = self.query_one("#smf-berkas", TextArea).text
        return out

    def _form(self) -> SuratMasukForm:
        v = self._values()
        return SuratMasukForm(
            nomor_surat=v["nomor_surat"],
            asal=v["asal"],
            perihal=v["perihal"],
            tanggal_terima=v["tanggal_terima"],
            tanggal_surat=v["tanggal_surat"],
            lampiran=v["lampiran"],
            sifat=v["sifat"] or "",
            derajat=v["derajat"] or "",
            klasifikasi=v["klasifikasi"],
            tujuan_jabatan_id=v["tujuan_jabatan_id"],
            jenis_naskah=v["jenis_naskah"] or "",
            keterangan=v["keterangan"],
            berkas=split_paths(v.get("berkas", "")),
        )

    @property
    def changed(self) -> bool:
        """Whether the form holds anything other than what it opened with."""
        return self._saved is None and self._values() != self._initial

    # -- checks as the user types and leaves a field -----------------------------------------

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, like Tab."""
        event.stop()
        self.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Check the field just left with the service's own rules (only that field)."""
        if self._saved is not None or not self.is_attached or not self.query("#smf-box"):
            return
        field = next((a for a in event.widget.ancestors if isinstance(a, FormField)), None)
        if field is None or field.id is None:
            return
        key = field.id.removeprefix("f-")
        try:
            form = self._form()
        except Exception:  # the form is being torn down
            return
        with kpu(self).store.read() as session:
            _, errors = sm.validate(session, form, now=utc_now(self))
        if key in REQUIRED and not str(self._values().get(key) or "").strip():
            return  # "wajib diisi" waits for Simpan (or stays from it)
        field.error = errors.get(key, "")

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = show_errors(self, errors)
        if first is not None:
            focus_inside(first)
            self.query_one("#smf-fields", VerticalScroll).scroll_to_widget(first)

    # -- save ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#smf-simpan")
    async def save_pressed(self) -> None:
        """The Simpan button."""
        await self.action_save()

    @on(Button.Pressed, "#smf-tutup")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    async def action_save(self, allow_duplicate: bool = False) -> None:
        """Register (or correct); on failure the form stays with what was typed."""
        app = kpu(self)
        form = self._form()
        try:
            with app.store.write() as session:
                if self.surat_id is not None:
                    row = sm.correct(
                        session,
                        actor=actor_of(self),
                        surat_id=self.surat_id,
                        form=form,
                        alasan=self._input("alasan"),
                        now=utc_now(self),
                    )
                else:
                    row = sm.register(
                        session,
                        actor=actor_of(self),
                        form=form,
                        attachment_dir=app.settings.attachment_dir,
                        allow_duplicate=allow_duplicate,
                        now=utc_now(self),
                    )
        except DuplicateLetter as exc:
            self._duplicates = list(exc.existing)
            self.app.push_screen(DuplicateDialog(exc.existing), self._duplicate_answered)
            return
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except (ServiceError, StoreError) as exc:
            self._show_errors({})
            self.query_one("#form-error", Static).update(Content(error_text(exc)))
            return
        if self.surat_id is not None:
            self.notify(f"Surat {row.agenda_teks} dikoreksi.", title="Surat masuk", markup=False)
            self.dismiss(row.id)
            return
        self._saved = row
        self._last_id = row.id
        self._count += 1
        self._terima = form.tanggal_terima
        await self.recompose()
        self._ready()

    async def _duplicate_answered(self, choice: str | None) -> None:
        if choice == "buka" and self._duplicates:
            self.dismiss(self._duplicates[0].id)
        elif choice == "tetap":
            await self.action_save(allow_duplicate=True)
        else:
            self.query_one("#smf-nomor_surat", Input).focus()

    # -- after saving -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The form's keys in the form, the next steps on the tercatat panel."""
        if action in ("print", "another", "finish"):
            return self._saved is not None
        if action == "save":
            return self._saved is None
        return True

    @on(Button.Pressed, "#smf-next-d")
    def print_disposisi_pressed(self) -> None:
        """The lembar disposisi button."""
        self.action_print("disposisi")

    @on(Button.Pressed, "#smf-next-t")
    def print_receipt_pressed(self) -> None:
        """The tanda terima button."""
        self.action_print("tanda-terima")

    @on(Button.Pressed, "#smf-next-n")
    async def another_pressed(self) -> None:
        """The catat surat lain button."""
        await self.action_another()

    @on(Button.Pressed, "#smf-next-selesai")
    def finish_pressed(self) -> None:
        """The Selesai button."""
        self.action_finish()

    def action_print(self, kind: str) -> None:
        """Print the lembar disposisi or the tanda terima of the letter just registered."""
        if self._saved is None:
            return
        from ..surat_print import print_letter  # ReportLab loads only when printing

        print_letter(self, kind, self._saved.id)

    async def action_another(self) -> None:
        """A fresh form for the next letter (keeping its tanggal terima)."""
        if self._saved is None:
            return
        self._saved = None
        self._start = SuratMasukForm(tanggal_terima=self._terima)
        await self.recompose()
        self._ready()

    def action_finish(self) -> None:
        """Close with the letter just registered."""
        if self._saved is not None:
            self.dismiss(self._saved.id)

    def action_close(self) -> None:
        """Esc: close the tercatat panel, or the form (asking first if it was changed)."""
        if self._saved is not None:
            self.dismiss(self._saved.id)
            return
        if not self.changed:
            self.dismiss(self._last_id)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(self._last_id)

        self.app.push_screen(ConfirmDiscard(), decided)


__all__ = [
    "DuplicateDialog",
    "SuratMasukFormScreen",
    "big_number",
    "fit_scroll",
    "letter_heading",
    "split_paths",
]
