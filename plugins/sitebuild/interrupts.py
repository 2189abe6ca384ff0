"""Ctrl-C (SIGINT) and SIGTERM during a build: it stops with one line, never a traceback.

While ``stop_on_interrupt()`` is active, either signal raises ``Interrupted`` in the build's
process, so its clean-up runs (Pagefind runs are stopped, temporary folders removed) and
``output/`` stays as it was. A language process forked from the build ends at once and
silently instead: the build reports for it. The swap of the finished site into ``output/``
is ``uninterruptible()``: a signal during it is honoured right after (a second one stops it
at once, should that step ever hang).
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The build was asked to stop. A ``KeyboardInterrupt``, so that event loops (the preview)
    pass it on rather than logging it."""

    def __init__(self, signum: int, stage: str = "before") -> None:
        super().__init__(signum)
        self.signum = signum
        self.stage = stage  # "before" output/ was touched, "after" it was replaced, or "during" that

    @property
    def exit_status(self) -> int:
        """The shell's convention: 128 + the signal number (130 for Ctrl-C)."""
        return 128 + self.signum

    def message(self, output: str) -> str:
        """The one line the build ends with."""
        folder = f"{output.rstrip('/')}/"
        if self.stage == "after":
            return f"Build interrupted after it finished; {folder} holds the new site."
        if self.stage == "during":
            return f"Build interrupted while {folder} was being written; build again."
        return f"Build interrupted; {folder} unchanged."


class _Handler:
    """The signal handler of one build (a process has one build running at a time)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.holding = 0  # depth of uninterruptible() blocks
        self.pending: int | None = None
        self.raised = False

    def __call__(self, signum: int, _frame) -> None:
        if os.getpid() != self.pid:  # a process forked by the build: the build reports
            os._exit(128 + signum)
        if self.raised:
            return  # the clean-up of the first interrupt runs to its end
        if self.holding and self.pending is None:
            self.pending = signum
            return
        self.raised = True
        raise Interrupted(signum, "during" if self.holding else "before")


_active: list[_Handler] = []  # the handler of the running build, if any


@contextmanager
def stop_on_interrupt():
    """SIGINT and SIGTERM raise ``Interrupted`` in the block (and end forked processes).

    A signal this process was started to ignore (``nohup``, a background job) stays ignored.
    """
    handler = _Handler()
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number in STOP_SIGNALS:
        if previous[number] is not signal.SIG_IGN:
            signal.signal(number, handler)
    _active.append(handler)
    try:
        # a preview holds them back while it starts again (``preview.start_again``): taken now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        yield
    finally:
        _active.remove(handler)
        for number, action in previous.items():
            signal.signal(number, action)


@contextmanager
def uninterruptible():
    """Defer SIGINT and SIGTERM until the block has ended, then raise ``Interrupted``
    (stage "after"): for the steps that must not stop half-way. A second signal in the
    block raises at once (stage "during")."""
    if not _active:
        yield
        return
    handler = _active[-1]
    handler.holding += 1
    try:
        yield
    finally:
        handler.holding -= 1
    if not handler.holding and handler.pending is not None and not handler.raised:
        handler.raised = True
        raise Interrupted(handler.pending, "after")
