"""The texts of the withdrawal pages (the form, the confirmation, the receipt page, problems)."""

TEXTS = {
    "de": {
        "withdrawal_site": "Vertrag widerrufen",
        "error_403_withdrawals": "Widerrufe werden nur über das Formular dieser Seite angenommen.",
        "error_429_withdrawals": "Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in einer Minute noch einmal.",
        "withdrawals_problems_title": "Ihr Widerruf konnte nicht angenommen werden",
        "withdrawal_title": "Vertrag widerrufen",
        "withdrawal_intro": (
            "Hier widerrufen Sie einen Vertrag über ein Training, ohne sich anzumelden. Nennen Sie "
            "uns den Vertrag (Training, Termin, gern die Anmelde-Nummer aus Ihrer Bestätigung); im "
            "nächsten Schritt bestätigen Sie den Widerruf. Sie bekommen sofort eine Eingangsbestätigung "
            "mit Datum und Uhrzeit per E-Mail."
        ),
        "withdrawal_name": "Name",
        "withdrawal_email": "E-Mail (für die Eingangsbestätigung)",
        "withdrawal_contract": "Welcher Vertrag? (Training, Termin, Anmelde-Nummer)",
        "withdrawal_message": "Anmerkung",
        "withdrawal_required": "Pflichtfeld",
        "withdrawal_optional": "freiwillig",
        "withdrawal_continue": "Vertrag widerrufen",
        "withdrawal_check_title": "Widerruf bestätigen",
        "withdrawal_check_intro": "Bitte prüfen Sie Ihre Angaben. Mit dem Klick auf „Widerruf bestätigen“ erklären Sie den Widerruf.",
        "withdrawal_confirm": "Widerruf bestätigen",
        "withdrawal_change": "Angaben ändern",
        "withdrawal_done_title": "Ihr Widerruf ist eingegangen",
        "withdrawal_done_text": (
            "Wir haben Ihren Widerruf am {date} um {time} Uhr erhalten. Die Eingangsbestätigung "
            "mit Datum und Uhrzeit ist per E-Mail unterwegs."
        ),
        "withdrawal_sample": "MUSTER – Texte noch von unserer Anwältin oder unserem Anwalt freizugeben.",
        "missing_contract": "Bitte nennen Sie den Vertrag, den Sie widerrufen (Training und Termin).",
        "bad_contract": "Die Angabe zum Vertrag enthält Zeilenumbrüche oder Steuerzeichen.",
        "too_long_contract": "Die Angabe zum Vertrag ist zu lang (höchstens 300 Zeichen).",
        "bad_withdrawal_message": "Die Anmerkung enthält Steuerzeichen.",
    },
    "en": {
        "withdrawal_site": "Withdraw from contract",
        "error_403_withdrawals": "Withdrawals are only accepted through the form of this page.",
        "error_429_withdrawals": "Too many requests in a short time. Please try again in a minute.",
        "withdrawals_problems_title": "Your withdrawal could not be accepted",
        "withdrawal_title": "Withdraw from contract",
        "withdrawal_intro": (
            "Here you withdraw from a contract for a training without logging in. Tell us which "
            "contract (training, date, ideally the registration number from your confirmation); in "
            "the next step you confirm the withdrawal. You get a receipt with date and time by e-mail at once."
        ),
        "withdrawal_name": "Name",
        "withdrawal_email": "E-mail (for the receipt)",
        "withdrawal_contract": "Which contract? (training, date, registration number)",
        "withdrawal_message": "Note",
        "withdrawal_required": "required",
        "withdrawal_optional": "optional",
        "withdrawal_continue": "Withdraw from contract",
        "withdrawal_check_title": "Confirm withdrawal",
        "withdrawal_check_intro": 'Please check your details. By clicking "Confirm withdrawal" you declare the withdrawal.',
        "withdrawal_confirm": "Confirm withdrawal",
        "withdrawal_change": "Change details",
        "withdrawal_done_title": "Your withdrawal has been received",
        "withdrawal_done_text": (
            "We received your withdrawal on {date} at {time}. The receipt with date and time is on its way by e-mail."
        ),
        "withdrawal_sample": "SAMPLE – texts still to be approved by our lawyer.",
        "missing_contract": "Please name the contract you withdraw from (training and date).",
        "bad_contract": "The contract details contain line breaks or control characters.",
        "too_long_contract": "The contract details are too long (at most 300 characters).",
        "bad_withdrawal_message": "The note contains control characters.",
    },
}
