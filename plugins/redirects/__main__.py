"""``python -m redirects from-wxr export.xml [--dry-run] [--lang de]`` (``make redirects-from-wxr``):
the old addresses of a WordPress export written into the ``old_urls`` of the site's posts and pages.

Run from the repository root; settings come from ``pelicanconf.py``. Files are read with the
build's parser (``authoring.site_content``); each changed file is read back before it is written.
"""

from __future__ import annotations

import argparse
import os
import sys

from authoring.site_content import read_all
from comments.wxr_import import PostRef, WxrError, parse_wxr
from content_reader.source_files import read_source
from office_client.spreadsheet import write_atomically
from sitecore.problems import ContentError
from sitecore.urls import old_path_key

from .front_matter_edit import with_old_urls
from .wxr_map import RedirectPlan, SiteFile, plan_redirects


def site_files(settings: dict) -> tuple[list[SiteFile], dict[str, object]]:
    """Every readable post and page as a :class:`SiteFile`, and its ``SourceFile`` by path."""
    _languages, files = read_all(settings)
    found, sources = [], {}
    for item in files:
        if item.kind not in ("post", "page") or item.meta is None:
            continue
        date = item.meta.get("date")
        ref = PostRef(item.lang, item.meta["slug"], item.meta["title"], date.strftime("%Y-%m-%d") if date else "")
        keys = frozenset(old_path_key(path) for path in item.meta.get("old_urls", ()))
        found.append(SiteFile(item.path, item.kind, ref, keys))
        sources[item.path] = item
    return found, sources


def write_plan(plan: RedirectPlan, sources: dict, settings: dict) -> list[str]:
    """Write the additions; the problems of files that would not read back (left unchanged)."""
    problems = []
    for path, addresses in sorted(plan.additions.items()):
        item = sources[path]
        try:
            text = with_old_urls(item.text, path, addresses)
            read_source(item.source, settings, text)
        except ContentError as error:
            problems.append(f"{path}: left unchanged: {error.problem}")
            continue
        write_atomically(item.source, text)
    return problems


def print_report(plan: RedirectPlan, dry_run: bool) -> None:
    """What was (or would be) added, what was there, what could not be placed and why."""
    verb = "would add" if dry_run else "added"
    print(f"{verb} {len(plan.matched)} old address(es) to {len(plan.additions)} file(s)")
    for path, address, title in plan.matched:
        print(f"  {path}: {address}  (WordPress: {title})")
    if plan.present:
        print(f"already named ({len(plan.present)}):")
        for path, address in plan.present:
            print(f"  {path}: {address}")
    if plan.unmatched:
        print(f"not matched ({len(plan.unmatched)}): add the address to the post's old_urls by hand")
        for title, address, why in plan.unmatched:
            print(f"  {title!r} {address}: {why}")
    for reason, count in sorted(plan.skipped.items()):
        print(f"skipped {count} {reason}")


def command_from_wxr(settings: dict, args) -> int:
    """Read the export, plan, write (unless a dry run), report."""
    try:
        with open(args.file, encoding="utf-8") as handle:
            posts = parse_wxr(handle.read())
    except (WxrError, UnicodeDecodeError) as error:
        print(f"error: {args.file}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    codes = list(settings["LANGUAGES"])
    if args.lang and args.lang not in codes:
        print(
            f"error: --lang {args.lang}: not a language of the site (use one of: {', '.join(codes)})", file=sys.stderr
        )
        return 1
    files, sources = site_files(settings)
    plan = plan_redirects(posts, files, args.lang)
    problems = [] if args.dry_run else write_plan(plan, sources, settings)
    print_report(plan, args.dry_run)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m redirects", description=__doc__.split("\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    wxr = commands.add_parser("from-wxr", help="write a WordPress export's addresses into the posts' old_urls")
    wxr.add_argument("file")
    wxr.add_argument("--dry-run", action="store_true")
    wxr.add_argument("--lang", default="", help="the language to choose where a post exists in several")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.settings):
        print(f"error: {args.settings} not found: run this from the repository root", file=sys.stderr)
        return 1
    sys.path.insert(0, os.getcwd())  # publishconf.py imports pelicanconf
    from pelican.settings import read_settings  # noqa: PLC0415 - Pelican is slow to import

    return command_from_wxr(read_settings(args.settings), args)


if __name__ == "__main__":
    sys.exit(main())
