"""The comments plugin in built sites: threads, count, form, privacy, and bad input."""

from __future__ import annotations

import pytest

GERMAN_POST = "/blog/golden-mitte-videocall/"
ENGLISH_POST = "/en/blog/golden-mean-video-calls/"
SAMPLE_EMAILS = ("thomas.brenner@example.org", "s.kuehn@example.net", "kurt.wartend@example.com",
                 "jane.porter@example.co.uk", "offers@spam-seo.example")
PENDING_TEXT = "Quittenbrot"
SPAM_TEXT = "Buy backlinks"

POST = """\
    Title: Ein Beitrag
    Date: 2024-05-01 10:00
    Author: Maren Albrecht
    Slug: beitrag

    Text.
    """
EN_POST = """\
    Title: A post
    Date: 2024-05-01 10:00
    Slug: a-post

    Text.
    """


def comment(**fields) -> str:
    base = {"article": "beitrag", "author": "Anna", "date": "2024-05-02 10:00 +0200", "status": "approved"}
    base.update(fields)
    body = base.pop("body", "Ein Kommentar.")
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None) + f"---\n{body}\n"


def test_approved_comments_are_threaded_with_dates_anchors_and_author_badge(sample_site):
    soup = sample_site.soup(GERMAN_POST)
    section = soup.find("section", id="comments")
    top = section.select(":scope > ol.comment-list > li.comment")
    assert [li["id"] for li in top] == ["comment-2021-03-19-thomas", "comment-2021-03-22-sabine"]  # oldest first
    reply = top[0].select_one("ol.comment-list--replies > li.comment")
    assert reply["id"] == "comment-2021-03-19-antwort-maren"
    assert "comment--by-author" in reply["class"]
    assert reply.select_one(".comment__badge").get_text(strip=True) == "Autorenantwort"
    assert top[0].select_one("time").get_text(strip=True) == "19. März 2021"
    assert top[0].select_one("a.comment__date")["href"] == "#comment-2021-03-19-thomas"
    assert top[0].select_one(":scope > article .comment__badge") is None  # a reader is not marked
    assert "Termin vor Ort" in top[0].select_one(".comment__body strong").get_text()


def test_comment_count_sits_in_the_post_header(sample_site):
    german = sample_site.soup(GERMAN_POST).select_one("header.post__header .comment-count a")
    assert german.get_text(strip=True) == "3 Kommentare" and german["href"] == "#comments"
    english = sample_site.soup(ENGLISH_POST)
    assert english.select_one("header.post__header .comment-count a").get_text(strip=True) == "1 comment"
    assert english.select_one("li#comment-2021-03-20-jane time").get_text(strip=True) == "March 20, 2021"
    assert sample_site.soup("/blog/ki-im-vertrieb/").select_one(".comment-count").get_text(strip=True) == "0 Kommentare"


def test_website_links_are_nofollow_ugc_noopener(sample_site):
    links = sample_site.soup(GERMAN_POST).select("#comments a[href^=http]")
    assert links
    for link in links:
        assert link["rel"] == ["nofollow", "ugc", "noopener"], link


def test_pending_spam_and_emails_never_reach_any_output_file(sample_site):
    checked = 0
    for path in sample_site.root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        checked += 1
        for secret in (*SAMPLE_EMAILS, PENDING_TEXT, SPAM_TEXT, "Kurt Wartend"):
            assert secret.encode() not in data, f"{secret} in {path}"
    assert checked > 40


def test_published_site_feeds_carry_no_comment_data(published_site):
    for path in published_site.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (*SAMPLE_EMAILS, PENDING_TEXT):
                assert secret.encode() not in data, f"{secret} in {path}"


def test_without_endpoint_a_mailto_note_replaces_the_form(sample_site):
    soup = sample_site.soup(GERMAN_POST)
    assert soup.select_one("#comments form") is None
    note = soup.select_one("#comments .comment-form__mailto a")
    assert note["href"] == "mailto:kontakt@albrecht-kommunikation.example"
    assert "moderiert" in soup.select_one("#comments .comment-form__note").get_text()


def test_form_with_endpoint_has_fields_consent_and_honeypot(build_site):
    site = build_site(
        {"de/posts/beitrag.md": POST, "en/posts/a-post.md": EN_POST, "comments/beitrag/a.md": comment()},
        COMMENTS_ENDPOINT="https://kommentare.example/submit",
    )
    assert site.report.ok, site.report.errors
    for url, privacy, lang in (("/blog/beitrag/", "/datenschutz/", "de"), ("/en/blog/a-post/", "/en/privacy/", "en")):
        form = site.soup(url).select_one("#comments form")
        assert form["method"] == "post" and form["action"] == "https://kommentare.example/submit"
        for name in ("author", "email", "comment", "consent"):
            field = form.find(attrs={"name": name})
            assert field.has_attr("required"), name
            assert form.find("label", attrs={"for": field["id"]}), name
        assert not form.find(attrs={"name": "website"}).has_attr("required")
        assert form.find("input", attrs={"name": "email"})["type"] == "email"
        consent = form.find("label", attrs={"for": "comment-consent"})
        assert consent.a["href"] == privacy
        trap = form.find("input", attrs={"name": "homepage"})
        assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
        assert form.find("label", attrs={"for": trap["id"]})
        hidden = {i["name"]: i["value"] for i in form.find_all("input", type="hidden")}
        assert hidden["lang"] == lang and hidden["article"] in ("beitrag", "a-post")
        assert form.find("button", type="submit")


