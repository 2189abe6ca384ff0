"""The settings of one language's Pelican run, derived from the site's settings (pure).

Each language is a Pelican site of its own: its URLs and ``DEFAULT_LANG``
(``sitecore.languages.language_settings``), only its own posts and pages (from the content
index), the shared staging folder as output, and what the build passes to the plugins
(``sitecore.shared_keys``). A preview rebuild of changed posts writes only their pages.
"""

from __future__ import annotations

import os

from sitecore import shared_keys
from sitecore.languages import language_settings, languages_from_settings

from .search_index import shard_count

SITE_WRITER = "sitebuild.site_writer"  # the plugin that makes every run write through SiteWriter


def language_run_settings(
    base: dict, overrides: dict, code: str, staging: str, index, write_only: list[str] | None = None
) -> dict:
    """The overrides for the run of language *code*, to be read on top of the settings file.

    *base* is the site's settings (read with *overrides*), *index* the build's content index;
    with *write_only* (output paths) the run writes only those pages and copies no static
    files. *overrides* itself is left as it was.
    """
    languages = languages_from_settings(base)
    language = next(lang for lang in languages if lang.code == code)
    per_language = dict(overrides)
    per_language.update(language_settings(language, base))
    per_language.update(
        OUTPUT_PATH=staging,
        DELETE_OUTPUT_DIRECTORY=False,
        ARTICLE_PATHS=index.paths(code, "post"),
        PAGE_PATHS=index.paths(code, "page"),
    )
    per_language[shared_keys.CONTENT_INDEX] = index
    per_language[shared_keys.PREPARED_KEEP] = kept_prepared(base)
    if not base.get("FEED_ENABLED"):
        per_language["FEED_ALL_ATOM"] = None
    if overrides.get(shared_keys.SITEBUILD_CACHE):
        per_language.update(
            CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CACHE_PATH=content_cache(base, code), GZIP_CACHE=False
        )
        # the images plugin keeps cards and copies below CACHE_PATH: where a whole build keeps them
        per_language["IMAGES_CACHE_PATH"] = base.get("IMAGES_CACHE_PATH") or os.path.join(base["CACHE_PATH"], "images")
    else:  # a whole build reads only what changed since the last one (the preview has Pelican's cache)
        per_language[shared_keys.CONTENT_READER_KEEP] = kept_readings(base)
    per_language["PLUGINS"] = [*base["PLUGINS"], SITE_WRITER]
    if write_only is not None:  # only post bodies changed: static files are as they were
        per_language[shared_keys.SITEBUILD_WRITE_ONLY] = write_only
        per_language.update(THEME_STATIC_PATHS=[], STATIC_CHECK_IF_MODIFIED=True)
    else:  # a whole build writes every file: what it leaves untouched is pruned as stale
        per_language.update(STATIC_CHECK_IF_MODIFIED=False, STATIC_CREATE_LINKS=False)
    if language is not languages[0]:
        per_language["THEME_STATIC_PATHS"] = []
    shards = shard_count(len(index.paths(code, "post")), base.get("SEARCH_SHARD_PAGES", 500))
    per_language[shared_keys.SEARCH_SHARDS] = shards  # the search page merges them
    return per_language


def kept_readings(base: dict) -> str:
    """The folder where whole builds keep the readings of content files (``content_reader``)."""
    return os.path.join(base["CACHE_PATH"], "reading")


def kept_prepared(base: dict) -> str:
    """The folder where builds keep what each prepares alike (hyphenated words, the compound
    dictionary, compiled templates), for the preview and whole builds alike."""
    return os.path.join(base["CACHE_PATH"], "prepared")


def kept_bundles(base: dict) -> str:
    """The folder where whole builds keep the search bundles of their shards (``search_index.KeptBundles``)."""
    return os.path.join(base["CACHE_PATH"], "search")


def content_cache(base: dict, code: str) -> str:
    """The folder of Pelican's content cache for language *code* (preview builds only)."""
    return os.path.join(base["CACHE_PATH"], code)


def entry_output(base: dict, languages, index, code: str, path: str) -> str:
    """The output file of the post at content-relative *path* in language *code*."""
    language = next(lang for lang in languages if lang.code == code)
    entry = next(e for e in index.entries if e.path == path)
    return language_settings(language, base)["ARTICLE_SAVE_AS"].format(slug=entry.slug)
