"""Two builds at once, and Ctrl-C: real build processes on a tiny site.

A test plugin (tests/data/pausing) holds a build still at a chosen point (reading the
settings, rendering a language, running Pagefind) until the test has acted, so nothing
depends on sleeps.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitebuild.interrupts import Interrupted, stop_on_interrupt, uninterruptible
from sitebuild.lock import BuildLocked, build_lock
from sitetest import REPO, tree_differences, write_content

PAUSING = REPO / "tests" / "data" / "pausing"
POSTS = {
    "de/posts/vertrieb.md": "Title: Vertrieb heute\nDate: 2024-05-17 09:30\nTags: Vertrieb\n\nText über Kundengespräche.\n",
    "en/posts/sales.md": "Title: Selling today\nDate: 2024-05-18 10:00\nTags: Sales\n\nText about sales talks.\n",
}
SETTINGS = f"""
import sys
sys.path[:0] = [{str(REPO)!r}, {str(PAUSING)!r}]
from pelicanconf import *
from pause_build import pause
PATH = "content"
THEME = {str(REPO / "theme")!r}
PLUGIN_PATHS = [{str(REPO / "plugins")!r}, {str(PAUSING)!r}]
PLUGINS = [*PLUGINS, "pause_build"]
CACHE_PATH = "cache"
pause("settings")
"""


def real_pagefind() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    """The tiny site's folder with a complete build in ``out/`` (nothing paused)."""
    root = tmp_path_factory.mktemp("clean")
    write_content(root, POSTS)
    (root / "siteconf.py").write_text(SETTINGS, encoding="utf-8")
    result = start_build(root).communicate(timeout=300)
    assert (root / "out" / "index.html").is_file(), result
    return root


@pytest.fixture
def site(tmp_path, clean_site) -> Path:
    """A copy of the clean site, ``out/`` included, and a folder for the pause markers."""
    for name in ("content", "out"):
        shutil.copytree(clean_site / name, tmp_path / name)
    shutil.copy(clean_site / "siteconf.py", tmp_path)
    (tmp_path / "pauses").mkdir()
    return tmp_path


def build_env(root: Path, pause_at: str = "") -> dict:
    """The environment of a build of *root*'s site that pauses at *pause_at* (nowhere: "")."""
    return dict(
        os.environ,
        PYTHONPATH=str(PAUSING),
        REAL_PAGEFIND=real_pagefind(),
        PAUSE_BUILD_AT=pause_at,
        PAUSE_BUILD_DIR=str(root / "pauses"),
    )


