"""Acting on queue items in bulk: mark read, tindak lanjut (disposisi, paraf, SOP step), pass
on, attach a file; every item checked first, all or nothing, the refusal naming the item."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from kpu_tui.models import (
    DisposisiPenerima,
    JournalEvent,
    KeluarStatus,
    PenerimaStatus,
    RunStatus,
    StepEvent,
    StepEventKind,
    SuratBerkas,
    SuratKeluarBerkas,
    User,
)
from kpu_tui.services import antrian, antrian_aksi, procedure
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.antrian import Item, Jenis
from kpu_tui.services.errors import PermissionDenied, ServiceError, ValidationError
from kpu_tui.store import Store

from ..keluar_helpers import konsep
from .test_surat_masuk import actor_of, at, jabatan_ids, letter

NOW = at(2026, 11, 23, 9)
"""Monday 23 November 2026, 09.00 WITA."""


@dataclass(frozen=True)
class Queue:
    """The Kasubbag TPPH's queue as the tests build it (ids of the records)."""

    surat: dict[str, int]
    """Surat masuk ids by name: lama (read, overdue), baru (unread, overdue), hari_ini (due
    today), nanti (due Wednesday), telaah (to the Ketua, not disposed)."""
    penerima: dict[str, int]
    """The Kasubbag TPPH's disposisi_penerima ids by the same names."""
    hop: dict[str, int]
    konsep_id: int
    run_id: int


def make_queue(store: Store) -> Queue:
    """Four letters disposed by the Ketua to the Kasubbag TPPH (one already read), one letter
    waiting for the Ketua's disposisi, a konsep awaiting the Kasubbag's paraf and an SOP 9.10
    run at its first step (the Kasubbag's), all made through the services at fixed times."""
    petugas, kasubbag, staf = (
        actor_of(store, "petugas"),
        actor_of(store, "kasubbag.tpph"),
        actor_of(store, "staf"),
    )
    jab = jabatan_ids(store)
    batas = {"lama": "17/11/2026", "baru": "18/11/2026", "hari_ini": "23/11/2026"}
    batas["nanti"] = "25/11/2026"
    surat: dict[str, int] = {}
    penerima: dict[str, int] = {}
    hops: dict[str, int] = {}
    for n, name in enumerate(("lama", "baru", "hari_ini", "nanti", "telaah"), start=1):
        with store.write() as s:
            row = sm.register(
                s,
                actor=petugas,
                form=letter(
                    nomor_surat=f"00{n}/PL.01/XI/2026",
                    perihal=f"Perihal surat {name}",
                    tanggal_terima="16/11/2026",
                    tanggal_surat="13/11/2026",
                    tujuan_jabatan_id=jab["KETUA"],
                ),
                now=at(2026, 11, 16, 8, n),
            )
        surat[name] = row.id
        if name == "telaah":
            break
        with store.write() as s:
            hop = dp.give(
                s,
                actor=petugas,
                surat_id=row.id,
                form=dp.DisposisiForm(
                    penerima=(dp.Tujuan(jabatan_id=jab["KASUBBAG_TPPH"]),),
                    dari_jabatan_id=jab["KETUA"],
                    instruksi=("ditindaklanjuti",),
                    catatan=f"Catatan {name}",
                    batas_waktu=batas[name],
                ),
                now=at(2026, 11, 16, 10, n),
            )
        hops[name] = hop.id
        penerima[name] = hop.penerima[0].id
    with store.write() as s:
        dp.mark_read(s, actor=kasubbag, penerima_id=penerima["lama"], now=at(2026, 11, 17, 8))
    with store.write() as s:
        draft = sk.create(s, actor=staf, form=konsep(store), now=at(2026, 11, 20, 9))
    with store.write() as s:
        sk.submit(s, actor=staf, surat_id=draft.id, now=at(2026, 11, 20, 9, 30))
    with store.write() as s:
        run = procedure.start_run(
            s, actor=kasubbag, sop_id="9.10", judul="Perjadin ke KPU Provinsi", now=NOW
        )
    return Queue(surat, penerima, hops, draft.id, run.id)


