"""The comments plugin in built sites: threads, count, form, privacy, and bad input."""

from __future__ import annotations

import gzip
import json

import pytest

from authoring.check import check_site
from sitebuild.build import load_settings
from sitetest import REPO

GERMAN_POST = "/blog/golden-mitte-videocall/"
ENGLISH_POST = "/en/blog/golden-mean-video-calls/"
SAMPLE_EMAILS = (
    "thomas.brenner@example.org",
    "s.kuehn@example.net",
    "kurt.wartend@example.com",
    "jane.porter@example.co.uk",
    "offers@spam-seo.example",
)
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
    # no comment yet and no form (the sample site has no endpoint): nothing, never "0 Kommentare"
    assert sample_site.soup("/blog/ki-im-vertrieb/").select_one(".post__header .comment-count") is None


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
        {
            "de/posts/beitrag.md": POST,
            "de/posts/leer.md": POST.replace("beitrag", "leer").replace("Ein Beitrag", "Noch leer"),
            "en/posts/a-post.md": EN_POST,
            "comments/beitrag/a.md": comment(),
        },
        COMMENTS_ENDPOINT="https://kommentare.example/submit",
    )
    assert site.report.ok, site.report.errors
    # the header links the comments, or the form when there is none yet
    counts = {
        url: (link.get_text(), link["href"])
        for url in ("/blog/beitrag/", "/blog/leer/", "/en/blog/a-post/")
        for link in site.soup(url).select(".post__header .comment-count a")
    }
    assert counts == {
        "/blog/beitrag/": ("1 Kommentar", "#comments"),
        "/blog/leer/": ("Kommentieren", "#comment-form"),
        "/en/blog/a-post/": ("Leave a comment", "#comment-form"),
    }
    assert site.soup("/en/blog/a-post/").select_one("#comment-form form")
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
        assert hidden["token"] == "" and form["data-token-url"] == "https://kommentare.example/submit/token"
        notify = form.find("input", attrs={"name": "notify"})
        assert notify["type"] == "checkbox" and notify["value"] == "yes" and not notify.has_attr("required")
        assert form.find("label", attrs={"for": notify["id"]})
        assert form.find("button", type="submit")
        script = form.find_next_sibling("script")
        assert script["src"] == "/theme/js/comments.js" and script.has_attr("defer") and not script.string
    assert "benachrichtigt" in site.soup("/blog/beitrag/").select_one("label[for=comment-notify]").get_text()
    assert "Notify me" in site.soup("/en/blog/a-post/").select_one("label[for=comment-notify]").get_text()
    assert site.exists("/theme/js/comments.js")


def test_an_intake_on_another_host_passes_the_publish_gates(build_site):
    """The form's action and the token fetch go to the intake; no resource is loaded from it."""
    pages = {
        "de/pages/datenschutz.md": "Title: Datenschutz\nSlug: datenschutz\nTranslation_Key: privacy\n\nText.\n",
        "en/pages/privacy.md": "Title: Privacy\nSlug: privacy\nTranslation_Key: privacy\n\nText.\n",
    }
    site = build_site(
        {"de/posts/beitrag.md": POST, "en/posts/a-post.md": EN_POST, **pages},
        COMMENTS_ENDPOINT="https://kommentare.example/comments",
        STRICT=True,
        SITEURL="https://www.example.com",
        MENU={"de": [], "en": []},
        FOOTER_LINKS={"de": [("Datenschutz", "datenschutz/")], "en": [("Privacy", "en/privacy/")]},
    )
    assert site.report.ok, site.report.errors + site.report.warnings
    form = site.soup("/blog/beitrag/").select_one("#comments form")
    assert form["action"] == "https://kommentare.example/comments"
    assert form["data-token-url"] == "https://kommentare.example/comments/token"
    assert form.find_next_sibling("script")["src"] == "https://www.example.com/theme/js/comments.js"


