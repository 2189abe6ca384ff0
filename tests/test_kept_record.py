"""The preview's record of which pages show which post: a front-matter edit that keeps a post
where it is listed (its title, summary) looks only at the pages that show it; one that moves it
(its date, its tags) looks at those, at the pages of its old and new neighbours and of the posts
whose related posts changed, at its topics' pages and at every paginated page whose posts moved.
Either way the site is byte for byte a cold build's."""

from __future__ import annotations

import gc
import shutil
import time
import weakref
from pathlib import Path

import pytest

from sitebuild.kept_site import KeptSites
from sitecore.contents import articles_generator, every_content
from sitebuild.page_inputs import OPAQUE
from sitetest import REPO, build_into, tree_differences

EXTRA = 12  # German posts besides the sample's: the blog has two pages of ten
POST = """Title: Notiz {number}
Date: 2022-{month:02d}-{day:02d} 10:00
Tags: {tags}
Slug: notiz-{number}
Summary: Kurze Notiz {number}.

Ein Absatz der Notiz {number}.
"""


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A preview with a kept site model of the sample content and twelve more posts, and a
    function that applies an edit to it and to a cold build and returns both."""
    root = tmp_path_factory.mktemp("record")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    for number in range(EXTRA):
        tags = "Vertrieb" if number % 2 else "Kommunikation"
        text = POST.format(number=number, month=1 + number % 12, day=1 + number, tags=tags)
        (content / f"de/posts/notiz-{number}.md").write_text(text, encoding="utf-8")
    settings = {"PATH": str(content), "TRAINING_OFFERS_TODAY": "2026-11-22"}
    output, kept = root / "preview" / "output", KeptSites()
    assert build_into(output, **settings, INCREMENTAL=True, KEPT=kept).report.ok
    assert kept.get("de") is not None and kept.get("de").record.reaches

    def edit(name: str, path: str, old: str, new: str):
        time.sleep(0.01)  # a new modification time
        replace_in(content / path, old, new)
        rebuilt = build_into(output, **settings, INCREMENTAL=True, KEPT=kept, CHANGED={str(content / path)})
        assert rebuilt.report.ok, rebuilt.report.errors
        assert "kept site" in rebuilt.report.timings  # applied to the kept model
        cold = build_into(root / f"cold-{name}" / "output", **settings)
        assert cold.report.ok, cold.report.errors
        return kept.get("de"), tree_differences(output, root / f"cold-{name}" / "output")

    edit.kept = kept
    edit.site = lambda: kept.get("de")
    return edit


def kept_post(kept: KeptSites, path: str):
    """The post at content-relative *path* in the kept German model."""
    articles = articles_generator(kept.get("de").generators)
    return next(post for post in every_content(articles) if post.source_path.endswith(path))


def test_the_kept_model_has_its_posts_teasers_rendered_before_the_first_edit(preview):
    """``warm_up`` renders every post's teaser in the blog's and the topics' environments,
    as the pages of the whole build show them."""
    site = preview.site()
    topics = next(g for g in site.generators if type(g).__name__ == "TopicsGenerator")
    posts = articles_generator(site.generators).articles
    for generator in (articles_generator(site.generators), topics):
        teaser = generator.env.globals["teaser"]
        assert all(teaser.known(post) is not None for post in posts)
    blog = (Path(site.settings["OUTPUT_PATH"]) / "blog/index.html").read_text(encoding="utf-8")
    shown = [post for post in posts if f'href="/{post.url}"' in blog][1:]  # the first: a lead image
    assert len(shown) >= 5 and all(str(teaser.known(post)) in blog for post in shown)


def test_a_title_edit_looks_only_at_the_pages_that_show_the_post(preview):
    teaser = articles_generator(preview.site().generators).env.globals["teaser"]
    before = {post.source_path: teaser.known(post) for post in articles_generator(preview.site().generators).articles}
    site, differences = preview("title", "de/posts/notiz-3.md", "Title: Notiz 3", "Title: Notiz drei")
    assert differences == []
    # the other posts' teasers are kept (a title shows in its own post's teaser only)
    others = [path for path in before if not path.endswith("/notiz-3.md") and before[path] is not None]
    assert len(others) > 10 and all(teaser.known(kept_post(preview.kept, path)) is before[path] for path in others)
    assert "Notiz drei" in teaser.known(kept_post(preview.kept, "de/posts/notiz-3.md"))
    visited = site.last_visit
    assert visited is not None  # only the pages the record says show it
    assert "blog/notiz-3/index.html" in visited
    assert "blog/notiz-4/index.html" in visited  # its neighbour names it
    assert "blog/ki-im-vertrieb/index.html" not in visited  # neither shows nor names it
    reaching = {name for name, paths in site.record.reaches.items() if any(p.endswith("/notiz-3.md") for p in paths)}
    assert reaching <= visited
    assert len(visited) < len(site.record.pages) / 3
    assert all(name in reaching or OPAQUE in site.record.reaches[name] for name in visited)


def related_posts(site) -> dict:
    """A post's page -> the file names of its related posts, in the kept model."""
    posts = articles_generator(site.generators).articles
    return {post.save_as: [Path(other.source_path).name for other in post.related_posts] for post in posts}


