"""The papers of one surat keluar: the tanda terima pengiriman slips and the lembar kendali
(portrait).

* **Tanda terima pengiriman surat** (SOP 9.13 step 6, domain rules §1.8: sending is proven by a
  tanda terima): one slip per tujuan, tembusan included, several to a page with a line to cut
  along. Each slip names the office (it travels alone), the letter (nomor, tanggal, perihal,
  lampiran), the tujuan with its address, how and when it was sent and by whom, and the boxes
  the receiving office fills in: "Diterima oleh", tanggal, tanda tangan, cap. A slip whose
  receipt is already back prints the penerima and the date recorded.
* **Lembar kendali surat keluar**: what the archive file of the letter holds: its data, the
  paraf chain round by round (state, time, catatan), the signature, the number history, the
  ekspedisi per tujuan and the files.

A cancelled letter prints with a "BATAL" watermark and the reason. Times print in the office's
time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle
from sqlalchemy import func
from sqlmodel import Session, col, select

from kpu_tui.models import BerkasJenis, KeluarStatus, KirimStatus, ParafStatus, SuratKeluar
from kpu_tui.rules.dates import format_jam, format_tanggal, format_tanggal_pendek
from kpu_tui.services import procedure
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import NotFound, ServiceError
from kpu_tui.services.surat_keluar_views import KeluarDetail, KeluarRow, TujuanView

from .flowables import CELL_FONT, Cell, CutLine, Watermark, escape, markup, para, ruled_table
from .paper import PaperData, paper_data
from .styles import GRID, SHADE_FILL
from .templates import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    RUNNING_GAP,
    DocumentInfo,
    Orientation,
    frame_width,
    page_size,
    render,
)

ORIENTATION: Orientation = "potret"
BOX_LINE = 1.0
INNER_LINE = 0.5
SLIPS_NOTE = "potong di sini"
CUT_HEIGHT = 8 * mm
"""The room of the line to cut along between two slips."""


# -- shared with the registers ----------------------------------------------------------------


def tanggal(value: date | None, empty: str = "–") -> str:
    """ "23 November 2026", or ``empty`` for no date."""
    return format_tanggal(value) if value is not None else empty


def short_tanggal(value: date | None, empty: str = "–") -> str:
    """ "23 Nov 2026", or ``empty`` for no date."""
    return format_tanggal_pendek(value) if value is not None else empty


def local(instant: datetime, zone: tzinfo) -> datetime:
    """An instant (aware, or naive UTC as the database returns it) as naive office time."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone).replace(tzinfo=None)


def live_tujuan(tujuan: Sequence[TujuanView]) -> list[TujuanView]:
    """The tujuan that are (or are to be) sent: every one not withdrawn."""
    return [t for t in tujuan if t.status != KirimStatus.BATAL]


def ekspedisi_text(tujuan: Sequence[TujuanView]) -> str:
    """The dispatch state of a letter in words: "2/2 dikirim, 1 tanda terima kembali",
    "Belum dikirim (0/3)", with ", 1 ditarik" for withdrawn tujuan; "Tanpa tujuan" for none."""
    live = live_tujuan(tujuan)
    ditarik = len(tujuan) - len(live)
    suffix = f", {ditarik} ditarik" if ditarik else ""
    if not live:
        return f"Tanpa tujuan yang dikirimi{suffix}" if tujuan else "Tanpa tujuan"
    sent = sum(1 for t in live if t.status in (KirimStatus.DIKIRIM, KirimStatus.DITERIMA))
    back = sum(1 for t in live if t.status == KirimStatus.DITERIMA)
    if not sent:
        return f"Belum dikirim (0/{len(live)}){suffix}"
    return f"{sent}/{len(live)} dikirim, {back} tanda terima kembali{suffix}"


def tujuan_text(tujuan: Sequence[TujuanView], fallback: str = "") -> str:
    """The tujuan by name ("A; B"), then "Tembusan: C; D"; ``fallback`` without any."""
    utama = [t.nama for t in tujuan if not t.tembusan]
    tembusan = [t.nama for t in tujuan if t.tembusan]
    parts = ["; ".join(utama)] if utama else ([fallback] if fallback else [])
    if tembusan:
        parts.append("Tembusan: " + "; ".join(tembusan))
    return "\n".join(parts) or "–"


