"""The Pagefind search index of the built site, one index per language.

Each language process copies its indexed pages into a mirror folder, German pages with
the parts of their compound words added as extra, lightly weighted text (see ``compounds``),
so "Interaktion" finds "Kundeninteraktion". That text follows ``PARTS_MARK`` at the end of
the indexed element: the search page shows excerpts of the text before the mark only. The
mirror also puts a space after block elements (``<dt>Preis</dt><dd>…``), which Pagefind
would otherwise run together ("Preis2.900 €"), and drops the soft hyphens of headings, so
that "Kom\u00admu\u00adni\u00adka\u00adtion" is indexed, shown and marked as one word. The build then runs Pagefind on the mirror
(while another language may still be rendering) and copies the bundle into the site; at
the end one ``pagefind-entry.json`` lists the languages of all. The pages on disk stay as
they are.

Pagefind holds a whole index in memory, about 0.2 MB per long post. A language with more
than ``SEARCH_SHARD_PAGES`` posts is therefore indexed in shards (the CPU time per page is
the same); the search page merges them in the browser (Pagefind's ``mergeIndex``).
Shard 1 is ``pagefind/``, shard k is ``pagefind/shard-k/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from sitecore.hyphenation import strip_soft_hyphens

from .compounds import HUNSPELL_DE, Lexicon, compound_parts, compound_words, german_dictionary, lexicon, part_words
from .pagefind_order import canonicalise
from .staging import write_if_changed

LANG = re.compile(r'<html[^>]*\slang="([^"]+)"')
BODY_START = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body[^>]*>")
IGNORED_START = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-ignore\b[^>]*>")
TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
BLOCK_END = re.compile(r"(</(?:address|blockquote|caption|dd|div|dt|figcaption|h[1-6]|li|p|pre|td|th)>)(?!\s)", re.I)
COMPOUND_WEIGHT = "0.5"
PARTS_MARK = "\u2042"  # ⁂ (asterism): the search page's excerpts end before it; Pagefind indexes no word for it
logger = logging.getLogger("sitebuild")
SPLIT_LANGUAGE = "de"  # the language whose compound words are split
MIRROR_ROOM = 1024**3  # bytes free in memory before the mirror goes there (about 20 KB per page)


def body_text(html: str) -> str | None:
    """The text Pagefind indexes: the ``data-pagefind-body`` element without its
    ``data-pagefind-ignore`` elements (tags removed), None without one."""
    match = BODY_START.search(html)
    if not match:
        return None
    return TAG.sub(" ", without_ignored(html[match.end() : element_end(html, match)]))


def without_ignored(html: str) -> str:
    """*html* without the elements marked ``data-pagefind-ignore`` (navigation, buttons, dates,
    callouts): their words are neither indexed nor split, so no compound part points to them."""
    kept, position = [], 0
    for start in IGNORED_START.finditer(html):
        if start.start() >= position:
            kept.append(html[position : start.start()])
            position = element_end(html, start)
    kept.append(html[position:])
    return "".join(kept)


def with_compound_parts(html: str, known: Lexicon | None, candidates: list[str] | None = None) -> str:
    """*html* with ``PARTS_MARK`` and the parts of its compounds at the end of the
    ``data-pagefind-body`` element (*candidates*: that element's ``compound_words``, when the
    caller has them already), and a space after each block element in it."""
    match = BODY_START.search(html)
    if not match:
        return html
    if candidates is None:
        candidates = compound_words(part_words(body_text(html) or ""))
    parts = compound_parts(candidates, known) if known else []
    end = element_end(html, match)
    extra = f'<p data-pagefind-weight="{COMPOUND_WEIGHT}">{PARTS_MARK} {" ".join(parts)}</p>'
    return spaced(html[:end]) + extra + spaced(html[end:])


def spaced(html: str) -> str:
    """*html* with a space after each closing tag of a block element not followed by one."""
    return BLOCK_END.sub(r"\1 ", html)


def element_end(html: str, start: re.Match) -> int:
    """Where the end tag of the element that *start* opened begins (the end of *html* if missing)."""
    name = re.match(r"<([a-zA-Z][\w-]*)", start[0])[1]
    depth = 1
    for tag in re.finditer(rf"<(/?){name}\b[^>]*>", html[start.end() :], re.I):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return start.end() + tag.start()
    return len(html)


def lexicon_of(words: set[str], kept_in: str | None = None) -> Lexicon:
    """The splitting lexicon: the site's *words* and the German dictionary (read once per
    process, kept in the folder *kept_in* if given; a warning, fatal in a strict build, when it
    is not installed)."""
    dictionary = german_dictionary(kept_in=kept_in)
    if dictionary is None:
        logger.warning(
            "search: no German dictionary at %s.dic: compound words are split with the site's own words only"
            " (install it: apt-get install hunspell-de-de)",
            HUNSPELL_DE,
        )
    return lexicon([" ".join(words)], dictionary)


def language_of(html: str) -> str:
    """The ``lang`` of a page's ``<html>`` element ("" when missing)."""
    match = LANG.search(html, 0, 500)
    return match[1] if match else ""


