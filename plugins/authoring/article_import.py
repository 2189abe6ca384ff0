"""An article from a Word (.docx), plain-text (.txt), Markdown (.md) or HTML file as a post body.

Pure: bytes in, an :class:`Article` (title, Markdown body, images to write, what was recognised)
out. Word files go through mammoth (to HTML) and markdownify (to Markdown,
:mod:`sitecore.html_markdown`). The title is the first heading or line (a line longer than
:data:`TITLE_MAX_CHARS` is none: ``TITLE=…``); the remaining headings are shifted so that the
highest is ``##`` (the page's title is the only ``#``).

Pages copied from old sites: before the conversion, the lines of a text file (or the text of
each block of an HTML or Word file) go through :func:`authoring.import_cleanup.analyse`; the
lines it finds to be furniture are left out, pull quotes and an offer callout are written in
their place (through a private-use mark that survives the conversion), the comment section is
cut off. A page saved from a browser is first read from its markup
(:mod:`authoring.import_saved_page`). ``keep_all`` skips all of it.

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
import dataclasses
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from sitecore.html_markdown import escape_markdown, html_to_markdown
from sitecore.problems import ContentError, Problem

from .import_cleanup import Findings, Removal, analyse
from .import_saved_page import is_saved_page, read_saved_page
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
_IMAGE_SUFFIXES = {".jpeg": ".jpg", **{suffix: suffix for suffix in IMAGE_TYPES.values()}}
_IMAGE_SRC = "article-image:"  # placeholder URL until the slug (from the title) is known
TITLE_MAX_CHARS = 120  # a longer first line is a teaser, not a title
SUMMARY_MAX_CHARS = 500  # a longer first paragraph is text, not a teaser
SLOT = "\ue000"  # marks a line the import replaces after the conversion (a quote, a callout); private use
HEADING_MAX_CHARS = 70
HEADING_MAX_WORDS = 10
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?!\S+\s+\d{4}\b)(.*)$")  # "21. November 2019" is a date
_DATE_START = re.compile(r"^\d{1,2}\.\s*\S+\s+\d{4}\b")
_HEADING_END = re.compile(r"[\w\"'“”»«)\]]$")


@dataclass(frozen=True)
class ImportOptions:
    """What the author said (``TITLE``, ``KEEP_ALL``) and what the site knows (authors, offers)."""

    title: str = ""
    keep_all: bool = False
    timezone: ZoneInfo = ZoneInfo("Europe/Berlin")
    house_authors: frozenset[str] = frozenset()  # casefolded names of the site's authors
    offers: dict = field(default_factory=dict)  # offer id -> title, in the post's language
    # an image a saved page names by a relative address (its "_files" folder): address -> bytes or None
    local_image: Callable[[str], bytes | None] | None = None


@dataclass(frozen=True)
class Article:
    """A converted article: the post's title and Markdown body, images to write, notes for the author,
    and what the import recognised around it (:class:`~authoring.import_cleanup.Findings`)."""

    title: str
    body: str
    images: tuple[tuple[str, bytes], ...] = ()  # (path below the content folder, bytes)
    notes: tuple[str, ...] = ()
    findings: Findings = field(default_factory=Findings)
    summary: str = ""  # the teaser under the title (Markdown), proposed as `summary`
    unit: str = "line"  # what the report numbers: source lines, or the blocks of an HTML/Word file
    title_line_kept: bool = False  # TITLE=… named another title: the file's first line stayed text


def read_article(name: str, data: bytes, options: ImportOptions | None = None) -> Article:
    """The article in the file *name* (its extension decides the format) with content *data*."""
    options = options or ImportOptions()
    extension = os.path.splitext(name)[1].lower()
    if extension == ".docx":
        return article_from_docx(data, name, options)
    if extension not in EXTENSIONS:
        hint = (
            "save it as .docx in Word"
            if extension in (".doc", ".rtf", ".odt")
            else f"use one of: {', '.join(EXTENSIONS)}"
        )
        raise ContentError(Problem(name, None, f"cannot import a {extension or 'file without extension'} file", hint))
    text, notes = decode_text(data, name)
    if extension in (".html", ".htm"):
        article = article_from_html(text, name, options=options)
    elif extension in (".md", ".markdown"):
        article = article_from_markdown(text, name, options)
    else:
        article = article_from_text(text, name, options)
    return dataclasses.replace(article, notes=notes + article.notes)


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


def article_from_text(text: str, name: str, options: ImportOptions | None = None) -> Article:
    """A plain-text article: the first line is the title; see the module docstring for the rest.

    The old page's furniture, comments, quotes and notes are recognised first
    (:func:`~authoring.import_cleanup.analyse`) unless *options* say ``keep_all``."""
    options = options or ImportOptions()
    lines = [line.rstrip() for line in text.replace("\t", "    ").split("\n")]
    if not any(line.strip() for line in lines):
        raise ContentError(Problem(name, None, "the file is empty", "import a file with a title line and text"))
    findings = Findings() if options.keep_all else _analyse(lines, options, with_title=True)
    skipped = findings.removed_indexes()
    end = len(lines) if findings.comments_from is None else findings.comments_from
    title_index = next((i for i, line in enumerate(lines[:end]) if line.strip() and i not in skipped), None)
    if title_index is None:
        raise ContentError(
            Problem(
                name,
                None,
                "the file has no text besides the old page's navigation, forms and comments",
                "import the article's own text, or use KEEP_ALL=1 to keep everything",
            )
        )
    title = _title(lines[title_index].strip(), options.title, name, title_index + 1)
    title_line_kept = title != lines[title_index].strip()
    if title_line_kept:
        title_index = -1  # the first line stays text: TITLE names another title
    slots = _slots(findings)
    skipped |= {quote.source_index for quote in findings.quotes}
    has_blank_lines = any(not line.strip() for line in lines[title_index + 1 : end])
    content: list[str] = []
    for index in [*range(end), *findings.kept_below_comments]:
        if index <= title_index or index in skipped:
            continue
        if index in slots:
            content += ["", f"{SLOT}{index}", ""] if has_blank_lines else [f"{SLOT}{index}"]
        else:
            content.append(lines[index])
    body = _fill_slots(_text_markdown(content, has_blank_lines), slots)
    return Article(title, body, findings=findings, summary=_teaser(body), title_line_kept=title_line_kept)


def _analyse(lines: list[str], options: ImportOptions, *, with_title: bool, quoted=frozenset()) -> Findings:
    return analyse(
        lines,
        timezone=options.timezone,
        house_authors=options.house_authors,
        offers=options.offers,
        with_title=with_title,
        quoted=quoted,
    )


def _title(first: str, given: str, name: str, line: int) -> str:
    """The post's title: *given* (``TITLE=…``), else the first line if it is short enough to be one."""
    if given:
        return " ".join(given.split())
    if len(first) > TITLE_MAX_CHARS:
        raise ContentError(
            Problem(
                name,
                line,
                f"the first line has {len(first)} characters: too long for a title (at most {TITLE_MAX_CHARS})",
                'name the title: make import FILE=… TITLE="…"; the line then stays the first paragraph',
            )
        )
    return first


