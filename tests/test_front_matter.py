"""Unit tests of the front-matter reader's pure logic: both styles, every tag shape, bad input."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

import pelicanconf

from content_reader.front_matter import split_front_matter
from content_reader.rendering import markdown_options, plain_paragraph, render_summary, summary_markdown
from content_reader.source_files import read_text
from content_reader.metadata import NATIVE_KEYS, normalise, parse_date, resolve_image, split_tags
from sitecore.problems import ContentError
from sitecore.slugs import slugify
from sitetest import REPO

BERLIN = ZoneInfo("Europe/Berlin")

JEKYLL = """---
layout: post
title: "  Der persönliche Kontakt  "
date: 2021-01-05 20:37:13 +0600
author: Maren Albrecht
tags: Vertrieb Sales Kundeninteraktion
categories: [Arbeitskultur, Werkzeuge]
post_image: /assets/images/a.svg
header_image: /assets/images/b.svg
seo_title: Extra
---
Body **text**.
"""

NATIVE = """Title: Künstliche Intelligenz im Vertrieb
Date: 2023-06-14 09:00
Tags: Künstliche Intelligenz, Vertrieb
Category: Digitalisierung
Translation_Key: ai-in-sales
Summary: Was KI kann.
  Und was nicht.

# Heading

Text.
"""


def read(text: str, tmp_path, **kwargs):
    front = split_front_matter(text, "post.md")
    options = dict(
        folder_lang="de", languages=("de", "en"), timezone=BERLIN, content_root=str(tmp_path), require_date=True
    )
    options.update(kwargs)
    return front, *normalise(front, "post.md", **options)


@pytest.fixture
def images(tmp_path):
    folder = tmp_path / "assets" / "images"
    folder.mkdir(parents=True)
    for name in ("a.svg", "b.svg"):
        (folder / name).write_text("<svg/>")
    return tmp_path


def test_jekyll_front_matter_is_read_field_by_field(images):
    front, meta, warnings = read(JEKYLL, images)
    assert front.style == "yaml"
    assert meta["title"] == "Der persönliche Kontakt"
    assert meta["date"] == dt.datetime(2021, 1, 5, 15, 37, 13, tzinfo=BERLIN)
    assert meta["date"].utcoffset() == dt.timedelta(hours=1)
    assert meta["tags"] == ["Vertrieb", "Sales", "Kundeninteraktion"]
    assert meta["categories"] == ["Arbeitskultur", "Werkzeuge"]
    assert meta["category"] == "Arbeitskultur"
    assert meta["authors"] == ["Maren Albrecht"]
    assert meta["hero_image"] == "assets/images/b.svg"
    assert meta["teaser_image"] == "assets/images/a.svg"
    assert meta["layout"] == "post"
    assert meta["seo_title"] == "Extra"  # unknown keys stay
    assert meta["slug"] == "der-persoenliche-kontakt"
    assert meta["lang"] == "de"
    assert warnings == []
    assert front.body.strip() == "Body **text**."
    assert front.body_line == 12


def test_native_metadata_with_continuation_line(tmp_path):
    front, meta, _ = read(NATIVE, tmp_path)
    assert front.style == "native"
    assert meta["tags"] == ["Künstliche Intelligenz", "Vertrieb"]
    assert meta["categories"] == ["Digitalisierung"]
    assert meta["summary"] == "Was KI kann. Und was nicht."
    assert meta["translation_key"] == "ai-in-sales"
    assert meta["slug"] == "kuenstliche-intelligenz-im-vertrieb"
    assert front.body.lstrip().startswith("# Heading")
    assert front.line("tags") == 3


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("Vertrieb Sales Kundeninteraktion", "yaml", ["Vertrieb", "Sales", "Kundeninteraktion"]),
        ("Vertrieb, Sales", "yaml", ["Vertrieb", "Sales"]),
        (["Künstliche Intelligenz", "Vertrieb"], "yaml", ["Künstliche Intelligenz", "Vertrieb"]),
        ("Künstliche Intelligenz, Vertrieb", "native", ["Künstliche Intelligenz", "Vertrieb"]),
        ("Künstliche Intelligenz", "native", ["Künstliche Intelligenz"]),
        ("Vertrieb vertrieb", "yaml", ["Vertrieb"]),
        ("", "yaml", []),
        (None, "yaml", []),
        ([2021, "KI"], "yaml", ["2021", "KI"]),
    ],
)
def test_tags_in_every_accepted_shape(value, style, expected):
    assert split_tags(value, style) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-01-05 20:37:13 +0600", dt.datetime(2021, 1, 5, 15, 37, 13, tzinfo=BERLIN)),
        ("2021-01-05 20:37:13 +06:00", dt.datetime(2021, 1, 5, 15, 37, 13, tzinfo=BERLIN)),
        ("2021-01-05T20:37:13Z", dt.datetime(2021, 1, 5, 21, 37, 13, tzinfo=BERLIN)),
        ("2021-01-05 9:30", dt.datetime(2021, 1, 5, 9, 30, tzinfo=BERLIN)),
        ("2021-07-05", dt.datetime(2021, 7, 5, tzinfo=BERLIN)),
        (dt.date(2021, 7, 5), dt.datetime(2021, 7, 5, tzinfo=BERLIN)),
    ],
)
def test_dates_end_up_in_the_site_time_zone(text, expected):
    assert parse_date(text, BERLIN) == expected


@pytest.mark.parametrize("text", ["05.01.2021", "5 January 2021", "2021-13-45", "gestern"])
def test_unreadable_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_date(text, BERLIN)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: A\ndate: 05.01.2021\n---\nx", 3, ["date", "05.01.2021", "YYYY-MM-DD"]),
        ("---\ntitle: A\n\tdate: 2021-01-05\n---\nx", 3, ["tab"]),
        ("---\ntitle: “Hallo” Welt: x\ndate: 2021-01-05\n---\nx", 2, ["curly quote"]),
        ('---\ntitle: "Hallo\ndate: 2021-01-05\n---\nx', 3, ["quote"]),
        ("---\ntitle: A\ndate: 2021-01-05\nno end", 1, ["never closed"]),
        ("---\ndate: 2021-01-05\n---\nx", 1, ["title is missing"]),
        ("Title: A\nDate: 2021-02-30\n\nx", 2, ["date"]),
        ("Title: A\n\nx", 1, ["date is missing"]),
        ("Title: A\nDate: 2021-01-05\nLang: fr\n\nx", 3, ["language 'fr'"]),
        ("---\n- a\n- b\n---\nx", 2, ["key: value"]),
        # native metadata with the text directly below it: the first line of text was lost
        (
            "Title: A\nDate: 2021-01-05\nDas ist der erste Satz.\nZweiter Satz.\n",
            3,
            ["without an empty line", "insert an empty line"],
        ),
        ("Title: A\nDate: 2021-01-05\nDas ist: ein Satz.\n\nx", 3, ["without an empty line"]),
        (
            "Title: A\nDate: 2021-01-05\nFazit: Das ist gut.\n\nMehr.",
            3,
            ["'fazit' is not a metadata key", "insert an empty line"],
        ),
        ("Title: A\nDate: 2021-01-05\nSumary: Kurz.\n\nx", 3, ["did you mean 'summary'?"]),
        (
            "---\ntitle: A\ndate: 2021-01-05\nstatus: fertig\n---\nx",
            4,
            ["status 'fertig' is unknown", "Entwurf", "veröffentlicht"],
        ),
        ("Title: A\nDate: 2021-01-05\nStatus: Skip\n\nx", 3, ["status 'Skip' is unknown"]),
        ("---\ntitle: Vertrieb: Die Basics\ndate: 2021-01-05\n---\nx", 2, ['quotes, title: "Vertrieb: Die Basics"']),
        ('---\ntitle: A\ndate: 2021-01-05\nsummary: Kurz: "gut"\n---\nx', 4, ['summary: "Kurz: \\"gut\\""']),
        (
            "---\ntitle: A\ndate: 2021-01-05\ntags: {a: b}\n---\nx",
            4,
            ["tags must be names, not a mapping", "tags: [a, b]"],
        ),
        (
            "---\ntitle: A\ndate: 2021-01-05\ntags:\n  - a: b\n---\nx",
            4,
            ["tags must be names, not a list inside a list"],
        ),
        ("---\ntitle: [A, B]\ndate: 2021-01-05\n---\nx", 2, ["title must be text, not a list"]),
        ("---\ntitle: A\ndate: 2021-01-05\ncategory: {a: b}\n---\nx", 4, ["category must be text, not a mapping"]),
        ("---\ntitle: A\ndate: 2021-01-05\nmodified: gestern\n---\nx", 4, ["the modified 'gestern' cannot be read"]),
        ("---\ntitle: A\ndate: 2021-01-05\nfirst_published_url: www.x.de\n---\nx", 4, ["first_published_url"]),
        # the checks run in a fixed order and the first mistake is the one reported
        ("---\ndate: morgen\nstatus: fertig\n---\nx", 1, ["title is missing"]),
        ("---\ntitle: A\ndate: morgen\nlang: fr\n---\nx", 3, ["the date 'morgen' cannot be read"]),
    ],
)
def test_bad_front_matter_names_the_line_and_what_to_do(text, line, words, tmp_path):
    with pytest.raises(ContentError) as caught:
        read(text, tmp_path)
    problem = caught.value.problem
    assert problem.path == "post.md"
    assert problem.line == line
    message = str(problem)
    assert message.startswith(f"post.md:{line}: ")
    for word in words:
        assert word.lower() in message.lower()


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Entwurf", "draft"),
        ("draft", "draft"),
        ("veröffentlicht", "published"),
        ("Veroeffentlicht", "published"),
        ("PUBLISHED", "published"),
        ("versteckt", "hidden"),
        ("hidden", "hidden"),
        ('"Entwurf"', "draft"),
    ],
)
def test_status_words_authors_type_are_understood(word, status, tmp_path):
    _front, meta, _ = read(f"---\ntitle: A\ndate: 2021-01-05\nstatus: {word}\n---\nx", tmp_path)
    assert meta["status"] == status
    _front, meta, _ = read(f"Title: A\nDate: 2021-01-05\nStatus: {word}\n\nx", tmp_path)
    assert meta["status"] == status


def test_native_text_after_an_empty_line_is_all_body(tmp_path):
    front, meta, _ = read("Title: A\nDate: 2021-01-05\n\nFazit: Das ist gut.\nZweiter Satz.\n", tmp_path)
    assert front.body == "Fazit: Das ist gut.\nZweiter Satz.\n"
    assert front.body_line == 4
    assert "fazit" not in meta


def test_native_files_other_than_posts_and_pages_may_have_their_own_keys(tmp_path):
    _front, meta, _ = read("Title: A\nDate: 2021-01-05\nTrainer: Maren\n\nx", tmp_path, native_keys=None)
    assert meta["trainer"] == "Maren"


def test_every_key_of_the_sample_content_is_a_known_native_key():
    keys = set()
    for path in (REPO / "content").glob("*/p*/**/*.md"):
        keys |= set(split_front_matter(path.read_text(encoding="utf-8"), str(path)).fields)
    assert keys and keys <= NATIVE_KEYS, keys - NATIVE_KEYS


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_foreign_character(tmp_path):
    source = tmp_path / "post.md"
    source.write_bytes("---\ntitle: Größe\n---\nÄrger\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        read_text(str(source))
    assert caught.value.problem.line == 2
    assert "not UTF-8" in caught.value.problem.message and "save the file as UTF-8" in caught.value.problem.hint


def test_a_missing_image_is_a_warning_with_a_suggestion(images):
    text = JEKYLL.replace("/assets/images/b.svg", "/assets/images/bb.svg")
    _front, meta, warnings = read(text, images)
    assert "header_image" not in meta
    assert meta["hero_image"] == "assets/images/a.svg"
    assert len(warnings) == 1
    assert warnings[0].line == 9
    assert "bb.svg" in warnings[0].message
    assert "/assets/images/b.svg" in warnings[0].hint


def test_remote_images_are_refused(tmp_path):
    image, hint = resolve_image("https://cdn.example.com/x.jpg", str(tmp_path))
    assert image is None
    assert "another host" in hint


def test_pages_need_no_date_and_lang_may_be_set(tmp_path):
    _front, meta, _ = read("Title: About\nLang: en\n\nText", tmp_path, require_date=False)
    assert "date" not in meta
    assert meta["lang"] == "en"


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Führung & Vertrieb", "fuehrung-vertrieb"), ("Größe zählt", "groesse-zaehlt"), ("KI: Ja/Nein?", "ki-ja-nein")],
)
def test_slugs_transliterate_umlauts(title, slug):
    assert slugify(title) == slug


MARKDOWN_OF_THE_SITE = Markdown(**markdown_options({"MARKDOWN": pelicanconf.MARKDOWN}))


def site_markdown(text: str) -> str:
    MARKDOWN_OF_THE_SITE.reset()
    return MARKDOWN_OF_THE_SITE.convert(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aäZ9 .,;:?!'\"()%/–„“-*_`[]<>&\\#{}|=+~\n\t", max_size=30))
def test_a_plain_summary_skips_markdown_only_when_markdown_would_agree(text):
    plain = plain_paragraph(text)
    if plain is not None:
        assert plain == site_markdown(text)


SUMMARY_FILTER = [  # (summary, its HTML): links as in comments, plus mail and the site's own paths
    ("[x](javascript:alert(1))", "<p><a>x</a></p>"),
    ("[x](JaVaScRiPt:alert(1))", "<p><a>x</a></p>"),
    ("[x](jav&#x09;ascript:alert(1))", "<p><a>x</a></p>"),
    ("[x](&#106;avascript:alert(1))", "<p><a>x</a></p>"),
    ("![x](data:image/png;base64,AAAA)", '<p><img alt="x"></p>'),
    ("[r][1]\n\n[1]: vbscript:msgbox(1)", "<p><a>r</a></p>"),
    ("[a](https://e.org){onclick=alert(1)}", '<p><a href="https://e.org">a</a></p>'),
    ("x *y*{: .c #i style=color:red }", "<p>x <em>y</em></p>"),
    ("<b>fett</b>", "<p>&lt;b&gt;fett&lt;/b&gt;</p>"),
    (
        '[a](/blog/x/#y) [b]({filename}/de/posts/x.md) [m](mailto:a@example.org) ![i](/assets/images/a.svg "t")',
        '<p><a href="/blog/x/#y">a</a> <a href="{filename}/de/posts/x.md">b</a> <a href="mailto:a@example.org">m</a> '
        '<img alt="i" src="/assets/images/a.svg" title="t"></p>',
    ),
]


@pytest.mark.parametrize(("summary", "html"), SUMMARY_FILTER)
def test_a_summary_passes_the_filter_of_comments(summary, html):
    assert render_summary(summary_markdown({"MARKDOWN": pelicanconf.MARKDOWN}), summary) == html


@pytest.mark.parametrize(
    "summary", ["Warum Zuhören verkauft.", "Preis: 100 % „fair“ – oder? (Kurz/knapp)", "Was Kunden wollen's"]
)
def test_typical_summaries_take_the_short_way(summary):
    assert plain_paragraph(summary) == site_markdown(summary)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Die Veränderung", "die-veraenderung"),
        ("Größe & Maß", "groesse-mass"),
        ("Über uns", "ueber-uns"),
        ("KI: Ja/Nein?", "ki-ja-nein"),
    ],
)
def test_heading_anchors_follow_the_slug_rule_of_the_site(heading, anchor):
    assert f'<h2 id="{anchor}">' in site_markdown(f"## {heading}")


def test_the_markdown_settings_survive_pickling():  # the build runs each language in a process of its own
    assert pickle.loads(pickle.dumps(pelicanconf.MARKDOWN)) == pelicanconf.MARKDOWN


@pytest.mark.parametrize("module", ["source_files", "front_matter", "metadata", "rendering"])
def test_the_reader_logic_is_pure_and_only_the_glue_imports_pelican(module):
    import ast  # noqa: PLC0415

    def imported(name: str) -> set[str]:
        tree = ast.parse((REPO / "plugins" / "content_reader" / f"{name}.py").read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not any(name.split(".")[0] == "pelican" for name in imported(module))
    assert "pelican" in {name.split(".")[0] for name in imported("content_reader")}
