"""An article from a Word (.docx), plain-text (.txt), Markdown (.md) or HTML file as a post body.

Pure: bytes in, an :class:`Article` (title, Markdown body, images to write) out. Word files go
through mammoth (to HTML) and markdownify (to Markdown, :mod:`sitecore.html_markdown`).
The title is the first heading or line; the remaining headings are shifted so that the
highest is ``##`` (the page's title is the only ``#``).

Plain text has no markup, so its structure is guessed, conservatively:

- Paragraphs: when the text has blank lines between paragraphs, the lines between two blank
  lines form one paragraph (a single line break only wraps). A text with no blank line at
  all has one paragraph per line.
- Lists: a line starting with ``- ``, ``* `` or ``• `` is a bullet item, one starting with
  ``1. `` (any number, or ``1)``) a numbered item. An indented line right after an item
  continues it.
- Subheadings: a line that stands alone (its own paragraph) becomes ``##`` when it is short
  (at most 70 characters and 10 words), starts with a capital letter or a digit, ends with a
  letter, digit, quote or bracket (not ``.`` ``:`` ``!`` ``?`` …), and is followed by a
  paragraph or a list. So does such a line directly above a paragraph's lines (no blank line
  between) when the next line starts with a capital letter or digit and the line is at most
  60% as long as the paragraph's longest line. A question as a subheading stays a paragraph:
  fix it by hand.
- Everything else is text: characters Markdown would read as markup are escaped.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass

from bs4 import BeautifulSoup

from sitecore.html_markdown import escape_markdown, html_to_markdown
from sitecore.problems import ContentError, Problem

from .new_post import post_slug

EXTENSIONS = (".docx", ".txt", ".md", ".markdown", ".html", ".htm")
IMAGE_FOLDER = "assets/images"  # below the content folder; served at /assets/images/
IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/svg+xml": ".svg",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
}
# Word's built-in styles that mammoth does not map by itself (their names are English in every Word).
DOCX_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
_IMAGE_SRC = "article-image:"  # placeholder URL until the slug (from the title) is known
HEADING_MAX_CHARS = 70
HEADING_MAX_WORDS = 10
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING_END = re.compile(r"[\w\"'“”»«)\]]$")


@dataclass(frozen=True)
class Article:
    """A converted article: the post's title and Markdown body, images to write, notes for the author."""

    title: str
    body: str
    images: tuple[tuple[str, bytes], ...] = ()  # (path below the content folder, bytes)
    notes: tuple[str, ...] = ()


def read_article(name: str, data: bytes) -> Article:
    """The article in the file *name* (its extension decides the format) with content *data*."""
    extension = os.path.splitext(name)[1].lower()
    if extension == ".docx":
        return article_from_docx(data, name)
    if extension not in EXTENSIONS:
        hint = (
            "save it as .docx in Word"
            if extension in (".doc", ".rtf", ".odt")
            else f"use one of: {', '.join(EXTENSIONS)}"
        )
        raise ContentError(Problem(name, None, f"cannot import a {extension or 'file without extension'} file", hint))
    text, notes = decode_text(data, name)
    if extension in (".html", ".htm"):
        article = article_from_html(text, name)
    elif extension in (".md", ".markdown"):
        article = article_from_markdown(text, name)
    else:
        article = article_from_text(text, name)
    return Article(article.title, article.body, article.images, notes + article.notes)


