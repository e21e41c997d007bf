"""Loading and validating SOP files: the shipped ones load; broken fixtures name file and step."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from kpu_tui.models import Role
from kpu_tui.sop import (
    SELESAI,
    Sop,
    SopError,
    SopNotFound,
    SopProblem,
    clear_cache,
    get_sop,
    known_jabatan,
    load_all,
    load_checked,
    load_sop,
    sop_files,
    validate,
)

VALID = """\
id = "{id}"
nomor = "1.1 Tahun 2025"
nama = "Contoh Prosedur"
flowchart = ""
satker = "Sekretariat Komisi Pemilihan Umum Kota Contoh"
sumber = "Keputusan KPU Kota Contoh Nomor 1 Tahun 2025"
seed = "contoh.txt"
tanggal_pembuatan = ""
tanggal_revisi = ""
tanggal_efektif = ""
tanggal_pengesahan = "2025-01-09"
disahkan_oleh = "Nama Pengesah"
jabatan_pengesah = "Sekretaris"
dasar_hukum = ["Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"]
kualifikasi_pelaksana = ["Memahami tugas"]
keterkaitan = []
peralatan = ["Komputer"]
peringatan = "Apabila tidak dilaksanakan, pekerjaan terhambat"
pencatatan = "Arsip"

[[pelaksana]]
kode = "petugas"
nama = "Petugas"
peran = ["petugas"]
jabatan = []

[[pelaksana]]
kode = "sekretaris"
nama = "Sekretaris"
peran = ["pimpinan"]
jabatan = ["SEKRETARIS"]

[[pelaksana]]
kode = "pemohon"
nama = "Pemohon"
peran = []
jabatan = []

[[langkah]]
no = 1
kegiatan = "Pemohon menyampaikan berkas"
pelaksana = ["pemohon"]
kelengkapan = "Berkas"
waktu = "15 Menit"
output = "Berkas"
keterangan = ""

[[langkah]]
no = 2
kegiatan = "Petugas memeriksa kelengkapan berkas"
pelaksana = ["petugas"]
kelengkapan = "Berkas"
waktu = "1 hari"
output = "Berkas diperiksa"

[langkah.keputusan]
pertanyaan = "Berkas lengkap?"
ya = 3
tidak = 1

[[langkah]]
no = 3
kegiatan = "Sekretaris menyetujui"
pelaksana = ["sekretaris"]
kelengkapan = ""
waktu = "{waktu}"
output = "Persetujuan"
"""


def write(folder: Path, sop_id: str = "1.1", *, waktu: str = "2 Jam", text: str = "") -> Path:
    """Write a SOP file (the valid template unless ``text`` is given) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sop_id}.toml"
    path.write_text(text or VALID.format(id=sop_id, waktu=waktu), encoding="utf-8")
    return path


def broken(folder: Path, old: str, new: str, *, count: int = 1) -> list[SopProblem]:
    """Write the valid template with ``old`` replaced by ``new``; return the problems."""
    text = VALID.format(id="1.1", waktu="2 Jam")
    assert old in text, old
    write(folder, text=text.replace(old, new, count))
    return validate(folder)


def messages(problems: list[SopProblem]) -> list[str]:
    return [str(problem) for problem in problems]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    clear_cache()


# --------------------------------------------------------------------------- shipped files


def test_the_shipped_files_are_valid() -> None:
    problems = validate()
    assert not problems, "\n".join(messages(problems))


def test_the_shipped_files_load_in_order() -> None:
    sops = load_all()
    ids = [sop.id for sop in sops]
    assert len(ids) == len(set(ids))
    assert len(ids) == len(sop_files())
    bontang = [i for i in ids if re.match(r"^9\.\d+[a-z]?$", i)]
    assert ids[: len(bontang)] == bontang, "Bontang SOPs come first"
    numbers = [(int(re.sub(r"[a-z]$", "", i.split(".")[1])), i) for i in bontang]
    assert numbers == sorted(numbers)
    assert ids[len(bontang) :] == sorted(ids[len(bontang) :])


