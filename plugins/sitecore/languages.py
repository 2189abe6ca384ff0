"""The configured languages, their URL prefixes and the Pelican URL settings they imply.

The first language in ``LANGUAGES`` is the default one and lives at the site root;
every other language lives under ``/<code>/``. Path words can be localised per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PATHS = {
    "blog": "blog",
    "category": "category",
    "author": "author",
    "tag": "tag",
    "archive": "archive",
    "page": "page",
    "search": "search",
}


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    name: str
    locale: str
    prefix: str  # "" for the default language, "en/" for English
    paths: dict = field(default_factory=dict)

    @property
    def home_url(self) -> str:
        """The URL of this language's home page, relative to SITEURL."""
        return self.prefix

    def path(self, word: str) -> str:
        """The localised URL word for *word* (``blog``, ``category`` ...)."""
        return self.paths.get(word, DEFAULT_PATHS[word])

    def url(self, kind: str, slug: str) -> str:
        """The URL of a post or page with *slug*, relative to SITEURL."""
        if kind == "post":
            return f"{self.prefix}{self.path('blog')}/{slug}/"
        return f"{self.prefix}{slug}/"


def languages_from_settings(settings: dict) -> list[Language]:
    """Read ``LANGUAGES`` (code -> options) into :class:`Language` values, default first.

    Read once per settings object: the plugins ask for every post and page, and the
    ``LANGUAGES`` dict of one build's settings does not change (a new build reads new settings).
    """
    configured = settings["LANGUAGES"]
    last = _LAST_READ.get("languages")  # one read of a (dict, tuple) pair: safe between threads
    if last is None or last[0] is not configured:
        last = (configured, tuple(_read_languages(configured)))
        _LAST_READ["languages"] = last
    return list(last[1])


_LAST_READ: dict = {}  # "languages" -> (the LANGUAGES dict last read, its Language values)


def is_first_language_run(settings: dict) -> bool:
    """Whether this Pelican run builds the first (default) language: the one run of a build that
    reports what every run reads alike (shared files, settings) and writes the shared files."""
    return settings["DEFAULT_LANG"] == languages_from_settings(settings)[0].code


def _read_languages(configured: dict) -> list[Language]:
    result = []
    for position, (code, options) in enumerate(configured.items()):
        result.append(
            Language(
                code=code,
                name=options["name"],
                locale=options.get("locale", code),
                prefix="" if position == 0 else f"{code}/",
                paths=dict(options.get("paths", {})),
            )
        )
    return result


def newest_first(post) -> tuple:
    """Sort key for posts: newest first, posts of the same moment by slug.

    Pelican reads the files in an order that changes from run to run (a set of paths), so
    without the slug two posts of one day (a date without time) could swap places.
    """
    return (-post.date.timestamp(), post.slug)


def language_settings(language: Language, base: dict | None = None) -> dict:
    """Pelican URL and output settings for a build of *language* only.

    When the *base* settings switch tag pages off (``TAG_SAVE_AS = ""``, as the taxonomy
    plugin's topic pages replace them), no tag URL settings are produced.
    """
    prefix = language.prefix
    blog, category, author, tag = (language.path(w) for w in ("blog", "category", "author", "tag"))
    archive, page, search = language.path("archive"), language.path("page"), language.path("search")
    settings = {
        "DEFAULT_LANG": language.code,
        "ARTICLE_URL": f"{prefix}{blog}/{{slug}}/",
        "ARTICLE_SAVE_AS": f"{prefix}{blog}/{{slug}}/index.html",
        "DRAFT_URL": f"{prefix}{blog}/entwurf-{{slug}}/"
        if language.code == "de"
        else f"{prefix}{blog}/draft-{{slug}}/",
        "PAGE_URL": f"{prefix}{{slug}}/",
        "PAGE_SAVE_AS": f"{prefix}{{slug}}/index.html",
        "CATEGORY_URL": f"{prefix}{category}/{{slug}}/",
        "CATEGORY_SAVE_AS": f"{prefix}{category}/{{slug}}/index.html",
        "CATEGORIES_URL": f"{prefix}{category}/",
        "CATEGORIES_SAVE_AS": f"{prefix}{category}/index.html",
        "TAG_URL": f"{prefix}{tag}/{{slug}}/",
        "TAG_SAVE_AS": f"{prefix}{tag}/{{slug}}/index.html",
        "TAGS_URL": f"{prefix}{tag}/",
        "TAGS_SAVE_AS": f"{prefix}{tag}/index.html",
        "AUTHOR_URL": f"{prefix}{author}/{{slug}}/",
        "AUTHOR_SAVE_AS": f"{prefix}{author}/{{slug}}/index.html",
        "AUTHORS_URL": f"{prefix}{author}/",
        "AUTHORS_SAVE_AS": f"{prefix}{author}/index.html",
        "ARCHIVES_URL": f"{prefix}{archive}/",
        "ARCHIVES_SAVE_AS": f"{prefix}{archive}/index.html",
        "SEARCH_URL": f"{prefix}{search}/",
        "SEARCH_SAVE_AS": f"{prefix}{search}/index.html",
        "INDEX_URL": prefix,
        "INDEX_SAVE_AS": f"{prefix}index.html",
        # the home page is the front page; the list of posts (paginated) is the blog page
        "BLOG_URL": f"{prefix}{blog}/",
        "BLOG_SAVE_AS": f"{prefix}{blog}/index.html",
        # the intake's page shell (common.site_look): its URL is the home, where the language switch leads
        "INTAKE_SHELL_URL": prefix,
        "INTAKE_SHELL_SAVE_AS": f"{prefix}intake/shell.html",
        "404_URL": f"{prefix}404.html",
        "404_SAVE_AS": f"{prefix}404.html",
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, f"{{base_name}}/{page}/{{number}}/", f"{{base_name}}/{page}/{{number}}/index.html"),
        ),
        "FEED_ALL_ATOM": f"{prefix}feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "ARTICLE_TRANSLATION_ID": None,
        "PAGE_TRANSLATION_ID": None,
        "ARTICLE_ORDER_BY": newest_first,
    }
    settings["DRAFT_SAVE_AS"] = settings["DRAFT_URL"] + "index.html"
    if base is not None and base.get("TAG_SAVE_AS") == "":
        for key in ("TAG_URL", "TAG_SAVE_AS", "TAGS_URL", "TAGS_SAVE_AS"):
            del settings[key]
    return settings
