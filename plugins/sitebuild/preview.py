"""The preview server of ``make devserver``: serves the output folder, rebuilds on change and
reloads the open page (livereload).

For authors: a missing page shows the site's own 404 page (``/en/…`` the English one); while
the last build failed, every page shows what failed (file, line, message) and reloads by
itself once a rebuild succeeds; a port in use or a wrong host is one line, not a traceback.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from .interrupts import STOP_SIGNALS

PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)
PAGE_SUFFIXES = ("", ".html", ".htm")
# Besides livereload's message: a rebuild that ends while the page is (re)connecting its
# socket sends nothing to it, so the error page also asks every two seconds.
RELOAD_WHEN_FIXED = (
    "setInterval(function(){fetch(location.href,{cache:'no-store'})"
    ".then(function(r){if(r.ok)location.reload();}).catch(function(){});},2000);"
)


# The listening sockets a preview hands on to the process that starts again in its place
# (their descriptors, comma-separated).
HANDED_ON = "SITEBUILD_PREVIEW_SOCKETS"
RELOAD_AFTER_START_S = 10.0  # how long a started-again preview waits for the browsers to come back
WATCH_SETTLE_S = 0.5  # after the watcher's start, when the saves it did not hear are looked for
STARTED = time.time()  # saves after it, made while this process built the site, are found (``saved_since``)


class StartAgain(SystemExit):
    """Raised in the preview's loop to start the preview again in a fresh process (``os.execv``,
    same process id) once what it started (the intake beside it) has stopped: for new plugin
    code, and for a whole build, which a fresh process makes with far less memory than one
    whose heap held a site model. A ``SystemExit``, so that the event loop passes it on.
    The listening sockets are handed on: a browser's requests wait for the new process
    instead of failing, and the open pages reload once it serves."""

    def __init__(self, reason: str, environment: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.environment = environment or {}  # what the new process is told
        self.sockets: list[socket.socket] = []

    def start(self, argv: list[str]) -> NoReturn:
        """Replace this process by ``python -m sitebuild *argv*``."""
        for listening in self.sockets:
            listening.set_inheritable(True)
        os.environ.update(self.environment)
        os.environ[HANDED_ON] = ",".join(str(listening.fileno()) for listening in self.sockets)
        print(self.reason, file=sys.stderr, flush=True)
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, "-m", "sitebuild", *argv])


def start_again(reason: str, environment: dict[str, str] | None = None) -> NoReturn:
    """Raise ``StartAgain``. From here until the new process's build listens for them
    (``interrupts.stop_on_interrupt``), SIGINT and SIGTERM wait, blocked (a blocked signal
    stays pending across ``execv``): a Ctrl-C while the intake stops or the new process
    imports its modules ends the preview with the build's one line, never a traceback."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    raise StartAgain(reason, environment)


def handed_on_sockets() -> list[socket.socket]:
    """The listening sockets the preview this process started again from handed on (none at
    a first start); kept from the next process but by ``StartAgain``."""
    descriptors = os.environ.pop(HANDED_ON, "")
    sockets = [socket.socket(fileno=int(number)) for number in descriptors.split(",") if number.isdigit()]
    for listening in sockets:
        listening.set_inheritable(False)
    return sockets


@dataclass
class PreviewState:
    """What the last build left for the browser: its errors (none when it succeeded)."""

    errors: list[str] = field(default_factory=list)


def address_problem(host: str, port: int, variable: str = "PORT") -> str | None:
    """One line saying why the preview cannot listen on *host*:*port*, or None if it can
    (*variable*: the make variable that chooses another port)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == 98 or "in use" in str(error).lower():
                return (
                    f"make devserver: port {port} is in use (another preview?); "
                    f"stop that one or choose another port, e.g. make devserver {variable}={port + 1}"
                )
            return f"make devserver: cannot listen on {host}:{port} ({error.strerror or error})"
    return None


def site_address(host: str, port: int) -> str:
    """The preview's address as a browser on this machine opens it (the intake's one allowed Origin)."""
    if host in ("0.0.0.0", "127.0.0.1", "localhost"):
        return f"http://127.0.0.1:{port}"
    return f"http://[{'::1' if host == '::' else host}]:{port}" if ":" in host else f"http://{host}:{port}"


def not_found_page(root: str, path: str) -> str | None:
    """The file of the 404 page for a missing *path*: the language's own (``en/404.html`` for
    ``en/…``) if the site has one, else the site's ``404.html``; None if there is none."""
    first = path.lstrip("/").split("/", 1)[0]
    for candidate in (os.path.join(root, first, "404.html") if first else None, os.path.join(root, "404.html")):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


