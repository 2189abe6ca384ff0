"""The whole build runs at most one heavy job per core: a language's Pelican run or a
Pagefind run. A language's shards are indexed only after it was rendered."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from sitebuild.interrupts import Interrupted, stop_on_interrupt
from sitebuild.report import BuildReport
from sitebuild.scheduling import pages_written, render_and_index
from sitebuild.search_index import PAGEFIND_RUNS

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


def _signal_another_thread(seconds: float, signum: int = signal.SIGINT) -> None:
    """After *seconds*, deliver *signum* to a thread other than the main one, as the kernel
    may do with a Ctrl-C: Python runs the handler only when the main thread runs again."""

    def take() -> None:
        time.sleep(seconds)
        signal.pthread_kill(threading.get_ident(), signum)

    threading.Thread(target=take, name="bystander", daemon=True).start()


def slow_render(log, code):
    time.sleep(30)
    return BuildReport()


def slow_index(log, code, shard):
    """Pagefind that does not end by itself: the build's interrupt must end it."""
    status, _ = PAGEFIND_RUNS.run(["sleep", "30"])
    _record(log, "ended", code, status)


@pytest.fixture
def pagefind_reopened():
    """The interrupt stops this process's Pagefind runs until the next build reopens them:
    reopened after the test, so that a later test of the same worker can run Pagefind."""
    yield
    PAGEFIND_RUNS.reopen()


@pytest.mark.parametrize("stage", ["rendering", "indexing"])
def test_an_interrupt_taken_by_another_thread_still_stops_the_build(tmp_path, stage, pagefind_reopened):
    log = str(tmp_path / "log.jsonl")
    render = slow_render if stage == "rendering" else fake_render
    start = time.monotonic()
    with pytest.raises(Interrupted), stop_on_interrupt():
        _signal_another_thread(1.0)
        render_and_index([(log, "de"), (log, "en")], 2, lambda code: [(log, code, 1)], render=render, index=slow_index)
    assert time.monotonic() - start < 10  # not the 30 s of the slow render or Pagefind run
    if stage == "indexing":
        with open(log, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
        ended = [record[-1] for record in records if record[0] == "ended"]
        assert ended and all(status != 0 for status in ended)  # each Pagefind run was ended by the build


def mirroring_render(log, code):
    """Stands in for ``build_language``: its pages, then (told) its search mirror; "gone"
    ends its process right after it told that its pages are written."""
    time.sleep({"de": 0.2, "en": 0.5, "gone": 0.7}[code])
    _record(log, "written", code, time.monotonic())
    pages_written()
    if code == "gone":
        os._exit(3)
    time.sleep(0.6)  # its search mirror
    _record(log, "rendered", code, time.monotonic())
    return BuildReport()


def test_what_needs_every_page_written_starts_before_the_search_mirrors_end(tmp_path):
    """The prune (``meanwhile``) starts once every language process has written its pages,
    while the longer one still writes its search mirror, not after it."""
    log, calls = str(tmp_path / "log.jsonl"), []

    def meanwhile():
        calls.append(("started", time.monotonic()))
        return lambda ok: calls.append(("waited", ok))

    report = render_and_index(
        [(log, "de"), (log, "en")], 2, lambda code: [], render=mirroring_render, meanwhile=meanwhile
    )
    with open(log, encoding="utf-8") as handle:
        times = {(kind, code): moment for kind, code, moment in map(json.loads, handle)}
    assert report.errors == [] and [call[0] for call in calls] == ["started", "waited"]
    started = calls[0][1]
    assert times["written", "de"] <= started and times["written", "en"] <= started  # every page written
    assert started < times["rendered", "en"]  # before the longer language's mirror ended
    assert calls[1] == ("waited", True)


def test_a_language_that_fails_after_its_pages_makes_the_prune_wait_without_a_second_try(tmp_path):
    log, calls = str(tmp_path / "log.jsonl"), []

    def meanwhile():
        calls.append("started")
        return lambda ok: calls.append(("waited", ok))

    report = render_and_index(
        [(log, "de"), (log, "gone")], 2, lambda code: [], render=mirroring_render, meanwhile=meanwhile
    )
    assert any("its process ended with exit status 3" in error for error in report.errors)
    assert calls == ["started", ("waited", False)]  # the staging folder is discarded: nothing pruned there
