"""Reader comments: the form endpoint, its token, the thank-you page, moderation by mail and
admin API, and reply notifications with double opt-in.

Routes parse and answer; the rules are in ``rules``, the SQL in ``store``. Blocking work (the
store, the list of posts) runs in the thread pool.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import mail, rules, store
from .articles import Article
from .texts import TEXTS
from .web import (
    ADMIN_MAX_BODY,
    Intake,
    accept_form,
    form_stamp,
    intake_of,
    no_store_json,
    one_line,
    open_link,
    read_body,
    request_language,
    RequestProblem,
    too_many,
    utcnow,
)

logger = logging.getLogger("intake")
UNSUBSCRIBE_MAX_AGE = 10 * 365 * 24 * 3600
# -- reader endpoints ----------------------------------------------------------------------


async def form_token(request: Request) -> Response:
    """GET /comments/token: a signed timestamp for the form, readable by the site's script."""
    intake = intake_of(request)
    return no_store_json(
        {"token": intake.signer.form_token()}, headers={"Access-Control-Allow-Origin": intake.settings.site_origin}
    )


async def submit_comment(request: Request) -> Response:
    """POST /comments: validate, store as pending (honeypot: spam), queue the mails, 303 to thanks."""
    intake = intake_of(request)
    accepted = await accept_form(request, "comments", _problem_page)
    if isinstance(accepted, Response):
        return accepted
    lang, form = accepted
    comment, problems = rules.validate_comment(form)
    if problems:
        return _problem_page(intake, lang, 400, problems, form)
    retry = intake.article_limit.hit(f"{comment.article}|{comment.lang}", time.monotonic())
    if retry:
        return too_many(intake, "comments", lang, retry)
    stamp = form_stamp(intake, form.get("token", ""))
    if stamp is None:
        return _problem_page(intake, lang, 400, ["bad_token"], form)
    nonce, seconds = stamp
    if intake.articles.fresh():
        post = intake.articles.lookup(comment.article, comment.lang)
    else:
        post = await run_in_threadpool(intake.articles.lookup, comment.article, comment.lang)
    if post is False:
        return _problem_page(intake, lang, 400, ["unknown_article"], form)
    outcome = await _store_comment(intake, comment, post, nonce, seconds)
    if outcome == "reused":
        return _problem_page(intake, lang, 400, ["token_reused"], form)
    intake.wake.set()
    return RedirectResponse(f"/comments/thanks?lang={comment.lang}&article={comment.article}", status_code=303)


def _problem_page(intake: Intake, lang: str, status: int, problems: list[str], form: dict) -> Response:
    article = str(form.get("article", ""))
    back_url = intake.home(lang)
    post = intake.articles.cached().get((article, lang))
    if post:
        back_url = intake.settings.site_url + post.url
    text = str(form.get("comment", ""))[: rules.LIMITS["comment"]]
    return intake.page("problems.html", lang, status, problems=problems, text=text, back_url=back_url, post=False)


async def _store_comment(
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
    body = intake.mails.get_template(f"moderation.{lang}.txt").render(**item, link_days=settings.link_days)
    label = "Kommentar" if lang == "de" else "Comment"
    subject = one_line(f"[{label}] {item['title']} – {row['author']}")[:200]
    for moderator in settings.moderators:
        store.enqueue(conn, "mail", moderator, mail.queued_mail(moderator, subject, body), now)


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
    body = intake.mails.get_template(f"moderation_digest.{lang}.txt").render(items=items, link_days=settings.link_days)
    subject = (
        f"[Kommentare] {len(rows)} neue zur Moderation" if lang == "de" else f"[Comments] {len(rows)} new to moderate"
    )
    for moderator in settings.moderators:
        store.enqueue(conn, "mail", moderator, mail.queued_mail(moderator, subject, body), now)
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
    body = intake.mails.get_template(f"confirm.{row['lang']}.txt").render(
        author=row["author"],
        title=title,
        confirm_url=f"{settings.public_url}/subscriptions/confirm/{token}",
        link_days=settings.link_days,
    )
    subject = (
        "Bitte bestätigen: Benachrichtigung zu Ihrem Kommentar"
        if row["lang"] == "de"
        else "Please confirm: notifications about your comment"
    )
    store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], subject, body), now)