def documents(root: str, paths: list[str], split_language: str = SPLIT_LANGUAGE, kept_in: str | None = None, made=None):
    """Yield ``(path, html)`` of the pages Pagefind indexes (those with ``data-pagefind-body``);
    pages in *split_language* get their compound parts added (*kept_in*: see ``lexicon_of``).

    Two passes over the files, so that only one page is in memory at a time: the first
    collects the lexicon and each page's compound words (``first_passes``; *made*, if given,
    returns it made beforehand for *paths*, or None), the second adds the parts.
    """
    indexed, found = (made and made(paths)) or first_passes(root, paths, split_language)
    known = lexicon_of(found, kept_in) if any(candidates is not None for candidates in indexed.values()) else None
    for path, candidates in indexed.items():
        html = _read(root, path)
        yield path, with_compound_parts(html, known, candidates or [])


def first_passes(root: str, paths: list[str], split_language: str) -> tuple[dict[str, list[str] | None], set[str]]:
    """The first pass of ``documents`` over *paths*: the indexed pages, in the order of *paths*,
    each with its compound words (None: not split), and the words of all split pages."""
    indexed: dict[str, list[str] | None] = {}
    found: set[str] = set()
    for path in paths:
        with open(os.path.join(root, path), "rb") as handle:
            page = page_first_pass(handle.read(), split_language)
        if page is not None:
            indexed[path] = page[0]
            found.update(page[1])
    return indexed, found


def page_first_pass(data: bytes, split_language: str) -> tuple[list[str] | None, list[str]] | None:
    """One page's first pass, of its bytes *data*: None when Pagefind does not index it (a
    listing: not even decoded); else its compound words (None when it is not in
    *split_language*) and its words."""
    if b"data-pagefind-body" not in data:
        return None
    html = strip_soft_hyphens(data.decode("utf-8"))
    text = body_text(html) if language_of(html) == split_language else None
    words = part_words(text) if text else []
    return (compound_words(words) if text else None), words


def _read(root: str, path: str) -> str:
    with open(os.path.join(root, path), encoding="utf-8") as handle:
        return strip_soft_hyphens(handle.read())


def shard_count(posts: int, shard_pages: int) -> int:
    """How many Pagefind indexes a language with *posts* posts gets (at least one)."""
    return max(1, math.ceil(posts / max(1, shard_pages)))


def shard_folder(bundle: str, shard: int) -> str:
    """Where shard *shard* (1-based) of the site's search bundle lives: the first is the bundle."""
    return bundle if shard == 1 else os.path.join(bundle, f"shard-{shard}")