@pytest.fixture
def queue(demo_store: Store) -> Queue:
    return make_queue(demo_store)


@pytest.fixture
def kasubbag(demo_store: Store) -> Actor:
    return actor_of(demo_store, "kasubbag.tpph")


def items_of(store: Store, actor: Actor, now: datetime = NOW) -> list[Item]:
    assert actor.id is not None
    with store.read() as s:
        return antrian.my_items(s, actor.id, now=now)


def pick(items: list[Item], *keys: str) -> list[Item]:
    by_key = {item.key: item for item in items}
    return [by_key[key] for key in keys]


def journal_actions(store: Store, action: str) -> list[JournalEvent]:
    with store.read() as s:
        return list(s.exec(select(JournalEvent).where(JournalEvent.action == action)).all())


def test_the_queue_built_for_these_tests(demo_store: Store, queue: Queue, kasubbag: Actor) -> None:
    items = items_of(demo_store, kasubbag)
    assert [(item.key, item.status_label) for item in items] == [
        (f"disposisi:{queue.penerima['lama']}", "lewat 4 hari kerja"),
        (f"disposisi_baru:{queue.penerima['baru']}", "lewat 3 hari kerja"),
        (f"langkah:{queue.run_id}", "hari ini 09.45"),
        (f"disposisi_baru:{queue.penerima['hari_ini']}", "hari ini 16.00"),
        (f"disposisi_baru:{queue.penerima['nanti']}", "Rab 25 Nov"),
        (f"paraf:{queue.konsep_id}", ""),  # the konsep's SOP step has no mutu baku
    ]
    assert items[0].terlambat and items[0].terlambat_hk == 4


def test_marking_read_ends_the_senders_right_to_cancel(
    demo_store: Store, queue: Queue, kasubbag: Actor
) -> None:
    items = items_of(demo_store, kasubbag)
    chosen = pick(
        items,
        f"disposisi_baru:{queue.penerima['baru']}",
        f"disposisi_baru:{queue.penerima['nanti']}",
        f"disposisi:{queue.penerima['lama']}",
    )
    with demo_store.write() as s:
        hasil = antrian_aksi.tandai_dibaca(s, actor=kasubbag, items=chosen, now=NOW)
    assert hasil.jumlah == 2
    assert hasil.pesan == "2 disposisi ditandai dibaca. 1 sudah dibaca sebelumnya."
    with demo_store.read() as s:
        statuses = {
            name: s.get(DisposisiPenerima, pid).status  # type: ignore[union-attr]
            for name, pid in queue.penerima.items()
        }
    assert statuses == {
        "lama": PenerimaStatus.DIBACA,
        "baru": PenerimaStatus.DIBACA,
        "hari_ini": PenerimaStatus.MENUNGGU,
        "nanti": PenerimaStatus.DIBACA,
    }
    ketua = actor_of(demo_store, "ketua")
    with pytest.raises(ServiceError, match="sudah dibaca"), demo_store.write() as s:
        dp.cancel(s, actor=ketua, disposisi_id=queue.hop["baru"], alasan="salah tujuan", now=NOW)
    # The one still unread can be withdrawn by its sender.
    with demo_store.write() as s:
        dp.cancel(s, actor=ketua, disposisi_id=queue.hop["hari_ini"], alasan="keliru", now=NOW)


def test_actions_refuse_kinds_they_do_not_apply_to(
    demo_store: Store, queue: Queue, kasubbag: Actor
) -> None:
    items = items_of(demo_store, kasubbag)
    paraf = pick(items, f"paraf:{queue.konsep_id}")
    refused = r"Tandai dibaca hanya untuk disposisi: konsep"
    with pytest.raises(ServiceError, match=refused), demo_store.write() as s:
        antrian_aksi.tandai_dibaca(s, actor=kasubbag, items=paraf, now=NOW)
    kirim = [replace(paraf[0], jenis=Jenis.KIRIM)]
    refused = "Tindak lanjut hanya untuk disposisi, paraf dan langkah SOP"
    with pytest.raises(ServiceError, match=refused), demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=kasubbag, items=kirim, tindak_lanjut="x", now=NOW)
    with pytest.raises(ServiceError, match="Tidak ada item"), demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=kasubbag, items=[], tindak_lanjut="x", now=NOW)


