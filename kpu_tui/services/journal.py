"""The append-only journal: every service write records an event here, in its transaction.

Each event's hash is SHA-256 over its canonical JSON, which includes the hash of the event
before it. :func:`verify` walks the chain and names the first event that does not hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, col, select

from kpu_tui.models import JournalEvent, utcnow

from .actor import Actor

GENESIS_HASH = "0" * 64
HIDDEN = "«disembunyikan»"
SENSITIVE_FIELDS = frozenset({"password_hash"})


def snapshot(record: SQLModel | Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A JSON-ready copy of a record's values, with secrets replaced by a marker."""
    if record is None:
        return None
    values = dict(record) if isinstance(record, Mapping) else record.model_dump(mode="json")
    return {k: (HIDDEN if k in SENSITIVE_FIELDS else _jsonable(v)) for k, v in values.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def _dumps(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _at_text(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(event: JournalEvent) -> str:
    """The hash an event must carry, computed from every field but ``hash`` itself."""
    payload = {
        "id": event.id,
        "at": _at_text(event.at),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "record_type": event.record_type,
        "record_id": event.record_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    # SQLite write scopes already hold the database's write lock (BEGIN IMMEDIATE).
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(7254001)"))  # type: ignore[call-overload]


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    record_type: str,
    record_id: object,
    before: SQLModel | Mapping[str, Any] | None = None,
    after: SQLModel | Mapping[str, Any] | None = None,
) -> JournalEvent:
    """Append one event to the journal inside the caller's transaction.

    Args:
        session: the write session of the action.
        actor: who did it.
        action: a verb such as ``buat``, ``ubah``, ``batal``, ``login``.
        record_type: the table or register (``user``, ``office`` ...).
        record_id: the record's key.
        before: values before the change (None for a new record).
        after: values after the change.
    """
    _lock_chain(session)
    last = session.exec(
        select(JournalEvent.id, JournalEvent.hash).order_by(col(JournalEvent.id).desc()).limit(1)
    ).first()
    event = JournalEvent(
        id=(last[0] or 0) + 1 if last else 1,
        at=utcnow(),
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        before=_dumps(snapshot(before)),
        after=_dumps(snapshot(after)),
        prev_hash=last[1] if last else GENESIS_HASH,
        hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking the chain."""

    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """Whether every event holds."""
        return self.broken_id is None


def iter_events(session: Session, batch: int = 2000) -> Iterator[JournalEvent]:
    """Every event in id order, fetched in batches (keyset), never all at once."""
    last_id = 0
    while True:
        rows = session.exec(
            select(JournalEvent)
            .where(col(JournalEvent.id) > last_id)
            .order_by(col(JournalEvent.id))
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id or last_id
        session.expunge_all()


def verify(session: Session) -> VerifyResult:
    """Walk the whole chain; the result names the first event that does not hold and why."""
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    for event in iter_events(session):
        if event.id != expected_id:
            return VerifyResult(
                checked,
                expected_id,
                f"peristiwa nomor {expected_id} hilang (berikutnya {event.id})",
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(
                checked, event.id, "hash peristiwa sebelumnya tidak cocok (urutan diubah/dihapus)"
            )
        if event_hash(event) != event.hash:
            return VerifyResult(checked, event.id, "isi peristiwa diubah setelah dicatat")
        expected_prev = event.hash
        expected_id += 1
        checked += 1
    return VerifyResult(checked)


@dataclass(frozen=True)
class JournalFilter:
    """Filters of the journal list."""

    action: str | None = None
    record_type: str | None = None
    actor_id: int | None = None
    dari: datetime | None = None
    sampai: datetime | None = None
    text: str | None = None


def _filtered(query: Any, flt: JournalFilter) -> Any:
    if flt.action:
        query = query.where(JournalEvent.action == flt.action)
    if flt.record_type:
        query = query.where(JournalEvent.record_type == flt.record_type)
    if flt.actor_id is not None:
        query = query.where(JournalEvent.actor_id == flt.actor_id)
    if flt.dari is not None:
        query = query.where(col(JournalEvent.at) >= flt.dari)
    if flt.sampai is not None:
        query = query.where(col(JournalEvent.at) < flt.sampai)
    if flt.text:
        like = f"%{flt.text}%"
        query = query.where(
            col(JournalEvent.record_id).like(like) | col(JournalEvent.actor_name).like(like)
        )
    return query


def list_events(
    session: Session,
    flt: JournalFilter | None = None,
    *,
    before_id: int | None = None,
    limit: int = 200,
) -> list[JournalEvent]:
    """One page of events, newest first; pass the last id seen as ``before_id`` for the next."""
    query = select(JournalEvent)
    query = _filtered(query, flt or JournalFilter())
    if before_id is not None:
        query = query.where(col(JournalEvent.id) < before_id)
    return list(session.exec(query.order_by(col(JournalEvent.id).desc()).limit(limit)).all())


def count_events(session: Session, flt: JournalFilter | None = None) -> int:
    """How many events match ``flt``."""
    query = _filtered(select(func.count()).select_from(JournalEvent), flt or JournalFilter())
    return int(session.exec(query).one())


def record_types(session: Session) -> list[str]:
    """The record types present, for the filter pick list."""
    rows = session.exec(select(JournalEvent.record_type).distinct().order_by("record_type"))
    return list(rows.all())
