"""Old addresses keep working: the redirect pages, ``_redirects`` and the server includes of a
published build; an old address claimed twice or still in use, and files the build does not
read, in the build and in ``make check``; ``make redirects-from-wxr`` on a small export.

The real nginx and Caddy answering 301 from these includes: ``tests/intake/test_site_redirects.py``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup

from bilingual.content_index import scan
from content_reader.source_files import read_source
from redirects.__main__ import main as redirects_main
from redirects.front_matter_edit import with_old_urls
from redirects.site_redirects import write_redirects
from sitebuild.build import load_settings
from sitecore.languages import languages_from_settings
from sitecore.problems import ContentError
from sitetest import REPO, build_into, write_content

SITE = "https://www.example.de"
AGILITY_DE = """\
    Title: Agilität im Kopf
    Date: 2019-10-23 09:00
    Slug: agilitaet-im-kopf
    Translation_Key: agility
    Old_urls: https://alt.example.de/2019/10/agilitaet-im-kopf/
        /2018/verk%C3%A4ufer

    Beweglich bleiben.
    """
AGILITY_EN = """\
    ---
    title: Agility in the Mind
    date: 2019-10-24 09:00
    slug: agility-in-the-mind
    translation_key: agility
    old_urls:
      - /en/2019/agility/
    ---
    Stay agile.
    """
ABOUT = """\
    Title: Über uns
    Slug: ueber-uns
    Old_urls: /ueber-uns.html

    Wir.
    """
DRAFT = """\
    Title: Noch nicht
    Date: 2020-01-01
    Status: draft
    Old_urls: /2020/entwurf/

    Später.
    """
OFFER = (REPO / "content/de/offers/workshop-digitale-kundeninteraktion.md").read_text(encoding="utf-8")
PUBLISHED = {
    # a training offer of the sample site, with the address of its old seminar page
    "de/offers/workshop.md": OFFER.replace("\nsessions:", "\nold_urls: /seminare/workshop.html\nsessions:", 1),
    "de/posts/agilitaet.md": AGILITY_DE,
    "en/posts/agility.md": AGILITY_EN,
    "de/pages/ueber-uns.md": ABOUT,
    "de/posts/entwurf.md": DRAFT,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The posts above built like `make publish`: strict, so the links, the third-party and the
    Nu HTML Checker gates ran over the redirect pages too."""
    root = tmp_path_factory.mktemp("redirects")
    content = write_content(root, PUBLISHED)
    no_links = {"de": [], "en": []}  # the menu's pages are not part of this small site
    built = build_into(
        root / "output", PATH=str(content), SITEURL=SITE, STRICT=True, MENU=no_links, FOOTER_LINKS=no_links
    )
    assert built.report.ok, built.report.errors + built.report.warnings
    return built


def page(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site.root / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("old_file", "lang", "target", "title", "sentence"),
    [
        (
            "2019/10/agilitaet-im-kopf/index.html",
            "de",
            "/blog/agilitaet-im-kopf/",
            "Agilität im Kopf",
            "Dieser Beitrag hat eine neue Adresse:",
        ),
        ("2018/verkäufer/index.html", "de", "/blog/agilitaet-im-kopf/", "Agilität im Kopf", "Dieser Beitrag"),
        (
            "en/2019/agility/index.html",
            "en",
            "/en/blog/agility-in-the-mind/",
            "Agility in the Mind",
            "This post has a new address:",
        ),
        ("ueber-uns.html", "de", "/ueber-uns/", "Über uns", "Diese Seite hat eine neue Adresse:"),
        (
            "seminare/workshop.html",
            "de",
            "/trainings/workshop-digitale-kundeninteraktion/",
            "Workshop: Kundeninteraktion mit digitalen Werkzeugen",
            "Dieses Angebot hat eine neue Adresse:",
        ),
    ],
)
def test_each_old_address_has_a_redirect_page_in_the_language_of_its_post(
    site, old_file, lang, target, title, sentence
):
    soup = page(site, old_file)
    address = SITE + target
    assert soup.html["lang"] == lang
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={address}"
    assert soup.find("link", rel="canonical")["href"] == address
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = soup.find("a")
    assert (link["href"], link.get_text()) == (address, title)
    assert link.parent.get_text().startswith(sentence)
    assert not soup.find_all(["script", "img", "iframe", "style"]) and not soup.find("link", rel="stylesheet")
    assert (site.root / target.strip("/") / "index.html").is_file()  # where it leads exists


