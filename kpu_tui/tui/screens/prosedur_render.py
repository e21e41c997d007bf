"""The words of the Prosedur area: status, due times, a run's detail and timeline, an SOP's
flowchart, the mutu baku figures.

Pure functions from the service's views and the SOP dataclasses to Rich text, so the list, the
full views and the tests share one wording. Colour never stands alone: every state has its word.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kpu_tui.models import RunStatus, StepEventKind
from kpu_tui.rules.dates import format_jam, format_tanggal, format_tanggal_pendek
from kpu_tui.services.attachments import parse_ref
from kpu_tui.services.procedure import RunView, StepStats, TimelineEntry
from kpu_tui.sop.model import SELESAI, Langkah, Sop

MARK = "●"
"""A step in the acting column."""
DECISION = "◆"
"""A decision (diamond) step."""
SATUAN_LABEL = {"menit": "menit", "hari_kerja": "hari kerja", "hari": "hari"}


def _local(moment: datetime, zone: tzinfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def waktu_pendek(moment: datetime | None, zone: tzinfo, today: date, *, kosong: str = "–") -> str:
    """A moment in office time as "23 Nov 10.15" (with the year when it is not this year)."""
    if moment is None:
        return kosong
    local = _local(moment, zone)
    day = format_tanggal_pendek(local.date())
    if local.year == today.year:
        day = day.rsplit(" ", 1)[0]
    return f"{day} {format_jam(local)}"


def due_today(run: RunView, zone: tzinfo, today: date) -> bool:
    """Whether an open run's current step falls due today (and is not late yet)."""
    return (
        run.status == RunStatus.BERJALAN
        and not run.overdue
        and run.tenggat is not None
        and _local(run.tenggat, zone).date() == today
    )


def status_text(run: RunView, zone: tzinfo, today: date) -> Text:
    """The state in words, coloured: "lewat 2 hari kerja" red, "hari ini" yellow, "selesai ✓"
    green, "batal" dim and struck through, else "berjalan"."""
    if run.status == RunStatus.BATAL:
        return Text("batal", style="dim strike")
    if run.status == RunStatus.SELESAI:
        return Text("selesai ✓", style="bold green")
    if run.overdue:
        return Text(run.terlambat, style="bold red")
    if due_today(run, zone, today):
        return Text("hari ini", style="bold yellow")
    return Text("berjalan")


def tenggat_text(run: RunView, zone: tzinfo, today: date) -> str:
    """The due time of the current step, "tanpa batas" for a step without a fixed time."""
    if run.status != RunStatus.BERJALAN:
        return "–"
    if run.tenggat is None:
        return "tanpa batas"
    return waktu_pendek(run.tenggat, zone, today)


def langkah_kini_text(run: RunView) -> str:
    """ "4: Apabila revisi menyebabkan minus, …" (the cell cuts it), "–" once closed."""
    if run.langkah_kini is None:
        return "–"
    mark = f"{DECISION} " if run.keputusan_kini else ""
    return f"{run.langkah_kini}: {mark}{run.kegiatan_kini}"


def target_text(target: int | str) -> str:
    """Where a decision leads: "langkah 5" or "selesai"."""
    return "selesai" if target == SELESAI else f"langkah {target}"


def decision_text(langkah: Langkah) -> str:
    """ "Revisi menyebabkan pagu minus? ya → langkah 1 · tidak → langkah 5"."""
    if langkah.keputusan is None:
        return ""
    k = langkah.keputusan
    return f"{k.pertanyaan} ya → {target_text(k.ya)} · tidak → {target_text(k.tidak)}"


def pelaksana_names(sop: Sop, langkah: Langkah) -> str:
    """The names of a step's acting columns."""
    names = {p.kode: p.nama for p in sop.pelaksana}
    return ", ".join(names.get(kode, kode) for kode in langkah.pelaksana) or "–"


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


# -- a run -------------------------------------------------------------------------------------


