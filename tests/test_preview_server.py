"""``make devserver``: the preview restarts itself when the plugins change, so that their new
code (not the modules the running process imported) builds the site."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import weakref
from pathlib import Path

from sitebuild import __main__ as sitebuild_main
from sitetest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_preview_restarts_with_the_new_plugin_code(tmp_path):
    for name in ("content", "theme", "plugins"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pelicanconf.py", tmp_path)
    robots = tmp_path / "output" / "robots.txt"
    log = (tmp_path / "preview.log").open("w")
    preview = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitebuild",
            "--settings",
            "pelicanconf.py",
            "--output",
            "output",
            "--serve",
            "--port",
            str(free_port()),
        ],
        cwd=tmp_path,
        # the copy's plugins, changed below, before the installed ones
        env={**os.environ, "PYTHONPATH": str(tmp_path / "plugins")},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        assert wait_for(robots.is_file), Path(log.name).read_text()
        time.sleep(1.5)  # the watcher has seen the plugins as they are
        with (tmp_path / "plugins" / "sitebuild" / "sitemap.py").open("a", encoding="utf-8") as handle:
            handle.write(
                "\n_robots_txt = robots_txt\n\n\ndef robots_txt(site_url):\n"
                "    return _robots_txt(site_url) + '# new plugin code\\n'\n"
            )
        assert wait_for(lambda: "# new plugin code" in robots.read_text()), Path(log.name).read_text()
        assert "restarting the preview" in Path(log.name).read_text()
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
        log.close()


def test_the_rebuilds_garbage_is_freed_after_the_work_after_it_not_before(tmp_path):
    """A full collection holds the interpreter: made before the search index, it held the
    page the rebuild had written from being served (0.15-0.35 s at N=2000). It is made after."""

    class Cycle:
        pass

    garbage = Cycle()
    garbage.itself = garbage  # freed only by the cycle collector
    freed = weakref.ref(garbage)
    del garbage
    seen = []

    def search_index() -> None:  # the task after a text edit: Pagefind beside the kept model
        seen.append(freed() is not None)

    gc.disable()  # as a build's rare collection: nothing collects it by itself meanwhile
    try:
        sitebuild_main._in_thread(str(tmp_path / "output"), search_index)
        assert wait_for(lambda: freed() is None)  # collected after it
    finally:
        gc.enable()
    assert seen == [True]  # not collected before the task: the served page did not wait for it
