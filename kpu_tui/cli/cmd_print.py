"""``kpu-tui print DOKUMEN ... -o FILE.pdf``: printed documents as PDF files.

Every document is one :class:`PrintDocument` in :data:`DOCUMENTS`: its name, its own arguments
and a ``write`` function that loads the data (read only) and renders the PDF. What all share
(``-o``, ``--kertas``, ``--oleh``, checking the output folder, writing through a temporary file
so a failure leaves no half-written PDF, and the closing "PDF ditulis: ..." line) is done here
once. Adding a document: a module in ``kpu_tui.printing`` with ``write_<doc>``, then one
``PrintDocument`` entry below.

ReportLab loads only inside the handlers, so ``kpu-tui`` starts without it.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kpu_tui.rules.dates import CONTOH_TANGGAL, parse_tanggal

from .common import (
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_OK,
    CliError,
    check_output,
    open_store,
    require_current_schema,
    require_office,
    settings_from,
    write_atomically,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from kpu_tui.printing.paper import PaperData
    from kpu_tui.sop.model import Sop

PAPER_CHOICES = ("A4", "F4")


@dataclass(frozen=True)
class PrintDocument:
    """One printable document of ``kpu-tui print``.

    Attributes:
        name: the sub-command ("sop", "mutu-baku").
        help: one line for ``kpu-tui print --help``.
        description: the sub-command's own help text.
        arguments: adds the document's own arguments to its parser.
        write: loads the data for ``args`` and writes the PDF to the path given; returns the
            number of pages. Raises :class:`CliError` for what the user must fix.
    """

    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    write: Callable[[argparse.Namespace, Path], int]


# -- shared helpers ----------------------------------------------------------------------------


def printed_by(args: argparse.Namespace) -> str:
    """The name printed in the footer: ``--oleh``, else the operating system's user name."""
    if args.oleh and args.oleh.strip():
        return " ".join(args.oleh.split())
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return ""


def parse_date_option(option: str, text: str) -> date:
    """A date option (``--dari``) as staff type it, or a :class:`CliError` (exit 2)."""
    try:
        return parse_tanggal(text, date.today())
    except ValueError as exc:
        raise CliError(f"{option}: {exc}", EXIT_ERROR) from None


def _handle(document: PrintDocument, args: argparse.Namespace) -> int:
    from kpu_tui.printing.fonts import FontError

    path = check_output(args.output, "-o laporan.pdf")
    try:
        pages = write_atomically(path, lambda target: document.write(args, target))
    except FontError as exc:
        raise CliError(str(exc), EXIT_FAIL) from exc
    print(f"PDF ditulis: {path} ({pages} halaman)")
    return EXIT_OK


def office_paper(args: argparse.Namespace) -> PaperData:
    """The paper data of the office in the database (which must exist and be set up)."""
    from kpu_tui.printing.paper import paper_data

    with open_store(args, migrate=False) as store:
        require_current_schema(store, "cetak")
        with store.read() as session:
            require_office(session)
            return paper_data(session, printed_by=printed_by(args), paper=args.kertas)


@contextmanager
def office_session(args: argparse.Namespace) -> Iterator[Session]:
    """A read session on the office database, which must exist, be at the current schema
    revision and have its office set up (the checks of :func:`office_paper`)."""

    with open_store(args, migrate=False) as store:
        require_current_schema(store, "cetak")
        with store.read() as session:
            require_office(session)
            yield session


def optional_office_paper(args: argparse.Namespace) -> PaperData:
    """The office's paper data when a database with an office exists, else A4 without kop.

    Never creates a database.
    """
    from kpu_tui.printing.paper import paper_data, paper_without_office

    path = settings_from(args).database_path
    if path is not None and not path.exists():
        return paper_without_office(printed_by=printed_by(args), paper=args.kertas or "A4")
    with open_store(args, migrate=False) as store, store.read() as session:
        return paper_data(session, printed_by=printed_by(args), paper=args.kertas)


def _load_sop(sop_id: str) -> Sop:
    from kpu_tui.sop.loader import SopError, SopNotFound, get_sop

    try:
        return get_sop(sop_id)
    except SopNotFound as exc:
        raise CliError(str(exc), EXIT_ERROR) from exc
    except SopError as exc:
        raise CliError(f"{exc} (periksa dengan: kpu-tui sop check)", EXIT_FAIL) from exc


