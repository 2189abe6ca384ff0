"""The authoring commands through their command line, and drafts in preview and publish builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitetest import REPO, build_into, write_content

POST = """---
title: Basis
date: 2021-01-05 10:00
slug: basis
tags: Vertrieb
---
Text.
"""
OFFER = """---
offer: seminar
title: Seminar
summary: Kurz.
format: praesenz
duration: 1 Tag
audience: Alle
goals: [Lernen]
trainer: Maren Albrecht
price: {amount: 100, currency: EUR, vat: net}
min_participants: 1
max_participants: 5
registration: kontakt@example.org
---
Beschreibung.
"""
TAXONOMY = "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n"
BASE = {
    "de/posts/basis.md": POST,
    "de/offers/seminar.md": OFFER,
    "taxonomy.yml": TAXONOMY,
    "assets/images/kontakt.svg": "<svg/>",
}

# (name, file, text, level, expected message): each mistake gives exactly one line naming the file.
MISTAKES = [
    (
        "tab in YAML",
        "de/posts/m.md",
        "---\ntitle: A\n\tdate: 2021-01-05\n---\nText\n",
        "error",
        "de/posts/m.md:3: the YAML front matter cannot be read (YAML does not allow tab characters",
    ),
    (
        "German date",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 05.01.2021\n---\nText\n",
        "error",
        "de/posts/m.md:3: the date '05.01.2021' cannot be read (write it as YYYY-MM-DD",
    ),
    (
        "misspelt topic",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\ntags: Vertieb\n---\nText\n",
        "warning",
        "de/posts/m.md:4: the tag 'Vertieb' is not a topic of the vocabulary (did you mean 'Vertrieb'?",
    ),
    (
        "unknown offer",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\n---\nText\n\n!!! offer seminr\n    Jetzt buchen.\n",
        "error",
        "de/posts/m.md:7: unknown offer 'seminr' (did you mean 'seminar'?)",
    ),
    (
        "translation pointing nowhere",
        "en/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\ntranslation_of: content/de/posts/geloescht.md\n---\nText\n",
        "error",
        "en/posts/m.md:4: translation_of names 'content/de/posts/geloescht.md', which is not a post or page",
    ),
    (
        "hidden translation pointing nowhere",
        "en/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\nstatus: hidden\ntranslation_of: content/de/posts/weg.md\n---\nText\n",
        "error",
        "en/posts/m.md:5: translation_of names 'content/de/posts/weg.md', which is not a post or page",
    ),
    (
        "image path typo",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\npost_image: /assets/images/kontakt.svgg\n---\nText\n",
        "warning",
        "de/posts/m.md:4: the image '/assets/images/kontakt.svgg' does not exist (did you mean /assets/images/kontakt.svg?)",
    ),
    (
        "missing title",
        "de/posts/m.md",
        "---\ndate: 2021-01-05\n---\nText\n",
        "error",
        "de/posts/m.md:1: the title is missing (add a line `title: Your title`",
    ),
    (
        "duplicate slug",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\nslug: basis\n---\nText\n",
        "error",
        "de/posts/m.md:4: the slug 'basis' is already used by",
    ),
    (
        "comment for a deleted post",
        "comments/geloescht/1.md",
        "---\narticle: geloescht\nauthor: Anna\ndate: 2021-03-19 08:12:00 +0100\nstatus: approved\n---\nToll!\n",
        "error",
        "comments/geloescht/1.md:2: there is no de post with the slug 'geloescht'",
    ),
    (
        "curly quote in YAML",
        "de/posts/m.md",
        '---\ntitle: "Der Kunde im Mittelpunkt“\ndate: 2021-01-05\n---\nText\n',
        "error",
        "de/posts/m.md:3: the YAML front matter cannot be read (a curly quote",
    ),
    (
        "text directly below native metadata",
        "de/posts/m.md",
        "Title: A\nDate: 2021-01-05\nDas ist: ein Satz.\nNoch einer.\n",
        "error",
        "de/posts/m.md:3: the text starts directly below the metadata, without an empty line (insert an empty line above this line",
    ),
    (
        "first line of text that looks like a key",
        "de/posts/m.md",
        "Title: A\nDate: 2021-01-05\nFazit: Gut.\n\nMehr.\n",
        "error",
        "de/posts/m.md:3: 'fazit' is not a metadata key (if this line is the start of the text, insert an empty line above it",
    ),
    (
        "unknown status",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\nstatus: fertig\n---\nText\n",
        "error",
        "de/posts/m.md:4: the status 'fertig' is unknown (write draft or Entwurf, published or veröffentlicht, hidden or versteckt)",
    ),
    (
        "colon in an unquoted YAML title",
        "de/posts/m.md",
        "---\ntitle: Vertrieb: Die Basics\ndate: 2021-01-05\n---\nText\n",
        "error",
        'de/posts/m.md:2: the YAML front matter cannot be read (a colon followed by a space ends a key in YAML: put the value in quotes, title: "Vertrieb: Die Basics")',
    ),
    (
        "tags as a mapping",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\ntags: {a: b}\n---\nText\n",
        "error",
        "de/posts/m.md:4: the tags must be names, not a mapping of key: value pairs (write tags: a, b or tags: [a, b])",
    ),
    (
        "TODO summary of new-post (preview)",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\nsummary: 'TODO: ein bis zwei Sätze'\n---\nText\n",
        "warning",
        "de/posts/m.md:4: the summary is still the placeholder `TODO: …` (write one or two sentences",
    ),
    (
        "unknown field in authors.yml",
        "authors.yml",
        "authors:\n  maren:\n    name: Maren Albrecht\n    rolle: Trainerin\n",
        "error",
        "authors.yml:4: unknown field 'rolle' in author 'maren' (did you mean 'role'?)",
    ),
    (
        "unknown offer in testimonials.yml",
        "testimonials.yml",
        "testimonials:\n  - quote: Gut.\n    name: Anna\n    offer: seminr\n",
        "error",
        "testimonials.yml:4: the testimonial names the unknown offer 'seminr' (did you mean 'seminar'?)",
    ),
    (
        "testimonials.yml that is not YAML",
        "testimonials.yml",
        "testimonials:\n  - quote: Gut.\n   name: Anna\n",
        "error",
        "testimonials.yml:3: the file is not valid YAML",
    ),
    (
        "two offers with one id",
        "de/offers/zweites.md",
        OFFER.replace("title: Seminar", "title: Zweites Seminar"),
        "error",
        "de/offers/zweites.md:2: the offer id or slug of 'seminar' is also used by",
    ),
    (
        "translation marker in the title (preview)",
        "en/posts/m.md",
        "---\ntitle: '[Translate] Basis'\ndate: 2021-01-05\n---\nText\n",
        "warning",
        "en/posts/m.md:2: the title still starts with the translation marker (remove [Übersetzen] / [Translate] from the title)",
    ),
    (
        "English post linking to a German page",
        "en/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\n---\nText.\n\nBack to [the start](/).\n",
        "warning",
        "en/posts/m.md:7: the link '/' leads to a page in 'de', but this text is in 'en' (link to the page in 'en'"
        " (its address starts with /en/), or write",
    ),
    (
        "German post linking to an English page",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-01-05\n---\nZur [Startseite](/en/#top).\n",
        "warning",
        "de/posts/m.md:5: the link '/en/#top' leads to a page in 'en', but this text is in 'de'",
    ),
    (
        "impossible date",
        "de/posts/m.md",
        "---\ntitle: A\ndate: 2021-13-45\n---\nText\n",
        "error",
        "de/posts/m.md:3: this date does not exist (write a real date",
    ),
]


def settings_file(tmp_path, **extra) -> str:
    lines = [f"{key} = {value!r}" for key, value in extra.items()]
    path = tmp_path / "siteconf.py"
    path.write_text(
        textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pelicanconf import *
        PATH = {str(tmp_path / "content")!r}
        THEME = {str(REPO / "theme")!r}
        PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
        """)
        + "\n".join(lines)
        + "\n"
    )
    return str(path)


