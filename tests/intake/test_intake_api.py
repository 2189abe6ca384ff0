"""The intake against a real uvicorn, a real SMTP server, and both stores (SQLite, PostgreSQL)."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from conftest import ADMIN, ARTICLES, MODERATOR, SITE

from intake import store, web

AUTH = {"Authorization": f"Bearer {ADMIN}"}


def comment_form(**fields) -> dict:
    """A valid form as the site's comment form sends it."""
    form = {
        "article": "gute-fragen",
        "lang": "de",
        "author": "Erika Muster",
        "email": "erika@example.org",
        "website": "",
        "comment": "Danke, sehr hilfreich.",
        "consent": "yes",
        "homepage": "",
    }
    form.update(fields)
    return form


def post(intake, form: dict | None = None, client: str = "10.0.0.1", **kwargs) -> httpx.Response:
    """POST /comments from one (simulated) client address, as the proxy in front reports it."""
    headers = {"X-Forwarded-For": client, **kwargs.pop("headers", {})}
    data = comment_form() if form is None else form
    return httpx.post(intake.url + "/comments", data=data, headers=headers, timeout=30, **kwargs)


def links_in(message) -> list[str]:
    """Every http link in a plain-text mail."""
    return re.findall(r"http://\S+", message.get_content())


def test_health_answers_with_the_store(intake):
    answer = httpx.get(intake.url + "/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "store": "reachable"}
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "set-cookie" not in answer.headers


def test_a_comment_is_stored_pending_and_thanked_in_its_language(intake):
    answer = post(intake, comment_form(lang="en", article="good-questions"))
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/comments/thanks?lang=en")
    thanks = httpx.get(intake.url + answer.headers["location"])
    assert thanks.status_code == 200
    assert "Thank you" in thanks.text and f'href="{SITE}/en/blog/good-questions/"' in thanks.text
    [row] = intake.rows()
    assert (row["status"], row["author"], row["email"], row["lang"]) == (
        "pending",
        "Erika Muster",
        "erika@example.org",
        "en",
    )
    assert row["privacy_version"] == "1" and row["consent_at"] is not None
    assert row["signals"]["no_token"] is True
    assert "set-cookie" not in answer.headers


def test_the_moderators_link_approves_after_a_confirmation_page(intake):
    assert post(intake).status_code == 303
    [mail] = intake.mailbox.wait_for(1)
    assert mail["To"] == MODERATOR
    body = mail.get_content()
    assert "Danke, sehr hilfreich." in body and "Gute Fragen" in body and "erika@example.org" not in body
    approve = next(
        link for link in links_in(mail) if "/moderate/" in link and body.index(link) < body.index("Ablehnen")
    )
    page = httpx.get(approve)
    assert page.status_code == 200 and '<form method="post"' in page.text
    assert intake.rows()[0]["status"] == "pending"  # a mail scanner opening the link decides nothing
    done = httpx.post(approve)
    assert done.status_code == 200 and "freigeschaltet" in done.text
    again = httpx.post(approve)
    assert again.status_code == 200 and "nichts geändert" in again.text
    [row] = intake.rows()
    assert row["status"] == "approved"
    with store.reading(intake.engine) as conn:
        logged = conn.execute(store.decisions.select()).mappings().all()
    assert [(d["status"], d["source"]) for d in logged] == [("approved", "mail")]


def test_a_reader_signing_with_the_post_authors_name_is_flagged_in_mail_and_admin_api(intake):
    assert post(intake, comment_form(author="maren  ALBRECHT"), client="10.9.0.1").status_code == 303
    assert post(intake, comment_form(author="Erika Muster", comment="Anders."), client="10.9.0.2").status_code == 303
    mails = intake.mailbox.wait_for(2)
    flagged = {"maren ALBRECHT" in m["Subject"]: m.get_content() for m in mails}
    assert "Name des Beitragsautors: ja" in flagged[True]
    assert "Name des Beitragsautors: nein" in flagged[False]
    listed = httpx.get(intake.url + "/admin/comments?status=pending", headers=AUTH).json()["comments"]
    assert {c["author"]: c["signals"]["name_of_post_author"] for c in listed} == {
        "maren ALBRECHT": True,
        "Erika Muster": False,
    }


def test_invalid_input_gets_a_400_page_in_the_readers_language_with_the_input_escaped(intake):
    answer = post(
        intake,
        comment_form(
            lang="en", article="good-questions", consent="", email="nope", comment="<script>alert(1)</script>"
        ),
    )
    assert answer.status_code == 400
    assert "Please agree" in answer.text and "does not look valid" in answer.text
    assert "<script>alert(1)</script>" not in answer.text and "&lt;script&gt;" in answer.text
    german = post(intake, comment_form(author=""))
    assert german.status_code == 400 and "Bitte geben Sie einen Namen an." in german.text
    assert intake.rows() == []


def test_unknown_post_is_refused_but_an_unreadable_list_only_flags(start_intake, tmp_path):
    intake = start_intake()
    assert post(intake, comment_form(article="gibt-es-nicht")).status_code == 400
    blind = start_intake(articles=str(tmp_path / "missing.json"))
    assert post(blind, comment_form(article="neu")).status_code == 303
    [row] = blind.rows()
    assert row["signals"]["unknown_article"] is True


def test_the_blocked_words_are_the_sites_from_its_list_of_posts(start_intake, tmp_path):
    text = "Billige Backlinks und ein Casino"
    default = start_intake()  # a list without blocked_words (a site built before they were listed)
    assert post(default, comment_form(comment=text)).status_code == 303
    assert [row["signals"]["blocked_words"] for row in default.rows()] == [["casino"]]
    listed = tmp_path / "site-articles.json"
    listed.write_text(json.dumps({**ARTICLES, "blocked_words": ["backlinks", "Kredit ohne Schufa"]}), encoding="utf-8")
    site = start_intake(articles=str(listed))
    assert post(site, comment_form(comment=text + ", KREDIT OHNE SCHUFA"), client="10.9.1.1").status_code == 303
    flagged = {row["text"]: row["signals"]["blocked_words"] for row in site.rows()}  # one store for both
    assert flagged[text + ", KREDIT OHNE SCHUFA"] == ["backlinks", "kredit ohne schufa"]


def test_honeypot_is_stored_as_spam_silently_without_a_mail(intake):
    answer = post(intake, comment_form(homepage="http://spam.example"))
    assert answer.status_code == 303
    [row] = intake.rows()
    assert row["status"] == "spam" and row["email"] is None and row["signals"]["honeypot"] is True
    assert post(intake, comment_form(comment="Noch eine Frage")).status_code == 303
    intake.mailbox.wait_for(1)
    assert len(intake.mailbox.messages) == 1  # only the real comment was sent to the moderators


def test_form_token_timing_forgery_and_replay(intake):
    token_answer = httpx.get(intake.url + "/comments/token")
    assert token_answer.headers["access-control-allow-origin"] == SITE
    assert token_answer.headers["cache-control"] == "no-store"
    token = token_answer.json()["token"]
    assert post(intake, comment_form(token=token)).status_code == 303
    [row] = intake.rows()
    assert row["signals"]["too_fast"] is True and row["signals"]["no_token"] is False
    # the same form sent again (double click, replay) is stored once
    assert post(intake, comment_form(token=token)).status_code == 303
    assert len(intake.rows()) == 1
    # the token reused for another comment is refused
    reused = post(intake, comment_form(token=token, comment="Etwas anderes"))
    assert reused.status_code == 400 and "schon abgeschickt" in reused.text
    forged = post(intake, comment_form(token=token[:-3] + "AAA", comment="Gefälscht"))
    assert forged.status_code == 400
    assert len(intake.rows()) == 1


def test_a_flood_from_one_client_is_answered_429_while_others_post(start_intake):
    intake = start_intake(rate_limit=3)
    answers = [post(intake, comment_form(comment=f"Text {i}"), client="10.9.9.9").status_code for i in range(5)]
    assert answers == [303, 303, 303, 429, 429]
    flood = post(intake, comment_form(comment="noch mehr"), client="10.9.9.9")
    assert flood.status_code == 429 and int(flood.headers["retry-after"]) > 0
    assert "Zu viele" in flood.text and flood.headers["x-frame-options"] == "DENY"
    in_english = post(intake, comment_form(comment="more"), client="10.9.9.9", headers={"Accept-Language": "en"})
    assert in_english.status_code == 429 and "Too many" in in_english.text and in_english.headers["retry-after"]
    assert post(intake, comment_form(comment="Ich bin jemand anderes"), client="10.1.1.1").status_code == 303
    assert len(intake.rows()) == 4


def test_a_refused_client_waits_for_its_429_but_only_so_many_are_held(start_intake, monkeypatch):
    monkeypatch.setattr(web, "TARPIT_MAX_HELD", 2)
    monkeypatch.setattr(web, "TARPIT_SECONDS", 4.0)  # held or answered at once: apart even on a loaded machine
    intake = start_intake(rate_limit=1)
    assert post(intake, client="10.9.8.7").status_code == 303
    flood = {
        "url": intake.url + "/comments",
        "data": comment_form(comment="Flut"),
        "headers": {"X-Forwarded-For": "10.9.8.7"},
    }
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=10)) as client:

        def timed(_number: int = 0) -> tuple[int, float]:
            started = time.monotonic()
            answer = client.post(**flood)
            return answer.status_code, time.monotonic() - started

        status, waited = timed()
        assert status == 429 and waited >= web.TARPIT_SECONDS * 0.9  # held: a flooder cannot spin the loop
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(timed, range(6)))
    assert {status for status, _ in answers} == {429}
    held = sorted(waited for _, waited in answers)
    assert held[3] < web.TARPIT_SECONDS * 0.9 <= held[-1], held  # two held, the others answered at once
    assert len(intake.rows()) == 1


