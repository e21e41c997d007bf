"""``kpu-tui sop``: the SOP library from ``sops/``: list, show a flowchart, check every file.

Needs no database: the SOPs are files shipped with the program.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kpu_tui.rules.dates import format_tanggal
from kpu_tui.sop import (
    Langkah,
    Sop,
    SopError,
    SopNotFound,
    SopProblem,
    get_sop,
    load_checked,
    sop_files,
    validate,
)

from .common import EXIT_ERROR, EXIT_FAIL, EXIT_OK, CliError

if TYPE_CHECKING:  # Rich is imported when a command prints, not when the CLI starts.
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

MARK = "●"
"""The mark in the column of who acts on a step."""
DECISION_MARK = "◆"
"""The mark in the column of who decides on a decision step."""
PIPE_WIDTH = 160
"""Console width when the output is not a terminal (a file, a pipe, a test)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sop`` and its sub-commands ``list``, ``show`` and ``check``."""
    parser = sub.add_parser(
        "sop",
        help="pustaka SOP: daftar, tampilkan flowchart, periksa berkas",
        description="SOP kantor dari folder sops/: tidak memerlukan basis data.",
    )
    ssub = parser.add_subparsers(dest="sop_command", metavar="PERINTAH", required=True)

    def folder_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--folder",
            metavar="FOLDER",
            help="folder berkas SOP (bawaan: folder sops/ yang dikirim bersama program)",
        )

    listing = ssub.add_parser("list", help="daftar semua SOP")
    listing.add_argument("--json", action="store_true", help="keluaran JSON")
    folder_option(listing)
    listing.set_defaults(handler=cmd_list)

    show = ssub.add_parser("show", help="tampilkan satu SOP sebagai flowchart")
    show.add_argument("id", metavar="ID", help="id SOP, misalnya 9.14 atau 9.22b")
    show.add_argument("--json", action="store_true", help="keluaran JSON")
    folder_option(show)
    show.set_defaults(handler=cmd_show)

    check = ssub.add_parser("check", help="periksa setiap berkas SOP")
    folder_option(check)
    check.set_defaults(handler=cmd_check)


def _console() -> Console:
    """A console that does not squeeze the flowchart into 80 columns when piped."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=PIPE_WIDTH)
    return console


def _folder(args: argparse.Namespace) -> Path | None:
    folder = getattr(args, "folder", None)
    if folder is None:
        return None
    path = Path(folder)
    if not path.is_dir():
        raise CliError(f"Folder SOP tidak ada: {path}")
    return path


def _warn(problems: list[SopProblem]) -> None:
    files = sorted({problem.berkas for problem in problems})
    print(
        f"kpu-tui: {len(files)} berkas SOP bermasalah dan tidak ditampilkan "
        f"({', '.join(files)}); jalankan: kpu-tui sop check",
        file=sys.stderr,
    )


# --------------------------------------------------------------------------- list


