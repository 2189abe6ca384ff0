"""An offer callout in a post on a phone (390 px): its button and its "All dates" link each
read whole, the link beside the button or on a line of its own, never wrapped around it."""

from __future__ import annotations

import pytest

# The link's and the button's boxes, and how many line boxes the link has.
BOXES = """callout => {
  const link = callout.querySelector('.offer-callout__more'), button = callout.querySelector('.button');
  const box = element => { const r = element.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {lines: link.getClientRects().length, link: box(link), button: box(button), text: link.textContent};
}"""


@pytest.mark.parametrize(
    ("path", "text"),
    [("/en/blog/why-communication-training/", "All dates"), ("/blog/warum-kommunikationstraining/", "Alle Termine")],
)
def test_all_dates_reads_whole_beside_or_below_the_button_on_a_phone(browser, site_url, path, text):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    assert page.goto(site_url + path).ok
    boxes = page.locator(".offer-callout").first.evaluate(BOXES)
    context.close()
    link, button = boxes["link"], boxes["button"]
    assert boxes["text"] == text and boxes["lines"] == 1, boxes
    beside = link["left"] >= button["right"] and link["top"] < button["bottom"] and link["bottom"] > button["top"]
    below = link["top"] >= button["bottom"]
    assert beside or below, boxes
