"""The layers hold: nothing below the UI imports Textual or ReportLab."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

LOWER = [
    "kpu_tui.config",
    "kpu_tui.rules",
    "kpu_tui.models",
    "kpu_tui.store",
    "kpu_tui.services",
    "kpu_tui.services.users",
    "kpu_tui.services.office",
    "kpu_tui.services.journal",
    "kpu_tui.services.maintenance",
    "kpu_tui.services.demo",
    "kpu_tui.services.overview",
    "kpu_tui.services.procedure",
    "kpu_tui.services.demo_procedures",
    "kpu_tui.sop",
    "kpu_tui.sop.engine",
    "kpu_tui.rules.waktu",
]


def _loaded_after_import(module: str) -> set[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_lower_layers_import_neither_textual_nor_reportlab() -> None:
    for module in LOWER:
        loaded = _loaded_after_import(module)
        leaked = sorted(m for m in loaded if m.split(".")[0] in {"textual", "reportlab"})
        assert not leaked, f"{module} imports {leaked[:3]}"


def test_cli_entry_does_not_load_textual_until_the_app_starts() -> None:
    loaded = _loaded_after_import("kpu_tui.cli")
    assert not any(m.split(".")[0] == "textual" for m in loaded)
    assert not any(m.split(".")[0] == "reportlab" for m in loaded)


def test_import_linter_contracts_hold() -> None:
    """The contracts in pyproject.toml, checked by the real lint-imports program."""
    scripts = Path(sys.executable).parent
    program = shutil.which("lint-imports", path=str(scripts)) or shutil.which("lint-imports")
    assert program, "lint-imports is not installed (pip install -e '.[dev]')"
    result = subprocess.run([program, "--no-cache"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
