"""Pelican's private internals that ``sitecore.pelican_compat`` relies on, checked on the installed
Pelican: an upgrade that renames or reshapes one fails here by name, not as a quietly wrong site."""

from __future__ import annotations

import datetime
import inspect
import logging
import re
from pathlib import Path

import pytest
from jinja2 import Template
from pelican.contents import Article, Content
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

from sitecore import pelican_compat
from sitecore.pelican_compat import (
    WriterWithHooks,
    body_html,
    forget_all_rendered_content,
    forget_rendered_content,
    replace_body_html,
)

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def _article(body: str = "<p>old</p>") -> Article:
    settings = dict(DEFAULT_CONFIG)
    return Article(
        body, metadata={"title": "T", "date": datetime.datetime(2026, 1, 1)}, settings=settings, source_path="/x/t.md"
    )


def test_content_keeps_its_body_in_the_private_attribute_we_read():
    article = _article("<p>body</p>")
    for name in pelican_compat.CONTENT_ATTRIBUTES:
        assert hasattr(article, name), f"Pelican's Content has no {name} any more"
    assert body_html(article) == "<p>body</p>"


def test_get_content_is_memoized_per_object_and_a_replaced_body_is_rendered_anew():
    for name in pelican_compat.MEMOIZED_METHODS:
        assert isinstance(getattr(getattr(Content, name), "cache", None), dict), f"Content.{name} is no longer memoized"
    article, other = _article("<p>old</p>"), _article("<p>other</p>")
    assert article.get_content("") == "<p>old</p>"
    assert other.get_content("") == "<p>other</p>"
    assert any(key and key[0] is article for key in Content.get_content.cache), (
        "the cache key no longer starts with the object"
    )
    replace_body_html(article, "<p>new</p>")
    assert article.get_content("") == "<p>new</p>"
    assert article.content == "<p>new</p>"
    assert other.get_content("") == "<p>other</p>"  # the other object's memo is kept
    assert other.get_summary("") == "<p>other</p>"
    forget_rendered_content(other)
    for name in pelican_compat.MEMOIZED_METHODS:
        assert not any(key and key[0] is other for key in getattr(Content, name).cache), name


def test_forgetting_every_rendering_lets_the_posts_go():
    article = _article("<p>body</p>")
    assert (article.get_content(""), article.get_summary("")) == ("<p>body</p>", "<p>body</p>")
    forget_all_rendered_content()  # the preview dropping its site model
    for name in pelican_compat.MEMOIZED_METHODS:
        assert not any(key and key[0] is article for key in getattr(Content, name).cache), name


def test_the_writer_has_the_private_methods_and_sets_we_override():
    for name, parameters in pelican_compat.WRITER_METHODS.items():
        method = getattr(Writer, name, None)
        assert callable(method), f"Pelican's Writer has no {name} any more"
        assert tuple(inspect.signature(method).parameters) == parameters, f"Writer.{name} changed its signature"
    writer = Writer(str(PLUGINS), settings=dict(DEFAULT_CONFIG))
    for name in pelican_compat.WRITER_ATTRIBUTES:
        assert isinstance(getattr(writer, name, None), set), f"Pelican's Writer has no set {name} any more"


class _Recording(WriterWithHooks):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened, self.entries = [], []

    def open_output(self, filename, encoding):
        self.opened.append(Path(filename).name)
        return super().open_output(filename, encoding)

    def feed_entry_added(self, feed, item):
        self.entries.append((feed.items[-1]["title"], item.title))


def test_pelican_writes_pages_and_feeds_through_the_hooks(tmp_path):
    settings = {**DEFAULT_CONFIG, "FEED_MAX_ITEMS": None}
    writer = _Recording(str(tmp_path), settings=settings)
    writer.write_file("page.html", Template("hello"), {"SITEURL": ""})
    article = _article()
    article.title = "A <b>bold</b> title"
    writer.write_feed(
        [article],
        {"SITEURL": "https://s.example", "FEED_DOMAIN": "https://s.example", "SITENAME": "S"},
        "feed.atom.xml",
    )
    assert writer.opened == ["page.html", "feed.atom.xml"]
    assert (tmp_path / "page.html").read_text() == "hello"
    assert writer.entries == [("A bold title", "A <b>bold</b> title")]  # Pelican's title, then ours


def test_the_writer_still_refuses_a_second_write_and_honours_one_override(tmp_path):
    writer = _Recording(str(tmp_path), settings=dict(DEFAULT_CONFIG))
    writer.write_file("page.html", Template("first"), {"SITEURL": ""})
    with pytest.raises(RuntimeError, match="written before"):
        writer.write_file("page.html", Template("again"), {"SITEURL": ""})
    writer.write_file("page.html", Template("override"), {"SITEURL": ""}, override_output=True)
    writer.write_file("page.html", Template("ignored"), {"SITEURL": ""})
    assert (tmp_path / "page.html").read_text() == "override"


def test_log_limits_are_class_state_that_reset_clears():
    for name in pelican_compat.LIMIT_FILTER_STATE:
        assert hasattr(LimitFilter, name), f"Pelican's LimitFilter has no {name} any more"
    limit = LimitFilter()
    record = logging.LogRecord("t", logging.WARNING, __file__, 1, "same warning %s", ("x",), None)
    assert limit.filter(record)
    assert not limit.filter(record)  # Pelican swallows a repeated warning
    pelican_compat.reset_log_limits()
    assert limit.filter(record)


def test_no_private_pelican_attribute_is_used_outside_the_compat_module():
    private = re.compile(
        r"\._(content|open_w|written_files|overridden_files|add_item_to_the_feed|ignore|raised_messages|group_count)\b|\.get_content\.cache|\bLimitFilter\b"
    )
    offenders = [
        f"{path.relative_to(PLUGINS)}:{number}"
        for path in sorted(PLUGINS.rglob("*.py"))
        if path.name != "pelican_compat.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert offenders == []
