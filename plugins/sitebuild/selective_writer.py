"""A Pelican plugin used only by preview rebuilds: write just the selected output files.

Pelican 4.12 no longer has ``WRITE_SELECTED``. With ``SITEBUILD_WRITE_ONLY`` (a list of
output-relative paths) the writer skips every other page and feed without rendering it;
without the setting it writes everything, like Pelican's own writer.
"""

from __future__ import annotations

from pelican import signals
from pelican.writers import Writer


class SelectiveWriter(Writer):
    """Pelican's writer, limited to ``SITEBUILD_WRITE_ONLY`` when that is set."""

    def _skipped(self, name) -> bool:
        selected = self.settings.get("SITEBUILD_WRITE_ONLY")
        return selected is not None and name not in selected

    def write_file(self, name, *args, **kwargs):
        """Render and write *name* unless it is not selected."""
        if self._skipped(name):
            return None
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        """Write the feed at *path* unless it is not selected."""
        if self._skipped(path):
            return None
        return super().write_feed(elements, context, path, *args, **kwargs)


def selective_writer(pelican_object):
    """Answer Pelican's ``get_writer`` signal."""
    return SelectiveWriter


def register() -> None:
    """Connect to Pelican."""
    signals.get_writer.connect(selective_writer)