def numbered(folder: str, prefix: str) -> list[int]:
    """The numbers k of the ``<prefix>-<k>`` entries of *folder* (none when it is missing), sorted."""
    names = os.listdir(folder) if os.path.isdir(folder) else []
    return sorted(int(name[len(prefix) + 1 :]) for name in names if name.startswith(f"{prefix}-"))


def max_shards(mirror: str) -> int:
    """The most shards any language was indexed in (its ``<code>/bundle-<k>`` folders)."""
    return max((k for code in os.listdir(mirror) for k in numbered(os.path.join(mirror, code), "bundle")), default=1)


def mirror_pages(  # noqa: PLR0913
    root: str,
    paths: list[str],
    mirrors: list[str],
    split_language: str = SPLIT_LANGUAGE,
    kept_in: str | None = None,
    made=None,
) -> None:
    """Copy the indexed pages among *paths* into the *mirrors* in turn (one per shard),
    with compound parts where they apply (*kept_in*, *made*: see ``lexicon_of``, ``documents``)."""
    folders = set()
    for number, (path, html) in enumerate(documents(root, sorted(paths), split_language, kept_in, made)):
        target = os.path.join(mirrors[number % len(mirrors)], path)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(html)


def mirror_folder(memory: str = "/dev/shm"):
    """A temporary folder for the mirror and the bundles: in *memory* where the system has
    room there (a container's /dev/shm often has only 64 MB), else the usual temp folder."""
    roomy = os.path.isdir(memory) and os.access(memory, os.W_OK) and shutil.disk_usage(memory).free >= MIRROR_ROOM
    return tempfile.TemporaryDirectory(prefix="search-", dir=memory if roomy else None)


@cache
def pagefind_command() -> list[str]:
    """Pagefind's binary from the ``pagefind[bin]`` wheel (no Python start-up per run)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return [sys.executable, "-m", "pagefind"]
    return [str(get_executable())]


def index_language(site: str, bundle: str) -> None:
    """Run Pagefind on the mirrored pages of one language in *site*, writing to *bundle*.

    A language without indexed pages gets no bundle. Pagefind runs in a session of its own:
    a Ctrl-C reaches only the build, which then ends it (``PAGEFIND_RUNS.stop()``), so it
    never fails on its own first and reports a broken index.
    """
    if not os.path.isdir(site):
        return
    status, output = PAGEFIND_RUNS.run([*pagefind_command(), "--site", site, "--output-path", bundle, "--silent"])
    if status != 0:
        raise RuntimeError(f"Pagefind failed: {output.strip()[-800:]}")


class PagefindRuns:
    """The Pagefind processes of this process: ``stop()`` ends them and refuses new ones
    (the build was interrupted) until ``reopen()`` (the next build)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()
        self._stopped = False

    def run(self, command: list[str]) -> tuple[int, str]:
        """Run *command* in a session of its own; its exit status and output."""
        with self._lock:
            if self._stopped:
                return -1, "not started: the build was interrupted"
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
            )
            self._running.add(process)
        with process:
            try:
                output, _ = process.communicate()
            finally:
                with self._lock:
                    self._running.discard(process)
        return process.returncode, output

    def stop(self) -> None:
        """End the running processes; start no more."""
        with self._lock:
            self._stopped = True
            for process in self._running:
                process.terminate()

    def reopen(self) -> None:
        """Allow runs again (a new build)."""
        with self._lock:
            self._stopped = False


PAGEFIND_RUNS = PagefindRuns()  # a build's interrupt ends them (sitebuild.build.render_and_index)


def mirror_written_pages(  # noqa: PLR0913
    staging: str, written: list[str], folder: str, shards: int, kept_in: str | None = None, made=None
) -> None:
    """Mirror the indexed pages among those one language wrote into *staging* (full paths in
    *written*) into *folder*: ``site-<k>``, one folder per shard (*kept_in*, *made*: see
    ``lexicon_of``, ``documents``)."""
    sites = [os.path.join(folder, f"site-{shard}") for shard in range(1, shards + 1)]
    pages = [os.path.relpath(path, staging) for path in written if path.endswith(".html")]
    mirror_pages(staging, pages, sites, kept_in=kept_in, made=made)


