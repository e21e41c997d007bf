"""The dialogs of a registered surat masuk: the disposisi (the pimpinan's first one or a
recipient passing it on), the tindak lanjut of a recipient, and adding scans.

Each shows the letter it is about at the top, saves with Ctrl+S through one service call in one
write transaction, puts a :class:`ValidationError` at its fields and asks before Esc throws
typed text away. Each dismisses with True when it saved, False otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from kpu_tui.models import OptionKind, SuratStatus
from kpu_tui.rules.calendar import WorkCalendar
from kpu_tui.rules.dates import format_hari_tanggal, format_tanggal, parse_tanggal
from kpu_tui.rules.disposisi import HARI_KERJA_BY_DERAJAT, default_batas_waktu
from kpu_tui.services import disposisi as dp
from kpu_tui.services import procedure, reference
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.disposisi import DisposisiForm, HopView, PenerimaView, Tujuan
from kpu_tui.services.errors import NotFound, ServiceError, ValidationError
from kpu_tui.services.surat_masuk import SuratRow
from kpu_tui.store import StoreError

from ..widgets.dialogs import DIALOG_CSS, ConfirmDiscard
from ..widgets.form import FormField, show_errors
from ..widgets.pickers import Checklist, ChecklistEntry, DateBox, focus_inside
from .surat_masuk_form import (
    CSS_FILE,
    WIDE,
    actor_of,
    error_text,
    fit_scroll,
    kpu,
    letter_heading,
    split_paths,
    utc_now,
)


class _LetterDialog(ModalScreen[bool]):
    """What the dialogs share: Ctrl+S, Esc asking first, Enter moving on, errors at fields."""

    CSS_PATH = CSS_FILE
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="letter-save"),
        Binding("escape", "close", "Tutup", id="letter-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: object = None

    def _snapshot(self) -> object:
        """What was typed (compared with the start to know whether to ask on Esc)."""
        return None

    def on_mount(self) -> None:
        """Remember the starting values, lay out for the terminal, focus the first field."""
        self._initial = self._snapshot()
        self.set_class(self.size.width >= WIDE, "-wide")
        self._ready()
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        """Side by side from 110 columns; the fields scroll on a short terminal."""
        self.set_class(event.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._fit)

    def _ready(self) -> None:
        """Focus where typing starts (each dialog)."""

    def _fit(self) -> None:
        """Keep the buttons on a short screen (dialogs with a scrolling part)."""

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, like Tab."""
        event.stop()
        self.focus_next()

    @on(Button.Pressed, ".letter-save")
    def save_pressed(self) -> None:
        """The Simpan button."""
        self.action_save()

    @on(Button.Pressed, ".letter-close")
    def close_pressed(self) -> None:
        """The Tutup button."""
        self.action_close()

    def _buttons(self) -> ComposeResult:
        yield Static("", id="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Simpan (Ctrl+S)", classes="letter-save", variant="primary", compact=True)
            yield Button("Tutup (Esc)", classes="letter-close", compact=True)

    def _failed(self, exc: ServiceError | StoreError) -> None:
        if isinstance(exc, ValidationError):
            first = show_errors(self, exc.errors)
            if first is not None:
                focus_inside(first)
                for scroll in self.query(VerticalScroll):
                    scroll.scroll_to_widget(first)
            return
        show_errors(self, {})
        self.query_one("#form-error", Static).update(Content(error_text(exc)))

    def action_save(self) -> None:
        """Save (each dialog does its own write)."""

    def action_close(self) -> None:
        """Close; typed text is not thrown away unasked."""
        if self._snapshot() == self._initial:
            self.dismiss(False)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmDiscard(), decided)


# -- disposisi --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DisposisiData:
    """What the disposisi dialog shows, read once."""

    surat: SuratRow
    derajat_nama: str
    givers: list[tuple[str, int]]
    default_giver: int | None
    passer: PenerimaView | None
    received: HopView | None
    recipients: list[ChecklistEntry[Tujuan]]
    instruksi: list[tuple[str, str]]
    calendar: WorkCalendar


def _find_penerima(
    hops: list[HopView], penerima_id: int
) -> tuple[HopView, PenerimaView] | tuple[None, None]:
    for _, hop in dp.flatten(hops):
        for penerima in hop.penerima:
            if penerima.id == penerima_id:
                return hop, penerima
    return None, None


