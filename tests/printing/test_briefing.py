"""The laporan pagi on paper: per pejabat what is overdue ("lewat 2 hari kerja") and what falls
due soon, the letters received and the numbers taken on the previous working day (Friday for
a Monday, the Friday before a Monday holiday for the Tuesday after it), empty sections said in
words, long text wrapped inside its cell."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm

from kpu_tui.models import NomorStatus, SuratStatus
from kpu_tui.printing.briefing import (
    BriefingPrintData,
    build_briefing_story,
    document_info,
    load_briefing_data,
    wrapped,
    write_briefing,
)
from kpu_tui.printing.flowables import PAD_X
from kpu_tui.rules.calendar import SkippedDay
from kpu_tui.services.antrian import Jenis, Pemegang
from kpu_tui.services.briefing import Briefing, NomorKemarin, Pejabat, SuratKemarin, Tugas
from kpu_tui.sop.engine import Urgensi
from kpu_tui.store import Store
from tests.keluar_helpers import at, signed
from tests.services.test_briefing import _register, make_office

from .helpers import PRINTED_BY, make_paper, page_sizes, page_texts

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 20)


def write(store: Store, tanggal: date, target: Path, kertas: str | None = None) -> list[str]:
    with store.read() as s:
        data = load_briefing_data(
            s, tanggal=tanggal, printed_by=PRINTED_BY, now=at(2026, 11, 23, 9), kertas=kertas
        )
    pages = write_briefing(target, data)
    texts = page_texts(target)
    assert len(texts) == pages
    return texts


def test_a_monday_briefing(tmp_path: Path, demo_store: Store) -> None:
    kantor = make_office(demo_store)
    target = tmp_path / "briefing.pdf"
    texts = write(demo_store, MONDAY, target)
    text = " ".join(texts)
    pages = len(texts)
    assert page_sizes(target) == [(595.3, 841.9)] * pages
    assert "KOMISI PEMILIHAN UMUM KOTA BONTANG" in texts[0]
    assert "LAPORAN PAGI (BRIEFING) — Senin, 23 November 2026" in texts[0]
    assert (
        "Terlambat dan jatuh tempo dihitung per pukul 07.30 WITA, dalam hari kerja kantor. "
        "Hari kerja sebelumnya: Jumat, 20 November 2026 (tidak dihitung: Sabtu 21 November; "
        "Minggu 22 November)."
    ) in texts[0]
    for line in (
        "Ringkasan Pekerjaan terlambat",
        "Pekerjaan jatuh tempo dalam 3 hari kerja (termasuk hari ini)",
        "Surat masuk diterima Jumat, 20 November 2026 2",
        "Nomor surat keluar terbit Jumat, 20 November 2026 4",
        f"Halaman {pages} dari {pages}",
        f"oleh {PRINTED_BY}",
    ):
        assert line in text, line

    # Per pejabat: the Ketua first, her overdue letter in words; the Sekretaris's overdue
    # disposisi and the one due today; the Kasubbag TPPH's due Wednesday.
    ketua = text.index("Hj. Maryam Abdullah — Ketua KPU Kabupaten/Kota Terlambat (1)")
    sekretaris = text.index("Drs. Bambang Sutrisno, M.Si. — Sekretaris KPU Kabupaten/Kota")
    tpph = text.index("Andi Firmansyah, S.H. — Kepala Sub Bagian Teknis")
    assert text.index("Per pejabat") < ketua < sekretaris < tpph
    ketua_part = text[ketua:sekretaris]
    assert (
        f"1 Perlu disposisi {kantor.friday_waiting} Undangan rapat koordinasi pemutakhiran "
        "data pemilih Asal: KPU Provinsi Kalimantan Timur Sekar Ayu Lestari "
        "Jum 20 Nov, 09.30 lewat 1 hari kerja"
    ) in ketua_part
    assert "Tidak ada yang jatuh tempo dalam 3 hari kerja." in ketua_part
    sekretaris_part = text[sekretaris:tpph]
    assert (
        f"Disposisi baru {kantor.late} Permintaan data pemilih Asal: Bawaslu Kota Bontang "
        "Ketua KPU Kabupaten/Kota Kam 19 Nov, 16.00 lewat 2 hari kerja"
    ) in sekretaris_part
    assert "Jatuh tempo dalam 3 hari kerja (2)" in sekretaris_part
    assert f"{kantor.today} Undangan rapat pleno" in sekretaris_part
    assert "Sen 23 Nov, 16.00 hari ini" in sekretaris_part
    tpph_part = text[tpph:]
    assert f"{kantor.soon} Permohonan narasumber" in tpph_part
    assert "Rab 25 Nov, 16.00" in tpph_part
    assert "Tidak ada yang terlambat." in tpph_part
    assert "Nur Aisyah" not in text  # her only disposisi is due next week
    assert kantor.later not in text

    # The previous working day's letters: the cancelled one and Thursday's are left out.
    surat = text.index("Surat masuk Jumat, 20 November 2026 (2 surat)")
    nomor = text.index("Nomor surat keluar Jumat, 20 November 2026 (4 nomor)")
    letters = text[surat:nomor]
    assert (
        f"{kantor.friday_waiting} 08.15 KPU Provinsi Kalimantan Timur Undangan rapat "
        "koordinasi pemutakhiran data pemilih Nomor 6/A Rahasia Belum disposisi (untuk Ketua "
        "KPU Kabupaten/Kota)"
    ) in letters
    assert (
        f"{kantor.friday_disposed} 09.30 Bawaslu Kota Bontang Penyampaian jadwal pemutakhiran "
        "Nomor 7/A Biasa Dalam proses; diteruskan kepada Sekretaris (utama), Kasubbag TPP dan "
        "Hukum"
    ) in letters
    assert kantor.cancelled not in letters and kantor.thursday not in letters

    # The numbers taken that day, in their present state.
    numbers = text[nomor:]
    assert (
        f"{kantor.nomor_signed} Naskah dinas dan korespondensi terpakai Permohonan data "
        "pemilih untuk pemutakhiran Kepala Dinas Kependudukan"
    ) in numbers
    assert (
        f"{kantor.nomor_reserved} Naskah dinas dan korespondensi dipesan Keperluan: Surat "
        "pengantar logistik Dipesan untuk Kasubbag KUL Sekar Ayu Lestari, pukul 11.00"
    ) in numbers
    assert f"{kantor.nomor_voided} Naskah dinas dan korespondensi BATAL alasan: Salah ketik" in (
        numbers
    )
    assert (
        f"{kantor.nomor_sisipan} Naskah dinas dan korespondensi terpakai nomor sisipan; "
        "bertanggal 19 Nov 2026"
    ) in numbers
    assert kantor.nomor_thursday not in numbers and kantor.nomor_monday not in numbers
    assert numbers.index(kantor.nomor_signed) < numbers.index(kantor.nomor_sisipan)


def test_the_day_after_a_national_holiday(tmp_path: Path, demo_store: Store) -> None:
    """Tuesday 18 August 2026: Monday 17 is Independence Day, so the letters and numbers are
    Friday 14 August's; F4 paper when asked."""
    received = _register(
        demo_store, at(2026, 8, 14, 9), nomor_surat="9/A", perihal="Surat hari Jumat"
    )
    numbered = signed(demo_store, now=at(2026, 8, 14, 10)).nomor_surat
    _register(demo_store, at(2026, 8, 18, 8), nomor_surat="10/A", perihal="Surat hari Selasa")
    target = tmp_path / "agustus.pdf"
    texts = write(demo_store, date(2026, 8, 18), target, kertas="F4")
    text = " ".join(texts)
    assert page_sizes(target)[0] == (609.4, 935.4)
    assert "LAPORAN PAGI (BRIEFING) — Selasa, 18 Agustus 2026" in text
    assert (
        "Hari kerja sebelumnya: Jumat, 14 Agustus 2026 (tidak dihitung: Sabtu 15 Agustus; "
        "Minggu 16 Agustus; Senin 17 Agustus: Hari Kemerdekaan Republik Indonesia)."
    ) in text
    assert "Surat masuk Jumat, 14 Agustus 2026 (1 surat)" in text
    assert f"{received.agenda_teks} 09.00 Bawaslu Kota Bontang Surat hari Jumat" in text
    assert "Surat hari Selasa" not in text
    assert (
        "Nomor surat keluar Jumat, 14 Agustus 2026 (1 nomor) Nomor surat Keadaan "
        f"Perihal / keperluan Tujuan / pemesan Diambil oleh {numbered}"
    ) in text


