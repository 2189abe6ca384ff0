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

from bilingual.content_index import ContentIndex, Entry, open_kept_entries, post_or_page_entry, scan
from content_reader.source_files import read_source
from common.setting_checks import INTAKE_FORM_ROUTES, intake_form_endpoints
from redirects.site_redirects import write_redirects

from . import gates
from .incremental import (
    drop_content_caches,
    entry_fields,
    known_entries,
    plan,
    post_languages,
    quick_plan,
    reading_inputs_changed,
    reusable_snapshot,
    take_snapshot,
)
from .interrupts import uninterruptible
from .kept_site import KeptSite
from .lock import build_lock
from .mirror_beside import FirstPassBeside
from .page_facts import read_site
from .precompress import precompress
from .report import (
    BuildReport,
    ReportCollector,
    held_console,
    notices_markdown,
    print_held,
    setup_logging,
    summary,
    timed,
)
from .run_settings import entry_output, kept_bundles, kept_prepared, kept_readings, language_run_settings
from .scheduling import beside, import_plugins, in_a_process, pages_written, render_and_index, wait_until_done
from .search_index import (
    KeptBundles,
    merge_shards,
    mirror_folder,
    mirror_written_pages,
    SPLIT_LANGUAGE,
    mirrored_shards,
    reindex_language,
    shard_count,
)
from .sitemap import robots_txt, sitemap_xml
from .staging import discard, prune_stale, publish, staging_folder
from sitecore.files import unread_files
from sitecore.hyphenation import prepare_dictionaries
from sitecore.languages import languages_from_settings
from sitecore.pelican_compat import reset_log_limits
from sitecore.problems import Problem, display_path, log_notice, log_problem, setting_problem
from sitecore.shared_keys import PREPARED_KEEP, SEARCH_SHARDS, SITEBUILD_CACHE

__all__ = [
    "BuildReport",
    "SettingsUnreadable",
    "build",
    "build_language",
    "load_settings",
    "notices_markdown",
    "summary",
]

logger = logging.getLogger("sitebuild")


class SettingsUnreadable(Exception):  # noqa: N818 -- names the situation, as BuildLocked does
    """The settings file cannot be run, or Pelican refuses what it sets (a theme not found)."""


def load_settings(settings_file: str, overrides: dict | None = None) -> dict:
    """Pelican settings from *settings_file* with *overrides* applied; ``SettingsUnreadable``
    names the file (and the line of a syntax error) when they cannot be read."""
    try:
        return read_settings(settings_file, override=dict(overrides or {}))
    except SyntaxError as error:
        raise SettingsUnreadable(f"{display_path(settings_file)}:{error.lineno}: {error.msg}") from None
    except (ValueError, OSError, ImportError, NameError) as error:
        raise SettingsUnreadable(f"{display_path(settings_file)}: {error}") from None


def build_language(
    settings_file: str,
    code: str,
    staging: str,
    overrides: dict,
    index,
    write_only: list[str] | None = None,
    mirror: str | None = None,
    keep=None,
) -> BuildReport:
    """Render one language into *staging* with its own Pelican run (only *write_only*, if given);
    then copy its indexed pages into the search *mirror*, if given (``<mirror>/<code>``).
    *keep* (the preview's ``KeptSites``) keeps the run when it logged no error."""
    report = BuildReport()
    collector = ReportCollector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    reset_log_limits()
    beside_it = None
    try:
        base = load_settings(settings_file, overrides)
        per_language = language_run_settings(base, overrides, code, staging, index, write_only)
        settings = load_settings(settings_file, per_language)
        generators: list = []
        # the first pass of the German mirror (the longer language's extra work), page by page beside it
        beside_it = FirstPassBeside(staging, code) if mirror and code == SPLIT_LANGUAGE else None
        written = run_pelican(settings, generators, beside_it.written if beside_it else None)
        if not report.errors:
            pages_written()  # the parent may prune the staging folder beside the search mirror
        if keep is not None and not report.errors:
            keep.keep(KeptSite(code, settings, generators))
        if mirror and not report.errors:
            with timed(report, "search mirror"):
                mirror_written_pages(
                    staging,
                    written,
                    os.path.join(mirror, code),
                    per_language[SEARCH_SHARDS],
                    per_language[PREPARED_KEEP],
                    made=beside_it.made if beside_it else None,
                )
    except Exception as error:  # an unexpected failure of a plugin or Pelican
        logger.exception("building the %s site failed: %s", code, error)
    finally:
        root.removeHandler(collector)
        if beside_it is not None:
            beside_it.close()
    return report


