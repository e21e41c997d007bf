"""Fill a database with many surat masuk, fast, for the benchmarks.

:func:`create_database` makes a migrated database with the demo office (no demo records);
:func:`seed_letters` then adds ``n`` letters spread over working days of ``tahun_range`` with
bulk INSERTs (plain dicts turned into tuples by the dialect's bind processors, one
``executemany`` and one transaction per chunk of 20,000 rows). The text is varied the way a
real register is (the demo's senders, number formats and perihal, plus generated citizens'
names) so that the quick search has something to find. Numbers are gap-free per year and
``number_series`` ends at the last number; statuses follow age (recent letters open, old ones
finished, a few overdue); the newest share of the letters carries real disposisi rows (hop and
recipients), older finished ones only their status, as an imported register would.

The FTS index: the triggers of migration 0003 are dropped while inserting and the index is
rebuilt once at the end (``INSERT INTO surat_masuk_fts(surat_masuk_fts) VALUES('rebuild')``),
then the triggers are created again from their own stored SQL, so the schema ends identical to
what the migration creates (:func:`schema_signature` lets a caller check). The secondary indexes
of ``surat_masuk`` are handled the same way (dropped, rows inserted in id order, re-created from
their stored SQL): building a B-tree once from sorted keys is several times faster than a
million random inserts.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlmodel import select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    HopStatus,
    Jabatan,
    NumberSeries,
    Office,
    PenerimaStatus,
    SuratMasuk,
    SuratStatus,
    User,
)
from kpu_tui.rules.dates import nama_bulan
from kpu_tui.rules.disposisi import fold, fold_nomor
from kpu_tui.rules.numbering import DEFAULT_AGENDA_FORMAT, parse_format
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo import build_demo_office
from kpu_tui.services.demo_surat_masuk import (
    JENIS_SURAT,
    KELURAHAN,
    KODE_JENIS,
    MAHASISWA,
    PENGIRIM,
    PERINGATAN,
    ROMAWI,
    TINDAK_LANJUT,
    JenisSurat,
    Pengirim,
)
from kpu_tui.services.numbering import SERI_AGENDA_MASUK
from kpu_tui.store import Store, ensure_schema

CHUNK = 20_000
WITA = timedelta(hours=8)
"""The demo office is in Bontang (UTC+8): office hours 08.00-15.30 local."""

NAMA_DEPAN = (
    "Ahmad",
    "Muhammad",
    "Siti",
    "Nur",
    "Andi",
    "Budi",
    "Dewi",
    "Rahmat",
    "Yohanes",
    "Maria",
    "I Made",
    "Ni Luh",
    "Agus",
    "Sri",
    "Hendra",
    "Fransiska",
    "Lukas",
    "Rina",
    "Syamsul",
    "Wahyu",
    "Fitri",
    "Yusuf",
    "Theresia",
    "Daeng",
)
NAMA_BELAKANG = (
    "Hidayat",
    "Saputra",
    "Lestari",
    "Rahman",
    "Wijaya",
    "Santoso",
    "Pratama",
    "Kurniawan",
    "Rante Allo",
    "Lawing",
    "Sudarma",
    "Bahri",
    "Mappaseng",
    "Tandi",
    "Ngau",
    "Siregar",
    "Nasution",
    "Hasibuan",
    "Wulandari",
    "Permata",
)
PENUTUP = (
    "",
    "",
    "",
    "",
    " (susulan)",
    " (ralat)",
    " dan Kelengkapan Dokumen",
    " Tahap II",
    " di Lingkungan KPU Kota Bontang",
)
TUJUAN_NAMA = {"KETUA": "Ketua KPU Kabupaten/Kota", "SEKRETARIS": "Sekretaris KPU Kabupaten/Kota"}
SUBBAG = ("KASUBBAG_TPPH", "KASUBBAG_KUL", "KASUBBAG_RDI", "KASUBBAG_PHS")


@dataclass(frozen=True)
class SeedResult:
    """What :func:`seed_letters` wrote and how long it took."""

    letters: int
    disposisi: int
    penerima: int
    per_year: dict[int, int]
    seconds_rows: float
    seconds_indexes: float
    seconds_fts: float

    @property
    def seconds(self) -> float:
        """The whole seeding."""
        return self.seconds_rows + self.seconds_indexes + self.seconds_fts


def create_database(path: Path) -> Store:
    """A migrated database at ``path`` with the demo office (accounts, units, positions and
    reference data; no demo records)."""
    store = Store(sqlite_url(path))
    ensure_schema(store, path.parent / "cadangan")
    with store.write() as session:
        build_demo_office(session, actor=SYSTEM, with_records=False)
    return store


def schema_signature(store: Store) -> list[tuple[str, str, str]]:
    """Every schema object of the database (type, name, SQL), for comparing two databases."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
        ).all()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


