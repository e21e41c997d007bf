"""Time the buku agenda surat masuk at a million letters.

Seeds (once, cached) a database with ``BENCH_ROWS`` letters (default 1,000,000) with
:func:`bench.seed.seed_letters`, then times what a user of the register waits for, through the
services as the screens call them: the first page by agenda and by tanggal, 50 further pages
(keyset), the counts with every filter, the quick search (a word, a number fragment, an agenda
number), the sender completion, a letter's detail and disposisi tree, and registering one new
letter. Each figure is the median of a few runs (the first run is shown too); a figure over its
target is marked LAMBAT and its query plan is printed. Peak memory of paging is measured with
tracemalloc in a separate pass. Nothing here asserts: tests never depend on timings.

Run: ``.venv/bin/python -m bench.bench_register`` (``make bench`` runs every benchmark).
The seeded database is kept in ``<temp>/kpu-tui-bench/`` (delete it to seed again).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session, col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import Disposisi, Jabatan, Role, SuratStatus, User
from kpu_tui.services import disposisi, surat_masuk
from kpu_tui.services.actor import Actor
from kpu_tui.services.surat_masuk import SuratFilter, SuratMasukForm
from kpu_tui.store import Store

from .seed import create_database, schema_signature, seed_letters

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
REPEAT = 5
CACHE_VERSION = 2
"""Bump when :mod:`bench.seed` changes what it writes (older caches are then ignored)."""

TARGET_FIRST_PAGE = 100.0
TARGET_NEXT_PAGE = 50.0
TARGET_COUNT = 300.0
TARGET_SEARCH = 300.0
TARGET_REGISTER = 200.0
TARGET_DETAIL = 50.0


@dataclass
class Figure:
    """One measured action: milliseconds of the first run and the median of all runs."""

    name: str
    first_ms: float
    median_ms: float
    target_ms: float
    result: str = ""
    sql: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def slow(self) -> bool:
        """Whether the median misses the target."""
        return self.median_ms > self.target_ms


def cached_database(rows: int = ROWS) -> Path:
    """The seeded database for ``rows`` letters, built on first use and then reused."""
    folder = Path(tempfile.gettempdir()) / "kpu-tui-bench" / f"surat-masuk-{rows}-v{CACHE_VERSION}"
    path = folder / "kpu.sqlite3"
    marker = folder / "lengkap.txt"
    if path.exists() and marker.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("kpu.sqlite3*"):
        stale.unlink()
    print(f"Menyiapkan basis data {rows:,} surat di {path} (sekali saja) ...")
    started = time.perf_counter()
    store = create_database(path)
    reference = schema_signature(store)
    try:
        result = seed_letters(store, rows, progress=True)
        same_schema = schema_signature(store) == reference
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()
    if not same_schema:
        raise RuntimeError("seed_letters left a schema different from the migrations'")
    print(
        f"  {result.letters:,} surat, {result.disposisi:,} disposisi dalam "
        f"{time.perf_counter() - started:.0f} s (baris {result.seconds_rows:.0f} s, indeks "
        f"{result.seconds_indexes:.0f} s, FTS {result.seconds_fts:.0f} s); "
        f"{path.stat().st_size / 1_048_576:,.0f} MiB"
    )
    marker.write_text(f"{result}\n", encoding="utf-8")
    return path


@contextmanager
def _capture(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements (with parameters) run inside the block."""
    statements: list[tuple[str, Any]] = []

    def listener(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        statements.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)


def measure(store: Store, name: str, target: float, action: Callable[[Session], object]) -> Figure:
    """Run ``action`` in a fresh read session ``REPEAT`` times; keep the SQL of the first."""
    times = []
    result: object = None
    sql: list[tuple[str, Any]] = []
    for run in range(REPEAT):
        if run == 0:
            with _capture(store) as sql, store.read() as session:
                started = time.perf_counter()
                result = action(session)
                times.append(time.perf_counter() - started)
        else:
            with store.read() as session:
                started = time.perf_counter()
                action(session)
                times.append(time.perf_counter() - started)
    return Figure(
        name,
        times[0] * 1000,
        statistics.median(times) * 1000,
        target,
        _describe(result),
        sql,
    )


def _describe(result: object) -> str:
    if isinstance(result, list):
        return f"{len(result)} baris"
    if isinstance(result, int):
        return f"{result:,}"
    return ""


def _pages(session: Session, sort: str, pages: int) -> list[float]:
    """Milliseconds of each of ``pages`` pages after the first (keyset)."""
    rows = surat_masuk.list_surat(session, sort=sort, limit=100)
    out = []
    for _ in range(pages):
        started = time.perf_counter()
        rows = surat_masuk.list_surat(
            session, sort=sort, after=surat_masuk.cursor_of(rows[-1], sort), limit=100
        )
        out.append((time.perf_counter() - started) * 1000)
    return out


