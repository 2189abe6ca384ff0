"""Tag taxonomy: a controlled, bilingual vocabulary of topics (see taxonomy.py)."""

from .taxonomy import register  # noqa: F401
