"""The comment routes: the form, the thank-you page, the moderators' mail links, reply opt-in and
unsubscribe, and the admin API. Routes parse and answer; ``service`` acts, ``rules`` decides."""

from __future__ import annotations

import logging
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import store
from ..web import (
    Intake,
    accept_form,
    admin_door,
    admin_json,
    form_stamp,
    form_token,
    intake_of,
    no_store_json,
    open_link,
    reader_link,
    request_language,
    too_many,
)
from . import rules
from .service import confirm_reply_subscription, decide_one, office_decisions, read_comment, store_comment

logger = logging.getLogger("intake")


UNSUBSCRIBE_MAX_AGE = 10 * 365 * 24 * 3600


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
    outcome = await store_comment(intake, comment, post, nonce, seconds)
    if outcome == "reused":
        return _problem_page(intake, lang, 400, ["token_reused"], form)
    intake.wake.set()
    return RedirectResponse(f"/comments/thanks?lang={comment.lang}&article={comment.article}", status_code=303)


def _problem_page(intake: Intake, lang: str, status: int, problems: list[str], form: dict) -> Response:
    article = str(form.get("article", ""))
    post = intake.articles.cached().get((article, lang))
    back_url = intake.settings.site_url + post.url if post else ""
    text = str(form.get("comment", ""))[: rules.LIMITS["comment"]]
    return intake.problems("comments", lang, status, problems, [text], back_url, "back" if post else "back_site")


async def thanks(request: Request) -> Response:
    """GET /comments/thanks?lang=…&article=…: what happens next, and the way back to the post."""
    intake = intake_of(request)
    lang = request_language(request, request.query_params.get("lang"))
    article = request.query_params.get("article", "")
    known = await run_in_threadpool(intake.articles.current)
    post = (known or {}).get((article, lang))
    back_url = intake.settings.site_url + post.url if post else intake.home(lang)
    return intake.page("thanks.html", lang, back_url=back_url, post=bool(post))


async def moderate(request: Request) -> Response:
    """GET /moderate/<token>: a confirmation page; POST: the decision (idempotent)."""
    intake = intake_of(request)
    lang = intake.settings.moderator_lang
    t = intake.texts[lang]
    link = open_link(intake, "moderate", request.path_params["token"], intake.settings.link_days * 86400)
    if not link or link.get("s") not in rules.DECISIONS.values() or not isinstance(link.get("c"), str):
        return intake.message(lang, 400, t["link_invalid"], back=False)
    comment_id, status = link["c"], link["s"]
    if request.method == "GET":
        with_comment = await run_in_threadpool(read_comment, intake, comment_id)
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
    counts = await run_in_threadpool(decide_one, intake, comment_id, status)
    if counts is None:
        return intake.message(lang, 404, t["link_invalid"], back=False)
    intake.wake.set()
    done = t["moderate_already"] if counts["unchanged"] else t["moderate_done"]
    return intake.message(lang, 200, done.format(status=t["status"][status]), title=t["moderate_title"], back=False)


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


@admin_door
async def admin_comments(request: Request) -> Response:
    """GET /admin/comments?status=pending|approved|rejected|spam."""
    intake = intake_of(request)
    status = request.query_params.get("status", "pending")
    if status not in rules.STATUSES:
        return no_store_json({"error": f"unknown status {status!r}", "statuses": list(rules.STATUSES)}, 400)

    def load() -> list[dict]:
        with store.reading(intake.engine) as conn:
            return store.comments_with_status(conn, status)

    rows = await run_in_threadpool(load)
    return no_store_json({"comments": [comment_json(r, with_email=status == "pending") for r in rows]})


@admin_door
async def admin_decisions(request: Request) -> Response:
    """POST /admin/comments/decisions: all decisions validated first; one bad row changes nothing."""
    intake = intake_of(request)
    body = await admin_json(request)

    counts, errors = await intake.write(lambda conn: office_decisions(intake, conn, body))
    if errors:
        return no_store_json({"errors": errors}, 400)
    intake.wake.set()
    return no_store_json(counts)


async def confirm_subscription(request: Request) -> Response:
    """GET /subscriptions/confirm/<token>: ask; POST: confirm the double opt-in."""
    intake = intake_of(request)
    link, lang = reader_link(request, "confirm", intake.settings.link_days * 86400, "s")
    t = intake.texts[lang]
    if link is None:
        return intake.message(lang, 400, t["link_invalid"])

    act = request.method == "POST"
    if not await intake.write(lambda conn: confirm_reply_subscription(conn, link["s"], act)):
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
    link, lang = reader_link(request, "unsubscribe", UNSUBSCRIBE_MAX_AGE, "s")
    t = intake.texts[lang]
    if link is None:
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

    await intake.write(lambda conn: store.delete_subscription(conn, link["s"]))
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
