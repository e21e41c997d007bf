"""Drafting a surat keluar, keyboard only: the konsep form in the order a konseptor thinks
(jenis naskah, kode klasifikasi, perihal, sifat, lampiran, tujuan and tembusan, penandatangan,
unit pengolah, paraf berjenjang, arahan, keterangan, draft files). The same form revises a konsep
(and resubmits it with "Simpan & ajukan") and records a letter made outside the application on
a reserved number.

Every write is one ``with store.write()`` around one service call with the logged-in actor and
the app's clock; a :class:`ValidationError` puts each message at its field and keeps what was
typed. "Simpan & ajukan" submits in a second transaction, after the konsep is safely stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from kpu_tui.models import KeluarStatus, OptionKind, ParafStatus
from kpu_tui.rules.dates import format_tanggal
from kpu_tui.services import nomor_surat, reference, users
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarRow, KonsepForm, PilihanJabatan
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import CodePicker, focus_inside
from .surat_keluar_dialogs import CSS_FILE
from .surat_keluar_konsep_dialogs import ParafChain, TujuanRows
from .surat_masuk_form import WIDE, actor_of, error_text, fit_scroll, kpu, split_paths, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session

REQUIRED = ("perihal", "tujuan", "penandatangan_jabatan_id", "jenis_naskah")
"""Fields that speak on save only (leaving them empty while tabbing through is not an error)."""


# -- the form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Choices:
    """The pick lists of the form, read once."""

    jenis: list[tuple[str, str]]
    tanpa_klasifikasi: frozenset[str]
    sifat: list[tuple[str, str]]
    signers: list[PilihanJabatan]
    reviewers: list[PilihanJabatan]
    units: list[tuple[str, int]]


class KonsepFormScreen(ModalScreen[int | None]):
    """Buat konsep (nothing given), revise one (``surat_id``), or record the letter made on a
    reserved number (``nomor_id``: no paraf, the scans of the signed letter).

    ``prefill`` starts a new konsep from a form (the reply to a surat masuk). Dismisses with the
    letter's id when something was saved, None otherwise.
    """

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="skf-save"),
        Binding("ctrl+g", "save(True)", "Simpan & ajukan", id="skf-save-submit"),
        Binding("escape", "close", "Tutup", id="skf-close"),
    ]

    def __init__(
        self,
        surat_id: int | None = None,
        *,
        prefill: KonsepForm | None = None,
        nomor_id: int | None = None,
    ) -> None:
        super().__init__()
        self.surat_id = surat_id
        self.nomor_id = nomor_id
        self._prefill = prefill
        self._choices: _Choices | None = None
        self._start = KonsepForm()
        self._title = ""
        self._notes: list[str] = []
        self._klas_uraian = ""
        self._pair: tuple[object, object] = (None, None)
        self._initial: KonsepForm | None = None

    @property
    def mode(self) -> str:
        """``nomor`` (a reserved number's letter), ``ubah`` (revise) or ``baru``."""
        if self.nomor_id is not None:
            return "nomor"
        return "ubah" if self.surat_id is not None else "baru"

    # -- data ---------------------------------------------------------------------------------

    def _load(self) -> _Choices:
        if self._choices is not None:
            return self._choices
        actor = actor_of(self)
        with kpu(self).store.read() as session:
            jenis = reference.list_jenis_naskah(session)
            signers = skr.signers(session)
            self._choices = _Choices(
                jenis=[(f"{j.nama} ({j.kode})", j.kode) for j in jenis if j.aktif],
                tanpa_klasifikasi=frozenset(j.kode for j in jenis if not j.pakai_klasifikasi),
                sifat=[(o.nama, o.kode) for o in reference.list_options(session, OptionKind.SIFAT)],
                signers=signers,
                reviewers=skr.reviewers(session),
                units=[(nama, unit_id) for unit_id, nama in skr.units(session)],
            )
            unit_id = users.get_user(session, actor.id).unit_id if actor.id is not None else None
            if self.mode == "ubah":
                assert self.surat_id is not None
                self._start = skr.form_of(session, self.surat_id)
                detail = skr.get_detail(session, self.surat_id)
                self._title = f"Perbaiki konsep · {detail.row.perihal}"
                if detail.row.status == KeluarStatus.DIKEMBALIKAN:
                    back = [p for p in detail.paraf if p.status == ParafStatus.DIKEMBALIKAN]
                    if back:
                        who = back[-1].jabatan_nama + (
                            f" ({back[-1].oleh_nama})" if back[-1].oleh_nama else ""
                        )
                        self._notes.append(f"Dikembalikan oleh {who}: {back[-1].catatan}")
            elif self.mode == "nomor":
                assert self.nomor_id is not None
                nomor = nomor_surat.get_nomor(session, self.nomor_id)
                self._title = f"Catat surat dari nomor yang dipesan · {nomor.nomor_teks}"
                self._notes.append(
                    f"Nomor {nomor.nomor_teks} tanggal {format_tanggal(nomor.tanggal)}, dipesan "
                    f"untuk {nomor.untuk_nama or '-'} oleh {nomor.oleh_nama}: {nomor.keperluan}"
                )
                self._start = KonsepForm(
                    perihal=nomor.keperluan[: sk.MAX["perihal"]],
                    jenis_naskah=nomor.jenis_naskah or "",
                    klasifikasi=nomor.klasifikasi or "",
                    sifat="biasa",
                    pengolah_unit_id=unit_id,
                )
            else:
                self._title = "Buat konsep surat keluar"
                self._start = self._prefill or self._blank(session, signers, unit_id)
            if self._start.surat_masuk_id is not None:
                masuk = sm.get_row(session, self._start.surat_masuk_id)
                self._notes.insert(
                    0,
                    f"Balasan atas surat masuk {masuk.agenda_teks} dari {masuk.asal}, nomor "
                    f"{masuk.nomor_surat}: {masuk.perihal}",
                )
            if self._start.klasifikasi:
                found = reference.search_klasifikasi(session, self._start.klasifikasi, limit=5)
                self._klas_uraian = next(
                    (k.uraian for k in found if k.kode == self._start.klasifikasi), ""
                )
        return self._choices

    @staticmethod
    def _blank(session: Session, signers: list[PilihanJabatan], unit_id: int | None) -> KonsepForm:
        """A fresh konsep: a surat dinas signed by the Sekretaris, the usual paraf chain."""
        signer = next((s.id for s in signers if s.kode == "SEKRETARIS"), None)
        return KonsepForm(
            jenis_naskah="SD",
            sifat="biasa",
            penandatangan_jabatan_id=signer,
            pengolah_unit_id=unit_id,
            paraf=skr.default_paraf(
                session, penandatangan_jabatan_id=signer, pengolah_unit_id=unit_id
            ),
        )

    def _search_klasifikasi(self, text: str) -> list[tuple[str, str]]:
        with kpu(self).store.read() as session:
            return [
                (k.kode, k.uraian) for k in reference.search_klasifikasi(session, text, limit=40)
            ]

    def _default_chain(self) -> tuple[int, ...]:
        with kpu(self).store.read() as session:
            return skr.default_paraf(
                session,
                penandatangan_jabatan_id=self._select("penandatangan_jabatan_id"),
                pengolah_unit_id=self._select("pengolah_unit_id"),
            )

    def _addable(self) -> list[PilihanJabatan]:
        signer = self._select("penandatangan_jabatan_id")
        return [r for r in self._load().reviewers if r.id != signer]

    # -- compose ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The form, top to bottom in the order a konseptor thinks."""
        choices = self._load()
        start = self._start
        reserved = self.mode == "nomor"
        self._pair = (start.penandatangan_jabatan_id, start.pengolah_unit_id)

        def text(key: str, label: str, value: str, **kw: Any) -> FormField:
            return FormField(label, Input(value=value, id=f"skf-{key}", **kw), id=f"f-{key}")

        def select(
            key: str, label: str, options: Sequence[tuple[str, Any]], value: Any, **kw: Any
        ) -> FormField:
            known = any(v == value for _, v in options)
            box: Select[Any] = Select(
                options,
                value=value if known else Select.NULL,
                allow_blank=True,
                prompt="(tidak dipilih)",
                id=f"skf-{key}",
                **kw,
            )
            return FormField(label, box, id=f"f-{key}")

        with Vertical(classes="dialog-box", id="skf-box"):
            yield Static(Text(self._title), classes="dialog-title")
            if self._notes:
                yield Static(Text("\n".join(self._notes)), id="skf-notes")
            with VerticalScroll(id="skf-fields"):
                yield select(
                    "jenis_naskah",
                    "Jenis naskah",
                    choices.jenis,
                    start.jenis_naskah,
                    disabled=reserved,
                )
                picker = CodePicker(
                    self._search_klasifikasi,
                    value=start.klasifikasi,
                    label=self._klas_uraian,
                    placeholder="ketik kode atau kata, mis. pemilih atau PL.01",
                    id="skf-klasifikasi",
                )
                picker.disabled = reserved or start.jenis_naskah in choices.tanpa_klasifikasi
                yield FormField("Kode klasifikasi", picker, id="f-klasifikasi")
                yield text("perihal", "Perihal", start.perihal, max_length=sk.MAX["perihal"])
                with Horizontal(classes="skf-row"):
                    yield select("sifat", "Sifat", choices.sifat, start.sifat or "biasa")
                    yield text(
                        "lampiran",
                        "Lampiran",
                        start.lampiran,
                        max_length=sk.MAX["lampiran"],
                        placeholder="mis. 1 berkas",
                    ).add_class("-col2")
                yield FormField(
                    "Tujuan dan tembusan",
                    TujuanRows(start.tujuan, id="skf-tujuan"),
                    id="f-tujuan",
                ).add_class("-block")
                yield select(
                    "penandatangan_jabatan_id",
                    "Penandatangan",
                    [(s.label, s.id) for s in choices.signers],
                    start.penandatangan_jabatan_id,
                )
                yield select(
                    "pengolah_unit_id", "Unit pengolah", choices.units, start.pengolah_unit_id
                )
                if not reserved:
                    names = {r.id: r.label for r in choices.reviewers}
                    yield FormField(
                        "Paraf berjenjang (dari bawah ke atas)",
                        ParafChain(
                            start.paraf,
                            names,
                            choices=self._addable,
                            default=self._default_chain,
                            id="skf-paraf",
                        ),
                        id="f-paraf",
                    ).add_class("-block")
                    arahan = TextArea(start.arahan, id="skf-arahan", tab_behavior="focus")
                    arahan.soft_wrap = True
                    yield FormField("Arahan", arahan, id="f-arahan")
                yield text(
                    "keterangan", "Keterangan", start.keterangan, max_length=sk.MAX["keterangan"]
                )
                berkas_label, berkas_hint = (
                    ("Pindaian", "Pindaian surat bertanda tangan (PDF/JPG/PNG)")
                    if reserved
                    else ("Berkas konsep", "Berkas konsep (Word/PDF), boleh kosong")
                )
                yield FormField(
                    berkas_label,
                    TextArea(id="skf-berkas", soft_wrap=True, tab_behavior="focus"),
                    id="f-berkas",
                    hint=f"{berkas_hint}; satu lokasi per baris atau dipisah ;",
                )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                label = "Catat surat" if reserved else "Simpan"
                yield Button(f"{label} (Ctrl+S)", id="skf-simpan", variant="primary", compact=True)
                if not reserved:
                    yield Button("Simpan & ajukan (Ctrl+G)", id="skf-ajukan", compact=True)
                yield Button("Tutup (Esc)", id="skf-tutup", compact=True)

    # -- mount, size --------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Lay out for the terminal; typing starts at the perihal (a reply: at the tujuan)."""
        self.set_class(self.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._fit)
        self.call_after_refresh(self._remember)
        if self.mode == "baru" and self._prefill is None:
            self.query_one("#skf-jenis_naskah", Select).focus()
        else:
            self.query_one("#skf-perihal", Input).focus()

    def _remember(self) -> None:
        self._initial = self._form()

    def on_resize(self, event: events.Resize) -> None:
        """Side by side from 110 columns; the fields scroll when the terminal is short."""
        self.set_class(event.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self.is_attached and self.query("#skf-box"):
            fit_scroll(self, self.query_one("#skf-box"), self.query_one("#skf-fields"))

    # -- values -------------------------------------------------------------------------------

    def _select(self, key: str) -> Any:
        value = self.query_one(f"#skf-{key}", Select).value
        return None if value is Select.NULL else value

    def _input(self, key: str) -> str:
        return self.query_one(f"#skf-{key}", Input).value

    def _form(self) -> KonsepForm:
        chains = self.query("#skf-paraf")
        arahan = self.query("#skf-arahan")
        return replace(
            self._start,
            perihal=self._input("perihal"),
            jenis_naskah=self._select("jenis_naskah") or "",
            klasifikasi=self.query_one("#skf-klasifikasi", CodePicker).value,
            sifat=self._select("sifat") or "",
            lampiran=self._input("lampiran"),
            tujuan=self.query_one("#skf-tujuan", TujuanRows).value,
            penandatangan_jabatan_id=self._select("penandatangan_jabatan_id"),
            pengolah_unit_id=self._select("pengolah_unit_id"),
            arahan=arahan.first(TextArea).text if arahan else self._start.arahan,
            keterangan=self._input("keterangan"),
            paraf=chains.first(ParafChain).value if chains else (),
            berkas=split_paths(self.query_one("#skf-berkas", TextArea).text),
        )

    @property
    def changed(self) -> bool:
        """Whether the form holds anything other than what it opened with."""
        return self._initial is not None and self._form() != self._initial

    # -- reacting to choices ------------------------------------------------------------------

    @on(Select.Changed, "#skf-jenis_naskah")
    def jenis_changed(self) -> None:
        """Keputusan and Peraturan carry no kode klasifikasi: the picker rests."""
        if self.mode == "nomor":
            return
        jenis = self._select("jenis_naskah")
        self.query_one("#skf-klasifikasi", CodePicker).disabled = (
            jenis in self._load().tanpa_klasifikasi
        )

    @on(Select.Changed, "#skf-penandatangan_jabatan_id")
    @on(Select.Changed, "#skf-pengolah_unit_id")
    def signer_or_unit_changed(self) -> None:
        """A new signer or unit brings the usual paraf chain for them."""
        pair = (self._select("penandatangan_jabatan_id"), self._select("pengolah_unit_id"))
        if pair == self._pair:
            return
        self._pair = pair
        chains = self.query("#skf-paraf")
        if chains:
            chains.first(ParafChain).reset()
            self.notify(
                "Urutan paraf diisi ulang menurut penandatangan dan unit pengolah.", timeout=4
            )

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, like Tab (a picked kode klasifikasi too)."""
        event.stop()
        self.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Check the field just left with the service's rules; a required field speaks only
        once Simpan has found it wrong (then it clears as soon as it is right)."""
        if not self.is_attached or not self.query("#skf-box"):
            return
        field = next((a for a in event.widget.ancestors if isinstance(a, FormField)), None)
        if field is None or field.id is None:
            return
        key = field.id.removeprefix("f-")
        if key in REQUIRED and not field.error:
            return
        try:
            form = self._form()
        except Exception:  # the form is being torn down
            return
        with kpu(self).store.read() as session:
            _, errors = sk.validate(session, form)
        field.error = errors.get(key, "")

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = show_errors(self, errors)
        if first is None:
            return
        target = getattr(first, "focus_target", None)
        if isinstance(target, Widget):
            target.focus()
        else:
            focus_inside(first)
        self.query_one("#skf-fields", VerticalScroll).scroll_to_widget(first)

    # -- save ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#skf-simpan")
    def save_pressed(self) -> None:
        """The Simpan button."""
        self.action_save()

    @on(Button.Pressed, "#skf-ajukan")
    def save_submit_pressed(self) -> None:
        """The Simpan & ajukan button."""
        self.action_save(True)

    @on(Button.Pressed, "#skf-tutup")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No submitting a letter recorded on a reserved number (it is signed already)."""
        if action == "save" and parameters and parameters[0]:
            return self.mode != "nomor"
        return True

    def action_save(self, submit: bool = False) -> None:
        """Save the konsep (create, revise, or record on the reserved number); with ``submit``
        also send it for paraf in a second transaction."""
        app = kpu(self)
        form = self._form()
        actor = actor_of(self)
        try:
            with app.store.write() as session:
                if self.nomor_id is not None:
                    row = sk.record_reserved(
                        session,
                        actor=actor,
                        nomor_id=self.nomor_id,
                        form=form,
                        attachment_dir=app.settings.attachment_dir,
                        now=utc_now(self),
                    )
                elif self.surat_id is not None:
                    row = sk.update(
                        session,
                        actor=actor,
                        surat_id=self.surat_id,
                        form=form,
                        attachment_dir=app.settings.attachment_dir,
                        now=utc_now(self),
                    )
                else:
                    row = sk.create(
                        session,
                        actor=actor,
                        form=form,
                        attachment_dir=app.settings.attachment_dir,
                        now=utc_now(self),
                    )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except (ServiceError, StoreError) as exc:
            self._show_errors({})
            self.query_one("#form-error", Static).update(Content(error_text(exc)))
            return
        if submit and self.nomor_id is None:
            self._submit(row, form)
        else:
            self.notify(self._saved_words(row), title="Surat keluar", markup=False)
        self.dismiss(row.id)

    def _saved_words(self, row: KeluarRow) -> str:
        if self.mode == "nomor":
            return f"Surat {row.nomor_surat} dicatat: {row.perihal}"
        verb = "diperbaiki" if self.mode == "ubah" else "disimpan"
        return f"Konsep {verb}: {row.perihal}"

    def _submit(self, row: KeluarRow, form: KonsepForm) -> None:
        """The second transaction of "Simpan & ajukan"; the konsep stays saved if it fails."""
        try:
            with kpu(self).store.write() as session:
                sent = sk.submit(session, actor=actor_of(self), surat_id=row.id, now=utc_now(self))
        except (ServiceError, StoreError) as exc:
            self.notify(
                f"{self._saved_words(row)}. Belum diajukan: {error_text(exc)}",
                title="Surat keluar",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        names = {r.id: r.label for r in self._load().reviewers}
        if sent.status == KeluarStatus.PARAF and form.paraf:
            words = f"menunggu paraf {names.get(form.paraf[0], '')}"
        else:
            words = f"menunggu tanda tangan {sent.penandatangan_jabatan}"
        self.notify(
            f"{self._saved_words(row)}. Diajukan: {words}.", title="Surat keluar", markup=False
        )

    def action_close(self) -> None:
        """Esc: close, asking first when something was typed."""
        if not self.changed:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)


__all__ = ["KonsepFormScreen"]
