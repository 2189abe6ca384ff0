"""Moderation commands: ``python -m comments export | apply FILE | pull | import-wxr FILE``.

Run from the repository root (``make comments-export`` ...). Settings come from
``pelicanconf.py``; posts are found through the build's content index, comments are read
with the same parser the build uses. With ``INTAKE_URL`` and ``INTAKE_ADMIN_TOKEN`` in the
environment, export and apply also cover the intake's pending comments, and pull writes its
approved ones as comment files.
"""

from __future__ import annotations

import argparse
import os
import sys

from pelican.settings import read_settings

from bilingual.content_index import scan
from office_client.admin_api import IntakeAccess, IntakeError, IntakeRefused, fetch_comments, send_decisions
from office_client.spreadsheet import write_atomically
from sitecore.dates import site_timezone
from sitecore.languages import languages_from_settings
from sitecore.problems import display_path

from .comment_files import Comment, comment_files, load_comments, read_comment_files
from .comments import comments_settings
from .intake_pull import plan_pull
from .moderation_apply import (
    ModerationFileError,
    apply_changes,
    left_pending,
    plan_changes,
    plan_intake_decisions,
    read_decisions,
)
from .moderation_export import PostInfo, export_rows, intake_rows, oldest_first, rows_to_csv, rows_to_json
from .wxr_import import PostRef, WxrError, parse_wxr, plan_import


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def site_posts(settings: dict) -> dict[tuple[str, str], PostInfo]:
    """Every published post as ``(lang, slug) -> PostInfo`` from the content index."""
    languages = {lang.code: lang for lang in languages_from_settings(settings)}
    index, _problems = scan(settings, list(languages.values()))
    posts = {}
    for entry in index.entries:
        if entry.kind != "post" or entry.status == "unreadable":
            continue
        url = f"{settings.get('SITEURL', '')}/{languages[entry.lang].url('post', entry.slug)}"
        posts[(entry.lang, entry.slug)] = PostInfo(entry.title, url, entry.authors)
    return posts


def load_all(settings: dict) -> tuple[list[Comment], dict[str, str], dict[str, str], list[str]]:
    """Comments, their file texts and paths by id, and problems of unreadable files."""
    config = comments_settings(settings)
    files, unreadable = read_comment_files(config.folder)
    codes = tuple(lang.code for lang in languages_from_settings(settings))
    loaded = load_comments(files, languages=codes, timezone=site_timezone(settings))
    texts = dict(files)
    paths = {display_path(p): p for p in comment_files(config.folder)}  # display path -> real path
    by_id_text = {c.id: texts[c.path] for c in loaded.comments}
    by_id_path = {c.id: paths[c.path] for c in loaded.comments}
    problems = [str(p) for p in unreadable] + [str(p) for _lang, p in loaded.errors]
    return list(loaded.comments), by_id_text, by_id_path, problems


def command_export(settings: dict, args) -> int:
    """Write the moderation queue as CSV and JSON."""
    config = comments_settings(settings)
    folder = os.path.abspath(args.out or config.moderation_dir)
    output = os.path.abspath(settings.get("OUTPUT_PATH", "output"))
    if folder == output or folder.startswith(output + os.sep):
        return _fail(f"{folder} lies inside the site's output folder; moderation files must never be published")
    try:
        access = IntakeAccess.from_environment(os.environ)
        intake_pending = fetch_comments(access, "pending") if access else []
    except IntakeError as error:
        return _fail(f"{error}; nothing was exported")
    comments, _texts, _paths, problems = load_all(settings)
    for problem in problems:
        print(f"warning: {problem} (not exported)", file=sys.stderr)
    posts = site_posts(settings)
    file_rows = export_rows(comments, posts, config.blocked_words, config.min_seconds)
    rows = oldest_first(file_rows + intake_rows(intake_pending, posts))
    os.makedirs(folder, exist_ok=True)
    for name, text in (("pending.csv", rows_to_csv(rows)), ("pending.json", rows_to_json(rows))):
        write_atomically(os.path.join(folder, name), text)
    shown = os.path.relpath(folder)
    origin = (
        f" ({len(file_rows)} from comment files, {len(intake_pending)} from the intake at {access.url})"
        if access
        else ""
    )
    print(f"{len(rows)} pending comment(s){origin} written to {shown}/pending.csv and {shown}/pending.json.")
    print("Fill in the decision column (approve, reject, spam; empty = leave pending), then run")
    print(f"  make comments-apply FILE={shown}/pending.csv")
    return 0


def command_apply(settings: dict, args) -> int:
    """Validate every decision, then set the statuses."""
    try:
        decisions = read_decisions(args.file)
    except ModerationFileError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{args.file}: {error.strerror}")
    comments, texts, paths, _problems = load_all(settings)
    changes, problems = plan_changes([d for d in decisions if not d.from_intake], comments, texts, args.file)
    intake_decisions = [d for d in decisions if d.from_intake]
    access, to_intake, pending_in_intake = None, [], []
    if any(d.decision for d in intake_decisions):
        try:
            access = IntakeAccess.from_environment(os.environ)
            if access is None:
                return _fail(
                    f"{args.file} has decisions on the intake's comments: set INTAKE_URL and INTAKE_ADMIN_TOKEN; nothing was changed"
                )
            pending_in_intake = fetch_comments(access, "pending")
            to_intake, intake_problems = plan_intake_decisions(intake_decisions, pending_in_intake, args.file)
        except IntakeError as error:
            return _fail(f"{error}; nothing was changed")
        problems = problems + intake_problems
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"Nothing was changed: {len(problems)} row(s) need attention.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"Dry run: {len(changes) + len(to_intake)} comment(s) would change; nothing written.")
        return 0
    summary = {"approved": 0, "rejected": 0, "spam": 0}
    if to_intake:
        try:
            answer = send_decisions(access, to_intake)
        except IntakeRefused as error:
            for refused in error.errors:
                print(
                    f"error: {args.file}: the intake refused {refused.get('id')!r}: {refused.get('message')}",
                    file=sys.stderr,
                )
            return _fail(f"{error}; no comment file was changed either")
        except IntakeError as error:
            return _fail(f"{error}; no comment file was changed")
        for key in summary:
            summary[key] += int(answer.get(key) or 0)
    for key, value in apply_changes(changes, paths).items():
        summary[key] += value
    left = left_pending(comments, changes) + len(pending_in_intake) - len(to_intake)
    _print_applied(summary, left, changes, to_intake)
    return 0


