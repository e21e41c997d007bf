"""The words of the queue ("Antrian saya"): one row per item and the detail of one item.

Pure functions from :class:`kpu_tui.services.antrian.Item` to Rich renderables, shared by the
personal queue, the office view and the tests. Colour never stands alone: an overdue item says
how late it is ("lewat 2 hari kerja") in red, one due today says when ("hari ini 16.00") in
yellow, later ones their date, undated ones how long they have waited ("— sejak 12 Nov").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kpu_tui.rules.dates import format_jam, format_tanggal, format_tanggal_pendek, nama_hari
from kpu_tui.services.antrian import DISPOSISI_KINDS, Item, Jenis
from kpu_tui.sop.engine import Urgensi

from .surat_masuk_render import LATE, TODAY, one_line

MARKED = "●"
"""The mark of a row chosen for a bulk action."""
NEW = "bold"
"""An unread disposisi or a letter waiting for its first disposisi."""
PERIHAL_MAX = 60
"""Longest perihal a row shows before it is cut with an ellipsis (the column may cut more)."""

ITEM_COLUMNS: list[tuple[str, str]] = [
    ("mark", " "),
    ("jenis", "Jenis"),
    ("nomor", "Nomor"),
    ("perihal", "Perihal"),
    ("pihak", "Pihak/Dari"),
    ("tenggat", "Tenggat"),
]
"""The queue table's columns as (key, title), in the order :func:`item_cells` fills them."""

JENIS_PENDEK: dict[Jenis, str] = {
    Jenis.TELAAH: "Disposisikan",
    Jenis.DISPOSISI_BARU: "Disposisi baru",
    Jenis.DISPOSISI: "Tindak lanjut",
    Jenis.PARAF: "Paraf",
    Jenis.TANDA_TANGAN: "Tanda tangan",
    Jenis.PERBAIKAN: "Dikembalikan",
    Jenis.KIRIM: "Kirim",
    Jenis.LANGKAH: "Langkah SOP",
}
"""The kinds in at most 14 characters, for a narrow terminal."""

ADDRESSED = frozenset({*DISPOSISI_KINDS, Jenis.TELAAH, Jenis.PARAF, Jenis.TANDA_TANGAN})
"""Kinds addressed to a position or a unit, named in the detail (an SOP step's pelaksana
may be several positions: the queue does not say which one it counted)."""

PIHAK_LABEL: dict[Jenis, str] = {
    Jenis.TELAAH: "Asal surat",
    Jenis.DISPOSISI_BARU: "Asal surat",
    Jenis.DISPOSISI: "Asal surat",
    Jenis.PARAF: "Tujuan",
    Jenis.TANDA_TANGAN: "Tujuan",
    Jenis.PERBAIKAN: "Tujuan",
    Jenis.KIRIM: "Tujuan",
    Jenis.LANGKAH: "Prosedur",
}
DARI_LABEL: dict[Jenis, str] = {
    Jenis.TELAAH: "Dicatat oleh",
    Jenis.DISPOSISI_BARU: "Disposisi dari",
    Jenis.DISPOSISI: "Disposisi dari",
    Jenis.PARAF: "Konseptor",
    Jenis.TANDA_TANGAN: "Konseptor",
    Jenis.PERBAIKAN: "Konseptor",
    Jenis.KIRIM: "Konseptor",
    Jenis.LANGKAH: "Dimulai oleh",
}
CATATAN_LABEL: dict[Jenis, str] = {
    Jenis.DISPOSISI_BARU: "Instruksi",
    Jenis.DISPOSISI: "Instruksi",
    Jenis.PERBAIKAN: "Catatan kembali",
    Jenis.LANGKAH: "Kegiatan",
}


