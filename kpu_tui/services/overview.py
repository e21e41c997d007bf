"""What the home screen shows: counts of what the registers hold, from live queries.

Each register contributes a function to :data:`SECTIONS`; the home screen shows whatever the
registers that exist report, so it never shows a number nobody counted.

The first section, "Antrian dan tenggat", counts the office's open work (from
:func:`kpu_tui.services.antrian.hitungan`); each of its figures opens the list behind it,
filtered. Which list depends on who looks, as :class:`Counter` describes: every figure names
its lists in order of preference, and the home screen opens the first one the user's areas
include.

- *Belum didisposisi (surat masuk)*: the office queue's "perlu disposisi"; else the surat
  masuk register, status *belum disposisi*.
- *Disposisi belum dibaca* / *belum ditindaklanjuti*: the office queue's "disposisi baru" /
  "belum ditindaklanjuti"; else the surat masuk register, status *dalam proses*.
- *Konsep menunggu paraf* / *Menunggu tanda tangan*: the office queue's kind; else the surat
  keluar register's konsep view, status *menunggu paraf* / *menunggu tanda tangan*.
- *Sudah ditandatangani, belum dikirim*: the office queue's "belum dikirim"; else the buku
  agenda surat keluar, status *belum dikirim* (where the petugas dispatches them).
- *Tanda terima belum kembali*: the buku agenda surat keluar, status *dikirim*, for everyone.
- *Terlambat (semua register)*: the office queue, overdue items only; else the surat masuk
  register, status *terlambat*.

The figures are the office's; a kasubbag's office queue shows his own unit (it says so), so
his list may hold fewer items than the figure. The register lists are the nearest a user
without the office queue may see: for a disposisi they list the letters in process (whose
disposisi are open), for the overdue figure the letters whose disposisi is past its batas
waktu (the part of the office's lateness the petugas follows up). "Tanda terima belum
kembali" counts tujuan; its list shows the letters sent to every tujuan and still awaiting a
tanda terima (a letter partly sent stays *belum dikirim*).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from kpu_tui.models import (
    Jabatan,
    JenisNaskah,
    JournalEvent,
    KeluarStatus,
    KodeKlasifikasi,
    NomorStatus,
    NomorSurat,
    SuratKeluar,
    SuratMasuk,
    SuratStatus,
    User,
)
from kpu_tui.rules.dates import format_tanggal_pendek, nama_bulan

from . import antrian, calendar
from .antrian import Jenis
from .surat_keluar_read import KeluarFilter
from .surat_masuk import SuratFilter

Target = tuple[str, object]
"""``(area mode, filter)``: an area and the filter its ``apply_filter`` takes
(:class:`antrian.Filter` for the queues, :class:`SuratFilter` for the surat masuk register,
:class:`KeluarFilter` for the surat keluar register)."""


@dataclass(frozen=True)
class Counter:
    """One figure on the home screen."""

    label: str
    value: int | str
    hint: str = ""
    area: str = ""
    """The area that opens the list behind the figure ("" when there is none)."""
    targets: tuple[Target, ...] = ()
    """The filtered lists behind the figure, in order of preference (see the module's
    docstring); the home screen opens the first whose area the user may open, else ``area``."""
    terlambat: bool = False
    """The figure counts overdue work and is not zero: shown in red (its hint says so)."""

    def target_for(self, modes: Collection[str]) -> Target | None:
        """The list to open for a user whose areas are ``modes``: the first target among
        them, else the plain ``area`` (without a filter), else None."""
        for target in self.targets:
            if target[0] in modes:
                return target
        if self.area and self.area in modes:
            return (self.area, None)
        return None


@dataclass(frozen=True)
class Section:
    """A group of counters under a heading."""

    title: str
    counters: tuple[Counter, ...]


SectionBuilder = Callable[[Session, datetime], Section | None]
SECTIONS: list[SectionBuilder] = []
"""Builders in display order; later registers append theirs."""


def _count(session: Session, query: object) -> int:
    return int(session.exec(query).one())  # type: ignore[call-overload]


def administrasi(session: Session, now: datetime) -> Section:
    """Users, positions, reference tables and the journal."""
    users_active = _count(
        session, select(func.count()).select_from(User).where(col(User.aktif).is_(True))
    )
    jabatan_total = _count(
        session, select(func.count()).select_from(Jabatan).where(col(Jabatan.aktif).is_(True))
    )
    jabatan_terisi = _count(
        session,
        select(func.count())
        .select_from(Jabatan)
        .where(col(Jabatan.aktif).is_(True), col(Jabatan.pemegang_nama) != ""),
    )
    klasifikasi = _count(
        session,
        select(func.count())
        .select_from(KodeKlasifikasi)
        .where(col(KodeKlasifikasi.aktif).is_(True)),
    )
    jenis = _count(
        session,
        select(func.count()).select_from(JenisNaskah).where(col(JenisNaskah.aktif).is_(True)),
    )
    start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    events_total = _count(session, select(func.count()).select_from(JournalEvent))
    events_recent = _count(
        session,
        select(func.count()).select_from(JournalEvent).where(col(JournalEvent.at) >= start),
    )
    return Section(
        "Administrasi",
        (
            Counter("Pengguna aktif", users_active, area="pengguna"),
            Counter("Jabatan terisi", f"{jabatan_terisi} dari {jabatan_total}", area="kantor"),
            Counter("Kode klasifikasi arsip", klasifikasi, area="referensi"),
            Counter("Jenis naskah dinas", jenis, area="referensi"),
            Counter(
                "Peristiwa jurnal",
                events_total,
                hint=f"{events_recent} hari ini",
                area="jurnal",
            ),
        ),
    )


def kalender(session: Session, now: datetime) -> Section:
    """Whether today counts as a working day, and the next weekdays that do not."""
    today = now.date()
    cal = calendar.build_calendar(session, (today.year, today.year + 1))
    why = cal.why_not_working(today)
    upcoming: list[tuple[date, str]] = []
    day = today
    while len(upcoming) < 3 and day < today + timedelta(days=366):
        day += timedelta(days=1)
        reason = cal.why_not_working(day)
        if reason and day.weekday() < 5:
            upcoming.append((day, reason))
    closures = len(calendar.list_office_days(session, today.year, include_inactive=False))
    return Section(
        "Kalender kerja",
        (
            Counter("Hari ini", "hari kerja" if why is None else "bukan hari kerja", why or ""),
            *(
                Counter(
                    "Libur berikutnya" if index == 0 else "",
                    format_tanggal_pendek(tanggal),
                    reason,
                    area="kalender",
                )
                for index, (tanggal, reason) in enumerate(upcoming)
            ),
            Counter(f"Hari khusus kantor {today.year}", closures, area="kalender"),
        ),
    )


AREA_SURAT_MASUK = "surat-masuk"
"""The mode of the Surat Masuk area (opened from its figures)."""
AREA_SURAT_KELUAR = "surat-keluar"
"""The mode of the Surat Keluar area."""
AREA_NOMOR_SURAT = "nomor-surat"
"""The mode of the Nomor Surat area (the numbering ledger)."""
AREA_ANTRIAN = "antrian"
"""The mode of the user's own queue ("Antrian Saya")."""
AREA_ANTRIAN_KANTOR = "antrian-kantor"
"""The mode of the office's queue (every open item, by person)."""


