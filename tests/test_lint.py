"""The code passes the lint rules in pyproject.toml's [tool.ruff] (unused names, likely bugs) and is formatted by ruff format."""

from __future__ import annotations

import subprocess
import sys

from sitetest import REPO


def test_ruff_finds_nothing():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "plugins",
            "intake",
            "office_client",
            "bench",
            "tests",
            "pelicanconf.py",
            "publishconf.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "run `.venv/bin/ruff format .`:\n" + result.stdout + result.stderr