def test_hostile_comment_is_escaped_on_the_page(build_site):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "comments/beitrag/x.md": comment(
                author="'\"<script>alert(1)</script>'",
                website="'https://ok.example/\"><script>x</script>'",
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
            "comments/beitrag/x.md": comment(
                author="eve@private.example",
                email="eve@private.example",
                body="Schreib mir: [eve@private.example](mailto:eve@private.example)",
            ),
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
        (
            {"comments/beitrag/a.md": comment(article="gibt-es-nicht")},
            "comments/beitrag/a.md:2: there is no de post with the slug 'gibt-es-nicht'",
        ),
        (
            {"comments/beitrag/a.md": comment(status="veröffentlicht")},
            "comments/beitrag/a.md:5: the status 'veröffentlicht' is unknown",
        ),
        (
            {"comments/beitrag/a.md": comment(reply_to="niemand")},
            "comments/beitrag/a.md:6: reply_to names no comment: 'niemand'",
        ),
        (
            {"comments/beitrag/a.md": comment(reply_to="b"), "comments/beitrag/b.md": comment(reply_to="a")},
            "comments/beitrag/a.md:6: the comment 'a' is part of a reply loop",
        ),
        ({"comments/beitrag/a.md": comment(author=None)}, "comments/beitrag/a.md:1: the comment has no author"),
        ({"comments/beitrag/a.md": comment(body="")}, "comments/beitrag/a.md:7: the comment has no text"),
        (
            {"comments/beitrag/a.md": comment(date="gestern")},
            "comments/beitrag/a.md:4: the date 'gestern' cannot be read",
        ),
        (
            {"comments/beitrag/a.md": comment(lang="en")},
            "comments/beitrag/a.md:2: there is no en post with the slug 'beitrag'",
        ),
        (
            {"comments/beitrag/a.md": "---\nauthor: [\n---\nx\n"},
            "comments/beitrag/a.md:2: the YAML front matter cannot be read",
        ),
    ],
)
def test_bad_comment_fails_the_build_with_file_and_line(build_site, files, expected):
    site = build_site({"de/posts/beitrag.md": POST, "en/posts/a-post.md": EN_POST, **files})
    assert not site.report.ok
    matching = [e for e in site.report.errors if expected in e]
    assert len(matching) == 1, site.report.errors  # reported once, by the run of its language
    assert not any("Traceback" in e or "failed:" in e for e in site.report.errors), site.report.errors
    assert not site.root.exists()


WXR_BODIES = {
    "901": "Danke für den Beitrag!\nEine Frage hätte ich noch:\n\n\tWie lange dauert das Training?",
    "902": '<blockquote cite="https://www.example.org/zitat"><p>Gute Fragen öffnen Türen.</p></blockquote>\n'
    "Genau so erlebe ich das auch.",
    "903": "Meine Punkte:\n<ul>\n\t<li>Zuhören\n<ul>\n\t<li>aktiv</li>\n\t<li>geduldig</li>\n</ul>\n</li>\n"
    '\t<li>Nachfragen</li>\n</ul>\nMehr bei <a href="https://blog.example/fragen">mir</a>, '
    "<strong>wirklich</strong> <em>lesenswert</em> &amp; &lt;kostenlos&gt;.",
    "904": 'Achtung <script>alert(1)</script><iframe src="https://evil.example/"></iframe>harmlos'
    '<img src="x" onerror="alert(2)">',
}


def wxr_export(bodies: dict[str, str]) -> str:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id><wp:comment_author>Leserin {wp_id}</wp:comment_author>"
        f"<wp:comment_date>2021-01-06 09:15:00</wp:comment_date><wp:comment_date_gmt>2021-01-06 08:15:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{body}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"
        for wp_id, body in bodies.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
        "<title>Ein Beitrag</title><wp:post_name>beitrag</wp:post_name><wp:post_type>post</wp:post_type>"
        f"{comments}</item></channel></rss>"
    )


def test_wordpress_comments_keep_their_structure_on_the_built_page(build_site):
    from zoneinfo import ZoneInfo

    from comments.wxr_import import PostRef, parse_wxr, plan_import

    plan = plan_import(
        parse_wxr(wxr_export(WXR_BODIES)), [PostRef("de", "beitrag", "Ein Beitrag")], set(), ZoneInfo("Europe/Berlin")
    )
    site = build_site({"de/posts/beitrag.md": POST, **{f"comments/{path}": text for path, text in plan.files.items()}})
    assert site.report.ok, site.report.errors
    section = site.soup("/blog/beitrag/").find("section", id="comments")
    body = {wp_id: section.find(id=f"comment-wp-{wp_id}").select_one(".comment__body") for wp_id in WXR_BODIES}

    first = body["901"].find_all("p")  # a single newline is a line break, the tab-indented line text
    assert [p.get_text() for p in first] == [
        "Danke für den Beitrag!\nEine Frage hätte ich noch:",
        "Wie lange dauert das Training?",
    ]
    assert first[0].find("br") and not body["901"].find(["pre", "code"])

    quote = body["902"].find("blockquote")
    assert quote.get_text(strip=True) == "Gute Fragen öffnen Türen."
    assert body["902"].find_all("p")[-1].get_text() == "Genau so erlebe ich das auch."

    outer = body["903"].find("ul")
    assert [li.find(string=True, recursive=False).strip() for li in outer.find_all("li", recursive=False)] == [
        "Zuhören",
        "Nachfragen",
    ]
    assert [li.get_text() for li in outer.li.ul.find_all("li")] == ["aktiv", "geduldig"]
    assert not body["903"].find("pre")
    link = body["903"].find("a")
    assert (link["href"], link.get_text()) == ("https://blog.example/fragen", "mir")
    assert (body["903"].strong.get_text(), body["903"].em.get_text()) == ("wirklich", "lesenswert")
    assert "& <kostenlos>." in body["903"].get_text()

    assert not section.find_all(["script", "iframe", "img"])
    assert body["904"].get_text(" ", strip=True) == "Achtung harmlos"


