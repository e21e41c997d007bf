"""The laporan pagi (morning briefing) on paper, portrait: for pimpinan who never log in.

One document a petugas prints in the morning and lays on the Ketua's and the Sekretaris's
desk:

* the title with the day, the moment lateness is counted at and the previous working day
  (and the days skipped to reach it: a weekend, a holiday);
* "Ringkasan": how many items are overdue, how many fall due within three working days, how
  many letters came in and how many numbers were taken on the previous working day, then one
  line per pejabat;
* "Per pejabat": a heading per person (Ketua, Sekretaris, the other pimpinan, the kasubbag,
  then the others) with what is overdue ("lewat 2 hari kerja") and what falls due soon;
* "Surat masuk <hari kerja sebelumnya>": each letter received, its sifat and what became of
  it (to whom it was disposed, or that it still waits for a disposisi);
* "Nomor surat keluar <hari kerja sebelumnya>": each number taken, in its present state.

An empty list says so in words. Long text wraps inside its cell, long numbers break after
"/" or ".", so nothing runs over the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from sqlmodel import Session

from kpu_tui.models import NomorStatus, SuratStatus
from kpu_tui.rules.calendar import SkippedDay
from kpu_tui.rules.dates import (
    BULAN_PENDEK,
    HARI,
    format_hari_tanggal,
    format_jam,
    format_tanggal_pendek,
    nama_bulan,
    nama_hari,
)
from kpu_tui.services import briefing as service
from kpu_tui.services.antrian import DISPOSISI_KINDS, KELUAR_KINDS, Jenis
from kpu_tui.services.briefing import (
    Briefing,
    NomorKemarin,
    Pejabat,
    SuratKemarin,
    Tugas,
)
from kpu_tui.sop.engine import SEGERA_HARI_KERJA, Urgensi

from .flowables import PAD_X, Cell, escape, para, ruled_table, text_cell, wrap_text
from .fonts import BOLD, REGULAR
from .mutu_baku import angka
from .paper import PaperData, paper_data
from .styles import stylesheet
from .templates import DocumentInfo, Orientation, PrintCancelled, Progress, frame_width, render

ORIENTATION: Orientation = "potret"
PHASE_READ = "Membaca antrian dan surat"
HEADING_ROOM = 35 * mm
"""The room a pejabat's heading needs below it (a list's heading, header and first rows)."""
SHORT_SECTION = 6
"""A pejabat with at most this many items is printed on one page (not split over two)."""
LIST_ROOM = 25 * mm
"""The room a list's heading needs below it (the table's header and first row)."""

WORK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 7 * mm),
    ("Pekerjaan", 25 * mm),
    ("Nomor", 27 * mm),
    ("Perihal", 0.0),
    ("Dari", 30 * mm),
    ("Tenggat", 29 * mm),
)
"""The lists of a pejabat; the perihal takes what is left of the page."""
SURAT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("No. agenda", 17 * mm),
    ("Jam terima", 13 * mm),
    ("Asal surat", 34 * mm),
    ("Perihal", 0.0),
    ("Sifat", 15 * mm),
    ("Keadaan", 42 * mm),
)
NOMOR_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Nomor surat", 36 * mm),
    ("Keadaan", 19 * mm),
    ("Perihal / keperluan", 0.0),
    ("Tujuan / pemesan", 36 * mm),
    ("Diambil oleh", 32 * mm),
)
PERIHAL_WORK, PERIHAL_SURAT, PERIHAL_NOMOR = 3, 3, 2


@dataclass(frozen=True)
class BriefingPrintData:
    """Everything the printed briefing needs: the office's paper and the briefing."""

    paper: PaperData
    briefing: Briefing


# -- loading -----------------------------------------------------------------------------------


def load_briefing_data(
    session: Session,
    *,
    tanggal: date,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    saat: datetime | None = None,
    progress: Progress | None = None,
) -> BriefingPrintData:
    """Read the briefing of ``tanggal`` (read only).

    Args:
        session: an open session.
        tanggal: the day of the briefing.
        printed_by: the user's name for the footer.
        now: the print moment (default: now).
        kertas: "A4" or "F4" to override the office's setting.
        saat: the moment lateness is counted at (default: opening time on ``tanggal``).
        progress: told (:data:`PHASE_READ`, 0, 1) before reading and (…, 1, 1) after;
            raising :class:`PrintCancelled` stops it.
    """
    if progress is not None:
        progress(PHASE_READ, 0, 1)
    data = BriefingPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        briefing=service.briefing(session, tanggal=tanggal, now=saat),
    )
    if progress is not None:
        progress(PHASE_READ, 1, 1)
    return data


