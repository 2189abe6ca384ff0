"""Gettext catalogs of the theme, compiled from .po files with Babel at build time."""

from __future__ import annotations

import gettext
import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


@lru_cache(maxsize=8)
def _compile(po_files: tuple[tuple[str, float], ...]) -> bytes:
    """One .mo of the .po files ``(path, modified)``, the first file's message winning."""
    merged = None
    for po_path, _modified in po_files:  # the time is part of the cache key only
        with open(po_path, "rb") as handle:
            catalog = read_po(handle)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if not message.id:
                continue  # the header: the first file's stays
            known = merged.get(message.id, message.context)
            if known is None or not known.string or known.fuzzy:  # not translated before
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    return buffer.getvalue()


def translations_for(translations_dirs: list[str], lang: str) -> gettext.NullTranslations:
    """The catalogs for *lang* from each folder as one (first folder wins), so that a
    lookup is one dictionary access, not a walk along a chain of fallbacks.

    A language without catalog (the msgid language, English) gets the identity.
    """
    paths = [os.path.join(folder, lang, "LC_MESSAGES", "messages.po") for folder in translations_dirs]
    found = tuple((path, os.path.getmtime(path)) for path in paths if os.path.isfile(path))
    if not found:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_compile(found)))
