"""What every area's write flows share: the logged-in actor, the clock, and how a refusal is
said."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kpu_tui.models import Role
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError

if TYPE_CHECKING:
    from ..app import KpuApp


class ScreenActions:
    """Base of an area's write flows (``SuratActions``, ``KeluarActions``, ``AntrianActions``).

    Args:
        app: the running app (store, actor, clock, settings).
    """

    def __init__(self, app: KpuApp) -> None:
        self.app = app

    @property
    def actor(self) -> Actor:
        """The logged-in user."""
        if self.app.actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return self.app.actor

    def now(self) -> datetime:
        """The app's clock as a UTC instant (what the services store)."""
        return self.app.now().astimezone(UTC)

    def refuse(self, message: str) -> None:
        """Say why an action cannot be done."""
        self.app.notify(message, severity="warning", markup=False, timeout=8)

    def allowed(self, *roles: Role, action: str) -> bool:
        """Whether the user holds one of ``roles``; says the service's refusal when not."""
        try:
            self.actor.require(*roles, action=action)
        except ServiceError as exc:
            self.refuse(exc.message)
            return False
        return True
