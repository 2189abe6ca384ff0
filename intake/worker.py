"""The background worker: queues the moderators' digest when one is due, delivers the outbox
(mails, deploy hook) with retries, and purges expired personal data at start and every hour.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from . import comments, mail, privacy, rules, store
from .web import Intake, utcnow

logger = logging.getLogger("intake")
POLL_SECONDS = 5
BATCH_SECONDS = 0.2
PURGE_EVERY_SECONDS = 3600
LEASE = timedelta(minutes=5)
MAX_BACKOFF_SECONDS = 3600


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
    """Deliver every mail and hook call due at *now* once; return how many succeeded."""
    now = now or utcnow()
    with store.writing(intake.engine) as conn:
        due = store.claim_due(conn, now, LEASE)
    delivered = []
    with mail.Postman(intake.settings, Path(intake.settings.var_dir) / "outbox") as postman:
        for entry in due:
            try:
                if entry["kind"] == "hook":
                    mail.call_hook(intake.settings, entry["recipient"], entry["payload"])
                else:
                    postman.send(entry["payload"], f"{entry['created_at']:%Y%m%d-%H%M%S}-{entry['id']:08d}")
            except Exception as error:  # any failure of the server or network: keep it, try again later
                attempts = entry["attempts"] + 1
                with store.writing(intake.engine) as conn:
                    store.outbox_failed(
                        conn,
                        entry["id"],
                        attempts,
                        utcnow() + timedelta(seconds=retry_delay(attempts)),
                        f"{type(error).__name__}: {error}",
                    )
                logger.warning(
                    "outbox %s %d failed (attempt %d): %s", entry["kind"], entry["id"], attempts, type(error).__name__
                )
                continue
            delivered.append(entry["id"])
    with store.writing(intake.engine) as conn:
        store.outbox_done(conn, delivered)
    return len(delivered)


async def run(intake: Intake, stop: asyncio.Event) -> None:
    """Loop until *stop*: deliver when woken (a new mail) or every few seconds; purge hourly."""
    last_purge = -PURGE_EVERY_SECONDS
    while not stop.is_set():
        intake.wake.clear()
        try:
            await run_in_threadpool(announce_pending, intake)
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