def cara_text(view: TujuanView) -> str:
    """How a tujuan was sent, with the receipt number: "pos (resi RR123)"; "–" when not sent."""
    if view.cara_kirim is None:
        return "–"
    resi = f" ({view.nomor_resi})" if view.nomor_resi else ""
    return f"{view.cara_kirim.label}{resi}"


# -- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeluarPrintData:
    """Everything the papers of one outgoing letter need.

    Attributes:
        paper: the office's kop, paper size, print date and user.
        detail: the letter (``services.surat_keluar_read.get_detail``).
        zone: the office's time zone (instants are stored in UTC).
        tujuan_ids: print the tanda terima of these tujuan only (empty: every tujuan not
            withdrawn).
    """

    paper: PaperData
    detail: KeluarDetail
    zone: tzinfo = field(default=UTC)
    tujuan_ids: tuple[int, ...] = ()

    @property
    def row(self) -> KeluarRow:
        """The letter's register row."""
        return self.detail.row

    @property
    def batal(self) -> bool:
        """Whether the letter was cancelled."""
        return self.row.status == KeluarStatus.BATAL

    @property
    def nomor_teks(self) -> str:
        """The letter's number, or "(belum bernomor)"."""
        return self.row.nomor_surat or "(belum bernomor)"

    def local(self, instant: datetime) -> datetime:
        """An instant in office time."""
        return local(instant, self.zone)

    def waktu(self, instant: datetime | None) -> str:
        """ "23 Nov 2026 09.15" in office time; "–" for none."""
        if instant is None:
            return "–"
        moment = self.local(instant)
        return f"{format_tanggal_pendek(moment.date())} {format_jam(moment)}"

    def slips(self) -> list[TujuanView]:
        """The tujuan that get a tanda terima slip, in the letter's order."""
        chosen = set(self.tujuan_ids)
        return [t for t in live_tujuan(self.detail.tujuan) if not chosen or t.id in chosen]


def find_letter(session: Session, nomor_surat: str) -> int:
    """The id of the letter numbered ``nomor_surat`` (spaces and letter case ignored).

    Raises:
        NotFound: no letter has that number.
        ServiceError: several letters do (name the one meant by its id).
    """
    wanted = " ".join(nomor_surat.split())
    ids = session.exec(
        select(SuratKeluar.id)
        .where(func.lower(SuratKeluar.nomor_surat) == wanted.lower())
        .order_by(col(SuratKeluar.id))
    ).all()
    found = [i for i in ids if i is not None]
    if not wanted or not found:
        raise NotFound(f"Tidak ada surat keluar dengan nomor '{wanted}'.")
    if len(found) > 1:
        raise ServiceError(
            f"Nomor '{wanted}' dipakai {len(found)} surat (id {', '.join(map(str, found))});"
            " sebutkan suratnya dengan --id."
        )
    return found[0]


def load_keluar_print_data(
    session: Session,
    *,
    surat_id: int,
    printed_by: str,
    now: datetime | None,
    kertas: str | None = None,
    tujuan_ids: Sequence[int] = (),
) -> KeluarPrintData:
    """Read one letter and what its papers need (through the services; writes nothing).

    Raises:
        NotFound: there is no such letter.
        ValueError: for an unknown ``kertas``.
    """
    detail = skr.get_detail(session, surat_id)
    return KeluarPrintData(
        paper=paper_data(session, printed_by=printed_by, now=now, paper=kertas),
        detail=detail,
        zone=procedure.office_clock(session).zone,
        tujuan_ids=tuple(tujuan_ids),
    )


def check_numbered(data: KeluarPrintData) -> None:
    """A tanda terima pengiriman is for a signed, numbered letter.

    Raises:
        ServiceError: the letter has no number yet.
    """
    if not data.row.nomor_surat:
        raise ServiceError(
            f"Surat ini {data.row.status.label}, belum bernomor: tanda terima pengiriman "
            "dicetak setelah surat ditandatangani dan bernomor."
        )


