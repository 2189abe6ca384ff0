"""Every post or page a Pelican generator holds, whatever its status.

Pelican keeps a generator's contents in several lists (published, hidden and draft, each with
its translations). A plugin that gives posts or pages something the templates use (language
links, comments, author boxes, callouts) or checks their front matter walks all of them
through :func:`every_content`, so that no status is forgotten: Pelican writes hidden posts
and, in the preview, drafts too.
"""

from __future__ import annotations

# The lists of Pelican's ArticlesGenerator and PagesGenerator (4.12), published ones first.
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
DRAFT_LISTS = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def articles_generator(generators):
    """Pelican's ArticlesGenerator among *generators* (``all_generators_finalized``), if any."""
    return next((g for g in generators if hasattr(g, "hidden_articles")), None)


def pages_generator(generators):
    """Pelican's PagesGenerator among *generators*, if any."""
    return next((g for g in generators if hasattr(g, "hidden_pages")), None)


def content_lists(generator) -> list[list]:
    """The lists of *generator* (articles or pages) that hold posts or pages, published first."""
    names = ARTICLE_LISTS if hasattr(generator, "hidden_articles") else PAGE_LISTS
    lists = (getattr(generator, name, None) for name in names)
    return [items for items in lists if isinstance(items, list)]


def every_content(generator) -> list:
    """Each post (of an articles generator) or page (of a pages generator) once, published first."""
    contents, seen = [], set()
    for items in content_lists(generator):
        for content in items:
            if id(content) not in seen:
                seen.add(id(content))
                contents.append(content)
    return contents
