"""Taxonomy on built sites: topic pages, overview, feeds, post topics, related posts, bad input."""

from __future__ import annotations

import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
YAML_POST_DE = "/blog/persoenlicher-kontakt-unterscheidungsmerkmal/"
YAML_POST_EN = "/en/blog/personal-contact-as-differentiator/"

VOCABULARY = """\
topics:
  vertrieb:
    name: {de: Vertrieb, en: Sales}
    aliases: [Verkauf]
    description: {de: Über den Vertrieb., en: About sales.}
  kundeninteraktion:
    name: {de: Kundeninteraktion, en: Customer Interaction}
    parent: vertrieb
"""

SHY = "\u00ad"  # soft hyphens in long words of headings (sitecore.hyphenation)


def post(title, date, tags, slug):
    return f"Title: {title}\nDate: {date}\nSlug: {slug}\nTags: {tags}\n\nText.\n"


def hreflangs(soup):
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


def teaser_dates(soup):
    return [t["datetime"] for t in soup.select(".topic-posts .teaser time[datetime]")]


# ---------- the sample site ----------


def test_topic_pages_in_both_languages_link_each_other(sample_site):
    german, english = sample_site.soup("/themen/vertrieb/"), sample_site.soup("/en/topics/sales/")
    assert german.h1.get_text(strip=True) == "Vertrieb"
    assert english.h1.get_text(strip=True) == "Sales"
    assert german.html["lang"] == "de" and english.html["lang"] == "en"
    assert hreflangs(german)["en"] == "/en/topics/sales/"
    assert hreflangs(english)["de"] == "/themen/vertrieb/"
    assert german.select_one(".lang-switch a")["href"] == "/en/topics/sales/"
    assert english.select_one(".lang-switch a")["href"] == "/themen/vertrieb/"
    assert "Kundinnen und Kunden gewinnen" in german.select_one(".topic-header__description").get_text()
    assert "win and keep customers" in english.find("meta", attrs={"name": "description"})["content"]
    assert sample_site.exists("/themen/fuehrung/") and sample_site.exists("/en/topics/leadership/")


def test_topic_page_shows_family_posts_and_related_topics(sample_site):
    soup = sample_site.soup("/themen/vertrieb/")
    children = {a.get_text(): a["href"] for a in soup.select(".topic-family__children a")}
    assert children == {"Kundeninteraktion": "/themen/kundeninteraktion/", "Kundenservice": "/themen/kundenservice/"}
    dates = teaser_dates(soup)
    assert len(dates) == 5  # posts of Vertrieb and of its subtopics
    assert dates == sorted(dates, reverse=True)
    assert all(a["href"].startswith("/blog/") for a in soup.select(".topic-posts .teaser__title a"))
    assert soup.select(".topic-related a")
    child = sample_site.soup("/themen/kundeninteraktion/")
    assert child.select_one(".topic-family__parent a")["href"] == "/themen/vertrieb/"
    assert [a["href"] for a in child.select(".topic-breadcrumb a")] == ["/themen/", "/themen/vertrieb/"]
    english = sample_site.soup("/en/topics/customer-interaction/")
    assert english.select_one(".topic-family__parent a").get_text() == "Sales"
    assert all(a["href"].startswith("/en/blog/") for a in english.select(".topic-posts .teaser__title a"))


def test_overview_shows_the_hierarchy_with_counts(sample_site):
    for url, root, child, other in (
        ("/themen/", "Vertrieb", "Kundeninteraktion", "/en/topics/"),
        ("/en/topics/", "Sales", "Customer Interaction", "/themen/"),
    ):
        soup = sample_site.soup(url)
        top = {
            li.find("a", recursive=False).get_text().replace(SHY, ""): li for li in soup.select("ul.topic-tree > li")
        }
        assert root in top and child not in top
        nested = [a.get_text().replace(SHY, "") for a in top[root].select(".topic-tree__children a")]
        assert child in nested
        count = top[root].find(class_="topic-count", recursive=False).get_text()
        posts = len(sample_site.soup(top[root].a["href"]).select(".topic-posts .teaser"))
        assert count.startswith(f"{posts} "), count
        assert hreflangs(soup)[other.strip("/").split("/")[0] == "en" and "en" or "de"] == other
    assert "5 Beiträge" in sample_site.soup("/themen/").get_text()
    assert "1 post" in sample_site.soup("/en/topics/").get_text()