def _petugas(session: Session) -> Actor:
    user = session.exec(select(User).where(User.username == "petugas")).one()
    assert user.id is not None
    return Actor(user.id, user.nama, frozenset({Role.PETUGAS}))


def _register_once(store: Store, today: date) -> Figure:
    """Register one letter as the petugas at this size; rolled back so the cache stays as
    seeded (the commit itself, one WAL fsync, does not depend on the size)."""
    times = []
    sql: list[tuple[str, Any]] = []
    agenda = ""
    for run in range(REPEAT):
        with store.read() as session:
            actor = _petugas(session)
            ketua = session.exec(select(Jabatan.id).where(Jabatan.kode == "KETUA")).one()
        form = SuratMasukForm(
            nomor_surat=f"{900 + run}/PL.01.2-SD/64/{today.year}",
            asal="KPU Provinsi Kalimantan Timur",
            perihal="Permintaan Rekapitulasi Daftar Pemilih Berkelanjutan (bench)",
            sifat="biasa",
            derajat="segera",
            klasifikasi="PL.01.2",
            tujuan_jabatan_id=ketua,
        )
        with _capture(store) as captured, Session(store.engine) as session:
            started = time.perf_counter()
            row = surat_masuk.register(session, actor=actor, form=form, allow_duplicate=True)
            session.flush()
            times.append(time.perf_counter() - started)
            agenda = row.agenda_teks
            session.rollback()
        if run == 0:
            sql = captured
    return Figure(
        "register() satu surat baru",
        times[0] * 1000,
        statistics.median(times) * 1000,
        TARGET_REGISTER,
        f"nomor {agenda}",
        sql,
    )


def run_figures(store: Store, letters: int) -> tuple[list[Figure], dict[str, float]]:
    """Every figure of the register, plus the paging detail."""
    with store.read() as session:
        tahun = surat_masuk.years(session)[0]
        today = date.today()
        sample = session.exec(
            select(Disposisi.surat_id).order_by(col(Disposisi.id).desc()).limit(1)
        ).one()
    last_month = (today.replace(day=1) - timedelta(days=1)).month
    figures: list[Figure] = []

    def add(name: str, target: float, action: Callable[[Session], object]) -> None:
        figures.append(measure(store, name, target, action))

    add(
        "halaman pertama, urut agenda",
        TARGET_FIRST_PAGE,
        lambda s: surat_masuk.list_surat(s, sort="agenda", limit=100),
    )
    add(
        "halaman pertama, urut tanggal",
        TARGET_FIRST_PAGE,
        lambda s: surat_masuk.list_surat(s, sort="tanggal", limit=100),
    )
    paging: dict[str, float] = {}
    for sort in surat_masuk.SORTS:
        with store.read() as session:
            times = _pages(session, sort, 50)
        paging[sort] = max(times)
        figures.append(
            Figure(
                f"50 halaman berikut, urut {sort} (median; maks {max(times):.1f} ms)",
                times[0],
                statistics.median(times),
                TARGET_NEXT_PAGE,
                f"{sum(times):.0f} ms total",
            )
        )
        with _capture(store) as captured, store.read() as session:
            rows = surat_masuk.list_surat(session, sort=sort, limit=100)
            surat_masuk.list_surat(
                session, sort=sort, after=surat_masuk.cursor_of(rows[-1], sort), limit=100
            )
        figures[-1].sql = captured[-1:]
    for sort, order in (
        ("agenda", "tahun DESC, nomor_agenda DESC"),
        ("tanggal", "tanggal_terima DESC, id DESC"),
    ):
        with store.engine.connect() as conn:
            deep = conn.execute(
                text(
                    "SELECT tahun, nomor_agenda, tanggal_terima, id FROM surat_masuk "
                    f"ORDER BY {order} LIMIT 1 OFFSET :o"
                ),
                {"o": int(letters * 0.8)},
            ).one()
        cursor = (deep[0], deep[1]) if sort == "agenda" else (date.fromisoformat(deep[2]), deep[3])
        add(
            f"halaman jauh (setelah {int(letters * 0.8):,} baris), urut {sort}",
            TARGET_NEXT_PAGE,
            lambda s, so=sort, c=cursor: surat_masuk.list_surat(s, sort=so, after=c, limit=100),  # type: ignore[misc]
        )
    counts: list[tuple[str, SuratFilter]] = [
        ("hitung semua", SuratFilter()),
        (f"hitung tahun {tahun}", SuratFilter(tahun=tahun)),
        (f"hitung tahun {tahun} bulan {last_month}", SuratFilter(tahun=tahun, bulan=last_month)),
        ("hitung sifat rahasia", SuratFilter(sifat="rahasia")),
        ("hitung sifat biasa", SuratFilter(sifat="biasa")),
        ("hitung status dalam proses", SuratFilter(status=(SuratStatus.PROSES,))),
        ("hitung terlambat per hari ini", SuratFilter(terlambat_per=today)),
        ("hitung klasifikasi PL.01 (awalan)", SuratFilter(klasifikasi="PL.01")),
        ("hitung asal 'bawaslu'", SuratFilter(asal="bawaslu")),
        (
            f"hitung tahun {tahun} + status selesai + sifat biasa",
            SuratFilter(tahun=tahun, status=(SuratStatus.SELESAI,), sifat="biasa"),
        ),
    ]
    for name, flt in counts:
        add(name, TARGET_COUNT, lambda s, f=flt: surat_masuk.count_surat(s, f))  # type: ignore[misc]
    add(
        "halaman pertama, asal 'bawaslu'",
        TARGET_FIRST_PAGE,
        lambda s: surat_masuk.list_surat(s, SuratFilter(asal="bawaslu"), limit=100),
    )
    add(
        "halaman pertama, klasifikasi PL.01",
        TARGET_FIRST_PAGE,
        lambda s: surat_masuk.list_surat(s, SuratFilter(klasifikasi="PL.01"), limit=100),
    )
    searches = [
        ("kata 'rekonsiliasi'", "rekonsiliasi"),
        ("kata 'pemilih'", "pemilih"),
        ("dua kata 'audiensi ketua'", "audiensi ketua"),
        ("pecahan nomor 'PL.01'", "PL.01"),
        ("pecahan nomor 'K.KI'", "K.KI"),
        (f"nomor agenda '123/{tahun}'", f"123/{tahun}"),
        ("nomor agenda '4567'", "4567"),
    ]
    for label, teks in searches:
        flt = SuratFilter(teks=teks)
        add(
            f"cari {label}: halaman pertama",
            TARGET_SEARCH,
            lambda s, f=flt: surat_masuk.list_surat(s, f, limit=100),  # type: ignore[misc]
        )
        add(
            f"cari {label}: jumlah",
            TARGET_SEARCH,
            lambda s, f=flt: surat_masuk.count_surat(s, f),  # type: ignore[misc]
        )
    add("saran asal 'kpu'", TARGET_SEARCH, lambda s: surat_masuk.suggest_asal(s, "kpu"))
    add("saran asal 'bontang'", TARGET_SEARCH, lambda s: surat_masuk.suggest_asal(s, "bontang"))
    add(
        "rincian surat (get_detail)",
        TARGET_DETAIL,
        lambda s: surat_masuk.get_detail(s, sample),
    )
    add("pohon disposisi (tree)", TARGET_DETAIL, lambda s: disposisi.tree(s, sample))
    figures.append(_register_once(store, today))
    return figures, paging


