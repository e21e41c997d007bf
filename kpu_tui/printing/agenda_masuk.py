"""The buku agenda surat masuk on paper: every letter received in a period, landscape.

One row per letter in the order of the nomor agenda (domain rules §1.9): no. agenda, tanggal
terima, nomor and tanggal surat, asal, perihal, lampiran, sifat, kode klasifikasi, to whom the
pimpinan disposed it ("tanpa disposisi" with the reason for a letter filed directly), and
keterangan with the state. Cancelled letters stay in the book, shaded and marked BATAL with the
reason: their numbers are never given again. The header row repeats on every page; the totals
(per state and per sifat) close the book.

A year of a busy office is thousands of letters. The rows are read page by page through
``services.surat_masuk.list_surat`` (keyset), the recipients, reasons and scan counts of each
page with one query each (:func:`page_extras`), and laid out by
:class:`~kpu_tui.printing.flowables.PagedTable`, which measures every row once and builds one
table per printed page.

Printing 10,000 letters takes seconds, so every step can report its progress and be stopped:
``load_agenda_masuk_data(..., progress=...)`` reports the letters read (:data:`PHASE_READ`, of
the count in the period), ``write_agenda_masuk(..., progress=...)`` the rows prepared
(:data:`PHASE_ROWS`), then the pages laid out and written (see
:func:`~kpu_tui.printing.templates.render`). The hook stops the print by raising
:class:`~kpu_tui.printing.templates.PrintCancelled`; no file is written then.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlalchemy import func
from sqlmodel import Session, col, select

from kpu_tui.models import (
    OptionKind,
    SuratBerkas,
    SuratMasuk,
    SuratStatus,
)
from kpu_tui.rules.dates import format_tanggal, format_tanggal_pendek
from kpu_tui.services import disposisi, reference, surat_masuk
from kpu_tui.services.surat_masuk import SuratFilter, SuratRow

from .flowables import Cell, PagedTable, markup, para, ruled_table, text_cell
from .mutu_baku import angka
from .paper import PaperData, paper_data
from .templates import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    RUNNING_GAP,
    DocumentInfo,
    Orientation,
    PrintCancelled,
    Progress,
    frame_width,
    page_size,
    render,
)

ORIENTATION: Orientation = "lanskap"
PAGE_SIZE = 500
"""Letters read per query (keyset page) while loading."""
PROGRESS_EVERY = 100
"""Rows prepared between two reports of :data:`PHASE_ROWS`."""
PHASE_READ = "Membaca surat"
PHASE_ROWS = "Menyiapkan baris"

STATUS_ORDER: tuple[SuratStatus, ...] = (
    SuratStatus.BELUM_DISPOSISI,
    SuratStatus.PROSES,
    SuratStatus.SELESAI,
    SuratStatus.DIARSIPKAN,
    SuratStatus.BATAL,
)

COLUMNS: tuple[tuple[str, float], ...] = (
    ("No. agenda", 17 * mm),
    ("Tanggal terima", 19 * mm),
    ("Nomor dan tanggal surat", 33 * mm),
    ("Asal surat", 32 * mm),
    ("Perihal", 0.0),
    ("Lamp.", 13 * mm),
    ("Sifat", 15 * mm),
    ("Kode klasifikasi", 16 * mm),
    ("Diteruskan kepada", 37 * mm),
    ("Keterangan", 31 * mm),
)
"""Headings and widths; the perihal takes what is left of the page."""


@dataclass(frozen=True)
class AgendaRow:
    """One letter of the printed book.

    Attributes:
        row: the register row.
        sifat_nama: the sifat by name ("Biasa").
        diteruskan: the recipients of the pimpinan's disposisi in force (positions by their
            singkatan; the lead first, marked when there are several); empty without one.
        alasan_arsip: why it was filed without disposisi.
        alasan_batal: why the registration was cancelled.
        pindaian: how many scans it has.
    """

    row: SuratRow
    sifat_nama: str
    diteruskan: tuple[str, ...] = ()
    alasan_arsip: str = ""
    alasan_batal: str = ""
    pindaian: int = 0


@dataclass(frozen=True)
class AgendaMasukPrintData:
    """Everything the printed book needs.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        dari: the first day of the period (tanggal terima).
        sampai: the last day (included).
        rows: the letters, in the order of the nomor agenda.
        sifat: the sifat options in their order (for the totals).
    """

    paper: PaperData
    dari: date
    sampai: date
    rows: Sequence[AgendaRow] = ()
    sifat: tuple[tuple[str, str], ...] = field(default=())
    """(kode, nama) of every sifat option, in order."""

    def per_status(self) -> Counter[SuratStatus]:
        """How many letters are in each state."""
        return Counter(SuratStatus(r.row.status) for r in self.rows)

    def per_sifat(self) -> Counter[str]:
        """How many letters of each sifat (by name)."""
        return Counter(r.sifat_nama for r in self.rows)


# -- loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageExtras:
    """What a page of register rows lacks for printing, by letter id."""

    diteruskan: dict[int, tuple[str, ...]]
    alasan: dict[int, tuple[str, str]]
    """(alasan_arsip, alasan_batal) of letters filed or cancelled."""
    pindaian: dict[int, int]


def page_extras(session: Session, ids: Sequence[int]) -> PageExtras:
    """For the letters ``ids`` in three read-only queries: the recipients of each one's first
    disposisi in force (a position by its singkatan where it has one), the reasons of those
    filed or cancelled, and their active scans."""
    if not ids:
        return PageExtras({}, {}, {})
    diteruskan = disposisi.first_recipients(session, ids)
    alasan = {
        surat_id: (arsip, batal)
        for surat_id, arsip, batal in session.exec(
            select(SuratMasuk.id, SuratMasuk.alasan_arsip, SuratMasuk.alasan_batal).where(
                col(SuratMasuk.id).in_(ids),
                col(SuratMasuk.status).in_([SuratStatus.DIARSIPKAN, SuratStatus.BATAL]),
            )
        ).all()
        if surat_id is not None
    }
    pindaian = {
        surat_id: int(count)
        for surat_id, count in session.exec(
            select(SuratBerkas.surat_id, func.count())
            .where(col(SuratBerkas.surat_id).in_(ids), col(SuratBerkas.aktif).is_(True))
            .group_by(col(SuratBerkas.surat_id))
        ).all()
    }
    return PageExtras(diteruskan, alasan, pindaian)


def iter_agenda_rows(
    session: Session, *, dari: date, sampai: date, page_size: int = PAGE_SIZE
) -> Iterator[AgendaRow]:
    """The letters received from ``dari`` to ``sampai`` in the order of the nomor agenda, read
    ``page_size`` at a time."""
    sifat = {
        o.kode: o.nama
        for o in reference.list_options(session, OptionKind.SIFAT, include_inactive=True)
    }
    flt = SuratFilter(dari=dari, sampai=sampai)
    after = None
    while True:
        rows = surat_masuk.list_surat(
            session, flt, sort="agenda", descending=False, after=after, limit=page_size
        )
        if not rows:
            return
        extras = page_extras(session, [r.id for r in rows])
        for r in rows:
            arsip, batal = extras.alasan.get(r.id, ("", ""))
            yield AgendaRow(
                row=r,
                sifat_nama=sifat.get(r.sifat, r.sifat),
                diteruskan=extras.diteruskan.get(r.id, ()),
                alasan_arsip=arsip,
                alasan_batal=batal,
                pindaian=extras.pindaian.get(r.id, 0),
            )
        if len(rows) < page_size:
            return
        after = surat_masuk.cursor_of(rows[-1], "agenda")


def load_agenda_masuk_data(
    session: Session,
    *,
    dari: date,
    sampai: date,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    progress: Progress | None = None,
) -> AgendaMasukPrintData:
    """Read the book for the period (read only).

    Args:
        session: an open session.
        dari: the first day (tanggal terima).
        sampai: the last day, included.
        printed_by: the user's name for the footer.
        now: the print moment (default: now).
        kertas: "A4" or "F4" to override the office's setting.
        progress: called with (:data:`PHASE_READ`, letters read, letters in the period) before
            the first and after every page of :data:`PAGE_SIZE` letters (one more query, for the
            count); raising :class:`PrintCancelled` stops the reading.
    """
    if sampai < dari:
        raise ValueError("Tanggal akhir periode sebelum tanggal awal.")
    rows: list[AgendaRow] = []
    if progress is None:
        rows = list(iter_agenda_rows(session, dari=dari, sampai=sampai))
    else:
        total = surat_masuk.count_surat(session, SuratFilter(dari=dari, sampai=sampai))
        progress(PHASE_READ, 0, total)
        for row in iter_agenda_rows(session, dari=dari, sampai=sampai):
            rows.append(row)
            if len(rows) % PAGE_SIZE == 0:
                progress(PHASE_READ, len(rows), max(total, len(rows)))
        if len(rows) % PAGE_SIZE:
            progress(PHASE_READ, len(rows), max(total, len(rows)))
    return AgendaMasukPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        dari=dari,
        sampai=sampai,
        rows=rows,
        sifat=tuple(
            (o.kode, o.nama)
            for o in reference.list_options(session, OptionKind.SIFAT, include_inactive=True)
        ),
    )


# -- the story ---------------------------------------------------------------------------------


def period_text(data: AgendaMasukPrintData) -> str:
    """ "Periode 1 Januari 2026 s.d. 31 Maret 2026", or "Tanggal 5 Maret 2026" for one day."""
    if data.dari == data.sampai:
        return f"Tanggal {format_tanggal(data.dari)}"
    return f"Periode {format_tanggal(data.dari)} s.d. {format_tanggal(data.sampai)}"


def document_info(data: AgendaMasukPrintData) -> DocumentInfo:
    """Title (with the period) and layout of the book."""
    return DocumentInfo(
        title=f"Buku Agenda Surat Masuk, {period_text(data)}",
        orientation=ORIENTATION,
        kop=True,
        subject="Buku agenda surat masuk",
    )


def column_widths(width: float) -> list[float]:
    """The widths of :data:`COLUMNS` on a frame ``width`` points wide."""
    widths = [w for _, w in COLUMNS]
    widths[4] = width - sum(widths)
    return widths


def diteruskan_text(item: AgendaRow) -> str:
    """To whom the pimpinan disposed the letter, "tanpa disposisi: alasan", or "–"."""
    if item.diteruskan:
        return ", ".join(item.diteruskan)
    if item.row.status == SuratStatus.DIARSIPKAN:
        return f"Tanpa disposisi: {item.alasan_arsip or '–'}"
    return "–"


def keterangan_text(item: AgendaRow) -> str:
    """The state (with the batas waktu of an open disposisi), the petugas's keterangan and the
    number of scans."""
    row = item.row
    status = SuratStatus(row.status)
    if status == SuratStatus.BATAL:
        parts = [f"BATAL: {item.alasan_batal or '–'}"]
    elif status == SuratStatus.PROSES and row.tenggat is not None:
        parts = [f"Dalam proses, batas {format_tanggal_pendek(row.tenggat)}"]
    else:
        parts = [status.label.capitalize()]
    if row.keterangan:
        parts.append(row.keterangan)
    if item.pindaian:
        parts.append(f"{item.pindaian} pindaian")
    return ". ".join(parts)


def nomor_tanggal_text(row: SuratRow) -> str:
    """ "005/PL.01/2026, 20 Nov 2026"."""
    if row.tanggal_surat is None:
        return row.nomor_surat
    return f"{row.nomor_surat}, {format_tanggal_pendek(row.tanggal_surat)}"


def row_cells(item: AgendaRow, widths: Sequence[float]) -> list[Cell]:
    """The cells of one letter (plain strings where they fit on one line)."""
    row = item.row
    batal = row.status == SuratStatus.BATAL
    texts = (
        row.agenda_teks,
        format_tanggal_pendek(row.tanggal_terima),
        nomor_tanggal_text(row),
        row.asal,
        row.perihal,
        row.lampiran or "–",
        item.sifat_nama,
        row.klasifikasi or "–",
        diteruskan_text(item),
    )
    cells: list[Cell] = [text_cell(t, w) for t, w in zip(texts, widths, strict=False)]
    cells.append(
        text_cell(keterangan_text(item), widths[9], "TableCellBold" if batal else "TableCell")
    )
    return cells


def agenda_table(
    data: AgendaMasukPrintData, width: float, progress: Progress | None = None
) -> PagedTable:
    """The register: one row per letter, the header on every page, cancelled rows shaded.

    ``progress`` is told the rows prepared (:data:`PHASE_ROWS`) every :data:`PROGRESS_EVERY`
    rows and at the end.
    """
    widths = column_widths(width)
    header = [para(title, "TableHeader") for title, _ in COLUMNS]
    total = len(data.rows)
    rows: list[list[Cell]] = []
    for item in data.rows:
        rows.append(row_cells(item, widths))
        if progress is not None and (len(rows) % PROGRESS_EVERY == 0 or len(rows) == total):
            progress(PHASE_ROWS, len(rows), total)
    shaded = [i for i, item in enumerate(data.rows) if item.row.status == SuratStatus.BATAL]
    return PagedTable(header, rows, widths, shaded=shaded)


def totals(data: AgendaMasukPrintData) -> Flowable:
    """Jumlah surat, then the count per state and per sifat side by side."""
    statuses = data.per_status()
    sifat = data.per_sifat()
    status_rows: list[list[Cell]] = [
        [para("Keadaan", "TableHeader"), para("Jumlah", "TableHeader")]
    ]
    for status in STATUS_ORDER:
        status_rows.append(
            [
                para(status.label.capitalize(), "TableCell"),
                para(angka(statuses[status]), "TableCellRight"),
            ]
        )
    sifat_rows: list[list[Cell]] = [[para("Sifat", "TableHeader"), para("Jumlah", "TableHeader")]]
    names = [nama for _, nama in data.sifat]
    names += sorted(n for n in sifat if n not in names)
    for nama in names:
        sifat_rows.append([para(nama, "TableCell"), para(angka(sifat[nama]), "TableCellRight")])
    pair = [40 * mm, 20 * mm]
    grid = Table(
        [[ruled_table(status_rows, pair), "", ruled_table(sifat_rows, pair)]],
        colWidths=[sum(pair), 10 * mm, sum(pair)],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
    return KeepTogether(
        [
            para("Rekapitulasi", "Heading"),
            markup(f"Jumlah surat masuk: <b>{angka(len(data.rows))}</b>", "Normal"),
            Spacer(1, 2 * mm),
            grid,
        ]
    )


def build_agenda_masuk_story(
    data: AgendaMasukPrintData, progress: Progress | None = None
) -> list[Flowable]:
    """The book: title with the period, the register, the totals.

    Pure: builds flowables from the data, writes nothing (``progress`` is told the rows
    prepared, see :func:`agenda_table`).
    """
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = [
        para("BUKU AGENDA SURAT MASUK", "Title"),
        para(period_text(data), "Subtitle"),
        Spacer(1, 4 * mm),
    ]
    if data.rows:
        story.append(agenda_table(data, width, progress))
    else:
        story.append(para("Tidak ada surat masuk yang diterima dalam periode ini.", "Normal"))
    story += [Spacer(1, 5 * mm), totals(data)]
    return story


def estimate_pages(data: AgendaMasukPrintData, story: Sequence[Flowable]) -> int:
    """About how many pages the book takes: the register's measured height over the room of a
    page (measuring is done once; the layout reuses it)."""
    width = frame_width(data.paper, ORIENTATION)
    _, height = page_size(data.paper.paper, ORIENTATION)
    room = height - MARGIN_TOP - RUNNING_GAP - MARGIN_BOTTOM
    for flowable in story:
        if isinstance(flowable, PagedTable):
            _, header = PagedTable(flowable.header, [], flowable.col_widths).wrap(width, room)
            _, table = flowable.wrap(width, room)
            return math.ceil((table - header) / (room - header)) + 1  # + the totals
    return 1


def write_agenda_masuk(
    target: str | Path | BinaryIO, data: AgendaMasukPrintData, progress: Progress | None = None
) -> int:
    """Render the book to ``target``; returns the number of pages.

    ``progress`` is told the rows prepared, then the pages laid out (of an estimate) and
    written; when it raises :class:`PrintCancelled` nothing is written to ``target``.
    """
    story = build_agenda_masuk_story(data, progress)
    return render(
        target,
        story,
        data.paper,
        document_info(data),
        progress=progress,
        pages_estimate=estimate_pages(data, story) if progress is not None else 0,
    )


__all__ = [
    "COLUMNS",
    "PHASE_READ",
    "PHASE_ROWS",
    "AgendaMasukPrintData",
    "AgendaRow",
    "PageExtras",
    "PrintCancelled",
    "agenda_table",
    "build_agenda_masuk_story",
    "column_widths",
    "diteruskan_text",
    "document_info",
    "estimate_pages",
    "iter_agenda_rows",
    "keterangan_text",
    "load_agenda_masuk_data",
    "page_extras",
    "period_text",
    "row_cells",
    "totals",
    "write_agenda_masuk",
]
