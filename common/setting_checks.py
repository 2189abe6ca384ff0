"""Setting checks written once, in the manner of MkDocs' option classes: each check names its
setting and its default, reads the setting from a mapping (Pelican's settings or the intake's
environment) and returns the value to use and a problem, or None. A bad value is one line naming
the setting, never a traceback; the caller decides whether it is an error. Pure, standard library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Where a form of the site may post (COMMENTS_, REGISTRATIONS_, CONTACT_ENDPOINT): an http(s) URL,
# or a path on the site; no character that could end the form's action attribute.
FORM_ENDPOINT = re.compile(r"^(https?://[^\s/?#]+|/)[^\s\"'<>]*$", re.IGNORECASE)
_ATTRIBUTE_SAFE = re.compile(r"^[^\s\"'<>]*$")
_INTAKE_ADDRESS = re.compile(r"^https?://[^\s/?#\"'<>]+(/[^\s?#\"'<>]*)?$", re.IGNORECASE)
# The intake's route of each form setting: INTAKE_PUBLIC_URL + route is where that form posts
# (the withdrawal page links its form there).
INTAKE_FORM_ROUTES = {
    "COMMENTS_ENDPOINT": "/comments",
    "REGISTRATIONS_ENDPOINT": "/registrations",
    "CONTACT_ENDPOINT": "/contact",
    "WITHDRAWALS_ENDPOINT": "/withdrawals",  # the withdrawal function's form (a link: GET ?lang=)
}


@dataclass(frozen=True)
class SettingProblem:
    """A setting whose value cannot be used: which, the value as given, what is wrong, what to do."""

    setting: str
    value: object
    complaint: str  # follows the value: "is not a whole number"
    hint: str = ""

    @property
    def message(self) -> str:
        """As the site's settings file spells it: ``COMMENTS_MIN_SECONDS 'abc' is not a whole number``."""
        return f"{self.setting} {self.value!r} {self.complaint}"

    def environment_line(self) -> str:
        """As an environment file spells it: ``INTAKE_RATE_LIMIT='many' is not a whole number``."""
        return f"{self.setting}={self.value!r} {self.complaint}"


def _unset(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class WholeNumber:
    """A whole number of at least *minimum*: an int, or a string of one (an environment variable)."""

    name: str
    default: int
    minimum: int = 0
    noun: str = ""  # what a good value is, e.g. "a number of days"; default: "a whole number"

    def read(self, settings: Mapping) -> tuple[int, SettingProblem | None]:
        """The setting's number (the default when unset), or the default and a problem."""
        raw = settings.get(self.name)
        if _unset(raw):
            return self.default, None
        value = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str):
            try:
                value = int(raw.strip())
            except ValueError:
                value = None
        if value is not None and value >= self.minimum:
            return value, None
        noun = self.noun or ("a whole number" if self.minimum == 0 else f"a whole number of at least {self.minimum}")
        return self.default, SettingProblem(self.name, raw, f"is not {noun}", f"e.g. {self.name} = {self.default}")


@dataclass(frozen=True)
class FormEndpoint:
    """Where one of the site's forms posts: the intake's route as an http(s) URL or a path on the site."""

    name: str
    form: str  # "comment", "contact", "registration"
    route: str  # the intake's route, e.g. "/comments"
    example_host: str  # for the hint, e.g. "kommentare.example.com"

    def read(self, settings: Mapping) -> tuple[str, SettingProblem | None]:
        """The endpoint ("" when unset: the page offers a mail link instead), or "" and a problem."""
        endpoint = str(settings.get(self.name) or "").strip()
        if not endpoint or FORM_ENDPOINT.match(endpoint):
            return endpoint, None
        return "", SettingProblem(
            self.name,
            endpoint,
            f"is not an address the {self.form} form can post to",
            f"the full URL of the intake's POST {self.route}, e.g. https://{self.example_host}{self.route}",
        )


@dataclass(frozen=True)
class UrlPerLanguage:
    """A dict language -> URL (a path below the site or a full address), e.g. the privacy pages."""

    name: str
    example: str = '{"de": "datenschutz/", "en": "en/privacy/"}'

    def read(self, settings: Mapping) -> tuple[dict[str, str], SettingProblem | None]:
        """The dict (empty when unset), or an empty dict and a problem."""
        raw = settings.get(self.name)
        if not raw:
            return {}, None
        if isinstance(raw, dict) and all(
            isinstance(lang, str) and isinstance(url, str) and _ATTRIBUTE_SAFE.match(url) for lang, url in raw.items()
        ):
            return dict(raw), None
        return {}, SettingProblem(self.name, raw, "is not a dict of language -> URL", f"e.g. {self.example}")


def intake_form_endpoints(settings: Mapping) -> tuple[dict[str, str], SettingProblem | None]:
    """Every form endpoint derived from ``INTAKE_PUBLIC_URL`` (the intake's public address), for
    each form setting not set itself; none when it is unset, none and a problem when it is no
    http(s) address."""
    public_url = str(settings.get("INTAKE_PUBLIC_URL") or "").strip().rstrip("/")
    if not public_url:
        return {}, None
    if not _INTAKE_ADDRESS.match(public_url):
        return {}, SettingProblem(
            "INTAKE_PUBLIC_URL",
            public_url,
            "is not the intake's http(s) address",
            "e.g. INTAKE_PUBLIC_URL=https://intake.example.com make publish",
        )
    return {
        name: public_url + route
        for name, route in INTAKE_FORM_ROUTES.items()
        if not str(settings.get(name) or "").strip()
    }, None