def _kantor(*jenis: Jenis) -> Target:
    return (AREA_ANTRIAN_KANTOR, antrian.Filter(jenis=frozenset(jenis)))


def _masuk(*status: SuratStatus) -> Target:
    return (AREA_SURAT_MASUK, SuratFilter(status=status))


def _keluar(tampilan: str, *status: KeluarStatus) -> Target:
    return (AREA_SURAT_KELUAR, KeluarFilter(tampilan=tampilan, status=status))


def antrian_tenggat(session: Session, now: datetime) -> Section:
    """The office's open work and what is overdue, each figure opening its filtered list (the
    module's docstring says which list for whom). Counted in SQL by
    :func:`antrian.hitungan`."""
    h = antrian.hitungan(session, now=now)
    late_masuk = (AREA_SURAT_MASUK, SuratFilter(terlambat_per=now.date()))
    return Section(
        "Antrian dan tenggat",
        (
            Counter(
                "Belum didisposisi (surat masuk)",
                h.belum_disposisi,
                targets=(_kantor(Jenis.TELAAH), _masuk(SuratStatus.BELUM_DISPOSISI)),
            ),
            Counter(
                "Disposisi belum dibaca",
                h.disposisi_baru,
                targets=(_kantor(Jenis.DISPOSISI_BARU), _masuk(SuratStatus.PROSES)),
            ),
            Counter(
                "Disposisi belum ditindaklanjuti",
                h.disposisi_dibaca,
                hint="sudah dibaca" if h.disposisi_dibaca else "",
                targets=(_kantor(Jenis.DISPOSISI), _masuk(SuratStatus.PROSES)),
            ),
            Counter(
                "Konsep menunggu paraf",
                h.paraf,
                targets=(_kantor(Jenis.PARAF), _keluar("konsep", KeluarStatus.PARAF)),
            ),
            Counter(
                "Menunggu tanda tangan",
                h.tanda_tangan,
                targets=(
                    _kantor(Jenis.TANDA_TANGAN),
                    _keluar("konsep", KeluarStatus.TANDA_TANGAN),
                ),
            ),
            Counter(
                "Sudah ditandatangani, belum dikirim",
                h.belum_dikirim,
                targets=(_kantor(Jenis.KIRIM), _keluar("agenda", KeluarStatus.TERBIT)),
            ),
            Counter(
                "Tanda terima belum kembali",
                h.tanda_terima,
                hint="dihitung per tujuan" if h.tanda_terima else "",
                targets=(_keluar("agenda", KeluarStatus.DIKIRIM),),
            ),
            Counter(
                "Terlambat (semua register)",
                h.terlambat,
                hint="lewat tenggat" if h.terlambat else "tidak ada yang lewat tenggat",
                targets=(
                    (AREA_ANTRIAN_KANTOR, antrian.Filter(hanya_terlambat=True)),
                    late_masuk,
                ),
                terlambat=h.terlambat > 0,
            ),
        ),
    )


