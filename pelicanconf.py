"""Settings for the development build (`make html`, `make devserver`).

Every language is built by its own Pelican run (see plugins/sitebuild); the URL
settings of each run come from LANGUAGES via plugins/sitecore/languages.py.
"""

import os

from sitecore.slugs import markdown_heading_id  # plugins/* are installed packages (pyproject.toml)

AUTHOR = "Maren Albrecht"
SITENAME = "Albrecht Kommunikationsberatung"
SITE_TAGLINE = {"de": "Vertrieb und Kommunikation", "en": "Sales and communication"}
# Who we are and what we offer, in one sentence: the lead of the home page.
SITE_INTRO = {
    "de": "Wir sind eine Hamburger Beratung für Kommunikation im Vertrieb: Wir trainieren und begleiten Vertriebs- und Serviceteams, damit ihre Kundengespräche persönlich, klar und wirksam sind – vor Ort und online.",
    "en": "We are a Hamburg consultancy for communication in sales: we train and support sales and service teams so that their customer conversations are personal, clear and effective – face to face and online.",
}
CONTACT_URL = {"de": "kontakt/", "en": "en/contact/"}  # the home page's call to action
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Berlin"

# The first language is the default one, served at /; the others under /<code>/.
LANGUAGES = {
    "de": {
        "name": "Deutsch",
        "locale": "de_DE",
        "paths": {
            "category": "kategorie",
            "author": "autor",
            "tag": "schlagwort",
            "archive": "archiv",
            "page": "seite",
            "search": "suche",
        },
    },
    "en": {"name": "English", "locale": "en_US"},
}
DEFAULT_LANG = "de"

# The plugins are installed packages (pyproject.toml) and load by name; their folder still tells the
# build where their catalogs are (bilingual) and what code a cached build depends on (incremental).
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "content_reader",
    "bilingual",
    "taxonomy",
    "comments",
    "page_metadata",
    "training_offers",
    "authoring",
    "people",
    "images",
    "stylesheets",
    "contact_page",
    "legal_pages",
]
# Drafts (`status: draft`) are shown in the preview with a badge; publishconf.py switches this off.
AUTHORING_SHOW_DRAFTS = True

STATIC_PATHS = ["assets"]
CACHE_PATH = "cache"  # the preview's content cache and last-build snapshot (make devserver)
ARTICLE_PATHS = ["de/posts", "en/posts"]  # the build narrows these per language
PAGE_PATHS = ["de/pages", "en/pages"]
# index: the home page (front page of the consultancy); blog: every post, paginated (/blog/seite/2/)
DIRECT_TEMPLATES = ["index", "blog", "archives", "categories", "authors", "search", "404", "intake_shell"]
PAGINATED_TEMPLATES = {"blog": None, "category": None, "author": None, "tag": None}
DEFAULT_PAGINATION = 10
# A post's category is only what its `category`/`categories` say: none is made from its
# folder (content/de/posts/ would file it under "posts") and none is invented ("misc").
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
# Pagefind keeps a whole index in memory (about 0.2 MB per long post): a language with more
# posts than this is indexed in several parts, which the search page merges.
SEARCH_SHARD_PAGES = 500
# Tags are matched to the topics of content/taxonomy.yml (plugins/taxonomy), which has its
# own topic pages: Pelican's tag pages are not written (language_settings leaves them out).
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
TAXONOMY_STRICT = False  # unknown tags are warnings; publishconf.py makes them errors
SUMMARY_MAX_LENGTH = 40

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        # heading ids by the site's slug rule: "Die Veränderung" -> #die-veraenderung
        "markdown.extensions.toc": {"permalink": False, "slugify": markdown_heading_id},
        "markdown.extensions.sane_lists": {},
        "training_offers.markdown_callouts": {},  # `!!! offer <id>` blocks in posts
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
# The intake's public address, from the environment (INTAKE_PUBLIC_URL=https://… make publish): each
# form endpoint below that is empty becomes <INTAKE_PUBLIC_URL>/comments, /registrations, /contact
# (sitebuild); unset, the forms are mail links. make devserver sets it to the intake it starts.
INTAKE_PUBLIC_URL = os.environ.get("INTAKE_PUBLIC_URL", "")
# Reader comments (plugins/comments; see docs/reference.md "Reader comments").
# Where the comment form posts to: the full URL of the intake's POST /comments, e.g.
# "https://kommentare.example.com/comments"; empty: from INTAKE_PUBLIC_URL, else a mailto note to CONTACT_EMAIL.
COMMENTS_ENDPOINT = ""
# Training registrations (plugins/training_offers; see docs/reference.md "Training offers"): the full URL of the
# intake's POST /registrations; empty: the registration pages offer each offer's `registration` address.
REGISTRATIONS_ENDPOINT = ""
# The contact form (plugins/contact_page, pages with `Template: contact`): the full URL of the intake's
# POST /contact, e.g. "https://kontakt.example.com/contact"; empty: a mailto link to CONTACT_EMAIL instead.
CONTACT_ENDPOINT = ""
# The withdrawal function (plugins/legal_pages, the page with `legal: withdrawal`): the full URL of the intake's
# /withdrawals form, e.g. "https://anmeldung.example.com/withdrawals"; empty: the page links a mail to CONTACT_EMAIL.
WITHDRAWALS_ENDPOINT = ""
# build-notices.md (mailed to the office by make notices-mail): its language, and where a file of
# the site is opened on the web (the deploy sets REPOSITORY_URL to the commit's files on GitHub)
OFFICE_LANG = "de"
REPOSITORY_URL = os.environ.get("REPOSITORY_URL", "")
COMMENTS_PATH = "comments"  # below PATH: one Markdown file per comment
COMMENTS_PRIVACY_URL = {"de": "datenschutz/", "en": "en/privacy/"}  # linked from the consent checkbox
COMMENTS_MODERATION_DIR = "moderation"  # `make comments-export` writes here (git-ignored, never output/)
COMMENTS_BLOCKED_WORDS = ["casino", "viagra", "bitcoin", "crypto", "kredit ohne schufa", "seo services", "backlinks"]
COMMENTS_MIN_SECONDS = 5  # a form sent faster than this is flagged as spam-like in the export
SHARE_IMAGE = "theme/images/share-default.png"  # default Open Graph image (1200x630)
ORGANIZATION = {
    "email": CONTACT_EMAIL,
    "telephone": "+49 40 000000-0",  # the contact page shows it as a tel: link
    "address": {
        "streetAddress": "Fleetenkieker Weg 12",
        "postalCode": "20459",
        "addressLocality": "Hamburg",
        "addressCountry": "DE",
    },
}
MENU = {
    "de": [
        ("Blog", "blog/"),
        ("Themen", "themen/"),
        ("Trainings", "trainings/"),
        ("Über uns", "ueber-uns/"),
        ("Kontakt", "kontakt/"),
    ],
    "en": [
        ("Blog", "en/blog/"),
        ("Topics", "en/topics/"),
        ("Trainings", "en/trainings/"),
        ("About", "en/about/"),
        ("Contact", "en/contact/"),
    ],
}
FOOTER_LINKS = {
    "de": [("Impressum", "impressum/"), ("Datenschutz", "datenschutz/"), ("Vertrag widerrufen", "widerruf/")],
    "en": [
        ("Legal notice (German)", "impressum/"),
        ("Privacy", "en/privacy/"),
        ("Withdraw from contract", "en/withdrawal/"),
    ],
}