# -- shared pieces -----------------------------------------------------------------------------


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


def _plain(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            *CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            *extra,
        ]
    )


def text_para(text: str, style: str = "Normal") -> Flowable:
    """A paragraph of plain ``text`` that keeps its line breaks."""
    return markup("<br/>".join(escape(line) for line in text.splitlines()) or "–", style)


def fields_table(items: Sequence[tuple[str, Cell]], width: float, label_w: float) -> Table:
    """Label, colon and value lines without rules."""
    rows = [
        [
            para(label, "TableCell"),
            para(":", "TableCell"),
            value if not isinstance(value, str) else para(value, "TableCellBold"),
        ]
        for label, value in items
    ]
    return Table(
        rows,
        colWidths=[label_w, 2.5 * mm, width - label_w - 2.5 * mm],
        style=_plain(),
        hAlign="LEFT",
    )


def batal_banner(data: KeluarPrintData, width: float) -> Flowable:
    """The framed notice at the top of a cancelled letter's paper."""
    detail = data.detail
    when = (
        f" pada {format_tanggal(data.local(detail.dibatalkan_at).date())}"
        if detail.dibatalkan_at is not None
        else ""
    )
    nomor = " Nomornya tetap tercatat sebagai BATAL." if data.row.nomor_surat else ""
    cells = [
        [para(f"BATAL — surat ini dibatalkan{when}", "Banner")],
        [para(f"Alasan: {data.row.alasan_batal or '–'}.{nomor}", "BannerNote")],
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


def _mini_kop(paper: PaperData) -> list[Flowable]:
    if not paper.has_kop:
        return []
    line1, line2 = paper.kop_lines
    parts = [para(f"{line1} {line2}".strip(), "TableHeader")]
    if paper.address_line:
        parts.append(para(paper.address_line, "KopLine"))
    return parts


# -- tanda terima pengiriman -------------------------------------------------------------------


def slip_letter_fields(data: KeluarPrintData) -> list[tuple[str, str]]:
    """The letter's lines on a slip as (label, value)."""
    row = data.row
    return [
        ("Nomor surat", data.nomor_teks),
        ("Tanggal surat", tanggal(row.tanggal_surat)),
        ("Perihal", row.perihal),
        ("Lampiran", row.lampiran or "–"),
        ("Penandatangan", row.penandatangan_jabatan or "–"),
    ]


def slip_kirim_fields(view: TujuanView) -> list[tuple[str, str]]:
    """The tujuan's lines on a slip as (label, value); what is not known yet stays blank."""
    kepada = view.nama + (" (tembusan)" if view.tembusan else "")
    return [
        ("Kepada", kepada),
        ("Alamat", view.alamat or "–"),
        ("Cara kirim", view.cara_kirim.label if view.cara_kirim else ""),
        ("Tanggal kirim", tanggal(view.tanggal_kirim, "")),
        ("Nomor resi", view.nomor_resi or ("–" if view.cara_kirim else "")),
        ("Dikirim oleh", view.dikirim_oleh_nama),
    ]


def _receipt_boxes(data: KeluarPrintData, view: TujuanView, width: float) -> Table:
    """The boxes the receiving office fills in; the recorded penerima when the receipt is
    already back."""
    widths = [width * 0.34, width * 0.22, width * 0.24, 0.0]
    widths[3] = width - sum(widths[:3])
    titles = ("Diterima oleh (nama jelas)", "Tanggal terima", "Tanda tangan", "Cap instansi")
    values: list[Cell] = ["", "", "", ""]
    if view.status == KirimStatus.DITERIMA:
        values[0] = para(view.nama_penerima, "TableCellBold")
        if view.diterima_at is not None:
            values[1] = para(tanggal(data.local(view.diterima_at).date()), "TableCellBold")
    return Table(
        [[para(t, "TableHeader") for t in titles], values],
        colWidths=widths,
        rowHeights=[None, 17 * mm],
        style=TableStyle(
            [
                *CELL_FONT,
                ("GRID", (0, 0), (-1, -1), INNER_LINE, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        ),
        hAlign="LEFT",
    )


def tanda_terima_slip(
    data: KeluarPrintData, view: TujuanView, index: int, count: int, width: float
) -> Table:
    """One slip: the office, the title, the letter and the tujuan side by side, the boxes."""
    inner = width - 8
    heading: list[Flowable] = [
        *_mini_kop(data.paper),
        Spacer(1, 1 * mm),
        para("TANDA TERIMA PENGIRIMAN SURAT", "Banner"),
        para(
            f"Tujuan {index} dari {count} · ditandatangani penerima, lalu dikembalikan kepada"
            " pengirim",
            "TableCellCenter",
        ),
    ]
    if data.batal:
        heading.append(para(f"BATAL — {data.row.alasan_batal or '–'}", "Banner"))
    half = (inner - 4 * mm) / 2
    facts = Table(
        [
            [
                fields_table(slip_letter_fields(data), half, 25 * mm),
                "",
                fields_table(slip_kirim_fields(view), half, 23 * mm),
            ]
        ],
        colWidths=[half, 4 * mm, half],
        style=_plain([("LINEAFTER", (0, 0), (0, 0), INNER_LINE, GRID)]),
        hAlign="LEFT",
    )
    foot: list[Flowable] = [_receipt_boxes(data, view, inner)]
    if view.status == KirimStatus.DITERIMA:
        foot.append(
            para(
                f"Tanda terima sudah kembali; dicatat oleh {view.tanda_terima_oleh_nama or '–'}.",
                "TableCellSmall",
            )
        )
    return Table(
        [[heading], [facts], [foot]],
        colWidths=[width],
        style=_form_style(
            [
                ("LINEBELOW", (0, 0), (-1, 0), INNER_LINE, GRID),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
            ]
        ),
    )


def document_info_tanda_terima(data: KeluarPrintData) -> DocumentInfo:
    """Title and layout of the slips."""
    return DocumentInfo(
        title=f"Tanda Terima Pengiriman Surat Nomor {data.nomor_teks}",
        orientation=ORIENTATION,
        kop=False,
        subject="Tanda terima pengiriman surat keluar",
    )


def build_tanda_terima_kirim_story(data: KeluarPrintData) -> list[Flowable]:
    """One slip per tujuan (tembusan included), as many to a page as fit, a line to cut along
    between two slips of a page (none at a page's edge; a cancelled letter's watermark on every
    page). Each slip carries the office's name: it leaves the office alone.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    watermark: list[Flowable] = [Watermark("BATAL")] if data.batal else []
    story: list[Flowable] = list(watermark)
    slips = data.slips()
    if not slips:
        story += [
            para("TANDA TERIMA PENGIRIMAN SURAT", "Title"),
            para(f"Nomor {data.nomor_teks}", "Subtitle"),
            Spacer(1, 4 * mm),
            para("Surat ini tidak mempunyai tujuan yang dikirimi.", "Normal"),
        ]
        return story
    room = slip_room(data.paper)
    used = 0.0
    for index, view in enumerate(slips, start=1):
        slip = tanda_terima_slip(data, view, index, len(slips), width)
        _, height = slip.wrap(width, room)
        if used and used + CUT_HEIGHT + height > room:
            story += [PageBreak(), *watermark]
            used = 0.0
        if used:
            story.append(CutLine(SLIPS_NOTE, CUT_HEIGHT))
            used += CUT_HEIGHT
        story.append(KeepTogether([slip]))
        used += height
    return story


def slip_room(paper: PaperData) -> float:
    """The height of the frame the slips are laid out in (no kop, the running title's gap)."""
    _, height = page_size(paper.paper, ORIENTATION)
    return height - MARGIN_TOP - RUNNING_GAP - MARGIN_BOTTOM - 1.0


def write_tanda_terima_kirim(target: str | Path | BinaryIO, data: KeluarPrintData) -> int:
    """Render the slips to ``target``; returns the number of pages.

    Raises:
        ServiceError: the letter has no number yet (:func:`check_numbered`).
    """
    check_numbered(data)
    return render(
        target, build_tanda_terima_kirim_story(data), data.paper, document_info_tanda_terima(data)
    )


# -- lembar kendali ----------------------------------------------------------------------------


def penandatangan_text(row: KeluarRow) -> str:
    """ "Sekretaris KPU Kabupaten/Kota (Dewi Kartika Sari)"; "–" without one."""
    if not row.penandatangan_jabatan:
        return "–"
    nama = f" ({row.penandatangan_nama})" if row.penandatangan_nama else ""
    return f"{row.penandatangan_jabatan}{nama}"


def status_text(data: KeluarPrintData) -> str:
    """The letter's state in words, with who it waits for."""
    status = data.row.status
    if status == KeluarStatus.BATAL:
        return f"BATAL: {data.row.alasan_batal or '–'}"
    text = status.label.capitalize()
    waiting = data.detail.menunggu_paraf
    if status == KeluarStatus.PARAF and waiting is not None:
        text += f" dari {waiting.jabatan_nama}"
    return text


def data_fields(data: KeluarPrintData) -> list[tuple[str, Cell]]:
    """The letter's data as (label, value) lines of the lembar kendali."""
    row = data.row
    detail = data.detail
    klas = row.klasifikasi or "–"
    if detail.klasifikasi_uraian:
        klas = f"{klas} — {detail.klasifikasi_uraian}"
    fields: list[tuple[str, Cell]] = [
        ("Nomor surat", para(data.nomor_teks, "TableCellBold")),
        ("Tanggal surat", para(tanggal(row.tanggal_surat), "TableCell")),
        ("Jenis naskah", para(f"{detail.jenis_nama} ({row.jenis_naskah})", "TableCell")),
        ("Kode klasifikasi", para(klas, "TableCell")),
        ("Sifat", para(detail.sifat_nama or "–", "TableCell")),
        ("Lampiran", para(row.lampiran or "–", "TableCell")),
        ("Perihal", para(row.perihal, "TableCellBold")),
        ("Tujuan", text_para(tujuan_text(detail.tujuan, row.tujuan_ringkas), "TableCell")),
        ("Pengolah", para(row.pengolah_nama or "–", "TableCell")),
        (
            "Konseptor",
            para(f"{row.konseptor_nama}, dibuat {data.waktu(row.dibuat_at)}", "TableCell"),
        ),
        ("Penandatangan", para(penandatangan_text(row), "TableCell")),
        ("Ditandatangani", para(data.waktu(detail.ditandatangani_at), "TableCell")),
        ("Keadaan", para(status_text(data), "TableCellBold")),
    ]
    if detail.balasan_of is not None:
        masuk = detail.balasan_of
        fields.append(
            (
                "Balasan atas",
                para(
                    f"Surat masuk agenda {masuk.agenda_teks}, nomor {masuk.nomor_surat} dari "
                    f"{masuk.asal}, perihal {masuk.perihal}",
                    "TableCell",
                ),
            )
        )
    if detail.arahan:
        fields.append(("Arahan", text_para(detail.arahan, "TableCell")))
    if row.keterangan:
        fields.append(("Keterangan", text_para(row.keterangan, "TableCell")))
    sumber = {"luar": "dibuat di luar aplikasi pada nomor yang dipesan", "impor": "impor"}
    if row.sumber.value in sumber:
        fields.append(("Sumber", para(sumber[row.sumber.value], "TableCell")))
    return fields


def data_table(data: KeluarPrintData, width: float) -> Table:
    """The letter's data in a ruled two-column table."""
    label_w = 32 * mm
    rows = [[para(label, "IdentityLabel"), value] for label, value in data_fields(data)]
    return ruled_table(rows, [label_w, width - label_w], header_rows=0)


def paraf_table(data: KeluarPrintData, width: float) -> Flowable:
    """Every paraf of every round: putaran, order, position and holder, state, time, catatan;
    returned ones bold and shaded."""
    if not data.detail.paraf:
        return para("Tanpa paraf berjenjang: surat langsung menunggu tanda tangan.", "Normal")
    widths = [13 * mm, 9 * mm, 0.0, 22 * mm, 27 * mm, 50 * mm]
    widths[2] = width - sum(widths)
    titles = ("Putaran", "Urut", "Jabatan (pemegang)", "Keadaan", "Waktu", "Catatan")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    shaded: list[int] = []
    for paraf in data.detail.paraf:
        jabatan: list[Flowable] = [para(paraf.jabatan_nama, "TableCell")]
        if paraf.pemegang_nama:
            jabatan.append(para(paraf.pemegang_nama, "TableCellSmall"))
        if paraf.oleh_nama and paraf.oleh_nama != paraf.pemegang_nama:
            jabatan.append(para(f"dicatat oleh {paraf.oleh_nama}", "TableCellSmall"))
        returned = paraf.status == ParafStatus.DIKEMBALIKAN
        if returned:
            shaded.append(len(rows))
        rows.append(
            [
                para(str(paraf.putaran), "TableCellCenter"),
                para(str(paraf.urutan), "TableCellCenter"),
                jabatan,
                para(paraf.status.label, "TableCellBold" if returned else "TableCell"),
                para(data.waktu(paraf.at), "TableCell"),
                text_para(paraf.catatan or "–", "TableCell"),
            ]
        )
    return ruled_table(
        rows, widths, extra=[("BACKGROUND", (0, r), (-1, r), SHADE_FILL) for r in shaded]
    )


def nomor_table(data: KeluarPrintData, width: float) -> Flowable:
    """The number history: every ledger row given to the letter (a voided one stays)."""
    if not data.detail.nomor:
        return para("Belum bernomor: nomor diberikan saat surat ditandatangani.", "Normal")
    widths = [0.0, 20 * mm, 20 * mm, 44 * mm, 44 * mm]
    widths[0] = width - sum(widths)
    titles = ("Nomor surat", "Tanggal", "Keadaan", "Diberikan oleh", "Alasan / keterangan")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    for nomor in data.detail.nomor:
        rows.append(
            [
                para(nomor.nomor_teks, "TableCellBold"),
                para(short_tanggal(nomor.tanggal), "TableCell"),
                para(nomor.status.label, "TableCell"),
                para(f"{nomor.oleh_nama}, {data.waktu(nomor.dibuat_at)}", "TableCell"),
                para(nomor.alasan or "–", "TableCell"),
            ]
        )
    return ruled_table(rows, widths)


def ekspedisi_table(data: KeluarPrintData, width: float) -> Flowable:
    """Every tujuan (tembusan marked, withdrawn shaded): how and when it was sent, the receipt
    number, by whom, and who received it when."""
    if not data.detail.tujuan:
        return para("Surat ini tidak mempunyai tujuan.", "Normal")
    widths = [7 * mm, 0.0, 28 * mm, 20 * mm, 27 * mm, 38 * mm]
    widths[1] = width - sum(widths)
    titles = ("No.", "Tujuan", "Cara kirim", "Tanggal kirim", "Dikirim oleh", "Tanda terima")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    shaded: list[int] = []
    for index, view in enumerate(data.detail.tujuan, start=1):
        tujuan: list[Flowable] = [
            para(view.nama + (" (tembusan)" if view.tembusan else ""), "TableCell")
        ]
        if view.alamat:
            tujuan.append(para(view.alamat, "TableCellSmall"))
        if view.keterangan:
            tujuan.append(para(view.keterangan, "TableCellSmall"))
        if view.status == KirimStatus.DITERIMA:
            when = tanggal(data.local(view.diterima_at).date()) if view.diterima_at else "–"
            receipt = f"Kembali: diterima {view.nama_penerima}, {when}"
        elif view.status == KirimStatus.BATAL:
            receipt = f"Ditarik: {view.alasan_batal or '–'}"
            shaded.append(len(rows))
        else:
            receipt = view.status.label.capitalize()
        rows.append(
            [
                para(f"{index}.", "TableCellCenter"),
                tujuan,
                para(cara_text(view), "TableCell"),
                para(short_tanggal(view.tanggal_kirim), "TableCell"),
                para(view.dikirim_oleh_nama or "–", "TableCell"),
                para(receipt, "TableCell"),
            ]
        )
    return ruled_table(
        rows, widths, extra=[("BACKGROUND", (0, r), (-1, r), SHADE_FILL) for r in shaded]
    )


def berkas_table(data: KeluarPrintData, width: float) -> Flowable:
    """The files kept with the letter (drafts, the signed scan, returned receipts)."""
    if not data.detail.berkas:
        return para("Belum ada berkas.", "Normal")
    widths = [30 * mm, 0.0, 44 * mm, 40 * mm]
    widths[1] = width - sum(widths)
    titles = ("Jenis", "Nama berkas", "Ditambahkan", "Keadaan")
    rows: list[list[Cell]] = [[para(t, "TableHeader") for t in titles]]
    for berkas in data.detail.berkas:
        rows.append(
            [
                para(berkas.jenis.label.capitalize(), "TableCell"),
                para(berkas.nama, "TableCell"),
                para(f"{data.waktu(berkas.ditambahkan_at)}, {berkas.oleh_nama}", "TableCell"),
                para(
                    "aktif" if berkas.aktif else f"ditarik: {berkas.alasan_batal or '–'}",
                    "TableCell",
                ),
            ]
        )
    return ruled_table(rows, widths)


def arsip_note(data: KeluarPrintData) -> str:
    """Whether the signed letter's scan is kept."""
    if any(b.aktif and b.jenis == BerkasJenis.ARSIP for b in data.detail.berkas):
        return "Pindaian surat bertanda tangan: ada."
    if data.row.nomor_surat and not data.batal:
        return "Pindaian surat bertanda tangan: belum diarsipkan."
    return ""


def document_info_kendali(data: KeluarPrintData) -> DocumentInfo:
    """Title and layout of the lembar kendali."""
    return DocumentInfo(
        title=f"Lembar Kendali Surat Keluar Nomor {data.nomor_teks}",
        orientation=ORIENTATION,
        kop=True,
        subject="Lembar kendali surat keluar",
    )


def build_lembar_kendali_story(data: KeluarPrintData) -> list[Flowable]:
    """The letter's data, the paraf chain, the number, the ekspedisi and the files.

    Pure: builds flowables from the data, writes nothing.
    """
    width = frame_width(data.paper, ORIENTATION)
    story: list[Flowable] = []
    if data.batal:
        story.append(Watermark("BATAL"))
    story += [
        para("LEMBAR KENDALI SURAT KELUAR", "Title"),
        para(f"Nomor {data.nomor_teks}", "Subtitle"),
        Spacer(1, 3 * mm),
    ]
    if data.batal:
        story += [batal_banner(data, width), Spacer(1, 3 * mm)]
    story += [
        data_table(data, width),
        KeepTogether([para("Paraf berjenjang", "Heading"), paraf_table(data, width)]),
        KeepTogether([para("Tanda tangan dan nomor", "Heading"), nomor_table(data, width)]),
        KeepTogether(
            [
                para("Ekspedisi", "Heading"),
                para(ekspedisi_text(data.detail.tujuan), "Normal"),
                Spacer(1, 1.5 * mm),
                ekspedisi_table(data, width),
            ]
        ),
    ]
    berkas: list[Flowable] = [para("Berkas", "Heading"), berkas_table(data, width)]
    note = arsip_note(data)
    if note:
        berkas.append(para(note, "Note"))
    story.append(KeepTogether(berkas))
    return story


def write_lembar_kendali(target: str | Path | BinaryIO, data: KeluarPrintData) -> int:
    """Render the lembar kendali to ``target``; returns the number of pages."""
    return render(target, build_lembar_kendali_story(data), data.paper, document_info_kendali(data))


__all__ = [
    "KeluarPrintData",
    "arsip_note",
    "berkas_table",
    "build_lembar_kendali_story",
    "build_tanda_terima_kirim_story",
    "cara_text",
    "check_numbered",
    "data_fields",
    "document_info_kendali",
    "document_info_tanda_terima",
    "ekspedisi_table",
    "ekspedisi_text",
    "find_letter",
    "live_tujuan",
    "load_keluar_print_data",
    "local",
    "nomor_table",
    "paraf_table",
    "penandatangan_text",
    "short_tanggal",
    "slip_kirim_fields",
    "slip_letter_fields",
    "status_text",
    "tanda_terima_slip",
    "tanggal",
    "tujuan_text",
    "write_lembar_kendali",
    "write_tanda_terima_kirim",
]
