"""Paper data from the office profile: kop lines, address, contact, paper, print moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from kpu_tui.models import Kertas, Office
from kpu_tui.printing.paper import PaperData, paper_data, paper_without_office
from kpu_tui.store import Store


def test_paper_data_of_the_demo_office(demo_store: Store) -> None:
    moment = datetime(2026, 11, 23, 1, 15, tzinfo=UTC)  # 09.15 WITA
    with demo_store.read() as session:
        data = paper_data(session, printed_by="Rudi Hartono", now=moment)
    assert data.has_kop
    assert data.kop_lines == ("KOMISI PEMILIHAN UMUM", "KOTA BONTANG")
    assert data.address_line.startswith("Jl. Bessai Berinta")
    assert data.address_line.endswith(", Bontang")
    assert data.contact_line == "Telepon (0548) 000000 · Surel kpu.bontang@example.go.id"
    assert data.paper == "A4"
    assert data.printed_label == "Dicetak 23 November 2026 pukul 09.15 WITA oleh Rudi Hartono"


def test_paper_follows_the_office_setting_and_can_be_overridden(demo_store: Store) -> None:
    with demo_store.write() as session:
        office = session.exec(select(Office)).one()
        office.kertas = Kertas.F4
        session.add(office)
    with demo_store.read() as session:
        assert paper_data(session, printed_by="x").paper == "F4"
        assert paper_data(session, printed_by="x", paper="a4").paper == "A4"
        with pytest.raises(ValueError, match="Ukuran kertas tidak dikenal"):
            paper_data(session, printed_by="x", paper="Letter")


def test_paper_without_office_has_no_kop() -> None:
    data = paper_without_office(printed_by="", now=datetime(2026, 1, 9, 7, 5))
    assert not data.has_kop
    assert data.paper == "A4"
    assert data.printed_label == "Dicetak 9 Januari 2026 pukul 07.05"


@pytest.mark.parametrize(
    ("name", "second"),
    [
        ("KPU Kota Bontang", "KOTA BONTANG"),
        ("Komisi Pemilihan Umum Provinsi Banten", "PROVINSI BANTEN"),
        ("Sekretariat KPU Kabupaten Pinrang", "SEKRETARIAT KPU KABUPATEN PINRANG"),
    ],
)
def test_kop_lines(name: str, second: str) -> None:
    data = PaperData(name, "", "", "A4", "", datetime(2026, 1, 1))
    assert data.kop_lines == ("KOMISI PEMILIHAN UMUM", second)
