"""Addresses typed into front matter: one rule for what a link may point to, one message.

A web address is ``http://`` or ``https://`` with a host name; where a mail makes sense
(an offer's registration) an e-mail address is accepted too and becomes a ``mailto:`` link.
Characters that a URL cannot contain unencoded (spaces, quotes, ``<``, ``>`` ...) are
refused, so no address can end the attribute it is written into.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
_WEB = re.compile(r"^https?://(?:[\w-]+\.)+[\w-]{2,}(?::\d{1,5})?(?:[/?#].*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^(?:mailto:)?[^@/:]+@(?:[\w-]+\.)+[a-z]{2,}$", re.IGNORECASE)
# A website a commenter typed: http(s), a host, no spaces. Looser than link_address (which
# front matter uses): comment files written before that rule keep their links.
LOOSE_WEB_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
WEB_HINT = "write it as https://… or http://…"
MAIL_HINT = "write https://… or name@example.com"


def link_address(value, *, mail: bool = False) -> str | None:
    """The link *value* names: a web address as typed or, with *mail*, an e-mail address as
    a ``mailto:`` link. ``None`` when it is neither."""
    text = str(value).strip()
    if not text or _UNSAFE.search(text):
        return None
    if _WEB.match(text):
        return text
    if mail and _EMAIL.match(text):
        return text if text.lower().startswith("mailto:") else f"mailto:{text}"
    return None


def address_mistake(key: str, value, *, mail: bool = False) -> tuple[str, str]:
    """Message and hint for the field *key* whose *value* is no address :func:`link_address` accepts."""
    if mail:
        return f"the {key} {value!r} is neither a web address nor an e-mail address", MAIL_HINT
    return f"the {key} {value!r} is not a web address", WEB_HINT