DRAFT = """\
    Title: Ein Entwurf
    Date: 2024-05-03 10:00
    Slug: entwurf
    Status: draft

    Text.
    """
FUTURE = """\
    Title: Ein geplanter Beitrag
    Date: 2999-01-01 10:00
    Slug: geplant

    Text.
    """


def test_every_build_lists_the_public_posts_of_every_language_for_the_intake(build_site):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "en/posts/a-post.md": EN_POST,
            "de/posts/entwurf.md": DRAFT,
            "de/posts/geplant.md": FUTURE,
            "comments/beitrag/a.md": comment(),
        },
        AUTHORING_SHOW_DRAFTS=False,
        WITH_FUTURE_DATES=False,
        AUTHOR="Redaktion Beispiel",
        COMMENTS_BLOCKED_WORDS=["Casino", "backlinks", " "],
    )
    assert site.report.ok, site.report.errors
    listed = json.loads(site.text("/comments/articles.json"))
    assert listed == {  # the post's own author, else the site's (the intake flags readers signing so)
        "articles": [
            {
                "article": "beitrag",
                "lang": "de",
                "url": "/blog/beitrag/",
                "title": "Ein Beitrag",
                "authors": ["Maren Albrecht"],
            },
            {
                "article": "a-post",
                "lang": "en",
                "url": "/en/blog/a-post/",
                "title": "A post",
                "authors": ["Redaktion Beispiel"],
            },
        ],
        "blocked_words": ["casino", "backlinks"],  # the site's COMMENTS_BLOCKED_WORDS, for the intake
    }
    for post in listed["articles"]:
        assert site.exists(post["url"])  # each one is a page with the form
    assert "@" not in site.text("/comments/articles.json")


def test_the_sample_site_lists_all_its_posts_and_nothing_private(sample_site):
    listed = json.loads(sample_site.text("/comments/articles.json"))["articles"]
    posts = sorted(p.stem for p in (REPO / "content").glob("*/posts/*.md"))
    assert sorted(p["article"] for p in listed) == posts
    assert {p["lang"] for p in listed} == {"de", "en"}
    assert all(
        sample_site.exists(p["url"]) and set(p) == {"article", "lang", "url", "title", "authors"} for p in listed
    )


def test_the_intake_flags_the_sites_blocked_words_it_reads_from_the_list_of_posts(sample_site):
    from intake.articles import parse_articles

    known = parse_articles(sample_site.text("/comments/articles.json"))
    words = {post.blocked_words for post in known.values()}
    assert len(words) == 1 and "backlinks" in words.pop()  # pelicanconf's COMMENTS_BLOCKED_WORDS, not the default


@pytest.mark.parametrize(
    ("url", "facts"),
    [
        (
            "/datenschutz/",
            [
                "Namen",
                "E-Mail-Adresse",
                "Website",
                "Kommentartext",
                "Zeitpunkt Ihrer Einwilligung",
                "Version dieser Datenschutzerklärung",
                "IP-Adresse speichert der Kommentardienst nicht",
                "täglich ändert",
                "als Spam, löschen wir Ihre E-Mail-Adresse",
                "sofort",
                "90 Tage nach der Abgabe",
                "Benachrichtigungen bestätigt",
                "Bestätigungslink",
                "abbestellen",
                "(Auskunft)",
                "löschen alles dazu",
                "Version 1",
                "Anmeldung zu Trainings",
                "Rechnungsanschrift",
                "365 Tage nach dem letzten Tag",
            ],
        ),
        (
            "/en/privacy/",
            [
                "name",
                "email address",
                "website",
                "text of your comment",
                "time of your consent",
                "version of this privacy policy",
                "does not store your IP address",
                "changes every day",
                "mark it as spam, we delete your email address",
                "at once",
                "90 days after you submitted it",
                "unless you confirmed notifications",
                "confirmation link",
                "unsubscribe",
                "(access)",
                "delete all of it",
                "Version 1",
                "Registering for a training",
                "billing address",
                "365 days after the last day",
            ],
        ),
    ],
)
def test_the_privacy_pages_say_what_the_comment_intake_stores_and_for_how_long(sample_site, url, facts):
    text = " ".join(sample_site.soup(url).select_one("main").get_text(" ").split())
    missing = [fact for fact in facts if fact not in text]
    assert missing == []


