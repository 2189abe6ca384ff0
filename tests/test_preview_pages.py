"""The preview for authors (sitebuild.preview): a port in use is one line, a missing page is
the site's own 404 page, and a failed build is shown in the browser until it is fixed."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitetest import REPO
from test_preview_server import free_port, wait_for

BROKEN_POST = "Title: Kaputt\nDate: gestern\n\nText.\n"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def preview_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sitebuild",
        "--settings",
        "pelicanconf.py",
        "--output",
        "output",
        "--serve",
        "--port",
        str(port),
    ]


@pytest.fixture
def preview(tmp_path):
    """A preview of a copy of the sample site: (base URL, site folder)."""
    with running_preview(tmp_path) as (base, _process):
        yield base, tmp_path


@pytest.fixture
def preview_with_intake(tmp_path):
    """A preview of a copy of the sample site and the intake beside it: (base URL, site
    folder, the intake's base URL)."""
    intake_port = free_port()
    with running_preview(tmp_path, "--intake-port", str(intake_port)) as (base, _process):
        yield base, tmp_path, f"http://127.0.0.1:{intake_port}"


@contextlib.contextmanager
def running_preview(site: Path, *options: str):
    for name in ("content", "theme", "plugins"):
        shutil.copytree(REPO / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pelicanconf.py", site)
    port = free_port()
    log = (site / "preview.log").open("w")
    process = subprocess.Popen(
        [*preview_command(port), *options],
        cwd=site,
        stdout=log,
        stderr=log,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(base + "/")[0] == 200), Path(log.name).read_text()
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_a_port_in_use_is_one_line_and_a_failure(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            preview_command(port),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"port {port} is in use" in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_missing_pages_show_the_site_404_page_in_their_language(preview):
    base, site = preview
    status, german = fetch(base + "/gibt-es-nicht/")
    assert status == 404 and '<html lang="de"' in german
    assert ">Seite nicht gefunden</h1>" in german
    status, english = fetch(base + "/en/does-not-exist/")
    assert status == 404 and '<html lang="en"' in english
    assert ">Page not found</h1>" in english


def test_a_failed_build_is_shown_until_it_is_fixed(preview):
    base, site = preview
    post = site / "content" / "de" / "posts" / "kaputt.md"
    time.sleep(1.5)  # the watcher has seen the content as it is
    post.write_text(BROKEN_POST, encoding="utf-8")
    assert wait_for(lambda: fetch(base + "/")[0] == 500, 60)
    status, page = fetch(base + "/blog/ki-im-vertrieb/")
    assert status == 500 and "content/de/posts/kaputt.md:2" in page and "gestern" in page
    assert "livereload" in page  # the page reloads by itself when a build succeeds
    assert fetch(base + "/theme/favicon.svg")[0] == 200  # files other than pages are served as ever
    post.write_text(BROKEN_POST.replace("gestern", "2024-01-02"), encoding="utf-8")
    assert wait_for(lambda: fetch(base + "/")[0] == 200, 60)
    assert "Kaputt" in fetch(base + "/blog/kaputt/")[1]


def test_a_text_edit_comes_from_the_kept_site_model_and_a_mistake_in_it_is_still_shown(preview):
    """The preview keeps the site model of the first language: a text edit of a post is written
    from it (no run of Pelican, which would say "Done: Processed …"); a mistake in the new text
    is an error page as ever, from the run of Pelican that tells it."""
    base, site = preview
    post, log = site / "content" / "de" / "posts" / "ki-im-vertrieb.md", site / "preview.log"
    text = post.read_text(encoding="utf-8")
    time.sleep(1.5)  # the watcher has seen the content as it is
    runs = []
    for number in (1, 2):
        post.write_text(text.replace("wird enttäuscht.", f"wird enttäuscht. Probe {number}."), encoding="utf-8")
        probe = f"Probe {number}."
        assert wait_for(lambda probe=probe: probe in fetch(base + "/blog/ki-im-vertrieb/")[1], 60)
        time.sleep(1)  # the search index, made after the page is served
        runs.append(log.read_text(encoding="utf-8").count("Done: Processed"))
    assert runs[0] > 0 and runs[0] == runs[1]  # Pelican ran for the first build, not for the second edit
    post.write_text(
        text.replace("wird enttäuscht.", "wird enttäuscht.\n\n!!! offer seminr\n    Dazu."), encoding="utf-8"
    )
    assert wait_for(lambda: fetch(base + "/")[0] == 500, 60)
    assert "unknown offer &#x27;seminr&#x27;" in fetch(base + "/blog/ki-im-vertrieb/")[1]
    told = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("ERROR:")]
    assert len([line for line in told if "seminr" in line]) == 1  # by the run of Pelican, not the attempt too
    post.write_text(text, encoding="utf-8")
    assert wait_for(lambda: fetch(base + "/")[0] == 200, 60)


def test_a_page_edit_is_built_by_the_preview_started_again_and_the_open_page_reloads(preview_with_intake, browser):
    """An edit the kept site model cannot follow (a page) is built by the preview started
    again in a fresh process (far less memory than one whose heap held the model): the page
    open in the browser reloads by itself with the new text, a request made meanwhile waits
    and is answered rather than refused, the intake beside it answers again (already while the
    new process builds), and the new
    process keeps the model of the language last edited (English here): a text edit after it
    needs no run of Pelican."""
    base, site, intake = preview_with_intake
    page_file, log = site / "content" / "de" / "pages" / "ueber-uns.md", site / "preview.log"
    post = site / "content" / "en" / "posts" / "ai-in-sales.md"
    time.sleep(1.5)  # the watcher has seen the content as it is
    post.write_text(post.read_text(encoding="utf-8") + "\nFirst probe.\n", encoding="utf-8")
    assert wait_for(lambda: "First probe." in fetch(base + "/en/blog/ai-in-sales/")[1], 60)
    tab = browser.new_page()
    tab.goto(base + "/ueber-uns/")
    tab.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol")  # its socket is open
    tab.evaluate("window.loadedBefore = true")
    page_file.write_text(page_file.read_text(encoding="utf-8") + "\nSeitenprobe nach dem Neustart.\n", encoding="utf-8")
    assert wait_for(lambda: "starts again" in log.read_text(encoding="utf-8"), 60), log.read_text()
    waited = {}
    asking = threading.Thread(target=lambda: waited.update(answer=fetch_slowly(base + "/ueber-uns/")))
    asking.start()  # while the new process builds: queued on the socket it was handed
    tab.wait_for_function("document.body.textContent.includes('Seitenprobe nach dem Neustart')", timeout=120_000)
    assert tab.evaluate("window.loadedBefore === undefined")  # reloaded, not patched
    tab.close()
    asking.join(timeout=120)
    assert waited["answer"][0] == 200 and "Seitenprobe nach dem Neustart" in waited["answer"][1]
    told = log.read_text(encoding="utf-8")
    assert told.count("Preview on ") == 2 and told.count("Intake on ") == 2 and "Traceback" not in told, told
    after = told[told.index("starts again") :]
    assert after.index("Intake on ") < after.index("Done: Processed"), after  # it answers while the new process builds
    assert fetch(intake + "/health")[0] == 200
    idle(site / "output.lock")  # the model is kept after the page is served
    runs = log.read_text(encoding="utf-8").count("Done: Processed")
    post.write_text(post.read_text(encoding="utf-8") + "\nSecond probe.\n", encoding="utf-8")
    assert wait_for(lambda: "Second probe." in fetch(base + "/en/blog/ai-in-sales/")[1], 60)
    idle(site / "output.lock")
    told = log.read_text(encoding="utf-8")
    assert told.count("Done: Processed") == runs and told.count("starts again") == 1, told


def test_a_save_made_while_the_preview_builds_before_it_listens_is_built_after_it(tmp_path):
    """The preview's watcher listens only once the site is built (at its start, and after it
    started again for a whole build): a save made meanwhile, after the posts were read, is
    found by its time and built, not left until the next save."""
    post = tmp_path / "content" / "de" / "posts" / "ki-im-vertrieb.md"
    log = tmp_path / "preview.log"

    def save_once_the_posts_are_read() -> None:
        assert wait_for(lambda: log.exists() and log.read_text(encoding="utf-8").count("Done: Processed") >= 2, 120)
        post.write_text(post.read_text(encoding="utf-8") + "\nGespeichert während des Builds.\n", encoding="utf-8")

    saving = threading.Thread(target=save_once_the_posts_are_read)
    saving.start()
    with running_preview(tmp_path) as (base, _process):
        saving.join(timeout=120)
        assert wait_for(lambda: "Gespeichert während des Builds." in fetch(base + "/blog/ki-im-vertrieb/")[1], 60)


def test_ctrl_c_while_the_preview_starts_again_ends_it_with_one_line(tmp_path):
    with running_preview(tmp_path) as (_base, process):
        log = tmp_path / "preview.log"
        time.sleep(1.5)  # the watcher has seen the content as it is
        page_file = tmp_path / "content" / "de" / "pages" / "ueber-uns.md"
        page_file.write_text(page_file.read_text(encoding="utf-8") + "\nSeitenprobe.\n", encoding="utf-8")
        assert wait_for(lambda: "starts again" in log.read_text(encoding="utf-8"), 60), log.read_text()
        os.killpg(process.pid, signal.SIGINT)  # while it starts again: its modules are being imported
        assert process.wait(timeout=60) == 130
    told = log.read_text(encoding="utf-8")
    assert "Traceback" not in told, told
    assert told.strip().splitlines()[-1] == "Build interrupted; output/ unchanged.", told


def fetch_slowly(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.read().decode("utf-8")


def idle(lock: Path) -> None:
    """Wait until no build holds the preview's lock (asked twice: its work after a build takes it again)."""
    with lock.open("a+") as handle:
        for _ in range(2):
            time.sleep(0.5)
            fcntl.flock(handle, fcntl.LOCK_SH)
            fcntl.flock(handle, fcntl.LOCK_UN)
