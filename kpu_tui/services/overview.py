"""What the home screen shows: counts of what the registers hold, from live queries.

Each register contributes a function to :data:`SECTIONS`; the home screen shows whatever the
registers that exist report, so it never shows a number nobody counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from kpu_tui.models import (
    Jabatan,
    JenisNaskah,
    JournalEvent,
    KeluarStatus,
    KirimStatus,
    KodeKlasifikasi,
    NomorStatus,
    NomorSurat,
    SuratKeluar,
    SuratKeluarTujuan,
    SuratMasuk,
    SuratStatus,
    User,
)
from kpu_tui.rules.dates import format_tanggal_pendek, nama_bulan

from . import calendar


@dataclass(frozen=True)
class Counter:
    """One figure on the home screen."""

    label: str
    value: int | str
    hint: str = ""
    area: str = ""
    """The area that opens the list behind the figure ("" when there is none)."""


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


def surat_masuk(session: Session, now: datetime) -> Section:
    """The buku agenda surat masuk: this year's letters and where the open ones stand.

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
    belum = by_status(SuratStatus.BELUM_DISPOSISI)
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
            Counter("Belum disposisi", belum, area=area),
            Counter("Dalam proses", proses, area=area),
            Counter(
                "Terlambat",
                terlambat,
                hint="lewat batas waktu disposisi" if terlambat else "",
                area=area,
            ),
            Counter(f"Selesai bulan {nama_bulan(today.month)}", selesai, area=area),
        ),
    )


AREA_SURAT_KELUAR = "surat-keluar"
"""The mode of the Surat Keluar area."""
AREA_NOMOR_SURAT = "nomor-surat"
"""The mode of the Nomor Surat area (the numbering ledger)."""


def surat_keluar(session: Session, now: datetime) -> Section:
    """Outgoing letters: numbered this year, and where the others wait (paraf, signature,
    dispatch, tanda terima, reserved numbers). Counts through the status indexes."""
    today = now.date()

    def letters(*where: Any) -> int:
        return _count(session, select(func.count()).select_from(SuratKeluar).where(*where))

    status = col(SuratKeluar.status)
    bernomor = letters(col(SuratKeluar.tahun) == today.year, status != KeluarStatus.BATAL)
    konsep = letters(status.in_((KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN)))
    paraf = letters(status == KeluarStatus.PARAF)
    ttd = letters(status == KeluarStatus.TANDA_TANGAN)
    belum_kirim = letters(status == KeluarStatus.TERBIT)
    tanda_terima = _count(
        session,
        select(func.count())
        .select_from(SuratKeluarTujuan)
        .where(col(SuratKeluarTujuan.status) == KirimStatus.DIKIRIM),
    )
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
            Counter("Menunggu paraf", paraf, area=area),
            Counter("Menunggu tanda tangan", ttd, area=area),
            Counter("Belum dikirim", belum_kirim, area=area),
            Counter("Tanda terima belum kembali", tanda_terima, area=area),
            Counter("Nomor dipesan", dipesan, hint="belum dicatat suratnya", area=AREA_NOMOR_SURAT),
        ),
    )


SECTIONS.extend([surat_masuk, surat_keluar, administrasi, kalender])


def home_sections(session: Session, now: datetime) -> list[Section]:
    """Every section the registers report, in order; ``now`` is aware, in office time."""
    sections = [builder(session, now) for builder in SECTIONS]
    return [section for section in sections if section is not None]
