"""The report of ``make import`` in the author's language, and the rule that keeps it out of a
published post (pure).

The same report is printed at the end of the import and written at the top of the draft as
an HTML comment starting with :data:`MARKER`. :func:`report_problem` finds it: ``make check``
warns, the build of a post that is not a draft fails where drafts are withheld (``make publish``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sitecore.problems import Problem

MARKER = "<!-- make import:"

TEXTS = {
    "de": {
        "heading": "Import von {source} -> {target}",
        "recognised": "Erkannt:",
        "removed": "Entfernt ({count}; nichts davon steht im Entwurf):",
        "check": "Bitte prüfen:",
        "nothing": "nichts",
        "line": "Zeile {n}",
        "block": "Absatz {n}",
        "markup": "Seitenaufbau",
        "date": "Datum: {date} (aus „{source}“)",
        "date_given": "Datum: {date} (DATE=…)",
        "no_date": "Kein Datum gefunden: heute eingesetzt ({date}); mit DATE=JJJJ-MM-TT das richtige angeben.",
        "comments": "Kommentare: {count} ({replies} als Antwort zugeordnet, {house} von der Autorin/dem Autor) -> {folder}",
        "comment": "      {n}. {author}, {date}{reply}{house}",
        "reply": ", antwortet auf {n}",
        "house": ", Antwort der Autorin/des Autors",
        "comments_check": "Die Zuordnung der Antworten prüfen (reply_to in den Kommentardateien).",
        "undated": "Kommentar {n} ({author}) hat kein Datum: das Datum des Beitrags ist eingesetzt.",
        "quote": "Zitat mit Quelle: {quote} — {source}",
        "first_published": "Erstveröffentlichung: first_published_in: {value}",
        "guest": "Gastautor/in (Vorschlag): guest_author: {value}",
        "guest_check": "Gastautor/in „{value}“ bestätigen (guest_author) oder die Zeile löschen.",
        "summary": "Zusammenfassung (Vorschlag): der erste Absatz",
        "summary_check": "Die Zusammenfassung (summary) prüfen: sie ist der erste Absatz.",
        "old_url": "Alte Adresse: old_urls: {value}",
        "callout": "Angebot (Vorschlag): !!! offer {offer} bei „{sentence}“",
        "callout_check": "Den Hinweis auf das Angebot „{offer}“ bestätigen oder löschen.",
        "unmatched_call": "Der Aufruf „{sentence}“ nennt ein Training, das die Website nicht anbietet: Satz prüfen.",
        "kept": "Unter den Kommentaren stand Text, den der Import nicht erkennt; er steht am Ende des Entwurfs: „{text}“",
        "keep_all": "KEEP_ALL=1: nichts entfernt; Navigation und Kommentare stehen noch im Text.",
        "title_line": "TITLE=… ist nicht die erste Zeile der Datei: die erste Zeile steht als erster Absatz im Text.",
        "finally": "Zum Schluss diesen Bericht (den Kommentar „make import:“ oben im Entwurf) löschen und status: draft entfernen.",
    },
    "en": {
        "heading": "Import of {source} -> {target}",
        "recognised": "Recognised:",
        "removed": "Removed ({count}; none of it is in the draft):",
        "check": "Please check:",
        "nothing": "nothing",
        "line": "line {n}",
        "block": "paragraph {n}",
        "markup": "page structure",
        "date": "Date: {date} (from “{source}”)",
        "date_given": "Date: {date} (DATE=…)",
        "no_date": "No date found: today's date is used ({date}); give the right one with DATE=YYYY-MM-DD.",
        "comments": "Comments: {count} ({replies} threaded as replies, {house} by the author) -> {folder}",
        "comment": "      {n}. {author}, {date}{reply}{house}",
        "reply": ", replies to {n}",
        "house": ", the author's reply",
        "comments_check": "Check which comment answers which (reply_to in the comment files).",
        "undated": "Comment {n} ({author}) has no date: the post's date is used.",
        "quote": "Quote with source: {quote} — {source}",
        "first_published": "First published: first_published_in: {value}",
        "guest": "Guest author (suggested): guest_author: {value}",
        "guest_check": "Confirm the guest author “{value}” (guest_author) or delete the line.",
        "summary": "Summary (suggested): the first paragraph",
        "summary_check": "Check the summary: it is the first paragraph.",
        "old_url": "Old address: old_urls: {value}",
        "callout": "Offer (suggested): !!! offer {offer} at “{sentence}”",
        "callout_check": "Confirm or delete the callout of the offer “{offer}”.",
        "unmatched_call": "The call “{sentence}” names a training the site does not offer: check the sentence.",
        "kept": "Below the comments was text the import does not recognise; it is at the end of the draft: “{text}”",
        "keep_all": "KEEP_ALL=1: nothing removed; navigation and comments are still in the text.",
        "title_line": "TITLE=… is not the file's first line: that line is the first paragraph of the text.",
        "finally": "Finally delete this report (the comment “make import:” at the top of the draft) and status: draft.",
    },
}


@dataclass(frozen=True)
class ImportFacts:
    """What the command decided around the article: where it went, its date, its comment files."""

    source: str
    target: str
    date: str
    date_from: str  # "given", "found" or "today"
    comment_folder: str = ""
    keep_all: bool = False
    title_line_kept: bool = False


def texts(lang: str) -> dict[str, str]:
    """The report's texts in *lang* (English for a language without its own)."""
    return TEXTS.get(lang, TEXTS["en"])


