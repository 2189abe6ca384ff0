from .frontmatter import register  # noqa: F401
