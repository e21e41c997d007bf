"""The mutu baku report on paper: per step of one SOP, actual times against the standard.

The evidence an office files for the SOP evaluation its SOPs require at least twice a year:
landscape, kop surat, the period in the title, the run totals, then one row per step with the
standard as printed, the number of completions, the median and 90th percentile of the actual
time (in the step's unit) and the share within the standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kpu_tui.rules.dates import format_tanggal
from kpu_tui.services.procedure import MutuBakuReport, StepStats

from .flowables import Cell, para, ruled_table
from .paper import PaperData
from .templates import DocumentInfo, Orientation, frame_width, render

ORIENTATION: Orientation = "lanskap"

SATUAN_LABEL: dict[str, str] = {"menit": "menit", "hari_kerja": "hari kerja", "hari": "hari"}
"""How the report's units print."""

NOTE = (
    "Waktu aktual sebuah langkah dihitung dari saat langkah itu dimulai sampai diselesaikan: "
    "menit dihitung dalam jam kerja kantor, hari kerja tanpa Sabtu, Minggu, hari libur "
    "nasional, cuti bersama dan hari libur kantor. Laporan mencakup prosedur yang dimulai "
    "dalam periode, dengan semua langkahnya yang telah diselesaikan. Persentase sesuai standar "
    "hanya dihitung untuk langkah yang mempunyai batas waktu pasti."
)


@dataclass(frozen=True)
class MutuBakuPrintData:
    """Everything the printed report needs.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        report: the statistics from ``services.procedure.mutu_baku``.
    """

    paper: PaperData
    report: MutuBakuReport


def period_text(report: MutuBakuReport) -> str:
    """ "Periode 1 Januari 2026 s.d. 30 Juni 2026"."""
    return f"Periode {format_tanggal(report.dari)} s.d. {format_tanggal(report.sampai)}"


def title_text(report: MutuBakuReport) -> str:
    """ "Laporan Mutu Baku SOP 9.14 Penatausahaan Surat Masuk"."""
    return f"Laporan Mutu Baku SOP {report.sop_id} {report.sop_nama}"


def document_info(data: MutuBakuPrintData) -> DocumentInfo:
    """Title (with SOP and period) and layout of the report."""
    report = data.report
    return DocumentInfo(
        title=f"{title_text(report)}, {period_text(report)}",
        orientation=ORIENTATION,
        kop=True,
        subject="Evaluasi pelaksanaan SOP",
    )


def angka(value: float | None, decimals: int = 1) -> str:
    """A number as Indonesian writing has it: "12", "12,5"; "–" for None."""
    if value is None:
        return "–"
    rounded = round(value, decimals)
    if rounded == int(rounded):
        return f"{int(rounded):,}".replace(",", ".")
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def persen(value: float | None) -> str:
    """A share as "87,5%"; "–" for None."""
    return "–" if value is None else f"{angka(value)}%"


def satuan_label(satuan: str) -> str:
    """ "menit", "hari kerja", "hari"; "–" for a step without a unit."""
    return SATUAN_LABEL.get(satuan, satuan) or "–"


def _standard_cell(step: StepStats) -> list[Flowable]:
    cell: list[Flowable] = [para(step.waktu_teks or "–", "TableCell")]
    if step.batas is not None:
        limit = f"{angka(step.batas)} {satuan_label(step.satuan)}"
        if " ".join(step.waktu_teks.lower().split()) != limit:
            cell.append(para(f"batas {limit}", "TableCellSmall"))
    else:
        cell.append(para("tanpa batas waktu pasti", "TableCellSmall"))
    return cell


def totals_table(report: MutuBakuReport) -> Flowable:
    """The runs started in the period: how many, finished, cancelled, still open."""
    berjalan = max(report.jumlah_run - report.selesai - report.batal, 0)
    header = [
        para("Prosedur dimulai dalam periode", "TableHeader"),
        para("Selesai", "TableHeader"),
        para("Dibatalkan", "TableHeader"),
        para("Masih berjalan", "TableHeader"),
    ]
    values = [
        para(angka(report.jumlah_run), "TableCellCenter"),
        para(angka(report.selesai), "TableCellCenter"),
        para(angka(report.batal), "TableCellCenter"),
        para(angka(berjalan), "TableCellCenter"),
    ]
    return ruled_table([header, values], [55 * mm, 30 * mm, 30 * mm, 30 * mm])


def steps_table(report: MutuBakuReport, width: float) -> Flowable:
    """One row per step; the header repeats on every page."""
    numeric = [18 * mm, 20 * mm, 20 * mm, 22 * mm, 24 * mm]
    widths = [9 * mm, 0.0, 44 * mm, 22 * mm, *numeric]
    widths[1] = width - sum(widths)
    header: list[Cell] = [
        para(text, "TableHeader")
        for text in (
            "No.",
            "Kegiatan",
            "Standar",
            "Satuan",
            "Jumlah",
            "Median",
            "Persentil 90",
            "Sesuai standar",
            "% sesuai standar",
        )
    ]
    rows: list[list[Cell]] = [header]
    for step in report.langkah:
        fixed = step.batas is not None
        rows.append(
            [
                para(f"{step.no}.", "TableCellCenter"),
                para(step.kegiatan, "TableCell"),
                _standard_cell(step),
                para(satuan_label(step.satuan), "TableCell"),
                para(angka(step.jumlah), "TableCellRight"),
                para(angka(step.median), "TableCellRight"),
                para(angka(step.p90), "TableCellRight"),
                para(angka(step.sesuai) if fixed and step.jumlah else "–", "TableCellRight"),
                para(persen(step.persen_sesuai), "TableCellRight"),
            ]
        )
    return ruled_table(rows, widths, header_rows=1)


def build_mutu_baku_story(data: MutuBakuPrintData) -> list[Flowable]:
    """The report: title with the period, run totals, how it is counted, the step table.

    Pure: builds flowables from the data, writes nothing.
    """
    report = data.report
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = [
        para(title_text(report), "Title"),
        para(period_text(report), "Subtitle"),
        Spacer(1, 4 * mm),
        totals_table(report),
        # How it is counted, above the table so it never ends up alone on a last page.
        para(NOTE, "Note"),
    ]
    if not any(step.jumlah for step in report.langkah):
        story.append(
            para(
                "Belum ada langkah yang diselesaikan pada prosedur yang dimulai dalam periode ini.",
                "Note",
            )
        )
    story += [Spacer(1, 3 * mm), steps_table(report, width)]
    return story


def write_mutu_baku(target: str | Path | BinaryIO, data: MutuBakuPrintData) -> int:
    """Render the report to ``target``; returns the number of pages."""
    return render(target, build_mutu_baku_story(data), data.paper, document_info(data))


__all__ = [
    "MutuBakuPrintData",
    "angka",
    "build_mutu_baku_story",
    "document_info",
    "period_text",
    "persen",
    "satuan_label",
    "steps_table",
    "title_text",
    "totals_table",
    "write_mutu_baku",
]