def surat_masuk(session: Session, now: datetime) -> Section:
    """The buku agenda surat masuk: this year's letters and where the open ones stand (the
    letters awaiting their disposisi are counted in "Antrian dan tenggat").

    Every figure is one count through an index: ``(tahun, nomor_agenda)`` for the year,
    ``(status, tenggat)`` for the others.
    """
    today = now.date()
    status = col(SuratMasuk.status)

    def by_status(value: SuratStatus, *where: Any) -> int:
        return _count(
            session, select(func.count()).select_from(SuratMasuk).where(status == value, *where)
        )

    # The year through its (tahun, nomor_agenda) index alone, less the few cancelled ones.
    batal = by_status(SuratStatus.BATAL, SuratMasuk.tahun == today.year)
    tahun_ini = (
        _count(
            session,
            select(func.count()).select_from(SuratMasuk).where(SuratMasuk.tahun == today.year),
        )
        - batal
    )
    proses = by_status(SuratStatus.PROSES)
    terlambat = by_status(SuratStatus.PROSES, col(SuratMasuk.tenggat) < today)
    month_start = datetime.combine(today.replace(day=1), time(0), tzinfo=now.tzinfo)
    selesai = by_status(SuratStatus.SELESAI, col(SuratMasuk.selesai_at) >= month_start)
    area = AREA_SURAT_MASUK
    return Section(
        "Surat masuk",
        (
            Counter(
                f"Tercatat tahun {today.year}",
                tahun_ini,
                hint=f"{batal} batal" if batal else "",
                area=area,
            ),
            Counter("Dalam proses", proses, area=area, targets=(_masuk(SuratStatus.PROSES),)),
            Counter(
                "Terlambat",
                terlambat,
                hint="lewat batas waktu disposisi" if terlambat else "",
                area=area,
                targets=((area, SuratFilter(terlambat_per=today)),),
                terlambat=terlambat > 0,
            ),
            Counter(f"Selesai bulan {nama_bulan(today.month)}", selesai, area=area),
        ),
    )


def surat_keluar(session: Session, now: datetime) -> Section:
    """Outgoing letters: numbered this year, konsep in hand and reserved numbers (the letters
    awaiting paraf, signature, dispatch or a tanda terima are counted in "Antrian dan
    tenggat"). Counts through the status indexes."""
    today = now.date()

    def letters(*where: Any) -> int:
        return _count(session, select(func.count()).select_from(SuratKeluar).where(*where))

    status = col(SuratKeluar.status)
    bernomor = letters(col(SuratKeluar.tahun) == today.year, status != KeluarStatus.BATAL)
    konsep = letters(status.in_((KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN)))
    dipesan = _count(
        session,
        select(func.count())
        .select_from(NomorSurat)
        .where(col(NomorSurat.status) == NomorStatus.DIPESAN, NomorSurat.tahun == today.year),
    )
    area = AREA_SURAT_KELUAR
    return Section(
        "Surat keluar",
        (
            Counter(f"Bernomor tahun {today.year}", bernomor, area=area),
            Counter("Konsep", konsep, hint="termasuk yang dikembalikan", area=area),
            Counter("Nomor dipesan", dipesan, hint="belum dicatat suratnya", area=AREA_NOMOR_SURAT),
        ),
    )


SECTIONS.extend([antrian_tenggat, surat_masuk, surat_keluar, administrasi, kalender])


def home_sections(session: Session, now: datetime) -> list[Section]:
    """Every section the registers report, in order; ``now`` is aware, in office time."""
    sections = [builder(session, now) for builder in SECTIONS]
    return [section for section in sections if section is not None]
