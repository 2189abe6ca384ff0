"""What ``make import`` recognises in a page copied from an old site: a table of line rules.

Data, not code: each :class:`Rule` names what a line is (``kind``), its pattern (matched
against the whole line, spaces trimmed, case ignored; ``{date}`` and ``{time}`` stand for the
date and time forms below, ``{name}`` for a person's name) and example lines it must match
and must not match (``tests/test_import_rules.py`` runs them all). The first matching rule wins,
so the more specific rules come first. :mod:`authoring.import_cleanup` decides what to do
with each kind; to teach the import a new old site, add a rule with its examples here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "jänner": 1,
    "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# The date forms of German and English sites, each with named groups d, m (name) or n (number), y.
DATE_FORMS = (
    rf"(?P<d>\d{{1,2}})\.\s*(?P<m>{_MONTH})\s+(?P<y>\d{{4}})",  # 21. November 2019
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})",  # 21 November 2019
    rf"(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y>\d{{4}})",  # Oktober 23, 2019
    r"(?P<d>\d{1,2})\.(?P<n>\d{1,2})\.(?P<y>\d{4})",  # 21.11.2019
    r"(?P<y>\d{4})-(?P<n>\d{2})-(?P<d>\d{2})",  # 2019-11-21
    r"(?P<n>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})",  # 11/21/2019 (Drupal in English)
)
_WEEKDAY = r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s*)?"
PLACEHOLDERS = {
    "date": _WEEKDAY + "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", form) for form in DATE_FORMS) + ")",
    "time": r"(?:um|at|,|-|–|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:Uhr|am|pm|h))?",
    "name": r"[\w][\w'’.\-]*(?:\s+[\w'’.\-]+){0,4}",
}

# What the import does with a line of each kind (authoring.import_cleanup):
FURNITURE = "furniture"  # removed wherever it stands
EDGE = "edge"  # removed above the text or below it (menus, field labels), kept inside it
DATE_LINE = "date line"  # removed above the text; its date is the post's date
COUNTER = "comment counter"  # removed; the last one with comments after it starts the comment section
COMMENT_FORM = "comment form"  # removed; ends the comments
REPLY_LINK = "reply link"  # removed between comments; ends a comment
REPLY_TO = "reply to"  # inside the comments: the next comment answers {name}
OLD_URL = "old address"  # removed; its url becomes `old_urls`
FIRST_PUBLISHED = "first published"  # removed; `first_published_in`
GUEST_BYLINE = "guest byline"  # removed; `guest_author`
ATTRIBUTION = "attribution"  # after a quoted line: the pull quote's source
CALL_TO_ACTION = "call to action"  # a closing line naming a training: an `!!! offer` callout is suggested


@dataclass(frozen=True)
class Rule:
    """One kind of line an old page has, with lines that show it."""

    name: str  # what the report calls the line
    kind: str
    pattern: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = ()

    @property
    def regex(self) -> re.Pattern:
        """The pattern with its placeholders, matching the whole line."""
        return _compiled(self.pattern)


_CACHE: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _CACHE:
        expanded = re.sub(r"\{(date|time|name)\}", lambda m: PLACEHOLDERS[m.group(1)], pattern)
        _CACHE[pattern] = re.compile(rf"^(?:{expanded})$", re.IGNORECASE)
    return _CACHE[pattern]


RULES = (
    Rule(
        "Kommentarformular / comment form",
        COMMENT_FORM,
        r"(?:Schreiben Sie|Schreibe|Hinterlasse|Hinterlassen Sie)\s+einen\s+Kommentar.*|Neuen Kommentar schreiben"
        r"|Kommentar (?:verfassen|hinzufügen|abschicken|absenden|schreiben)|Leave a (?:Reply|Comment).*"
        r"|(?:Add|Post|Write|Submit) (?:a |new )?comment|Antworten abbrechen|Cancel reply",
        ("Schreiben Sie einen Kommentar", "Neuen Kommentar schreiben", "Leave a Reply", "Add new comment"),
        ("Kommentar: ein Wort zum Schluss",),
    ),
    Rule(
        "Hinweis des Kommentarformulars / comment form notice",
        COMMENT_FORM,
        r"Ihre E-Mail-Adresse wird nicht veröffentlicht\..*|Your email address will not be published\..*"
        r"|(?:Erforderliche Felder|Required fields) .*(?:markiert|marked).*"
        r"|Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern.*"
        r"|Save my name, email, and website in this browser.*"
        r"|(?:Danke|Vielen Dank) für Ihren Kommentar[,.!]?\s+(?:wir|er|Ihr Kommentar)\b.*"
        r"|(?:Thank you|Thanks) for your comment[,.!]?\s+(?:we|it|your comment)\b.*"
        r"|Ihr Kommentar wartet auf (?:die )?Freischaltung\.?|Your comment is awaiting moderation\.?",
        (
            "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
            "Your email address will not be published. Required fields are marked *",
            "Danke für Ihren Kommentar, wir prüfen dies gerne.",
            "Thank you for your comment, we will review it shortly.",
        ),
        ("Danke für Ihren Kommentar, Herr Brenner!",),
    ),
    Rule(
        "CAPTCHA",
        COMMENT_FORM,
        r"CAPTCHA|Mathematische Frage\s*\*?|Math question\s*\*?|\d+\s*[+×x*-]\s*\d+\s*=\s*\??"
        r"|Diese Frage (?:dient dazu|hat den Zweck).*|This question is for testing whether.*"
        r"|Lösen Sie diese einfache mathematische Aufgabe.*|Solve this simple math problem.*",
        (
            "CAPTCHA",
            "1 + 0 =",
            "Mathematische Frage *",
            "This question is for testing whether or not you are a human visitor and to prevent automated spam submissions.",
            "Solve this simple math problem and enter the result. E.g. for 1+3, enter 4.",
        ),
        ("1 + 1 = 3 ist falsch, sagte sie.",),
    ),
    Rule(
        "Textformat des Formulars / text format",
        COMMENT_FORM,
        r"Text-?format(?:e)?\s*:?.*|Filtered HTML|Plain text|Einfacher Text|Weitere Informationen über Textformate"
        r"|More information about text formats|Web page addresses and email addresses turn into links automatically\."
        r"|Internet- und E-Mail-Adressen werden automatisch umgewandelt\.",
        ("Textformat", "Filtered HTML", "Weitere Informationen über Textformate"),
    ),
    Rule(
        "Navigation mit Datum / navigation with a date",
        FURNITURE,
        r"{date}(?=\S)(?!\s*(?:um|at)\b).{2,}",
        ("Oktober 23, 2019Agilität im Kopf", "21. November 2019Zuhören lernen", "March 3, 2020Listening first"),
        ("21. November 2019 von Maren Albrecht", "21. November 2019"),
    ),
    Rule(
        "Vorheriger/nächster Beitrag / previous/next post",
        FURNITURE,
        r"(?:[←«<]\s*)?(?:Vorheriger|Voriger|Nächster|Älterer|Neuerer|Previous|Next|Older|Newer)\s+"
        r"(?:Beitrag|Artikel|Post|Article|Eintrag|Entry)s?\s*(?:[→»>])?(?:\s*:.*)?"
        r"|Beitrags-?navigation|Post navigation|Artikelnavigation",
        ("← Vorheriger Beitrag", "Nächster Beitrag →", "Previous post: Listening first", "Beitragsnavigation"),
        ("Vorheriger Beitrag über Fragen war gut.",),
    ),
    Rule(
        "Teilen-Knöpfe / share buttons",
        FURNITURE,
        r"(?:Teilen|Share|Diesen Beitrag teilen|Beitrag teilen|Share this(?: post| article)?|Teile dies|Jetzt teilen)"
        r"(?:\s*(?::|auf|on|via|mit|bei|per)?\s*(?:Facebook|Twitter|X|LinkedIn|Xing|WhatsApp|E-Mail|Email|Pinterest"
        r"|Drucken|Print|Telegram)?[\s,/|·•]*)*:?"
        r"|(?:(?:Facebook|Twitter|LinkedIn|Xing|WhatsApp|E-Mail|Email|Pinterest|Drucken|Print|Telegram)[\s,/|·•]*){2,}"
        r"|Gefällt mir:?(?:\s*Wird geladen.*)?|Like this:?|Wird geladen…?|Loading\.\.\.",
        ("Teilen auf Facebook", "Share this:", "Facebook Twitter LinkedIn Xing", "Diesen Beitrag teilen"),
        ("Teilen Sie Ihre Erfahrung mit uns.",),
    ),
    Rule(
        "Weiterlesen / read more",
        FURNITURE,
        r"Weiterlesen(?:\s*[→»>.…]*)?|Read more(?:\s*[→»>.…]*)?|Mehr lesen|Nach oben|Back to top",
        ("Weiterlesen", "Read more →"),
    ),
    Rule(
        "Antwort-Link / reply link",
        REPLY_LINK,
        r"(?:Antworten|Antwort|Reply|Permalink|Melden|Report|Bearbeiten|Edit|Löschen|Delete)(?:\s*[↓→]|\s*\|)*",
        ("Antworten", "Reply ↓", "Permalink"),
    ),
    Rule(
        "Kommentarzähler / comment counter",
        COUNTER,
        r"(?:(?:\d+|Ein|Eine|Einen|Keine|No|One|Two|Three|Zwei|Drei)\s+"
        r"(?:Kommentare?|Comments?|Antworten|Responses?|Reaktionen|Gedanken|thoughts?)|Kommentare|Comments|Leserkommentare)"
        r"(?:\s+(?:zu|on|to|für|über)\s+.{1,200})?\s*:?",
        (
            "3 Kommentare",
            "Kommentare",
            "0 Kommentare",
            "3 Kommentare zu „Zuhören statt Überreden“",
            "3 thoughts on “Listening”",
        ),
        ("Kommentare sind das Salz in der Suppe.",),
    ),
    Rule(
        "Antwort auf / reply to",
        REPLY_TO,
        r"(?:Als )?(?:Antwort (?:auf|an)|In reply to|Reply to|Replying to)\s+(?P<name>{name})\s*[.:]?",
        ("Antwort auf Thomas Brenner", "In reply to Jane Porter."),
    ),
    Rule(
        "Alte Adresse / old address",
        OLD_URL,
        r"(?:Permalink|Original-?URL|Originaladresse|Quelle|Source|URL)\s*:\s*(?P<url>https?://\S+)",
        ("Permalink: https://www.example.org/2019/11/zuhoeren/", "Source: https://magazine.example/listening"),
    ),
    Rule(
        "Erstveröffentlichung / first published",
        FIRST_PUBLISHED,
        r"(?:Der|Dieser)\s+(?:Artikel|Beitrag|Text|Gastbeitrag)\s+(?:ist|wurde|erschien)\s+"
        r"(?:ursprünglich|zuerst|erstmals)\s+(?:im|in der|in|bei)\s+(?P<where>.+?)(?:\s+(?:erschienen|veröffentlicht))?\s*\."
        r"|(?:Ursprünglich|Zuerst|Erstmals)\s+erschienen\s+(?:im|in der|in|bei)\s+(?P<where2>.+?)\s*\.?"
        r"|(?:This|The)\s+(?:article|post|piece|text)\s+(?:was\s+)?(?:first|originally)\s+(?:published|appeared)\s+"
        r"(?:in|on|at)\s+(?P<where3>.+?)\s*\."
        r"|(?:First|Originally)\s+published\s+(?:in|on|at)\s+(?P<where4>.+?)\s*\.?",
        (
            "Der Artikel ist ursprünglich im Vertriebsmagazin „Verkaufen heute“ (Ausgabe 3/2019) erschienen.",
            "Ursprünglich erschienen in der Zeitschrift „Teamwork“.",
            "This article was first published in Sales Today, issue 3/2019.",
        ),
        ("Der Artikel ist ursprünglich ein Vortrag gewesen",),
    ),
    Rule(
        "Gastautor / guest byline",
        GUEST_BYLINE,
        r"(?:Ein\s+)?Gastbeitrag\s+von\s+(?P<name>{name})|(?:A\s+)?guest\s+(?:post|article)\s+by\s+(?P<name2>{name})"
        r"|Gastautor(?:in)?:\s*(?P<name3>{name})|Guest author:\s*(?P<name4>{name})",
        ("Ein Gastbeitrag von Dr. Petra Lind", "A guest post by Petra Lind", "Gastautorin: Petra Lind"),
    ),
    Rule(
        "Datumszeile / date line",
        DATE_LINE,
        r"(?:(?:Veröffentlicht|Publiziert|Erschienen|Geschrieben|Gespeichert|Posted|Published|Written|Submitted)"
        r"(?:\s+(?:von|by)\s+(?P<name>{name}))?\s+(?:am|on)\s+)?{date}(?:\s*{time})?"
        r"(?:\s*(?:von|by|\||–|-|·)\s*(?P<name2>{name}))?",
        (
            "21. November 2019 von Maren Albrecht",
            "Veröffentlicht am 21. November 2019",
            "Posted on November 21, 2019 by Maren Albrecht",
            "Gespeichert von admin am Do., 21.11.2019 - 10:15",
            "21.11.2019",
        ),
        ("21. November 2019 war ein guter Tag für den Vertrieb.",),
    ),
    Rule(
        "Zitatquelle / attribution",
        ATTRIBUTION,
        r"(?:[—–]|--?)\s*(?P<name>\S.{0,80})",
        ("— Dr. Petra Lind", "– Petra Lind, Vertriebstrainerin"),
    ),
    Rule(
        "Aufruf mit Training / call to action",
        CALL_TO_ACTION,
        r"(?P<sentence>.{0,200}?(?:training|seminar|workshop|coaching).{0,200}?\?)\s*"
        r"(?:Mehr dazu unter|Mehr Informationen unter|Mehr erfahren|Hier geht'?s? zum .{1,40}|Informationen unter"
        r"|Learn more|More at|Find out more|More information(?: at)?|Details at)\s*:?(?:\s*(?:https?://|www\.)\S+)?",
        (
            "Sie wollen ein Kommunikationstraining für Ihr Vertriebsteam? Mehr dazu unter:",
            "Sie suchen ein Seminar zur Gesprächsführung? Mehr dazu unter: www.albrecht-alt.example/seminare",
            "Looking for a communication training for your sales team? Learn more:",
        ),
        ("Kommunikationstraining ist keine Kür.",),
    ),
    Rule(
        "Seitenmenü / site menu",
        EDGE,
        r"Startseite|Home|Blog|Über uns|Über mich|About(?: us)?|Kontakt|Contact|Impressum|Imprint|Datenschutz(?:erklärung)?"
        r"|Privacy(?: policy)?|Suche|Search|Suchen|Menü|Menu|Zum Inhalt springen|Skip to content|Navigation|Seminare|Trainings?"
        r"|Kategorien:.*|Categories:.*|Schlagwörter:.*|Schlagworte:.*|Tags:.*|Veröffentlicht in .*|Posted in .*"
        r"|Anmelden|Log in|Login|Abmelden|Log out",
        ("Startseite", "Über uns", "Kategorien: Vertrieb, Kommunikation", "Skip to content"),
        ("Über uns und unsere Kunden",),
    ),
    Rule(
        "Formularfeld / form field",
        EDGE,
        r"Name\s*\*?|E-?Mail\s*\*?|E-Mail-Adresse\s*\*?|Website|Webseite|Kommentar\s*\*?|Comment\s*\*?|Betreff|Subject"
        r"|Ihr Name|Your name|Vorschau|Preview|Speichern|Save|Senden|Send|Absenden|Submit",
        ("E-Mail *", "Ihr Name", "Kommentar *", "Vorschau", "Comment"),
        ("Name und Anschrift",),
    ),
)


def classify(line: str) -> tuple[Rule, re.Match] | None:
    """The first rule whose pattern matches the whole *line*, and its match; None for text."""
    text = " ".join(line.split())
    if not text:
        return None
    for rule in RULES:
        match = rule.regex.match(text)
        if match:
            return rule, match
    return None


def group(match: re.Match, name: str) -> str:
    """The text of group *name* (or *name2*, *name3* … of the rule's other forms)."""
    for key, value in match.groupdict().items():
        if value and re.fullmatch(rf"{name}\d*", key):
            return value.strip()
    return ""