# -- words -------------------------------------------------------------------------------------


def hari_tanggal(day: date) -> str:
    """ "Jumat, 20 November 2026"."""
    return format_hari_tanggal(day)


def alasan_libur(day: date, reason: str) -> str:
    """Why ``day`` is not a working day, without repeating its weekday: "" for a plain
    weekend day, "Hari Raya Idul Fitri" for "Minggu (Hari Raya Idul Fitri)"."""
    weekday = nama_hari(day)
    if reason == weekday:
        return ""
    if reason.startswith(weekday + " (") and reason.endswith(")"):
        return reason[len(weekday) + 2 : -1]
    return reason


def dilewati_text(days: Sequence[SkippedDay]) -> str:
    """The days skipped to reach the previous working day: "Sabtu 21 November; Minggu 22
    November", with a holiday's name ("Senin 17 Agustus: Hari Kemerdekaan …")."""
    parts = []
    for day in days:
        words = f"{nama_hari(day.tanggal)} {day.tanggal.day} {nama_bulan(day.tanggal.month)}"
        reason = alasan_libur(day.tanggal, day.alasan)
        parts.append(f"{words}: {reason}" if reason else words)
    return "; ".join(parts)


def title_text(data: BriefingPrintData) -> str:
    """ "LAPORAN PAGI (BRIEFING) — Senin, 23 November 2026"."""
    return f"LAPORAN PAGI (BRIEFING) — {hari_tanggal(data.briefing.tanggal)}"


def document_info(data: BriefingPrintData) -> DocumentInfo:
    """Title (with the day) and layout."""
    return DocumentInfo(
        title=f"Laporan Pagi (Briefing) — {hari_tanggal(data.briefing.tanggal)}",
        orientation=ORIENTATION,
        kop=True,
        subject="Laporan pagi: pekerjaan terlambat dan jatuh tempo, surat dan nomor kemarin",
    )


def basis_text(b: Briefing) -> str:
    """When lateness is counted and which day is the previous working day (and why)."""
    saat = f"pukul {format_jam(b.saat)} {b.zona}".strip()
    if b.saat.date() != b.tanggal:
        saat = f"{hari_tanggal(b.saat.date())} {saat}"
    lines = [f"Terlambat dan jatuh tempo dihitung per {saat}, dalam hari kerja kantor."]
    previous = f"Hari kerja sebelumnya: {hari_tanggal(b.sebelumnya)}"
    if b.dilewati:
        previous += f" (tidak dihitung: {dilewati_text(b.dilewati)})"
    lines.append(previous + ".")
    if b.libur is not None:
        reason = alasan_libur(b.tanggal, b.libur)
        lines.append(f"{hari_tanggal(b.tanggal)} bukan hari kerja{': ' if reason else ''}{reason}.")
    return " ".join(lines)


def soon_words() -> str:
    """ "jatuh tempo dalam 3 hari kerja"."""
    return f"jatuh tempo dalam {SEGERA_HARI_KERJA} hari kerja"


def tenggat_text(tugas: Tugas, tahun: int) -> str:
    """ "Jum 20 Nov, 16.00" (with the year when it is not ``tahun``); "–" without a due
    time."""
    if tugas.tenggat is None:
        return "–"
    due = tugas.tenggat
    day = f"{HARI[due.weekday()][:3]} {due.day} {BULAN_PENDEK[due.month - 1]}"
    if due.year != tahun:
        day += f" {due.year}"
    return f"{day}, {format_jam(due)}"


def pihak_text(tugas: Tugas) -> str:
    """ "Asal: Bawaslu Kota Bontang", "Tujuan: …", or the SOP's name."""
    if not tugas.pihak:
        return ""
    if tugas.jenis == Jenis.TELAAH or tugas.jenis in DISPOSISI_KINDS:
        return f"Asal: {tugas.pihak}"
    if tugas.jenis in KELUAR_KINDS:
        return f"Tujuan: {tugas.pihak}"
    return f"SOP: {tugas.pihak}"


