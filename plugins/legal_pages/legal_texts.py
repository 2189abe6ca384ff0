"""What keeps a legal page from being final: the sample marker (``sample: true`` in its front
matter) and the placeholder values of the sample site (phone ``000000``, VAT ID ``DE000000000``,
``.example`` addresses). Pure: a page's facts in, problems out; the build logs them as notices,
so every publish lists them for the office until the lawyer has approved the texts.
"""

from __future__ import annotations

import re
from html import escape

from sitecore.problems import Problem

LEGAL_KINDS = {
    "terms": "terms page",
    "withdrawal": "withdrawal page",
    "imprint": "imprint",
    "privacy": "privacy policy",
}
PLACEHOLDERS = (
    ("phone", re.compile(r"0{6}")),
    ("VAT ID", re.compile(r"\bDE0{9}\b")),
    ("address", re.compile(r"[\w.+-]+@[\w.-]+\.example\b|\b[\w-]+(?:\.[\w-]+)*\.example\b")),
)


def is_sample(value) -> bool:
    """Whether a front-matter ``sample`` value marks the page as a sample (true, yes, ja)."""
    return value is True or str(value).strip().lower() in ("true", "yes", "ja")


def placeholder_values(text: str) -> list[str]:
    """``what value`` of each placeholder found in *text* (plain text), once each, in their order."""
    found = []
    for what, pattern in PLACEHOLDERS:
        for match in pattern.finditer(text):
            found.append(f"{what} {match.group(0)}")
    return list(dict.fromkeys(found))


def legal_page_notices(path: str, kind: str, sample, text: str, lines: dict) -> list[Problem]:
    """The notices of one legal page of *kind* (its front matter's ``legal``) at *path*: still a
    sample, still placeholder values in its *text*."""
    name = LEGAL_KINDS.get(kind, "legal page")
    notices = []
    if is_sample(sample):
        notices.append(
            Problem(
                path,
                lines.get("sample") or lines.get("legal"),
                f"the {name} is still marked as a sample",
                "have the lawyer approve the text, then delete `sample: true` and the marker paragraph",
            )
        )
    if values := placeholder_values(text):
        notices.append(
            Problem(
                path,
                lines.get("legal"),
                f"the {name} still has placeholder values: {', '.join(values)}",
                "replace them with the real ones",
            )
        )
    return notices


def terms_version_problem(path: str, kind: str, version, lines: dict) -> Problem | None:
    """A terms page needs a ``terms_version``: the intake stores it with every registration."""
    if kind != "terms" or str(version or "").strip():
        return None
    return Problem(
        path,
        lines.get("legal"),
        "the terms page has no `terms_version`",
        'add a line `terms_version: "2026-12-07"` and change it whenever the text changes',
    )


FORM_LINK = 'href="withdrawal-form:"'  # what the withdrawal page's Markdown writes for its form's link


def withdrawal_form_link(html: str, endpoint: str, lang: str, email: str) -> str:
    """The withdrawal page's body with its form link (``[…](withdrawal-form:)``) pointing at the
    intake's form in *lang* (*endpoint*, ``WITHDRAWALS_ENDPOINT``), or at a mail to *email* without one."""
    target = f"{endpoint}?lang={lang}" if endpoint else f"mailto:{email}"
    return html.replace(FORM_LINK, f'href="{escape(target, quote=True)}"')