def run_pelican(settings: dict, generators: list | None = None, tell=None) -> list[str]:
    """Run Pelican; the paths of the pages and feeds it wrote, in order. *generators*, if
    given, receives the run's generators (with the site model they hold); *tell*, if given,
    is called with each path as it is written."""
    written: dict[str, None] = {}

    def remember(path, context=None):
        written[path] = None
        if tell is not None:
            tell(path)

    def hold(finished) -> None:
        if generators is not None:
            generators[:] = finished

    signals.content_written.connect(remember)
    signals.all_generators_finalized.connect(hold)
    try:
        Pelican(settings).run()
    finally:
        signals.content_written.disconnect(remember)
        signals.all_generators_finalized.disconnect(hold)
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
    kept=None,
    changed=None,
    instead_of_whole=None,
) -> BuildReport:
    """Build every language into *output*; replace it only when the build is ok.

    With *incremental* (the preview), Pelican's content cache is used and, when only post
    bodies changed since the last build, just those posts are rendered into *output*; their
    languages' search index is then made again, or, given *search_later*, handed to it as a
    callable to run under the build lock once the pages are served. With *kept* (the preview's
    ``KeptSites``) a text edit is applied to the language's kept site model instead of a run of
    Pelican; after a whole build, the model of the language last edited is prepared again
    (through *search_later* too). *changed*: the paths the preview's watcher heard change;
    when they are only post bodies with a kept model, no other file is looked at.
    *instead_of_whole*: called (and expected to raise) where the preview's rebuild would make a
    whole build in this process (the preview starts again for it, ``preview.StartAgain``).
    One build at a time per *output*: while another holds its lock, raise ``BuildLocked``,
    or call *waiting* (``lock.build_lock``) and wait for it.
    """
    with build_lock(output, waiting), rare_cycle_collection():
        if incremental and kept is not None and changed:
            report = _quick_rebuild(output, kept, changed, search_later)
            if report is not None:
                return report
        return _build(settings_file, output, strict, jobs, overrides, incremental, search_later, kept, instead_of_whole)


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


def _build(
    settings_file, output, strict, jobs, overrides, incremental, search_later=None, kept=None, instead_of_whole=None
) -> BuildReport:
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
            preparing = None if incremental else _prepare_beside(base, languages)
            snapshot_file = os.path.join(base["CACHE_PATH"], "last-build.json")
            previous = reusable_snapshot(settings_file, base, languages, snapshot_file) if incremental else None
            # a whole build keeps the index's entries with its readings; the preview has its snapshot
            entries = None if incremental else open_kept_entries(base, kept_readings(base))
            index, problems = scan(base, languages, known_entries(previous), fingerprints=incremental, kept=entries)
            if entries is not None:
                entries.save()
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
                _rebuild_changed_posts(settings_file, output, base, languages, index, overrides, report, rebuild, kept)
                if rebuild.changed_posts and not report.errors and os.path.isdir(os.path.join(output, "pagefind")):
                    search = partial(_index_again, output, base, index, list(rebuild.changed_posts), report)
                    (search_later or _now)(search)
                if not report.errors:
                    snapshot.save(snapshot_file)
                    if kept is not None:
                        kept.saw(base, snapshot, snapshot_file, index)
                    _keep_a_site_model(settings_file, output, languages, overrides, index, kept, search_later)
                return report
    _before_the_whole_build(kept, instead_of_whole)
    report = _build_whole_site(settings_file, output, base, languages, index, overrides, report, jobs, preparing)
    if report.ok and incremental:
        snapshot.save(snapshot_file)
        if kept is not None:
            kept.saw(base, snapshot, snapshot_file, index)
        _keep_a_site_model(settings_file, output, languages, overrides, index, kept, search_later)
    elif report.ok and os.path.exists(snapshot_file):
        os.remove(snapshot_file)  # output/ no longer matches what the preview last built
    return report


