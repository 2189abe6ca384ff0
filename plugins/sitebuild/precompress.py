"""Precompressed copies (``.gz``, and ``.br`` when Brotli is installed) of text files,
for static hosts that serve them. Deterministic: no timestamps in the archives.
"""

from __future__ import annotations

import gzip
import os

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".ics")


def precompress(root: str) -> int:
    """Write ``<file>.gz`` (and ``<file>.br``) beside every text file; return the count."""
    try:
        import brotli
    except ImportError:
        brotli = None
    count = 0
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(TEXT_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            with open(path + ".gz", "wb") as handle:
                handle.write(gzip.compress(data, compresslevel=9, mtime=0))
            if brotli is not None:
                with open(path + ".br", "wb") as handle:
                    handle.write(brotli.compress(data))
            count += 1
    return count
