"""Authoring workflow: new posts, translation skeletons, a fast content check, translation status.

As a Pelican plugin it shows drafts in the preview and keeps them out of ``make publish``.
"""

from .authoring import register  # noqa: F401