# -- print sop ---------------------------------------------------------------------------------


def _sop_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id", metavar="ID", help="nomor SOP, misalnya 9.14 (lihat: kpu-tui sop list)"
    )


def _write_sop(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.sop import SopPrintData, write_sop

    sop = _load_sop(args.id)
    return write_sop(target, SopPrintData(optional_office_paper(args), sop))


# -- print mutu-baku ---------------------------------------------------------------------------


def _mutu_baku_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sop", required=True, metavar="ID", help="nomor SOP, misalnya 9.14")
    parser.add_argument(
        "--dari", required=True, metavar="TANGGAL", help=f"awal periode, misalnya {CONTOH_TANGGAL}"
    )
    parser.add_argument(
        "--sampai", required=True, metavar="TANGGAL", help="akhir periode (ikut dihitung)"
    )


def _write_mutu_baku(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.mutu_baku import MutuBakuPrintData, write_mutu_baku
    from kpu_tui.services import procedure

    dari = parse_date_option("--dari", args.dari)
    sampai = parse_date_option("--sampai", args.sampai)
    if sampai < dari:
        raise CliError("--sampai: tanggal akhir periode sebelum tanggal awal (--dari).")
    sop = _load_sop(args.sop)
    paper = office_paper(args)
    with open_store(args, migrate=False) as store, store.read() as session:
        report = procedure.mutu_baku(session, sop_id=sop.id, dari=dari, sampai=sampai)
    return write_mutu_baku(target, MutuBakuPrintData(paper, report))


# -- print agenda-masuk ------------------------------------------------------------------------


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dari",
        required=True,
        metavar="TANGGAL",
        help=f"tanggal terima pertama, misalnya {CONTOH_TANGGAL}",
    )
    parser.add_argument(
        "--sampai", required=True, metavar="TANGGAL", help="tanggal terima terakhir (ikut dicetak)"
    )


def _write_agenda_masuk(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.agenda_masuk import load_agenda_masuk_data, write_agenda_masuk

    dari = parse_date_option("--dari", args.dari)
    sampai = parse_date_option("--sampai", args.sampai)
    if sampai < dari:
        raise CliError("--sampai: tanggal akhir periode sebelum tanggal awal (--dari).")
    with office_session(args) as session:
        data = load_agenda_masuk_data(
            session,
            dari=dari,
            sampai=sampai,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    return write_agenda_masuk(target, data)


# -- print disposisi / tanda-terima / kartu-kendali ----------------------------------------------


def _letter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agenda",
        required=True,
        metavar="NOMOR",
        help="nomor agenda surat masuk, misalnya 123 atau 0123/2026",
    )
    parser.add_argument(
        "--tahun",
        type=int,
        metavar="TAHUN",
        help="tahun nomor agenda (bawaan: tahun dalam nomor, atau tahun ini)",
    )


def agenda_option(text: str, tahun: int | None, today: date) -> tuple[int, int]:
    """The (nomor, tahun) of ``--agenda`` and ``--tahun``, or a :class:`CliError` (exit 2)."""
    from kpu_tui.rules.numbering import parse_agenda

    parsed = parse_agenda(text)
    if parsed is None:
        raise CliError(
            f"--agenda: nomor agenda tidak dikenali: '{text.strip()}'. Contoh: 123 atau 0123/2026"
        )
    nomor, in_text = parsed
    if in_text is not None and tahun is not None and in_text != tahun:
        raise CliError(f"--tahun {tahun} tidak sama dengan tahun dalam --agenda ({in_text}).")
    return nomor, in_text or tahun or today.year


def _write_letter(writer: str, args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing import surat_masuk as documents
    from kpu_tui.services import surat_masuk
    from kpu_tui.services.errors import NotFound

    nomor, tahun = agenda_option(args.agenda, args.tahun, date.today())
    with office_session(args) as session:
        try:
            row = surat_masuk.find_by_agenda(session, nomor=nomor, tahun=tahun)
        except NotFound as exc:
            raise CliError(str(exc), EXIT_ERROR) from exc
        data = documents.load_surat_print_data(
            session,
            surat_id=row.id,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    write: Callable[[Path, documents.SuratPrintData], int] = getattr(documents, writer)
    return write(target, data)


# -- print agenda-keluar / ekspedisi / nomor -----------------------------------------------------


def _keluar_period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dari",
        required=True,
        metavar="TANGGAL",
        help=f"tanggal surat pertama, misalnya {CONTOH_TANGGAL}",
    )
    parser.add_argument(
        "--sampai", required=True, metavar="TANGGAL", help="tanggal surat terakhir (ikut dicetak)"
    )


def _kirim_period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dari",
        required=True,
        metavar="TANGGAL",
        help=f"tanggal kirim pertama, misalnya {CONTOH_TANGGAL}",
    )
    parser.add_argument(
        "--sampai", required=True, metavar="TANGGAL", help="tanggal kirim terakhir (ikut dicetak)"
    )


def _period(args: argparse.Namespace) -> tuple[date, date]:
    dari = parse_date_option("--dari", args.dari)
    sampai = parse_date_option("--sampai", args.sampai)
    if sampai < dari:
        raise CliError("--sampai: tanggal akhir periode sebelum tanggal awal (--dari).")
    return dari, sampai


def _write_agenda_keluar(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.agenda_keluar import load_agenda_keluar_data, write_agenda_keluar

    dari, sampai = _period(args)
    with office_session(args) as session:
        data = load_agenda_keluar_data(
            session,
            dari=dari,
            sampai=sampai,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    return write_agenda_keluar(target, data)


def _write_ekspedisi(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.ekspedisi import load_ekspedisi_data, write_ekspedisi

    dari, sampai = _period(args)
    with office_session(args) as session:
        data = load_ekspedisi_data(
            session,
            dari=dari,
            sampai=sampai,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    return write_ekspedisi(target, data)


FIRST_YEAR = 2000
"""The earliest year of a nomor surat (``services.nomor_surat.EARLIEST``)."""


def _nomor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tahun", required=True, type=int, metavar="TAHUN", help="tahun nomor, misalnya 2026"
    )


def _write_nomor(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.nomor_surat import load_nomor_data, write_nomor

    if not FIRST_YEAR <= args.tahun <= date.today().year + 1:
        raise CliError(
            f"--tahun: tahun {args.tahun} di luar rentang {FIRST_YEAR}–{date.today().year + 1}."
        )
    with office_session(args) as session:
        data = load_nomor_data(
            session,
            tahun=args.tahun,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    return write_nomor(target, data)


# -- print tanda-terima-kirim / kendali-keluar ----------------------------------------------------


def _keluar_letter_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--nomor-surat",
        metavar="NOMOR",
        help="nomor surat keluar, misalnya 12/PL.01.1-SD/6474/2026",
    )
    which.add_argument(
        "--id", type=int, metavar="ID", help="id surat keluar (untuk konsep yang belum bernomor)"
    )


def _write_keluar_letter(writer: str, args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing import surat_keluar as documents
    from kpu_tui.services.errors import ServiceError

    with office_session(args) as session:
        try:
            surat_id = (
                args.id
                if args.nomor_surat is None
                else documents.find_letter(session, args.nomor_surat)
            )
            data = documents.load_keluar_print_data(
                session,
                surat_id=surat_id,
                printed_by=printed_by(args),
                now=datetime.now(UTC),
                kertas=args.kertas,
            )
            if writer == "write_tanda_terima_kirim":
                documents.check_numbered(data)
        except ServiceError as exc:
            raise CliError(exc.message, EXIT_ERROR) from exc
    write: Callable[[Path, documents.KeluarPrintData], int] = getattr(documents, writer)
    return write(target, data)


# -- print briefing ----------------------------------------------------------------------------


def _briefing_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tanggal",
        default="",
        metavar="TANGGAL",
        help=f"hari laporan, misalnya {CONTOH_TANGGAL} atau 'besok' (bawaan: hari ini)",
    )


def _write_briefing(args: argparse.Namespace, target: Path) -> int:
    from kpu_tui.printing.briefing import load_briefing_data, write_briefing
    from kpu_tui.services import briefing
    from kpu_tui.services.errors import ValidationError

    with office_session(args) as session:
        try:
            tanggal = briefing.parse_tanggal(session, args.tanggal)
        except ValidationError as exc:
            raise CliError(f"--tanggal: {exc.errors['tanggal']}", EXIT_ERROR) from None
        data = load_briefing_data(
            session,
            tanggal=tanggal,
            printed_by=printed_by(args),
            now=datetime.now(UTC),
            kertas=args.kertas,
        )
    return write_briefing(target, data)


# -- the registry ------------------------------------------------------------------------------

DOCUMENTS: tuple[PrintDocument, ...] = (
    PrintDocument(
        name="sop",
        help="cetak sebuah SOP: tabel identitas dan flowchart (lanskap)",
        description=(
            "Cetak SOP dalam tata letak dokumen SOP kantor: tabel identitas, lalu tabel "
            "flowchart dengan pelaksana dan mutu baku. Tidak memerlukan profil kantor; "
            "ukuran kertas mengikuti profil kantor bila ada (bawaan A4)."
        ),
        arguments=_sop_arguments,
        write=_write_sop,
    ),
    PrintDocument(
        name="mutu-baku",
        help="cetak laporan mutu baku sebuah SOP untuk satu periode (lanskap)",
        description=(
            "Laporan evaluasi SOP: per langkah jumlah penyelesaian, median dan persentil 90 "
            "waktu aktual, standar waktu, dan persentase yang sesuai standar, untuk periode "
            "--dari s.d. --sampai. Memerlukan basis data kantor."
        ),
        arguments=_mutu_baku_arguments,
        write=_write_mutu_baku,
    ),
    PrintDocument(
        name="agenda-masuk",
        help="cetak buku agenda surat masuk untuk satu periode (lanskap)",
        description=(
            "Buku agenda surat masuk: satu baris per surat yang diterima --dari s.d. --sampai, "
            "urut nomor agenda (nomor dan tanggal surat, asal, perihal, lampiran, sifat, "
            "klasifikasi, diteruskan kepada, keterangan), surat batal tetap tercantum, dan "
            "rekapitulasi per keadaan dan per sifat. Memerlukan basis data kantor."
        ),
        arguments=_period_arguments,
        write=_write_agenda_masuk,
    ),
    PrintDocument(
        name="disposisi",
        help="cetak lembar disposisi sebuah surat masuk (potret)",
        description=(
            "Lembar disposisi surat masuk: data surat, kotak centang 'diteruskan kepada' dan "
            "'dengan hormat harap', catatan, batas waktu, paraf pemberi disposisi, lalu "
            "disposisi lanjutan. Surat yang belum didisposisikan tercetak sebagai formulir "
            "kosong untuk diisi tangan."
        ),
        arguments=_letter_arguments,
        write=partial(_write_letter, "write_lembar_disposisi"),
    ),
    PrintDocument(
        name="tanda-terima",
        help="cetak tanda terima sebuah surat masuk (dua lembar per halaman)",
        description=(
            "Tanda terima untuk pengantar surat: nomor agenda, waktu terima, asal, nomor dan "
            "tanggal surat, perihal, lampiran, penerima, dan tempat tanda tangan. Dua lembar "
            "per halaman (untuk pengantar dan untuk arsip) dengan garis potong."
        ),
        arguments=_letter_arguments,
        write=partial(_write_letter, "write_tanda_terima"),
    ),
    PrintDocument(
        name="kartu-kendali",
        help="cetak kartu kendali sebuah surat masuk dengan riwayat disposisinya (potret)",
        description=(
            "Kartu kendali surat masuk: indeks, kode klasifikasi, nomor urut, tanggal, isi "
            "ringkas, lampiran, dari, kepada, tanggal dan nomor surat, pengolah, paraf, "
            "catatan, lalu seluruh riwayat disposisi."
        ),
        arguments=_letter_arguments,
        write=partial(_write_letter, "write_kartu_kendali"),
    ),
    PrintDocument(
        name="agenda-keluar",
        help="cetak buku agenda surat keluar untuk satu periode (lanskap)",
        description=(
            "Buku agenda surat keluar: satu baris per surat bernomor bertanggal --dari s.d. "
            "--sampai, urut nomor per seri (nomor, tanggal, tujuan, perihal, lampiran, "
            "klasifikasi, jenis naskah, pengolah, penandatangan, ekspedisi, arsip), surat batal "
            "tetap tercantum dengan alasannya, dan rekapitulasi. Memerlukan basis data kantor."
        ),
        arguments=_keluar_period_arguments,
        write=_write_agenda_keluar,
    ),
    PrintDocument(
        name="ekspedisi",
        help="cetak buku ekspedisi surat keluar untuk satu periode (lanskap)",
        description=(
            "Buku ekspedisi: satu baris per tujuan yang dikirimi --dari s.d. --sampai (tanggal "
            "kirim): nomor dan tanggal surat, perihal, tujuan dan alamat, cara kirim, nomor "
            "resi, pengirim, penerima dan tanggal terima, serta kolom paraf penerima."
        ),
        arguments=_kirim_period_arguments,
        write=_write_ekspedisi,
    ),
    PrintDocument(
        name="nomor",
        help="cetak buku nomor surat keluar satu tahun (lanskap)",
        description=(
            "Buku nomor surat keluar: setiap nomor tahun --tahun per seri dengan keadaannya "
            "(terpakai, dipesan, dikembalikan, BATAL dengan alasan), ringkasan per seri, dan "
            "pemeriksaan kesinambungan nomor (nomor yang hilang)."
        ),
        arguments=_nomor_arguments,
        write=_write_nomor,
    ),
    PrintDocument(
        name="tanda-terima-kirim",
        help="cetak tanda terima pengiriman sebuah surat keluar (satu lembar per tujuan)",
        description=(
            "Tanda terima pengiriman surat: satu lembar per tujuan dan tembusan, beberapa per "
            "halaman dengan garis potong: nomor, tanggal, perihal, lampiran, tujuan dan alamat, "
            "cara kirim, serta kotak diterima oleh, tanggal, tanda tangan dan cap. Hanya untuk "
            "surat yang sudah bernomor."
        ),
        arguments=_keluar_letter_arguments,
        write=partial(_write_keluar_letter, "write_tanda_terima_kirim"),
    ),
    PrintDocument(
        name="kendali-keluar",
        help="cetak lembar kendali sebuah surat keluar (potret)",
        description=(
            "Lembar kendali surat keluar: data surat, paraf berjenjang per putaran, tanda "
            "tangan dan riwayat nomor, ekspedisi per tujuan, dan berkas."
        ),
        arguments=_keluar_letter_arguments,
        write=partial(_write_keluar_letter, "write_lembar_kendali"),
    ),
    PrintDocument(
        name="briefing",
        help="cetak laporan pagi untuk pimpinan: yang terlambat, jatuh tempo, surat kemarin",
        description=(
            "Laporan pagi (briefing) untuk pimpinan: per pejabat pekerjaan yang terlambat dan "
            "yang jatuh tempo dalam 3 hari kerja (dihitung pada jam masuk kantor hari itu), "
            "lalu surat masuk yang diterima dan nomor surat keluar yang diambil pada hari "
            "kerja sebelumnya. Bawaan --tanggal: hari ini menurut zona waktu kantor."
        ),
        arguments=_briefing_arguments,
        write=_write_briefing,
    ),
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``print`` and one sub-command per document of :data:`DOCUMENTS`."""
    parser = sub.add_parser(
        "print",
        help="cetak dokumen ke berkas PDF",
        description="Cetak dokumen ke berkas PDF (A4 atau F4, menurut profil kantor).",
    )
    psub = parser.add_subparsers(dest="print_document", metavar="DOKUMEN", required=True)
    for document in DOCUMENTS:
        doc_parser = psub.add_parser(
            document.name, help=document.help, description=document.description
        )
        document.arguments(doc_parser)
        doc_parser.add_argument(
            "-o", "--output", required=True, metavar="BERKAS", help="berkas PDF yang ditulis"
        )
        doc_parser.add_argument(
            "--kertas",
            type=str.upper,
            choices=PAPER_CHOICES,
            help="ukuran kertas, menggantikan pengaturan kantor (A4 atau F4 = folio 215×330 mm)",
        )
        doc_parser.add_argument(
            "--oleh", metavar="NAMA", help="nama pencetak di kaki halaman (bawaan: akun sistem)"
        )
        doc_parser.set_defaults(handler=partial(_handle, document))
