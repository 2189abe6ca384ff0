"""Values kept between builds in files below ``cache/``, each under a version (a digest of
what made it: code, dictionaries, settings). A file of another version, or one that cannot be
read, is as good as none: the value is made again and replaces it. Pure: no Pelican import.
"""

from __future__ import annotations

import hashlib
import os
import pickle

FORMAT = 1  # of the files; a new one starts empty


def files_digest(paths, *extra: str) -> str:
    """A digest of the files at *paths* (their names and bytes; a missing one counts as
    missing) and of the *extra* strings (library versions, settings)."""
    hasher = hashlib.blake2b(digest_size=20)
    for text in extra:
        hasher.update(text.encode("utf-8") + b"\0")
    for path in paths:
        hasher.update(str(path).encode("utf-8") + b"\0")
        try:
            with open(path, "rb") as handle:
                hasher.update(handle.read())
        except OSError:
            hasher.update(b"\1missing")
        hasher.update(b"\0")
    return hasher.hexdigest()


def load(file: str, version: str):
    """The value kept in *file* with *version*; None when there is none."""
    try:
        with open(file, "rb") as handle:
            stored_format, stored_version, value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return value if (stored_format, stored_version) == (FORMAT, version) else None


def save(file: str, version: str, value) -> None:
    """Keep *value* in *file* with *version* (written whole, then renamed: a build that runs at
    the same time reads the old file or the new one, never half of one)."""
    os.makedirs(os.path.dirname(file), exist_ok=True)
    partial = f"{file}.{os.getpid()}"
    with open(partial, "wb") as handle:
        pickle.dump((FORMAT, version, value), handle, pickle.HIGHEST_PROTOCOL)
    os.replace(partial, file)
