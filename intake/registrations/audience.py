"""Who a session's mails reach (the reminders, the office's session mail): the booker of each
confirmed registration and every participant the booker gave an address of their own, each
address once. Pure: a registration and its seats (``store.seats_of``) in, recipients out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Recipient:
    """One address a mail about a registration goes to: whom it greets, whether the booker, and
    since when the person holds the seat (a participant named later: ``named_at``)."""

    address: str
    name: str
    booker: bool
    since: datetime | None = None

    @property
    def key(self) -> str:
        """The address as two spellings of it compare (``Ada@Example.org`` is ``ada@example.org``)."""
        return self.address.strip().lower()

    @property
    def digest(self) -> str:
        """What the store keeps of the address to know a reminder is done (never the address)."""
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()


def recipients(row: dict, seats: list[dict], seen: set[str] | None = None) -> list[Recipient]:
    """The booker of *row*, then each of its *seats* with an address of its own, leaving out an
    address already in *seen* (which grows: pass one set for a whole session)."""
    seen = set() if seen is None else seen
    found = []
    candidates = [Recipient(row["email"], row["name"], True)]
    candidates += [
        Recipient(seat["email"], seat["name"] or row["name"], False, seat["named_at"])
        for seat in seats
        if seat["email"]
    ]
    for recipient in candidates:
        if recipient.key and recipient.key not in seen:
            seen.add(recipient.key)
            found.append(recipient)
    return found
