"""The papers of one surat keluar: the tanda terima pengiriman slips (one per tujuan, several to
a page, cut lines between) and the lembar kendali (data, paraf rounds, number, ekspedisi)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpu_tui.models import KirimStatus
from kpu_tui.printing.surat_keluar import (
    KeluarPrintData,
    build_tanda_terima_kirim_story,
    check_numbered,
    ekspedisi_text,
    find_letter,
    load_keluar_print_data,
    write_lembar_kendali,
    write_tanda_terima_kirim,
)
from kpu_tui.services import ekspedisi as ek
from kpu_tui.services import nomor_surat as ns
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services.errors import NotFound, ServiceError
from kpu_tui.services.surat_keluar_views import KeluarRow, KirimForm, TujuanForm, TujuanView
from kpu_tui.store import Store
from tests.keluar_helpers import NOW, actor_of, at, dispatched, jabatan_ids, konsep, signed

from .helpers import PRINTED_BY, page_sizes, page_texts

FIVE = (
    TujuanForm("Ketua Bawaslu Kota Bontang", "Jl. MH Thamrin No. 1, Bontang"),
    TujuanForm("Kepala Kantor Kementerian Agama Kota Bontang", "Jl. Letjen S. Parman"),
    TujuanForm("Kapolres Bontang", "Jl. Bhayangkara"),
    TujuanForm("Sekretaris Jenderal KPU RI", tembusan=True),
    TujuanForm("Ketua KPU Provinsi Kalimantan Timur", tembusan=True),
)
"""Three tujuan and two tembusan: five slips, over two pages."""


@dataclass(frozen=True)
class Book:
    """Letters of November 2026 in every state the printed books show."""

    returned: KeluarRow
    """1/...: sent by hand to both tujuan, the first one's tanda terima back."""
    partly: KeluarRow
    """2/...: five tujuan, two sent by post."""
    cancelled: KeluarRow
    """3/...: cancelled after its number."""
    unsent: KeluarRow
    """6/...: signed, nothing sent (4 returned, 5 reserved, Keputusan 1 voided before)."""
    keputusan: KeluarRow
    """Nomor 2 Tahun 2026."""
    later: KeluarRow
    """Signed in December (outside the November books)."""
    draft: KeluarRow
    """A konsep, no number."""


def make_book(store: Store) -> Book:
    """The letters of :class:`Book`, through the services."""
    petugas = actor_of(store, "petugas")
    returned = dispatched(store, now=at(2026, 11, 2))
    with store.write() as s:
        first = ek.tujuan_of(s, returned.id)[0]
        ek.receipt_returned(
            s,
            actor=petugas,
            tujuan_id=first.id,
            nama_penerima="Łukasz Ñoño",
            now=at(2026, 11, 3),
        )
    partly = signed(
        store,
        now=at(2026, 11, 4),
        perihal="Undangan rapat koordinasi pemutakhiran data pemilih berkelanjutan",
        lampiran="1 berkas",
        tujuan=FIVE,
    )
    with store.write() as s:
        ids = [t.id for t in ek.tujuan_of(s, partly.id)[:2]]
        ek.dispatch(
            s,
            actor=petugas,
            tujuan_ids=ids,
            form=KirimForm("pos", nomor_resi="RR123456789ID"),
            now=at(2026, 11, 5),
        )
    cancelled = signed(store, now=at(2026, 11, 6), perihal="Surat yang salah alamat")
    with store.write() as s:
        sk.cancel(
            s,
            actor=petugas,
            surat_id=cancelled.id,
            alasan="Salah tujuan, diganti surat baru",
            now=at(2026, 11, 6, 10),
        )
    with store.write() as s:
        back = ns.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="HM.01",
            keperluan="Surat dari rapat di luar kantor",
            untuk_nama="Kasubbag TPPH",
            now=at(2026, 11, 9),
        )
        ns.return_number(
            s, actor=petugas, nomor_id=back.id, alasan="Tidak jadi dipakai", now=at(2026, 11, 9)
        )
        void = ns.reserve(
            s,
            actor=petugas,
            jenis_naskah="KEPUTUSAN",
            keperluan="SK panitia",
            untuk_nama="Sekretaris",
            now=at(2026, 11, 10),
        )
        ns.void(s, actor=petugas, nomor_id=void.id, alasan="Salah ambil", now=at(2026, 11, 10))
        ns.reserve(
            s,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="HM.01",
            keperluan="Undangan pleno",
            untuk_nama="Sekretaris",
            now=at(2026, 11, 11),
        )
    unsent = signed(store, now=at(2026, 11, 12))
    keputusan = signed(
        store,
        now=at(2026, 11, 13),
        jenis_naskah="KEPUTUSAN",
        klasifikasi="",
        perihal="Penetapan panitia pemutakhiran",
    )
    later = signed(store, now=at(2026, 12, 1), perihal="Laporan bulanan")
    staf = actor_of(store, "staf")
    with store.write() as s:
        draft = sk.create(s, actor=staf, form=konsep(store, perihal="Konsep yang belum jadi"))
    return Book(returned, partly, cancelled, unsent, keputusan, later, draft)