def test_with_an_endpoint_each_comment_has_a_reply_button_naming_the_id_the_intake_knows(build_site, sample_site):
    site = build_site(
        {
            "de/posts/beitrag.md": POST,
            "comments/beitrag/a.md": comment(),
            "comments/beitrag/intake-c-Ab9.md": comment(
                id="intake-c-Ab9", author="<b>Bea</b>", date="2024-05-03 10:00 +0200"
            ),
        },
        COMMENTS_ENDPOINT="https://kommentare.example/comments",
    )
    assert site.report.ok, site.report.errors
    soup = site.soup("/blog/beitrag/")
    buttons = {b.find_parent("li")["id"]: b for b in soup.select("#comments button.comment__reply")}
    assert {key: b["data-reply-to"] for key, b in buttons.items()} == {
        "comment-a": "a",
        "comment-intake-c-Ab9": "c-Ab9",
    }
    assert all(b.has_attr("hidden") and b.get_text(strip=True) == "Antworten" for b in buttons.values())
    assert buttons["comment-intake-c-Ab9"]["data-reply-name"] == "<b>Bea</b>"
    assert 'data-reply-name="&lt;b&gt;Bea&lt;/b&gt;"' in site.text("/blog/beitrag/")  # escaped in the HTML
    form = soup.select_one("#comments form")
    assert form.find("input", attrs={"name": "reply_to"})["value"] == ""
    assert form.select_one(".comment-form__replying").has_attr("hidden")
    assert sample_site.soup(GERMAN_POST).select("button.comment__reply") == []  # no endpoint: no reply buttons


@pytest.mark.parametrize("endpoint", ["kommentare.example/comments", "javascript:alert(1)", "https://x.example/a b"])
def test_an_endpoint_the_form_cannot_post_to_fails_the_build(build_site, endpoint):
    site = build_site({"de/posts/beitrag.md": POST}, COMMENTS_ENDPOINT=endpoint)
    assert not site.report.ok
    expected = f"pelicanconf.py: COMMENTS_ENDPOINT {endpoint!r} is not an address the comment form can post to"
    assert len([e for e in site.report.errors if expected in e]) == 1, site.report.errors


def test_a_min_seconds_that_is_no_number_ends_the_build_and_make_check_with_one_line(build_site, tmp_path):
    site = build_site({"de/posts/beitrag.md": POST}, COMMENTS_MIN_SECONDS="abc")  # was a ValueError traceback
    assert not site.report.ok
    expected = "pelicanconf.py: COMMENTS_MIN_SECONDS 'abc' is not a whole number (e.g. COMMENTS_MIN_SECONDS = 5)"
    assert [e for e in site.report.errors if "COMMENTS_MIN_SECONDS" in e] == [expected]
    assert not any("Traceback" in e or "ValueError" in e for e in site.report.errors), site.report.errors
    settings = load_settings(
        str(REPO / "pelicanconf.py"), {"PATH": str(tmp_path / "content"), "COMMENTS_MIN_SECONDS": "abc"}
    )
    assert [str(f.problem) for f in check_site(settings).findings if "COMMENTS_MIN_SECONDS" in str(f.problem)] == [
        expected
    ]


def test_a_hidden_post_is_built_with_its_translation_link_and_comments_but_not_listed(build_site):
    """``status: hidden``: written at its address (for a link in a mail, say) with everything a
    post has, but in no listing, not in the search and ``noindex``. Every plugin sees hidden
    posts as it sees published ones."""
    hidden = POST.replace("Slug: beitrag", "Slug: beitrag\n    Status: versteckt\n    Translation_Key: t")
    english = EN_POST.replace("Slug: a-post", "Slug: a-post\n    Translation_Key: t")
    site = build_site(
        {"de/posts/beitrag.md": hidden, "en/posts/a-post.md": english, "comments/beitrag/a.md": comment()}
    )
    assert site.report.ok, site.report.errors + site.report.warnings
    soup = site.soup("/blog/beitrag/")
    assert soup.find("link", rel="alternate", hreflang="en")["href"].endswith("/en/blog/a-post/")
    assert soup.select_one("#comments .comment__body").get_text(strip=True) == "Ein Kommentar."
    assert "/blog/beitrag/" not in site.text("/blog/")
    # nor in the site's search, nor for search engines
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    fragments = [gzip.decompress(p.read_bytes()) for p in (site.root / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert fragments and not any("Ein Beitrag".encode() in fragment for fragment in fragments)
    assert any(b"A post" in fragment for fragment in fragments)  # its published translation is found
