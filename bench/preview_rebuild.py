"""One preview rebuild as ``make devserver`` makes it: in a process that built the site before.

    python bench/preview_rebuild.py SETTINGS OUTPUT CONTENT LABEL

Builds once (as the preview does when it starts, keeping the first language's site model:
``sitebuild.kept_site``), changes one post (``edit_one_post``), rebuilds in the same process
told which file changed (as the preview's watcher tells it), and prints the rebuild's own wall
and CPU seconds as one JSON line, the search index of its language included (the preview makes
it after the page is served). ``bench/run.py`` reports these as the incremental rebuild.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generate import edit_one_post
from sitebuild.build import build
from sitebuild.kept_site import KeptSites


def cpu_seconds() -> float:
    """User plus system time of this process and the processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(settings: str, output: str, content: str, label: str) -> int:
    """Build, edit, rebuild; print the rebuild's measurement."""
    kept = KeptSites()
    if not build(settings, output, incremental=True, kept=kept).ok:
        return 1
    post = edit_one_post(Path(content), label)
    started_at, start, cpu = time.time(), time.perf_counter(), cpu_seconds()
    report = build(settings, output, incremental=True, kept=kept, changed={str(post)})
    print(json.dumps({"wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "started_at": started_at}))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
