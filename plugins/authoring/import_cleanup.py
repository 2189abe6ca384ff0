"""What is article and what is the old page around it, line by line (pure).

:func:`analyse` takes the lines of an imported article (a text file's lines, or the text of each
block of an HTML or Word file) and the rules of :mod:`authoring.import_rules`, and returns a
:class:`Findings`: which lines to remove and why, the comments at the end, the page's date,
pull quotes, the first-published note, a guest author, old addresses and a suggested offer
callout. It removes nothing itself: the format's converter applies the findings, and the report
(:mod:`authoring.import_report`) quotes every removed line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from . import import_rules as rules
from .import_rules import DATE_FORMS, MONTHS, classify, group

# Kinds of lines that may stand above the article's text (with its title) and below it.
_HEAD_KINDS = {rules.FURNITURE, rules.EDGE, rules.DATE_LINE, rules.COUNTER, rules.OLD_URL, rules.GUEST_BYLINE}
_TAIL_KINDS = {
    rules.FURNITURE,
    rules.EDGE,
    rules.COUNTER,
    rules.COMMENT_FORM,
    rules.REPLY_LINK,
    rules.OLD_URL,
    rules.FIRST_PUBLISHED,
}
_NAME_LINE = re.compile(
    r"^(?P<name>[^\s.!?:;,„“\"»«][^.!?:;„“\"»«]{0,58}?)(?:\s+(?:sagt|says|schreibt|writes|meint))?\s*:?$"
)
_QUOTED = re.compile(r"^[„\"“»‚'](?P<quote>.+)[“\"”«‘']$")
_TIME = re.compile(r"(?<![\d.])(?P<h>\d{1,2})[:.](?P<min>\d{2})(?!\.\d)\s*(?P<half>am|pm)?", re.IGNORECASE)
_SALUTATION = r"(?:@|(?:Hallo|Hi|Hey|Liebe|Lieber|Dear|Danke|Thanks|Thank you),?\s+)"
_TITLE = r"(?:Herr|Frau|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+"


@dataclass(frozen=True)
class Removal:
    """A line that is not the article, and the rule that says so."""

    index: int
    text: str
    reason: str


@dataclass(frozen=True)
class FoundComment:
    """A reader's comment found below the article."""

    author: str
    date: dt.datetime | None
    paragraphs: tuple[str, ...]
    reply_to: int | None = None  # the position of the comment it answers
    house: bool = False  # written by one of the site's authors


@dataclass(frozen=True)
class PullQuote:
    """A quoted line and the line naming its source."""

    index: int
    source_index: int
    quote: str
    source: str


@dataclass(frozen=True)
class Callout:
    """A closing call to action that names a training the site offers."""

    index: int
    offer: str
    sentence: str


@dataclass
class Findings:
    """Everything :func:`analyse` recognised in the lines."""

    removed: list[Removal] = field(default_factory=list)
    comments: list[FoundComment] = field(default_factory=list)
    comments_from: int | None = None  # the first line of the comment section (all below is not text)
    kept_below_comments: list[int] = field(default_factory=list)  # unrecognised lines there, kept as text
    kept_below_texts: list[str] = field(default_factory=list)
    date: dt.datetime | None = None
    date_text: str = ""
    first_published_in: str = ""
    guest_author: str = ""
    old_urls: list[str] = field(default_factory=list)
    quotes: list[PullQuote] = field(default_factory=list)
    callout: Callout | None = None
    unmatched_call: str = ""  # a call to action whose training the site does not offer

    def removed_indexes(self) -> set[int]:
        """The positions of the removed lines."""
        return {removal.index for removal in self.removed}


def parse_date(text: str, timezone: ZoneInfo) -> dt.datetime | None:
    """The first date in *text* (any form of :data:`import_rules.DATE_FORMS`) with the time after it."""
    found = None
    for form in DATE_FORMS:
        match = re.search(form, text, re.IGNORECASE)
        if match and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return None
    parts = found.groupdict()
    month = int(parts["n"]) if parts.get("n") else MONTHS.get(parts["m"].rstrip(".").lower(), 0)
    try:
        day = dt.date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None
    clock = _TIME.search(text, found.end())
    hour = minute = 0
    if clock:
        hour, minute = int(clock["h"]) % 24, int(clock["min"]) % 60
        if (clock["half"] or "").lower() == "pm" and hour < 12:
            hour += 12
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone)


