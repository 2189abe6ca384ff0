"""Build the whole bilingual site: one Pelican run per language, in parallel.

The content index (front matter only) is made once; then every language is rendered
by its own Pelican run into a staging folder. Only when no run logged an error (and,
with ``strict``, no warning) does the staging folder replace the output folder, so a
failed build never leaves a half-written site.

The parts, each to be read alone: ``run_settings`` (the settings of one language's run,
pure), ``scheduling`` (processes, threads and cores), ``incremental`` (what a preview
rebuild can reuse), ``report`` (what the build logged, and its summary).
"""

from __future__ import annotations

import gc
import logging
import os
from contextlib import contextmanager
from functools import partial

from pelican import Pelican, signals
from pelican.settings import read_settings

from bilingual.content_index import scan
from common.setting_checks import INTAKE_FORM_ROUTES, intake_form_endpoints
from redirects.site_redirects import write_redirects

from . import gates
from .incremental import (
    drop_content_caches,
    known_entries,
    plan,
    post_languages,
    reading_inputs_changed,
    reusable_snapshot,
    take_snapshot,
)
from .interrupts import uninterruptible
from .lock import build_lock
from .page_facts import read_site
from .precompress import precompress
from .report import BuildReport, ReportCollector, notices_markdown, setup_logging, summary, timed
from .run_settings import entry_output, kept_bundles, language_run_settings
from .scheduling import import_plugins, render_and_index
from .search_index import (
    KeptBundles,
    merge_shards,
    mirror_folder,
    mirror_written_pages,
    mirrored_shards,
    reindex_language,
    shard_count,
)
from .sitemap import robots_txt, sitemap_xml
from .staging import discard, prune_stale, publish, staging_folder
from sitecore.files import unread_files
from sitecore.languages import languages_from_settings
from sitecore.pelican_compat import reset_log_limits
from sitecore.problems import Problem, log_notice, log_problem, setting_problem
from sitecore.shared_keys import SEARCH_SHARDS, SITEBUILD_CACHE

__all__ = ["BuildReport", "build", "build_language", "load_settings", "notices_markdown", "summary"]

logger = logging.getLogger("sitebuild")


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
    collector = ReportCollector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    reset_log_limits()
    try:
        base = load_settings(settings_file, overrides)
        per_language = language_run_settings(base, overrides, code, staging, index, write_only)
        written = run_pelican(load_settings(settings_file, per_language))
        if mirror and not report.errors:
            with timed(report, "search mirror"):
                mirror_written_pages(staging, written, os.path.join(mirror, code), per_language[SEARCH_SHARDS])
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


def build(
    settings_file: str,
    output: str,
    *,
    strict: bool = False,
    jobs: int | None = None,
    overrides: dict | None = None,
    incremental: bool = False,
    waiting=None,
    search_later=None,
) -> BuildReport:
    """Build every language into *output*; replace it only when the build is ok.

    With *incremental* (the preview), Pelican's content cache is used and, when only post
    bodies changed since the last build, just those posts are rendered into *output*; their
    languages' search index is then made again, or, given *search_later*, handed to it as a
    callable to run under the build lock once the pages are served.
    One build at a time per *output*: while another holds its lock, raise ``BuildLocked``,
    or call *waiting* (``lock.build_lock``) and wait for it.
    """
    with build_lock(output, waiting), rare_cycle_collection():
        return _build(settings_file, output, strict, jobs, overrides, incremental, search_later)


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


def _build(settings_file, output, strict, jobs, overrides, incremental, search_later=None) -> BuildReport:
    setup_logging()
    overrides = dict(overrides or {})
    report = BuildReport(strict=strict)
    collector = ReportCollector(report)
    logging.getLogger().addHandler(collector)
    try:
        with timed(report, "content index"):
            base = load_settings(settings_file, overrides)
            report.office_lang = "en" if base.get("OFFICE_LANG") == "en" else "de"
            report.repository_url = str(base.get("REPOSITORY_URL") or "")
            endpoints = form_endpoints(base, settings_file, strict)
            overrides.update(endpoints)
            base.update(endpoints)
            languages = languages_from_settings(base)
            snapshot_file = os.path.join(base["CACHE_PATH"], "last-build.json")
            previous = reusable_snapshot(settings_file, base, languages, snapshot_file) if incremental else None
            index, problems = scan(base, languages, known_entries(previous), fingerprints=incremental)
        for problem in problems:
            log_problem(logger, problem)
        for problem in unread_files(base["PATH"], [lang.code for lang in languages]):
            log_problem(logger, problem, logging.WARNING)
    finally:
        logging.getLogger().removeHandler(collector)

    snapshot = take_snapshot(settings_file, base, index) if incremental else None
    if incremental:
        overrides[SITEBUILD_CACHE] = True
        if reading_inputs_changed(previous, snapshot):
            drop_content_caches(base, languages)
        if not report.errors and os.path.isdir(output):
            rebuild = plan(previous, snapshot, post_languages(base, index))
            if not rebuild.whole:
                _rebuild_changed_posts(settings_file, output, base, languages, index, overrides, report, rebuild)
                if rebuild.changed_posts and not report.errors and os.path.isdir(os.path.join(output, "pagefind")):
                    search = partial(_index_again, output, base, index, list(rebuild.changed_posts), report)
                    (search_later or _now)(search)
                if not report.errors:
                    snapshot.save(snapshot_file)
                return report
    report = _build_whole_site(settings_file, output, base, languages, index, overrides, report, jobs)
    if report.ok and incremental:
        snapshot.save(snapshot_file)
    elif report.ok and os.path.exists(snapshot_file):
        os.remove(snapshot_file)  # output/ no longer matches what the preview last built
    return report


