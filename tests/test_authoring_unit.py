"""Pure logic of the authoring workflow: tables of input -> output, no Pelican run."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml

from authoring.__main__ import resolve_lang
from authoring.check import single_paragraph
from authoring.drafts import mark_preview
from authoring.links import KnownUrls, check_link, internal_links, normalise_url
from content_reader.source_files import other_language_links
from sitecore.urls import url_language
from authoring.new_post import new_post
from authoring.tags import map_tags
from authoring.translate import original_block, target_path_for, translation_skeleton, with_translation_key
from authoring.translation_links import reference_problem
from authoring.translation_status import MISSING, OUTDATED, PRESENT, Version, parse_git_log, status_rows
from content_reader.front_matter import split_front_matter
from content_reader.metadata import normalise
from sitecore.problems import ContentError
from taxonomy.vocabulary import parse_vocabulary

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2025, 5, 17, 9, 30, tzinfo=BERLIN)
VOCABULARY, _ = parse_vocabulary(
    "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n    aliases: [Verkauf]\n"
    "  kommunikation:\n    name: {de: Kommunikation, en: Communication}\n",
    "taxonomy.yml",
    ["de", "en"],
)


def read_back(text: str, path: str = "content/de/posts/x.md", folder_lang: str = "de"):
    front = split_front_matter(text, path)
    meta, _warnings = normalise(
        front,
        path,
        folder_lang=folder_lang,
        languages=("de", "en"),
        timezone=BERLIN,
        content_root="content",
        require_date=True,
    )
    return front, meta


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Gute Fragen im Vertrieb", "gute-fragen-im-vertrieb"),
        ("Über Einwände & Größe", "ueber-einwaende-groesse"),
        ("Der „Kunde“: König?", "der-kunde-koenig"),
    ],
)
def test_new_post_path_and_front_matter_read_back(title, slug):
    made = new_post(
        title,
        lang="de",
        now=NOW,
        author="Maren Albrecht",
        tags=["verkauf"],
        vocabulary=VOCABULARY,
        content_root="content",
    )
    assert made.path == f"content/de/posts/{slug}.md"
    _front, meta = read_back(made.text)
    assert meta["title"] == title
    assert meta["slug"] == slug
    assert meta["date"] == NOW
    assert meta["tags"] == ["Vertrieb"]
    assert meta["status"] == "draft"
    assert meta["authors"] == ["Maren Albrecht"]
    assert meta["summary"].startswith("TODO")
    assert "date: 2025-05-17 09:30:00 +0200" in made.text


def test_new_post_without_letters_is_refused():
    with pytest.raises(ContentError, match="gives no usable file name"):
        new_post("!!!", lang="de", now=NOW, author="A", tags=[], vocabulary=None, content_root="content")


@pytest.mark.parametrize(
    ("tags", "lang", "names", "warned"),
    [
        (["verkauf", "Kommunikation"], "de", ["Vertrieb", "Kommunikation"], []),
        (["Vertrieb"], "en", ["Sales"], []),
        (["Komunikation"], "de", ["Komunikation"], ["did you mean 'Kommunikation'?"]),
        (["Selling", "Vertrieb"], "en", ["Selling", "Sales"], ["the tag 'Selling'"]),
    ],
)
def test_map_tags(tags, lang, names, warned):
    result, problems = map_tags(tags, VOCABULARY, lang, "p.md", 6)
    assert result == names
    assert len(problems) == len(warned)
    for problem, text in zip(problems, warned, strict=True):
        assert text in str(problem)
        assert str(problem).startswith("p.md:6: ")


NATIVE = """Title: Künstliche Intelligenz
Date: 2023-06-14 08:15
Tags: Vertrieb, Kommunikation
Summary: Kurz.
Post_Image: /assets/images/ki.svg