def test_topic_feeds_exist_parse_and_are_linked(sample_site):
    for page, feed in (
        ("/themen/vertrieb/", "/themen/vertrieb/feed.atom.xml"),
        ("/en/topics/sales/", "/en/topics/sales/feed.atom.xml"),
    ):
        root = ET.fromstring(sample_site.text(feed))
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == len(sample_site.soup(page).select(".topic-posts .teaser"))
        assert sample_site.soup(page).find("link", type="application/atom+xml")["href"] == feed
    empty_ok = ET.fromstring(sample_site.text("/en/topics/leadership/feed.atom.xml"))
    assert empty_ok.tag == f"{ATOM}feed"


def test_posts_show_their_topics_in_their_language_without_duplicates(sample_site):
    german = sample_site.soup(YAML_POST_DE)  # tags: Vertrieb Sales Kundeninteraktion
    assert [(a.get_text(), a["href"]) for a in german.select(".post__footer .topic-chips a")] == [
        ("Vertrieb", "/themen/vertrieb/"),
        ("Kundeninteraktion", "/themen/kundeninteraktion/"),
    ]
    english = sample_site.soup(YAML_POST_EN)  # tags: Sales Kundeninteraktion Communication
    assert [a.get_text() for a in english.select(".post__footer .topic-chips a")] == [
        "Sales",
        "Customer Interaction",
        "Communication",
    ]
    ki = sample_site.soup("/blog/ki-im-vertrieb/")  # tags: KI, Künstliche Intelligenz, Sales, Vertrieb
    assert [a.get_text() for a in ki.select(".post__footer .topic-chips a")] == ["Künstliche Intelligenz", "Vertrieb"]


def test_related_posts_are_at_most_three_in_the_same_language(sample_site):
    for url, prefix in (("/blog/ki-im-vertrieb/", "/blog/"), ("/en/blog/ai-in-sales/", "/en/blog/")):
        links = [a["href"] for a in sample_site.soup(url).select(".related-posts a")]
        assert 1 <= len(links) <= 3
        assert url not in links
        assert all(link.startswith(prefix) and sample_site.exists(link) for link in links)
    # "Mensch und Maschine" shares the specific KI topic (and Vertrieb): it comes first
    assert (
        sample_site.soup("/blog/ki-im-vertrieb/").select_one(".related-posts a")["href"]
        == "/blog/mensch-und-maschine-im-vertrieb/"
    )


def test_no_tag_pages_and_no_links_to_them(sample_site):
    assert not (sample_site.root / "schlagwort").exists()
    assert not (sample_site.root / "en" / "tag").exists()
    assert not (sample_site.root / "tag").exists()
    for page in sample_site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "/schlagwort/" not in text and "/en/tag/" not in text and 'href="/tag/' not in text, page


def test_menu_links_the_topics_overview(sample_site):
    assert "/themen/" in [a["href"] for a in sample_site.soup("/").select(".site-nav a")]
    assert "/en/topics/" in [a["href"] for a in sample_site.soup("/en/").select(".site-nav a")]


def test_published_topic_feeds_have_absolute_links(published_site):
    base = "https://www.albrecht-kommunikation.example"
    root = ET.fromstring(published_site.text("/en/topics/sales/feed.atom.xml"))
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert links and all(link.startswith(base) for link in links), links
    soup = published_site.soup("/themen/vertrieb/")
    assert soup.find("link", type="application/atom+xml", href=f"{base}/themen/vertrieb/feed.atom.xml")


# ---------- tiny sites ----------


def test_topic_pages_are_paginated(build_site):
    files = {"taxonomy.yml": VOCABULARY}
    for day in range(1, 4):
        files[f"de/posts/p{day}.md"] = post(f"Beitrag {day}", f"2024-01-0{day}", "Vertrieb", f"beitrag-{day}")
        files[f"en/posts/p{day}.md"] = post(f"Post {day}", f"2024-01-0{day}", "Sales", f"post-{day}")
    site = build_site(files, TAXONOMY_PAGINATION=2)
    assert site.report.ok, site.report.errors
    assert len(site.soup("/themen/vertrieb/").select(".teaser")) == 2
    assert len(site.soup("/themen/vertrieb/seite/2/").select(".teaser")) == 1
    assert site.soup("/themen/vertrieb/").select_one(".pagination a[rel=next]")["href"] == "/themen/vertrieb/seite/2/"
    assert site.exists("/en/topics/sales/page/2/")
    # a topic without posts still has its page, so the other language's hreflang never breaks
    assert "noch keine Beiträge" in site.soup("/themen/kundeninteraktion/").get_text()


def test_unknown_tag_is_a_warning_with_file_tag_and_suggestion(build_site):
    site = build_site({"taxonomy.yml": VOCABULARY, "de/posts/x.md": post("X", "2024-01-01", "Vertriebb, Verkauf", "x")})
    assert site.report.ok, site.report.errors
    warning = next(w for w in site.report.warnings if "Vertriebb" in w)
    assert "de/posts/x.md:4: the tag 'Vertriebb' is not a topic" in warning
    assert "did you mean 'Vertrieb'?" in warning
    assert site.exists("/blog/x/")  # the post is still built, with its known topic
    assert [a.get_text() for a in site.soup("/blog/x/").select(".topic-chips a")] == ["Vertrieb"]


