"""HTML as Markdown that the site's Python-Markdown turns back into the same structure.

markdownify does the conversion; this module only adapts its output to Python-Markdown:
nested list items are indented by four spaces (Python-Markdown's tab length, where
markdownify indents by the bullet's width), text that Markdown would read as syntax is
escaped (a line starting with ``#``, ``>``, ``- `` or ``1. ``, an ``*``, a ``[``), and ``<``
or an entity in the text stays text (it would be raw HTML in a post). ``<pre>`` becomes an indented code block. Links keep only
web, mail, root-relative and fragment targets; anything else (``javascript:``) keeps just
its text. Used by the WordPress comment import and by ``make import``.
"""

from __future__ import annotations

import re

from markdownify import ATX, MarkdownConverter

LIST_INDENT = 4  # Python-Markdown's tab_length: a nested list must be indented this far
SAFE_HREF = re.compile(r"^(https?://|mailto:|/|#)", re.IGNORECASE)
_BACKSLASH_ESCAPED = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_SYNTAX = (  # at the start of a text: each text node starts at most one line
    re.compile(r"^(\s*)([-+=]+(?:\s|$))"),  # list marker or setext underline
    re.compile(r"^(\s*)(#{1,6}(?:\s|$))"),  # ATX heading
    re.compile(r"^(\s*[0-9]{1,9})(\.(?:\s|$))"),  # ordered list item
    re.compile(r"^(\s*)(>)"),  # block quote
)


def escape_markdown(text: str) -> str:
    """Plain *text* as Markdown that Python-Markdown shows exactly as it is."""
    text = _BACKSLASH_ESCAPED.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = _TAG_START.sub("&lt;", text)
    for pattern in _LINE_SYNTAX:
        text = pattern.sub(r"\1\\\2", text)
    return text


class SiteMarkdownConverter(MarkdownConverter):
    """markdownify with Python-Markdown's list indentation, escaping and safe links."""

    class Options(MarkdownConverter.DefaultOptions):
        """ATX headings, ``-`` bullets, ``*`` emphasis, a hard break as two spaces."""

        heading_style = ATX
        bullets = "-"
        escape_asterisks = False  # escape() below does it, with the rest
        escape_underscores = False
        autolinks = False

    def escape(self, text, parent_tags):
        """Plain text that Python-Markdown shows as it is."""
        if not text or "_noformat" in parent_tags:
            return text or ""
        return escape_markdown(text)

    def convert_a(self, el, text, parent_tags):
        """A link with a safe target; other links keep only their text."""
        href = (el.get("href") or "").strip()
        if not SAFE_HREF.match(href) or "_noformat" in parent_tags:
            return text
        el["href"] = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return super().convert_a(el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        """Preformatted text as an indented code block (the Markdown core has no fences)."""
        if not text.strip("\n"):
            return ""
        lines = text.strip("\n").split("\n")
        return "\n\n" + "\n".join(" " * LIST_INDENT + line if line.strip() else "" for line in lines) + "\n\n"

    def convert_li(self, el, text, parent_tags):
        """A list item whose continuation lines (and nested lists) are indented by four."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            number = (int(start) if start.isdigit() else 1) + len(el.find_previous_siblings("li"))
            bullet = f"{number}."
        else:
            bullet = "-"
        bullet = bullet.ljust(LIST_INDENT - 1) + " "
        indent = " " * len(bullet)
        lines = text.split("\n")
        rest = [indent + line if line.strip() else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"


def html_to_markdown(html: str, **options) -> str:
    """The Markdown of an HTML fragment or document, without surrounding blank lines.

    *options* are markdownify's, e.g. ``strip=["img"]`` to keep no images.
    """
    markdown = SiteMarkdownConverter(**options).convert(html)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n")