def test_a_draft_gets_no_redirect_and_no_redirect_page_is_in_the_sitemap(site):
    assert not (site.root / "2020").exists()
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert "/blog/agilitaet-im-kopf/" in sitemap
    assert "2019/10" not in sitemap and "ueber-uns.html" not in sitemap and "2019/agility" not in sitemap


def test_the_server_maps_list_every_old_path_with_and_without_its_slash(site):
    netlify = (site.root / "_redirects").read_text(encoding="utf-8").splitlines()
    assert netlify[0].startswith("#")
    assert netlify[1:] == [
        "/2018/verk%C3%A4ufer /blog/agilitaet-im-kopf/ 301",
        "/2018/verk%C3%A4ufer/ /blog/agilitaet-im-kopf/ 301",
        "/2019/10/agilitaet-im-kopf/ /blog/agilitaet-im-kopf/ 301",
        "/2019/10/agilitaet-im-kopf /blog/agilitaet-im-kopf/ 301",
        "/en/2019/agility/ /en/blog/agility-in-the-mind/ 301",
        "/en/2019/agility /en/blog/agility-in-the-mind/ 301",
        "/seminare/workshop.html /trainings/workshop-digitale-kundeninteraktion/ 301",
        "/ueber-uns.html /ueber-uns/ 301",
    ]
    nginx = (site.root / "_redirects.nginx.conf").read_text(encoding="utf-8")
    assert 'location = "/2018/verkäufer/" { return 301 "/blog/agilitaet-im-kopf/"; }' in nginx
    assert nginx.count("return 301") == 8
    caddy = (site.root / "_redirects.caddy").read_text(encoding="utf-8")
    assert "redir /ueber-uns.html /ueber-uns/ 301" in caddy and caddy.count("redir ") == 8


CLASHING = {
    "de/posts/a.md": """\
        Title: A
        Date: 2020-01-01
        Old_urls: /2019/alt/

        Text.
        """,
    "de/posts/b.md": """\
        ---
        title: B
        date: 2020-01-02
        old_urls:
          - https://alt.example.de/2019/neu/
          - https://alt.example.de/2019/ALT
        ---
        Text.
        """,
    "en/posts/c.md": """\
        Title: C
        Date: 2020-01-03
        Old_urls: /blog/a/

        Text.
        """,
    "de/offers/o.md": OFFER.replace("\nsessions:", "\nold_urls: /2019/alt\nsessions:", 1),
    "de/posts/beitrag.txt": "Ein Jekyll-Beitrag, als Text gespeichert.\n",
    "de/posts/tippfehler.markdwon": "Title: T\n",
    "de/pages/alt.doc": "Word 97\n",
}
OFFER_LINE = OFFER[: OFFER.index("\nsessions:")].count("\n") + 2
CLASH_ERRORS = [
    (
        f"de/offers/o.md:{OFFER_LINE}: the old address '/2019/alt' is already claimed by ",
        "de/posts/a.md:3 (an old address leads to one page",
    ),
    (
        "de/posts/b.md:6: the old address '/2019/ALT' is already claimed by ",
        "de/posts/a.md:3 (an old address leads to one page",
    ),
    ("en/posts/c.md:3: the old address '/blog/a/' is the address of ", "de/posts/a.md (a redirect there would hide"),
]
UNREAD_WARNINGS = [
    "de/posts/beitrag.txt: the build does not read this file (make a draft post of it with `make import FILE=",
    "de/posts/tippfehler.markdwon: the build does not read this file (a Markdown file must end in .md: rename it to tippfehler.md)",
    "de/pages/alt.doc: the build does not read this file (save it in Word as .docx, then `make import FILE=",
]


def settings_text(content) -> str:
    """A settings file for the site in *content*, with the repository's theme and plugins."""
    return (
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\nPATH = {str(content)!r}\n"
        f"THEME = {str(REPO / 'theme')!r}\nPLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\n"
    )