def analyse(
    lines: list[str],
    *,
    timezone: ZoneInfo,
    house_authors: frozenset[str] = frozenset(),
    offers: dict[str, str] | None = None,
    with_title: bool = False,
    quoted: frozenset[int] = frozenset(),
) -> Findings:
    """Recognise the old page's furniture in *lines*; *with_title*: the first text line is the title;
    *quoted*: lines that are quotes by their markup (an HTML ``blockquote``).

    *house_authors* are the site's authors (casefolded): their comments are the author's replies.
    *offers* maps offer ids to their titles in the post's language, for a call to action.
    """
    kinds = [classify(line) for line in lines]
    findings = Findings()
    comments_from = _comment_section(lines, kinds)
    head_end = _head_end(lines, kinds, with_title, comments_from)
    tail_start = _tail_start(lines, kinds, comments_from, head_end)
    end = len(lines) if comments_from is None else comments_from
    for index in range(end):
        if kinds[index] is None:
            continue
        rule, match = kinds[index]
        at_edge = index < head_end or index >= tail_start
        _one_line(findings, index, lines, kinds, (rule, match, at_edge), timezone, offers, quoted)
    if comments_from is not None:
        findings.comments_from = comments_from
        _comments(findings, lines, kinds, comments_from, timezone, house_authors)
    return findings


def _one_line(findings, index, lines, kinds, found, timezone, offers, quoted) -> None:  # noqa: PLR0913
    rule, match, at_edge = found
    text = lines[index].strip()
    kind = rule.kind

    def remove() -> None:
        findings.removed.append(Removal(index, text, rule.name))

    if kind in (rules.FURNITURE, rules.COMMENT_FORM) or (
        kind in (rules.EDGE, rules.COUNTER, rules.REPLY_LINK) and at_edge
    ):
        remove()
    elif kind == rules.DATE_LINE and at_edge:
        remove()
        if findings.date is None:
            findings.date, findings.date_text = parse_date(text, timezone), text
    elif kind == rules.OLD_URL:
        remove()
        findings.old_urls.append(group(match, "url"))
    elif kind == rules.FIRST_PUBLISHED and not findings.first_published_in:
        remove()
        findings.first_published_in = group(match, "where")
    elif kind == rules.GUEST_BYLINE and not findings.guest_author:
        remove()
        findings.guest_author = group(match, "name")
    elif kind == rules.ATTRIBUTION:
        previous = _previous_text(lines, index)
        is_quote = previous is not None and (previous in quoted or _QUOTED.match(lines[previous].strip()))
        if is_quote and kinds[previous] is None:
            findings.quotes.append(PullQuote(previous, index, lines[previous].strip(), group(match, "name")))
    elif kind == rules.CALL_TO_ACTION and findings.callout is None:
        offer = best_offer(text, offers or {})
        if offer:
            findings.callout = Callout(index, offer, text)
        else:
            findings.unmatched_call = text


def best_offer(sentence: str, offers: dict[str, str]) -> str:
    """The id of the offer whose title shares the most words with *sentence* (words of five
    letters or more, also inside compounds: "Kommunikationstraining"); empty when none does."""
    text = sentence.casefold()
    best, best_score = "", 0
    for offer, title in offers.items():
        words = {word for word in re.findall(r"\w{5,}", title.casefold())}
        score = sum(1 for word in words if word in text)
        if score > best_score:
            best, best_score = offer, score
    return best


def _previous_text(lines: list[str], index: int) -> int | None:
    for position in range(index - 1, -1, -1):
        if lines[position].strip():
            return position
    return None


def _comment_section(lines, kinds) -> int | None:
    """The last comment counter with a comment (a name and a date) after it, or the first
    comment-form line after the article when comments stand above it without a counter."""
    for index in range(len(lines) - 1, -1, -1):
        if kinds[index] and kinds[index][0].kind == rules.COUNTER:
            following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
            if following is not None and _header_at(lines, kinds, following) is not None:
                return index
    return None


def _head_end(lines, kinds, with_title, end) -> int:
    """The first line of the article's text: before it, only furniture (and the title)."""
    title_seen = not with_title
    limit = len(lines) if end is None else end
    for index in range(limit):
        if not lines[index].strip():
            continue
        kind = kinds[index][0].kind if kinds[index] else None
        if kind in _HEAD_KINDS:
            continue
        if not title_seen:
            title_seen = True
            continue
        return index
    return limit


