"""A whole build on two cores renders each language's pages in two processes (``sitebuild.shared_run``):
the site and what the build reports are those of a build in one process."""

from __future__ import annotations

import logging
import os
import zlib
from collections import Counter
from pathlib import Path

import pytest
from pelican import signals
from sitetest import REPO, SAMPLE_SHARD_PAGES, SAMPLE_TODAY, tree_differences

from sitebuild.build import build
from sitebuild.report import BuildReport, ReportCollector
from sitebuild.shared_run import SharedRun


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory):
    """The sample site built with two jobs, each page's turn recorded as ``pid path mine``."""
    root = tmp_path_factory.mktemp("shared")
    turns = root / "turns.txt"
    asked = SharedRun.mine

    def recorded(self, path):
        mine = asked(self, path)
        with open(turns, "a", encoding="utf-8") as handle:  # one short line per write: appends do not mix
            handle.write(f"{os.getpid()} {path or ''} {int(mine)}\n")  # no path: Pelican writes nothing
        return mine

    patch = pytest.MonkeyPatch()
    patch.setattr(SharedRun, "mine", recorded)  # the forked language processes and helpers inherit it
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        report = build(
            str(REPO / "pelicanconf.py"),
            str(root / "output"),
            jobs=2,
            overrides={
                "THEME": str(REPO / "theme"),
                "PLUGIN_PATHS": [str(REPO / "plugins")],
                "PATH": str(REPO / "content"),
                "CACHE_PATH": str(root / "cache"),
                "TRAINING_OFFERS_TODAY": SAMPLE_TODAY,
                "SEARCH_SHARD_PAGES": SAMPLE_SHARD_PAGES,
            },
        )
    finally:
        os.chdir(cwd)
        patch.undo()
    lines = [line.split(" ") for line in turns.read_text(encoding="utf-8").splitlines()]
    return root / "output", report, [(int(pid), path, mine == "1") for pid, path, mine in lines if path]


def test_two_processes_per_language_give_the_site_and_report_of_one_process(shared_build, sample_site):
    output, report, _turns = shared_build
    assert report.ok, report.errors
    assert tree_differences(output, Path(sample_site.root)) == []
    assert Counter(report.warnings) == Counter(sample_site.report.warnings)  # none lost, none twice
    assert Counter(report.errors) == Counter(sample_site.report.errors)
    assert sorted(report.notices) == sorted(sample_site.report.notices)


def test_each_page_is_rendered_once_and_both_processes_of_a_language_render(shared_build):
    _output, _report, turns = shared_build
    rendered = Counter(path for _pid, path, mine in turns if mine)
    asked = {path for _pid, path, _mine in turns}
    assert asked and set(rendered) == asked  # every page and feed asked for is rendered ...
    assert max(rendered.values()) == 1  # ... by exactly one process
    for prefix in ("en/", ""):  # English pages live below en/, German ones at the top
        language = [(pid, path) for pid, path, mine in turns if mine and path.startswith(prefix)]
        assert len({pid for pid, _path in language}) >= 2


def test_the_helper_reports_what_its_pages_logged_and_nothing_twice():
    """The fork, the turns, the log filter and the merge, in two real processes."""
    report, written = BuildReport(), {}
    collector = ReportCollector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    log = logging.getLogger("sitebuild.test")
    paths = [f"blog/post-{number}/index.html" for number in range(40)]
    run = SharedRun(report, written)
    try:
        run.split()
        try:
            log.warning("the model is told once")  # outside a page: the first process alone reports it
            for path in paths:
                if run.mine(path):
                    run.rendering = True
                    log.warning("rendering %s", path)
                    written[path] = None
                    run.rendering = False
            if run.part:
                signals.finalized.send(None)  # the helper reports and ends here
        except BaseException:
            if run.part:
                os._exit(1)  # never back into pytest from the forked helper
            raise
        run.join()
    finally:
        root.removeHandler(collector)
    assert Counter(report.warnings) == Counter(["the model is told once", *(f"rendering {path}" for path in paths)])
    assert set(written) == set(paths)
    mine = [path for path in paths if zlib.crc32(path.encode()) % 2 == 0]
    assert 0 < len(mine) < len(paths)  # both processes had pages