def report_lines(article, facts: ImportFacts, lang: str) -> list[str]:
    """The report of one import, line by line."""
    t = texts(lang)
    findings = article.findings
    recognised, check = [], []
    if facts.date_from == "found":
        recognised.append(t["date"].format(date=facts.date, source=findings.date_text))
    elif facts.date_from == "given":
        recognised.append(t["date_given"].format(date=facts.date))
    else:
        check.append(t["no_date"].format(date=facts.date))
    if findings.comments:
        recognised += _comment_lines(findings.comments, facts, t)
        check.append(t["comments_check"])
        check += [
            t["undated"].format(n=n, author=c.author) for n, c in enumerate(findings.comments, 1) if c.date is None
        ]
    recognised += [t["quote"].format(quote=q.quote, source=q.source) for q in findings.quotes]
    if findings.first_published_in:
        recognised.append(t["first_published"].format(value=findings.first_published_in))
    guest = guest_author(article)
    if guest:
        recognised.append(t["guest"].format(value=guest))
        check.append(t["guest_check"].format(value=guest))
    if article.summary:
        recognised.append(t["summary"])
        check.append(t["summary_check"])
    recognised += [t["old_url"].format(value=url) for url in findings.old_urls]
    if findings.callout is not None:
        recognised.append(t["callout"].format(offer=findings.callout.offer, sentence=findings.callout.sentence))
        check.append(t["callout_check"].format(offer=findings.callout.offer))
    if findings.unmatched_call:
        check.append(t["unmatched_call"].format(sentence=findings.unmatched_call))
    check += [t["kept"].format(text=text) for text in findings.kept_below_texts]
    if facts.keep_all:
        check.append(t["keep_all"])
    if facts.title_line_kept:
        check.append(t["title_line"])
    check += list(article.notes)
    check.append(t["finally"])
    removed = [
        f"  - {_where(removal.index, article.unit, t)}: „{removal.text}“ ({removal.reason})"
        for removal in sorted(findings.removed, key=lambda r: (r.index >= 0, r.index))
    ]
    return [
        t["heading"].format(source=facts.source, target=facts.target),
        t["recognised"],
        *([f"  - {line}" if not line.startswith("  ") else line for line in recognised] or [f"  - {t['nothing']}"]),
        t["removed"].format(count=len(removed)),
        *(removed or [f"  - {t['nothing']}"]),
        t["check"],
        *[f"  - {line}" for line in check],
    ]


def guest_author(article) -> str:
    """The guest author the import proposes: a byline, else the source of a pull quote in a post
    that was first published elsewhere (a guest post quotes its writer)."""
    findings = article.findings
    if findings.guest_author:
        return findings.guest_author
    if findings.first_published_in and findings.quotes:
        return findings.quotes[0].source.split(",")[0].strip()
    return ""


def _comment_lines(comments, facts: ImportFacts, t: dict) -> list[str]:
    replies = sum(1 for c in comments if c.reply_to is not None)
    house = sum(1 for c in comments if c.house)
    lines = [t["comments"].format(count=len(comments), replies=replies, house=house, folder=facts.comment_folder)]
    for number, comment in enumerate(comments, 1):
        lines.append(
            t["comment"].format(
                n=number,
                author=comment.author,
                date=comment.date.strftime("%Y-%m-%d %H:%M") if comment.date else "?",
                reply=t["reply"].format(n=comment.reply_to + 1) if comment.reply_to is not None else "",
                house=t["house"] if comment.house else "",
            )
        )
    return lines


def _where(index: int, unit: str, t: dict) -> str:
    if index < 0:
        return t["markup"]
    return t[unit].format(n=index + 1)


def draft_comment(lines: list[str]) -> str:
    """The report as the HTML comment at the top of the draft (``--`` would end it early)."""
    text = "\n".join(lines).replace("--", "- -")
    return f"{MARKER} {text}\n-->"


def report_problem(path: str, body: str, body_line: int) -> Problem | None:
    """The import report still in *body* (which starts at *body_line* of the file at *path*)."""
    position = body.find(MARKER)
    if position < 0:
        return None
    return Problem(
        path,
        body_line + body.count("\n", 0, position),
        "the report of make import is still in the text",
        "do what it lists, then delete the comment from <!-- make import: to -->",
    )