def mirrored_shards(mirror: str, staging: str, code: str) -> list[tuple[str, str, str]]:
    """The shards ``mirror_written_pages`` made for language *code* in *mirror*: ``(mirrored
    site, bundle, target)`` each, *target* being where its bundle goes in the site in *staging*."""
    folder, bundle = os.path.join(mirror, code), os.path.join(staging, "pagefind")
    return [
        (os.path.join(folder, f"site-{k}"), os.path.join(folder, f"bundle-{k}"), shard_folder(bundle, k))
        for k in numbered(folder, "site")
    ]


def index_shard(site: str, bundle: str, target: str) -> None:
    """Index one mirrored shard into *bundle*, free the mirror, copy the bundle to *target*."""
    index_language(site, bundle)
    shutil.rmtree(site, ignore_errors=True)  # in /dev/shm it is memory
    if os.path.isdir(bundle):
        copy_bundle(bundle, target)


class KeptBundles:
    """Pagefind bundles kept between whole builds in *folder*, each under a digest of the
    mirrored pages it indexes (paths and bytes, compound parts included) and of Pagefind's
    binary: a shard whose mirrored pages are byte for byte those of a kept bundle is not
    indexed again, its bundle is copied. A change anywhere in a German shard's pages can
    change the compound parts added to the pages of other shards (the lexicon is learned
    from all of them); those shards then differ too, and are indexed again."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def index_shard(self, site: str, bundle: str, target: str) -> None:
        """As :func:`index_shard`, from a kept bundle when there is one for *site*'s pages."""
        if not os.path.isdir(site):
            return
        key = mirrored_digest(site)
        kept = os.path.join(self.folder, key)
        self.used.add(key)
        if self._copied(kept, bundle, target):
            shutil.rmtree(site, ignore_errors=True)
            return
        index_language(site, bundle)
        shutil.rmtree(site, ignore_errors=True)  # in /dev/shm it is memory
        if os.path.isdir(bundle):
            self._keep(bundle, kept)
            copy_bundle(bundle, target)

    @staticmethod
    def _copied(kept: str, bundle: str, target: str) -> bool:
        """Copy the *kept* bundle into *target* and its entry file into *bundle* (for
        ``merge_shards``); False when there is none (or another build removed it meanwhile)."""
        try:
            os.makedirs(bundle, exist_ok=True)
            shutil.copyfile(os.path.join(kept, "pagefind-entry.json"), os.path.join(bundle, "pagefind-entry.json"))
            copy_bundle(kept, target)
        except OSError:
            shutil.rmtree(bundle, ignore_errors=True)
            return False
        return True

    @staticmethod
    def _keep(bundle: str, kept: str) -> None:
        """Keep a copy of *bundle* as *kept* (whole or not at all)."""
        partial = f"{kept}.{os.getpid()}.{threading.get_ident()}"
        try:
            shutil.copytree(bundle, partial)
            shutil.rmtree(kept, ignore_errors=True)  # what another build kept for the same pages
            os.replace(partial, kept)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)

    def forget_unused(self) -> None:
        """Remove the kept bundles this build did not use."""
        for name in os.listdir(self.folder) if os.path.isdir(self.folder) else ():
            if name not in self.used:
                shutil.rmtree(os.path.join(self.folder, name), ignore_errors=True)


def mirrored_digest(site: str) -> str:
    """A digest of the mirrored pages in *site* (relative paths and bytes) and of the Pagefind
    that would index them (its binary's path, size and modification time)."""
    command = pagefind_command()
    stat = os.stat(command[0]) if os.path.isfile(command[0]) else None
    try:
        release = version("pagefind")
    except PackageNotFoundError:
        release = ""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(repr((command, release, stat and (stat.st_size, stat.st_mtime_ns))).encode())
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                hasher.update(os.path.relpath(path, site).encode() + b"\0" + handle.read() + b"\0")
    return hasher.hexdigest()