async def thanks(request: Request) -> Response:
    """GET /comments/thanks?lang=…&article=…: what happens next, and the way back to the post."""
    intake = intake_of(request)
    lang = request_language(request, request.query_params.get("lang"))
    article = request.query_params.get("article", "")
    known = await run_in_threadpool(intake.articles.current)
    post = (known or {}).get((article, lang))
    back_url = intake.settings.site_url + post.url if post else intake.home(lang)
    return intake.page("thanks.html", lang, back_url=back_url, post=bool(post))


# -- decisions (mail links and admin API) ----------------------------------------------------


def apply_decisions(intake: Intake, conn: Connection, changes: list[tuple[str, str]], source: str) -> dict:
    """Set each comment's new status (same status: unchanged); queue notifications and the hook."""
    now = utcnow()
    counts = {"approved": 0, "rejected": 0, "spam": 0, "unchanged": 0}
    states = store.comment_states(conn, [cid for cid, _ in changes])
    approved = []
    for comment_id, status in changes:
        if states[comment_id][0] == status:
            counts["unchanged"] += 1
            continue
        store.set_status(conn, comment_id, status, source, now)
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
            )


def _queue_subscriber_mail(
    intake: Intake, conn: Connection, subscription: dict, lang: str, kind: str, now: datetime, **context
) -> None:
    settings = intake.settings
    token = intake.signer.make("unsubscribe", {"s": subscription["id"], "l": lang})
    unsubscribe_url = f"{settings.public_url}/subscriptions/unsubscribe/{token}"
    body = intake.mails.get_template(f"{kind}.{lang}.txt").render(unsubscribe_url=unsubscribe_url, **context)
    subjects = {
        ("published", "de"): "Ihr Kommentar ist freigeschaltet",
        ("published", "en"): "Your comment is published",
        ("reply", "de"): "Neue Antwort auf Ihren Kommentar",
        ("reply", "en"): "A new reply to your comment",
    }
    message = mail.queued_mail(subscription["email"], subjects[(kind, lang)], body, unsubscribe_url)
    store.enqueue(conn, "mail", subscription["email"], message, now)


async def moderate(request: Request) -> Response:
    """GET /moderate/<token>: a confirmation page; POST: the decision (idempotent)."""
    intake = intake_of(request)
    lang = intake.settings.moderator_lang
    t = TEXTS[lang]
    link = open_link(intake, "moderate", request.path_params["token"], intake.settings.link_days * 86400)
    if not link or link.get("s") not in rules.DECISIONS.values() or not isinstance(link.get("c"), str):
        return intake.message(lang, 400, t["link_invalid"], back=False)
    comment_id, status = link["c"], link["s"]
    if request.method == "GET":
        with_comment = await run_in_threadpool(_read_comment, intake, comment_id)
        if with_comment is None:
            return intake.message(lang, 404, t["link_invalid"], back=False)
        return intake.page(
            "confirm.html",
            lang,
            title=t["moderate_title"],
            comment=with_comment,
            question=t["moderate_question"][status],
            button=t["moderate_button"][status],
            action=request.url.path,
        )
    counts = await run_in_threadpool(_decide_one, intake, comment_id, status)
    if counts is None:
        return intake.message(lang, 404, t["link_invalid"], back=False)
    intake.wake.set()
    done = t["moderate_already"] if counts["unchanged"] else t["moderate_done"]
    return intake.message(lang, 200, done.format(status=t["status"][status]), title=t["moderate_title"], back=False)


def _read_comment(intake: Intake, comment_id: str) -> dict | None:
    with store.reading(intake.engine) as conn:
        return store.comment(conn, comment_id)


def _decide_one(intake: Intake, comment_id: str, status: str) -> dict | None:
    with store.writing(intake.engine) as conn:
        if not store.comment_states(conn, [comment_id]):
            return None
        return apply_decisions(intake, conn, [(comment_id, status)], "mail")


# -- admin API ---------------------------------------------------------------------------------


def comment_json(row: dict, with_email: bool) -> dict:
    """A stored comment as the admin API shows it (the contract's fields)."""
    shown = {
        "id": row["id"],
        "article": row["article"],
        "lang": row["lang"],
        "author": row["author"],
        "email": row["email"] or "",
        "website": row["website"],
        "text": row["text"],
        "date": row["created_at"].replace(microsecond=0).isoformat() + "+00:00",
        "reply_to": row["reply_to"] or None,
        "status": row["status"],
        "fingerprint": row["fingerprint"],
        "signals": row["signals"],
        "consent": {
            "date": row["consent_at"].replace(microsecond=0).isoformat() + "+00:00",
            "privacy_version": row["privacy_version"],
        },
    }
    if not with_email:
        del shown["email"]
    return shown


