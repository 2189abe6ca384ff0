"""A test plugin that holds a build still at a chosen point, so a test can act on it there.

``PAUSE_BUILD_AT`` names the point (``settings``, ``render`` or ``pagefind``) and
``PAUSE_BUILD_DIR`` the folder where each paused process writes ``paused-<point>-<pid>``;
it then waits until a file ``release`` appears there (or for ten minutes).
"""

from __future__ import annotations

import os
import time

from pelican import signals


def pause(point: str) -> None:
    """Wait here when the build is to pause at *point*."""
    folder = os.environ.get("PAUSE_BUILD_DIR")
    if not folder or os.environ.get("PAUSE_BUILD_AT") != point:
        return
    with open(os.path.join(folder, f"paused-{point}-{os.getpid()}"), "w", encoding="utf-8"):
        pass
    deadline = time.monotonic() + 600
    while not os.path.exists(os.path.join(folder, "release")) and time.monotonic() < deadline:
        time.sleep(0.05)


def pause_rendering(_generators) -> None:
    """The language run has read its content and is about to write pages."""
    pause("render")


def register() -> None:
    """Connect to Pelican."""
    signals.all_generators_finalized.connect(pause_rendering)
