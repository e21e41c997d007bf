"""The buku nomor surat keluar on paper: every number of a year with its state, landscape.

The numbering ledger auditors check first (issue 6): per series (naskah dinas and
korespondensi, Keputusan, Berita Acara ...) every number taken in the year in number order,
sisipan after the number they follow, each with its state (terpakai, dipesan, dikembalikan,
BATAL with the reason), its date, the letter's perihal or the reservation's keperluan, the
tujuan and who took it. A summary per series opens the book (range and counts per state) and
the gap report closes it: which numbers are not on a letter in force, and the sentence "Tidak
ada nomor yang hilang" when those are only voids, returns and open reservations.

Rows are read page by page through ``services.nomor_surat.list_nomor`` (keyset) and laid out by
:class:`~kpu_tui.printing.flowables.PagedTable`, one per series; an optional progress hook sees
every step and stops the print by raising :class:`~kpu_tui.printing.templates.PrintCancelled`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from sqlmodel import Session

from kpu_tui.models import NomorStatus
from kpu_tui.rules.dates import format_tanggal, format_tanggal_pendek
from kpu_tui.services import nomor_surat as nomor_service
from kpu_tui.services import procedure
from kpu_tui.services.nomor_surat import NomorFilter
from kpu_tui.services.surat_keluar_views import GapEntry, NomorView, SeriView

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
"""Ledger rows read per query (keyset page) while loading."""
PROGRESS_EVERY = 100
PHASE_READ = "Membaca nomor"
PHASE_ROWS = "Menyiapkan baris"
HEADING_ROOM = 30 * mm
"""The room a series heading needs below it (its register's header and first rows)."""

STATUS_ORDER: tuple[NomorStatus, ...] = (
    NomorStatus.TERPAKAI,
    NomorStatus.DIPESAN,
    NomorStatus.DIKEMBALIKAN,
    NomorStatus.BATAL,
)
GAP_LABELS = {
    "batal": "BATAL",
    "dikembalikan": "dikembalikan",
    "dipesan": "dipesan, belum dipakai",
    "hilang": "HILANG",
}
"""The states of :class:`GapEntry` in words."""

COLUMNS: tuple[tuple[str, float], ...] = (
    ("No. urut", 13 * mm),
    ("Nomor surat", 36 * mm),
    ("Tanggal", 20 * mm),
    ("Keadaan", 21 * mm),
    ("Perihal / keperluan", 0.0),
    ("Tujuan", 36 * mm),
    ("Jenis", 20 * mm),
    ("Diambil oleh", 27 * mm),
    ("Keterangan", 44 * mm),
)
"""Headings and widths; the perihal takes what is left of the page."""
PERIHAL = 4


@dataclass(frozen=True)
class NomorPrintData:
    """Everything the printed ledger needs.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        tahun: the year.
        series: the office's numbering series, in their order.
        rows: every ledger row of the year, in number order (series, urut, sisipan).
        gaps: ``services.nomor_surat.gaps`` of the year.
        zone: the office's time zone (change times are stored in UTC).
    """

    paper: PaperData
    tahun: int
    series: tuple[SeriView, ...] = ()
    rows: Sequence[NomorView] = ()
    gaps: Sequence[GapEntry] = ()
    zone: tzinfo = field(default=UTC)

    def series_names(self) -> dict[str, str]:
        """Series name by kode."""
        return {s.kode: s.nama for s in self.series}

    def sections(self) -> list[tuple[str, list[NomorView]]]:
        """The rows of each series with numbers, as (kode, rows), in the office's order (a
        series no longer configured last)."""
        grouped: dict[str, list[NomorView]] = {}
        for row in self.rows:
            grouped.setdefault(row.seri, []).append(row)
        order = [s.kode for s in self.series if s.kode in grouped]
        order += sorted(k for k in grouped if k not in order)
        return [(kode, grouped[kode]) for kode in order]

    def shown_series(self) -> list[str]:
        """The series in the summary: every active one, and any other with numbers."""
        with_rows = {row.seri for row in self.rows}
        kodes = [s.kode for s in self.series if s.aktif or s.kode in with_rows]
        return kodes + sorted(k for k in with_rows if k not in kodes)

    def hilang(self) -> list[GapEntry]:
        """Numbers missing from the ledger (must never happen)."""
        return [g for g in self.gaps if g.keadaan == "hilang"]


# -- loading -----------------------------------------------------------------------------------


def iter_nomor_rows(
    session: Session, *, tahun: int, page_size: int = PAGE_SIZE
) -> Iterator[NomorView]:
    """Every ledger row of ``tahun`` in number order, read ``page_size`` at a time."""
    flt = NomorFilter(tahun=tahun)
    after = None
    while True:
        rows = nomor_service.list_nomor(session, flt, after=after, limit=page_size)
        yield from rows
        if len(rows) < page_size:
            return
        after = nomor_service.cursor_of(rows[-1])


def load_nomor_data(
    session: Session,
    *,
    tahun: int,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    progress: Progress | None = None,
) -> NomorPrintData:
    """Read the ledger of ``tahun`` and its gap report (read only).

    ``progress`` is called with (:data:`PHASE_READ`, rows read, rows of the year) before the
    first and after every page of :data:`PAGE_SIZE` rows; raising :class:`PrintCancelled`
    stops the reading.
    """
    rows: list[NomorView] = []
    if progress is None:
        rows = list(iter_nomor_rows(session, tahun=tahun))
    else:
        total = nomor_service.count_nomor(session, NomorFilter(tahun=tahun))
        progress(PHASE_READ, 0, total)
        for row in iter_nomor_rows(session, tahun=tahun):
            rows.append(row)
            if len(rows) % PAGE_SIZE == 0:
                progress(PHASE_READ, len(rows), max(total, len(rows)))
        if len(rows) % PAGE_SIZE:
            progress(PHASE_READ, len(rows), max(total, len(rows)))
    return NomorPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        tahun=tahun,
        series=tuple(nomor_service.list_series(session)),
        rows=rows,
        gaps=tuple(nomor_service.gaps(session, tahun=tahun)),
        zone=procedure.office_clock(session).zone,
    )


