"""The site's time zone, read from the settings in one place."""

from __future__ import annotations

from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Berlin"  # the consultancy's; offer times are written in it


def site_timezone(settings: dict) -> ZoneInfo:
    """``ZoneInfo`` of the ``TIMEZONE`` setting (``Europe/Berlin`` when it is not set)."""
    return ZoneInfo(settings.get("TIMEZONE") or DEFAULT_TIMEZONE)
