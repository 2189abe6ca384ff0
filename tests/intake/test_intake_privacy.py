"""Personal data: retention purge, export and deletion by address (CLI), and mails never lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import httpx
from conftest import ADMIN
from intake_servers import free_port
from test_intake_api import comment_form, post

from intake import privacy, store
from intake.web import utcnow

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(store_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTAKE_DATABASE_URL": store_url}
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def backdate(intake, days: int) -> None:
    with store.writing(intake.engine) as conn:
        conn.execute(store.comments.update().values(created_at=utcnow() - timedelta(days=days)))
        conn.execute(store.subscriptions.update().values(created_at=utcnow() - timedelta(days=days)))


def approve_all(intake) -> None:
    rows = intake.rows("pending")
    decisions = [{"id": r["id"], "decision": "approve", "fingerprint": r["fingerprint"]} for r in rows]
    httpx.post(
        intake.url + "/admin/comments/decisions",
        json={"decisions": decisions},
        headers={"Authorization": f"Bearer {ADMIN}"},
    ).raise_for_status()


def test_retention_purge_keeps_subscribed_and_pending_addresses(intake, store_url):
    post(intake, comment_form(email="old@example.org", comment="alt"), client="10.8.0.1")
    post(intake, comment_form(email="waits@example.org", comment="wartet"), client="10.8.0.2")
    post(intake, comment_form(email="subscribed@example.org", comment="abonniert", notify="yes"), client="10.8.0.3")
    approve_pending = [r for r in intake.rows("pending") if r["text"] != "wartet"]
    decisions = [{"id": r["id"], "decision": "approve", "fingerprint": r["fingerprint"]} for r in approve_pending]
    httpx.post(
        intake.url + "/admin/comments/decisions",
        json={"decisions": decisions},
        headers={"Authorization": f"Bearer {ADMIN}"},
    ).raise_for_status()
    with store.writing(intake.engine) as conn:
        conn.execute(store.subscriptions.update().values(confirmed_at=utcnow()))
    assert privacy.purge(intake.engine, intake.settings) == {
        "emails_cleared": 0,
        "unconfirmed_subscriptions_deleted": 0,
        "registrations_deleted": 0,
        "contact_messages_deleted": 0,
        "withdrawals_deleted": 0,  # kept three years as proof (intake/withdrawals)
    }
    backdate(intake, 91)
    result = cli(store_url, "purge")
    assert result.returncode == 0, result.stderr
    assert "'emails_cleared': 1" in result.stdout
    emails = {r["text"]: r["email"] for r in intake.rows()}
    assert emails == {"alt": None, "wartet": "waits@example.org", "abonniert": "subscribed@example.org"}


def test_unconfirmed_subscriptions_go_after_a_week(intake):
    post(intake, comment_form(notify="yes"))
    backdate(intake, 8)
    assert privacy.purge(intake.engine, intake.settings)["unconfirmed_subscriptions_deleted"] == 1


def test_export_and_forget_an_address(intake, store_url):
    post(intake, comment_form(email="Erika@Example.org", comment="erster", notify="yes"), client="10.8.1.1")
    post(intake, comment_form(email="erika@example.org", comment="zweiter"), client="10.8.1.2")
    post(intake, comment_form(email="other@example.org", comment="fremd"), client="10.8.1.3")
    approve_all(intake)
    exported = cli(store_url, "export", "erika@example.org")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert sorted(c["text"] for c in data["comments"]) == ["erster", "zweiter"]
    assert data["comments"][0]["privacy_version"] == "1" and data["comments"][0]["consent_at"].endswith("+00:00")
    assert len(data["subscriptions"]) == 1
    forgotten = cli(store_url, "forget", "erika@example.org")
    assert forgotten.returncode == 0, forgotten.stderr
    assert "deleted 2 comment(s), 1 subscription(s)" in forgotten.stdout
    assert "content/comments/gute-fragen/intake-" in forgotten.stdout  # what the operator still removes
    assert [r["text"] for r in intake.rows()] == ["fremd"]
    assert json.loads(cli(store_url, "export", "erika@example.org").stdout)["comments"] == []


def test_a_settings_mistake_is_one_line(store_url):
    result = subprocess.run(
        [sys.executable, "-m", "intake", "purge"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "INTAKE_DATABASE_URL": store_url, "INTAKE_ENV": "production"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "INTAKE_SECRET" in result.stderr


def test_a_mail_waits_while_the_smtp_server_is_down_and_is_sent_later(start_intake, mailbox):
    down = start_intake(smtp_url=f"smtp://127.0.0.1:{free_port()}")
    assert post(down).status_code == 303
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with store.reading(down.engine) as conn:
            waiting = conn.execute(store.outbox.select()).mappings().all()
        if waiting and waiting[0]["attempts"] >= 1:
            break
        time.sleep(0.1)
    assert len(waiting) == 1 and waiting[0]["attempts"] >= 1 and waiting[0]["last_error"]
    assert mailbox[0].messages == []
    with store.writing(down.engine) as conn:  # skip the back-off in the test
        conn.execute(store.outbox.update().values(next_attempt_at=utcnow()))
    up = start_intake()  # a restart with a working server, same store
    [mail] = up.mailbox.wait_for(1)
    assert "Danke, sehr hilfreich." in mail.get_content()
    deadline = time.monotonic() + 15  # the worker marks the batch done after the SMTP session ends
    while time.monotonic() < deadline:
        with store.reading(up.engine) as conn:
            left = conn.execute(store.outbox.select()).all()
        if not left:
            break
        time.sleep(0.1)
    assert left == []


def test_without_smtp_mails_are_eml_files(start_intake, tmp_path):
    intake = start_intake(smtp_url="")
    assert post(intake).status_code == 303
    outbox = tmp_path / "var" / "outbox"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not list(outbox.glob("*.eml")):
        time.sleep(0.1)
    [eml] = list(outbox.glob("*.eml"))
    assert "Subject: [Kommentar] Gute Fragen" in eml.read_text()
