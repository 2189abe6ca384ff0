"""Command line for authors (reached through make):

python -m authoring new-post --title "…" [--lang de] [--tags "a, b"]
python -m authoring import artikel.docx [--lang de] [--tags "a, b"]   (.docx, .txt, .md, .html)
python -m authoring translate content/de/posts/x.md [--lang en]
python -m authoring check [--strict]
python -m authoring translations [--strict]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import sys
import time

from content_reader.metadata import split_tags
from sitecore.dates import site_timezone
from sitecore.problems import ContentError, Problem, display_path


def load_settings(path: str) -> dict:
    """Pelican settings, read like the build reads them."""
    sys.path.insert(0, os.getcwd())  # publishconf.py imports pelicanconf
    from pelican.settings import read_settings  # noqa: PLC0415 - only here, Pelican is slow to import

    return read_settings(path)


def resolve_lang(value: str | None, codes: list[str], default: str) -> str:
    """*value* if it is a site language; *default* if empty or a locale such as ``de_DE.UTF-8``.

    ``LANG`` is also the locale variable of the shell, so a locale leaking in means "not given".
    """
    text = (value or "").strip()
    if text.lower() in codes:
        return text.lower()
    if not text or re.match(r"^([a-z]{2,3}_[A-Za-z]{2}|C|POSIX)([.@].*)?$", text) or "." in text:
        return default
    raise ContentError(
        Problem(
            "LANG", None, f"the language {text!r} is not one of the site's languages", f"use one of: {', '.join(codes)}"
        )
    )


def _fail(problem: Problem) -> int:
    print(f"ERROR: {problem}", file=sys.stderr)
    return 1


def _write_new(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)


def _exists(path: str) -> Problem:
    return Problem(
        display_path(path),
        None,
        "the file already exists: nothing was written",
        "open it, or choose another title / language",
    )


def cmd_new_post(args, settings: dict) -> int:
    """Create a draft post with complete front matter and print its path."""
    return _create_post(args, settings, args.title or "")


def cmd_import(args, settings: dict) -> int:
    """Create a draft post from a Word, text, Markdown or HTML file (and its images); print its path."""
    from .article_import import read_article  # noqa: PLC0415

    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _fail(
            Problem(
                args.file,
                None,
                f"the file cannot be read ({error.strerror})",
                "name an existing file, e.g. make import FILE=artikel.docx",
            )
        )
    article = read_article(display_path(args.file), data)
    for note in article.notes:
        print(f"NOTE: {display_path(args.file)}: {note}", file=sys.stderr)
    return _create_post(args, settings, article.title, body=article.body, images=article.images)


def _create_post(args, settings: dict, title: str, body: str | None = None, images=()) -> int:
    """The one way to a new post (new-post and import): front matter, slug check, never overwrite."""
    from bilingual.content_index import scan  # noqa: PLC0415
    from sitecore.languages import languages_from_settings  # noqa: PLC0415

    from taxonomy.taxonomy import TaxonomySettings, read_vocabulary  # noqa: PLC0415

    from .new_post import new_post  # noqa: PLC0415

    languages = languages_from_settings(settings)
    codes = [language.code for language in languages]
    lang = resolve_lang(args.lang, codes, codes[0])
    timezone = site_timezone(settings)
    now = dt.datetime.fromisoformat(args.now).astimezone(timezone) if args.now else dt.datetime.now(timezone)
    vocabulary, _problems = read_vocabulary(TaxonomySettings.of(settings), languages)
    made = new_post(
        title,
        lang=lang,
        now=now.replace(microsecond=0),
        author=args.author or settings.get("AUTHOR", ""),
        tags=split_tags(args.tags, "native"),
        vocabulary=vocabulary,
        content_root=settings["PATH"],
        body=body,
    )
    if os.path.exists(made.path):
        return _fail(_exists(made.path))
    slug = os.path.splitext(os.path.basename(made.path))[0]
    index, _clashes = scan(settings, [language for language in languages if language.code == lang])
    taken = next((e for e in index.entries if e.kind == "post" and e.slug == slug), None)
    if taken:
        return _fail(
            Problem(
                display_path(made.path),
                None,
                f"the slug {slug!r} is already used by {display_path(os.path.join(settings['PATH'], taken.path))}",
                "choose another title",
            )
        )
    for relative, content in images:
        image_path = os.path.join(settings["PATH"], relative)
        if os.path.exists(image_path):  # named after its content: the same image from an earlier import
            continue
        os.makedirs(os.path.dirname(image_path), exist_ok=True)
        with open(image_path, "xb") as handle:
            handle.write(content)
        print(f"image: {display_path(image_path)}", file=sys.stderr)
    _write_new(made.path, made.text)
    _warn(made.warnings)
    print(display_path(made.path))
    return 0


def _warn(problems) -> None:
    """Print warnings in the project's one format (``Problem`` knows it)."""
    for problem in problems:
        print(f"WARNING: {dataclasses.replace(problem, path=display_path(problem.path))}", file=sys.stderr)


