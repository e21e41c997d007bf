"""``kpu-tui import surat-masuk FILE.csv`` and ``kpu-tui import surat-keluar FILE.csv``: enter
letters from a CSV file.

Each row goes through the same service as the form, in its own transaction, in file order. A
refused row is printed to stderr with its line number and reasons and the import goes on; the
summary goes to stdout. Exit 0 when every row was entered, 1 when some were refused, 2 when
the file (or the database, or ``--oleh``) cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .common import (
    CLI_ACTOR_NAME,
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_OK,
    CliError,
    open_store,
    require_existing,
    settings_from,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from kpu_tui.services.actor import Actor
    from kpu_tui.services.surat_keluar_io import ImportReport as KeluarReport
    from kpu_tui.services.surat_masuk_io import ImportReport
    from kpu_tui.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import`` and its registers."""
    parser = sub.add_parser("import", help="impor register dari berkas CSV")
    isub = parser.add_subparsers(dest="import_command", metavar="REGISTER", required=True)
    masuk = isub.add_parser(
        "surat-masuk",
        help="impor surat masuk dari CSV ke buku agenda",
        description=(
            "Catat surat masuk dari berkas CSV (UTF-8, pemisah koma atau titik koma). Kolom "
            "wajib: tanggal_terima, nomor_surat, tanggal_surat, asal, perihal, sifat, "
            "klasifikasi, keterangan; boleh juga lampiran, derajat, jenis_naskah. Tanggal "
            "ditulis 2026-11-23 atau 23/11/2026; sifat kosong berarti Biasa. Setiap baris "
            "mendapat nomor agenda menurut urutan berkas."
        ),
    )
    masuk.add_argument("file", metavar="BERKAS.csv", help="berkas CSV yang diimpor")
    masuk.add_argument(
        "--oleh",
        metavar="USERNAME",
        help="nama pengguna (petugas atau admin) yang dicatat di jurnal; bawaan: sistem",
    )
    masuk.add_argument(
        "--izinkan-duplikat",
        action="store_true",
        help="tetap catat surat yang nomor dan asalnya sudah ada di buku agenda",
    )
    masuk.set_defaults(handler=cmd_import_surat_masuk)
    keluar = isub.add_parser(
        "surat-keluar",
        help="impor buku agenda surat keluar dari CSV",
        description=(
            "Catat surat keluar dari berkas CSV (UTF-8, pemisah koma atau titik koma). Kolom "
            "wajib: tanggal, nomor_surat, tujuan, perihal, jenis, klasifikasi, penandatangan, "
            "keterangan; boleh juga lampiran, sifat, pengolah, tembusan. Beberapa tujuan atau "
            "tembusan dipisah titik koma. Penandatangan ditulis nama jabatan, singkatannya "
            "atau nama pejabat. Baris bernomor surat tetap memakai nomornya (penomoran "
            "berlanjut setelah nomor urut tertinggi tahun itu); baris tanpa nomor mendapat "
            "nomor berikutnya sebagai surat yang ditandatangani pada tanggalnya."
        ),
    )
    keluar.add_argument("file", metavar="BERKAS.csv", help="berkas CSV yang diimpor")
    keluar.add_argument(
        "--oleh",
        metavar="USERNAME",
        help="nama pengguna (petugas atau admin) yang dicatat di jurnal; bawaan: sistem",
    )
    keluar.set_defaults(handler=cmd_import_surat_keluar)


def summary(report: ImportReport) -> str:
    """The closing line: how many letters were registered (first and last agenda) and how
    many rows were refused."""
    count = len(report.imported)
    if count == 0:
        taken = "Diimpor: 0 surat."
    elif count == 1:
        taken = f"Diimpor: 1 surat (agenda {report.first_agenda})."
    else:
        taken = f"Diimpor: {count} surat (agenda {report.first_agenda} s.d. {report.last_agenda})."
    return f"{taken} Ditolak: {len(report.refused)} baris."


