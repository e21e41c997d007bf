"""The buku ekspedisi on paper: every dispatch of outgoing letters in a period, landscape.

One row per tujuan sent (tembusan included) with its tanggal kirim in the period, in dispatch
order: tanggal kirim, nomor and tanggal surat, perihal, tujuan with its address, cara kirim,
nomor resi, who sent it, who received it and when (from the returned tanda terima), and an
empty "Paraf penerima" column: the printed book goes along with the courier, and the receiving
office initials it. A row of a letter cancelled after it was sent stays, shaded and marked.
The header row repeats on every page; the totals (per cara kirim, tanda terima back or not)
close the book.

Rows are read page by page through ``services.ekspedisi.list_ekspedisi`` (keyset) and laid out
by :class:`~kpu_tui.printing.flowables.PagedTable`; an optional progress hook sees every step
and stops the print by raising :class:`~kpu_tui.printing.templates.PrintCancelled`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlmodel import Session, col, select

from kpu_tui.models import CaraKirim, KeluarStatus, KirimStatus, SuratKeluar
from kpu_tui.rules.dates import format_tanggal_pendek
from kpu_tui.services import ekspedisi as ekspedisi_service
from kpu_tui.services import procedure
from kpu_tui.services.ekspedisi import EkspedisiFilter
from kpu_tui.services.surat_keluar_views import EkspedisiRow

from .agenda_keluar import period_text
from .flowables import Cell, PagedTable, markup, para, ruled_table, text_cell
from .mutu_baku import angka
from .paper import PaperData, paper_data
from .surat_keluar import local
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
"""Rows read per query (keyset page) while loading."""
PROGRESS_EVERY = 100
PHASE_READ = "Membaca pengiriman"
PHASE_ROWS = "Menyiapkan baris"

COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 9 * mm),
    ("Tanggal kirim", 20 * mm),
    ("Nomor dan tanggal surat", 32 * mm),
    ("Perihal", 0.0),
    ("Tujuan dan alamat", 39 * mm),
    ("Cara kirim", 20 * mm),
    ("Nomor resi", 24 * mm),
    ("Dikirim oleh", 24 * mm),
    ("Diterima oleh, tanggal", 30 * mm),
    ("Paraf penerima", 18 * mm),
)
"""Headings and widths; the perihal takes what is left of the page."""
PERIHAL = 3
PARAF_ROOM = "\n\n"
"""The empty "Paraf penerima" cell: three blank lines, so every row has room to initial."""


@dataclass(frozen=True)
class EkspedisiPrintRow:
    """One dispatch of the printed book.

    Attributes:
        row: the buku ekspedisi row (``services.ekspedisi.list_ekspedisi``).
        alasan_batal: why the letter was cancelled (for a letter cancelled after sending).
    """

    row: EkspedisiRow
    alasan_batal: str = ""

    @property
    def batal(self) -> bool:
        """Whether the letter was cancelled after it was sent."""
        return self.row.surat_status == KeluarStatus.BATAL


@dataclass(frozen=True)
class EkspedisiPrintData:
    """Everything the printed book needs.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        dari: the first day of the period (tanggal kirim).
        sampai: the last day (included).
        rows: the dispatches, in dispatch order.
        zone: the office's time zone (receipt times are stored in UTC).
    """

    paper: PaperData
    dari: date
    sampai: date
    rows: Sequence[EkspedisiPrintRow] = ()
    zone: tzinfo = field(default=UTC)

    def per_cara(self) -> Counter[CaraKirim]:
        """How many dispatches went each way."""
        return Counter(
            CaraKirim(r.row.tujuan.cara_kirim)
            for r in self.rows
            if r.row.tujuan.cara_kirim is not None
        )

    def kembali(self) -> int:
        """How many tanda terima are back."""
        return sum(1 for r in self.rows if r.row.tujuan.status == KirimStatus.DITERIMA)

    def letters(self) -> int:
        """How many letters were sent."""
        return len({r.row.surat_id for r in self.rows})


# -- loading -----------------------------------------------------------------------------------


def iter_ekspedisi_rows(
    session: Session, *, dari: date, sampai: date, page_size: int = PAGE_SIZE
) -> Iterator[EkspedisiPrintRow]:
    """The dispatches with a tanggal kirim from ``dari`` to ``sampai``, in dispatch order,
    read ``page_size`` at a time (with one more query per page for cancelled letters)."""
    flt = EkspedisiFilter(dari=dari, sampai=sampai)
    after = None
    while True:
        rows = ekspedisi_service.list_ekspedisi(session, flt, after=after, limit=page_size)
        if not rows:
            return
        batal_ids = {r.surat_id for r in rows if r.surat_status == KeluarStatus.BATAL}
        alasan = (
            {
                surat_id: reason
                for surat_id, reason in session.exec(
                    select(SuratKeluar.id, SuratKeluar.alasan_batal).where(
                        col(SuratKeluar.id).in_(batal_ids)
                    )
                ).all()
                if surat_id is not None
            }
            if batal_ids
            else {}
        )
        for r in rows:
            yield EkspedisiPrintRow(row=r, alasan_batal=alasan.get(r.surat_id, ""))
        if len(rows) < page_size:
            return
        after = ekspedisi_service.cursor_of(rows[-1])


def load_ekspedisi_data(
    session: Session,
    *,
    dari: date,
    sampai: date,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    progress: Progress | None = None,
) -> EkspedisiPrintData:
    """Read the book for the period (read only).

    Args:
        session: an open session.
        dari: the first day (tanggal kirim).
        sampai: the last day, included.
        printed_by: the user's name for the footer.
        now: the print moment (default: now).
        kertas: "A4" or "F4" to override the office's setting.
        progress: called with (:data:`PHASE_READ`, rows read, rows in the period) before the
            first and after every page of :data:`PAGE_SIZE` rows; raising
            :class:`PrintCancelled` stops the reading.
    """
    if sampai < dari:
        raise ValueError("Tanggal akhir periode sebelum tanggal awal.")
    rows: list[EkspedisiPrintRow] = []
    if progress is None:
        rows = list(iter_ekspedisi_rows(session, dari=dari, sampai=sampai))
    else:
        total = ekspedisi_service.count_ekspedisi(
            session, EkspedisiFilter(dari=dari, sampai=sampai)
        )
        progress(PHASE_READ, 0, total)
        for row in iter_ekspedisi_rows(session, dari=dari, sampai=sampai):
            rows.append(row)
            if len(rows) % PAGE_SIZE == 0:
                progress(PHASE_READ, len(rows), max(total, len(rows)))
        if len(rows) % PAGE_SIZE:
            progress(PHASE_READ, len(rows), max(total, len(rows)))
    return EkspedisiPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        dari=dari,
        sampai=sampai,
        rows=rows,
        zone=procedure.office_clock(session).zone,
    )


# -- the story ---------------------------------------------------------------------------------


def document_info(data: EkspedisiPrintData) -> DocumentInfo:
    """Title (with the period) and layout of the book."""
    return DocumentInfo(
        title=f"Buku Ekspedisi Surat Keluar, {period_text(data.dari, data.sampai)}",
        orientation=ORIENTATION,
        kop=True,
        subject="Buku ekspedisi surat keluar",
    )


def column_widths(width: float) -> list[float]:
    """The widths of :data:`COLUMNS` on a frame ``width`` points wide."""
    widths = [w for _, w in COLUMNS]
    widths[PERIHAL] = width - sum(widths)
    return widths


def tujuan_cell_text(item: EkspedisiPrintRow) -> str:
    """The tujuan ("(tembusan)" after a tembusan), its address and the dispatch's keterangan,
    one per line."""
    tujuan = item.row.tujuan
    lines = [tujuan.nama + (" (tembusan)" if tujuan.tembusan else "")]
    if tujuan.alamat:
        lines.append(tujuan.alamat)
    if tujuan.keterangan:
        lines.append(f"Ket.: {tujuan.keterangan}")
    return "\n".join(lines)


def diterima_text(data: EkspedisiPrintData, item: EkspedisiPrintRow) -> str:
    """Who received the letter and when, from the returned tanda terima; empty (to be written
    in) while it is not back."""
    tujuan = item.row.tujuan
    if tujuan.status != KirimStatus.DITERIMA:
        return ""
    when = (
        format_tanggal_pendek(local(tujuan.diterima_at, data.zone).date())
        if tujuan.diterima_at is not None
        else "–"
    )
    return f"{tujuan.nama_penerima}\n{when}"


def perihal_cell(item: EkspedisiPrintRow, width: float) -> Cell:
    """The perihal; "SURAT BATAL" and the reason in bold for a letter cancelled after sending."""
    if not item.batal:
        return text_cell(item.row.perihal, width)
    return [
        para(item.row.perihal, "TableCell"),
        para(f"SURAT BATAL: {item.alasan_batal or '–'}", "TableCellBold"),
    ]


def row_cells(
    data: EkspedisiPrintData, number: int, item: EkspedisiPrintRow, widths: Sequence[float]
) -> list[Cell]:
    """The cells of one dispatch."""
    row = item.row
    tujuan = row.tujuan
    nomor = row.nomor_surat
    if row.tanggal_surat is not None:
        nomor += f", {format_tanggal_pendek(row.tanggal_surat)}"
    first = (
        str(number),
        format_tanggal_pendek(tujuan.tanggal_kirim) if tujuan.tanggal_kirim else "–",
        nomor,
    )
    cells: list[Cell] = [text_cell(t, w) for t, w in zip(first, widths, strict=False)]
    cells.append(perihal_cell(item, widths[PERIHAL]))
    rest = (
        tujuan_cell_text(item),
        tujuan.cara_kirim.label if tujuan.cara_kirim else "–",
        tujuan.nomor_resi or "–",
        tujuan.dikirim_oleh_nama or "–",
        diterima_text(data, item),
    )
    cells += [text_cell(t, w) for t, w in zip(rest, widths[PERIHAL + 1 :], strict=False)]
    cells.append(PARAF_ROOM)
    return cells


def ekspedisi_table(
    data: EkspedisiPrintData, width: float, progress: Progress | None = None
) -> PagedTable:
    """The register: one row per dispatch, the header on every page, rows of cancelled letters
    shaded. ``progress`` is told the rows prepared (:data:`PHASE_ROWS`)."""
    widths = column_widths(width)
    header = [para(title, "TableHeader") for title, _ in COLUMNS]
    total = len(data.rows)
    rows: list[list[Cell]] = []
    for number, item in enumerate(data.rows, start=1):
        rows.append(row_cells(data, number, item, widths))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == total):
            progress(PHASE_ROWS, number, total)
    shaded = [i for i, item in enumerate(data.rows) if item.batal]
    return PagedTable(header, rows, widths, shaded=shaded)


def _count_table(title: str, items: Sequence[tuple[str, int]]) -> Table:
    rows: list[list[Cell]] = [[para(title, "TableHeader"), para("Jumlah", "TableHeader")]]
    rows += [[para(label, "TableCell"), para(angka(n), "TableCellRight")] for label, n in items]
    return ruled_table(rows, [48 * mm, 18 * mm])


def totals(data: EkspedisiPrintData) -> Flowable:
    """The number of dispatches and letters, per cara kirim, and the tanda terima back."""
    cara = data.per_cara()
    kembali = data.kembali()
    tables = [
        _count_table(
            "Cara kirim", [(c.label[:1].upper() + c.label[1:], cara[c]) for c in CaraKirim]
        ),
        _count_table(
            "Tanda terima",
            [("Sudah kembali", kembali), ("Belum kembali", len(data.rows) - kembali)],
        ),
    ]
    grid = Table(
        [[tables[0], "", tables[1]]],
        colWidths=[66 * mm, 8 * mm, 66 * mm],
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
            markup(
                f"Jumlah pengiriman: <b>{angka(len(data.rows))}</b> "
                f"(untuk {angka(data.letters())} surat)",
                "Normal",
            ),
            Spacer(1, 2 * mm),
            grid,
        ]
    )


def build_ekspedisi_story(
    data: EkspedisiPrintData, progress: Progress | None = None
) -> list[Flowable]:
    """The book: title with the period, the register, the totals.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = [
        para("BUKU EKSPEDISI SURAT KELUAR", "Title"),
        para(period_text(data.dari, data.sampai), "Subtitle"),
        Spacer(1, 4 * mm),
    ]
    if data.rows:
        story.append(ekspedisi_table(data, width, progress))
    else:
        story.append(para("Tidak ada surat yang dikirim dalam periode ini.", "Normal"))
    story += [Spacer(1, 5 * mm), totals(data)]
    return story


