from .stylesheets import register  # noqa: F401
