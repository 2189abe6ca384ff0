"""Helpers for tests that build sites: a built site with page lookups, and the build call."""

from __future__ import annotations

import filecmp
import os
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from sitebuild.build import build

REPO = Path(__file__).resolve().parent.parent
# The sample site is built as if today were this date, so that which training sessions are
# upcoming (and the tests about them) do not change as the calendar moves on.
SAMPLE_TODAY = "2026-11-22"
# Its search index is split as a site with thousands of posts is (2 shards per language), so
# every search test also covers results merged from several indexes.
SAMPLE_SHARD_PAGES = 4


class Site:
    """A built site in a folder, with helpers to read its pages."""

    def __init__(self, root: Path, report) -> None:
        self.root = root
        self.report = report

    def path(self, url: str) -> Path:
        """The file behind a root-relative URL such as ``/en/`` or ``/blog/x/``."""
        relative = url.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return self.root / relative

    def exists(self, url: str) -> bool:
        """True when *url* is a file of the site."""
        return self.path(url).is_file()

    def soup(self, url: str) -> BeautifulSoup:
        """The parsed page at *url*."""
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")

    def text(self, url: str) -> str:
        """The raw text of the file at *url*."""
        return self.path(url).read_text(encoding="utf-8")


def build_into(output: Path, settings_file: Path = REPO / "pelicanconf.py", **overrides) -> Site:
    """Build with the repo's theme and plugins into *output*."""
    overrides.setdefault("THEME", str(REPO / "theme"))
    overrides.setdefault("PLUGIN_PATHS", [str(REPO / "plugins")])
    overrides.setdefault("PATH", str(REPO / "content"))
    overrides.setdefault("CACHE_PATH", str(Path(output).parent / "cache"))
    strict = overrides.pop("STRICT", False)
    incremental = overrides.pop("INCREMENTAL", False)
    preview = {"kept": overrides.pop("KEPT", None), "changed": overrides.pop("CHANGED", None)}  # make devserver's
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        report = build(
            str(settings_file),
            str(output),
            strict=strict,
            jobs=1,
            overrides=overrides,
            incremental=incremental,
            **preview,
        )
    finally:
        os.chdir(cwd)
    return Site(output, report)


def write_content(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` below *root*/content and return that folder."""
    content = root / "content"
    for relative, text in files.items():
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


def tree_differences(one: Path, other: Path) -> list[str]:
    """Relative paths that differ between two folders (in content, or present in one only)."""
    differences: list[str] = []

    def compare(comparison: filecmp.dircmp, prefix: str = "") -> None:
        differences.extend(
            prefix + name for name in comparison.diff_files + comparison.left_only + comparison.right_only
        )
        for name, sub in comparison.subdirs.items():
            compare(sub, prefix + name + "/")

    compare(filecmp.dircmp(one, other, ignore=[]))
    return sorted(differences)
