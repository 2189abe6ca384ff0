"""Command line: ``python -m sitebuild --settings pelicanconf.py --output output``.

One build at a time per output folder: a second one ends at once (exit 1) naming the pid of
the first; the preview's builds wait for it instead. Ctrl-C or SIGTERM ends a build with one
line and exit status 130 (143), leaving the output folder as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import threading
from functools import partial
from typing import NoReturn

from . import preview
from .build import BuildReport, SettingsUnreadable, build, notices_markdown, summary
from .interrupts import Interrupted, stop_on_interrupt
from .kept_site import KeptSites, give_back_freed_memory
from .lock import BuildLocked, build_lock

# The language whose site model the preview keeps, told to the preview started again in its place.
KEPT_LANGUAGE = "SITEBUILD_PREVIEW_KEEPS"


def _waiting(busy: BuildLocked) -> None:
    if busy.pid != os.getpid():  # not the preview's own search index, made after its last rebuild
        print(f"Waiting for {busy.holder} on {busy.folder} to finish …", file=sys.stderr, flush=True)


def _rebuild(
    settings: str, output: str, state: preview.PreviewState | None = None, overrides=None, kept=None, changed=None
) -> None:
    """A preview rebuild: waits for another build on *output*; Ctrl-C during it ends the preview.
    The search index of a text edit is made in a thread after it, so the page shows first;
    so is the kept site model after a whole build (*kept*, ``sitebuild.kept_site``). A whole
    build (an edit the kept model cannot follow) is made by the preview started again."""
    try:
        with stop_on_interrupt():
            report = build(
                settings,
                output,
                incremental=True,
                waiting=_waiting,
                overrides=overrides,
                search_later=partial(_in_thread, output),
                kept=kept,
                changed=changed,
                instead_of_whole=partial(_whole_build_afresh, kept),
            )
    except Interrupted as stop:
        print(stop.message(output), file=sys.stderr)
        raise SystemExit(stop.exit_status) from None  # the event loop passes SystemExit on
    print(summary(report), file=sys.stderr)
    if state is not None:  # the preview shows the errors in the browser until a build succeeds
        state.errors = list(report.errors)


def _in_thread(output: str, task) -> None:
    """Run *task* (the search index of a text edit, the kept site model after a whole build)
    in a thread of its own, under the build lock of *output* (the next rebuild waits for it;
    the process ends only after it), with the memory the rebuild and the task left unused
    given back after it. Not before it: a full collection holds the interpreter (0.15-0.35 s
    with the model of 2,000 posts), and the page the rebuild wrote would wait for it to be
    served (``docs/performance.md``, "The gc that held the served page")."""

    def locked() -> None:
        try:
            with build_lock(output, waiting=lambda busy: None):
                task()
                _give_back_garbage()
        except Exception as error:  # noqa: BLE001 -- a thread's failure: told, the next whole build mends it
            print(f"the preview's work after the rebuild failed: {error}", file=sys.stderr, flush=True)

    threading.Thread(target=locked, name="after the rebuild").start()


def _give_back_garbage() -> None:
    """Free the cycles the last rebuild left (a build collects them rarely,
    ``build.rare_cycle_collection``) and give the C heap's free pages back to the system.

    The search index runs Pagefind (about 100 MiB a shard at N=2000) beside the preview
    process, which holds its site model: after a date or topic edit that process held about
    50 MiB more than it uses, the old lists, rankings and renderings the edit replaced."""
    gc.collect()
    give_back_freed_memory()


def _restart() -> NoReturn:
    """The plugins changed: start the preview again, so that their new code builds the site
    (a running process keeps the modules it imported)."""
    preview.start_again("The plugins changed: restarting the preview.")


def _whole_build_afresh(kept) -> NoReturn:
    """An edit the kept site model cannot follow: start the preview again, whose first build
    is this whole build. A fresh process makes it in far less memory than this one, whose heap
    the dropped model left fragmented and which the language processes would fork from. The
    new process keeps the model of the language last edited, as this one would have."""
    last_edited = kept.last_edited if kept is not None else None
    environment = {KEPT_LANGUAGE: last_edited} if last_edited else {}
    preview.start_again("A whole build: the preview starts again for it.", environment)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def serve(
    settings: str,
    output: str,
    host: str,
    port: int,
    state: preview.PreviewState,
    overrides=None,
    kept=None,
    sockets=None,
) -> int:
    """Serve *output* on *host*:*port* (or the *sockets* handed on), rebuild on change and
    reload the open page (sitebuild.preview)."""
    watches = {
        watched: lambda changed: _rebuild(settings, output, state, overrides, kept, changed)
        for watched in ("content", "theme", settings)
    }
    return preview.serve(output, host, port, state, watches, _restart, _say, sockets)


@contextlib.contextmanager
def intake_beside(args, overrides: dict):
    """The intake the preview's forms post to, beside it while the block runs
    (``sitebuild.preview_intake``)."""
    from .preview_intake import preview_intake_settings, start_intake

    site_url = preview.site_address(args.host, args.port)
    settings = preview_intake_settings(site_url, overrides["INTAKE_PUBLIC_URL"], args.output, args.var)
    stop_intake = start_intake(settings, args.intake_port, _say)
    try:
        yield
    finally:
        stop_intake()


def write_notices(report, path: str) -> None:
    """Write the build's notices to *path* (outside the output), or remove a stale file when there are none."""
    text = notices_markdown(report, report.office_lang, report.repository_url)
    if text:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    elif os.path.exists(path):
        os.remove(path)


