"""make import's conversion (pure): plain text, Markdown, HTML and Word files to a post body."""

from __future__ import annotations

import hashlib

import pytest
from markdown import Markdown

from authoring.article_import import read_article
from docx_files import article_docx, png
from sitecore.problems import ContentError

# Shaped like the client's texts: a title line, paragraphs with single line breaks, short
# subheading lines, "- " bullets, blank lines between paragraphs.
CLIENT_TEXT = """\
Warum gute Fragen im Vertrieb zählen

Viele Verkäufer reden zu viel.
Sie präsentieren, bevor sie verstanden haben,
was der Kunde eigentlich braucht.

Zuhören als Methode

Wer fragt, führt. Das gilt im Erstgespräch genauso
wie in der Verhandlung.

Drei Fragen für den Anfang:
- Was hat Sie zu uns geführt?
- Was haben Sie schon versucht?
• Woran merken Sie, dass es gelungen ist?

Fazit
Fragen sind kein Trick, sondern eine Haltung, die man üben kann.

Maren Albrecht
"""
CLIENT_MARKDOWN = """\
Viele Verkäufer reden zu viel. Sie präsentieren, bevor sie verstanden haben, was der Kunde eigentlich braucht.

## Zuhören als Methode

Wer fragt, führt. Das gilt im Erstgespräch genauso wie in der Verhandlung.

Drei Fragen für den Anfang:

-   Was hat Sie zu uns geführt?
-   Was haben Sie schon versucht?
-   Woran merken Sie, dass es gelungen ist?

## Fazit

Fragen sind kein Trick, sondern eine Haltung, die man üben kann.

Maren Albrecht"""


def html_of(markdown: str) -> str:
    return Markdown().convert(markdown)


def test_a_client_text_keeps_paragraphs_subheadings_and_bullets():
    article = read_article("artikel.txt", CLIENT_TEXT.encode("utf-8"))
    assert article.title == "Warum gute Fragen im Vertrieb zählen"
    assert article.body == CLIENT_MARKDOWN
    assert (article.images, article.notes) == ((), ())


def test_bom_and_windows_line_endings_read_the_same():
    data = b"\xef\xbb\xbf" + CLIENT_TEXT.replace("\n", "\r\n").encode("utf-8")
    article = read_article("artikel.txt", data)
    assert (article.title, article.body) == ("Warum gute Fragen im Vertrieb zählen", CLIENT_MARKDOWN)


def test_a_windows_1252_text_is_read_with_a_note_and_other_bytes_fail_in_one_line():
    article = read_article("artikel.txt", "Größe zählt\n\nÜber „Fragen“ – kurz.\n".encode("cp1252"))
    assert (article.title, article.body) == ("Größe zählt", "Über „Fragen“ – kurz.")
    assert article.notes == ("not UTF-8: read as Windows-1252 (check the umlauts in the result)",)
    with pytest.raises(ContentError) as error:
        read_article("artikel.txt", b"Titel\n\nText \x81\x8d kaputt")
    assert str(error.value.problem) == (
        "artikel.txt: the file is neither UTF-8 nor Windows-1252 text "
        "(save it as UTF-8 (Notepad: Save as, Encoding UTF-8))"
    )


def test_a_text_without_blank_lines_has_one_paragraph_per_line():
    text = (
        "Titel\nDer erste Satz steht allein.\nDer zweite auch, er ist etwas länger als der erste.\n"
        "Ein Zwischentitel\nDanach kommt wieder ein Absatz mit einem ganzen Satz.\n1. Erstens\n2) Zweitens\nEnde gut"
    )
    article = read_article("a.txt", text.encode())
    assert html_of(article.body) == (
        "<p>Der erste Satz steht allein.</p>\n<p>Der zweite auch, er ist etwas länger als der erste.</p>\n"
        "<h2>Ein Zwischentitel</h2>\n<p>Danach kommt wieder ein Absatz mit einem ganzen Satz.</p>\n"
        "<ol>\n<li>Erstens</li>\n<li>Zweitens</li>\n</ol>\n<p>Ende gut</p>"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Das gilt im Erstgespräch genauso\nwie in der Verhandlung, sagt sie.",  # a wrapped line is no heading
        "Das gilt im Erstgespräch genauso\nWie in der Verhandlung und im Alltag.",  # nor when the next starts upper case
        "Warum fragen wir so selten?",  # a question stays text
        "Liebe Leserinnen und Leser,",
        "kleingeschrieben ohne Punkt",
    ],
)
def test_plain_text_heuristics_are_conservative(paragraph):
    article = read_article("a.txt", f"Titel\n\n{paragraph}\n\nEin ganzer Absatz folgt, mit Punkt.\n".encode())
    assert "<h2>" not in html_of(article.body)


