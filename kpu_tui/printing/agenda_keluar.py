"""The buku agenda surat keluar on paper: every numbered letter of a period, landscape.

One row per letter dated (tanggal surat) in the period, in number order within each numbering
series (domain rules §1.9): no. urut, nomor surat, tanggal, tujuan (tembusan after), perihal,
lampiran, kode klasifikasi, jenis naskah, pengolah, penandatangan, the ekspedisi state ("2/2
dikirim, 1 tanda terima kembali") and whether the signed scan is archived. Each series (naskah
dinas and korespondensi, Keputusan, Berita Acara ...) is its own section, since each counts from
1. Cancelled letters stay in the book, shaded and marked BATAL with the reason: their numbers
are never given again. Numbers reserved, returned or voided without a letter are in the buku
nomor (:mod:`kpu_tui.printing.nomor_surat`). The header row repeats on every page; the totals
close the book.

The rows are read page by page through ``services.surat_keluar_read.list_surat`` (keyset), the
series, tujuan and archive scans of each page with one query each (:func:`page_extras`), and laid
out by :class:`~kpu_tui.printing.flowables.PagedTable`. Like the buku agenda surat masuk, every
step reports its progress to an optional hook that stops the print by raising
:class:`~kpu_tui.printing.templates.PrintCancelled` (no file is written then).
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
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlalchemy import func
from sqlmodel import Session, col, select

from kpu_tui.models import (
    BerkasJenis,
    KeluarStatus,
    KirimStatus,
    NomorSurat,
    SuratKeluar,
    SuratKeluarBerkas,
    SuratKeluarTujuan,
)
from kpu_tui.rules.dates import format_tanggal, format_tanggal_pendek
from kpu_tui.services import nomor_surat, reference
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.surat_keluar_read import KeluarFilter
from kpu_tui.services.surat_keluar_views import KeluarRow, TujuanView, tujuan_view

from .flowables import Cell, PagedTable, markup, para, ruled_table, text_cell
from .mutu_baku import angka
from .paper import PaperData, paper_data
from .surat_keluar import ekspedisi_text, tujuan_text
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

STATUS_ORDER: tuple[KeluarStatus, ...] = (
    KeluarStatus.TERBIT,
    KeluarStatus.DIKIRIM,
    KeluarStatus.SELESAI,
    KeluarStatus.BATAL,
)
"""The states a numbered letter can be in, in the order of the totals."""
STATUS_TOTAL_LABELS: dict[KeluarStatus, str] = {
    KeluarStatus.TERBIT: "Ditandatangani, belum semua dikirim",
    KeluarStatus.DIKIRIM: "Dikirim, tanda terima belum semua kembali",
    KeluarStatus.SELESAI: "Selesai (semua tanda terima kembali)",
    KeluarStatus.BATAL: "Batal",
}

COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 10 * mm),
    ("Nomor surat", 30 * mm),
    ("Tanggal", 20 * mm),
    ("Tujuan", 34 * mm),
    ("Perihal", 0.0),
    ("Lamp.", 10 * mm),
    ("Kode klasifikasi", 16 * mm),
    ("Jenis naskah", 16 * mm),
    ("Pengolah", 22 * mm),
    ("Penandatangan", 26 * mm),
    ("Ekspedisi", 25 * mm),
    ("Arsip", 13 * mm),
)
"""Headings and widths; the perihal takes what is left of the page."""
PERIHAL = 4
HEADING_ROOM = 30 * mm
"""The room a series heading needs below it (its register's header and first rows)."""


@dataclass(frozen=True)
class AgendaKeluarRow:
    """One letter of the printed book.

    Attributes:
        row: the register row.
        seri: the kode of the numbering series its number came from.
        sisipan: the suffix of a back-dated insert number ("a"), or empty.
        jenis_nama: the jenis naskah by name ("Surat Dinas").
        tujuan: its tujuan and tembusan with their dispatch state.
        arsip: how many active scans of the signed letter it has.
    """

    row: KeluarRow
    seri: str
    sisipan: str = ""
    jenis_nama: str = ""
    tujuan: tuple[TujuanView, ...] = ()
    arsip: int = 0

    @property
    def urut_teks(self) -> str:
        """The no. urut as printed: "12", "12a"."""
        urut = self.row.nomor_urut
        return f"{urut}{self.sisipan}" if urut is not None else "–"

    @property
    def batal(self) -> bool:
        """Whether the letter was cancelled."""
        return self.row.status == KeluarStatus.BATAL


@dataclass(frozen=True)
class AgendaKeluarPrintData:
    """Everything the printed book needs.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        dari: the first day of the period (tanggal surat).
        sampai: the last day (included).
        rows: the letters, by series (in :attr:`series` order), then year and number.
        series: (kode, nama) of every numbering series, in the office's order.
        jenis: (kode, nama) of every jenis naskah (for the totals).
    """

    paper: PaperData
    dari: date
    sampai: date
    rows: Sequence[AgendaKeluarRow] = ()
    series: tuple[tuple[str, str], ...] = field(default=())
    jenis: tuple[tuple[str, str], ...] = field(default=())

    def sections(self) -> list[tuple[str, list[AgendaKeluarRow]]]:
        """The rows of each series in turn, as (series name, rows); only series with rows."""
        names = dict(self.series)
        out: list[tuple[str, list[AgendaKeluarRow]]] = []
        for item in self.rows:
            if not out or out[-1][1][0].seri != item.seri:
                out.append((names.get(item.seri, item.seri or "tanpa seri"), []))
            out[-1][1].append(item)
        return out

    def per_status(self) -> Counter[KeluarStatus]:
        """How many letters are in each state."""
        return Counter(KeluarStatus(r.row.status) for r in self.rows)

    def per_jenis(self) -> Counter[str]:
        """How many letters of each jenis naskah (by name)."""
        return Counter(r.jenis_nama for r in self.rows)

    def per_kirim(self) -> Counter[KirimStatus]:
        """How many tujuan of the letters not cancelled are in each dispatch state."""
        return Counter(KirimStatus(t.status) for r in self.rows if not r.batal for t in r.tujuan)


# -- loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageExtras:
    """What a page of register rows lacks for printing, by letter id."""

    nomor: dict[int, tuple[str, str]]
    """(series kode, sisipan) of each letter's number."""
    tujuan: dict[int, tuple[TujuanView, ...]]
    arsip: dict[int, int]


def page_extras(session: Session, ids: Sequence[int]) -> PageExtras:
    """For the letters ``ids`` in three read-only queries: the series of their numbers, their
    tujuan, and their active archive scans."""
    if not ids:
        return PageExtras({}, {}, {})
    nomor = {
        surat_id: (seri, sisipan)
        for surat_id, seri, sisipan in session.exec(
            select(SuratKeluar.id, NomorSurat.seri, NomorSurat.sisipan)
            .join(NomorSurat, col(NomorSurat.id) == col(SuratKeluar.nomor_id))
            .where(col(SuratKeluar.id).in_(ids))
        ).all()
        if surat_id is not None
    }
    tujuan: dict[int, list[TujuanView]] = {}
    for row in session.exec(
        select(SuratKeluarTujuan)
        .where(col(SuratKeluarTujuan.surat_id).in_(ids))
        .order_by(
            col(SuratKeluarTujuan.surat_id),
            col(SuratKeluarTujuan.urutan),
            col(SuratKeluarTujuan.id),
        )
    ).all():
        tujuan.setdefault(row.surat_id, []).append(tujuan_view(row))
    arsip = {
        surat_id: int(count)
        for surat_id, count in session.exec(
            select(SuratKeluarBerkas.surat_id, func.count())
            .where(
                col(SuratKeluarBerkas.surat_id).in_(ids),
                col(SuratKeluarBerkas.aktif).is_(True),
                col(SuratKeluarBerkas.jenis) == BerkasJenis.ARSIP,
            )
            .group_by(col(SuratKeluarBerkas.surat_id))
        ).all()
    }
    return PageExtras(nomor, {k: tuple(v) for k, v in tujuan.items()}, arsip)


def _filter(dari: date, sampai: date) -> KeluarFilter:
    return KeluarFilter(tampilan="agenda", dari=dari, sampai=sampai)


def iter_agenda_rows(
    session: Session, *, dari: date, sampai: date, page_size: int = PAGE_SIZE
) -> Iterator[AgendaKeluarRow]:
    """The numbered letters dated ``dari`` to ``sampai`` in register order (year, number),
    read ``page_size`` at a time."""
    jenis = {j.kode: j.nama for j in reference.list_jenis_naskah(session, include_inactive=True)}
    flt = _filter(dari, sampai)
    after = None
    while True:
        rows = skr.list_surat(session, flt, after=after, limit=page_size, descending=False)
        if not rows:
            return
        extras = page_extras(session, [r.id for r in rows])
        for r in rows:
            seri, sisipan = extras.nomor.get(r.id, ("", ""))
            yield AgendaKeluarRow(
                row=r,
                seri=seri,
                sisipan=sisipan,
                jenis_nama=jenis.get(r.jenis_naskah, r.jenis_naskah),
                tujuan=extras.tujuan.get(r.id, ()),
                arsip=extras.arsip.get(r.id, 0),
            )
        if len(rows) < page_size:
            return
        after = skr.cursor_of(rows[-1], flt)


def book_order(
    rows: Sequence[AgendaKeluarRow], series: Sequence[tuple[str, str]]
) -> list[AgendaKeluarRow]:
    """The rows by series (in the office's order, unknown ones last), then year, number,
    sisipan and entry."""
    rank = {kode: index for index, (kode, _) in enumerate(series)}

    def key(item: AgendaKeluarRow) -> tuple[int, str, int, int, str, int]:
        row = item.row
        return (
            rank.get(item.seri, len(rank)),
            item.seri,
            row.tahun or 0,
            row.nomor_urut or 0,
            item.sisipan,
            row.id,
        )

    return sorted(rows, key=key)


def load_agenda_keluar_data(
    session: Session,
    *,
    dari: date,
    sampai: date,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    progress: Progress | None = None,
) -> AgendaKeluarPrintData:
    """Read the book for the period (read only).

    Args:
        session: an open session.
        dari: the first day (tanggal surat).
        sampai: the last day, included.
        printed_by: the user's name for the footer.
        now: the print moment (default: now).
        kertas: "A4" or "F4" to override the office's setting.
        progress: called with (:data:`PHASE_READ`, letters read, letters in the period) before
            the first and after every page of :data:`PAGE_SIZE` letters; raising
            :class:`PrintCancelled` stops the reading.
    """
    if sampai < dari:
        raise ValueError("Tanggal akhir periode sebelum tanggal awal.")
    rows: list[AgendaKeluarRow] = []
    if progress is None:
        rows = list(iter_agenda_rows(session, dari=dari, sampai=sampai))
    else:
        total = skr.count_surat(session, _filter(dari, sampai))
        progress(PHASE_READ, 0, total)
        for row in iter_agenda_rows(session, dari=dari, sampai=sampai):
            rows.append(row)
            if len(rows) % PAGE_SIZE == 0:
                progress(PHASE_READ, len(rows), max(total, len(rows)))
        if len(rows) % PAGE_SIZE:
            progress(PHASE_READ, len(rows), max(total, len(rows)))
    series = tuple((s.kode, s.nama) for s in nomor_surat.list_series(session))
    return AgendaKeluarPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        dari=dari,
        sampai=sampai,
        rows=book_order(rows, series),
        series=series,
        jenis=tuple(
            (j.kode, j.nama) for j in reference.list_jenis_naskah(session, include_inactive=True)
        ),
    )


