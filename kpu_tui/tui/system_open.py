"""Open a file (a printed PDF, a scan) with the viewer of the operating system.

The viewer is started without waiting for it. Whatever stops it from starting comes back as a
message in Indonesian naming the file, so the user can open it by hand: the app never fails
because a computer has no PDF viewer. On Linux without a graphical display (an SSH session)
nothing is started at all: ``xdg-open`` would fall back to a text browser inside the very
terminal the app is drawing in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path


def _manual(path: Path) -> str:
    return f"Buka sendiri berkas ini: {path}"


def _spawn(command: list[str]) -> None:
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Reap the opener when it exits (it usually hands over to the viewer at once).
    threading.Thread(target=process.wait, daemon=True).start()


def open_with_system(path: Path | str) -> str | None:
    """Start the system's viewer on ``path``.

    Returns:
        None when the viewer was started, else why not (in Indonesian, with the path).
    """
    target = Path(path)
    if not target.exists():
        return f"Berkas tidak ditemukan: {target}"
    try:
        if sys.platform == "win32":
            os.startfile(target)  # type: ignore[attr-defined,unused-ignore]
        elif sys.platform == "darwin":
            _spawn(["open", str(target)])
        else:
            if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
                return f"Tidak ada tampilan grafis untuk membuka berkas. {_manual(target)}"
            opener = shutil.which("xdg-open")
            if opener is None:
                return f"Penampil berkas (xdg-open) tidak terpasang. {_manual(target)}"
            _spawn([opener, str(target)])
    except OSError as exc:
        return f"Berkas tidak dapat dibuka: {exc.strerror or exc}. {_manual(target)}"
    return None


__all__ = ["open_with_system"]
