"""The skeleton of a translation: linked to its original, original text kept as a block to translate.

Pure: the original's text and metadata in, the new file (and, when the original has no
``translation_key`` yet, the original's text with one added) out.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from content_reader.front_matter import FrontMatter
from sitecore.problems import Problem
from taxonomy.vocabulary import Vocabulary

from .front_matter_writer import plain, yaml_front_matter
from .new_post import NewFile, format_date
from .tags import map_tags

TITLE_PREFIXES = {"de": "[Übersetzen] ", "en": "[Translate] "}
ORIGINAL_OPEN = "<!-- ORIGINAL ({lang}): translate the text below into your own text above, then delete this block."
ORIGINAL_CLOSE = "END OF ORIGINAL -->"
BODY_PLACEHOLDERS = {"de": "Hier beginnt die Übersetzung …", "en": "The translation starts here …"}
CARRIED_KEYS = ("category", "categories", "post_image", "header_image", "offer")


def title_prefix(lang: str) -> str:
    """``[Translate] `` in the language of the translation."""
    return TITLE_PREFIXES.get(lang, TITLE_PREFIXES["en"])


def original_block(body: str, lang: str) -> str:
    """The original *body* inside one HTML comment, which Markdown passes through and browsers hide."""
    safe = body.strip("\n").replace("-->", "-- >").replace("<!--", "< !--")
    return f"{ORIGINAL_OPEN.format(lang=lang)}\n\n{safe}\n\n{ORIGINAL_CLOSE}\n"


def translation_skeleton(
    front: FrontMatter,
    metadata: dict,
    *,
    original_path: str,
    target_path: str,
    target_lang: str,
    vocabulary: Vocabulary | None,
) -> NewFile:
    """The new file in *target_lang* for the original at *original_path* (as shown to people)."""
    tags, warnings = map_tags(metadata.get("tags", []), vocabulary, target_lang, target_path)
    date = metadata.get("date")
    fields = [
        ("title", title_prefix(target_lang) + metadata["title"], ""),
        ("date", plain(format_date(date)) if isinstance(date, dt.datetime) else None, ""),
        ("slug", plain(metadata["slug"]), f"the {target_lang} slug, made from the translated title"),
        ("translation_key", metadata["translation_key"], "links the translations: keep it"),
        ("translation_of", original_path, ""),
        ("author", ", ".join(metadata.get("authors") or []) or None, ""),
        ("tags", tags, ""),
        ("summary", _todo(metadata.get("summary", "")), ""),
        ("status", plain("draft"), "remove this line (or write: published) to publish the translation"),
    ]
    for key in CARRIED_KEYS:
        raw = front.fields.get(key)
        if raw not in (None, "", []):
            fields.append((key, [str(v) for v in raw] if isinstance(raw, list) else str(raw), ""))
    fields = [field for field in fields if field[1] not in (None, "", [])]
    tags_line = next((number for number, field in enumerate(fields, start=2) if field[0] == "tags"), None)
    warnings = [replace(problem, line=tags_line) for problem in warnings]
    front_text = yaml_front_matter(fields)
    body = BODY_PLACEHOLDERS.get(target_lang, BODY_PLACEHOLDERS["en"])
    text = f"{front_text}\n{body}\n\n{original_block(front.body, metadata['lang'])}"
    return NewFile(target_path, text, tuple(warnings))


OFFER_TEXTS = ("summary", "duration", "audience", "cancellation")  # one text each, to translate
OFFER_LISTS = ("goals", "included")  # lists of texts, to translate item by item
OFFER_FACTS = (  # copied as they are: the same in every language
    "format",
    "trainer",
    "price",
    "cancellation_days",
    "min_participants",
    "max_participants",
    "registration",
)


def offer_skeleton(
    front: FrontMatter, *, source_lang: str, target_path: str, target_lang: str, vocabulary: Vocabulary | None
) -> NewFile:
    """The translation of an offer in *source_lang*: every field of the offer, its texts marked
    for translation, a draft; no ``sessions`` (the translation shares the original's)."""
    raw = front.fields
    tags, warnings = map_tags(_listed(raw.get("tags")), vocabulary, target_lang, target_path)
    fields = [
        ("offer", str(raw.get("offer") or ""), "links the translations and shares the sessions: keep it"),
        ("title", title_prefix(target_lang) + str(raw.get("title") or ""), ""),
        ("slug", plain(str(raw.get("slug") or "")), f"the {target_lang} slug, made from the translated title"),
        ("tags", tags, ""),
    ]
    for key in (*OFFER_TEXTS[:3], *OFFER_LISTS, *OFFER_FACTS, OFFER_TEXTS[3]):
        value = raw.get(key)
        if value in (None, "", []):
            continue
        if key in OFFER_TEXTS:
            fields.append((key, _todo(str(value)), ""))
        elif key in OFFER_LISTS:
            fields.append((key, [_todo(str(item)) for item in _listed(value)], ""))
        elif isinstance(value, dict):
            fields.append((key, plain("{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"), ""))
        else:
            fields.append((key, plain(str(value)) if isinstance(value, int) else str(value), ""))
    fields.append(("status", plain("draft"), "remove this line to publish; dates and seats come from the original"))
    fields = [field for field in fields if field[1] not in (None, "", [])]
    tags_line = next((number for number, field in enumerate(fields, start=2) if field[0] == "tags"), None)
    warnings = [replace(problem, line=tags_line) for problem in warnings]
    body = BODY_PLACEHOLDERS.get(target_lang, BODY_PLACEHOLDERS["en"])
    text = f"{yaml_front_matter(fields)}\n{body}\n\n{original_block(front.body, source_lang)}"
    return NewFile(target_path, text, tuple(warnings))


def _listed(value) -> list:
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def _todo(summary: str) -> str:
    """The original's summary, marked as still to translate."""
    return summary if summary.startswith("TODO") else f"TODO: {summary}".strip()


def with_translation_key(text: str, front: FrontMatter, key: str) -> str | None:
    """*text* with a ``translation_key`` line added to its front matter; ``None`` if it has one."""
    if front.fields.get("translation_key") not in (None, ""):
        return None
    lines = text.split("\n")
    if front.style == "yaml":
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
        lines.insert(closing, f"translation_key: {key}")
    else:
        last = max(front.lines.values(), default=0)  # 1-based line of the last key
        while last < len(lines) and lines[last][:1] in (" ", "\t") and lines[last].strip():
            last += 1  # continuation lines of the last key
        lines.insert(last, f"Translation_Key: {key}")
    return "\n".join(lines)


def target_path_for(original: str, content_root: str, source_lang: str, target_lang: str) -> str:
    """``content/en/posts/x.md`` for ``content/de/posts/x.md``: same sub-path, other language folder."""
    relative = os.path.relpath(original, content_root).split(os.sep)
    if relative and relative[0] == source_lang:
        relative = relative[1:]
    return os.path.join(content_root, target_lang, *relative)


def other_language(lang: str, codes: list[str]) -> str | None:
    """The first configured language that is not *lang*."""
    return next((code for code in codes if code != lang), None)


def missing_original(path: str) -> Problem:
    """The error for a POST that is not there."""
    return Problem(
        path, None, "this file does not exist", "name the original post, e.g. POST=content/de/posts/ki-im-vertrieb.md"
    )