def test_unknown_tag_fails_a_strict_taxonomy_build(build_site):
    site = build_site(
        {"taxonomy.yml": VOCABULARY, "de/posts/x.md": post("X", "2024-01-01", "Vertriebb", "x")}, TAXONOMY_STRICT=True
    )
    assert not site.report.ok
    assert any("the tag 'Vertriebb' is not a topic" in e and "'Vertrieb'" in e for e in site.report.errors)


def test_bad_vocabulary_fails_the_build_with_file_and_line(build_site):
    broken = VOCABULARY + "  kunden:\n    name: {de: Kunden, en: Customers}\n    parent: vertrib\n"
    site = build_site({"taxonomy.yml": broken, "de/posts/x.md": post("X", "2024-01-01", "Vertrieb", "x")})
    assert not site.report.ok
    assert any(
        "taxonomy.yml:11: the parent 'vertrib' of topic 'kunden' does not exist" in e for e in site.report.errors
    ), site.report.errors


def test_without_vocabulary_every_tag_is_its_own_topic(build_site):
    site = build_site({"de/posts/x.md": post("X", "2024-01-01", "Vertrieb, Beratung", "x")})
    assert site.report.ok, site.report.errors
    assert not [w for w in site.report.warnings if "is not a topic" in w or "taxonomy" in w], site.report.warnings
    links = [(a.get_text(), a["href"]) for a in site.soup("/blog/x/").select(".topic-chips a")]
    assert links == [("Vertrieb", "/themen/vertrieb/"), ("Beratung", "/themen/beratung/")]
    assert site.exists("/themen/beratung/") and site.exists("/en/topics/")


def test_topic_feed_of_a_published_tiny_site_is_absolute(build_site):
    base = "https://www.example.com"
    site = build_site(
        {"taxonomy.yml": VOCABULARY, "de/posts/x.md": post("X", "2024-01-01", "Verkauf", "x")},
        SITEURL=base,
        FEED_DOMAIN=base,
        FEED_ENABLED=True,
        TAXONOMY_STRICT=True,
    )
    assert site.report.ok, site.report.errors
    root = ET.fromstring(site.text("/themen/vertrieb/feed.atom.xml"))
    assert [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")] == [f"{base}/blog/x/"]
    assert (
        site.soup("/themen/vertrieb/").find("link", type="application/atom+xml")["href"]
        == f"{base}/themen/vertrieb/feed.atom.xml"
    )


def test_topic_pages_list_the_offers_tagged_with_them(sample_site):
    german = sample_site.soup("/themen/datenschutz/").select(".topic-offers a")
    assert [(a["href"], a.get_text().replace(SHY, "")) for a in german] == [
        ("/trainings/workshop-digitale-kundeninteraktion/", "Workshop: Kundeninteraktion mit digitalen Werkzeugen")
    ]
    # shown as the cards of the offers overview: format, summary, next date, price
    card = sample_site.soup("/themen/datenschutz/").select_one(".topic-offers li.offer-card")
    assert card.select_one(".offer-card__kicker") and card.select_one(".offer-card__summary").get_text(strip=True)
    assert card.select_one(".offer-card__next")
    # the price with its unit, as on the offer page and the overview
    overview = sample_site.soup("/trainings/").select_one(
        ".offer-card__title a[href='/trainings/workshop-digitale-kundeninteraktion/']"
    )
    price = card.select_one(".offer-card__price").get_text(" ", strip=True)
    assert (
        price == "3.451\u00a0€ inkl. 19\u00a0% MwSt. pauschal pro Gruppe (Unternehmen: 2.900\u00a0€ netto)"
    )  # gross, § 3 PAngV
    assert price == overview.find_parent("li").select_one(".offer-card__price").get_text(" ", strip=True)
    english_card = sample_site.soup("/en/topics/sales/").select_one(
        ".offer-card:has(a[href='/en/trainings/selling-in-video-calls/']) .offer-card__price"
    )
    assert english_card.get_text(" ", strip=True).endswith("per person (businesses: €495.80 net)")
    english = {a["href"] for a in sample_site.soup("/en/topics/sales/").select(".topic-offers a")}
    assert "/en/trainings/selling-in-video-calls/" in english  # tagged Sales
    assert "/en/trainings/workshop-digital-customer-interaction/" in english  # via subtopic Customer Interaction
    assert not sample_site.soup("/themen/fuehrung/").select(".topic-offers a")
