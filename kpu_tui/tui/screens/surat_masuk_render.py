"""The words of the Surat Masuk area: a letter's state, its due date, its scans, its disposisi
tree and its detail.

Pure functions from the services' views to Rich renderables, shared by the register, the detail
pane, the detail screen and the tests. Colour never stands alone: every state has its word
("lewat 2 hari kerja", "hari ini", "selesai ✓", "batal").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kpu_tui.models import HopStatus, PenerimaStatus, SuratStatus
from kpu_tui.rules.calendar import WorkCalendar
from kpu_tui.rules.dates import format_tanggal_pendek
from kpu_tui.services.disposisi import HopView, PenerimaView
from kpu_tui.services.procedure import TimelineEntry
from kpu_tui.services.surat_masuk import BerkasView, SuratDetail, SuratRow
from kpu_tui.sop.model import Sop

from ..widgets.display import waktu_kantor
from .prosedur_render import timeline_text, waktu_pendek

LATE = "bold red"
TODAY = "bold yellow"
DONE = "bold green"
CANCELLED = "dim strike"
OPEN_PENERIMA = (PenerimaStatus.MENUNGGU, PenerimaStatus.DIBACA)


def tanggal(value: date | None) -> str:
    """A day as the tables write it, "23 Nov 2026"; "–" for none."""
    return format_tanggal_pendek(value) if value else "–"


def one_line(text: str) -> str:
    """Multi-line text (a note, a tindak lanjut) on one line, the breaks shown as " / "."""
    return " / ".join(part for part in text.splitlines() if part.strip())


def lewat_text(tenggat: date, today: date, calendar: WorkCalendar) -> str:
    """How late a due date is, in working days: "lewat 2 hari kerja" (or "lewat tenggat" when
    only days off have passed since)."""
    days = calendar.working_days_between(tenggat, today)
    return f"lewat {days} hari kerja" if days > 0 else "lewat tenggat"


def is_late(row: SuratRow, today: date) -> bool:
    """Whether an open disposisi of the letter is past its batas waktu."""
    return row.terlambat(today)


def is_due_today(row: SuratRow, today: date) -> bool:
    """Whether an open disposisi of the letter falls due today."""
    return row.status == SuratStatus.PROSES and row.tenggat == today


def status_text(row: SuratRow, today: date, calendar: WorkCalendar) -> Text:
    """The state of a letter in words, coloured: "lewat 2 hari kerja" red, "hari ini" yellow,
    "selesai ✓" green, "batal" dim and struck through; else "belum disposisi", "dalam proses",
    "diarsipkan"."""
    if row.status == SuratStatus.BATAL:
        return Text("batal", style=CANCELLED)
    if row.status == SuratStatus.SELESAI:
        return Text("selesai ✓", style=DONE)
    if row.status == SuratStatus.DIARSIPKAN:
        return Text("diarsipkan", style="italic")
    if row.status == SuratStatus.BELUM_DISPOSISI:
        return Text("belum disposisi", style="bold")
    if row.tenggat is not None and is_late(row, today):
        return Text(lewat_text(row.tenggat, today, calendar), style=LATE)
    if is_due_today(row, today):
        return Text("hari ini", style=TODAY)
    return Text("dalam proses")


def tenggat_text(row: SuratRow, today: date) -> Text:
    """The earliest batas waktu of the open disposisi ("–" when none), red when past, yellow
    today (the Status column says so in words)."""
    if row.tenggat is None or row.status != SuratStatus.PROSES:
        return Text("–")
    style = LATE if is_late(row, today) else TODAY if is_due_today(row, today) else ""
    return Text(tanggal(row.tenggat), style=style)


def short_text(row: SuratRow, today: date, calendar: WorkCalendar) -> Text:
    """Two lines for a short terminal: number, perihal; sender, state, due date."""
    text = Text(f"{row.agenda_teks} · {row.perihal}\n", no_wrap=True, overflow="ellipsis")
    text.append(f"{row.asal} · ")
    text.append_text(status_text(row, today, calendar))
    if row.tenggat is not None and row.status == SuratStatus.PROSES:
        text.append(f" · tenggat {tanggal(row.tenggat)}")
    text.append(" · Enter: rincian", style="dim")
    return text


# -- scans -------------------------------------------------------------------------------------


def ukuran_text(size: int) -> str:
    """A file size in Indonesian writing: "820 B", "12,5 KB", "1,2 MB"."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    unit = "KB"
    if value >= 1024:
        value /= 1024
        unit = "MB"
    return f"{value:.1f} {unit}".replace(".", ",")