# -- without a database --------------------------------------------------------------------------


def tugas(nomor: str, perihal: str, urgensi: Urgensi, keterangan: str, hari: int) -> Tugas:
    return Tugas(
        key=f"disposisi:{nomor}",
        jenis=Jenis.DISPOSISI,
        nomor=nomor,
        perihal=perihal,
        pihak="Bawaslu Kota Bontang",
        dari="Ketua KPU Kabupaten/Kota",
        tenggat=datetime(2026, 11, hari, 16, 0),
        keterangan=keterangan,
        terlambat_hk=2 if urgensi == Urgensi.TERLAMBAT else 0,
        urgensi=urgensi,
    )


def briefing(**changes: object) -> Briefing:
    base: dict[str, object] = {
        "tanggal": date(2026, 11, 21),
        "saat": datetime(2026, 11, 21, 7, 30),
        "zona": "WITA",
        "libur": "Sabtu",
        "sebelumnya": FRIDAY,
        "dilewati": (),
        "pejabat": (),
        "surat_masuk": (),
        "nomor": (),
    }
    return Briefing(**(base | changes))  # type: ignore[arg-type]


def test_empty_sections_are_said_in_words(tmp_path: Path) -> None:
    data = BriefingPrintData(make_paper("F4"), briefing())
    assert document_info(data).title == "Laporan Pagi (Briefing) — Sabtu, 21 November 2026"
    target = tmp_path / "kosong.pdf"
    write_briefing(target, data)
    text = " ".join(page_texts(target))
    assert page_sizes(target) == [(609.4, 935.4)]
    for line in (
        "LAPORAN PAGI (BRIEFING) — Sabtu, 21 November 2026",
        "Sabtu, 21 November 2026 bukan hari kerja.",
        "Pekerjaan terlambat 0",
        "Tidak ada pekerjaan yang terlambat atau jatuh tempo dalam 3 hari kerja.",
        "Surat masuk Jumat, 20 November 2026 (0 surat) Tidak ada surat masuk yang diterima "
        "pada Jumat, 20 November 2026.",
        "Nomor surat keluar Jumat, 20 November 2026 (0 nomor) Tidak ada nomor surat keluar "
        "yang diambil pada Jumat, 20 November 2026.",
    ):
        assert line in text, line

    holiday = briefing(
        tanggal=date(2026, 8, 17),
        saat=datetime(2026, 8, 17, 7, 30),
        libur="Hari Kemerdekaan Republik Indonesia",
        sebelumnya=date(2026, 8, 14),
        dilewati=(SkippedDay(date(2026, 8, 16), "Minggu (Hari Raya)"),),
    )
    target = tmp_path / "libur.pdf"
    write_briefing(target, BriefingPrintData(make_paper(), holiday))
    text = page_texts(target)[0]
    assert "Senin, 17 Agustus 2026 bukan hari kerja: Hari Kemerdekaan Republik Indonesia." in text
    assert "(tidak dihitung: Minggu 16 Agustus: Hari Raya)" in text


