"""The home screen's figures: the "Antrian dan tenggat" section counted from the queue, each
figure naming the filtered lists behind it, and the register sections without duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kpu_tui.models import KeluarStatus, SuratStatus
from kpu_tui.services import antrian, overview
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.antrian import Jenis
from kpu_tui.services.surat_keluar_read import KeluarFilter
from kpu_tui.services.surat_masuk import SuratFilter
from kpu_tui.store import Store

from ..keluar_helpers import dispatched, konsep, signed
from .test_surat_masuk import NOW, actor_of, at, jabatan_ids, register

WITA = ZoneInfo("Asia/Makassar")
LATER = at(2026, 11, 25, 9)
"""Wednesday 25 November 2026, 09.00 WITA: the disposisi due 23 and 24 November are late."""
SEKRETARIS_MODES = frozenset(
    {"beranda", "antrian", "antrian-kantor", "surat-masuk", "surat-keluar"}
)
PETUGAS_MODES = frozenset({"beranda", "antrian", "surat-masuk", "surat-keluar", "nomor-surat"})


@dataclass(frozen=True)
class BusyOffice:
    """What :func:`busy_office` made (ids of the letters)."""

    belum: int
    """A surat masuk for the Ketua, not disposed."""
    unread: int
    """A surat masuk disposed to the Sekretaris (batas waktu 24 November), not read."""
    read: int
    """A surat masuk disposed to the Kasubbag KUL (batas waktu 23 November), read."""
    paraf: int
    """A konsep awaiting the Kasubbag TPPH's paraf."""
    terbit: int
    """A signed letter not sent."""
    dikirim: int
    """A letter sent to its two tujuan (a tembusan among them), no tanda terima back."""


def busy_office(store: Store) -> BusyOffice:
    """One piece of work of every kind the dashboard counts, made through the services on
    Monday 23 November 2026 (:data:`NOW`)."""
    petugas = actor_of(store, "petugas")
    ids = jabatan_ids(store)
    belum = register(store, petugas, nomor_surat="1/A/2026", tujuan_jabatan_id=ids["KETUA"])
    unread = register(store, petugas, nomor_surat="2/B/2026", tujuan_jabatan_id=ids["KETUA"])
    read = register(store, petugas, nomor_surat="3/C/2026", tujuan_jabatan_id=ids["KETUA"])
    with store.write() as s:
        for surat, jabatan, batas in (
            (unread, "SEKRETARIS", "24/11/2026"),
            (read, "KASUBBAG_KUL", "23/11/2026"),
        ):
            dp.give(
                s,
                actor=petugas,
                surat_id=surat.id,
                form=dp.DisposisiForm(
                    dari_jabatan_id=ids["KETUA"],
                    penerima=(dp.Tujuan(jabatan_id=ids[jabatan]),),
                    instruksi=("ditindaklanjuti",),
                    batas_waktu=batas,
                ),
                now=NOW,
            )
    with store.write() as s:
        (hop,) = dp.tree(s, read.id)
        dp.mark_read(
            s, actor=actor_of(store, "kasubbag.kul"), penerima_id=hop.penerima[0].id, now=NOW
        )
    staf = actor_of(store, "staf")
    with store.write() as s:
        draft = sk.create(s, actor=staf, form=konsep(store, perihal="Konsep di paraf"), now=NOW)
    with store.write() as s:
        sk.submit(s, actor=staf, surat_id=draft.id, now=NOW)
    terbit = signed(store, perihal="Sudah ditandatangani")
    sent = dispatched(store, perihal="Sudah dikirim")
    return BusyOffice(belum.id, unread.id, read.id, draft.id, terbit.id, sent.id)


def figures(store: Store, now: datetime) -> dict[str, overview.Counter]:
    """The counters of "Antrian dan tenggat" by label."""
    with store.read() as s:
        section = overview.antrian_tenggat(s, now.astimezone(WITA))
        assert overview.home_sections(s, now.astimezone(WITA))[0] == section
    assert section.title == "Antrian dan tenggat"
    return {c.label: c for c in section.counters}


def test_the_queue_section_counts_the_offices_open_work(demo_store: Store) -> None:
    busy_office(demo_store)
    on_monday = figures(demo_store, NOW)
    assert {label: c.value for label, c in on_monday.items()} == {
        "Belum didisposisi (surat masuk)": 1,
        "Disposisi belum dibaca": 1,
        "Disposisi belum ditindaklanjuti": 1,
        "Konsep menunggu paraf": 1,
        "Menunggu tanda tangan": 0,
        "Sudah ditandatangani, belum dikirim": 1,
        "Tanda terima belum kembali": 2,
        "Terlambat (semua register)": 0,
    }
    assert on_monday["Tanda terima belum kembali"].hint == "dihitung per tujuan"
    # On Wednesday both disposisi are past their batas waktu: the figure says so in red and
    # in words, and equals the overdue items of the office queue.
    late = figures(demo_store, LATER)["Terlambat (semua register)"]
    with demo_store.read() as s:
        overdue = antrian.items(
            s, antrian.KANTOR, now=LATER, flt=antrian.Filter(hanya_terlambat=True)
        )
    assert late.value == len(overdue) >= 2
    assert late.terlambat and late.hint == "lewat tenggat"
    assert {Jenis.DISPOSISI_BARU, Jenis.DISPOSISI} <= {item.jenis for item in overdue}


def test_nothing_late_is_said_in_words_not_red(demo_store: Store) -> None:
    late = figures(demo_store, NOW)["Terlambat (semua register)"]
    assert late.value == 0 and not late.terlambat
    assert late.hint == "tidak ada yang lewat tenggat"
    assert all(c.value == 0 for c in figures(demo_store, NOW).values())


