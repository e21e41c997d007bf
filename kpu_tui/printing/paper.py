"""What every printed page says about where and when it was printed: plain data, no ReportLab.

A document is built from a :class:`PaperData` (the kop surat, the paper size, who printed it and
when) plus its own data, so stories are pure functions and tests need no database. The data
comes from the office profile through :func:`paper_data`; a command that needs no office (printing
an SOP on a fresh installation) uses :func:`paper_without_office`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from kpu_tui.models import Kertas, Office, ZonaWaktu
from kpu_tui.rules.dates import format_jam, format_tanggal
from kpu_tui.services.office import get_office

PAPERS: tuple[str, ...] = tuple(k.value for k in Kertas)
"""The paper sizes an office may choose ("A4", "F4")."""


@dataclass(frozen=True)
class PaperData:
    """The office and print facts every page of a document carries.

    Attributes:
        office_name: the satker as in the office profile ("KPU Kota Bontang"); empty when
            there is no office profile, and then no kop surat is drawn.
        address_line: the address under the kop ("Jl. ..., Bontang").
        contact_line: telephone, e-mail and web site, as one line.
        paper: "A4" or "F4" (folio, 215 × 330 mm).
        printed_by: who printed it (the user's name).
        printed_at: when, in office time.
        zona_waktu: the office time zone shown after the time ("WITA"), or empty.
    """

    office_name: str
    address_line: str
    contact_line: str
    paper: str
    printed_by: str
    printed_at: datetime
    zona_waktu: str = ""

    @property
    def has_kop(self) -> bool:
        """Whether there is an office to put in a kop surat."""
        return bool(self.office_name.strip())

    @property
    def kop_lines(self) -> tuple[str, str]:
        """The two bold lines of the kop: "KOMISI PEMILIHAN UMUM" and the satker, capitalised.

        "KPU Kota Bontang" gives ("KOMISI PEMILIHAN UMUM", "KOTA BONTANG"); a name that does not
        start with KPU ("Sekretariat KPU Provinsi Banten") is kept whole.
        """
        name = " ".join(self.office_name.split()).upper()
        for prefix in ("KOMISI PEMILIHAN UMUM ", "KPU "):
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        return ("KOMISI PEMILIHAN UMUM", name)

    @property
    def printed_label(self) -> str:
        """ "Dicetak 23 November 2026 pukul 09.15 WITA oleh Rudi Hartono"."""
        zone = f" {self.zona_waktu}" if self.zona_waktu else ""
        by = f" oleh {self.printed_by}" if self.printed_by.strip() else ""
        return (
            f"Dicetak {format_tanggal(self.printed_at.date())} "
            f"pukul {format_jam(self.printed_at)}{zone}{by}"
        )


def _address(office: Office) -> str:
    alamat = " ".join(office.alamat.split())
    kota = " ".join(office.kota.split())
    # "Jl. ..., Kelurahan Bontang Lestari" still needs the city; "Jl. ..., Bontang" does not.
    if kota and not alamat.lower().rstrip(" .").endswith(kota.lower()):
        return f"{alamat}, {kota}" if alamat else kota
    return alamat


def _contact(office: Office) -> str:
    parts = []
    if office.telepon.strip():
        parts.append(f"Telepon {office.telepon.strip()}")
    if office.email.strip():
        parts.append(f"Surel {office.email.strip()}")
    if office.laman.strip():
        parts.append(f"Laman {office.laman.strip()}")
    return " · ".join(parts)


def _check_paper(paper: str) -> str:
    value = paper.strip().upper()
    if value not in PAPERS:
        raise ValueError(f"Ukuran kertas tidak dikenal: '{paper}'. Pilihan: {', '.join(PAPERS)}.")
    return value


def paper_data(
    session: Session,
    *,
    printed_by: str,
    now: datetime | None = None,
    paper: str | None = None,
) -> PaperData:
    """The paper data of this office (read only; nothing is written).

    Args:
        session: an open session.
        printed_by: the user's name for the footer.
        now: the print moment (aware, or naive office time); default: now in office time.
        paper: "A4" or "F4" to override the office's setting.

    Returns:
        The data, or that of :func:`paper_without_office` when the office is not set up.

    Raises:
        ValueError: for an unknown ``paper``.
    """
    office = get_office(session)
    if office is None:
        return paper_without_office(printed_by=printed_by, now=now, paper=paper or "A4")
    zona = ZonaWaktu(office.zona_waktu)
    zone = ZoneInfo(zona.iana)
    if now is None:
        moment = datetime.now(zone)
    elif now.tzinfo is not None:
        moment = now.astimezone(zone)
    else:
        moment = now
    return PaperData(
        office_name=" ".join(office.nama_satker.split()),
        address_line=_address(office),
        contact_line=_contact(office),
        paper=_check_paper(paper or Kertas(office.kertas).value),
        printed_by=printed_by,
        printed_at=moment,
        zona_waktu=zona.value,
    )


def paper_without_office(
    *, printed_by: str, now: datetime | None = None, paper: str = "A4"
) -> PaperData:
    """Paper data for printing without an office profile: no kop, the machine's local time."""
    return PaperData(
        office_name="",
        address_line="",
        contact_line="",
        paper=_check_paper(paper),
        printed_by=printed_by,
        printed_at=now if now is not None else datetime.now(),
    )


__all__ = ["PAPERS", "PaperData", "paper_data", "paper_without_office"]
