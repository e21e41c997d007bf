"""The append-only, hash-chained journal of every write."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .base import utcnow


class JournalEvent(SQLModel, table=True):
    """One write: who did what to which record, the values before and after, and the chain.

    ``hash`` is SHA-256 over the canonical form of every other field including ``prev_hash``,
    so changing, removing or reordering any event breaks the chain from that event on.
    """

    __tablename__ = "journal_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_name: str = Field(max_length=120)
    action: str = Field(max_length=60, index=True)
    record_type: str = Field(max_length=60, index=True)
    record_id: str = Field(max_length=60)
    before: str | None = Field(default=None)
    after: str | None = Field(default=None)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