FORMS_AS_MAIL = (
    (
        "de",
        "Die Website kennt die Adresse des Formular-Dienstes nicht (INTAKE_PUBLIC_URL): Kommentar-, "
        "Anmelde-, Kontakt- und Widerrufsformular erscheinen als E-Mail-Link.",
    ),
    (
        "en",
        "The site does not know the address of the form service (INTAKE_PUBLIC_URL): the comment, "
        "registration, contact and withdrawal forms show an e-mail link instead.",
    ),
)


def form_endpoints(base: dict, settings_file: str, strict: bool) -> dict[str, str]:
    """The form endpoints ``INTAKE_PUBLIC_URL`` gives (to every language's run); a wrong address
    is an error, and a production build without any says that the forms stay mail links."""
    endpoints, problem = intake_form_endpoints(base)
    if problem:
        log_problem(logger, setting_problem(problem, settings_file))
    missing = [name for name in INTAKE_FORM_ROUTES if not (endpoints.get(name) or base.get(name))]
    if strict and missing and not problem:
        message = f"no intake address: {', '.join(missing)} unset, so those forms show a mail link instead"
        log_notice(
            logger,
            Problem(
                "INTAKE_PUBLIC_URL", None, message, "INTAKE_PUBLIC_URL=https://… make publish", office=FORMS_AS_MAIL
            ),
        )
    return endpoints


def _rebuild_changed_posts(settings_file, output, base, languages, index, overrides, report, rebuild) -> None:
    """The preview's short path: render just the changed posts (and the feeds that show
    them), each in its language, into *output* directly (one run after the other, never
    stopped half-way)."""
    with timed(report, "languages"), uninterruptible():
        for code, posts in rebuild.changed_posts.items():
            selected = [entry_output(base, languages, index, code, path) for path in posts]
            report.merge(build_language(settings_file, code, output, overrides, index, selected))


def _now(task) -> None:
    task()


def _index_again(output, base, index, codes, report) -> None:
    """Index the languages *codes* of the site in *output* for the search again, from its pages."""
    with timed(report, "search index"), mirror_folder() as mirror:
        for code in codes:
            shards = shard_count(len(index.paths(code, "post")), base.get("SEARCH_SHARD_PAGES", 500))
            reindex_language(output, code, shards, mirror)


def _build_whole_site(settings_file, output, base, languages, index, overrides, report, jobs) -> BuildReport:
    """Render every language into a staging folder, finish the site, then swap it in."""
    staging = staging_folder(output)
    bundles = KeptBundles(kept_bundles(base))
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
                    render=build_language,
                    index=bundles.index_shard,  # a shard whose pages did not change is not indexed again
                    meanwhile=partial(prune_stale, staging, skip="pagefind"),  # while the last shards are indexed
                )
            )
        if not report.errors:
            with timed(report, "search merge"):  # stale files first: the merge renames the fresh ones
                prune_stale(staging, only="pagefind")
                merge_shards(mirror, [lang.code for lang in languages], staging)
            finish_site(staging, base, report, index)

    if report.ok:
        with uninterruptible():
            publish(staging, output)
        bundles.forget_unused()
    else:
        discard(staging)
    return report


def finish_site(root: str, settings: dict, report: BuildReport, index) -> None:
    """Whole-site work after all languages are rendered: robots, redirects, sitemap, gates."""
    site_url = settings["SITEURL"]
    with open(os.path.join(root, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(robots_txt(site_url))
    with timed(report, "redirects"):
        for problem in write_redirects(root, index, settings):
            log_problem(logger, problem)
            report.errors.append(str(problem))
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