@pytest.fixture(scope="module")
def clashing(tmp_path_factory):
    """Content with clashing old addresses and files the build skips, its settings file."""
    root = tmp_path_factory.mktemp("clashing")
    content = write_content(root, CLASHING)
    settings = root / "siteconf.py"
    settings.write_text(settings_text(content))
    return root, content, settings


def test_a_clash_is_an_error_in_the_build_naming_both_files_and_unread_files_are_warnings(clashing):
    root, content, _settings = clashing
    built = build_into(root / "output", PATH=str(content))
    assert not built.report.ok and not (root / "output").exists()
    for start, end in CLASH_ERRORS:
        assert any(start in error and end in error for error in built.report.errors), built.report.errors
    assert len(built.report.errors) == len(CLASH_ERRORS)
    for warning in UNREAD_WARNINGS:
        assert any(warning in line for line in built.report.warnings), built.report.warnings


def test_make_check_reports_the_same_clashes_and_unread_files(clashing):
    root, _content, settings = clashing
    result = subprocess.run(
        [sys.executable, "-m", "authoring", "--settings", str(settings), "check"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    assert len(errors) == len(CLASH_ERRORS), result.stdout
    for start, end in CLASH_ERRORS:
        assert any(start in line and end in line for line in errors), result.stdout
    for warning in UNREAD_WARNINGS:
        assert any(line.startswith("WARNING: content/" + warning) for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("alte-seite", "'alte-seite' is neither a web address nor a path starting with /"),
        ("https://alt.example.de/?p=12", "has a query (?…) or a fragment (#…)"),
        ("/2019/../geheim/", "has an empty, . or .. part"),
        ("/", "is the home page"),
        ("/alt/%FF/", "has a %-escape that is not UTF-8"),
        ("/alt/<b>/", "holds a character a server configuration cannot carry"),
    ],
)
def test_an_address_that_is_none_is_an_error_at_its_line(tmp_path, value, message):
    post = f'---\ntitle: A\ndate: 2020-01-01\nold_urls:\n  - /2019/gut/\n  - "{value}"\n---\nText.\n'
    settings = load_settings(
        str(REPO / "pelicanconf.py"), {"PATH": str(write_content(tmp_path, {"de/posts/a.md": post}))}
    )
    with pytest.raises(ContentError) as raised:
        read_source(str(tmp_path / "content" / "de/posts/a.md"), settings)
    assert raised.value.problem.line == 6
    assert message in raised.value.problem.message
    assert "https://alte-seite.de/2019/10/titel/" in raised.value.problem.hint


def test_an_old_address_where_the_build_wrote_a_page_gets_no_redirect_and_is_an_error(tmp_path):
    post = "Title: A\nDate: 2020-01-01\nOld_urls: /kategorie/ /2019/a/\n\nText.\n"
    content = write_content(tmp_path, {"de/posts/a.md": post})
    settings = load_settings(str(REPO / "pelicanconf.py"), {"PATH": str(content)})
    index, problems = scan(settings, languages_from_settings(settings))
    assert problems == []
    built = tmp_path / "built"
    (built / "kategorie").mkdir(parents=True)
    (built / "kategorie" / "index.html").write_text("the categories page", encoding="utf-8")
    found = write_redirects(str(built), index, settings)
    assert [str(p).split("content/", 1)[1] for p in found] == [
        "de/posts/a.md:3: the old address '/kategorie/' is the site's page kategorie/index.html "
        "(a redirect there would hide that page: delete the line)"
    ]
    assert (built / "kategorie" / "index.html").read_text(encoding="utf-8") == "the categories page"
    assert (built / "2019" / "a" / "index.html").is_file()
    assert "/kategorie" not in (built / "_redirects").read_text(encoding="utf-8")


WXR = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
    <channel>
    <title>Alte Seite</title>
    <item><title>Agilität im Kopf</title><link>https://alt.example.de/2019/10/agilitaet/</link>
      <wp:post_name>agilit%c3%a4t-im-kopf</wp:post_name><wp:post_type>post</wp:post_type>
      <wp:status>publish</wp:status><wp:post_date>2019-10-23 09:00:00</wp:post_date></item>
    <item><title>Zuhören</title><link>https://alt.example.de/2019/11/zuhoeren/</link>
      <wp:post_name>zuhoeren</wp:post_name><wp:post_type>post</wp:post_type>
      <wp:status>publish</wp:status><wp:post_date>2019-11-05 10:00:00</wp:post_date></item>
    <item><title>Über uns</title><link>https://alt.example.de/wir/</link>
      <wp:post_name>ueber-uns</wp:post_name><wp:post_type>page</wp:post_type><wp:status>publish</wp:status></item>
    <item><title>Verschwunden</title><link>https://alt.example.de/2018/weg/</link>
      <wp:post_name>weg</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>
    <item><title>Halbfertig</title><link>https://alt.example.de/?p=99</link>
      <wp:post_name></wp:post_name><wp:post_type>post</wp:post_type><wp:status>draft</wp:status></item>
    <item><title>foto</title><link>https://alt.example.de/foto/</link>
      <wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status></item>
    </channel>
    </rss>
    """)
WXR_CONTENT = {
    "de/posts/agilitaet.md": "Title: Agilität im Kopf\nDate: 2019-10-23 09:00\n\nBeweglich.\n",
    # two posts called "Zuhören": the day of publication picks the WordPress one
    "de/posts/zuhoeren.md": "---\ntitle: Zuhören\ndate: 2019-11-05\nslug: zuhoeren-2019\n---\nOhren.\n",
    "de/posts/zuhoeren-neu.md": "---\ntitle: Zuhören\ndate: 2024-02-01\nslug: zuhoeren-2024\n---\nNeu.\n",
    "de/pages/ueber-uns.md": "Title: Über uns\nSlug: ueber-uns\nOld_urls: /about.html\n\nWir.\n",
}


def redirects_cli(root, settings, capsys, monkeypatch, *args) -> subprocess.CompletedProcess:
    """``python -m redirects from-wxr`` run in this process from *root* (Pelican is imported already)."""
    monkeypatch.chdir(root)
    code = redirects_main(["--settings", str(settings), "from-wxr", str(root / "export.xml"), *args])
    out = capsys.readouterr()
    return subprocess.CompletedProcess([], code, out.out, out.err)


def test_redirects_from_wxr_writes_each_matched_posts_old_address_and_reports_the_rest(tmp_path, capsys, monkeypatch):
    content = write_content(tmp_path, WXR_CONTENT)
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    settings = tmp_path / "siteconf.py"
    settings.write_text(settings_text(content))
    before = {path: path.read_text(encoding="utf-8") for path in content.rglob("*.md")}

    dry = redirects_cli(tmp_path, settings, capsys, monkeypatch, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert {path: path.read_text(encoding="utf-8") for path in content.rglob("*.md")} == before
    assert dry.stdout.startswith("would add 3 old address(es) to 3 file(s)\n")

    done = redirects_cli(tmp_path, settings, capsys, monkeypatch)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "added 3 old address(es) to 3 file(s)",
        "  content/de/posts/agilitaet.md: https://alt.example.de/2019/10/agilitaet/  (WordPress: Agilität im Kopf)",
        "  content/de/posts/zuhoeren.md: https://alt.example.de/2019/11/zuhoeren/  (WordPress: Zuhören)",
        "  content/de/pages/ueber-uns.md: https://alt.example.de/wir/  (WordPress: Über uns)",
        "not matched (1): add the address to the post's old_urls by hand",
        "  'Verschwunden' https://alt.example.de/2018/weg/: no post of the site has its slug or title",
        "skipped 1 attachment items (no page of their own)",
        "skipped 1 posts with WordPress status 'draft' (never public)",
    ]
    assert (content / "de/posts/agilitaet.md").read_text(encoding="utf-8") == (
        "Title: Agilität im Kopf\nDate: 2019-10-23 09:00\nOld_urls: https://alt.example.de/2019/10/agilitaet/\n\n"
        "Beweglich.\n"
    )
    assert (content / "de/posts/zuhoeren.md").read_text(encoding="utf-8") == (
        '---\ntitle: Zuhören\ndate: 2019-11-05\nslug: zuhoeren-2019\nold_urls:\n  - "https://alt.example.de/2019/11/zuhoeren/"\n'
        "---\nOhren.\n"
    )
    assert (content / "de/posts/zuhoeren-neu.md").read_text(encoding="utf-8") == before[
        content / "de/posts/zuhoeren-neu.md"
    ]
    assert (content / "de/pages/ueber-uns.md").read_text(encoding="utf-8") == (
        "Title: Über uns\nSlug: ueber-uns\nOld_urls: /about.html\n    https://alt.example.de/wir/\n\nWir.\n"
    )

    again = redirects_cli(tmp_path, settings, capsys, monkeypatch)
    assert again.stdout.startswith("added 0 old address(es) to 0 file(s)\nalready named (3):\n")
    settings_dict = load_settings(str(settings))
    index, problems = scan(settings_dict, languages_from_settings(settings_dict))
    assert problems == []
    assert dict((e.path, tuple(p for p, _line in e.old_urls)) for e in index.entries if e.old_urls) == {
        "de/posts/agilitaet.md": ("/2019/10/agilitaet/",),
        "de/posts/zuhoeren.md": ("/2019/11/zuhoeren/",),
        "de/pages/ueber-uns.md": ("/about.html", "/wir/"),
    }


def test_redirects_from_wxr_refuses_a_file_that_is_no_export(tmp_path, capsys, monkeypatch):
    (tmp_path / "export.xml").write_text("<html><body>no</body></html>", encoding="utf-8")
    (tmp_path / "content").mkdir()
    settings = tmp_path / "siteconf.py"
    settings.write_text(settings_text(tmp_path / "content"))
    result = redirects_cli(tmp_path, settings, capsys, monkeypatch)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("export.xml: no <channel>: not a WordPress export")


def test_a_reader_who_opens_an_old_address_lands_on_the_post(site, browser):
    from browsing import serve

    url, server = serve(site.root)
    page = browser.new_page()
    foreign = []

    def from_the_build(route):  # the site's absolute addresses, answered from the built files
        path = route.request.url.removeprefix(SITE).split("?")[0]
        file = site.root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        if file.is_file():
            route.fulfill(path=str(file))
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route(SITE + "/**", from_the_build)
    page.on(
        "request", lambda request: request.url.startswith(("http://127.0.0.1", SITE)) or foreign.append(request.url)
    )
    try:
        page.goto(url + "/2018/verk%C3%A4ufer/")
        page.wait_for_url(SITE + "/blog/agilitaet-im-kopf/")
        assert page.locator("h1").inner_text() == "Agilität im Kopf"
        assert foreign == []
    finally:
        page.close()
        server.shutdown()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # YAML, one line: becomes a list with the new address, the rest as it was
            "---\ntitle: A\nold_urls: [/alt/]  \ntags: x\n---\nText.\n",
            '---\ntitle: A\nold_urls:\n  - "/alt/"\n  - "https://alt.example.de/neu/"\ntags: x\n---\nText.\n',
        ),
        (  # YAML list followed by a comment: the comment stays
            "---\ntitle: A\nold_urls:\n  - /alt/\n# Notiz\n---\nText.\n",
            '---\ntitle: A\nold_urls:\n  - "/alt/"\n  - "https://alt.example.de/neu/"\n# Notiz\n---\nText.\n',
        ),
        (  # native, commas between the addresses: one per line afterwards
            "Title: A\nOld_urls: /alt/, /älter/\nTags: x\n\nText.\n",
            "Title: A\nOld_urls: /alt/\n    /älter/\n    https://alt.example.de/neu/\nTags: x\n\nText.\n",
        ),
        (  # named already, with another host and without the slash: nothing changes
            "Title: A\nOld_urls: https://www.example.org/neu\n\nText.\n",
            "Title: A\nOld_urls: https://www.example.org/neu\n\nText.\n",
        ),
    ],
)
def test_adding_an_old_address_keeps_every_other_line(before, after):
    assert with_old_urls(before, "a.md", ["https://alt.example.de/neu/"]) == after
