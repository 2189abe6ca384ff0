"""Command line for authors (reached through make):

python -m authoring new-post --title "…" [--lang de] [--tags "a, b"]
python -m authoring import artikel.docx|ordner/ [--lang de] [--tags "a, b"] [--title "…"] [--date 2019-11-21]
                          [--keep-all]   (.docx, .txt, .md, .html)
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
    _create_post(args, settings, args.title or "")
    return 0


def cmd_import(args, settings: dict) -> int:
    """Create a draft post from a Word, text, Markdown or HTML file (or from every such file of a
    folder), with its images and comments; print one report."""
    from .article_import import EXTENSIONS  # noqa: PLC0415

    if os.path.isdir(args.file):
        sources = sorted(
            os.path.join(args.file, name)
            for name in os.listdir(args.file)
            if name.lower().endswith(EXTENSIONS) and not name.startswith((".", "~$"))
        )
        if args.title:
            return _fail(
                Problem("TITLE", None, "TITLE names the title of one article", "import the folder without TITLE")
            )
        if not sources:
            return _fail(
                Problem(
                    display_path(args.file),
                    None,
                    "the folder has no article to import",
                    f"use: {', '.join(EXTENSIONS)}",
                )
            )
    else:
        sources = [args.file]
    reports, failed = [], 0
    for source in sources:
        try:
            reports.append(_import_one(source, args, settings))
        except ContentError as error:
            failed += 1
            print(f"ERROR: {error.problem}", file=sys.stderr)
    if reports:
        print("\n\n".join("\n".join(lines) for lines in reports), file=sys.stderr)
    return 1 if failed else 0


def _import_one(source: str, args, settings: dict) -> list[str]:
    """Import *source*; print the new post's path; return the report's lines. Raises ContentError."""
    from .article_import import read_article  # noqa: PLC0415

    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ContentError(
            Problem(
                display_path(source),
                None,
                f"the file cannot be read ({error.strerror})",
                "name an existing file, e.g. make import FILE=artikel.docx",
            )
        ) from None
    site = _SiteFacts.of(settings, args.lang)
    options = _import_options(args, settings, site, source)
    article = read_article(display_path(source), data, options)
    for note in article.notes:
        print(f"NOTE: {display_path(source)}: {note}", file=sys.stderr)
    return _create_post(
        args, settings, article.title, body=article.body, images=article.images, imported=(source, article)
    )


@dataclasses.dataclass(frozen=True)
class _SiteFacts:
    lang: str
    house_authors: frozenset
    offers: dict

    @classmethod
    def of(cls, settings: dict, lang_argument: str) -> _SiteFacts:
        from bilingual.content_index import scan  # noqa: PLC0415
        from people.people import PeopleSettings, load_people  # noqa: PLC0415
        from sitecore.languages import languages_from_settings  # noqa: PLC0415

        languages = languages_from_settings(settings)
        codes = [language.code for language in languages]
        lang = resolve_lang(lang_argument, codes, codes[0])
        authors, _testimonials, _problems = load_people(PeopleSettings.of(settings), codes, None)
        names = {author.name.casefold() for author in authors} | {str(settings.get("AUTHOR", "")).casefold()}
        index, _clashes = scan(settings, [language for language in languages if language.code == lang])
        offers = {offer: entry.title for offer, entry in index.offers(lang).items()}
        return cls(lang, frozenset(name for name in names if name), offers)


def _import_options(args, settings: dict, site: _SiteFacts, source: str):
    from .article_import import ImportOptions  # noqa: PLC0415

    return ImportOptions(
        title=args.title or "",
        keep_all=args.keep_all,
        timezone=site_timezone(settings),
        house_authors=site.house_authors,
        offers=site.offers,
        local_image=lambda address: _file_beside(source, address),
    )


def _file_beside(source: str, address: str) -> bytes | None:
    """The bytes of the file *address* (relative, as a saved page names it) in the folder of
    *source* or below; None for anything else."""
    from urllib.parse import unquote  # noqa: PLC0415

    folder = os.path.realpath(os.path.dirname(os.path.abspath(source)))
    path = os.path.realpath(os.path.join(folder, unquote(address.split("?")[0].split("#")[0])))
    if not path.startswith(folder + os.sep) or not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return handle.read()


def _post_date(args, settings: dict, found: dt.datetime | None) -> tuple[dt.datetime, str]:
    """The post's date and where it came from: ``DATE=…`` (import), the old page, or now (``--now``)."""
    from content_reader.metadata import DATE_HINT, parse_date  # noqa: PLC0415

    timezone = site_timezone(settings)
    if getattr(args, "date", ""):
        try:
            return parse_date(args.date, timezone), "given"
        except ValueError:
            raise ContentError(Problem("DATE", None, f"the date {args.date!r} cannot be read", DATE_HINT)) from None
    if found is not None:
        return found, "found"
    now = dt.datetime.fromisoformat(args.now).astimezone(timezone) if args.now else dt.datetime.now(timezone)
    return now.replace(microsecond=0), "today"