def test_one_note_closes_disposisi_paraf_and_step(
    demo_store: Store, queue: Queue, kasubbag: Actor
) -> None:
    items = items_of(demo_store, kasubbag)
    chosen = pick(
        items,
        f"disposisi:{queue.penerima['lama']}",
        f"disposisi_baru:{queue.penerima['baru']}",
        f"paraf:{queue.konsep_id}",
        f"langkah:{queue.run_id}",
    )
    with pytest.raises(ValidationError) as empty, demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=kasubbag, items=chosen, tindak_lanjut="  ", now=NOW)
    assert empty.value.errors == {"tindak_lanjut": "Tindak lanjut wajib diisi."}
    with demo_store.write() as s:
        hasil = antrian_aksi.selesaikan(
            s, actor=kasubbag, items=chosen, tindak_lanjut="Sudah dikerjakan.", now=NOW
        )
    assert hasil.jumlah == 4
    assert hasil.pesan.startswith(
        "2 disposisi ditandai selesai, 1 paraf diberikan, 1 langkah SOP diselesaikan."
    )
    assert "Surat selesai:" in hasil.pesan
    assert len(journal_actions(demo_store, "tindak_lanjut")) == 2
    with demo_store.read() as s:
        assert skr.get_row(s, queue.konsep_id).status == KeluarStatus.TANDA_TANGAN
        run = procedure.get_run(s, queue.run_id)
        assert run.langkah_kini == 2 and run.status == RunStatus.BERJALAN
        timeline = procedure.timeline(s, queue.run_id)
    assert any(entry.catatan == "Sudah dikerjakan." for entry in timeline)
    left = {item.key for item in items_of(demo_store, kasubbag)}
    assert left == {
        f"disposisi_baru:{queue.penerima['hari_ini']}",
        f"disposisi_baru:{queue.penerima['nanti']}",
    }


def test_all_or_nothing_when_an_item_was_cancelled_meanwhile(
    demo_store: Store, queue: Queue, kasubbag: Actor
) -> None:
    items = items_of(demo_store, kasubbag)
    chosen = pick(
        items,
        f"disposisi:{queue.penerima['lama']}",
        f"disposisi_baru:{queue.penerima['baru']}",
        f"disposisi_baru:{queue.penerima['hari_ini']}",
    )
    petugas = actor_of(demo_store, "petugas")
    with demo_store.write() as s:
        sm.cancel(s, actor=petugas, surat_id=queue.surat["hari_ini"], alasan="ganda", now=NOW)
        agenda = sm.get_row(s, queue.surat["hari_ini"]).agenda_teks
    with (
        pytest.raises(
            ServiceError, match=rf"{agenda} \(Disposisi baru\): disposisi untuk .* sudah batal"
        ),
        demo_store.write() as s,
    ):
        antrian_aksi.selesaikan(s, actor=kasubbag, items=chosen, tindak_lanjut="Selesai.", now=NOW)
    assert journal_actions(demo_store, "tindak_lanjut") == []
    with demo_store.read() as s:
        assert s.get(DisposisiPenerima, queue.penerima["lama"]).status == PenerimaStatus.DIBACA  # type: ignore[union-attr]


