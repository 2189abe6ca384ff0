"""Pelican glue: the theme's screen stylesheets as one minified, content-hashed file.

``site.css`` and the stylesheet of each enabled plugin that has one (``STYLESHEETS_PARTS``,
in this order) are minified into ``<THEME_STATIC_DIR>/css/bundle-<hash>.css``; templates
link ``STYLESHEET`` (its path). One render-blocking request instead of four, and the name
changes whenever a rule does, so browsers may keep it for long. ``print.css`` stays apart
(``media="print"`` does not block rendering).
"""

from __future__ import annotations

import os

from pelican import signals

from sitebuild.staging import write_if_changed

from .minify import bundle

PARTS = ("site", "training_offers", "comments", "taxonomy", "contact_page")  # the theme's first, then the plugins'


def source_files(settings: dict) -> list[str]:
    """The stylesheets that go into the bundle, in cascade order."""
    folder = os.path.join(settings["THEME"], "static", "css")
    enabled = {str(plugin).rsplit(".", 1)[-1] for plugin in settings.get("PLUGINS") or ()}
    names = [name for name in settings.get("STYLESHEETS_PARTS", PARTS) if name == "site" or name in enabled]
    return [
        os.path.join(folder, f"{name}.css") for name in names if os.path.isfile(os.path.join(folder, f"{name}.css"))
    ]


def write_bundle(generator) -> None:
    """Make the bundle once per run, write it into the output and name it to the templates."""
    env = getattr(generator, "env", None)
    if env is None or "STYLESHEET" in env.globals:
        return
    settings = generator.settings
    sources = []
    for path in source_files(settings):
        with open(path, encoding="utf-8") as handle:
            sources.append(handle.read())
    css, digest = bundle(sources)
    relative = f"{settings['THEME_STATIC_DIR']}/css/bundle-{digest}.css"
    target = os.path.join(settings["OUTPUT_PATH"], relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    write_if_changed(target, css.encode("utf-8"))
    env.globals["STYLESHEET"] = relative


def register() -> None:
    """Connect the handler to Pelican's signals."""
    signals.generator_init.connect(write_bundle)
