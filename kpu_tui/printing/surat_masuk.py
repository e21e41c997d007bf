"""The papers of one surat masuk: lembar disposisi, tanda terima and kartu kendali (portrait).

* **Lembar disposisi** (domain rules §1.9): the government form the pimpinan writes on. The
  letter's facts (surat dari, nomor and tanggal surat, diterima tanggal, nomor agenda, sifat and
  derajat kecepatan, perihal); "Diteruskan kepada" as tick boxes for the office's pejabat;
  "Dengan hormat harap" as tick boxes for the instructions; catatan, batas waktu, and the
  pemberi's tanggal and paraf. What has been entered is printed and ticked, the rest is left
  blank to be filled by hand (a freshly registered letter prints an empty form). The hops passed
  on further down (Sekretaris -> Kasubbag -> staf) follow as the "Disposisi lanjutan" table.
* **Tanda terima**: the receipt for whoever brought the letter, twice on one page (one for the
  pengantar, one for the archive) with a line to cut along.
* **Kartu kendali**: the control card (indeks, kode, nomor urut, tanggal, isi ringkas, lampiran,
  dari, kepada, tanggal and nomor surat, pengolah, paraf, catatan) and the disposisi history.

A cancelled letter prints every paper with a "BATAL" watermark and a box with the reason.
Times print in the office's time zone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlmodel import Session

from kpu_tui.models import OptionKind, SuratStatus
from kpu_tui.models.surat_masuk import HopStatus
from kpu_tui.rules.dates import format_jam, format_tanggal, format_tanggal_pendek, format_waktu
from kpu_tui.services import disposisi, procedure, reference, surat_masuk
from kpu_tui.services.disposisi import HopView, PenerimaView
from kpu_tui.services.reference import JabatanView, OptionView
from kpu_tui.services.surat_masuk import SuratDetail, SuratRow

from .flowables import (
    CELL_FONT,
    Cell,
    CheckBox,
    CutLine,
    Watermark,
    checklist,
    escape,
    markup,
    para,
    ruled_table,
)
from .fonts import REGULAR
from .paper import PaperData, paper_data
from .styles import GRID, SHADE_FILL, TABLE_SIZE
from .templates import DocumentInfo, Orientation, frame_width, render

ORIENTATION: Orientation = "potret"
BOX_LINE = 1.0
"""The outer rule of a form."""
INNER_LINE = 0.5
BLANK_ROWS = 3
"""Rows of the "Disposisi lanjutan" table there are at least (blank ones to write on)."""


# -- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuratPrintData:
    """Everything the papers of one letter need.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        detail: the letter (``services.surat_masuk.get_detail``).
        hops: its disposisi tree (``services.disposisi.tree``), cancelled hops included.
        pejabat: the office's active positions, in their order (the "Diteruskan kepada" list).
        instruksi: the active instruction options, in their order ("Dengan hormat harap").
        sifat: the sifat options (tick boxes of the lembar disposisi; an inactive one prints
            only when it is the letter's).
        derajat: the derajat kecepatan options (likewise).
        zone: the office's time zone (instants are stored in UTC).
        tujuan_jabatan_id: the position the letter is addressed to (left out of the
            "Diteruskan kepada" list of an empty form: it is the one who writes the disposisi).
    """

    paper: PaperData
    detail: SuratDetail
    hops: tuple[HopView, ...] = ()
    pejabat: tuple[JabatanView, ...] = ()
    instruksi: tuple[OptionView, ...] = ()
    sifat: tuple[OptionView, ...] = ()
    derajat: tuple[OptionView, ...] = ()
    zone: tzinfo = field(default=UTC)
    tujuan_jabatan_id: int | None = None

    @property
    def row(self) -> SuratRow:
        """The letter's register row."""
        return self.detail.row

    @property
    def batal(self) -> bool:
        """Whether the registration was cancelled."""
        return self.row.status == SuratStatus.BATAL

    def local(self, instant: datetime) -> datetime:
        """An instant (aware, or naive UTC as the database returns it) in office time."""
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(self.zone).replace(tzinfo=None)

    @property
    def pimpinan_hop(self) -> HopView | None:
        """The first disposisi (the first top-level hop still in force), the one the lembar
        disposisi's boxes show."""
        return next((hop for hop in self.hops if hop.status == HopStatus.AKTIF), None)

    def lanjutan(self) -> list[tuple[str, HopView]]:
        """The hops in force other than :attr:`pimpinan_hop`, numbered as in
        :func:`numbered_hops`."""
        main = self.pimpinan_hop
        return [
            (nomor, hop)
            for nomor, hop in numbered_hops(self.hops)
            if hop.status == HopStatus.AKTIF and (main is None or hop.id != main.id)
        ]


def load_surat_print_data(
    session: Session,
    *,
    surat_id: int,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
) -> SuratPrintData:
    """Read one letter and everything its papers need (through the services; writes nothing).

    Args:
        session: an open session.
        surat_id: the letter.
        printed_by: the user's name for the footer.
        now: the print moment (default: now).
        kertas: "A4" or "F4" to override the office's setting.

    Raises:
        NotFound: there is no such letter.
        ValueError: for an unknown ``kertas``.
    """
    detail = surat_masuk.get_detail(session, surat_id)
    return SuratPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        detail=detail,
        hops=tuple(disposisi.tree(session, surat_id)),
        pejabat=tuple(reference.list_jabatan(session)),
        instruksi=tuple(reference.list_options(session, OptionKind.INSTRUKSI)),
        sifat=tuple(reference.list_options(session, OptionKind.SIFAT, include_inactive=True)),
        derajat=tuple(reference.list_options(session, OptionKind.DERAJAT, include_inactive=True)),
        zone=procedure.office_clock(session).zone,
        tujuan_jabatan_id=surat_masuk.form_of(session, surat_id).tujuan_jabatan_id,
    )