def test_markup_characters_in_plain_text_stay_text():
    article = read_article(
        "a.txt", "Titel\n\n# Nummer 1. <script>alert(1)</script> *fett* [x](y) &amp; 5 < 7\n".encode()
    )
    assert html_of(article.body) == (
        "<p># Nummer 1. &lt;script&gt;alert(1)&lt;/script&gt; *fett* [x](y) &amp;amp; 5 &lt; 7</p>"
    )


def test_markdown_and_html_files():
    markdown = read_article("a.md", "# Ein Titel\n\nText mit **fett**.\n\n## Teil\n\n- a\n".encode())
    assert (markdown.title, markdown.body) == ("Ein Titel", "Text mit **fett**.\n\n## Teil\n\n- a")
    page = (
        "<html><head><title>Kopf</title></head><body><h1>Der Titel</h1><p>Ein <em>Absatz</em> &amp; mehr.</p>"
        "<h1>Teil</h1><ul><li>a<ul><li>b</li></ul></li></ul><blockquote><p>Zitat</p></blockquote>"
        '<script>alert(1)</script><img src="bild.png"></body></html>'
    )
    article = read_article("a.html", page.encode())
    assert article.title == "Der Titel"
    assert html_of(article.body) == (
        "<p>Ein <em>Absatz</em> &amp; mehr.</p>\n<h2>Teil</h2>\n"
        "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n<blockquote>\n<p>Zitat</p>\n</blockquote>"
    )
    assert "copy it to content/assets/images/der-titel/" in article.notes[0]
    with pytest.raises(ContentError, match="already has front matter"):
        read_article("a.md", b"---\ntitle: x\n---\nText\n")


def test_a_word_file_keeps_its_structure_and_images():
    image = png((200, 30, 30))
    article = read_article("artikel.docx", article_docx(image))
    name = hashlib.sha256(image).hexdigest()[:16] + ".png"
    assert article.title == "Gute Fragen im Vertrieb"
    assert article.images == ((f"assets/images/gute-fragen-im-vertrieb/{name}", image),)
    assert html_of(article.body) == (
        "<p>Wer fragt, führt. Das ist <strong>keine Floskel</strong>, sondern <em>Handwerk</em>. Mehr dazu bei "
        '<a href="https://www.example.org/fragen">unserem Partner</a>.</p>\n<h2>Zuhören als Methode</h2>\n'
        "<p>Drei Fragen für den Anfang:</p>\n<ul>\n<li>Was hat Sie zu uns geführt?</li>\n<li>Was haben Sie schon versucht?</li>\n</ul>\n"
        "<p>Die Reihenfolge:</p>\n<ol>\n<li>Erst fragen, dann zeigen.</li>\n</ol>\n<blockquote>\n<p>Der Kunde kauft Verständnis, nicht Produkte.</p>\n</blockquote>\n"
        "<h2>Ein Beispiel aus der Praxis</h2>\n<p>Eine Vertriebsleiterin &lt;b&gt;erzählt&lt;/b&gt; von ihrem Team &amp; seinen Fragen.</p>\n"
        f'<p><img alt="" src="/assets/images/gute-fragen-im-vertrieb/{name}" /></p>'
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("alt.doc", b"\xd0\xcf\x11\xe0", "alt.doc: cannot import a .doc file (save it as .docx in Word)"),
        ("kaputt.docx", b"not a zip", "kaputt.docx: not a Word document that can be read (BadZipFile)"),
        ("leer.txt", b"\n\n", "leer.txt: the file is empty"),
        (
            "nur-menue.txt",
            "Startseite\nKontakt\n3 Kommentare\nSchreiben Sie einen Kommentar\n".encode(),
            "nur-menue.txt: the file has no text besides the old page's navigation, forms and comments",
        ),
    ],
)
def test_unusable_files_give_one_clear_line(name, data, message):
    with pytest.raises(ContentError) as error:
        read_article(name, data)
    assert str(error.value.problem).startswith(message)
