"""The office's documents of a training session on the command line: the attendance list (PDF),
marking who attended, and the certificates of attendance (PDF, one per participant who attended),
through the intake's admin API (``INTAKE_URL``, ``INTAKE_ADMIN_TOKEN``). The PDFs hold names:
they are written below ``moderation/`` (never in git) for printing or mailing."""

from __future__ import annotations

import os
from urllib.parse import urlencode

from .admin_api import IntakeRefused, OfficeError, access_from, call_admin

FOLDER = "moderation"


def _session_query(offer: str, session: str, **more) -> str:
    if not offer or not session:
        raise OfficeError("name the offer and the session: OFFER=<offer id> SESSION=2027-03-09T09:00")
    return urlencode({"offer": offer, "session": session, **more})


def _write(path: str, content: bytes) -> str:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".part", "wb") as handle:
        handle.write(content)
    os.replace(path + ".part", path)
    return path


def _stem(offer: str, session: str) -> str:
    return f"{offer}-{session.replace(':', '')}"


def attendance_list(environ, offer: str, session: str, lang: str = "de", folder: str = FOLDER) -> str:
    """Download the session's attendance list; the file written."""
    query = _session_query(offer, session, lang=lang)
    content = call_admin(access_from(environ), "GET", f"/admin/registrations/attendance-list?{query}", as_bytes=True)
    name = "teilnahmeliste" if lang == "de" else "attendance-list"
    return _write(os.path.join(folder, f"{name}-{_stem(offer, session)}.pdf"), content)


def mark_attended(environ, offer: str, session: str, ids: list[str]) -> dict:
    """Mark these participants (``r-….2``; a registration id: all of its participants) of the
    session as attended; the intake's counts."""
    _session_query(offer, session)
    if not ids:
        raise OfficeError('name the registrations that attended: IDS="r-… r-…" (see make registrations-export)')
    body = {"offer": offer, "session": session, "attended": ids}
    try:
        return call_admin(access_from(environ), "POST", "/admin/registrations/attendance", body)
    except IntakeRefused as refused:
        said = "; ".join(str(error.get("message", "")) for error in refused.errors)
        raise OfficeError(f"nothing marked: {said}") from None


def certificates(environ, offer: str, session: str, folder: str = FOLDER) -> list[str]:
    """Download a certificate for every participant of the session marked attended; the files written."""
    access = access_from(environ)
    answer = call_admin(access, "GET", f"/admin/registrations/attendance?{_session_query(offer, session)}")
    attended = [  # a seat not named yet has no certificate: the booker names the person first
        p for p in answer.get("participants", []) if isinstance(p, dict) and p.get("attended") and p.get("name")
    ]
    if not attended:
        raise OfficeError(f"nobody of {offer} {session} is marked as attended: make attendance first")
    written = []
    for participant in attended:
        query = urlencode({"id": participant["id"]})
        content = call_admin(access, "GET", f"/admin/registrations/certificate?{query}", as_bytes=True)
        name = "teilnahmebescheinigung" if participant.get("lang") == "de" else "certificate"
        written.append(_write(os.path.join(folder, f"{name}-{_stem(offer, session)}-{participant['id']}.pdf"), content))
    return written


def mail_certificates(environ, offer: str, session: str) -> int:
    """Have the intake mail every participant marked attended their certificate; how many."""
    _session_query(offer, session)
    answer = call_admin(
        access_from(environ), "POST", "/admin/registrations/certificates", {"offer": offer, "session": session}
    )
    return int(answer.get("mailed", 0)) if isinstance(answer, dict) else 0


def mail_participants(environ, offer: str, session: str, text_file: str, subject: str = "") -> int:
    """Mail the text of *text_file* (UTF-8) to every confirmed participant of the session; how many."""
    _session_query(offer, session)
    try:
        with open(text_file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise OfficeError(f"{text_file}: cannot be read as UTF-8 text ({type(error).__name__})") from None
    body = {"offer": offer, "session": session, "text": text, "subject": subject}
    try:
        answer = call_admin(access_from(environ), "POST", "/admin/registrations/session-mail", body)
    except IntakeRefused as refused:
        said = "; ".join(str(error.get("message", "")) for error in refused.errors)
        raise OfficeError(f"{text_file}: {said}") from None
    return int(answer.get("mailed", 0)) if isinstance(answer, dict) else 0
