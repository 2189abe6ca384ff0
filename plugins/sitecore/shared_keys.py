"""The keys through which the build and the plugins hand values to each other, each spelt once.

Settings keys are set by their owner on the settings of a Pelican run and read by the others;
context keys are put into Pelican's shared context by the generator that owns them. Who sets
and who reads each is in the table "Keys between the parts" of docs/architecture.md; a key
added here belongs in that table too.
"""

from __future__ import annotations

# Settings of one language's Pelican run, set by sitebuild.build.build_language
CONTENT_INDEX = "CONTENT_INDEX"  # bilingual.content_index.ContentIndex of the whole build
SEARCH_SHARDS = "SEARCH_SHARDS"  # int: how many Pagefind shards this language has (search page)
SITEBUILD_WRITE_ONLY = "SITEBUILD_WRITE_ONLY"  # output paths a preview rebuild writes (site_writer)
# True while the preview's kept site model writes only pages (a front-matter edit of a post):
# side files made from other sources (offers' calendars) are left as they are (training_offers)
SITEBUILD_PAGES_ONLY = "SITEBUILD_PAGES_ONLY"
SITEBUILD_CACHE = "SITEBUILD_CACHE"  # True in the preview: keep Pelican's content cache in cache/
CONTENT_READER_KEEP = "CONTENT_READER_KEEP"  # folder where content_reader keeps readings between builds
# folder where what every build prepares alike is kept between builds: hyphenated words and the
# compound dictionary (bilingual, search index), compiled templates (sitecore.templates)
PREPARED_KEEP = "PREPARED_KEEP"

# Pelican's context (one run), set by a generator, read by templates and other plugins
TRAINING_OFFERS = "training_offers"  # training_offers: this language's offers, overview order
TRAINING_OFFER_PAGES = "training_offer_pages"  # training_offers: offer id -> OfferPage
TAXONOMY = "TAXONOMY"  # taxonomy: this run's topics
TESTIMONIALS = "TESTIMONIALS"  # people: this language's testimonials
