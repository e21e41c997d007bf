"""The papers of one surat masuk: lembar disposisi, tanda terima, kartu kendali.

Letters are registered and disposed through the services on a copy of the demo office, then
printed; the stories are inspected for the tick boxes (drawn, so not in the PDF's text) and the
PDFs are read back with pypdf for everything that is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from sqlmodel import select

from kpu_tui.models import Jabatan, Role, Unit, User
from kpu_tui.printing.flowables import CheckBox, Watermark
from kpu_tui.printing.surat_masuk import (
    SuratPrintData,
    build_kartu_kendali_story,
    build_lembar_disposisi_story,
    build_tanda_terima_story,
    lead_chain,
    load_surat_print_data,
    numbered_hops,
    write_kartu_kendali,
    write_lembar_disposisi,
    write_tanda_terima,
)
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.store import Store

from .helpers import PRINTED_BY, embedded, font_names, page_sizes, page_texts

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
"""Monday 2 March 2026, 09.30 in Bontang (WITA, UTC+8)."""
PRINTED_AT = datetime(2026, 3, 9, 0, 15, tzinfo=UTC)
UNICODE_ASAL = "Łukasz Ñoño, Advokat & Rekan"


# -- helpers shared with the agenda and command-line tests ------------------------------------


def petugas(store: Store) -> Actor:
    """The demo office's petugas persuratan (who may also enter disposisi given on paper)."""
    with store.read() as session:
        user = session.exec(select(User).where(User.username == "petugas")).one()
        assert user.id is not None
        return Actor(user.id, user.nama, frozenset({Role.PETUGAS}))


def jabatan_ids(store: Store) -> dict[str, int]:
    """The demo positions by kode."""
    with store.read() as session:
        return {j.kode: j.id for j in session.exec(select(Jabatan)).all() if j.id is not None}


def register(store: Store, actor: Actor, *, now: datetime = NOW, **fields: Any) -> sm.SuratRow:
    """Register a letter (defaults for the required fields)."""
    values: dict[str, Any] = {
        "nomor_surat": "005/PL.01/2026",
        "asal": "Bawaslu Kota Bontang",
        "perihal": "Undangan rapat koordinasi persiapan pemilihan",
    }
    values.update(fields)
    with store.write() as session:
        return sm.register(session, actor=actor, form=sm.SuratMasukForm(**values), now=now)


def give(
    store: Store,
    actor: Actor,
    surat_id: int,
    penerima: Sequence[dp.Tujuan],
    *,
    dari: int | None = None,
    induk: int | None = None,
    now: datetime = NOW,
    **fields: Any,
) -> dp.HopView:
    """One disposisi hop (the pimpinan's with ``dari``, a pass-on with ``induk``)."""
    form = dp.DisposisiForm(penerima=tuple(penerima), dari_jabatan_id=dari, **fields)
    with store.write() as session:
        return dp.give(
            session, actor=actor, surat_id=surat_id, form=form, induk_penerima_id=induk, now=now
        )


def dispose_chain(store: Store, actor: Actor, surat_id: int) -> dict[str, dp.HopView]:
    """Ketua -> Sekretaris -> Kasubbag TPPH (lead) and KUL -> staf, plus one withdrawn hop."""
    jab = jabatan_ids(store)
    with store.read() as session:
        staf = session.exec(select(User).where(User.username == "staf")).one().id
    ketua = give(
        store,
        actor,
        surat_id,
        [dp.Tujuan(jabatan_id=jab["SEKRETARIS"])],
        dari=jab["KETUA"],
        instruksi=("ditindaklanjuti", "koordinasikan"),
        catatan="Segera dibahas dalam rapat pleno.\nLaporkan hasilnya.",
        batas_waktu="6/3/2026",
    )
    sekretaris = give(
        store,
        actor,
        surat_id,
        [dp.Tujuan(jabatan_id=jab["KASUBBAG_TPPH"]), dp.Tujuan(jabatan_id=jab["KASUBBAG_KUL"])],
        induk=ketua.penerima[0].id,
        instruksi=("siapkan_jawaban",),
        catatan="Siapkan bahan rapat",
        batas_waktu="5/3/2026",
    )
    salah = give(
        store,
        actor,
        surat_id,
        [dp.Tujuan(user_id=staf)],
        induk=sekretaris.penerima[0].id,
        instruksi=("proses_lanjut",),
    )
    with store.write() as session:
        dp.cancel(session, actor=actor, disposisi_id=salah.id, alasan="Salah penerima", now=NOW)
    kasubbag = give(
        store,
        actor,
        surat_id,
        [dp.Tujuan(user_id=staf)],
        induk=sekretaris.penerima[0].id,
        instruksi=("proses_lanjut",),
        catatan="Konsep jawaban",
    )
    return {"ketua": ketua, "sekretaris": sekretaris, "kasubbag": kasubbag}


