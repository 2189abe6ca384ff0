"""Let a plugin ship its own templates (partials the theme includes, pages it renders), and
share compiled templates between the Jinja environments of one process (and, kept in a file,
between builds)."""

from __future__ import annotations

import json
import os

from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import kept_files


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


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, valid while their source is unchanged.

    Pelican gives every generator its own Jinja environment and a preview rebuild makes new
    ones: each would compile the same templates again. Jinja checks the source's checksum
    before it uses a stored template. With ``keep_in``, the compiled templates are also kept
    in a file between builds (each language process would compile them again).
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._kept: tuple[str, str] | None = None  # (file, version)
        self._added = False

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        self._added = True

    def keep_in(self, file: str, version: str) -> None:
        """Add the templates kept in *file* with *version* (compiled by the same Jinja, Python,
        plugins and environment settings), and keep the ones compiled from now on there."""
        if self._kept != (file, version):
            self._compiled.update(kept_files.load(file, version) or {})
            self._kept = (file, version)

    def save(self) -> None:
        """Write the compiled templates to the file of ``keep_in``, if any were compiled since."""
        if self._kept is not None and self._added:
            kept_files.save(*self._kept, dict(self._compiled))
            self._added = False


COMPILED_TEMPLATES = MemoryBytecodeCache()


def rendered_once(template_name: str, name: str):
    """A Jinja function that renders *template_name* for an object (as *name*) once per
    environment and gives back the same HTML on every later call, until ``forget`` names it.

    For partials that depend on nothing but that object, such as a post's teaser: a post
    appears in many listings of one build (home, category, author, topics).
    """
    rendered: dict[int, tuple[object, Markup]] = {}

    @pass_context
    def render(context, item) -> Markup:
        cached = rendered.get(id(item))
        if cached is None or cached[0] is not item:
            template = context.environment.get_template(template_name)
            cached = (item, Markup(template.render({**context.get_all(), name: item})))
            rendered[id(item)] = cached
        return cached[1]

    def forget(items=None) -> None:
        """Render *items* again when next asked (None: every object); the preview's kept
        model calls it for the posts whose facts an edit may have changed."""
        if items is None:
            rendered.clear()
        for item in items or ():
            if rendered.get(id(item), (None,))[0] is item:
                del rendered[id(item)]

    def known(item) -> Markup | None:
        """The HTML rendered for *item* and kept, if any (rendering nothing)."""
        cached = rendered.get(id(item))
        return cached[1] if cached is not None and cached[0] is item else None

    def warm(env, items, values: dict) -> None:
        """Render each of *items* not kept yet with *values* (what every page's context holds)."""
        template = env.get_template(template_name)
        for item in items:
            if known(item) is None:
                rendered[id(item)] = (item, Markup(template.render({**values, name: item})))

    render.forget, render.known, render.warm = forget, known, warm
    return render


def script_json(data, **options) -> str:
    """*data* as JSON to write inside a ``<script>`` element (JSON-LD).

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026``: no text in it
    can end the element or open a comment, and a JSON parser reads back the same strings.
    """
    text = json.dumps(data, ensure_ascii=False, **options)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(data: dict, indent: int | None = None) -> str:
    """*data* as the text of a ``<script type="application/ld+json">``: keys sorted (the same
    data gives the same bytes), ``<>&`` escaped as in :func:`script_json`; one line unless
    *indent* is given (offer pages show theirs indented by 2, as they always have)."""
    return script_json(data, sort_keys=True, indent=indent)
