"""The texts of the comment pages (the form's problems, thanks, moderation, reply notifications)."""

TEXTS = {
    "de": {
        "thanks_title": "Danke für Ihren Kommentar",
        "thanks_text": (
            "Ihr Kommentar ist angekommen. Wir lesen jeden Kommentar, bevor er erscheint; das dauert "
            "meist ein bis zwei Werktage. Ihre E-Mail-Adresse wird nicht veröffentlicht."
        ),
        "thanks_notify": (
            "Wenn Sie über Antworten informiert werden möchten, bestätigen Sie bitte den Link in der "
            "E-Mail, die wir Ihnen gerade geschickt haben."
        ),
        "back": "Zurück zum Beitrag",
        "comments_problems_title": "Ihr Kommentar konnte nicht gespeichert werden",
        "too_long_author": "Der Name ist zu lang (höchstens 100 Zeichen).",
        "too_long_website": "Die Website-Adresse ist zu lang (höchstens 200 Zeichen).",
        "too_long_comment": "Der Kommentar ist zu lang (höchstens 5000 Zeichen).",
        "too_long_article": "Der Beitrag ist unbekannt.",
        "too_long_reply_to": "Der Kommentar, auf den Sie antworten, ist unbekannt.",
        "bad_article": "Der Beitrag ist unbekannt.",
        "unknown_article": "Zu diesem Beitrag können keine Kommentare geschrieben werden.",
        "bad_author": "Der Name enthält Zeilenumbrüche oder Steuerzeichen.",
        "missing_author": "Bitte geben Sie einen Namen an.",
        "bad_website": "Die Website muss mit http:// oder https:// beginnen.",
        "missing_comment": "Bitte schreiben Sie einen Kommentar.",
        "bad_comment": "Der Kommentar enthält Steuerzeichen.",
        "bad_reply_to": "Der Kommentar, auf den Sie antworten, ist unbekannt.",
        "missing_consent": "Bitte stimmen Sie der Speicherung Ihrer Angaben zu (Datenschutz).",
        "error_403_comments": "Kommentare werden nur über das Formular der Website angenommen.",
        "error_429_comments": (
            "Zu viele Kommentare in kurzer Zeit. Bitte versuchen Sie es in einer Minute noch einmal."
        ),
        "moderate_title": "Kommentar moderieren",
        "moderate_question": {
            "approved": "Diesen Kommentar freischalten?",
            "rejected": "Diesen Kommentar ablehnen?",
            "spam": "Diesen Kommentar als Spam markieren?",
        },
        "moderate_button": {"approved": "Freischalten", "rejected": "Ablehnen", "spam": "Als Spam markieren"},
        "moderate_done": "Erledigt: Der Kommentar ist jetzt „{status}“.",
        "moderate_already": "Der Kommentar war schon „{status}“; nichts geändert.",
        "status": {"pending": "wartend", "approved": "freigeschaltet", "rejected": "abgelehnt", "spam": "Spam"},
        "by": "von",
        "on": "zu",
        "confirm_title": "Benachrichtigung bestätigen",
        "confirm_question": (
            "Möchten Sie eine E-Mail erhalten, wenn Ihr Kommentar erscheint und wenn jemand antwortet?"
        ),
        "confirm_button": "Ja, benachrichtigen",
        "confirm_done": "Bestätigt. Sie können sich mit dem Link in jeder Benachrichtigung abmelden.",
        "unsubscribe_title": "Benachrichtigungen abbestellen",
        "unsubscribe_question": "Keine E-Mails mehr zu diesem Kommentar erhalten?",
        "unsubscribe_button": "Abbestellen",
        "unsubscribe_done": "Abbestellt. Ihre E-Mail-Adresse für diese Benachrichtigung ist gelöscht.",
    },
    "en": {
        "thanks_title": "Thank you for your comment",
        "thanks_text": (
            "Your comment has arrived. We read every comment before it appears; this usually takes one "
            "or two working days. Your e-mail address is never published."
        ),
        "thanks_notify": (
            "If you want to hear about replies, please confirm the link in the e-mail we have just sent you."
        ),
        "back": "Back to the post",
        "comments_problems_title": "Your comment could not be saved",
        "too_long_author": "The name is too long (at most 100 characters).",
        "too_long_website": "The website address is too long (at most 200 characters).",
        "too_long_comment": "The comment is too long (at most 5000 characters).",
        "too_long_article": "The post is unknown.",
        "too_long_reply_to": "The comment you reply to is unknown.",
        "bad_article": "The post is unknown.",
        "unknown_article": "This post does not take comments.",
        "bad_author": "The name contains line breaks or control characters.",
        "missing_author": "Please give a name.",
        "bad_website": "The website must start with http:// or https://.",
        "missing_comment": "Please write a comment.",
        "bad_comment": "The comment contains control characters.",
        "bad_reply_to": "The comment you reply to is unknown.",
        "missing_consent": "Please agree to us storing your details (privacy notice).",
        "error_403_comments": "Comments are only accepted through the website's form.",
        "error_429_comments": "Too many comments in a short time. Please try again in a minute.",
        "moderate_title": "Moderate a comment",
        "moderate_question": {
            "approved": "Approve this comment?",
            "rejected": "Reject this comment?",
            "spam": "Mark this comment as spam?",
        },
        "moderate_button": {"approved": "Approve", "rejected": "Reject", "spam": "Mark as spam"},
        "moderate_done": "Done: the comment is now “{status}”.",
        "moderate_already": "The comment was “{status}” already; nothing changed.",
        "status": {"pending": "pending", "approved": "approved", "rejected": "rejected", "spam": "spam"},
        "by": "by",
        "on": "on",
        "confirm_title": "Confirm notifications",
        "confirm_question": "Do you want an e-mail when your comment appears and when someone replies?",
        "confirm_button": "Yes, notify me",
        "confirm_done": "Confirmed. Every notification has a link to unsubscribe.",
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_question": "Stop e-mails about this comment?",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribe_done": "Unsubscribed. Your e-mail address for this notification is deleted.",
    },
}
