"""``kpu-tui export surat-masuk|surat-keluar --tahun YYYY [--format csv|xlsx] -o FILE``: one year
of the buku agenda surat masuk, or of the numbers of surat keluar, as CSV (UTF-8 with BOM,
comma) or XLSX.

The rows stream from the database page by page into a temporary file beside the target, which
is moved in place only when complete: a failure never leaves a half-written file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .common import (
    EXIT_OK,
    CliError,
    check_output,
    open_store,
    require_current_schema,
    require_office,
    write_atomically,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

FORMATS = ("csv", "xlsx")


def _year_arguments(parser: argparse.ArgumentParser, example: str) -> None:
    parser.add_argument("--tahun", type=int, required=True, metavar="TAHUN", help="tahun")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="csv atau xlsx (bawaan: menurut akhiran berkas -o, selain .xlsx berarti csv)",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="BERKAS", help=f"berkas tujuan ({example})"
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` and its registers."""
    parser = sub.add_parser("export", help="ekspor register ke berkas CSV atau XLSX")
    esub = parser.add_subparsers(dest="export_command", metavar="REGISTER", required=True)
    masuk = esub.add_parser(
        "surat-masuk",
        help="ekspor buku agenda surat masuk satu tahun",
        description=(
            "Tulis buku agenda surat masuk satu tahun, urut nomor agenda, dengan status "
            "disposisi, penerima disposisi pertama dan tindak lanjut. CSV memakai UTF-8 "
            "dengan BOM dan pemisah koma (terbuka benar di Excel) dan dapat diimpor kembali."
        ),
    )
    _year_arguments(masuk, ".csv/.xlsx")
    masuk.set_defaults(handler=cmd_export_surat_masuk)
    keluar = esub.add_parser(
        "surat-keluar",
        help="ekspor buku agenda surat keluar satu tahun",
        description=(
            "Tulis setiap nomor surat keluar satu tahun, seri demi seri menurut nomor urut: "
            "surat dengan nomor akhirnya dan statusnya, serta nomor yang dipesan, "
            "dikembalikan atau BATAL. CSV memakai UTF-8 dengan BOM dan pemisah koma dan dapat "
            "diimpor kembali (kpu-tui import surat-keluar)."
        ),
    )
    _year_arguments(keluar, ".csv/.xlsx")
    keluar.set_defaults(handler=cmd_export_surat_keluar)


def _export(
    args: argparse.Namespace, example: str, write: Callable[[Session, Path, str], int]
) -> tuple[Path, str, int]:
    """Check the year and the target, then stream ``write(session, target, fmt)`` into the
    file atomically; returns the path, the format and the row count."""
    if not 2000 <= args.tahun <= 9999:
        raise CliError(f"--tahun: {args.tahun} bukan tahun yang sah (contoh: --tahun 2026).")
    path = check_output(args.output, example)
    fmt = args.format or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    with open_store(args, migrate=False) as store:
        require_current_schema(store, "ekspor")
        with store.read() as session:
            require_office(session)
            count = write_atomically(path, lambda target: write(session, target, fmt))
    return path, fmt, count


def cmd_export_surat_keluar(args: argparse.Namespace) -> int:
    """Stream one year of the numbering ledger with its letters into the file."""
    from kpu_tui.services import surat_keluar_io as io

    def write(session: Session, target: Path, fmt: str) -> int:
        rows = io.export_rows(session, args.tahun)
        if fmt == "xlsx":
            return io.write_xlsx(target, rows, title=f"Surat keluar {args.tahun}")
        return io.write_csv(target, rows)

    path, fmt, count = _export(args, "-o surat-keluar.csv", write)
    print(f"Diekspor: {count} nomor surat keluar tahun {args.tahun} ke {path} ({fmt.upper()}).")
    return EXIT_OK


def cmd_export_surat_masuk(args: argparse.Namespace) -> int:
    """Stream one year of the register into the file."""
    from kpu_tui.services import surat_masuk_io as io

    def write(session: Session, target: Path, fmt: str) -> int:
        rows = io.export_rows(session, args.tahun)
        if fmt == "xlsx":
            return io.write_xlsx(target, rows, title=f"Surat masuk {args.tahun}")
        return io.write_csv(target, rows)

    path, fmt, count = _export(args, "-o agenda.csv", write)
    print(f"Diekspor: {count} surat masuk tahun {args.tahun} ke {path} ({fmt.upper()}).")
    return EXIT_OK
