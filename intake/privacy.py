"""Personal data over time: the retention purge, and an address's export and deletion (DSGVO),
over every form kind of the registry (``kinds.py``): a kind's tables and purge are its own."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.engine import Engine

from . import rules, store
from .kinds import FormKind, registry
from .settings import Settings
from .web import utcnow

INTERNAL = ("text_hash", "token_nonce")  # columns that say nothing about the person: not exported


def purge(engine: Engine, settings: Settings, now: datetime | None = None, kinds: tuple[FormKind, ...] = ()) -> dict:
    """Every kind's purge in one transaction: what expired goes ({what: how many})."""
    now = now or utcnow()
    report = {}
    with store.writing(engine) as conn:
        for kind in kinds or registry():
            report |= kind.purge(conn, settings, now)
    return report


def _tables(kinds: tuple[FormKind, ...]) -> tuple:
    return tuple(table for kind in kinds or registry() for table in kind.tables)


def _plain(value: object) -> object:
    return value.isoformat() + "+00:00" if isinstance(value, datetime) else value


def export(engine: Engine, email: str, kinds: tuple[FormKind, ...] = (), actor: str = "CLI") -> str:
    """Everything stored about *email*, as JSON (right of access); the audit log notes that an
    address was exported by *actor* (not which: the log keeps no address)."""
    tables = _tables(kinds)
    with store.writing(engine) as conn:
        found = _with_participants(conn, email, tables)
        store.record(conn, actor, "privacy_export", "", "", utcnow())
    shown = {"email": email}
    for table in tables:
        shown[table.name] = [
            {key: _plain(value) for key, value in row.items() if key not in INTERNAL} for row in found[table.name]
        ]
    shown["participants"] = [{key: _plain(value) for key, value in row.items()} for row in found["participants"]]
    shown["queued_mails"] = found["queued_mails"]
    return json.dumps(shown, ensure_ascii=False, indent=2)


def _with_participants(conn, email: str, tables: tuple) -> dict:
    """What ``store.about_address`` finds, and the participants named with the address (a group
    booking's people are not in a kind's tables: they hang off the registration)."""
    forms = rules.address_forms(email)
    return store.about_address(conn, forms, tables) | {"participants": store.participants_at(conn, forms)}


def summary(engine: Engine, email: str, kinds: tuple[FormKind, ...] = ()) -> dict[str, int]:
    """How many rows of each kind's tables, and queued mails, hold *email* (the office's look-up)."""
    tables = _tables(kinds)
    with store.reading(engine) as conn:
        found = _with_participants(conn, email, tables)
    counts = {table.name: len(found[table.name]) for table in tables}
    return counts | {"participants": len(found["participants"]), "queued_mails": found["queued_mails"]}


def forget(engine: Engine, email: str, kinds: tuple[FormKind, ...] = (), actor: str = "CLI") -> list[str]:
    """Delete everything about *email*; the lines say what was deleted and what the operator still
    does. The audit log notes what *actor* deleted, without the address."""
    tables = _tables(kinds)
    with store.writing(engine) as conn:
        forms = rules.address_forms(email)
        people = store.forget_participants(conn, forms)  # their seats stay; a forgotten booking takes its own along
        found = store.forget(conn, forms, tables)
        counts = ", ".join(f"{len(found[t.name])} {t.name.replace('_', ' ')[:-1]}(s)" for t in tables)
        counts += f", {len(people)} participant name(s) blanked"
        store.record(conn, actor, "privacy_forget", "", counts, utcnow())
    lines = [f"deleted {counts}, {found['queued_mails']} queued mail(s) of this address"]
    for comment in found.get("comments", []):
        lines.append(f"  {comment['id']} ({comment['status']}, {comment['article']}/{comment['lang']})")
        if comment["status"] == "approved":
            lines.append(
                f"    published: delete content/comments/{comment['article']}/intake-{comment['id']}.md, "
                "commit and publish"
            )
    return lines
