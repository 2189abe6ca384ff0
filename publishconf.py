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
FEED_DOMAIN = SITEURL
