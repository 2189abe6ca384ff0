"""Issue 24's "done when": on a fresh copy of the repository, `make devserver` serves the site
and runs the intake beside it; in Chromium a reader sends a comment, a registration and a
contact message through the built pages, each lands as an `.eml` file in `var/outbox/`, and
the intake answers in the site's own look. SIGTERM to `make` then stops the preview and the
intake, leaving no process behind.

One devserver for the whole module (started by `make` itself, as an author starts it); the
viewport is a phone, where the answer pages must fit as well.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from email import message_from_binary_file, policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browsing import arrived, visit
from sitetest import REPO

START_SECONDS = 300  # a fresh clone: the first build, on a machine that may be busy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Devserver:
    """The running `make devserver` in a copy of the repository."""

    root: Path
    make: subprocess.Popen
    log: Path
    site_url: str
    intake_url: str

    @property
    def outbox(self) -> Path:
        return self.root / "var" / "outbox"

    def mail(self, recipient: str, subject_part: str, seconds: float = 30):
        """The `.eml` file to *recipient* whose subject holds *subject_part*, once written."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for path in sorted(self.outbox.glob("*.eml")):
                with path.open("rb") as handle:
                    message = message_from_binary_file(handle, policy=policy.default)
                if message["To"] == recipient and subject_part in message["Subject"]:
                    return path, message
            time.sleep(0.2)
        raise AssertionError(f"no mail to {recipient} about {subject_part!r} in {sorted(self.outbox.iterdir())}")

    def printed(self, line_part: str, seconds: float = 10) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if line_part in self.log.read_text(encoding="utf-8"):
                return True
            time.sleep(0.2)
        return False


def fresh_copy(root: Path) -> None:
    """What a clone holds that the preview reads; the virtualenv is the repository's own."""
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pelicanconf.py", "pyproject.toml"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "locks", root / "locks")
    (root / "plugins").symlink_to(REPO / "plugins")
    (root / ".venv").symlink_to(REPO / ".venv")


