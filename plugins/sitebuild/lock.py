"""One build at a time per output folder: an OS lock on ``<output>.lock``.

The lock is ``flock`` on a file beside the output folder, so it ends with the process that
holds it, however that process ends (no stale lock after a crash or a kill). The holder
writes its process id into the file for the message another build shows. Processes forked
by the build (the language runs) close their copy, so a leftover worker cannot keep it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from contextlib import contextmanager

_HELD: set[int] = set()  # descriptors of the locks this process holds (closed in forked children)


class BuildLocked(Exception):  # noqa: N818 -- names the situation, as FileExistsError does
    """Another build holds the lock of the output folder."""

    def __init__(self, output: str, pid: int | None) -> None:
        self.output, self.pid = output, pid
        self.holder = f"another build (pid {pid})" if pid else "another build"
        self.folder = f"{output.rstrip('/')}/"
        super().__init__(f"{self.holder} is running on {self.folder}; wait for it or stop it")


def lock_path(output: str) -> str:
    """The lock file of *output*: ``<output>.lock`` beside it."""
    return f"{output.rstrip('/')}.lock"


@contextmanager
def build_lock(output: str, waiting: Callable[[BuildLocked], None] | None = None):
    """Hold the build lock of *output* for the block.

    When another build holds it: raise ``BuildLocked``; or, given *waiting*, call it once with
    that ``BuildLocked`` and wait until the other build has ended.
    """
    path = lock_path(output)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # never O_TRUNC: the holder's pid is in it
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = BuildLocked(output, _holder(descriptor))
            if waiting is None:
                raise busy from None
            waiting(busy)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        _HELD.add(descriptor)
        try:
            yield
        finally:
            _HELD.discard(descriptor)
            os.ftruncate(descriptor, 0)  # while still held: a waiting build must not read this pid
    finally:
        os.close(descriptor)  # releases the lock


def _holder(descriptor: int) -> int | None:
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _close_in_child() -> None:
    for descriptor in _HELD:
        os.close(descriptor)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)
