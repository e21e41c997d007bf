"""Who performs an action: every service call names its actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kpu_tui.models import Role

from .errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The person (or the system) behind a write.

    Attributes:
        id: the user's id, or None for the system itself (setup, migrations, import scripts).
        name: the display name written into the journal.
        roles: the roles held at the time of the action.
    """

    id: int | None
    name: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    def has(self, *roles: Role) -> bool:
        """Whether the actor holds any of ``roles``."""
        return any(role in self.roles for role in roles)

    def require(self, *roles: Role, action: str = "tindakan ini") -> None:
        """Raise :class:`PermissionDenied` unless the actor holds one of ``roles``."""
        if not self.has(*roles):
            names = ", ".join(role.label for role in roles)
            raise PermissionDenied(
                f"Anda tidak berwenang melakukan {action} (perlu peran: {names})."
            )


SYSTEM = Actor(id=None, name="sistem", roles=frozenset({Role.ADMIN}))
"""The actor for writes the application makes itself (first-run set-up, demo data)."""


def actor_from(user_id: int | None, name: str, roles: Iterable[Role | str]) -> Actor:
    """Build an actor from plain values."""
    return Actor(id=user_id, name=name, roles=frozenset(Role(r) for r in roles))
