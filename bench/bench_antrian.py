"""Time the queue (antrian) at a million letters and ten thousand open disposisi.

Starts from the seeded surat masuk database of :mod:`bench.bench_register` (a million letters,
built once and cached), copies it, brings it to the current schema and gives it a million
surat keluar (:func:`bench.bench_surat_keluar.seed_keluar`): the base, cached. A copy of the
base then gets, cached too, the open work the queue reads, through bulk INSERTs in the shapes
the services write (the services would take hours): ``BENCH_ANTRIAN_DISPOSISI`` open disposisi
(default 10,000) spread over the office's positions, persons and units with batas waktu from
two months past to six weeks ahead; the SOP 9.14 run of every open surat masuk; paraf rows and
SOP 9.13 runs for the few hundred open konsep, a few dozen konsep returned for correction; and
a few hundred open SOP runs of other registers.

Then times, through the service as the screens call it, each in a fresh read session: the
queue of the busiest person and of the quietest, the office view (every open item grouped by
person), the dashboard counts, and what became overdue since yesterday's login. Each figure is
the median of a few runs, printed as ``name value unit target``; one over its target is marked
LAMBAT and the plan of its slowest query printed. Nothing here asserts.

Run: ``.venv/bin/python -m bench.bench_antrian`` (``make bench`` runs every benchmark).
The seeded databases are kept in ``<temp>/kpu-tui-bench/`` (delete them to seed again).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import Session, col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    Jabatan,
    ParafStatus,
    PenerimaStatus,
    ProcedureRun,
    RunStatus,
    SuratKeluarParaf,
    SuratMasuk,
    SuratStatus,
    Unit,
    User,
)
from kpu_tui.services import antrian
from kpu_tui.services.procedure import Clock, office_clock
from kpu_tui.sop import engine
from kpu_tui.sop.loader import get_sop
from kpu_tui.store import Store, backup_sqlite_to, ensure_schema

from . import bench_register
from .bench_register import Figure, explain, measure
from .bench_surat_keluar import seed_keluar
from .seed import _Insert, schema_signature

ROWS = bench_register.ROWS
KELUAR_ROWS = int(os.environ.get("BENCH_ANTRIAN_KELUAR", str(ROWS)))
DISPOSISI = int(os.environ.get("BENCH_ANTRIAN_DISPOSISI", "10000"))
RUNS = 300
"""Open SOP runs of other registers."""
RETURNED = 40
"""Konsep returned to their konseptor."""
BASE_VERSION = 2
"""Bump when the base (schema upgrade, surat keluar) changes (older caches are then ignored)."""
CACHE_VERSION = 3
"""Bump when :func:`add_open_work` changes what it writes."""

TARGET_BUSY = 100.0
TARGET_QUIET = 30.0
TARGET_OFFICE = 300.0
TARGET_COUNTS = 100.0
TARGET_NEWLY = 100.0

# Who the open disposisi go to: (kind, kode or username, how many in 10,000).
SPREAD: tuple[tuple[str, str, int], ...] = (
    ("jabatan", "SEKRETARIS", 2500),
    ("jabatan", "KASUBBAG_TPPH", 1500),
    ("jabatan", "KASUBBAG_KUL", 1000),
    ("jabatan", "KASUBBAG_RDI", 800),
    ("jabatan", "KASUBBAG_PHS", 700),
    ("jabatan", "KETUA", 300),
    ("jabatan", "ANGGOTA1", 200),
    ("jabatan", "ANGGOTA2", 200),
    ("jabatan", "ANGGOTA3", 200),
    ("jabatan", "ANGGOTA4", 200),
    ("unit", "SUBBAG_TPPH", 150),
    ("unit", "SUBBAG_KUL", 100),
    ("unit", "SUBBAG_RDI", 100),
    ("unit", "SUBBAG_PHS", 100),
    ("unit", "SEKRETARIAT", 50),
    ("user", "staf", 800),
    ("user", "pengaduan", 400),
    ("user", "upg", 200),
    ("user", "ppid", 200),
    ("user", "wbs", 150),
    ("user", "petugas", 100),
    ("user", "teknis", 40),
    ("user", "admin", 10),
)
"""Weights of the recipients (scaled to ``BENCH_ANTRIAN_DISPOSISI``)."""

SOPS = ("9.3", "9.4", "9.5", "9.6", "9.17", "9.18", "9.20", "9.21", "9.22", "9.22b", "9.22d")
"""SOPs of the open runs (not the surat masuk and surat keluar registers')."""


@dataclass(frozen=True)
class Added:
    """What :func:`add_open_work` wrote."""

    now: datetime
    disposisi: int
    masuk_runs: int
    paraf: int
    keluar_runs: int
    returned: int
    runs: int


def _ids(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f'SELECT coalesce(max(id), 0) FROM "{table}"')).scalar_one())


