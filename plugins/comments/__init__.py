"""Reader comments as files with a moderation status, rendered under each post."""

from .comments import register

__all__ = ["register"]
