"""The words of the Surat Keluar area: a letter's state, its tujuan and their dispatch, its
paraf chain, its number history, its files and its detail.

Pure functions from the services' views to Rich renderables, shared by the register, the detail
pane, the detail screen, the surat masuk detail (its replies) and the tests. Colour never stands
alone: every state has its words ("menunggu paraf Kasubbag TPPH", "belum dikirim",
"selesai ✓", "batal").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from itertools import groupby

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kpu_tui.models import KeluarStatus, KirimStatus, NomorStatus, ParafStatus
from kpu_tui.services.procedure import TimelineEntry
from kpu_tui.services.surat_keluar_views import (
    BalasanOf,
    BerkasView,
    KeluarDetail,
    KeluarRow,
    NomorView,
    ParafView,
    TujuanView,
)
from kpu_tui.sop.model import Sop

from .prosedur_render import timeline_text, waktu_pendek
from .surat_masuk_render import (
    CANCELLED,
    DONE,
    LATE,
    TODAY,
    one_line,
    section,
    tanggal,
    ukuran_text,
)

WAITING = "bold yellow"
"""A letter or a tujuan waiting for someone's action."""


# -- the letter's state ------------------------------------------------------------------------


def nomor_text(row: KeluarRow) -> str:
    """The letter's number, or "konsep" before it is signed."""
    return row.nomor_surat or "konsep"


def status_words(row: KeluarRow, menunggu: str = "", penandatangan: str = "") -> str:
    """The state in plain words: "menunggu paraf Kasubbag TPPH", "menunggu tanda tangan
    Sekretaris", "belum dikirim", "dikirim, tanda terima belum kembali", "selesai", "batal"
    (the first word says the most: a narrow column cuts the rest)
    (``menunggu`` is the position whose paraf is awaited, when known; ``penandatangan`` a
    short name of the signing position, else the row's)."""
    status = row.status
    if status == KeluarStatus.PARAF:
        return f"menunggu paraf {menunggu}" if menunggu else "menunggu paraf"
    if status == KeluarStatus.TANDA_TANGAN:
        signer = penandatangan or row.penandatangan_jabatan
        return f"menunggu tanda tangan {signer}" if signer else "menunggu tanda tangan"
    if status == KeluarStatus.KONSEP:
        return "konsep, belum diajukan" if row.putaran == 0 else "konsep"
    if status == KeluarStatus.TERBIT:
        return "belum dikirim"
    if status == KeluarStatus.DIKIRIM:
        return "dikirim, tanda terima belum kembali"
    if status == KeluarStatus.SELESAI:
        return "selesai ✓"
    return status.label


def status_text(row: KeluarRow, menunggu: str = "", penandatangan: str = "") -> Text:
    """The state in words, coloured: waiting for someone yellow, returned red, done green,
    batal dim and struck through."""
    words = status_words(row, menunggu, penandatangan)
    status = row.status
    if status == KeluarStatus.BATAL:
        return Text(words, style=CANCELLED)
    if status == KeluarStatus.SELESAI:
        return Text(words, style=DONE)
    if status == KeluarStatus.DIKEMBALIKAN:
        return Text(words, style=LATE)
    if status in (KeluarStatus.PARAF, KeluarStatus.TANDA_TANGAN, KeluarStatus.TERBIT):
        return Text(words, style=WAITING)
    return Text(words)


def short_text(row: KeluarRow, menunggu: str = "") -> Text:
    """Two lines for a short terminal: number, perihal; state, tujuan."""
    text = Text(f"{nomor_text(row)} · {row.perihal}\n", no_wrap=True, overflow="ellipsis")
    text.append_text(status_text(row, menunggu))
    text.append(f" · {row.tujuan_ringkas or '–'}")
    text.append(" · Enter: rincian", style="dim")
    return text


def reply_label(row: KeluarRow) -> Text:
    """A reply listed under the surat masuk it answers: number (or "konsep"), state, perihal."""
    text = Text(nomor_text(row), style=CANCELLED if row.status == KeluarStatus.BATAL else "bold")
    if row.tanggal_surat is not None:
        text.append(f" · {tanggal(row.tanggal_surat)}")
    text.append(" · ")
    text.append_text(status_text(row))
    text.append(f" · {row.perihal}")
    return text


# -- tujuan and their dispatch -------------------------------------------------------------------


