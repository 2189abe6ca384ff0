"""The texts of the contact form's pages."""

TEXTS = {
    "de": {
        "contact_site": "Kontakt",
        "error_403_contact": "Nachrichten werden nur über das Kontaktformular der Website angenommen.",
        "error_429_contact": (
            "Zu viele Nachrichten in kurzer Zeit. Bitte versuchen Sie es in einer Minute noch einmal."
        ),
        "contact_problems_title": "Ihre Nachricht konnte nicht gesendet werden",
        "contact_problems_keep": "Ihre Eingaben, zum Kopieren:",
        "contact_thanks_title": "Danke für Ihre Nachricht",
        "contact_thanks_text": (
            "Ihre Nachricht ist bei uns angekommen. Wir melden uns in der Regel innerhalb von zwei Werktagen bei Ihnen."
        ),
        "too_long_subject": "Der Betreff ist zu lang (höchstens 200 Zeichen).",
        "missing_subject": "Bitte geben Sie einen Betreff an.",
        "bad_subject": "Der Betreff enthält Steuerzeichen.",
        "missing_message": "Bitte schreiben Sie uns eine Nachricht.",
        "bad_message": "Die Nachricht enthält Steuerzeichen.",
        "missing_consent_contact": (
            "Bitte stimmen Sie zu, dass wir Ihre Angaben speichern, um Ihre Anfrage zu beantworten "
            "(Datenschutzerklärung)."
        ),
    },
    "en": {
        "contact_site": "Contact",
        "error_403_contact": "Messages are only accepted through the website's contact form.",
        "error_429_contact": "Too many messages in a short time. Please try again in a minute.",
        "contact_problems_title": "Your message could not be sent",
        "contact_problems_keep": "What you entered, to copy:",
        "contact_thanks_title": "Thank you for your message",
        "contact_thanks_text": ("Your message has reached us. We usually get back to you within two working days."),
        "too_long_subject": "The subject is too long (at most 200 characters).",
        "missing_subject": "Please give a subject.",
        "bad_subject": "The subject contains control characters.",
        "missing_message": "Please write us a message.",
        "bad_message": "The message contains control characters.",
        "missing_consent_contact": ("Please agree to us storing your details to answer your enquiry (privacy notice)."),
    },
}
