"""Stands in for the ``pagefind_bin`` wheel in tests: ``get_executable()`` is a script that
pauses like ``pause_build`` (at ``pagefind``) and then runs the real Pagefind."""

from __future__ import annotations

import os


def get_executable() -> str:
    """The pausing script."""
    return os.path.join(os.path.dirname(__file__), "pagefind")
