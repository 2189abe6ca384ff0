"""The background worker: queues the moderators' digest when one is due, the reminders before
training sessions every minute (``registrations.reminders``), delivers the outbox
(mails, deploy hook) with retries, and purges expired personal data at start and every hour.

A mail that fails for good (the server refused its recipient, or it cannot be written) leaves
the outbox at once; one that keeps failing is tried on. Either way the office is told once, in
one report per round, so that no mail is given up or retried silently.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import datetime, timedelta
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from . import mail, privacy, store
from .comments import rules
from .comments import service as comments
from .registrations import reminders
from .web import Intake, utcnow

logger = logging.getLogger("intake")
POLL_SECONDS = 5
BATCH_SECONDS = 0.2
PURGE_EVERY_SECONDS = 3600
REMIND_EVERY_SECONDS = 60
LEASE = timedelta(seconds=45)  # renewed while a batch is sent; a killed process's claims lapse within it
MAX_BACKOFF_SECONDS = 3600
REPORT_AFTER_ATTEMPTS = 6  # about half an hour of failures (30 s, 1, 2, 4, 8, 16 min)


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: 30 s, 1 min, 2 min, … up to an hour; never given up."""
    return min(30 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def announce_pending(intake: Intake, now: datetime | None = None) -> int:
    """Queue the moderators' digest if one is due at *now*; return how many comments it holds.

    The comments are marked announced in the transaction that queues the mails (the outbox
    then delivers them with retries): a restart neither loses nor repeats an announcement.
    """
    now = now or utcnow()
    mode = intake.settings.moderation_digest
    with store.reading(intake.engine) as conn:  # most of the time nothing is due: no write lock
        if not rules.digest_due(mode, store.oldest_unannounced(conn), now):
            return 0
    with store.writing(intake.engine) as conn:
        if not rules.digest_due(mode, store.oldest_unannounced(conn), now):
            return 0  # another instance sent it meanwhile
        return comments.queue_digest(intake, conn, now)


def deliver_outbox(intake: Intake, now: datetime | None = None) -> int:
    """Deliver every mail and hook call due at *now* once; return how many succeeded.

    Each delivered entry leaves the outbox at once (a crash repeats at most the one in flight);
    the claims are renewed while the batch lasts.
    """
    now = now or utcnow()
    with store.writing(intake.engine) as conn:
        due = store.claim_due(conn, now, LEASE)
    delivered, failures = 0, []
    claimed = time.monotonic()
    with mail.Postman(intake.settings, Path(intake.settings.var_dir) / "outbox") as postman:
        for index, entry in enumerate(due):
            if time.monotonic() - claimed > LEASE.total_seconds() / 2:
                with store.writing(intake.engine) as conn:
                    store.extend_claims(conn, [e["id"] for e in due[index:]], utcnow() + LEASE)
                claimed = time.monotonic()
            try:
                if entry["kind"] == "hook":
                    mail.call_hook(intake.settings, entry["recipient"], entry["payload"])
                else:
                    postman.send(entry["payload"], f"{entry['created_at']:%Y%m%d-%H%M%S}-{entry['id']:08d}")
            except Exception as error:  # any failure of the server, the network or the mail itself
                failures.append(_failed(intake, entry, error))
                continue
            with store.writing(intake.engine) as conn:
                store.outbox_done(conn, [entry["id"]])
            delivered += 1
    reported = [failure for failure in failures if failure is not None]
    if reported:
        with store.writing(intake.engine) as conn:
            _queue_delivery_report(intake, conn, reported, utcnow())
        intake.wake.set()
    return delivered


def _failed(intake: Intake, entry: dict, error: Exception) -> dict | None:
    """Give the entry up (a permanent failure) or schedule its next try; what the office is to
    be told about it, or None (nothing new, or it is a report itself)."""
    attempts = entry["attempts"] + 1
    given_up = mail.permanent(error)
    reason = f"{type(error).__name__}: {error}"
    with store.writing(intake.engine) as conn:
        if given_up:
            store.outbox_done(conn, [entry["id"]])
        else:
            retry_at = utcnow() + timedelta(seconds=retry_delay(attempts))
            store.outbox_failed(conn, entry["id"], attempts, retry_at, reason)
    logger.warning(
        "outbox %s %d failed (attempt %d%s): %s",
        entry["kind"],
        entry["id"],
        attempts,
        ", given up" if given_up else "",
        type(error).__name__,
    )
    if mail.is_delivery_report(entry["payload"]) or not (given_up or attempts == REPORT_AFTER_ATTEMPTS):
        return None
    return {"entry": entry, "attempts": attempts, "given_up": given_up, "reason": reason[:300]}


def _queue_delivery_report(intake: Intake, conn, failures: list[dict], now: datetime) -> None:
    """One mail to the office (else the moderators) about the mails that failed for good or keep
    failing, in its readers' language (INTAKE_OFFICE_LANG, else INTAKE_MODERATOR_LANG)."""
    settings = intake.settings
    lang = settings.office_lang if settings.office else settings.moderator_lang
    shown = []
    for failure in failures:
        entry = failure["entry"]
        try:
            subject = json.loads(entry["payload"]).get("subject", "") if entry["kind"] == "mail" else ""
        except ValueError:
            subject = ""
        shown.append({**failure, "recipient": entry["recipient"], "kind": entry["kind"], "subject": subject})
    subject, body = intake.mail_text(f"delivery_report.{lang}.txt", failures=shown)
    about = {token for f in failures for token in f["entry"]["about"].split()}
    about |= {f["entry"]["recipient"] for f in failures if f["entry"]["kind"] == "mail"}
    for address in settings.office or settings.moderators:
        message = mail.queued_mail(address, subject, body, delivery_report=True)
        store.enqueue(conn, "mail", address, message, now, about=tuple(sorted(about)))


async def run(intake: Intake, stop: asyncio.Event) -> None:
    """Loop until *stop*: deliver when woken (a new mail) or every few seconds; remind every
    minute; purge hourly."""
    last_purge, last_reminders = -PURGE_EVERY_SECONDS, -REMIND_EVERY_SECONDS
    while not stop.is_set():
        intake.wake.clear()
        try:
            await run_in_threadpool(announce_pending, intake)
            if intake.look is not None:
                await run_in_threadpool(intake.look.refresh)  # a new build's look, once it is stale
            if time.monotonic() - last_reminders >= REMIND_EVERY_SECONDS:
                await run_in_threadpool(reminders.queue_due, intake)
                last_reminders = time.monotonic()
            await run_in_threadpool(deliver_outbox, intake)
            if time.monotonic() - last_purge >= PURGE_EVERY_SECONDS:
                report = await run_in_threadpool(privacy.purge, intake.engine, intake.settings)
                logger.info("purge: %s", report)
                last_purge = time.monotonic()
        except Exception:
            logger.exception("background work failed; trying again")
        await asyncio.sleep(BATCH_SECONDS)  # let a burst of new mails gather into one batch
        waiters = [asyncio.ensure_future(intake.wake.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waiters, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()