def load(
    store: Store, surat_id: int, *, kertas: str | None = None, tujuan_ids: tuple[int, ...] = ()
) -> KeluarPrintData:
    with store.read() as session:
        return load_keluar_print_data(
            session,
            surat_id=surat_id,
            printed_by=PRINTED_BY,
            now=NOW,
            kertas=kertas,
            tujuan_ids=tujuan_ids,
        )


def tujuan(status: KirimStatus, *, tembusan: bool = False) -> TujuanView:
    return TujuanView(
        id=1,
        surat_id=1,
        urutan=1,
        tembusan=tembusan,
        nama="X",
        alamat="",
        status=status,
        cara_kirim=None,
        tanggal_kirim=None,
        nomor_resi="",
        dikirim_oleh_nama="",
        nama_penerima="",
        diterima_at=None,
        tanda_terima_oleh_nama="",
        keterangan="",
        alasan_batal="",
    )


def test_ekspedisi_text() -> None:
    belum, dikirim, diterima, batal = (
        tujuan(KirimStatus.BELUM),
        tujuan(KirimStatus.DIKIRIM),
        tujuan(KirimStatus.DITERIMA),
        tujuan(KirimStatus.BATAL),
    )
    assert ekspedisi_text([]) == "Tanpa tujuan"
    assert ekspedisi_text([belum, belum, belum]) == "Belum dikirim (0/3)"
    assert ekspedisi_text([dikirim, diterima]) == "2/2 dikirim, 1 tanda terima kembali"
    assert (
        ekspedisi_text([dikirim, belum, batal]) == "1/2 dikirim, 0 tanda terima kembali, 1 ditarik"
    )
    assert ekspedisi_text([batal, batal]) == "Tanpa tujuan yang dikirimi, 2 ditarik"


# -- tanda terima pengiriman -------------------------------------------------------------------