def _tail_start(lines, kinds, end, head_end) -> int:
    """The first line after the article's text: below it, only furniture."""
    start = len(lines) if end is None else end
    for index in range(start - 1, head_end - 1, -1):
        if lines[index].strip() and not (kinds[index] and kinds[index][0].kind in _TAIL_KINDS):
            return index + 1
    return start


def _header_at(lines, kinds, index) -> tuple[str, dt.datetime | None, int] | None:
    """``(name, date text line, last line)`` when a comment starts at *index*: a name line over a
    date line, or a date line naming its writer (Drupal's "Gespeichert von … am …")."""
    kind = kinds[index]
    text = " ".join(lines[index].split())
    if kind and kind[0].kind == rules.DATE_LINE:
        name = group(kind[1], "name")
        return (name, index, index) if name else None
    if kind is not None or not _NAME_LINE.match(text) or len(text.split()) > 5:
        return None
    following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
    if following is not None and kinds[following] and kinds[following][0].kind == rules.DATE_LINE:
        return _NAME_LINE.match(text)["name"].strip(), following, following
    return None


def _comments(findings, lines, kinds, start, timezone, house_authors) -> None:
    """Read the comments below *start*; remove every line of the section from the text."""
    findings.removed.append(Removal(start, lines[start].strip(), kinds[start][0].name))
    found: list[dict] = []
    after_form = False
    reply_name = ""
    index = start + 1
    paragraph_open = False
    while index < len(lines):
        text = lines[index].strip()
        if not text:
            paragraph_open = False
            index += 1
            continue
        kind = kinds[index][0].kind if kinds[index] else None
        header = None if after_form else _header_at(lines, kinds, index)
        if header:
            name, date_line, last = header
            found.append(
                {"author": name, "date": parse_date(lines[date_line], timezone), "paragraphs": [], "reply": reply_name}
            )
            reply_name, paragraph_open = "", False
            index = last + 1
            continue
        if kind == rules.REPLY_TO:  # under a comment's name and date: it answers; else the next one does
            name = group(kinds[index][1], "name")
            if found and not found[-1]["paragraphs"]:
                found[-1]["reply"] = name
            else:
                reply_name = name
            findings.removed.append(Removal(index, text, kinds[index][0].name))
        elif kind in (rules.COMMENT_FORM, rules.EDGE, rules.REPLY_LINK, rules.FURNITURE, rules.COUNTER):
            after_form = after_form or kind in (rules.COMMENT_FORM, rules.EDGE)
            paragraph_open = False
            findings.removed.append(Removal(index, text, kinds[index][0].name))
        elif found and not after_form:
            paragraphs = found[-1]["paragraphs"]
            if paragraph_open:
                paragraphs[-1] += "\n" + text
            else:
                paragraphs.append(text)
            paragraph_open = True
        else:
            findings.kept_below_comments.append(index)
            findings.kept_below_texts.append(text)
        index += 1
    findings.comments = _threaded(found, house_authors)


def _threaded(found: list[dict], house_authors: frozenset[str]) -> list[FoundComment]:
    """Comments with their replies: one naming an earlier writer ("Hallo Thomas", "Herr Brenner",
    "@Thomas", "Antwort auf …") answers the latest such; an author's reply without one answers
    the reader's comment right above it."""
    comments: list[FoundComment] = []
    for position, item in enumerate(found):
        house = item["author"].casefold() in house_authors
        opening = " ".join(item["paragraphs"][:1])[:120]
        reply_to = None
        for earlier in range(position - 1, -1, -1):
            author = found[earlier]["author"]
            if _names(author, opening) or (item["reply"] and item["reply"].casefold() == author.casefold()):
                reply_to = earlier
                break
        if reply_to is None and house:
            reply_to = next(
                (e for e in range(position - 1, -1, -1) if found[e]["author"].casefold() not in house_authors), None
            )
        comments.append(FoundComment(item["author"], item["date"], tuple(item["paragraphs"]), reply_to, house))
    return comments


def _names(author: str, text: str) -> bool:
    """True when *text* addresses *author*: full name, "@First", "Hallo First", "Herr Last"."""
    words = author.split()
    if not words or not text:
        return False
    first, last = re.escape(words[0]), re.escape(words[-1])
    patterns = [re.escape(author), rf"{_SALUTATION}{first}\b", rf"{_TITLE}{last}\b"]
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)
