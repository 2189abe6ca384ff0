"""Build the whole bilingual site: one Pelican run per language, in parallel.

The content index (front matter only) is made once; then every language is rendered
by its own Pelican run into a staging folder. Only when no run logged an error (and,
with ``strict``, no warning) does the staging folder replace the output folder, so a
failed build never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import partial

from pelican import Pelican, signals
from pelican.settings import read_settings

from bilingual.content_index import Entry, scan

from . import gates
from .incremental import Snapshot, file_stamps, plan
from .interrupts import uninterruptible
from .lock import build_lock
from .page_facts import read_site
from .precompress import precompress
from .search_index import (
    index_shard,
    merge_shards,
    mirror_folder,
    mirror_written_pages,
    mirrored_shards,
    shard_count,
    PAGEFIND_RUNS,
)
from .sitemap import robots_txt, sitemap_xml
from .staging import discard, prune_stale, publish, staging_folder
from sitecore import shared_keys
from sitecore.languages import language_settings, languages_from_settings
from sitecore.pelican_compat import reset_log_limits
from sitecore.problems import NOTICE, ExplainedFailureFilter, log_problem

logger = logging.getLogger("sitebuild")


@dataclass
class BuildReport:
    """What a build logged; ``ok`` when nothing stops it."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # time-dependent findings: reported, never fatal
    strict: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds (wall clock)

    @property
    def ok(self) -> bool:
        """No error, and no warning in a strict build."""
        return not self.errors and not (self.strict and self.warnings)

    def merge(self, other: BuildReport) -> None:
        """Add the messages of another report; a phase run in parallel counts its longest run."""
        self.errors += other.errors
        self.warnings += other.warnings
        self.notices += [notice for notice in other.notices if notice not in self.notices]  # once, not per language
        for phase, seconds in other.timings.items():
            self.timings[phase] = max(self.timings.get(phase, 0.0), seconds)


class _Collector(logging.Handler):
    """Keeps every notice, warning and error message of one run."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__(NOTICE)
        self.report = report
        self.addFilter(ExplainedFailureFilter())

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            if record.getMessage() not in self.report.notices:
                self.report.notices.append(record.getMessage())
            return
        target = self.report.errors if record.levelno >= logging.ERROR else self.report.warnings
        target.append(record.getMessage())


@contextmanager
def timed(report: BuildReport, phase: str):
    """Add the wall time of the block to ``report.timings[phase]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        report.timings[phase] = report.timings.get(phase, 0.0) + time.perf_counter() - start


class _ConsoleHandler(logging.StreamHandler):
    """The build's one handler on stderr (``setup_logging`` installs it once)."""


def setup_logging() -> None:
    """Plain one-line log messages on stderr (no rich console, no tracebacks)."""
    root = logging.getLogger()
    if not any(isinstance(h, _ConsoleHandler) for h in root.handlers):
        handler = _ConsoleHandler(sys.stderr)
        handler.setLevel(logging.WARNING)  # notices are printed once, in the summary
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.addFilter(ExplainedFailureFilter())
        root.handlers = [handler]
    root.setLevel(NOTICE)


def load_settings(settings_file: str, overrides: dict | None = None) -> dict:
    """Pelican settings from *settings_file* with *overrides* applied."""
    return read_settings(settings_file, override=dict(overrides or {}))


def build_language(
    settings_file: str,
    code: str,
    staging: str,
    overrides: dict,
    index,
    write_only: list[str] | None = None,
    mirror: str | None = None,
) -> BuildReport:
    """Render one language into *staging* with its own Pelican run (only *write_only*, if given);
    then copy its indexed pages into the search *mirror*, if given (``<mirror>/<code>``)."""
    report = BuildReport()
    collector = _Collector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    reset_log_limits()
    try:
        base = load_settings(settings_file, overrides)
        languages = languages_from_settings(base)
        language = next(lang for lang in languages if lang.code == code)
        per_language = dict(overrides)
        per_language.update(language_settings(language, base))
        per_language.update(
            OUTPUT_PATH=staging,
            DELETE_OUTPUT_DIRECTORY=False,
            ARTICLE_PATHS=index.paths(code, "post"),
            PAGE_PATHS=index.paths(code, "page"),
        )
        per_language[shared_keys.CONTENT_INDEX] = index
        if not base.get("FEED_ENABLED"):
            per_language["FEED_ALL_ATOM"] = None
        if overrides.get(shared_keys.SITEBUILD_CACHE):
            per_language.update(
                CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CACHE_PATH=content_cache(base, code), GZIP_CACHE=False
            )
        per_language["PLUGINS"] = [*base["PLUGINS"], "sitebuild.site_writer"]
        if write_only is not None:  # only post bodies changed: static files are as they were
            per_language[shared_keys.SITEBUILD_WRITE_ONLY] = write_only
            per_language.update(THEME_STATIC_PATHS=[], STATIC_CHECK_IF_MODIFIED=True)
        else:  # a whole build writes every file: what it leaves untouched is pruned as stale
            per_language.update(STATIC_CHECK_IF_MODIFIED=False, STATIC_CREATE_LINKS=False)
        if language is not languages[0]:
            per_language["THEME_STATIC_PATHS"] = []
        shards = shard_count(len(index.paths(code, "post")), base.get("SEARCH_SHARD_PAGES", 500))
        per_language[shared_keys.SEARCH_SHARDS] = shards  # the search page merges them
        written = run_pelican(load_settings(settings_file, per_language))
        if mirror and not report.errors:
            with timed(report, "search mirror"):
                mirror_written_pages(staging, written, os.path.join(mirror, code), shards)
    except Exception as error:  # an unexpected failure of a plugin or Pelican
        logger.exception("building the %s site failed: %s", code, error)
    finally:
        root.removeHandler(collector)
    return report


