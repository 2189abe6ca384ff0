"""Turn raw front matter into clean metadata: trimmed titles, dates in the site's
time zone, tags and categories as lists, slugs and resolved images.

Pure functions: they raise :class:`ContentError` for what must stop the build and
return :class:`Problem` values for what only deserves a warning.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from typing import NoReturn
from zoneinfo import ZoneInfo

from sitecore.problems import ContentError, Problem
from sitecore.slugs import slugify
from sitecore.urls import OLD_URL_HINT, address_mistake, link_address, old_path

from .front_matter import FrontMatter

_DATE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
DATE_HINT = "write it as YYYY-MM-DD HH:MM, optionally with seconds and an offset, e.g. 2021-01-05 20:37:13 +0600"
Fail = Callable[[str, str, str], NoReturn]  # (key, message, hint): raise the ContentError at the key's line
IMAGE_KEYS = ("header_image", "post_image")
URL_KEYS = ("first_published_url",)  # written into an href: a web address or nothing
# The words authors type for `status`, and the status Pelican knows each by.
STATUS_WORDS = {
    "published": "published",
    "veröffentlicht": "published",
    "veroeffentlicht": "published",
    "draft": "draft",
    "entwurf": "draft",
    "hidden": "hidden",
    "versteckt": "hidden",
}
STATUS_HINT = "write draft or Entwurf, published or veröffentlicht, hidden or versteckt"
# The keys a post or page may have (docs/reference.md "Content formats"). In the native style nothing
# marks where the metadata ends but an empty line, so an unknown key is refused: it is
# usually the first line of the text written directly below the metadata ("Fazit: …"),
# or a misspelt key. (YAML front matter ends at `---`: there, any other key is kept.)
NATIVE_KEYS = frozenset(
    {
        "title",
        "date",
        "modified",
        "tags",
        "category",
        "categories",
        "author",
        "authors",
        "slug",
        "lang",
        "translation_key",
        "translation_of",
        "summary",
        "status",
        "post_image",
        "header_image",
        "hero_image_alt",
        "layout",
        "template",
        "offer",
        "guest_author",
        "guest_author_bio",
        "first_published_in",
        "first_published_url",
        "old_urls",
        "legal",  # terms, withdrawal, imprint: the legal pages (plugins/legal_pages)
        "sample",
        "terms_version",
    }
)
TEXT_KEYS = ("title", "summary", "slug", "lang", "translation_key", "translation_of", "category", "status")
LIST_KEYS = ("tags", "categories", "authors", "author")


def parse_date(value, timezone: ZoneInfo) -> dt.datetime:
    """Return *value* (text, date or datetime) as an aware datetime in *timezone*.

    A value without offset is read as local time of *timezone*. Raises ``ValueError``.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        match = _DATE.match(str(value).strip())
        if not match:
            raise ValueError(str(value))
        offset = (match["offset"] or "").replace("Z", "+00:00")
        if offset and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        clock = match["time"] or "00:00"
        if len(clock.split(":")[0]) == 1:
            clock = "0" + clock
        moment = dt.datetime.fromisoformat(f"{match['date']}T{clock}{offset}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone)


def split_tags(value, style: str) -> list[str]:
    """Tags from a list, a comma-separated string, or (YAML style) a space-separated string."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(item) for item in value]
    elif isinstance(value, str) and ("," in value or style == "native"):
        items = value.split(",")
    else:
        items = str(value).split()
    seen, result = set(), []
    for item in (item.strip().strip("\"'") for item in items):
        if item and item.lower() not in seen:
            seen.add(item.lower())
            result.append(item)
    return result


def split_list(value) -> list[str]:
    """A YAML list, or a comma-separated string, as a list of trimmed strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).strip("[]").split(",")
    return [str(item).strip().strip("\"'") for item in items if str(item).strip()]


# Characters XML 1.0 forbids (a feed cannot be written with one), typed or as a YAML escape.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    text = str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def resolve_image(value: str, content_root: str) -> tuple[str | None, str | None]:
    """Map an image reference to a static path below *content_root*.

    Returns ``(relative_path, None)`` when the file exists, else ``(None, hint)``.
    """
    reference = str(value).strip()
    if re.match(r"^(https?:)?//", reference):
        return None, "remote images make readers' browsers contact another host: put the file under content/assets/"
    relative = re.sub(r"^\{(static|attach)\}", "", reference).lstrip("/")
    if os.path.isfile(os.path.join(content_root, relative)):
        return relative, None
    folder = os.path.join(content_root, os.path.dirname(relative))
    candidates = sorted(os.listdir(folder)) if os.path.isdir(folder) else []  # the same hint on every machine
    close = difflib.get_close_matches(os.path.basename(relative), candidates, n=1)
    if close:
        return None, f"did you mean /{os.path.join(os.path.dirname(relative), close[0])}?"
    return None, "put the file under content/assets/images/ and write its path as /assets/images/<name>"


