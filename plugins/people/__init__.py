"""Authors and testimonials as data files in content/ (see people.py)."""

from .people import register  # noqa: F401
