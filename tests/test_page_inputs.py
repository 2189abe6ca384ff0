"""What the preview records of each page of its kept model, and when it renders a page again."""

from __future__ import annotations

import datetime as dt

from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from sitebuild.page_inputs import OPAQUE, Facts, PageInputs, names_used

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block content %}{% endblock %}",
    "list.html": '{% extends "base.html" %}{% block content %}{% include "teasers.html" %}{% endblock %}',
    "teasers.html": "{% for post in articles_page.object_list %}{{ post.title }}{% endfor %}{{ total }}",
    "chosen.html": "{% include partial %}",
}


def post(title: str, day: int) -> Article:
    metadata = {"title": title, "date": dt.datetime(2024, 5, day), "slug": title.lower()}
    return Article("<p>Text.</p>", metadata=metadata, settings=dict(DEFAULT_CONFIG), source_path=f"/c/{title}.md")


def test_the_names_a_page_reads_come_from_its_templates_and_those_they_extend_or_include():
    env = Environment(loader=DictLoader(TEMPLATES))
    assert {"SITENAME", "articles_page", "total"} <= names_used(env, "list.html")
    assert "articles" not in names_used(env, "list.html")
    assert names_used(env, "chosen.html") is None  # chosen at render time: always rendered


def test_a_page_is_rendered_again_when_its_inputs_changed_or_it_shows_the_edited_post():
    env = Environment(loader=DictLoader(TEMPLATES))
    one, two, three = post("One", 1), post("Two", 2), post("Three", 3)

    def facts(inputs, shown, total=3):
        # a list of posts stands for the paginator page here: its posts are what the template reads
        return inputs.page_facts(env, "list.html", {"articles_page": shown, "total": total})

    record = PageInputs(Facts(frozenset()))
    for name, shown in (("a", [one]), ("b", [two]), ("c", [three])):
        record.must_render(name, facts(record, shown))
    assert record.rendered == []  # recording renders nothing

    two.title = "Two, edited"
    after = PageInputs(Facts(frozenset({two.source_path}), record.facts.contents), before=record.seen)
    assert not after.must_render("a", facts(after, [one]))  # the same inputs
    assert after.must_render("b", facts(after, [two]))  # shows the edited post
    assert after.must_render("c", facts(after, [three], total=4))  # another value
    assert after.must_render("d", facts(after, [one]))  # not there before
    assert after.rendered == ["b", "c", "d"]
    linking = post("Four", 4)
    linking.newer = two  # a post that links the edited one (its neighbour) shows it too
    assert facts(after, [linking]) is None


def test_the_record_says_which_posts_each_page_reaches_shown_or_linked():
    env = Environment(loader=DictLoader(TEMPLATES))
    one, two, three = post("One", 1), post("Two", 2), post("Three", 3)
    one.newer = two  # a neighbour: linked, by its source path
    record = PageInputs(Facts(frozenset()))
    for name, shown, total in (("a", [one], 3), ("b", [three], 3), ("c", [], object())):
        record.must_render(name, record.page_facts(env, "list.html", {"articles_page": shown, "total": total}))
    assert record.reaches["a"] == {one.source_path, two.source_path}
    assert record.reaches["b"] == {three.source_path}
    assert record.reaches["c"] == {OPAQUE}  # an object known by its identity alone

    listed = {"a": (("articles", ("/c/One.md",)),), "b": (("articles", ("/c/Three.md",)),)}
    visiting = PageInputs(
        Facts(frozenset({two.source_path})), before=record.seen, visit=frozenset({"a"}), listed=listed
    )
    assert visiting.visits("a", listed["a"])
    assert not visiting.visits("b", listed["b"])
    assert visiting.visits("b", (("articles", ("/c/Two.md", "/c/Three.md")),))  # another post moved onto it
    assert visiting.visits("b", None)  # a template chosen while rendering: what it lists is not known
    assert visiting.visits("e", ())  # not in the record: a new page
    assert visiting.made == {"a", "b", "e"}

    # a page the record says shows the edited post is rendered, its facts not made: it reaches what it reached
    visiting.showing = {"a": record.reaches["a"]}
    assert visiting.page_facts(env, "list.html", {"output_file": "a", "articles_page": [three]}) is None
    assert visiting.must_render("a", None)
    assert visiting.reaches["a"] == {one.source_path, two.source_path}


def test_a_post_an_edit_did_not_change_keeps_the_facts_of_the_record():
    one, two = post("One", 1), post("Two", 2)
    one.newer = two
    record = Facts(frozenset())
    record.of(one), record.of(two)
    one.title = two.title = "changed behind the record's back"
    again = Facts(
        frozenset(), record.contents, previous_reached=record.contents_reached, changed=frozenset({two.source_path})
    )
    assert again.of(one) is record.contents[one.source_path]  # taken from the record, not made
    assert again.reached == {one.source_path, two.source_path}  # with what it reached
    assert again.of(two) != record.contents[two.source_path]  # made again: the edit may have changed it