# -- the story ---------------------------------------------------------------------------------


def document_info(data: NomorPrintData) -> DocumentInfo:
    """Title (with the year) and layout of the ledger."""
    return DocumentInfo(
        title=f"Buku Nomor Surat Keluar Tahun {data.tahun}",
        orientation=ORIENTATION,
        kop=True,
        subject="Buku nomor surat keluar",
    )


def column_widths(width: float) -> list[float]:
    """The widths of :data:`COLUMNS` on a frame ``width`` points wide."""
    widths = [w for _, w in COLUMNS]
    widths[PERIHAL] = width - sum(widths)
    return widths


def urut_text(view: NomorView) -> str:
    """ "12", "12a"."""
    return f"{view.urut}{view.sisipan}"


def keterangan_text(data: NomorPrintData, view: NomorView) -> str:
    """Why a number is not (or no longer) on a letter, for whom it was reserved, whether it is
    a sisipan."""
    parts: list[str] = []
    changed = (
        f" ({format_tanggal_pendek(local(view.diubah_at, data.zone).date())})"
        if view.diubah_at is not None
        else ""
    )
    status = view.status
    if status == NomorStatus.BATAL:
        parts.append(f"Alasan batal{changed}: {view.alasan or '–'}")
    elif status == NomorStatus.DIKEMBALIKAN:
        parts.append(f"Dikembalikan{changed}: {view.alasan or '–'}")
    if view.untuk_nama:
        parts.append(f"Dipesan untuk {view.untuk_nama}")
    if view.sisipan:
        parts.append("Nomor sisipan")
    return ". ".join(parts) or "–"


def perihal_text(view: NomorView) -> str:
    """The letter's perihal; for a reservation its keperluan (marked as such)."""
    if view.surat_keluar_id is None and view.keperluan:
        return f"Keperluan: {view.keperluan}"
    return view.perihal or "–"