def load(store: Store, surat_id: int, kertas: str | None = None) -> SuratPrintData:
    """The print data of a letter, printed by :data:`PRINTED_BY` at :data:`PRINTED_AT`."""
    with store.read() as session:
        return load_surat_print_data(
            session, surat_id=surat_id, printed_by=PRINTED_BY, now=PRINTED_AT, kertas=kertas
        )


# -- reading stories ---------------------------------------------------------------------------


def text_of(cell: Any) -> str:
    """The plain text of a cell (a paragraph, a list of them, a string)."""
    if isinstance(cell, Paragraph):
        return cell.getPlainText()
    if isinstance(cell, (list, tuple)):
        return " ".join(t for t in (text_of(c) for c in cell) if t)
    return cell if isinstance(cell, str) else ""


def ticks(story: Sequence[Flowable]) -> list[tuple[str, bool]]:
    """Every tick box of a story with its label, in reading order."""
    found: list[tuple[str, bool]] = []

    def walk(item: Any) -> None:
        if isinstance(item, Table):
            for row in item._cellvalues:
                for index, cell in enumerate(row):
                    if isinstance(cell, CheckBox) and index + 1 < len(row):
                        found.append((text_of(row[index + 1]), cell.checked))
                    else:
                        walk(cell)
        elif isinstance(item, KeepTogether):
            walk(item._content)
        elif isinstance(item, (list, tuple)):
            for child in item:
                walk(child)

    walk(list(story))
    return found


def ticked(story: Sequence[Flowable]) -> list[str]:
    """The labels of the ticked boxes."""
    return [label for label, checked in ticks(story) if checked]


# -- lembar disposisi --------------------------------------------------------------------------


