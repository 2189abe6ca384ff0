"""The intake: a small service that receives what readers send (comments now), stores it,
and hands it to moderators. Build the app with ``create_app(settings)``."""

from .app import create_app
from .settings import Settings, SettingsError, from_environ

__all__ = ["Settings", "SettingsError", "create_app", "from_environ"]