def copy_bundle(bundle: str, target: str) -> None:
    """Copy one language's Pagefind *bundle* into the site's bundle folder *target*, all but
    its ``pagefind-entry.json`` (``merge_entries`` writes that one for every language).

    Shards of two languages may be copied into one folder at the same time. Their index
    files have distinct names; the files that every bundle has (scripts, styles) hold the
    same bytes in each, so two copies of one write the same thing.
    """
    for folder, _dirs, names in os.walk(bundle):
        destination = os.path.join(target, os.path.relpath(folder, bundle))
        os.makedirs(destination, exist_ok=True)
        for name in names:
            if folder == bundle and name == "pagefind-entry.json":
                continue
            with open(os.path.join(folder, name), "rb") as handle:
                write_if_changed(os.path.join(destination, name), handle.read())


def language_pages(site: str, code: str) -> list[str]:
    """The pages of the built *site* (paths relative to it) whose ``<html lang>`` is *code*,
    the search bundle's own files aside."""
    pages = []
    for folder, dirs, names in os.walk(site):
        if folder == site and "pagefind" in dirs:
            dirs.remove("pagefind")
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    opening = handle.read(500).decode("utf-8", "replace")
                if language_of(opening) == code:
                    pages.append(os.path.relpath(path, site))
    return pages


def reindex_language(site: str, code: str, shards: int, mirror: str, kept_in: str | None = None) -> None:
    """Index language *code* of the built *site* again, from its pages on disk, in *shards*
    shards (as a whole build does), replacing that language's part of the site's bundle
    (*kept_in*: see ``lexicon_of``)."""
    mirror_pages(
        site,
        language_pages(site, code),
        [os.path.join(mirror, code, f"site-{k}") for k in range(1, shards + 1)],
        kept_in=kept_in,
    )
    for mirrored, bundle, target in mirrored_shards(mirror, site, code):
        index_language(mirrored, bundle)
        forget_language(target, code)
        if os.path.isdir(bundle):
            copy_bundle(bundle, target)
        merge_entries([bundle], target, keep=True)


def forget_language(target: str, code: str) -> None:
    """Remove the data files of language *code* from the bundle folder *target* (its meta
    file, filters, fragments and index chunks); the shared scripts stay."""
    for folder in (target, *(os.path.join(target, part) for part in ("filter", "fragment", "index"))):
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            if name.startswith((f"{code}_", f"pagefind.{code}_")):
                os.remove(os.path.join(folder, name))


def merge_shards(mirror: str, codes: list[str], site: str) -> None:
    """After every language's shards were indexed into ``<mirror>/<code>``: write each
    shard's ``pagefind-entry.json`` in *site* for all languages."""
    for shard in range(1, 1 + max_shards(mirror)):
        bundles = [os.path.join(mirror, code, f"bundle-{shard}") for code in codes]
        merge_entries(bundles, shard_folder(os.path.join(site, "pagefind"), shard))


def merge_entries(bundles: list[str], target: str, keep: bool = False) -> None:
    """Write the ``pagefind-entry.json`` of the languages' *bundles* (copied into *target*
    by ``copy_bundle``), then put *target* into a stable order (``pagefind_order``); with
    *keep*, the languages of *target*'s entry that are in no bundle stay in it."""
    entry: dict = {"languages": {}}
    if keep and os.path.isfile(os.path.join(target, "pagefind-entry.json")):
        with open(os.path.join(target, "pagefind-entry.json"), encoding="utf-8") as handle:
            entry = json.load(handle)
    for bundle in bundles:
        path = os.path.join(bundle, "pagefind-entry.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                part = json.load(handle)
            entry = {**part, "languages": {**entry["languages"], **part["languages"]}}
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "pagefind-entry.json"), "w", encoding="utf-8") as handle:
        json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
    canonicalise(target)
