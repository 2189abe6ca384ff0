"""Publishing: head metadata, sitemap, robots, search index, gates and determinism."""

from __future__ import annotations

import json
from types import SimpleNamespace
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from sitebuild.build import build
from sitetest import REPO, SAMPLE_SHARD_PAGES, SAMPLE_TODAY, build_into, tree_differences
from sitebuild.compounds import lexicon
from sitebuild.search_index import PARTS_MARK, body_text, documents, with_compound_parts, without_ignored
from sitebuild.sitemap import robots_txt

BASE = "https://www.albrecht-kommunikation.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def json_ld(soup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def test_head_metadata_of_a_post(published_site):
    soup = published_site.soup("/blog/ki-im-vertrieb/")
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}/blog/ki-im-vertrieb/"
    assert meta["description"].startswith("Textgeneratoren")
    assert meta["og:locale"] == "de_DE"
    assert meta["og:locale:alternate"] == "en_US"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == f"{BASE}/blog/ki-im-vertrieb/"
    assert meta["og:image"].startswith(BASE) and published_site.exists(meta["og:image"][len(BASE) :])
    assert meta["twitter:card"] == "summary_large_image"
    posting = next(d for d in json_ld(soup) if d["@type"] == "BlogPosting")
    assert posting["inLanguage"] == "de"
    assert posting["author"] == [{"@type": "Person", "name": "Jonas Weber"}]
    assert posting["datePublished"].startswith("2023-06-14")
    assert posting["dateModified"].startswith("2024-04-02")
    assert posting["image"].startswith(BASE)
    assert posting["keywords"]
    crumbs = next(d for d in json_ld(soup) if d["@type"] == "BreadcrumbList")["itemListElement"]
    assert crumbs[0]["item"] == f"{BASE}/" and crumbs[-1]["item"] == f"{BASE}/blog/ki-im-vertrieb/"


def test_every_page_has_title_description_canonical_and_locale(published_site):
    for facts_path in ("index.html", "en/index.html", "en/about/index.html", "archiv/index.html", "suche/index.html"):
        soup = published_site.soup("/" + facts_path)
        assert soup.title.get_text(strip=True)
        assert soup.find("meta", attrs={"name": "description"})["content"].strip()
        assert soup.find("link", rel="canonical")["href"].startswith(BASE)
        locale = soup.find("meta", property="og:locale")["content"]
        assert locale == ("en_US" if facts_path.startswith("en/") else "de_DE")
    organization = [d for d in json_ld(published_site.soup("/")) if d["@type"] == "Organization"]
    assert organization and organization[0]["url"] == f"{BASE}/"


def test_sitemap_covers_both_languages_with_alternates(published_site):
    tree = ET.parse(published_site.root / "sitemap.xml")
    urls = tree.getroot().findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    assert len(locs) == len(set(locs)) > 30
    assert all(loc.startswith(BASE + "/") for loc in locs)
    assert f"{BASE}/en/" in locs and f"{BASE}/" in locs
    for url in urls:
        loc = url.find("s:loc", NS).text
        assert published_site.exists(loc[len(BASE) :]), loc
        links = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", NS)}
        assert loc in links.values() and "x-default" in links
        assert all(published_site.exists(href[len(BASE) :]) for href in links.values())
    post = next(u for u in urls if u.find("s:loc", NS).text == f"{BASE}/blog/ki-im-vertrieb/")
    assert post.find("s:lastmod", NS).text.startswith("2024-04-02")
    assert {l.get("hreflang") for l in post.findall("x:link", NS)} == {"de", "en", "x-default"}
    assert f"{BASE}/404.html" not in locs and f"{BASE}/suche/" not in locs


def test_robots_points_to_the_sitemap(published_site, sample_site):
    assert f"Sitemap: {BASE}/sitemap.xml" in published_site.text("/robots.txt")
    assert "Sitemap" not in sample_site.text("/robots.txt")
    assert robots_txt("") == "User-agent: *\nAllow: /\n"


def test_search_index_per_language_and_search_pages(sample_site):
    entry = json.loads(sample_site.text("/pagefind/pagefind-entry.json"))
    assert set(entry["languages"]) == {"de", "en"}
    for url, lang in (("/suche/", "de"), ("/en/search/", "en")):
        soup = sample_site.soup(url)
        assert soup.html["lang"] == lang
        assert soup.find("script", src="/theme/js/search.js")
        assert not soup.find("link", href=lambda href: href and "pagefind-ui" in href)  # the theme's look only
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    for url, action in (("/", "/suche/"), ("/en/about/", "/en/search/")):
        assert sample_site.soup(url).find("form", role="search")["action"] == action


