"""The whole comment loop in Chromium, with the real intake: a reader comments on the sample
site, the moderator approves from the mail, `comments pull` and a rebuild publish it.

The intake runs on uvicorn on 127.0.0.1 with a temporary SQLite store and mails through a
real SMTP server (aiosmtpd); the site is served from its own port, so the form posts to
another host exactly as in production.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from browsing import arrived, serve, visit
from sitetest import REPO, SAMPLE_TODAY, build_into

sys.path.insert(0, str(REPO / "tests" / "intake"))  # the intake's own test servers (uvicorn, aiosmtpd)
from intake_servers import free_port, serve as serve_app, smtp_server  # noqa: E402

from intake import create_app  # noqa: E402
from intake.settings import Settings  # noqa: E402

POST = "/blog/golden-mitte-videocall/"
READER_EMAIL = "erika.muster@leser.example"
READER_TEXT = "Der Abschnitt über kurze Videocalls hat unserem Team geholfen – danke für die Anregung!"
REPLY_EMAIL = "jonas@leser.example"
REPLY_TEXT = "Bei uns genauso: seit die Calls kürzer sind, kommen mehr Termine zustande."
MODERATOR = "moderation@albrecht-kommunikation.example"
ADMIN_TOKEN = "loop-test-admin-token"


@dataclasses.dataclass
class Loop:
    """The running pieces: the built site and its server, the intake, the moderator's mailbox."""

    root: Path  # a copy of the repository's content and settings
    output: Path
    site_url: str
    intake_url: str
    mailbox: object

    def build(self):
        site = build_into(
            self.output,
            PATH=str(self.root / "content"),
            COMMENTS_ENDPOINT=f"{self.intake_url}/comments",
            TRAINING_OFFERS_TODAY=SAMPLE_TODAY,
        )
        assert site.report.ok, site.report.errors
        return site

    def pull(self) -> str:
        environment = {
            **os.environ,
            "INTAKE_URL": self.intake_url,
            "INTAKE_ADMIN_TOKEN": ADMIN_TOKEN,
        }
        done = subprocess.run(
            [sys.executable, "-m", "comments", "--settings", str(self.root / "loopconf.py"), "pull"],
            cwd=self.root,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    root = tmp_path_factory.mktemp("loop")
    shutil.copytree(REPO / "content", root / "content")
    (root / "loopconf.py").write_text(
        textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pelicanconf import *  # noqa: F403
        PATH = {str(root / "content")!r}
        THEME = {str(REPO / "theme")!r}
        """),
        encoding="utf-8",
    )
    output = root / "output"
    site_url, site_server = serve(output)
    intake_port = free_port()
    intake_url = f"http://127.0.0.1:{intake_port}"
    with smtp_server() as (mailbox, smtp_url):
        loop = Loop(root, output, site_url, intake_url, mailbox)
        loop.build()
        settings = Settings(
            database_url=f"sqlite:///{root / 'intake.sqlite3'}",
            secret="loop-test-secret-" + "x" * 32,
            admin_token=ADMIN_TOKEN,
            smtp_url=smtp_url,
            moderators=(MODERATOR,),
            site_url=site_url,
            public_url=intake_url,
            articles=str(output / "comments" / "articles.json"),
            var_dir=str(root / "var"),
            min_seconds=1,
        )
        with serve_app(create_app(settings), intake_port):
            yield loop
    site_server.shutdown()


@pytest.fixture
def viewport() -> str:
    """The loop runs once, on a desktop (the form's layout is covered by test_comments_browser)."""
    return "desktop"


def moderation_link(mailbox, text: str, decision: str) -> str:
    """The *decision* link of the moderation mail about the comment with *text*."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for mail in mailbox.to(MODERATOR):
            body = mail.get_body(preferencelist=("plain",)).get_content()
            if text in body:
                return re.search(rf"{decision}:\s+(http\S+)", body).group(1)
        time.sleep(0.05)
    raise AssertionError(f"no moderation mail about {text!r}")


def write_comment(page, name: str, email: str, text: str, website: str = "") -> None:
    """Fill in and send the form as a reader does (after the token came, and not too fast)."""
    page.wait_for_function("document.querySelector('#comment-form input[name=token]').value !== ''")
    time.sleep(1.2)  # a person takes longer than the intake's minimum (1 s here)
    page.fill("#comment-author", name)
    page.fill("#comment-email", email)
    page.fill("#comment-website", website)
    page.fill("#comment-text", text)
    page.check("#comment-consent")
    page.locator("#comment-form button[type=submit]").click()


def approve(page, loop, text: str) -> None:
    """Follow the moderator's link (GET: a confirmation page only), then confirm (POST)."""
    page.goto(moderation_link(loop.mailbox, text, "Freischalten"))
    arrived(page)
    page.locator("main form button[type=submit]").click()
    arrived(page)


def pending(loop) -> list[dict]:
    return httpx.get(
        f"{loop.intake_url}/admin/comments?status=pending", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    ).json()["comments"]


def test_a_reader_comment_goes_from_the_form_to_the_published_page(page, loop):
    page.site_url = loop.site_url
    page.allowed_hosts.add(urlsplit(loop.intake_url).netloc)
    visit(page, POST)
    assert page.locator("#comment-form form").get_attribute("action") == f"{loop.intake_url}/comments"
    write_comment(page, "Erika Muster", READER_EMAIL, READER_TEXT, "https://erika.example")
    page.wait_for_url(f"{loop.intake_url}/comments/thanks*")
    arrived(page)
    assert "Danke für Ihren Kommentar" in page.content()

    link = moderation_link(loop.mailbox, READER_TEXT, "Freischalten")
    assert link.startswith(f"{loop.intake_url}/moderate/")
    page.goto(link)  # what a mail scanner would do: nothing is decided yet
    (comment,) = pending(loop)
    assert (comment["author"], comment["email"], comment["article"]) == (
        "Erika Muster",
        READER_EMAIL,
        "golden-mitte-videocall",
    )
    assert comment["signals"]["no_token"] is False and comment["signals"]["too_fast"] is False
    approve(page, loop, READER_TEXT)
    assert pending(loop) == []

    printed = loop.pull()
    pulled = loop.root / "content" / "comments" / "golden-mitte-videocall" / f"intake-{comment['id']}.md"
    assert f"wrote {pulled.relative_to(loop.root)}" in printed
    assert pulled.is_file() and READER_EMAIL not in pulled.read_text(encoding="utf-8")
    assert "0 new approved comment(s)" in loop.pull()  # a second pull writes nothing

    loop.build()
    visit(page, POST)
    published = page.locator(f"#comment-intake-{comment['id']}")
    assert published.is_visible()
    assert "Erika Muster" in published.locator(".comment__author").inner_text()
    assert published.locator(".comment__author a").get_attribute("href") == "https://erika.example"
    assert READER_TEXT in published.locator(".comment__body").inner_text()
    assert page.locator(".post__header .comment-count").inner_text().strip() == "4 Kommentare"

    # another reader answers Erika: the reply is threaded under her comment once published
    published.locator("button.comment__reply").click()
    write_comment(page, "Jonas Leser", REPLY_EMAIL, REPLY_TEXT)
    page.wait_for_url(f"{loop.intake_url}/comments/thanks*")
    (reply,) = pending(loop)
    assert reply["reply_to"] == comment["id"]
    approve(page, loop, REPLY_TEXT)
    assert "1 new approved comment(s)" in loop.pull()
    loop.build()
    visit(page, POST)
    nested = page.locator(f"#comment-intake-{comment['id']} ol.comment-list--replies > li#comment-intake-{reply['id']}")
    assert REPLY_TEXT in nested.inner_text()
    assert page.locator(".post__header .comment-count").inner_text().strip() == "5 Kommentare"
    for address in (READER_EMAIL, REPLY_EMAIL):
        leaks = [p for p in loop.output.rglob("*") if p.is_file() and address.encode() in p.read_bytes()]
        assert leaks == [], address


def test_the_form_works_without_javascript(browser, loop):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{loop.site_url}/en/blog/golden-mean-video-calls/")
    assert page.locator("#comment-form input[name=token]").input_value() == ""
    page.fill("#comment-author", "No Script")
    page.fill("#comment-email", "noscript@reader.example")
    page.fill("#comment-text", "Read with scripts switched off, and still able to comment.")
    page.check("#comment-consent")
    page.locator("#comment-form button[type=submit]").click()
    page.wait_for_url(f"{loop.intake_url}/comments/thanks*")
    assert "Thank you for your comment" in page.content()
    assert context.cookies() == []
    context.close()
    flagged = [c for c in pending(loop) if c["author"] == "No Script"]
    assert len(flagged) == 1 and flagged[0]["signals"]["no_token"] is True  # accepted, and flagged
