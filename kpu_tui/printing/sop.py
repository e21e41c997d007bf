"""An SOP on paper, in the layout of the office's own SOP documents (landscape).

Page 1 is the identity table of the seeds: the satker on the left; nomor SOP, the dates, who
signed it and the SOP's name on the right; then dasar hukum | kualifikasi pelaksana, keterkaitan
| peralatan, peringatan | pencatatan dan pendataan. The flowchart table starts on a new page:
No, Aktivitas, one column per pelaksana with a mark where it acts (a filled circle for a step,
a filled diamond for a decision, whose "Ya"/"Tidak" targets are written under the kegiatan),
and the mutu baku (kelengkapan/persyaratan, waktu, output). Its two header rows repeat on every
page.

No kop surat: a printed SOP is the SOP document itself, whose identity table names its satker
(as the Keputusan's lampiran does), so it prints the same with or without an office profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from kpu_tui.rules.dates import format_tanggal
from kpu_tui.sop.model import SELESAI, Langkah, Sop

from .flowables import CELL_FONT, Cell, Mark, MarkKind, escape, markup, para, ruled_table
from .fonts import BOLD
from .paper import PaperData
from .styles import GRID, HEADER_FILL, HEADER_SMALL_SIZE
from .templates import DocumentInfo, Orientation, frame_width, render

ORIENTATION: Orientation = "lanskap"
HEADER_PADDING = 2.0
"""Side padding of the pelaksana headings (narrow columns)."""


@dataclass(frozen=True)
class SopPrintData:
    """Everything a printed SOP needs.

    Attributes:
        paper: paper size, print date and user (the office's kop is not used).
        sop: the SOP as loaded from ``sops/``.
    """

    paper: PaperData
    sop: Sop


def document_info(data: SopPrintData) -> DocumentInfo:
    """Title (with the SOP's number and name) and layout of the printed SOP."""
    sop = data.sop
    return DocumentInfo(
        title=f"SOP {sop.nomor} — {sop.judul}",
        orientation=ORIENTATION,
        kop=False,
        subject=sop.sumber,
    )


# -- identity ----------------------------------------------------------------------------------


def _tanggal(value: date | None) -> str:
    return format_tanggal(value).upper() if value else "–"


_PADDING: tuple[tuple[Any, ...], ...] = (
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
)


def identity_table(sop: Sop, width: float) -> Table:
    """The upper identity block: the satker on the left, nomor, dates, signer and name right."""
    left = width * 0.44
    label = width * 0.17
    value = width - left - label
    satker = [para(sop.satker.upper(), "SopSatker")]
    signer: list[Flowable] = []
    if sop.jabatan_pengesah:
        signer.append(para(sop.jabatan_pengesah.upper(), "TableCell"))
    signer.append(Spacer(1, 8 * mm))
    signer.append(markup(f"<b>{escape(sop.disahkan_oleh.upper() or '–')}</b>", "TableCell"))
    nama: list[Flowable] = [markup(f"<b>{escape(sop.nama.upper())}</b>", "TableCell")]
    if sop.flowchart:
        nama.append(para(sop.flowchart, "TableCell"))
    identity: list[tuple[str, Cell]] = [
        ("NOMOR SOP", para(sop.nomor.upper(), "TableCell")),
        ("TANGGAL PEMBUATAN", para(_tanggal(sop.tanggal_pembuatan), "TableCell")),
        ("TANGGAL REVISI", para(_tanggal(sop.tanggal_revisi), "TableCell")),
        ("TANGGAL EFEKTIF", para(_tanggal(sop.tanggal_efektif), "TableCell")),
        ("TANGGAL PENGESAHAN", para(_tanggal(sop.tanggal_pengesahan), "TableCell")),
        ("DISAHKAN OLEH", signer),
        ("NAMA SOP", nama),
    ]
    rows: list[list[Cell]] = [
        [satker if i == 0 else "", para(name, "IdentityLabel"), cell]
        for i, (name, cell) in enumerate(identity)
    ]
    n = len(identity)
    commands: list[tuple[Any, ...]] = [
        *CELL_FONT,
        *_PADDING,
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (0, 0), (0, n - 1)),
        ("VALIGN", (0, 0), (0, n - 1), "MIDDLE"),
    ]
    return Table(rows, colWidths=[left, label, value], style=TableStyle(commands), hAlign="LEFT")


def detail_table(sop: Sop, width: float) -> Table:
    """The lower identity block: dasar hukum | kualifikasi pelaksana, keterkaitan |
    peralatan, peringatan | pencatatan dan pendataan.

    One table row per item, ruled only around each block and between its two columns, so a
    long dasar hukum continues on the next page between two items; each heading stays with
    the first item under it.
    """
    left = width * 0.58
    pairs: tuple[tuple[str, list[Flowable], str, list[Flowable]], ...] = (
        (
            "DASAR HUKUM",
            _numbered(sop.dasar_hukum),
            "KUALIFIKASI PELAKSANA",
            _numbered(sop.kualifikasi_pelaksana),
        ),
        ("KETERKAITAN", _numbered(sop.keterkaitan), "PERALATAN", _numbered(sop.peralatan)),
        (
            "PERINGATAN",
            _plain((sop.peringatan,) if sop.peringatan else ()),
            "PENCATATAN DAN PENDATAAN",
            _plain((sop.pencatatan,) if sop.pencatatan else ()),
        ),
    )
    rows: list[list[Cell]] = []
    commands: list[tuple[Any, ...]] = [
        *CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEAFTER", (0, 0), (0, -1), 0.5, GRID),
    ]
    for left_name, left_items, right_name, right_items in pairs:
        head = len(rows)
        rows.append([para(left_name, "TableHeader"), para(right_name, "TableHeader")])
        count = max(len(left_items), len(right_items))
        for i in range(count):
            rows.append(
                [
                    left_items[i] if i < len(left_items) else "",
                    right_items[i] if i < len(right_items) else "",
                ]
            )
        last = head + count
        commands += [
            ("BACKGROUND", (0, head), (-1, head), HEADER_FILL),
            ("BOX", (0, head), (-1, last), 0.5, GRID),
            ("LINEBELOW", (0, head), (-1, head), 0.5, GRID),
            ("TOPPADDING", (0, head), (-1, head + 1), 3),
            ("BOTTOMPADDING", (0, head), (-1, head), 3.5),
            ("BOTTOMPADDING", (0, last), (-1, last), 4),
            ("NOSPLIT", (0, head), (-1, head + 1)),
        ]
    return Table(rows, colWidths=[left, width - left], style=TableStyle(commands), hAlign="LEFT")


def _numbered(items: tuple[str, ...], style: str = "TableCell") -> list[Flowable]:
    if not items:
        return [para("–", style)]
    return [para(f"{i}. {text}", style) for i, text in enumerate(items, start=1)]


def _plain(items: tuple[str, ...]) -> list[Flowable]:
    return [para(text, "TableCell") for text in items] or [para("–", "TableCell")]


# -- flowchart ---------------------------------------------------------------------------------


def _target(target: int | str, current: int) -> str:
    if target == SELESAI:
        return "selesai"
    number = int(target)
    return f"kembali ke langkah {number}" if number <= current else f"ke langkah {number}"


def routing_text(langkah: Langkah) -> str:
    """Where a decision step leads: "Ya: ke langkah 10 · Tidak: kembali ke langkah 9".

    The printing font has no arrow glyph, so the targets are written out in words.
    """
    keputusan = langkah.keputusan
    if keputusan is None:
        return ""
    ya = _target(keputusan.ya, langkah.no)
    tidak = _target(keputusan.tidak, langkah.no)
    return f"Ya: {ya} · Tidak: {tidak}"


def _activity(langkah: Langkah) -> list[Flowable]:
    cell: list[Flowable] = [para(langkah.kegiatan, "TableCell")]
    keputusan = langkah.keputusan
    if keputusan is not None:
        question = keputusan.pertanyaan.strip()
        if question and question.rstrip("?").lower() not in langkah.kegiatan.lower():
            cell.append(markup(f"<i>{escape(question)}</i>", "TableCellSmall"))
        cell.append(markup(f"<b>{escape(routing_text(langkah))}</b>", "TableCellSmall"))
    return cell


def column_widths(width: float, headings: Sequence[str], keterangan: bool) -> list[float]:
    """Widths of the flowchart's columns on a frame ``width`` points wide.

    No, Aktivitas, one column per pelaksana (``headings``), Kelengkapan/Persyaratan, Waktu,
    Output and (when a step has one) Keterangan. A pelaksana column is 22 mm, narrower when the
    page is crowded but not below its longest word; when the kegiatan would still get less
    than 60 mm, the mutu baku columns give up to a fifth of their width, and then the pelaksana
    columns shrink down to 13 mm.
    """
    n = len(headings)
    no = 9 * mm
    # Kelengkapan, waktu, output (and keterangan) grow with the paper: 38/21/32/26 mm on A4.
    mutu = [width * 0.142, width * 0.08, width * 0.12] + ([width * 0.097] if keterangan else [])
    activity_min = 60 * mm
    longest = max(
        (
            stringWidth(word, BOLD, HEADER_SMALL_SIZE)
            for heading in headings
            for word in heading.split()
        ),
        default=0.0,
    )
    floor = max(15 * mm, longest + 2 * HEADER_PADDING + 1)
    per = 22 * mm
    if n:
        room = (width - no - sum(mutu) - activity_min) / n
        per = max(floor, min(per, room))
    activity = width - no - sum(mutu) - per * n
    if activity < activity_min:
        factor = max(0.8, 1 - (activity_min - activity) / sum(mutu))
        mutu = [w * factor for w in mutu]
        activity = width - no - sum(mutu) - per * n
    if activity < activity_min and n:
        # A crowded flowchart: the headings may break inside a word rather than the kegiatan
        # becoming a narrow strip.
        per = max(13 * mm, (width - no - sum(mutu) - activity_min) / n)
        activity = width - no - sum(mutu) - per * n
    return [no, activity, *([per] * n), *mutu]


def flowchart_table(sop: Sop, width: float) -> Table:
    """The flowchart table; its two header rows repeat on every page."""
    n = len(sop.pelaksana)
    keterangan = any(langkah.keterangan.strip() for langkah in sop.langkah)
    first_mutu = 2 + n
    header1: list[Cell] = [
        para("No.", "TableHeader"),
        para("Aktivitas", "TableHeader"),
        para("Pelaksana", "TableHeader"),
        *([""] * (n - 1)),
        para("Mutu Baku", "TableHeader"),
        "",
        "",
    ]
    header2: list[Cell] = [
        "",
        "",
        *(para(p.nama, "TableHeaderSmall") for p in sop.pelaksana),
        para("Kelengkapan/ Persyaratan", "TableHeaderSmall"),
        para("Waktu", "TableHeaderSmall"),
        para("Output", "TableHeaderSmall"),
    ]
    if keterangan:
        header1.append(para("Keterangan", "TableHeader"))
        header2.append("")
    rows: list[list[Cell]] = [header1, header2]
    codes = [p.kode for p in sop.pelaksana]
    for langkah in sop.langkah:
        kind: MarkKind = "keputusan" if langkah.keputusan is not None else "proses"
        marks: list[Cell] = [Mark(kind) if code in langkah.pelaksana else "" for code in codes]
        row: list[Cell] = [
            para(f"{langkah.no}.", "TableCellCenter"),
            _activity(langkah),
            *marks,
            para(langkah.kelengkapan or "–", "TableCell"),
            para(langkah.waktu_teks or "–", "TableCell"),
            para(langkah.output or "–", "TableCell"),
        ]
        if keterangan:
            row.append(para(langkah.keterangan, "TableCell"))
        rows.append(row)
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (first_mutu - 1, 0)),
        ("SPAN", (first_mutu, 0), (first_mutu + 2, 0)),
        ("ALIGN", (2, 2), (first_mutu - 1, -1), "CENTER"),
        ("LEFTPADDING", (2, 1), (first_mutu - 1, 1), HEADER_PADDING),
        ("RIGHTPADDING", (2, 1), (first_mutu - 1, 1), HEADER_PADDING),
        ("VALIGN", (2, 2), (first_mutu - 1, -1), "MIDDLE"),
    ]
    if keterangan:
        extra.append(("SPAN", (-1, 0), (-1, 1)))
    return ruled_table(
        rows,
        column_widths(width, [p.nama for p in sop.pelaksana], keterangan),
        header_rows=2,
        extra=extra,
    )


