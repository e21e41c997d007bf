"""SOPs as data: the flowcharts of ``sops/*.toml`` as frozen dataclasses, loaded and validated.

Below the services and above the rules: imports :mod:`kpu_tui.rules` (the waktu grammar) and
:mod:`kpu_tui.models` (the roles), never the services, the TUI, printing, Textual or ReportLab.
"""

from .loader import (
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
from .model import SELESAI, Keputusan, Langkah, Pelaksana, Sop, Target

__all__ = [
    "SELESAI",
    "Keputusan",
    "Langkah",
    "Pelaksana",
    "Sop",
    "SopError",
    "SopNotFound",
    "SopProblem",
    "Target",
    "clear_cache",
    "get_sop",
    "known_jabatan",
    "load_all",
    "load_checked",
    "load_sop",
    "sop_files",
    "validate",
]
