"""The moderators' digest (INTAKE_MODERATION_DIGEST): no mail per comment, one mail per
moderator when the period is over, durable across restarts, its links approve."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
from conftest import MODERATOR
from test_intake_api import comment_form, links_in, post

from intake import store, worker
from intake.web import Intake, utcnow

SECOND_MODERATOR = "second@example.org"


def clear_of_the_hour() -> None:
    """Wait when the clock is about to pass a full hour: the running worker would send the digest itself."""
    now = utcnow()
    if now.minute == 59 and now.second >= 50:
        time.sleep(61 - now.second)


def worker_of(running) -> Intake:
    """The service as the worker of an instance on the same store and settings sees it."""
    return Intake.build(running.settings, store.make_engine(running.settings.database_url))


def outbox_size(running) -> int:
    with store.reading(running.engine) as conn:
        return store.outbox_size(conn)


def test_a_digest_replaces_the_mail_per_comment_and_its_links_approve(start_intake):
    clear_of_the_hour()
    running = start_intake(moderation_digest="hourly", moderators=(MODERATOR, SECOND_MODERATOR))
    for number, author in enumerate(("Erika Muster", "Jan Roth")):
        form = comment_form(author=author, comment=f"Kommentar Nummer {number} mit https://a.example")
        assert post(running, form, client=f"10.8.0.{number}").status_code == 303
    time.sleep(1.5)  # the worker ran meanwhile (it is woken by every comment)
    assert running.mailbox.messages == [] and outbox_size(running) == 0
    later = worker_of(running)
    assert worker.announce_pending(later, utcnow()) == 0  # the hour is not over
    next_hour = utcnow() + timedelta(hours=1)
    assert worker.announce_pending(later, next_hour) == 2
    assert worker.announce_pending(later, next_hour + timedelta(hours=1)) == 0  # never twice
    worker.deliver_outbox(later, next_hour)
    mails = running.mailbox.wait_for(2)
    assert sorted(m["To"] for m in mails) == [MODERATOR, SECOND_MODERATOR]
    digest = running.mailbox.to(MODERATOR)[0]
    body = digest.get_content()
    assert "2 neue" in digest["Subject"]
    assert "Kommentar Nummer 0" in body and "Kommentar Nummer 1" in body and "Gute Fragen" in body
    assert body.count("Links: 1") == 2 and "erika@example.org" not in body
    rows = {row["author"]: row for row in running.rows()}
    jan = rows["Jan Roth"]
    jan_part = body[body.index("von Jan Roth") :]
    approve = next(link for link in links_in(digest) if "/moderate/" in link and link in jan_part)
    assert jan_part.index(approve) < jan_part.index("Ablehnen") < jan_part.index(f"Kommentar-ID: {jan['id']}")
    page = httpx.get(approve)
    assert page.status_code == 200 and "Kommentar Nummer 1" in page.text
    assert httpx.post(approve).status_code == 200
    assert {row["author"]: row["status"] for row in running.rows()} == {
        "Erika Muster": "pending",
        "Jan Roth": "approved",
    }


def test_a_restart_neither_loses_nor_repeats_an_announcement(start_intake):
    clear_of_the_hour()
    first = start_intake(moderation_digest="daily")
    assert post(first, comment_form(comment="Vor dem Neustart."), client="10.8.1.1").status_code == 303
    tomorrow = utcnow() + timedelta(days=1)
    worker.announce_pending(worker_of(first), tomorrow)
    assert post(first, comment_form(comment="Noch nicht angekündigt."), client="10.8.1.2").status_code == 303
    queued = outbox_size(first)
    assert queued == 1
    restarted = start_intake(moderation_digest="daily")  # a new instance on the same store: migrations run again
    after_restart = worker_of(restarted)
    assert worker.announce_pending(after_restart, tomorrow) == 1  # only the new one
    assert worker.announce_pending(after_restart, tomorrow + timedelta(days=1)) == 0
    worker.deliver_outbox(after_restart, tomorrow)
    bodies = [m.get_content() for m in restarted.mailbox.wait_for(2)]
    assert ["Vor dem Neustart." in b for b in bodies] == [True, False]
    assert ["Noch nicht angekündigt." in b for b in bodies] == [False, True]


def test_without_a_digest_each_comment_is_mailed_and_counts_as_announced(intake):
    assert post(intake, comment_form(), client="10.8.2.1").status_code == 303
    intake.mailbox.wait_for(1)
    [row] = intake.rows()
    assert row["announced_at"] is not None
    assert worker.announce_pending(worker_of(intake), utcnow() + timedelta(days=1)) == 0