class DisposisiDialog(_LetterDialog):
    """Record a disposisi: the first one (from a pimpinan) or, with ``induk_penerima_id``, a
    recipient passing the letter on.

    Kepada is a checklist with a filter box: space ticks, ``u`` marks the lead (utama). An
    empty batas waktu follows from the derajat kecepatan (shown beside the field).
    """

    def __init__(self, surat_id: int, induk_penerima_id: int | None = None) -> None:
        super().__init__()
        self.surat_id = surat_id
        self.induk_penerima_id = induk_penerima_id
        self._data: _DisposisiData | None = None

    def _load(self) -> _DisposisiData:
        if self._data is not None:
            return self._data
        actor = actor_of(self)
        with kpu(self).store.read() as session:
            detail = sm.get_detail(session, self.surat_id)
            jabatan = reference.list_jabatan(session)
            held = {j.id for j in jabatan if actor.id is not None and j.user_id == actor.id}
            ketua = next((j.id for j in jabatan if j.kode == "KETUA"), None)
            givers = [
                (f"{g.nama} — {g.keterangan}" if g.keterangan else g.nama, g.tujuan.jabatan_id)
                for g in dp.givers(session)
                if g.tujuan.jabatan_id is not None
            ]
            ids = [jabatan_id for _, jabatan_id in givers]
            default = next((i for i in ids if i in held), ketua if ketua in ids else None)
            received: HopView | None = None
            passer: PenerimaView | None = None
            if self.induk_penerima_id is not None:
                received, passer = _find_penerima(
                    dp.tree(session, self.surat_id), self.induk_penerima_id
                )
                if passer is None:
                    raise NotFound("Penerima disposisi yang diteruskan tidak ditemukan.")
            own = Tujuan(passer.jabatan_id, passer.unit_id, passer.user_id) if passer else None
            self._data = _DisposisiData(
                surat=detail.row,
                derajat_nama=detail.derajat_nama,
                givers=givers,
                default_giver=default if default is not None else (ids[0] if ids else None),
                passer=passer,
                received=received,
                recipients=[
                    ChecklistEntry(p.nama, p.keterangan, p.tujuan)
                    for p in dp.recipients(session)
                    if p.tujuan != own
                ],
                instruksi=[
                    (o.nama, o.kode) for o in reference.list_options(session, OptionKind.INSTRUKSI)
                ],
                calendar=procedure.office_clock(session).calendar,
            )
        return self._data

    def compose(self) -> ComposeResult:
        """The letter, Dari, Kepada and Instruksi, Catatan, the dates, the buttons."""
        data = self._load()
        surat = data.surat
        title = (
            f"Teruskan disposisi · surat {surat.agenda_teks}"
            if data.passer
            else f"Disposisi · surat {surat.agenda_teks}"
        )
        with Vertical(classes="dialog-box", id="dp-box"):
            yield Static(Text(title), classes="dialog-title")
            yield Static(
                Text(
                    f"{letter_heading(surat)}\nNomor {surat.nomor_surat} · derajat "
                    f"{data.derajat_nama}"
                ),
                id="dp-letter",
            )
            with VerticalScroll(id="dp-fields"):
                if data.passer is not None:
                    yield FormField(
                        "Dari", Static(Text(self._passer_text()), id="dp-dari-teks"), id="f-dari"
                    )
                else:
                    yield FormField(
                        "Dari",
                        Select(
                            data.givers,
                            value=data.default_giver
                            if data.default_giver is not None
                            else Select.NULL,
                            allow_blank=data.default_giver is None,
                            prompt="(pilih pemberi disposisi)",
                            id="dp-dari",
                        ),
                        id="f-dari",
                    )
                with Horizontal(classes="dp-columns"):
                    yield FormField(
                        "Kepada (spasi: centang · u: utama)",
                        Checklist(
                            data.recipients,
                            with_lead=True,
                            filter_placeholder="ketik untuk menyaring, ↓ ke daftar",
                            id="dp-penerima",
                        ),
                        id="f-penerima",
                    )
                    yield FormField(
                        "Instruksi (spasi: centang)",
                        SelectionList[str](*data.instruksi, id="dp-instruksi"),
                        id="f-instruksi",
                    ).add_class("-col2")
                yield FormField(
                    "Catatan",
                    TextArea(id="dp-catatan", soft_wrap=True, tab_behavior="focus"),
                    id="f-catatan",
                )
                with Horizontal(classes="dp-dates"):
                    yield FormField(
                        "Batas waktu",
                        DateBox(today=kpu(self).today, placeholder="kosong", id="dp-batas"),
                        id="f-batas_waktu",
                        hint=" ",
                    )
                    yield FormField(
                        "Tanggal disposisi",
                        DateBox("hari ini", today=kpu(self).today, id="dp-tanggal"),
                        id="f-tanggal",
                    ).add_class("-col2")
            yield from self._buttons()

    def _passer_text(self) -> str:
        data = self._load()
        assert data.passer is not None
        lines = [f"Diteruskan oleh {data.passer.nama}"]
        hop = data.received
        if hop is not None:
            said = ", ".join(hop.instruksi_nama) or "tanpa instruksi"
            lines.append(f"(menerima disposisi {hop.dari_nama}: {said})")
            if hop.catatan:
                lines.append(f"Catatan: {hop.catatan}")
        return "\n".join(lines)

    def _ready(self) -> None:
        """Start in the filter of Kepada; show the default batas waktu."""
        self._update_batas()
        self.query_one("#dp-penerima", Checklist).query_one(Input).focus()

    def _fit(self) -> None:
        if self.is_attached and self.query("#dp-box"):
            fit_scroll(self, self.query_one("#dp-box"), self.query_one("#dp-fields"))

    def _given_day(self) -> date:
        today = kpu(self).today()
        text = self.query_one("#dp-tanggal", DateBox).value
        try:
            return parse_tanggal(text, today) if text.strip() else today
        except ValueError:
            return today

    def _update_batas(self) -> None:
        data = self._load()
        derajat = data.surat.derajat
        batas = default_batas_waktu(derajat, self._given_day(), data.calendar)
        days = HARI_KERJA_BY_DERAJAT.get(derajat, HARI_KERJA_BY_DERAJAT["biasa"])
        self.query_one("#dp-batas", DateBox).empty_words = f"otomatis: {format_hari_tanggal(batas)}"
        field = self.query_one("#f-batas_waktu", FormField)
        field.query_one(".field-hint", Static).update(
            Content(
                f"Kosong: {days} hari kerja dari tanggal disposisi (derajat {data.derajat_nama})."
            )
        )

    @on(Input.Changed, "#dp-tanggal Input")
    def tanggal_typed(self) -> None:
        """The default batas waktu counts from the tanggal disposisi."""
        self._update_batas()

    def _snapshot(self) -> object:
        checklist = self.query_one("#dp-penerima", Checklist)
        dari = self.query("#dp-dari")
        return (
            dari.first(Select).value if dari else None,
            tuple(checklist.selected),
            checklist.lead,
            tuple(self.query_one("#dp-instruksi", SelectionList).selected),
            self.query_one("#dp-catatan", TextArea).text,
            self.query_one("#dp-batas", DateBox).value,
            self.query_one("#dp-tanggal", DateBox).value,
        )

    def _form(self) -> DisposisiForm:
        checklist: Checklist[Tujuan] = self.query_one("#dp-penerima", Checklist)
        chosen = checklist.selected
        lead = checklist.lead
        dari = self.query("#dp-dari")
        dari_value = dari.first(Select).value if dari else None
        return DisposisiForm(
            penerima=tuple(chosen),
            dari_jabatan_id=dari_value if isinstance(dari_value, int) else None,
            utama=chosen.index(lead) if lead in chosen else 0,
            instruksi=tuple(self.query_one("#dp-instruksi", SelectionList).selected),
            catatan=self.query_one("#dp-catatan", TextArea).text,
            batas_waktu=self.query_one("#dp-batas", DateBox).value,
            tanggal=self.query_one("#dp-tanggal", DateBox).value,
        )

    def action_save(self) -> None:
        """Record the disposisi."""
        form = self._form()
        try:
            with kpu(self).store.write() as session:
                hop = dp.give(
                    session,
                    actor=actor_of(self),
                    surat_id=self.surat_id,
                    form=form,
                    induk_penerima_id=self.induk_penerima_id,
                    now=utc_now(self),
                )
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        names = ", ".join(p.nama + (" (utama)" if p.utama else "") for p in hop.penerima)
        batas = f" · batas waktu {format_tanggal(hop.batas_waktu)}" if hop.batas_waktu else ""
        verb = "diteruskan" if self.induk_penerima_id else "dicatat"
        self.notify(
            f"Disposisi {hop.dari_nama} {verb} kepada {names}{batas}.",
            title=f"Surat {self._load().surat.agenda_teks}",
            markup=False,
        )
        self.dismiss(True)