def test_surat_masuk_914() -> None:
    sop = get_sop("9.14")
    assert sop.nama == "Penatausahaan Surat Masuk"
    assert sop.tanggal_pengesahan == date(2025, 1, 9)
    assert [langkah.no for langkah in sop.langkah] == [1, 2, 3, 4, 5, 6]
    assert sop.step(4).pelaksana == ("ketua", "sekretaris")
    assert sop.step(1).waktu.batas() == (5, "menit")
    assert sop.step(3).waktu.tanpa_waktu == "kesempatan_pertama"
    assert sop.column("petugas").peran == (Role.PETUGAS,)
    assert sop.column("ketua").jabatan == ("KETUA",)
    assert sop.berkas == "9.14.toml"


def test_get_sop_ignores_case_and_spaces() -> None:
    assert get_sop(" 9.14 ").id == "9.14"


def test_unknown_id() -> None:
    with pytest.raises(SopNotFound, match="tidak ditemukan"):
        get_sop("9.99")


def test_known_jabatan_come_from_both_reference_files() -> None:
    codes = known_jabatan()
    assert {"KETUA", "SEKRETARIS", "KASUBBAG_KUL", "KASUBBAG_HUKUM"} <= codes


# --------------------------------------------------------------------------- a valid fixture


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path)
    sop = load_sop(path)
    assert isinstance(sop, Sop)
    assert sop.id == "1.1"
    assert sop.tanggal_pengesahan == date(2025, 1, 9)
    assert sop.tanggal_pembuatan is None
    assert [p.kode for p in sop.pelaksana] == ["petugas", "sekretaris", "pemohon"]
    assert not sop.column("pemohon").internal
    decision = sop.step(2).keputusan
    assert decision is not None
    assert (decision.pertanyaan, decision.ya, decision.tidak) == ("Berkas lengkap?", 3, 1)
    assert sop.step(3).kelengkapan == ""
    assert sop.step(1).keterangan == ""
    assert validate(tmp_path) == []


def test_selesai_as_a_target(tmp_path: Path) -> None:
    write(tmp_path, text=VALID.format(id="1.1", waktu="").replace("tidak = 1", 'tidak = "selesai"'))
    decision = load_all(tmp_path)[0].step(2).keputusan
    assert decision is not None and decision.tidak == SELESAI


def test_empty_waktu_has_no_standard(tmp_path: Path) -> None:
    write(tmp_path, waktu="")
    langkah = load_all(tmp_path)[0].step(3)
    assert not langkah.has_waktu
    assert langkah.waktu.batas() is None
    assert langkah.to_dict()["waktu"] is None


def test_to_dict(tmp_path: Path) -> None:
    write(tmp_path)
    data = load_all(tmp_path)[0].to_dict()
    assert {"id", "nama", "pelaksana", "langkah", "nomor", "satker"} <= set(data)
    step = data["langkah"][0]
    assert set(step) >= {"no", "kegiatan", "pelaksana", "waktu_teks", "waktu", "output"}
    assert step["waktu"]["batas"] == {"jumlah": 15, "satuan": "menit"}
    assert data["tanggal_pengesahan"] == "2025-01-09"


def test_unquoted_toml_dates_are_accepted(tmp_path: Path) -> None:
    problems = broken(
        tmp_path, 'tanggal_pengesahan = "2025-01-09"', "tanggal_pengesahan = 2025-01-09"
    )
    assert problems == []


# --------------------------------------------------------------------------- broken fixtures


def test_missing_key(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'satker = "Sekretariat Komisi Pemilihan Umum Kota Contoh"\n', "")
    assert messages(problems) == [f"{tmp_path.name}/1.1.toml: kunci 'satker' tidak ada"]


def test_missing_step_key(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'output = "Persetujuan"\n', "")
    assert messages(problems) == [f"{tmp_path.name}/1.1.toml: langkah 3: kunci 'output' tidak ada"]


def test_wrong_type(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'nama = "Contoh Prosedur"', "nama = 5")
    assert [p.pesan for p in problems] == ["'nama' harus teks"]
    problems = broken(tmp_path, "no = 2", 'no = "2"')
    assert (problems[0].langkah, problems[0].pesan) == (
        2,
        "'no' harus bilangan bulat, tertulis '2'",
    )


def test_unknown_key_is_a_typo(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'kelengkapan = "Berkas"', 'kelengkapn = "Berkas"')
    assert [(p.langkah, p.pesan) for p in problems] == [
        (1, "kunci tidak dikenal 'kelengkapn'"),
        (1, "kunci 'kelengkapan' tidak ada"),
    ]


