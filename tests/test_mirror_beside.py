"""The first pass of the German search mirror made by a process beside the rendering
(``sitebuild.mirror_beside``): what it hands back is exactly the language process's own first
pass, or nothing when a page changed behind its back or the process is gone."""

from __future__ import annotations

import os
import signal
import time

import pytest
from sitebuild.mirror_beside import FirstPassBeside
from sitebuild.search_index import first_passes, mirror_pages

PAGES = {
    "posts/kunden.html": '<html lang="de"><main data-pagefind-body><p>Kundeninteraktion und Vertrauen im '
    "Kommunikationstraining</p></main></html>",
    "posts/video.html": '<html lang="de"><main data-pagefind-body><h2>Video\u00adkonferenz</h2><p>Videokonferenz '
    "Gesprächsführung</p></main></html>",
    "en/posts/trust.html": '<html lang="en"><main data-pagefind-body><p>Customer interaction</p></main></html>',
    "index.html": '<html lang="de"><main><p>Liste Kundeninteraktion</p></main></html>',  # a listing: not indexed
}


def write(root, path: str, text: str) -> str:
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as handle:
        handle.write(text)
    return full


@pytest.fixture
def site(tmp_path):
    root = str(tmp_path / "site")
    for path, text in PAGES.items():
        write(root, path, text)
    return root


def told_all(root: str) -> FirstPassBeside:
    beside = FirstPassBeside(root)
    for path in PAGES:
        beside.written(os.path.join(root, path))
    beside.written(os.path.join(root, "feeds", "all.atom.xml"))  # not a page: not read
    return beside


def test_the_pass_made_beside_is_the_language_processs_own(site):
    paths = sorted(PAGES)
    made = told_all(site).made(paths)
    indexed, found = first_passes(site, paths, "de")
    assert made == (indexed, found)
    assert list(made[0]) == ["en/posts/trust.html", "posts/kunden.html", "posts/video.html"]  # in the order asked
    assert made[0]["en/posts/trust.html"] is None  # indexed, not split
    assert "Kundeninteraktion" in made[0]["posts/kunden.html"]
    assert "Videokonferenz" in found and "Customer" not in found


def test_the_mirror_made_with_it_is_byte_for_byte_the_same(site, tmp_path):
    paths = sorted(PAGES)
    mirror_pages(site, paths, [str(tmp_path / "plain")])
    mirror_pages(site, paths, [str(tmp_path / "beside")], made=told_all(site).made)
    for path in ("posts/kunden.html", "posts/video.html", "en/posts/trust.html"):
        plain = (tmp_path / "plain" / path).read_bytes()
        assert (tmp_path / "beside" / path).read_bytes() == plain
    assert "⁂ kunden interaktion".encode() in (tmp_path / "plain" / "posts/kunden.html").read_bytes()
    assert not (tmp_path / "beside" / "index.html").exists()


def test_a_page_written_again_and_told_is_read_again(site):
    beside = told_all(site)
    write(site, "posts/video.html", PAGES["posts/video.html"].replace("Gesprächsführung", "Einwandbehandlung"))
    beside.written(os.path.join(site, "posts/video.html"))
    made = beside.made(sorted(PAGES))
    assert made == first_passes(site, sorted(PAGES), "de")
    assert "Einwandbehandlung" in made[1] and "Gesprächsführung" not in made[1]


def test_a_page_changed_behind_its_back_means_no_pass(site):
    beside = told_all(site)
    time.sleep(0.01)
    write(site, "posts/kunden.html", PAGES["posts/kunden.html"].replace("Vertrauen", "Vertrauensaufbau"))
    assert beside.made(sorted(PAGES)) is None


@pytest.mark.parametrize("asked", [[*sorted(PAGES), "posts/neu.html"], sorted(PAGES)[1:]])
def test_a_page_not_told_or_not_asked_means_no_pass(site, asked):
    write(site, "posts/neu.html", PAGES["posts/kunden.html"])
    assert told_all(site).made(asked) is None


def test_a_process_gone_means_no_pass_and_no_error(site):
    beside = FirstPassBeside(site)
    pid = beside._pid
    os.kill(pid, signal.SIGKILL)
    for path in PAGES:  # the pipe may break on any of these: no error, the pass is made at home
        beside.written(os.path.join(site, path))
    assert beside.made(sorted(PAGES)) is None
    with pytest.raises(ChildProcessError):  # waited for: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_closed_without_asking_the_process_ends(site):
    beside = told_all(site)
    pid = beside._pid
    beside.close()
    beside.close()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert beside.made(sorted(PAGES)) is None


def test_a_process_stuck_on_a_page_holds_nothing_up(site, monkeypatch):
    """A process beside that hangs on a page (a lock held for ever in a process forked from one
    with threads) ends after ``stuck_after`` seconds: the pages sent after it, more than a pipe
    holds, and the question for the pass neither block nor fail, and it is waited for."""
    monkeypatch.setattr("sitebuild.mirror_beside.page_first_pass", lambda *args: time.sleep(3600))
    beside = FirstPassBeside(site, stuck_after=1)
    pid, started = beside._pid, time.monotonic()
    for _ in range(20_000):  # about 1 MB of paths: a pipe holds 64 KiB
        beside.written(os.path.join(site, "posts/kunden.html"))
    assert beside.made(sorted(PAGES)) is None
    beside.close()
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):  # waited for: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_a_slow_process_still_hands_its_pass_back(site, monkeypatch):
    """Slow is not stuck: a page that takes a while (well within ``stuck_after``) is read."""
    from sitebuild import search_index

    def slow(*args):
        time.sleep(0.3)
        return search_index.page_first_pass(*args)

    monkeypatch.setattr("sitebuild.mirror_beside.page_first_pass", slow)
    beside = FirstPassBeside(site, stuck_after=5)
    for path in PAGES:
        beside.written(os.path.join(site, path))
    assert beside.made(sorted(PAGES)) == first_passes(site, sorted(PAGES), "de")