def berkas_label(berkas: BerkasView, zone: tzinfo, today: date) -> Text:
    """ "surat.pdf · 120,3 KB · 23 Nov 10.15 oleh Sekar"; a withdrawn scan struck through with
    its reason."""
    when = waktu_pendek(berkas.ditambahkan_at, zone, today)
    if not berkas.aktif:
        text = Text(berkas.nama, style=CANCELLED)
        text.append(f" · ditarik: {berkas.alasan_batal}", style="dim")
        return text
    text = Text(berkas.nama, style="bold")
    text.append(f" · {ukuran_text(berkas.ukuran)} · {when} oleh {berkas.oleh_nama}")
    return text


# -- disposisi ---------------------------------------------------------------------------------


def hop_label(hop: HopView, zone: tzinfo, today: date) -> Text:
    """A hop: who gave it and when, the instructions, the note, the batas waktu; a withdrawn
    hop struck through with its reason."""
    cancelled = hop.status == HopStatus.BATAL
    text = Text(f"Dari {hop.dari_nama}", style=CANCELLED if cancelled else "bold")
    text.append(f" · {waktu_pendek(hop.tanggal, zone, today)}")
    if hop.instruksi_nama:
        text.append(f" · {', '.join(hop.instruksi_nama)}")
    if hop.catatan:
        text.append(f" · “{one_line(hop.catatan)}”", style="italic")
    if hop.batas_waktu is not None:
        text.append(f" · batas {tanggal(hop.batas_waktu)}")
    if hop.dicatat_oleh_nama and hop.dicatat_oleh_nama != hop.dari_nama:
        text.append(f" (dicatat {hop.dicatat_oleh_nama})", style="dim")
    if cancelled:
        text.append(" · batal: ", style="bold")
        text.append(hop.alasan_batal)
    return text


def penerima_state(
    penerima: PenerimaView, hop: HopView, zone: tzinfo, today: date, calendar: WorkCalendar
) -> Text:
    """A recipient's state in words: "belum dibaca", "dibaca 23 Nov 10.20", "diteruskan",
    "selesai ✓ …", "batal"; open past the batas waktu adds "lewat 2 hari kerja"."""
    status = penerima.status
    if status == PenerimaStatus.BATAL:
        return Text("batal", style=CANCELLED)
    if status == PenerimaStatus.SELESAI:
        return Text(f"selesai ✓ {waktu_pendek(penerima.selesai_at, zone, today)}", style=DONE)
    if status == PenerimaStatus.DITERUSKAN:
        text = Text("diteruskan")
    elif status == PenerimaStatus.DIBACA:
        text = Text(f"dibaca {waktu_pendek(penerima.dibaca_at, zone, today)}")
    else:
        text = Text("belum dibaca", style=TODAY)
    batas = hop.batas_waktu
    if status in OPEN_PENERIMA and hop.status == HopStatus.AKTIF and batas is not None:
        if batas < today:
            text.append(" · ")
            text.append(lewat_text(batas, today, calendar), style=LATE)
        elif batas == today:
            text.append(" · ")
            text.append("batas hari ini", style=TODAY)
    return text


def penerima_label(
    penerima: PenerimaView,
    hop: HopView,
    zone: tzinfo,
    today: date,
    calendar: WorkCalendar,
    *,
    single_line: bool = False,
) -> Text:
    """A recipient: "Kepada Sekretaris (utama) · dibaca 23 Nov 10.20", and the tindak lanjut
    (on its own line, or after the state when ``single_line``: a tree row holds one line)."""
    cancelled = penerima.status == PenerimaStatus.BATAL
    text = Text(f"Kepada {penerima.nama}", style=CANCELLED if cancelled else "bold")
    if penerima.utama:
        text.append(" (utama)")
    text.append(" · ")
    text.append_text(penerima_state(penerima, hop, zone, today, calendar))
    if penerima.tindak_lanjut:
        if single_line:
            text.append(f" · {one_line(penerima.tindak_lanjut)}", style="italic")
        else:
            text.append(f"\nTindak lanjut: {penerima.tindak_lanjut}", style="italic")
    return text


def disposisi_tree(
    hops: Sequence[HopView], zone: tzinfo, today: date, calendar: WorkCalendar
) -> RenderableType:
    """The disposisi as a tree (each recipient with the hops it passed on), for the pane."""
    if not hops:
        return Text("Belum ada disposisi.", style="dim")
    root = Tree(Text("Disposisi", style="bold underline"), guide_style="dim")

    def add(node: Tree, hop: HopView) -> None:
        branch = node.add(hop_label(hop, zone, today))
        for penerima in hop.penerima:
            leaf = branch.add(penerima_label(penerima, hop, zone, today, calendar))
            for child in penerima.diteruskan:
                add(leaf, child)

    for hop in hops:
        add(root, hop)
    return root