def error_page(errors: list[str]) -> str:
    """An HTML page listing the build *errors*, file and line apart from the message."""
    items = []
    for error in errors:
        match = PROBLEM_LINE.match(error.strip())
        if match:
            items.append(
                f"<li><code>{html.escape(match['path'])}:{match['line']}</code>"
                f"<p>{html.escape(match['message'])}</p></li>"
            )
        else:
            items.append(f"<li><p>{html.escape(error)}</p></li>")
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Build fehlgeschlagen / Build failed</title>\n"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;"
        "color:#1d232b}h1{color:#8a1c1c}li{margin:0 0 1rem}code{font-weight:bold}</style>\n"
        "</head>\n<body>\n<main>\n"
        '<h1>Der Build ist fehlgeschlagen <span lang="en">(the build failed)</span></h1>\n'
        "<p>Die Vorschau zeigt wieder die Seite, sobald der Fehler behoben und die Datei gespeichert ist. "
        '<span lang="en">This page reloads by itself once the mistake is fixed.</span></p>\n'
        f'<ol class="build-errors">\n{"".join(items)}\n</ol>\n</main>\n'
        f"<script>{RELOAD_WHEN_FIXED}</script>\n</body>\n</html>\n"
    )


def stop_on_sigterm(_signum, _frame) -> None:
    """SIGTERM ends the preview as Ctrl-C does: the server stops and what it started with it."""
    raise KeyboardInterrupt


def end_with_parent(parent: int, every: float = 0.5) -> threading.Thread:
    """Stop this process (as SIGTERM does) once *parent*, the process that started it (``make``),
    is gone, however it ended: a preview never outlives its ``make devserver``."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(every)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread


def lan_address() -> str | None:
    """This machine's address in the local network (for a phone), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP: nothing is sent
            return probe.getsockname()[0]
        except OSError:
            return None


def file_handler(state: PreviewState, root: str):
    """A livereload file handler that knows the site's 404 pages and the last build's errors."""
    from livereload.handlers import StaticFileHandler  # only the preview needs it

    class PreviewFileHandler(StaticFileHandler):
        async def get(self, path, include_body=True):
            if state.errors and os.path.splitext(path)[1] in PAGE_SUFFIXES:
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(error_page(state.errors))
                return
            await super().get(path, include_body)

        def write_error(self, status_code, **kwargs):
            page = not_found_page(root, self.request.path) if status_code == 404 else None
            if page is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            with open(page, "rb") as handle:
                self.finish(handle.read())

    return PreviewFileHandler


def saved_since(paths: list[str], since: float) -> set[str]:
    """The files below *paths* (or *paths* themselves) changed after *since*: the saves made
    while this process built the site, before its watcher listened (a whole build after a
    restart takes seconds; such a save would wait for the next one)."""
    files = []
    for path in paths:
        if os.path.isfile(path):
            files.append(path)
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            files.extend(os.path.join(folder, name) for name in names)
    found = set()
    for path in files:
        try:
            if os.stat(path).st_mtime > since:
                found.add(os.path.abspath(path))
        except OSError:  # removed meanwhile: the watcher hears of it
            continue
    return found


def save_watcher():
    """A livereload watcher that the kernel tells which files changed (inotify, through
    watchfiles), instead of livereload's walk over every watched folder each 0.8 s: a save
    starts its rebuild within about 50 ms, and an idle preview costs no CPU."""
    import threading

    import watchfiles
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    class SaveWatcher(Watcher):
        def __init__(self) -> None:
            super().__init__()
            self._heard: set[str] = set()
            self._heard_lock = threading.Lock()
            self.batch: set[str] = set()  # the paths of the changes that run the tasks now

        def start(self, callback) -> bool:
            """Listen in a thread; each batch of changes runs *callback* (livereload's
            ``poll_tasks``) in the server's loop, which calls ``examine``."""
            loop = IOLoop.current()
            paths = [path for path in self._tasks if os.path.exists(path)]

            def listen() -> None:
                for changes in watchfiles.watch(*paths, debounce=50, step=10):
                    with self._heard_lock:
                        self._heard.update(os.path.abspath(path) for _change, path in changes)
                    loop.add_callback(callback)

            def saved_meanwhile() -> None:  # once the thread listens
                missed = saved_since(paths, STARTED)
                if missed:
                    with self._heard_lock:
                        self._heard.update(missed)
                    callback()

            threading.Thread(target=listen, name="watch", daemon=True).start()
            loop.add_callback(callback)  # what livereload queued at the start (a reload after a restart)
            loop.call_later(WATCH_SETTLE_S, saved_meanwhile)
            return True

        def examine(self):
            """Run the task of each watched path below which a file changed; livereload's
            ``(path, delay)`` of the changes."""
            if self._changes:
                return self._changes.pop()
            with self._heard_lock:
                heard, self._heard = self._heard, set()
            self.batch = heard
            self.filepath, delays = None, set()
            for watched, task in self._tasks.items():
                root = os.path.abspath(watched)
                ignore = task["ignore"] or (lambda path: False)
                hits = [p for p in heard if (p == root or p.startswith(root + os.sep)) and not ignore(p)]
                if hits:
                    self.filepath = hits[0]
                    if isinstance(task["delay"], float):
                        delays.add(task["delay"])
                    if task["func"]:
                        task["func"]()
            return self.filepath, max(delays) if delays else None

    return SaveWatcher()


