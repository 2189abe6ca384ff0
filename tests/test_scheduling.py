"""The whole build runs at most one heavy job per core: a language's Pelican run or a
Pagefind run. A language's shards are indexed only after it was rendered."""

from __future__ import annotations

import json
import time

import pytest

from sitebuild.report import BuildReport
from sitebuild.scheduling import render_and_index

SECONDS = {"de": 0.3, "en": 0.5, "fr": 0.2, "xx": 0.1}  # xx fails


def _record(log, *fields) -> None:
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(fields) + "\n")


def fake_render(log, code):
    """Stands in for ``build_language(settings, code, ...)``; runs in a forked process."""
    start = time.monotonic()
    time.sleep(SECONDS[code])
    _record(log, "render", code, start, time.monotonic())
    return BuildReport(errors=["the xx site is broken"] if code == "xx" else [])


def fake_index(log, code, shard):
    """Stands in for Pagefind on one shard; shard 2 of English fails."""
    start = time.monotonic()
    time.sleep(0.15)
    _record(log, "index", f"{code}-{shard}", start, time.monotonic())
    if (code, shard) == ("en", 2):
        raise RuntimeError("Pagefind failed: out of words")


def most_at_once(spans) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


@pytest.mark.parametrize("jobs", [1, 2])
def test_renderings_and_pagefind_runs_share_the_cores(tmp_path, jobs):
    log = str(tmp_path / "log.jsonl")
    tasks = [(log, code) for code in SECONDS]
    report = render_and_index(
        tasks, jobs, lambda code: [(log, code, 1), (log, code, 2)], render=fake_render, index=fake_index
    )
    with open(log, encoding="utf-8") as handle:
        runs = {(kind, name): (start, end) for kind, name, start, end in map(json.loads, handle)}
    assert {name for kind, name in runs if kind == "render"} == set(SECONDS)
    assert {name for kind, name in runs if kind == "index"} == {"de-1", "de-2", "en-1", "en-2", "fr-1", "fr-2"}
    for (kind, name), (start, _) in runs.items():
        if kind == "index":  # after its own language was rendered
            assert start >= runs["render", name.split("-")[0]][1]
    assert most_at_once(runs.values()) <= jobs
    assert "the xx site is broken" in report.errors
    assert any("search index failed: Pagefind failed: out of words" in error for error in report.errors)
    assert report.timings["search index"] > 0