# -- tindak lanjut ----------------------------------------------------------------------------


class TindakLanjutDialog(_LetterDialog):
    """A recipient's tindak lanjut: the disposisi being answered, and what was done."""

    def __init__(self, penerima_id: int) -> None:
        super().__init__()
        self.penerima_id = penerima_id
        self._agenda = ""

    def compose(self) -> ComposeResult:
        """The letter, the disposisi, the tindak lanjut field, the buttons."""
        with kpu(self).store.read() as session:
            hop, penerima = dp.find_penerima(session, self.penerima_id)
            surat = sm.get_row(session, hop.surat_id)
        self._agenda = surat.agenda_teks
        with Vertical(classes="dialog-box", id="tl-box"):
            yield Static(Text(f"Tindak lanjut · surat {surat.agenda_teks}"), classes="dialog-title")
            with VerticalScroll(id="tl-fields"):
                yield Static(Text(letter_heading(surat)), classes="dialog-message")
                yield Static(Text(self._hop_text(hop, penerima)), id="tl-hop")
                yield FormField(
                    f"Tindak lanjut oleh {penerima.nama}",
                    TextArea(id="tl-text", soft_wrap=True, tab_behavior="focus"),
                    id="f-tindak_lanjut",
                    hint="Apa yang sudah dikerjakan, mis. nomor surat balasan.",
                )
            yield from self._buttons()

    def _hop_text(self, hop: HopView, penerima: PenerimaView) -> str:
        today = kpu(self).today()
        kepada = ", ".join(p.nama + (" (utama)" if p.utama else "") for p in hop.penerima)
        lines = [
            f"Disposisi dari {hop.dari_nama} · {format_tanggal(hop.tanggal.date())}",
            f"Kepada: {kepada}",
            f"Instruksi: {', '.join(hop.instruksi_nama) or '-'}",
        ]
        if hop.catatan:
            lines.append(f"Catatan: {hop.catatan}")
        if hop.batas_waktu is not None:
            state = ""
            if hop.batas_waktu < today:
                state = " (lewat batas waktu)"
            elif hop.batas_waktu == today:
                state = " (hari ini)"
            lines.append(f"Batas waktu: {format_hari_tanggal(hop.batas_waktu)}{state}")
        lines.append(f"Status {penerima.nama}: {penerima.status.label}")
        return "\n".join(lines)

    def _ready(self) -> None:
        """Start in the tindak lanjut field."""
        self.query_one("#tl-text", TextArea).focus()

    def _fit(self) -> None:
        if self.is_attached and self.query("#tl-box"):
            fit_scroll(self, self.query_one("#tl-box"), self.query_one("#tl-fields"))

    def _snapshot(self) -> object:
        return self.query_one("#tl-text", TextArea).text.strip()

    def action_save(self) -> None:
        """Record the tindak lanjut; say whether the letter is now selesai."""
        try:
            with kpu(self).store.write() as session:
                status = dp.complete(
                    session,
                    actor=actor_of(self),
                    penerima_id=self.penerima_id,
                    tindak_lanjut=self.query_one("#tl-text", TextArea).text,
                    now=utc_now(self),
                )
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        if status == SuratStatus.SELESAI:
            message = f"Tindak lanjut dicatat. Surat {self._agenda} selesai."
        else:
            message = (
                f"Tindak lanjut dicatat. Surat {self._agenda} masih {status.label} "
                "(menunggu penerima utama)."
            )
        self.notify(message, title="Tindak lanjut", markup=False)
        self.dismiss(True)


