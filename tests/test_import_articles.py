"""`make import` on pages copied from old sites (tests/data/import/, written for these tests):
front matter, the body's exact words, comment files and the report of each; the drafts build,
and a post to be published with the report still in it fails.

All imports run once per module into one small site (its content: two offers, the authors),
which is built once as a preview; the publish build gets one post whose draft line is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from authoring.__main__ import main
from authoring.article_import import ImportOptions, read_article
from docx_files import png, teaser_docx
from sitetest import REPO, build_into, write_content

DATA = Path(__file__).resolve().parent / "data" / "import"
NOW = "2026-12-07T10:00:00+01:00"
IMAGE = png((20, 90, 160))
IMAGE_NAME = hashlib.sha256(IMAGE).hexdigest()[:16] + ".png"
TEASER = (DATA / "teaser-ohne-titel.txt").read_text(encoding="utf-8").split("\n")[0]
CONTENT = {
    "taxonomy.yml": "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n",
    "authors.yml": (REPO / "content/authors.yml").read_text(encoding="utf-8"),
    "de/offers/kommunikationstraining-vertrieb.md": (
        REPO / "content/de/offers/kommunikationstraining-vertrieb.md"
    ).read_text(encoding="utf-8"),
    "en/offers/communication-training-sales.md": (REPO / "content/en/offers/communication-training-sales.md").read_text(
        encoding="utf-8"
    ),
}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    """``python -m authoring --settings … <args>`` in *root*, in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.chdir(root)
        code = main(["--settings", str(root / "siteconf.py"), *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    """A small site with every kind of article imported (as an author would, file by file and a folder)."""
    root = tmp_path_factory.mktemp("import")
    write_content(root, CONTENT)
    (root / "siteconf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(root / 'content')!r}\nTHEME = {str(REPO / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    (root / "ordner").mkdir()
    for name in ("drupal-einwaende.txt", "gastbeitrag-magazin.txt"):
        shutil.copy(DATA / name, root / "ordner" / name)
    for name in ("wordpress-zuhoeren.txt", "teaser-ohne-titel.txt", "saved-page-listening.html"):
        shutil.copy(DATA / name, root / name)
    (root / "teaser.docx").write_bytes(teaser_docx(TEASER))
    (root / "Listening first_files").mkdir()  # the folder a browser saves beside the page
    (root / "Listening first_files/counting.png").write_bytes(IMAGE)
    return root


@pytest.fixture(scope="module")
def runs(site_root) -> dict:
    """Each import's (exit code, stdout, stderr), in the order an author would run them."""
    root = site_root
    return {
        "wordpress": run(root, "import", "wordpress-zuhoeren.txt", "--now", NOW),
        "folder": run(root, "import", "ordner", "--now", NOW),
        "teaser without title": run(root, "import", "teaser-ohne-titel.txt", "--now", NOW),
        "teaser": run(
            root, "import", "teaser-ohne-titel.txt", "--title", "Zuhören als Gewohnheit", "--date", "2020-02-03"
        ),
        "word without title": run(root, "import", "teaser.docx", "--now", NOW),
        "word": run(root, "import", "teaser.docx", "--title", "Fragen als Gewohnheit", "--date", "2020-02-04 08:00"),
        "saved page": run(root, "import", "saved-page-listening.html", "--lang", "en", "--now", NOW),
    }


def post(root: Path, path: str) -> tuple[str, str, str]:
    """(front matter, report comment, body) of an imported draft."""
    text = (root / path).read_text(encoding="utf-8")
    _, front, rest = text.split("---\n", 2)
    report, body = rest.split("\n-->\n\n", 1)
    assert report.startswith("<!-- make import: ")  # right below the front matter
    return front, report, body


def comment_files(root: Path, slug: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "content/comments" / slug).iterdir())}


def test_a_wordpress_page_loses_its_furniture_and_keeps_its_comments_apart(site_root, runs):
    code, out, err = runs["wordpress"]
    assert (code, out) == (0, "content/de/posts/zuhoeren-statt-ueberreden.md\n"), err
    front, report, body = post(site_root, "content/de/posts/zuhoeren-statt-ueberreden.md")
    assert front == (
        'title: "Zuhören statt Überreden"\n'
        "date: 2019-11-21 00:00:00 +0100\n"
        "slug: zuhoeren-statt-ueberreden\n"
        'author: "Maren Albrecht"\n'
        "tags: []\n"
        'summary: "Wer im Verkauf zuhört, gewinnt mehr als jede Präsentation."\n'
        'old_urls: ["https://www.albrecht-alt.example/2019/11/zuhoeren-statt-ueberreden/"]\n'
        "status: draft  # remove this line (or write: published) to publish the post\n"
    )
    assert body == (
        "Wer im Verkauf zuhört, gewinnt mehr als jede Präsentation.\n\n"
        "Viele Gespräche scheitern nicht am Angebot, sondern am Tempo. Der Verkäufer hat die Lösung schon im Kopf, "
        "bevor der Kunde sein Problem zu Ende erzählt hat.\n\n"
        "Drei Schritte helfen:\n\n"
        "-   nachfragen, bevor Sie antworten\n-   das Gehörte in eigenen Worten wiederholen\n"
        "-   erst dann einen Vorschlag machen\n\n"
        "Unser Workshop am 21. November 2019 in Hamburg war schnell ausgebucht.\n\n"  # a date, no list item "1."
        "!!! offer kommunikationstraining-vertrieb\n"
        "    Sie wollen ein Kommunikationstraining für Ihr Vertriebsteam? Mehr dazu unter:\n"
    )
    assert comment_files(site_root, "zuhoeren-statt-ueberreden") == {
        "2019-11-22-maren-albrecht.md": "---\narticle: zuhoeren-statt-ueberreden\nlang: de\nauthor: Maren Albrecht\n"
        "date: 2019-11-22 17:40:00 +0100\nstatus: approved\nreply_to: 2019-11-22-thomas-brenner\nauthor_reply: true\n"
        "---\nDanke für Ihren Kommentar, Herr Brenner! Genau so wird aus einer Technik eine Gewohnheit.\n",
        "2019-11-22-thomas-brenner.md": "---\narticle: zuhoeren-statt-ueberreden\nlang: de\nauthor: Thomas Brenner\n"
        "date: 2019-11-22 09:15:00 +0100\nstatus: approved\n---\n"
        "Sehr guter Beitrag. Das Wiederholen in eigenen Worten üben wir jetzt in jedem Teammeeting.\n",
        "2019-11-25-sabine-kurz.md": "---\narticle: zuhoeren-statt-ueberreden\nlang: de\nauthor: Sabine Kurz\n"
        "date: 2019-11-25 08:02:00 +0100\nstatus: approved\n---\n"
        "Mir fehlt ein Beispiel für Telefonate.\n\nIch probiere es trotzdem aus.\n",
    }
    lines = err.splitlines()
    assert lines[0] == (
        "Import von wordpress-zuhoeren.txt -> content/de/posts/zuhoeren-statt-ueberreden.md"
    ) and report.startswith("<!-- make import: " + lines[0])
    for line in (
        "  - Datum: 2019-11-21 00:00 (aus „21. November 2019 von Maren Albrecht“)",
        "  - Kommentare: 3 (1 als Antwort zugeordnet, 1 von der Autorin/dem Autor) -> "
        "content/comments/zuhoeren-statt-ueberreden/",
        "      2. Maren Albrecht, 2019-11-22 17:40, antwortet auf 1, Antwort der Autorin/des Autors",
        "  - Angebot (Vorschlag): !!! offer kommunikationstraining-vertrieb bei „Sie wollen ein "
        "Kommunikationstraining für Ihr Vertriebsteam? Mehr dazu unter:“",
        "Entfernt (30; nichts davon steht im Entwurf):",
        "  - Zeile 6: „Oktober 23, 2019Agilität im Kopf“ (Navigation mit Datum / navigation with a date)",
        "  - Zeile 9: „0 Kommentare“ (Kommentarzähler / comment counter)",
        "  - Zeile 28: „← Vorheriger Beitrag“ (Vorheriger/nächster Beitrag / previous/next post)",
        "  - Zeile 45: „Schreiben Sie einen Kommentar“ (Kommentarformular / comment form)",
        "  - Zeile 53: „Danke für Ihren Kommentar, wir prüfen dies gerne.“ (Hinweis des Kommentarformulars / "
        "comment form notice)",
        "  - Den Hinweis auf das Angebot „kommunikationstraining-vertrieb“ bestätigen oder löschen.",
    ):
        assert line in lines and line in report.replace("- -", "--")


def test_every_line_of_the_source_is_in_the_draft_the_comments_or_the_report(site_root, runs):
    source = (DATA / "wordpress-zuhoeren.txt").read_text(encoding="utf-8").splitlines()
    front, report, body = post(site_root, "content/de/posts/zuhoeren-statt-ueberreden.md")
    comments = "\n".join(comment_files(site_root, "zuhoeren-statt-ueberreden").values())
    everything = " ".join(f"{front}{report}{body}{comments}".replace("\\", "").split())
    missing = [line for line in source if line.strip() and line.strip() not in everything]
    assert missing == ["22. November 2019 um 09:15", "22. November 2019 um 17:40", "25. November 2019 um 08:02"]
    for when in ("2019-11-22 09:15", "2019-11-22 17:40", "2019-11-25 08:02"):  # the comments' dates
        assert f"date: {when}:00 +0100" in comments and f", {when}" in report


def test_a_drupal_page_loses_its_captcha_and_form(site_root, runs):
    code, out, err = runs["folder"]
    assert code == 0, err
    assert out.splitlines() == [
        "content/de/posts/einwaende-als-gespraechsangebot.md",
        "content/de/posts/verhandeln-ohne-verlierer.md",
    ]
    assert err.count("Import von ") == 2  # one report for the folder
    front, _report, body = post(site_root, "content/de/posts/einwaende-als-gespraechsangebot.md")
    assert "date: 2019-03-14 10:30:00 +0100\n" in front
    assert body == (
        "Ein Einwand ist kein Nein. Er zeigt, woran der Kunde noch zweifelt.\n\n"
        "Wer den Einwand wiederholt und nachfragt, erfährt, was wirklich fehlt.\n"
    )
    assert comment_files(site_root, "einwaende-als-gespraechsangebot") == {
        "2019-03-15-jonas.md": "---\narticle: einwaende-als-gespraechsangebot\nlang: de\nauthor: Jonas\n"
        "date: 2019-03-15 08:05:00 +0100\nstatus: approved\n---\nStimmt, nachfragen ist alles.\n"
    }
    for line in (
        "  - Zeile 3: „Gespeichert von admin am Do., 14.03.2019 - 10:30“ (Datumszeile / date line)",
        "  - Zeile 17: „CAPTCHA“ (CAPTCHA)",
        "  - Zeile 18: „This question is for testing whether or not you are a human visitor and to prevent "
        "automated spam submissions.“ (CAPTCHA)",
        "  - Zeile 20: „1 + 0 =“ (CAPTCHA)",
        "  - Zeile 11: „Kommentar hinzufügen“ (Kommentarformular / comment form)",
        "  - Zeile 23: „Vorschau“ (Formularfeld / form field)",
    ):
        assert line in err.splitlines()


def test_a_guest_post_gets_its_quote_source_and_first_publication(site_root, runs):
    front, _report, body = post(site_root, "content/de/posts/verhandeln-ohne-verlierer.md")
    assert front == (
        'title: "Verhandeln ohne Verlierer"\n'
        "date: 2026-12-07 10:00:00 +0100\n"
        "slug: verhandeln-ohne-verlierer\n"
        'author: "Maren Albrecht"\n'
        "tags: []\n"
        'summary: "Gute Verhandlungen enden mit zwei Gewinnern. Das klingt nach Kalenderspruch, ist aber Handwerk."\n'
        'guest_author: "Dr. Petra Lind"  # suggested by make import: check\n'
        'first_published_in: "Vertriebsmagazin „Verkaufen heute“ (Ausgabe 3/2019)"\n'
        "status: draft  # remove this line (or write: published) to publish the post\n"
    )
    assert body == (
        "Gute Verhandlungen enden mit zwei Gewinnern. Das klingt nach Kalenderspruch, ist aber Handwerk.\n\n"
        "> „Wer nur auf den Preis schaut, verhandelt über das Falsche.“\n>\n> — Dr. Petra Lind\n\n"
        "Der erste Schritt ist, die Interessen hinter den Positionen zu erfragen.\n"
    )
    lines = runs["folder"][2].splitlines()
    for line in (
        "  - Zitat mit Quelle: „Wer nur auf den Preis schaut, verhandelt über das Falsche.“ — Dr. Petra Lind",
        "  - Erstveröffentlichung: first_published_in: Vertriebsmagazin „Verkaufen heute“ (Ausgabe 3/2019)",
        "  - Gastautor/in (Vorschlag): guest_author: Dr. Petra Lind",
        "  - Zeile 2: „Ein Gastbeitrag von Dr. Petra Lind“ (Gastautor / guest byline)",
        "  - Kein Datum gefunden: heute eingesetzt (2026-12-07 10:00); mit DATE=JJJJ-MM-TT das richtige angeben.",
    ):
        assert line in lines


@pytest.mark.parametrize(
    ("name", "source", "line"),
    [("teaser without title", "teaser-ohne-titel.txt", ":1"), ("word without title", "teaser.docx", "")],
)
def test_a_first_line_too_long_for_a_title_asks_for_one(site_root, runs, name, source, line):
    code, out, err = runs[name]
    assert (code, out) == (1, "")
    assert err == (
        f"ERROR: {source}{line}: the first line has 400 characters: too long for a title (at most 120) "
        '(name the title: make import FILE=… TITLE="…"; the line then stays the first paragraph)\n'
    )


@pytest.mark.parametrize(
    ("name", "path", "date"),
    [
        ("teaser", "content/de/posts/zuhoeren-als-gewohnheit.md", "2020-02-03 00:00:00 +0100"),
        ("word", "content/de/posts/fragen-als-gewohnheit.md", "2020-02-04 08:00:00 +0100"),
    ],
)
def test_with_a_title_the_teaser_is_the_summary_and_stays_the_first_paragraph(site_root, runs, name, path, date):
    code, out, err = runs[name]
    assert (code, out) == (0, path + "\n"), err
    front, _report, body = post(site_root, path)
    assert f"date: {date}\n" in front and f'summary: "{TEASER}"\n' in front
    assert body.startswith(TEASER + "\n\nZuhören ist eine Gewohnheit, keine Technik.\n")
    assert "TITLE=… ist nicht die erste Zeile der Datei: die erste Zeile steht als erster Absatz im Text." in err


def test_the_word_file_gets_the_same_treatment(site_root, runs):
    _front, _report, body = post(site_root, "content/de/posts/fragen-als-gewohnheit.md")
    assert (
        body
        == f"{TEASER}\n\nZuhören ist eine Gewohnheit, keine Technik.\n\n> Wer fragt, führt.\n>\n> — Maren Albrecht\n"
    )
    assert "  - Absatz 5: „Teilen auf Facebook“ (Teilen-Knöpfe / share buttons)" in runs["word"][2].splitlines()


def test_a_page_saved_from_a_browser_is_read_from_its_markup(site_root, runs):
    code, out, err = runs["saved page"]
    assert (code, out) == (0, "content/en/posts/listening-first.md\n"), err
    front, _report, body = post(site_root, "content/en/posts/listening-first.md")
    assert front == (
        'title: "Listening first"\n'
        "date: 2020-03-03 09:30:00 +0100\n"
        "slug: listening-first\n"
        'author: "Maren Albrecht"\n'
        "tags: []\n"
        'summary: "Good salespeople talk less than their customers."\n'
        'old_urls: ["https://www.albrecht-old.example/2020/03/listening-first/"]\n'
        "status: draft  # remove this line (or write: published) to publish the post\n"
    )
    assert body == (
        "Good salespeople talk less than their customers.\n\n"
        "They ask, they wait, and they repeat what they heard in their own words.\n\n"
        "> Listening is the shortest way to a yes.\n>\n> — Maren Albrecht\n\n"
        "Try it in your next call: count how often you speak.\n\n"
        f"![A tally sheet of who spoke](/assets/images/listening-first/{IMAGE_NAME})\n\n"
        "!!! offer kommunikationstraining-vertrieb\n"
        "    Looking for a communication training for your sales team? Learn more:\n"
    )
    assert comment_files(site_root, "listening-first") == {
        "2020-03-04-jane-porter.md": "---\narticle: listening-first\nlang: en\nauthor: Jane Porter\n"
        "date: 2020-03-04 11:00:00 +0100\nstatus: approved\n---\n"
        "We tried the counting in our team meeting. Eye-opening!\n\nThanks & regards from Leeds.\n",
        "2020-03-04-maren-albrecht.md": "---\narticle: listening-first\nlang: en\nauthor: Maren Albrecht\n"
        "date: 2020-03-04 16:20:00 +0100\nstatus: approved\nreply_to: 2020-03-04-jane-porter\nauthor_reply: true\n"
        "---\nThank you, Jane – glad it helped.\n",
    }
    assert (site_root / "content/assets/images/listening-first" / IMAGE_NAME).read_bytes() == IMAGE
    lines = err.splitlines()
    for line in (
        "NOTE: saved-page-listening.html: an image was not imported ('https://tracker.example/pixel.gif'): "
        "copy it to content/assets/images/listening-first/ and link it",
        "Import of saved-page-listening.html -> content/en/posts/listening-first.md",
        "  - Comments: 2 (1 threaded as replies, 1 by the author) -> content/comments/listening-first/",
        "  - page structure: „Skip to content“ (außerhalb des Artikels / outside the article)",
        "  - page structure: „Leave a Reply“ (Kommentarbereich / comment area)",
        "  - page structure: „Previous post: Good questions“ (Navigation)",
        "  - page structure: „Share this:“ (Teilen-Knöpfe / share buttons)",
        "  - Quote with source: Listening is the shortest way to a yes. — Maren Albrecht",
    ):
        assert line in lines


def test_keep_all_removes_nothing():
    data = (DATA / "wordpress-zuhoeren.txt").read_bytes()
    article = read_article("wordpress-zuhoeren.txt", data, ImportOptions(keep_all=True))
    assert article.title == "Zum Inhalt springen"  # the first line, as before the import knew furniture
    assert "Oktober 23, 2019Agilität im Kopf" in article.body and "3 Kommentare" in article.body
    assert "Schreiben Sie einen Kommentar" in article.body and article.findings.removed == []


def test_the_drafts_build_and_check_warns_and_publish_refuses_the_report(site_root, runs, monkeypatch):
    assert all(code == 0 for name, (code, _out, _err) in runs.items() if "without" not in name)
    code, out, _err = run(site_root, "check")
    assert code == 0
    assert "content/de/posts/zuhoeren-statt-ueberreden.md:11: the report of make import is still in the text" in out
    site = build_into(site_root / "output", PATH=str(site_root / "content"), TRAINING_OFFERS_TODAY="2025-01-01")
    assert site.report.ok, site.report.errors
    page = site.soup("/blog/zuhoeren-statt-ueberreden/")
    assert page.select_one("#comments-title").get_text() == "3 Kommentare"
    reply = page.select_one(".comment-list--replies .comment--by-author")
    assert reply["id"] == "comment-2019-11-22-maren-albrecht" and reply.select_one(".comment__badge")
    assert page.select_one(".post__body > aside.offer-callout") is not None
    assert "make import" not in page.select_one(".post__body").get_text()  # the report is a comment, no text
    guest = site.soup("/blog/verhandeln-ohne-verlierer/")
    assert guest.select_one(".byline").get_text() == "Gastbeitrag von Dr. Petra Lind"
    assert [p.get_text() for p in guest.select(".post__body blockquote p")] == [
        "„Wer nur auf den Preis schaut, verhandelt über das Falsche.“",
        "— Dr. Petra Lind",
    ]
    english = site.soup("/en/blog/listening-first/")
    image = english.select_one(".post__body img")
    assert image["alt"] == "A tally sheet of who spoke" and site.path(image["src"]).read_bytes() == IMAGE
    assert english.select_one("#comments-title").get_text() == "2 comments"
    assert english.select_one(".comment-list--replies .comment--by-author .comment__author").get_text().strip() == (
        "Maren Albrecht"
    )

    path = site_root / "content/de/posts/zuhoeren-statt-ueberreden.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "# status: draft"), encoding="utf-8")
    monkeypatch.setenv("SITEURL", "https://www.example.org")
    published = build_into(
        site_root / "published",
        REPO / "publishconf.py",
        PATH=str(site_root / "content"),
        TRAINING_OFFERS_TODAY="2025-01-01",
    )
    assert published.report.warnings == []  # the other drafts' comments and reports wait quietly
    assert [str(e) for e in published.report.errors] == [
        f"{path}:11: the report of make import is still in the text "
        "(do what it lists, then delete the comment from <!-- make import: to -->)"
    ]


def test_make_import_passes_title_date_and_keep_all():
    dry = subprocess.run(
        ["make", "-n", "import", "FILE=alt/", "TITLE=Zuhören lernen", "DATE=2019-11-21", "KEEP_ALL=1"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert 'import "alt/" --lang "" --tags "" --title "Zuhören lernen" --date "2019-11-21" --keep-all' in dry.stdout
    plain = subprocess.run(
        ["make", "-n", "import", "FILE=a.txt"], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert "--title" not in plain.stdout and "--date" not in plain.stdout and "--keep-all" not in plain.stdout


def test_an_unreadable_date_is_one_line_and_writes_nothing(site_root, runs):
    code, out, err = run(site_root, "import", "wordpress-zuhoeren.txt", "--date", "gestern")
    assert (code, out) == (1, "")
    assert err.startswith("ERROR: DATE: the date 'gestern' cannot be read (write it as YYYY-MM-DD HH:MM")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_a_saved_page_reads_only_files_beside_it(tmp_path):
    from authoring.__main__ import _file_beside

    (tmp_path / "seite").mkdir()
    (tmp_path / "seite/seite_files").mkdir()
    (tmp_path / "seite/seite_files/bild.png").write_bytes(IMAGE)
    (tmp_path / "geheim.png").write_bytes(b"secret")
    page = str(tmp_path / "seite/seite.html")
    assert _file_beside(page, "seite_files/bild.png") == IMAGE
    assert _file_beside(page, "./seite%5Ffiles/bild.png?ver=2") == IMAGE
    assert _file_beside(page, "../geheim.png") is None
    assert _file_beside(page, str(tmp_path / "geheim.png")) is None
    assert _file_beside(page, "seite_files") is None
