"""``python -m kpu_tui.cli``."""

from . import main

raise SystemExit(main())