def kirim_text(tujuan: TujuanView, zone: tzinfo, today: date) -> Text:
    """A tujuan's dispatch in words: "belum dikirim"; "dikirim antar langsung 23 Nov 2026 oleh
    Sekar, tanda terima belum kembali"; "tanda terima kembali 24 Nov 10.00, diterima Andi ✓";
    "batal: <alasan>"."""
    status = tujuan.status
    if status == KirimStatus.BATAL:
        text = Text("batal", style=CANCELLED)
        if tujuan.alasan_batal:
            text.append(f": {tujuan.alasan_batal}", style="dim")
        return text
    if status == KirimStatus.BELUM:
        return Text("belum dikirim", style=WAITING)
    cara = tujuan.cara_kirim.label if tujuan.cara_kirim is not None else "dikirim"
    sent = f"dikirim {cara} {tanggal(tujuan.tanggal_kirim)}"
    if tujuan.dikirim_oleh_nama:
        sent += f" oleh {tujuan.dikirim_oleh_nama}"
    if tujuan.nomor_resi:
        sent += f" (resi {tujuan.nomor_resi})"
    if status == KirimStatus.DIKIRIM:
        text = Text(sent + ", ")
        text.append("tanda terima belum kembali", style=WAITING)
        return text
    text = Text(sent + ", ")
    back = f"tanda terima kembali {waktu_pendek(tujuan.diterima_at, zone, today)}"
    if tujuan.nama_penerima:
        back += f", diterima {tujuan.nama_penerima}"
    text.append(back + " ✓", style=DONE)
    if tujuan.tanda_terima_oleh_nama:
        text.append(f" (dicatat {tujuan.tanda_terima_oleh_nama})", style="dim")
    return text


def tujuan_label(
    tujuan: TujuanView, zone: tzinfo, today: date, *, single_line: bool = False, kirim: bool = True
) -> Text:
    """ "Kepada <nama>, <alamat> · <dispatch>" (or "Tembusan ..."), the keterangan after;
    without ``kirim`` (a letter not yet signed) the names alone."""
    cancelled = tujuan.status == KirimStatus.BATAL
    text = Text("Tembusan " if tujuan.tembusan else "Kepada ", style="dim" if cancelled else "")
    text.append(tujuan.nama, style=CANCELLED if cancelled else "bold")
    if tujuan.alamat:
        text.append(f", {one_line(tujuan.alamat)}", style="dim" if cancelled else "")
    if not kirim:
        return text
    text.append("\n" if not single_line else " · ")
    if not single_line:
        text.append("  ")
    text.append_text(kirim_text(tujuan, zone, today))
    if tujuan.keterangan:
        text.append(f" · {one_line(tujuan.keterangan)}", style="italic")
    return text


def tujuan_text(
    tujuan: Sequence[TujuanView], zone: tzinfo, today: date, *, kirim: bool = True
) -> Text:
    """Every tujuan and tembusan (with its dispatch unless not ``kirim``), one per entry."""
    if not tujuan:
        return Text("Belum ada tujuan.", style="dim")
    text = Text()
    for index, item in enumerate(tujuan):
        if index:
            text.append("\n")
        text.append_text(tujuan_label(item, zone, today, kirim=kirim))
    return text


def is_signed(row: KeluarRow) -> bool:
    """Whether the letter has (or had, when cancelled after it) a number: its tujuan then
    have a dispatch state."""
    return bool(row.nomor_surat) or row.status.bernomor


def kirim_summary(tujuan: Sequence[TujuanView]) -> str:
    """ "2 tujuan: 1 belum dikirim, 1 dikirim, 0 tanda terima kembali" (withdrawn ones left
    out)."""
    live = [t for t in tujuan if t.status != KirimStatus.BATAL]
    if not live:
        return "tidak ada tujuan yang masih dikirimi"
    belum = sum(1 for t in live if t.status == KirimStatus.BELUM)
    dikirim = sum(1 for t in live if t.status == KirimStatus.DIKIRIM)
    kembali = sum(1 for t in live if t.status == KirimStatus.DITERIMA)
    return (
        f"{len(live)} tujuan: {belum} belum dikirim, {dikirim} menunggu tanda terima, "
        f"{kembali} tanda terima kembali"
    )


# -- paraf -------------------------------------------------------------------------------------


def paraf_state(paraf: ParafView, zone: tzinfo, today: date) -> Text:
    """A reviewer's state: "menunggu" (yellow), "paraf 23 Nov 10.15" (green),
    "dikembalikan 23 Nov 10.15" (red), "tidak sampai" (dim)."""
    when = waktu_pendek(paraf.at, zone, today, kosong="")
    if paraf.status == ParafStatus.MENUNGGU:
        return Text("menunggu", style=WAITING)
    if paraf.status == ParafStatus.PARAF:
        return Text(f"paraf ✓ {when}".rstrip(), style=DONE)
    if paraf.status == ParafStatus.DIKEMBALIKAN:
        return Text(f"dikembalikan {when}".rstrip(), style=LATE)
    return Text(paraf.status.label, style="dim")


