"""A smoke test of the benchmark harness (`make bench`) with five posts per language."""

from __future__ import annotations

import json
import subprocess
import sys

from sitetest import REPO

KEYS = {"n", "bare_s", "ours_s", "ratio_ours_to_bare", "incremental_s", "ratio_incremental_to_full", "check_s", "peak_mib"}


def test_bench_harness_reports_the_json_summary(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--n", "5", "--repeat", "1", "--keep", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, check=False,
        env={"PYTHONPATH": str(REPO / "plugins"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert KEYS <= set(summary)
    assert summary["n"] == 5 and summary["bare_s"] > 0 and summary["ours_s"] > 0
    assert "bare" in result.stdout and "incremental" in result.stdout
    assert len(list((tmp_path / "content" / "de" / "posts").rglob("*.md"))) == 5
