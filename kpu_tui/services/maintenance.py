"""Health of the database: schema revision, SQLite integrity, the journal chain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kpu_tui.store import Store, StoreError, current_revision, head_revision, translate

from . import journal


@dataclass(frozen=True)
class SchemaStatus:
    """The database's revision against the app's."""

    current: str | None
    head: str
    error: str = ""


def schema_status(store: Store) -> SchemaStatus:
    """Read the revision without changing anything."""
    head = head_revision(store)
    try:
        return SchemaStatus(current_revision(store), head)
    except StoreError as exc:
        return SchemaStatus(None, head, exc.message)


@dataclass(frozen=True)
class CheckResult:
    """One named check and what it found."""

    name: str
    ok: bool
    detail: str


def run_checks(store: Store) -> list[CheckResult]:
    """Integrity, migration head and journal chain; each failure names what is wrong."""
    results: list[CheckResult] = []
    results.append(_integrity(store))
    if not results[-1].ok:
        return results
    status = schema_status(store)
    if status.error:
        results.append(CheckResult("Revisi skema", False, status.error))
        return results
    if status.current == status.head:
        results.append(CheckResult("Revisi skema", True, f"terbaru ({status.head})"))
    elif status.current is None:
        results.append(CheckResult("Revisi skema", False, "basis data kosong (belum dibuat)"))
        return results
    else:
        results.append(
            CheckResult(
                "Revisi skema",
                False,
                f"revisi {status.current}, aplikasi mengharapkan {status.head}",
            )
        )
    results.append(_journal(store))
    return results


def _integrity(store: Store) -> CheckResult:
    if not store.is_sqlite:
        return CheckResult("Integritas", True, "bukan SQLite: diperiksa oleh server basis data")
    try:
        with store.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check")).all()]
            fk = conn.execute(text("PRAGMA foreign_key_check")).all()
    except SQLAlchemyError as exc:
        return CheckResult("Integritas", False, translate(exc).message)
    if rows != ["ok"]:
        return CheckResult("Integritas", False, "; ".join(rows[:5]))
    if fk:
        return CheckResult("Integritas", False, f"{len(fk)} rujukan (foreign key) rusak")
    return CheckResult("Integritas", True, "baik")


def _journal(store: Store) -> CheckResult:
    try:
        with store.read() as session:
            result = journal.verify(session)
    except StoreError as exc:
        return CheckResult("Rantai jurnal", False, exc.message)
    if result.ok:
        return CheckResult("Rantai jurnal", True, f"{result.checked} peristiwa utuh")
    return CheckResult(
        "Rantai jurnal",
        False,
        f"peristiwa #{result.broken_id}: {result.reason} ({result.checked} sebelumnya utuh)",
    )
