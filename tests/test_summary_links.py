"""A post's summary links only where a comment may link (issue 29, finding 6): the web, a mail
address, a page of the site; never ``javascript:``, ``data:`` or ``vbscript:``, and no attribute
the Markdown's attribute lists would add. Checked where readers meet summaries: the teasers on
the blog, topic, author and category lists, and the post page's description.

One tiny site for the module; the table of the filter itself is in ``test_front_matter.py``.
"""

from __future__ import annotations

import re

import pytest

from sitetest import build_into, write_content

# (summary, the link targets a reader may follow, the image sources)
SUMMARIES = {
    "javascript": ("Lesen Sie [hier](javascript:alert(1)) weiter.", [], []),
    "mixed case and tab entity": ("[a](JaVaScRiPt:alert(1)) und [b](jav&#x09;ascript:alert(2))", [], []),
    "data image": ("![Bild](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) Text", [], []),
    "vbscript reference": ("[Mehr][1] lesen.\n\n[1]: vbscript:msgbox(1)", [], []),
    "attribute list": ("[Web](https://example.org){onclick=alert(1)} und *so*{: onmouseover=alert(2) }", ["https://example.org"], []),
    "allowed": (
        "[Web](https://example.org), [Seite](/blog/zweiter/), [Mail](mailto:kontakt@example.org) "
        "![Logo](/assets/images/logo.svg)",
        ["https://example.org", "/blog/zweiter/", "mailto:kontakt@example.org"],
        ["/assets/images/logo.svg"],
    ),
}  # fmt: skip
TAXONOMY = "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n"
DANGEROUS = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("summary-links")
    files = {"taxonomy.yml": TAXONOMY, "assets/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}
    for number, (summary, _links, _images) in enumerate(SUMMARIES.values()):
        indented = summary.replace("\n", "\n  ")
        files[f"de/posts/p{number}.md"] = (
            f"---\ntitle: Beitrag {number}\ndate: 2024-01-{number + 10} 10:00\nslug: p{number}\n"
            f"author: Maren Albrecht\ncategories: [Vertrieb]\ntags: [Vertrieb]\nsummary: |\n  {indented}\n---\nText.\n"
        )
    files["de/posts/zweiter.md"] = "Title: Zweiter\nDate: 2023-01-01\nSlug: zweiter\nTags: Vertrieb\n\nText.\n"
    content = write_content(root, files)
    built = build_into(root / "output", PATH=str(content))
    assert built.report.ok, built.report.errors
    return built


def teasers(soup) -> dict[str, object]:
    """Each post's teaser summary on a list page, by the post's slug."""
    found = {}
    for teaser in soup.select(".teaser"):
        link = teaser.select_one(".teaser__title a")["href"]
        found[link.rstrip("/").rsplit("/", 1)[-1]] = teaser.select_one(".teaser__summary")
    return found


LISTS = ["/blog/", "/themen/vertrieb/", "/autor/maren-albrecht/", "/kategorie/vertrieb/"]


@pytest.mark.parametrize("url", LISTS)
def test_teasers_link_only_where_a_comment_may(site, url):
    listed = teasers(site.soup(url))
    for number, (name, (_summary, links, images)) in enumerate(SUMMARIES.items()):
        summary = listed[f"p{number}"]
        assert summary is not None, (url, name)
        hrefs = [a["href"] for a in summary.find_all("a", href=True)]
        assert hrefs == links, (url, name, str(summary))
        assert [img["src"] for img in summary.find_all("img", src=True)] == images, (url, name)
        for element in summary.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], (url, name, str(element))
            assert not any(DANGEROUS.match(str(v)) for v in element.attrs.values()), (url, name, str(element))


def test_the_post_page_describes_itself_without_the_link(site):
    soup = site.soup("/blog/p0/")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Lesen Sie hier weiter."
    assert "javascript" not in site.text("/blog/p0/").lower()