def test_step_gap(tmp_path: Path) -> None:
    problems = broken(tmp_path, "no = 3", "no = 4")
    assert messages(problems) == [
        f"{tmp_path.name}/1.1.toml: langkah 2: keputusan: 'ya' menuju langkah 3 yang tidak ada",
        f"{tmp_path.name}/1.1.toml: langkah 4: nomor langkah tidak berurutan: langkah ke-3 "
        "bernomor 4 (langkah diberi nomor 1 sampai 3 berurutan)",
    ]


def test_unknown_pelaksana(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'pelaksana = ["sekretaris"]', 'pelaksana = ["kasubbag"]')
    assert messages(problems) == [
        f"{tmp_path.name}/1.1.toml: langkah 3: pelaksana 'kasubbag' tidak ada di [[pelaksana]]"
    ]


def test_empty_pelaksana_of_a_step(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'pelaksana = ["sekretaris"]', "pelaksana = []")
    assert [(p.langkah, p.pesan.split(":")[0]) for p in problems] == [(3, "'pelaksana' kosong")]


def test_bad_decision_target(tmp_path: Path) -> None:
    problems = broken(tmp_path, "ya = 3", "ya = 7")
    assert messages(problems) == [
        f"{tmp_path.name}/1.1.toml: langkah 2: keputusan: 'ya' menuju langkah 7 yang tidak ada"
    ]
    problems = broken(tmp_path, "ya = 3", 'ya = "lanjut"')
    assert 'harus nomor langkah atau "selesai"' in problems[0].pesan


def test_decision_to_itself(tmp_path: Path) -> None:
    problems = broken(tmp_path, "tidak = 1", "tidak = 2")
    assert [(p.langkah, p.pesan) for p in problems] == [
        (2, "keputusan: 'tidak' menuju langkah itu sendiri")
    ]


def test_decision_both_ways_the_same(tmp_path: Path) -> None:
    problems = broken(tmp_path, "tidak = 1", "tidak = 3")
    assert [p.pesan for p in problems] == ["keputusan: 'ya' dan 'tidak' menuju tempat yang sama"]


def test_decision_without_question(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'pertanyaan = "Berkas lengkap?"\n', "")
    assert [p.pesan for p in problems] == ["keputusan: kunci 'pertanyaan' tidak ada"]


def test_bad_date(tmp_path: Path) -> None:
    problems = broken(tmp_path, '"2025-01-09"', '"9 Januari 2025"')
    assert len(problems) == 1
    assert problems[0].langkah is None
    assert "'tanggal_pengesahan' bukan tanggal ISO yang sah: '9 Januari 2025'" in problems[0].pesan
    assert broken(tmp_path, '"2025-01-09"', '"2025-02-30"')[0].pesan.startswith(
        "'tanggal_pengesahan' bukan tanggal ISO"
    )
    assert broken(tmp_path, '"2025-01-09"', '"20250109"')[0].pesan.startswith(
        "'tanggal_pengesahan' bukan tanggal ISO"
    )


def test_unparseable_waktu(tmp_path: Path) -> None:
    write(tmp_path, waktu="15 matit")
    problems = validate(tmp_path)
    assert messages(problems) == [
        f"{tmp_path.name}/1.1.toml: langkah 3: Waktu '15 matit': satuan 'matit' tidak dikenali "
        "(menit, jam, hari, hari kerja, minggu, bulan)."
    ]
    with pytest.raises(SopError, match="matit"):
        load_sop(tmp_path / "1.1.toml")


def test_id_and_file_name_mismatch(tmp_path: Path) -> None:
    path = write(tmp_path, "9.22b")
    path.rename(tmp_path / "9.22c.toml")
    problems = validate(tmp_path)
    assert messages(problems) == [
        f"{tmp_path.name}/9.22c.toml: id '9.22b' tidak sesuai nama berkas (harus '9.22c')"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, "1.1")
    (tmp_path / "copy.toml").write_text(VALID.format(id="1.1", waktu="1 Jam"), encoding="utf-8")
    problems = messages(validate(tmp_path))
    assert problems == [
        f"{tmp_path.name}/copy.toml: id '1.1' tidak sesuai nama berkas (harus 'copy')",
        f"{tmp_path.name}/copy.toml: id '1.1' sudah dipakai oleh 1.1.toml",
    ]


