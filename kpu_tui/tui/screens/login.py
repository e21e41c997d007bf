"""The login screen: username and password, one message for every failure."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from kpu_tui.services import users
from kpu_tui.store import StoreError

if TYPE_CHECKING:
    from ..app import KpuApp


class LoginScreen(Screen[None]):
    """Asks who is working; the service journals every attempt and slows down repeats."""

    TITLE = "Masuk"
    BINDINGS = [
        Binding("ctrl+s", "login", "Masuk", id="login"),
        Binding("ctrl+q", "app.quit_app", "Keluar", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        """The login box."""
        app = cast("KpuApp", self.app)
        with Center(), Vertical(id="login-box"):
            yield Static(app.office_name or "kpu-tui", id="login-office")
            yield Static(app.today_label(), id="login-date")
            yield Label("Nama pengguna")
            yield Input(id="username", placeholder="mis. petugas", max_length=40)
            yield Label("Kata sandi")
            yield Input(id="password", password=True, max_length=200)
            yield Static("", id="login-message")
            yield Button("Masuk", id="login-button", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the username field."""
        self.query_one("#username", Input).focus()

    @on(Input.Submitted, "#username")
    def next_field(self) -> None:
        """Enter in the username moves to the password."""
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login-button")
    def submit(self) -> None:
        """Enter in the password logs in."""
        self.action_login()

    def action_login(self) -> None:
        """Check the credentials in a worker (Argon2 takes a moment)."""
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        if not username.strip() or not password:
            self._say("Isi nama pengguna dan kata sandi.")
            return
        self.query_one("#login-button", Button).disabled = True
        self._say("Memeriksa…", error=False)
        self._check(username, password)

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _check(self, username: str, password: str) -> None:
        app = cast("KpuApp", self.app)
        try:
            with app.store.write() as session:
                result = users.authenticate(
                    session, username=username, password=password, now=app.now().astimezone(UTC)
                )
        except StoreError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        if result.actor is None:
            self.app.call_from_thread(self._failed, result.message)
        else:
            self.app.call_from_thread(self._succeeded, result)

    def _failed(self, message: str) -> None:
        self.query_one("#login-button", Button).disabled = False
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
        self._say(message)

    def _succeeded(self, result: users.LoginResult) -> None:
        assert result.actor is not None
        app = cast("KpuApp", self.app)
        self.dismiss()
        app.login_succeeded(result.actor, result.previous_login_at)

    def _say(self, message: str, *, error: bool = True) -> None:
        label = self.query_one("#login-message", Static)
        label.update(message)
        label.set_class(error and bool(message), "error")
