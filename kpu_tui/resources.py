"""Where the shipped files are: ``data/`` (reference tables) and ``sops/`` (SOP files).

In a source checkout (and an editable install) they are the top-level folders of the
repository; a built wheel carries them as ``kpu_tui/_data`` and ``kpu_tui/_sops``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / checkout


def data_dir() -> Path:
    """The folder of shipped reference tables."""
    return _find("_data", "data")


def sops_dir() -> Path:
    """The folder of SOP files."""
    return _find("_sops", "sops")
