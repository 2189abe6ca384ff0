"""The typography rules as a reader sees them (docs/reference.md, "Typography"): the rendered
lines of the brand, navigation, buttons, names and headings on a phone (390 px) and a desktop
(1366 px), measured word by word in Chromium (``Range.getClientRects`` per letter: a word whose
letters sit on two lines is broken, and where)."""

from __future__ import annotations

import re

import pytest

WIDTHS = (390, 1366)
PAGES = (
    "/",
    "/en/",
    "/blog/",
    "/blog/golden-mitte-videocall/",
    "/blog/warum-kommunikationstraining/",
    "/trainings/",
    "/trainings/kommunikationstraining-vertrieb/",
    "/themen/kundeninteraktion/",
    "/kontakt/",
    "/en/trainings/communication-training-sales/",
)
NEVER_BROKEN = (
    ".brand__name, .home-hero__title, .site-nav a, .lang-switch a, .button, button, .byline,"
    " .author-card__name, .contact__address strong"
)
HEADINGS = "main h1, main h2, main h3"
WORDS_THAT_FIT = {"Kundenkontakt", "Vertriebsteams", "Kommunikationsberatung", "Persönlich", "Communication"}
EDGE = 3

# Each visible word of the elements of a group that is rendered on two lines: the word, the text
# before and after the break, the word's width and its element's line width.
BROKEN_WORDS = """([group, selector]) => {
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    const style = getComputedStyle(element);
    const line = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data, words = /\\S+/g;
      for (let match = words.exec(text); match; match = words.exec(text)) {
        const range = document.createRange();
        let top = null, at = -1, width = 0;
        for (let i = match.index; i < match.index + match[0].length; i++) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const rects = range.getClientRects(), rect = rects[rects.length - 1];
          if (!rect || rect.width === 0) continue;  // a soft hyphen not taken
          width += rect.width;
          if (top === null) top = rect.top; else if (at < 0 && rect.top > top + 2) at = i;
        }
        if (at >= 0) found.push({group, word: match[0].replace(/\\u00ad/g, ''), before: text.slice(match.index, at),
                                 after: text.slice(at, match.index + match[0].length), width, line});
      }
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def broken_words(browser, site_url, tmp_path_factory):
    """Width -> page -> the broken words of the page at that width (one page per width, each
    screenshot kept in the run's temp folder for a look)."""
    shots = tmp_path_factory.mktemp("typography")
    found = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in PAGES:
            assert page.goto(site_url + path).ok, path
            page.screenshot(path=shots / f"{path.strip('/').replace('/', '_') or 'home'}-{width}.png")
            found[width, path] = [
                *page.evaluate(BROKEN_WORDS, ["never", NEVER_BROKEN]),
                *page.evaluate(BROKEN_WORDS, ["heading", HEADINGS]),
            ]
        context.close()
    return found


def letters(text: str) -> int:
    return len(re.findall(r"[^\W\d_]", text))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_brand_navigation_buttons_and_names_are_never_broken(broken_words, width):
    assert [
        (path, b["word"])
        for (w, path), words in broken_words.items()
        if w == width
        for b in words
        if b["group"] == "never"
    ] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_headings_break_only_at_our_soft_hyphens_with_three_letters_either_side(broken_words, width):
    for (w, path), words in broken_words.items():
        for broken in words:
            if w != width or broken["before"].endswith("-"):
                continue  # a word with a hyphen of its own ("DSGVO-konform") may break after it
            assert broken["before"].endswith("\u00ad"), (path, broken)  # no cut without a hyphen
            assert letters(broken["before"]) >= EDGE and letters(broken["after"]) >= EDGE, (path, broken)
            assert broken["word"] not in WORDS_THAT_FIT, (path, broken)


def test_a_phone_breaks_long_compounds_at_their_joint(broken_words):
    breaks = {
        (b["word"], b["before"].replace("\u00ad", ""))
        for (w, _), words in broken_words.items()
        if w == 390
        for b in words
    }
    assert ("Kommunikationstraining", "Kommunikations") in breaks  # the offer's title


def test_a_desktop_page_title_is_never_broken(broken_words):
    """Only a narrow card's title may break a long word on a desktop (at its joint, as above)."""
    titles = [(path, b) for (w, path), words in broken_words.items() if w == 1366 for b in words if b["line"] > 500]
    cards = {b["word"] for (w, _), words in broken_words.items() if w == 1366 for b in words if b["line"] <= 500}
    assert titles == []
    assert "Kommunikationstraining" in cards  # the home page's training card: 22 letters in 215 px
