"""The words of a registration's participants in both languages: the form's rows and what is
wrong with one of them (the problem names the row), the review, and the booking page of the
registrant's link, where the booker names a participant or a substitute."""

from .rules import PARTICIPANT_ROWS

PEOPLE_TEXTS = {
    "de": {
        "people_title": "Teilnehmende",
        "people_hint": (
            "Tragen Sie alle ein, die teilnehmen: ein Platz je Person. Sie bleiben unsere "
            "Ansprechperson und müssen nicht selbst teilnehmen."
        ),
        "people_at_least_one": "mindestens eine Person",
        "people_more": "Weitere Teilnehmende",
        "people_up_to": "bis zu {count} insgesamt",
        "person_label": "Teilnehmer/in {number}",
        "person_name": "Name",
        "person_email": "E-Mail",
        "person_unnamed": "(noch nicht benannt)",
        "booking_title": "Ihre Anmeldung",
        "booking_status": {
            "confirmed": "bestätigt",
            "waitlist": "auf der Warteliste",
            "cancelled": "storniert",
            "enquiry": "Anfrage",
        },
        "booking_status_label": "Status",
        "booking_people_intro": (
            "Kann jemand nicht teilnehmen, tragen Sie hier eine Ersatzperson ein; Plätze ohne Namen "
            "können Sie hier benennen. Das geht bis zum Beginn des Termins. Wir bestätigen jede "
            "Änderung per E-Mail."
        ),
        "booking_replace": "Ersatzperson eintragen",
        "booking_name_seat": "Platz benennen",
        "booking_saved": "Gespeichert: {name} nimmt an Platz {number} teil. Wir haben die Änderung per E-Mail bestätigt.",
        "booking_cancel_title": "Anmeldung stornieren",
        "booking_too_late": (
            "Der Termin {title} am {date} hat bereits begonnen. Teilnehmende können Sie über "
            "diesen Link nicht mehr ändern."
        ),
        "booking_cancelled": "Diese Anmeldung ist storniert.",
        "booking_no_seat": "Diesen Platz gibt es in Ihrer Anmeldung nicht.",
        "booking_change_problems": "Die Änderung konnte nicht gespeichert werden:",
    },
    "en": {
        "people_title": "Participants",
        "people_hint": (
            "Name everyone who takes part: one seat each. You stay our contact and need not attend yourself."
        ),
        "people_at_least_one": "at least one",
        "people_more": "Further participants",
        "people_up_to": "up to {count} in all",
        "person_label": "Participant {number}",
        "person_name": "Name",
        "person_email": "E-mail",
        "person_unnamed": "(not named yet)",
        "booking_title": "Your registration",
        "booking_status": {
            "confirmed": "confirmed",
            "waitlist": "on the waiting list",
            "cancelled": "cancelled",
            "enquiry": "enquiry",
        },
        "booking_status_label": "Status",
        "booking_people_intro": (
            "If someone cannot attend, name a substitute here; seats without a name can be named here "
            "too. This is possible until the session starts. We confirm every change by e-mail."
        ),
        "booking_replace": "Name a substitute",
        "booking_name_seat": "Name this seat",
        "booking_saved": "Saved: {name} takes seat {number}. We have confirmed the change by e-mail.",
        "booking_cancel_title": "Cancel the registration",
        "booking_too_late": (
            "{title} on {date} has already started. Participants can no longer be changed through this link."
        ),
        "booking_cancelled": "This registration is cancelled.",
        "booking_no_seat": "Your registration has no such seat.",
        "booking_change_problems": "The change could not be saved:",
    },
}

ROW_PROBLEMS = {  # each row's problems, named by the row as the reader sees it
    "de": {
        "missing_name": "Teilnehmer/in {number}: Name fehlt.",
        "bad_name": "Teilnehmer/in {number}: Der Name ist zu lang oder enthält Steuerzeichen.",
        "bad_email": "Teilnehmer/in {number}: Die E-Mail-Adresse ist ungültig.",
    },
    "en": {
        "missing_name": "Participant {number}: name missing.",
        "bad_name": "Participant {number}: the name is too long or contains control characters.",
        "bad_email": "Participant {number}: the e-mail address is not valid.",
    },
}
for _lang, _problems in ROW_PROBLEMS.items():
    for _number in range(1, PARTICIPANT_ROWS + 1):
        for _code, _text in _problems.items():
            PEOPLE_TEXTS[_lang][f"participant_{_number}_{_code}"] = _text.format(number=_number)