# -- shared helpers ---------------------------------------------------------------------------


def tanggal(value: date | None, empty: str = "–") -> str:
    """ "23 November 2026", or ``empty`` for no date."""
    return format_tanggal(value) if value is not None else empty


def short_tanggal(value: date | None, empty: str = "–") -> str:
    """ "23 Nov 2026", or ``empty`` for no date."""
    return format_tanggal_pendek(value) if value is not None else empty


def numbered_hops(hops: Sequence[HopView]) -> list[tuple[str, HopView]]:
    """Every hop of a tree in reading order with its number: "1", "1.1", "1.1.1", "2" ..."""
    out: list[tuple[str, HopView]] = []

    def walk(items: Sequence[HopView], prefix: str) -> None:
        for index, hop in enumerate(items, start=1):
            nomor = f"{prefix}{index}"
            out.append((nomor, hop))
            children = [child for p in hop.penerima for child in p.diteruskan]
            walk(children, f"{nomor}.")

    walk(hops, "")
    return out


def lead(hop: HopView) -> PenerimaView | None:
    """The lead recipient of a hop (the first when none is marked)."""
    return next((p for p in hop.penerima if p.utama), hop.penerima[0] if hop.penerima else None)


def lead_chain(hops: Sequence[HopView]) -> list[PenerimaView]:
    """The lead recipients from the pimpinan's disposisi down to whoever holds the letter now:
    each lead passed on follows its hop still in force."""
    chain: list[PenerimaView] = []
    hop = next((h for h in hops if h.status == HopStatus.AKTIF), None)
    while hop is not None:
        utama = lead(hop)
        if utama is None:
            break
        chain.append(utama)
        hop = next((h for h in utama.diteruskan if h.status == HopStatus.AKTIF), None)
    return chain


def recipients_text(hop: HopView, *, mark_lead: bool = True) -> str:
    """ "Sekretaris KPU Kabupaten/Kota" or "A (utama), B" for several recipients."""
    names = []
    for penerima in hop.penerima:
        suffix = " (utama)" if mark_lead and penerima.utama and len(hop.penerima) > 1 else ""
        names.append(f"{penerima.nama}{suffix}")
    return ", ".join(names)


def instruksi_text(hop: HopView) -> str:
    """The ticked instructions by name, "Untuk diketahui; Koordinasikan/konfirmasikan"."""
    return "; ".join(hop.instruksi_nama)


def dots(width: float, size: float = TABLE_SIZE) -> str:
    """A dotted line ``width`` points long, to write on by hand."""
    return "." * max(int(width / stringWidth(".", REGULAR, size)), 3)


def text_para(text: str, style: str = "Normal") -> Flowable:
    """A paragraph of plain ``text`` that keeps its line breaks (a handwritten note)."""
    return markup("<br/>".join(escape(line) for line in text.splitlines()), style)


def _pair(label: str, value: Cell) -> list[Cell]:
    return [para(label, "IdentityLabel"), value]


def _value(text: str, style: str = "TableCell") -> Flowable:
    return para(text, style)


