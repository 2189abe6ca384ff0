"""Gettext catalogs of the theme, compiled from .po files with Babel at build time."""

from __future__ import annotations

import gettext
import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


@lru_cache(maxsize=8)
def _compile(po_path: str, modified: float) -> bytes:
    del modified  # part of the cache key only
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def translations_for(translations_dir: str, lang: str) -> gettext.NullTranslations:
    """The compiled catalog for *lang*, or the identity for the msgid language."""
    po_path = os.path.join(translations_dir, lang, "LC_MESSAGES", "messages.po")
    if not os.path.isfile(po_path):
        return gettext.NullTranslations()
    compiled = _compile(po_path, os.path.getmtime(po_path))
    return gettext.GNUTranslations(io.BytesIO(compiled))