async def admin_comments(request: Request) -> Response:
    """GET /admin/comments?status=pending|approved|rejected|spam."""
    intake = intake_of(request)
    if not intake.admin_allowed(request):
        return no_store_json({"error": "missing or wrong admin token"}, 401, {"WWW-Authenticate": "Bearer"})
    status = request.query_params.get("status", "pending")
    if status not in rules.STATUSES:
        return no_store_json({"error": f"unknown status {status!r}", "statuses": list(rules.STATUSES)}, 400)

    def load() -> list[dict]:
        with store.reading(intake.engine) as conn:
            return store.comments_with_status(conn, status)

    rows = await run_in_threadpool(load)
    return no_store_json({"comments": [comment_json(r, with_email=status == "pending") for r in rows]})


async def admin_decisions(request: Request) -> Response:
    """POST /admin/comments/decisions: all decisions validated first; one bad row changes nothing."""
    intake = intake_of(request)
    if not intake.admin_allowed(request):
        return no_store_json({"error": "missing or wrong admin token"}, 401, {"WWW-Authenticate": "Bearer"})
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return no_store_json({"errors": [{"id": None, "message": "send application/json"}]}, 415)
    try:
        body = json.loads(await read_body(request, ADMIN_MAX_BODY))
    except RequestProblem:
        return no_store_json({"errors": [{"id": None, "message": "body too large"}]}, 413)
    except ValueError:
        return no_store_json({"errors": [{"id": None, "message": "body is not JSON"}]}, 400)

    def decide() -> tuple[dict, list]:
        with store.writing(intake.engine) as conn:
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

    counts, errors = await run_in_threadpool(decide)
    if errors:
        return no_store_json({"errors": errors}, 400)
    intake.wake.set()
    return no_store_json(counts)


# -- reply notifications -------------------------------------------------------------------------


async def confirm_subscription(request: Request) -> Response:
    """GET /subscriptions/confirm/<token>: ask; POST: confirm the double opt-in."""
    intake = intake_of(request)
    link = open_link(intake, "confirm", request.path_params["token"], intake.settings.link_days * 86400)
    lang = request_language(request, link.get("l") if link else None)
    t = TEXTS[lang]
    if not link or not isinstance(link.get("s"), str):
        return intake.message(lang, 400, t["link_invalid"])

    def act() -> bool:
        with store.writing(intake.engine) as conn:
            if store.subscription(conn, link["s"]) is None:
                return False
            if request.method == "POST":
                store.confirm_subscription(conn, link["s"], utcnow())
            return True

    if not await run_in_threadpool(act):
        return intake.message(lang, 404, t["link_invalid"])
    if request.method == "GET":
        return intake.page(
            "confirm.html",
            lang,
            title=t["confirm_title"],
            comment=None,
            question=t["confirm_question"],
            button=t["confirm_button"],
            action=request.url.path,
        )
    return intake.message(lang, 200, t["confirm_done"], title=t["confirm_title"])


async def unsubscribe(request: Request) -> Response:
    """GET /subscriptions/unsubscribe/<token>: ask; POST (also RFC 8058 one-click): delete the subscription."""
    intake = intake_of(request)
    link = open_link(intake, "unsubscribe", request.path_params["token"], UNSUBSCRIBE_MAX_AGE)
    lang = request_language(request, link.get("l") if link else None)
    t = TEXTS[lang]
    if not link or not isinstance(link.get("s"), str):
        return intake.message(lang, 400, t["link_invalid"])
    if request.method == "GET":
        return intake.page(
            "confirm.html",
            lang,
            title=t["unsubscribe_title"],
            comment=None,
            question=t["unsubscribe_question"],
            button=t["unsubscribe_button"],
            action=request.url.path,
        )

    def act() -> None:
        with store.writing(intake.engine) as conn:
            store.delete_subscription(conn, link["s"])

    await run_in_threadpool(act)
    return intake.message(lang, 200, t["unsubscribe_done"], title=t["unsubscribe_title"])


routes = [
    Route("/comments", submit_comment, methods=["POST"]),
    Route("/comments/token", form_token, methods=["GET"]),
    Route("/comments/thanks", thanks, methods=["GET"]),
    Route("/moderate/{token}", moderate, methods=["GET", "POST"]),
    Route("/admin/comments", admin_comments, methods=["GET"]),
    Route("/admin/comments/decisions", admin_decisions, methods=["POST"]),
    Route("/subscriptions/confirm/{token}", confirm_subscription, methods=["GET", "POST"]),
    Route("/subscriptions/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
]