def start_build(root: Path, *args: str, pause_at: str = "", jobs: int = 2) -> subprocess.Popen:
    """``python -m sitebuild`` on *root*'s site into ``out/``, in a session of its own (like a
    terminal's foreground job) and with Ctrl-C not ignored, paused at *pause_at*."""
    return subprocess.Popen(
        [sys.executable, "-m", "sitebuild", "--settings", "siteconf.py", "--output", "out", "--jobs", str(jobs), *args],
        cwd=root,
        env=build_env(root, pause_at),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_pauses(root: Path, build: subprocess.Popen, point: str, count: int = 1) -> list[int]:
    """The pids of the processes paused at *point*, once *count* of them are."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        paused = [int(p.name.rsplit("-", 1)[1]) for p in (root / "pauses").glob(f"paused-{point}-*")]
        if len(paused) >= count:
            return paused
        assert build.poll() is None, build.communicate()
        time.sleep(0.05)
    pytest.fail(f"the build did not pause at {point}")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.parametrize(
    ("point", "jobs", "count", "how"),
    [
        ("settings", 2, 1, "ctrl-c"),  # the content index, before anything is written
        ("render", 2, 2, "ctrl-c"),  # both languages in their worker processes
        ("render", 2, 2, "sigterm"),  # the same, SIGTERM to the build process only
        ("render", 1, 1, "ctrl-c"),  # rendering in the build process itself
        ("pagefind", 2, 1, "ctrl-c"),  # Pagefind runs (in a session of its own)
        ("pagefind", 2, 1, "sigterm"),
    ],
)
def test_an_interrupted_build_ends_with_one_line_and_leaves_output_as_it_was(site, clean_site, point, jobs, count, how):
    build = start_build(site, pause_at=point, jobs=jobs)
    paused = wait_for_pauses(site, build, point, count)
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)  # what a terminal sends to its foreground job
    else:
        build.terminate()
    _stdout, stderr = build.communicate(timeout=120)
    status = 130 if how == "ctrl-c" else 143
    assert build.returncode == status, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == "Build interrupted; out/ unchanged.", stderr
    assert tree_differences(site / "out", clean_site / "out") == []
    assert not any(alive(pid) for pid in paused), "a worker or Pagefind outlived the build"
    assert not (site / "out.previous").exists()
    # what the interrupted build left is recycled: the next build equals a clean one
    again = start_build(site)
    _stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert tree_differences(site / "out", clean_site / "out") == []
    assert not (site / "out.partial").exists()


def test_a_second_build_says_in_one_line_that_another_is_running(site, clean_site):
    (site / "out" / "stray.html").write_text("not part of the site")
    first = start_build(site, pause_at="render", jobs=1)
    wait_for_pauses(site, first, "render")
    for args in ((), ("--strict",)):  # make html, make publish
        second = start_build(site, *args)
        _stdout, stderr = second.communicate(timeout=120)
        assert second.returncode == 1
        assert stderr.strip().splitlines() == [
            f"Build not started: another build (pid {first.pid}) is running on out/; wait for it or stop it."
        ]
    (site / "pauses" / "release").touch()
    _stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert tree_differences(site / "out", clean_site / "out") == []  # no stray file, nothing of the second


def test_the_preview_waits_for_another_build_before_it_writes(site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shutil.rmtree(site / "out")
    log = site / "preview.log"
    with build_lock(str(site / "out")), log.open("w") as handle:
        preview = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sitebuild",
                "--settings",
                "siteconf.py",
                "--output",
                "out",
                "--serve",
                "--port",
                str(port),
            ],
            cwd=site,
            env=build_env(site),
            stdout=handle,
            stderr=handle,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while "Waiting" not in log.read_text() and time.monotonic() < deadline:
                assert preview.poll() is None, log.read_text()
                time.sleep(0.1)
            assert f"Waiting for another build (pid {os.getpid()}) on out/ to finish …" in log.read_text()
            time.sleep(1)
            assert not (site / "out").exists()  # nothing written while the other build runs
        except BaseException:
            os.killpg(preview.pid, signal.SIGTERM)
            raise
    try:
        deadline = time.monotonic() + 120
        while not (site / "out" / "index.html").is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (site / "out" / "index.html").is_file(), log.read_text()
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)


def test_the_lock_names_its_holder_and_is_free_again_after_it(tmp_path):
    output = str(tmp_path / "out")
    with build_lock(output):
        assert (tmp_path / "out.lock").read_text() == f"{os.getpid()}\n"
        with pytest.raises(BuildLocked) as busy, build_lock(output):
            pass
        assert busy.value.pid == os.getpid()
    with build_lock(output):  # released
        pass


@pytest.fixture
def signals_not_ignored():
    """The stop signals at their defaults: a test run started in the background (``make test &``)
    inherits SIGINT ignored, and a build leaves an ignored signal ignored."""
    previous = {number: signal.signal(number, signal.SIG_DFL) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in previous.items():
        signal.signal(number, handler)


def test_a_signal_during_the_swap_is_honoured_after_it(signals_not_ignored):
    steps = []
    with pytest.raises(Interrupted) as stop, stop_on_interrupt():
        with uninterruptible():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.01)
            steps.append("swapped")
        steps.append("never")
    assert steps == ["swapped"]
    assert stop.value.message("out") == "Build interrupted after it finished; out/ holds the new site."
    assert stop.value.exit_status == 130


def test_a_second_signal_during_the_swap_stops_it_at_once(signals_not_ignored):
    steps = []
    with pytest.raises(Interrupted) as stop, stop_on_interrupt(), uninterruptible():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)
        steps.append("held")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)
        steps.append("never")
    assert steps == ["held"]
    assert stop.value.message("out") == "Build interrupted while out/ was being written; build again."
    assert stop.value.exit_status == 143


def test_ctrl_c_during_a_preview_rebuild_ends_the_preview_with_one_line(site, clean_site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    release = site / "pauses" / "release"
    release.touch()  # the first build runs through
    log = site / "preview.log"
    with log.open("w") as handle:
        preview = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sitebuild",
                "--settings",
                "siteconf.py",
                "--output",
                "out",
                "--serve",
                "--port",
                str(port),
            ],
            cwd=site,
            env=build_env(site, "render"),
            stdout=handle,
            stderr=handle,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        deadline = time.monotonic() + 120
        while "Start watching changes" not in log.read_text() and time.monotonic() < deadline:
            assert preview.poll() is None, log.read_text()
            time.sleep(0.1)
        time.sleep(1.5)  # the watcher has seen the files as they are
        release.unlink()
        for marker in (site / "pauses").glob("paused-*"):
            marker.unlink()
        with (site / "siteconf.py").open("a", encoding="utf-8") as settings:
            settings.write("# changed: the preview builds the whole site again\n")
        wait_for_pauses(site, preview, "render")
        os.killpg(preview.pid, signal.SIGINT)
        assert preview.wait(timeout=120) == 130
    finally:
        if preview.poll() is None:
            os.killpg(preview.pid, signal.SIGKILL)
    text = log.read_text()
    assert "Traceback" not in text, text
    assert text.strip().splitlines()[-1] == "Build interrupted; out/ unchanged.", text
    assert tree_differences(site / "out", clean_site / "out") == []