def looked_at(site, *names: str) -> list[bool]:
    return [name in site.last_visit for name in names]


def neighbours(site, name: str) -> set:
    """The pages of the newer and older neighbours of the post *name* (its file name) in the kept model."""
    post = next(post for post in articles_generator(site.generators).articles if post.source_path.endswith(name))
    return {other.save_as for other in (post.newer, post.older) if other is not None}


def test_a_date_edit_that_moves_a_post_to_another_blog_page_looks_at_its_lists_and_neighbours(preview):
    replaced = weakref.ref(kept_post(preview.kept, "de/posts/notiz-0.md"))
    old = neighbours(preview.site(), "/notiz-0.md")
    site, differences = preview(
        "date", "de/posts/notiz-0.md", "Date: 2022-01-01 10:00", "Date: 2026-11-01 10:00"
    )  # from the blog's second page to the top of its first: the pages between shift, neighbours change
    assert differences == []
    assert site.last_visit is not None  # not every page
    new = neighbours(site, "/notiz-0.md")
    assert len(old | new) >= 3 and old | new <= site.last_visit
    assert looked_at(site, "blog/notiz-0/index.html", "blog/index.html", "blog/seite/2/index.html") == [True] * 3
    assert len(site.last_visit) < len(site.record.pages)  # (at N=2000 a small share: docs/performance.md)
    gc.collect()
    # the post read before the edit is freed: Pelican's memo of its rendering kept it, and
    # with it the related posts' ranking of the model before the edit (a preview grew per edit)
    assert replaced() is None
    assert kept_post(preview.kept, "de/posts/notiz-0.md").date.year == 2026


def test_a_tag_edit_that_moves_a_post_to_another_topic(preview):
    site, differences = preview("tags", "de/posts/notiz-5.md", "Tags: Vertrieb", "Tags: Kommunikation")
    assert differences == []  # the page a topic no longer has is gone too
    assert site.last_visit is not None
    assert looked_at(site, "themen/vertrieb/index.html", "themen/kommunikation/index.html") == [True, True]
    assert len(site.last_visit) < len(site.record.pages)  # (at N=2000 a small share: docs/performance.md)


def test_a_topic_added_to_a_post_changes_other_posts_related_posts(preview):
    before = related_posts(preview.site())
    site, differences = preview(
        "topic-added", "de/posts/notiz-7.md", "Tags: Vertrieb", "Tags: Vertrieb, Datenschutz, Videokonferenz"
    )
    assert differences == []
    after = related_posts(site)
    changed = [name for name in after if name != "blog/notiz-7/index.html" and after[name] != before[name]]
    assert changed  # another post ranks it now
    assert all(looked_at(site, name) == [True] for name in changed)
    assert looked_at(site, "themen/datenschutz/index.html", "themen/index.html") == [True, True]
    assert len(site.last_visit) < len(site.record.pages)  # (at N=2000 a small share: docs/performance.md)


def test_a_topic_removed_empties_its_page(preview):
    site, differences = preview(
        "topic-removed",
        "de/posts/warum-kommunikationstraining.md",
        "Kommunikation, Führung, Sozialkompetenz",
        "Kommunikation, Sozialkompetenz",
    )  # its only post
    assert differences == []
    assert site.last_visit is not None
    page = (Path(site.settings["OUTPUT_PATH"]) / "themen/fuehrung/index.html").read_text(encoding="utf-8")
    assert "topic-empty" in page


def test_an_edit_renders_again_only_the_teasers_of_the_posts_it_may_change(preview):
    """A post's teaser is rendered once and kept (``rendered_once``); an edit forgets the
    teasers of the posts whose facts it may change, the others are shown as they were."""
    teaser = articles_generator(preview.site().generators).env.globals["teaser"]
    posts = every_content(articles_generator(preview.site().generators))
    before = {post.source_path: teaser.known(post) for post in posts if teaser.known(post) is not None}
    site, differences = preview("teasers", "de/posts/notiz-2.md", "Date: 2022-03-03", "Date: 2022-03-05")
    assert differences == []  # each page shows the teasers a cold build shows
    edited = kept_post(preview.kept, "de/posts/notiz-2.md")
    assert "5. März 2022" in teaser.known(edited)  # rendered again, with its new date
    kept = [path for path, html in before.items() if teaser.known(kept_post(preview.kept, path)) is html]
    assert len(before) > 10 and len(kept) >= len(before) / 2  # not every teaser rendered again
    assert not any(path.endswith("/notiz-2.md") for path in kept)
