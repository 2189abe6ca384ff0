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
from zoneinfo import ZoneInfo

import yaml

from sitecore.html_markdown import html_to_markdown

STATUS_MAP = {"1": "approved", "approve": "approved", "0": "pending", "hold": "pending", "spam": "spam"}
SKIPPED_TYPES = {"pingback", "trackback"}
REASONS = {
    "pingback": "a pingback, not a comment",
    "trackback": "a trackback, not a comment",
    "trash": "in the WordPress trash",
}


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
    link: str = ""  # the post's address on the old site (its permalink)
    date: str = ""  # wp:post_date, local time: 2019-10-23 09:15:00
    status: str = ""  # wp:status: publish, draft, private, trash …


@dataclass(frozen=True)
class PostRef:
    """A post of the site a WordPress post can be matched to."""

    lang: str
    slug: str
    title: str
    date: str = ""  # YYYY-MM-DD: tells apart posts of one title


@dataclass
class ImportPlan:
    """What an import would write, and what it leaves out and why."""

    files: dict = field(default_factory=dict)  # relative path below the comments folder -> text
    counts: dict = field(default_factory=dict)  # status -> number of new files
    skipped: dict = field(default_factory=dict)  # reason -> number
    unmatched: list = field(default_factory=list)  # (slug, title, number of comments)
    notes: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # LeftOut: every comment not imported, and why


@dataclass(frozen=True)
class LeftOut:
    """Comments of one WordPress post or page that are not imported, and the reason."""

    slug: str
    comments: tuple[str, ...]  # WordPress comment ids
    reason: str

    def __str__(self) -> str:
        ids = ", ".join(self.comments)
        return f"{len(self.comments)} comment(s) on {self.slug!r} (WordPress id {ids}): {self.reason}"


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
        posts.append(
            WxrPost(
                _child_text(item, "post_name"),
                _child_text(item, "title"),
                _child_text(item, "post_type") or "post",
                tuple(comments),
                link=_child_text(item, "link"),
                date=_child_text(item, "post_date"),
                status=_child_text(item, "status"),
            )
        )
    return posts


# Block-level tags as WordPress's wpautop() knows them: no <p> around them, no <br> next to them.
_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    r"footer|nav|figure|figcaption|details|menu|summary)"
)
_BLOCK_OPEN = re.compile(rf"(<{_BLOCKS}[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCKS}>)", re.IGNORECASE)
_STARTS_WITH_BLOCK = re.compile(rf"^</?{_BLOCKS}[\s/>]", re.IGNORECASE)
_BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*<br />", re.IGNORECASE)
_BR_BEFORE_BLOCK = re.compile(rf"<br />(\s*</?{_BLOCKS}[^>]*>)", re.IGNORECASE)