def decode_text(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """The text of *data* with ``\\n`` line ends: UTF-8 (with or without BOM), UTF-16 with BOM,
    else Windows-1252 (with a note). Raises ContentError when it is none of them."""
    notes: tuple[str, ...] = ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ContentError(
                    Problem(
                        name,
                        None,
                        "the file is neither UTF-8 nor Windows-1252 text",
                        "save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
                    )
                ) from None
            notes = ("not UTF-8: read as Windows-1252 (check the umlauts in the result)",)
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


# ---------- plain text ----------


def article_from_text(text: str, name: str) -> Article:
    """A plain-text article: the first line is the title; see the module docstring for the rest."""
    lines = [line.rstrip() for line in text.replace("\t", "    ").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ContentError(Problem(name, None, "the file is empty", "import a file with a title line and text"))
    title, rest = lines[0].strip(), lines[1:]
    content = "\n".join(rest).strip("\n").split("\n")
    has_blank_lines = any(not line.strip() for line in content)
    blocks: list[list[str]] = [[]]
    for line in content:
        if not line.strip():
            blocks.append([])
        elif has_blank_lines:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    elements: list[tuple[str, object, bool]] = []
    for element in (element for block in blocks if block for element in _block_elements(block)):
        if elements and element[0] in ("ul", "ol") and elements[-1][0] == element[0]:
            elements[-1][1].extend(element[1])  # items of one list, one per line or block
        else:
            elements.append(element)
    return Article(title, "\n\n".join(_markdown_of(elements)))


def _block_elements(block: list[str]) -> list[tuple[str, object, bool]]:
    """``(kind, content, alone)`` elements of one block: ``p`` with its text, ``ul``/``ol`` with
    their items; *alone* marks a paragraph that is the block's only line."""
    elements: list[tuple[str, object, bool]] = []
    first, rest = block[0].strip(), block[1:]
    if rest and _heading_over_paragraph(first, rest):
        elements.append(("h", first, True))
        block = rest
    for line in block:
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        kind = "ul" if bullet else "ol" if numbered else "p"
        last = elements[-1] if elements else None
        if kind != "p":
            text = (bullet or numbered).group(1).strip()
            if last and last[0] == kind:
                last[1].append(text)
            else:
                elements.append((kind, [text], False))
        elif last and last[0] in ("ul", "ol") and line[:1].isspace():
            last[1][-1] += " " + line.strip()  # an indented line continues the item
        elif last and last[0] == "p":
            elements[-1] = ("p", f"{last[1]} {line.strip()}", False)
        else:
            elements.append(("p", line.strip(), len(block) == 1))
    return elements


def _heading_over_paragraph(first: str, rest: list[str]) -> bool:
    """The first line of a paragraph is its heading only when it looks like one, the next line
    starts a sentence and it is much shorter than the paragraph's lines (a wrapped paragraph's
    first line is about as long as the others)."""
    following = rest[0].strip()
    return (
        _looks_like_heading(first)
        and not _BULLET.match(first)
        and not _NUMBERED.match(first)
        and (following[:1].isupper() or following[:1].isdigit())
        and len(first) <= 0.6 * max(len(line.strip()) for line in rest)
    )


def _looks_like_heading(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and (text[:1].isupper() or text[:1].isdigit())
        and bool(_HEADING_END.search(text))
    )


def _markdown_of(elements: list[tuple[str, object, bool]]) -> list[str]:
    parts = []
    for position, (kind, content, alone) in enumerate(elements):
        following = elements[position + 1] if position + 1 < len(elements) else None
        if kind == "h":
            parts.append("## " + escape_markdown(content))
        elif kind == "p":
            followed_by_text = following is not None and (following[0] != "p" or not _looks_like_heading(following[1]))
            if alone and followed_by_text and _looks_like_heading(content):
                parts.append("## " + escape_markdown(content))
            else:
                parts.append(escape_markdown(content))
        else:
            marker = "-  " if kind == "ul" else None
            parts.append(
                "\n".join(f"{marker or f'{n}.'.ljust(3)} {escape_markdown(item)}" for n, item in enumerate(content, 1))
            )
    return parts


# ---------- Markdown ----------


def article_from_markdown(text: str, name: str) -> Article:
    """A Markdown article: the first heading (``# …`` or underlined) or line is the title."""
    if text.lstrip().startswith("---\n"):
        raise ContentError(
            Problem(
                name,
                1,
                "the file already has front matter",
                "copy it to content/<lang>/posts/ instead of importing it, or remove the front matter",
            )
        )
    lines = text.strip("\n").split("\n")
    if not lines or not lines[0].strip():
        raise ContentError(Problem(name, None, "the file is empty", "import a file with a title line and text"))
    if len(lines) > 1 and re.match(r"^(=+|-+)\s*$", lines[1]):
        title, rest = lines[0], lines[2:]
    else:
        title, rest = re.sub(r"^#+\s*|\s*#+\s*$", "", lines[0]), lines[1:]
    return Article(title.strip(), "\n".join(rest).strip("\n"))


# ---------- HTML and Word ----------


def article_from_html(html: str, name: str, images: tuple[tuple[str, bytes], ...] = ()) -> Article:
    """An HTML article: the first heading or paragraph is the title. Images named by
    *images* (``article-image:<file>``) go to ``assets/images/<slug>/``; others are dropped."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.body or soup
    first = root.find(["h1", "h2", "h3", "h4", "h5", "h6", "p"])
    title = " ".join(first.get_text(" ").split()) if first is not None else ""
    if not title and soup.title:
        title = " ".join(soup.title.get_text(" ").split())
    if not title:
        raise ContentError(
            Problem(
                name, None, "the file has no heading or text to take the title from", "start the article with its title"
            )
        )
    if first is not None:
        first.decompose()
    slug = post_slug(title)
    notes = []
    wanted = {}
    for image in root.find_all("img"):
        src = image.get("src") or ""
        if src.startswith(_IMAGE_SRC):
            file_name = src[len(_IMAGE_SRC) :]
            image["src"] = f"/{IMAGE_FOLDER}/{slug}/{file_name}"
            wanted[file_name] = True
        else:
            notes.append(
                f"an image was not imported ({src[:60]!r}): copy it to content/{IMAGE_FOLDER}/{slug}/ and link it"
            )
            image.decompose()
    _shift_headings(root)
    _bold_lines_as_headings(root)
    kept = tuple((f"{IMAGE_FOLDER}/{slug}/{file_name}", data) for file_name, data in images if file_name in wanted)
    return Article(title, html_to_markdown(str(root)), kept, tuple(notes))


def _bold_lines_as_headings(root) -> None:
    """Word authors often make a subheading a bold paragraph: ``<h2>`` by the rule for plain text."""
    for paragraph in root.find_all("p"):
        children = [c for c in paragraph.contents if str(c).strip()]
        if len(children) == 1 and getattr(children[0], "name", None) in ("strong", "b"):
            text = " ".join(paragraph.get_text(" ").split())
            following = paragraph.find_next_sibling()
            if (
                following is not None
                and following.name in ("p", "ul", "ol", "blockquote")
                and _looks_like_heading(text)
            ):
                paragraph.name = "h2"
                children[0].unwrap()


def _shift_headings(root) -> None:
    """Move the headings up or down so that the highest is ``<h2>``, keeping their order."""
    headings = root.find_all(re.compile(r"^h[1-6]$"))
    if not headings:
        return
    shift = 2 - min(int(h.name[1]) for h in headings)
    for heading in headings:
        heading.name = f"h{min(6, int(heading.name[1]) + shift)}"


def article_from_docx(data: bytes, name: str) -> Article:
    """A Word article; its images get names from their content, so a second import finds them."""
    import mammoth  # noqa: PLC0415 - only for Word files

    images: dict[str, bytes] = {}

    def keep_image(image) -> dict:
        with image.open() as stream:
            content = stream.read()
        extension = IMAGE_TYPES.get(image.content_type, "")
        if not extension:
            return {}
        file_name = hashlib.sha256(content).hexdigest()[:16] + extension
        images[file_name] = content
        return {"src": _IMAGE_SRC + file_name, "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=DOCX_STYLE_MAP, convert_image=mammoth.images.img_element(keep_image)
        )
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ContentError(
            Problem(
                name,
                None,
                f"not a Word document that can be read ({error.__class__.__name__})",
                "open it in Word and save it again as .docx",
            )
        ) from None
    return article_from_html(result.value, name, tuple(images.items()))
