"""Settings for the production build (`make publish`): absolute URLs and feeds.

SITEURL comes from the environment, e.g. ``SITEURL=https://www.example.com make publish``.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("http://", "https://")):
    raise SystemExit(
        "publishconf.py: set the environment variable SITEURL to the public address of the site, "
        "e.g. SITEURL=https://www.example.com make publish"
    )
FEED_ENABLED = True
TAXONOMY_STRICT = True  # a tag that is no topic fails the published build
AUTHORING_SHOW_DRAFTS = False  # no draft reaches output/ (plugins/authoring)
WITH_FUTURE_DATES = False  # a post dated in the future waits (as a draft) for the first build on or after its date
FEED_DOMAIN = SITEURL
