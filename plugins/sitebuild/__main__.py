"""Command line: ``python -m sitebuild --settings pelicanconf.py --output output``."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import preview
from .build import build, summary


def _rebuild(settings: str, output: str, state: preview.PreviewState | None = None) -> None:
    report = build(settings, output, incremental=True)
    print(summary(report), file=sys.stderr)
    if state is not None:  # the preview shows the errors in the browser until a build succeeds
        state.errors = list(report.errors)


def _restart() -> None:
    """The plugins changed: start the preview again, so that their new code builds the site
    (a running process keeps the modules it imported)."""
    print("The plugins changed: restarting the preview.", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "sitebuild", *sys.argv[1:]])


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def serve(settings: str, output: str, host: str, port: int, state: preview.PreviewState) -> int:
    """Serve *output* on *host*:*port*, rebuild on change and reload the open page (sitebuild.preview)."""
    watches = {watched: lambda: _rebuild(settings, output, state) for watched in ("content", "theme", settings)}
    return preview.serve(output, host, port, state, watches, _restart, _say)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build once, and serve when asked."""
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--output", default="output", help="output folder (replaced only by a good build)")
    parser.add_argument("--strict", action="store_true", help="fail on any warning (make publish)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel language builds (default: one per core)")
    parser.add_argument("--serve", action="store_true", help="preview on http://127.0.0.1:8000 with live reload")
    parser.add_argument("--incremental", action="store_true",
                        help="use the content cache; when only post bodies changed, render just those posts")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1", help="preview address; 0.0.0.0 lets a phone in the network look")
    parser.add_argument("--timings", metavar="FILE", help="write the wall time of each build phase as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.getcwd())  # publishconf.py imports pelicanconf
    incremental = args.incremental or args.serve
    if args.serve and (problem := preview.address_problem(args.host, args.port)):
        print(problem, file=sys.stderr)  # before a build the author would wait for in vain
        return 1
    report = build(args.settings, args.output, strict=args.strict, jobs=args.jobs, incremental=incremental)
    print(summary(report), file=sys.stderr)
    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as handle:
            json.dump(report.timings, handle, indent=1, sort_keys=True)
    if args.serve:
        return serve(args.settings, args.output, args.host, args.port, preview.PreviewState(list(report.errors)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