def test_hostile_comment_is_escaped_on_the_page(build_site):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "comments/beitrag/x.md": comment(
                author="'\"<script>alert(1)</script>'", website="'https://ok.example/\"><script>x</script>'",
                body="<img src=x onerror=alert(1)> [a](javascript:alert(1)) <svg onload=alert(1)>",
            ),
        }
    )
    assert site.report.ok, site.report.errors
    soup = site.soup("/blog/beitrag/")
    section = soup.find("section", id="comments")
    assert not section.find_all(["script", "img", "svg", "iframe"])
    assert "<script>alert(1)</script>" in section.select_one(".comment__author").get_text()
    assert all(not a["href"].startswith("javascript") for a in section.find_all("a", href=True))


def test_an_address_typed_into_an_approved_comment_reaches_no_output_file(build_site, tmp_path):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "comments/beitrag/x.md": comment(author="eve@private.example", email="eve@private.example",
                                             body="Schreib mir: [eve@private.example](mailto:eve@private.example)"),
        }
    )
    assert site.report.ok, site.report.errors
    section = site.soup("/blog/beitrag/").find("section", id="comments")
    assert section.select_one(".comment__author").get_text(strip=True) == "[E-Mail-Adresse entfernt]"
    assert "Schreib mir: [E-Mail-Adresse entfernt]" in section.get_text()
    leaks = [p for p in (tmp_path / "output").rglob("*") if p.is_file() and b"private.example" in p.read_bytes()]
    assert leaks == []


@pytest.mark.parametrize("website", ["https://eve@private.example", "https://example.org/?mail=eve@private.example"])
def test_an_address_in_the_website_field_is_not_published(build_site, tmp_path, website):
    site = build_site({"de/posts/beitrag.md": POST, "comments/beitrag/x.md": comment(author="Eve", website=website)})
    assert site.report.ok, site.report.errors
    author = site.soup("/blog/beitrag/").select_one("#comments .comment__author")
    assert author.get_text(strip=True) == "Eve"
    assert author.find("a") is None
    leaks = [p for p in (tmp_path / "output").rglob("*") if p.is_file() and b"private.example" in p.read_bytes()]
    assert leaks == []


def test_reply_to_an_unapproved_comment_warns_and_shows_it_alone(build_site):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "comments/beitrag/a.md": comment(status="pending"),
            "comments/beitrag/b.md": comment(reply_to="a", date="2024-05-03 10:00 +0200"),
        }
    )
    assert site.report.ok and any("which is pending" in w for w in site.report.warnings), site.report.warnings
    assert [li["id"] for li in site.soup("/blog/beitrag/").select("#comments li.comment")] == ["comment-b"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"comments/beitrag/a.md": comment(article="gibt-es-nicht")}, "comments/beitrag/a.md:2: there is no de post with the slug 'gibt-es-nicht'"),
        ({"comments/beitrag/a.md": comment(status="veröffentlicht")}, "comments/beitrag/a.md:5: the status 'veröffentlicht' is unknown"),
        ({"comments/beitrag/a.md": comment(reply_to="niemand")}, "comments/beitrag/a.md:6: reply_to names no comment: 'niemand'"),
        ({"comments/beitrag/a.md": comment(reply_to="b"), "comments/beitrag/b.md": comment(reply_to="a")},
         "comments/beitrag/a.md:6: the comment 'a' is part of a reply loop"),
        ({"comments/beitrag/a.md": comment(author=None)}, "comments/beitrag/a.md:1: the comment has no author"),
        ({"comments/beitrag/a.md": comment(body="")}, "comments/beitrag/a.md:7: the comment has no text"),
        ({"comments/beitrag/a.md": comment(date="gestern")}, "comments/beitrag/a.md:4: the date 'gestern' cannot be read"),
        ({"comments/beitrag/a.md": comment(lang="en")}, "comments/beitrag/a.md:2: there is no en post with the slug 'beitrag'"),
        ({"comments/beitrag/a.md": "---\nauthor: [\n---\nx\n"}, "comments/beitrag/a.md:2: the YAML front matter cannot be read"),
    ],
)
def test_bad_comment_fails_the_build_with_file_and_line(build_site, files, expected):
    site = build_site({"de/posts/beitrag.md": POST, "en/posts/a-post.md": EN_POST, **files})
    assert not site.report.ok
    matching = [e for e in site.report.errors if expected in e]
    assert len(matching) == 1, site.report.errors  # reported once, by the run of its language
    assert not any("Traceback" in e or "failed:" in e for e in site.report.errors), site.report.errors
    assert not site.root.exists()