# -- the story ---------------------------------------------------------------------------------


def period_text(dari: date, sampai: date) -> str:
    """ "Periode 1 Januari 2026 s.d. 31 Maret 2026", or "Tanggal 5 Maret 2026" for one day."""
    if dari == sampai:
        return f"Tanggal {format_tanggal(dari)}"
    return f"Periode {format_tanggal(dari)} s.d. {format_tanggal(sampai)}"


def document_info(data: AgendaKeluarPrintData) -> DocumentInfo:
    """Title (with the period) and layout of the book."""
    return DocumentInfo(
        title=f"Buku Agenda Surat Keluar, {period_text(data.dari, data.sampai)}",
        orientation=ORIENTATION,
        kop=True,
        subject="Buku agenda surat keluar",
    )


def column_widths(width: float) -> list[float]:
    """The widths of :data:`COLUMNS` on a frame ``width`` points wide."""
    widths = [w for _, w in COLUMNS]
    widths[PERIHAL] = width - sum(widths)
    return widths


def penandatangan_cell_text(row: KeluarRow) -> str:
    """The signing position, and its holder on the next line."""
    if not row.penandatangan_jabatan:
        return "–"
    if row.penandatangan_nama:
        return f"{row.penandatangan_jabatan}\n{row.penandatangan_nama}"
    return row.penandatangan_jabatan


