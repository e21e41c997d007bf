"""Time the buku agenda surat masuk print for a year of 10,000 letters.

Builds a throw-away database (the demo office, then 10,000 letters inserted in one transaction,
every fifth with a disposisi, some filed without one, some cancelled), then loads and renders
the whole year with ``printing.agenda_masuk`` and prints rows, pages, seconds and the peak
memory Python allocated (tracemalloc; measured in a second run, as tracing slows the code).

Run: ``.venv/bin/python -m bench.bench_print_agenda`` (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from kpu_tui.config import sqlite_url
from kpu_tui.models import (
    Disposisi,
    DisposisiPenerima,
    Jabatan,
    SuratMasuk,
    SuratStatus,
)
from kpu_tui.rules.disposisi import fold, fold_nomor
from kpu_tui.services.actor import SYSTEM
from kpu_tui.services.demo import build_demo_office
from kpu_tui.store import Store, ensure_schema

LETTERS = 10_000
YEAR = 2026
SENDERS = (
    "Bawaslu Kota Bontang",
    "Pemerintah Kota Bontang",
    "KPU Provinsi Kalimantan Timur",
    "Sekretariat Jenderal KPU RI",
    "DPRD Kota Bontang",
    "Kepolisian Resor Bontang",
    "Dinas Kependudukan dan Pencatatan Sipil Kota Bontang",
    "Partai Łukasz Ñoño Sejahtera",
)
SUBJECTS = (
    "Undangan rapat koordinasi",
    "Permohonan data pemilih berkelanjutan semester I",
    "Penyampaian laporan pertanggungjawaban penggunaan dana hibah pemilihan serentak",
    "Surat edaran tentang tata cara pengelolaan arsip dinamis dan penyusutan arsip di "
    "lingkungan Komisi Pemilihan Umum provinsi dan kabupaten/kota",
    "Pemberitahuan",
)
KLASIFIKASI = (None, "PL.01", "HM.02", "KU.01", "PY.01")


@dataclass(frozen=True)
class Result:
    """The figures of one run."""

    rows: int
    pages: int
    load_seconds: float
    render_seconds: float
    size_bytes: int


def build_database(path: Path, letters: int = LETTERS, seed: int = 14) -> Store:
    """The demo office with ``letters`` letters received over one year."""
    store = Store(sqlite_url(path))
    ensure_schema(store, path.parent / "cadangan")
    rng = random.Random(seed)
    with store.write() as session:
        build_demo_office(session, actor=SYSTEM, with_records=False)
    with store.write() as session:
        jabatan = {j.kode: j for j in session.exec(select(Jabatan)).all()}
        start = date(YEAR, 1, 2)
        rows = []
        for urut in range(1, letters + 1):
            terima = start + timedelta(days=(urut * 360) // letters)
            asal = rng.choice(SENDERS)
            nomor = f"{rng.randint(1, 999):03d}/PL.01-Und/{rng.randint(1000, 9999)}/{YEAR}"
            status = SuratStatus.BELUM_DISPOSISI
            if urut % 97 == 0:
                status = SuratStatus.BATAL
            elif urut % 13 == 0:
                status = SuratStatus.DIARSIPKAN
            elif urut % 5 == 0:
                status = SuratStatus.PROSES
            rows.append(
                SuratMasuk(
                    tahun=YEAR,
                    nomor_agenda=urut,
                    agenda_teks=f"{urut:04d}/{YEAR}",
                    tanggal_terima=terima,
                    diterima_at=datetime(terima.year, terima.month, terima.day, 1, 30, tzinfo=UTC),
                    nomor_surat=nomor,
                    nomor_surat_norm=fold_nomor(nomor),
                    tanggal_surat=terima - timedelta(days=rng.randint(0, 6)),
                    asal=asal,
                    asal_norm=fold(asal),
                    perihal=rng.choice(SUBJECTS),
                    lampiran=rng.choice(("", "", "1 berkas", "2 lembar")),
                    sifat=rng.choice(("biasa", "biasa", "biasa", "terbatas", "rahasia")),
                    derajat=rng.choice(("biasa", "segera", "sangat_segera")),
                    klasifikasi=rng.choice(KLASIFIKASI),
                    status=status,
                    tenggat=terima + timedelta(days=3) if status == SuratStatus.PROSES else None,
                    dicatat_oleh_nama="Sekar Ayu Lestari",
                    alasan_arsip="Tembusan, cukup diketahui" if status == "diarsipkan" else "",
                    alasan_batal="Salah catat, surat ganda" if status == "batal" else "",
                )
            )
        session.add_all(rows)
        session.flush()
        ketua = jabatan["KETUA"]
        targets = [jabatan[k] for k in ("SEKRETARIS", "KASUBBAG_TPPH", "KASUBBAG_KUL")]
        hops = []
        for surat in rows:
            if surat.status == SuratStatus.PROSES:
                assert surat.id is not None
                hops.append(
                    (
                        surat,
                        Disposisi(
                            surat_id=surat.id,
                            dari_jabatan_id=ketua.id,
                            dari_nama=ketua.nama,
                            tanggal=surat.diterima_at + timedelta(hours=1),
                            instruksi="ditindaklanjuti",
                            batas_waktu=surat.tenggat,
                            dicatat_oleh_nama="Sekar Ayu Lestari",
                        ),
                    )
                )
        session.add_all([hop for _, hop in hops])
        session.flush()
        penerima = []
        for surat, hop in hops:
            assert hop.id is not None and surat.id is not None
            for index, target in enumerate(targets[: 1 + surat.nomor_agenda % 3]):
                penerima.append(
                    DisposisiPenerima(
                        disposisi_id=hop.id,
                        surat_id=surat.id,
                        jabatan_id=target.id,
                        nama=target.nama,
                        utama=index == 0,
                    )
                )
        session.add_all(penerima)
    return store


def run(store: Store, target: Path) -> Result:
    """Load and render the whole year once."""
    from kpu_tui.printing.agenda_masuk import load_agenda_masuk_data, write_agenda_masuk

    started = time.perf_counter()
    with store.read() as session:
        data = load_agenda_masuk_data(
            session,
            dari=date(YEAR, 1, 1),
            sampai=date(YEAR, 12, 31),
            printed_by="bench",
            now=datetime(YEAR, 12, 31, 8, 0, tzinfo=UTC),
        )
    loaded = time.perf_counter()
    pages = write_agenda_masuk(target, data)
    done = time.perf_counter()
    return Result(
        rows=len(data.rows),
        pages=pages,
        load_seconds=loaded - started,
        render_seconds=done - loaded,
        size_bytes=target.stat().st_size,
    )


def main() -> None:
    """Build the database, print the year twice (timed, then traced) and report."""
    with tempfile.TemporaryDirectory(prefix="kpu-bench-") as folder:
        path = Path(folder) / "kpu.sqlite3"
        started = time.perf_counter()
        store = build_database(path)
        built = time.perf_counter() - started
        try:
            result = run(store, Path(folder) / "agenda.pdf")
            tracemalloc.start()
            run(store, Path(folder) / "agenda-traced.pdf")
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            store.dispose()
    total = result.load_seconds + result.render_seconds
    print("Cetak buku agenda surat masuk (bench_print_agenda)")
    print(f"  basis data disiapkan : {built:.1f} s")
    print(f"  baris                : {result.rows}")
    print(f"  halaman              : {result.pages}")
    print(f"  memuat data          : {result.load_seconds:.2f} s")
    print(f"  menyusun PDF         : {result.render_seconds:.2f} s")
    print(f"  jumlah               : {total:.2f} s ({result.rows / total:.0f} baris/s)")
    print(f"  ukuran PDF           : {result.size_bytes / 1_048_576:.1f} MiB")
    print(f"  memori puncak        : {peak / 1_048_576:.0f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