def _before_the_whole_build(kept, instead_of_whole) -> None:
    """The preview's rebuild starts the preview again for a whole build (*instead_of_whole*
    raises); else the kept site model is dropped before the language processes fork: they
    need not copy it."""
    if instead_of_whole is not None:
        instead_of_whole()
    if kept is not None:
        kept.drop()


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


def _rebuild_changed_posts(settings_file, output, base, languages, index, overrides, report, rebuild, kept) -> None:
    """The preview's short path: render just the changed posts (and the feeds that show
    them), each in its language, into *output* directly (one run after the other, never
    stopped half-way): from the language's kept site model when there is one, else with a
    run of Pelican (kept for the next edit)."""
    with timed(report, "languages"), uninterruptible():
        for code, posts in rebuild.changed_posts.items():
            if kept is not None:
                kept.last_edited = code
                site = kept.get(code)
                if site is not None and _rewrite_kept(partial(site.rewrite_posts, posts), report):
                    continue
                kept.drop()
            selected = [entry_output(base, languages, index, code, path) for path in posts]
            report.merge(build_language(settings_file, code, output, overrides, index, selected, keep=kept))


def _quick_rebuild(output, kept, changed, later) -> BuildReport | None:
    """The preview's quickest path: only post bodies changed (as the watcher heard it) and
    their languages' site models are kept: write their pages from the models, then (*later*)
    save the snapshot and index the search again. None when that does not apply."""
    if kept.base is None or not os.path.isdir(output):
        return None
    quick = quick_plan(kept.snapshot, {os.path.abspath(path) for path in changed}, partial(_entry_now, kept.base))
    if quick is None:
        return None
    rebuild, snapshot = quick
    sites = {code: kept.get(code) for code in rebuild.changed_posts}
    if not sites or None in sites.values():
        return None
    report = BuildReport()
    index = _with_entries(kept.index, rebuild.listed)
    with timed(report, "languages"), uninterruptible():
        for code, posts in rebuild.changed_posts.items():
            kept.last_edited = code
            if code in rebuild.listed:  # front matter: the model's listings change too
                update = partial(sites[code].update_posts, posts, index)
            else:
                update = partial(sites[code].rewrite_posts, posts)
            if not _rewrite_kept(update, report):
                kept.drop()
                return None  # Pelican's run of the language (or a whole build) says what went wrong
    kept.snapshot, kept.index = snapshot, index
    tasks = [partial(snapshot.save, kept.snapshot_file)]
    if os.path.isdir(os.path.join(output, "pagefind")):
        tasks.append(partial(_index_again, output, kept.base, kept.index, list(sites), report))
    (later or _now)(partial(_run_all, tasks))
    return report


def _run_all(tasks) -> None:
    for task in tasks:
        task()


def _entry_now(base: dict, path: str) -> list:
    """The content index entry of the post at *path* as it is now (its fields, as a snapshot has them)."""
    front, meta, _warnings = read_source(path, base)
    relative = os.path.relpath(path, base["PATH"])
    return entry_fields(post_or_page_entry(relative, "post", front, meta, base, fingerprints=True))


def _with_entries(index, listed: dict):
    """The content *index* with the entries of *listed* (language -> path -> fields) as they are now."""
    if not listed:
        return index
    now = {path: Entry(*fields) for paths in listed.values() for path, fields in paths.items()}
    return ContentIndex(tuple(now.get(entry.path, entry) for entry in index.entries), index.comments)


