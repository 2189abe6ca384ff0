"""The list of commentable posts (``comments/articles.json``) the intake checks submissions against.

Pure code: the build's content index in, JSON text out. Public facts only: slug, language,
URL, title and authors' names of every post a reader can open (the intake flags a comment
signed with the post's author's name).
"""

from __future__ import annotations

import json

from bilingual.content_index import Entry
from sitecore.languages import Language

ARTICLES_FILE = "comments/articles.json"
PUBLIC_STATUSES = ("published", "hidden")  # drafts and posts dated in the future have no public page


def commentable_posts(
    entries: tuple[Entry, ...] | list[Entry],
    languages: list[Language],
) -> list[dict]:
    """``{article, lang, url, title, authors}`` of every public post of every language, sorted;
    a post's authors come from its index entry."""
    by_code = {language.code: language for language in languages}
    posts = [
        {
            "article": e.slug,
            "lang": e.lang,
            "url": "/" + by_code[e.lang].url("post", e.slug),
            "title": e.title,
            "authors": list(e.authors),
        }
        for e in entries
        if e.kind == "post" and e.status in PUBLIC_STATUSES and e.lang in by_code
    ]
    return sorted(posts, key=lambda post: (post["lang"], post["article"]))


def articles_json(posts: list[dict]) -> str:
    """The text of ``comments/articles.json`` (stable: two builds give the same bytes)."""
    return json.dumps({"articles": posts}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