def _slots(findings: Findings) -> dict[int, str]:
    """``line -> Markdown`` of the lines the import rewrites: pull quotes, the offer callout."""
    slots = {
        quote.index: f"> {escape_markdown(quote.quote)}\n>\n> — {escape_markdown(quote.source)}"
        for quote in findings.quotes
    }
    if findings.callout is not None:
        callout = findings.callout
        slots[callout.index] = f"!!! offer {callout.offer}\n    {escape_markdown(callout.sentence)}"
    return slots


def _fill_slots(body: str, slots: dict[int, str]) -> str:
    return re.sub(rf"^{SLOT}(\d+)$", lambda match: slots[int(match.group(1))], body, flags=re.MULTILINE)


def _teaser(body: str) -> str:
    """The first paragraph when it is a teaser: plain text, one paragraph, not too long."""
    first = body.split("\n\n", 1)[0].strip()
    if not first or "\n" in first or len(first) > SUMMARY_MAX_CHARS or re.match(r"^(#|>|-|!!!|\d+\.\s|<|\[!\[)", first):
        return ""
    return first


def _text_markdown(content: list[str], has_blank_lines: bool) -> str:
    """Markdown of plain-text lines (see the module docstring)."""
    while content and not content[0].strip():
        content.pop(0)
    while content and not content[-1].strip():
        content.pop()
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
    return "\n\n".join(_markdown_of(elements))


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
        and not _DATE_START.match(following)  # "Unser Workshop am" / "21. November 2019 in Hamburg …"
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
        elif kind == "p" and content.startswith(SLOT):
            parts.append(content)
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


def article_from_markdown(text: str, name: str, options: ImportOptions | None = None) -> Article:
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
    title = _title(title.strip(), (options or ImportOptions()).title, name, 1)
    body = "\n".join(rest).strip("\n")
    return Article(title, body, summary=_teaser(body))


# ---------- HTML and Word ----------