def children_of(pid: int) -> list[int]:
    """The processes whose parent is *pid* (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def devserver(tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh-clone")
    fresh_copy(root)
    port, intake_port = free_port(), free_port()
    log = root / "devserver.log"
    with log.open("w", encoding="utf-8") as output:
        make = subprocess.Popen(
            # -o: the linked virtualenv counts as installed (the copied lock is newer than it)
            ["make", "-o", ".venv/.installed", "devserver", f"PORT={port}", f"INTAKE_PORT={intake_port}"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={key: value for key, value in os.environ.items() if not key.startswith("INTAKE_")},
        )
    server = Devserver(root, make, log, f"http://127.0.0.1:{port}", f"http://127.0.0.1:{intake_port}")
    try:
        assert server.printed("Preview on", START_SECONDS), log.read_text(encoding="utf-8")
        yield server
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(timeout=30)


@pytest.fixture(scope="module")
def site_url(devserver):
    return devserver.site_url


@pytest.fixture
def viewport() -> str:
    return "phone"


def in_the_site_look(page, devserver, lang: str) -> None:
    """The intake's answer wears the site's look: its header, stylesheet, footer and language switch."""
    assert page.url.startswith(devserver.intake_url)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("header.site-header .brand").is_visible()
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert stylesheet.startswith(devserver.site_url + "/theme/css/bundle-"), stylesheet
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") != ""
    assert page.locator("footer.site-footer").count() == 1
    assert page.locator(".lang-switch a").count() == 1
    assert "</" not in page.locator("body").inner_text()  # no markup shown as text


def wait_for_token(page, form: str) -> None:
    page.wait_for_function(f"document.querySelector('{form} input[name=token]').value !== ''")


def test_a_comment_sent_through_the_preview_lands_in_the_outbox(page, devserver):
    page.allowed_hosts.add(urlsplit(devserver.intake_url).netloc)
    visit(page, "/blog/golden-mitte-videocall/")
    wait_for_token(page, "#comment-form")
    page.fill("#comment-author", "Erika Muster")
    page.fill("#comment-email", "erika@leser.example")
    page.fill("#comment-text", "Kurze Videocalls haben unserem Team geholfen.")
    page.check("#comment-consent")
    page.locator("#comment-form button[type=submit]").click()
    arrived(page)
    in_the_site_look(page, devserver, "de")
    assert "Danke" in page.locator("main h1").inner_text()

    path, message = devserver.mail("moderation@localhost", "")
    body = message.get_body(("plain",)).get_content()
    assert "Kurze Videocalls haben unserem Team geholfen." in body
    assert devserver.printed(f"Mail to moderation@localhost: {message['Subject']} ({path})")

    page.goto(re.search(r"Freischalten:\s+(http\S+)", body).group(1))  # the moderator's link: a page to confirm
    arrived(page)
    in_the_site_look(page, devserver, "de")
    post = page.locator("main a", has_text="Persönlich oder digital? Die goldene Mitte im Kundenkontakt")
    assert post.get_attribute("href") == devserver.site_url + "/blog/golden-mitte-videocall/"
    assert "golden-mitte-videocall" not in page.locator("main").inner_text()  # the title, not the slug


def test_a_registration_sent_through_the_preview_lands_in_the_outbox(page, devserver):
    page.allowed_hosts.add(urlsplit(devserver.intake_url).netloc)
    visit(page, "/trainings/kommunikationstraining-vertrieb/")
    page.locator("#termine a.offer-session__register").first.click()
    arrived(page)
    wait_for_token(page, "form.offer-form")
    page.fill("#reg-name", "Jonas Beispiel")
    page.fill("#reg-company", "Muster GmbH")
    page.fill("#reg-email", "jonas@kunde.example")
    page.fill("#reg-p1-name", "Jonas Beispiel")
    page.check("#reg-buyer-business")
    page.fill("#reg-billing", "Muster GmbH\nRing 2\n20095 Hamburg")
    page.check("#reg-consent")
    page.locator("button.offer-form__submit").click()  # "Weiter zur Übersicht": the intake's review step
    arrived(page)
    in_the_site_look(page, devserver, "de")
    page.get_by_role("button", name="Zahlungspflichtig anmelden").click()
    arrived(page)
    in_the_site_look(page, devserver, "de")

    _, to_reader = devserver.mail("jonas@kunde.example", "")
    assert any(part.get_filename() == "termin.ics" for part in to_reader.iter_attachments())
    devserver.mail("office@localhost", "Jonas Beispiel")


def test_an_english_contact_message_sent_through_the_preview_lands_in_the_outbox(page, devserver):
    page.allowed_hosts.add(urlsplit(devserver.intake_url).netloc)
    visit(page, "/en/contact/")
    page.fill("#contact-name", "Ada Reader")
    page.fill("#contact-email", "ada@reader.example")
    page.fill("#contact-subject", "A training for our team")
    page.fill("#contact-message", "Hello,\nwe would like a training for twelve people.")
    page.check("#contact-consent")
    page.locator("button.contact-form__submit").click()
    arrived(page)
    in_the_site_look(page, devserver, "en")

    _, message = devserver.mail("office@localhost", "A training for our team")
    assert message["Reply-To"].addresses[0].addr_spec == "ada@reader.example"


def test_sigterm_to_make_stops_the_preview_and_the_intake(devserver):
    """Last in this module: it ends the shared devserver."""
    previews = children_of(devserver.make.pid)
    assert previews, "make started no preview"
    devserver.make.send_signal(signal.SIGTERM)  # make alone, as a process manager or `kill` would
    devserver.make.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in previews) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in previews), devserver.log.read_text(encoding="utf-8")
    for address in (devserver.site_url, devserver.intake_url):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", urlsplit(address).port)) != 0, f"{address} still answers"