def serve(
    output: str,
    host: str,
    port: int,
    state: PreviewState,
    watches: dict[str, Callable],
    restart: Callable,
    log: Callable[[str], None],
    sockets: list[socket.socket] | None = None,
) -> int:
    """Serve *output* on *host*:*port* until Ctrl-C; each path in *watches* runs its rebuild
    (given the set of paths that changed) when it changes, a change below ``plugins/`` runs
    *restart*. *sockets*: the listening sockets handed on by the preview this one started
    again from (``StartAgain``); its open pages reload once they are back. The exit status."""
    import logging

    from livereload import Server  # only the preview needs it
    from livereload.handlers import LiveReloadHandler

    watcher = save_watcher()

    def rebuild_and_reload(rebuild: Callable) -> Callable:
        def run() -> None:
            rebuild(set(watcher.batch))
            # livereload itself skips a reload within 2.5 s of the last one (counted from the
            # end of the build), so a quick save after a reload would leave the page stale
            LiveReloadHandler.reload_waiters()

        return run

    started_again = bool(sockets)
    try:
        sockets = sockets or _bind(host, port)
    except OSError as error:  # taken between the check and the start
        log(address_problem(host, port) or f"make devserver: cannot listen on {host}:{port} ({error})")
        return 1
    _listen_on(sockets)
    logging.getLogger("livereload").propagate = False
    logging.getLogger("tornado.access").propagate = False
    server = Server(watcher=watcher)
    server.SFH = file_handler(state, os.path.abspath(output))
    for watched, rebuild in watches.items():
        if os.path.exists(watched):
            server.watch(watched, rebuild_and_reload(rebuild), delay=0.5)
    if os.path.exists("plugins"):
        server.watch("plugins", restart, ignore=lambda path: "__pycache__" in path)
    log(f"Preview on {site_address(host, port)}/ (stop it with Ctrl-C)")
    if host in ("0.0.0.0", "::"):
        address = lan_address()
        if address:
            log(f"On a phone in the same network: http://{address}:{port}/")
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:
        signal.signal(signal.SIGTERM, stop_on_sigterm)
    end_with_parent(os.getppid())
    if started_again:
        reload_when_back()
    try:
        server.serve(root=output, host=host, port=port, open_url_delay=None, restart_delay=0)
    except StartAgain as again:
        again.sockets = sockets
        raise
    return 0


def _bind(host: str, port: int) -> list[socket.socket]:
    from tornado.netutil import bind_sockets

    return bind_sockets(port, host)


def _listen_on(sockets: list[socket.socket]) -> None:
    """Make the application livereload makes (which would bind its port itself) serve on the
    preview's own *sockets*, so that it can hand them on when it starts again."""
    from tornado import web
    from tornado.httpserver import HTTPServer

    def listen(application, _port, _address=None, **_options) -> HTTPServer:
        server = HTTPServer(application)
        server.add_sockets(sockets)
        return server

    web.Application.listen = listen


def reload_when_back(within: float = RELOAD_AFTER_START_S) -> None:
    """Tell the browsers to reload once their pages' livereload sockets are back (they
    waited in the handed-on socket's queue while this process built the site): the pages
    they show were built before. Given up after *within* seconds (no page was open)."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop, PeriodicCallback

    loop = IOLoop.current()
    deadline = loop.time() + within

    def look() -> None:
        if LiveReloadHandler.waiters or loop.time() > deadline:
            looking.stop()
        if LiveReloadHandler.waiters:  # a moment more for the other pages' handshakes
            loop.call_later(0.3, LiveReloadHandler.reload_waiters)

    looking = PeriodicCallback(look, 100)
    looking.start()