def paraf_label(paraf: ParafView, zone: tzinfo, today: date) -> Text:
    """ "1. Kasubbag TPPH (Nama) · paraf ✓ 23 Nov 10.15 · dicatat Sekar · “catatan”"."""
    gugur = paraf.status == ParafStatus.GUGUR
    text = Text(f"{paraf.urutan}. ")
    text.append(paraf.jabatan_nama, style="dim" if gugur else "bold")
    if paraf.pemegang_nama:
        text.append(f" ({paraf.pemegang_nama})", style="dim" if gugur else "")
    text.append(" · ")
    text.append_text(paraf_state(paraf, zone, today))
    if paraf.oleh_nama and paraf.oleh_nama != paraf.pemegang_nama:
        text.append(f" · dicatat {paraf.oleh_nama}", style="dim")
    if paraf.catatan:
        text.append(f" · “{one_line(paraf.catatan)}”", style="italic")
    return text


def paraf_chain(
    paraf: Sequence[ParafView], zone: tzinfo, today: date, status: KeluarStatus | None = None
) -> Text:
    """Every paraf round, oldest first: "Putaran 1" then one reviewer a line (without any:
    not sent yet, or sent without paraf berjenjang)."""
    if not paraf:
        waiting = status in (None, KeluarStatus.KONSEP, KeluarStatus.BATAL)
        words = "Belum diajukan untuk paraf." if waiting else "Tanpa paraf berjenjang."
        return Text(words, style="dim")
    text = Text()
    first = True
    for putaran, items in groupby(paraf, key=lambda p: p.putaran):
        if not first:
            text.append("\n")
        first = False
        text.append(f"Putaran {putaran}", style="italic")
        for item in items:
            text.append("\n  ")
            text.append_text(paraf_label(item, zone, today))
    return text


# -- number history and files --------------------------------------------------------------------


def nomor_label(nomor: NomorView, zone: tzinfo, today: date) -> Text:
    """A ledger row of the letter: the number, its date, its state and who took it (a voided
    number struck through with its reason)."""
    batal = nomor.status in (NomorStatus.BATAL, NomorStatus.DIKEMBALIKAN)
    text = Text(nomor.nomor_teks, style=CANCELLED if batal else "bold")
    text.append(f" · tanggal {tanggal(nomor.tanggal)} · ")
    text.append(nomor.status.label, style="bold" if batal else "")
    if nomor.sisipan:
        text.append(" · sisipan")
    text.append(f" · diambil {waktu_pendek(nomor.dibuat_at, zone, today)} oleh {nomor.oleh_nama}")
    if nomor.alasan:
        text.append(f" · {one_line(nomor.alasan)}", style="italic")
    return text


def nomor_history(nomor: Sequence[NomorView], zone: tzinfo, today: date) -> Text:
    """The letter's numbers, one a line ("Belum bernomor." before the signature)."""
    if not nomor:
        return Text("Belum bernomor (nomor diambil saat tanda tangan).", style="dim")
    text = Text()
    for index, item in enumerate(nomor):
        if index:
            text.append("\n")
        text.append_text(nomor_label(item, zone, today))
    return text


def berkas_label(berkas: BerkasView, zone: tzinfo, today: date) -> Text:
    """ "[arsip bertanda tangan] surat.pdf · 120,3 KB · 23 Nov 10.15 oleh Sekar"; a withdrawn
    file struck through with its reason."""
    text = Text(f"[{berkas.jenis.label}] ", style="dim")
    if not berkas.aktif:
        text.append(berkas.nama, style=CANCELLED)
        text.append(f" · ditarik: {berkas.alasan_batal}", style="dim")
        return text
    text.append(berkas.nama, style="bold")
    when = waktu_pendek(berkas.ditambahkan_at, zone, today)
    text.append(f" · {ukuran_text(berkas.ukuran)} · {when} oleh {berkas.oleh_nama}")
    return text


def berkas_text(berkas: Sequence[BerkasView], zone: tzinfo, today: date) -> Text:
    """The files, one a line ("Belum ada berkas." without any)."""
    if not berkas:
        return Text("Belum ada berkas.", style="dim")
    text = Text()
    for index, item in enumerate(berkas):
        if index:
            text.append("\n")
        text.append_text(berkas_label(item, zone, today))
    return text


# -- the letter --------------------------------------------------------------------------------


def balasan_text(balasan: BalasanOf) -> Text:
    """ "Balasan atas surat masuk 0012/2026 dari Bawaslu Kota Bontang" and its number and
    perihal."""
    text = Text("Balasan atas surat masuk ")
    text.append(balasan.agenda_teks, style="bold")
    text.append(f" dari {balasan.asal}")
    text.append(f"\nnomor {balasan.nomor_surat} · {balasan.perihal}", style="dim")
    return text


def pesan_text(pesan: Sequence[str]) -> Text:
    """The warnings of a letter, each on a line after "Perhatian:"."""
    text = Text()
    for index, item in enumerate(pesan):
        if index:
            text.append("\n")
        text.append("Perhatian: ", style=TODAY)
        text.append(item)
    return text


