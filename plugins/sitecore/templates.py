"""Let a plugin ship its own templates (partials the theme includes, pages it renders)."""

from __future__ import annotations

import os

from jinja2 import ChoiceLoader, FileSystemLoader


def add_plugin_templates(generator, plugin_file: str) -> None:
    """Make ``templates/`` beside *plugin_file* visible to *generator*'s Jinja environment.

    The theme comes first, so a theme can override a plugin's template of the same name.
    Call it from a ``generator_init`` handler: ``add_plugin_templates(generator, __file__)``.
    """
    env = getattr(generator, "env", None)
    folder = os.path.join(os.path.dirname(os.path.abspath(plugin_file)), "templates")
    if env is None or not os.path.isdir(folder):
        return
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(folder)])