def test_sample_index_is_split_in_shards_that_cover_every_indexed_page(sample_site):
    indexed = {"de": 0, "en": 0}
    for path in sample_site.root.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.select("[data-pagefind-body]"):
            indexed[soup.html["lang"]] += 1
    bundles = [sample_site.root / "pagefind", *sorted((sample_site.root / "pagefind").glob("shard-*"))]
    assert [b.name for b in bundles] == ["pagefind", "shard-2"]  # 6 posts per language, 4 per shard
    fragments = {"de": 0, "en": 0}
    for bundle in bundles:
        assert set(json.loads((bundle / "pagefind-entry.json").read_text())["languages"]) == {"de", "en"}
        for lang in fragments:
            fragments[lang] += len(list((bundle / "fragment").glob(f"{lang}_*.pf_fragment")))
    assert fragments == indexed
    for url in ("/suche/", "/en/search/"):
        box = sample_site.soup(url).select_one("#search")
        assert (box["data-shards"], box["data-bundle"]) == ("2", "/pagefind/")


def test_a_site_below_the_shard_size_has_one_index(build_site):
    site = build_site({"de/posts/a.md": "Title: Eins\nDate: 2024-01-02\n\nText.\n"})
    assert site.soup("/suche/").select_one("#search")["data-shards"] == "1"
    assert not list((site.root / "pagefind").glob("shard-*"))


def test_only_post_page_offer_and_topic_bodies_are_indexed(sample_site):
    expected_types = {
        "/blog/ki-im-vertrieb/": "Typ:Beitrag",
        "/en/about/": "type:Page",
        "/trainings/kommunikationstraining-vertrieb/": "Typ:Training",
        "/en/topics/sales/": "type:Topic",
    }
    for url, filter_value in expected_types.items():
        bodies = sample_site.soup(url).select("[data-pagefind-body]")
        assert len(bodies) == 1, url
        assert bodies[0]["data-pagefind-filter"] == filter_value
        heading = bodies[0].select_one("h1[data-pagefind-meta^='title']")
        assert heading, url
        if heading["data-pagefind-meta"] == "title[data-title]":  # the title without soft hyphens
            assert heading["data-title"] == heading.get_text().replace("\u00ad", ""), url
    topics = sample_site.soup("/blog/ki-im-vertrieb/").select("[data-pagefind-filter='Thema']")
    assert [t.get_text() for t in topics] == ["Künstliche Intelligenz", "Vertrieb"]
    for url in ("/", "/archiv/", "/en/archive/", "/suche/", "/404.html", "/themen/", "/trainings/"):
        assert not sample_site.soup(url).select("[data-pagefind-body]"), url


def test_compound_parts_go_to_the_index_after_the_mark_not_to_the_page(sample_site):
    root = str(sample_site.root)
    docs = dict(documents(root, ["blog/golden-mitte-videocall/index.html"]))
    indexed = BeautifulSoup(docs["blog/golden-mitte-videocall/index.html"], "html.parser")
    body = indexed.select_one("[data-pagefind-body]")
    parts = body.find_all("p", recursive=False)[-1]  # the last thing in the indexed element
    assert parts["data-pagefind-weight"] == "0.5"
    assert parts.get_text().startswith(PARTS_MARK) and " kontakt" in parts.get_text()  # "Kundenkontakt"
    assert body.get_text().count(PARTS_MARK) == 1
    assert "data-pagefind-weight" not in sample_site.text("/blog/golden-mitte-videocall/")
    assert with_compound_parts("<p>no body marker</p>", lexicon([])) == "<p>no body marker</p>"


def test_the_index_reads_labels_and_values_as_separate_words(sample_site):
    """Pagefind runs the text of adjacent block elements together ("Teilnehmende6 bis 12"):
    the mirror puts a space after each."""
    page = "trainings/kommunikationstraining-vertrieb/index.html"
    indexed = dict(documents(str(sample_site.root), [page]))[page]
    assert "<dt>Teilnehmende</dt> <dd>" in indexed
    assert "</dt><dd>" not in indexed and "</dd><dt>" not in indexed
    nested = with_compound_parts(
        "<main><div data-pagefind-body><dl><dt>Preis</dt><dd>5 €</dd></dl><div>x</div></div><p>y</p></main>", None
    )
    assert nested == (
        f"<main><div data-pagefind-body><dl><dt>Preis</dt> <dd>5 €</dd> </dl><div>x</div> "
        f'<p data-pagefind-weight="0.5">{PARTS_MARK} </p></div> <p>y</p> </main>'
    )


# What is no article text: navigation, buttons, bylines, date lists, callouts, forms, comment
# counts, a post's author box (a team page's cards are its text).
NOT_ARTICLE_TEXT = "nav, button, a.button, form, .callout, .meta, .offer-sessions, .comment-count, .post .author-box"


