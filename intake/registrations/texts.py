"""The texts of the registration pages (problems, the answer, cancel and accept links) and the
words of the days a confirmation lists."""

WEEKDAYS = {
    "de": ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
DAY_FORMATS = {  # one day of a session with its times, as the confirmation lists it
    "de": "{weekday}, {day}. {month} {year}, {start}–{end} Uhr",
    "en": "{weekday} {day} {month} {year}, {start}–{end}",
}

from .contract_texts import CONTRACT_TEXTS

TEXTS = {
    "de": {
        "registration_site": "Anmeldung",
        "error_403_registrations": "Anmeldungen werden nur über das Formular der Website angenommen.",
        "error_429_registrations": (
            "Zu viele Anmeldungen in kurzer Zeit. Bitte versuchen Sie es in einer Minute noch einmal."
        ),
        "registrations_problems_title": "Ihre Anmeldung konnte nicht gespeichert werden",
        "registration_confirmed_title": "Ihre Anmeldung ist bestätigt",
        "registration_confirmed_text": (
            "Ihr Platz für {title} am {date} ist reserviert. Die Bestätigung mit dem Termin für Ihren "
            "Kalender kommt gleich per E-Mail."
        ),
        "registration_waitlist_title": "Sie stehen auf der Warteliste",
        "registration_waitlist_text": (
            "Der Termin {title} am {date} ist ausgebucht. Wir haben Sie auf die Warteliste gesetzt und "
            "schreiben Ihnen, sobald ein Platz frei wird."
        ),
        "registration_enquiry_title": "Danke für Ihre Anfrage",
        "registration_enquiry_text": "Ihre Anfrage zu {title} ist angekommen. Wir melden uns bei Ihnen.",
        "back_offer": "Zurück zum Angebot",
        "too_long_offer": "Das Angebot ist unbekannt.",
        "too_long_session": "Der Termin ist unbekannt.",
        "too_long_company": "Der Firmenname ist zu lang (höchstens 200 Zeichen).",
        "too_long_participants": "Die Zahl der Teilnehmenden ist zu groß.",
        "too_long_billing_address": "Die Rechnungsadresse ist zu lang (höchstens 2000 Zeichen).",
        "bad_offer": "Das Angebot ist unbekannt.",
        "bad_session": "Der Termin ist unbekannt.",
        "unknown_session": ("Diesen Termin gibt es (nicht mehr). Bitte wählen Sie einen Termin auf der Angebotsseite."),
        "session_cancelled": "Dieser Termin ist abgesagt. Bitte wählen Sie einen anderen Termin.",
        "bad_company": "Der Firmenname enthält Steuerzeichen.",
        "bad_participants": "Bitte geben Sie die Zahl der Teilnehmenden als ganze Zahl ab 1 an.",
        "bad_text": "Rechnungsadresse oder Nachricht enthalten Steuerzeichen.",
        "missing_consent_registration": "Bitte stimmen Sie den Teilnahmebedingungen und der Datenschutzerklärung zu.",
        "cancel_title": "Anmeldung stornieren",
        "cancel_question": "Möchten Sie Ihre Anmeldung zu {title} am {date} stornieren?",
        "cancel_button": "Ja, stornieren",
        "cancel_done": "Ihre Anmeldung ist storniert. Sie bekommen eine Bestätigung per E-Mail.",
        "cancel_already": "Diese Anmeldung war schon storniert.",
        "cancel_deadline": (
            "Die Frist für eine kostenfreie Stornierung endete am {date}; über diesen Link können Sie "
            "nicht mehr stornieren."
        ),
        "cancel_started": ("Dieser Termin hat bereits begonnen; über diesen Link können Sie nicht mehr stornieren."),
        "cancel_contact": "Bitte wenden Sie sich an unser Büro:",
        "cancel_contact_site": "Bitte wenden Sie sich über unsere Website an uns.",
        "accept_title": "Freien Platz annehmen",
        "accept_done": "Ihr Platz ist bestätigt. Die Bestätigung mit dem Termin kommt per E-Mail.",
        "accept_gone": "Der Platz ist leider schon vergeben. Sie bleiben auf der Warteliste.",
        "accept_not_waiting": "Diese Anmeldung steht nicht (mehr) auf der Warteliste.",
    },
    "en": {
        "registration_site": "Registration",
        "error_403_registrations": "Registrations are only accepted through the website's form.",
        "error_429_registrations": "Too many registrations in a short time. Please try again in a minute.",
        "registrations_problems_title": "Your registration could not be saved",
        "registration_confirmed_title": "Your registration is confirmed",
        "registration_confirmed_text": (
            "Your seat for {title} on {date} is reserved. The confirmation with the date for your "
            "calendar is on its way by e-mail."
        ),
        "registration_waitlist_title": "You are on the waiting list",
        "registration_waitlist_text": (
            "{title} on {date} is fully booked. We have put you on the waiting list and will write to "
            "you as soon as a seat becomes free."
        ),
        "registration_enquiry_title": "Thank you for your enquiry",
        "registration_enquiry_text": "Your enquiry about {title} has arrived. We will get back to you.",
        "back_offer": "Back to the offer",
        "too_long_offer": "The offer is unknown.",
        "too_long_session": "The date is unknown.",
        "too_long_company": "The company name is too long (at most 200 characters).",
        "too_long_participants": "The number of participants is too large.",
        "too_long_billing_address": "The billing address is too long (at most 2000 characters).",
        "bad_offer": "The offer is unknown.",
        "bad_session": "The date is unknown.",
        "unknown_session": "This date does not exist (any more). Please choose a date on the offer page.",
        "session_cancelled": "This date is cancelled. Please choose another date.",
        "bad_company": "The company name contains control characters.",
        "bad_participants": "Please give the number of participants as a whole number from 1.",
        "bad_text": "The billing address or the message contains control characters.",
        "missing_consent_registration": "Please agree to the terms of participation and the privacy notice.",
        "cancel_title": "Cancel a registration",
        "cancel_question": "Do you want to cancel your registration for {title} on {date}?",
        "cancel_button": "Yes, cancel",
        "cancel_done": "Your registration is cancelled. You will get a confirmation by e-mail.",
        "cancel_already": "This registration was cancelled already.",
        "cancel_deadline": ("The free cancellation ended on {date}; this link can no longer cancel the registration."),
        "cancel_started": ("This session has already started; this link can no longer cancel the registration."),
        "cancel_contact": "Please contact our office:",
        "cancel_contact_site": "Please contact us through our website.",
        "accept_title": "Take the free seat",
        "accept_done": ("Your seat is confirmed. The confirmation with the date is on its way by e-mail."),
        "accept_gone": "Sorry, the seat has been taken. You stay on the waiting list.",
        "accept_not_waiting": "This registration is not (any more) on the waiting list.",
    },
}

from .people_texts import PEOPLE_TEXTS  # noqa: E402 - the participants' words, beside the others

for _lang, _texts in (*CONTRACT_TEXTS.items(), *PEOPLE_TEXTS.items()):
    TEXTS[_lang].update(_texts)  # the review step's, the contract's and the participants' texts
