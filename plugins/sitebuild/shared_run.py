"""One language's run rendered by two processes: the second forked once the site model is made.

A whole build renders each language in a process of its own, one per core. The languages
are not equally long (the German one has the comments, the hyphenation, the compound split
of its search mirror), so the core of the shorter one idled while the longer one finished.
Instead, each language's process forks a helper when its site model is complete (Pelican
asks for its writer: every page is read and every plugin has seen the model) and the two
render the pages in turns: a page or feed is rendered by process ``crc32(its path) % 2``,
so they agree on the turns without talking, and every write of one file (Pelican's check
that a file is written once unless a page overrides it) happens in one process. The system then shares the cores among all rendering processes, and the
last pages of the longer language are rendered on both cores.

The helper renders only its pages: it reports what it logged while rendering them (what the
model's code logs outside a page is logged by the first process alone) and the files it
wrote, then ends when Pelican would send ``finalized`` (the plugins' end-of-run work runs
once, in the first process). Its memory is the first process's, shared until written.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import traceback
import zlib

from pelican import signals

logger = logging.getLogger("sitebuild")


class SharedRun:
    """The turns of one language's run between its process and the helper it forks.

    ``mine(path)`` is asked for each page or feed before it is rendered.
    ``rendering`` is true while a page of this process is rendered (its log records count).
    """

    def __init__(self, report, written: dict) -> None:
        self.report, self.written = report, written
        self.part, self.rendering = 0, False
        self.helper = self.receiver = None
        self.parent = os.getpid()

    def split(self, _sender=None) -> None:
        """Answer ``get_writer``: fork the helper (once; it returns here as ``part`` 1)."""
        if self.helper is not None or self.part:
            return None
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        pid = os.fork()
        gc.freeze()  # the model is shared by both: the collector need not walk (and so copy) it
        if pid == 0:  # the helper
            self.receiver.close()
            self.part, self.sender = 1, sender
            self.report.errors.clear()
            self.report.warnings.clear()
            self.report.notices.clear()
            self.written.clear()
            for handler in logging.getLogger().handlers:
                handler.addFilter(self._own_pages_only)
            signals.finalized.send = self._finish  # the end of rendering: report, and go
            return None
        sender.close()
        self.helper = pid
        return None

    def mine(self, path: str) -> bool:
        """Whether this process renders the page or feed at output *path* (about every other one)."""
        if self.part and os.getppid() != self.parent:  # the first process is gone: stop
            os._exit(1)
        return zlib.crc32(str(path).encode()) % 2 == self.part

    def _own_pages_only(self, record: logging.LogRecord) -> bool:
        return self.rendering

    def _finish(self, *_args, **_kwargs) -> None:
        """The helper's end: send what it logged and wrote, and leave the run."""
        try:
            self.sender.send((True, self.report, list(self.written)))
        finally:
            os._exit(0)

    def failed(self, error: BaseException) -> None:
        """In the helper: the run raised; send that (the first process logs it) and leave."""
        if not self.part:
            return
        try:
            self.sender.send((False, "".join(traceback.format_exception(error)), []))
        finally:
            os._exit(1)

    def join(self, ended: bool = True) -> None:
        """In the first process: take the helper's report and files (after the run *ended*
        well), or stop the helper (the run failed)."""
        if self.helper is None:
            return
        pid, self.helper = self.helper, None
        if not ended:
            _end(pid)
            self.receiver.close()
            return
        try:
            ok, result, files = self.receiver.recv()
        except (EOFError, OSError):
            ok, result, files = False, "its process ended without a word", []
        finally:
            self.receiver.close()
        os.waitpid(pid, 0)
        if ok:
            self.report.merge(result)
            self.written.update(dict.fromkeys(files))
        else:
            logger.error("rendering a share of the pages failed: %s", result)


def _end(pid: int) -> None:
    try:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    except OSError:
        pass