def test_per_article_limit(start_intake):
    intake = start_intake(rate_limit=0, article_rate_limit=2)
    codes = [post(intake, comment_form(comment=f"Text {i}"), client=f"10.0.0.{i}").status_code for i in range(3)]
    assert codes == [303, 303, 429]


def test_origin_content_type_and_size_limits(intake):
    foreign = post(intake, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "Kommentare werden nur über das Formular" in foreign.text
    assert post(intake, headers={"Origin": SITE}).status_code == 303
    as_json = httpx.post(intake.url + "/comments", json=comment_form(), headers={"X-Forwarded-For": "10.2.0.1"})
    assert as_json.status_code == 415
    big = httpx.post(
        intake.url + "/comments",
        content=b"comment=" + b"x" * 10_000_000,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "10.2.0.2"},
        timeout=60,
    )
    assert big.status_code == 413
    multipart = httpx.post(
        intake.url + "/comments",
        files={"comment": (None, "Per multipart")},
        data={k: v for k, v in comment_form().items() if k != "comment"},
        headers={"X-Forwarded-For": "10.2.0.3"},
    )
    assert multipart.status_code == 303
    assert [r["text"] for r in intake.rows()] == ["Danke, sehr hilfreich.", "Per multipart"]


def test_admin_api_lists_and_decides_as_a_whole(intake):
    assert httpx.get(intake.url + "/admin/comments?status=pending").status_code == 401
    assert httpx.get(intake.url + "/admin/comments", headers={"Authorization": "Bearer wrong"}).status_code == 401
    for i in range(2):
        assert (
            post(
                intake,
                comment_form(comment=f"Kommentar {i} mit https://a.example", website="https://b.example"),
                client=f"10.3.0.{i}",
            ).status_code
            == 303
        )
    listed = httpx.get(intake.url + "/admin/comments?status=pending", headers=AUTH)
    assert listed.headers["cache-control"] == "no-store"
    first, second = listed.json()["comments"]
    assert first["email"] == "erika@example.org" and re.fullmatch(r"[0-9a-f]{64}", first["fingerprint"])
    assert first["signals"]["link_count"] == 2 and first["date"].endswith("+00:00")
    assert set(first["signals"]) >= {
        "link_count",
        "blocked_words",
        "duplicate_text",
        "honeypot",
        "too_fast",
        "no_token",
        "unknown_article",
        "name_of_post_author",
    }
    decisions = {
        "decisions": [
            {"id": first["id"], "decision": "approve", "fingerprint": first["fingerprint"]},
            {"id": second["id"], "decision": "approve", "fingerprint": "0" * 64},
        ]
    }
    refused = httpx.post(intake.url + "/admin/comments/decisions", json=decisions, headers=AUTH)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [{"id": second["id"], "message": refused.json()["errors"][0]["message"]}]
    assert {r["status"] for r in intake.rows()} == {"pending"}
    decisions["decisions"][1] = {"id": second["id"], "decision": "spam", "fingerprint": second["fingerprint"]}
    done = httpx.post(intake.url + "/admin/comments/decisions", json=decisions, headers=AUTH)
    assert done.json() == {"approved": 1, "rejected": 0, "spam": 1, "unchanged": 0}
    again = httpx.post(intake.url + "/admin/comments/decisions", json=decisions, headers=AUTH)
    assert again.json() == {"approved": 0, "rejected": 0, "spam": 0, "unchanged": 2}
    approved = httpx.get(intake.url + "/admin/comments?status=approved", headers=AUTH).json()["comments"]
    assert [c["id"] for c in approved] == [first["id"]] and "email" not in approved[0]
    [spam] = intake.rows("spam")
    assert spam["email"] is None  # a rejected or spam comment loses its address at once