def arsip_text(item: AgendaKeluarRow) -> str:
    """ "Ada" when the signed letter's scan is kept, "Belum" when not, "–" for a cancelled
    letter without one."""
    if item.arsip:
        return "Ada" if item.arsip == 1 else f"Ada ({item.arsip})"
    return "–" if item.batal else "Belum"


def perihal_cell(item: AgendaKeluarRow, width: float) -> Cell:
    """The perihal, with the letter's keterangan; a cancelled letter's BATAL and reason in
    bold."""
    row = item.row
    text = row.perihal + (f"\nKet.: {row.keterangan}" if row.keterangan else "")
    if not item.batal:
        return text_cell(text, width)
    return [para(text, "TableCell"), para(f"BATAL: {row.alasan_batal or '–'}", "TableCellBold")]


def row_cells(item: AgendaKeluarRow, widths: Sequence[float]) -> list[Cell]:
    """The cells of one letter (plain strings where the style allows)."""
    row = item.row
    texts = (
        item.urut_teks,
        row.nomor_surat,
        format_tanggal_pendek(row.tanggal_surat) if row.tanggal_surat else "–",
        tujuan_text(item.tujuan, row.tujuan_ringkas),
    )
    cells: list[Cell] = [text_cell(t, w) for t, w in zip(texts, widths, strict=False)]
    cells.append(perihal_cell(item, widths[PERIHAL]))
    rest = (
        row.lampiran or "–",
        row.klasifikasi or "–",
        item.jenis_nama,
        row.pengolah_nama or "–",
        penandatangan_cell_text(row),
        "Surat batal" if item.batal else ekspedisi_text(item.tujuan),
        arsip_text(item),
    )
    cells += [text_cell(t, w) for t, w in zip(rest, widths[PERIHAL + 1 :], strict=True)]
    return cells