def heading(detail: KeluarDetail) -> Text:
    """ "Surat keluar 123/PL.01.1-SD/6474/2026 · selesai ✓" and the perihal."""
    row = detail.row
    menunggu = detail.menunggu_paraf.jabatan_nama if detail.menunggu_paraf else ""
    text = Text(f"Surat keluar {nomor_text(row)} · ", style="bold")
    text.append_text(status_text(row, menunggu))
    text.append(f"\n{row.perihal}", style="bold")
    return text


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def letter_fields(detail: KeluarDetail, zone: tzinfo, today: date, *, full: bool = True) -> Table:
    """The letter's fields as a label/value grid (``full`` also shows the empty ones)."""
    row = detail.row
    grid = _grid()
    nomor = nomor_text(row)
    if row.tanggal_surat is not None:
        nomor += f" · tanggal {tanggal(row.tanggal_surat)}"
    grid.add_row("Nomor", nomor)
    grid.add_row("Tujuan", row.tujuan_ringkas or "–")
    grid.add_row("Jenis naskah", detail.jenis_nama)
    if row.klasifikasi or full:
        klas = row.klasifikasi or "–"
        if detail.klasifikasi_uraian:
            klas += f" — {detail.klasifikasi_uraian}"
        grid.add_row("Klasifikasi", klas)
    grid.add_row("Sifat", detail.sifat_nama)
    if row.lampiran or full:
        grid.add_row("Lampiran", row.lampiran or "–")
    signer = row.penandatangan_jabatan or "–"
    if row.penandatangan_nama:
        signer += f" ({row.penandatangan_nama})"
    if detail.ditandatangani_at is not None:
        signer += f" · ditandatangani {waktu_pendek(detail.ditandatangani_at, zone, today)}"
    grid.add_row("Penandatangan", signer)
    if row.pengolah_nama or full:
        grid.add_row("Pengolah", row.pengolah_nama or "–")
    grid.add_row("Konseptor", f"{row.konseptor_nama}, {waktu_pendek(row.dibuat_at, zone, today)}")
    if detail.arahan:
        grid.add_row("Arahan", detail.arahan)
    if detail.balasan_of is not None:
        grid.add_row("Balasan", balasan_text(detail.balasan_of))
    if row.keterangan:
        grid.add_row("Keterangan", row.keterangan)
    if row.status == KeluarStatus.BATAL:
        grid.add_row(
            "Dibatalkan",
            Text(f"{waktu_pendek(detail.dibatalkan_at, zone, today)}: {row.alasan_batal}"),
        )
    return grid


def keluar_detail(
    detail: KeluarDetail,
    entries: Sequence[TimelineEntry],
    sop: Sop | None,
    zone: tzinfo,
    today: date,
) -> Group:
    """The whole letter for the detail pane: heading, warnings, fields, tujuan and their
    dispatch, the paraf chain, the number, the files, the SOP 9.13 timeline."""
    active = [b for b in detail.berkas if b.aktif]
    parts: list[RenderableType] = [heading(detail)]
    if detail.pesan:
        parts.append(pesan_text(detail.pesan))
    chain = paraf_chain(detail.paraf, zone, today, detail.row.status)
    paraf = [Text(""), section("Paraf"), chain]
    if is_signed(detail.row):
        tujuan = [
            Text(""),
            section("Tujuan dan pengiriman", kirim_summary(detail.tujuan)),
            tujuan_text(detail.tujuan, zone, today),
        ]
        parts += [letter_fields(detail, zone, today, full=False), *tujuan, *paraf]
    else:  # before the signature the paraf chain is the news; the tujuan are names only
        tujuan = [Text(""), section("Tujuan"), tujuan_text(detail.tujuan, zone, today, kirim=False)]
        parts += [letter_fields(detail, zone, today, full=False), *paraf, *tujuan]
    parts += [
        Text(""),
        section("Riwayat nomor"),
        nomor_history(detail.nomor, zone, today),
        Text(""),
        section(f"Berkas ({len(active)})"),
        berkas_text(detail.berkas, zone, today),
    ]
    if entries:
        parts += [
            Text(""),
            section(f"Riwayat SOP 9.13 ({len(entries)} peristiwa)"),
            timeline_text(entries, zone, today, sop),
        ]
    return Group(*parts)


__all__ = [
    "WAITING",
    "balasan_text",
    "berkas_label",
    "berkas_text",
    "heading",
    "is_signed",
    "keluar_detail",
    "kirim_summary",
    "kirim_text",
    "letter_fields",
    "nomor_history",
    "nomor_label",
    "nomor_text",
    "paraf_chain",
    "paraf_label",
    "paraf_state",
    "pesan_text",
    "reply_label",
    "short_text",
    "status_text",
    "status_words",
    "tujuan_label",
    "tujuan_text",
]
