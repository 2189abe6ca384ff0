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


def translations_for(translations_dirs: list[str], lang: str) -> gettext.NullTranslations:
    """The catalogs for *lang* from each folder, chained in order (first wins).

    A language without catalog (the msgid language, English) gets the identity.
    """
    chain = gettext.NullTranslations()
    first = None
    for folder in translations_dirs:
        po_path = os.path.join(folder, lang, "LC_MESSAGES", "messages.po")
        if not os.path.isfile(po_path):
            continue
        catalog = gettext.GNUTranslations(io.BytesIO(_compile(po_path, os.path.getmtime(po_path))))
        if first is None:
            first = chain = catalog
        else:
            chain.add_fallback(catalog)
            chain = catalog
    return first or gettext.NullTranslations()
