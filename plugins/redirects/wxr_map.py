"""A WordPress export's addresses as the ``old_urls`` of the site's posts and pages (pure).

The export is read by ``comments.wxr_import.parse_wxr`` (the one WXR parser) and each WordPress
post or page is matched to a file of the site by ``comments.wxr_import.match_post`` (slug, then
title; the language and the day of publication tell candidates apart).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from comments.wxr_import import PostRef, WxrPost, match_post
from sitecore.slugs import slugify
from sitecore.urls import old_path, old_path_key

KINDS = {"post": "post", "page": "page"}  # WordPress post type -> our kind; attachments, menus … have no page
PUBLIC_STATUSES = ("publish", "private", "")  # the others had no public address on the old site


@dataclass(frozen=True)
class SiteFile:
    """A post or page of the site that an old address can be added to."""

    path: str  # as shown to people
    kind: str
    ref: PostRef
    old_paths: frozenset  # old_path_key of the addresses it names already


@dataclass
class RedirectPlan:
    """What the export gives: addresses per file, and what it cannot place, with the reason."""

    additions: dict = field(default_factory=dict)  # file path -> [address, …]
    matched: list = field(default_factory=list)  # (file path, address, WordPress title)
    present: list = field(default_factory=list)  # (file path, address): named there already
    unmatched: list = field(default_factory=list)  # (WordPress title, address, why)
    skipped: dict = field(default_factory=dict)  # reason -> number of WordPress items


def plan_redirects(posts: list[WxrPost], files: list[SiteFile], lang: str = "") -> RedirectPlan:
    """Which file gets which old address; an address claimed by another file is left out."""
    plan = RedirectPlan()
    claimed = {key: f for f in files for key in f.old_paths}
    for post in posts:
        kind = KINDS.get(post.post_type)
        reason = _skip_reason(post, kind)
        if reason:
            plan.skipped[reason] = plan.skipped.get(reason, 0) + 1
            continue
        title = html.unescape(post.title)
        path, why = old_path(post.link)
        if path is None:
            plan.unmatched.append((title, post.link, f"the address {why}"))
            continue
        candidates = [f for f in files if f.kind == kind]
        found, matches = match_post(replace(post, slug=slugify(unquote(post.slug))), [f.ref for f in candidates], lang)
        if found is None:
            plan.unmatched.append((title, post.link, _no_match(kind, matches, candidates)))
            continue
        target = next(f for f in candidates if f.ref is found)
        owner = claimed.get(old_path_key(path))
        if owner is target:
            plan.present.append((target.path, post.link))
        elif owner is not None:
            plan.unmatched.append((title, post.link, f"{owner.path} names this address already"))
        else:
            claimed[old_path_key(path)] = target
            plan.additions.setdefault(target.path, []).append(post.link)
            plan.matched.append((target.path, post.link, title))
    return plan


def _skip_reason(post: WxrPost, kind: str | None) -> str:
    """Why a WordPress item gets no redirect, or ''."""
    if kind is None:
        return f"{post.post_type or 'untyped'} items (no page of their own)"
    if post.status not in PUBLIC_STATUSES:
        return f"{kind}s with WordPress status {post.status!r} (never public)"
    if not post.link:
        return f"{kind}s without an address in the export"
    return ""


def _no_match(kind: str, matches: list[PostRef], candidates: list[SiteFile]) -> str:
    """Why no file was chosen."""
    if not matches:
        return f"no {kind} of the site has its slug or title"
    paths = ", ".join(f.path for f in candidates if f.ref in matches)
    return f"several {kind}s match ({paths}): LANG=… picks the language"