def agenda_tables(
    data: AgendaKeluarPrintData, width: float, progress: Progress | None = None
) -> list[tuple[str, PagedTable]]:
    """One register per series: the header on every page, cancelled rows shaded.

    ``progress`` is told the rows prepared (:data:`PHASE_ROWS`) every :data:`PROGRESS_EVERY`
    rows and at the end.
    """
    widths = column_widths(width)
    header = [para(title, "TableHeader") for title, _ in COLUMNS]
    total = len(data.rows)
    done = 0
    tables: list[tuple[str, PagedTable]] = []
    for name, items in data.sections():
        rows: list[list[Cell]] = []
        for item in items:
            rows.append(row_cells(item, widths))
            done += 1
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(PHASE_ROWS, done, total)
        shaded = [i for i, item in enumerate(items) if item.batal]
        tables.append((name, PagedTable(header, rows, widths, shaded=shaded)))
    return tables


def _count_table(title: str, items: Sequence[tuple[str, int]]) -> Table:
    rows: list[list[Cell]] = [[para(title, "TableHeader"), para("Jumlah", "TableHeader")]]
    rows += [[para(label, "TableCell"), para(angka(n), "TableCellRight")] for label, n in items]
    return ruled_table(rows, [44 * mm, 18 * mm])


def totals(data: AgendaKeluarPrintData) -> Flowable:
    """Jumlah surat, then the counts per state, per jenis naskah, of the ekspedisi and of the
    archive scans side by side."""
    statuses = data.per_status()
    jenis = data.per_jenis()
    names = [nama for _, nama in data.jenis if jenis[nama]]
    names += sorted(n for n in jenis if n not in names)
    kirim = data.per_kirim()
    live = [r for r in data.rows if not r.batal]
    with_scan = sum(1 for r in live if r.arsip)
    tables = [
        _count_table(
            "Keadaan surat", [(STATUS_TOTAL_LABELS[s], statuses[s]) for s in STATUS_ORDER]
        ),
        _count_table("Jenis naskah", [(n, jenis[n]) for n in names] or [("–", 0)]),
        _count_table(
            "Ekspedisi (per tujuan)",
            [
                ("Belum dikirim", kirim[KirimStatus.BELUM]),
                ("Dikirim, tanda terima belum kembali", kirim[KirimStatus.DIKIRIM]),
                ("Tanda terima kembali", kirim[KirimStatus.DITERIMA]),
                ("Ditarik", kirim[KirimStatus.BATAL]),
            ],
        ),
        _count_table(
            "Arsip (surat tidak batal)",
            [("Pindaian ada", with_scan), ("Pindaian belum ada", len(live) - with_scan)],
        ),
    ]
    gap = 6 * mm
    cells: list[Cell] = []
    widths: list[float] = []
    for table in tables:
        if cells:
            cells.append("")
            widths.append(gap)
        cells.append(table)
        widths.append(62 * mm)
    grid = Table(
        [cells],
        colWidths=widths,
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
            markup(f"Jumlah surat keluar bernomor: <b>{angka(len(data.rows))}</b>", "Normal"),
            Spacer(1, 2 * mm),
            grid,
            para(
                "Nomor yang dipesan, dikembalikan atau dibatalkan tanpa surat tercatat di buku "
                "nomor surat keluar.",
                "Note",
            ),
        ]
    )


