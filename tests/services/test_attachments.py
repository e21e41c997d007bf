"""The attachment store: content-addressed copies, verified on opening, bad paths refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpu_tui.services import attachments
from kpu_tui.services.errors import ServiceError, ValidationError

PDF = b"%PDF-1.4\n% nota dinas\n"


def test_a_file_is_copied_under_its_digest_once(tmp_path: Path) -> None:
    store = tmp_path / "lampiran"
    source = tmp_path / "Nota Dinas Łukasz.pdf"
    source.write_bytes(PDF)
    first = attachments.store_file(store, source)
    again = attachments.store_file(store, f'"{source}"')  # pasted with quotes
    assert first == again
    assert first.ref.startswith("sha256:") and first.ref.endswith("/Nota Dinas Łukasz.pdf")
    path = attachments.open_verified(store, first.ref)
    assert path.read_bytes() == PDF and path.parent.name == first.sha256[:2]
    assert source.exists()  # copied, never moved
    assert len(list(store.rglob("*"))) == 2  # one folder, one file


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: "", "wajib"),
        (lambda d: str(d / "tidak-ada.pdf"), "tidak ditemukan"),
        (lambda d: str(d), "Bukan berkas"),
        (lambda d: _write(d / "surat.docx", b"x"), "PDF, JPG atau PNG"),
        (lambda d: _write(d / "kosong.png", b""), "kosong"),
    ],
)
def test_bad_paths_are_refused_at_the_field(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        attachments.store_file(tmp_path / "lampiran", make(tmp_path))
    assert words in info.value.errors["lampiran"]
    assert not (tmp_path / "lampiran").exists() or not any((tmp_path / "lampiran").rglob("*.*"))


def test_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="MB"):
        attachments.store_file(tmp_path / "l", _write(tmp_path / "besar.jpg", b"x" * 11))


def test_missing_or_altered_files_are_reported(tmp_path: Path) -> None:
    store = tmp_path / "lampiran"
    stored = attachments.store_file(store, _write(tmp_path / "scan.png", b"\x89PNG data"))
    path = attachments.open_verified(store, stored.ref)
    path.write_bytes(b"\x89PNG lain")
    with pytest.raises(ServiceError, match="berubah"):
        attachments.open_verified(store, stored.ref)
    path.unlink()
    with pytest.raises(ServiceError, match="tidak ada"):
        attachments.open_verified(store, stored.ref)
    with pytest.raises(ServiceError):
        attachments.open_verified(store, "bukan-rujukan")


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)
