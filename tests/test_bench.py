"""A smoke test of the benchmark harness (`make bench`) with five posts per language."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time

from sitetest import REPO

sys.path.insert(0, str(REPO / "bench"))
from memory import pss_kib, same_address_space, tree_pss_kib  # noqa: E402

KEYS = {
    "n",
    "bare_s",
    "ours_s",
    "ratio_ours_to_bare",
    "ours_cold_s",
    "ratio_ours_cold_to_bare",
    "cpu_ratio_ours_to_bare",
    "incremental_s",
    "ratio_incremental_to_full",
    "check_s",
    "peak_mib",
    "preview_text_edit_s",
    "preview_front_matter_edit_s",
    "preview_title_edit_s",
    "preview_date_edit_s",
    "preview_tags_edit_s",
    "preview_total_mib",
    "preview_start_mib",
}
HUGO_KEYS = {"hugo_s", "hugo_pagefind_s", "ratio_ours_to_hugo_pagefind", "cpu_ratio_ours_to_hugo_pagefind"}


def test_bench_harness_reports_the_json_summary(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--n", "5", "--repeat", "1", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(summary) >= KEYS
    assert summary["n"] == 5 and summary["bare_s"] > 0 and summary["ours_s"] > 0 and summary["ours_cold_s"] > 0
    assert "bare" in result.stdout and "ours cold" in result.stdout and "incremental" in result.stdout
    # the preview served the edited post: from the save to the new text in its answer
    assert 0 < summary["preview_text_edit_s"] < 60 and 0 < summary["preview_front_matter_edit_s"] < 60
    assert summary["preview_text_edit_cpu_s"] > 0 and summary["preview_front_matter_edit_cpu_s"] > 0
    kinds = [summary[f"preview_{kind}_edit_s"] for kind in ("title", "date", "tags")]
    assert all(0 < seconds < 60 for seconds in kinds) and summary["preview_front_matter_edit_s"] == max(kinds)
    # the preview started without cache/ (its own, emptied): its start is part of its whole run
    assert 40 < summary["preview_start_mib"] <= summary["preview_total_mib"] < 2000
    assert summary["german_dictionary"] == os.path.isfile("/usr/share/hunspell/de_DE.dic")  # comparable runs only
    assert (tmp_path / "cache-preview" / "images").is_dir() and (tmp_path / "cache" / "images").is_dir()
    if shutil.which("hugo", path="/usr/bin:/bin"):  # Debian's hugo: the same posts as a Hugo site
        assert set(summary) >= HUGO_KEYS and summary["hugo_pagefind_s"] > 0 and summary["hugo_s"] > 0
        assert (tmp_path / "hugo-out" / "en" / "posts" / "000" / "post-1" / "index.html").is_file()
        assert (tmp_path / "hugo-out" / "pagefind" / "pagefind.js").is_file()
    else:
        assert not set(summary) & HUGO_KEYS
    assert len(list((tmp_path / "content" / "de" / "posts").rglob("*.md"))) == 5


def test_bench_content_has_raster_images_that_the_build_resizes(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    from sitetest import build_into

    content = generate(tmp_path, 8)
    shown = [
        path
        for path in (content / "de" / "posts").rglob("*.md")
        if "Post_Image: /assets/images/bench/" in path.read_text(encoding="utf-8")
    ]
    assert len(shown) == 2
    site = build_into(tmp_path / "output", PATH=str(content))
    hero = site.soup("/blog/post-0/").select_one("img.post__hero")
    assert hero["srcset"].count(".webp") == 3 and (hero["width"], hero["height"]) == ("960", "540")


def test_the_memory_sampler_counts_a_shared_address_space_once_and_a_forked_child_apart():
    started, stop = threading.Event(), threading.Event()
    thread_id = []

    def wait() -> None:
        thread_id.append(threading.get_native_id())
        started.set()
        stop.wait(10)

    thread = threading.Thread(target=wait)
    thread.start()
    started.wait(10)
    try:  # a thread is a task in this address space, as a child between vfork and exec is
        assert same_address_space(thread_id[0], os.getpid())
    finally:
        stop.set()
        thread.join()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # a forked child with 40 MiB of its own
        own = bytearray(40 * 1024 * 1024)
        own[::4096] = b"x" * len(own[::4096])
        os.write(writing, b"1")
        time.sleep(30)
        os._exit(0)
    try:
        os.read(reading, 1)
        assert not same_address_space(child, os.getpid())
        assert tree_pss_kib(os.getpid()) >= pss_kib(os.getpid()) + 40 * 1024
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