def urgensi_text(tugas: Tugas) -> str:
    """ "lewat 2 hari kerja", "hari ini", or "" for a later day (the date says it)."""
    if tugas.urgensi == Urgensi.TERLAMBAT:
        return tugas.keterangan
    if tugas.urgensi == Urgensi.HARI_INI:
        return "hari ini"
    return ""


def keadaan_surat(surat: SuratKemarin) -> str:
    """What became of a letter: to whom it was disposed, or that it still waits."""
    status = surat.status
    if status == SuratStatus.BELUM_DISPOSISI:
        return f"Belum disposisi (untuk {surat.tujuan})" if surat.tujuan else "Belum disposisi"
    if status == SuratStatus.DIARSIPKAN:
        return "Diarsipkan tanpa disposisi"
    words = status.label.capitalize()
    if surat.diteruskan:
        words += f"; diteruskan kepada {', '.join(surat.diteruskan)}"
    return words


def keterangan_nomor(nomor: NomorKemarin, day: date) -> str:
    """Why a number is not (or no longer) on a letter, and whether it is back-dated."""
    parts: list[str] = []
    if nomor.status == NomorStatus.BATAL:
        parts.append(f"alasan: {nomor.alasan or '–'}")
    elif nomor.status == NomorStatus.DIKEMBALIKAN:
        parts.append(f"dikembalikan: {nomor.alasan or '–'}")
    if nomor.sisipan:
        parts.append("nomor sisipan")
    if nomor.tanggal != day:
        parts.append(f"bertanggal {format_tanggal_pendek(nomor.tanggal)}")
    return "; ".join(parts)


# -- cells -------------------------------------------------------------------------------------


def wrapped(text: str, width: float, style: str = "TableCell") -> Paragraph:
    """A paragraph of ``text`` in a cell ``width`` points wide, in any style, whose long words
    are broken so no line runs past the cell (a paragraph only breaks at spaces)."""
    sheet = stylesheet()[style]
    font = BOLD if sheet.fontName == BOLD else REGULAR
    lines = wrap_text(text, width - 2 * PAD_X, font=font, size=sheet.fontSize)
    return Paragraph("<br/>".join(escape(line) for line in lines.split("\n")), sheet)


def _widths(columns: Sequence[tuple[str, float]], flexible: int, width: float) -> list[float]:
    widths = [w for _, w in columns]
    widths[flexible] = width - sum(widths)
    return widths


def _header(columns: Sequence[tuple[str, float]]) -> list[Cell]:
    return [para(title, "TableHeader") for title, _ in columns]


def work_table(items: Sequence[Tugas], width: float, tahun: int) -> Flowable:
    """One list of a pejabat: kind, number, perihal (with the sender or addressee), who passed
    it on, the due time (the year shown when it is not ``tahun``) and how late (in words, in
    bold)."""
    widths = _widths(WORK_COLUMNS, PERIHAL_WORK, width)
    rows: list[list[Cell]] = [_header(WORK_COLUMNS)]
    for index, tugas in enumerate(items, start=1):
        perihal: list[Flowable] = [wrapped(tugas.perihal or "–", widths[3])]
        pihak = pihak_text(tugas)
        if pihak:
            perihal.append(wrapped(pihak, widths[3], "TableCellSmall"))
        tenggat: list[Flowable] = [wrapped(tenggat_text(tugas, tahun), widths[5])]
        words = urgensi_text(tugas)
        if words:
            tenggat.append(wrapped(words, widths[5], "TableCellBold"))
        rows.append(
            [
                text_cell(str(index), widths[0]),
                text_cell(tugas.jenis_label, widths[1]),
                text_cell(tugas.nomor, widths[2]),
                perihal,
                text_cell(tugas.dari or "–", widths[4]),
                tenggat,
            ]
        )
    return ruled_table(rows, widths)


def summary_table(b: Briefing, width: float) -> Flowable:
    """The four counts of the day."""
    day = hari_tanggal(b.sebelumnya)
    people = sum(1 for p in b.pejabat if p.terlambat)
    late = f"{angka(b.jumlah_terlambat)}"
    if b.jumlah_terlambat:
        late += f" (pada {angka(people)} pejabat)"
    lines = (
        ("Pekerjaan terlambat", late),
        (f"Pekerjaan {soon_words()} (termasuk hari ini)", angka(b.jumlah_segera)),
        (f"Surat masuk diterima {day}", angka(len(b.surat_masuk))),
        (f"Nomor surat keluar terbit {day}", angka(len(b.nomor))),
    )
    widths = [width - 45 * mm, 45 * mm]
    rows: list[list[Cell]] = [
        [wrapped(label, widths[0]), para(value, "TableCellBold")] for label, value in lines
    ]
    return ruled_table(rows, widths, header_rows=0)


