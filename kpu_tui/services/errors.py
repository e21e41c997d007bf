"""Errors that services raise for the user interface to show."""

from __future__ import annotations


class ServiceError(Exception):
    """An action that cannot be done, with a message in Bahasa Indonesia."""

    @property
    def message(self) -> str:
        """The message for the user."""
        return str(self.args[0]) if self.args else ""


class ValidationError(ServiceError):
    """Input that does not pass, with one message per field (``field -> message``).

    Forms show each message at its field; the command line prints them as ``field: message``.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class PermissionDenied(ServiceError):
    """The actor lacks the role the action needs."""


class NotFound(ServiceError):
    """The record asked for does not exist."""