def test_a_pejabat_with_only_one_of_the_lists(tmp_path: Path) -> None:
    late = tugas("0001/2026", "Permintaan data", Urgensi.TERLAMBAT, "lewat 2 hari kerja", 19)
    soon = tugas("0002/2026", "Undangan rapat", Urgensi.SEGERA, "Rab 25 Nov", 25)
    data = BriefingPrintData(
        make_paper(),
        briefing(
            pejabat=(
                Pejabat(Pemegang("user", "4", "Bambang"), "Bambang", "Sekretaris", (late,), ()),
                Pejabat(
                    Pemegang("jabatan", "2", "Anggota KPU"),
                    "Anggota KPU",
                    "Ahmad Fauzi (tanpa akun aplikasi)",
                    (),
                    (soon,),
                ),
            )
        ),
    )
    target = tmp_path / "dua.pdf"
    write_briefing(target, data)
    text = " ".join(page_texts(target))
    first = text.index("Bambang — Sekretaris Terlambat (1)")
    second = text.index("Anggota KPU — Ahmad Fauzi (tanpa akun aplikasi) Terlambat (0)")
    assert "Jatuh tempo dalam 3 hari kerja (0) Tidak ada yang jatuh tempo" in text[first:second]
    assert "Tidak ada yang terlambat." in text[second:]
    assert "Rab 25 Nov, 16.00" in text[second:] and "hari ini" not in text[second:]
    assert "Pekerjaan terlambat 1 (pada 1 pejabat)" in text
    # The summary per pejabat: counts and the longest lateness.
    assert "Bambang Sekretaris 1 lewat 2 hari kerja 0" in text


