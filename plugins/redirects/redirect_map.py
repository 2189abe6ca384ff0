"""Which old address leads to which post or page, from the content index (pure).

Posts and pages name the addresses the old site served them at (front matter ``old_urls``,
read by ``content_reader.metadata``); here they become :class:`Redirect` values, and two files
claiming one old address, or an old address that is a current one, become problems.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sitecore.problems import Problem, display_path
from sitecore.urls import old_path_key

SKIPPED_STATUSES = ("draft", "unreadable")  # not published: nothing to lead to


@dataclass(frozen=True)
class Redirect:
    """One old address and the page it now leads to."""

    old_path: str  # decoded, from the site's root: /2019/10/agilitaet-im-kopf/
    target: str  # the page's URL relative to SITEURL: blog/agilitaet-im-kopf/
    lang: str
    kind: str  # post, page or offer
    title: str
    source: str  # the file that names the old address, as shown to people
    line: int | None


def current_urls(entries, languages) -> dict[str, tuple[str, object]]:
    """``old_path_key -> (URL, entry or None)`` of every post, page and home page the site has."""
    by_code = {language.code: language for language in languages}
    urls = {old_path_key("/" + language.home_url): (language.home_url, None) for language in languages}
    for entry in entries:
        if entry.kind in ("post", "page") and entry.lang in by_code and entry.status != "unreadable":
            url = by_code[entry.lang].url(entry.kind, entry.slug)
            urls[old_path_key("/" + url)] = (url, entry)
    return urls


def old_url_clashes(entries, languages, content_root: str) -> list[Problem]:
    """An old address claimed by two files, or one that is the current address of a post,
    page or home page: one problem at the line of the later claim, naming both files."""
    current = current_urls(entries, languages)
    claimed: dict[str, tuple[object, int | None]] = {}
    problems = []
    for entry in entries:
        shown = display_path(os.path.join(content_root, entry.path))
        for path, line in entry.old_urls:
            key = old_path_key(path)
            if key in claimed:
                other, other_line = claimed[key]
                where = display_path(os.path.join(content_root, other.path)) + (f":{other_line}" if other_line else "")
                problems.append(
                    Problem(shown, line, f"the old address {path!r} is already claimed by {where}", _ONE_CLAIM)
                )
                continue
            claimed[key] = (entry, line)
            if key in current:
                url, owner = current[key]
                problems.append(Problem(shown, line, *taken_address(path, url, owner, entry, content_root)))
    return problems


_ONE_CLAIM = "an old address leads to one page: keep it in the file of the page it belongs to, delete the other line"


def taken_address(path: str, url: str, owner, entry, content_root: str) -> tuple[str, str]:
    """Message and hint for an old address that is now the address of *owner* (an entry, a
    file name of the built site, or None for a home page)."""
    if owner is entry:
        return (
            f"the old address {path!r} is this page's own address /{url}",
            "the page is still there: delete the line",
        )
    if owner is None:
        return f"the old address {path!r} is a home page of the site", "delete the line"
    if isinstance(owner, str):
        return (
            f"the old address {path!r} is the site's page {owner}",
            "a redirect there would hide that page: delete the line",
        )
    return (
        f"the old address {path!r} is the address of {display_path(os.path.join(content_root, owner.path))}",
        "a redirect there would hide that page: delete the line, or give the other page another `slug:`",
    )


def content_url(entry, language) -> str | None:
    """The URL of a post or page (relative to SITEURL); None for anything else."""
    return language.url(entry.kind, entry.slug) if entry.kind in ("post", "page") else None


def redirects(entries, languages, content_root: str, url_of=content_url) -> list[Redirect]:
    """The redirect of every old address of every published post, page and offer (*url_of*:
    ``(entry, language) -> URL`` or None when the site has no page for it), first claim only,
    none that is a current address (those are problems: :func:`old_url_clashes`)."""
    current = current_urls(entries, languages)
    by_code = {language.code: language for language in languages}
    found: dict[str, Redirect] = {}
    for entry in entries:
        if entry.status in SKIPPED_STATUSES or entry.lang not in by_code:
            continue
        target = url_of(entry, by_code[entry.lang])
        for path, line in entry.old_urls if target else ():
            key = old_path_key(path)
            if key in found or key in current:
                continue
            found[key] = Redirect(
                path,
                target,
                entry.lang,
                entry.kind,
                entry.title,
                display_path(os.path.join(content_root, entry.path)),
                line,
            )
    return sorted(found.values(), key=lambda redirect: redirect.old_path)
