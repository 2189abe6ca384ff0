"""The Pagefind search index of the built site, one index per language.

Each page is handed to Pagefind with the parts of its German compound words added as
extra, lightly weighted text (see ``compounds``), so "Interaktion" finds
"Kundeninteraktion". The pages on disk stay as they are.
"""

from __future__ import annotations

import asyncio
import os
import re
from concurrent.futures import ThreadPoolExecutor

from .compounds import compound_parts, lexicon
from .page_facts import PageFacts

BODY_START = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body[^>]*>")
TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
COMPOUND_WEIGHT = "0.5"


def page_url(path: str) -> str:
    """The URL Pagefind should report for a file path (``blog/x/index.html`` -> ``/blog/x/``)."""
    url = "/" + path.replace(os.sep, "/")
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def with_compound_parts(html: str, known: set[str]) -> str:
    """*html* with the parts of its compounds appended inside the ``data-pagefind-body`` element."""
    match = BODY_START.search(html)
    if not match:
        return html
    end = html.find("</main>", match.end())
    parts = compound_parts(TAG.sub(" ", html[match.end(): end if end > 0 else None]), known)
    if not parts:
        return html
    extra = f'<p data-pagefind-weight="{COMPOUND_WEIGHT}">{" ".join(parts)}</p>'
    return html[: match.end()] + extra + html[match.end():]


def documents(root: str, pages: list[PageFacts], split_languages: tuple[str, ...] = ("de",)) -> list[tuple[str, str]]:
    """``(url, html)`` for every page, German ones with their compound parts added."""
    texts = {}
    for facts in pages:
        with open(os.path.join(root, facts.path), encoding="utf-8") as handle:
            texts[facts.path] = handle.read()
    known = lexicon(TAG.sub(" ", texts[f.path]) for f in pages if f.lang in split_languages)
    return [
        (page_url(f.path), with_compound_parts(texts[f.path], known) if f.lang in split_languages else texts[f.path])
        for f in pages
    ]


async def _write(bundle: str, docs: list[tuple[str, str]]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex  # the binary starts only when indexing

    async with PagefindIndex(IndexConfig(output_path=bundle)) as index:
        for url, html in docs:
            await index.add_html_file(content=html, url=url)
        await index.write_files(output_path=bundle)


def build_search_index(root: str, pages: list[PageFacts]) -> None:
    """Write the Pagefind bundle to ``<root>/pagefind``.

    Runs in a thread of its own, so it works even when the caller has an event loop.
    """
    bundle = os.path.join(os.path.abspath(root), "pagefind")
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _write(bundle, documents(root, pages))).result()
