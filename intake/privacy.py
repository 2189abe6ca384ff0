"""Personal data over time: the retention purge, and an address's export and deletion (DSGVO)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from . import rules, store
from .settings import Settings
from .web import utcnow

UNCONFIRMED_DAYS = 7


def purge(engine: Engine, settings: Settings, now: datetime | None = None) -> dict:
    """Drop expired e-mail addresses, subscriptions never confirmed within a week, registrations
    past their keeping time (INTAKE_REGISTRATION_RETENTION_DAYS after the session), and contact
    messages older than INTAKE_CONTACT_RETENTION_DAYS."""
    now = now or utcnow()
    with store.writing(engine) as conn:
        return store.purge(
            conn,
            rules.email_expiry(now, settings.retention_days),
            now - timedelta(days=UNCONFIRMED_DAYS),
            now,
            contact_expiry=now - timedelta(days=settings.contact_retention_days),
        )


def _plain(value: object) -> object:
    return value.isoformat() + "+00:00" if isinstance(value, datetime) else value


def export(engine: Engine, email: str) -> str:
    """Everything stored about *email*, as JSON (right of access)."""
    with store.reading(engine) as conn:
        found = store.about_address(conn, rules.address_forms(email))
    found = {
        "email": email,
        "comments": [
            {k: _plain(v) for k, v in c.items() if k not in ("text_hash", "token_nonce")} for c in found["comments"]
        ],
        "subscriptions": [{k: _plain(v) for k, v in s.items()} for s in found["subscriptions"]],
        "registrations": [{k: _plain(v) for k, v in r.items()} for r in found["registrations"]],
        "contact_messages": [{k: _plain(v) for k, v in m.items()} for m in found["contact_messages"]],
        "queued_mails": found["queued_mails"],
    }
    return json.dumps(found, ensure_ascii=False, indent=2)


def forget(engine: Engine, email: str) -> list[str]:
    """Delete everything about *email*; the lines say what was deleted and what the operator still does."""
    with store.writing(engine) as conn:
        found = store.forget(conn, rules.address_forms(email))
    lines = [
        f"deleted {len(found['comments'])} comment(s), {len(found['subscriptions'])} subscription(s), "
        f"{len(found['registrations'])} registration(s), {len(found['contact_messages'])} contact message(s), "
        f"{found['queued_mails']} queued mail(s) of this address"
    ]
    for comment in found["comments"]:
        lines.append(f"  {comment['id']} ({comment['status']}, {comment['article']}/{comment['lang']})")
        if comment["status"] == "approved":
            lines.append(
                f"    published: delete content/comments/{comment['article']}/intake-{comment['id']}.md, "
                "commit and publish"
            )
    return lines
