"""The commentable posts the intake checks submissions against: every post a reader can open,
from the build's content index. The file's shape (``comments/articles.json``) is
:mod:`common.commentable_posts`, which the intake reads with the same code.

Pure code: the content index in, :class:`~common.commentable_posts.Article` values out.
"""

from __future__ import annotations

from bilingual.content_index import Entry
from common.commentable_posts import Article
from sitecore.languages import Language

PUBLIC_STATUSES = ("published", "hidden")  # drafts and posts dated in the future have no public page


def commentable_posts(
    entries: tuple[Entry, ...] | list[Entry],
    languages: list[Language],
) -> list[Article]:
    """Every public post of every language, sorted by language and slug; a post's authors come
    from its index entry."""
    by_code = {language.code: language for language in languages}
    posts = [
        Article(e.slug, e.lang, "/" + by_code[e.lang].url("post", e.slug), e.title, tuple(e.authors))
        for e in entries
        if e.kind == "post" and e.status in PUBLIC_STATUSES and e.lang in by_code
    ]
    return sorted(posts, key=lambda post: (post.lang, post.article))
