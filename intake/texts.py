"""The texts every page of the intake may show, in German and English: errors, links, the
fields of a person that several forms ask for. Each form kind has its own texts beside its
routes (``<kind>/texts.py``); the registry (``kinds.py``) merges them over these.
Mails have their own templates.
"""

from __future__ import annotations

MONTHS = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def written_date(day, lang: str) -> str:
    """A calendar day as the intake's pages, mails and documents write it: ``09.03.2027`` /
    ``9 March 2027`` (as the English days of a session are listed: ``Tue 9 March 2027``)."""
    return f"{day:%d.%m.%Y}" if lang == "de" else f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"


SHARED = {
    "de": {
        "site": "Kommentare",
        "back_site": "Zurück zur Website",
        "problems_text": "Bitte gehen Sie zurück und korrigieren Sie:",
        "error_title": "Das hat nicht geklappt",
        "error_404": "Diese Seite gibt es nicht.",
        "error_405": "Diese Adresse nimmt so keine Anfragen an.",
        "error_413": "Die Eingabe ist zu groß.",
        "error_415": "Das Formular wurde in einem unerwarteten Format gesendet.",
        "error_500": "Ein Fehler auf unserer Seite. Bitte versuchen Sie es später noch einmal.",
        "link_invalid": "Dieser Link ist ungültig oder abgelaufen.",
        "bad_encoding": "Das Formular kam nicht als gültiges UTF-8 an.",
        "bad_token": "Das Formular ist ungültig. Bitte laden Sie die Seite neu.",
        "token_reused": "Dieses Formular wurde schon abgeschickt. Bitte laden Sie die Seite neu.",
        "missing_name": "Bitte geben Sie Ihren Namen an.",
        "bad_name": "Der Name enthält Zeilenumbrüche oder Steuerzeichen.",
        "too_long_name": "Der Name ist zu lang (höchstens 100 Zeichen).",
        "missing_email": "Bitte geben Sie Ihre E-Mail-Adresse an (sie wird nicht veröffentlicht).",
        "bad_email": "Die E-Mail-Adresse sieht nicht gültig aus.",
        "bad_email_local_part": (
            "Vor dem @ darf die E-Mail-Adresse nur Buchstaben ohne Umlaute und Akzente, Ziffern und "
            "Zeichen wie . - _ enthalten (nicht jeder Mailserver stellt andere zu). Umlaute im Namen "
            "der Domain, z. B. müller.de, sind möglich."
        ),
        "too_long_email": "Die E-Mail-Adresse ist zu lang.",
        "bad_phone": "Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / . - enthalten.",
        "too_long_phone": "Die Telefonnummer ist zu lang.",
        "too_long_message": "Die Nachricht ist zu lang (höchstens 5000 Zeichen).",
        "bad_lang": "Die Sprache des Beitrags ist unbekannt.",
    },
    "en": {
        "site": "Comments",
        "back_site": "Back to the website",
        "problems_text": "Please go back and correct:",
        "error_title": "That did not work",
        "error_404": "There is no such page.",
        "error_405": "This address does not take such requests.",
        "error_413": "The input is too large.",
        "error_415": "The form was sent in an unexpected format.",
        "error_500": "An error on our side. Please try again later.",
        "link_invalid": "This link is invalid or has expired.",
        "bad_encoding": "The form did not arrive as valid UTF-8.",
        "bad_token": "The form is invalid. Please reload the page.",
        "token_reused": "This form was sent already. Please reload the page.",
        "missing_name": "Please give your name.",
        "bad_name": "The name contains line breaks or control characters.",
        "too_long_name": "The name is too long (at most 100 characters).",
        "missing_email": "Please give your e-mail address (it is never published).",
        "bad_email": "The e-mail address does not look valid.",
        "bad_email_local_part": (
            "Before the @, the e-mail address may hold only letters without accents, digits and "
            "characters such as . - _ (not every mail server delivers others). Accented letters in the "
            "domain, e.g. müller.de, are fine."
        ),
        "too_long_email": "The e-mail address is too long.",
        "bad_phone": "The phone number may only hold digits, spaces and + ( ) / . -.",
        "too_long_phone": "The phone number is too long.",
        "too_long_message": "The message is too long (at most 5000 characters).",
        "bad_lang": "The post's language is unknown.",
    },
}


def language(value: str | None, accept_language: str = "") -> str:
    """*value* when it is a language of the site, else the first one the browser prefers, else German."""
    if value in SHARED:
        return value
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SHARED:
            return code
    return "de"
