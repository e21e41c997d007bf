"""Loading and validating the SOP files (``sops/*.toml``, format in ``docs/sop-format.md``).

Every check names the file and, where it applies, the step, so ``kpu-tui sop check`` can print
``sops/9.14.toml: langkah 3: ...``: required keys and their types, unknown keys (typos), the id
against the file name, unique ids, steps numbered 1…n, pelaksana that exist, known roles and
jabatan codes, decision targets, ISO dates, and a waktu text the grammar
(:mod:`kpu_tui.rules.waktu`) can parse.

The jabatan codes come from the shipped ``data/unit_kabkota.toml`` and ``data/unit_provinsi.toml``,
read here directly (this package sits below the services, so it does not use
``kpu_tui.services.reference``); a caller may pass its own set instead.

Parsed SOPs are cached per directory and re-read when a file in it changes.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from kpu_tui.models import Role
from kpu_tui.resources import data_dir, sops_dir
from kpu_tui.rules.waktu import WaktuError, parse_waktu

from .model import SELESAI, Keputusan, Langkah, Pelaksana, Sop, Target

UNIT_FILES: Final = ("unit_kabkota.toml", "unit_provinsi.toml")
"""The reference files whose ``[[jabatan]]`` codes a pelaksana may name."""

REQUIRED_TEXT: Final = ("id", "nama", "satker", "sumber", "seed")
"""Identity keys that must be present and not empty."""
OPTIONAL_TEXT: Final = (
    "nomor",
    "flowchart",
    "disahkan_oleh",
    "jabatan_pengesah",
    "peringatan",
    "pencatatan",
)
"""Identity keys that must be present, possibly empty (a document may print no number)."""
DATE_KEYS: Final = (
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "tanggal_pengesahan",
)
"""ISO dates, or "" when the document leaves them empty."""
LIST_KEYS: Final = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan")
"""Lists of strings, one per numbered item."""
TOP_KEYS: Final = frozenset(
    {*REQUIRED_TEXT, *OPTIONAL_TEXT, *DATE_KEYS, *LIST_KEYS, "pelaksana", "langkah"}
)
PELAKSANA_KEYS: Final = frozenset({"kode", "nama", "peran", "jabatan"})
LANGKAH_REQUIRED: Final = ("no", "kegiatan", "pelaksana", "kelengkapan", "waktu", "output")
LANGKAH_KEYS: Final = frozenset({*LANGKAH_REQUIRED, "keterangan", "keputusan"})
KEPUTUSAN_KEYS: Final = frozenset({"pertanyaan", "ya", "tidak"})

ID_RE: Final = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
KODE_RE: Final = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROLES: Final = frozenset(role.value for role in Role)


@dataclass(frozen=True)
class SopProblem:
    """One thing wrong in an SOP file.

    Attributes:
        path: the file (or the folder, for a problem of the whole folder).
        pesan: what is wrong, in Bahasa Indonesia.
        langkah: the step it concerns, if any.
    """

    path: Path
    pesan: str
    langkah: int | None = None

    @property
    def berkas(self) -> str:
        """The file as ``folder/name``, e.g. ``sops/9.14.toml``."""
        return f"{self.path.parent.name}/{self.path.name}"

    def __str__(self) -> str:
        if self.langkah is not None:
            return f"{self.berkas}: langkah {self.langkah}: {self.pesan}"
        return f"{self.berkas}: {self.pesan}"


class SopError(ValueError):
    """SOP files that do not pass validation.

    Attributes:
        problems: every problem found.
    """

    def __init__(self, problems: Iterable[SopProblem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:3])
        more = len(self.problems) - 3
        if more > 0:
            shown += f" (dan {more} masalah lain)"
        super().__init__(f"Berkas SOP tidak sah: {shown}")


class SopNotFound(LookupError):
    """No SOP with the id asked for.

    Attributes:
        sop_id: the id asked for.
    """

    def __init__(self, sop_id: str) -> None:
        self.sop_id = sop_id
        super().__init__(
            f"SOP '{sop_id}' tidak ditemukan. Lihat daftarnya dengan: kpu-tui sop list"
        )


# --------------------------------------------------------------------------- known jabatan


def known_jabatan(directory: Path | None = None) -> frozenset[str]:
    """The jabatan codes of the shipped reference files (``[[jabatan]] kode``).

    Args:
        directory: the data folder; the shipped ``data/`` when None.
    """
    return _known_jabatan(Path(directory or data_dir()).resolve())


@lru_cache(maxsize=4)
def _known_jabatan(directory: Path) -> frozenset[str]:
    codes: set[str] = set()
    for name in UNIT_FILES:
        path = directory / name
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        for row in content.get("jabatan", []):
            if isinstance(row, dict) and isinstance(row.get("kode"), str):
                codes.add(row["kode"])
    return frozenset(codes)


# --------------------------------------------------------------------------- one file


class _FileCheck:
    """Checks one parsed file, collecting problems, and builds the :class:`Sop` if none."""

    def __init__(self, path: Path, content: Mapping[str, Any], jabatan: Collection[str]):
        self.path = path
        self.content = content
        self.jabatan = jabatan
        self.problems: list[SopProblem] = []
        self.sop_id = ""

    def problem(self, pesan: str, langkah: int | None = None) -> None:
        self.problems.append(SopProblem(self.path, pesan, langkah))

    # -- values

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        *,
        required: bool = True,
        nonempty: bool = False,
        where: str = "",
        langkah: int | None = None,
    ) -> str:
        if key not in table:
            if required:
                self.problem(f"{where}kunci '{key}' tidak ada", langkah)
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem(f"{where}'{key}' harus teks", langkah)
            return ""
        if nonempty and not value.strip():
            self.problem(f"{where}'{key}' tidak boleh kosong", langkah)
        return value.strip()

    def texts(
        self,
        table: Mapping[str, Any],
        key: str,
        *,
        required: bool = True,
        where: str = "",
        langkah: int | None = None,
    ) -> tuple[str, ...]:
        if key not in table:
            if required:
                self.problem(f"{where}kunci '{key}' tidak ada", langkah)
            return ()
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(f"{where}'{key}' harus daftar teks", langkah)
            return ()
        if any(not item.strip() for item in value):
            self.problem(f"{where}'{key}' memuat teks kosong", langkah)
        return tuple(item.strip() for item in value if item.strip())

    def iso_date(self, key: str) -> date | None:
        if key not in self.content:
            self.problem(f"kunci '{key}' tidak ada")
            return None
        value = self.content[key]
        if isinstance(value, date):  # an unquoted TOML date is a date already
            return value
        if not isinstance(value, str):
            self.problem(f'\'{key}\' harus tanggal ISO ("2025-01-09") atau ""')
            return None
        if not value.strip():
            return None
        try:
            if not ISO_DATE_RE.match(value.strip()):
                raise ValueError(value)
            return date.fromisoformat(value.strip())
        except ValueError:
            self.problem(f"'{key}' bukan tanggal ISO yang sah: '{value}' (contoh \"2025-01-09\")")
            return None

    def unknown_keys(
        self, table: Mapping[str, Any], allowed: frozenset[str], where: str, langkah: int | None
    ) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(f"{where}kunci tidak dikenal '{key}'", langkah)

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.content.get(key)
        if value is None:
            self.problem(f"tidak ada [[{key}]]")
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(f"'{key}' harus tabel [[{key}]]")
            return []
        if not value:
            self.problem(f"tidak ada [[{key}]]")
        return value

    # -- parts

    def run(self) -> Sop | None:
        content = self.content
        self.unknown_keys(content, TOP_KEYS, "", None)
        identity = {key: self.text(content, key, nonempty=True) for key in REQUIRED_TEXT}
        identity.update({key: self.text(content, key) for key in OPTIONAL_TEXT})
        sop_id = self.sop_id = identity["id"]
        if sop_id:
            if not ID_RE.match(sop_id):
                self.problem(f"id '{sop_id}' hanya boleh huruf kecil, angka, titik dan '-'")
            if sop_id != self.path.stem:
                self.problem(f"id '{sop_id}' tidak sesuai nama berkas (harus '{self.path.stem}')")
        dates = {key: self.iso_date(key) for key in DATE_KEYS}
        lists = {key: self.texts(content, key) for key in LIST_KEYS}
        pelaksana = self.pelaksana()
        langkah = self.langkah({p.kode for p in pelaksana})
        if self.problems:
            return None
        return Sop(
            id=sop_id,
            nomor=identity["nomor"],
            nama=identity["nama"],
            flowchart=identity["flowchart"],
            satker=identity["satker"],
            sumber=identity["sumber"],
            seed=identity["seed"],
            tanggal_pembuatan=dates["tanggal_pembuatan"],
            tanggal_revisi=dates["tanggal_revisi"],
            tanggal_efektif=dates["tanggal_efektif"],
            tanggal_pengesahan=dates["tanggal_pengesahan"],
            disahkan_oleh=identity["disahkan_oleh"],
            jabatan_pengesah=identity["jabatan_pengesah"],
            dasar_hukum=lists["dasar_hukum"],
            kualifikasi_pelaksana=lists["kualifikasi_pelaksana"],
            keterkaitan=lists["keterkaitan"],
            peralatan=lists["peralatan"],
            peringatan=identity["peringatan"],
            pencatatan=identity["pencatatan"],
            pelaksana=tuple(pelaksana),
            langkah=tuple(langkah),
            berkas=self.path.name,
        )

    def pelaksana(self) -> list[Pelaksana]:
        result: list[Pelaksana] = []
        seen: set[str] = set()
        for index, table in enumerate(self.tables("pelaksana"), start=1):
            where = f"pelaksana ke-{index}: "
            kode = self.text(table, "kode", nonempty=True, where=where)
            if kode:
                where = f"pelaksana '{kode}': "
                if not KODE_RE.match(kode):
                    self.problem(f"{where}kode hanya huruf kecil, angka dan '_', tanpa spasi")
                if kode in seen:
                    self.problem(f"{where}kode dipakai dua kali")
                seen.add(kode)
            self.unknown_keys(table, PELAKSANA_KEYS, where, None)
            nama = self.text(table, "nama", nonempty=True, where=where)
            peran = self.texts(table, "peran", where=where)
            for role in peran:
                if role not in ROLES:
                    self.problem(
                        f"{where}peran '{role}' tidak dikenal (yang dikenal: "
                        f"{', '.join(sorted(ROLES))})"
                    )
            jabatan = self.texts(table, "jabatan", where=where)
            for code in jabatan:
                if code not in self.jabatan:
                    self.problem(
                        f"{where}kode jabatan '{code}' tidak ada di data/unit_kabkota.toml "
                        "atau data/unit_provinsi.toml"
                    )
            result.append(
                Pelaksana(
                    kode=kode,
                    nama=nama,
                    peran=tuple(Role(role) for role in peran if role in ROLES),
                    jabatan=jabatan,
                )
            )
        return result

    def langkah(self, kode_pelaksana: set[str]) -> list[Langkah]:
        tables = self.tables("langkah")
        numbers = {table.get("no") for table in tables if _is_int(table.get("no"))}
        result: list[Langkah] = []
        for index, table in enumerate(tables, start=1):
            raw_no = table.get("no")
            no = raw_no if isinstance(raw_no, int) and not isinstance(raw_no, bool) else index
            if "no" not in table:
                self.problem("kunci 'no' tidak ada", no)
            elif not _is_int(raw_no):
                self.problem(f"'no' harus bilangan bulat, tertulis {raw_no!r}", no)
            elif raw_no != index:
                self.problem(
                    f"nomor langkah tidak berurutan: langkah ke-{index} bernomor {raw_no} "
                    f"(langkah diberi nomor 1 sampai {len(tables)} berurutan)",
                    no,
                )
            self.unknown_keys(table, LANGKAH_KEYS, "", no)
            kegiatan = self.text(table, "kegiatan", nonempty=True, langkah=no)
            acting = self.texts(table, "pelaksana", langkah=no)
            if "pelaksana" in table and not acting:
                self.problem("'pelaksana' kosong: sebutkan kode kolom yang bertindak", no)
            for kode in acting:
                if kode not in kode_pelaksana:
                    self.problem(f"pelaksana '{kode}' tidak ada di [[pelaksana]]", no)
            kelengkapan = self.text(table, "kelengkapan", langkah=no)
            waktu_teks = self.text(table, "waktu", langkah=no)
            output = self.text(table, "output", langkah=no)
            keterangan = self.text(table, "keterangan", required=False, langkah=no)
            try:
                waktu = parse_waktu(waktu_teks)
            except WaktuError as exc:
                self.problem(exc.pesan, no)
                waktu = parse_waktu("")
            keputusan = self.keputusan(table, no, numbers)
            result.append(
                Langkah(
                    no=no,
                    kegiatan=kegiatan,
                    pelaksana=acting,
                    kelengkapan=kelengkapan,
                    waktu_teks=waktu_teks,
                    waktu=waktu,
                    output=output,
                    keterangan=keterangan,
                    keputusan=keputusan,
                )
            )
        return result

    def keputusan(self, table: Mapping[str, Any], no: int, numbers: set[Any]) -> Keputusan | None:
        if "keputusan" not in table:
            return None
        value = table["keputusan"]
        if not isinstance(value, dict):
            self.problem("'keputusan' harus tabel [langkah.keputusan]", no)
            return None
        where = "keputusan: "
        self.unknown_keys(value, KEPUTUSAN_KEYS, where, no)
        pertanyaan = self.text(value, "pertanyaan", nonempty=True, where=where, langkah=no)
        targets: dict[str, Target] = {}
        for answer in ("ya", "tidak"):
            if answer not in value:
                self.problem(f"{where}kunci '{answer}' tidak ada", no)
                continue
            target = value[answer]
            if target == SELESAI:
                targets[answer] = SELESAI
            elif not _is_int(target):
                self.problem(
                    f"{where}'{answer}' harus nomor langkah atau \"selesai\", tertulis {target!r}",
                    no,
                )
            elif target not in numbers:
                self.problem(f"{where}'{answer}' menuju langkah {target} yang tidak ada", no)
            elif target == no:
                self.problem(f"{where}'{answer}' menuju langkah itu sendiri", no)
            else:
                targets[answer] = target
        if len(targets) == 2 and targets["ya"] == targets["tidak"]:
            self.problem(f"{where}'ya' dan 'tidak' menuju tempat yang sama", no)
        if len(targets) < 2:
            return None
        return Keputusan(pertanyaan=pertanyaan, ya=targets["ya"], tidak=targets["tidak"])


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_file(path: Path, jabatan: Collection[str]) -> tuple[Sop | None, list[SopProblem], str]:
    """Read and check one file: the SOP (None if anything is wrong), every problem, and the id
    the file declares ("" if none)."""
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return None, [SopProblem(path, f"TOML tidak sah: {exc}")], ""
    except UnicodeDecodeError:
        return None, [SopProblem(path, "berkas bukan teks UTF-8")], ""
    except OSError as exc:
        return None, [SopProblem(path, f"berkas tidak dapat dibaca: {exc.strerror or exc}")], ""
    check = _FileCheck(path, content, jabatan)
    sop = check.run()
    return sop, check.problems, check.sop_id


def load_sop(path: Path | str, *, jabatan: Collection[str] | None = None) -> Sop:
    """Load and validate one SOP file.

    Args:
        path: the ``.toml`` file.
        jabatan: the known jabatan codes; the shipped reference files' when None.

    Raises:
        SopError: the file does not pass validation (every problem listed).
    """
    file = Path(path)
    sop, problems, _ = _check_file(file, known_jabatan() if jabatan is None else jabatan)
    if problems or sop is None:
        raise SopError(problems)
    return sop


# --------------------------------------------------------------------------- the folder


def _folder(directory: Path | str | None) -> Path:
    return Path(directory) if directory is not None else sops_dir()


def _file_key(path: Path) -> tuple[int, int, str]:
    match = re.match(r"^9\.(\d+)([a-z]?)$", path.stem)
    if match:
        return (0, int(match.group(1)), match.group(2))
    return (1, 0, path.stem)


def sop_files(directory: Path | str | None = None) -> list[Path]:
    """The ``*.toml`` files of the folder, in SOP order (9.1, 9.1b, 9.2 … 9.22d, then others)."""
    folder = _folder(directory)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.toml") if p.is_file()), key=_file_key)


def _check_folder(
    directory: Path | str | None, jabatan: Collection[str] | None
) -> tuple[list[Sop], list[SopProblem]]:
    folder = _folder(directory)
    codes = known_jabatan() if jabatan is None else jabatan
    files = sop_files(folder)
    if not files:
        return [], [SopProblem(folder, "tidak ada berkas SOP (*.toml) di folder ini")]
    sops: list[Sop] = []
    problems: list[SopProblem] = []
    seen: dict[str, Path] = {}
    for path in files:
        sop, found, sop_id = _check_file(path, codes)
        problems.extend(found)
        if sop_id in seen:
            problems.append(
                SopProblem(path, f"id '{sop_id}' sudah dipakai oleh {seen[sop_id].name}")
            )
            continue
        if sop_id:
            seen[sop_id] = path
        if sop is not None:
            sops.append(sop)
    sops.sort(key=lambda s: s.sort_key)
    return sops, problems


def validate(
    directory: Path | str | None = None, *, jabatan: Collection[str] | None = None
) -> list[SopProblem]:
    """Every problem of every SOP file of the folder (empty when all are valid).

    Args:
        directory: the folder; the shipped ``sops/`` when None.
        jabatan: the known jabatan codes; the shipped reference files' when None.
    """
    return _check_folder(directory, jabatan)[1]


_Stamp = tuple[tuple[str, int, int], ...]
_Loaded = tuple[tuple[Sop, ...], tuple[SopProblem, ...]]
_cache: dict[Path, tuple[_Stamp, _Loaded]] = {}
_cache_lock = threading.Lock()


def _stamp(folder: Path) -> _Stamp:
    entries = []
    for path in sop_files(folder):
        stat = path.stat()
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def _loaded(directory: Path | str | None) -> _Loaded:
    """The valid SOPs of the folder and the problems of the others, cached per folder."""
    folder = _folder(directory).resolve()
    stamp = _stamp(folder)
    with _cache_lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    sops, problems = _check_folder(folder, None)
    loaded = (tuple(sops), tuple(problems))
    with _cache_lock:
        _cache[folder] = (stamp, loaded)
    return loaded


def load_checked(directory: Path | str | None = None) -> tuple[list[Sop], list[SopProblem]]:
    """The valid SOPs of the folder (in the order of :func:`load_all`) and the problems of the
    files that are not, without raising. Cached like :func:`load_all`.

    Args:
        directory: the folder; the shipped ``sops/`` when None.
    """
    sops, problems = _loaded(directory)
    return list(sops), list(problems)


def load_all(directory: Path | str | None = None) -> list[Sop]:
    """Every SOP of the folder, validated, in order: Bontang 9.1…9.22 (letter variants after
    their number), then the others by id. Cached until a file of the folder changes.

    Args:
        directory: the folder; the shipped ``sops/`` when None.

    Raises:
        SopError: a file does not pass validation (``kpu-tui sop check`` lists every problem).
    """
    sops, problems = _loaded(directory)
    if problems:
        raise SopError(problems)
    return list(sops)


def get_sop(sop_id: str, directory: Path | str | None = None) -> Sop:
    """The SOP with ``sop_id`` (ignoring case and surrounding spaces).

    A broken file elsewhere in the folder does not hide a valid SOP: only the problems of the
    SOP's own file (``<id>.toml``) are raised.

    Raises:
        SopNotFound: no SOP has that id.
        SopError: the SOP's own file does not pass validation.
    """
    wanted = sop_id.strip().lower()
    sops, problems = _loaded(directory)
    for sop in sops:
        if sop.id.lower() == wanted:
            return sop
    own = [problem for problem in problems if problem.path.stem.lower() == wanted]
    if own:
        raise SopError(own)
    raise SopNotFound(sop_id)


def clear_cache() -> None:
    """Forget the parsed SOPs (the next :func:`load_all` reads the files again)."""
    with _cache_lock:
        _cache.clear()
    _known_jabatan.cache_clear()