def image_references(fields: dict) -> list:
    """The images a file's front matter *fields* name (``IMAGE_KEYS``), as written."""
    return [fields[key] for key in IMAGE_KEYS if fields.get(key)]


def image_lookups(references: list, content_root: str) -> list[tuple]:
    """What reading a file looks up outside it: each image of *references* with what
    :func:`resolve_image` finds for it now. A reading kept between builds holds while these
    answers stay the same (the image was added or removed, or a near name appeared)."""
    return [(reference, resolve_image(reference, content_root)) for reference in references]


def normalise(
    front: FrontMatter,
    path: str,
    *,
    folder_lang: str,
    languages: tuple[str, ...],
    timezone: ZoneInfo,
    content_root: str,
    require_date: bool,
    native_keys: frozenset | None = NATIVE_KEYS,
) -> tuple[dict, list[Problem]]:
    """Return ``(metadata, warnings)`` for one file's front matter.

    *native_keys*: the keys allowed in native front matter (``None``: any key). The steps run
    in this order, each taking its keys out of the fields; the first mistake stops the file.
    """
    fields = dict(front.fields)

    def fail(key: str, message: str, hint: str) -> NoReturn:
        raise ContentError(Problem(path, front.line(key) or 1, message, hint))

    _check_shapes(fields, front.style, native_keys, fail)
    meta: dict = {"title": _title(fields, fail)}
    meta.update(_dates(fields, front, timezone, require_date, fail))
    meta["lang"] = _language(fields, folder_lang, languages, fail)
    meta.update(_taxonomy(fields, front.style))
    meta.update(_status(fields, fail))
    meta.update(_names(fields, meta["title"]))
    images, problems = _images(fields, front, path, content_root)
    meta.update(images)
    meta.update(_addresses(fields, fail))
    meta.update(_old_urls(fields, front, path))
    for key, value in fields.items():  # unknown keys stay available as metadata
        meta[key] = _text(value) if isinstance(value, str) else value
    return meta, problems


def _check_shapes(fields: dict, style: str, native_keys: frozenset | None, fail: Fail) -> None:
    """Refuse an unknown native key, a list or mapping where text belongs, nested names."""
    if style == "native" and native_keys is not None:
        for key in fields:
            if key not in native_keys:
                fail(key, f"{key!r} is not a metadata key", _unknown_key_hint(key, native_keys))
    for key in TEXT_KEYS:
        if isinstance(fields.get(key), (dict, list)):
            fail(key, f"the {key} must be text, not {_shape(fields[key])}", f'write it on one line, e.g. {key}: "…"')
    for key in LIST_KEYS:
        value = fields.get(key)
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)
        ):
            fail(key, f"the {key} must be names, not {_shape(value)}", f"write {key}: a, b or {key}: [a, b]")
    for key, value in fields.items():
        for text in value if isinstance(value, list) else [value]:
            unsafe = _CONTROL.search(text) if isinstance(text, str) else None
            if unsafe:
                fail(
                    key,
                    f"the {key} holds the invisible control character U+{ord(unsafe.group()):04X}, "
                    "which no page, feed or calendar can carry",
                    "retype the value (an escape such as \\0 or \\x1b in YAML writes one)",
                )


def _title(fields: dict, fail: Fail) -> str:
    title = _text(fields.pop("title", "") or "")
    if not title:
        fail("title", "the title is missing", "add a line `title: Your title` at the top of the file")
    return title


def _dates(fields: dict, front: FrontMatter, timezone: ZoneInfo, require_date: bool, fail: Fail) -> dict:
    """``date`` and ``modified`` as aware datetimes (an empty one is no date)."""
    dates = {}
    for key in ("date", "modified"):
        if fields.get(key) in (None, ""):
            fields.pop(key, None)
            continue
        try:
            dates[key] = parse_date(fields.pop(key), timezone)
        except ValueError:
            fail(key, f"the {key} {front.fields[key]!r} cannot be read", DATE_HINT)
    if require_date and "date" not in dates:
        fail("date", "the date is missing", "add a line `date: 2024-05-17 09:30`")
    return dates


def _language(fields: dict, folder_lang: str, languages: tuple[str, ...], fail: Fail) -> str:
    lang = str(fields.pop("lang", "") or folder_lang).strip().lower()
    if lang not in languages:
        fail("lang", f"the language {lang!r} is not one of the site's languages", f"use one of: {', '.join(languages)}")
    return lang