def cmd_list(args: argparse.Namespace) -> int:
    """Print every SOP: id, nama, flowchart, satker, number of steps."""
    sops, problems = load_checked(_folder(args))
    if args.json:
        rows = [
            {
                "id": sop.id,
                "nomor": sop.nomor,
                "nama": sop.nama,
                "flowchart": sop.flowchart,
                "satker": sop.satker,
                "langkah": len(sop.langkah),
            }
            for sop in sops
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from rich.table import Table

        table = Table(title=f"SOP ({len(sops)})", title_justify="left", expand=False)
        table.add_column("ID", no_wrap=True)
        table.add_column("Nama")
        table.add_column("Flowchart")
        table.add_column("Satker")
        table.add_column("Langkah", justify="right")
        for sop in sops:
            table.add_row(sop.id, sop.nama, sop.flowchart, sop.satker, str(len(sop.langkah)))
        _console().print(table)
    if problems:
        _warn(problems)
        return EXIT_FAIL
    return EXIT_OK


# --------------------------------------------------------------------------- show


def _load_one(args: argparse.Namespace) -> Sop:
    try:
        return get_sop(args.id, _folder(args))
    except SopNotFound as exc:
        raise CliError(str(exc), EXIT_ERROR) from None
    except SopError as exc:
        lines = "\n".join(f"  {problem}" for problem in exc.problems)
        raise CliError(f"Berkas SOP {args.id} tidak sah:\n{lines}", EXIT_FAIL) from None


def cmd_show(args: argparse.Namespace) -> int:
    """Print one SOP: its identity, then its flowchart as a table (or everything as JSON)."""
    sop = _load_one(args)
    if args.json:
        print(json.dumps(sop.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    console = _console()
    console.print(_identity(sop))
    console.print()
    console.print(_flowchart(sop))
    return EXIT_OK


def _identity(sop: Sop) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("SOP", sop.id)
    grid.add_row("Nomor", sop.nomor or "-")
    grid.add_row("Nama", sop.nama)
    if sop.flowchart:
        grid.add_row("Flowchart", sop.flowchart)
    grid.add_row("Satker", sop.satker)
    disahkan = format_tanggal(sop.tanggal_pengesahan) if sop.tanggal_pengesahan else "-"
    signer = ", ".join(part for part in (sop.disahkan_oleh, sop.jabatan_pengesah) if part)
    grid.add_row("Disahkan", f"{disahkan}, oleh {signer}" if signer else disahkan)
    if sop.tanggal_efektif:
        grid.add_row("Efektif", format_tanggal(sop.tanggal_efektif))
    grid.add_row("Sumber", sop.sumber)
    parts: list[Table | Text] = [grid]
    if sop.dasar_hukum:
        parts.append(Text("Dasar hukum", style="bold"))
        items = Table.grid(padding=(0, 1))
        items.add_column(justify="right", no_wrap=True)
        items.add_column()
        for number, item in enumerate(sop.dasar_hukum, start=1):
            items.add_row(f"{number}.", item)
        parts.append(items)
    return Group(*parts)


def _flowchart(sop: Sop) -> Table:
    from rich.table import Table

    table = Table(
        title=sop.judul,
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    # "fold" breaks a long word instead of cutting it to "…": no text of the SOP is lost.
    table.add_column("No", justify="right", no_wrap=True)
    table.add_column("Kegiatan", ratio=4, overflow="fold")
    for pelaksana in sop.pelaksana:
        table.add_column(pelaksana.nama, justify="center", ratio=1, overflow="fold")
    table.add_column("Kelengkapan", ratio=2, overflow="fold")
    table.add_column("Waktu", ratio=2, overflow="fold")
    table.add_column("Output", ratio=2, overflow="fold")
    for langkah in sop.langkah:
        table.add_row(*_row(sop, langkah))
    return table


def _row(sop: Sop, langkah: Langkah) -> list[str | Text]:
    from rich.text import Text

    kegiatan = Text(langkah.kegiatan)
    mark = MARK
    if langkah.keputusan is not None:
        mark = DECISION_MARK
        decision = langkah.keputusan
        kegiatan.append(f"\n{DECISION_MARK} {decision.pertanyaan}", style="bold")
        kegiatan.append(f"\n  ya→{decision.ya} / tidak→{decision.tidak}", style="bold")
    marks = [mark if p.kode in langkah.pelaksana else "" for p in sop.pelaksana]
    return [
        str(langkah.no),
        kegiatan,
        *marks,
        langkah.kelengkapan,
        langkah.waktu_teks or "-",
        langkah.output,
    ]


# --------------------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every SOP file; print each problem; exit 1 if there is any."""
    folder = _folder(args)
    problems = validate(folder)
    for problem in problems:
        print(problem)
    files = sop_files(folder)
    if problems:
        broken = len({problem.path for problem in problems})
        print(f"{len(problems)} masalah di {broken} dari {len(files)} berkas SOP.")
        return EXIT_FAIL
    print(f"{len(files)} SOP valid.")
    return EXIT_OK