# -- scans ------------------------------------------------------------------------------------


class AddScanDialog(_LetterDialog):
    """Add scans to a registered letter: file locations, one per line or separated by ``;``."""

    def __init__(self, surat_id: int) -> None:
        super().__init__()
        self.surat_id = surat_id
        self._agenda = ""

    def compose(self) -> ComposeResult:
        """The letter, the locations, the buttons."""
        with kpu(self).store.read() as session:
            row = sm.get_row(session, self.surat_id)
        self._agenda = row.agenda_teks
        with Vertical(classes="dialog-box"):
            yield Static(Text(f"Tambah pindaian · surat {row.agenda_teks}"), classes="dialog-title")
            yield Static(Text(f"{row.asal} · {row.perihal}"), classes="dialog-message")
            yield FormField(
                "Pindaian",
                TextArea(id="scan-berkas", soft_wrap=True, tab_behavior="focus"),
                id="f-berkas",
                hint="PDF, JPG atau PNG; satu lokasi per baris atau dipisah ;",
            )
            yield from self._buttons()

    def _ready(self) -> None:
        """Start in the locations field."""
        self.query_one("#scan-berkas", TextArea).focus()

    def _snapshot(self) -> object:
        return split_paths(self.query_one("#scan-berkas", TextArea).text)

    def action_save(self) -> None:
        """Store the files with the letter."""
        app = kpu(self)
        paths = split_paths(self.query_one("#scan-berkas", TextArea).text)
        try:
            with app.store.write() as session:
                added = sm.add_scans(
                    session,
                    actor=actor_of(self),
                    surat_id=self.surat_id,
                    paths=paths,
                    attachment_dir=app.settings.attachment_dir,
                )
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        names = ", ".join(b.nama for b in added)
        self.notify(
            f"{len(added)} pindaian ditambahkan ke surat {self._agenda}: {names}",
            title="Surat masuk",
            markup=False,
        )
        self.dismiss(True)


__all__ = ["AddScanDialog", "DisposisiDialog", "TindakLanjutDialog"]
