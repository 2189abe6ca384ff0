"""What happens to a comment, without a request: stored with its mails in one transaction, the
moderators' mail or digest, decisions and the notifications they cause, the retention purge.
Called by the routes, the worker and the CLI alike."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from .. import mail, store
from ..articles import Article
from ..settings import Settings
from ..web import (
    Intake,
    utcnow,
)
from . import rules

logger = logging.getLogger("intake")
UNCONFIRMED_DAYS = 7  # a reply subscription never confirmed goes after a week
AUDIT_ACTORS = {"mail": "mail link", "admin": "admin API"}  # who decided, in the audit log


async def store_comment(
    intake: Intake, comment: rules.CommentInput, post: Article | None, nonce: str | None, seconds: float | None
) -> str:
    """Store the comment with its mails in one transaction: "stored", "replayed" (same form
    sent again: kept once) or "reused" (a token already used for another comment)."""
    settings = intake.settings
    now = utcnow()
    print_ = rules.fingerprint(
        comment.article, comment.lang, comment.author, comment.website, comment.text, comment.reply_to
    )
    digest = rules.text_hash(comment.text)
    comment_id = rules.new_comment_id()
    digest_mode = settings.moderation_digest != "off"

    def store_it(conn: Connection) -> str:
        if nonce:
            earlier = store.comment_by_nonce(conn, nonce)
            if earlier:
                same = earlier["fingerprint"] == print_ and (earlier["email"] or "") in ("", comment.email)
                return "replayed" if same else "reused"
        signals = rules.spam_signals(
            comment,
            duplicate=store.text_seen(conn, digest),
            seconds_to_submit=seconds,
            min_seconds=settings.min_seconds,
            known_article=None if post is None else True,
            blocked_words=post.blocked_words if post else rules.DEFAULT_BLOCKED_WORDS,  # the site's list
            post_authors=post.authors if post else (),
        )
        row = {
            "id": comment_id,
            "article": comment.article,
            "lang": comment.lang,
            "author": comment.author,
            "email": None if comment.honeypot else comment.email,
            "website": comment.website,
            "text": comment.text,
            "reply_to": comment.reply_to,
            "status": "spam" if comment.honeypot else "pending",
            "created_at": now,
            "decided_at": None,
            "consent_at": now,
            "privacy_version": settings.privacy_version,
            "signals": signals,
            "text_hash": digest,
            "fingerprint": print_,
            "token_nonce": nonce,
            "announced_at": None if digest_mode else now,  # a digest announces it later
        }
        store.insert_comment(conn, row)
        if not comment.honeypot and not digest_mode:
            _queue_moderation(intake, conn, row, post, now)
        if not comment.honeypot and comment.notify:
            _queue_confirmation(intake, conn, row, post, now)
        return "stored"

    try:
        outcome = await intake.write(store_it)
    except IntegrityError:
        # The same token arrived twice at the same moment (PostgreSQL): the other one won.
        earlier = await run_in_threadpool(_comment_by_nonce, intake, nonce) if nonce else None
        if earlier is None:
            raise
        return "replayed" if earlier["fingerprint"] == print_ else "reused"
    if outcome == "stored":  # the request's own log line says enough; this one is for debugging
        logger.debug("comment %s stored as %s", comment_id, "spam" if comment.honeypot else "pending")
    return outcome


def _comment_by_nonce(intake: Intake, nonce: str) -> dict | None:
    with store.reading(intake.engine) as conn:
        return store.comment_by_nonce(conn, nonce)


def _post_facts(intake: Intake, row: dict, post: Article | None) -> tuple[str, str]:
    """Title and absolute URL of the post a comment belongs to (the slug when the list is unreadable)."""
    if post is None:
        known = intake.articles.current() or {}
        post = known.get((row["article"], row["lang"]))
    if post is None:
        return row["article"], intake.home(row["lang"])
    return post.title, intake.settings.site_url + post.url


def moderation_item(intake: Intake, row: dict, post: Article | None) -> dict:
    """What a moderation mail shows about one comment: the comment, its signals, its post and
    the signed links to approve, reject or mark it as spam."""
    settings = intake.settings
    title, post_url = _post_facts(intake, row, post)
    links = {
        status: f"{settings.public_url}/moderate/{intake.signer.make('moderate', {'c': row['id'], 's': status})}"
        for status in ("approved", "rejected", "spam")
    }
    return {"comment": row, "signals": row["signals"], "title": title, "post_url": post_url, "links": links}


def _queue_moderation(intake: Intake, conn: Connection, row: dict, post: Article | None, now: datetime) -> None:
    settings = intake.settings
    lang = settings.moderator_lang
    item = moderation_item(intake, row, post)
    subject, body = intake.mail_text(f"moderation.{lang}.txt", **item, link_days=settings.link_days)
    for moderator in settings.moderators:
        store.enqueue(conn, "mail", moderator, mail.queued_mail(moderator, subject, body), now, about=(row["id"],))


def queue_digest(intake: Intake, conn: Connection, now: datetime) -> int:
    """One mail per moderator with every pending comment not yet announced; they count as
    announced in the same transaction, so a restart neither loses nor repeats one. Returns
    how many comments the digest holds."""
    settings = intake.settings
    rows = store.unannounced_comments(conn)
    if not rows:
        return 0
    lang = settings.moderator_lang
    items = [moderation_item(intake, row, None) for row in rows]
    subject, body = intake.mail_text(f"moderation_digest.{lang}.txt", items=items, link_days=settings.link_days)
    told_of = tuple(row["id"] for row in rows)
    for moderator in settings.moderators:
        store.enqueue(conn, "mail", moderator, mail.queued_mail(moderator, subject, body), now, about=told_of)
    store.mark_announced(conn, [row["id"] for row in rows], now)
    return len(rows)


def _queue_confirmation(intake: Intake, conn: Connection, row: dict, post: Article | None, now: datetime) -> None:
    settings = intake.settings
    subscription_id = rules.new_comment_id().replace("c-", "s-", 1)
    store.insert_subscription(
        conn,
        {
            "id": subscription_id,
            "comment_id": row["id"],
            "email": row["email"],
            "created_at": now,
            "consent_at": now,
            "privacy_version": settings.privacy_version,
            "confirmed_at": None,
        },
    )
    title, _ = _post_facts(intake, row, post)
    token = intake.signer.make("confirm", {"s": subscription_id, "l": row["lang"]})
    subject, body = intake.mail_text(
        f"confirm.{row['lang']}.txt",
        author=row["author"],
        title=title,
        confirm_url=f"{settings.public_url}/subscriptions/confirm/{token}",
        link_days=settings.link_days,
    )
    store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], subject, body), now)


def apply_decisions(
    intake: Intake, conn: Connection, changes: list[tuple[str, str]], source: str, actor: str = ""
) -> dict:
    """Set each comment's new status (same status: unchanged); queue notifications and the hook.
    The one path of every decision (mail link, admin API, the office's desk): each change is a
    line of the audit log by *actor* (who decided; the *source* by default)."""
    now = utcnow()
    counts = {"approved": 0, "rejected": 0, "spam": 0, "unchanged": 0}
    states = store.comment_states(conn, [cid for cid, _ in changes])
    approved = []
    for comment_id, status in changes:
        if states[comment_id][0] == status:
            counts["unchanged"] += 1
            continue
        store.set_status(conn, comment_id, status, source, now)
        store.record(conn, actor or AUDIT_ACTORS.get(source, source), f"comment_{status}", comment_id, "", now)
        counts[status] += 1
        logger.info("comment %s %s (%s)", comment_id, status, source)
        if status == "approved":
            approved.append(comment_id)
            _queue_notifications(intake, conn, store.comment(conn, comment_id), now)
    if approved and intake.settings.deploy_hook:
        store.enqueue(conn, "hook", intake.settings.deploy_hook, mail.hook_payload(approved), now)
    return counts


def _queue_notifications(intake: Intake, conn: Connection, row: dict, now: datetime) -> None:
    """Mail confirmed subscribers: the author that it is published, the parent's author that a reply came."""
    title, post_url = _post_facts(intake, row, None)
    anchor = f"{post_url}#comment-{row['id']}"
    for subscription in store.confirmed_subscriptions(conn, row["id"]):
        _queue_subscriber_mail(
            intake,
            conn,
            subscription,
            row["lang"],
            "published",
            now,
            author=row["author"],
            title=title,
            post_url=anchor,
        )
    if row["reply_to"]:
        parent = store.comment(conn, row["reply_to"])
        for subscription in store.confirmed_subscriptions(conn, row["reply_to"]) if parent else []:
            if subscription["email"].lower() == (row["email"] or "").lower():
                continue  # no mail about one's own reply
            _queue_subscriber_mail(
                intake,
                conn,
                subscription,
                parent["lang"],
                "reply",
                now,
                author=parent["author"],
                replier=row["author"],
                reply_text=row["text"],
                title=title,
                post_url=anchor,
                about=(row["id"],),
            )


def _queue_subscriber_mail(
    intake: Intake,
    conn: Connection,
    subscription: dict,
    lang: str,
    kind: str,
    now: datetime,
    about: tuple[str, ...] = (),
    **context,
) -> None:
    settings = intake.settings
    token = intake.signer.make("unsubscribe", {"s": subscription["id"], "l": lang})
    unsubscribe_url = f"{settings.public_url}/subscriptions/unsubscribe/{token}"
    subject, body = intake.mail_text(f"{kind}.{lang}.txt", unsubscribe_url=unsubscribe_url, **context)
    message = mail.queued_mail(subscription["email"], subject, body, unsubscribe_url)
    store.enqueue(conn, "mail", subscription["email"], message, now, about=about)


def read_comment(intake: Intake, comment_id: str) -> dict | None:
    """The comment *comment_id* with the title and address of its post (``title``, ``post_url``), or None."""
    with store.reading(intake.engine) as conn:
        row = store.comment(conn, comment_id)
    if row is None:
        return None
    title, post_url = _post_facts(intake, row, None)
    return {**row, "title": title, "post_url": post_url}


def decide_one(intake: Intake, comment_id: str, status: str) -> dict | None:
    with store.writing(intake.engine) as conn:
        if not store.comment_states(conn, [comment_id]):
            return None
        return apply_decisions(intake, conn, [(comment_id, status)], "mail")


def purge(conn: Connection, settings: Settings, now: datetime) -> dict[str, int]:
    """Approved comments lose their address after INTAKE_RETENTION_DAYS unless subscribed;
    subscriptions never confirmed go after a week."""
    return store.purge_comments(
        conn, rules.email_expiry(now, settings.retention_days), now - timedelta(days=UNCONFIRMED_DAYS)
    )


def confirm_reply_subscription(conn: Connection, subscription_id: str, act: bool) -> bool:
    """The double opt-in link of reply notifications: whether the subscription exists; with *act*
    (the page's button, never the link alone) it is confirmed."""
    if store.subscription(conn, subscription_id) is None:
        return False
    if act:
        store.confirm_subscription(conn, subscription_id, utcnow())
    return True


def office_decisions(intake: Intake, conn: Connection, body: object) -> tuple[dict, list[dict]]:
    """The office's decisions (``{"decisions": [{id, decision, fingerprint}]}``) as a whole:
    ``(counts, [])`` once applied, or ``({}, errors)`` and nothing changed."""
    wanted = body.get("decisions") if isinstance(body, dict) else None
    ids = (
        [d.get("id") for d in wanted if isinstance(d, dict) and isinstance(d.get("id"), str)]
        if isinstance(wanted, list)
        else []
    )
    changes, errors = rules.validate_decisions(body, store.comment_states(conn, ids))
    if errors:
        return {}, errors
    return apply_decisions(intake, conn, changes, "admin"), []