def legend() -> Table:
    """ "● kegiatan (proses)   ◆ keputusan", with the marks drawn as in the table."""
    row = [
        para("Keterangan simbol:", "Small"),
        Mark("proses", 2.8 * mm),
        para("kegiatan (proses)", "Small"),
        Mark("keputusan", 2.8 * mm),
        para("keputusan (ya/tidak)", "Small"),
    ]
    return Table(
        [row],
        colWidths=[30 * mm, 5 * mm, 32 * mm, 5 * mm, 40 * mm],
        style=TableStyle(
            [
                *CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("ALIGN", (3, 0), (3, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )


def build_sop_story(data: SopPrintData) -> list[Flowable]:
    """The printed SOP: identity table, then (on a new page) the flowchart table.

    Pure: builds flowables from the data, writes nothing.
    """
    sop = data.sop
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = [para("STANDAR OPERASIONAL PROSEDUR", "Title")]
    if sop.sumber:
        story.append(para(sop.sumber, "Subtitle"))
    story += [
        Spacer(1, 3 * mm),
        identity_table(sop, width),
        detail_table(sop, width),
        PageBreak(),
        para("FLOWCHART STANDAR OPERASIONAL PROSEDUR", "Title"),
        para(sop.nama.upper(), "Title"),
    ]
    if sop.flowchart:
        story.append(para(sop.flowchart, "Subtitle"))
    story += [
        para(sop.satker, "Subtitle"),
        para(f"Nomor SOP {sop.nomor}", "Subtitle"),
        Spacer(1, 2 * mm),
        legend(),
        Spacer(1, 1.5 * mm),
        flowchart_table(sop, width),
    ]
    return story


def write_sop(target: str | Path | BinaryIO, data: SopPrintData) -> int:
    """Render the SOP to ``target``; returns the number of pages."""
    return render(target, build_sop_story(data), data.paper, document_info(data))


__all__ = [
    "SopPrintData",
    "build_sop_story",
    "column_widths",
    "detail_table",
    "document_info",
    "flowchart_table",
    "identity_table",
    "routing_text",
    "write_sop",
]