def estimate_pages(data: EkspedisiPrintData, story: Sequence[Flowable]) -> int:
    """About how many pages the book takes (the register's measured height over a page)."""
    width = frame_width(data.paper, ORIENTATION)
    _, height = page_size(data.paper.paper, ORIENTATION)
    room = height - MARGIN_TOP - RUNNING_GAP - MARGIN_BOTTOM
    for flowable in story:
        if isinstance(flowable, PagedTable):
            _, header = PagedTable(flowable.header, [], flowable.col_widths).wrap(width, room)
            _, table = flowable.wrap(width, room)
            return math.ceil((table - header) / (room - header)) + 1
    return 1


def write_ekspedisi(
    target: str | Path | BinaryIO, data: EkspedisiPrintData, progress: Progress | None = None
) -> int:
    """Render the book to ``target``; returns the number of pages. When ``progress`` raises
    :class:`PrintCancelled` nothing is written to ``target``."""
    story = build_ekspedisi_story(data, progress)
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
    "EkspedisiPrintData",
    "EkspedisiPrintRow",
    "PrintCancelled",
    "build_ekspedisi_story",
    "column_widths",
    "diterima_text",
    "document_info",
    "ekspedisi_table",
    "estimate_pages",
    "iter_ekspedisi_rows",
    "load_ekspedisi_data",
    "row_cells",
    "totals",
    "tujuan_cell_text",
    "write_ekspedisi",
]
