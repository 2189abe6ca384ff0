"""What a build logged (errors, warnings, notices, timings) and how it is told.

Every language run and the parent collect their log records into a :class:`BuildReport`
(``ReportCollector``); the parent merges them and prints :func:`summary` at the end.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from sitecore.problems import NOTICE, ExplainedFailureFilter


@dataclass
class BuildReport:
    """What a build logged; ``ok`` when nothing stops it."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # time-dependent findings: reported, never fatal
    office_notices: dict[str, dict[str, str]] = field(default_factory=dict)  # notice -> the office's text per language
    office_lang: str = "de"  # OFFICE_LANG: the language of build-notices.md
    repository_url: str = ""  # REPOSITORY_URL: where the office opens a file of the site (its web page)
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
        self.office_notices.update(other.office_notices)
        for phase, seconds in other.timings.items():
            self.timings[phase] = max(self.timings.get(phase, 0.0), seconds)


class ReportCollector(logging.Handler):
    """Keeps every notice, warning and error message of one run."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__(NOTICE)
        self.report = report
        self.addFilter(ExplainedFailureFilter())

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            if record.getMessage() not in self.report.notices:
                self.report.notices.append(record.getMessage())
            office = getattr(record, "office_notice", None)
            if office:
                self.report.office_notices[record.getMessage()] = office
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


@contextmanager
def held_console():
    """Hold back from the console what this thread logs meanwhile; yield the list of those
    records, which ``print_held`` prints. Unprinted they are never shown: the preview's work
    in the background (the build before it told the same), or an attempt whose failure a run
    of Pelican then tells."""
    this_thread, held = threading.get_ident(), []

    def other_threads(record: logging.LogRecord) -> bool:
        if record.thread == this_thread:
            held.append(record)
            return False
        return True

    handlers = _console_handlers()
    for handler in handlers:
        handler.addFilter(other_threads)
    try:
        yield held
    finally:
        for handler in handlers:
            handler.removeFilter(other_threads)


def print_held(records: list[logging.LogRecord]) -> None:
    """Print on the console what ``held_console`` held back."""
    for handler in _console_handlers():
        for record in records:
            handler.handle(record)


def _console_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, _ConsoleHandler)]


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


NOTICES_INTRO = {
    "de": "## Hinweise aus dem Build\n\nBefunde, die vom Datum abhängen; sie halten keine Veröffentlichung auf.",
    "en": "## Build notices\n\nFindings that depend on the day; they never stop a build.",
}


def file_link(path: str, repository_url: str = "") -> str:
    """Where the office opens the file at *path*: its page below *repository_url* (e.g.
    ``https://github.com/owner/site/blob/main/``), or the path itself without one."""
    if not repository_url:
        return path
    return repository_url.rstrip("/") + "/" + path.replace(os.sep, "/").lstrip("/")


def notices_markdown(report: BuildReport, lang: str = "en", repository_url: str = "") -> str:
    """The notices as a Markdown section for the office, in *lang* (the deploy appends it to its
    job summary, ``make notices-mail`` mails it): each post or offer named by its title, with a
    link to its file; a notice without the office's words keeps the build's."""
    if not report.notices:
        return ""
    lines = []
    for message in sorted(report.notices):
        office = report.office_notices.get(message, {})
        text = office.get(lang) or office.get("en")
        if text is None:
            lines.append(message)
            continue
        path = message.split(":", 1)[0]
        lines.append(text.replace("{file}", file_link(path, repository_url)))
    items = "\n".join(f"- {line}" for line in lines)
    return f"{NOTICES_INTRO.get(lang, NOTICES_INTRO['en'])}\n\n{items}\n"
