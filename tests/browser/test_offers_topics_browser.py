"""Training offers and topics in the browser: from a post's callout to the offer and its
calendar file; from a post's topic to the topic page and on to a related topic."""

from __future__ import annotations

from browsing import open_menu, arrived, visit


def test_callout_button_opens_the_offer_in_the_same_language(page):
    for post, lang, offer_path in (
        ("/blog/warum-kommunikationstraining/", "de", "/trainings/"),
        ("/en/blog/why-communication-training/", "en", "/en/trainings/"),
    ):
        visit(page, post)
        callout = page.locator("aside.offer-callout").first
        assert callout.is_visible()
        callout.locator("a.button").click()
        arrived(page)
        assert page.url.startswith(page.site_url + offer_path)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").is_visible()


def test_calendar_link_downloads_a_calendar_file(page, tmp_path):
    visit(page, "/trainings/kommunikationstraining-vertrieb/")
    link = page.locator("a[href$='.ics']").first
    response = page.request.get(page.site_url + link.get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "session.ics"
    download_info.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text and "Europe/Berlin" in text


def test_from_a_post_to_its_topic_and_a_related_topic(page):
    visit(page, "/blog/golden-mitte-videocall/")
    topic_link = page.locator(".post__footer .topic-chips a").first
    topic_name = topic_link.inner_text()
    topic_link.click()
    arrived(page)
    assert "/themen/" in page.url
    assert page.locator("h1").inner_text().replace("\u00ad", "") == topic_name
    assert page.locator("article.teaser a[href='/blog/golden-mitte-videocall/']").count() >= 1
    related = page.locator(".topic-related a, .topic-family a").first
    related_name = related.inner_text()
    related.click()
    arrived(page)
    assert "/themen/" in page.url and page.locator("h1").inner_text().replace("\u00ad", "") == related_name
    open_menu(page)
    page.locator(".lang-switch a[hreflang='en']").click()
    arrived(page)
    assert "/en/topics/" in page.url
