"""Author mistakes as values: one shape, one format, one way to log them.

Pure code returns :class:`Problem` values; the glue decides whether a problem is a
warning (the build goes on) or an error (the build fails after everything was reported).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from common.setting_checks import SettingProblem


@dataclass(frozen=True)
class Problem:
    """A mistake in one content file: where it is, what is wrong, what to do."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    # a notice as the office reads it, per language: ((lang, text), …); the post or offer by its
    # title, "{file}" where the link to its file goes (sitebuild.report.notices_markdown)
    office: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")


def setting_problem(problem: SettingProblem, path: str = "pelicanconf.py") -> Problem:
    """A setting check's problem as the build reports it: ``pelicanconf.py: NAME 'value' is not … (hint)``."""
    return Problem(path, None, problem.message, problem.hint)


class ContentError(Exception):
    """Raised for a problem that must stop the build; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def display_path(path: str) -> str:
    """Return *path* relative to the working directory when it lies below it."""
    return _display_path(path, os.getcwd())


@lru_cache(maxsize=65536)
def _display_path(path: str, cwd: str) -> str:
    """``display_path`` from *cwd*, remembered: a build names each file many times (20,000
    calls at 4,000 posts)."""
    absolute = os.path.normpath(os.path.join(cwd, path))
    if absolute == cwd:
        return "."
    below = cwd.rstrip(os.sep) + os.sep  # what ``os.path.relpath`` would make, without its two ``abspath``
    return absolute[len(below) :] if absolute.startswith(below) else absolute


NOTICE = 25  # between INFO and WARNING: a finding that depends on the day, never fatal (not counted by --strict)
logging.addLevelName(NOTICE, "NOTICE")


def log_problem(logger: logging.Logger, problem: Problem, level: int = logging.ERROR) -> None:
    """Log *problem* as one line ``path:line: message (hint)``."""
    logger.log(level, "%s", problem, extra={"content_problem": True})


def log_notice(logger: logging.Logger, problem: Problem) -> None:
    """Log a time-dependent finding (a date passed, the intake is unreachable) as a notice:
    the build reports it beside its errors and warnings, and it never fails a build. The
    office's words (``problem.office``) travel with it to ``build-notices.md``."""
    logger.log(NOTICE, "%s", problem, extra={"office_notice": dict(problem.office)} if problem.office else None)


class ExplainedFailureFilter(logging.Filter):
    """Drop Pelican's bare "Could not process <file>" right after our reader explained why.

    Attach one instance per handler: it remembers the previous record it saw.
    """

    def __init__(self) -> None:
        super().__init__()
        self._explained = False

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record except the redundant echo."""
        if record.msg == "Could not process %s" and self._explained:
            self._explained = False
            return False
        self._explained = getattr(record, "content_problem", False)
        return True


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line number of character *offset* in *text*."""
    return text.count("\n", 0, offset) + 1