def batal_banner(data: SuratPrintData, width: float) -> Flowable:
    """The framed notice at the top of a cancelled letter's paper."""
    detail = data.detail
    when = (
        f" pada {format_tanggal(data.local(detail.dibatalkan_at).date())}"
        if detail.dibatalkan_at is not None
        else ""
    )
    cells = [
        [para(f"BATAL — pencatatan surat ini dibatalkan{when}", "Banner")],
        [para(f"Alasan: {detail.alasan_batal or '–'}", "BannerNote")],
    ]
    return Table(
        cells,
        colWidths=[width],
        style=TableStyle(
            [
                *CELL_FONT,
                ("BOX", (0, 0), (-1, -1), 1.6, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


def _opening(data: SuratPrintData, title: str, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if data.batal:
        story.append(Watermark("BATAL"))
    story += [para(title, "Title"), para(f"Nomor Agenda {data.row.agenda_teks}", "Subtitle")]
    story.append(Spacer(1, 3 * mm))
    if data.batal:
        story += [batal_banner(data, width), Spacer(1, 3 * mm)]
    return story


def _form_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            *CELL_FONT,
            ("BOX", (0, 0), (-1, -1), BOX_LINE, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            *extra,
        ]
    )


# -- lembar disposisi -------------------------------------------------------------------------


def _choices(options: Sequence[OptionView], chosen: str, width: float) -> Table:
    """Tick boxes in one line ("[x] Biasa  [ ] Segera  [ ] Sangat Segera"): the active options
    and the chosen one."""
    box = 3.1 * mm
    row: list[Cell] = []
    widths: list[float] = []
    for option in options:
        if not option.aktif and option.kode != chosen:
            continue
        row += [CheckBox(option.kode == chosen, box), para(option.nama, "TableCell")]
        widths += [box + 1.5 * mm, stringWidth(option.nama, REGULAR, TABLE_SIZE) + 5 * mm]
    if not row:
        row, widths = [""], [width]
    return Table(
        [row],
        colWidths=widths,
        style=TableStyle(
            [
                *CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, -1), 0.6),
            ]
        ),
        hAlign="LEFT",
    )


def _jabatan_label(jabatan: JabatanView, width: float, *, with_holder: bool) -> list[Flowable]:
    fits = stringWidth(jabatan.nama, REGULAR, TABLE_SIZE) <= width
    name = jabatan.nama if fits or not jabatan.singkatan.strip() else jabatan.singkatan
    label: list[Flowable] = [para(name, "TableCell")]
    if with_holder and jabatan.pemegang_nama.strip():
        label.append(para(jabatan.pemegang_nama, "TableCellSmall"))
    return label


def penerima_items(data: SuratPrintData, width: float) -> list[tuple[bool, list[Flowable]]]:
    """The "Diteruskan kepada" list: every active position except the one giving the
    disposisi (its holder's name under it where several positions share a name), ticked when it
    received the pimpinan's disposisi; recipients that are not one of those positions (a unit,
    a person) follow ticked; a dotted line ends the list."""
    hop = data.pimpinan_hop
    giver = hop.dari_jabatan_id if hop is not None else data.tujuan_jabatan_id
    penerima = list(hop.penerima) if hop is not None else []
    ticked = {p.jabatan_id for p in penerima if p.jabatan_id is not None}
    utama = lead(hop) if hop is not None else None
    lead_id = utama.id if utama is not None and len(penerima) > 1 else None
    label_width = width - 6 * mm
    items: list[tuple[bool, list[Flowable]]] = []
    listed: set[int] = set()
    # Several positions of one name (the Anggota) are told apart by their holders.
    names = Counter(jabatan.nama for jabatan in data.pejabat)
    for jabatan in data.pejabat:
        if jabatan.id == giver and jabatan.id not in ticked:
            continue
        label = _jabatan_label(jabatan, label_width, with_holder=names[jabatan.nama] > 1)
        match = next((p for p in penerima if p.jabatan_id == jabatan.id), None)
        if match is not None and match.id == lead_id:
            label.append(para("penerima utama", "TableCellSmall"))
        items.append((jabatan.id in ticked, label))
        listed.add(jabatan.id)
    for p in penerima:
        if p.jabatan_id is not None and p.jabatan_id in listed:
            continue
        label = [para(p.nama, "TableCell")]
        if p.id == lead_id:
            label.append(para("penerima utama", "TableCellSmall"))
        items.append((True, label))
    items.append((False, [para(dots(label_width * 0.9), "TableCell")]))
    return items


def instruksi_items(data: SuratPrintData, width: float) -> list[tuple[bool, list[Flowable]]]:
    """The "Dengan hormat harap" list: every active instruction, ticked when chosen in the
    pimpinan's disposisi (a chosen one no longer active follows), then a dotted line."""
    hop = data.pimpinan_hop
    chosen = dict(zip(hop.instruksi, hop.instruksi_nama, strict=False)) if hop else {}
    items: list[tuple[bool, list[Flowable]]] = []
    for option in data.instruksi:
        items.append((option.kode in chosen, [para(option.nama, "TableCell")]))
    known = {option.kode for option in data.instruksi}
    for kode, nama in chosen.items():
        if kode not in known:
            items.append((True, [para(nama, "TableCell")]))
    items.append((False, [para(dots((width - 6 * mm) * 0.9), "TableCell")]))
    return items


def _pemberi_block(data: SuratPrintData, width: float) -> list[Flowable]:
    hop = data.pimpinan_hop
    label_w = 20 * mm
    if hop is not None:
        local = data.local(hop.tanggal)
        when = f"{format_tanggal(local.date())} pukul {format_jam(local)}"
        holder = next(
            (
                j.pemegang_nama
                for j in data.pejabat
                if j.id == hop.dari_jabatan_id and hop.dari_jabatan_id
            ),
            "",
        )
        name_lines: list[Flowable] = [para(hop.dari_nama, "TableCellBold")]
        if holder.strip():
            name_lines.append(para(holder, "TableCell"))
        if hop.dicatat_oleh_nama.strip() and hop.dicatat_oleh_nama != holder:
            name_lines.append(para(f"dicatat oleh {hop.dicatat_oleh_nama}", "TableCellSmall"))
    else:
        when = dots(width - label_w - 4 * mm)
        name_lines = [para(dots(width * 0.8), "TableCell")]
    rows: list[list[Cell]] = [
        [para("Pemberi disposisi", "IdentityLabel"), ""],
        [para("Tanggal", "TableCell"), para(f": {when}", "TableCell")],
        [para("Paraf", "TableCell"), para(":", "TableCell")],
        [Spacer(1, 9 * mm), ""],
        [name_lines, ""],
    ]
    table = Table(
        rows,
        colWidths=[label_w, width - label_w],
        style=TableStyle(
            [
                *CELL_FONT,
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 4), (1, 4)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
        hAlign="LEFT",
    )
    return [table]


def disposisi_form(data: SuratPrintData, width: float) -> Table:
    """The boxed form of the lembar disposisi."""
    row = data.row
    detail = data.detail
    hop = data.pimpinan_hop
    label_w = 27 * mm
    half = width / 2
    value_w = half - label_w
    pad = 8.0
    diterima = data.local(detail.diterima_at)
    cells: list[list[Cell]] = [
        [
            *_pair("Surat dari", _value(row.asal)),
            *_pair("Diterima tanggal", _value(f"{format_tanggal(diterima.date())}")),
        ],
        [
            *_pair("Nomor surat", _value(row.nomor_surat)),
            *_pair("Nomor agenda", _value(row.agenda_teks, "TableCellBold")),
        ],
        [
            *_pair("Tanggal surat", _value(tanggal(row.tanggal_surat))),
            *_pair("Lampiran", _value(row.lampiran or "–")),
        ],
        [*_pair("Perihal", _value(row.perihal)), "", ""],
        [*_pair("Sifat", _choices(data.sifat, row.sifat, width - label_w)), "", ""],
        [
            *_pair("Derajat kecepatan", _choices(data.derajat, row.derajat, width - label_w)),
            "",
            "",
        ],
        [
            para("Diteruskan kepada Sdr.:", "IdentityLabel"),
            "",
            para("Dengan hormat harap:", "IdentityLabel"),
            "",
        ],
        [
            checklist(penerima_items(data, half - pad), half - pad),
            "",
            checklist(instruksi_items(data, half - pad), half - pad),
            "",
        ],
        [
            [
                para("Catatan:", "IdentityLabel"),
                text_para(hop.catatan if hop is not None else "", "Normal"),
            ],
            "",
            "",
            "",
        ],
        [
            [
                para("Batas waktu penyelesaian:", "IdentityLabel"),
                Spacer(1, 1.5 * mm),
                para(
                    format_tanggal(hop.batas_waktu)
                    if hop is not None and hop.batas_waktu is not None
                    else dots(half * 0.7),
                    "Normal",
                ),
            ],
            "",
            _pemberi_block(data, half - pad),
            "",
        ],
    ]
    sections = (6, 7, 8, 9)
    extra: list[tuple[Any, ...]] = [
        # label/value pairs of the two halves
        ("LINEAFTER", (1, 0), (1, 2), INNER_LINE, GRID),
        ("LINEBELOW", (0, 2), (-1, 2), INNER_LINE, GRID),
        ("LINEBELOW", (0, 3), (-1, 3), INNER_LINE, GRID),
        ("SPAN", (1, 3), (3, 3)),
        ("SPAN", (1, 4), (3, 4)),
        ("SPAN", (1, 5), (3, 5)),
        ("LINEBELOW", (0, 5), (-1, 5), BOX_LINE, GRID),
        ("LINEAFTER", (1, 6), (1, 7), INNER_LINE, GRID),
        ("LINEAFTER", (1, 9), (1, 9), INNER_LINE, GRID),
        ("LINEBELOW", (0, 7), (-1, 7), INNER_LINE, GRID),
        ("LINEBELOW", (0, 8), (-1, 8), INNER_LINE, GRID),
        ("BOTTOMPADDING", (0, 6), (-1, 6), 0),
    ]
    for index in sections:
        if index == 8:
            extra.append(("SPAN", (0, index), (3, index)))
        else:
            extra += [("SPAN", (0, index), (1, index)), ("SPAN", (2, index), (3, index))]
    return Table(
        cells,
        colWidths=[label_w, value_w, label_w, value_w],
        minRowHeights=[0, 0, 0, 0, 0, 0, 0, 0, 21 * mm, 0],
        style=_form_style(extra),
        hAlign="LEFT",
    )


def short_name(data: SuratPrintData, jabatan_id: int | None, nama: str) -> str:
    """A position's singkatan ("Kasubbag TPP dan Hukum") where the office gave one, else
    ``nama`` (a unit or a person keeps its name)."""
    if jabatan_id is not None:
        for jabatan in data.pejabat:
            if jabatan.id == jabatan_id and jabatan.singkatan.strip():
                return jabatan.singkatan
    return nama


def short_recipients(data: SuratPrintData, hop: HopView) -> str:
    """The recipients of ``hop`` by short name, the lead marked when there are several."""
    names = []
    for penerima in hop.penerima:
        suffix = " (utama)" if penerima.utama and len(hop.penerima) > 1 else ""
        names.append(short_name(data, penerima.jabatan_id, penerima.nama) + suffix)
    return ", ".join(names)


def short_date(data: SuratPrintData, instant: datetime) -> str:
    """An instant's office-local day, "23 Nov 2026"."""
    return format_tanggal_pendek(data.local(instant).date())


def lanjutan_table(data: SuratPrintData, width: float) -> Table:
    """The hops passed on after the pimpinan's, numbered 1, 2 ... in reading order, and blank
    rows to write further ones on."""
    widths = [8 * mm, 26 * mm, 30 * mm, 36 * mm, 0.0, 19 * mm, 19 * mm, 13 * mm]
    widths[4] = width - sum(widths)
    titles = ("No.", "Dari", "Kepada", "Instruksi", "Catatan", "Tanggal", "Batas waktu", "Paraf")
    rows: list[list[Cell]] = [[para(text, "TableHeader") for text in titles]]
    for index, (_, hop) in enumerate(data.lanjutan(), start=1):
        rows.append(
            [
                para(f"{index}.", "TableCellCenter"),
                para(short_name(data, hop.dari_jabatan_id, hop.dari_nama), "TableCell"),
                para(short_recipients(data, hop), "TableCell"),
                para(instruksi_text(hop) or "–", "TableCell"),
                text_para(hop.catatan or "–", "TableCell"),
                para(short_date(data, hop.tanggal), "TableCell"),
                para(short_tanggal(hop.batas_waktu), "TableCell"),
                "",
            ]
        )
    blank = max(BLANK_ROWS - (len(rows) - 1), 0)
    # blank rows get room to write in
    heights: list[float | None] = [None] * len(rows) + [10 * mm] * blank
    rows += [[""] * len(widths) for _ in range(blank)]
    return ruled_table(rows, widths, row_heights=heights)


def _status_notes(data: SuratPrintData) -> list[Flowable]:
    detail = data.detail
    notes: list[Flowable] = []
    if data.row.status == SuratStatus.DIARSIPKAN:
        notes.append(para(f"Diarsipkan tanpa disposisi: {detail.alasan_arsip or '–'}", "Normal"))
    if data.row.status == SuratStatus.SELESAI and detail.tindak_lanjut:
        when = (
            f" ({format_tanggal(data.local(detail.selesai_at).date())})"
            if detail.selesai_at is not None
            else ""
        )
        notes.append(para(f"Tindak lanjut{when}: {detail.tindak_lanjut}", "Normal"))
    return notes


def document_info_disposisi(data: SuratPrintData) -> DocumentInfo:
    """Title and layout of the lembar disposisi."""
    return DocumentInfo(
        title=f"Lembar Disposisi Surat Masuk Nomor Agenda {data.row.agenda_teks}",
        orientation=ORIENTATION,
        kop=True,
        subject="Lembar disposisi",
    )


def build_lembar_disposisi_story(data: SuratPrintData) -> list[Flowable]:
    """The lembar disposisi: the form, then the disposisi passed on further down.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    story = _opening(data, "LEMBAR DISPOSISI", width)
    story.append(disposisi_form(data, width))
    notes = _status_notes(data)
    if notes:
        story += [Spacer(1, 2 * mm), *notes]
    story += [
        Spacer(1, 4 * mm),
        KeepTogether([para("Disposisi lanjutan", "Heading"), lanjutan_table(data, width)]),
    ]
    return story


def write_lembar_disposisi(target: str | Path | BinaryIO, data: SuratPrintData) -> int:
    """Render the lembar disposisi to ``target``; returns the number of pages."""
    return render(
        target, build_lembar_disposisi_story(data), data.paper, document_info_disposisi(data)
    )


# -- tanda terima ------------------------------------------------------------------------------

COPIES: tuple[str, ...] = ("Lembar 1: untuk pengantar surat", "Lembar 2: untuk arsip")
"""The two copies of a receipt on one page."""


def tanda_terima_fields(data: SuratPrintData) -> list[tuple[str, str]]:
    """The receipt's lines as (label, value)."""
    row = data.row
    detail = data.detail
    diterima = data.local(detail.diterima_at)
    zone = f" {data.paper.zona_waktu}" if data.paper.zona_waktu else ""
    return [
        ("Nomor agenda", row.agenda_teks),
        ("Diterima", f"{format_waktu(diterima)}{zone}"),
        ("Asal surat", row.asal),
        ("Nomor surat", row.nomor_surat),
        ("Tanggal surat", tanggal(row.tanggal_surat)),
        ("Perihal", row.perihal),
        ("Lampiran", row.lampiran or "–"),
        ("Diterima oleh", detail.dicatat_oleh_nama),
    ]


def _mini_kop(data: SuratPrintData) -> list[Flowable]:
    if not data.paper.has_kop:
        return []
    line1, line2 = data.paper.kop_lines
    parts = [para(f"{line1} {line2}".strip(), "TableHeader")]
    if data.paper.address_line:
        parts.append(para(data.paper.address_line, "KopLine"))
    return parts


def tanda_terima_copy(data: SuratPrintData, width: float, copy: str, *, kop: bool) -> Table:
    """One copy of the receipt: a framed slip with the letter's facts and two signatures."""
    label_w = 30 * mm
    inner = width - 8
    heading: list[Flowable] = []
    if kop:
        heading += [*_mini_kop(data), Spacer(1, 2 * mm)]
    heading += [para("TANDA TERIMA SURAT MASUK", "Banner"), para(copy, "BannerNote")]
    if data.batal:
        heading.append(para(f"BATAL — {data.detail.alasan_batal or '–'}", "Banner"))
    fields = Table(
        [
            [para(label, "TableCell"), para(":", "TableCell"), para(value, "TableCellBold")]
            for label, value in tanda_terima_fields(data)
        ],
        colWidths=[label_w, 3 * mm, inner - label_w - 3 * mm],
        style=TableStyle(
            [
                *CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
        hAlign="LEFT",
    )
    half = inner / 2
    signatures = Table(
        [
            [
                para("Yang menyerahkan,", "TableCellCenter"),
                para("Yang menerima,", "TableCellCenter"),
            ],
            [
                para("pengantar surat", "TableCellCenter"),
                para("petugas administrasi surat", "TableCellCenter"),
            ],
            [Spacer(1, 14 * mm), ""],
            [
                para(f"( {dots(half * 0.6)} )", "TableCellCenter"),
                para(f"( {data.detail.dicatat_oleh_nama} )", "TableCellCenter"),
            ],
        ],
        colWidths=[half, half],
        style=TableStyle(
            [
                *CELL_FONT,
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
    )
    return Table(
        [[heading], [fields], [signatures]],
        colWidths=[width],
        style=_form_style(
            [
                ("LINEBELOW", (0, 0), (-1, 0), INNER_LINE, GRID),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 5),
                ("BOTTOMPADDING", (0, 2), (-1, 2), 6),
            ]
        ),
    )


def document_info_tanda_terima(data: SuratPrintData) -> DocumentInfo:
    """Title and layout of the receipt."""
    return DocumentInfo(
        title=f"Tanda Terima Surat Masuk Nomor Agenda {data.row.agenda_teks}",
        orientation=ORIENTATION,
        kop=True,
        subject="Tanda terima surat masuk",
    )


def build_tanda_terima_story(data: SuratPrintData) -> list[Flowable]:
    """Two copies of the receipt, the first under the kop surat, the second (with the office's
    name of its own) below a line to cut along.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = []
    if data.batal:
        story.append(Watermark("BATAL"))
    story += [
        KeepTogether([tanda_terima_copy(data, width, COPIES[0], kop=False)]),
        CutLine("potong di sini"),
        KeepTogether([tanda_terima_copy(data, width, COPIES[1], kop=True)]),
    ]
    return story


def write_tanda_terima(target: str | Path | BinaryIO, data: SuratPrintData) -> int:
    """Render the receipt to ``target``; returns the number of pages."""
    return render(
        target, build_tanda_terima_story(data), data.paper, document_info_tanda_terima(data)
    )


# -- kartu kendali -----------------------------------------------------------------------------


def _card_cell(
    label: str, value: str | Sequence[Flowable], style: str = "TableCell"
) -> list[Flowable]:
    cell: list[Flowable] = [para(label, "TableCellSmall")]
    if isinstance(value, str):
        cell.append(para(value, style))
    else:
        cell += list(value)
    return cell


def kepada_cell(data: SuratPrintData) -> list[Flowable]:
    """The letter's addressee and to whom the pimpinan disposed it."""
    lines: list[Flowable] = []
    if data.row.tujuan_nama:
        lines.append(para(data.row.tujuan_nama, "TableCell"))
    hop = data.pimpinan_hop
    if hop is not None:
        lines.append(para(f"Disposisi {hop.dari_nama} kepada: {recipients_text(hop)}", "TableCell"))
    if not lines:
        lines.append(para("–", "TableCell"))
    return lines


def pengolah_text(data: SuratPrintData) -> str:
    """Who processes the letter: the lead recipient at the end of the lead chain; "–" for a
    letter filed or cancelled without one, empty (to be written in) otherwise."""
    chain = lead_chain(data.hops)
    if chain:
        return chain[-1].nama
    return "–" if data.row.status in (SuratStatus.DIARSIPKAN, SuratStatus.BATAL) else ""


def catatan_lines(data: SuratPrintData) -> list[str]:
    """The card's catatan: the letter's keterangan, its state and tindak lanjut."""
    row = data.row
    detail = data.detail
    lines = []
    if row.keterangan:
        lines.append(row.keterangan)
    status = SuratStatus(row.status)
    if status == SuratStatus.SELESAI:
        when = (
            f" {format_tanggal(data.local(detail.selesai_at).date())}" if detail.selesai_at else ""
        )
        lines.append(f"Selesai{when}. Tindak lanjut: {detail.tindak_lanjut or '–'}")
    elif status == SuratStatus.DIARSIPKAN:
        lines.append(f"Diarsipkan tanpa disposisi: {detail.alasan_arsip or '–'}")
    elif status == SuratStatus.BATAL:
        lines.append(f"BATAL: {detail.alasan_batal or '–'}")
    else:
        lines.append(f"Status: {status.label}.")
    aktif = [b for b in detail.berkas if b.aktif]
    if aktif:
        lines.append(f"Pindaian: {', '.join(b.nama for b in aktif)}")
    return lines


def kartu_table(data: SuratPrintData, width: float) -> Table:
    """The card: the fields of the ANRI kartu kendali in a ruled frame."""
    row = data.row
    detail = data.detail
    col = width / 6
    klas: list[Flowable] = [para(row.klasifikasi or "–", "TableCellBold")]
    if detail.klasifikasi_uraian:
        klas.append(para(detail.klasifikasi_uraian, "TableCellSmall"))
    sifat = detail.sifat_nama + (
        f", {detail.derajat_nama}" if row.derajat and row.derajat != "biasa" else ""
    )
    diterima = data.local(detail.diterima_at)
    cells: list[list[Cell]] = [
        [
            _card_cell("Indeks", row.asal, "TableCellBold"),
            "",
            _card_cell("Kode", klas),
            "",
            _card_cell("Nomor urut", row.agenda_teks, "TableCellBold"),
            "",
        ],
        [
            _card_cell("Tanggal", format_tanggal(diterima.date())),
            "",
            _card_cell("Masuk / Keluar", "Masuk (M)"),
            "",
            _card_cell("Sifat", sifat),
            "",
        ],
        [_card_cell("Isi ringkas", row.perihal), "", "", "", "", ""],
        [_card_cell("Lampiran", row.lampiran or "–"), "", "", "", "", ""],
        [_card_cell("Dari", row.asal), "", "", "", "", ""],
        [_card_cell("Kepada", kepada_cell(data)), "", "", "", "", ""],
        [
            _card_cell("Tanggal surat", tanggal(row.tanggal_surat)),
            _card_cell("Nomor surat", row.nomor_surat),
            "",
            _card_cell("Pengolah", pengolah_text(data) or dots(col * 1.6)),
            "",
            _card_cell("Paraf", ""),
        ],
        [
            _card_cell("Catatan", [text_para(line, "TableCell") for line in catatan_lines(data)]),
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    extra: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), INNER_LINE, GRID),
        ("SPAN", (0, 0), (1, 0)),
        ("SPAN", (2, 0), (3, 0)),
        ("SPAN", (4, 0), (5, 0)),
        ("SPAN", (0, 1), (1, 1)),
        ("SPAN", (2, 1), (3, 1)),
        ("SPAN", (4, 1), (5, 1)),
        *[("SPAN", (0, r), (5, r)) for r in range(2, 6)],
        ("SPAN", (1, 6), (2, 6)),
        ("SPAN", (3, 6), (4, 6)),
        ("SPAN", (0, 7), (5, 7)),
    ]
    return Table(
        cells,
        colWidths=[col] * 6,
        minRowHeights=[0, 0, 0, 0, 0, 0, 16 * mm, 22 * mm],
        style=_form_style(extra),
        hAlign="LEFT",
    )


def riwayat_table(data: SuratPrintData, width: float) -> Flowable:
    """Every hop, cancelled ones included, numbered by level ("1", "1.1" ...), with each
    recipient's state and tindak lanjut."""
    widths = [10 * mm, 20 * mm, 30 * mm, 0.0, 40 * mm, 19 * mm]
    widths[3] = width - sum(widths)
    titles = ("No.", "Tanggal", "Dari", "Kepada (keadaan)", "Instruksi / catatan", "Batas waktu")
    rows: list[list[Cell]] = [[para(text, "TableHeader") for text in titles]]
    shaded: list[int] = []
    for nomor, hop in numbered_hops(data.hops):
        kepada: list[Flowable] = []
        for penerima in hop.penerima:
            utama = " (utama)" if penerima.utama and len(hop.penerima) > 1 else ""
            kepada.append(para(f"{penerima.nama}{utama}: {penerima.status.label}", "TableCell"))
            if penerima.tindak_lanjut:
                kepada.append(para(f"Tindak lanjut: {penerima.tindak_lanjut}", "TableCellSmall"))
        isi: list[Flowable] = [para(instruksi_text(hop) or "–", "TableCell")]
        if hop.catatan:
            isi.append(text_para(hop.catatan, "TableCellSmall"))
        if hop.status == HopStatus.BATAL:
            isi.append(para(f"DIBATALKAN: {hop.alasan_batal or '–'}", "TableCellBold"))
            shaded.append(len(rows))
        rows.append(
            [
                para(nomor, "TableCellCenter"),
                para(short_date(data, hop.tanggal), "TableCell"),
                para(hop.dari_nama, "TableCell"),
                kepada,
                isi,
                para(short_tanggal(hop.batas_waktu), "TableCell"),
            ]
        )
    if len(rows) == 1:
        return para("Belum ada disposisi.", "Normal")
    return ruled_table(
        rows,
        widths,
        extra=[("BACKGROUND", (0, r), (-1, r), SHADE_FILL) for r in shaded],
    )


def document_info_kartu_kendali(data: SuratPrintData) -> DocumentInfo:
    """Title and layout of the kartu kendali."""
    return DocumentInfo(
        title=f"Kartu Kendali Surat Masuk Nomor Agenda {data.row.agenda_teks}",
        orientation=ORIENTATION,
        kop=True,
        subject="Kartu kendali surat masuk",
    )


def build_kartu_kendali_story(data: SuratPrintData) -> list[Flowable]:
    """The card, then the disposisi history.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    story = _opening(data, "KARTU KENDALI SURAT MASUK", width)
    story += [
        kartu_table(data, width),
        Spacer(1, 4 * mm),
        para("Riwayat disposisi", "Heading"),
        riwayat_table(data, width),
    ]
    return story


def write_kartu_kendali(target: str | Path | BinaryIO, data: SuratPrintData) -> int:
    """Render the kartu kendali to ``target``; returns the number of pages."""
    return render(
        target, build_kartu_kendali_story(data), data.paper, document_info_kartu_kendali(data)
    )


__all__ = [
    "COPIES",
    "SuratPrintData",
    "build_kartu_kendali_story",
    "build_lembar_disposisi_story",
    "build_tanda_terima_story",
    "catatan_lines",
    "disposisi_form",
    "document_info_disposisi",
    "document_info_kartu_kendali",
    "document_info_tanda_terima",
    "instruksi_items",
    "kartu_table",
    "lanjutan_table",
    "lead",
    "lead_chain",
    "load_surat_print_data",
    "numbered_hops",
    "penerima_items",
    "pengolah_text",
    "riwayat_table",
    "tanda_terima_copy",
    "tanda_terima_fields",
    "write_kartu_kendali",
    "write_lembar_disposisi",
    "write_tanda_terima",
]