def paging_memory(store: Store) -> float:
    """Peak MiB Python allocates while paging 50 pages of 100 (tracemalloc)."""
    tracemalloc.start()
    try:
        with store.read() as session:
            _pages(session, "agenda", 50)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1_048_576


def explain(store: Store, statement: str, params: Any) -> list[str]:
    """The query plan of a captured statement."""
    with store.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, params or ()).fetchall()
        finally:
            cursor.close()
    return [f"{'  ' * _depth(rows, r)}{r[3]}" for r in rows]


def _depth(rows: list[Any], row: Any) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent in parents:
        depth += 1
        parent = parents[parent]
    return depth


def report(figures: list[Figure], store: Store, rows: int, peak: float) -> None:
    """Print the table, then the plan of every slow query."""
    width = max(len(f.name) for f in figures)
    print(f"Buku agenda surat masuk pada {rows:,} surat (bench_register)")
    print(f"  {'tindakan'.ljust(width)}  {'pertama':>9}  {'median':>9}  {'target':>7}  hasil")
    for f in figures:
        mark = "  LAMBAT" if f.slow else ""
        print(
            f"  {f.name.ljust(width)}  {f.first_ms:8.1f}   {f.median_ms:8.1f}   "
            f"<{f.target_ms:4.0f}   {f.result}{mark}"
        )
    print(f"  memori puncak 50 halaman (tracemalloc): {peak:.1f} MiB")
    slow = [f for f in figures if f.slow and f.sql]
    for f in slow:
        print(f"\nLAMBAT: {f.name}")
        statement, params = max(f.sql, key=lambda item: len(item[0]))
        for line in statement.split("\n"):
            print(f"    {line}")
        print(f"    -- parameter: {params}")
        for line in explain(store, statement, params):
            print(f"    {line}")


def main() -> None:
    """Seed (or reuse) the database, time the register and print the figures."""
    path = cached_database(ROWS)
    store = Store(sqlite_url(path))
    try:
        with store.engine.connect() as conn:
            letters = conn.execute(text("SELECT count(*) FROM surat_masuk")).scalar_one()
        figures, _ = run_figures(store, int(letters))
        peak = paging_memory(store)
        report(figures, store, int(letters), peak)
    finally:
        store.dispose()


if __name__ == "__main__":
    main()
