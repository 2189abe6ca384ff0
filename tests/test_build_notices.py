"""Build notices: time-dependent findings collected beside errors and warnings, never fatal,
printed once and written to a file outside the output for the deploy's job summary."""

from __future__ import annotations

import logging

from sitebuild.__main__ import write_notices
from sitebuild.report import BuildReport, ReportCollector, notices_markdown, summary
from sitecore.problems import NOTICE, Problem, log_notice, log_problem


def collect(strict: bool) -> BuildReport:
    report = BuildReport(strict=strict)
    logger = logging.getLogger("test.notices")
    logger.setLevel(NOTICE)
    collector = ReportCollector(report)
    logger.addHandler(collector)
    try:
        log_notice(logger, Problem("content/de/offers/a.md", 20, "the offer 'a' has no upcoming session"))
        log_notice(logger, Problem("content/de/offers/a.md", 20, "the offer 'a' has no upcoming session"))
        log_problem(logger, Problem("content/de/posts/p.md", 3, "a warning"), logging.WARNING)
    finally:
        logger.removeHandler(collector)
    return report


def test_notices_are_a_third_level_that_a_strict_build_does_not_count():
    report = collect(strict=True)
    assert report.notices == ["content/de/offers/a.md:20: the offer 'a' has no upcoming session"]  # once
    assert report.warnings == ["content/de/posts/p.md:3: a warning"] and not report.ok  # the warning still counts
    report.warnings.clear()
    assert report.ok


def test_notices_of_both_languages_are_merged_once_and_listed_in_the_summary():
    report, other = BuildReport(), BuildReport()
    report.notices = ["b: intake unreachable", "a: no session"]
    other.notices = ["b: intake unreachable", "c: soon"]
    report.merge(other)
    assert report.notices == ["b: intake unreachable", "a: no session", "c: soon"]
    text = summary(report)
    assert text.startswith("Build finished with 3 notice(s).")
    assert text.splitlines()[1:] == ["  notice: a: no session", "  notice: b: intake unreachable", "  notice: c: soon"]
    failed = BuildReport(errors=["x: broken"], notices=["a: no session"])
    assert "  notice: a: no session" in summary(failed) and summary(failed).startswith("Build failed")


def test_the_notices_file_is_written_and_removed_when_there_are_none(tmp_path):
    target = tmp_path / "build-notices.md"
    write_notices(BuildReport(notices=["a: no session"]), str(target))
    written = target.read_text(encoding="utf-8")
    assert written == notices_markdown(BuildReport(notices=["a: no session"]), "de")  # the office's language
    assert written.startswith("## Hinweise aus dem Build\n") and "- a: no session\n" in written
    write_notices(BuildReport(), str(target))
    assert not target.exists()


OFFER_NOTICE = Problem(
    "content/de/offers/seminar.md",
    7,
    "the offer 'seminar' has no upcoming session",
    office=(
        ("de", "„Gute Fragen“ hat keinen Termin. Datei: {file}"),
        ("en", "“Good questions” has no date. File: {file}"),
    ),
)


def test_the_office_reads_each_notice_in_its_language_by_title_with_a_link_to_the_file():
    report = BuildReport()
    logger = logging.getLogger("test.office-notices")
    logger.setLevel(NOTICE)
    collector = ReportCollector(report)
    logger.addHandler(collector)
    try:
        log_notice(logger, OFFER_NOTICE)
        log_notice(logger, Problem("INTAKE_URL", None, "the intake's availability could not be read"))
    finally:
        logger.removeHandler(collector)
    merged = BuildReport()
    merged.merge(report)  # as the language processes' reports reach the parent
    german = notices_markdown(merged, "de", "https://github.com/owner/site/blob/abc123/")
    assert (
        "- „Gute Fragen“ hat keinen Termin. Datei: https://github.com/owner/site/blob/abc123/content/de/offers/seminar.md\n"
        in german
    )
    assert "- INTAKE_URL: the intake's availability could not be read\n" in german  # no office words: as built
    english = notices_markdown(merged, "en")
    assert (
        english.startswith("## Build notices")
        and "- “Good questions” has no date. File: content/de/offers/seminar.md\n" in english
    )
    assert summary(merged).splitlines()[1] == "  notice: INTAKE_URL: the intake's availability could not be read"
