"""Shared helpers of the table models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC: stored as UTC, shown in the office's zone."""
    return datetime.now(UTC)


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """A column type storing a StrEnum's *values* as VARCHAR(30) and loading enum members.

    No database enum and no CHECK constraint: adding a member later needs no migration.
    """
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=30,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
