"""Build the whole bilingual site: one Pelican run per language, in parallel.

The content index (front matter only) is made once; then every language is rendered
by its own Pelican run into a staging folder. Only when no run logged an error (and,
with ``strict``, no warning) does the staging folder replace the output folder, so a
failed build never leaves a half-written site.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
from dataclasses import dataclass, field

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from bilingual.content_index import scan

from . import gates
from .page_facts import read_site
from .precompress import precompress
from .search_index import build_search_index
from .sitemap import robots_txt, sitemap_xml
from sitecore.languages import language_settings, languages_from_settings
from sitecore.problems import ExplainedFailureFilter, log_problem

logger = logging.getLogger("sitebuild")


@dataclass
class BuildReport:
    """What a build logged; ``ok`` when nothing stops it."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    strict: bool = False

    @property
    def ok(self) -> bool:
        """No error, and no warning in a strict build."""
        return not self.errors and not (self.strict and self.warnings)

    def merge(self, other: BuildReport) -> None:
        """Add the messages of another report."""
        self.errors += other.errors
        self.warnings += other.warnings


class _Collector(logging.Handler):
    """Keeps every warning and error message of one run."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__(logging.WARNING)
        self.report = report
        self.addFilter(ExplainedFailureFilter())

    def emit(self, record: logging.LogRecord) -> None:
        target = self.report.errors if record.levelno >= logging.ERROR else self.report.warnings
        target.append(record.getMessage())


def setup_logging() -> None:
    """Plain one-line log messages on stderr (no rich console, no tracebacks)."""
    root = logging.getLogger()
    if not any(getattr(h, "_sitebuild", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.addFilter(ExplainedFailureFilter())
        handler._sitebuild = True  # noqa: SLF001
        root.handlers = [handler]
    root.setLevel(logging.WARNING)


def load_settings(settings_file: str, overrides: dict | None = None) -> dict:
    """Pelican settings from *settings_file* with *overrides* applied."""
    return read_settings(settings_file, override=dict(overrides or {}))


def build_language(settings_file: str, code: str, staging: str, overrides: dict, index) -> BuildReport:
    """Render one language into *staging* with its own Pelican run."""
    report = BuildReport()
    collector = _Collector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    for state in (LimitFilter._ignore, LimitFilter._raised_messages, LimitFilter._group_count):  # noqa: SLF001
        state.clear()
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
            CONTENT_INDEX=index,
        )
        if not base.get("FEED_ENABLED"):
            per_language["FEED_ALL_ATOM"] = None
        if language is not languages[0]:
            per_language["THEME_STATIC_PATHS"] = []
        Pelican(load_settings(settings_file, per_language)).run()
    except Exception as error:  # an unexpected failure of a plugin or Pelican
        logger.exception("building the %s site failed: %s", code, error)
    finally:
        root.removeHandler(collector)
    return report


def _run_language(args) -> BuildReport:
    setup_logging()
    return build_language(*args)


def build(
    settings_file: str,
    output: str,
    *,
    strict: bool = False,
    jobs: int | None = None,
    overrides: dict | None = None,
) -> BuildReport:
    """Build every language into *output*; replace it only when the build is ok."""
    setup_logging()
    overrides = dict(overrides or {})
    report = BuildReport(strict=strict)
    collector = _Collector(report)
    logging.getLogger().addHandler(collector)
    try:
        base = load_settings(settings_file, overrides)
        languages = languages_from_settings(base)
        index, problems = scan(base, languages)
        for problem in problems:
            log_problem(logger, problem)
    finally:
        logging.getLogger().removeHandler(collector)

    staging = f"{output.rstrip('/')}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    tasks = [(settings_file, lang.code, staging, overrides, index) for lang in languages]
    jobs = jobs or min(len(tasks), os.cpu_count() or 1)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_run_language, tasks)
    else:
        results = [build_language(*task) for task in tasks]
    for result in results:
        report.merge(result)
    if not report.errors:
        finish_site(staging, base, report)

    if not report.ok:
        shutil.rmtree(staging, ignore_errors=True)
        return report
    previous = f"{output.rstrip('/')}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.exists(output):
        os.rename(output, previous)
    os.rename(staging, output)
    shutil.rmtree(previous, ignore_errors=True)
    return report


def finish_site(root: str, settings: dict, report: BuildReport) -> None:
    """Whole-site work after all languages are rendered: robots, sitemap, search, gates."""
    site_url = settings["SITEURL"]
    pages = read_site(root)
    with open(os.path.join(root, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(robots_txt(site_url))
    if site_url:
        with open(os.path.join(root, "sitemap.xml"), "w", encoding="utf-8") as handle:
            handle.write(sitemap_xml(pages))
    build_search_index(root, pages)
    pages = read_site(root)  # the search page now finds its Pagefind files
    for problem in gates.link_problems(root, site_url, pages) + gates.privacy_problems(root, site_url, pages):
        logger.warning("%s", problem)
        report.warnings.append(problem)
    if report.strict:
        for problem in gates.html_problems(root):
            logger.error("%s", problem)
            report.errors.append(problem)
    if os.environ.get("PRECOMPRESS") == "1":
        precompress(root)


def summary(report: BuildReport) -> str:
    """One closing paragraph: what went wrong, or that all is well."""
    if report.ok:
        extra = f" with {len(report.warnings)} warning(s)" if report.warnings else ""
        return f"Build finished{extra}."
    lines = [f"Build failed: {len(report.errors)} error(s), {len(report.warnings)} warning(s). Nothing was written."]
    lines += [f"  error: {message}" for message in report.errors]
    if report.strict:
        lines += [f"  warning (fatal in a strict build): {message}" for message in report.warnings]
    return "\n".join(lines)
