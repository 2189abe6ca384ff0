"""A ``kill -9`` in the middle of a burst, on SQLite and on PostgreSQL: the intake runs as its own
process (``python -m intake serve``) and is killed while readers post and while it is sending;
restarted on the same store, it has kept every acknowledged comment, and it sends every queued
mail again within a minute (at least once: a repeat carries the same ``Message-ID``)."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
from conftest import MODERATOR, SITE
from intake_servers import IntakeProcess, Mailbox, smtp_server
from test_intake_api import comment_form

from intake import store

BURST = 40


class SlowMailbox(Mailbox):
    """A mail server that takes a while per mail, so that the intake is killed while sending."""

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


def test_kill_9_in_a_burst_loses_no_comment_and_every_mail_goes_out_within_a_minute(
    store_url, articles_file, tmp_path, monkeypatch
):
    monkeypatch.setattr("intake_servers.Mailbox", SlowMailbox)
    with smtp_server() as (mailbox, smtp_url):
        env = {
            "INTAKE_DATABASE_URL": store_url,
            "INTAKE_SMTP_URL": smtp_url,
            "INTAKE_MODERATORS": MODERATOR,
            "INTAKE_ARTICLES": articles_file,
            "INTAKE_SITE_URL": SITE,
            "INTAKE_RATE_LIMIT": "0",
            "INTAKE_ARTICLE_RATE_LIMIT": "0",
            "INTAKE_VAR_DIR": str(tmp_path / "var"),
        }
        intake = IntakeProcess(env, tmp_path / "intake.log")
        intake.start()
        acknowledged, lock, killed = [], threading.Lock(), threading.Event()

        def reader(number: int) -> None:
            text = f"Kommentar {number} aus dem Burst"
            try:
                answer = httpx.post(intake.url + "/comments", data=comment_form(comment=text), timeout=10)
            except httpx.HTTPError:
                return  # sent while the intake was dead: not acknowledged
            if answer.status_code == 303:
                with lock:
                    acknowledged.append(text)
                    if len(acknowledged) == BURST // 2:
                        intake.kill()  # readers keep posting; the intake is sending as well
                        killed.set()

        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(reader, range(BURST)))
            assert killed.is_set()
            intake.start()
            restarted = time.monotonic()
            engine = store.make_engine(store_url)
            with store.reading(engine) as conn:
                comments = store.comments_with_status(conn, "pending")
            assert set(acknowledged) <= {c["text"] for c in comments}  # no acknowledged comment lost
            wanted = {c["id"] for c in comments}
            deadline = restarted + 70  # a killed process's claims lapse within a minute; then a few seconds of sending
            while time.monotonic() < deadline and not wanted <= mailed_ids(mailbox):
                time.sleep(0.2)
            assert wanted <= mailed_ids(mailbox), f"{len(wanted - mailed_ids(mailbox))} mails still queued"
        finally:
            intake.stop()
        message_ids = defaultdict(set)
        for message in mailbox.messages:
            [comment_id] = re.findall(r"Kommentar-ID: (\S+)", message.get_content())
            message_ids[comment_id].add(message["Message-ID"])
        assert all(len(ids) == 1 for ids in message_ids.values())  # a repeat is recognisable as one


def mailed_ids(mailbox: Mailbox) -> set[str]:
    """The comment ids of the moderation mails received so far."""
    with mailbox._lock:
        messages = list(mailbox.messages)
    return {i for m in messages for i in re.findall(r"Kommentar-ID: (\S+)", m.get_content())}
