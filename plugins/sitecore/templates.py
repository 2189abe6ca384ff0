"""Let a plugin ship its own templates (partials the theme includes, pages it renders), and
share compiled templates between the Jinja environments of one process."""

from __future__ import annotations

import os

from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader
from jinja2.bccache import Bucket


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
    before it uses a stored template.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = MemoryBytecodeCache()
