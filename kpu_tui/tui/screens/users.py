"""Pengguna: the accounts of the office, who they are and what they may do (admin only)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from kpu_tui.models import Role
from kpu_tui.services import reference, users
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.users import UserView
from kpu_tui.store import StoreError

from ..widgets.dialogs import ConfirmReason
from ..widgets.display import cell, highlighted_key, move_to_key, waktu_kantor
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .base import AreaScreen

STATUS_FILTERS = ("semua", "aktif", "nonaktif")


def _password_check(values: Values) -> dict[str, str]:
    """Field checks of the password pair (the service checks the rest on save)."""
    errors: dict[str, str] = {}
    password = values.get("password") or ""
    problem = users.password_problem(password) if password else None
    if problem:
        errors["password"] = problem
    repeat = values.get("password2") or ""
    if password and repeat and repeat != password:
        errors["password2"] = "Kedua kata sandi tidak sama."
    return errors


class UsersScreen(AreaScreen):
    """The accounts: table, a detail line, and forms to add, edit and (de)activate."""

    AREA_MODE = "pengguna"
    AREA_TITLE = "Pengguna"
    BINDINGS = [
        Binding("n", "new", "Baru", id="users-new"),
        Binding("enter", "edit", "Buka", show=False, id="users-open"),
        Binding("e", "edit", "Ubah", id="users-edit"),
        Binding("x", "toggle_active", "Nonaktifkan/aktifkan", id="users-toggle"),
        Binding("r", "reset_password", "Atur ulang sandi", id="users-password"),
        Binding("slash", "search", "Cari", id="users-search"),
        Binding("f", "cycle_filter", "Filter status", id="users-filter"),
        Binding("escape", "back_to_table", "Kembali ke tabel", show=False, id="users-back"),
    ]

    def compose_content(self) -> ComposeResult:
        """Search box and status filter, the table, the detail line."""
        with Horizontal(id="users-bar", classes="admin-bar"):
            yield Input(
                placeholder="/ cari nama, pengguna, jabatan, unit", id="users-query", compact=True
            )
            yield Static("", id="users-status")
        table: DataTable[object] = DataTable(
            id="users-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="users-detail", classes="admin-detail")

    def on_mount(self) -> None:
        """Columns by priority (what must show at 80 columns first), then the rows."""
        super().on_mount()
        self._users: list[UserView] = []
        self._status = "semua"
        table = self.query_one("#users-table", DataTable)
        for label, key, width in (
            ("Pengguna", "username", 14),
            ("Nama", "nama", 24),
            ("Status", "aktif", 8),
            ("Peran", "peran", 22),
            ("Jabatan", "jabatan", 24),
            ("Unit", "unit", 22),
            ("Login terakhir", "login", 17),
        ):
            table.add_column(label, key=key, width=width)
        self.refresh_content()
        table.focus()

    # -- data -------------------------------------------------------------------------------

    def refresh_content(self) -> None:
        """Read the accounts again and show those that match the search and filter."""
        with self.kpu.store.read() as session:
            self._users = users.list_users(session)
        self._fill()

    def _visible(self) -> list[UserView]:
        words = self.query_one("#users-query", Input).value.lower().split()
        out = []
        for user in self._users:
            if self._status == "aktif" and not user.aktif:
                continue
            if self._status == "nonaktif" and user.aktif:
                continue
            text = " ".join(
                (user.username, user.nama, user.jabatan, user.unit_nama, user.role_labels)
            ).lower()
            if all(word in text for word in words):
                out.append(user)
        return out

    def _fill(self, select_id: int | None = None) -> None:
        table = self.query_one("#users-table", DataTable)
        keep = str(select_id) if select_id is not None else highlighted_key(table)
        table.clear()
        shown = self._visible()
        for user in shown:
            dim = "" if user.aktif else "dim"
            table.add_row(
                cell(user.username, dim),
                cell(user.nama, dim),
                cell("aktif" if user.aktif else "NONAKTIF", dim),
                cell(user.role_labels, dim),
                cell(user.jabatan, dim),
                cell(user.unit_nama, dim),
                cell(waktu_kantor(user.last_login_at, self.kpu.zone, kosong="belum pernah"), dim),
                key=str(user.id),
            )
        move_to_key(table, keep)
        self.query_one("#users-status", Static).update(
            f"status: {self._status} (f) · {len(shown)}/{len(self._users)} pengguna"
        )
        self._show_detail()

    def _current(self) -> UserView | None:
        key = highlighted_key(self.query_one("#users-table", DataTable))
        return next((u for u in self._users if str(u.id) == key), None)

    def _show_detail(self) -> None:
        user = self._current()
        detail = self.query_one("#users-detail", Static)
        if user is None:
            detail.update("Tidak ada pengguna yang cocok.")
            return
        parts = [
            f"{user.nama} ({user.username})",
            f"NIP {user.nip}" if user.nip else "NIP –",
            user.jabatan or "jabatan –",
            user.unit_nama or "unit –",
            f"Peran: {user.role_labels}",
            "aktif" if user.aktif else "NONAKTIF",
            "login terakhir "
            + waktu_kantor(user.last_login_at, self.kpu.zone, kosong="belum pernah"),
        ]
        detail.update(Text(" · ".join(parts)))

    @on(DataTable.RowHighlighted, "#users-table")
    def row_highlighted(self) -> None:
        """Show the highlighted account below the table."""
        self._show_detail()

    @on(DataTable.RowSelected, "#users-table")
    def row_selected(self) -> None:
        """Enter on a row opens it for editing."""
        self.action_edit()

    @on(Input.Changed, "#users-query")
    def query_changed(self) -> None:
        """Filter as the user types."""
        self._fill()

    @on(Input.Submitted, "#users-query")
    def query_submitted(self) -> None:
        """Enter in the search box goes to the table."""
        self.query_one("#users-table", DataTable).focus()

    # -- actions ----------------------------------------------------------------------------

    def _actor(self) -> Actor:
        actor = self.kpu.actor
        if actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return actor

    def action_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#users-query", Input).focus()

    def action_back_to_table(self) -> None:
        """Esc in the search box returns to the table."""
        self.query_one("#users-table", DataTable).focus()

    def action_cycle_filter(self) -> None:
        """semua → aktif → nonaktif → semua."""
        index = STATUS_FILTERS.index(self._status)
        self._status = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self._fill()

    def _unit_options(self, current: int | None) -> list[tuple[str, int]]:
        """Active units, plus the user's own unit should it have been turned off since."""
        with self.kpu.store.read() as session:
            units = reference.list_units(session, include_inactive=True)
        return [
            (unit.nama if unit.aktif else f"{unit.nama} (nonaktif)", unit.id)
            for unit in units
            if unit.aktif or unit.id == current
        ]

    def _fields(self, user: UserView | None) -> list[FieldSpec]:
        role_options = [(role.label, role) for role in Role]
        fields = [
            FieldSpec(
                "username",
                "Nama pengguna",
                value=user.username if user else "",
                placeholder="mis. sekar atau kasubbag.kul",
                max_length=40,
            ),
            FieldSpec("nama", "Nama lengkap", value=user.nama if user else "", max_length=120),
            FieldSpec(
                "nip", "NIP (18 angka, boleh kosong)", value=user.nip if user else "", max_length=21
            ),
            FieldSpec("jabatan", "Jabatan", value=user.jabatan if user else "", max_length=160),
            FieldSpec(
                "unit_id",
                "Unit",
                kind="select",
                value=user.unit_id if user else None,
                options=self._unit_options(user.unit_id if user else None),
                allow_blank=True,
                placeholder="(tanpa unit)",
            ),
            FieldSpec(
                "roles",
                "Peran",
                kind="multi",
                value=list(user.roles) if user else [],
                options=role_options,
                hint="Spasi memilih atau melepas; sedikitnya satu peran.",
            ),
        ]
        if user is None:
            fields += [
                FieldSpec("password", "Kata sandi", kind="password", max_length=200),
                FieldSpec("password2", "Ulangi kata sandi", kind="password", max_length=200),
            ]
        return fields

    def _form(self, values: Values, *, new: bool) -> users.UserForm:
        return users.UserForm(
            username=values["username"],
            nama=values["nama"],
            nip=values["nip"],
            jabatan=values["jabatan"],
            unit_id=values["unit_id"],
            roles=tuple(Role(r) for r in values["roles"]),
            password=values["password"] if new else None,
        )

    def action_new(self) -> None:
        """A new account in a modal form."""
        actor = self._actor()

        def save(values: Values) -> UserView:
            if values["password"] != values["password2"]:
                raise ValidationError({"password2": "Kedua kata sandi tidak sama."})
            with self.kpu.store.write() as session:
                return users.create_user(session, actor=actor, form=self._form(values, new=True))

        self.app.push_screen(
            FormDialog("Pengguna baru", self._fields(None), save, check=_password_check),
            self._saved,
        )

    def action_edit(self) -> None:
        """Edit the highlighted account (the password is reset separately, with r)."""
        user = self._current()
        if user is None:
            return
        actor = self._actor()

        def save(values: Values) -> UserView:
            with self.kpu.store.write() as session:
                return users.update_user(
                    session, actor=actor, user_id=user.id, form=self._form(values, new=False)
                )

        self.app.push_screen(
            FormDialog(f"Ubah pengguna {user.username}", self._fields(user), save), self._saved
        )

    def _saved(self, view: UserView | None) -> None:
        if view is None:
            return
        self.notify(
            f"Pengguna {view.username} ({view.nama}) tersimpan.", title="Tersimpan", markup=False
        )
        self._reload(view.id)

    def _reload(self, user_id: int) -> None:
        try:
            with self.kpu.store.read() as session:
                self._users = users.list_users(session)
        except StoreError as exc:
            self.notify(exc.message, severity="error")
            return
        self._fill(select_id=user_id)

    def action_toggle_active(self) -> None:
        """Deactivate (or reactivate) the highlighted account, with a reason."""
        user = self._current()
        if user is None:
            return
        actor = self._actor()
        aktif = not user.aktif
        verb = "Aktifkan kembali" if aktif else "Nonaktifkan"

        def confirm(alasan: str) -> UserView:
            with self.kpu.store.write() as session:
                return users.set_active(
                    session, actor=actor, user_id=user.id, aktif=aktif, alasan=alasan
                )

        message = f"{verb} akun {user.username} ({user.nama})? " + (
            "Ia dapat masuk lagi."
            if aktif
            else "Ia tidak dapat masuk lagi; datanya tetap tersimpan."
        )
        self.app.push_screen(
            ConfirmReason(f"{verb} pengguna", message, confirm, confirm_label=verb),
            self._toggled,
        )

    def _toggled(self, view: UserView | None) -> None:
        if view is None:
            return
        state = "aktif kembali" if view.aktif else "dinonaktifkan"
        self.notify(f"Akun {view.username} {state}.", title="Tersimpan", markup=False)
        self._reload(view.id)

    def action_reset_password(self) -> None:
        """Set a new password for the highlighted account (asked twice)."""
        user = self._current()
        if user is None:
            return
        actor = self._actor()

        def save(values: Values) -> int:
            if values["password"] != values["password2"]:
                raise ValidationError({"password2": "Kedua kata sandi tidak sama."})
            with self.kpu.store.write() as session:
                users.reset_password(
                    session, actor=actor, user_id=user.id, password=values["password"]
                )
            return user.id

        fields = [
            FieldSpec("password", "Kata sandi baru", kind="password", max_length=200),
            FieldSpec("password2", "Ulangi kata sandi baru", kind="password", max_length=200),
        ]
        intro = (
            f"Kata sandi baru untuk {user.nama} ({user.username}). "
            "Sampaikan kepadanya secara langsung."
        )
        self.app.push_screen(
            FormDialog("Atur ulang kata sandi", fields, save, check=_password_check, intro=intro),
            self._password_done,
        )

    def _password_done(self, user_id: int | None) -> None:
        if user_id is not None:
            self.notify("Kata sandi baru tersimpan.", title="Tersimpan")
            self._reload(user_id)
