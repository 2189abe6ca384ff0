"""The registry of the forms readers send: each kind is declared once, in its room
(``<kind>/__init__.py``), and listed once here. The app's routes, the per-client limits, the
pages' labels and texts, and the privacy steps (purge, export, forget) are derived from it;
tests/intake/test_kinds.py fails when a kind forgets a part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from starlette.routing import BaseRoute

from .texts import SHARED


@dataclass(frozen=True)
class FormKind:
    """One kind of reader's form and everything the service derives from it."""

    name: str  # the form posts to /<name>; its 403 and 429 texts are error_403_<name>, error_429_<name>
    label: str  # the text key of its pages' title suffix, e.g. "registration_site"
    routes: list[BaseRoute]
    texts: dict[str, dict]  # per language, merged over SHARED for every page
    tables: tuple[sa.Table, ...]  # the tables holding a person by an `email` column: export and forget
    purge: Callable[[Connection, dict[str, datetime]], dict[str, int]]  # what expired goes: {what: count}

    @property
    def path(self) -> str:
        """Where the form posts (the per-client limit's key)."""
        return f"/{self.name}"


def registry() -> tuple[FormKind, ...]:
    """Every kind of form, in the order their routes are tried."""
    from . import comments, contact, registrations, withdrawals  # the rooms import this module: imported when asked

    return (comments.KIND, registrations.KIND, contact.KIND, withdrawals.KIND)


def merged_texts(kinds: tuple[FormKind, ...]) -> dict[str, dict]:
    """SHARED with every kind's texts over it, per language; ValueError when two kinds give one key
    different texts (a page would show the other kind's words)."""
    merged = {lang: dict(texts) for lang, texts in SHARED.items()}
    for kind in kinds:
        for lang, texts in kind.texts.items():
            for key, text in texts.items():
                if merged[lang].setdefault(key, text) != text:
                    raise ValueError(f"the text {key!r} ({lang}) of {kind.name} differs from another kind's")
    return merged