def _print_applied(summary: dict, left: int, changes: list, to_intake: list) -> None:
    """Tell the moderator what ``apply`` changed and what to run next."""
    print(
        f"Applied: {summary['approved']} approved, {summary['rejected']} rejected, {summary['spam']} spam; {left} left pending."
    )
    if any(c.status == "approved" for c in changes):
        print("Run `make html` to show the approved comments.")
    if any(d["decision"] == "approve" for d in to_intake):
        print("Approved intake comments become files with `make comments-pull` (the deploy workflow runs it).")


def command_pull(settings: dict, args) -> int:
    """Write every approved intake comment that is not in the repository yet as a comment file."""
    try:
        access = IntakeAccess.from_environment(os.environ)
        if access is None:
            return _fail("set INTAKE_URL and INTAKE_ADMIN_TOKEN to pull approved comments from the intake")
        approved = fetch_comments(access, "approved")
    except IntakeError as error:
        return _fail(f"{error}; nothing was written")
    config = comments_settings(settings)
    comments, _texts, _paths, problems = load_all(settings)
    existing = {c.id for c in comments} | {
        os.path.splitext(os.path.basename(p))[0] for p in comment_files(config.folder)
    }
    slugs: dict[str, set[str]] = {lang.code: set() for lang in languages_from_settings(settings)}
    for lang, slug in site_posts(settings):
        slugs[lang].add(slug)
    plan = plan_pull(approved, existing, slugs)
    for relative, text in sorted(plan.files.items()):
        target = os.path.join(config.folder, relative)
        if not args.dry_run:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            write_atomically(target, text)
        print(f"{'would write' if args.dry_run else 'wrote'} {os.path.relpath(target)}")
    print(f"{len(plan.files)} new approved comment(s) from the intake; {plan.already} already in the repository.")
    for reason in plan.skipped:
        print(f"warning: not written: {reason}", file=sys.stderr)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def command_import_wxr(settings: dict, args) -> int:
    """Turn a WordPress export's comments into comment files."""
    try:
        with open(args.file, encoding="utf-8") as handle:
            posts = parse_wxr(handle.read())
    except (WxrError, UnicodeDecodeError) as error:
        return _fail(f"{args.file}: {error}")
    except OSError as error:
        return _fail(f"{args.file}: {error.strerror}")
    config = comments_settings(settings)
    comments, _texts, _paths, problems = load_all(settings)
    existing = {c.id for c in comments} | {
        os.path.splitext(os.path.basename(p))[0] for p in comment_files(config.folder)
    }
    refs = [PostRef(lang, slug, info.title) for (lang, slug), info in site_posts(settings).items()]
    codes = [lang.code for lang in languages_from_settings(settings)]
    if args.lang and args.lang not in codes:
        return _fail(f"--lang {args.lang}: not a language of the site (use one of: {', '.join(codes)})")
    plan = plan_import(posts, refs, existing, site_timezone(settings), lang=args.lang)
    if not args.dry_run:
        for relative, text in sorted(plan.files.items()):
            target = os.path.join(config.folder, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            write_atomically(target, text)
    verb = "would import" if args.dry_run else "imported"
    counts = ", ".join(f"{n} {status}" for status, n in sorted(plan.counts.items())) or "nothing new"
    print(f"{verb} {len(plan.files)} comment(s) into {os.path.relpath(config.folder)}: {counts}.")
    if plan.skipped.get("already imported"):
        print(f"  {plan.skipped['already imported']} comment(s) were imported before (left as they are)")
    for note in plan.notes:
        print(f"  note: {note}")
    if plan.left_out:
        print(f"Not imported ({sum(len(item.comments) for item in plan.left_out)} comment(s)):")
    for item in plan.left_out:
        print(f"  {item}")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m comments", description=__doc__.split("\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write moderation/pending.csv and pending.json")
    export.add_argument("--out", help="folder for the export (default: COMMENTS_MODERATION_DIR)")
    apply = commands.add_parser("apply", help="apply the decision column of an export")
    apply.add_argument("file")
    apply.add_argument("--dry-run", action="store_true")
    pull = commands.add_parser("pull", help="write the intake's approved comments into the comments folder")
    pull.add_argument("--dry-run", action="store_true")
    wxr = commands.add_parser("import-wxr", help="import the comments of a WordPress export")
    wxr.add_argument("file")
    wxr.add_argument("--dry-run", action="store_true")
    wxr.add_argument("--lang", default="", help="the language to import into where a post exists in several")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.settings):
        return _fail(f"{args.settings} not found: run this from the repository root (make comments-…)")
    settings = read_settings(args.settings)
    handler = {
        "export": command_export,
        "apply": command_apply,
        "pull": command_pull,
        "import-wxr": command_import_wxr,
    }[args.command]
    return handler(settings, args)


if __name__ == "__main__":
    sys.exit(main())
