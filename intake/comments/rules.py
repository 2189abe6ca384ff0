"""Pure rules of comments: the form checked and cleaned, spam signals, fingerprints, the
moderators' digest and decisions, how long an address is kept.

No I/O here: strings and numbers in, values out, so every rule is tested by a table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

# The spam signals the build's moderation export computes too: one definition, in common.
from common.spam_signals import DEFAULT_BLOCKED_WORDS, blocked_words_in, link_count, normalised_text

from ..rules import LANGUAGES, has_control_characters, header_safe, mail_address, timing_signals, valid_web_url

STATUSES = ("pending", "approved", "rejected", "spam")
DECISIONS = {"approve": "approved", "reject": "rejected", "spam": "spam"}
LIMITS = {"author": 100, "email": 254, "website": 200, "comment": 5000, "article": 200, "reply_to": 100}
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


@dataclass(frozen=True)
class CommentInput:
    """A reader's comment after validation: clean strings, ready to store."""

    article: str
    lang: str
    author: str
    email: str
    website: str
    text: str
    reply_to: str
    notify: bool
    honeypot: bool


def validate_comment(form: dict[str, str]) -> tuple[CommentInput | None, list[str]]:
    """Check a submitted comment form; return the clean input or the problem codes.

    Problem codes are keys of the page texts (``intake/texts.py``), so the reader sees each
    problem in their language.
    """
    problems = []
    get = lambda name: str(form.get(name, ""))  # noqa: E731 - a short local accessor
    for name, limit in LIMITS.items():
        field = "comment" if name == "comment" else name
        if len(get(field)) > limit:
            problems.append(f"too_long_{name}")
    article = get("article").strip()
    lang = get("lang").strip()
    author = " ".join(get("author").split())
    email, email_problem = mail_address(get("email"))
    website = get("website").strip()
    text = get("comment").replace("\r\n", "\n").replace("\r", "\n").strip()
    reply_to = get("reply_to").strip()
    if not _SLUG.match(article):
        problems.append("bad_article")
    if lang not in LANGUAGES:
        problems.append("bad_lang")
    if has_control_characters(get("author")) or not header_safe(author):
        problems.append("bad_author")
    elif not author:
        problems.append("missing_author")
    if email_problem:
        problems.append(email_problem)
    if website and not valid_web_url(website):
        problems.append("bad_website")
    if not text:
        problems.append("missing_comment")
    elif has_control_characters(text, allowed="\n\t"):
        problems.append("bad_comment")
    if reply_to and not _COMMENT_ID.match(reply_to):
        problems.append("bad_reply_to")
    if get("consent").strip() != "yes":
        problems.append("missing_consent")
    if problems:
        return None, list(dict.fromkeys(problems))
    return CommentInput(
        article=article,
        lang=lang,
        author=author,
        email=email,
        website=website,
        text=text,
        reply_to=reply_to,
        notify=get("notify").strip() == "yes",
        honeypot=bool(get("homepage").strip()),
    ), []


def text_hash(text: str) -> str:
    """The hash of the normalised text, stored to find duplicates without comparing texts."""
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


def same_name(first: str, second: str) -> bool:
    """Whether two names are the same person's name, ignoring case and spacing."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def name_of_post_author(author: str, post_authors: tuple[str, ...]) -> bool:
    """Whether a reader signs with the name of the post's author (impersonation).

    Every comment through the form is a reader's: the author's own replies are comment files
    (``author_reply``), which never pass the intake.
    """
    return any(name.strip() and same_name(author, name) for name in post_authors)


def spam_signals(
    comment: CommentInput,
    *,
    duplicate: bool,
    seconds_to_submit: float | None,
    min_seconds: int,
    known_article: bool | None,
    blocked_words: tuple[str, ...] = DEFAULT_BLOCKED_WORDS,
    post_authors: tuple[str, ...] = (),
) -> dict:
    """Every signal the moderators see; *seconds_to_submit* None means no valid form token.

    *known_article* None means the list of posts could not be read; *post_authors* are the
    names the post is signed with.
    """
    return {
        "link_count": link_count(comment.text, comment.website),
        "blocked_words": blocked_words_in(comment.text, comment.author, blocked_words),
        "duplicate_text": duplicate,
        "honeypot": comment.honeypot,
        **timing_signals(seconds_to_submit, min_seconds),
        "unknown_article": known_article is None,
        "name_of_post_author": name_of_post_author(comment.author, post_authors),
    }


def fingerprint(article: str, lang: str, author: str, website: str, text: str, reply_to: str) -> str:
    """Hex sha256 of the text fields: a decision names it, so a changed comment is not decided blindly."""
    fields = json.dumps([article, lang, author, website, text, reply_to], ensure_ascii=False)
    return hashlib.sha256(fields.encode("utf-8")).hexdigest()


def new_comment_id() -> str:
    """An unguessable, URL-safe comment id."""
    return "c-" + secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")


def email_expiry(now: datetime, retention_days: int) -> datetime:
    """Approved comments created before this moment lose their e-mail address (unless subscribed)."""
    return now - timedelta(days=retention_days)


DAILY_DIGEST_HOUR = 6  # UTC: the daily digest covers the comments that came before this hour


def digest_period_start(mode: str, now: datetime) -> datetime:
    """The start of the digest period *now* is in: the full hour (hourly) or the last 06:00 UTC (daily)."""
    if mode == "hourly":
        return now.replace(minute=0, second=0, microsecond=0)
    start = now.replace(hour=DAILY_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return start if start <= now else start - timedelta(days=1)


def digest_due(mode: str, oldest_unannounced: datetime | None, now: datetime) -> bool:
    """Whether the moderators get a digest now: a comment not yet announced came in before the
    current period began (its period is over). Without a digest ("off"), any such comment left
    over from a time with one is announced at once."""
    if oldest_unannounced is None:
        return False
    if mode not in ("hourly", "daily"):
        return True
    return oldest_unannounced < digest_period_start(mode, now)


def validate_decisions(body: object, current: dict[str, tuple[str, str]]) -> tuple[list[tuple[str, str]], list[dict]]:
    """Check an admin decision list as a whole; *current* maps id -> (status, fingerprint).

    Returns ``[(id, new_status)]`` and no errors, or errors (then nothing may change).
    """
    if not isinstance(body, dict) or not isinstance(body.get("decisions"), list):
        return [], [{"id": None, "message": 'expected {"decisions": [...]}'}]
    changes, errors, seen = [], [], set()
    for entry in body["decisions"]:
        if not isinstance(entry, dict):
            errors.append({"id": None, "message": "each decision must be an object"})
            continue
        comment_id, decision, given = entry.get("id"), entry.get("decision"), entry.get("fingerprint")
        if not isinstance(comment_id, str) or comment_id not in current:
            errors.append({"id": comment_id if isinstance(comment_id, str) else None, "message": "unknown comment id"})
        elif comment_id in seen:
            errors.append({"id": comment_id, "message": "decided twice in one request"})
        elif decision not in DECISIONS:
            errors.append({"id": comment_id, "message": f"unknown decision {decision!r} (approve, reject or spam)"})
        elif not isinstance(given, str) or not hmac.compare_digest(given, current[comment_id][1]):
            errors.append(
                {"id": comment_id, "message": "fingerprint does not match: the comment changed, export again"}
            )
        else:
            changes.append((comment_id, DECISIONS[decision]))
        if isinstance(comment_id, str):
            seen.add(comment_id)
    return ([], errors) if errors else (changes, [])
