"""Training offers: offer pages, callouts in posts, expiring dates, Course JSON-LD and .ics files."""

from .training_offers import register  # noqa: F401