def test_long_text_wraps_inside_its_cell(tmp_path: Path) -> None:
    words = "Permohonan data pemilih berkelanjutan untuk pemutakhiran " * 9
    unbroken = "PL.01.1-SD/6474/2026/" * 6
    items = tuple(
        tugas(f"{unbroken}{n}", f"{words}{n}", Urgensi.TERLAMBAT, "lewat 2 hari kerja", 19)
        for n in range(12)
    )
    surat = SuratKemarin(
        id=1,
        agenda="0001/2026",
        nomor_surat=unbroken,
        asal="Sekretariat Jenderal Komisi Pemilihan Umum Republik Indonesia " * 2,
        perihal=words,
        sifat="Biasa",
        status=SuratStatus.BELUM_DISPOSISI,
        tujuan="Ketua KPU Kabupaten/Kota",
        diteruskan=(),
        diterima=datetime(2026, 11, 20, 8, 0),
    )
    nomor = NomorKemarin(
        id=1,
        nomor_teks=unbroken,
        seri="Naskah dinas dan korespondensi",
        status=NomorStatus.BATAL,
        tanggal=FRIDAY,
        sisipan=False,
        perihal=words,
        tujuan="",
        untuk_nama="Kepala Sub Bagian Keuangan, Umum dan Logistik",
        oleh_nama="Łukasz Ñúñez",
        diambil=datetime(2026, 11, 20, 8, 0),
        alasan=words,
        surat_keluar_id=None,
    )
    pejabat = Pejabat(Pemegang("user", "4", "Bambang"), "Bambang", "Sekretaris", items, ())
    data = BriefingPrintData(
        make_paper(), briefing(pejabat=(pejabat,), surat_masuk=(surat,), nomor=(nomor,))
    )
    build_briefing_story(data)  # pure
    target = tmp_path / "panjang.pdf"
    pages = write_briefing(target, data)
    assert pages >= 3
    squeezed = re.sub(r"\s+", "", " ".join(page_texts(target)))
    for n in (0, 11):
        assert re.sub(r"\s+", "", f"{words}{n}") in squeezed
        assert re.sub(r"\s+", "", f"{unbroken}{n}") in squeezed
    assert "Laporan Pagi (Briefing) — Sabtu, 21 November 2026" in page_texts(target)[1]

    # Long numbers break after "/", "-" or "." (not between any two letters), and no line
    # runs past its cell in any style.
    breaks = wrapped(unbroken, 30 * mm).text.split("<br/>")
    assert len(breaks) > 2 and all(line[-1] in "/-." for line in breaks[:-1])
    for style in ("TableCell", "TableCellBold", "TableCellSmall"):
        cell = wrapped(unbroken + " " + words, 30 * mm, style)
        cell.wrap(30 * mm - 2 * PAD_X, 10_000)
        lines = cell.blPara.lines
        spare = [line[0] if isinstance(line, tuple) else line.extraSpace for line in lines]
        assert len(lines) > 5 and min(spare) >= -0.01, style
