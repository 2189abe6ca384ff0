"""Settings for the development build (`make html`, `make devserver`).

Every language is built by its own Pelican run (see plugins/sitebuild); the URL
settings of each run come from LANGUAGES via plugins/sitecore/languages.py.
"""

AUTHOR = "Maren Albrecht"
SITENAME = "Albrecht Kommunikationsberatung"
SITE_TAGLINE = {"de": "Vertrieb und Kommunikation", "en": "Sales and communication"}
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Berlin"

# The first language is the default one, served at /; the others under /<code>/.
LANGUAGES = {
    "de": {
        "name": "Deutsch",
        "locale": "de_DE",
        "paths": {"category": "kategorie", "author": "autor", "tag": "schlagwort", "archive": "archiv", "page": "seite"},
    },
    "en": {"name": "English", "locale": "en_US"},
}
DEFAULT_LANG = "de"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "frontmatter",
    "bilingual",
]

STATIC_PATHS = ["assets", "extra/robots.txt"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}
ARTICLE_PATHS = ["de/posts", "en/posts"]  # the build narrows these per language
PAGE_PATHS = ["de/pages", "en/pages"]
DIRECT_TEMPLATES = ["index", "archives", "categories", "authors", "404"]
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 40

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Feeds only in the production build (publishconf.py), where SITEURL is absolute.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_ENABLED = False

RELATIVE_URLS = False
CONTACT_EMAIL = "kontakt@albrecht-kommunikation.example"
MENU = {
    "de": [("Blog", ""), ("Über uns", "ueber-uns/"), ("Kontakt", "kontakt/")],
    "en": [("Blog", "en/"), ("About", "en/about/"), ("Contact", "en/contact/")],
}
FOOTER_LINKS = {
    "de": [("Impressum", "impressum/"), ("Datenschutz", "datenschutz/")],
    "en": [("Legal notice (German)", "impressum/"), ("Privacy", "en/privacy/")],
}