def summary_keluar(report: KeluarReport) -> str:
    """The closing line of a surat keluar import: letters (and numbers without a letter)
    entered, the first and last number, and how many rows were refused."""
    letters, numbers = report.letters, report.numbers_only
    what = f"{letters} surat keluar"
    if numbers:
        what += f" dan {numbers} nomor tanpa surat"
    if not report.imported:
        taken = "Diimpor: 0 surat keluar."
    elif len(report.imported) == 1:
        taken = f"Diimpor: {what} (nomor {report.first_nomor})."
    else:
        taken = f"Diimpor: {what} (nomor {report.first_nomor} s.d. {report.last_nomor})."
    return f"{taken} Ditolak: {len(report.refused)} baris."


def _import_actor(
    args: argparse.Namespace, store: Store, find: Callable[[Session, str], Actor]
) -> Actor:
    """The actor of an import: ``--oleh`` (checked by ``find(session, username)``) or the
    command line's own admin."""
    from kpu_tui.models import Role
    from kpu_tui.services import office
    from kpu_tui.services.actor import Actor
    from kpu_tui.services.errors import ServiceError

    with store.read() as session:
        if not office.is_set_up(session):
            raise CliError(
                "Kantor belum disiapkan: jalankan 'kpu-tui' untuk penyiapan awal "
                "atau 'kpu-tui demo'."
            )
        if not args.oleh:
            return Actor(None, CLI_ACTOR_NAME, frozenset({Role.ADMIN}))
        try:
            return find(session, args.oleh)
        except ServiceError as exc:
            raise CliError(f"--oleh: {exc.message}", EXIT_ERROR) from exc


def cmd_import_surat_keluar(args: argparse.Namespace) -> int:
    """Read the file, then enter its rows one transaction each."""
    from kpu_tui.services import surat_keluar_io as io

    try:
        data = io.read_csv(args.file)
    except io.ImportFileError as exc:
        raise CliError(exc.message, EXIT_ERROR) from exc
    require_existing(settings_from(args))

    def refused(row: io.Refused) -> None:
        print(f"Baris {row.line} ditolak: {row.reason}.", file=sys.stderr, flush=True)

    with open_store(args) as store:
        actor = _import_actor(args, store, io.importer_actor)
        report = io.import_rows(store, actor=actor, rows=data.rows, on_refused=refused)
    print(summary_keluar(report))
    if report.stopped is not None:
        raise CliError(
            f"Impor dihentikan pada baris {report.stopped.line}: {report.stopped.message} "
            "Surat dari baris sebelumnya sudah tercatat.",
            EXIT_ERROR,
        )
    return EXIT_FAIL if report.refused else EXIT_OK


def cmd_import_surat_masuk(args: argparse.Namespace) -> int:
    """Read the file, then register its rows one transaction each."""
    from kpu_tui.services import surat_masuk_io as io

    try:
        data = io.read_csv(args.file)
    except io.ImportFileError as exc:
        raise CliError(exc.message, EXIT_ERROR) from exc
    require_existing(settings_from(args))

    def refused(row: io.Refused) -> None:
        hint = "; gunakan --izinkan-duplikat untuk tetap mencatat" if row.duplicate else ""
        print(f"Baris {row.line} ditolak: {row.reason}{hint}.", file=sys.stderr, flush=True)

    with open_store(args) as store:
        actor = _import_actor(args, store, io.importer_actor)
        report = io.import_rows(
            store,
            actor=actor,
            rows=io.rows_to_forms(data.rows),
            allow_duplicate=args.izinkan_duplikat,
            on_refused=refused,
        )
    print(summary(report))
    if report.stopped is not None:
        raise CliError(
            f"Impor dihentikan pada baris {report.stopped.line}: {report.stopped.message} "
            "Surat dari baris sebelumnya sudah tercatat.",
            EXIT_ERROR,
        )
    return EXIT_FAIL if report.refused else EXIT_OK
