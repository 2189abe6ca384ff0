"""Import the comments of a WordPress export (WXR) as comment files.

Posts are matched by slug (``wp:post_name``), then by title. Approved comments stay
approved, held ones become pending, spam stays spam; trash, pingbacks and trackbacks are
skipped. Each comment's file is named after its WordPress id (``wp-<id>.md``), so a second
run finds it and creates no duplicate.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import yaml

STATUS_MAP = {"1": "approved", "approve": "approved", "0": "pending", "hold": "pending", "spam": "spam"}
SKIPPED_TYPES = {"pingback", "trackback"}


class WxrError(Exception):
    """The file is not a WXR export we can read."""


@dataclass(frozen=True)
class WxrComment:
    """One comment as WordPress exported it."""

    wp_id: str
    author: str
    email: str
    url: str
    date_gmt: str
    date_local: str
    content: str
    approved: str
    comment_type: str
    parent: str


@dataclass(frozen=True)
class WxrPost:
    """One post of the export with its comments."""

    slug: str
    title: str
    post_type: str
    comments: tuple[WxrComment, ...]


@dataclass(frozen=True)
class PostRef:
    """A post of the site a WordPress post can be matched to."""

    lang: str
    slug: str
    title: str


@dataclass
class ImportPlan:
    """What an import would write, and what it leaves out and why."""

    files: dict = field(default_factory=dict)  # relative path below the comments folder -> text
    counts: dict = field(default_factory=dict)  # status -> number of new files
    skipped: dict = field(default_factory=dict)  # reason -> number
    unmatched: list = field(default_factory=list)  # (slug, title, number of comments)
    notes: list = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() if name != "comment_content" else (child.text or "")
    return ""


def parse_wxr(text: str) -> list[WxrPost]:
    """The posts (with comments) of a WXR document. Refuses DTDs: no entity tricks."""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise WxrError("the file declares a DOCTYPE or entities; WordPress exports never do")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise WxrError(f"not well-formed XML (line {error.position[0]})") from None
    channel = next((e for e in root if _local(e.tag) == "channel"), None)
    if channel is None:
        raise WxrError("no <channel>: not a WordPress export")
    posts = []
    for item in (e for e in channel if _local(e.tag) == "item"):
        comments = []
        for element in (e for e in item if _local(e.tag) == "comment"):
            comments.append(
                WxrComment(
                    wp_id=_child_text(element, "comment_id"),
                    author=_child_text(element, "comment_author"),
                    email=_child_text(element, "comment_author_email"),
                    url=_child_text(element, "comment_author_url"),
                    date_gmt=_child_text(element, "comment_date_gmt"),
                    date_local=_child_text(element, "comment_date"),
                    content=_child_text(element, "comment_content"),
                    approved=_child_text(element, "comment_approved"),
                    comment_type=_child_text(element, "comment_type"),
                    parent=_child_text(element, "comment_parent"),
                )
            )
        posts.append(WxrPost(_child_text(item, "post_name"), _child_text(item, "title"), _child_text(item, "post_type") or "post", tuple(comments)))
    return posts


class _MarkdownFromHtml(HTMLParser):
    """The little HTML WordPress keeps in comments (links, emphasis, quotes, breaks) as Markdown."""

    MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.MARKS:
            self.parts.append(self.MARKS[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.parts.append("[")
        elif tag == "br":
            self.parts.append("  \n")
        elif tag in ("p", "blockquote"):
            self.parts.append("\n\n" + ("> " if tag == "blockquote" else ""))

    def handle_endtag(self, tag):
        if tag in self.MARKS:
            self.parts.append(self.MARKS[tag])
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.parts.append(f"]({href})" if re.match(r"^(https?|mailto):", href, re.IGNORECASE) else "]")
        elif tag in ("p", "blockquote"):
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def wordpress_markdown(content: str) -> str:
    """A WordPress comment body as Markdown; other tags are dropped, their text kept."""
    parser = _MarkdownFromHtml()
    parser.feed(content.replace("\r\n", "\n"))
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"\[([^\]]*)\](?!\()", r"\1", text)  # a link whose href was unsafe: keep its text
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def comment_date(comment: WxrComment, timezone: ZoneInfo) -> str:
    """The comment's date with offset: GMT when WordPress has it, else the local date."""
    if comment.date_gmt and not comment.date_gmt.startswith("0000"):
        moment = dt.datetime.fromisoformat(comment.date_gmt).replace(tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime.fromisoformat(comment.date_local).replace(tzinfo=timezone)
    return moment.astimezone(timezone).strftime("%Y-%m-%d %H:%M:%S %z")


def match_post(post: WxrPost, site_posts: list[PostRef]) -> PostRef | None:
    """The site's post with the same slug, else the only one with the same title."""
    by_slug = [p for p in site_posts if p.slug == post.slug]
    if by_slug:
        return by_slug[0]
    title = " ".join(html.unescape(post.title).casefold().split())
    by_title = [p for p in site_posts if " ".join(p.title.casefold().split()) == title]
    return by_title[0] if len(by_title) == 1 else None


def plan_import(posts: list[WxrPost], site_posts: list[PostRef], existing_ids: set[str], timezone: ZoneInfo) -> ImportPlan:
    """Decide every file to write; *existing_ids* are the ids of comment files already there."""
    plan = ImportPlan()

    def skip(reason: str) -> None:
        plan.skipped[reason] = plan.skipped.get(reason, 0) + 1

    for post in posts:
        if post.post_type != "post" or not post.comments:
            continue
        target = match_post(post, site_posts)
        if target is None:
            plan.unmatched.append((post.slug, post.title, len(post.comments)))
            continue
        kept: dict[str, str] = {}  # WordPress id -> our id, for comments that exist after the import
        statuses: dict[str, str] = {}
        for comment in post.comments:
            if comment.comment_type in SKIPPED_TYPES:
                skip(comment.comment_type)
                continue
            status = STATUS_MAP.get(comment.approved)
            if status is None:
                skip("trash" if "trash" in comment.approved else f"status {comment.approved or 'empty'}")
                continue
            kept[comment.wp_id] = f"wp-{comment.wp_id}"
            statuses[comment.wp_id] = status
        for comment in post.comments:
            if comment.wp_id not in kept:
                continue
            comment_id = kept[comment.wp_id]
            if comment_id in existing_ids:
                skip("already imported")
                continue
            body = wordpress_markdown(comment.content)
            if not body:
                skip("empty text")
                continue
            fields = {
                "article": target.slug,
                "lang": target.lang,
                "author": comment.author.strip() or "Anonymous",
                "email": comment.email,
                "website": comment.url if re.match(r"^https?://", comment.url, re.IGNORECASE) else "",
                "date": comment_date(comment, timezone),
                "status": statuses[comment.wp_id],
            }
            if comment.parent and comment.parent != "0":
                if comment.parent in kept:
                    fields["reply_to"] = kept[comment.parent]
                else:
                    plan.notes.append(f"wp-{comment.wp_id}: its parent {comment.parent} was skipped; imported as a comment of its own")
            fields = {k: v for k, v in fields.items() if v != ""}
            front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
            plan.files[f"{target.slug}/{comment_id}.md"] = f"---\n{front}---\n{body}\n"
            plan.counts[fields["status"]] = plan.counts.get(fields["status"], 0) + 1
    return plan
