"""Readings kept between whole builds (content_reader.kept_readings): what makes a kept reading
stale, and that a build from kept readings says and fails as a new reading would."""

from __future__ import annotations

import logging
import os

from content_reader.kept_readings import KeptReadings, RecordsOfReading, code_version, settings_version
from sitetest import REPO, build_into, write_content

LOG = logging.getLogger("content_reader.test")


def heading_id(text, separator):
    return text


def other_heading_id(text, separator):
    return text


SETTINGS = {"PATH": "/c", "MARKDOWN": {"toc": {"slugify": heading_id}}, "ARTICLE_PATHS": ["de/posts/a.md"]}


def test_the_settings_version_ignores_what_does_not_change_a_reading():
    same = {**SETTINGS, "ARTICLE_PATHS": ["de/posts/a.md", "de/posts/b.md"], "CONTENT_INDEX": object()}
    assert settings_version(same) == settings_version(dict(SETTINGS))
    assert settings_version({**SETTINGS, "PATH": "/d"}) != settings_version(SETTINGS)
    other_function = {**SETTINGS, "MARKDOWN": {"toc": {"slugify": other_heading_id}}}
    assert settings_version(other_function) != settings_version(SETTINGS)


def test_the_code_version_changes_with_any_python_file_of_the_plugins(tmp_path):
    plugin = tmp_path / "plugins" / "reader"
    plugin.mkdir(parents=True)
    (plugin / "glue.py").write_text("A = 1\n", encoding="utf-8")
    (plugin / "notes.txt").write_text("not code", encoding="utf-8")
    before = code_version([str(tmp_path / "plugins")])
    (plugin / "notes.txt").write_text("still not code", encoding="utf-8")
    assert code_version([str(tmp_path / "plugins")]) == before
    (plugin / "glue.py").write_text("A = 2\n", encoding="utf-8")
    assert code_version([str(tmp_path / "plugins")]) != before


def found(lookups):
    """The lookups of a reading as they are answered now (here: as they were)."""
    return lookups


def test_a_kept_reading_comes_back_with_its_records_while_its_bytes_and_lookups_hold(tmp_path, caplog):
    file = tmp_path / "de.pickle"
    kept = KeptReadings.open(str(file), "v1")
    records = RecordsOfReading()  # what a reading logged (not logged here: Pelican logs a message once)
    extra = {"content_problem": True}
    records.handle(
        LOG.makeRecord(LOG.name, logging.WARNING, __file__, 1, "%s: %r is gone", ("a.md", "x"), None, extra=extra)
    )
    reading = ("<p>Text</p>", {"title": "A", "tags": ["x"]})
    kept.keep("/c/a.md", "d1", [("x.svg", (None, "hint"))], records.records, reading)
    kept.keep("/c/gone.md", "d2", [], [], ("", {}))
    kept.save()

    again = KeptReadings.open(str(file), "v1")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert again.reading("/c/a.md", "d1", found) == reading
    assert [(r.name, r.getMessage(), r.content_problem) for r in caplog.records] == [
        ("content_reader.test", "a.md: 'x' is gone", True)
    ]
    assert again.reading("/c/a.md", "d2", found) is None  # other bytes
    assert again.reading("/c/a.md", "d1", lambda lookups: [("x.svg", ("x.svg", None))]) is None  # the image came
    again.save()
    assert KeptReadings.open(str(file), "v1").entries.keys() == {"/c/a.md"}  # a file not read is dropped
    assert KeptReadings.open(str(file), "v2").entries == {}  # other settings or code
    file.write_bytes(b"not a pickle")
    assert KeptReadings.open(str(file), "v1").entries == {}