def run_pelican(settings: dict) -> list[str]:
    """Run Pelican; the paths of the pages and feeds it wrote, in order."""
    written: dict[str, None] = {}

    def remember(path, context=None):
        written[path] = None

    signals.content_written.connect(remember)
    try:
        Pelican(settings).run()
    finally:
        signals.content_written.disconnect(remember)
    return list(written)


def _in_process(render, task, sender) -> None:
    """A language process: render *task* and send the report (or the failure) to the parent."""
    setup_logging()
    try:
        result = render(*task)
    except Exception as error:  # noqa: BLE001 -- reported by the parent, as the process ends here
        sender.send((False, f"{type(error).__name__}: {error}"))
    else:
        sender.send((True, result))


def build(
    settings_file: str,
    output: str,
    *,
    strict: bool = False,
    jobs: int | None = None,
    overrides: dict | None = None,
    incremental: bool = False,
    waiting=None,
) -> BuildReport:
    """Build every language into *output*; replace it only when the build is ok.

    With *incremental* (the preview), Pelican's content cache is used and, when only post
    bodies changed since the last build, just those posts are rendered into *output*.
    One build at a time per *output*: while another holds its lock, raise ``BuildLocked``,
    or call *waiting* (``lock.build_lock``) and wait for it.
    """
    with build_lock(output, waiting), rare_cycle_collection():
        return _build(settings_file, output, strict, jobs, overrides, incremental)


@contextmanager
def rare_cycle_collection(threshold: int = 50_000):
    """Run the cycle collector after *threshold* new objects instead of 700.

    A Pelican run makes millions of objects (Markdown trees, Jinja contexts) that reference
    counting frees; the collector's full passes over them cost 5-8 % of a run and find
    almost nothing (a few thousand objects). What exists before the build is frozen out of
    its passes, which also keeps forked language processes from copying those pages.
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def _build(settings_file, output, strict, jobs, overrides, incremental) -> BuildReport:
    setup_logging()
    overrides = dict(overrides or {})
    report = BuildReport(strict=strict)
    collector = _Collector(report)
    logging.getLogger().addHandler(collector)
    try:
        with timed(report, "content index"):
            base = load_settings(settings_file, overrides)
            languages = languages_from_settings(base)
            snapshot_file = os.path.join(base["CACHE_PATH"], "last-build.json")
            previous = Snapshot.load(snapshot_file) if incremental else None
            roots = code_roots(settings_file, base)
            if incremental and (previous is None or not previous.unchanged_below(roots, file_stamps(roots))):
                previous = None  # other settings or plugins: nothing the last build made can be reused
                for language in languages:
                    shutil.rmtree(content_cache(base, language.code), ignore_errors=True)
            known = None
            if previous is not None:

                def known(path):  # an unchanged file's entry from the last preview build
                    stored = previous.unchanged_entry(path)
                    return Entry(*stored) if stored else None

            index, problems = scan(base, languages, known, fingerprints=incremental)
        for problem in problems:
            log_problem(logger, problem)
    finally:
        logging.getLogger().removeHandler(collector)

    snapshot = take_snapshot(settings_file, base, index) if incremental else None
    if incremental:
        overrides[shared_keys.SITEBUILD_CACHE] = True
        if not report.errors and os.path.isdir(output):
            rebuild = plan(previous, snapshot, post_languages(base, index))
            if not rebuild.whole:  # written into output/ directly, so never stopped half-way
                with timed(report, "languages"), uninterruptible():
                    for code, posts in rebuild.changed_posts.items():
                        selected = [entry_output(base, languages, index, code, path) for path in posts]
                        report.merge(build_language(settings_file, code, output, overrides, index, selected))
                if not report.errors:
                    snapshot.save(snapshot_file)
                return report
    report = _build_whole_site(settings_file, output, base, languages, index, overrides, report, jobs)
    if report.ok and incremental:
        snapshot.save(snapshot_file)
    elif report.ok and os.path.exists(snapshot_file):
        os.remove(snapshot_file)  # output/ no longer matches what the preview last built
    return report


def content_cache(base: dict, code: str) -> str:
    """The folder of Pelican's content cache for language *code* (preview builds only)."""
    return os.path.join(base["CACHE_PATH"], code)