def cmd_translate(args, settings: dict) -> int:
    """Create the translation skeleton of a post or page; link the original if needed."""
    from content_reader.source_files import read_source  # noqa: PLC0415
    from sitecore.languages import languages_from_settings  # noqa: PLC0415

    from taxonomy.taxonomy import TaxonomySettings, read_vocabulary  # noqa: PLC0415

    from .translate import missing_original, other_language, target_path_for, translation_skeleton, with_translation_key  # noqa: PLC0415

    languages = languages_from_settings(settings)
    codes = [language.code for language in languages]
    if not args.post or not os.path.isfile(args.post):
        return _fail(missing_original(args.post or "POST"))
    if os.path.basename(os.path.dirname(os.path.abspath(args.post))) == "offers":
        return _translate_offer(args, settings)
    front, metadata, _warnings = read_source(os.path.abspath(args.post), settings)
    source_lang = metadata["lang"]
    target_lang = resolve_lang(args.lang, codes, other_language(source_lang, codes) or codes[0])
    if target_lang == source_lang:
        return _fail(
            Problem(
                display_path(args.post),
                None,
                f"the post is already in {source_lang!r}",
                f"name the language to translate into, e.g. LANG={other_language(source_lang, codes)}",
            )
        )
    target = target_path_for(os.path.abspath(args.post), settings["PATH"], source_lang, target_lang)
    if os.path.exists(target):
        return _fail(_exists(target))
    vocabulary, _problems = read_vocabulary(TaxonomySettings.of(settings), languages)
    made = translation_skeleton(
        front,
        metadata,
        original_path=display_path(args.post),
        target_path=target,
        target_lang=target_lang,
        vocabulary=vocabulary,
    )
    with open(args.post, encoding="utf-8") as handle:
        linked = with_translation_key(handle.read(), front, metadata["translation_key"])
    if linked is not None:  # the original first: the translation must not look older than it
        with open(args.post, "w", encoding="utf-8") as handle:
            handle.write(linked)
        print(
            f"{display_path(args.post)}: added `translation_key: {metadata['translation_key']}` to link the translation",
            file=sys.stderr,
        )
    _write_new(made.path, made.text)
    _warn(made.warnings)
    print(display_path(made.path))
    return 0


def _translate_offer(args, settings: dict) -> int:
    """The translation skeleton of a training offer (its texts to translate, no sessions: shared)."""
    from content_reader.front_matter import split_front_matter  # noqa: PLC0415
    from content_reader.source_files import read_text  # noqa: PLC0415
    from sitecore.languages import languages_from_settings  # noqa: PLC0415

    from taxonomy.taxonomy import TaxonomySettings, read_vocabulary  # noqa: PLC0415

    from .translate import offer_skeleton, other_language, target_path_for  # noqa: PLC0415

    languages = languages_from_settings(settings)
    codes = [language.code for language in languages]
    original = os.path.abspath(args.post)
    source_lang = os.path.basename(os.path.dirname(os.path.dirname(original)))
    front = split_front_matter(read_text(original), display_path(original))
    target_lang = resolve_lang(args.lang, codes, other_language(source_lang, codes) or codes[0])
    if target_lang == source_lang:
        return _fail(
            Problem(
                display_path(args.post),
                None,
                f"the offer is already in {source_lang!r}",
                f"name the language to translate into, e.g. LANG={other_language(source_lang, codes)}",
            )
        )
    target = target_path_for(original, settings["PATH"], source_lang, target_lang)
    if os.path.exists(target):
        return _fail(_exists(target))
    vocabulary, _problems = read_vocabulary(TaxonomySettings.of(settings), languages)
    made = offer_skeleton(
        front, source_lang=source_lang, target_path=target, target_lang=target_lang, vocabulary=vocabulary
    )
    _write_new(made.path, made.text)
    _warn(made.warnings)
    print(display_path(made.path))
    return 0


def cmd_check(args, settings: dict) -> int:
    """Print every problem of the content, sorted; fail on errors (and on warnings with --strict)."""
    from .check import check_site  # noqa: PLC0415

    started = time.perf_counter()
    result = check_site(settings)
    for finding in result.findings:
        print(finding)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    verdict = "failed" if failed else "passed"
    print(
        f"Check {verdict}: {len(result.errors)} error(s), {len(result.warnings)} warning(s) in {result.files} files "
        f"({time.perf_counter() - started:.1f} s)."
    )
    return 1 if failed else 0


def cmd_translations(args, settings: dict) -> int:
    """Print the translation table; with --strict fail on missing translations."""
    from .status_report import translation_table  # noqa: PLC0415

    text, missing = translation_table(settings)
    print(text)
    return 1 if args.strict and missing else 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run one command."""
    parser = argparse.ArgumentParser(
        prog="python -m authoring", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new-post", help="create a draft post")
    new.add_argument("--title", required=True)
    new.add_argument("--lang", default="", help="de or en (default: the site's first language)")
    new.add_argument("--tags", default="", help='comma-separated, e.g. "Vertrieb, KI"')
    new.add_argument("--author", default="")
    new.add_argument("--now", default="", help="ISO date and time instead of now (for tests)")
    imported = commands.add_parser("import", help="create a draft post from a .docx, .txt, .md or .html file")
    imported.add_argument("file")
    imported.add_argument("--lang", default="", help="de or en (default: the site's first language)")
    imported.add_argument("--tags", default="", help='comma-separated, e.g. "Vertrieb, KI"')
    imported.add_argument("--author", default="")
    imported.add_argument("--now", default="", help="ISO date and time instead of now (for tests)")
    translate = commands.add_parser("translate", help="create the translation skeleton of a post or page")
    translate.add_argument("post")
    translate.add_argument("--lang", default="", help="language to translate into (default: the other one)")
    check = commands.add_parser("check", help="check all content without building")
    check.add_argument("--strict", action="store_true", help="warnings fail too (as in make publish)")
    status = commands.add_parser("translations", help="which post and page exists in which language")
    status.add_argument("--strict", action="store_true", help="fail when a translation is missing")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.settings)
        handler = {
            "new-post": cmd_new_post,
            "import": cmd_import,
            "translate": cmd_translate,
            "check": cmd_check,
            "translations": cmd_translations,
        }[args.command]
        return handler(args, settings)
    except ContentError as error:
        return _fail(error.problem)
    except ValueError as error:  # e.g. an unreadable --now
        return _fail(Problem(args.command, None, str(error)))


if __name__ == "__main__":
    sys.exit(main())