# -- the letter --------------------------------------------------------------------------------


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def heading(row: SuratRow, today: date, calendar: WorkCalendar) -> Text:
    """ "Surat masuk 0012/2026 · dalam proses" and the perihal."""
    text = Text(f"Surat masuk {row.agenda_teks} · ", style="bold")
    text.append_text(status_text(row, today, calendar))
    text.append(f"\n{row.perihal}", style="bold")
    return text


def letter_fields(detail: SuratDetail, zone: tzinfo, today: date, *, full: bool = True) -> Table:
    """The letter's fields as a label/value grid (``full`` shows klasifikasi and tujuan even
    when empty; lampiran, jenis naskah and keterangan show when set)."""
    row = detail.row
    grid = _grid()
    grid.add_row("Asal", row.asal)
    nomor = row.nomor_surat
    if row.tanggal_surat is not None:
        nomor += f" · tanggal {tanggal(row.tanggal_surat)}"
    grid.add_row("Nomor surat", nomor)
    grid.add_row("Diterima", waktu_kantor(detail.diterima_at, zone))
    grid.add_row("Sifat", f"{detail.sifat_nama} · derajat {detail.derajat_nama}")
    if row.klasifikasi or full:
        klas = row.klasifikasi or "–"
        if detail.klasifikasi_uraian:
            klas += f" — {detail.klasifikasi_uraian}"
        grid.add_row("Klasifikasi", klas)
    if row.tujuan_nama or full:
        grid.add_row("Tujuan", row.tujuan_nama or "–")
    if row.lampiran:
        grid.add_row("Lampiran", row.lampiran)
    if detail.jenis_naskah:
        grid.add_row("Jenis naskah", detail.jenis_naskah)
    if row.keterangan:
        grid.add_row("Keterangan", row.keterangan)
    if row.tenggat is not None and row.status == SuratStatus.PROSES:
        grid.add_row("Tenggat", tenggat_text(row, today))
    grid.add_row(
        "Dicatat",
        f"{detail.dicatat_oleh_nama}, {waktu_pendek(detail.dicatat_at, zone, today)}",
    )
    if row.status == SuratStatus.SELESAI:
        grid.add_row(
            "Selesai",
            Text(f"{waktu_pendek(detail.selesai_at, zone, today)}: {detail.tindak_lanjut}"),
        )
    if row.status == SuratStatus.DIARSIPKAN:
        grid.add_row(
            "Diarsipkan",
            Text(
                f"tanpa disposisi, {waktu_pendek(detail.selesai_at, zone, today)}: "
                f"{detail.alasan_arsip}"
            ),
        )
    if row.status == SuratStatus.BATAL:
        grid.add_row(
            "Dibatalkan",
            Text(f"{waktu_pendek(detail.dibatalkan_at, zone, today)}: {detail.alasan_batal}"),
        )
    return grid


def scans_text(berkas: Sequence[BerkasView], zone: tzinfo, today: date) -> Text:
    """The scans, one a line ("Belum ada pindaian." without any)."""
    if not berkas:
        return Text("Belum ada pindaian.", style="dim")
    text = Text()
    for index, item in enumerate(berkas):
        if index:
            text.append("\n")
        text.append_text(berkas_label(item, zone, today))
    return text


def section(title: str, keys: str = "") -> Text:
    """A heading inside a detail, with the keys that act there in dim type after it."""
    text = Text()
    text.append(title, style="bold underline")
    if keys:
        text.append(f"  {keys}", style="dim")
    return text


def surat_detail(
    detail: SuratDetail,
    hops: Sequence[HopView],
    entries: Sequence[TimelineEntry],
    sop: Sop | None,
    zone: tzinfo,
    today: date,
    calendar: WorkCalendar,
) -> Group:
    """The whole letter for the detail pane: heading, fields, scans, disposisi, SOP timeline."""
    active = [b for b in detail.berkas if b.aktif]
    parts: list[RenderableType] = [
        heading(detail.row, today, calendar),
        letter_fields(detail, zone, today, full=False),
        Text(""),
        section(f"Pindaian ({len(active)})"),
        scans_text(detail.berkas, zone, today),
        Text(""),
        disposisi_tree(hops, zone, today, calendar),
    ]
    if entries:
        parts += [
            Text(""),
            section(f"Riwayat SOP 9.14 ({len(entries)} peristiwa)"),
            timeline_text(entries, zone, today, sop),
        ]
    return Group(*parts)


__all__ = [
    "berkas_label",
    "disposisi_tree",
    "heading",
    "hop_label",
    "is_due_today",
    "is_late",
    "letter_fields",
    "lewat_text",
    "one_line",
    "penerima_label",
    "penerima_state",
    "scans_text",
    "section",
    "short_text",
    "status_text",
    "surat_detail",
    "tanggal",
    "tenggat_text",
    "ukuran_text",
]