def row_cells(data: NomorPrintData, view: NomorView, widths: Sequence[float]) -> list[Cell]:
    """The cells of one number (the state in bold unless terpakai)."""
    texts = (
        urut_text(view),
        view.nomor_teks,
        format_tanggal_pendek(view.tanggal),
    )
    cells: list[Cell] = [text_cell(t, w) for t, w in zip(texts, widths, strict=False)]
    used = view.status == NomorStatus.TERPAKAI
    cells.append(text_cell(view.status.label, widths[3], "TableCell" if used else "TableCellBold"))
    rest = (
        perihal_text(view),
        view.tujuan or "–",
        view.jenis_naskah or "–",
        view.oleh_nama or "–",
        keterangan_text(data, view),
    )
    cells += [text_cell(t, w) for t, w in zip(rest, widths[PERIHAL:], strict=True)]
    return cells


def ledger_tables(
    data: NomorPrintData, width: float, progress: Progress | None = None
) -> list[tuple[str, PagedTable]]:
    """One register per series; numbers not terpakai shaded. ``progress`` is told the rows
    prepared (:data:`PHASE_ROWS`)."""
    widths = column_widths(width)
    header = [para(title, "TableHeader") for title, _ in COLUMNS]
    total = len(data.rows)
    done = 0
    tables: list[tuple[str, PagedTable]] = []
    for kode, views in data.sections():
        rows: list[list[Cell]] = []
        for view in views:
            rows.append(row_cells(data, view, widths))
            done += 1
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(PHASE_ROWS, done, total)
        shaded = [i for i, v in enumerate(views) if v.status != NomorStatus.TERPAKAI]
        tables.append((kode, PagedTable(header, rows, widths, shaded=shaded)))
    return tables


def summary_table(data: NomorPrintData, width: float) -> Flowable:
    """Per series: its template, the range of numbers, how many in each state, sisipan."""
    names = data.series_names()
    formats = {s.kode: s.format for s in data.series}
    grouped = dict(data.sections())
    titles = ["Seri", "Format nomor", "Rentang", "Jumlah"]
    titles += [s.label.capitalize() if s != NomorStatus.BATAL else "BATAL" for s in STATUS_ORDER]
    titles.append("Sisipan")
    # Jumlah, terpakai, dipesan, dikembalikan, BATAL, sisipan: each as wide as its heading.
    numeric = [17 * mm, 19 * mm, 18 * mm, 22 * mm, 16 * mm, 17 * mm]
    widths = [0.0, 72 * mm, 26 * mm, *numeric]
    widths[0] = width - sum(widths)
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    for kode in data.shown_series():
        views = grouped.get(kode, [])
        counts = Counter(v.status for v in views)
        urut = [v.urut for v in views]
        rentang = f"{min(urut)} s.d. {max(urut)}" if urut else "belum ada nomor"
        rows.append(
            [
                para(names.get(kode, kode), "TableCell"),
                para(formats.get(kode, "–"), "TableCell"),
                para(rentang, "TableCell"),
                para(angka(len(views)), "TableCellRight"),
                *[para(angka(counts[s]), "TableCellRight") for s in STATUS_ORDER],
                para(angka(sum(1 for v in views if v.sisipan)), "TableCellRight"),
            ]
        )
    if len(rows) == 1:
        return para("Belum ada seri nomor.", "Normal")
    return ruled_table(rows, widths)