def test_a_failure_after_some_writes_rolls_every_one_back(
    demo_store: Store, queue: Queue, kasubbag: Actor
) -> None:
    """The checks pass; the paraf, last, refuses a note longer than its 1000 characters after
    the two disposisi were completed in the same transaction: nothing stays."""
    items = items_of(demo_store, kasubbag)
    chosen = pick(
        items,
        f"disposisi:{queue.penerima['lama']}",
        f"disposisi_baru:{queue.penerima['baru']}",
        f"paraf:{queue.konsep_id}",
    )
    with pytest.raises(ValidationError) as failed, demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=kasubbag, items=chosen, tindak_lanjut="x" * 1500, now=NOW)
    assert list(failed.value.errors) == ["tindak_lanjut"]
    assert failed.value.errors["tindak_lanjut"].startswith("konsep (Menunggu paraf): ")
    assert journal_actions(demo_store, "tindak_lanjut") == []
    with demo_store.read() as s:
        assert s.get(DisposisiPenerima, queue.penerima["baru"]).status == PenerimaStatus.MENUNGGU  # type: ignore[union-attr]
        assert skr.get_row(s, queue.konsep_id).status == KeluarStatus.PARAF


def test_a_decision_step_and_a_moved_run_are_refused(
    demo_store: Store, queue: Queue, kasubbag: Actor, admin: Actor
) -> None:
    items = items_of(demo_store, kasubbag)
    step = pick(items, f"langkah:{queue.run_id}")
    with demo_store.write() as s:  # someone else records the step meanwhile
        procedure.complete_step(s, actor=admin, run_id=queue.run_id, now=NOW)
    with pytest.raises(ServiceError, match="sudah berpindah ke langkah 2"), demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=kasubbag, items=step, tindak_lanjut="ok", now=NOW)
    # SOP 9.1 step 8 asks ya/tidak: the queue opens the run instead of guessing.
    with demo_store.write() as s:
        run = procedure.start_run(s, actor=admin, sop_id="9.1", judul="SK PPK", now=NOW)
        for _ in range(7):
            procedure.complete_step(s, actor=admin, run_id=run.id, now=NOW)
    decision = [
        item
        for name in ("ketua", "sekretaris")
        for item in items_of(demo_store, actor_of(demo_store, name))
        if item.run_id == run.id
    ]
    assert decision, "step 8 of SOP 9.1 sits with a pimpinan"
    holder = actor_of(demo_store, "ketua")
    with pytest.raises(ServiceError, match="keputusan"), demo_store.write() as s:
        antrian_aksi.selesaikan(s, actor=holder, items=decision[:1], tindak_lanjut="ok", now=NOW)


def test_pass_on_several_with_one_form(demo_store: Store, queue: Queue, kasubbag: Actor) -> None:
    items = items_of(demo_store, kasubbag)
    chosen = pick(
        items,
        f"disposisi:{queue.penerima['lama']}",
        f"disposisi_baru:{queue.penerima['nanti']}",
    )
    with demo_store.read() as s:
        users = {u.username: u.id for u in s.exec(select(User)).all()}
    form = dp.DisposisiForm(
        penerima=(dp.Tujuan(user_id=users["staf"]),), instruksi=("ditindaklanjuti",)
    )
    with demo_store.write() as s:
        hasil = antrian_aksi.teruskan(s, actor=kasubbag, items=chosen, form=form, now=NOW)
    assert hasil.pesan == "2 disposisi diteruskan."
    assert len(journal_actions(demo_store, "teruskan")) == 2
    staf = actor_of(demo_store, "staf")
    received = {item.surat_masuk_id for item in items_of(demo_store, staf)}
    assert {queue.surat["lama"], queue.surat["nanti"]} <= received
    with demo_store.read() as s:
        hop, _ = dp.find_penerima(s, queue.penerima["nanti"])
        assert hop.penerima[0].status == PenerimaStatus.DITERUSKAN
    # A bad form is refused at its field, named by the item when there are several.
    remaining = pick(
        items_of(demo_store, kasubbag),
        f"disposisi_baru:{queue.penerima['baru']}",
        f"disposisi_baru:{queue.penerima['hari_ini']}",
    )
    with pytest.raises(ValidationError) as bad, demo_store.write() as s:
        antrian_aksi.teruskan(s, actor=kasubbag, items=remaining, form=dp.DisposisiForm(), now=NOW)
    assert "penerima" in bad.value.errors and "(Disposisi baru)" in bad.value.errors["penerima"]
    # Letters to dispose and disposisi to pass on do not mix in one go.
    ketua = actor_of(demo_store, "ketua")
    telaah = [i for i in items_of(demo_store, ketua) if i.jenis == Jenis.TELAAH]
    with pytest.raises(ServiceError, match="Pilih hanya"), demo_store.write() as s:
        antrian_aksi.teruskan(s, actor=ketua, items=[*telaah, *remaining], form=form, now=NOW)


