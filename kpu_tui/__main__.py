"""``python -m kpu_tui``: the same as the ``kpu-tui`` command."""

from kpu_tui.cli import main

raise SystemExit(main())
