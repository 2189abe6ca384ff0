"""The site's look for the intake's pages, declared once for both sides.

The build writes one page shell per language (``theme/templates/intake_shell.html``: the
site's head, header, language switch and footer around :data:`CONTENT_MARK`) to
:func:`shell_path`; the intake reads it (a file or the published site), and wraps each of its
pages in it. The shell is data, never a template the intake runs. Pure, standard library.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

CONTENT_MARK = "<!--intake:content-->"
TITLE_MARK = "%%intake-title%%"  # the shell's <title> (and og:title): the intake's page title goes there
DEFAULT_LANG = "de"
# Lines of the shell's head that describe the shell page itself, not the intake's page.
_OWN_ADDRESS = re.compile(
    r'\s*<(?:link rel="(?:canonical|alternate)"|meta property="og:(?:url|locale:alternate)")[^>]*>'
    r'|\s*<script type="application/ld\+json">.*?</script>',
    re.DOTALL,
)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src|action)=")/(?!/)')


def shell_path(lang: str) -> str:
    """Where the shell of *lang* is, below the site's root (the default language has no prefix)."""
    return "intake/shell.html" if lang == DEFAULT_LANG else f"{lang}/intake/shell.html"


@dataclass(frozen=True)
class Shell:
    """The site's page around the intake's content: *top* (with :data:`TITLE_MARK`) and *bottom*."""

    top: str
    bottom: str

    def before(self, title: str, head: str = "") -> str:
        """The page up to the content, with *title* (plain text) as its title and *head* (HTML)
        added at the end of its head."""
        top = self.top.replace(TITLE_MARK, html.escape(title, quote=True))
        return top.replace("</head>", str(head) + "</head>", 1) if head else top


def parse_shell(text: str, site_url: str) -> Shell:
    """The shell in *text*, its root-relative links made absolute on *site_url* (the intake runs
    at another address); ValueError when it is not one (no or several content marks)."""
    if text.count(CONTENT_MARK) != 1 or TITLE_MARK not in text:
        raise ValueError("not the site's intake shell (its content or title mark is missing)")
    text = _OWN_ADDRESS.sub("", text)
    text = _ROOT_RELATIVE.sub(lambda match: match[1] + site_url.rstrip("/") + "/", text)
    top, _, bottom = text.partition(CONTENT_MARK)
    return Shell(top, bottom)