def test_one_slip_per_tujuan_with_the_recorded_receipt(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    data = load(demo_store, book.returned.id)
    target = tmp_path / "tt.pdf"
    assert write_tanda_terima_kirim(target, data) == 1
    assert page_sizes(target) == [(595.3, 841.9)]
    text = page_texts(target)[0]
    assert text.count("TANDA TERIMA PENGIRIMAN SURAT") == 2
    assert text.count("KOMISI PEMILIHAN UMUM KOTA BONTANG") == 2  # each slip travels alone
    assert text.count("potong di sini") == 1
    assert text.count(book.returned.nomor_surat) == 2
    for expected in (
        "Tujuan 1 dari 2",
        "Tujuan 2 dari 2",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang",
        "Jl. Awang Long",
        "Ketua KPU Provinsi Kalimantan Timur (tembusan)",
        "2 November 2026",
        "Permohonan data pemilih untuk pemutakhiran",
        "antar langsung",
        "Diterima oleh (nama jelas) Tanggal terima Tanda tangan Cap instansi",
        "Łukasz Ñoño 3 November 2026",  # the receipt already back
        "Tanda terima sudah kembali; dicatat oleh",
        f"oleh {PRINTED_BY}",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    assert text.count("Łukasz Ñoño") == 1, "only the first tujuan's receipt is back"


def test_five_slips_run_over_two_pages_without_a_cut_line_at_the_edge(
    tmp_path: Path, demo_store: Store
) -> None:
    book = make_book(demo_store)
    data = load(demo_store, book.partly.id)
    target = tmp_path / "lima.pdf"
    assert write_tanda_terima_kirim(target, data) == 2
    first, second = page_texts(target)
    assert [f"Tujuan {n} dari 5" in first for n in range(1, 6)] == [True] * 3 + [False] * 2
    assert [f"Tujuan {n} dari 5" in second for n in range(1, 6)] == [False] * 3 + [True] * 2
    assert first.count("potong di sini") == 2 and second.count("potong di sini") == 1
    assert "RR123456789ID" in first and "pos" in first
    assert "Sekretaris Jenderal KPU RI (tembusan)" in second
    assert f"Tanda Terima Pengiriman Surat Nomor {book.partly.nomor_surat}" in second  # running
    assert "Halaman 1 dari 2" in first and "Halaman 2 dari 2" in second

    only = load(demo_store, book.partly.id, tujuan_ids=(data.detail.tujuan[2].id,))
    target = tmp_path / "satu.pdf"
    assert write_tanda_terima_kirim(target, only) == 1
    text = page_texts(target)[0]
    assert "Tujuan 1 dari 1" in text and "Kapolres Bontang" in text
    assert "Ketua Bawaslu" not in text and "potong di sini" not in text


def test_cancelled_letter_slips_say_batal(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    data = load(demo_store, book.cancelled.id)
    # Its tujuan were withdrawn with the letter: nothing to send.
    story = build_tanda_terima_kirim_story(data)
    assert repr(story[0]) == "Watermark('BATAL')"
    target = tmp_path / "batal.pdf"
    write_tanda_terima_kirim(target, data)
    text = page_texts(target)[0]
    assert "Surat ini tidak mempunyai tujuan yang dikirimi." in text

    # A letter cancelled after it was sent: every slip says so.
    with demo_store.write() as s:
        sk.cancel(
            s,
            actor=actor_of(demo_store, "petugas"),
            surat_id=book.returned.id,
            alasan="Ditarik kembali",
            now=at(2026, 11, 7),
        )
    target = tmp_path / "terkirim-batal.pdf"
    write_tanda_terima_kirim(target, load(demo_store, book.returned.id))
    text = page_texts(target)[0]
    assert text.count("BATAL — Ditarik kembali") == 2
    assert "Tujuan 2 dari 2" in text


def test_a_draft_has_no_tanda_terima(tmp_path: Path, demo_store: Store) -> None:
    book = make_book(demo_store)
    data = load(demo_store, book.draft.id)
    with pytest.raises(ServiceError, match="belum bernomor"):
        check_numbered(data)
    with pytest.raises(ServiceError):
        write_tanda_terima_kirim(tmp_path / "x.pdf", data)
    assert not (tmp_path / "x.pdf").exists()


def test_find_letter_by_its_number(demo_store: Store) -> None:
    book = make_book(demo_store)
    with demo_store.read() as session:
        nomor = book.partly.nomor_surat
        assert find_letter(session, nomor) == book.partly.id
        assert find_letter(session, f"  {nomor.lower()} ") == book.partly.id
        with pytest.raises(NotFound, match="Tidak ada surat keluar dengan nomor '99/X'"):
            find_letter(session, "99/X")
        with pytest.raises(NotFound):
            find_letter(session, "   ")


# -- lembar kendali ----------------------------------------------------------------------------


def test_lembar_kendali_holds_the_whole_file(tmp_path: Path, demo_store: Store) -> None:
    staf, kasubbag, petugas = (
        actor_of(demo_store, "staf"),
        actor_of(demo_store, "kasubbag.tpph"),
        actor_of(demo_store, "petugas"),
    )
    jab = jabatan_ids(demo_store)
    form = konsep(
        demo_store,
        paraf=(jab["KASUBBAG_TPPH"],),
        keterangan="Dikirim bersama data DPT",
    )
    with demo_store.write() as s:
        row = sk.create(s, actor=staf, form=form, now=NOW)
    with demo_store.write() as s:
        sk.submit(s, actor=staf, surat_id=row.id, now=NOW)
    with demo_store.write() as s:
        sk.return_for_correction(
            s, actor=kasubbag, surat_id=row.id, catatan="Perbaiki dasar hukum", now=NOW
        )
    with demo_store.write() as s:
        sk.submit(s, actor=staf, surat_id=row.id, now=at(2026, 11, 23, 10))
    with demo_store.write() as s:
        sk.paraf(
            s, actor=kasubbag, surat_id=row.id, catatan="Sudah benar", now=at(2026, 11, 23, 11)
        )
    with demo_store.write() as s:
        signed_row = sk.sign(s, actor=petugas, surat_id=row.id, now=at(2026, 11, 23, 13))
    with demo_store.write() as s:
        first, second = ek.tujuan_of(s, row.id)
        ek.dispatch(
            s,
            actor=petugas,
            tujuan_ids=[first.id],
            form=KirimForm("kurir", nomor_resi="JNE-001"),
            now=at(2026, 11, 23, 14),
        )
        ek.withdraw(
            s,
            actor=petugas,
            tujuan_id=second.id,
            alasan="Diserahkan dalam rapat",
            now=at(2026, 11, 23, 14),
        )
    data = load(demo_store, row.id)
    target = tmp_path / "kendali.pdf"
    assert write_lembar_kendali(target, data) == 1
    text = " ".join(page_texts(target))
    assert page_sizes(target)[0] == (595.3, 841.9)
    for expected in (
        "LEMBAR KENDALI SURAT KELUAR",
        f"Nomor {signed_row.nomor_surat}",
        "KOMISI PEMILIHAN UMUM KOTA BONTANG",
        "Jenis naskah Surat Dinas (SD)",
        "Kode klasifikasi PL.01.1",
        "Perihal Permohonan data pemilih untuk pemutakhiran",
        "Tembusan: Ketua KPU Provinsi Kalimantan Timur",
        "Keterangan Dikirim bersama data DPT",
        "Paraf berjenjang",
        "dikembalikan",
        "Perbaiki dasar hukum",
        "Sudah benar",
        "23 Nov 2026 13.00",  # the signature, office time
        "Tanda tangan dan nomor",
        "terpakai",
        "1/1 dikirim, 0 tanda terima kembali, 1 ditarik",
        "kurir/jasa ekspedisi (JNE-001)",
        "Ditarik: Diserahkan dalam rapat",
        "Pindaian surat bertanda tangan: belum diarsipkan.",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    # Round 1 (returned) before round 2 (paraf).
    rounds = re.findall(r"\b([12]) 1 Kepala Sub Bagian", text)
    assert rounds == ["1", "2"], text


def test_lembar_kendali_of_a_cancelled_letter_and_of_a_draft(
    tmp_path: Path, demo_store: Store
) -> None:
    book = make_book(demo_store)
    target = tmp_path / "batal.pdf"
    write_lembar_kendali(target, load(demo_store, book.cancelled.id))
    text = " ".join(page_texts(target))
    for expected in (
        "BATAL — surat ini dibatalkan pada 6 November 2026",
        "Alasan: Salah tujuan, diganti surat baru. Nomornya tetap tercatat sebagai BATAL.",
        "Keadaan BATAL: Salah tujuan, diganti surat baru",
        f"{book.cancelled.nomor_surat} 6 Nov 2026 BATAL",
    ):
        assert expected in text, expected

    target = tmp_path / "konsep.pdf"
    write_lembar_kendali(target, load(demo_store, book.draft.id, kertas="F4"))
    text = " ".join(page_texts(target))
    assert page_sizes(target)[0] == (609.4, 935.4)
    assert "Nomor (belum bernomor)" in text
    assert "Belum bernomor: nomor diberikan saat surat ditandatangani." in text
    assert "Keadaan Konsep" in text
