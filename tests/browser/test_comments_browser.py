"""Reader comments in the browser: threaded approved comments, and a form the browser guards."""

from __future__ import annotations

import pytest

from browsing import arrived, serve, visit
from sitetest import build_into, write_content

POST = "/blog/golden-mitte-videocall/"


def test_approved_comments_are_visible_and_threaded(page):
    visit(page, POST)
    comments = page.locator("#comments li.comment")
    assert comments.count() >= 3
    assert comments.first.is_visible()
    reply = page.locator("#comments li.comment li.comment.comment--by-author").first
    assert reply.is_visible(), "the author's reply is nested under the comment it answers"
    count = page.locator(".post__header a[href='#comments'], .post__header [href$='#comments']").first
    count.click()
    assert page.url.endswith("#comments")
    assert page.locator("#comments").is_visible()


@pytest.fixture(scope="module")
def form_site_url(tmp_path_factory):
    """The sample site built with a comment endpoint, so that the form is shown; the endpoint's
    token URL answers with a fixed token (the real intake is in test_intake_loop_browser.py)."""
    site = build_into(tmp_path_factory.mktemp("form") / "output", COMMENTS_ENDPOINT="/intake-probe/comments")
    token = site.root / "intake-probe" / "comments" / "token"
    token.parent.mkdir(parents=True)
    token.write_text('{"token": "probe-token"}', encoding="utf-8")
    url, server = serve(site.root)
    yield url
    server.shutdown()


def test_comment_form_requires_fields_and_consent(page, form_site_url):
    page.site_url = form_site_url
    visit(page, POST)
    form = page.locator("#comment-form form")
    submit = form.locator("button[type=submit]")
    submit.click()
    assert page.url == form_site_url + POST, "an empty form is not sent"
    assert page.evaluate("document.querySelector('#comment-author').validity.valueMissing")
    page.fill("#comment-author", "Erika Muster")
    page.fill("#comment-email", "erika@example.com")
    page.fill("#comment-text", "Sehr hilfreich, danke!")
    submit.click()
    assert page.url == form_site_url + POST, "without consent the form is not sent"
    assert page.evaluate("document.querySelector('#comment-consent').validity.valueMissing")
    page.fill("#comment-email", "keine-adresse")
    page.check("#comment-consent")
    submit.click()
    assert page.url == form_site_url + POST, "an invalid e-mail address is refused"
    assert page.evaluate("document.querySelector('#comment-email').validity.typeMismatch")
    trap = page.locator(".comment-form__trap").bounding_box()
    assert trap is None or (trap["width"] <= 1 and trap["height"] <= 1), "the honeypot is hidden from people"
    arrived(page)


def test_the_form_script_fetches_the_intake_token_at_page_load(page, form_site_url):
    page.site_url = form_site_url
    visit(page, POST)
    token = page.locator("#comment-form input[name=token]")
    page.wait_for_function("document.querySelector('#comment-form input[name=token]').value !== ''")
    assert token.input_value() == "probe-token"


def test_a_reply_button_fills_the_forms_reply_to_and_can_be_cancelled(page, form_site_url):
    page.site_url = form_site_url
    visit(page, POST)
    reply_to = page.locator("#comment-form input[name=reply_to]")
    note = page.locator("#comment-form .comment-form__replying")
    assert not note.is_visible()
    button = page.locator("#comment-2021-03-19-thomas > article button.comment__reply")
    assert button.is_visible()  # shown by the script
    button.click()
    assert reply_to.input_value() == "2021-03-19-thomas"
    assert note.is_visible() and "Thomas Brenner" in note.inner_text()
    assert page.evaluate("document.activeElement.id") == "comment-text"
    note.locator("button").click()
    assert reply_to.input_value() == "" and not note.is_visible()
    arrived(page)


CHAIN_POST = "Title: Eine lange Diskussion\nDate: 2024-05-01 10:00\nSlug: diskussion\n\nText.\n"
CHAIN_DEPTH = 50


@pytest.fixture(scope="module")
def chain_site_url(tmp_path_factory):
    """A post with a reply chain CHAIN_DEPTH comments deep (each answers the one before)."""
    root = tmp_path_factory.mktemp("chain")
    files = {"de/posts/diskussion.md": CHAIN_POST}
    for number in range(CHAIN_DEPTH):
        reply = f"reply_to: c{number - 1}\n" if number else ""
        files[f"comments/diskussion/c{number}.md"] = (
            f"---\narticle: diskussion\nauthor: Person {number}\ndate: 2024-05-02 10:{number:02d} +0200\n"
            f"status: approved\n{reply}---\nAntwort Nummer {number} mit etwas Text, der umbrechen darf.\n"
        )
    site = build_into(root / "output", PATH=str(write_content(root, files)))
    assert site.report.ok, site.report.errors
    url, server = serve(site.root)
    yield url
    server.shutdown()


def test_a_deep_reply_chain_fits_the_screen_and_says_whom_each_reply_answers(page, chain_site_url):
    page.site_url = chain_site_url
    visit(page, "/blog/diskussion/")  # on a phone: no horizontal scrolling
    widths = page.eval_on_selector_all(".comment__body", "bodies => bodies.map(b => b.getBoundingClientRect().width)")
    assert len(widths) == CHAIN_DEPTH
    assert min(widths) >= 0.75 * widths[0], widths  # the deepest text is about as wide as the first
    last = page.locator("#comment-c49")
    assert last.is_visible()
    answers = last.locator(".comment__answers a")
    assert answers.inner_text() == "Antwort auf Person 48"
    assert answers.get_attribute("href") == "#comment-c48"
