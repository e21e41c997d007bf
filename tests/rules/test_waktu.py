"""The waktu grammar over every time text of the seed documents and of ``sops/``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kpu_tui.resources import sops_dir
from kpu_tui.rules.waktu import (
    SATUAN,
    TANPA_WAKTU,
    WaktuError,
    WaktuStandard,
    parse_waktu,
)

PPID = (
    "10 hari sejak permintaan dinyatakan lengkap dalam hal permintaan berkaitan dengan informasi "
    "kelembagaan dan/atau informasi pemilu yang telah berlalu atau 3 hari terkait dengan "
    "informasi pemilu dan pemilihan yang sedang berjalan"
)

# Every distinct text of the "Waktu" / "Durasi Waktu" column of the seed documents
# (shared/seeds/*.txt), exactly as printed. 003 = Keputusan KPU Kota Bontang 9/2025 (SOP 9.1 to
# 9.22), 001 = KPU Kabupaten Pinrang SOP 16/2022, 000 = Kotawaringin Barat SOP Pemantauan Pemilu
# (after the OCR repair below). 002 (Banten) and 004 (Kalimantan Barat) print no times.
SEED_WAKTU = (
    # 003 Bontang
    "",
    "1 hari",
    "15 Menit",
    "30 Menit",
    "10 Menit",
    "2 hari",
    "1 Jam",
    "2 Jam",
    "Pada kesempatan pertama",
    "20 Menit",
    "15 menit",
    "5 Menit",
    "3 hari",
    "1 Hari",
    "2 Hari",
    "10 menit",
    "paling lambat 3 hari",
    "60 Menit",
    "5 Hari",
    "3 Jam",
    "3 Hari",
    "2 jam",
    PPID,
    "1 hari kerja",
    "tentatif",
    "Setiap pergantian penjaga",
    "Setiap hari",
    "Minimal 2 minggu sekali",
    "Menunggu proses KPPN",
    "Berkala",
    "60 s.d. 120 Menit",
    "5 jam",
    "5 Hari Kerja",
    "45 Menit",
    "4 hari",
    "3 menit perdata",
    "20 menit",
    "14 Hari",
    "10 hari kerja",
    "1 Bulan",
    # 001 Pinrang
    "± 1 Hari",
    "± 2 jam",
    "Disesuaikan",
    "± 2 Hari",
    # 000 Kotawaringin Barat (as repaired in its file; "20Menit" is printed without a space)
    "20Menit",
)

# OCR damage in seed 000: repaired in the SOP file, never guessed by the grammar.
OCR_DAMAGED = {"15 matit": "15 Menit", "1 Jar": "1 Jam", "{hari": "1 Hari", "{Hari": "1 Hari"}


def _sop_waktu() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(sops_dir().glob("*.toml")):
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        for langkah in content.get("langkah", []):
            found.append((path.name, langkah.get("no", 0), str(langkah.get("waktu", ""))))
    return found


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("text", SEED_WAKTU)
def test_every_seed_text_parses(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.teks == text
    json.dumps(standard.to_dict())


def test_every_waktu_in_the_sop_files_parses() -> None:
    entries = _sop_waktu()
    assert entries, "no step found in sops/"
    failures = []
    for name, no, text in entries:
        try:
            parse_waktu(text)
        except WaktuError as exc:
            failures.append(f"{name}: langkah {no}: {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("damaged", "repaired"), sorted(OCR_DAMAGED.items()))
def test_ocr_damage_is_refused_and_its_repair_parses(damaged: str, repaired: str) -> None:
    with pytest.raises(WaktuError):
        parse_waktu(damaged)
    assert parse_waktu(repaired).kind == "durasi"


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "jumlah", "satuan", "hari_kerja", "batas"),
    [
        ("5 Menit", 5, "menit", False, (5, "menit")),
        ("15 menit", 15, "menit", False, (15, "menit")),
        ("1 Jam", 1, "jam", False, (60, "menit")),
        ("5 jam", 5, "jam", False, (300, "menit")),
        ("1 Hari", 1, "hari", False, (1, "hari")),
        ("14 Hari", 14, "hari", False, (14, "hari")),
        ("10 hari kerja", 10, "hari_kerja", True, (10, "hari_kerja")),
        ("5 Hari Kerja", 5, "hari_kerja", True, (5, "hari_kerja")),
        ("1 Bulan", 1, "bulan", False, (30, "hari")),
        ("2 minggu", 2, "minggu", False, (14, "hari")),
        ("1 pekan", 1, "minggu", False, (7, "hari")),
        ("3 hari kalender", 3, "hari", False, (3, "hari")),
        ("20Menit", 20, "menit", False, (20, "menit")),
        ("3 (tiga) hari kerja", 3, "hari_kerja", True, (3, "hari_kerja")),
        ("1,5 jam", 1.5, "jam", False, (90, "menit")),
        ("0,5 hari", 0.5, "hari", False, (1, "hari")),
        ("  30   Menit. ", 30, "menit", False, (30, "menit")),
    ],
)
def test_durations(
    text: str, jumlah: float, satuan: str, hari_kerja: bool, batas: tuple[int, str]
) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "durasi"
    assert standard.jumlah == jumlah
    assert standard.satuan == satuan
    assert standard.hari_kerja is hari_kerja
    assert standard.kira_kira is False
    assert standard.batas() == batas
    assert standard.fixed


def test_hari_alone_is_a_calendar_day_not_a_working_day() -> None:
    # domain-rules.md §7.1: the text is taken at its word; only "hari kerja" counts working days.
    hari = parse_waktu("3 hari")
    kerja = parse_waktu("3 hari kerja")
    assert (hari.satuan, hari.hari_kerja, hari.batas()) == ("hari", False, (3, "hari"))
    assert (kerja.satuan, kerja.hari_kerja, kerja.batas()) == (
        "hari_kerja",
        True,
        (3, "hari_kerja"),
    )


def test_whole_amounts_are_ints() -> None:
    assert isinstance(parse_waktu("5 Menit").jumlah, int)
    assert isinstance(parse_waktu("1,5 jam").jumlah, float)


@pytest.mark.parametrize("text", ["± 2 jam", "±2 jam", "+/- 2 jam", "kurang lebih 2 jam"])
def test_approximate(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "durasi"
    assert standard.kira_kira is True
    assert (standard.jumlah, standard.satuan) == (2, "jam")
    assert standard.batas() == (120, "menit")
    assert standard.ringkas == "± 2 jam"


def test_approximate_days_from_pinrang() -> None:
    standard = parse_waktu("± 1 Hari")
    assert (standard.kira_kira, standard.jumlah, standard.satuan) == (True, 1, "hari")
    assert standard.batas() == (1, "hari")


# --------------------------------------------------------------------------- ranges, bounds


@pytest.mark.parametrize(
    "text", ["60 s.d. 120 Menit", "60 s/d 120 menit", "60 sd 120 menit", "60-120 menit",
             "60 – 120 menit", "60 sampai 120 menit", "60 sampai dengan 120 menit",
             "60 hingga 120 menit", "1 jam s.d. 2 jam", "60 menit s.d. 2 jam"]
)  # fmt: skip
def test_ranges_take_the_upper_bound(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "rentang"
    assert standard.jumlah is None
    assert standard.batas() == (120, "menit")


def test_range_fields() -> None:
    standard = parse_waktu("60 s.d. 120 Menit")
    assert (standard.jumlah_min, standard.jumlah_max, standard.satuan) == (60, 120, "menit")
    assert standard.ringkas == "60–120 menit"


def test_range_with_two_units_uses_the_base_unit() -> None:
    standard = parse_waktu("30 menit s.d. 1 jam")
    assert (standard.jumlah_min, standard.jumlah_max, standard.satuan) == (30, 60, "menit")
    weeks = parse_waktu("1 minggu s.d. 1 bulan")
    assert (weeks.jumlah_min, weeks.jumlah_max, weeks.satuan) == (7, 30, "hari")


@pytest.mark.parametrize(
    "text",
    ["paling lambat 3 hari", "Paling lama 3 hari", "selambat-lambatnya 3 hari", "maksimal 3 hari"],
)
def test_upper_bounds(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "paling_lambat"
    assert (standard.jumlah, standard.satuan, standard.hari_kerja) == (3, "hari", False)
    assert standard.batas() == (3, "hari")
    assert standard.ringkas == "paling lambat 3 hari"


def test_upper_bound_in_working_days() -> None:
    standard = parse_waktu("paling lambat 10 hari kerja")
    assert (standard.kind, standard.batas()) == ("paling_lambat", (10, "hari_kerja"))


# --------------------------------------------------------------------------- per item


@pytest.mark.parametrize("text", ["3 menit perdata", "3 menit per data", "3 Menit/data"])
def test_per_item(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "per_item"
    assert (standard.jumlah, standard.satuan, standard.per) == (3, "menit", "data")
    assert standard.batas() is None  # unknown until the number of items is known
    assert standard.batas(jumlah_item=40) == (120, "menit")
    assert standard.ringkas == "3 menit per data"


def test_per_item_range() -> None:
    standard = parse_waktu("2-3 menit per berkas")
    assert (standard.kind, standard.jumlah_min, standard.jumlah_max) == ("per_item", 2, 3)
    assert standard.batas(jumlah_item=10) == (30, "menit")


# --------------------------------------------------------------------------- no fixed time


@pytest.mark.parametrize(
    ("text", "label", "rincian"),
    [
        ("", "tidak_ada", ""),
        ("   ", "tidak_ada", ""),
        ("-", "tidak_ada", ""),
        ("Pada kesempatan pertama", "kesempatan_pertama", ""),
        ("kesempatan pertama", "kesempatan_pertama", ""),
        ("tentatif", "tentatif", ""),
        ("Tentatif", "tentatif", ""),
        ("Berkala", "berkala", ""),
        ("secara berkala", "berkala", ""),
        ("Disesuaikan", "disesuaikan", ""),
        ("Disesuaikan dengan jadwal kegiatan", "disesuaikan", "dengan jadwal kegiatan"),
        ("Menunggu proses KPPN", "menunggu_pihak_lain", "proses KPPN"),
        ("Setiap hari", "setiap_hari", ""),
        ("Setiap pergantian penjaga", "rutin", "pergantian penjaga"),
    ],
)
def test_no_fixed_time(text: str, label: str, rincian: str) -> None:
    standard = parse_waktu(text)
    assert standard.kind == "tanpa_waktu"
    assert standard.tanpa_waktu == label
    assert standard.rincian == rincian
    assert standard.batas() is None
    assert not standard.fixed


def test_periodic_with_an_interval() -> None:
    standard = parse_waktu("Minimal 2 minggu sekali")
    assert (standard.kind, standard.tanpa_waktu) == ("tanpa_waktu", "berkala")
    assert (standard.jumlah, standard.satuan) == (2, "minggu")
    assert standard.batas() is None  # an interval between checks, not a due time
    assert standard.ringkas == "berkala, setiap 2 minggu"
    assert parse_waktu("setiap bulan").jumlah == 1
    assert parse_waktu("setiap 3 bulan").satuan == "bulan"


def test_labels_are_known() -> None:
    for text in SEED_WAKTU:
        standard = parse_waktu(text)
        assert standard.tanpa_waktu is None or standard.tanpa_waktu in TANPA_WAKTU
        assert standard.satuan is None or standard.satuan in SATUAN


# --------------------------------------------------------------------------- alternatives


def test_the_ppid_text_has_two_regimes() -> None:
    standard = parse_waktu(PPID)
    assert standard.kind == "alternatif"
    assert standard.teks == PPID
    regular, election = standard.alternatif
    assert (regular.kind, regular.jumlah, regular.satuan, regular.hari_kerja) == (
        "durasi",
        10,
        "hari",
        False,
    )
    assert regular.sejak == "permintaan dinyatakan lengkap"
    assert regular.syarat == (
        "permintaan berkaitan dengan informasi kelembagaan dan/atau informasi pemilu yang telah "
        "berlalu"
    )
    assert (election.jumlah, election.satuan) == (3, "hari")
    assert election.sejak == ""
    assert election.syarat == "informasi pemilu dan pemilihan yang sedang berjalan"
    # the printed first regime is the default bound; the engine picks the other when it applies
    assert standard.batas() == (10, "hari")
    assert election.batas() == (3, "hari")
    data = standard.to_dict()
    assert [alt["jumlah"] for alt in data["alternatif"]] == [10, 3]
    json.dumps(data)


def test_alternatives_with_extensions() -> None:
    standard = parse_waktu(
        "10 hari kerja, dapat diperpanjang 7 hari kerja atau 3 hari kerja dan dapat diperpanjang "
        "2 hari kerja terkait informasi pemilu yang sedang berjalan"
    )
    regular, election = standard.alternatif
    assert regular.batas() == (10, "hari_kerja")
    assert regular.batas(diperpanjang=True) == (17, "hari_kerja")
    assert regular.perpanjangan is not None and regular.perpanjangan.jumlah == 7
    assert election.batas(diperpanjang=True) == (5, "hari_kerja")
    assert election.syarat == "informasi pemilu yang sedang berjalan"
    assert standard.batas(diperpanjang=True) == (17, "hari_kerja")


def test_an_or_inside_a_condition_does_not_split() -> None:
    standard = parse_waktu("3 hari jika dokumen lengkap atau sudah diverifikasi")
    assert standard.kind == "durasi"
    assert standard.syarat == "dokumen lengkap atau sudah diverifikasi"


def test_since_clause() -> None:
    standard = parse_waktu("paling lambat 10 hari kerja sejak tanggal penerimaan")
    assert (standard.kind, standard.sejak) == ("paling_lambat", "tanggal penerimaan")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("15 matit", "satuan 'matit'"),
        ("1 Jar", "satuan 'Jar'"),
        ("{hari", "tidak dikenali"),
        ("kapan-kapan", "tidak dikenali"),
        ("5", "tidak dikenali"),
        ("menit", "tidak dikenali"),
        ("5 menit menit", "tidak dikenali"),
        ("0 menit", "lebih dari nol"),
        ("120 s.d. 60 menit", "terbalik"),
        ("1 hari s.d. 2 hari kerja", "tidak dapat dibandingkan"),
        ("2 jam s.d. 1 hari", "tidak dapat dibandingkan"),
        ("10 hari atau", "tidak dikenali"),
    ],
)
def test_unknown_texts_raise_an_indonesian_message(text: str, words: str) -> None:
    with pytest.raises(WaktuError) as info:
        parse_waktu(text)
    assert words in str(info.value)
    assert info.value.teks == text
    assert isinstance(info.value, ValueError)


# --------------------------------------------------------------------------- output


def test_to_dict_is_json_and_complete() -> None:
    data = parse_waktu("± 2 jam").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["kind"] == "durasi"
    assert data["jumlah"] == 2
    assert data["satuan"] == "jam"
    assert data["kira_kira"] is True
    assert data["hari_kerja"] is False
    assert data["batas"] == {"jumlah": 120, "satuan": "menit"}
    assert data["teks"] == "± 2 jam"
    assert parse_waktu("tentatif").to_dict()["batas"] is None


@pytest.mark.parametrize(
    ("text", "ringkas"),
    [
        ("5 Menit", "5 menit"),
        ("10 hari kerja", "10 hari kerja"),
        ("1,5 jam", "1,5 jam"),
        ("Menunggu proses KPPN", "menunggu proses KPPN"),
        ("Setiap pergantian penjaga", "setiap pergantian penjaga"),
        ("Pada kesempatan pertama", "pada kesempatan pertama"),
        ("", "tidak ditetapkan"),
        ("10 hari kerja, dapat diperpanjang 7 hari kerja",
         "10 hari kerja, dapat diperpanjang 7 hari kerja"),
    ],
)  # fmt: skip
def test_ringkas(text: str, ringkas: str) -> None:
    assert parse_waktu(text).ringkas == ringkas


def test_standard_is_frozen() -> None:
    standard = parse_waktu("5 Menit")
    with pytest.raises(AttributeError):
        standard.jumlah = 6  # type: ignore[misc]
    assert isinstance(standard, WaktuStandard)
    assert parse_waktu("5 Menit") == standard


def test_sops_dir_exists() -> None:
    assert Path(sops_dir()).is_dir()