def test_fresh_letter_prints_an_empty_form(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    jab = jabatan_ids(demo_store)
    row = register(
        demo_store,
        actor,
        tanggal_surat="27/2/2026",
        lampiran="1 berkas",
        sifat="Rahasia",
        derajat="Segera",
        tujuan_jabatan_id=jab["KETUA"],
    )
    data = load(demo_store, row.id)
    story = build_lembar_disposisi_story(data)
    boxes = ticks(story)
    # Only the letter's own sifat and derajat are ticked; recipients and instructions are
    # left for the pimpinan's pen.
    assert ticked(story) == ["Rahasia", "Segera"]
    labels = [label for label, _ in boxes]
    assert "Sekretaris KPU Kabupaten/Kota" in labels
    assert "Untuk ditindaklanjuti" in labels and "Arsipkan" in labels
    assert not any(label.startswith("Ketua KPU") for label in labels), "the addressee writes it"
    # Four positions share the name Anggota: their holders tell them apart.
    assert "Anggota KPU Kabupaten/Kota Ahmad Fauzi, S.Pd." in labels

    target = tmp_path / "disposisi.pdf"
    assert write_lembar_disposisi(target, data) == 1
    (text,) = page_texts(target)
    for expected in (
        "KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "LEMBAR DISPOSISI",
        "Surat dari Bawaslu Kota Bontang",
        "Nomor surat 005/PL.01/2026",
        "Tanggal surat 27 Februari 2026",
        "Diterima tanggal 2 Maret 2026",
        f"Nomor agenda {row.agenda_teks}",
        "Lampiran 1 berkas",
        "Perihal Undangan rapat koordinasi persiapan pemilihan",
        "Diteruskan kepada Sdr.:",
        "Dengan hormat harap:",
        "Catatan:",
        "Batas waktu penyelesaian:",
        "Pemberi disposisi",
        "Paraf",
        "Disposisi lanjutan",
        "Halaman 1 dari 1",
        f"Dicetak 9 Maret 2026 pukul 08.15 WITA oleh {PRINTED_BY}",
    ):
        assert expected in text, expected
    assert "BATAL" not in text
    assert page_sizes(target) == [(595.3, 841.9)]


def test_disposisi_ticks_the_recipients_and_instructions(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor)
    dispose_chain(demo_store, actor, row.id)
    data = load(demo_store, row.id)
    story = build_lembar_disposisi_story(data)
    assert ticked(story) == [
        "Biasa",
        "Biasa",
        "Sekretaris KPU Kabupaten/Kota",
        "Untuk ditindaklanjuti",
        "Koordinasikan/konfirmasikan",
    ]
    assert len(data.lanjutan()) == 2, "the withdrawn hop is not on the form"

    target = tmp_path / "disposisi.pdf"
    assert write_lembar_disposisi(target, data) == 1, "a normal letter fits one page"
    (text,) = page_texts(target)
    for expected in (
        "Segera dibahas dalam rapat pleno. Laporkan hasilnya.",
        "6 Maret 2026",  # batas waktu
        "Tanggal : 2 Maret 2026 pukul 09.30",  # the pemberi's date in office time
        "Ketua KPU Kabupaten/Kota Hj. Maryam Abdullah",
        "dicatat oleh Sekar Ayu Lestari",
        # Disposisi lanjutan: Sekretaris to both Kasubbag, then Kasubbag TPPH to the staf.
        "1. Sekretaris Kasubbag TPP dan Hukum (utama), Kasubbag KUL Siapkan jawaban/tanggapan "
        "Siapkan bahan rapat 2 Mar 2026 5 Mar 2026",
        "2. Kasubbag TPP dan Hukum Dewi Kartika Sari Proses lebih lanjut Konsep jawaban",
    ):
        assert expected in text, expected
    assert "Salah penerima" not in text


def test_recipients_outside_the_position_list_are_added_ticked(demo_store: Store) -> None:
    actor = petugas(demo_store)
    jab = jabatan_ids(demo_store)
    with demo_store.read() as session:
        unit = session.exec(select(Unit).where(Unit.kode == "SUBBAG_KUL")).one()
        staf = session.exec(select(User).where(User.username == "staf")).one()
    row = register(demo_store, actor)
    give(
        demo_store,
        actor,
        row.id,
        [dp.Tujuan(unit_id=unit.id), dp.Tujuan(user_id=staf.id)],
        dari=jab["KETUA"],
        utama=1,
        instruksi=("hadiri",),
    )
    story = build_lembar_disposisi_story(load(demo_store, row.id))
    assert ticked(story)[2:] == [
        unit.nama,
        f"{staf.nama} penerima utama",
        "Hadiri/wakili",
    ]


def test_cancelled_letter_is_marked_batal_on_every_paper(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor, asal=UNICODE_ASAL, perihal="Permohonan audiensi <segera>")
    with demo_store.write() as session:
        sm.cancel(
            session, actor=actor, surat_id=row.id, alasan="Surat ganda, sudah dicatat", now=NOW
        )
    data = load(demo_store, row.id)
    assert data.batal
    writers = {
        "disposisi": (write_lembar_disposisi, build_lembar_disposisi_story),
        "tanda-terima": (write_tanda_terima, build_tanda_terima_story),
        "kartu-kendali": (write_kartu_kendali, build_kartu_kendali_story),
    }
    for name, (write, build) in writers.items():
        assert isinstance(build(data)[0], Watermark), name
        target = tmp_path / f"{name}.pdf"
        write(target, data)
        text = " ".join(page_texts(target))
        assert "BATAL" in text, name
        assert "Surat ganda, sudah dicatat" in text, name
        assert UNICODE_ASAL in text, name
        assert "Permohonan audiensi <segera>" in text, name
    disposisi_text = page_texts(tmp_path / "disposisi.pdf")[0]
    assert "BATAL — pencatatan surat ini dibatalkan pada 2 Maret 2026" in disposisi_text


def test_unicode_names_print_in_the_embedded_font(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor, asal=UNICODE_ASAL, perihal="Surat dari Ñúñez-Dési O’Neil")
    target = tmp_path / "kartu.pdf"
    write_kartu_kendali(target, load(demo_store, row.id))
    text = page_texts(target)[0]
    assert f"Indeks {UNICODE_ASAL}" in text
    assert "Surat dari Ñúñez-Dési O’Neil" in text
    assert embedded(target)
    assert font_names(target) <= {"PTSans-Regular", "PTSans-Bold"}


def test_f4_paper(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor)
    data = load(demo_store, row.id, kertas="F4")
    for write in (write_lembar_disposisi, write_tanda_terima, write_kartu_kendali):
        target = tmp_path / f"{write.__name__}.pdf"
        pages = write(target, data)
        assert page_sizes(target) == [(609.4, 935.4)] * pages


# -- tanda terima ------------------------------------------------------------------------------


def test_tanda_terima_two_copies_with_a_cut_line(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor, tanggal_surat="26/2/2026", lampiran="2 lembar")
    target = tmp_path / "tanda-terima.pdf"
    assert write_tanda_terima(target, load(demo_store, row.id)) == 1
    (text,) = page_texts(target)
    assert text.count("TANDA TERIMA SURAT MASUK") == 2
    assert "Lembar 1: untuk pengantar surat" in text
    assert "Lembar 2: untuk arsip" in text
    assert "potong di sini" in text
    fields = (
        f"Nomor agenda : {row.agenda_teks} "
        "Diterima : Senin, 2 Maret 2026 pukul 09.30 WITA "
        "Asal surat : Bawaslu Kota Bontang "
        "Nomor surat : 005/PL.01/2026 "
        "Tanggal surat : 26 Februari 2026 "
        "Perihal : Undangan rapat koordinasi persiapan pemilihan "
        "Lampiran : 2 lembar "
        "Diterima oleh : Sekar Ayu Lestari"
    )
    assert text.count(fields) == 2
    assert text.count("Yang menyerahkan,") == 2 and text.count("( Sekar Ayu Lestari )") == 2


# -- kartu kendali -----------------------------------------------------------------------------


def test_kartu_kendali_fields_and_history(tmp_path: Path, demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(
        demo_store,
        actor,
        klasifikasi="PL.01",
        tanggal_surat="25/2/2026",
        keterangan="Asli diserahkan ke Sekretaris",
    )
    hops = dispose_chain(demo_store, actor, row.id)
    with demo_store.write() as session:
        dp.complete(
            session,
            actor=actor,
            penerima_id=hops["kasubbag"].penerima[0].id,
            tindak_lanjut="Jawaban dikirim dengan surat 010/PL.01/2026",
            now=NOW,
        )
    data = load(demo_store, row.id)
    assert [p.nama for p in lead_chain(data.hops)] == [
        "Sekretaris KPU Kabupaten/Kota",
        "Kepala Sub Bagian Teknis Penyelenggaraan Pemilu dan Hukum",
        "Dewi Kartika Sari",
    ]
    assert [nomor for nomor, _ in numbered_hops(data.hops)] == ["1", "1.1", "1.1.1", "1.1.2"]
    target = tmp_path / "kartu.pdf"
    assert write_kartu_kendali(target, data) == 1
    (text,) = page_texts(target)
    for expected in (
        "KARTU KENDALI SURAT MASUK",
        "Indeks Bawaslu Kota Bontang",
        "Kode PL.01",
        f"Nomor urut {row.agenda_teks}",
        "Tanggal 2 Maret 2026",
        "Masuk / Keluar Masuk (M)",
        "Isi ringkas Undangan rapat koordinasi persiapan pemilihan",
        "Dari Bawaslu Kota Bontang",
        "Disposisi Ketua KPU Kabupaten/Kota kepada: Sekretaris KPU Kabupaten/Kota",
        "Tanggal surat 25 Februari 2026",
        "Nomor surat 005/PL.01/2026",
        "Pengolah Dewi Kartika Sari",
        "Paraf",
        "Asli diserahkan ke Sekretaris",
        "Selesai 2 Maret 2026. Tindak lanjut: Jawaban dikirim dengan surat 010/PL.01/2026",
        "Riwayat disposisi",
        "DIBATALKAN: Salah penerima",
        "Dewi Kartika Sari: selesai",
    ):
        assert expected in text, expected


def test_kartu_kendali_of_a_letter_filed_without_disposisi(demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor)
    with demo_store.write() as session:
        dp.file_without(session, actor=actor, surat_id=row.id, alasan="Tembusan", now=NOW)
    data = load(demo_store, row.id)
    story = build_kartu_kendali_story(data)
    texts = [
        text_of(cell)
        for table in story
        if isinstance(table, Table)
        for r in table._cellvalues
        for cell in r
    ]
    assert "Catatan Diarsipkan tanpa disposisi: Tembusan" in texts
    assert "Pengolah –" in texts
    assert any(
        isinstance(f, Paragraph) and f.getPlainText() == "Belum ada disposisi." for f in story
    )


def test_stories_are_pure_and_rebuildable(demo_store: Store) -> None:
    actor = petugas(demo_store)
    row = register(demo_store, actor)
    data = load(demo_store, row.id)
    first = ticks(build_lembar_disposisi_story(data))
    assert ticks(build_lembar_disposisi_story(data)) == first
    other = replace(data, tujuan_jabatan_id=None)
    labels = [label for label, _ in ticks(build_lembar_disposisi_story(other))]
    assert "Ketua KPU Kabupaten/Kota" in labels
