"""What the printing tests share: paper data without a database, and reading PDFs back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from kpu_tui.printing.paper import PaperData
from kpu_tui.services import procedure
from kpu_tui.services.actor import Actor
from kpu_tui.store import Store

PRINTED_BY = "Łukasz Ñúñez-Dési O’Neil"
"""A user's name with letters the 14 standard PDF fonts cannot print."""


def make_paper(paper: str = "A4", *, kop: bool = True) -> PaperData:
    """Paper data of the demo office, printed at a fixed moment."""
    return PaperData(
        office_name="KPU Kota Bontang" if kop else "",
        address_line="Jl. Bessai Berinta, Kelurahan Bontang Lestari, Bontang" if kop else "",
        contact_line="Telepon (0548) 000000 · Surel kpu.bontang@example.go.id" if kop else "",
        paper=paper,
        printed_by=PRINTED_BY,
        printed_at=datetime(2026, 11, 23, 9, 15),
        zona_waktu="WITA" if kop else "",
    )


def page_texts(path: Path) -> list[str]:
    """The text of every page, whitespace collapsed to single spaces."""
    reader = PdfReader(path)
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Width and height in points of every page, rounded to 0.1."""
    reader = PdfReader(path)
    return [
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in reader.pages
    ]


def _fonts(path: Path) -> list[Any]:
    """The font dictionaries every page refers to."""
    found: list[Any] = []
    for page in PdfReader(path).pages:
        resources: Any = page.get("/Resources")
        fonts: Any = resources.get_object().get("/Font") if resources is not None else None
        if fonts is not None:
            found += [ref.get_object() for ref in fonts.get_object().values()]
    return found


def font_names(path: Path) -> set[str]:
    """The base font names every page uses, without the subset prefix."""
    return {str(font["/BaseFont"]).split("+", 1)[-1].lstrip("/") for font in _fonts(path)}


def embedded(path: Path) -> bool:
    """Whether every font of every page carries its TrueType program."""
    for font in _fonts(path):
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or "/FontFile2" not in descriptor.get_object():
            return False
    return True


def add_runs_9_14(store: Store, admin: Actor) -> None:
    """Three runs in March 2026 (WITA = UTC+8; 00:00 UTC is 08.00 office time)."""

    def at(day: int, hour: int, minute: int) -> datetime:
        return datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    with store.write() as session:
        first = procedure.start_run(
            session, actor=admin, sop_id="9.14", judul="Surat Łukasz", now=at(2, 0, 0)
        ).id
        for minute in (4, 20, 30, 50, 53, 59):
            procedure.complete_step(session, actor=admin, run_id=first, now=at(2, 0, minute))
        second = procedure.start_run(
            session, actor=admin, sop_id="9.14", judul="Surat kedua", now=at(3, 0, 0)
        ).id
        procedure.complete_step(session, actor=admin, run_id=second, now=at(3, 0, 8))
        procedure.complete_step(session, actor=admin, run_id=second, now=at(3, 0, 15))
        procedure.cancel_run(
            session, actor=admin, run_id=second, alasan="Salah alamat", now=at(3, 1, 0)
        )
        procedure.start_run(
            session, actor=admin, sop_id="9.14", judul="Surat ketiga", now=at(4, 0, 0)
        )