def run_heading(run: RunView, zone: tzinfo, today: date) -> Text:
    """ "No 12 · SOP 9.17 · Revisi POK … · hari ini" with the SOP's name under it."""
    text = Text()
    text.append(f"No {run.id} · SOP {run.sop_id} · ", style="bold")
    text.append(run.judul, style="bold")
    text.append(" · ")
    text.append_text(status_text(run, zone, today))
    text.append(f"\n{run.sop_nama}", style="dim")
    text.append(
        f"\nDimulai {waktu_pendek(run.mulai_at, zone, today)} oleh {run.mulai_oleh}", style="dim"
    )
    if run.status == RunStatus.SELESAI:
        text.append(f" · selesai {waktu_pendek(run.selesai_at, zone, today)}", style="dim")
    if run.status == RunStatus.BATAL:
        text.append(
            f"\nDibatalkan {waktu_pendek(run.selesai_at, zone, today)}: {run.alasan_batal}",
            style="bold",
        )
    return text


def current_step(run: RunView, sop: Sop | None, zone: tzinfo, today: date) -> RenderableType | None:
    """The step waiting: kegiatan, pelaksana, kelengkapan, waktu and due, the decision."""
    langkah = _step(sop, run.langkah_kini)
    if langkah is None or sop is None:
        return None
    head = Text(f"Langkah kini {langkah.no} dari {len(sop.langkah)}", style="bold")
    if langkah.keputusan:
        head.append(f" {DECISION} keputusan", style="bold")
    head.append(f"\n{langkah.kegiatan}")
    grid = _grid()
    grid.add_row("Pelaksana", pelaksana_names(sop, langkah))
    if langkah.kelengkapan:
        grid.add_row("Kelengkapan", langkah.kelengkapan)
    due = Text(langkah.waktu_teks or "tidak ditetapkan")
    due.append(f" · tenggat {tenggat_text(run, zone, today)} ")
    state = status_text(run, zone, today)
    if state.plain != "berjalan":
        due.append("(")
        due.append_text(state)
        due.append(")")
    grid.add_row("Waktu", due)
    if langkah.keputusan:
        grid.add_row("Keputusan", Text(decision_text(langkah), style="bold"))
    if langkah.output:
        grid.add_row("Output", langkah.output)
    return Group(head, grid)


def current_step_short(run: RunView, zone: tzinfo, today: date) -> Text:
    """Two lines for a short terminal: the step; its state, due time and who."""
    if run.langkah_kini is None:
        text = Text(f"No {run.id} · {run.judul} · ")
        text.append_text(status_text(run, zone, today))
        text.append("\nEnter: rincian dan riwayat", style="dim")
        return text
    text = Text(f"No {run.id} · langkah {langkah_kini_text(run)}\n")
    text.append_text(status_text(run, zone, today))
    text.append(f" · tenggat {tenggat_text(run, zone, today)}")
    text.append(f" · {', '.join(run.pelaksana_kini) or '–'}")
    text.append(" · Enter: rincian", style="dim")
    return text


def aktual_text(entry: TimelineEntry) -> Text:
    """ "25 menit / standar 15 Menit ✗ melebihi" or "… ✓ sesuai"."""
    text = Text(f"{entry.aktual_label} / standar {entry.waktu_teks or 'tidak ditetapkan'} ")
    if entry.sesuai is True:
        text.append("✓ sesuai", style="bold green")
    elif entry.sesuai is False:
        text.append("✗ melebihi", style="bold red")
    else:
        text.append("(tanpa batas pasti)", style="dim")
    return text


def _step(sop: Sop | None, no: int | None) -> Langkah | None:
    if sop is None or no is None:
        return None
    try:
        return sop.step(no)
    except KeyError:
        return None