def run_cli(tmp_path, *args, env=None, **settings):
    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "authoring", "--settings", settings_file(tmp_path, **settings), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )


def test_check_passes_on_the_sample_content():
    result = subprocess.run(
        [sys.executable, "-m", "authoring", "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout
    assert "Check passed: 0 error(s)" in result.stdout


@pytest.mark.parametrize(("name", "file", "text", "level", "message"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_one_clear_line_in_check(tmp_path, name, file, text, level, message):
    write_content(tmp_path, {**BASE, file: text})
    result = run_cli(tmp_path, "check")
    lines = [line for line in result.stdout.splitlines() if file in line]
    assert len(lines) == 1, (name, result.stdout)
    assert lines[0].startswith(f"{level.upper()}: content/{file}"), lines[0]
    assert message in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == (1 if level == "error" else 0)


@pytest.mark.parametrize(("name", "file", "text", "level", "message"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_one_clear_line_in_the_build(build_site, name, file, text, level, message):
    site = build_site({**BASE, file: text})
    messages = site.report.errors if level == "error" else site.report.warnings
    about = [m for m in site.report.errors + site.report.warnings if file in m]
    assert len(about) == 1, (name, about)
    assert about[0] in messages and message.split(": ", 1)[1] in about[0]  # the build names the file absolutely
    assert "Traceback" not in " ".join(about)


PLACEHOLDERS = {
    "de/posts/todo.md": (
        "---\ntitle: Neu\ndate: 2021-01-05\ntags: Vertrieb\nsummary: 'TODO: ein bis zwei Sätze'\n---\nText\n",
        "de/posts/todo.md:5: the summary is still the placeholder `TODO: …`",
    ),
    "en/posts/basis.md": (
        "---\ntitle: '[Translate] Basis'\ndate: 2021-01-05\ntags: Vertrieb\nstatus: published\n---\nText\n",
        "en/posts/basis.md:2: the title still starts with the translation marker",
    ),
    "en/pages/about.md": (
        "Title: [Translate] Über uns\nSummary: Wer wir sind.\n\nText\n",
        "en/pages/about.md:1: the title still starts with the translation marker",
    ),
    "en/posts/future.md": (
        "---\ntitle: Later\ndate: 2099-01-05\ntags: Vertrieb\nsummary: 'TODO:'\n---\nText\n",
        "en/posts/future.md:5: the summary is still the placeholder `TODO: …`",
    ),  # published on its date, unattended
}
PLACEHOLDER_DRAFTS = {  # not published: no finding
    "de/posts/entwurf.md": "---\ntitle: '[Übersetzen] Entwurf'\ndate: 2021-01-05\ntags: Vertrieb\nsummary: 'TODO:'\nstatus: Entwurf\n---\nText\n",
    "en/pages/draft.md": "Title: [Translate] Draft\nSummary: TODO: later\nStatus: draft\n\nText\n",
}


def test_placeholders_fail_a_publish_build_and_check_with_the_same_lines(tmp_path, monkeypatch):
    files = {**BASE, **{path: text for path, (text, _message) in PLACEHOLDERS.items()}, **PLACEHOLDER_DRAFTS}
    content = write_content(tmp_path, files)
    expected = sorted(message for _text, message in PLACEHOLDERS.values())
    result = run_cli(tmp_path, "check", AUTHORING_SHOW_DRAFTS=False)
    found = sorted(
        line.removeprefix("ERROR: content/")
        for line in result.stdout.splitlines()
        if "placeholder" in line or "marker" in line
    )
    assert [line.split(" (")[0] for line in found] == expected, result.stdout
    assert result.returncode == 1
    monkeypatch.setenv("SITEURL", "https://www.example.org")
    site = build_into(
        tmp_path / "output", REPO / "publishconf.py", PATH=str(content), TRAINING_OFFERS_TODAY="2020-01-01", STRICT=True
    )
    built = sorted(m.split("/content/", 1)[1] for m in site.report.errors if "placeholder" in m or "marker" in m)
    assert built == found, site.report.errors
    assert not site.report.ok and not (tmp_path / "output").exists()


def test_a_latin1_file_is_the_same_clear_error_in_check_and_build(tmp_path):
    write_content(tmp_path, BASE)
    latin1 = "---\ntitle: Größe\ndate: 2021-01-05\n---\nÄrger\n".encode("latin-1")
    (tmp_path / "content/de/posts/alt.md").write_bytes(latin1)
    message = "de/posts/alt.md:2: the file is not UTF-8: this line has a character in another encoding (save the file as UTF-8"
    result = run_cli(tmp_path, "check")
    assert [line for line in result.stdout.splitlines() if "alt.md" in line] == [
        f"ERROR: content/{message} in your editor; Latin-1 and Windows-1252 are not read)"
    ]
    site = build_into(tmp_path / "output", PATH=str(tmp_path / "content"))
    assert [m for m in site.report.errors + site.report.warnings if "alt.md" in m] == [
        f"{tmp_path}/content/{message} in your editor; Latin-1 and Windows-1252 are not read)"
    ]


def test_offer_mistakes_are_the_same_lines_in_check_and_build(tmp_path):
    """One rule set for both (training_offers.offers_model.validate_offers, offer_settings): a broken
    offer file is its own error only (a post naming it gets none), a bad setting is an error in both."""
    broken = OFFER.replace("offer: seminar", "offer: kaputt").replace("min_participants: 1", "min_participants: 0")
    unreadable = OFFER.replace("offer: seminar", "offer: unlesbar\ndate: 05.01.2021")
    post = "---\ntitle: B\ndate: 2021-01-05\noffer: kaputt, unlesbar\n---\nText\n\n!!! offer unlesbar\n    Satz.\n"
    files = {"de/offers/kaputt.md": broken, "de/offers/unlesbar.md": unreadable, "de/posts/b.md": post}
    write_content(tmp_path, {**BASE, **files})
    result = run_cli(tmp_path, "check", TRAINING_OFFERS_SOON_DAYS=-1)
    checked = sorted(
        line.removeprefix("ERROR: ").removeprefix("content/") for line in result.stdout.splitlines() if "ERROR" in line
    )
    assert checked == [
        "de/offers/kaputt.md:11: `min_participants` must be a whole number of at least 1, not 0",
        "de/offers/unlesbar.md:3: the date '05.01.2021' cannot be read (write it as YYYY-MM-DD HH:MM, optionally with seconds and an offset, e.g. 2021-01-05 20:37:13 +0600)",
        "pelicanconf.py: TRAINING_OFFERS_SOON_DAYS -1 is not a number of days (e.g. TRAINING_OFFERS_SOON_DAYS = 14)",
    ], result.stdout
    site = build_into(tmp_path / "output", PATH=str(tmp_path / "content"), TRAINING_OFFERS_SOON_DAYS=-1)
    built = sorted({m.split("/content/", 1)[-1] for m in site.report.errors})
    assert built == checked, site.report.errors


def test_status_entwurf_is_a_draft_everywhere(tmp_path, monkeypatch):
    draft = DRAFT.replace("status: draft", "status: Entwurf")
    content = write_content(tmp_path, {**BASE, "de/posts/entwurf.md": draft})
    assert run_cli(tmp_path, "check").returncode == 0
    preview = build_into(tmp_path / "preview", PATH=str(content))
    assert preview.report.ok, preview.report.errors
    assert preview.soup("/blog/entwurf/").select_one(".badge--draft").get_text() == "Entwurf"
    monkeypatch.setenv("SITEURL", "https://www.example.org")
    published = build_into(
        tmp_path / "output", REPO / "publishconf.py", PATH=str(content), TRAINING_OFFERS_TODAY="2020-01-01"
    )
    assert published.report.errors == [], published.report.errors
    assert not published.exists("/blog/entwurf/") and "Geheimer Entwurf" not in published.text("/")


def test_check_output_is_sorted_with_a_summary(tmp_path):
    write_content(
        tmp_path,
        {**BASE, "de/posts/b.md": MISTAKES[1][2], "de/posts/a.md": MISTAKES[2][2].replace("Vertieb", "Vertieb")},
    )
    result = run_cli(tmp_path, "check")
    problems = [line for line in result.stdout.splitlines() if line.startswith(("ERROR", "WARNING"))]
    paths = [line.split(": ", 1)[1] for line in problems]
    assert paths == sorted(paths) and len(problems) == 2
    assert "Check failed: 1 error(s), 1 warning(s)" in result.stdout
    assert run_cli(tmp_path, "check", "--strict").returncode == 1


def test_check_warns_about_a_pasted_text_that_became_one_paragraph(tmp_path):
    pasted = "\n".join(
        f"Satz {n}: Gute Fragen öffnen im Vertrieb viele Türen, wenn man wirklich zuhört." for n in range(20)
    )
    write_content(tmp_path, {**BASE, "de/posts/basis.md": POST.replace("Text.", pasted)})
    result = run_cli(tmp_path, "check")
    assert result.returncode == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING: content/de/posts/basis.md:7: the text (260 words) is a single paragraph: a single line break does "
        "not start a new one (put a blank line between paragraphs and around headings and lists, or create the "
        "post from the Word or text file with make import FILE=…)"
    ]


def test_check_finds_broken_internal_links_and_accepts_good_ones(tmp_path):
    text = POST.replace(
        "Text.",
        "[a](/blog/basis/) [b](/trainings/seminar/) [c](/themen/vertrieb/) [d](/assets/images/kontakt.svg) "
        "[e](/en/) [f](/blog/basiss/)",
    )
    write_content(tmp_path, {**BASE, "de/posts/basis.md": text})
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR: content/de/posts/basis.md:7: the link '/blog/basiss/' points to no page or file of the site (did you mean /blog/basis/?)"
    ]


def test_new_post_writes_a_draft_and_refuses_to_overwrite(tmp_path):
    write_content(tmp_path, BASE)
    args = (
        "new-post",
        "--title",
        "Über Einwände",
        "--tags",
        "verkauf, Vertrieb, Neu",
        "--now",
        "2025-05-17T09:30:00+02:00",
    )
    first = run_cli(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "content/de/posts/ueber-einwaende.md"
    text = (tmp_path / "content/de/posts/ueber-einwaende.md").read_text(encoding="utf-8")
    assert 'title: "Über Einwände"' in text and "date: 2025-05-17 09:30:00 +0200" in text
    assert "status: draft" in text and 'author: "Maren Albrecht"' in text
    assert "WARNING: content/de/posts/ueber-einwaende.md:6: the tag 'Neu' is not a topic" in first.stderr
    second = run_cli(tmp_path, *args[:3])
    assert second.returncode == 1
    assert "content/de/posts/ueber-einwaende.md: the file already exists: nothing was written" in second.stderr
    assert (tmp_path / "content/de/posts/ueber-einwaende.md").read_text(encoding="utf-8") == text
    english = run_cli(tmp_path, "new-post", "--title", "On objections", "--lang", "en", "--tags", "Vertrieb")
    assert english.stdout.strip() == "content/en/posts/on-objections.md"
    assert 'tags: ["Sales"]' in (tmp_path / "content/en/posts/on-objections.md").read_text(encoding="utf-8")


def test_new_post_refuses_a_slug_in_use(tmp_path):
    write_content(tmp_path, {**BASE, "de/posts/anders.md": POST.replace("slug: basis", "slug: basis-zwei")})
    result = run_cli(tmp_path, "new-post", "--title", "Basis zwei")
    assert (
        result.returncode == 1
        and "the slug 'basis-zwei' is already used by content/de/posts/anders.md" in result.stderr
    )


def test_translate_links_both_files_and_check_accepts_the_skeleton(tmp_path):
    write_content(tmp_path, {**BASE, "de/posts/basis.md": POST.replace("Text.", "Text mit [Link](/blog/basis/).")})
    result = run_cli(tmp_path, "translate", "content/de/posts/basis.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/en/posts/basis.md"
    skeleton = (tmp_path / "content/en/posts/basis.md").read_text(encoding="utf-8")
    assert 'title: "[Translate] Basis"' in skeleton and 'tags: ["Sales"]' in skeleton
    assert 'translation_of: "content/de/posts/basis.md"' in skeleton and "<!-- ORIGINAL (de)" in skeleton
    assert "translation_key: basis\n---" in (tmp_path / "content/de/posts/basis.md").read_text(encoding="utf-8")
    assert run_cli(tmp_path, "check").returncode == 0
    again = run_cli(tmp_path, "translate", "content/de/posts/basis.md")
    assert again.returncode == 1 and "already exists" in again.stderr
    missing = run_cli(tmp_path, "translate", "content/de/posts/nein.md")
    assert missing.returncode == 1 and "content/de/posts/nein.md: this file does not exist" in missing.stderr


def test_translations_table_and_strict(tmp_path):
    write_content(
        tmp_path,
        {
            **BASE,
            "en/posts/basis.md": POST.replace("Basis", "Basis en").replace("date:", "modified: 2020-01-01\ndate:"),
            "de/posts/zwei.md": POST.replace("basis", "zwei")
            .replace("Basis", "Zwei")
            .replace("date:", "modified: 2024-01-01\ndate:"),
        },
    )
    result = run_cli(tmp_path, "translations")
    assert result.returncode == 0
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines() if line.startswith(("post", "offer"))}
    assert rows["Basis"][2:] == ["present*", "outdated"]
    assert rows["Seminar"][2:] == ["present*", "missing"]
    assert run_cli(tmp_path, "translations", "--strict").returncode == 1


def test_make_ignores_a_locale_in_LANG_from_the_environment():
    env = dict(os.environ, LANG="de_DE.UTF-8")
    dry = subprocess.run(
        ["make", "-n", "new-post", "TITLE=x"], capture_output=True, text=True, cwd=REPO, env=env, check=False
    )
    assert '--lang ""' in dry.stdout
    given = subprocess.run(
        ["make", "-n", "new-post", "TITLE=x", "LANG=en"], capture_output=True, text=True, cwd=REPO, env=env, check=False
    )
    assert '--lang "en"' in given.stdout
    imported = subprocess.run(
        ["make", "-n", "import", "FILE=a b.docx", "LANG=en"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert 'import "a b.docx" --lang "en"' in imported.stdout
    wxr = subprocess.run(
        ["make", "-n", "comments-import-wxr", "FILE=x.xml", "LANG=en", "DRY_RUN=1"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert 'import-wxr "x.xml" --lang "en" --dry-run' in wxr.stdout
    wxr_default = subprocess.run(
        ["make", "-n", "comments-import-wxr", "FILE=x.xml"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert "--lang" not in wxr_default.stdout and "--dry-run" not in wxr_default.stdout


def test_import_writes_draft_posts_that_check_and_build_and_never_overwrites(tmp_path):
    from docx_files import article_docx, png

    from test_article_import import CLIENT_TEXT

    write_content(tmp_path, BASE)
    (tmp_path / "artikel.docx").write_bytes(article_docx(png((10, 120, 200))))
    (tmp_path / "gastbeitrag.txt").write_bytes(CLIENT_TEXT.replace("\n", "\r\n").encode("cp1252"))
    word = run_cli(tmp_path, "import", "artikel.docx", "--tags", "Vertrieb", "--now", "2025-05-17T09:30:00+02:00")
    assert word.returncode == 0, word.stderr
    assert word.stdout.strip() == "content/de/posts/gute-fragen-im-vertrieb.md"
    post = (tmp_path / word.stdout.strip()).read_text(encoding="utf-8")
    assert 'title: "Gute Fragen im Vertrieb"' in post and "date: 2025-05-17 09:30:00 +0200" in post
    assert "status: draft" in post and 'tags: ["Vertrieb"]' in post and "## Zuhören als Methode" in post
    images = list((tmp_path / "content/assets/images/gute-fragen-im-vertrieb").iterdir())
    assert len(images) == 1 and images[0].read_bytes() == png((10, 120, 200))
    text = run_cli(tmp_path, "import", "gastbeitrag.txt", "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert text.stdout.strip() == "content/en/posts/warum-gute-fragen-im-vertrieb-zaehlen.md"
    assert "read as Windows-1252" in text.stderr

    again = run_cli(tmp_path, "import", "artikel.docx")
    assert again.returncode == 1 and "already exists: nothing was written" in again.stderr
    assert (tmp_path / word.stdout.strip()).read_text(encoding="utf-8") == post

    check = run_cli(tmp_path, "check")
    assert check.returncode == 0 and "Check passed: 0 error(s), 2 warning(s)" in check.stdout, check.stdout
    assert check.stdout.count(":10: the report of make import is still in the text") == 2  # the drafts' reminders
    site = build_into(tmp_path / "output", PATH=str(tmp_path / "content"))
    assert site.report.ok, site.report.errors
    body = site.soup("/blog/gute-fragen-im-vertrieb/").select_one(".post__body")
    assert [h.get_text() for h in body.find_all("h2")][:2] == ["Zuhören als Methode", "Ein Beispiel aus der Praxis"]
    assert body.find("strong").get_text() == "keine Floskel" and body.find("em").get_text() == "Handwerk"
    assert body.find("a", href="https://www.example.org/fragen") and body.find("blockquote")
    assert len(body.find("ul").find_all("li")) == 2
    assert site.path(body.find("img")["src"]).read_bytes() == png((10, 120, 200))
    english = site.soup("/en/blog/warum-gute-fragen-im-vertrieb-zaehlen/").select_one(".post__body")
    assert [h.get_text() for h in english.find_all("h2")] == ["Zuhören als Methode", "Fazit"]
    assert len(english.find_all("p")) == 5 and len(english.find("ul").find_all("li")) == 3


def test_import_names_a_missing_or_unusable_file_in_one_line(tmp_path):
    write_content(tmp_path, BASE)
    missing = run_cli(tmp_path, "import", "fehlt.docx")
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        "ERROR: fehlt.docx: the file cannot be read (No such file or directory) "
        "(name an existing file, e.g. make import FILE=artikel.docx)"
    )
    (tmp_path / "alt.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    old = run_cli(tmp_path, "import", "alt.doc")
    assert old.stderr.strip() == "ERROR: alt.doc: cannot import a .doc file (save it as .docx in Word)"
    assert sorted(p.name for p in (tmp_path / "content/de/posts").iterdir()) == ["basis.md"]


DRAFT = (
    POST.replace("slug: basis", "slug: entwurf").replace("title: Basis", "title: Geheimer Entwurf") + "status: draft\n"
)
DRAFT = DRAFT.replace("status: draft\n", "").replace("tags: Vertrieb\n", "tags: Vertrieb\nstatus: draft\n")
FUTURE = (
    POST.replace("slug: basis", "slug: zukunft")
    .replace("title: Basis", "title: Zukunftsbeitrag")
    .replace("2021-01-05", "2099-01-05")
)


def test_drafts_and_future_posts_are_badged_in_the_preview(build_site):
    site = build_site({**BASE, "de/posts/entwurf.md": DRAFT, "de/posts/zukunft.md": FUTURE})
    assert site.report.ok, site.report.errors
    page = site.soup("/blog/entwurf/")
    assert page.select_one(".badge--draft").get_text() == "Entwurf"
    assert site.soup("/blog/zukunft/").select_one(".badge--scheduled").get_text() == "Geplant"
    assert "Geheimer Entwurf" in site.text("/")


def test_nothing_of_a_draft_or_future_post_reaches_a_publish_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://www.example.org")
    content = write_content(
        tmp_path,
        {
            **BASE,
            "de/posts/entwurf.md": DRAFT,
            "de/posts/zukunft.md": FUTURE,
            "en/posts/entwurf.md": DRAFT.replace("Geheimer", "Secret"),
        },
    )
    site = build_into(
        tmp_path / "output", REPO / "publishconf.py", PATH=str(content), TRAINING_OFFERS_TODAY="2020-01-01"
    )
    assert site.report.errors == [], site.report.errors
    leaked = []
    for root, _dirs, names in os.walk(site.root):
        for name in names:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, site.root)
            if "entwurf" in relative or "zukunft" in relative or "draft" in relative:
                leaked.append(path)
            elif name.endswith((".html", ".xml", ".json", ".txt")):
                text = Path(path).read_text(encoding="utf-8", errors="ignore")
                if (
                    "Geheimer Entwurf" in text
                    or "Secret Entwurf" in text
                    or "Zukunftsbeitrag" in text
                    or "/entwurf/" in text
                ):
                    leaked.append(path)
    assert leaked == [], leaked
    assert site.exists("/blog/basis/")


OFFER_DE = """\
---
offer: kurs
title: Ein Seminar
slug: ein-seminar
summary: Kurz gesagt.
tags: [Vertrieb]
format: praesenz
duration: 1 Tag
audience: Alle
goals: [Zuhören, Fragen]
trainer: Maren Albrecht
price: {amount: 990, currency: EUR, vat: net, unit: person}
included: [Unterlagen]
cancellation: Kostenfrei bis 14 Tage vorher.
cancellation_days: 14
min_participants: 2
max_participants: 8
registration: https://anmeldung.example/seminar
sessions:
  - {start: 2027-03-01 09:00, end: 2027-03-01 17:00, location: Bremen, seats_left: 3}
---

Worum es geht.
"""


def test_translate_an_offer_writes_every_field_but_the_sessions_and_builds_as_a_draft(tmp_path):
    write_content(tmp_path, {**BASE, "de/offers/ein-seminar.md": OFFER_DE})
    result = run_cli(tmp_path, "translate", "content/de/offers/ein-seminar.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/en/offers/ein-seminar.md"
    skeleton = (tmp_path / "content/en/offers/ein-seminar.md").read_text(encoding="utf-8")
    for line in (
        'offer: "kurs"',
        'title: "[Translate] Ein Seminar"',
        'summary: "TODO: Kurz gesagt."',
        'goals: ["TODO: Zuhören", "TODO: Fragen"]',
        'included: ["TODO: Unterlagen"]',
        "price: {amount: 990, currency: EUR, vat: net, unit: person}",
        "max_participants: 8",
        'registration: "https://anmeldung.example/seminar"',
        'cancellation: "TODO: Kostenfrei bis 14 Tage vorher."',
        "status: draft",
        "<!-- ORIGINAL (de)",
    ):
        assert line in skeleton, (line, skeleton)
    assert "sessions" not in skeleton.split("\n---\n", 1)[0].replace("shares the sessions", "")
    content = str(tmp_path / "content")
    preview = build_into(tmp_path / "preview", PATH=content, TRAINING_OFFERS_TODAY="2027-01-01")
    assert preview.report.ok, preview.report.errors
    starts = [t["datetime"][:10] for t in preview.soup("/en/trainings/ein-seminar/").select(".offer-session time")]
    assert starts == ["2027-03-01"]  # the original's session
    assert json.loads(preview.text("/en/trainings/sessions.json"))["sessions"] == []  # a draft: not for the intake
    published = build_into(
        tmp_path / "published", PATH=content, TRAINING_OFFERS_TODAY="2027-01-01", AUTHORING_SHOW_DRAFTS=False
    )
    assert published.report.ok, published.report.errors
    assert not published.exists("/en/trainings/ein-seminar/")
    assert published.soup("/trainings/ein-seminar/").select_one(".lang-switch a")["href"] == "/en/trainings/"
    assert (
        preview.soup("/trainings/ein-seminar/").select_one(".lang-switch a")["href"] == "/en/trainings/"
    )  # no link to a draft


def test_check_reports_a_translation_with_other_sessions_like_the_build(tmp_path):
    english = (
        OFFER_DE.replace("title: Ein Seminar", "title: A seminar")
        .replace("slug: ein-seminar", "slug: a-seminar")
        .replace("2027-03-01 09:00", "2027-03-02 09:00")
        .replace("2027-03-01 17:00", "2027-03-02 17:00")
    )
    write_content(tmp_path, {**BASE, "de/offers/ein-seminar.md": OFFER_DE, "en/offers/a-seminar.md": english})
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    [error] = [line for line in result.stdout.splitlines() if "sessions differ" in line]
    assert error.startswith(
        "ERROR: content/en/offers/a-seminar.md:19: the sessions differ from those of content/de/offers/ein-seminar.md"
    ), error
