"""A smoke test of the benchmark harness (`make bench`) with five posts per language."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from sitetest import REPO

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
