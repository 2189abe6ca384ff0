from .content_reader import register  # noqa: F401