def test_reply_notifications_need_double_opt_in_and_unsubscribe_in_one_click(intake):
    reader = "leser@example.org"
    assert post(intake, comment_form(email=reader, notify="yes")).status_code == 303
    mails = intake.mailbox.wait_for(2)
    [confirm] = [m for m in mails if m["To"] == reader]
    [parent] = intake.rows()
    approve = {"decisions": [{"id": parent["id"], "decision": "approve", "fingerprint": parent["fingerprint"]}]}
    httpx.post(intake.url + "/admin/comments/decisions", json=approve, headers=AUTH).raise_for_status()
    # not confirmed yet: approval sends the reader nothing
    [confirm_link] = [link for link in links_in(confirm) if "/subscriptions/confirm/" in link]
    assert "<form" in httpx.get(confirm_link).text
    assert httpx.post(confirm_link).status_code == 200
    assert intake.mailbox.to(reader) == [confirm]
    # a reply, once approved, is mailed to the confirmed subscriber
    assert (
        post(
            intake,
            comment_form(author="Max", email="max@example.org", comment="Sehe ich anders.", reply_to=parent["id"]),
            client="10.4.0.2",
        ).status_code
        == 303
    )
    reply = next(r for r in intake.rows("pending"))
    decide = {"decisions": [{"id": reply["id"], "decision": "approve", "fingerprint": reply["fingerprint"]}]}
    httpx.post(intake.url + "/admin/comments/decisions", json=decide, headers=AUTH).raise_for_status()
    intake.mailbox.wait_for(4)
    [_, notice] = intake.mailbox.to(reader)
    assert "Sehe ich anders." in notice.get_content() and "Max" in notice["Subject"] + notice.get_content()
    unsubscribe = notice["List-Unsubscribe"].strip("<>")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in notice.get_content()
    assert "<form" in httpx.get(unsubscribe).text
    one_click = httpx.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    with store.reading(intake.engine) as conn:
        assert conn.execute(store.subscriptions.select()).all() == []


