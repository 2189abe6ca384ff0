"""Benchmark: bare Pelican against our full bilingual build, an incremental rebuild and
the content check, on the same synthetic content (``bench/generate.py``).

    python bench/run.py --n 500 --repeat 3        # what `make bench N=500` runs

The runs alternate (bare, ours cold, ours, incremental, incremental cli, check; again ...)
and each is measured in its own process: wall time, CPU time (user + system, children included),
peak memory (largest process, and the whole process tree at once), ms per document and
files written. The last line is one
JSON object.

``incremental`` is the authoring loop of ``make devserver``: the preview process has built
the site, one post changes, and the rebuild in that same process is measured
(``preview_rebuild.py``). ``incremental cli`` is that rebuild from a fresh
``python -m sitebuild --incremental`` process, imports included.

Both builds write over their previous output from the second round on, as Pelican does by
default: bare Pelican overwrites its output folder in place, ours recycles the site it
replaced last time (``sitebuild/staging.py``). Round 1 shows bare Pelican and ``ours cold``
on an empty folder.

After the rounds, ``preview_latency.py`` runs the real preview (``make devserver``) and times
a text edit and front-matter edits (title, date, topics; the slowest kind is
``preview_front_matter_edit_s``) of one post from the save to the new text in the page it
serves. The preview starts without ``cache/`` (a cache folder of its own, emptied), as on a
fresh checkout: ``preview_start_mib`` is the most its process tree used while it made its
cold first build and the site model it keeps, ``preview_total_mib`` the most at any moment. When Debian's ``hugo`` is installed, ``hugo`` and ``hugo + pagefind`` build the same
posts as a minimal bilingual Hugo site (``hugo_site.py``) in the same rounds; without it they
are left out. ``german_dictionary`` says whether Debian's ``hunspell-de-de`` was there: without
it the German compound split finds fewer parts and Pagefind has less to index, so the
figures are not comparable with those of a machine that has it (``.ci/run`` installs it).

``ours`` is the build an author repeats (``make html``): ``cache/images/`` (share cards and
resized copies, kept under a hash of what they are made from), ``cache/reading/`` (each
file's reading, kept under its bytes, settings and code), ``cache/search/`` (the Pagefind
bundles of unchanged shards) and ``cache/prepared/`` (dictionaries, hyphenations, compiled
templates) are there from the build before. ``ours cold`` starts with no ``cache/`` at all, as a first build or a deploy from a
fresh checkout: every card and copy is made with Pillow.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, edit_one_post, generate  # noqa: E402
from hugo_site import hugo_command, write_hugo_site  # noqa: E402
from memory import TreeMemory  # noqa: E402
from sitebuild.compounds import HUNSPELL_DE  # noqa: E402

BARE_SETTINGS = """\
# Bare Pelican: native translations, default theme, no plugins.
PATH = {content!r}
ARTICLE_PATHS = ["de/posts", "en/posts"]
PAGE_PATHS = []
STATIC_PATHS = []
DEFAULT_LANG = "de"
TIMEZONE = "Europe/Berlin"
SITENAME = "Bare"
PLUGINS = []
"""
OUR_SETTINGS = """\
# Our build (`make html` settings) on the benchmark content.
import sys
sys.path.insert(0, {repo!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
TRAINING_OFFERS_TODAY = "2026-11-22"
CACHE_PATH = {cache!r}
"""


def our_settings(content: Path, cache: Path) -> str:
    """Our settings file for the benchmark content, with its cache in *cache*."""
    return OUR_SETTINGS.format(
        repo=str(REPO), content=str(content), theme=str(REPO / "theme"), plugins=str(REPO / "plugins"), cache=str(cache)
    )


def run_once(name: str, command: list[str], output: Path | None, env: dict) -> dict:
    """Run *command* in its own process; wall and CPU seconds, peak MiB, files written.

    ``os.wait4`` reports the process's own usage plus that of the processes it waited for
    (the language builds), so CPU time counts both cores and ``peak_mib`` is the largest
    single process; ``total_mib`` is the most the whole process tree used at once (PSS).
    A command that measures the part that counts itself (the preview's rebuild, after its
    first build) prints ``{"wall", "cpu", "started_at"}`` as its last line; that replaces
    the wall and CPU time of the whole process.
    """
    started_at = time.time()
    with tempfile.TemporaryFile(mode="w+") as errors, tempfile.TemporaryFile(mode="w+") as printed:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=printed, stderr=errors, text=True)
        memory = TreeMemory(process.pid)
        memory.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        total_mib = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{name} failed ({process.returncode}):\n{errors.read()[-3000:]}")
        printed.seek(0)
        lines = printed.read().strip().splitlines()
    measured = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "started_at": started_at}
    if lines and lines[-1].startswith('{"wall"'):
        measured = json.loads(lines[-1])
    return {
        "wall": measured["wall"],
        "cpu": measured["cpu"],
        "peak_mib": usage.ru_maxrss / 1024,
        "total_mib": total_mib,
        "files": files_written(output, measured["started_at"]) if output else 0,
    }


KEPT_BY_MAKE_HTML = ("images", "reading", "search", "prepared")  # what `make html` keeps in cache/ (as the deploy does)


def forget_all_but_make_html(cache: Path) -> None:
    """Remove what *cache* holds besides what ``make html`` keeps (the preview's content cache
    and snapshot)."""
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name not in KEPT_BY_MAKE_HTML:
            subprocess.run(["rm", "-rf", str(entry)], check=True)


def files_written(root: Path, since: float) -> int:
    """Files below *root* modified at or after *since*."""
    return sum(1 for path in root.rglob("*") if path.is_file() and path.stat().st_mtime >= since)


def hugo_commands(work: Path, content: Path) -> dict[str, tuple[list[str], Path]]:
    """``hugo`` and ``hugo + pagefind`` on a Hugo site of the same posts; none without Hugo."""
    hugo = hugo_command()
    if hugo is None:
        print("hugo is not installed: no comparison with Hugo (Debian: apt-get install hugo)", file=sys.stderr)
        return {}
    from sitebuild.search_index import pagefind_command

    site, public = write_hugo_site(content, work / "hugo"), work / "hugo-out"
    render = [*hugo, "--quiet", "--source", str(site), "--destination", str(public)]
    search = [*pagefind_command(), "--site", str(public), "--silent"]
    both = ["sh", "-c", f"{shlex.join(render)} && {shlex.join(search)}"]
    return {"hugo": (render, public), "hugo + pagefind": (both, public)}


def preview_latency(work: Path, content: Path, env: dict) -> dict:
    """The preview's latencies after a text and a front-matter edit, and its memory, started
    without ``cache/`` (``preview_latency.py``)."""
    cache = work / "cache-preview"
    subprocess.run(["rm", "-rf", str(cache), str(work / "preview-out")], check=True)
    settings = work / "ours-preview.py"
    settings.write_text(our_settings(content, cache), encoding="utf-8")
    command = [sys.executable, str(REPO / "bench" / "preview_latency.py"), str(settings)]
    command += [str(work / "preview-out"), str(content)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"preview latency failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate, run alternating rounds, print the table and the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="posts per language (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, at least 3 for a median (default 3)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    content = generate(work, args.n)
    documents = 2 * args.n
    (work / "bare.py").write_text(BARE_SETTINGS.format(content=str(content)), encoding="utf-8")
    (work / "ours.py").write_text(our_settings(content, work / "cache"), encoding="utf-8")
    env = dict(os.environ)
    python = sys.executable
    commands = {
        "bare": (
            [python, "-m", "pelican", "-s", str(work / "bare.py"), "-o", str(work / "bare-out"), "-q"],
            work / "bare-out",
        ),
        "ours cold": (
            [
                python,
                "-m",
                "sitebuild",
                "--settings",
                str(work / "ours.py"),
                "--output",
                str(work / "out"),
            ],
            work / "out",
        ),
        "ours": (
            [
                python,
                "-m",
                "sitebuild",
                "--settings",
                str(work / "ours.py"),
                "--output",
                str(work / "out"),
                "--timings",
                str(work / "timings.json"),
            ],
            work / "out",
        ),
        "incremental": (
            [
                python,
                str(REPO / "bench" / "preview_rebuild.py"),
                str(work / "ours.py"),
                str(work / "out"),
                str(content),
                "ROUND",
            ],
            work / "out",
        ),
        "incremental cli": (
            [
                python,
                "-m",
                "sitebuild",
                "--settings",
                str(work / "ours.py"),
                "--output",
                str(work / "out"),
                "--incremental",
            ],
            work / "out",
        ),
        "check": ([python, "-m", "authoring", "--settings", str(work / "ours.py"), "check"], None),
    }
    if not (REPO / "plugins" / "authoring").is_dir():
        del commands["check"]
    commands.update(hugo_commands(work, content))
    german_dictionary = os.path.isfile(f"{HUNSPELL_DE}.dic")
    if not german_dictionary:  # the German pages are split with fewer parts: less to index
        print(
            "the German Hunspell dictionary is not installed: figures not comparable with a build that has it "
            "(Debian: apt-get install hunspell-de-de)",
            file=sys.stderr,
        )
    results: dict[str, list[dict]] = {name: [] for name in commands}
    search: list[float] = []
    for round_number in range(max(args.repeat, 1)):
        for name, (command, output) in commands.items():
            if name == "ours cold":
                subprocess.run(["rm", "-rf", str(work / "cache")], check=True)  # a first build: nothing cached
            if name == "ours":  # make html again: images and readings kept (no content cache, no snapshot)
                forget_all_but_make_html(work / "cache")
            if name == "incremental":  # `make devserver`: the process has built once, then one post changes
                command = [str(round_number) if part == "ROUND" else part for part in command]
            if name == "incremental cli":  # a first build fills the cache, then one post changes
                subprocess.run(command, env=env, check=True, capture_output=True)
                edit_one_post(content, f"cli {round_number}")
            run = run_once(name, command, output, env)
            results[name].append(run)
            if name == "ours":
                search.append(json.loads((work / "timings.json").read_text()).get("search index", 0.0))
            print(f"round {round_number + 1} {name:16s} {run['wall']:7.2f} s", file=sys.stderr)

    latency = preview_latency(work, content, env)
    print(
        f"preview: text edit {latency['preview_text_edit_s']:.2f} s, "
        f"front-matter edit {latency['preview_front_matter_edit_s']:.2f} s",
        file=sys.stderr,
    )

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in results[name]) if results.get(name) else float("nan")

    print(f"\nn = {args.n} posts per language ({documents} documents), median of {args.repeat} rounds\n")
    print(
        f"{'build':16s} {'wall s':>8s} {'cpu s':>8s} {'peak MiB':>9s} {'total MiB':>10s} {'ms/doc':>8s} {'files':>7s}"
    )
    for name in results:
        print(
            f"{name:16s} {median(name, 'wall'):8.2f} {median(name, 'cpu'):8.2f} {median(name, 'peak_mib'):9.0f} "
            f"{median(name, 'total_mib'):10.0f} {1000 * median(name, 'wall') / documents:8.2f} {median(name, 'files'):7.0f}"
        )
    print(f"{'  search index':16s} {statistics.median(search):8.2f}   (part of ours)")
    print(
        f"preview, save to served page: text edit {latency['preview_text_edit_s']:.2f} s, "
        f"front-matter edit {latency['preview_front_matter_edit_s']:.2f} s "
        f"(CPU {latency['preview_text_edit_cpu_s']:.2f} s, {latency['preview_front_matter_edit_cpu_s']:.2f} s), "
        f"{latency['total_mib']:.0f} MiB (started without cache/: {latency['start_mib']:.0f} MiB)\n"
        f"  front-matter edits: title {latency['preview_title_edit_s']:.2f} s, date {latency['preview_date_edit_s']:.2f} s, "
        f"tags {latency['preview_tags_edit_s']:.2f} s (the slowest counts)\n"
    )
    summary = {
        "n": args.n,
        "bare_s": round(median("bare", "wall"), 3),
        "ours_s": round(median("ours", "wall"), 3),
        "ratio_ours_to_bare": round(median("ours", "wall") / median("bare", "wall"), 3),
        "ours_cold_s": round(median("ours cold", "wall"), 3),
        "ratio_ours_cold_to_bare": round(median("ours cold", "wall") / median("bare", "wall"), 3),
        "cpu_ratio_ours_to_bare": round(median("ours", "cpu") / median("bare", "cpu"), 3),
        "search_index_s": round(statistics.median(search), 3),
        "incremental_s": round(median("incremental", "wall"), 3),
        "ratio_incremental_to_full": round(median("incremental", "wall") / median("ours", "wall"), 3),
        "incremental_cli_s": round(median("incremental cli", "wall"), 3),
        "check_s": round(median("check", "wall"), 3) if "check" in results else None,
        "ratio_check_to_full": round(median("check", "wall") / median("ours", "wall"), 3)
        if "check" in results
        else None,
        "peak_mib": round(max(median(name, "peak_mib") for name in ("ours", "incremental", "incremental cli")), 1),
        "total_mib": round(max(median(name, "total_mib") for name in ("ours", "incremental", "incremental cli")), 1),
        "bare_peak_mib": round(median("bare", "peak_mib"), 1),
        "preview_text_edit_s": latency["preview_text_edit_s"],
        "preview_front_matter_edit_s": latency["preview_front_matter_edit_s"],
        "preview_text_edit_cpu_s": latency["preview_text_edit_cpu_s"],
        "preview_front_matter_edit_cpu_s": latency["preview_front_matter_edit_cpu_s"],
        **{
            key: value
            for key, value in latency.items()
            if key.startswith(("preview_title", "preview_date", "preview_tags"))
        },
        "preview_total_mib": latency["total_mib"],
        "preview_start_mib": latency["start_mib"],
        "german_dictionary": german_dictionary,
    }
    if "hugo + pagefind" in results:
        hugo_wall, hugo_cpu = median("hugo + pagefind", "wall"), median("hugo + pagefind", "cpu")
        summary |= {
            "hugo_s": round(median("hugo", "wall"), 3),
            "hugo_pagefind_s": round(hugo_wall, 3),
            "hugo_pagefind_cpu_s": round(hugo_cpu, 3),
            "ratio_ours_to_hugo_pagefind": round(median("ours", "wall") / hugo_wall, 3),
            "cpu_ratio_ours_to_hugo_pagefind": round(median("ours", "cpu") / hugo_cpu, 3),
            "ratio_ours_cold_to_hugo_pagefind": round(median("ours cold", "wall") / hugo_wall, 3),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
