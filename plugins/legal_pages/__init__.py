from .legal_pages import register  # noqa: F401