Text mit <!-- Kommentar --> und [Link](/blog/x/).
"""


def test_translation_skeleton_is_linked_marked_and_draft():
    front, meta = read_back(NATIVE)
    made = translation_skeleton(
        front,
        meta,
        original_path="content/de/posts/ki.md",
        target_path="content/en/posts/ki.md",
        target_lang="en",
        vocabulary=VOCABULARY,
    )
    _front2, translated = read_back(made.text, "content/en/posts/ki.md", "en")
    assert translated["title"] == "[Translate] Künstliche Intelligenz"
    assert translated["translation_key"] == meta["translation_key"] == "kuenstliche-intelligenz"
    assert translated["translation_of"] == "content/de/posts/ki.md"
    assert translated["tags"] == ["Sales", "Communication"]
    assert translated["status"] == "draft"
    assert translated["date"] == meta["date"]
    body = made.text.split("\n---\n", 1)[1]
    assert body.count("<!--") == 1 and body.count("-->") == 1  # the original's own comment cannot end the block
    assert "Text mit < !-- Kommentar -- > und [Link](/blog/x/)." in body


def test_original_block_is_one_html_comment():
    block = original_block("a -->\n\nb", "de")
    assert block.startswith("<!-- ORIGINAL (de)") and block.rstrip().endswith("-->")
    assert block.count("-->") == 1


@pytest.mark.parametrize(
    ("text", "expected_line"),
    [
        (NATIVE, "Post_Image: /assets/images/ki.svg\nTranslation_Key: kuenstliche-intelligenz\n\nText"),
        (
            "---\ntitle: A\ndate: 2021-01-01\n---\nBody\n",
            "date: 2021-01-01\ntranslation_key: kuenstliche-intelligenz\n---\nBody",
        ),
    ],
)
def test_with_translation_key_adds_one_line(text, expected_line):
    front = split_front_matter(text, "x.md")
    changed = with_translation_key(text, front, "kuenstliche-intelligenz")
    assert expected_line in changed
    assert split_front_matter(changed, "x.md").fields["translation_key"] == "kuenstliche-intelligenz"
    assert with_translation_key(changed, split_front_matter(changed, "x.md"), "other") is None


def test_target_path_keeps_sub_folders():
    assert target_path_for("/c/de/posts/2024/x.md", "/c", "de", "en") == "/c/en/posts/2024/x.md"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("DE", "de"),
        ("", "de"),
        ("de_DE.UTF-8", "de"),
        ("C.UTF-8", "de"),
        ("en_US", "de"),
        ("POSIX", "de"),
    ],
)
def test_resolve_lang_ignores_locales(value, expected):
    assert resolve_lang(value, ["de", "en"], "de") == expected


def test_resolve_lang_rejects_unknown_language():
    with pytest.raises(ContentError, match="'fr' is not one of the site's languages"):
        resolve_lang("fr", ["de", "en"], "de")


def test_internal_links_with_lines_skip_code_and_external():
    text = 'a [x](/blog/a/)\n```\n[y](/nope/)\n```\n[z](https://e.com/) ![i](/assets/i.svg "t")\n[r]: /en/about/\n<a href="/kontakt/">k</a>\n[f]({filename}/de/posts/b.md)\n'
    assert internal_links(text) == [
        ("/blog/a/", 1),
        ("/assets/i.svg", 5),
        ("/en/about/", 6),
        ("/kontakt/", 7),
        ("{filename}/de/posts/b.md", 8),
    ]


@pytest.mark.parametrize(
    ("target", "url"),
    [("/en/about/#team", "en/about/"), ("/blog/x", "blog/x/"), ("/", ""), ("/a/b.svg?v=1", "a/b.svg")],
)
def test_normalise_url(target, url):
    assert normalise_url(target) == url


KNOWN = KnownUrls(
    frozenset({"", "blog/golden-mitte/", "en/about/", "assets/x.svg"}),
    frozenset({"blog/entwurf/"}),
    ("themen/vertrieb/",),
)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/blog/golden-mitte/", None),
        ("/", None),
        ("/themen/vertrieb/feed.atom.xml", None),
        ("/blog/golden-mite/", "points to no page or file of the site (did you mean /blog/golden-mitte/?)"),
        ("/blog/entwurf/", "points to a draft"),
        ("{filename}/de/posts/gibts-nicht.md", "names a file that does not exist"),
        ("{static}/assets/x.svg", None),
    ],
)
def test_check_link(target, message):
    problem = check_link("p.md", 3, target, KNOWN, lambda relative: relative == "assets/x.svg")
    if message is None:
        assert problem is None
    else:
        assert str(problem).startswith("p.md:3: ") and message in str(problem)


@pytest.mark.parametrize(
    ("original", "message"),
    [
        (None, "which is not a post or page"),
        (("en", "k"), "a file in the same language"),
        (("de", "other"), "the translation keys differ"),
        (("de", "k"), None),
    ],
)
def test_reference_problem(original, message):
    problem = reference_problem("en.md", 5, "content/de/posts/x.md", "en", "k", original)
    assert (problem is None) if message is None else (message in str(problem) and str(problem).startswith("en.md:5: "))


def moment(day: int) -> dt.datetime:
    return dt.datetime(2025, 1, day, tzinfo=dt.timezone.utc)


def test_status_rows_present_missing_outdated_and_original():
    versions = [
        Version("post", "a", "de", "de/posts/a.md", "A", changed=moment(5)),
        Version("post", "a", "en", "en/posts/a.md", "A en", translation_of="de/posts/a.md", changed=moment(3)),
        Version("post", "b", "de", "de/posts/b.md", "B", changed=moment(1)),
        Version("post", "b", "en", "en/posts/b.md", "B en", changed=moment(2)),
        Version("page", "c", "en", "en/pages/c.md", "C", changed=moment(1)),
    ]
    rows = {row.group: row for row in status_rows(versions, ["de", "en"])}
    assert rows["a"].cells == {"de": PRESENT, "en": OUTDATED}
    assert rows["b"].cells == {"de": PRESENT, "en": PRESENT}
    assert rows["c"].cells == {"de": MISSING, "en": PRESENT} and rows["c"].original == "en"


def test_status_prefers_translation_of_for_the_original():
    versions = [
        Version("post", "a", "de", "de/posts/a.md", "A", translation_of="en/posts/a.md", changed=moment(1)),
        Version("post", "a", "en", "en/posts/a.md", "A en", changed=moment(2)),
    ]
    row = status_rows(versions, ["de", "en"])[0]
    assert row.original == "en" and row.cells == {"de": OUTDATED, "en": PRESENT}


def test_parse_git_log_keeps_the_newest_commit_per_file():
    log = "\x002025-03-01T10:00:00+01:00\n\ncontent/de/posts/a.md\n\x002025-01-01T10:00:00+01:00\n\ncontent/de/posts/a.md\ncontent/en/posts/a.md\n"
    dates = parse_git_log(log, "content/")
    assert dates["de/posts/a.md"].month == 3 and dates["en/posts/a.md"].month == 1


def test_mark_preview_turns_drafts_into_badged_posts():
    metadata = {"status": "draft", "date": NOW}
    mark_preview(metadata, NOW - dt.timedelta(days=1))
    assert metadata == {"status": "published", "is_draft": True, "date": NOW, "is_scheduled": True}
    published = {"date": NOW}
    mark_preview(published, NOW + dt.timedelta(days=1))
    assert published == {"date": NOW}


def test_front_matter_writer_quotes_odd_titles_as_valid_yaml():
    made = new_post(
        'Ein "Zitat": #1 – ja/nein?', lang="en", now=NOW, author="A", tags=[], vocabulary=None, content_root="c"
    )
    fields = yaml.safe_load(made.text.split("---")[1])
    assert fields["title"] == 'Ein "Zitat": #1 – ja/nein?'
    assert made.path == "c/en/posts/ein-zitat-1-ja-nein.md"


SENTENCE = "Gute Fragen öffnen im Vertrieb viele Türen, wenn man zuhört. "  # 10 words


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (
            "\n" + (SENTENCE * 3 + "\n") * 5,
            8,
        ),  # 150 words pasted with single line breaks: warned at the text's first line
        (SENTENCE * 20, 7),  # one long line
        ((SENTENCE * 3 + "\n") * 4, None),  # short enough to be one paragraph
        ((SENTENCE * 8 + "\n\n") * 2, None),  # two paragraphs
        (SENTENCE * 20 + "\n  \n## Schluss", None),  # a blank line with spaces counts
        (
            "Kurz.\n\n<!-- ORIGINAL (de)\n" + SENTENCE * 20 + "\nEND OF ORIGINAL -->",
            None,
        ),  # translate's comment is not text
    ],
)
def test_a_long_single_paragraph_body_is_found(body, line):
    problem = single_paragraph(body, "content/de/posts/x.md", 7)
    assert (problem.line if problem else None) == line
    if problem:
        assert "single paragraph" in problem.message and "blank line" in problem.hint and "make import" in problem.hint


LANGUAGE_PREFIXES = {"de": "", "en": "en/"}


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("/", "de"),
        ("/kontakt/#form", "de"),
        ("/en/", "en"),
        ("/en/contact/?a=1", "en"),
        ("/assets/images/kontakt.svg", None),  # a file: no language
        ("/trainings/seminar/seminar.ics", None),
        ("{filename}/de/posts/x.md", "de"),
        ("{filename}/en/pages/about.md", "en"),
        ("{static}/assets/images/x.png", None),
    ],
)
def test_the_language_of_a_link_is_the_prefix_of_its_address(target, lang):
    assert url_language(target, LANGUAGE_PREFIXES) == lang


def test_links_to_the_other_language_are_warnings_unless_marked_with_hreflang():
    text = (
        "Title: Post\n\n[Contact](/kontakt/) and [ours](/en/contact/) and ![x](/assets/images/x.png)\n"
        '<a href="/kontakt/" hreflang="de">Deutsch</a>\n[home]: /\n'
    )
    problems = other_language_links(text, "content/en/posts/p.md", "en", LANGUAGE_PREFIXES)
    assert [(p.line, p.message) for p in problems] == [
        (3, "the link '/kontakt/' leads to a page in 'de', but this text is in 'en'"),
        (5, "the link '/' leads to a page in 'de', but this text is in 'en'"),
    ]
    assert other_language_links(text, "content/de/posts/p.md", "de", LANGUAGE_PREFIXES)[0].line == 3  # /en/contact/
