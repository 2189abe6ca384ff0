"""The site's Markdown as the reader renders it: converter options, the summary's converter
and filter, and the shortcut for a summary that is one plain paragraph. Pure: no Pelican import."""

from __future__ import annotations

import re

from markdown import Markdown

from sitecore.safe_html import WEB_SCHEMES, clean_html

from .plain_text import PlainTextExtension

PLAIN_TEXT = re.compile(r"[^\W\d_][\w .,;:?!'\"()%/–—„“”‚‘’-]*")  # no * _ ` [ ] < > & \\ # { } |


def markdown_options(settings: dict) -> dict:
    """Pelican's MARKDOWN settings without the ``meta`` extension (we read metadata ourselves),
    with the shortcut for plain text (``plain_text``: the same HTML, sooner)."""
    options = dict(settings["MARKDOWN"])
    configs = {k: v for k, v in options.get("extension_configs", {}).items() if not k.endswith(".meta")}
    extensions = [e for e in options.get("extensions", []) if not str(e).endswith(".meta")]
    options["extensions"] = [*extensions, *(name for name in configs if name not in extensions), PlainTextExtension()]
    options["extension_configs"] = configs
    return options


def summary_markdown(settings: dict) -> Markdown:
    """The converter for ``summary`` fields: the site's Markdown, but raw HTML is shown as
    text (as in comments), since a summary also becomes a meta description and feed text."""
    converter = Markdown(**markdown_options(settings))
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


# What a summary's Markdown may become: inline text, links and images, lists, a quote, code,
# a table; no attribute beyond these (the attr_list extension would add any, `{onclick=…}`).
SUMMARY_TAGS = {
    "p", "br", "em", "strong", "a", "img", "code", "pre", "ul", "ol", "li", "blockquote", "abbr",
    "sup", "sub", "del", "hr", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SUMMARY_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "*": set()}
SUMMARY_URL_SCHEMES = WEB_SCHEMES | {"mailto"}  # and paths on the site; never javascript:, data:, vbscript:


def render_summary(converter: Markdown, text: str) -> str:
    """The HTML of a ``summary`` field: *converter* (:func:`summary_markdown`) run over *text*,
    then the filter comments pass through (``sitecore.safe_html``): only the tags and attributes
    above, links only to the web, a mail address or a path on the site."""
    plain = plain_paragraph(text)
    if plain is not None:
        return plain
    converter.reset()
    return clean_html(
        converter.convert(text),
        tags=SUMMARY_TAGS,
        attributes=SUMMARY_ATTRIBUTES,
        url_schemes=SUMMARY_URL_SCHEMES,
        relative_urls=True,
    )


def plain_paragraph(text: str) -> str | None:
    """``<p>text</p>`` when *text* is what Markdown turns into exactly that: one line that
    starts with a letter and has only words, spaces and punctuation without Markdown meaning."""
    if text == text.strip() and PLAIN_TEXT.fullmatch(text) and "_" not in text:
        return f"<p>{text}</p>"
    return None