def _imported_fields(article) -> tuple:
    """The front matter the import proposes beyond a new post's."""
    from .import_report import guest_author  # noqa: PLC0415

    findings = article.findings
    fields = []
    guest = guest_author(article)
    if guest:
        fields.append(("guest_author", guest, "suggested by make import: check"))
    if findings.first_published_in:
        fields.append(("first_published_in", findings.first_published_in, ""))
    if findings.old_urls:
        fields.append(("old_urls", findings.old_urls, ""))
    return tuple(fields)


def _create_post(args, settings: dict, title: str, body: str | None = None, images=(), imported=None) -> list[str]:
    """The one way to a new post (new-post and import): front matter, slug check, never overwrite;
    raises ContentError.

    *imported* is ``(source file, Article)`` for ``make import``: the post gets the date, summary and
    fields found, its comments are written, the report goes into the draft and is returned."""
    from bilingual.content_index import scan  # noqa: PLC0415
    from sitecore.languages import languages_from_settings  # noqa: PLC0415

    from taxonomy.taxonomy import TaxonomySettings, read_vocabulary  # noqa: PLC0415

    from .new_post import new_post  # noqa: PLC0415

    languages = languages_from_settings(settings)
    codes = [language.code for language in languages]
    lang = resolve_lang(args.lang, codes, codes[0])
    now, date_from = _post_date(args, settings, imported[1].findings.date if imported else None)
    vocabulary, _problems = read_vocabulary(TaxonomySettings.of(settings), languages)

    def made_with(text: str | None):
        return new_post(
            title,
            lang=lang,
            now=now.replace(microsecond=0),
            author=args.author or settings.get("AUTHOR", ""),
            tags=split_tags(args.tags, "native"),
            vocabulary=vocabulary,
            content_root=settings["PATH"],
            body=text,
            summary=imported[1].summary if imported else "",
            extra=_imported_fields(imported[1]) if imported else (),
        )

    made = made_with(body)
    if os.path.exists(made.path):
        raise ContentError(_exists(made.path))
    slug = os.path.splitext(os.path.basename(made.path))[0]
    index, _clashes = scan(settings, [language for language in languages if language.code == lang])
    taken = next((e for e in index.entries if e.kind == "post" and e.slug == slug), None)
    if taken:
        raise ContentError(
            Problem(
                display_path(made.path),
                None,
                f"the slug {slug!r} is already used by {display_path(os.path.join(settings['PATH'], taken.path))}",
                "choose another title" + (" (TITLE=…)" if imported else ""),
            )
        )
    report, comment_texts = [], []
    if imported:
        report, comment_texts, made = _imported_parts(imported, made, made_with, settings, lang, now, date_from, args)
    for relative, content in images:
        image_path = os.path.join(settings["PATH"], relative)
        if os.path.exists(image_path):  # named after its content: the same image from an earlier import
            continue
        os.makedirs(os.path.dirname(image_path), exist_ok=True)
        with open(image_path, "xb") as handle:
            handle.write(content)
        print(f"image: {display_path(image_path)}", file=sys.stderr)
    _write_new(made.path, made.text)
    for path, text in comment_texts:
        _write_new(path, text)
    _warn(made.warnings)
    print(display_path(made.path))
    return report


def _imported_parts(imported, made, made_with, settings, lang, now, date_from, args):
    """The report, the comment files (none may exist yet) and the draft with the report at its top."""
    from comments.comment_files import comment_folder  # noqa: PLC0415

    from .import_comments import comment_files  # noqa: PLC0415
    from .import_report import ImportFacts, draft_comment, report_lines  # noqa: PLC0415

    source, article = imported
    slug = os.path.splitext(os.path.basename(made.path))[0]
    folder = comment_folder(settings)
    comment_texts = [
        (os.path.join(folder, relative), text)
        for relative, text in comment_files(article.findings.comments, slug=slug, lang=lang, post_date=now)
    ]
    for path, _text in comment_texts:
        if os.path.exists(path):
            raise ContentError(_exists(path))
    facts = ImportFacts(
        source=display_path(source),
        target=display_path(made.path),
        date=now.strftime("%Y-%m-%d %H:%M"),
        date_from=date_from,
        comment_folder=display_path(os.path.join(folder, slug)) + "/",
        keep_all=args.keep_all,
        title_line_kept=bool(args.title) and article.title_line_kept,
    )
    report = report_lines(article, facts, lang)
    made = made_with(f"{draft_comment(report)}\n\n{article.body}")
    # the report right below the front matter: its line is the body's first in the build and in check
    return report, comment_texts, dataclasses.replace(made, text=made.text.replace("---\n\n<!--", "---\n<!--", 1))


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
    imported.add_argument("--title", default="", help="the post's title (when the file's first line is none)")
    imported.add_argument("--date", default="", help="the post's date, YYYY-MM-DD [HH:MM] (else the old page's)")
    imported.add_argument("--keep-all", action="store_true", help="remove nothing (no navigation, comments …)")
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
