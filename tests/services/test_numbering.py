"""Gap-free yearly numbers: take_number in a transaction, and register() from several processes
writing the same SQLite file at once."""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from kpu_tui.config import sqlite_url
from kpu_tui.models import NumberSeries, Role, SuratMasuk
from kpu_tui.services import journal, numbering
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.store import Store

WORKERS = 4
LETTERS_EACH = 50


def test_series_are_per_name_and_year(store: Store) -> None:
    with store.write() as s:
        taken = [numbering.take_number(s, seri="agenda_masuk", tahun=2026) for _ in range(3)]
        taken.append(numbering.take_number(s, seri="agenda_masuk", tahun=2027))
        taken.append(numbering.take_number(s, seri="surat_keluar", tahun=2026))
    assert taken == [1, 2, 3, 1, 1]
    with store.read() as s:
        assert numbering.last_number(s, seri="agenda_masuk", tahun=2026) == 3
        assert numbering.last_number(s, seri="agenda_masuk", tahun=2025) == 0
        assert len(s.exec(select(NumberSeries)).all()) == 3


def test_a_rolled_back_transaction_gives_its_number_back(store: Store) -> None:
    with store.write() as s:
        assert numbering.take_number(s, seri="agenda_masuk", tahun=2026) == 1
    with pytest.raises(RuntimeError), store.write() as s:
        assert numbering.take_number(s, seri="agenda_masuk", tahun=2026) == 2
        assert numbering.take_number(s, seri="agenda_masuk", tahun=2030) == 1
        raise RuntimeError("the save failed")
    with store.write() as s:
        assert numbering.take_number(s, seri="agenda_masuk", tahun=2026) == 2
        assert numbering.take_number(s, seri="agenda_masuk", tahun=2030) == 1


def _register_many(
    url: str, worker: int, count: int, start: Any, results: Any
) -> None:  # pragma: no cover - runs in a child process
    """Register ``count`` letters through the service, one transaction each."""
    try:
        store = Store(url)
        petugas = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))
        now = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Makassar")).astimezone(UTC)
        taken = []
        start.wait(timeout=60)
        began = time.time()
        for index in range(count):
            with store.write() as s:
                row = sm.register(
                    s,
                    actor=petugas,
                    form=sm.SuratMasukForm(
                        nomor_surat=f"{worker}-{index}/PL.01/2026",
                        asal=f"Pengirim {worker}",
                        perihal=f"Surat {index} dari proses {worker}",
                        tanggal_terima="23/11/2026",
                    ),
                    now=now,
                )
            taken.append(row.nomor_agenda)
        store.dispose()
        results.put((worker, taken, "", began, time.time()))
    except BaseException:
        results.put((worker, [], traceback.format_exc(), 0.0, 0.0))


def test_parallel_processes_get_every_number_once(demo_store: Store, tmp_path: Path) -> None:
    path = demo_store.sqlite_path
    assert path is not None
    demo_store.dispose()
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=_register_many,
            args=(sqlite_url(path), worker, LETTERS_EACH, start, results),
        )
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    taken: dict[int, list[int]] = {}
    spans: list[tuple[float, float]] = []
    try:
        for _ in processes:
            try:
                worker, numbers, error, began, ended = results.get(timeout=240)
            except queue.Empty:  # pragma: no cover - a hung worker
                pytest.fail("a worker did not finish in time")
            assert error == "", error
            taken[worker] = numbers
            spans.append((began, ended))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():  # pragma: no cover
                process.kill()
    assert all(process.exitcode == 0 for process in processes)
    everything = [n for numbers in taken.values() for n in numbers]
    assert sorted(everything) == list(range(1, WORKERS * LETTERS_EACH + 1))
    for numbers in taken.values():  # each worker saw its own numbers rising
        assert numbers == sorted(numbers) and len(numbers) == LETTERS_EACH
    # The writers ran at the same time: every one started before any finished. (How their
    # numbers interleave is up to SQLite's busy wait, which is not fair: one worker may take a
    # long run of numbers, so the blocks themselves prove nothing either way.)
    assert max(began for began, _ in spans) < min(ended for _, ended in spans)
    store = Store(sqlite_url(path))
    with store.read() as s:
        rows = s.exec(select(SuratMasuk).order_by(col(SuratMasuk.nomor_agenda))).all()
        assert [r.nomor_agenda for r in rows] == list(range(1, WORKERS * LETTERS_EACH + 1))
        assert len({r.agenda_teks for r in rows}) == len(rows)
        assert rows[-1].agenda_teks == "0200/2026"
        assert numbering.last_number(s, seri=numbering.SERI_AGENDA_MASUK, tahun=2026) == 200
        assert journal.verify(s).ok
    store.dispose()
