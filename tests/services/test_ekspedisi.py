"""Ekspedisi through the services: dispatch per tujuan (only signed letters, the date, how),
the letter's state and SOP 9.13 steps 5-6 as tujuan are sent, tanda terima returned, a tujuan
withdrawn, and the buku ekspedisi page by page."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kpu_tui.models import (
    BerkasJenis,
    CaraKirim,
    KeluarStatus,
    KirimStatus,
    RunStatus,
    StepEventKind,
)
from kpu_tui.services import ekspedisi, journal, procedure
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from kpu_tui.services.surat_keluar_views import KeluarRow, KirimForm, TujuanForm, TujuanView
from kpu_tui.store import Store

from ..keluar_helpers import NOW, WITA, actor_of, at, konsep, signed

THREE = (
    TujuanForm("Bawaslu Kota Bontang", "Jl. Bhayangkara"),
    TujuanForm("Kepala Dinas Pendidikan Kota Bontang", "Jl. Awang Long"),
    TujuanForm("Ketua KPU Provinsi Kalimantan Timur", tembusan=True),
)


@pytest.fixture
def who(demo_store: Store) -> dict[str, Actor]:
    names = ("petugas", "staf", "admin", "kasubbag.kul", "ketua")
    return {name: actor_of(demo_store, name) for name in names}


def tujuan_of(store: Store, surat_id: int) -> list[TujuanView]:
    with store.read() as s:
        return ekspedisi.tujuan_of(s, surat_id)


def send(
    store: Store, actor: Actor, ids: list[int], cara: str = "antar", tanggal: str = "", **form: Any
) -> list[TujuanView]:
    with store.write() as s:
        return ekspedisi.dispatch(
            s,
            actor=actor,
            tujuan_ids=ids,
            form=KirimForm(cara_kirim=cara, tanggal_kirim=tanggal, **form),
            now=NOW,
        )


def returned(
    store: Store, actor: Actor, tujuan_id: int, nama: str = "Rahmat", tanggal: str = "", **kw: Any
) -> TujuanView:
    with store.write() as s:
        return ekspedisi.receipt_returned(
            s, actor=actor, tujuan_id=tujuan_id, nama_penerima=nama, tanggal=tanggal, now=NOW, **kw
        )


def status(store: Store, surat_id: int) -> KeluarStatus:
    with store.read() as s:
        return skr.get_row(s, surat_id).status


def steps_done(store: Store, row: KeluarRow) -> list[int]:
    assert row.run_id is not None
    with store.read() as s:
        return [
            e.langkah_no or 0
            for e in procedure.timeline(s, row.run_id)
            if e.kind == StepEventKind.SELESAI
        ]


@pytest.fixture
def letter(demo_store: Store) -> KeluarRow:
    """A letter dated Monday 16 November 2026 to two tujuan and a tembusan, signed."""
    return signed(demo_store, tanggal="16/11/2026", tujuan=THREE)


# -- dispatch --------------------------------------------------------------------------------


def test_only_a_signed_letter_is_sent(demo_store: Store, who: dict[str, Actor]) -> None:
    staf = who["staf"]
    with demo_store.write() as s:
        draft = sk.create(s, actor=staf, form=konsep(demo_store), now=NOW)
    ids = [t.id for t in tujuan_of(demo_store, draft.id)]
    with pytest.raises(ServiceError, match="sudah ditandatangani dan bernomor"):
        send(demo_store, who["petugas"], ids)
    with demo_store.write() as s:
        sk.cancel(s, actor=staf, surat_id=draft.id, alasan="Tidak jadi", now=NOW)
    with pytest.raises(ServiceError):
        send(demo_store, who["petugas"], ids)
    assert {t.status for t in tujuan_of(demo_store, draft.id)} == {KirimStatus.BATAL}


def test_dispatch_is_checked(demo_store: Store, who: dict[str, Actor], letter: KeluarRow) -> None:
    petugas = who["petugas"]
    first, second, cc = (t.id for t in tujuan_of(demo_store, letter.id))
    other = signed(demo_store)
    other_id = tujuan_of(demo_store, other.id)[0].id
    cases: list[tuple[dict[str, Any], str]] = [
        ({"tanggal": "15/11/2026"}, "tanggal_kirim"),  # before the letter's date
        ({"tanggal": "24/11/2026"}, "tanggal_kirim"),  # tomorrow
        ({"tanggal": "31/02/2026"}, "tanggal_kirim"),
        ({"cara": ""}, "cara_kirim"),
        ({"cara": "merpati pos"}, "cara_kirim"),
        ({"nomor_resi": "x" * 101}, "nomor_resi"),
        ({"nomor_resi": "RR\x00123"}, "nomor_resi"),
        ({"keterangan": "x" * 501}, "keterangan"),
    ]
    for changes, field in cases:
        values: dict[str, Any] = {"cara": "pos", "tanggal": "17/11/2026"} | changes
        with pytest.raises(ValidationError) as info:
            send(demo_store, petugas, [first], **values)
        assert set(info.value.errors) == {field}, changes
    with pytest.raises(ValidationError, match="wajib dipilih"):
        send(demo_store, petugas, [first], cara=" ")
    with pytest.raises(ValidationError, match="'merpati' tidak dikenal"):
        send(demo_store, petugas, [first], cara="merpati")
    with pytest.raises(ValidationError) as info:
        send(demo_store, petugas, [])
    assert set(info.value.errors) == {"tujuan"}
    with pytest.raises(ValidationError, match="dari satu surat"):
        send(demo_store, petugas, [first, other_id])
    with pytest.raises(NotFound):
        send(demo_store, petugas, [first, 9999])
    for name in ("kasubbag.kul", "ketua"):
        with pytest.raises(PermissionDenied):
            send(demo_store, who[name], [first])
    assert {t.status for t in tujuan_of(demo_store, letter.id)} == {KirimStatus.BELUM}
    # The letter's own date is fine, so is today ("" = today).
    (sent,) = send(demo_store, petugas, [first], tanggal="16/11/2026")
    assert sent.tanggal_kirim == date(2026, 11, 16)
    (sent,) = send(demo_store, who["staf"], [second])
    assert sent.tanggal_kirim == date(2026, 11, 23)
    with pytest.raises(ServiceError, match="dikirim, tanda terima belum kembali"):
        send(demo_store, petugas, [first])
    assert cc


@pytest.mark.parametrize(
    ("typed", "cara"),
    [
        ("antar", CaraKirim.ANTAR),
        ("Antar Langsung", CaraKirim.ANTAR),
        ("langsung", CaraKirim.ANTAR),
        ("diantar", CaraKirim.ANTAR),
        ("POS", CaraKirim.POS),
        ("kurir", CaraKirim.KURIR),
        ("kurir/jasa ekspedisi", CaraKirim.KURIR),
        ("email", CaraKirim.EMAIL),
        ("surel (email)", CaraKirim.EMAIL),
        ("srikandi", CaraKirim.SRIKANDI),
        (" SRIKANDI ", CaraKirim.SRIKANDI),
    ],
)
def test_cara_kirim_by_value_or_label(
    demo_store: Store, who: dict[str, Actor], letter: KeluarRow, typed: str, cara: CaraKirim
) -> None:
    first = tujuan_of(demo_store, letter.id)[0].id
    (sent,) = send(demo_store, who["petugas"], [first], cara=typed, nomor_resi=" RR 123 ")
    assert (sent.cara_kirim, sent.nomor_resi) == (cara, "RR 123")


def test_partial_then_full_dispatch(
    demo_store: Store, who: dict[str, Actor], letter: KeluarRow
) -> None:
    petugas = who["petugas"]
    first, second, cc = (t.id for t in tujuan_of(demo_store, letter.id))
    assert steps_done(demo_store, letter) == [1, 2, 3, 4]
    (sent,) = send(
        demo_store, petugas, [first], cara="pos", tanggal="17/11/2026", nomor_resi="RR123456789ID"
    )
    assert (sent.status, sent.cara_kirim, sent.dikirim_oleh_nama) == (
        KirimStatus.DIKIRIM,
        CaraKirim.POS,
        "Sekar Ayu Lestari",
    )
    # Still terbit: the other tujuan and the tembusan are not sent. The first dispatch records
    # step 5 (numbered and recorded) since no archive scan did.
    assert status(demo_store, letter.id) == KeluarStatus.TERBIT
    assert steps_done(demo_store, letter) == [1, 2, 3, 4, 5]
    send(demo_store, petugas, [second, cc], cara="email", tanggal="18/11/2026")
    assert status(demo_store, letter.id) == KeluarStatus.DIKIRIM
    assert steps_done(demo_store, letter) == [1, 2, 3, 4, 5, 6]
    with demo_store.read() as s:
        detail = skr.get_detail(s, letter.id)
        timeline = procedure.timeline(s, letter.run_id or 0)
        run = procedure.get_run(s, letter.run_id or 0, now=NOW)
        events = journal.list_events(s, journal.JournalFilter(record_type="surat_keluar"))
    assert detail.pesan == ("Pindaian surat bertanda tangan belum diarsipkan.",)
    step6 = next(e for e in timeline if e.langkah_no == 6 and e.kind == StepEventKind.SELESAI)
    assert step6.catatan == (
        "Dikirim kepada: Bawaslu Kota Bontang; Kepala Dinas Pendidikan Kota Bontang;"
        " Ketua KPU Provinsi Kalimantan Timur"
    )
    assert run.status == RunStatus.SELESAI  # step 6 is the last of SOP 9.13
    assert [e.action for e in events[:2]] == ["kirim", "kirim"]
    assert "RR123456789ID" in (events[1].after or "")


def test_receipts_returned(
    demo_store: Store, who: dict[str, Actor], letter: KeluarRow, tmp_path: Path
) -> None:
    petugas = who["petugas"]
    first, second, cc = (t.id for t in tujuan_of(demo_store, letter.id))
    with pytest.raises(ServiceError, match="belum dikirim"):
        returned(demo_store, petugas, first)
    send(demo_store, petugas, [first], tanggal="18/11/2026")
    with pytest.raises(ValidationError) as info:
        returned(demo_store, petugas, first, nama="  ")
    assert set(info.value.errors) == {"nama_penerima"}
    with pytest.raises(ValidationError) as info:
        returned(demo_store, petugas, first, tanggal="17/11/2026")  # before it was sent
    assert set(info.value.errors) == {"tanggal"}
    with pytest.raises(ValidationError) as info:
        returned(demo_store, petugas, first, tanggal="24/11/2026")
    assert set(info.value.errors) == {"tanggal"}
    with pytest.raises(PermissionDenied):
        returned(demo_store, who["ketua"], first)
    with pytest.raises(ValidationError) as info:  # a scan needs the attachment store
        returned(demo_store, petugas, first, berkas=(str(tmp_path / "tt.pdf"),))
    assert set(info.value.errors) == {"berkas"}
    scan = tmp_path / "tanda terima.pdf"
    scan.write_bytes(b"%PDF-1.4 tanda terima bawaslu")
    back = returned(
        demo_store,
        petugas,
        first,
        nama="Rahmat Hidayat",
        tanggal="19/11/2026",
        berkas=(str(scan),),
        attachment_dir=tmp_path / "lampiran",
    )
    assert (back.status, back.nama_penerima, back.tanda_terima_oleh_nama) == (
        KirimStatus.DITERIMA,
        "Rahmat Hidayat",
        "Sekar Ayu Lestari",
    )
    assert back.diterima_at == at(2026, 11, 19, 12)  # an earlier day: noon office time
    assert back.diterima_at is not None and back.diterima_at.astimezone(WITA).hour == 12
    with pytest.raises(ServiceError, match="tanda terima kembali"):
        returned(demo_store, petugas, first)
    # The letter stays terbit while a tujuan is unsent, even with a receipt back.
    assert status(demo_store, letter.id) == KeluarStatus.TERBIT
    send(demo_store, petugas, [second, cc])
    assert status(demo_store, letter.id) == KeluarStatus.DIKIRIM
    returned(demo_store, who["staf"], second, nama="Sekretariat Disdik")
    assert status(demo_store, letter.id) == KeluarStatus.DIKIRIM  # the tembusan is not back
    today = returned(demo_store, petugas, cc, nama="Bagian Umum KPU Kaltim")
    assert today.diterima_at == NOW
    assert status(demo_store, letter.id) == KeluarStatus.SELESAI
    with demo_store.read() as s:
        detail = skr.get_detail(s, letter.id)
        actions = [
            e.action
            for e in journal.list_events(s, journal.JournalFilter(record_type="surat_keluar"))
        ]
    assert [b.jenis for b in detail.berkas] == [BerkasJenis.TANDA_TERIMA]
    assert detail.berkas[0].nama == "tanda terima.pdf"
    assert actions[:3] == ["tanda_terima", "tanda_terima", "kirim"]


def test_withdraw_a_tujuan(demo_store: Store, who: dict[str, Actor], letter: KeluarRow) -> None:
    petugas = who["petugas"]
    first, second, cc = (t.id for t in tujuan_of(demo_store, letter.id))
    send(demo_store, petugas, [first])
    returned(demo_store, petugas, first)
    with pytest.raises(ServiceError), demo_store.write() as s:  # sent already
        ekspedisi.withdraw(s, actor=petugas, tujuan_id=first, alasan="x", now=NOW)
    with pytest.raises(ValidationError), demo_store.write() as s:
        ekspedisi.withdraw(s, actor=petugas, tujuan_id=second, alasan=" ", now=NOW)
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        ekspedisi.withdraw(s, actor=who["ketua"], tujuan_id=second, alasan="x", now=NOW)
    with demo_store.write() as s:
        gone = ekspedisi.withdraw(
            s, actor=petugas, tujuan_id=second, alasan="Diserahkan dalam rapat", now=NOW
        )
    assert (gone.status, gone.alasan_batal) == (KirimStatus.BATAL, "Diserahkan dalam rapat")
    assert status(demo_store, letter.id) == KeluarStatus.TERBIT  # the tembusan is unsent
    with demo_store.write() as s:
        ekspedisi.withdraw(s, actor=who["staf"], tujuan_id=cc, alasan="Tidak perlu", now=NOW)
    # Every live tujuan is sent and back: selesai at once, with step 6 recorded.
    assert status(demo_store, letter.id) == KeluarStatus.SELESAI
    assert steps_done(demo_store, letter) == [1, 2, 3, 4, 5, 6]
    with pytest.raises(ServiceError), demo_store.write() as s:
        ekspedisi.withdraw(s, actor=petugas, tujuan_id=cc, alasan="lagi", now=NOW)
    with pytest.raises(NotFound), demo_store.write() as s:
        ekspedisi.withdraw(s, actor=petugas, tujuan_id=9999, alasan="x", now=NOW)


# -- the buku ekspedisi ----------------------------------------------------------------------


def test_buku_ekspedisi_pages_and_filters(demo_store: Store, who: dict[str, Actor]) -> None:
    petugas = who["petugas"]
    letters = [
        signed(demo_store, tanggal="16/11/2026", perihal=f"Surat {n}", tujuan=THREE)
        for n in range(3)
    ]
    sent: list[int] = []
    for index, row in enumerate(letters):
        ids = [t.id for t in tujuan_of(demo_store, row.id)]
        day = f"{17 + index}/11/2026"
        send(demo_store, petugas, ids[:2], cara="pos" if index == 1 else "antar", tanggal=day)
        sent += ids[:2]
    returned(demo_store, petugas, sent[0], tanggal="20/11/2026")
    unsent = signed(demo_store)  # its tujuan are not in the book until sent

    def collect(flt: ekspedisi.EkspedisiFilter, limit: int) -> list[int]:
        out: list[int] = []
        after = None
        with demo_store.read() as s:
            while True:
                page = ekspedisi.list_ekspedisi(s, flt, after=after, limit=limit)
                out += [r.tujuan.id for r in page]
                if len(page) < limit:
                    return out
                after = ekspedisi.cursor_of(page[-1])

    everything = ekspedisi.EkspedisiFilter()
    assert collect(everything, 4) == sent  # by tanggal kirim, then entry
    assert collect(everything, 1) == sent
    with demo_store.read() as s:
        assert ekspedisi.count_ekspedisi(s) == 6
        rows = ekspedisi.list_ekspedisi(s)
        first = rows[0]
        assert (first.surat_id, first.nomor_surat, first.perihal) == (
            letters[0].id,
            letters[0].nomor_surat,
            "Surat 0",
        )
        assert first.tanggal_surat == date(2026, 11, 16)
        assert first.tujuan.status == KirimStatus.DITERIMA
        assert first.surat_status == KeluarStatus.TERBIT
        assert ekspedisi.count_ekspedisi(s, ekspedisi.EkspedisiFilter(dari=date(2026, 11, 18))) == 4
        assert (
            ekspedisi.count_ekspedisi(
                s,
                ekspedisi.EkspedisiFilter(dari=date(2026, 11, 18), sampai=date(2026, 11, 18)),
            )
            == 2
        )
        assert (
            ekspedisi.count_ekspedisi(s, ekspedisi.EkspedisiFilter(cara_kirim=CaraKirim.POS)) == 2
        )
        assert (
            ekspedisi.count_ekspedisi(s, ekspedisi.EkspedisiFilter(status=(KirimStatus.DITERIMA,)))
            == 1
        )
        # Unsent tujuan only when asked for (the default is the book: sent and received).
        belum = ekspedisi.EkspedisiFilter(status=(KirimStatus.BELUM,))
        assert ekspedisi.count_ekspedisi(s, belum) == 3 + 2
        assert {r.surat_id for r in ekspedisi.list_ekspedisi(s, belum)} == {
            letters[0].id,
            letters[1].id,
            letters[2].id,
            unsent.id,
        }


def test_unsent_tujuan_page_too(demo_store: Store) -> None:
    rows = [signed(demo_store, tujuan=THREE) for _ in range(2)]
    flt = ekspedisi.EkspedisiFilter(status=(KirimStatus.BELUM,))
    with demo_store.read() as s:
        first = ekspedisi.list_ekspedisi(s, flt, limit=2)
        rest = ekspedisi.list_ekspedisi(s, flt, after=ekspedisi.cursor_of(first[-1]), limit=10)
        total = ekspedisi.count_ekspedisi(s, flt)
    assert total == 6 and len(rows) == 2
    assert len(first) + len(rest) == total


def test_a_receipt_does_not_revive_a_cancelled_letter(
    demo_store: Store, who: dict[str, Actor], letter: KeluarRow
) -> None:
    petugas = who["petugas"]
    ids = [t.id for t in tujuan_of(demo_store, letter.id)]
    send(demo_store, petugas, ids)
    with demo_store.write() as s:
        sk.cancel(s, actor=petugas, surat_id=letter.id, alasan="Surat ditarik kembali", now=NOW)
    assert status(demo_store, letter.id) == KeluarStatus.BATAL
    with contextlib.suppress(ServiceError):  # refusing the receipt is one right answer
        returned(demo_store, petugas, ids[0])
    assert status(demo_store, letter.id) == KeluarStatus.BATAL
