"""Time the buku agenda surat keluar and its numbering at a million letters.

Seeds (once, cached) a database with ``BENCH_KELUAR_ROWS`` outgoing letters (default 1,000,000)
over ten years, bulk inserted with their ``nomor_surat`` ledger rows (a few thousand open konsep
without a number, cancelled letters whose number is BATAL, numbers reserved and returned or
voided without a letter) and the yearly series set to their last number. Then times, through the
services as the screens call them: the first page and a deep page (keyset) of the agenda, 50
further pages, the counts, the quick search (a common and a rare word), the gap report of one
year, and the rate of signing letters (numbers taken per second by
:func:`kpu_tui.services.surat_keluar.sign`). Each figure is the median of a few runs; one over
its target is marked LAMBAT and its query plan printed. Nothing here asserts.

Run: ``.venv/bin/python -m bench.bench_surat_keluar`` (``make bench`` runs every benchmark).
The seeded database is kept in ``<temp>/kpu-tui-bench/`` (delete it to seed again).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import Session, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Jabatan,
    KeluarStatus,
    KeluarSumber,
    NomorStatus,
    NomorSurat,
    NumberSeries,
    Office,
    Role,
    SuratKeluar,
    Unit,
    User,
)
from kpu_tui.rules.dates import nama_bulan
from kpu_tui.rules.nomor_surat import DEFAULT_FORMAT, KEPUTUSAN_FORMAT, NomorParts, parse_format
from kpu_tui.services import nomor_surat
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor
from kpu_tui.services.demo_surat_keluar import (
    BERITA_ACARA_KELUAR,
    JENIS_KELUAR,
    KEPUTUSAN_KELUAR,
    TUJUAN,
    JenisKeluar,
)
from kpu_tui.services.nomor_surat import SERI_PREFIX
from kpu_tui.services.surat_keluar_read import KeluarFilter
from kpu_tui.services.surat_keluar_views import KonsepForm, TujuanForm
from kpu_tui.store import Store

from .bench_register import Figure, explain, measure
from .seed import CHUNK, WITA, _Insert, _objects, _split, create_database, schema_signature

ROWS = int(os.environ.get("BENCH_KELUAR_ROWS", "1000000"))
CACHE_VERSION = 1
"""Bump when the seeding below changes what it writes (older caches are then ignored)."""
SIGNED = 50
"""Letters signed to measure the numbering rate."""
RARE = "kedaluwarsa"
"""A word in about one perihal in ten thousand (the rare search)."""

TARGET_FIRST_PAGE = 100.0
TARGET_NEXT_PAGE = 50.0
TARGET_COUNT = 300.0
TARGET_SEARCH = 300.0
TARGET_GAPS = 1000.0
TARGET_SIGN_RATE = 10.0
"""Numbers per second, at least."""

PENUTUP = ("", "", "", "", " (susulan)", " (ralat)", " Tahap II", " dan Kelengkapan Dokumen")


# -- seeding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """What :func:`seed_keluar` wrote and how long it took."""

    letters: int
    ledger: int
    seconds_rows: float
    seconds_indexes: float


def _working_days(year: int, until: date) -> list[date]:
    day, out = date(year, 1, 2), []
    while day.year == year and day <= until:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


class _Rows:
    """Rows of ``surat_keluar`` and ``nomor_surat`` in id order, numbers ascending per
    series-year with the dates."""

    def __init__(self, rng: random.Random, office: dict[str, Any], today: date) -> None:
        self.rng = rng
        self.office = office
        self.today = today
        self.kinds = list(JENIS_KELUAR)
        self.weights = [k.bobot for k in JENIS_KELUAR]
        self.formats = {
            "korespondensi": parse_format(DEFAULT_FORMAT),
            "berita_acara": parse_format(DEFAULT_FORMAT),
            "keputusan": parse_format(KEPUTUSAN_FORMAT),
        }
        self.surat_id = 0
        self.nomor_id = 0
        self.last: dict[tuple[str, int], int] = {}

    def kind(self) -> tuple[JenisKeluar, str]:
        roll = self.rng.random()
        if roll < 0.04:
            return KEPUTUSAN_KELUAR, "keputusan"
        if roll < 0.06:
            return BERITA_ACARA_KELUAR, "berita_acara"
        return self.rng.choices(self.kinds, weights=self.weights)[0], "korespondensi"

    def perihal(self, jenis: JenisKeluar, day: date) -> str:
        rng = self.rng
        text_value = rng.choice(jenis.perihal).format(
            bulan=nama_bulan(day.month),
            bulan_lalu=nama_bulan((day.month - 2) % 12 + 1),
            tahun=day.year,
            tahun_lalu=day.year - 1,
            triwulan=("I", "II", "III", "IV")[(day.month - 1) // 3],
            semester="I" if day.month <= 6 else "II",
            periode=f"April {day.year}",
        )
        if rng.random() < 0.0001:
            return f"{text_value} yang Sudah {RARE.capitalize()}"
        return text_value + rng.choice(PENUTUP)

    def take(self, seri: str, year: int) -> int:
        urut = self.last.get((seri, year), 0) + 1
        self.last[(seri, year)] = urut
        return urut

    def ledger_only(self, seri: str, day: date, at: datetime) -> dict[str, Any]:
        returned = self.rng.random() < 0.5
        urut = self.take(seri, day.year)
        self.nomor_id += 1
        parts = NomorParts(
            tahun=day.year,
            bulan=day.month,
            klasifikasi="TU.01",
            jenis="SD",
            kode_wilayah=self.office["kode_wilayah"],
        )
        return {
            "id": self.nomor_id,
            "seri": seri,
            "tahun": day.year,
            "urut": urut,
            "sisipan": "",
            "nomor_teks": self.formats[seri].render(urut, parts),
            "tanggal": day,
            "status": NomorStatus.DIKEMBALIKAN if returned else NomorStatus.BATAL,
            "surat_keluar_id": None,
            "jenis_naskah": "SD",
            "klasifikasi": "TU.01",
            "keperluan": "Surat dari luar aplikasi",
            "untuk_nama": "Kasubbag KUL",
            "oleh_id": self.office["petugas"][0],
            "oleh_nama": self.office["petugas"][1],
            "dibuat_at": at,
            "alasan": "Tidak jadi dipakai." if returned else "Salah ambil.",
            "diubah_at": at + timedelta(hours=2),
        }

    def rows(
        self, per_year: dict[int, int]
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        rng = self.rng
        for year, count in sorted(per_year.items()):
            days = _working_days(year, self.today)
            for index in range(count):
                day = days[index * len(days) // count]
                share = (index * len(days)) % count / count
                local = datetime(day.year, day.month, day.day, 8) + timedelta(
                    seconds=int(share * 27_000)
                )
                at = local.replace(tzinfo=UTC) - WITA
                jenis, seri = self.kind()
                age = (self.today - day).days
                open_ = age < 4 and rng.random() < 0.6
                if not open_ and rng.random() < 0.001:
                    yield {}, self.ledger_only(seri, day, at)
                yield self.letter(jenis, seri, day, at, age, open_)

    def letter(
        self, jenis: JenisKeluar, seri: str, day: date, at: datetime, age: int, open_: bool
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        rng, office = self.rng, self.office
        self.surat_id += 1
        names = jenis.tujuan
        if jenis.pilih:
            names = tuple(rng.sample(names, min(jenis.pilih, len(names))))
        tujuan = "; ".join(TUJUAN[n][0] for n in names)[:300]
        signer = jenis.penandatangan
        roll = rng.random()
        if open_:
            status = rng.choice(
                (KeluarStatus.KONSEP, KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN)
            )
        elif roll < 0.003:
            status = KeluarStatus.BATAL
        elif age < 30:
            status = KeluarStatus.TERBIT if roll < 0.2 else KeluarStatus.DIKIRIM
        else:
            status = KeluarStatus.SELESAI if roll < 0.96 else KeluarStatus.DIKIRIM
        klasifikasi = jenis.klasifikasi or None
        surat: dict[str, Any] = {
            "id": self.surat_id,
            "status": status,
            "sumber": KeluarSumber.IMPOR if age > 365 else KeluarSumber.APLIKASI,
            "perihal": self.perihal(jenis, day),
            "jenis_naskah": jenis.jenis,
            "klasifikasi": klasifikasi,
            "sifat": rng.choice(jenis.sifat),
            "lampiran": rng.choice(jenis.lampiran),
            "tujuan_ringkas": tujuan,
            "penandatangan_jabatan_id": office["jabatan"][signer],
            "penandatangan_jabatan": office["jabatan_nama"][signer],
            "penandatangan_nama": office["pemegang"][signer],
            "pengolah_unit_id": office["unit"][jenis.pengolah],
            "pengolah_nama": office["unit_nama"][jenis.pengolah],
            "arahan": "",
            "surat_masuk_id": None,
            "disposisi_penerima_id": None,
            "keterangan": "",
            "rencana_paraf": "",
            "putaran": 1,
            "tahun": None,
            "nomor_id": None,
            "nomor_urut": None,
            "nomor_surat": "",
            "tanggal_surat": None,
            "ditandatangani_at": None,
            "run_id": None,
            "konseptor_id": office["petugas"][0],
            "konseptor_nama": office["petugas"][1],
            "dibuat_at": at,
            "alasan_batal": "Salah tujuan." if status == KeluarStatus.BATAL else "",
            "dibatalkan_at": at + timedelta(days=1) if status == KeluarStatus.BATAL else None,
        }
        if open_:
            return surat, None
        urut = self.take(seri, day.year)
        self.nomor_id += 1
        parts = NomorParts(
            tahun=day.year,
            bulan=day.month,
            klasifikasi=klasifikasi or "",
            jenis=jenis.jenis,
            kode_wilayah=office["kode_wilayah"],
        )
        teks = self.formats[seri].render(urut, parts)
        signed_at = at + timedelta(hours=3)
        surat.update(
            tahun=day.year,
            nomor_id=self.nomor_id,
            nomor_urut=urut,
            nomor_surat=teks,
            tanggal_surat=day,
            ditandatangani_at=signed_at,
        )
        nomor = {
            "id": self.nomor_id,
            "seri": seri,
            "tahun": day.year,
            "urut": urut,
            "sisipan": "",
            "nomor_teks": teks,
            "tanggal": day,
            "status": NomorStatus.BATAL if status == KeluarStatus.BATAL else NomorStatus.TERPAKAI,
            "surat_keluar_id": self.surat_id,
            "jenis_naskah": jenis.jenis,
            "klasifikasi": klasifikasi,
            "keperluan": "",
            "untuk_nama": "",
            "oleh_id": office["petugas"][0],
            "oleh_nama": office["petugas"][1],
            "dibuat_at": signed_at,
            "alasan": "Salah tujuan." if status == KeluarStatus.BATAL else "",
            "diubah_at": None,
        }
        return surat, nomor


def _office(store: Store) -> dict[str, Any]:
    with store.read() as session:
        jabatan = {j.kode: j for j in session.exec(select(Jabatan)).all()}
        units = {u.kode: u for u in session.exec(select(Unit)).all()}
        petugas = session.exec(select(User).where(User.username == "petugas")).one()
        office = session.exec(select(Office)).one()
        return {
            "jabatan": {k: j.id for k, j in jabatan.items()},
            "pemegang": {k: j.pemegang_nama for k, j in jabatan.items()},
            "jabatan_nama": {k: j.nama for k, j in jabatan.items()},
            "unit": {k: u.id for k, u in units.items()},
            "unit_nama": {k: u.nama for k, u in units.items()},
            "petugas": (petugas.id, petugas.nama),
            "kode_wilayah": office.kode_wilayah,
        }


def seed_keluar(
    store: Store, n: int, *, today: date | None = None, progress: bool = False
) -> Seeded:
    """Add ``n`` surat keluar (and their ledger) to ``store`` (its office set up, no letters),
    over the ten years up to ``today``; indexes and the FTS index are built once at the end."""
    today = today or (datetime.now(UTC) + WITA).date() - timedelta(days=1)
    per_year = _split(n, (today.year - 9, today.year), today)
    rows = _Rows(random.Random(913), _office(store), today)
    surat_table = SuratKeluar.__table__  # type: ignore[attr-defined]
    nomor_table = NomorSurat.__table__  # type: ignore[attr-defined]
    started = time.perf_counter()
    letters = ledger = 0
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -262144")
        conn.commit()
        dropped: list[tuple[str, str]] = []
        with conn.begin():
            for table in ("surat_keluar", "nomor_surat"):
                objects = _objects(conn, table, ("trigger",)) + _objects(conn, table, ("index",))
                for name, sql in objects:
                    kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
                    conn.exec_driver_sql(f'DROP {kind} "{name}"')
                dropped += objects
        insert_surat, insert_nomor = _Insert(conn, surat_table), _Insert(conn, nomor_table)
        surat_chunk: list[dict[str, Any]] = []
        nomor_chunk: list[dict[str, Any]] = []

        def flush() -> None:
            nonlocal letters, ledger
            with conn.begin():
                if surat_chunk:
                    insert_surat(surat_chunk)
                if nomor_chunk:
                    insert_nomor(nomor_chunk)
            letters += len(surat_chunk)
            ledger += len(nomor_chunk)
            surat_chunk.clear()
            nomor_chunk.clear()
            if progress:
                print(f"\r  {letters:,} / {n:,} surat keluar", end="", flush=True)

        for surat, nomor in rows.rows(per_year):
            if surat:
                surat_chunk.append(surat)
            if nomor is not None:
                nomor_chunk.append(nomor)
            if len(surat_chunk) >= CHUNK:
                flush()
        flush()
        if progress:
            print()
        rows_done = time.perf_counter()
        with conn.begin():
            for _, sql in dropped:
                if not sql.upper().startswith("CREATE TRIGGER"):
                    conn.exec_driver_sql(sql)
            conn.exec_driver_sql("INSERT INTO surat_keluar_fts(surat_keluar_fts) VALUES('rebuild')")
            for _, sql in dropped:
                if sql.upper().startswith("CREATE TRIGGER"):
                    conn.exec_driver_sql(sql)
            for (seri, year), last in rows.last.items():
                _set_series(conn, SERI_PREFIX + seri, year, last)
        indexes_done = time.perf_counter()
    return Seeded(letters, ledger, rows_done - started, indexes_done - rows_done)


def _set_series(conn: Connection, seri: str, year: int, last: int) -> None:
    table = NumberSeries.__table__  # type: ignore[attr-defined]
    conn.execute(table.insert(), {"seri": seri, "tahun": year, "terakhir": last})


def cached_database(rows: int = ROWS) -> Path:
    """The seeded database for ``rows`` letters, built on first use and then reused."""
    folder = Path(tempfile.gettempdir()) / "kpu-tui-bench" / f"surat-keluar-{rows}-v{CACHE_VERSION}"
    path = folder / "kpu.sqlite3"
    marker = folder / "lengkap.txt"
    if path.exists() and marker.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("kpu.sqlite3*"):
        stale.unlink()
    print(f"Menyiapkan basis data {rows:,} surat keluar di {path} (sekali saja) ...")
    started = time.perf_counter()
    store = create_database(path)
    reference = schema_signature(store)
    try:
        result = seed_keluar(store, rows, progress=True)
        same_schema = schema_signature(store) == reference
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()
    if not same_schema:
        raise RuntimeError("seed_keluar left a schema different from the migrations'")
    print(
        f"  {result.letters:,} surat, {result.ledger:,} nomor dalam "
        f"{time.perf_counter() - started:.0f} s (baris {result.seconds_rows:.0f} s, indeks dan "
        f"FTS {result.seconds_indexes:.0f} s); {path.stat().st_size / 1_048_576:,.0f} MiB"
    )
    marker.write_text(f"{result}\n", encoding="utf-8")
    return path


# -- figures ---------------------------------------------------------------------------------


def _petugas(session: Session) -> Actor:
    user = session.exec(select(User).where(User.username == "petugas")).one()
    assert user.id is not None
    return Actor(user.id, user.nama, frozenset({Role.PETUGAS}))


def _pages(session: Session, pages: int) -> list[float]:
    rows = skr.list_surat(session, limit=100)
    out = []
    for _ in range(pages):
        started = time.perf_counter()
        rows = skr.list_surat(session, after=skr.cursor_of(rows[-1]), limit=100)
        out.append((time.perf_counter() - started) * 1000)
    return out


def sign_rate(store: Store) -> tuple[Figure, float]:
    """Sign ``SIGNED`` letters (each drafted and submitted first, untimed) in one transaction
    that is rolled back, so the cache stays as seeded; the commit (one WAL write) does not
    depend on the size. Returns the per-signature figure and the numbers per second."""
    with store.read() as session:
        actor = _petugas(session)
        sekretaris = session.exec(select(Jabatan.id).where(Jabatan.kode == "SEKRETARIS")).one()
    form = KonsepForm(
        perihal="Penyampaian Rekapitulasi Daftar Pemilih Berkelanjutan (bench)",
        jenis_naskah="SD",
        klasifikasi="PL.01.2",
        tujuan=(TujuanForm("Ketua KPU Provinsi Kalimantan Timur"),),
        penandatangan_jabatan_id=sekretaris,
    )
    times: list[float] = []
    nomor = ""
    with Session(store.engine) as session:
        for _ in range(SIGNED):
            row = sk.create(session, actor=actor, form=form)
            sk.submit(session, actor=actor, surat_id=row.id)
            started = time.perf_counter()
            signed = sk.sign(session, actor=actor, surat_id=row.id)
            session.flush()
            times.append(time.perf_counter() - started)
            nomor = signed.nomor_surat
        session.rollback()
    total = sum(times)
    rate = SIGNED / total if total else float("inf")
    figure = Figure(
        f"tanda tangan + nomor ({SIGNED} surat, satu per satu)",
        times[0] * 1000,
        statistics.median(times) * 1000,
        1000.0 / TARGET_SIGN_RATE,
        f"{rate:,.1f} nomor/detik; terakhir {nomor}",
    )
    return figure, rate


def run_figures(store: Store, letters: int) -> tuple[list[Figure], float]:
    """Every figure of the register and the ledger, and the signing rate."""
    figures: list[Figure] = []

    def add(name: str, target: float, action: Callable[[Session], object]) -> None:
        figures.append(measure(store, name, target, action))

    with store.read() as session:
        tahun = skr.years(session)[0]
    add("halaman pertama agenda", TARGET_FIRST_PAGE, lambda s: skr.list_surat(s, limit=100))
    with store.read() as session:
        times = _pages(session, 50)
    figures.append(
        Figure(
            f"50 halaman berikut (median; maks {max(times):.1f} ms)",
            times[0],
            statistics.median(times),
            TARGET_NEXT_PAGE,
            f"{sum(times):.0f} ms total",
        )
    )
    depth = int(letters * 0.8)
    with store.engine.connect() as conn:
        deep = conn.execute(
            text(
                "SELECT tahun, nomor_urut, id FROM surat_keluar WHERE nomor_id IS NOT NULL "
                "ORDER BY tahun DESC, nomor_urut DESC, id DESC LIMIT 1 OFFSET :o"
            ),
            {"o": depth},
        ).one()
    cursor = (deep[0], deep[1], deep[2])
    add(
        f"halaman jauh (setelah {depth:,} baris, keyset)",
        TARGET_NEXT_PAGE,
        lambda s: skr.list_surat(s, after=cursor, limit=100),
    )
    for name, flt in (
        ("hitung agenda", KeluarFilter()),
        ("hitung semua (agenda dan konsep)", KeluarFilter(tampilan="semua")),
        (f"hitung agenda tahun {tahun}", KeluarFilter(tahun=tahun)),
        ("hitung status dikirim", KeluarFilter(status=(KeluarStatus.DIKIRIM,))),
        ("hitung konsep", KeluarFilter(tampilan="konsep")),
    ):
        add(name, TARGET_COUNT, lambda s, f=flt: skr.count_surat(s, f))  # type: ignore[misc]
    for label, teks in (("kata umum 'pemilih'", "pemilih"), (f"kata jarang '{RARE}'", RARE)):
        flt = KeluarFilter(teks=teks)
        add(
            f"cari {label}: halaman pertama",
            TARGET_SEARCH,
            lambda s, f=flt: skr.list_surat(s, f, limit=100),  # type: ignore[misc]
        )
        add(
            f"cari {label}: jumlah",
            TARGET_SEARCH,
            lambda s, f=flt: skr.count_surat(s, f),  # type: ignore[misc]
        )
    gap_year = tahun - 1
    add(
        f"laporan celah nomor tahun {gap_year}",
        TARGET_GAPS,
        lambda s: nomor_surat.gaps(s, tahun=gap_year),
    )
    add(
        f"buku nomor tahun {gap_year}: halaman pertama",
        TARGET_FIRST_PAGE,
        lambda s: nomor_surat.list_nomor(s, nomor_surat.NomorFilter(tahun=gap_year), limit=100),
    )
    figure, rate = sign_rate(store)
    figures.append(figure)
    return figures, rate


def report(figures: list[Figure], store: Store, letters: int, rate: float) -> None:
    """Print the table, then the plan of every slow query."""
    width = max(len(f.name) for f in figures)
    print(f"Buku agenda dan nomor surat keluar pada {letters:,} surat (bench_surat_keluar)")
    print(f"  {'tindakan'.ljust(width)}  {'pertama':>9}  {'median':>9}  {'target':>7}  hasil")
    for f in figures:
        mark = "  LAMBAT" if f.slow else ""
        print(
            f"  {f.name.ljust(width)}  {f.first_ms:8.1f}   {f.median_ms:8.1f}   "
            f"<{f.target_ms:4.0f}   {f.result}{mark}"
        )
    mark = "" if rate >= TARGET_SIGN_RATE else "  LAMBAT"
    print(f"  laju penomoran: {rate:,.1f} nomor/detik (target >= {TARGET_SIGN_RATE:.0f}){mark}")
    for f in (f for f in figures if f.slow and f.sql):
        print(f"\nLAMBAT: {f.name}")
        statement, params = max(f.sql, key=lambda item: len(item[0]))
        for line in statement.split("\n"):
            print(f"    {line}")
        print(f"    -- parameter: {params}")
        for line in explain(store, statement, params):
            print(f"    {line}")


def main() -> None:
    """Seed (or reuse) the database, time the register and the numbering, print the figures."""
    path = cached_database(ROWS)
    store = Store(sqlite_url(path))
    try:
        with store.engine.connect() as conn:
            letters = conn.execute(text("SELECT count(*) FROM surat_keluar")).scalar_one()
        figures, rate = run_figures(store, int(letters))
        report(figures, store, int(letters), rate)
    finally:
        store.dispose()


if __name__ == "__main__":
    main()
