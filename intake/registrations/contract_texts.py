"""The texts of the review step and of a registration as a contract, in both languages. The
legal wording is a SAMPLE for the client's lawyer to approve (docs/operations.md)."""

CONTRACT_TEXTS = {
    "de": {
        "too_long_buyer": "Bitte wählen Sie, ob Sie als Unternehmen oder als Privatperson buchen.",
        "too_long_purchase_order": "Die Bestellnummer ist zu lang (höchstens 100 Zeichen).",
        "too_long_vat_id": "Die USt-IdNr. ist zu lang (höchstens 20 Zeichen).",
        "too_long_step": "Das Formular ist ungültig. Bitte laden Sie die Seite neu.",
        "too_long_terms_version": "Das Formular ist ungültig. Bitte laden Sie die Seite neu.",
        "bad_step": "Das Formular ist ungültig. Bitte laden Sie die Seite neu.",
        "missing_buyer": "Bitte wählen Sie, ob Sie als Unternehmen oder als Privatperson buchen.",
        "business_only": "Dieses Training richtet sich nur an Unternehmen. Bitte buchen Sie mit Ihrer Firma.",
        "missing_company": "Bitte geben Sie bei einer Buchung als Unternehmen Ihre Firma an.",
        "missing_billing_address": "Bitte geben Sie die Rechnungsadresse an.",
        "bad_purchase_order": "Die Bestellnummer enthält Steuerzeichen.",
        "bad_vat_id": (
            "Die USt-IdNr. hat nicht das Format einer Umsatzsteuer-Identifikationsnummer der EU "
            "(zum Beispiel DE123456789). Bitte prüfen Sie sie oder lassen Sie das Feld leer."
        ),
        "missing_early_start": (
            "Der Termin beginnt innerhalb der Widerrufsfrist. Bitte bestätigen Sie, dass wir vor "
            "Ablauf der Widerrufsfrist beginnen sollen – oder wählen Sie einen späteren Termin."
        ),
        "form_title": "Ihre Anmeldung ändern",
        "form_intro": "Ändern Sie Ihre Angaben; auf der nächsten Seite sehen Sie alles noch einmal.",
        "form_continue": "Weiter zur Übersicht",
        "form_problems": "Bitte prüfen Sie diese Angaben:",
        "review_title": "Ihre Anmeldung prüfen",
        "review_intro": (
            "Bitte prüfen Sie Ihre Angaben. Verbindlich wird Ihre Anmeldung erst mit dem Klick auf "
            "„Zahlungspflichtig anmelden“ unten auf dieser Seite."
        ),
        "review_full": (
            "Dieser Termin ist zurzeit ausgebucht: Mit dem Knopf unten setzen wir Sie auf die "
            "Warteliste – das ist noch keine verbindliche Anmeldung. Wird ein Platz frei, schicken wir "
            "Ihnen einen Link; erst dort melden Sie sich zahlungspflichtig an."
        ),
        "review_waitlist_intro": "Bitte prüfen Sie Ihre Angaben.",
        "review_waitlist_submit": "Auf die Warteliste setzen",
        "accept_intro": (
            "Für {title} am {date} ist ein Platz frei geworden. Bitte prüfen Sie Ihre Angaben. "
            "Verbindlich wird Ihre Anmeldung erst mit dem Klick auf „Zahlungspflichtig anmelden“ unten "
            "auf dieser Seite."
        ),
        "review_training": "Training",
        "review_date": "Termin",
        "review_dates": "Termine",
        "review_place": "Ort",
        "review_participants": "Teilnehmende",
        "review_buyer": "Buchung als",
        "buyer_business": "Unternehmen (§ 14 BGB)",
        "buyer_consumer": "Privatperson (Verbraucher, § 13 BGB)",
        "review_name": "Name",
        "review_company": "Firma",
        "review_email": "E-Mail",
        "review_phone": "Telefon",
        "review_billing": "Rechnungsadresse",
        "review_purchase_order": "Bestellnummer",
        "review_vat_id": "USt-IdNr.",
        "review_message": "Nachricht",
        "review_price": "Preis",
        "review_price_unknown": "laut Angebotsseite",
        "review_net": "Gesamtpreis netto",
        "review_vat": "zzgl. {rate} % Umsatzsteuer",
        "review_gross": "Gesamtpreis (inkl. {rate} % Umsatzsteuer)",
        "review_terms": "Es gelten unsere Teilnahmebedingungen (Version {version}):",
        "review_terms_link": "Teilnahmebedingungen lesen",
        "review_withdrawal": "Widerrufsbelehrung und Muster-Widerrufsformular",
        "review_early_start": (
            "Ich verlange ausdrücklich, dass Sie vor Ablauf der Widerrufsfrist mit dem Training "
            "beginnen. Mir ist bekannt, dass ich bei einem Widerruf einen angemessenen Betrag für "
            "die bis dahin erbrachten Leistungen zahle."
        ),
        "review_change": "Ändern",
        "review_submit": "Zahlungspflichtig anmelden",
        "review_sample": "MUSTER – die Rechtstexte sind noch von unserer Anwältin oder unserem Anwalt freizugeben.",
        "form_required": "Pflichtfeld",
        "form_optional": "freiwillig",
        "form_company_business": "Pflichtfeld bei Buchung als Unternehmen",
        "form_business_only": "Dieses Training richtet sich nur an Unternehmen (§ 14 BGB).",
        "form_consent": "Ich akzeptiere die Teilnahmebedingungen und habe die Datenschutzerklärung gelesen.",
        "form_back": "Zurück zum Angebot",
    },
    "en": {
        "too_long_buyer": "Please choose whether you book as a business or as a private person.",
        "too_long_purchase_order": "The purchase order number is too long (at most 100 characters).",
        "too_long_vat_id": "The VAT ID is too long (at most 20 characters).",
        "too_long_step": "The form is invalid. Please reload the page.",
        "too_long_terms_version": "The form is invalid. Please reload the page.",
        "bad_step": "The form is invalid. Please reload the page.",
        "missing_buyer": "Please choose whether you book as a business or as a private person.",
        "business_only": "This training is offered to businesses only. Please book with your company.",
        "missing_company": "Please give your company when you book as a business.",
        "missing_billing_address": "Please give the billing address.",
        "bad_purchase_order": "The purchase order number contains control characters.",
        "bad_vat_id": (
            "The VAT ID does not have the format of an EU VAT identification number (for example "
            "DE123456789). Please check it or leave the field empty."
        ),
        "missing_early_start": (
            "The session starts within the withdrawal period. Please confirm that we should start "
            "before the withdrawal period ends – or choose a later date."
        ),
        "form_title": "Change your registration",
        "form_intro": "Change your details; the next page shows everything once more.",
        "form_continue": "Continue to review",
        "form_problems": "Please check these details:",
        "review_title": "Review your registration",
        "review_intro": (
            'Please check your details. Your registration only becomes binding when you click "Register '
            '(payment required)" at the bottom of this page.'
        ),
        "review_full": (
            "This session is currently fully booked: the button below puts you on the waiting list, "
            "which does not bind you yet. When a seat becomes free we send you a link; only there do you "
            "register with an obligation to pay."
        ),
        "review_waitlist_intro": "Please check your details.",
        "review_waitlist_submit": "Join the waiting list",
        "accept_intro": (
            "A seat has become free for {title} on {date}. Please check your details. Your registration "
            'only becomes binding when you click "Register (payment required)" at the bottom of this page.'
        ),
        "review_training": "Training",
        "review_date": "Date",
        "review_dates": "Dates",
        "review_place": "Place",
        "review_participants": "Participants",
        "review_buyer": "Booking as",
        "buyer_business": "Business (§ 14 BGB)",
        "buyer_consumer": "Private person (consumer, § 13 BGB)",
        "review_name": "Name",
        "review_company": "Company",
        "review_email": "E-mail",
        "review_phone": "Phone",
        "review_billing": "Billing address",
        "review_purchase_order": "Purchase order number",
        "review_vat_id": "VAT ID",
        "review_message": "Message",
        "review_price": "Price",
        "review_price_unknown": "as on the offer page",
        "review_net": "Total net",
        "review_vat": "plus {rate}% VAT",
        "review_gross": "Total (incl. {rate}% VAT)",
        "review_terms": "Our terms of participation apply (version {version}):",
        "review_terms_link": "Read the terms of participation",
        "review_withdrawal": "Information on withdrawal and model withdrawal form",
        "review_early_start": (
            "I expressly request that you start the training before the withdrawal period ends. I am "
            "aware that if I withdraw, I pay a reasonable amount for the services provided until then."
        ),
        "review_change": "Change",
        "review_submit": "Register (payment required)",
        "review_sample": "SAMPLE – the legal texts are still to be approved by our lawyer.",
        "form_required": "required",
        "form_optional": "optional",
        "form_company_business": "required for businesses",
        "form_business_only": "This training is offered to businesses only (§ 14 BGB).",
        "form_consent": "I accept the terms of participation and have read the privacy policy.",
        "form_back": "Back to the offer",
    },
}
