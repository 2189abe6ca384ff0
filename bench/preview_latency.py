"""How long an author waits in ``make devserver``: from saving a post to the new text being
served by the preview.

    python bench/preview_latency.py SETTINGS OUTPUT CONTENT [--rounds 3]

Starts the real preview (``python -m sitebuild --serve``) in CONTENT's parent folder, waits
for its first build and the site model it keeps, then changes one German post, *rounds* times
each way:
- a text edit (a new sentence at the end of the body),
- front-matter edits: a new title, a new date (about a month later: the post moves in every
  list), a topic added (a vocabulary topic the post did not have, in place of the last one
  added).
Each is timed from the file's write to the first answer of the preview's web server that
holds the new text (asked every 10 ms). The last line is one JSON object with the medians:
``preview_text_edit_s``, ``preview_title_edit_s``, ``preview_date_edit_s``,
``preview_tags_edit_s`` and ``preview_front_matter_edit_s`` (the slowest of the three kinds:
the goal holds for each), the CPU seconds the preview spent on each (``…_cpu_s``),
``total_mib`` (the most the preview's process tree used at once, PSS) and ``start_mib`` (the
most it used while it started: its first build and the site model it keeps; started without
``cache/``, the first build is a cold one).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from memory import TreeMemory
from sitebuild.lock import lock_path

POST_URL = "/blog/post-1/"  # the German post ``edit_one_post`` changes too
TIMEOUT_S = 600.0
FRONT_MATTER_KINDS = ("title", "date", "tags")
EXTRA_TOPICS = ("Kundenservice", "Sozialkompetenz", "Datenschutz", "Digitalisierung")  # their slugs: lower case


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(port: int, url: str) -> str | None:
    """The page at *url* as the preview serves it, None while it cannot answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(port: int, url: str, text: str, preview: subprocess.Popen) -> float:
    """Ask every 10 ms until the page at *url* holds *text*; the moment it did."""
    deadline = time.perf_counter() + TIMEOUT_S
    while time.perf_counter() < deadline:
        served = page(port, url)
        if served is not None and text in served:
            return time.perf_counter()
        if preview.poll() is not None:
            raise SystemExit(f"the preview ended with status {preview.returncode}")
        time.sleep(0.01)
    raise SystemExit(f"the preview did not serve {text!r} at {url} within {TIMEOUT_S:.0f} s")


def wait_until_idle(output: str) -> None:
    """Wait until the preview's work on *output* is done: no build holds its lock (asked
    twice, half a second apart, as the search index takes the lock after the page's build)."""
    with open(lock_path(output), "a+") as lock:
        for _ in range(2):
            time.sleep(0.5)
            fcntl.flock(lock, fcntl.LOCK_SH)  # waits while a build holds it
            fcntl.flock(lock, fcntl.LOCK_UN)


def cpu_seconds(pid: int) -> float:
    """User and system time of process *pid* and of the children it waited for (its
    language processes), from ``/proc`` (0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def timed_edit(post: Path, new_text: str, port: int, marker: str, preview: subprocess.Popen) -> tuple[float, float]:
    """Write *new_text* into *post*; seconds until the preview serves *marker*, and the CPU
    seconds the preview spent meanwhile (on a loaded machine the steadier figure)."""
    start, cpu = time.perf_counter(), cpu_seconds(preview.pid)
    post.write_text(new_text, encoding="utf-8")
    return wait_for(port, POST_URL, marker, preview) - start, cpu_seconds(preview.pid) - cpu


def with_field(text: str, key: str, value: str) -> str:
    """*text* (``Key: value`` metadata) with its *key* line replaced."""
    lines = text.split("\n")
    return "\n".join(f"{key}: {value}" if line.startswith(f"{key}: ") else line for line in lines)


def field(text: str, key: str) -> str:
    return next(line.partition(": ")[2] for line in text.split("\n") if line.startswith(f"{key}: "))


def front_matter_edit(kind: str, number: int, original: str, served: str) -> tuple[str, str, str]:
    """The front-matter line of the edit *kind* of round *number*: (key, value, the text the
    page holds only after it). *served*: the page before the edit."""
    if kind == "title":
        title = f"Neuer Titel {number} {time.time_ns()}"
        return "Title", title, title
    if kind == "date":
        day, minute = 11 + number % 17, 30 + number % 30
        return "Date", f"2016-03-{day:02d} 10:{minute}", f'datetime="2016-03-{day:02d}T10:{minute}:00'
    topic = next(name for name in EXTRA_TOPICS if topic_link(name) not in served)
    return "Tags", f"{field(original, 'Tags')}, {topic}", topic_link(topic)


def topic_link(name: str) -> str:
    """A topic in a post's own list of topics."""
    return f'<a href="/themen/{name.lower()}/" data-pagefind-filter="Thema">'


def measure(settings: str, output: str, content: Path, rounds: int) -> dict:
    """Run the preview, edit, measure; the medians."""
    port = free_port()
    command = [sys.executable, "-m", "sitebuild", "--settings", settings, "--output", output]
    command += ["--serve", "--port", str(port)]
    post = next((content / "de" / "posts").rglob("post-1.md"))
    original = post.read_text(encoding="utf-8")
    with open(os.devnull, "w") as quiet:
        preview = subprocess.Popen(command, cwd=content.parent, stdout=quiet, stderr=quiet)
    memory = TreeMemory(preview.pid)
    memory.start()
    text_edits, front_matter_edits = [], {kind: [] for kind in FRONT_MATTER_KINDS}
    try:
        wait_for(port, POST_URL, "<html", preview)
        wait_until_idle(output)  # the site model it keeps is made after the first page is served
        start_mib = memory.peak_mib()
        current = original
        for round_number in range(rounds):  # each edit starts from the text the last one left
            marker = f"Latenzprobe {round_number} {time.time_ns()}"
            current = f"{current}\n{marker}.\n"
            text_edits.append(timed_edit(post, current, port, marker, preview))
            wait_until_idle(output)  # its search index is made after the page is served
            for kind in FRONT_MATTER_KINDS:
                key, value, shown = front_matter_edit(kind, round_number, original, page(port, POST_URL) or "")
                current = with_field(current, key, value)
                front_matter_edits[kind].append(timed_edit(post, current, port, shown, preview))
                wait_until_idle(output)
    finally:
        preview.terminate()
        preview.wait()
        total_mib = memory.stop()
        post.write_text(original, encoding="utf-8")

    def median(edits: list[tuple[float, float]], part: int) -> float:
        return round(statistics.median(edit[part] for edit in edits), 3)

    slowest = max(FRONT_MATTER_KINDS, key=lambda kind: median(front_matter_edits[kind], 0))
    return {
        "preview_text_edit_s": median(text_edits, 0),
        "preview_front_matter_edit_s": median(front_matter_edits[slowest], 0),
        "preview_text_edit_cpu_s": median(text_edits, 1),
        "preview_front_matter_edit_cpu_s": median(front_matter_edits[slowest], 1),
        **{f"preview_{kind}_edit_s": median(front_matter_edits[kind], 0) for kind in FRONT_MATTER_KINDS},
        **{f"preview_{kind}_edit_cpu_s": median(front_matter_edits[kind], 1) for kind in FRONT_MATTER_KINDS},
        "total_mib": round(total_mib, 1),
        "start_mib": round(start_mib, 1),
    }


def main() -> None:
    """Measure and print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings")
    parser.add_argument("output")
    parser.add_argument("content", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.settings, args.output, args.content, args.rounds)))


if __name__ == "__main__":
    main()