def gap_section(data: NomorPrintData, width: float) -> list[Flowable]:
    """The gap report: whether any number is missing, then every number not on a letter in
    force (voided, returned, reserved and unused) with its reason."""
    names = data.series_names()
    story: list[Flowable] = [para("Pemeriksaan kesinambungan nomor", "Heading")]
    hilang = data.hilang()
    if hilang:
        listed = "; ".join(f"{names.get(g.seri, g.seri)} nomor {g.urut}" for g in hilang)
        story.append(
            markup(
                f"<b>PERHATIAN: {angka(len(hilang))} nomor hilang</b> (tidak tercatat di buku "
                f"nomor): {listed}. Periksa basis data dengan <i>kpu-tui check</i>.",
                "Normal",
            )
        )
    else:
        story.append(
            markup(
                "<b>Tidak ada nomor yang hilang.</b> Setiap nomor dari 1 sampai nomor terakhir "
                "setiap seri tercatat di buku ini.",
                "Normal",
            )
        )
    others = [g for g in data.gaps if g.keadaan != "hilang"]
    story.append(Spacer(1, 2 * mm))
    if not others:
        if not hilang:
            story.append(para("Semua nomor dipakai surat yang berlaku.", "Normal"))
        return story
    story.append(
        para(
            "Nomor yang tidak dipakai surat yang berlaku (batal, dikembalikan, masih dipesan):",
            "Normal",
        )
    )
    widths = [0.0, 16 * mm, 52 * mm, 34 * mm, 90 * mm]
    widths[0] = width - sum(widths)
    titles = ("Seri", "No. urut", "Nomor surat", "Keadaan", "Alasan")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    rank = {kode: index for index, kode in enumerate(data.shown_series())}
    ordered = sorted(others, key=lambda g: (rank.get(g.seri, len(rank)), g.seri, g.urut))
    for gap in ordered:
        bold = gap.keadaan in ("batal", "hilang")
        rows.append(
            [
                para(names.get(gap.seri, gap.seri), "TableCell"),
                para(str(gap.urut), "TableCell"),
                para(gap.nomor_teks or "–", "TableCell"),
                para(
                    GAP_LABELS.get(gap.keadaan, gap.keadaan),
                    "TableCellBold" if bold else "TableCell",
                ),
                para(gap.alasan or "–", "TableCell"),
            ]
        )
    story += [Spacer(1, 1.5 * mm), ruled_table(rows, widths)]
    return story


def build_nomor_story(data: NomorPrintData, progress: Progress | None = None) -> list[Flowable]:
    """The ledger: title with the year, the summary per series, one register per series, the
    gap report.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    names = data.series_names()
    story: list[Flowable] = [
        para("BUKU NOMOR SURAT KELUAR", "Title"),
        para(f"Tahun {data.tahun}", "Subtitle"),
        Spacer(1, 3 * mm),
        KeepTogether([para("Ringkasan per seri", "Heading"), summary_table(data, width)]),
    ]
    tables = ledger_tables(data, width, progress)
    for kode, table in tables:
        story += [
            CondPageBreak(HEADING_ROOM),
            para(f"Seri {names.get(kode, kode)} ({angka(table.row_count)} nomor)", "Heading"),
            table,
        ]
    if not tables:
        story += [
            Spacer(1, 3 * mm),
            para(f"Tidak ada nomor surat keluar pada tahun {data.tahun}.", "Normal"),
        ]
    story += [Spacer(1, 3 * mm), KeepTogether(gap_section(data, width))]
    story.append(
        para(
            f"Keadaan buku per {format_tanggal(data.paper.printed_at.date())}: nomor yang "
            "dibatalkan atau dikembalikan tidak pernah diberikan lagi.",
            "Note",
        )
    )
    return story


def estimate_pages(data: NomorPrintData, story: Sequence[Flowable]) -> int:
    """About how many pages the ledger takes (the registers' measured height over a page)."""
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


def write_nomor(
    target: str | Path | BinaryIO, data: NomorPrintData, progress: Progress | None = None
) -> int:
    """Render the ledger to ``target``; returns the number of pages. When ``progress`` raises
    :class:`PrintCancelled` nothing is written to ``target``."""
    story = build_nomor_story(data, progress)
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
    "GAP_LABELS",
    "PHASE_READ",
    "PHASE_ROWS",
    "NomorPrintData",
    "PrintCancelled",
    "build_nomor_story",
    "column_widths",
    "document_info",
    "estimate_pages",
    "gap_section",
    "iter_nomor_rows",
    "keterangan_text",
    "ledger_tables",
    "load_nomor_data",
    "perihal_text",
    "row_cells",
    "summary_table",
    "urut_text",
    "write_nomor",
]
