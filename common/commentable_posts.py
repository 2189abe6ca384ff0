"""The posts readers may comment on, as the site publishes them for the intake
(``comments/articles.json``), with the site's blocked words.

One shape for both sides: the comments plugin writes the file with :func:`articles_json`, the
intake reads it with :func:`parse_articles`. Public facts only: slug, language, URL, title and the
names the post is signed with (the intake flags a comment signed with them). Pure, standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .spam_signals import DEFAULT_BLOCKED_WORDS, blocked_word_list

ARTICLES_FILE = "comments/articles.json"


@dataclass(frozen=True)
class Article:
    """One commentable post in one language."""

    article: str
    lang: str
    url: str
    title: str
    authors: tuple[str, ...] = ()  # the names the post is signed with
    blocked_words: tuple[str, ...] = DEFAULT_BLOCKED_WORDS  # the site's COMMENTS_BLOCKED_WORDS (the whole list's)


def articles_json(posts: list[Article], blocked_words: tuple[str, ...] = DEFAULT_BLOCKED_WORDS) -> str:
    """The text of ``comments/articles.json`` (stable: two builds give the same bytes)."""
    entries = [
        {
            "article": post.article,
            "lang": post.lang,
            "url": post.url,
            "title": post.title,
            "authors": list(post.authors),
        }
        for post in posts
    ]
    data = {"articles": entries, "blocked_words": list(blocked_words)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def parse_articles(text: str) -> dict[tuple[str, str], Article]:
    """``{"articles": [{article, lang, url, title, authors}], "blocked_words"?: [...]}`` ->
    {(slug, lang): Article}; ValueError when malformed. Without ``blocked_words`` (a site built
    before they were published) every post carries :data:`DEFAULT_BLOCKED_WORDS`."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ValueError('expected {"articles": [...]}')
    blocked_words = blocked_word_list(data["blocked_words"] if isinstance(data.get("blocked_words"), list) else None)
    found = {}
    for entry in data["articles"]:
        if isinstance(entry, dict) and isinstance(entry.get("article"), str) and isinstance(entry.get("lang"), str):
            authors = entry.get("authors") if isinstance(entry.get("authors"), list) else []
            found[(entry["article"], entry["lang"])] = Article(
                entry["article"],
                entry["lang"],
                str(entry.get("url") or ""),
                str(entry.get("title") or entry["article"]),
                tuple(str(name) for name in authors),
                blocked_words,
            )
    return found