def test_a_line_break_in_the_name_adds_no_mail_header(intake):
    answer = post(intake, comment_form(author="Eve\r\nBcc: victim@example.org"))
    assert answer.status_code == 400
    assert post(intake, comment_form(author="Eve Bcc: victim@example.org")).status_code == 303
    [mail] = intake.mailbox.wait_for(1)
    assert mail["Bcc"] is None and intake.mailbox.envelopes[0][1] == [MODERATOR]


def test_two_hundred_comments_from_twenty_clients_at_once_are_stored_exactly_once(start_intake):
    intake = start_intake(article_rate_limit=0)
    barrier = threading.Barrier(20)
    codes: list[int] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            for i in range(10):
                answer = http.post(
                    intake.url + "/comments",
                    data=comment_form(comment=f"Kommentar {number}-{i}"),
                    headers={"X-Forwarded-For": f"10.5.{number}.1"},
                )
                with lock:
                    codes.append(answer.status_code)

    # the default limit is 5 per client and minute: these 20 clients send 10 each
    threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = codes.count(303)
    texts = [r["text"] for r in intake.rows()]
    assert sorted(set(codes)) == [303, 429] and accepted == 100
    assert len(texts) == len(set(texts)) == accepted


def test_two_hundred_comments_at_once_without_limit(start_intake):
    intake = start_intake(rate_limit=0, article_rate_limit=0)
    errors = []

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as http:
            for i in range(10):
                answer = http.post(
                    intake.url + "/comments",
                    data=comment_form(comment=f"Kommentar {number}-{i}"),
                    headers={"X-Forwarded-For": f"10.6.{number}.1"},
                )
                if answer.status_code != 303:
                    errors.append(answer.status_code)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = sorted(r["text"] for r in intake.rows())
    assert errors == []
    assert texts == sorted(f"Kommentar {n}-{i}" for n in range(20) for i in range(10))


def test_an_approval_calls_the_deploy_hook(start_intake):
    calls = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the standard library's hook name
            length = int(self.headers["Content-Length"])
            calls.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args):
            pass

    hook_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook_server.serve_forever, daemon=True).start()
    try:
        intake = start_intake(
            deploy_hook=f"http://127.0.0.1:{hook_server.server_port}/dispatches", deploy_hook_token="hook-token"
        )
        assert post(intake).status_code == 303
        [row] = intake.rows()
        decide = {"decisions": [{"id": row["id"], "decision": "approve", "fingerprint": row["fingerprint"]}]}
        httpx.post(intake.url + "/admin/comments/decisions", json=decide, headers=AUTH).raise_for_status()
        deadline = time.monotonic() + 15
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        hook_server.shutdown()
    assert calls == [
        ("Bearer hook-token", {"event_type": "comment-approved", "client_payload": {"comments": [row["id"]]}})
    ]


def test_one_form_sent_ten_times_at_once_is_stored_once(intake):
    token = httpx.get(intake.url + "/comments/token").json()["token"]
    barrier = threading.Barrier(10)
    codes = []

    def send(number: int) -> None:
        barrier.wait()
        codes.append(post(intake, comment_form(token=token), client=f"10.10.0.{number}").status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [303] * 10
    assert len(intake.rows()) == 1
