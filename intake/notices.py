"""Build notices for the office: ``POST /admin/notices`` (admin token) takes the findings of a
site build that depend on the day (an offer without dates, a session soon and not full) and
queues one mail to each ``INTAKE_OFFICE`` address through the outbox; no notices, no mail.

The deploy sends them after ``make publish`` with ``python -m office_client notices-mail``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import mail, store
from .rules import BERLIN, has_control_characters
from .texts import written_date
from .web import AdminProblem, Intake, admin_door, admin_json, intake_of, no_store_json, utcnow

logger = logging.getLogger("intake")
MAX_BODY = 64 * 1024  # a build has a few dozen notices at most
MAX_NOTICES = 200
MAX_NOTICE_CHARS = 2000
SUBJECTS = {"de": "Hinweise aus dem Build vom {date}", "en": "Notices from the build of {date}"}
INTRO = {
    "de": "Der Build der Website hat Hinweise, die vom Datum abhängen (sie halten keine Veröffentlichung auf):",
    "en": "The site build has notices that depend on the date (they never stop a publish):",
}
LINK = {"de": "Der Build: {link}", "en": "The build: {link}"}


def parse_notices(body: object) -> tuple[list[str], str, str]:
    """``{"notices": [str], "link"?: http(s) URL}`` -> ``(notices, link, "")`` or ``([], "", what is wrong)``."""
    if not isinstance(body, dict) or not isinstance(body.get("notices"), list):
        return [], "", 'expected {"notices": ["…"], "link": "https://…"}'
    notices = body["notices"]
    if len(notices) > MAX_NOTICES:
        return [], "", f"at most {MAX_NOTICES} notices"
    if not all(isinstance(n, str) and len(n) <= MAX_NOTICE_CHARS for n in notices):
        return [], "", f"each notice must be a text of at most {MAX_NOTICE_CHARS} characters"
    if any(has_control_characters(n, "") for n in notices):
        return [], "", "a notice contains line breaks or control characters"
    link = body.get("link") or ""
    parts = urlsplit(link) if isinstance(link, str) else None
    if link and (parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in link):
        return [], "", "link must be an http(s) address"
    return [n.strip() for n in notices if n.strip()], link, ""


def notices_mail(notices: list[str], link: str, lang: str, day: str) -> tuple[str, str]:
    """Subject and body of the office's mail."""
    lines = [INTRO[lang], "", *(f"- {notice}" for notice in notices)]
    if link:
        lines += ["", LINK[lang].format(link=link)]
    return SUBJECTS[lang].format(date=day), "\n".join(lines) + "\n"


@admin_door
async def admin_notices(request: Request) -> Response:
    """POST /admin/notices: one mail per office address with the notices; 200 ``{mailed, notices}``."""
    intake: Intake = intake_of(request)
    notices, link, problem = parse_notices(await admin_json(request, MAX_BODY))
    if problem:
        raise AdminProblem(400, problem)
    office = intake.settings.office
    if not notices:
        return no_store_json({"mailed": 0, "notices": 0})
    if not office:
        raise AdminProblem(409, "INTAKE_OFFICE is empty: nobody to mail the notices to")
    lang = intake.settings.office_lang
    now = utcnow()
    today = datetime.now(BERLIN)
    subject, text = notices_mail(notices, link, lang, written_date(today, lang))

    def queue(conn) -> None:
        store.record(conn, "admin API", "build_notices", "", "\n".join(notices), now)  # the office's Today shows them
        for address in office:
            store.enqueue(conn, "mail", address, mail.queued_mail(address, subject, text), now)

    await intake.write(queue)
    intake.wake.set()
    logger.info("%d build notice(s) queued for the office", len(notices))
    return no_store_json({"mailed": len(office), "notices": len(notices)})


routes = [Route("/admin/notices", admin_notices, methods=["POST"])]