def people_table(b: Briefing, width: float) -> Flowable:
    """One line per pejabat: how many overdue (and the longest overdue), how many due soon."""
    widths = [0.0, 20 * mm, 32 * mm, 26 * mm]
    widths[0] = width - sum(widths)
    titles = ("Pejabat", "Terlambat", "Paling lama", f"Jatuh tempo ≤{SEGERA_HARI_KERJA} hari kerja")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    for pejabat in b.pejabat:
        longest = pejabat.terlambat[0].keterangan if pejabat.terlambat else "–"
        who: list[Flowable] = [wrapped(pejabat.nama, widths[0], "TableCellBold")]
        if pejabat.jabatan:
            who.append(wrapped(pejabat.jabatan, widths[0], "TableCellSmall"))
        rows.append(
            [
                who,
                para(angka(len(pejabat.terlambat)), "TableCellRight"),
                wrapped(longest, widths[2]),
                para(angka(len(pejabat.segera)), "TableCellRight"),
            ]
        )
    return ruled_table(rows, widths)


def surat_table(items: Sequence[SuratKemarin], width: float) -> Flowable:
    """The letters received on the previous working day."""
    widths = _widths(SURAT_COLUMNS, PERIHAL_SURAT, width)
    rows: list[list[Cell]] = [_header(SURAT_COLUMNS)]
    for surat in items:
        waiting = surat.status == SuratStatus.BELUM_DISPOSISI
        perihal: list[Flowable] = [wrapped(surat.perihal, widths[3])]
        if surat.nomor_surat:
            perihal.append(wrapped(f"Nomor {surat.nomor_surat}", widths[3], "TableCellSmall"))
        rows.append(
            [
                text_cell(surat.agenda, widths[0]),
                text_cell(format_jam(surat.diterima), widths[1]),
                text_cell(surat.asal, widths[2]),
                perihal,
                text_cell(surat.sifat, widths[4]),
                wrapped(
                    keadaan_surat(surat), widths[5], "TableCellBold" if waiting else "TableCell"
                ),
            ]
        )
    return ruled_table(rows, widths)


def nomor_table(items: Sequence[NomorKemarin], day: date, width: float) -> Flowable:
    """The numbers taken on the previous working day, in their present state."""
    widths = _widths(NOMOR_COLUMNS, PERIHAL_NOMOR, width)
    rows: list[list[Cell]] = [_header(NOMOR_COLUMNS)]
    for nomor in items:
        used = nomor.status == NomorStatus.TERPAKAI
        keadaan: list[Flowable] = [
            wrapped(nomor.status.label, widths[1], "TableCell" if used else "TableCellBold")
        ]
        note = keterangan_nomor(nomor, day)
        if note:
            keadaan.append(wrapped(note, widths[1], "TableCellSmall"))
        perihal = nomor.perihal or "–"
        if nomor.surat_keluar_id is None and nomor.perihal:
            perihal = f"Keperluan: {nomor.perihal}"
        if nomor.surat_keluar_id is None and nomor.untuk_nama:
            tujuan = f"Dipesan untuk {nomor.untuk_nama}"
        else:
            tujuan = nomor.tujuan or "–"
        nomor_cell: list[Flowable] = [wrapped(nomor.nomor_teks, widths[0])]
        nomor_cell.append(wrapped(nomor.seri, widths[0], "TableCellSmall"))
        rows.append(
            [
                nomor_cell,
                keadaan,
                wrapped(perihal, widths[2]),
                wrapped(tujuan, widths[3]),
                wrapped(f"{nomor.oleh_nama or '–'}, pukul {format_jam(nomor.diambil)}", widths[4]),
            ]
        )
    return ruled_table(rows, widths)


# -- the story ---------------------------------------------------------------------------------