def _taxonomy(fields: dict, style: str) -> dict:
    """``tags``, ``categories`` (``category`` first) and ``authors`` as lists."""
    meta: dict = {"tags": split_tags(fields.pop("tags", None), style)}
    categories = split_list(fields.pop("categories", None))
    category = _text(fields.pop("category", "") or "")
    if category and category not in categories:
        categories.insert(0, category)
    meta["categories"] = categories
    if categories:
        meta["category"] = categories[0]
    authors = split_list(fields.pop("authors", None)) or split_list(fields.pop("author", None))
    fields.pop("author", None)
    if authors:
        meta["authors"] = authors
    return meta


def _status(fields: dict, fail: Fail) -> dict:
    """The status Pelican knows, from the word an author typed (none: Pelican's default)."""
    if fields.get("status") in (None, ""):
        fields.pop("status", None)
        return {}
    word = _text(fields.pop("status"))
    status = STATUS_WORDS.get(word.lower())
    if status is None:
        fail("status", f"the status {word!r} is unknown", STATUS_HINT)
    return {"status": status}


def _names(fields: dict, title: str) -> dict:
    """``slug`` (from the title unless given), ``translation_key`` (the slug unless given), ``summary``."""
    meta = {"slug": slugify(_text(fields.pop("slug", "") or "")) or slugify(title)}
    meta["translation_key"] = _text(fields.pop("translation_key", "") or "") or meta["slug"]
    if "summary" in fields:
        meta["summary"] = _text(fields.pop("summary"))
    return meta


def _images(fields: dict, front: FrontMatter, path: str, content_root: str) -> tuple[dict, list[Problem]]:
    """The images that exist, ``hero_image`` and ``teaser_image``; a warning for each that does not."""
    meta, problems = {}, []
    for key in IMAGE_KEYS:
        if not fields.get(key):
            continue
        image, hint = resolve_image(fields[key], content_root)
        if image:
            meta[key] = image
        else:
            problems.append(Problem(path, front.line(key), f"the image {fields[key]!r} does not exist", hint))
        fields.pop(key)
    hero = meta.get("header_image") or meta.get("post_image")
    if hero:
        meta["hero_image"] = hero
        meta["teaser_image"] = meta.get("post_image") or hero
    return meta, problems


def _addresses(fields: dict, fail: Fail) -> dict:
    """The keys written into an ``href``: a web address, or the file is refused."""
    meta = {}
    for key in URL_KEYS:
        value = _text(fields.pop(key, None) or "")
        if not value:
            continue
        address = link_address(value)
        if address is None:
            fail(key, *address_mistake(key, value))
        meta[key] = address
    return meta


def old_url_texts(value) -> list[str]:
    """The addresses of an ``old_urls`` value: a YAML list, or text with one address per
    line or separated by spaces (native front matter joins continued lines with a space)."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split()
    return [str(item).strip().rstrip(",") for item in items if str(item).strip().rstrip(",")]


def old_urls_with_lines(front: FrontMatter) -> list[tuple[str, int | None]]:
    """``(path, line)`` of each readable address in the front matter's ``old_urls``."""
    found = []
    for text in old_url_texts(front.fields.get("old_urls")):
        path, _why = old_path(text)
        if path is not None:
            found.append((path, front.value_line("old_urls", text)))
    return found


def _old_urls(fields: dict, front: FrontMatter, path: str) -> dict:
    """``old_urls`` as the decoded paths the old site served the file at (``sitecore.urls.old_path``)."""
    value = fields.pop("old_urls", None)
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(i, (dict, list)) for i in value)):
        raise ContentError(
            Problem(path, front.line("old_urls"), f"the old_urls must be addresses, not {_shape(value)}", OLD_URL_HINT)
        )
    paths = []
    for text in old_url_texts(value):
        found, why = old_path(text)
        if found is None:
            line = front.value_line("old_urls", text)
            raise ContentError(Problem(path, line, f"the old address {text!r} {why}", OLD_URL_HINT))
        paths.append(found)
    return {"old_urls": tuple(dict.fromkeys(paths))} if paths else {}


def _shape(value) -> str:
    """How a YAML value that should be text or a list of names looks instead."""
    if isinstance(value, dict):
        return "a mapping of key: value pairs"
    return "a list inside a list" if any(isinstance(item, (dict, list)) for item in value) else "a list"


def _unknown_key_hint(key: str, known: frozenset) -> str:
    """Say what to do about a native ``key:`` line the site does not know."""
    text = "if this line is the start of the text, insert an empty line above it"
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"did you mean {close[0]!r}? Or, {text}" if close else f"{text}; the keys are listed in docs/autorinnen.md"