# -- what a letter looks like ----------------------------------------------------------------


def _senders(rng: random.Random) -> tuple[list[tuple[JenisSurat, Pengirim]], list[float]]:
    """(kind, sender) pairs with cumulative weights: institutions often, each citizen rarely."""
    pairs: list[tuple[JenisSurat, Pengirim]] = []
    weights: list[float] = []
    citizens = [
        Pengirim(f"{depan} {belakang}", ("-",), 0.0)
        for depan in NAMA_DEPAN
        for belakang in NAMA_BELAKANG
    ]
    for jenis in JENIS_SURAT:
        senders = list(PENGIRIM[jenis.pengirim])
        if jenis.pengirim == "warga":
            senders += citizens
        for pengirim in senders:
            pairs.append((jenis, pengirim))
            weights.append(jenis.bobot / len(senders))
    total = 0.0
    cumulative = []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return pairs, cumulative


def _working_days(year: int, until: date) -> list[date]:
    day = date(year, 1, 2)  # 1 January is a holiday everywhere
    out = []
    while day.year == year and day <= until:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _status(rng: random.Random, age: int) -> SuratStatus:
    roll = rng.random()
    if age < 10:
        table = ((0.40, SuratStatus.BELUM_DISPOSISI), (0.85, SuratStatus.PROSES))
        rest = SuratStatus.SELESAI if roll < 0.95 else SuratStatus.DIARSIPKAN
    elif age < 60:
        table = ((0.22, SuratStatus.PROSES), (0.92, SuratStatus.SELESAI))
        rest = SuratStatus.DIARSIPKAN if roll < 0.98 else SuratStatus.BATAL
    else:
        table = ((0.03, SuratStatus.PROSES), (0.91, SuratStatus.SELESAI))
        rest = SuratStatus.DIARSIPKAN if roll < 0.98 else SuratStatus.BATAL
    for bound, status in table:
        if roll < bound:
            return status
    return rest