def pejabat_section(
    pejabat: Pejabat, width: float, tahun: int, lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A pejabat's heading, then what is overdue and what falls due soon. A short section is
    kept on one page; a long one starts where its heading and first rows fit. ``lead`` (the
    part's heading, before the first pejabat) stays with it."""
    heading = pejabat.nama if not pejabat.jabatan else f"{pejabat.nama} — {pejabat.jabatan}"
    late: list[Flowable] = [
        para(f"Terlambat ({angka(len(pejabat.terlambat))})", "TableCellBold"),
        Spacer(1, 1 * mm),
        work_table(pejabat.terlambat, width, tahun)
        if pejabat.terlambat
        else para("Tidak ada yang terlambat.", "Normal"),
    ]
    soon: list[Flowable] = [
        para(f"{soon_words().capitalize()} ({angka(len(pejabat.segera))})", "TableCellBold"),
        Spacer(1, 1 * mm),
        work_table(pejabat.segera, width, tahun)
        if pejabat.segera
        else para(f"Tidak ada yang {soon_words()}.", "Normal"),
    ]
    section = [*lead, wrapped(heading, width, "Heading"), *late, Spacer(1, 2.5 * mm)]
    if len(pejabat.terlambat) + len(pejabat.segera) <= SHORT_SECTION:
        return [KeepTogether([*section, *soon])]
    return [CondPageBreak(HEADING_ROOM), *section, CondPageBreak(LIST_ROOM), *soon]


def build_briefing_story(data: BriefingPrintData) -> list[Flowable]:
    """The briefing: title, summary, per pejabat, the letters and the numbers of the previous
    working day.

    Pure: builds flowables from the data, writes nothing.
    """
    b = data.briefing
    width = frame_width(data.paper, ORIENTATION)
    day = hari_tanggal(b.sebelumnya)
    story: list[Flowable] = [
        para(title_text(data), "Title"),
        Spacer(1, 1 * mm),
        para(basis_text(b), "Subtitle"),
        Spacer(1, 3 * mm),
        KeepTogether([para("Ringkasan", "Heading"), summary_table(b, width)]),
    ]
    if b.pejabat:
        story += [Spacer(1, 3 * mm), people_table(b, width)]
    part = para("Per pejabat", "Heading")
    for index, pejabat in enumerate(b.pejabat):
        story += pejabat_section(pejabat, width, b.tanggal.year, lead=() if index else (part,))
    if not b.pejabat:
        story += [
            part,
            para(f"Tidak ada pekerjaan yang terlambat atau {soon_words()}.", "Normal"),
        ]
    story += [
        CondPageBreak(HEADING_ROOM),
        para(f"Surat masuk {day} ({angka(len(b.surat_masuk))} surat)", "Heading"),
    ]
    if b.surat_masuk:
        story.append(surat_table(b.surat_masuk, width))
    else:
        story.append(para(f"Tidak ada surat masuk yang diterima pada {day}.", "Normal"))
    story += [
        CondPageBreak(HEADING_ROOM),
        para(f"Nomor surat keluar {day} ({angka(len(b.nomor))} nomor)", "Heading"),
    ]
    if b.nomor:
        story.append(nomor_table(b.nomor, b.sebelumnya, width))
    else:
        story.append(para(f"Tidak ada nomor surat keluar yang diambil pada {day}.", "Normal"))
    story.append(
        para(
            "Daftar pekerjaan menurut keadaan data saat laporan ini dicetak. Surat masuk yang "
            "batal tidak dicantumkan; nomor yang dibatalkan tetap dicantumkan.",
            "Note",
        )
    )
    return story


def write_briefing(
    target: str | Path | BinaryIO, data: BriefingPrintData, progress: Progress | None = None
) -> int:
    """Render the briefing to ``target``; returns the number of pages. When ``progress``
    raises :class:`PrintCancelled` nothing is written to ``target``."""
    return render(
        target, build_briefing_story(data), data.paper, document_info(data), progress=progress
    )


__all__ = [
    "PHASE_READ",
    "BriefingPrintData",
    "PrintCancelled",
    "alasan_libur",
    "basis_text",
    "build_briefing_story",
    "dilewati_text",
    "document_info",
    "keadaan_surat",
    "keterangan_nomor",
    "load_briefing_data",
    "nomor_table",
    "people_table",
    "pihak_text",
    "summary_table",
    "surat_table",
    "tenggat_text",
    "title_text",
    "work_table",
    "wrapped",
    "write_briefing",
]
