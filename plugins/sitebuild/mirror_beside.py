"""The first pass of a language's search mirror, made beside its rendering.

``search_index.documents`` reads every page a language wrote twice: first for the words
that make the German compound lexicon, then to add each page's compound parts. The first
pass needs only the page itself, so a process forked from the language's process reads each
page as soon as Pelican has written it (``FirstPassBeside.written``). While both languages
render it shares their cores; once the shorter language has ended, it works on the core
that language left idle, and what is left for the longer language after its last page is
the lexicon and the second pass.

What it hands back is used only when it is what the language's process would make itself:
each page is read after the write Pelican announced (messages arrive in order), and its
modification time, size and inode when read must be those the page has at the end; else,
or when the process failed, the first pass is made in the language's process as before.

The process beside never holds the build up: one page that takes it longer than
``STUCK_AFTER`` seconds ends it (an alarm; a process forked from one with threads, as the
preview is, could find a lock held for ever), so that the language's process, sending it
the next page or asking for the pass, finds it gone; and it is ended when it is of no more use.
"""

from __future__ import annotations

import contextlib
import os
import signal
from multiprocessing import Pipe

from .search_index import SPLIT_LANGUAGE, page_first_pass

Stamp = tuple[int, int, int]

# Seconds one page may take the process beside: reading a page of the site takes milliseconds.
STUCK_AFTER = 10


class FirstPassBeside:
    """A forked process making ``search_index.page_first_pass`` of each page of *root* it is told of."""

    def __init__(self, root: str, split_language: str = SPLIT_LANGUAGE, stuck_after: int = STUCK_AFTER) -> None:
        self.root = root
        self._connection, theirs = Pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the process beside: never returns
            self._connection.close()
            _serve(theirs, root, split_language, stuck_after)
        theirs.close()

    def written(self, path: str, context=None) -> None:
        """Pelican wrote *path* (absolute, or relative to the working folder; a signal's
        receiver): have its page read, when it is one."""
        if self._connection is None or not path.endswith(".html"):
            return
        try:
            self._connection.send(os.path.relpath(path, self.root))
        except OSError:  # the process beside ended: the language's process makes the pass
            self.close()

    def made(self, paths: list[str]) -> tuple[dict[str, list[str] | None], set[str]] | None:
        """The first pass over *paths* (relative to *root*) as ``search_index.first_passes``
        would make it now; None when a page was not read, or changed after it was read."""
        if self._connection is None:
            return None
        try:
            self._connection.send(None)
            pages, found = self._connection.recv()
        except (OSError, EOFError):
            return None
        finally:
            self.close()
        indexed: dict[str, list[str] | None] = {}
        for path in paths:
            seen = pages.get(path)
            if seen is None or seen[0] != _stamp(os.stat(os.path.join(self.root, path))):
                return None
            if seen[1]:
                indexed[path] = seen[2]
        if len(pages) != len(paths):  # a page read that is not among them: its words are in found
            return None
        return indexed, found

    def close(self) -> None:
        """End the process beside and wait for it (it writes nothing: ending it loses nothing)."""
        if self._connection is None:
            return
        self._connection.close()
        self._connection = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def _serve(connection, root: str, split_language: str, stuck_after: int) -> None:
    """The process beside: read each page named until told the end (None), send back each
    page's stamp, whether it is indexed and its compound words, and the words of the pages
    as last read; leave when the language's process ends (its connection closes), and end
    when one page takes longer than *stuck_after* seconds."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # the build's own handler is for its main process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # its default: the process ends
    status = 1
    try:
        pages: dict[str, tuple[Stamp, bool, list[str] | None]] = {}
        words: dict[str, list[str]] = {}
        while (path := connection.recv()) is not None:
            signal.alarm(stuck_after)
            with open(os.path.join(root, path), "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))  # before the read: a later write changes it
                page = page_first_pass(handle.read(), split_language)
            signal.alarm(0)
            pages[path] = (stamp, page is not None, page[0] if page else None)
            words[path] = page[1] if page else []
        connection.send((pages, {word for page_words in words.values() for word in page_words}))
        status = 0
    except BaseException:  # noqa: BLE001, S110 -- whatever ends it, the language's process makes the pass
        pass
    finally:
        os._exit(status)


def _stamp(stat: os.stat_result) -> Stamp:
    return stat.st_mtime_ns, stat.st_size, stat.st_ino