def build_agenda_keluar_story(
    data: AgendaKeluarPrintData, progress: Progress | None = None
) -> list[Flowable]:
    """The book: title with the period, one register per series, the totals.

    Pure: builds flowables from the data, writes nothing (``progress`` is told the rows
    prepared, see :func:`agenda_tables`).
    """
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = [
        para("BUKU AGENDA SURAT KELUAR", "Title"),
        para(period_text(data.dari, data.sampai), "Subtitle"),
        Spacer(1, 3 * mm),
    ]
    tables = agenda_tables(data, width, progress)
    for name, table in tables:
        count = table.row_count
        story += [
            CondPageBreak(HEADING_ROOM),  # no heading alone at the foot of a page
            para(f"Seri {name} ({angka(count)} surat)", "Heading"),
            table,
        ]
    if not tables:
        story.append(
            para("Tidak ada surat keluar bernomor dengan tanggal dalam periode ini.", "Normal")
        )
    story += [Spacer(1, 5 * mm), totals(data)]
    return story


def estimate_pages(data: AgendaKeluarPrintData, story: Sequence[Flowable]) -> int:
    """About how many pages the book takes: the registers' measured height over the room of a
    page (measuring is done once; the layout reuses it)."""
    width = frame_width(data.paper, ORIENTATION)
    _, height = page_size(data.paper.paper, ORIENTATION)
    room = height - MARGIN_TOP - RUNNING_GAP - MARGIN_BOTTOM
    pages = 1.0
    for flowable in story:
        if isinstance(flowable, PagedTable):
            _, header = PagedTable(flowable.header, [], flowable.col_widths).wrap(width, room)
            _, table = flowable.wrap(width, room)
            pages += (table - header) / (room - header)
    return math.ceil(pages)


def write_agenda_keluar(
    target: str | Path | BinaryIO, data: AgendaKeluarPrintData, progress: Progress | None = None
) -> int:
    """Render the book to ``target``; returns the number of pages.

    ``progress`` is told the rows prepared, then the pages laid out (of an estimate) and
    written; when it raises :class:`PrintCancelled` nothing is written to ``target``.
    """
    story = build_agenda_keluar_story(data, progress)
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
    "AgendaKeluarPrintData",
    "AgendaKeluarRow",
    "PageExtras",
    "PrintCancelled",
    "agenda_tables",
    "arsip_text",
    "book_order",
    "build_agenda_keluar_story",
    "column_widths",
    "document_info",
    "estimate_pages",
    "iter_agenda_rows",
    "load_agenda_keluar_data",
    "page_extras",
    "period_text",
    "row_cells",
    "totals",
    "write_agenda_keluar",
]