POST = "Title: Eins\nDate: 2024-05-17 09:30\nTags: Vertrieb\nSlug: eins\nPost_Image: /assets/bild.svg\n\nText.\n"
BROKEN = "Date: 2024-05-17 09:30\nSlug: zwei\n\nKein Titel.\n"
IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def test_a_strict_build_from_kept_readings_fails_as_a_new_reading_would(tmp_path):
    content = write_content(tmp_path, {"de/posts/eins.md": POST})
    output = tmp_path / "output"
    first = build_into(output, PATH=str(content))
    first_page = first.text("/blog/eins/")
    assert any("the image '/assets/bild.svg' does not exist" in warning for warning in first.report.warnings)
    assert (tmp_path / "cache" / "reading" / "de.pickle").is_file()
    strict = build_into(output, PATH=str(content), STRICT=True)  # `make publish`, from the kept readings
    assert not strict.report.ok
    assert [w for w in strict.report.warnings if "bild.svg" in w] == [
        w for w in first.report.warnings if "bild.svg" in w
    ]
    (content / "assets").mkdir()
    (content / "assets" / "bild.svg").write_text(IMAGE, encoding="utf-8")
    fixed = build_into(output, PATH=str(content))
    assert fixed.report.ok and not fixed.report.warnings
    assert "bild.svg" not in first_page
    assert "bild.svg" in fixed.text("/blog/eins/")  # the kept reading without the image was not used

    (content / "de/posts/zwei.md").write_text(BROKEN, encoding="utf-8")  # a file that cannot be read
    for _ in range(2):  # is never kept: it fails every build
        broken = build_into(output, PATH=str(content))
        assert any("zwei.md:1: the title is missing" in error for error in broken.report.errors)


def test_the_content_index_reads_again_only_the_files_that_changed(tmp_path, monkeypatch):
    """Whole builds keep the content index's entries beside the readings (``KeptEntries``): an
    entry comes back while its file's bytes are the same, and equals a new reading's."""
    from bilingual import content_index
    from bilingual.content_index import open_kept_entries, scan
    from sitebuild.build import load_settings
    from sitecore.languages import languages_from_settings

    future = "Title: Bald\nDate: 2999-01-01\nSlug: bald\n\nSpäter.\n"
    content = write_content(tmp_path, {"de/posts/eins.md": POST, "de/posts/bald.md": future})
    settings = load_settings(str(REPO / "pelicanconf.py"), {"PATH": str(content), "WITH_FUTURE_DATES": False})
    languages, folder = languages_from_settings(settings), str(tmp_path / "kept")

    def scan_kept():
        kept = open_kept_entries(settings, folder)
        index = scan(settings, languages, fingerprints=False, kept=kept)[0]
        kept.save()
        return {entry.path: entry for entry in index.entries}

    new = {entry.path: entry for entry in scan(settings, languages, fingerprints=False)[0].entries}
    assert scan_kept() == new and new["de/posts/bald.md"].status == "draft"

    read = []
    real_read_source = content_index.read_source
    monkeypatch.setattr(
        content_index, "read_source", lambda path, *a, **k: read.append(path) or real_read_source(path, *a, **k)
    )
    assert scan_kept() == new
    assert [os.path.basename(path) for path in read] == ["bald.md"]  # its status is the clock's: never kept

    (content / "de/posts/eins.md").write_text(POST.replace("Title: Eins", "Title: Eins, neu"), encoding="utf-8")
    read.clear()
    assert scan_kept()["de/posts/eins.md"].title == "Eins, neu"
    assert sorted(os.path.basename(path) for path in read) == ["bald.md", "eins.md"]


def test_the_content_index_parses_again_only_the_comment_files_that_changed(tmp_path, monkeypatch):
    from bilingual.content_index import open_kept_entries, scan
    from comments import comment_files
    from sitebuild.build import load_settings
    from sitecore.languages import languages_from_settings

    comment = "---\narticle: eins\nlang: de\nauthor: Petra\ndate: 2024-05-18 10:00\nstatus: approved\n---\nDanke!\n"
    content = write_content(tmp_path, {"de/posts/eins.md": POST, "comments/eins/1.md": comment})
    settings = load_settings(str(REPO / "pelicanconf.py"), {"PATH": str(content)})
    languages, folder = languages_from_settings(settings), str(tmp_path / "kept")

    def comments_kept():
        kept = open_kept_entries(settings, folder)
        comments = scan(settings, languages, fingerprints=False, kept=kept)[0].comments
        kept.save()
        return comments

    new = scan(settings, languages, fingerprints=False)[0].comments
    assert comments_kept() == new and [c.author for c in new.comments] == ["Petra"]
    monkeypatch.setattr(comment_files, "_parse_remembered", fail_to_parse)
    assert comments_kept() == new  # nothing parsed again
    (content / "comments/eins/1.md").write_text(comment.replace("Danke!", "Danke sehr!"), encoding="utf-8")
    monkeypatch.undo()
    assert "Danke sehr!" in comments_kept().comments[0].body


def fail_to_parse(*_args):
    raise AssertionError("parsed again although its text was kept")