def article_from_html(
    html: str, name: str, images: tuple[tuple[str, bytes], ...] = (), options: ImportOptions | None = None
) -> Article:
    """An HTML article: the first heading or paragraph is the title. Images named by
    *images* (``article-image:<file>``) go to ``assets/images/<slug>/``; others are dropped.

    A page saved from a browser is read from its markup first (:mod:`authoring.import_saved_page`);
    then the text of each block gets the same treatment as a text file's lines."""
    options = options or ImportOptions()
    soup = BeautifulSoup(html, "html.parser")
    page = None
    if not options.keep_all and is_saved_page(soup):
        page = read_saved_page(soup, timezone=options.timezone, house_authors=options.house_authors)
    root = page.content if page is not None else (soup.body or soup)
    _sources_as_attributions(soup, root)
    blocks = _blocks(root)
    lines = [" ".join(block.get_text(" ").split()) for block in blocks]
    quoted = frozenset(
        i for i, block in enumerate(blocks) if block.find_parent("blockquote") or block.name == "blockquote"
    )
    has_title = page is not None and bool(page.title)
    findings = Findings() if options.keep_all else _analyse(lines, options, with_title=not has_title, quoted=quoted)
    if page is not None:
        _merge_page(findings, page)
    skipped = findings.removed_indexes()
    end = len(blocks) if findings.comments_from is None else findings.comments_from
    title_line_kept = False
    if has_title:
        first_text = page.title
        if options.title and " ".join(options.title.split()) != first_text:
            findings.removed.insert(0, Removal(-1, first_text, "Titel der alten Seite / old title"))
    else:
        first = next((i for i in range(end) if lines[i] and i not in skipped), None)
        first_text = (
            lines[first] if first is not None else (" ".join(soup.title.get_text(" ").split()) if soup.title else "")
        )
        if first is not None and (not options.title or " ".join(options.title.split()) == first_text):
            skipped.add(first)
        else:
            title_line_kept = first is not None
    if not first_text and not options.title:
        raise ContentError(
            Problem(
                name, None, "the file has no heading or text to take the title from", "start the article with its title"
            )
        )
    title = _title(first_text, options.title, name, None)
    slots = _slots(findings)
    skipped |= {quote.source_index for quote in findings.quotes}
    kept_below = set(findings.kept_below_comments)
    for index, block in enumerate(blocks):
        if index in slots:
            _slot_target(block).replace_with(_slot_paragraph(soup, index))
        elif index in skipped or (index >= end and index not in kept_below):
            block.decompose()
    slug = post_slug(title)
    notes = []
    wanted = {}
    images = list(images)
    for image in root.find_all("img"):
        src = image.get("src") or ""
        local = _local_image(src, options)
        if local is not None:
            images.append(local)
            src = _IMAGE_SRC + local[0]
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
    body = _fill_slots(html_to_markdown(str(root)).strip("\n"), slots)
    return Article(title, body, kept, tuple(notes), findings, _teaser(body), "block", title_line_kept)


def _local_image(src: str, options: ImportOptions) -> tuple[str, bytes] | None:
    """``(file name, bytes)`` of an image the saved page keeps beside it, named after its content."""
    if options.local_image is None or not src or re.match(r"^([a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE):
        return None
    data = options.local_image(src)
    extension = _IMAGE_SUFFIXES.get(os.path.splitext(src.split("?")[0])[1].lower(), "")
    if not data or not extension:
        return None
    return hashlib.sha256(data).hexdigest()[:16] + extension, data


BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dt", "dd", "pre", "td", "th")


def _blocks(root) -> list:
    """The innermost blocks of *root* with text, in document order: the "lines" of an HTML file."""
    return [
        element
        for element in root.find_all(BLOCK_TAGS)
        if element.find(BLOCK_TAGS) is None and element.get_text().strip()
    ]


def _sources_as_attributions(soup, root) -> None:
    """A quote's ``cite`` (or its figure's caption) becomes a paragraph "— source" in the quote,
    as a pull quote's attribution line reads in a text file."""
    for source in root.select("blockquote > cite, figure:has(> blockquote) > figcaption"):
        quote = source.parent if source.parent.name == "blockquote" else source.parent.find("blockquote")
        text = " ".join(source.get_text(" ").split())
        line = soup.new_tag("p")
        line.string = text if text[:1] in "—–-" else f"— {text}"
        source.decompose()
        quote.append(line)


def _slot_paragraph(soup, index: int):
    paragraph = soup.new_tag("p")
    paragraph.string = f"{SLOT}{index}"
    return paragraph


def _slot_target(block):
    """The element a slot replaces: the block, or the quote around it when it is the quote's only block."""
    parent = block.parent
    if parent is not None and parent.name == "blockquote" and len(parent.find_all(BLOCK_TAGS)) <= 2:  # noqa: PLR2004 - quote and source
        return parent
    return block


def _merge_page(findings: Findings, page) -> None:
    """What the markup said: its removals first, its date and comments where the text had none."""
    findings.removed[:0] = page.removed
    if findings.date is None and page.date is not None:
        findings.date, findings.date_text = page.date, page.date.isoformat()
    if not findings.comments:
        findings.comments = page.comments
    findings.old_urls[:0] = [url for url in page.old_urls if url not in findings.old_urls]


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


def article_from_docx(data: bytes, name: str, options: ImportOptions | None = None) -> Article:
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
    return article_from_html(result.value, name, tuple(images.items()), options)