def _local(moment: datetime, zone: tzinfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def _short_day(moment: datetime, zone: tzinfo, today: date | None) -> str:
    """ "12 Nov" (with the year when it is not this year's)."""
    local = _local(moment, zone).date()
    text = format_tanggal_pendek(local)
    if today is None or local.year == today.year:
        text = text.rsplit(" ", 1)[0]
    return text


def waktu_penuh(moment: datetime, zone: tzinfo) -> str:
    """A moment in office time, in full words: "Senin, 23 November 2026 pukul 16.00"."""
    local = _local(moment, zone)
    return f"{nama_hari(local.date())}, {format_tanggal(local.date())} pukul {format_jam(local)}"


def tenggat_cell(item: Item, *, zone: tzinfo = UTC, today: date | None = None) -> Text:
    """The due cell: overdue red with how late, due today yellow with the hour, later the
    date, undated "— sejak 12 Nov" (dim) saying since when it waits."""
    if item.urgensi == Urgensi.TERLAMBAT:
        return Text(item.status_label or "lewat tenggat", style=LATE)
    if item.urgensi == Urgensi.HARI_INI:
        return Text(item.status_label or "hari ini", style=TODAY)
    if item.urgensi in (Urgensi.SEGERA, Urgensi.NANTI):
        return Text(item.status_label)
    if item.sejak is not None:
        return Text(f"—  sejak {_short_day(item.sejak, zone, today)}", style="dim")
    return Text("—", style="dim")


def jenis_text(item: Item, *, pendek: bool = False) -> Text:
    """The kind's label (``pendek``: its short form); an unread disposisi and a letter to
    dispose in bold."""
    style = NEW if item.jenis in (Jenis.DISPOSISI_BARU, Jenis.TELAAH) else ""
    label = JENIS_PENDEK[item.jenis] if pendek else item.jenis.label
    return Text(label, style=style, no_wrap=True, overflow="ellipsis")


def _cut(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pihak_text(item: Item) -> str:
    """Who the work is about and who passed it on: "Bawaslu Kota Bontang · dari Ketua"."""
    if item.jenis in DISPOSISI_KINDS and item.dari:
        return f"{item.pihak} · dari {item.dari}" if item.pihak else f"dari {item.dari}"
    return item.pihak or item.dari


def item_cells(
    item: Item,
    *,
    marked: bool = False,
    zone: tzinfo = UTC,
    today: date | None = None,
    pendek: bool = False,
) -> list[Text]:
    """One queue row, in the order of :data:`ITEM_COLUMNS`: the mark ("●" when chosen for a
    bulk action), the kind (``pendek``: short, for a narrow terminal), the number, the
    perihal, the other party, the due cell (dates in ``zone``, the year shown when not
    ``today``'s)."""
    return [
        Text(MARKED if marked else " ", style="bold cyan"),
        jenis_text(item, pendek=pendek),
        Text(item.nomor, no_wrap=True),
        Text(_cut(item.perihal, PERIHAL_MAX), no_wrap=True, overflow="ellipsis"),
        Text(_cut(pihak_text(item), 40), no_wrap=True, overflow="ellipsis"),
        tenggat_cell(item, zone=zone, today=today),
    ]


def tenggat_words(item: Item, zone: tzinfo) -> Text:
    """The due time in full words with its state: "Senin, 23 November 2026 pukul 16.00 ·
    lewat 2 hari kerja"; "tanpa batas waktu" without one."""
    if item.tenggat is None:
        return Text("tanpa batas waktu (pada kesempatan pertama)", style="dim")
    text = Text(waktu_penuh(item.tenggat, zone))
    if item.urgensi == Urgensi.TERLAMBAT:
        text.append(" · ")
        text.append(item.status_label or "lewat tenggat", style=LATE)
    elif item.urgensi == Urgensi.HARI_INI:
        text.append(" · ")
        text.append("hari ini", style=TODAY)
    return text


def item_detail(
    item: Item,
    zone: tzinfo,
    today: date | None = None,
    *,
    pemegang: str | None = None,
    hint: str | None = None,
) -> RenderableType:
    """The detail pane of one item: what it is, the instructions or note, who passed it on,
    since when it waits and when it is due, in full words, and the keys that act on it.

    ``pemegang`` names who holds it (the office view); ``hint`` replaces the keys line."""
    heading = Text(f"{item.jenis.label} · {item.nomor}", style="bold")
    heading.append(f"\n{one_line(item.perihal)}", style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if pemegang is not None:
        grid.add_row("Pemegang", pemegang)
    if item.pihak:
        grid.add_row(PIHAK_LABEL[item.jenis], item.pihak)
    if item.dari:
        grid.add_row(DARI_LABEL[item.jenis], item.dari)
    if item.catatan:
        grid.add_row(CATATAN_LABEL.get(item.jenis, "Catatan"), Text(item.catatan))
    if item.sejak is not None:
        grid.add_row("Menunggu sejak", waktu_penuh(item.sejak, zone))
    grid.add_row("Tenggat", tenggat_words(item, zone))
    if pemegang is None and item.jenis in ADDRESSED and item.pemegang.jenis != "user":
        # Through a position held or the unit: say which ("Kepala Sub Bagian TPPH").
        grid.add_row("Ditujukan kepada", item.pemegang.nama)
    return Group(heading, grid, Text(keys_hint(item) if hint is None else hint, style="dim"))


def keys_hint(item: Item) -> str:
    """The keys that act on this kind of item, for the foot of the detail."""
    if item.jenis == Jenis.DISPOSISI_BARU:
        return (
            "Enter buka (tandai dibaca) · a tandai dibaca · d teruskan · t tindak lanjut"
            " · u lampirkan"
        )
    if item.jenis == Jenis.DISPOSISI:
        return "Enter buka · d teruskan · t tindak lanjut · u lampirkan berkas"
    if item.jenis == Jenis.TELAAH:
        return "Enter buka · d disposisi · u lampirkan pindaian"
    if item.jenis == Jenis.PARAF:
        return "Enter buka · t beri paraf · u lampirkan berkas"
    if item.jenis == Jenis.LANGKAH:
        return "Enter buka · t selesaikan langkah · u lampirkan berkas"
    return "Enter buka · u lampirkan berkas"


def item_short(item: Item, zone: tzinfo, today: date | None = None) -> Text:
    """Two lines for a short terminal: number and perihal; kind, who, when due."""
    text = Text(f"{item.nomor} · {one_line(item.perihal)}\n", no_wrap=True, overflow="ellipsis")
    text.append(f"{item.jenis.label} · {pihak_text(item)} · ")
    text.append_text(tenggat_cell(item, zone=zone, today=today))
    text.append(" · Enter: buka", style="dim")
    return text


def summary_text(items: list[Item], marked: int = 0) -> Text:
    """The line above the queue: "12 item · 3 ditandai · 5 terlambat · 2 hari ini · 3 segera"
    (the marked count early, where a narrow terminal still shows it; the overdue count red,
    today's yellow)."""
    late = sum(1 for item in items if item.urgensi == Urgensi.TERLAMBAT)
    today = sum(1 for item in items if item.urgensi == Urgensi.HARI_INI)
    soon = sum(1 for item in items if item.urgensi == Urgensi.SEGERA)
    text = Text(f"{len(items)} item")
    if marked:
        text.append(" · ")
        text.append(f"{marked} ditandai", style="bold cyan")
    text.append(" · ")
    text.append(f"{late} terlambat", style=LATE if late else "")
    text.append(" · ")
    text.append(f"{today} hari ini", style=TODAY if today else "")
    text.append(f" · {soon} segera")
    return text