def _office(session: Session) -> dict[str, dict[str, Any]]:
    jabatan = {j.kode: j for j in session.exec(select(Jabatan)).all()}
    units = {u.kode: u for u in session.exec(select(Unit)).all()}
    users = {u.username: u for u in session.exec(select(User)).all()}
    return {"jabatan": jabatan, "unit": units, "user": users}


def _newest_day(session: Session) -> date:
    """The day the newest surat masuk came in (the seeded register ends there)."""
    newest = session.exec(
        select(col(SuratMasuk.tanggal_terima)).order_by(col(SuratMasuk.id).desc()).limit(1)
    ).first()
    return newest or date.today()


def _bench_now(session: Session, clock: Clock) -> datetime:
    """10.00 office time on the first working day after the newest letter."""
    day = clock.calendar.next_working_day(_newest_day(session))
    return clock.instant(datetime.combine(day, dtime(10, 0)))


def _disposisi_rows(
    rng: random.Random,
    conn: Connection,
    office: dict[str, dict[str, Any]],
    clock: Clock,
    now: datetime,
    n: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``n`` open hops, one recipient each, on letters in process (newest first)."""
    letters = [
        row[0]
        for row in conn.execute(
            text("SELECT id FROM surat_masuk WHERE status = :s ORDER BY id DESC LIMIT :n"),
            {"s": SuratStatus.PROSES.value, "n": n},
        )
    ]
    total = sum(weight for _, _, weight in SPREAD)
    targets: list[tuple[str, Any]] = []
    for kind, name, weight in SPREAD:
        targets += [(kind, office[kind][name])] * max(1, weight * n // total)
    rng.shuffle(targets)
    ketua = office["jabatan"]["KETUA"]
    today = clock.local(now).date()
    hop_id, penerima_id = _ids(conn, "disposisi"), _ids(conn, "disposisi_penerima")
    hops: list[dict[str, Any]] = []
    penerima: list[dict[str, Any]] = []
    for index, surat_id in enumerate(letters[: len(targets)]):
        kind, target = targets[index]
        roll = rng.random()
        if roll < 0.25:
            batas = today - timedelta(days=rng.randint(1, 60))
        elif roll < 0.35:
            batas = today
        elif roll < 0.55:
            batas = today + timedelta(days=rng.randint(1, 4))
        else:
            batas = today + timedelta(days=rng.randint(5, 42))
        given_day = min(batas, today) - timedelta(days=rng.randint(0, 10))
        given = clock.instant(datetime.combine(given_day, dtime(8 + rng.randint(0, 6), 0)))
        hop_id += 1
        penerima_id += 1
        hops.append(
            {
                "id": hop_id,
                "surat_id": surat_id,
                "induk_penerima_id": None,
                "dari_jabatan_id": ketua.id,
                "dari_user_id": None,
                "dari_nama": ketua.nama,
                "tanggal": given,
                "instruksi": "ditindaklanjuti",
                "catatan": "Segera koordinasikan." if index % 3 == 0 else "",
                "batas_waktu": batas,
                "status": HopStatus.AKTIF,
                "alasan_batal": "",
                "dicatat_oleh_id": office["user"]["petugas"].id,
                "dicatat_oleh_nama": office["user"]["petugas"].nama,
                "dicatat_at": given,
            }
        )
        read = rng.random() < 0.4
        penerima.append(
            {
                "id": penerima_id,
                "disposisi_id": hop_id,
                "surat_id": surat_id,
                "jabatan_id": target.id if kind == "jabatan" else None,
                "unit_id": target.id if kind == "unit" else None,
                "user_id": target.id if kind == "user" else None,
                "nama": target.nama,
                "utama": True,
                "status": PenerimaStatus.DIBACA if read else PenerimaStatus.MENUNGGU,
                "dibaca_at": given + timedelta(hours=1) if read else None,
                "selesai_at": None,
                "tindak_lanjut": "",
                "oleh_nama": target.nama if read else "",
            }
        )
    return hops, penerima


def _run(
    run_id: int,
    sop_id: str,
    judul: str,
    subject: tuple[str, str],
    step: int,
    since: datetime,
    clock: Clock,
    started_by: Any,
) -> dict[str, Any]:
    sop = get_sop(sop_id)
    due = engine.due_at(clock.local(since), sop.step(step).waktu, clock.calendar, clock.hours)
    return {
        "id": run_id,
        "sop_id": sop.id,
        "sop_nama": sop.judul_lengkap,
        "judul": judul[:300],
        "subject_type": subject[0],
        "subject_id": subject[1],
        "status": RunStatus.BERJALAN,
        "langkah_kini": step,
        "langkah_sejak": since,
        "tenggat_at": clock.instant(due) if due else None,
        "mulai_at": since - timedelta(hours=1),
        "mulai_oleh_id": started_by.id,
        "mulai_oleh_nama": started_by.nama,
        "selesai_at": None,
        "alasan_batal": "",
    }


def _masuk_runs(
    rng: random.Random, conn: Connection, office: dict[str, dict[str, Any]], clock: Clock
) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """The SOP 9.14 run of every open surat masuk, as registering it starts (the seeded
    register has none): a letter not disposed yet at step 3 (not handed over) or 4 (with the
    pimpinan, 30 minutes), one in process at step 6."""
    rows = conn.execute(
        text(
            "SELECT id, status, agenda_teks, perihal, diterima_at FROM surat_masuk "
            "WHERE status IN ('belum_disposisi', 'proses') ORDER BY id"
        )
    ).all()
    run_id = _ids(conn, "procedure_run")
    petugas = office["user"]["petugas"]
    runs: list[dict[str, Any]] = []
    links: list[tuple[int, int]] = []
    for surat_id, status, agenda, perihal, diterima in rows:
        at = datetime.fromisoformat(diterima).replace(tzinfo=UTC)
        step = (3 if rng.random() < 0.5 else 4) if status == "belum_disposisi" else 6
        run_id += 1
        runs.append(
            _run(
                run_id,
                "9.14",
                f"Surat masuk {agenda}: {perihal}",
                ("surat_masuk", str(surat_id)),
                step,
                at + timedelta(minutes=20),
                clock,
                petugas,
            )
        )
        links.append((surat_id, run_id))
    return runs, links


def _keluar_work(
    rng: random.Random,
    conn: Connection,
    office: dict[str, dict[str, Any]],
    clock: Clock,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[int, int]], int]:
    """Paraf rows for the open konsep in paraf, SOP 9.13 runs for those in paraf, signature
    and dispatch, and a few konsep returned to their konseptor."""
    jabatan = office["jabatan"]
    reviewers = [
        jabatan[k] for k in ("KASUBBAG_TPPH", "KASUBBAG_KUL", "KASUBBAG_RDI", "KASUBBAG_PHS")
    ]
    staf = office["user"]["staf"]
    rows = conn.execute(
        text(
            "SELECT id, status, perihal, dibuat_at, ditandatangani_at FROM surat_keluar "
            "WHERE status IN ('konsep', 'paraf', 'tanda_tangan', 'terbit') ORDER BY id"
        )
    ).all()
    paraf_id, run_id = _ids(conn, "surat_keluar_paraf"), _ids(conn, "procedure_run")
    parafs: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    links: list[tuple[int, int]] = []
    returned = 0
    for surat_id, status, perihal, dibuat, signed in rows:
        dibuat_at = datetime.fromisoformat(dibuat).replace(tzinfo=UTC)
        step = {"paraf": 3, "tanda_tangan": 4, "terbit": 5}.get(status)
        if status == "konsep" and returned < RETURNED:
            returned += 1
            chain = [rng.choice(reviewers)]
            conn.execute(
                text(
                    "UPDATE surat_keluar SET status = 'dikembalikan', konseptor_id = :k, "
                    "konseptor_nama = :n, putaran = 1 WHERE id = :i"
                ),
                {"k": staf.id, "n": staf.nama, "i": surat_id},
            )
            paraf_id += 1
            parafs.append(
                _paraf_row(paraf_id, surat_id, 1, chain[0], ParafStatus.DIKEMBALIKAN, dibuat_at)
            )
            continue
        if step is None:
            continue
        since = dibuat_at + timedelta(hours=1)
        if status in ("paraf", "tanda_tangan"):
            chain = rng.sample(reviewers, rng.randint(1, 3))
            given = len(chain) if status == "tanda_tangan" else rng.randint(0, len(chain) - 1)
            for urutan, reviewer in enumerate(chain, start=1):
                paraf_id += 1
                state = ParafStatus.PARAF if urutan <= given else ParafStatus.MENUNGGU
                parafs.append(_paraf_row(paraf_id, surat_id, urutan, reviewer, state, since))
        else:
            since = datetime.fromisoformat(signed).replace(tzinfo=UTC) if signed else since
        run_id += 1
        runs.append(
            _run(
                run_id,
                "9.13",
                f"Surat keluar: {perihal}",
                ("surat_keluar", str(surat_id)),
                step,
                since,
                clock,
                staf,
            )
        )
        links.append((surat_id, run_id))
    return parafs, runs, links, returned


def _paraf_row(
    row_id: int, surat_id: int, urutan: int, jabatan: Any, status: ParafStatus, at: datetime
) -> dict[str, Any]:
    done = status != ParafStatus.MENUNGGU
    return {
        "id": row_id,
        "surat_id": surat_id,
        "putaran": 1,
        "urutan": urutan,
        "jabatan_id": jabatan.id,
        "jabatan_nama": jabatan.nama,
        "pemegang_nama": jabatan.pemegang_nama,
        "status": status,
        "catatan": "Lengkapi dasar hukum." if status == ParafStatus.DIKEMBALIKAN else "",
        "at": at + timedelta(hours=urutan) if done else None,
        "oleh_id": jabatan.user_id if done else None,
        "oleh_nama": jabatan.pemegang_nama if done else "",
    }


def _other_runs(
    rng: random.Random,
    first_id: int,
    clock: Clock,
    now: datetime,
    office: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    runs = []
    admin = office["user"]["admin"]
    for index in range(RUNS):
        sop_id = SOPS[index % len(SOPS)]
        steps = [step.no for step in get_sop(sop_id).langkah]
        since = now - timedelta(minutes=rng.randint(10, 60 * 24 * 20))
        runs.append(
            _run(
                first_id + index + 1,
                sop_id,
                f"Perkara bench nomor {index + 1}",
                ("", ""),
                rng.choice(steps),
                since,
                clock,
                admin,
            )
        )
    return runs


def add_open_work(store: Store, disposisi: int = DISPOSISI, seed: int = 7) -> Added:
    """Add the open work the queue reads (see the module docstring)."""
    rng = random.Random(seed)
    with store.read() as session:
        clock = office_clock(session)
        office = _office(session)
        now = _bench_now(session, clock)
    hop_table = Disposisi.__table__  # type: ignore[attr-defined]
    penerima_table = DisposisiPenerima.__table__  # type: ignore[attr-defined]
    paraf_table = SuratKeluarParaf.__table__  # type: ignore[attr-defined]
    run_table = ProcedureRun.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as conn, conn.begin():
        hops, penerima = _disposisi_rows(rng, conn, office, clock, now, disposisi)
        _Insert(conn, hop_table)(hops)
        _Insert(conn, penerima_table)(penerima)
        masuk_runs, masuk_links = _masuk_runs(rng, conn, office, clock)
        _Insert(conn, run_table)(masuk_runs)
        conn.exec_driver_sql(
            "UPDATE surat_masuk SET run_id = ? WHERE id = ?", [(r, m) for m, r in masuk_links]
        )
        parafs, keluar_runs, links, returned = _keluar_work(rng, conn, office, clock)
        _Insert(conn, paraf_table)(parafs)
        _Insert(conn, run_table)(keluar_runs)
        conn.exec_driver_sql(
            "UPDATE surat_keluar SET run_id = ? WHERE id = ?", [(r, s) for s, r in links]
        )
        others = _other_runs(rng, _ids(conn, "procedure_run"), clock, now, office)
        _Insert(conn, run_table)(others)
    return Added(
        now,
        len(penerima),
        len(masuk_runs),
        len(parafs),
        len(keluar_runs),
        returned,
        len(others),
    )


def _folder(name: str) -> Path:
    return Path(tempfile.gettempdir()) / "kpu-tui-bench" / name


def base_database() -> Path:
    """The cached surat masuk database copied, brought to the current schema and given its
    million surat keluar (built once; the open work is added to a copy of it)."""
    folder = _folder(f"antrian-dasar-{ROWS}-{KELUAR_ROWS}-v{BASE_VERSION}")
    path, marker = folder / "kpu.sqlite3", folder / "lengkap.txt"
    if path.exists() and marker.exists():
        return path
    source = bench_register.cached_database(ROWS)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("kpu.sqlite3*"):
        stale.unlink()
    print(f"Menyiapkan basis data dasar antrian di {path} (sekali saja) ...")
    started = time.perf_counter()
    backup_sqlite_to(source, path)
    store = Store(sqlite_url(path))
    try:
        ensure_schema(store, None)
        reference = schema_signature(store)
        with store.read() as session:
            newest = _newest_day(session)
        if KELUAR_ROWS:
            seed_keluar(store, KELUAR_ROWS, today=newest, progress=True)
        same_schema = schema_signature(store) == reference
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()
    if not same_schema:
        raise RuntimeError("seed_keluar left a schema different from the migrations'")
    print(
        f"  {KELUAR_ROWS:,} surat keluar dalam {time.perf_counter() - started:.0f} s; "
        f"{path.stat().st_size / 1_048_576:,.0f} MiB"
    )
    marker.write_text("lengkap\n", encoding="utf-8")
    return path


def cached_database() -> tuple[Path, datetime]:
    """The queue's database (a copy of :func:`base_database` with the open work added, built
    on first use, then reused) and the instant its figures are taken at."""
    folder = _folder(f"antrian-{ROWS}-{KELUAR_ROWS}-{DISPOSISI}-v{CACHE_VERSION}")
    path, marker = folder / "kpu.sqlite3", folder / "lengkap.txt"
    if path.exists() and marker.exists():
        return path, datetime.fromisoformat(marker.read_text(encoding="utf-8").split()[0])
    source = base_database()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("kpu.sqlite3*"):
        stale.unlink()
    print(f"Menambahkan pekerjaan terbuka di {path} (sekali saja) ...")
    started = time.perf_counter()
    backup_sqlite_to(source, path)
    store = Store(sqlite_url(path))
    try:
        added = add_open_work(store)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()
    print(
        f"  {added.disposisi:,} disposisi terbuka, {added.masuk_runs:,} proses surat masuk, "
        f"{added.paraf:,} paraf, {added.keluar_runs:,} proses surat keluar, {added.returned} "
        f"konsep dikembalikan, {added.runs} proses SOP lain; "
        f"{time.perf_counter() - started:.0f} s"
    )
    marker.write_text(f"{added.now.isoformat()} {added}\n", encoding="utf-8")
    return path, added.now


# -- figures ---------------------------------------------------------------------------------


def _people(store: Store, now: datetime) -> tuple[tuple[int, str, int], tuple[int, str, int]]:
    """The busiest and the quietest active user: (id, name, items in their queue)."""
    sizes = []
    with store.read() as session:
        users = session.exec(select(User.id, User.nama).where(col(User.aktif).is_(True))).all()
        for user_id, nama in users:
            assert user_id is not None
            sizes.append((len(antrian.my_items(session, user_id, now=now)), user_id, nama))
    sizes.sort()
    quiet, busy = sizes[0], sizes[-1]
    return (busy[1], busy[2], busy[0]), (quiet[1], quiet[2], quiet[0])


def run_figures(store: Store, now: datetime) -> list[Figure]:
    """Every figure of the queue."""
    busy, quiet = _people(store, now)
    figures: list[Figure] = []

    def add(name: str, target: float, action: Callable[[Session], object], note: str = "") -> None:
        figure = measure(store, name, target, action)
        figure.result = "; ".join(part for part in (figure.result, note) if part)
        figures.append(figure)

    add(
        "my_items orang tersibuk",
        TARGET_BUSY,
        lambda s: antrian.my_items(s, busy[0], now=now),
        busy[1],
    )
    add(
        "my_items orang tersepi",
        TARGET_QUIET,
        lambda s: antrian.my_items(s, quiet[0], now=now),
        quiet[1],
    )
    add("per_orang seluruh kantor", TARGET_OFFICE, lambda s: antrian.per_orang(s, now=now))
    with store.read() as session:
        counts = antrian.hitungan(session, now=now)
    add(
        "hitungan (dasbor)",
        TARGET_COUNTS,
        lambda s: antrian.hitungan(s, now=now),
        f"{counts.disposisi_baru + counts.disposisi_dibaca:,} disposisi terbuka, "
        f"{counts.terlambat:,} terlambat",
    )
    since = now - timedelta(days=1)
    add(
        "newly_overdue orang tersibuk",
        TARGET_NEWLY,
        lambda s: antrian.newly_overdue(s, busy[0], since=since, now=now),
        "sejak kemarin",
    )
    return figures


def report(figures: list[Figure], store: Store, now: datetime) -> None:
    """Print one ``name value unit target`` line per figure, then the plan of every slow
    query."""
    with store.engine.connect() as conn:
        masuk = conn.execute(text("SELECT count(*) FROM surat_masuk")).scalar_one()
        keluar = conn.execute(text("SELECT count(*) FROM surat_keluar")).scalar_one()
        terbuka = conn.execute(
            text("SELECT count(*) FROM disposisi_penerima WHERE status IN ('menunggu', 'dibaca')")
        ).scalar_one()
    print(
        f"Antrian pada {masuk:,} surat masuk, {keluar:,} surat keluar dan {terbuka:,} disposisi "
        f"terbuka, pukul {now.isoformat()} (bench_antrian; beban mesin "
        f"{os.getloadavg()[0]:.1f})"
    )
    width = max(len(f.name) for f in figures)
    for f in figures:
        mark = "  LAMBAT" if f.slow else ""
        print(
            f"  {f.name.ljust(width)}  {f.median_ms:8.1f} ms  <= {f.target_ms:4.0f} ms   "
            f"(pertama {f.first_ms:.1f} ms; {f.result}){mark}"
        )
    for f in (f for f in figures if f.slow and f.sql):
        print(f"\nLAMBAT: {f.name}")
        statement, params = max(f.sql, key=lambda item: len(item[0]))
        for line in statement.split("\n"):
            print(f"    {line}")
        print(f"    -- parameter: {params}")
        for line in explain(store, statement, params):
            print(f"    {line}")


def main() -> None:
    """Seed (or reuse) the database, time the queue, print the figures."""
    path, now = cached_database()
    store = Store(sqlite_url(path))
    try:
        report(run_figures(store, now), store, now)
    finally:
        store.dispose()


if __name__ == "__main__":
    main()