class _Letters:
    """Rows of ``surat_masuk`` in id order (dates and numbers ascending per year)."""

    def __init__(
        self,
        rng: random.Random,
        per_year: dict[int, int],
        today: date,
        jabatan: dict[str, int],
        petugas: tuple[int, str],
        first_id: int,
        agenda_format: tuple[str, str],
    ) -> None:
        self.rng = rng
        self.per_year = per_year
        self.today = today
        self.jabatan = jabatan
        self.petugas = petugas
        self.next_id = first_id
        self.cap = datetime.now(UTC) - timedelta(minutes=1)
        """Nothing is dated in the future (a letter received yesterday is not finished in a
        week's time)."""
        self.pairs, self.cumulative = _senders(rng)
        self.counters: dict[tuple[str, int], int] = {}
        template, self.kode_wilayah = agenda_format
        self.folds: dict[str, str] = {}
        self.agenda = parse_format(template)

    def rows(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for year, count in sorted(self.per_year.items()):
            days = _working_days(year, self.today)
            picks = rng.choices(self.pairs, cum_weights=self.cumulative, k=count)
            for urut in range(1, count + 1):
                index = urut - 1
                day = days[index * len(days) // count]
                share = (index * len(days)) % count / count
                local = datetime(day.year, day.month, day.day, 8) + timedelta(
                    seconds=int(share * 27_000)
                )
                yield self.row(year, urut, day, local.replace(tzinfo=UTC) - WITA, *picks[index])

    def folded(self, asal: str) -> str:
        found = self.folds.get(asal)
        if found is None:
            found = self.folds[asal] = fold(asal)
        return found

    def nomor(self, jenis: JenisSurat, pengirim: Pengirim, day: date) -> str:
        pattern = self.rng.choice(pengirim.nomor)
        if pattern == "-":
            return "-"
        key = (pengirim.asal, day.year)
        n = self.counters.get(key, self.rng.randint(1, 40)) + 1 + int(pengirim.laju)
        self.counters[key] = n
        return pattern.format(
            n=n,
            n3=f"{n:03d}",
            klas=jenis.klasifikasi,
            jk=KODE_JENIS.get(jenis.jenis, "SD"),
            mm=f"{day.month:02d}",
            rm=ROMAWI[day.month - 1],
            yyyy=day.year,
        )

    def perihal(self, jenis: JenisSurat, pengirim: Pengirim, day: date) -> str:
        rng = self.rng
        text_value = rng.choice(jenis.perihal)
        if "{" in text_value:
            text_value = text_value.format(
                bulan=nama_bulan(day.month),
                bulan_lalu=f"{nama_bulan((day.month - 2) % 12 + 1)} {day.year}",
                tahun=day.year,
                tahun_lalu=day.year - 1,
                tahun_depan=day.year + 1,
                triwulan=ROMAWI[(day.month - 1) // 3],
                semester="I" if day.month <= 6 else "II",
                periode=f"{'April' if day.month <= 6 else 'Oktober'} {day.year}",
                kelurahan=rng.choice(KELURAHAN),
                mahasiswa=rng.choice(MAHASISWA),
                peringatan=rng.choice(PERINGATAN[day.month]),
                asal=pengirim.asal,
            )
        return text_value + rng.choice(PENUTUP)

    def row(
        self,
        year: int,
        urut: int,
        day: date,
        diterima: datetime,
        jenis: JenisSurat,
        pengirim: Pengirim,
    ) -> dict[str, Any]:
        rng = self.rng
        nomor = self.nomor(jenis, pengirim, day)
        age = (self.today - day).days
        status = _status(rng, age)
        roll = rng.randrange(100)
        derajat = (
            "sangat_segera"
            if roll < jenis.sangat_segera
            else "segera"
            if roll < jenis.sangat_segera + jenis.segera
            else "biasa"
        )
        sifat = rng.choice(jenis.sifat)
        if sifat == "biasa" and roll % 37 == 0:
            sifat = "terbatas"
        surat_id = self.next_id
        self.next_id += 1
        selesai = status in (SuratStatus.SELESAI, SuratStatus.DIARSIPKAN)
        done_at = min(diterima + timedelta(days=1 + roll % 9), self.cap) if selesai else None
        return {
            "id": surat_id,
            "tahun": year,
            "nomor_agenda": urut,
            "agenda_teks": self.agenda.render(urut, year, self.kode_wilayah),
            "tanggal_terima": day,
            "diterima_at": diterima,
            "nomor_surat": nomor,
            "nomor_surat_norm": fold_nomor(nomor),
            "tanggal_surat": day - timedelta(days=roll % 5),
            "asal": pengirim.asal,
            "asal_norm": self.folded(pengirim.asal),
            "perihal": self.perihal(jenis, pengirim, day),
            "lampiran": "" if roll % 3 else "1 (satu) berkas",
            "sifat": sifat,
            "derajat": derajat,
            "klasifikasi": jenis.klasifikasi,
            "jenis_naskah": KODE_JENIS[jenis.jenis] if jenis.jenis else None,
            "tujuan_jabatan_id": self.jabatan[jenis.tujuan],
            "tujuan_nama": TUJUAN_NAMA[jenis.tujuan],
            "keterangan": "",
            "status": status,
            "tenggat": day + timedelta(days=7) if status == SuratStatus.PROSES else None,
            "run_id": None,
            "dicatat_oleh_id": self.petugas[0],
            "dicatat_oleh_nama": self.petugas[1],
            "dicatat_at": diterima,
            "selesai_at": done_at,
            "tindak_lanjut": (
                rng.choice(TINDAK_LANJUT[jenis.aksi]).format(
                    oleh=self.petugas[1], asal=pengirim.asal, balas=f"{urut}/PL.01-SD/6474/{year}"
                )
                if status == SuratStatus.SELESAI
                else ""
            ),
            "alasan_arsip": "Tembusan; untuk diketahui."
            if status == SuratStatus.DIARSIPKAN
            else "",
            "alasan_batal": "Tercatat ganda." if status == SuratStatus.BATAL else "",
            "dibatalkan_at": min(diterima + timedelta(hours=2), self.cap)
            if status == SuratStatus.BATAL
            else None,
            "_subbag": SUBBAG[("TPPH", "KUL", "RDI", "PHS").index(jenis.subbag.split("_")[1])],
            "_tujuan": jenis.tujuan,
        }


# -- disposisi -------------------------------------------------------------------------------


class _Hops:
    """Disposisi rows of a letter: Ketua (or Sekretaris) down to a Kasubbag, the lead
    recipient finished when the letter is selesai, reading it when it is in process."""

    def __init__(self, jabatan: dict[str, int], names: dict[str, str], first_ids: tuple[int, int]):
        self.jabatan = jabatan
        self.names = names
        self.next_hop, self.next_penerima = first_ids
        self.hops: list[dict[str, Any]] = []
        self.penerima: list[dict[str, Any]] = []

    def add(self, letter: dict[str, Any], petugas: str) -> None:
        chain = (
            ["KETUA", "SEKRETARIS", letter["_subbag"]]
            if letter["_tujuan"] == "KETUA"
            else ["SEKRETARIS", letter["_subbag"]]
        )
        done = letter["status"] == SuratStatus.SELESAI
        at: datetime = letter["diterima_at"]
        induk: int | None = None
        for level in range(len(chain) - 1):
            giver, target = chain[level], chain[level + 1]
            at = at + timedelta(hours=2)
            last = level == len(chain) - 2
            hop_id = self.next_hop
            self.next_hop += 1
            self.hops.append(
                {
                    "id": hop_id,
                    "surat_id": letter["id"],
                    "induk_penerima_id": induk,
                    "dari_jabatan_id": self.jabatan[giver],
                    "dari_user_id": None,
                    "dari_nama": self.names[giver],
                    "tanggal": at,
                    "instruksi": "ditindaklanjuti",
                    "catatan": "",
                    "batas_waktu": letter["tanggal_terima"] + timedelta(days=7),
                    "status": HopStatus.AKTIF,
                    "alasan_batal": "",
                    "dicatat_oleh_id": None,
                    "dicatat_oleh_nama": petugas,
                    "dicatat_at": at,
                }
            )
            if not last:
                status = PenerimaStatus.DITERUSKAN
            elif done:
                status = PenerimaStatus.SELESAI
            else:
                status = PenerimaStatus.DIBACA
            induk = self.next_penerima
            self.next_penerima += 1
            self.penerima.append(
                {
                    "id": induk,
                    "disposisi_id": hop_id,
                    "surat_id": letter["id"],
                    "jabatan_id": self.jabatan[target],
                    "unit_id": None,
                    "user_id": None,
                    "nama": self.names[target],
                    "utama": True,
                    "status": status,
                    "dibaca_at": at + timedelta(minutes=30),
                    "selesai_at": letter["selesai_at"]
                    if status == PenerimaStatus.SELESAI
                    else None,
                    "tindak_lanjut": letter["tindak_lanjut"]
                    if status == PenerimaStatus.SELESAI
                    else "",
                    "oleh_nama": self.names[target],
                }
            )

    def take(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        hops, penerima = self.hops, self.penerima
        self.hops, self.penerima = [], []
        return hops, penerima


# -- writing ---------------------------------------------------------------------------------


class _Insert:
    """``executemany`` of plain tuples into ``table``, each value converted by the dialect's
    own bind processor, so the stored text is exactly what the ORM would store (dates, UTC
    instants, enum values) without the per-row cost of compiled Core parameters."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn = conn
        dialect = conn.dialect
        self.columns = [
            (c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in table.columns
        ]
        names = ", ".join(f'"{name}"' for name, _ in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        self.sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'

    def __call__(self, rows: Sequence[dict[str, Any]]) -> None:
        columns = self.columns
        values = [
            tuple(process(row[name]) if process else row[name] for name, process in columns)
            for row in rows
        ]
        self.conn.exec_driver_sql(self.sql, values)  # type: ignore[arg-type]


def _objects(conn: Connection, table: str, kinds: Sequence[str]) -> list[tuple[str, str]]:
    marks = ", ".join(f"'{k}'" for k in kinds)
    rows = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = :t AND type IN "
            f"({marks}) AND sql IS NOT NULL ORDER BY name"
        ),
        {"t": table},
    ).all()
    return [(str(name), str(sql)) for name, sql in rows]


def _split(n: int, tahun_range: tuple[int, int], today: date) -> dict[int, int]:
    first, last = tahun_range
    if first > last or last > today.year:
        raise ValueError(f"tahun_range {tahun_range} must be ascending and not in the future")
    days = {year: len(_working_days(year, today)) for year in range(first, last + 1)}
    total = sum(days.values())
    per_year = {year: n * d // total for year, d in days.items()}
    per_year[last] += n - sum(per_year.values())
    return {year: count for year, count in per_year.items() if count}


def seed_letters(
    store: Store,
    n: int,
    *,
    tahun_range: tuple[int, int] | None = None,
    disposisi_share: float = 0.15,
    seed: int = 2026,
    today: date | None = None,
    rebuild_indexes: bool = True,
    progress: bool = False,
) -> SeedResult:
    """Add ``n`` surat masuk to ``store`` (its office set up, no letters yet), spread over
    the working days of ``tahun_range`` (default: the ten years up to this one) until
    ``today``. The newest ``disposisi_share`` of the letters in process or finished get
    their disposisi rows.

    With ``rebuild_indexes`` False the indexes and the FTS triggers stay in place while
    inserting (to measure what the rebuild saves).
    """
    today = today or (datetime.now(UTC) + WITA).date() - timedelta(days=1)
    tahun_range = tahun_range or (today.year - 9, today.year)
    rng = random.Random(seed)
    per_year = _split(n, tahun_range, today)
    with store.read() as session:
        if session.exec(select(SuratMasuk.id).limit(1)).first() is not None:
            raise ValueError("seed_letters expects a register without letters")
        jabatan = {j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id}
        names = {j.kode: j.nama for j in session.exec(select(Jabatan)).all()}
        petugas_user = session.exec(select(User).where(User.username == "petugas")).first()
        petugas = (petugas_user.id or 0, petugas_user.nama) if petugas_user else (0, "Petugas")
        office = session.exec(select(Office)).first()
        agenda_format = (
            (office.format_agenda or DEFAULT_AGENDA_FORMAT, office.kode_wilayah)
            if office
            else (DEFAULT_AGENDA_FORMAT, "")
        )
    letters = _Letters(rng, per_year, today, jabatan, petugas, 1, agenda_format)
    hops = _Hops(jabatan, names, (1, 1))
    with_hops_from = n - int(n * disposisi_share)
    surat = SuratMasuk.__table__  # type: ignore[attr-defined]
    hop_table = Disposisi.__table__  # type: ignore[attr-defined]
    penerima_table = DisposisiPenerima.__table__  # type: ignore[attr-defined]
    started = time.perf_counter()
    written = hop_count = penerima_count = 0
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB while seeding
        conn.commit()
        with conn.begin():
            indexes = _objects(conn, "surat_masuk", ("index",)) if rebuild_indexes else []
            triggers = _objects(conn, "surat_masuk", ("trigger",)) if rebuild_indexes else []
            for name, _ in triggers:
                conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
            for name, _ in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
        chunk: list[dict[str, Any]] = []
        insert_surat = _Insert(conn, surat)
        insert_hops = _Insert(conn, hop_table)
        insert_penerima = _Insert(conn, penerima_table)

        def flush() -> None:
            nonlocal written, hop_count, penerima_count
            if not chunk:
                return
            new_hops, new_penerima = hops.take()
            with conn.begin():
                insert_surat(chunk)
                if new_hops:
                    insert_hops(new_hops)
                    insert_penerima(new_penerima)
            written += len(chunk)
            hop_count += len(new_hops)
            penerima_count += len(new_penerima)
            chunk.clear()
            if progress:
                print(f"\r  {written:,} / {n:,} surat", end="", flush=True)

        for row in letters.rows():
            if row["id"] > with_hops_from and row["status"] in (
                SuratStatus.PROSES,
                SuratStatus.SELESAI,
            ):
                hops.add(row, petugas[1])
            del row["_subbag"], row["_tujuan"]
            chunk.append(row)
            if len(chunk) >= CHUNK:
                flush()
        flush()
        if progress:
            print()
        rows_done = time.perf_counter()
        with conn.begin():
            for _, sql in indexes:
                conn.exec_driver_sql(sql)
        indexes_done = time.perf_counter()
        with conn.begin():
            if rebuild_indexes:
                conn.exec_driver_sql(
                    "INSERT INTO surat_masuk_fts(surat_masuk_fts) VALUES('rebuild')"
                )
            for _, sql in triggers:
                conn.exec_driver_sql(sql)
            for year, count in per_year.items():
                _set_series(conn, year, count)
        fts_done = time.perf_counter()
    return SeedResult(
        letters=written,
        disposisi=hop_count,
        penerima=penerima_count,
        per_year=per_year,
        seconds_rows=rows_done - started,
        seconds_indexes=indexes_done - rows_done,
        seconds_fts=fts_done - indexes_done,
    )


def _set_series(conn: Connection, year: int, last: int) -> None:
    table = NumberSeries.__table__  # type: ignore[attr-defined]
    found = conn.execute(
        select(NumberSeries.id).where(
            NumberSeries.seri == SERI_AGENDA_MASUK, NumberSeries.tahun == year
        )
    ).first()
    if found is None:
        conn.execute(table.insert(), {"seri": SERI_AGENDA_MASUK, "tahun": year, "terakhir": last})
    else:
        conn.execute(table.update().where(table.c.id == found[0]), {"terakhir": last})