def indexed_pages(site) -> list[str]:
    return [
        "/" + str(path.relative_to(site.root).parent) + "/"
        for path in sorted(site.root.rglob("index.html"))
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    ]


def test_only_the_article_text_is_indexed_not_navigation_buttons_dates_or_callouts(sample_site):
    """Pagefind's excerpts are the indexed text: every piece of page furniture inside an
    indexed element is marked data-pagefind-ignore, and the compound parts skip it too."""
    pages = indexed_pages(sample_site)
    assert len(pages) > 20
    furniture = 0
    for url in pages:
        soup = sample_site.soup(url)
        for element in soup.select_one("[data-pagefind-body]").parent.select(NOT_ARTICLE_TEXT):
            if not element.find_parent(attrs={"data-pagefind-body": True}):
                continue
            furniture += 1
            assert element.find_parent(attrs={"data-pagefind-ignore": True}) or element.has_attr(
                "data-pagefind-ignore"
            ), (url, element.name, element.get("class"))
    assert furniture > 40
    post = "blog/warum-kommunikationstraining/index.html"  # a callout with dates, seats and buttons
    html = sample_site.text("/" + post)
    assert "Zu diesem Termin anmelden" in html and "Tagungshaus" in html
    text, indexed = body_text(html), dict(documents(str(sample_site.root), [post]))[post]
    for furniture_text in ("Zu diesem Termin anmelden", "Alle Termine", "Tagungshaus", "Minuten Lesezeit"):
        assert furniture_text not in text
    assert "Kommunikationstraining" in text
    assert " tagungs " not in indexed.split(PARTS_MARK)[1]  # no compound part from the callout
    assert (
        without_ignored('<p>a <span data-pagefind-ignore="all">b<span>c</span>d</span> e</p>') == "<p>a </span> e</p>"
    )


BROKEN = {
    "broken link": ("[Kaputt](/gibt-es-nicht/)", "gibt-es-nicht", "broken link"),
    "remote script": ('<script src="https://cdn.example.com/x.js"></script>', "cdn.example.com", "another host"),
    "invalid html": ("<div><span>offen</div></span>", "de/blog/probe", "invalid HTML"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_gate_fails_a_publish_build_naming_the_file(build_site, case):
    snippet, target, kind = BROKEN[case]
    post = f"Title: Probe\nDate: 2024-01-02\nSlug: probe\n\nText.\n\n{snippet}\n"
    site = build_site({"de/posts/probe.md": post}, STRICT=True, SITEURL=BASE)
    assert not site.report.ok
    problems = site.report.errors + site.report.warnings
    named = [p for p in problems if p.startswith("blog/probe/index.html:") and kind in p]
    assert named, problems
    if case != "invalid html":
        assert any(target in p for p in named)


def test_two_builds_are_byte_identical(tmp_path):
    first, second = build_into(tmp_path / "one"), build_into(tmp_path / "two")
    assert first.report.ok and second.report.ok
    assert tree_differences(first.root, second.root) == []
    assert len(list((first.root / "pagefind").rglob("*.pf_filter"))) == 4  # type and topic, per language


def test_pagefind_files_survive_reordering():
    from sitebuild.pagefind_order import HEADER, cbor_decode, cbor_encode

    item = ["1.5.2", [["de_1", 26]], [["0", "„wie", "de_2"]], [["Typ", "x"]], [], ["title"], {"k": None}, -3, True]
    assert cbor_decode(HEADER + cbor_encode(item), len(HEADER))[0] == item


@pytest.mark.parametrize(("free", "used"), [(64 * 2**20, False), (2 * 2**30, True)])
def test_the_search_mirror_avoids_a_small_memory_folder(tmp_path, monkeypatch, free, used):
    """A container's /dev/shm of 64 MB would overflow with a large site's mirror."""
    from sitebuild import search_index

    monkeypatch.setattr(search_index.shutil, "disk_usage", lambda path: SimpleNamespace(free=free))
    with search_index.mirror_folder(str(tmp_path)) as folder:
        assert folder.startswith(str(tmp_path)) is used


def test_the_parallel_build_equals_the_sequential_one(sample_site, tmp_path):
    """Language processes, Pagefind runs side by side, bundles copied by each language:
    the same bytes as one language after the other (the sample site is built that way)."""
    overrides = {
        "THEME": str(REPO / "theme"),
        "PLUGIN_PATHS": [str(REPO / "plugins")],
        "PATH": str(REPO / "content"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "TRAINING_OFFERS_TODAY": SAMPLE_TODAY,
        "SEARCH_SHARD_PAGES": SAMPLE_SHARD_PAGES,
    }
    report = build(str(REPO / "pelicanconf.py"), str(tmp_path / "output"), jobs=2, overrides=overrides)
    assert report.ok, report.errors
    assert tree_differences(sample_site.root, tmp_path / "output") == []
