from .page_metadata import register  # noqa: F401