def _decision_made(entry: TimelineEntry, sop: Sop | None) -> str:
    """ "keputusan ya (Revisi menyebabkan pagu minus?) → kembali ke langkah 1, Pemohon"."""
    decided = _step(sop, entry.langkah_no)
    question = ""
    if decided is not None and decided.keputusan is not None:
        question = f" ({decided.keputusan.pertanyaan})"
    target = "selesai"
    if entry.langkah_berikut is not None:
        back = entry.langkah_no is not None and entry.langkah_berikut <= entry.langkah_no
        target = f"{'kembali ke ' if back else ''}langkah {entry.langkah_berikut}"
        following = _step(sop, entry.langkah_berikut)
        if sop is not None and following is not None:
            target += f", {pelaksana_names(sop, following)}"
    return f"keputusan {entry.keputusan}{question} → {target}"


def timeline_text(
    entries: Sequence[TimelineEntry], zone: tzinfo, today: date, sop: Sop | None = None
) -> Table:
    """Every event: the step, who, began and done, the decision, actual against standard,
    notes."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for entry in entries:
        when = waktu_pendek(entry.at, zone, today)
        if entry.kind == StepEventKind.MULAI:
            grid.add_row(
                Text("▶", style="bold"),
                Text(f"Dimulai {when} oleh {entry.actor}", style="dim"),
            )
            continue
        if entry.kind == StepEventKind.BATAL:
            body = Text(f"Dibatalkan {when} oleh {entry.actor}: ", style="bold")
            body.append(entry.catatan)
            grid.add_row(Text("✗", style="bold red"), body)
            continue
        if entry.kind == StepEventKind.CATATAN:
            body = Text(f"Catatan {when} oleh {entry.actor}: ", style="italic")
            body.append(entry.catatan)
            grid.add_row(Text("✎"), body)
            continue
        body = Text(entry.kegiatan or "(langkah tidak ada lagi di SOP)", style="bold")
        body.append(f"\n{entry.actor} · mulai {waktu_pendek(entry.mulai, zone, today)}")
        body.append(f" · selesai {when}")
        if entry.keputusan:
            body.append(f"\n{_decision_made(entry, sop)}", style="bold")
        body.append("\n")
        body.append_text(aktual_text(entry))
        if entry.catatan:
            body.append(f"\nCatatan: {entry.catatan}", style="italic")
        if entry.lampiran:
            body.append(f"\nLampiran: {lampiran_label(entry.lampiran)}")
        mark = DECISION if entry.keputusan else "✓"
        grid.add_row(Text(f"{entry.langkah_no}{mark}"), body)
    return grid


def run_detail(
    run: RunView, sop: Sop | None, entries: Sequence[TimelineEntry], zone: tzinfo, today: date
) -> Group:
    """The whole run: heading, the step waiting, the timeline."""
    parts: list[RenderableType] = [run_heading(run, zone, today), Text("")]
    step = current_step(run, sop, zone, today)
    if step is not None:
        parts += [step, Text("")]
    parts.append(Text(f"Riwayat ({len(entries)} peristiwa)", style="bold underline"))
    parts.append(timeline_text(entries, zone, today, sop))
    return Group(*parts)


# -- an SOP ------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """A, B, … for the pelaksana columns of the flowchart."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)) or "–"


def _tanggal(value: date | None) -> str:
    return format_tanggal(value) if value else "–"


def sop_identity(sop: Sop) -> Group:
    """The identity block: number, name, satker, dates, who signed, and the SOP's lists."""
    title = Text(f"SOP {sop.nomor}\n", style="bold")
    title.append(sop.nama, style="bold")
    if sop.flowchart:
        title.append(f"\nFlowchart: {sop.flowchart}", style="bold")
    grid = _grid()
    grid.add_row("Satker", sop.satker)
    grid.add_row("Sumber", sop.sumber or "–")
    grid.add_row(
        "Tanggal",
        f"pembuatan {_tanggal(sop.tanggal_pembuatan)} · revisi {_tanggal(sop.tanggal_revisi)} · "
        f"efektif {_tanggal(sop.tanggal_efektif)} · pengesahan {_tanggal(sop.tanggal_pengesahan)}",
    )
    signer = ", ".join(part for part in (sop.disahkan_oleh, sop.jabatan_pengesah) if part)
    grid.add_row("Disahkan oleh", signer or "–")
    grid.add_row("Dasar hukum", _numbered(sop.dasar_hukum))
    grid.add_row("Kualifikasi", _numbered(sop.kualifikasi_pelaksana))
    grid.add_row("Keterkaitan", _numbered(sop.keterkaitan))
    grid.add_row("Peralatan", _numbered(sop.peralatan))
    grid.add_row("Peringatan", sop.peringatan or "–")
    grid.add_row("Pencatatan", sop.pencatatan or "–")
    legend = Text()
    for index, pelaksana in enumerate(sop.pelaksana):
        who = [role.label for role in pelaksana.peran] + list(pelaksana.jabatan)
        legend.append(f"{column_letter(index)} ", style="bold")
        legend.append(pelaksana.nama)
        legend.append(f" ({', '.join(who) if who else 'pihak luar'})\n", style="dim")
    legend.rstrip()
    grid.add_row("Pelaksana", legend)
    return Group(title, grid)


