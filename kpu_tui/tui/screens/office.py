"""Profil Kantor: the satker's identity (printed on the kop surat) and who holds which
position (admin only)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.widgets import DataTable, Input, Static

from kpu_tui.models import Kertas, Tingkat, ZonaWaktu
from kpu_tui.rules.dates import format_jam, parse_jam
from kpu_tui.rules.numbering import DEFAULT_AGENDA_FORMAT, FormatError, example_agenda
from kpu_tui.services import office as office_service
from kpu_tui.services import reference, users
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.office import PejabatEntry, SetupForm
from kpu_tui.services.reference import JabatanView
from kpu_tui.store import StoreError

from ..widgets.display import cell, highlighted_key, move_to_key
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from ..widgets.topbar import TopBar
from .base import AreaScreen

if TYPE_CHECKING:
    from sqlmodel import Session

TINGKAT_OPTIONS = [(t.label, t) for t in Tingkat]
ZONA_OPTIONS = [
    ("WIB (UTC+7)", ZonaWaktu.WIB),
    ("WITA (UTC+8)", ZonaWaktu.WITA),
    ("WIT (UTC+9)", ZonaWaktu.WIT),
]
KERTAS_LABELS = {Kertas.A4: "A4 (210 × 297 mm)", Kertas.F4: "F4/folio (215 × 330 mm)"}
HOURS = {"jam_masuk": time(7, 30), "jam_pulang": time(16), "jam_pulang_jumat": time(16, 30)}
FORMAT_FIELDS = "isian: {urut}, {urut:4}, {tahun}, {kode}"


def agenda_example(template: str, kode_wilayah: str, tahun: int) -> str:
    """The line under the "Format nomor agenda" field: what the format gives, or why not."""
    try:
        return f"contoh: {example_agenda(template, tahun, kode_wilayah.strip())} · {FORMAT_FIELDS}"
    except FormatError as exc:
        return f"contoh: – ({exc})"


@dataclass(frozen=True)
class Profile:
    """The office profile as plain values."""

    form: SetupForm


def _read_profile(session: Session) -> Profile | None:
    office = office_service.get_office(session)
    if office is None:
        return None
    form = SetupForm(
        nama_satker=office.nama_satker,
        tingkat=Tingkat(office.tingkat),
        kode_wilayah=office.kode_wilayah,
        alamat=office.alamat,
        kota=office.kota,
        telepon=office.telepon,
        email=office.email,
        zona_waktu=ZonaWaktu(office.zona_waktu),
        jam_masuk=office.jam_masuk,
        jam_pulang=office.jam_pulang,
        jam_pulang_jumat=office.jam_pulang_jumat,
        laman=office.laman,
        kertas=Kertas(office.kertas),
        cuti_bersama_hari_kerja=bool(office.cuti_bersama_hari_kerja),
        format_agenda=office.format_agenda or DEFAULT_AGENDA_FORMAT,
    )
    return Profile(form)


def _form_of(values: Values) -> tuple[SetupForm, dict[str, str]]:
    """The typed values as a :class:`SetupForm`, plus the errors of the times."""
    errors: dict[str, str] = {}
    hours: dict[str, time] = {}
    for key, default in HOURS.items():
        try:
            hours[key] = parse_jam(values[key])
        except ValueError as exc:
            errors[key] = str(exc)
            hours[key] = default
    form = SetupForm(
        nama_satker=values["nama_satker"],
        tingkat=Tingkat(values["tingkat"]),
        kode_wilayah=values["kode_wilayah"],
        alamat=values["alamat"],
        kota=values["kota"],
        telepon=values["telepon"],
        email=values["email"],
        zona_waktu=ZonaWaktu(values["zona_waktu"]),
        jam_masuk=hours["jam_masuk"],
        jam_pulang=hours["jam_pulang"],
        jam_pulang_jumat=hours["jam_pulang_jumat"],
        laman=values["laman"],
        kertas=Kertas(values["kertas"]),
        cuti_bersama_hari_kerja=bool(values["cuti_bersama_hari_kerja"]),
        format_agenda=values.get("format_agenda"),
    )
    return form, errors


def _check(values: Values) -> dict[str, str]:
    form, errors = _form_of(values)
    return office_service.validate_profile(form) | errors


class ProfileDialog(FormDialog[bool]):
    """The profile form, with the example under "Format nomor agenda" following the typing."""

    def __init__(self, *args: Any, tahun: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tahun = tahun

    @on(Input.Changed, "#in-format_agenda")
    @on(Input.Changed, "#in-kode_wilayah")
    def show_example(self) -> None:
        """Render the example again from what the form holds now."""
        if not self.is_attached:
            return
        values = self.values()
        hints = self.query("#f-format_agenda .field-hint")
        if hints:
            hints.first(Static).update(
                Content(
                    agenda_example(values["format_agenda"], values["kode_wilayah"], self._tahun)
                )
            )


class OfficeScreen(AreaScreen):
    """The profile in words, and the table of positions with their holders."""

    AREA_MODE = "kantor"
    AREA_TITLE = "Profil Kantor"
    BINDINGS = [
        Binding("e", "edit_profile", "Ubah profil", id="office-edit"),
        Binding("enter", "edit_holder", "Ubah pemegang jabatan", id="office-holder"),
    ]

    def compose_content(self) -> ComposeResult:
        """Profile, then positions."""
        yield Static("", id="office-profile")
        yield Static("Pejabat (Enter mengubah pemegang jabatan)", classes="section")
        table: DataTable[Text] = DataTable(
            id="office-pejabat", cursor_type="row", zebra_stripes=True
        )
        yield table

    def on_mount(self) -> None:
        """Columns and content."""
        super().on_mount()
        self._profile: Profile | None = None
        self._jabatan: dict[str, JabatanView] = {}
        self._usernames: dict[int, str] = {}
        table = self.query_one("#office-pejabat", DataTable)
        for label, width in (("Jabatan", 34), ("Pemegang", 28), ("NIP", 18), ("Akun", 14)):
            table.add_column(label, width=width)
        self.refresh_content()
        table.focus()

    def refresh_content(self, select: str | None = None) -> None:
        """Read the profile, the positions and the accounts."""
        try:
            with self.kpu.store.read() as session:
                self._profile = _read_profile(session)
                jabatan = reference.list_jabatan(session)
                accounts = users.list_users(session, include_inactive=False)
        except (ServiceError, StoreError) as exc:
            self.notify(exc.message, severity="error")
            return
        self._jabatan = {j.kode: j for j in jabatan}
        self._usernames = {u.id: u.username for u in accounts}
        self._show_profile()
        table = self.query_one("#office-pejabat", DataTable)
        keep = select or highlighted_key(table)
        table.clear()
        for j in jabatan:
            table.add_row(
                cell(j.nama),
                cell(j.pemegang_nama or "(belum diisi)", "" if j.pemegang_nama else "dim"),
                cell(j.pemegang_nip or "–"),
                cell(self._usernames.get(j.user_id or 0, "–")),
                key=j.kode,
            )
        move_to_key(table, keep)

    def _show_profile(self) -> None:
        out = self.query_one("#office-profile", Static)
        if self._profile is None:
            out.update("Profil kantor belum dibuat.")
            return
        f = self._profile.form
        jam = (
            f"{format_jam(f.jam_masuk)}–{format_jam(f.jam_pulang)} "
            f"(Jumat s.d. {format_jam(f.jam_pulang_jumat)}) {f.zona_waktu.value}"
        )
        cuti = "hari kerja" if f.cuti_bersama_hari_kerja else "hari libur"
        lines: list[tuple[str, str | Text]] = [
            ("Nama satker", f"{f.nama_satker} ({f.tingkat.label}, kode wilayah {f.kode_wilayah})"),
            ("Alamat", f"{f.alamat}, {f.kota}"),
            ("Kontak", f"telepon {f.telepon or '–'} · surel {f.email or '–'}"),
            ("Laman", f.laman or "–"),
            ("Jam kerja", jam),
            ("Kertas", KERTAS_LABELS[f.kertas]),
            ("Cuti bersama", f"dihitung {cuti} dalam tenggat"),
            ("Nomor agenda", self._agenda_line(f)),
        ]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in lines:
            grid.add_row(label, value)
        grid.add_row("", Text("e mengubah profil (dicetak pada kop surat).", style="dim"))
        out.update(grid)

    def _agenda_line(self, form: SetupForm) -> Text:
        template = form.format_agenda or DEFAULT_AGENDA_FORMAT
        try:
            contoh = example_agenda(template, self.kpu.now().year, form.kode_wilayah)
        except FormatError:
            contoh = "–"
        return Text(f"{template} (contoh: {contoh})")

    def _actor(self) -> Actor:
        if self.kpu.actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return self.kpu.actor

    def action_edit_profile(self) -> None:
        """Edit the profile in a modal form, checked as each field is left."""
        if self._profile is None:
            return
        actor = self._actor()
        f = self._profile.form
        fields = [
            FieldSpec("nama_satker", "Nama satker", value=f.nama_satker, max_length=120),
            FieldSpec(
                "tingkat", "Tingkat", kind="select", value=f.tingkat, options=TINGKAT_OPTIONS
            ),
            FieldSpec(
                "kode_wilayah", "Kode wilayah (Kemendagri)", value=f.kode_wilayah, max_length=4
            ),
            FieldSpec("alamat", "Alamat kantor", value=f.alamat, max_length=250),
            FieldSpec("kota", "Kota tempat surat", value=f.kota, max_length=80),
            FieldSpec("telepon", "Telepon (boleh kosong)", value=f.telepon, max_length=60),
            FieldSpec("email", "Surel (boleh kosong)", value=f.email, max_length=120),
            FieldSpec("laman", "Laman (boleh kosong)", value=f.laman, max_length=120),
            FieldSpec(
                "zona_waktu", "Zona waktu", kind="select", value=f.zona_waktu, options=ZONA_OPTIONS
            ),
            FieldSpec("jam_masuk", "Jam masuk", value=format_jam(f.jam_masuk), max_length=5),
            FieldSpec("jam_pulang", "Jam pulang", value=format_jam(f.jam_pulang), max_length=5),
            FieldSpec(
                "jam_pulang_jumat",
                "Jam pulang Jumat",
                value=format_jam(f.jam_pulang_jumat),
                max_length=5,
            ),
            FieldSpec(
                "kertas",
                "Ukuran kertas cetak",
                kind="select",
                value=f.kertas,
                options=[(label, kertas) for kertas, label in KERTAS_LABELS.items()],
            ),
            FieldSpec(
                "cuti_bersama_hari_kerja",
                "Cuti bersama dihitung hari kerja",
                kind="check",
                value=f.cuti_bersama_hari_kerja,
                hint="Biasanya tidak: kantor tutup pada cuti bersama.",
            ),
            FieldSpec(
                "format_agenda",
                "Format nomor agenda",
                value=f.format_agenda or DEFAULT_AGENDA_FORMAT,
                max_length=60,
                hint=escape(
                    agenda_example(
                        f.format_agenda or DEFAULT_AGENDA_FORMAT,
                        f.kode_wilayah,
                        self.kpu.now().year,
                    )
                ),
            ),
        ]

        def save(values: Values) -> bool:
            form, errors = _form_of(values)
            if errors:
                raise ValidationError(errors)
            with self.kpu.store.write() as session:
                office_service.update_office(session, actor=actor, form=form)
            return True

        self.app.push_screen(
            ProfileDialog(
                "Ubah profil kantor", fields, save, check=_check, tahun=self.kpu.now().year
            ),
            self._profile_saved,
        )

    def _profile_saved(self, done: bool | None) -> None:
        if not done:
            return
        self.kpu.load_office()
        bar = self.query_one(TopBar)
        bar.office = self.kpu.office_name
        self.notify("Profil kantor tersimpan.", title="Tersimpan")
        self.refresh_content()

    @on(DataTable.RowSelected, "#office-pejabat")
    def row_selected(self) -> None:
        """Enter on a position edits its holder."""
        self.action_edit_holder()

    def action_edit_holder(self) -> None:
        """Who holds the highlighted position: name, NIP and (optionally) their account."""
        jabatan = self._jabatan.get(
            highlighted_key(self.query_one("#office-pejabat", DataTable)) or ""
        )
        if jabatan is None or self._profile is None:
            return
        actor = self._actor()
        current = self._usernames.get(jabatan.user_id or 0)
        fields = [
            FieldSpec("nama", "Nama pemegang jabatan", value=jabatan.pemegang_nama, max_length=120),
            FieldSpec(
                "nip", "NIP (18 angka, boleh kosong)", value=jabatan.pemegang_nip, max_length=21
            ),
            FieldSpec(
                "username",
                "Akun pengguna (boleh kosong)",
                kind="select",
                value=current,
                options=[(name, name) for name in sorted(self._usernames.values())],
                allow_blank=True,
                placeholder="(tidak ada / tidak diubah)",
                hint="Menautkan jabatan ke akun pemegangnya. Tautan yang ada belum dapat dilepas.",
            ),
        ]
        key = jabatan.kode

        def save(values: Values) -> str:
            entry = PejabatEntry(
                kode=key,
                nama=values["nama"],
                nip=values["nip"],
                username=values["username"] or None,
            )
            # assign_pejabat does not check the entry itself; validate_profile does, per entry.
            assert self._profile is not None
            checked = office_service.validate_profile(replace(self._profile.form, pejabat=(entry,)))
            problems = {
                "nip" if k.endswith(".nip") else "nama": v
                for k, v in checked.items()
                if k.startswith(f"pejabat.{key}")
            }
            if problems:
                raise ValidationError(problems)
            with self.kpu.store.write() as session:
                office_service.assign_pejabat(session, actor=actor, entries=(entry,))
            return key

        def saved(kode: str | None) -> None:
            if kode is not None:
                self.notify(
                    f"Pemegang jabatan {jabatan.nama} tersimpan.", title="Tersimpan", markup=False
                )
                self.refresh_content(select=kode)

        self.app.push_screen(FormDialog(f"Pemegang {jabatan.nama}", fields, save), saved)
