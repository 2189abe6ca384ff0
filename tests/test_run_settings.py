"""The settings of one language's Pelican run (sitebuild.run_settings, pure): tables, no Pelican run."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sitebuild.run_settings import SITE_WRITER, content_cache, entry_output, language_run_settings
from sitecore.languages import languages_from_settings

BASE = {
    "LANGUAGES": {"de": {"name": "Deutsch"}, "en": {"name": "English"}},
    "PLUGINS": ["bilingual", "taxonomy"],
    "CACHE_PATH": "cache",
    "SEARCH_SHARD_PAGES": 2,
}


@dataclass
class _Entry:
    path: str
    slug: str


class _Index:
    """What the settings read of the content index: the files of a language and kind."""

    entries = [_Entry("de/posts/a.md", "a"), _Entry("en/posts/b.md", "bee")]
    posts = {"de": ["de/posts/a.md", "de/posts/c.md", "de/posts/d.md"], "en": ["en/posts/b.md"]}

    def paths(self, code: str, kind: str) -> list[str]:
        return self.posts[code] if kind == "post" else [f"{code}/pages/x.md"]


INDEX = _Index()


def run(code="de", base=None, overrides=None, write_only=None) -> dict:
    return language_run_settings({**BASE, **(base or {})}, overrides or {}, code, "out.partial", INDEX, write_only)


def test_each_language_renders_its_own_files_into_the_staging_folder_with_its_urls():
    de, en = run("de"), run("en")
    assert (de["DEFAULT_LANG"], de["ARTICLE_PATHS"], de["PAGE_PATHS"]) == ("de", INDEX.posts["de"], ["de/pages/x.md"])
    assert (en["DEFAULT_LANG"], en["ARTICLE_PATHS"], en["ARTICLE_URL"]) == ("en", ["en/posts/b.md"], "en/blog/{slug}/")
    for settings in (de, en):
        assert (settings["OUTPUT_PATH"], settings["DELETE_OUTPUT_DIRECTORY"]) == ("out.partial", False)
        assert settings["CONTENT_INDEX"] is INDEX
        assert settings["PLUGINS"] == ["bilingual", "taxonomy", SITE_WRITER]


def test_only_the_first_language_copies_the_themes_static_files():
    assert "THEME_STATIC_PATHS" not in run("de")
    assert run("en")["THEME_STATIC_PATHS"] == []


@pytest.mark.parametrize(("code", "shards"), [("de", 2), ("en", 1)])
def test_search_shards_follow_the_number_of_posts(code, shards):
    assert run(code)["SEARCH_SHARDS"] == shards


def test_a_whole_build_writes_every_static_file_and_a_preview_rebuild_only_the_selected_pages():
    whole = run("de")
    assert (whole["STATIC_CHECK_IF_MODIFIED"], whole["STATIC_CREATE_LINKS"]) == (False, False)
    assert "SITEBUILD_WRITE_ONLY" not in whole
    selected = run("de", write_only=["blog/a/index.html"])
    assert selected["SITEBUILD_WRITE_ONLY"] == ["blog/a/index.html"]
    assert (selected["THEME_STATIC_PATHS"], selected["STATIC_CHECK_IF_MODIFIED"]) == ([], True)


@pytest.mark.parametrize(("feeds", "expected"), [(False, None), (True, "feeds/all.atom.xml")])
def test_feeds_only_when_enabled(feeds, expected):
    assert run("de", base={"FEED_ENABLED": feeds})["FEED_ALL_ATOM"] == expected


def test_the_preview_keeps_pelicans_content_cache_per_language_and_overrides_stay_untouched():
    overrides = {"SITEBUILD_CACHE": True, "SITEURL": ""}
    settings = run("en", overrides=overrides)
    assert (settings["CACHE_CONTENT"], settings["LOAD_CONTENT_CACHE"], settings["GZIP_CACHE"]) == (True, True, False)
    assert settings["CACHE_PATH"] == content_cache(BASE, "en") == "cache/en"
    # share cards and resized copies: where a whole build keeps them, not once more per language
    assert settings["IMAGES_CACHE_PATH"] == "cache/images"
    assert run("en", base={"IMAGES_CACHE_PATH": "/x"}, overrides=overrides)["IMAGES_CACHE_PATH"] == "/x"
    assert settings["SITEURL"] == ""
    assert overrides == {"SITEBUILD_CACHE": True, "SITEURL": ""}
    assert "CACHE_CONTENT" not in run("en")


def test_entry_output_is_the_posts_file_in_its_language():
    languages = languages_from_settings(BASE)
    assert entry_output(BASE, languages, INDEX, "de", "de/posts/a.md") == "blog/a/index.html"
    assert entry_output(BASE, languages, INDEX, "en", "en/posts/b.md") == "en/blog/bee/index.html"


@pytest.mark.parametrize("address", ["", "https://intake.example.com"])
def test_the_settings_file_takes_the_intakes_address_from_the_environment(monkeypatch, address):
    """`INTAKE_PUBLIC_URL=https://… make html`: the one variable every form endpoint comes from."""
    from common.setting_checks import intake_form_endpoints
    from sitebuild.build import load_settings
    from sitetest import REPO

    monkeypatch.setenv("INTAKE_PUBLIC_URL", address)
    settings = load_settings(str(REPO / "pelicanconf.py"))
    endpoints, problem = intake_form_endpoints(settings)
    assert problem is None
    assert endpoints == (
        {
            name: f"{address}/{route}"
            for name, route in [
                ("COMMENTS_ENDPOINT", "comments"),
                ("REGISTRATIONS_ENDPOINT", "registrations"),
                ("CONTACT_ENDPOINT", "contact"),
                ("WITHDRAWALS_ENDPOINT", "withdrawals"),
            ]
        }
        if address
        else {}
    )