def wpautop(content: str) -> str:
    """A comment as WordPress shows it: a blank line starts a paragraph, a single newline is a
    line break, block tags (quotes, lists) stand as they are. A simplified ``wpautop()``."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    pre_blocks: list[str] = []

    def keep_pre(match: re.Match) -> str:  # WordPress leaves <pre> alone
        pre_blocks.append(match.group(0))
        return f"<pre>{len(pre_blocks) - 1}</pre>"

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text, flags=re.IGNORECASE | re.DOTALL)
    text = _BLOCK_CLOSE.sub("\\1\n\n", _BLOCK_OPEN.sub("\n\n\\1", text))
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if chunk:
            chunks.append(chunk if _STARTS_WITH_BLOCK.match(chunk) else f"<p>{chunk}</p>")
    text = "\n".join(chunks)
    text = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", _BR_AFTER_BLOCK.sub(r"\1", text))
    return re.sub(r"<pre>(\d+)</pre>", lambda m: pre_blocks[int(m.group(1))], text)


def wordpress_markdown(content: str) -> str:
    """A WordPress comment body (HTML with wpautop line breaks) as Markdown of the same structure.

    Images are dropped (comments show none); script and style lose their content too.
    """
    return html_to_markdown(wpautop(content), strip=["img"])


def comment_date(comment: WxrComment, timezone: ZoneInfo) -> str:
    """The comment's date with offset: GMT when WordPress has it, else the local date."""
    if comment.date_gmt and not comment.date_gmt.startswith("0000"):
        moment = dt.datetime.fromisoformat(comment.date_gmt).replace(tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime.fromisoformat(comment.date_local).replace(tzinfo=timezone)
    return moment.astimezone(timezone).strftime("%Y-%m-%d %H:%M:%S %z")


def match_post(post: WxrPost, site_posts: list[PostRef], lang: str = "") -> tuple[PostRef | None, list[PostRef]]:
    """The site's post with the same slug, else the one with the same title, and every candidate.

    A slug (or title) found in several languages is ambiguous: *lang* picks one of them;
    without it, no post is chosen and the candidates say why. Candidates that remain are
    told apart by the day of publication, where the site's posts carry it.
    """
    candidates = [p for p in site_posts if p.slug == post.slug]
    if not candidates:
        title = " ".join(html.unescape(post.title).casefold().split())
        candidates = [p for p in site_posts if " ".join(p.title.casefold().split()) == title]
    if len(candidates) > 1 and lang:
        candidates = [p for p in candidates if p.lang == lang] or candidates
    if len(candidates) > 1 and post.date[:10]:
        candidates = [p for p in candidates if p.date == post.date[:10]] or candidates
    return (candidates[0] if len(candidates) == 1 else None), candidates


def _kept_comments(post: WxrPost, skip) -> tuple[dict[str, str], dict[str, str]]:
    """``(WordPress id -> our id, WordPress id -> status)`` of the comments of *post* that exist
    after the import; each other one is passed to *skip* with the reason."""
    kept: dict[str, str] = {}
    statuses: dict[str, str] = {}
    for comment in post.comments:
        if comment.comment_type in SKIPPED_TYPES:
            skip(comment.comment_type, post, comment)
            continue
        status = STATUS_MAP.get(comment.approved)
        if status is None:
            skip("trash" if "trash" in comment.approved else f"status {comment.approved or 'empty'}", post, comment)
            continue
        kept[comment.wp_id] = f"wp-{comment.wp_id}"
        statuses[comment.wp_id] = status
    return kept, statuses


def plan_import(
    posts: list[WxrPost], site_posts: list[PostRef], existing_ids: set[str], timezone: ZoneInfo, lang: str = ""
) -> ImportPlan:
    """Decide every file to write; *existing_ids* are the ids of comment files already there.

    *lang* chooses the language where a slug or title matches posts in several languages.
    Every comment not imported is listed in ``plan.left_out`` with the reason (those
    imported by an earlier run are only counted, as "already imported").
    """
    plan = ImportPlan()

    def skip(reason: str, post: WxrPost | None = None, comment: WxrComment | None = None) -> None:
        plan.skipped[reason] = plan.skipped.get(reason, 0) + 1
        if post is not None and comment is not None:
            plan.left_out.append(LeftOut(post.slug, (comment.wp_id,), REASONS.get(reason, reason)))

    for post in posts:
        if not post.comments:
            continue
        everything = tuple(c.wp_id for c in post.comments)
        if post.post_type != "post":
            plan.left_out.append(
                LeftOut(
                    post.slug, everything, f"on a WordPress {post.post_type}, and this site has comments on posts only"
                )
            )
            continue
        target, candidates = match_post(post, site_posts, lang)
        if target is None and candidates:
            langs = sorted({p.lang for p in candidates})
            hint = " or ".join(f"--lang {code}" for code in langs)
            plan.left_out.append(
                LeftOut(
                    post.slug,
                    everything,
                    f"ambiguous: the site has this post in {', '.join(langs)}; "
                    f"choose with {hint} (make comments-import-wxr LANG=…)",
                )
            )
            continue
        if target is None:
            plan.unmatched.append((post.slug, post.title, len(post.comments)))
            plan.left_out.append(
                LeftOut(post.slug, everything, f"no post of the site has this slug or the title {post.title!r}")
            )
            continue
        kept, statuses = _kept_comments(post, skip)
        for comment in post.comments:
            if comment.wp_id not in kept:
                continue
            comment_id = kept[comment.wp_id]
            if comment_id in existing_ids:
                skip("already imported")
                continue
            body = wordpress_markdown(comment.content)
            if not body:
                skip("empty text", post, comment)
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
                    plan.notes.append(
                        f"wp-{comment.wp_id}: its parent {comment.parent} was skipped; imported as a comment of its own"
                    )
            fields = {k: v for k, v in fields.items() if v != ""}
            front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
            plan.files[f"{target.slug}/{comment_id}.md"] = f"---\n{front}---\n{body}\n"
            plan.counts[fields["status"]] = plan.counts.get(fields["status"], 0) + 1
    return plan
