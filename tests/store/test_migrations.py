"""Migrations: from empty to head, models and migrations agree, data survives every upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

import kpu_tui.models  # noqa: F401  (registers the tables)
from kpu_tui.config import sqlite_url
from kpu_tui.services import journal
from kpu_tui.store import Store, current_revision, ensure_schema, head_revision
from kpu_tui.store.migrate import alembic_config, include_object

FIXTURES = Path(__file__).with_name("fixtures")


def test_upgrade_from_empty_creates_every_table(tmp_path: Path) -> None:
    store = Store(sqlite_url(tmp_path / "baru.sqlite3"))
    state = ensure_schema(store, tmp_path / "bk")
    assert state.before is None and state.after == head_revision(store)
    assert state.backup is None
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    store.dispose()


def test_models_and_migrations_agree(store: Store) -> None:
    """Autogenerate finds nothing to do: no table or column exists only in the models."""
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": False, "include_object": include_object}
            ),
            SQLModel.metadata,
        )
    assert diff == []


def _at_revision(path: Path, revision: str) -> Store:
    store = Store(sqlite_url(path))
    cfg = alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return store


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("rev_*.sql")), ids=lambda p: p.stem)
def test_database_with_rows_upgrades_to_head_without_loss(fixture: Path, tmp_path: Path) -> None:
    revision = fixture.stem.split("_")[1]
    path = tmp_path / "lama.sqlite3"
    store = _at_revision(path, revision)
    store.dispose()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM alembic_version")
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.commit()
    before = {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    conn.close()
    assert before["journal_event"] > 0

    store = Store(sqlite_url(path))
    state = ensure_schema(store, tmp_path / "cadangan")
    assert state.before == revision
    assert current_revision(store) == head_revision(store)
    if state.before != state.after:
        assert state.backup is not None and state.backup.exists()
        old = sqlite3.connect(state.backup)
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
        old.close()
    with store.engine.connect() as db:
        for table, count in before.items():
            if table == "alembic_version":
                continue
            assert db.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() == count, table
    with store.read() as session:
        assert journal.verify(session).ok
    store.dispose()


def test_a_0002_office_gets_the_surat_masuk_register(tmp_path: Path) -> None:
    """The 0002 demo office after the upgrade: the default agenda format, empty registers, and
    a letter registered, found by the search index and journaled on top of the old chain."""
    from datetime import UTC, datetime

    from kpu_tui.models import Office, Role
    from kpu_tui.services import surat_masuk
    from kpu_tui.services.actor import Actor

    path = tmp_path / "lama.sqlite3"
    _at_revision(path, "0002").dispose()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM alembic_version")
    conn.executescript((FIXTURES / "rev_0002_demo.sql").read_text(encoding="utf-8"))
    conn.commit()
    old_columns = {row[1] for row in conn.execute("PRAGMA table_info(office)")}
    conn.close()
    assert "format_agenda" not in old_columns
    store = Store(sqlite_url(path))
    assert ensure_schema(store, tmp_path / "cadangan").before == "0002"
    with store.read() as session:
        office = session.exec(select(Office)).one()
        assert office.format_agenda == "{urut:4}/{tahun}"
        assert surat_masuk.count_surat(session) == 0
        events_before = journal.verify(session).checked
    petugas = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))
    with store.write() as session:
        row = surat_masuk.register(
            session,
            actor=petugas,
            form=surat_masuk.SuratMasukForm(
                nomor_surat="001/PL.01/XI/2026",
                asal="KPU Provinsi Kalimantan Timur",
                perihal="Undangan rapat koordinasi",
                klasifikasi="PL.01",
            ),
            now=datetime(2026, 11, 23, 1, tzinfo=UTC),
        )
    assert row.agenda_teks == "0001/2026"
    with store.read() as session:
        found = surat_masuk.list_surat(session, surat_masuk.SuratFilter(teks="koordinasi"))
        assert [r.id for r in found] == [row.id]
        result = journal.verify(session)
        assert result.ok and result.checked > events_before
    store.dispose()


def test_a_0003_office_gets_the_surat_keluar_register(tmp_path: Path) -> None:
    """The 0003 office with its surat masuk after the upgrade: the letters, their disposisi and
    search survive; the default numbering series exist; a reply is drafted, signed, numbered
    and found by the new search index, journaled on top of the old chain."""
    from datetime import UTC, datetime

    from kpu_tui.models import Role
    from kpu_tui.services import disposisi, nomor_surat, surat_keluar, surat_keluar_read
    from kpu_tui.services import surat_masuk as sm
    from kpu_tui.services.actor import Actor

    path = tmp_path / "lama.sqlite3"
    _at_revision(path, "0003").dispose()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM alembic_version")
    conn.executescript((FIXTURES / "rev_0003_demo.sql").read_text(encoding="utf-8"))
    conn.commit()
    old_tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "seri_nomor" not in old_tables and "surat_keluar_fts" not in old_tables
    store = Store(sqlite_url(path))
    assert ensure_schema(store, tmp_path / "cadangan").before == "0003"
    with store.read() as session:
        letters = sm.list_surat(session, sm.SuratFilter(), limit=50)
        assert sorted(r.agenda_teks for r in letters) == [
            "0001/2025",
            "0001/2026",
            "0002/2026",
            "0003/2026",
            "0004/2026",
        ]
        found = sm.list_surat(session, sm.SuratFilter(teks="narasumber"))
        assert [r.agenda_teks for r in found] == ["0004/2026"]
        by_agenda = {r.agenda_teks: r for r in letters}
        hops = disposisi.tree(session, by_agenda["0001/2026"].id)
        assert len(disposisi.flatten(hops)) == 2  # the Ketua's, passed on by the Sekretaris
        series = {v.kode: v for v in nomor_surat.list_series(session)}
        assert list(series) == ["korespondensi", "keputusan", "berita_acara"]
        assert [v.kode for v in series.values() if v.bawaan] == ["korespondensi"]
        assert (
            series["korespondensi"].format == "{urut}/{klasifikasi}-{jenis}/{kode_wilayah}/{tahun}"
        )
        assert (series["keputusan"].format, series["keputusan"].jenis) == (
            "Nomor {urut} Tahun {tahun}",
            ("KEPUTUSAN",),
        )
        assert series["berita_acara"].jenis == ("BA",)
        assert surat_keluar_read.count_surat(session, surat_keluar_read.KeluarFilter("semua")) == 0
        events_before = journal.verify(session).checked
    staf = Actor(9, "Dewi Kartika Sari", frozenset({Role.STAF}))
    kasubbag = Actor(6, "Andi Firmansyah, S.H.", frozenset({Role.KASUBBAG}))
    petugas = Actor(2, "Sekar Ayu Lestari", frozenset({Role.PETUGAS}))
    now = datetime(2026, 11, 23, 1, tzinfo=UTC)
    masuk = by_agenda["0004/2026"]
    with store.read() as session:
        form = surat_keluar_read.reply_form(session, surat_masuk_id=masuk.id, actor=staf)
    with store.write() as session:
        row = surat_keluar.create(session, actor=staf, form=form, now=now)
        surat_keluar.submit(session, actor=staf, surat_id=row.id, now=now)
    with store.write() as session:
        surat_keluar.paraf(session, actor=kasubbag, surat_id=row.id, now=now)
    with store.write() as session:
        done = surat_keluar.sign(session, actor=petugas, surat_id=row.id, now=now)
    assert done.nomor_surat == "1/HM.03.1-SD/6474/2026"
    with store.read() as session:
        flt = surat_keluar_read.KeluarFilter(teks="narasumber")
        assert [r.id for r in surat_keluar_read.list_surat(session, flt)] == [row.id]
        flt = surat_keluar_read.KeluarFilter(teks="HM.03.1-SD")
        assert surat_keluar_read.count_surat(session, flt) == 1
        assert [r.id for r in surat_keluar_read.replies_of(session, masuk.id)] == [row.id]
        assert nomor_surat.gaps(session, tahun=2026) == []
        result = journal.verify(session)
        assert result.ok and result.checked > events_before
    with store.write() as session:  # the agenda masuk series goes on where it was
        nxt = sm.register(
            session,
            actor=petugas,
            form=sm.SuratMasukForm(
                nomor_surat="006/PL.01/XI/2026",
                asal="Bawaslu Kota Bontang",
                perihal="Undangan rapat koordinasi",
                klasifikasi="PL.01",
            ),
            now=now,
        )
    assert nxt.agenda_teks == "0005/2026"
    store.dispose()


def test_a_0004_office_keeps_its_open_work_in_the_queue(tmp_path: Path) -> None:
    """The 0004 office after the upgrade to 0005: the queue's indexes exist and every
    person's queue shows the work the old database held (konsep in paraf and in signature, a
    signed letter not sent, an unread disposisi past its batas waktu, open SOP runs)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from kpu_tui.models import User
    from kpu_tui.services import antrian

    now = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Makassar")).astimezone(UTC)
    path = tmp_path / "lama.sqlite3"
    _at_revision(path, "0004").dispose()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM alembic_version")
    conn.executescript((FIXTURES / "rev_0004_demo.sql").read_text(encoding="utf-8"))
    conn.commit()
    old_indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    new_indexes = {
        ("disposisi_penerima", "ix_disposisi_penerima_unit"): ["unit_id", "status"],
        ("disposisi_penerima", "ix_disposisi_penerima_status"): ["status"],
        ("procedure_run", "ix_procedure_run_status_subject"): ["status", "subject_type"],
        ("nomor_surat", "ix_nomor_surat_dibuat"): ["dibuat_at"],
    }
    assert not {name for _, name in new_indexes} & old_indexes
    store = Store(sqlite_url(path))
    assert ensure_schema(store, tmp_path / "cadangan").before == "0004"
    with store.engine.connect() as db:
        found = {
            (table, ix["name"]): ix["column_names"]
            for table in {table for table, _ in new_indexes}
            for ix in inspect(db).get_indexes(table)
        }
    assert {key: found.get(key) for key in new_indexes} == new_indexes
    with store.read() as session:
        users = {u.username: u.id for u in session.exec(select(User)).all()}
        queues = {
            username: [
                (item.key, item.nomor, item.status_label)
                for item in antrian.my_items(session, user_id, now=now)
            ]
            for username, user_id in users.items()
            if user_id is not None
        }
        counts = antrian.hitungan(session, now=now)
        office = antrian.items(session, antrian.KANTOR, now=now)
    assert {name: queue for name, queue in queues.items() if queue} == {
        "sekretaris": [
            ("langkah:7", "SOP 9.3 · langkah 3", "lewat 12 hari kerja"),
            ("disposisi_baru:3", "0002/2026", "Sel 24 Nov"),
        ],
        "kasubbag.tpph": [("paraf:1", "konsep", "")],
        "ketua": [("tanda_tangan:2", "konsep", "lewat 1 hari kerja")],
        "petugas": [
            ("kirim:3", "1/PL.01.1-SD/6474/2026", "lewat 1 hari kerja"),
            ("langkah:6", "SOP 9.14 · langkah 3", ""),
            ("langkah:2", "SOP 9.14 · langkah 3", ""),
        ],
        "kasubbag.rdi": [
            ("langkah:8", "SOP 9.22 · langkah 2", "lewat 10 hari kerja"),
            ("disposisi_baru:4", "0005/2026", "lewat 1 hari kerja"),
        ],
        "ppid": [("langkah:8", "SOP 9.22 · langkah 2", "lewat 10 hari kerja")],
        "staf": [("langkah:10", "SOP 9.17 · langkah 1", "lewat 5 hari kerja")],
    }
    # 0004/2026 is addressed to nobody: it waits in the office view only.
    assert [i.nomor for i in office if i.jenis == antrian.Jenis.TELAAH] == ["0004/2026"]
    assert counts == antrian.Hitungan(
        belum_disposisi=1,
        disposisi_baru=2,
        disposisi_dibaca=0,
        paraf=1,
        tanda_tangan=1,
        belum_dikirim=1,
        tanda_terima=0,
        terlambat=6,
    )
    assert counts.terlambat == sum(1 for item in office if item.terlambat)
    store.dispose()