def code_roots(settings_file: str, base: dict) -> list[str]:
    """The settings files and plugin folders: the code that turns content into pages."""
    roots = [*base.get("PLUGIN_PATHS", []), settings_file]
    conf = os.path.join(os.path.dirname(os.path.abspath(settings_file)), "pelicanconf.py")
    return roots + ([conf] if os.path.isfile(conf) else [])


def take_snapshot(settings_file: str, base: dict, index) -> Snapshot:
    """The files that can change the site now, and each post's front-matter fingerprint."""
    roots = [base["PATH"], base["THEME"], *code_roots(settings_file, base)]
    front_matter = {
        os.path.join(base["PATH"], entry.path): entry.fingerprint for entry in index.entries if entry.kind == "post"
    }
    names = [f.name for f in fields(Entry)]  # astuple() deep-copies: ten times slower
    entries = {os.path.join(base["PATH"], e.path): [getattr(e, name) for name in names] for e in index.entries}
    return Snapshot(file_stamps(roots), front_matter, entries)


def post_languages(base: dict, index) -> dict:
    """Full path of each post -> (language, content-relative path)."""
    return {os.path.join(base["PATH"], e.path): (e.lang, e.path) for e in index.entries if e.kind == "post"}


def entry_output(base: dict, languages, index, code: str, path: str) -> str:
    """The output file of the post at content-relative *path* in language *code*."""
    language = next(lang for lang in languages if lang.code == code)
    entry = next(e for e in index.entries if e.path == path)
    return language_settings(language, base)["ARTICLE_SAVE_AS"].format(slug=entry.slug)


def _build_whole_site(settings_file, output, base, languages, index, overrides, report, jobs) -> BuildReport:
    """Render every language into a staging folder, finish the site, then swap it in."""
    staging = staging_folder(output)
    with mirror_folder() as mirror:
        tasks = [(settings_file, lang.code, staging, overrides, index, None, mirror) for lang in languages]
        jobs = jobs or min(len(tasks), os.cpu_count() or 1)
        if jobs > 1:
            import_plugins(base)
        with timed(report, "languages"):
            report.merge(
                render_and_index(
                    tasks,
                    jobs,
                    partial(mirrored_shards, mirror, staging),
                    meanwhile=partial(prune_stale, staging, skip="pagefind"),  # while the last shards are indexed
                )
            )
        if not report.errors:
            with timed(report, "search merge"):
                merge_shards(mirror, [lang.code for lang in languages], staging)
                prune_stale(staging, only="pagefind")
            finish_site(staging, base, report)

    if report.ok:
        with uninterruptible():
            publish(staging, output)
    else:
        discard(staging)
    return report


def render_and_index(
    tasks: list[tuple], jobs: int, shards_of, render=build_language, index=index_shard, meanwhile=None
) -> BuildReport:
    """Run ``render(*task)`` for each task (``build_language``'s arguments), then ``index``
    each search shard it mirrored (``shards_of(code)``); what they logged, merged. When all
    are rendered without error, ``meanwhile()`` runs here while the shards are indexed.

    At most *jobs* of these run at once, language renderings and Pagefind runs alike: one
    per core, and one at a time in memory. With more than one job, each language renders
    in a process of its own that ends with it, so its memory is back before Pagefind's runs.
    """
    report = BuildReport()
    cores = threading.Semaphore(jobs)
    indexing, spans = [], []  # Pagefind's futures; (start, end) of each run
    PAGEFIND_RUNS.reopen()

    with ThreadPoolExecutor(max_workers=jobs) as indexers:

        def index_one(shard: tuple) -> None:
            with cores:
                start = time.perf_counter()
                index(*shard)
                spans.append((start, time.perf_counter()))

        merging = threading.Lock()  # each language process has a thread that waits for it

        def rendered(code: str, result: BuildReport) -> None:
            cores.release()
            with merging:
                report.merge(result)
                if not result.errors:
                    indexing.extend(indexers.submit(index_one, shard) for shard in shards_of(code))

        def failed(code: str, error: BaseException) -> None:  # the process itself died
            rendered(code, BuildReport(errors=[f"building the {code} site failed: {error}"]))

        try:
            _render_all(tasks, jobs, render, cores, rendered, failed)
            if meanwhile is not None and not report.errors:
                meanwhile()
            for future in list(indexing):
                try:
                    future.result()
                except Exception as error:  # Pagefind failed or could not run
                    logger.error("building the search index failed: %s", error)
                    report.errors.append(f"building the search index failed: {error}")
        except BaseException:  # interrupted: start no more Pagefind runs, stop those running
            indexers.shutdown(wait=False, cancel_futures=True)
            PAGEFIND_RUNS.stop()
            raise
    if spans:  # from the first Pagefind run to the end of the last
        report.timings["search index"] = max(end for _, end in spans) - min(start for start, _ in spans)
    return report