def test_attach_checks_the_path_then_the_roles(
    demo_store: Store, queue: Queue, kasubbag: Actor, tmp_path: Path
) -> None:
    items = items_of(demo_store, kasubbag)
    paraf = pick(items, f"paraf:{queue.konsep_id}")
    files = tmp_path / "lampiran"
    missing = tmp_path / "tidak-ada.pdf"
    with pytest.raises(ValidationError) as gone, demo_store.write() as s:
        antrian_aksi.lampirkan(
            s, actor=kasubbag, items=paraf, path=str(missing), attachment_dir=files, now=NOW
        )
    assert gone.value.errors == {"berkas": f"Berkas tidak ditemukan: {missing}"}
    draft = tmp_path / "draf.pdf"
    draft.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with demo_store.write() as s:
        hasil = antrian_aksi.lampirkan(
            s, actor=kasubbag, items=paraf, path=str(draft), attachment_dir=files, now=NOW
        )
    assert hasil.pesan == "1 surat keluar diberi lampiran draf.pdf."
    with demo_store.read() as s:
        stored = s.exec(select(SuratKeluarBerkas)).all()
    assert [(b.surat_id, b.nama, b.jenis) for b in stored] == [
        (queue.konsep_id, "draf.pdf", "konsep")
    ]
    # A surat masuk takes files from the petugas and from the recipients of its disposisi
    # (the document of their tindak lanjut), not from anyone else: refusals name the item.
    disposisi_item = pick(items, f"disposisi:{queue.penerima['lama']}")
    staf = actor_of(demo_store, "staf")
    refused = r"\(Belum ditindaklanjuti\): berkas surat masuk ditambahkan oleh petugas"
    with pytest.raises(PermissionDenied, match=refused), demo_store.write() as s:
        antrian_aksi.lampirkan(
            s, actor=staf, items=disposisi_item, path=str(draft), attachment_dir=files, now=NOW
        )
    with demo_store.write() as s:
        antrian_aksi.lampirkan(
            s, actor=kasubbag, items=disposisi_item, path=str(draft), attachment_dir=files, now=NOW
        )
    with demo_store.read() as s:
        scans = s.exec(select(SuratBerkas).where(SuratBerkas.surat_id == queue.surat["lama"]))
        assert [(b.nama, b.oleh_nama) for b in scans] == [("draf.pdf", kasubbag.name)]
    # An SOP step gets the file as a note on its current step; the step stays open.
    langkah = pick(items, f"langkah:{queue.run_id}")
    with demo_store.write() as s:
        hasil = antrian_aksi.lampirkan(
            s, actor=kasubbag, items=langkah, path=str(draft), attachment_dir=files, now=NOW
        )
    assert hasil.pesan == "1 langkah SOP diberi lampiran draf.pdf."
    with demo_store.read() as s:
        notes = s.exec(select(StepEvent).where(StepEvent.run_id == queue.run_id)).all()
        note = [e for e in notes if e.kind == StepEventKind.CATATAN]
        assert [e.catatan for e in note] == ["Lampiran: draf.pdf"]
        assert note[0].lampiran == stored[0].ref  # the same stored file
        assert procedure.get_run(s, queue.run_id).status == RunStatus.BERJALAN


def test_items_of_someone_else_are_refused(demo_store: Store, queue: Queue) -> None:
    kasubbag = actor_of(demo_store, "kasubbag.tpph")
    items = pick(items_of(demo_store, kasubbag), f"disposisi_baru:{queue.penerima['baru']}")
    staf = actor_of(demo_store, "staf")
    with pytest.raises(PermissionDenied, match="bukan untuk Anda"), demo_store.write() as s:
        antrian_aksi.tandai_dibaca(s, actor=staf, items=items, now=NOW)