def test_each_figure_opens_the_office_queue_for_whom_may_see_it(demo_store: Store) -> None:
    """For a pimpinan the queue figures open the office queue filtered by kind, and that list
    holds exactly the figure's items."""
    busy_office(demo_store)
    counters = figures(demo_store, LATER)
    expected = {
        "Belum didisposisi (surat masuk)": antrian.Filter(frozenset({Jenis.TELAAH})),
        "Disposisi belum dibaca": antrian.Filter(frozenset({Jenis.DISPOSISI_BARU})),
        "Disposisi belum ditindaklanjuti": antrian.Filter(frozenset({Jenis.DISPOSISI})),
        "Konsep menunggu paraf": antrian.Filter(frozenset({Jenis.PARAF})),
        "Menunggu tanda tangan": antrian.Filter(frozenset({Jenis.TANDA_TANGAN})),
        "Sudah ditandatangani, belum dikirim": antrian.Filter(frozenset({Jenis.KIRIM})),
        "Terlambat (semua register)": antrian.Filter(hanya_terlambat=True),
    }
    with demo_store.read() as s:
        for label, flt in expected.items():
            target = counters[label].target_for(SEKRETARIS_MODES)
            assert target == (overview.AREA_ANTRIAN_KANTOR, flt), label
            listed = antrian.items(s, antrian.KANTOR, now=LATER, flt=flt)
            assert len(listed) == counters[label].value, label
    # The tanda terima are not queue items: the buku agenda of letters awaiting them.
    assert counters["Tanda terima belum kembali"].target_for(SEKRETARIS_MODES) == (
        overview.AREA_SURAT_KELUAR,
        KeluarFilter(tampilan="agenda", status=(KeluarStatus.DIKIRIM,)),
    )


def test_a_petugas_is_sent_to_the_registers_filtered(demo_store: Store) -> None:
    """Without the office queue each figure opens the register's list that holds its letters
    (every year: the counts are not of this year only)."""
    office = busy_office(demo_store)
    counters = figures(demo_store, LATER)

    def target(label: str) -> tuple[str, object]:
        found = counters[label].target_for(PETUGAS_MODES)
        assert found is not None, label
        return found

    with demo_store.read() as s:
        mode, masuk = target("Belum didisposisi (surat masuk)")
        assert mode == overview.AREA_SURAT_MASUK and isinstance(masuk, SuratFilter)
        assert masuk == SuratFilter(status=(SuratStatus.BELUM_DISPOSISI,))
        assert [r.id for r in sm.list_surat(s, masuk)] == [office.belum]
        for label in ("Disposisi belum dibaca", "Disposisi belum ditindaklanjuti"):
            mode, proses = target(label)
            assert mode == overview.AREA_SURAT_MASUK and isinstance(proses, SuratFilter)
            assert {r.id for r in sm.list_surat(s, proses)} == {office.unread, office.read}
        for label, view, letter in (
            ("Konsep menunggu paraf", "konsep", office.paraf),
            ("Sudah ditandatangani, belum dikirim", "agenda", office.terbit),
            ("Tanda terima belum kembali", "agenda", office.dikirim),
        ):
            mode, keluar = target(label)
            assert mode == overview.AREA_SURAT_KELUAR and isinstance(keluar, KeluarFilter)
            assert keluar.tampilan == view and keluar.tahun is None, label
            assert [r.id for r in skr.list_surat(s, keluar)] == [letter], label
        mode, late = target("Terlambat (semua register)")
        assert mode == overview.AREA_SURAT_MASUK and isinstance(late, SuratFilter)
        assert late.terlambat_per == LATER.astimezone(WITA).date()
        assert {r.id for r in sm.list_surat(s, late)} == {office.unread, office.read}
    # A user who may open none of these lists gets no target (Enter does nothing).
    assert counters["Disposisi belum dibaca"].target_for({"beranda", "prosedur"}) is None


def test_the_register_sections_no_longer_repeat_the_queue_figures(demo_store: Store) -> None:
    busy_office(demo_store)
    with demo_store.read() as s:
        sections = overview.home_sections(s, LATER.astimezone(WITA))
    by_title = {section.title: section for section in sections}
    assert [section.title for section in sections][:3] == [
        "Antrian dan tenggat",
        "Surat masuk",
        "Surat keluar",
    ]
    assert [c.label for c in by_title["Surat masuk"].counters] == [
        "Tercatat tahun 2026",
        "Dalam proses",
        "Terlambat",
        "Selesai bulan November",
    ]
    keluar = {c.label: c for c in by_title["Surat keluar"].counters}
    assert list(keluar) == ["Bernomor tahun 2026", "Konsep", "Nomor dipesan"]
    # The konsep in paraf is not "Konsep" (not in hand any more); the signed two are numbered.
    assert keluar["Bernomor tahun 2026"].value == 2 and keluar["Konsep"].value == 0
    masuk = {c.label: c for c in by_title["Surat masuk"].counters}
    assert masuk["Dalam proses"].target_for(PETUGAS_MODES) == (
        overview.AREA_SURAT_MASUK,
        SuratFilter(status=(SuratStatus.PROSES,)),
    )
    # A figure without a filter opens its area as it is.
    assert keluar["Konsep"].target_for(PETUGAS_MODES) == (overview.AREA_SURAT_KELUAR, None)
    assert keluar["Konsep"].target_for({"beranda"}) is None
