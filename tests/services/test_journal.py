"""The journal: every write leaves a hash-chained event; tampering is found and named."""

from __future__ import annotations

import json

from sqlalchemy import text

from kpu_tui.models import Role
from kpu_tui.services import journal, users
from kpu_tui.services.actor import Actor
from kpu_tui.store import Store


def _events(store: Store) -> list[journal.JournalEvent]:
    with store.read() as session:
        return list(journal.iter_events(session))


def test_demo_office_writes_a_valid_chain(demo_store: Store) -> None:
    with demo_store.read() as session:
        result = journal.verify(session)
        assert result.ok, result.reason
        assert result.checked == journal.count_events(session) > 10


def test_event_carries_actor_before_after_and_hides_secrets(
    demo_store: Store, admin: Actor
) -> None:
    with demo_store.write() as session:
        view = users.create_user(
            session,
            actor=admin,
            form=users.UserForm(
                username="dina", nama="Dina Mariana", roles=(Role.STAF,), password="rahasia-123"
            ),
        )
    last = _events(demo_store)[-1]
    assert (last.actor_id, last.actor_name, last.action) == (1, "Rudi Hartono", "buat")
    assert (last.record_type, last.record_id) == ("user", str(view.id))
    after = json.loads(last.after or "{}")
    assert after["username"] == "dina"
    assert after["password_hash"] == journal.HIDDEN
    assert "rahasia-123" not in (last.after or "")


def test_changed_value_is_detected_and_named(demo_store: Store) -> None:
    target = _events(demo_store)[4]
    with demo_store.engine.begin() as conn:
        conn.execute(
            text("UPDATE journal_event SET actor_name = 'penyusup' WHERE id = :id"),
            {"id": target.id},
        )
    with demo_store.read() as session:
        result = journal.verify(session)
    assert not result.ok
    assert result.broken_id == target.id
    assert result.checked == target.id - 1


def test_rewritten_hash_breaks_the_next_link(demo_store: Store) -> None:
    events = _events(demo_store)
    target = events[2]
    target.after = '{"palsu":true}'
    forged = journal.event_hash(target)
    with demo_store.engine.begin() as conn:
        conn.execute(
            text("UPDATE journal_event SET after = :a, hash = :h WHERE id = :id"),
            {"a": target.after, "h": forged, "id": target.id},
        )
    with demo_store.read() as session:
        result = journal.verify(session)
    assert result.broken_id == target.id + 1


def test_deleted_event_is_detected(demo_store: Store) -> None:
    with demo_store.engine.begin() as conn:
        conn.execute(text("DELETE FROM journal_event WHERE id = 3"))
    with demo_store.read() as session:
        result = journal.verify(session)
    assert result.broken_id == 3
    assert "hilang" in result.reason


def test_deleting_the_last_event_is_visible_only_by_count(demo_store: Store) -> None:
    """A truncated tail still verifies; the count is what auditors compare with a printout."""
    with demo_store.read() as session:
        before = journal.count_events(session)
    with demo_store.engine.begin() as conn:
        conn.execute(
            text("DELETE FROM journal_event WHERE id = (SELECT max(id) FROM journal_event)")
        )
    with demo_store.read() as session:
        assert journal.verify(session).ok
        assert journal.count_events(session) == before - 1


def test_list_pages_newest_first_with_filters(demo_store: Store) -> None:
    with demo_store.read() as session:
        first = journal.list_events(session, limit=5)
        assert [e.id for e in first] == sorted((e.id for e in first), reverse=True)
        second = journal.list_events(session, before_id=first[-1].id, limit=5)
        assert second[0].id == (first[-1].id or 0) - 1
        only_users = journal.list_events(session, journal.JournalFilter(record_type="user"))
        assert only_users and all(e.record_type == "user" for e in only_users)
        assert "user" in journal.record_types(session)
        assert journal.count_events(session, journal.JournalFilter(record_type="user")) == len(
            only_users
        )
