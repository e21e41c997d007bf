"""Gap-free yearly number series (agenda surat masuk, surat keluar, registrations).

:func:`take_number` must run inside the write transaction that stores the numbered record:
on SQLite that transaction began with ``BEGIN IMMEDIATE`` (see :class:`kpu_tui.store.Store`),
so no other writer can interleave; on PostgreSQL the series row is locked with
``SELECT ... FOR UPDATE``. A save that fails rolls back its number with it, so numbers are never
skipped, and a taken number is never given again (records are cancelled, not deleted).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kpu_tui.models import NumberSeries

SERI_AGENDA_MASUK = "agenda_masuk"


def take_number(session: Session, *, seri: str, tahun: int) -> int:
    """The next number of ``seri`` in ``tahun`` (1 for the first), reserved in this
    transaction."""
    query = (
        select(NumberSeries)
        .where(NumberSeries.seri == seri, NumberSeries.tahun == tahun)
        .with_for_update()
    )
    row = session.exec(query).first()
    if row is None:
        row = NumberSeries(seri=seri, tahun=tahun, terakhir=0)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # another writer created the series first (PostgreSQL)
            row = session.exec(query).one()
    row.terakhir += 1
    session.add(row)
    session.flush()
    return row.terakhir


def last_number(session: Session, *, seri: str, tahun: int) -> int:
    """The last number taken in the series (0 when none yet)."""
    row = session.exec(
        select(NumberSeries.terakhir).where(NumberSeries.seri == seri, NumberSeries.tahun == tahun)
    ).first()
    return int(row or 0)


def advance_to(session: Session, *, seri: str, tahun: int, terakhir: int) -> None:
    """Move a series so the next number taken follows ``terakhir`` (never backwards): for a
    register imported with its numbers. Inside the write transaction, as :func:`take_number`."""
    if last_number(session, seri=seri, tahun=tahun) >= terakhir:
        return
    if take_number(session, seri=seri, tahun=tahun) >= terakhir:
        return
    row = session.exec(
        select(NumberSeries)
        .where(NumberSeries.seri == seri, NumberSeries.tahun == tahun)
        .with_for_update()
    ).one()
    row.terakhir = terakhir
    session.add(row)
    session.flush()
