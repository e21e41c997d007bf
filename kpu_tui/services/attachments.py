"""The attachment store: files kept under their SHA-256, verified whenever they are opened.

A file is copied (never moved) into ``<attachment_dir>/<first two hex digits>/<sha256><ext>``
through a temporary file and an atomic rename, so a crash never leaves half a file under a
valid name, and the same content is stored once. Records refer to a file by
``sha256:<hex>/<original name>``; a missing or altered file is reported, never served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ServiceError, ValidationError

ALLOWED_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})
MAX_BYTES = 50 * 1024 * 1024
REF_PREFIX = "sha256:"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """A file in the store."""

    sha256: str
    nama: str
    """The file's original name (what the user recognises)."""
    suffix: str
    ukuran: int

    @property
    def ref(self) -> str:
        """How records refer to it: ``sha256:<hex>/<original name>``."""
        return f"{REF_PREFIX}{self.sha256}/{self.nama}"


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def stored_path(directory: Path, sha256: str, suffix: str) -> Path:
    """Where a file with this digest lives in the store."""
    return directory / sha256[:2] / f"{sha256}{suffix}"


def store_file(
    directory: Path, source: str | os.PathLike[str], *, field: str = "lampiran"
) -> StoredFile:
    """Copy ``source`` into the store and return its record.

    Raises:
        ValidationError: keyed by ``field``: the path is empty, does not exist, is a folder, is
            not a PDF/JPG/PNG, is empty or larger than 50 MB, or cannot be read.
    """
    text = str(source).strip().strip('"')
    if not text:
        raise ValidationError({field: "Lokasi berkas wajib diisi."})
    path = Path(text).expanduser()
    if not path.exists():
        raise ValidationError({field: f"Berkas tidak ditemukan: {path}"})
    if not path.is_file():
        raise ValidationError({field: f"Bukan berkas: {path}"})
    suffix = path.suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({field: "Hanya berkas PDF, JPG atau PNG yang dapat dilampirkan."})
    size = path.stat().st_size
    if size == 0:
        raise ValidationError({field: "Berkas kosong (0 bita)."})
    if size > MAX_BYTES:
        raise ValidationError({field: f"Berkas lebih dari {MAX_BYTES // (1024 * 1024)} MB."})
    try:
        sha = _digest(path)
        target = stored_path(directory, sha, ".jpg" if suffix == ".jpeg" else suffix)
        if not target.exists() or _digest(target) != sha:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".sementara")
            try:
                with os.fdopen(fd, "wb") as out, path.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                if _digest(Path(temp)) != sha:
                    raise ValidationError({field: "Berkas berubah saat disalin; coba lagi."})
                os.replace(temp, target)
            finally:
                if os.path.exists(temp):
                    os.remove(temp)
    except OSError as exc:
        raise ValidationError(
            {field: f"Berkas tidak dapat dibaca atau disimpan: {exc.strerror}"}
        ) from exc
    return StoredFile(sha, path.name[:200], target.suffix, size)


def parse_ref(ref: str) -> tuple[str, str]:
    """``(sha256, original name)`` of a reference (raises ValueError for anything else)."""
    if not ref.startswith(REF_PREFIX) or "/" not in ref:
        raise ValueError(f"bukan rujukan lampiran: {ref!r}")
    sha, name = ref[len(REF_PREFIX) :].split("/", 1)
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError(f"bukan rujukan lampiran: {ref!r}")
    return sha, name


def open_verified(directory: Path, ref: str) -> Path:
    """The stored file of ``ref`` after checking that its content still has its digest.

    Raises:
        ServiceError: the file is missing or has been altered.
    """
    try:
        sha, name = parse_ref(ref)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    folder = directory / sha[:2]
    candidates = sorted(folder.glob(f"{sha}.*")) if folder.is_dir() else []
    if not candidates:
        raise ServiceError(f"Lampiran '{name}' tidak ada di penyimpanan lampiran.")
    path = candidates[0]
    if _digest(path) != sha:
        raise ServiceError(f"Lampiran '{name}' telah berubah sejak disimpan; jangan dipakai.")
    return path
