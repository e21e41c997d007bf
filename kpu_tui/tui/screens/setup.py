"""The first-run wizard: the office, its pejabat and the first admin, or the demo office."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Select, Static

from kpu_tui.models import Role, Tingkat, ZonaWaktu
from kpu_tui.rules.dates import parse_jam
from kpu_tui.services import demo, reference
from kpu_tui.services import office as office_service
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.users import UserForm, password_problem
from kpu_tui.store import StoreError

from ..widgets.form import FormField, show_errors

if TYPE_CHECKING:
    from ..app import KpuApp

TINGKAT_OPTIONS = [(t.label, t.value) for t in Tingkat]
ZONA_OPTIONS = [
    ("WIB (UTC+7)", ZonaWaktu.WIB.value),
    ("WITA (UTC+8)", ZonaWaktu.WITA.value),
    ("WIT (UTC+9)", ZonaWaktu.WIT.value),
]


def _field_id(key: str) -> str:
    return "f-" + key.replace(".", "--")


class SetupScreen(Screen[None]):
    """Asks what the office is, who leads it and who administers the app.

    Every field is checked as the user leaves it and again on save; nothing is written until
    everything passes, and then all of it in one transaction.
    """

    TITLE = "Penyiapan awal"
    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="save"),
        Binding("f2", "demo", "Gunakan data contoh", id="demo"),
        Binding("ctrl+q", "app.quit_app", "Keluar", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        """The whole form, in the order an office thinks of it."""
        with VerticalScroll(id="setup-form"):
            yield Static("Penyiapan awal kpu-tui", id="setup-title")
            yield Static(
                "Isi identitas kantor, pejabat dan admin pertama, lalu tekan Ctrl+S. "
                "Untuk mencoba dulu, tekan F2: kantor contoh KPU Kota Bontang dibuat "
                "lengkap dengan akun untuk setiap peran.",
                id="setup-intro",
            )
            yield Static("Identitas satker", classes="section")
            yield self._text("nama_satker", "Nama satker", "mis. KPU Kota Bontang", 120)
            yield FormField(
                "Tingkat",
                Select(
                    TINGKAT_OPTIONS, value=Tingkat.KABKOTA.value, allow_blank=False, id="tingkat"
                ),
                id=_field_id("tingkat"),
            )
            yield self._text("kode_wilayah", "Kode wilayah (Kemendagri)", "mis. 6474", 4)
            yield self._text("alamat", "Alamat kantor", "jalan, kelurahan, kecamatan", 250)
            yield self._text("kota", "Kota tempat surat", "mis. Bontang", 80)
            yield self._text("telepon", "Telepon (boleh kosong)", "", 60)
            yield self._text("email", "Surel (boleh kosong)", "", 120)
            yield FormField(
                "Zona waktu",
                Select(ZONA_OPTIONS, value=ZonaWaktu.WIB.value, allow_blank=False, id="zona_waktu"),
                id=_field_id("zona_waktu"),
            )
            yield self._text("jam_masuk", "Jam masuk", "07:30", 5, value="07:30")
            yield self._text("jam_pulang", "Jam pulang (Senin–Kamis)", "16:00", 5, value="16:00")
            yield self._text("jam_pulang_jumat", "Jam pulang Jumat", "16:30", 5, value="16:30")
            yield Static("Pejabat: nama pemegang jabatan (boleh diisi nanti)", classes="section")
            yield Vertical(id="pejabat-fields")
            yield Static("Admin pertama", classes="section")
            yield self._text("admin.nama", "Nama lengkap", "", 120)
            yield self._text("admin.username", "Nama pengguna", "mis. admin", 40)
            yield self._text("admin.password", "Kata sandi", "sedikitnya 8 karakter", 200, True)
            yield self._text("admin.password2", "Ulangi kata sandi", "", 200, True)
            yield Static("", id="form-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Simpan (Ctrl+S)", id="save", variant="primary")
                yield Button("Gunakan data contoh (F2)", id="demo")
        yield Footer()

    def _text(
        self,
        key: str,
        label: str,
        placeholder: str,
        max_length: int,
        password: bool = False,
        value: str = "",
    ) -> FormField:
        widget = Input(
            value=value,
            placeholder=placeholder,
            max_length=max_length,
            password=password,
            id=key.replace(".", "-"),
        )
        return FormField(label, widget, id=_field_id(key))

    async def on_mount(self) -> None:
        """Fill the pejabat fields for the default tingkat and start at the first field."""
        await self._fill_pejabat(Tingkat.KABKOTA)
        self.query_one("#nama_satker", Input).focus()

    async def _fill_pejabat(self, tingkat: Tingkat) -> None:
        box = self.query_one("#pejabat-fields", Vertical)
        await box.remove_children()
        fields = [
            FormField(
                jabatan.singkatan or jabatan.nama,
                Input(max_length=120, id=f"pejabat-{jabatan.kode}", placeholder=jabatan.nama),
                id=_field_id(f"pejabat.{jabatan.kode}"),
            )
            for jabatan in reference.read_units(tingkat).jabatan
            if not jabatan.kode.startswith("ANGGOTA")
        ]
        await box.mount_all(fields)

    @on(Select.Changed, "#tingkat")
    async def tingkat_changed(self, event: Select.Changed) -> None:
        """Another tingkat has other positions (Kepala Bagian in a Provinsi)."""
        if isinstance(event.value, str):
            await self._fill_pejabat(Tingkat(event.value))

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def _build(self) -> tuple[office_service.SetupForm, dict[str, str]]:
        """The form as typed, plus errors the service cannot see (times, repeated password)."""
        errors: dict[str, str] = {}
        hours: dict[str, time] = {}
        defaults = {
            "jam_masuk": time(7, 30),
            "jam_pulang": time(16),
            "jam_pulang_jumat": time(16, 30),
        }
        for key, default in defaults.items():
            try:
                hours[key] = parse_jam(self._value(key))
            except ValueError as exc:
                errors[key] = str(exc)
                hours[key] = default
        password = self._value("admin-password")
        problem = password_problem(password)
        if problem:
            errors["admin.password"] = problem
        elif password != self._value("admin-password2"):
            errors["admin.password2"] = "Kedua kata sandi tidak sama."
        pejabat = tuple(
            office_service.PejabatEntry(kode=field.id.removeprefix("pejabat-"), nama=field.value)
            for field in self.query("#pejabat-fields Input").results(Input)
            if field.id and field.value.strip()
        )
        tingkat = self.query_one("#tingkat", Select).value
        zona = self.query_one("#zona_waktu", Select).value
        form = office_service.SetupForm(
            nama_satker=self._value("nama_satker"),
            tingkat=Tingkat(str(tingkat)),
            kode_wilayah=self._value("kode_wilayah"),
            alamat=self._value("alamat"),
            kota=self._value("kota"),
            telepon=self._value("telepon"),
            email=self._value("email"),
            zona_waktu=ZonaWaktu(str(zona)),
            jam_masuk=hours["jam_masuk"],
            jam_pulang=hours["jam_pulang"],
            jam_pulang_jumat=hours["jam_pulang_jumat"],
            pejabat=pejabat,
            admin=UserForm(
                username=self._value("admin-username"),
                nama=self._value("admin-nama"),
                roles=(Role.ADMIN,),
                password=password,
            ),
        )
        if not self._value("admin-nama").strip():
            errors["admin.nama"] = "Nama admin wajib diisi."
        if not self._value("admin-username").strip():
            errors["admin.username"] = "Nama pengguna admin wajib diisi."
        return form, errors

    @on(Input.Blurred)
    def check_field(self, event: Input.Blurred) -> None:
        """Check the field just left (only that one: untouched fields stay quiet)."""
        field = next((a for a in event.input.ancestors if isinstance(a, FormField)), None)
        if field is None or field.id is None:
            return
        key = field.id.removeprefix("f-").replace("--", ".")
        form, errors = self._build()
        errors = office_service.validate_profile(form) | errors
        field.error = errors.get(key, "")

    @on(Input.Submitted)
    def next_field(self) -> None:
        """Enter moves on, like Tab."""
        self.focus_next()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        """The Simpan button."""
        self.action_save()

    @on(Button.Pressed, "#demo")
    def demo_pressed(self) -> None:
        """The demo button."""
        self.action_demo()

    def action_save(self) -> None:
        """Validate everything; on success write the office in one transaction."""
        form, errors = self._build()
        errors = office_service.validate_profile(form) | errors
        if errors:
            self._show(errors)
            return
        self._busy("Menyimpan…")
        self._write(form)

    def action_demo(self) -> None:
        """Build the demo office (KPU Kota Bontang) and go to the login."""
        self._busy("Menyiapkan kantor contoh…")
        self._write(None)

    @work(thread=True, exclusive=True, group="setup", exit_on_error=False)
    def _write(self, form: office_service.SetupForm | None) -> None:
        """Write the office (or the demo) off the UI thread: Argon2 hashing takes a moment."""
        try:
            with self._app.store.write() as session:
                if form is None:
                    demo.build_demo_office(session, actor=SYSTEM)
                else:
                    office_service.setup_office(session, actor=SYSTEM, form=form)
        except ValidationError as exc:
            self.app.call_from_thread(self._failed, exc.errors)
            return
        except (ServiceError, StoreError) as exc:
            self.app.call_from_thread(self._failed, {"_": exc.message})
            return
        self.app.call_from_thread(self._written, form is None)

    def _busy(self, message: str) -> None:
        for button in self.query(Button):
            button.disabled = True
        self.query_one("#form-error", Static).update(message)

    def _failed(self, errors: dict[str, str]) -> None:
        for button in self.query(Button):
            button.disabled = False
        self.query_one("#form-error", Static).update("")
        self._show(errors)

    def _written(self, was_demo: bool) -> None:
        if was_demo:
            self.app.notify(
                "Kantor contoh KPU Kota Bontang dibuat. Masuk sebagai admin, petugas, ketua, "
                f"sekretaris, kasubbag.kul, … dengan kata sandi {demo.DEMO_PASSWORD}.",
                title="Data contoh",
                timeout=30,
            )
        else:
            self.app.notify("Kantor disiapkan. Silakan masuk dengan akun admin.", title="Tersimpan")
        self._finish()

    def _finish(self) -> None:
        self.dismiss()
        self._app.setup_done()

    def _show(self, errors: dict[str, str]) -> None:
        first = show_errors(self, errors)
        if first is not None:
            first.focus()
            self.query_one("#setup-form", VerticalScroll).scroll_to_widget(first)
        elif errors:
            self.query_one("#form-error", Static).update("\n".join(errors.values()))

    @property
    def _app(self) -> KpuApp:
        return cast("KpuApp", self.app)