def _address_problem(args, with_intake: bool, sockets) -> str | None:
    """Why the preview (or its intake) cannot listen where asked, or None (the preview's own
    port is not looked at when its *sockets* were handed on)."""
    problem = preview.address_problem(args.host, args.port) if args.serve and not sockets else None
    if problem is None and with_intake:
        problem = preview.address_problem("127.0.0.1", args.intake_port, "INTAKE_PORT")
    return problem


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build once, and serve when asked."""
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--output", default="output", help="output folder (replaced only by a good build)")
    parser.add_argument("--strict", action="store_true", help="fail on any warning (make publish)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel language builds (default: one per core)")
    parser.add_argument("--serve", action="store_true", help="preview on http://127.0.0.1:8000 with live reload")
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="use the content cache; when only post bodies changed, render just those posts",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1", help="preview address; 0.0.0.0 lets a phone in the network look")
    parser.add_argument(
        "--intake-port", type=int, default=0, help="with --serve: run the intake on this port for the forms"
    )
    parser.add_argument("--var", default="var", help="the preview intake's database and mails (var/outbox/)")
    parser.add_argument("--timings", metavar="FILE", help="write the wall time of each build phase as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.getcwd())  # publishconf.py imports pelicanconf
    incremental = args.incremental or args.serve
    with_intake = args.serve and args.intake_port
    sockets = preview.handed_on_sockets() if args.serve else []
    if problem := _address_problem(args, with_intake, sockets):
        print(problem, file=sys.stderr)  # before a build the author would wait for in vain
        return 1
    overrides = {"INTAKE_PUBLIC_URL": f"http://127.0.0.1:{args.intake_port}"} if with_intake else None
    kept = KeptSites() if args.serve else None  # the preview keeps a site model between saves
    if kept is not None:
        kept.last_edited = os.environ.pop(KEPT_LANGUAGE, None)  # by the preview this one started again from
    try:
        with contextlib.ExitStack() as beside:
            if with_intake and sockets:  # started again: the intake answers while this process builds
                beside.enter_context(intake_beside(args, overrides))
            report = build_once(args, incremental, overrides, kept)
            if report is None or not args.serve:
                return 1 if report is None or not report.ok else 0
            state = preview.PreviewState(list(report.errors))
            if with_intake and not sockets:
                beside.enter_context(intake_beside(args, overrides))
            return serve(args.settings, args.output, args.host, args.port, state, overrides, kept, sockets)
    except preview.StartAgain as again:  # the intake has stopped
        again.start(sys.argv[1:] if argv is None else argv)
    except Interrupted as stop:  # told once the intake beside it has stopped
        print(stop.message(args.output), file=sys.stderr)
        return stop.exit_status


def build_once(args, incremental: bool, overrides: dict | None, kept) -> BuildReport | None:
    """The build the command asks for, its summary and notices told; its report (None when
    another build holds the output folder, told in one line). Ctrl-C raises ``Interrupted``."""
    try:
        with stop_on_interrupt():
            report = build(
                args.settings,
                args.output,
                strict=args.strict,
                jobs=args.jobs,
                incremental=incremental,
                waiting=_waiting if args.serve else None,
                overrides=overrides,
                search_later=partial(_in_thread, args.output) if args.serve else None,
                kept=kept,
            )
    except BuildLocked as busy:
        print(f"Build not started: {busy}.", file=sys.stderr)
        return None
    except SettingsUnreadable as problem:
        print(f"Build not started: {problem}", file=sys.stderr)
        return None
    print(summary(report), file=sys.stderr)
    write_notices(report, os.environ.get("BUILD_NOTICES_FILE", "build-notices.md"))
    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as handle:
            json.dump(report.timings, handle, indent=1, sort_keys=True)
    return report


if __name__ == "__main__":
    sys.exit(main())