def _rewrite_kept(update, report: BuildReport) -> bool:
    """Apply an edit to a kept site model and write its pages (*update*: ``KeptSite.rewrite_posts``
    or ``update_posts`` of the posts); False (and nothing told) when that failed, logged an
    error or could not be followed: then a run of Pelican says it."""
    attempt = BuildReport()
    collector = ReportCollector(attempt)
    logging.getLogger().addHandler(collector)
    reset_log_limits()
    try:
        with held_console() as held, timed(attempt, "kept site"):
            if update() is None:
                return False
    except Exception:  # noqa: BLE001 -- Pelican's run tells the author what went wrong
        return False
    finally:
        logging.getLogger().removeHandler(collector)
    if attempt.errors:
        return False
    print_held(held)  # the warnings of the new text
    report.merge(attempt)
    return True


def _keep_a_site_model(settings_file, output, languages, overrides, index, kept, later) -> None:
    """When the preview (*kept*) holds no site model of the language last edited (at first:
    the first language), have one made by *later*, after the pages are served; when it holds
    one made by a run of Pelican for a text edit, have its pages' inputs recorded."""
    if kept is None:
        return
    code = kept.last_edited or languages[0].code
    site = kept.get(code)
    if site is None:
        (later or _now)(partial(_prepare_kept_site, settings_file, output, code, overrides, index, kept))
    elif site.record is None:
        (later or _now)(partial(_record_pages, site))


def _record_pages(site: KeptSite) -> None:
    with held_console():
        site.record_pages()


def _prepare_kept_site(settings_file, output, code, overrides, index, kept) -> None:
    """Run Pelican for language *code* without writing a page, and keep its site model for
    the next text edit (the preview does this after a whole build, while the author reads)."""
    if kept.get(code) is None:
        with held_console():
            build_language(settings_file, code, output, overrides, index, [], keep=kept)
            site = kept.get(code)
            if site is not None:
                site.warm_up()


def _now(task) -> None:
    task()


def _index_again(output, base, index, codes, report) -> None:
    """Index the languages *codes* of the site in *output* for the search again, from its pages."""
    with timed(report, "search index"), mirror_folder() as mirror:
        for code in codes:
            shards = shard_count(len(index.paths(code, "post")), base.get("SEARCH_SHARD_PAGES", 500))
            reindex_language(output, code, shards, mirror, kept_prepared(base))


def _prepare_beside(base: dict, languages):
    """Start preparing the dictionaries the language runs load (``prepare_dictionaries``) in a
    process of its own, on the core the content index leaves idle; its process."""
    return beside(partial(prepare_dictionaries, [lang.code for lang in languages], kept_prepared(base)))


def _build_whole_site(
    settings_file, output, base, languages, index, overrides, report, jobs, preparing=None
) -> BuildReport:
    """Render every language into a staging folder, finish the site, then swap it in (once
    the dictionaries *preparing* are kept, so that the language runs read them back)."""
    if preparing is not None:
        wait_until_done(preparing.join, preparing.is_alive)
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
                    meanwhile=partial(_prune_beside, staging),  # beside the longer mirror and the last shards
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


def _prune_beside(staging: str):
    """Start deleting what this build did not write, the search bundle aside
    (``prune_stale``), in a process of its own: meanwhile the longer language writes its
    search mirror, and this one's threads copy the kept search bundles (they hold the
    interpreter). What it returns waits for it; where that process failed, it prunes here,
    which tells the error (not when the build failed: its staging folder is discarded)."""
    pruning = in_a_process(partial(prune_stale, staging, skip="pagefind"))

    def wait(ok: bool) -> None:
        wait_until_done(pruning.join, pruning.is_alive)
        if ok and pruning.exitcode != 0:
            prune_stale(staging, skip="pagefind")

    return wait


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