def _render_all(tasks: list[tuple], jobs: int, render, cores, rendered, failed) -> None:
    """Render every task, at most *jobs* at once (each holds one of the *cores*): with more
    than one job, each in a process of its own. Interrupted, the processes are ended.

    One process per task rather than a pool: a pool's workers share a queue lock, and a
    worker ended while it waited for work could leave it held (an interrupted build hung).
    """
    if jobs == 1:
        for task in tasks:
            cores.acquire()
            rendered(task[1], render(*task))
        return
    context = multiprocessing.get_context("fork")
    processes, waiters = [], []
    try:
        for task in tasks:
            cores.acquire()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_in_process, args=(render, task, sender), daemon=True)
            process.start()
            sender.close()
            processes.append(process)
            waiter = threading.Thread(target=_wait_for, args=(process, receiver, task[1], rendered, failed))
            waiter.start()
            waiters.append(waiter)
        for waiter in waiters:
            waiter.join()
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
        raise


def _wait_for(process, receiver, code: str, rendered, failed) -> None:
    """Pass what the language process sent on to *rendered*, or its failure to *failed*."""
    try:
        ok, result = receiver.recv()
    except (EOFError, OSError):  # the process died before it sent anything
        process.join()
        failed(code, RuntimeError(f"its process ended with exit status {process.exitcode}"))
        return
    finally:
        receiver.close()
    process.join()
    if ok:
        rendered(code, result)
    else:
        failed(code, RuntimeError(result))


def import_plugins(settings: dict) -> None:
    """Import the plugins once, before the language processes fork (each would import them)."""
    for name in settings.get("PLUGINS", []):
        with contextlib.suppress(ImportError):  # Pelican reports it, with its own message, in the language run
            importlib.import_module(str(name))


def finish_site(root: str, settings: dict, report: BuildReport) -> None:
    """Whole-site work after all languages are rendered: robots, sitemap, gates."""
    site_url = settings["SITEURL"]
    with open(os.path.join(root, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(robots_txt(site_url))
    if not (site_url or report.strict):
        return  # a preview: no sitemap without an address, gates only where they can stop a deploy
    with timed(report, "page facts"):
        pages = read_site(root)
    if site_url:
        with timed(report, "sitemap"), open(os.path.join(root, "sitemap.xml"), "w", encoding="utf-8") as handle:
            handle.write(sitemap_xml(pages))
    if not report.strict:
        return
    with timed(report, "link checks"):
        problems = gates.broken_link_problems(root, site_url, pages) + gates.privacy_problems(root, site_url, pages)
    for problem in problems:
        logger.warning("%s", problem)
        report.warnings.append(problem)
    with timed(report, "html check"):
        for problem in gates.html_problems(root):
            logger.error("%s", problem)
            report.errors.append(problem)
    if os.environ.get("PRECOMPRESS") == "1":
        with timed(report, "precompress"):
            precompress(root)


def summary(report: BuildReport) -> str:
    """One closing paragraph: what went wrong, or that all is well; and the notices."""
    notices = [f"  notice: {message}" for message in sorted(report.notices)]
    if report.ok:
        extra = f" with {len(report.warnings)} warning(s)" if report.warnings else ""
        extra += f"{' and' if extra else ' with'} {len(report.notices)} notice(s)" if report.notices else ""
        return "\n".join([f"Build finished{extra}.", *notices])
    lines = [f"Build failed: {len(report.errors)} error(s), {len(report.warnings)} warning(s). Nothing was written."]
    lines += [f"  error: {message}" for message in report.errors]
    if report.strict:
        lines += [f"  warning (fatal in a strict build): {message}" for message in report.warnings]
    return "\n".join(lines + notices)


def notices_markdown(report: BuildReport) -> str:
    """The notices as a Markdown section for people (the deploy appends it to its job summary)."""
    if not report.notices:
        return ""
    items = "\n".join(f"- {message}" for message in sorted(report.notices))
    return f"## Build notices\n\nFindings that depend on the day; they never stop a build.\n\n{items}\n"
