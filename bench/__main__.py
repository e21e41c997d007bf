"""Run every benchmark: ``main()`` of each ``bench/bench_*.py``, in name order.

Run: ``make bench`` or ``.venv/bin/python -m bench``. Benchmarks print figures; they never fail
on a slow figure (tests do not depend on timings).
"""

from __future__ import annotations

import importlib
from pathlib import Path


def main() -> None:
    """Import each benchmark module by name and run its ``main()``."""
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    for index, name in enumerate(names):
        if index:
            print()
        module = importlib.import_module(f"bench.{name}")
        module.main()


if __name__ == "__main__":
    main()
