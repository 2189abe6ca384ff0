"""The staging folder a whole build writes into, and the swap that publishes it.

A build never writes into the live output folder: it renders into ``<output>.partial``,
which replaces ``<output>`` only when the build succeeded. The replaced site is kept as
``<output>.previous`` and becomes the next build's staging folder: its files are
overwritten in place (``write_if_changed``) and whatever the new build did not write is
pruned. On ext4 and similar file systems creating a file or folder costs far more than
rewriting one (about 1 ms against 0.05 ms on the benchmark machine), and a site has
thousands of them.
"""

from __future__ import annotations

import os
import shutil

MARKER = ".build-started"


def staging_folder(output: str) -> str:
    """An empty or recycled ``<output>.partial``; a marker file records when writing began.

    The site kept from the last swap is recycled; without one, what an interrupted build
    left in ``<output>.partial`` is (its files are as good to overwrite, the rest is pruned).
    """
    staging, previous = _sibling(output, "partial"), _sibling(output, "previous")
    if os.path.isdir(previous):
        shutil.rmtree(staging, ignore_errors=True)
        os.rename(previous, staging)
    else:
        os.makedirs(staging, exist_ok=True)
    with open(os.path.join(staging, MARKER), "w", encoding="utf-8"):
        pass
    return staging


def write_if_changed(path: str, data: bytes) -> bool:
    """Make the file at *path* hold *data*; True when it did not already.

    A file that holds *data* already is only touched: its change time tells ``prune_stale``
    that this build wrote it. Another one is overwritten in place and then cut to length,
    never truncated to nothing first: truncating frees the file's blocks, which on a file
    system mounted with ``discard`` (common on cloud machines) waits for the disk.
    """
    with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o666), "r+b") as handle:
        if handle.read(len(data) + 1) == data:
            os.utime(handle.fileno())
            return False
        handle.seek(0)
        handle.write(data)
        handle.truncate()
    return True


def prune_stale(staging: str, skip: str | None = None, only: str | None = None) -> int:
    """Delete what the build did not write (older than the marker), and emptied folders;
    all but the subfolder *skip*, or only the subfolder *only*. The number of files deleted.

    The file system's own change time decides, so the clocks cannot disagree: every
    write, copy, touch or truncate of this build sets it at or after the marker's.
    """
    started, marker = _started(staging), os.path.join(staging, MARKER)
    top = os.path.join(staging, only) if only else staging
    skipped = os.path.join(staging, skip) if skip else None
    removed, emptied = 0, set()
    for folder, dirs, names in os.walk(top, topdown=False):  # a folder's subfolders come first
        if skipped and (folder == skipped or folder.startswith(skipped + os.sep)):
            continue
        kept = any(os.path.join(folder, name) not in emptied for name in dirs)
        for name in names:
            path = os.path.join(folder, name)
            if path == marker:  # in the top folder, which stays anyway
                continue
            if os.lstat(path).st_ctime_ns < started:
                os.remove(path)
                removed += 1
            else:
                kept = True
        if folder not in (staging, top) and not kept:
            os.rmdir(folder)
            emptied.add(folder)
    return removed


def publish(staging: str, output: str) -> None:
    """Swap *staging* in as *output*; the replaced site is kept for the next build to recycle."""
    os.remove(os.path.join(staging, MARKER))
    previous = _sibling(output, "previous")
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.exists(output):
        os.rename(output, previous)
    os.rename(staging, output)


def discard(staging: str) -> None:
    """Remove a failed build's staging folder (the next build starts from scratch)."""
    shutil.rmtree(staging, ignore_errors=True)


def _started(staging: str) -> int:
    return os.stat(os.path.join(staging, MARKER)).st_ctime_ns


def _sibling(output: str, suffix: str) -> str:
    return f"{output.rstrip('/')}.{suffix}"
