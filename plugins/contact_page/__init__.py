"""The contact page: its form posting to the intake, the phone as a ``tel:`` link, the
address with a plain link to a map (no embedded map, no third-party request)."""

from .contact_page import register

__all__ = ["register"]
