"""The morning briefing: per pejabat what is overdue and what falls due within three working
days (as of the office's opening time), and the letters received and the numbers taken on the
previous working day (Friday for a Monday, the day before a holiday for the day after it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from kpu_tui.models import NomorStatus, SuratStatus
from kpu_tui.services import antrian, nomor_surat
from kpu_tui.services import briefing as bf
from kpu_tui.services import disposisi as dp
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.antrian import Jenis
from kpu_tui.services.errors import ValidationError
from kpu_tui.sop.engine import Urgensi
from kpu_tui.store import Store
from tests.keluar_helpers import actor_of, at, jabatan_ids, signed

from .test_surat_masuk import letter

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 20)
KETUA = "Ketua KPU Kabupaten/Kota"
SEKRETARIS = "Sekretaris KPU Kabupaten/Kota"


@dataclass(frozen=True)
class Kantor:
    """What :func:`make_office` made, for the assertions."""

    late: str
    """Agenda of the letter whose disposisi to the Sekretaris was due Thursday 19 November."""
    today: str
    """Agenda of the letter whose disposisi to the Sekretaris is due Monday 23 November."""
    soon: str
    """Agenda of the letter whose disposisi to the Kasubbag TPPH is due Wednesday 25."""
    later: str
    """Agenda of the letter whose disposisi to the Kasubbag KUL is due Monday 30 (not soon)."""
    friday: tuple[str, ...]
    """Agendas of the letters received on Friday 20 November and not cancelled."""
    friday_waiting: str
    """The Friday letter handed to the Ketua and not disposed yet."""
    friday_disposed: str
    cancelled: str
    thursday: str
    nomor_thursday: str
    nomor_friday: tuple[str, ...]
    """Numbers taken on Friday: the signed letter's, a reservation, a voided reservation and a
    back-dated sisipan."""
    nomor_signed: str
    nomor_reserved: str
    nomor_voided: str
    nomor_sisipan: str
    nomor_monday: str


def _register(store: Store, day: datetime, **changes: object) -> sm.SuratRow:
    """A letter received at ``day`` (its tanggal terima is that day in office time)."""
    petugas = actor_of(store, "petugas")
    with store.write() as s:
        return sm.register(
            s, actor=petugas, form=letter(tanggal_terima="", tanggal_surat="", **changes), now=day
        )


def _give(store: Store, surat_id: int, *kode: str, batas: str, now: datetime) -> None:
    jab = jabatan_ids(store)
    with store.write() as s:
        dp.give(
            s,
            actor=actor_of(store, "petugas"),
            surat_id=surat_id,
            form=dp.DisposisiForm(
                penerima=tuple(dp.Tujuan(jabatan_id=jab[k]) for k in kode),
                dari_jabatan_id=jab["KETUA"],
                instruksi=("ditindaklanjuti",),
                batas_waktu=batas,
            ),
            now=now,
        )


def _reserve(store: Store, now: datetime, keperluan: str) -> str:
    with store.write() as s:
        return nomor_surat.reserve(
            s,
            actor=actor_of(store, "petugas"),
            jenis_naskah="SD",
            klasifikasi="PL.01.1",
            keperluan=keperluan,
            untuk_nama="Kasubbag KUL",
            now=now,
        ).nomor_teks


def make_office(store: Store) -> Kantor:
    """Letters and numbers around Monday 23 November 2026 (WITA) in the demo office."""
    jab = jabatan_ids(store)
    tuesday = at(2026, 11, 17, 9)
    late = _register(store, tuesday, nomor_surat="1/A", perihal="Permintaan data pemilih")
    _give(store, late.id, "SEKRETARIS", batas="19/11/2026", now=at(2026, 11, 17, 10))
    due_today = _register(store, tuesday, nomor_surat="2/A", perihal="Undangan rapat pleno")
    _give(store, due_today.id, "SEKRETARIS", batas="23/11/2026", now=at(2026, 11, 17, 10))
    soon = _register(store, tuesday, nomor_surat="3/A", perihal="Permohonan narasumber")
    _give(store, soon.id, "KASUBBAG_TPPH", batas="25/11/2026", now=at(2026, 11, 17, 10))
    later = _register(store, tuesday, nomor_surat="4/A", perihal="Laporan logistik gudang")
    _give(store, later.id, "KASUBBAG_KUL", batas="30/11/2026", now=at(2026, 11, 17, 10))

    thursday = _register(store, at(2026, 11, 19, 9), nomor_surat="5/A", perihal="Surat Kamis")
    nomor_thursday = signed(store, now=at(2026, 11, 19, 10)).nomor_surat

    waiting = _register(
        store,
        at(2026, 11, 20, 8, 15),
        nomor_surat="6/A",
        asal="KPU Provinsi Kalimantan Timur",
        perihal="Undangan rapat koordinasi pemutakhiran data pemilih",
        sifat="Rahasia",
        tujuan_jabatan_id=jab["KETUA"],
    )
    with store.write() as s:
        dp.hand_over(
            s, actor=actor_of(store, "petugas"), surat_id=waiting.id, now=at(2026, 11, 20, 9)
        )
    disposed = _register(
        store,
        at(2026, 11, 20, 9, 30),
        nomor_surat="7/A",
        perihal="Penyampaian jadwal pemutakhiran",
        tujuan_jabatan_id=jab["KETUA"],
    )
    _give(
        store,
        disposed.id,
        "SEKRETARIS",
        "KASUBBAG_TPPH",
        batas="26/11/2026",
        now=at(2026, 11, 20, 11),
    )
    cancelled = _register(store, at(2026, 11, 20, 10), nomor_surat="8/A", perihal="Salah catat")
    with store.write() as s:
        sm.cancel(
            s,
            actor=actor_of(store, "petugas"),
            surat_id=cancelled.id,
            alasan="Tercatat dua kali",
            now=at(2026, 11, 20, 10, 5),
        )

    nomor_signed = signed(store, now=at(2026, 11, 20, 10)).nomor_surat
    nomor_reserved = _reserve(store, at(2026, 11, 20, 11), "Surat pengantar logistik")
    nomor_voided = _reserve(store, at(2026, 11, 20, 13), "Undangan yang batal")
    with store.write() as s:
        kasubbag = actor_of(store, "kasubbag.tpph")
        nomor_sisipan = nomor_surat.take(
            s,
            actor=kasubbag,
            jenis="SD",
            klasifikasi="PL.01.1",
            unit_id=None,
            tanggal=date(2026, 11, 19),
            sisipan=True,
            now=at(2026, 11, 20, 14),
        ).nomor_teks
    with store.write() as s:
        voided = next(
            n
            for n in nomor_surat.list_nomor(s, nomor_surat.NomorFilter(tahun=2026))
            if n.nomor_teks == nomor_voided
        )
        nomor_surat.void(
            s,
            actor=actor_of(store, "petugas"),
            nomor_id=voided.id,
            alasan="Salah ketik",
            now=at(2026, 11, 23, 8),
        )
    nomor_monday = signed(store, now=at(2026, 11, 23, 9)).nomor_surat
    return Kantor(
        late=late.agenda_teks,
        today=due_today.agenda_teks,
        soon=soon.agenda_teks,
        later=later.agenda_teks,
        friday=(waiting.agenda_teks, disposed.agenda_teks),
        friday_waiting=waiting.agenda_teks,
        friday_disposed=disposed.agenda_teks,
        cancelled=cancelled.agenda_teks,
        thursday=thursday.agenda_teks,
        nomor_thursday=nomor_thursday or "",
        nomor_friday=(nomor_signed or "", nomor_reserved, nomor_voided, nomor_sisipan),
        nomor_signed=nomor_signed or "",
        nomor_reserved=nomor_reserved,
        nomor_voided=nomor_voided,
        nomor_sisipan=nomor_sisipan,
        nomor_monday=nomor_monday or "",
    )


def read(store: Store, tanggal: date, now: datetime | None = None) -> bf.Briefing:
    with store.read() as s:
        return bf.briefing(s, tanggal=tanggal, now=now)


def person(b: bf.Briefing, nama: str) -> bf.Pejabat:
    return next(p for p in b.pejabat if p.nama == nama)


def test_monday_morning(demo_store: Store) -> None:
    kantor = make_office(demo_store)
    b = read(demo_store, MONDAY)
    assert b.saat == datetime(2026, 11, 23, 7, 30) and b.zona == "WITA"
    assert b.libur is None and b.sebelumnya == FRIDAY
    assert [(d.tanggal, d.alasan) for d in b.dilewati] == [
        (date(2026, 11, 21), "Sabtu"),
        (date(2026, 11, 22), "Minggu"),
    ]

    # The pimpinan first: the Ketua (the letter handed over on Friday waits for her
    # disposisi), the Sekretaris, then the kasubbag, the shared desks last; the Kasubbag
    # KUL's only item is due next week, so she is not listed.
    names = [p.nama for p in b.pejabat]
    ketua, sekretaris, tpph = (
        "Hj. Maryam Abdullah",
        "Drs. Bambang Sutrisno, M.Si.",
        ("Andi Firmansyah, S.H."),
    )
    assert names.index(ketua) < names.index(sekretaris) < names.index(tpph)
    assert names[0] == ketua and names[-1] == "Petugas Persuratan"
    assert person(b, "Petugas Persuratan").jabatan == bf.PERAN_WORDS
    assert "Nur Aisyah, S.E." not in names
    assert all(p.terlambat or p.segera for p in b.pejabat)

    s = person(b, sekretaris)
    assert s.jabatan == SEKRETARIS
    (late,) = [t for t in s.terlambat if t.nomor == kantor.late]
    assert (late.jenis, late.keterangan, late.terlambat_hk) == (
        Jenis.DISPOSISI_BARU,
        "lewat 2 hari kerja",
        2,
    )
    assert late.tenggat == datetime(2026, 11, 19, 16, 0)
    assert (late.perihal, late.pihak, late.dari) == (
        "Permintaan data pemilih",
        "Bawaslu Kota Bontang",
        KETUA,
    )
    assert late.jenis_label == "Disposisi baru"
    soon_of_s = {t.nomor: t for t in s.segera}
    assert soon_of_s[kantor.today].urgensi == Urgensi.HARI_INI
    assert soon_of_s[kantor.today].keterangan == "hari ini 16.00"
    assert kantor.friday_disposed in soon_of_s  # due Thursday 26: three working days ahead
    assert kantor.later not in {t.nomor for p in b.pejabat for t in (*p.terlambat, *p.segera)}

    t = person(b, tpph)
    assert [(x.nomor, x.keterangan) for x in t.segera if x.nomor == kantor.soon] == [
        (kantor.soon, "Rab 25 Nov")
    ]
    # Handed over on Friday 09.00, the Ketua's disposisi was due within 30 office minutes.
    k = person(b, ketua)
    assert [(x.jenis, x.nomor, x.keterangan) for x in k.terlambat] == [
        (Jenis.TELAAH, kantor.friday_waiting, "lewat 1 hari kerja")
    ]
    assert k.terlambat[0].tenggat == datetime(2026, 11, 20, 9, 30) and not k.segera
    assert k.jabatan == KETUA

    # Every overdue or due-soon item of the office is with exactly one pejabat.
    with demo_store.read() as session:
        office = antrian.items(session, antrian.KANTOR, now=at(2026, 11, 23, 7, 30))
    listed = [t.key for p in b.pejabat for t in (*p.terlambat, *p.segera)]
    assert sorted(listed) == sorted(
        i.key for i in office if i.urgensi in (Urgensi.TERLAMBAT, Urgensi.HARI_INI, Urgensi.SEGERA)
    )
    assert b.jumlah_terlambat == sum(1 for i in office if i.terlambat) >= 2
    assert b.jumlah_segera == sum(len(p.segera) for p in b.pejabat) >= 4


def test_the_previous_working_days_letters_and_numbers(demo_store: Store) -> None:
    kantor = make_office(demo_store)
    b = read(demo_store, MONDAY)
    assert [s.agenda for s in b.surat_masuk] == list(kantor.friday)
    waiting, disposed = b.surat_masuk
    assert waiting.status == SuratStatus.BELUM_DISPOSISI and waiting.diteruskan == ()
    assert (waiting.asal, waiting.sifat, waiting.tujuan) == (
        "KPU Provinsi Kalimantan Timur",
        "Rahasia",
        KETUA,
    )
    assert waiting.diterima == datetime(2026, 11, 20, 8, 15)
    assert disposed.status == SuratStatus.PROSES
    assert disposed.diteruskan == ("Sekretaris (utama)", "Kasubbag TPP dan Hukum")

    numbers = {n.nomor_teks: n for n in b.nomor}
    assert list(numbers) == list(kantor.nomor_friday)
    assert numbers[kantor.nomor_signed].status == NomorStatus.TERPAKAI
    assert numbers[kantor.nomor_signed].perihal == "Permohonan data pemilih untuk pemutakhiran"
    assert numbers[kantor.nomor_signed].tujuan.startswith("Kepala Dinas Kependudukan")
    reserved = numbers[kantor.nomor_reserved]
    assert (reserved.status, reserved.perihal, reserved.untuk_nama) == (
        NomorStatus.DIPESAN,
        "Surat pengantar logistik",
        "Kasubbag KUL",
    )
    assert reserved.diambil == datetime(2026, 11, 20, 11, 0)
    voided = numbers[kantor.nomor_voided]
    assert (voided.status, voided.alasan) == (NomorStatus.BATAL, "Salah ketik")
    sisipan = numbers[kantor.nomor_sisipan]
    assert sisipan.sisipan and sisipan.tanggal == date(2026, 11, 19)
    assert sisipan.oleh_nama == "Andi Firmansyah, S.H."

    # Thursday's briefing is Friday's previous day: Thursday's letter and number only.
    friday = read(demo_store, FRIDAY)
    assert friday.sebelumnya == date(2026, 11, 19) and friday.dilewati == ()
    assert [s.agenda for s in friday.surat_masuk] == [kantor.thursday]
    assert [n.nomor_teks for n in friday.nomor] == [kantor.nomor_thursday]
    # Tuesday's: Monday's number, nothing received on Monday.
    tuesday = read(demo_store, date(2026, 11, 24))
    assert [n.nomor_teks for n in tuesday.nomor] == [kantor.nomor_monday]
    assert tuesday.surat_masuk == ()


def test_lateness_is_counted_at_the_moment_asked(demo_store: Store) -> None:
    kantor = make_office(demo_store)
    evening = read(demo_store, MONDAY, now=at(2026, 11, 23, 17))
    assert evening.saat == datetime(2026, 11, 23, 17, 0)
    s = person(evening, "Drs. Bambang Sutrisno, M.Si.")
    late = {t.nomor: t for t in s.terlambat}
    # Due at 16.00 that day: late after closing time (by the engine's words for it).
    assert late[kantor.today].urgensi == Urgensi.TERLAMBAT
    assert late[kantor.today].keterangan.startswith("lewat")
    assert kantor.today not in {t.nomor for t in s.segera}
    assert late[kantor.late].keterangan == "lewat 2 hari kerja"
    # A naive moment is office time.
    assert read(demo_store, MONDAY, now=datetime(2026, 11, 23, 17)).saat == evening.saat


def test_the_day_after_a_national_holiday(demo_store: Store) -> None:
    """Tuesday 18 August 2026 follows Independence Day (Monday 17): the previous working day
    is Friday 14 August."""
    received = _register(demo_store, at(2026, 8, 14, 9), nomor_surat="9/A", perihal="Surat Jumat")
    numbered = signed(demo_store, now=at(2026, 8, 14, 10)).nomor_surat
    _register(demo_store, at(2026, 8, 18, 8), nomor_surat="10/A", perihal="Surat Selasa")
    b = read(demo_store, date(2026, 8, 18))
    assert b.sebelumnya == date(2026, 8, 14)
    assert [(d.tanggal, d.alasan) for d in b.dilewati] == [
        (date(2026, 8, 15), "Sabtu"),
        (date(2026, 8, 16), "Minggu"),
        (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    ]
    assert [s.agenda for s in b.surat_masuk] == [received.agenda_teks]
    assert [n.nomor_teks for n in b.nomor] == [numbered]
    holiday = read(demo_store, date(2026, 8, 17))
    assert holiday.libur == "Hari Kemerdekaan Republik Indonesia"
    assert holiday.sebelumnya == date(2026, 8, 14)


def test_an_empty_office(demo_store: Store) -> None:
    b = read(demo_store, MONDAY)
    assert (b.pejabat, b.surat_masuk, b.nomor) == ((), (), ())
    assert (b.jumlah_terlambat, b.jumlah_segera) == (0, 0)


def test_the_day_typed(demo_store: Store) -> None:
    now = at(2026, 11, 23, 6)  # Sunday 22.00 UTC: already Monday in Bontang
    with demo_store.read() as s:
        assert bf.hari_ini(s, now) == MONDAY
        assert bf.parse_tanggal(s, "", now=now) == MONDAY
        assert bf.parse_tanggal(s, "hari ini", now=now) == MONDAY
        assert bf.parse_tanggal(s, "besok", now=now) == date(2026, 11, 24)
        assert bf.parse_tanggal(s, "2026-11-20", now=now) == FRIDAY
        assert bf.parse_tanggal(s, "20/11/2026", now=now) == FRIDAY
        cases = {
            "32/11/2026": "Tanggal tidak dikenali: '32/11/2026'",
            "1/1/1999": "tidak boleh sebelum tahun 2000",
            "1/1/2030": "paling lambat setahun dari hari ini",
        }
        for text, message in cases.items():
            with pytest.raises(ValidationError) as caught:
                bf.parse_tanggal(s, text, now=now)
            assert message in caught.value.errors["tanggal"], text