def test_unknown_role_and_jabatan(tmp_path: Path) -> None:
    text = VALID.format(id="1.1", waktu="1 Jam")
    text = text.replace('peran = ["petugas"]', 'peran = ["operator"]')
    text = text.replace('jabatan = ["SEKRETARIS"]', 'jabatan = ["SEKDA"]')
    write(tmp_path, text=text)
    problems = [p.pesan for p in validate(tmp_path)]
    assert problems[0].startswith("pelaksana 'petugas': peran 'operator' tidak dikenal")
    assert problems[1].startswith("pelaksana 'sekretaris': kode jabatan 'SEKDA' tidak ada")


def test_jabatan_can_be_given(tmp_path: Path) -> None:
    write(tmp_path)
    assert validate(tmp_path, jabatan={"SEKRETARIS"}) == []
    assert len(validate(tmp_path, jabatan=set())) == 1


def test_duplicate_pelaksana_and_bad_kode(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'kode = "sekretaris"', 'kode = "petugas"')
    assert "pelaksana 'petugas': kode dipakai dua kali" in [p.pesan for p in problems]
    problems = broken(tmp_path, 'kode = "pemohon"', 'kode = "Pemohon Informasi"')
    assert any("huruf kecil" in p.pesan for p in problems)


def test_no_steps(tmp_path: Path) -> None:
    text = VALID.format(id="1.1", waktu="1 Jam")
    write(tmp_path, text=text[: text.index("[[langkah]]")])
    assert [p.pesan for p in validate(tmp_path)] == ["tidak ada [[langkah]]"]


def test_toml_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, text='id = "1.1"\nnama = \n')
    problems = validate(tmp_path)
    assert len(problems) == 1 and problems[0].pesan.startswith("TOML tidak sah")


def test_empty_folder(tmp_path: Path) -> None:
    problems = validate(tmp_path)
    assert [p.pesan for p in problems] == ["tidak ada berkas SOP (*.toml) di folder ini"]


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    text = VALID.format(id="1.1", waktu="1 Jar")
    text = text.replace("no = 2", "no = 5").replace('pelaksana = ["petugas"]', 'pelaksana = ["x"]')
    write(tmp_path, text=text)
    found = {(p.langkah, p.pesan.split(" ")[0]) for p in validate(tmp_path)}
    assert (5, "nomor") in found
    assert (5, "pelaksana") in found
    assert (3, "Waktu") in found


# --------------------------------------------------------------------------- loading, cache


def test_load_all_refuses_a_broken_folder_but_get_sop_still_finds_valid_ones(
    tmp_path: Path,
) -> None:
    write(tmp_path, "1.1")
    write(tmp_path, "1.2", waktu="15 matit")
    with pytest.raises(SopError) as info:
        load_all(tmp_path)
    assert [p.path.name for p in info.value.problems] == ["1.2.toml"]
    assert get_sop("1.1", tmp_path).id == "1.1"
    with pytest.raises(SopError):
        get_sop("1.2", tmp_path)
    sops, problems = load_checked(tmp_path)
    assert [s.id for s in sops] == ["1.1"]
    assert len(problems) == 1


def test_order_of_ids(tmp_path: Path) -> None:
    for sop_id in ("pinrang-16-2022", "9.22b", "9.10", "9.2", "9.22", "9.1b", "9.1", "banten-04"):
        write(tmp_path, sop_id)
    assert [s.id for s in load_all(tmp_path)] == [
        "9.1",
        "9.1b",
        "9.2",
        "9.10",
        "9.22",
        "9.22b",
        "banten-04",
        "pinrang-16-2022",
    ]


def test_cache_is_reused_and_refreshed_on_change(tmp_path: Path) -> None:
    path = write(tmp_path)
    first = load_all(tmp_path)
    assert load_all(tmp_path)[0] is first[0]
    path.write_text(VALID.format(id="1.1", waktu="3 Jam"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_all(tmp_path)[0].step(3).waktu_teks == "3 Jam"
    write(tmp_path, "1.2")
    assert [s.id for s in load_all(tmp_path)] == ["1.1", "1.2"]