def sop_flowchart(sop: Sop) -> Table:
    """The flowchart as a table: No, Kegiatan (with kelengkapan, output and the decision), one
    column per pelaksana with ● (or ◆ for a decision) where it acts, Waktu."""
    table = Table(show_lines=True, expand=True)
    table.add_column("No", justify="right", no_wrap=True)
    table.add_column("Kegiatan", ratio=1, overflow="fold")
    for index in range(len(sop.pelaksana)):
        table.add_column(column_letter(index), justify="center", no_wrap=True)
    table.add_column("Waktu", max_width=16, overflow="fold")
    for langkah in sop.langkah:
        kegiatan = Text(langkah.kegiatan)
        if langkah.kelengkapan:
            kegiatan.append(f"\nKelengkapan: {langkah.kelengkapan}", style="dim")
        if langkah.output:
            kegiatan.append(f"\nOutput: {langkah.output}", style="dim")
        if langkah.keterangan:
            kegiatan.append(f"\nKeterangan: {langkah.keterangan}", style="dim")
        if langkah.keputusan:
            kegiatan.append(f"\n{DECISION} {decision_text(langkah)}", style="bold")
        mark = DECISION if langkah.keputusan else MARK
        marks = [mark if p.kode in langkah.pelaksana else "" for p in sop.pelaksana]
        table.add_row(str(langkah.no), kegiatan, *marks, langkah.waktu_teks or "–")
    return table


# -- mutu baku ---------------------------------------------------------------------------------


def angka(value: float | None) -> str:
    """A number as Indonesian writing has it: "12", "12,5"; "–" for None."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}".replace(",", ".")
    return f"{rounded:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def dengan_satuan(value: float | None, satuan: str) -> str:
    """ "12,5 menit", "2 hari kerja"; "–" for None."""
    if value is None:
        return "–"
    word = SATUAN_LABEL.get(satuan, satuan)
    return f"{angka(value)} {word}".strip()


def persen_text(step: StepStats) -> Text:
    """The share within standard, "100%" green, lower yellow or red; "–" without a standard."""
    share = step.persen_sesuai
    if share is None:
        return Text("–", justify="right")
    style = "green" if share >= 100 else "yellow" if share >= 50 else "red"
    return Text(f"{angka(share)}%", style=style, justify="right")


__all__ = [
    "aktual_text",
    "angka",
    "column_letter",
    "current_step",
    "current_step_short",
    "decision_text",
    "dengan_satuan",
    "due_today",
    "langkah_kini_text",
    "pelaksana_names",
    "persen_text",
    "run_detail",
    "run_heading",
    "sop_flowchart",
    "sop_identity",
    "status_text",
    "target_text",
    "tenggat_text",
    "timeline_text",
    "waktu_pendek",
]


def lampiran_label(ref: str) -> str:
    """``nota.pdf (sha256 1a2b3c4d…)`` for a stored attachment; other text as it is."""
    try:
        sha, name = parse_ref(ref)
    except ValueError:
        return ref
    return f"{name} (sha256 {sha[:8]}…)"
