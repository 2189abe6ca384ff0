"""Pure rules of the contact page: the settings read once, the phone number as a ``tel:`` URI,
the address as lines and as a plain OpenStreetMap search link.

No Pelican here: settings in, values or problems out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from babel import Locale, UnknownLocaleError

from common.setting_checks import FormEndpoint, UrlPerLanguage
from sitecore.problems import Problem, setting_problem

PHONE = re.compile(r"^\+?[0-9 ()/.-]+$")
MAP_SEARCH = "https://www.openstreetmap.org/search?query="
CONTACT_ENDPOINT = FormEndpoint("CONTACT_ENDPOINT", "contact", "/contact", "kontakt.example.com")


@dataclass(frozen=True)
class ContactSettings:
    """Everything the contact page shows, read once from the settings."""

    endpoint: str = ""  # the intake's POST /contact; empty: no form, a mailto link instead
    email: str = ""
    phone: str = ""  # as written, e.g. "+49 40 000000-0"
    organisation: str = ""
    street: str = ""
    postal_code: str = ""
    locality: str = ""
    country: str = ""  # ISO code, e.g. "DE"
    privacy_urls: dict = field(default_factory=dict)  # language -> URL below the site
    problems: tuple[Problem, ...] = ()

    @property
    def token_url(self) -> str:
        """Where the form's script fetches the intake's time token: ``<endpoint>/token``."""
        return self.endpoint.rstrip("/") + "/token" if self.endpoint else ""

    @property
    def tel_href(self) -> str:
        """The phone as a ``tel:`` URI (RFC 3966): ``tel:+4940000000-0``; empty without a phone."""
        return tel_uri(self.phone)

    @property
    def map_url(self) -> str:
        """A plain link to the address on OpenStreetMap (a link, never an embedded map)."""
        return map_link(self.street, self.postal_code, self.locality)

    def country_name(self, lang: str) -> str:
        """The country in *lang*, e.g. ``Deutschland`` / ``Germany``."""
        return country_name(self.country, lang)


def tel_uri(phone: str) -> str:
    """``+49 40 000000-0`` -> ``tel:+4940000000-0``: spaces, slashes, dots and brackets dropped."""
    digits = re.sub(r"[ ()/.]", "", phone.strip())
    return f"tel:{digits}" if digits.strip("+-") else ""


def map_link(street: str, postal_code: str, locality: str) -> str:
    """The OpenStreetMap search for the address, or "" without one."""
    place = " ".join(part for part in (postal_code, locality) if part)
    query = ", ".join(part for part in (street, place) if part)
    return MAP_SEARCH + quote(query, safe="") if query else ""


def country_name(code: str, lang: str) -> str:
    """The name of the country *code* in *lang* (Babel's data), or the code itself."""
    if not code:
        return ""
    try:
        return Locale.parse(lang).territories.get(code.upper(), code)
    except (UnknownLocaleError, ValueError):
        return code


def contact_settings(settings: dict) -> ContactSettings:
    """Read ``CONTACT_ENDPOINT``, ``CONTACT_EMAIL``, ``ORGANIZATION`` (telephone, address) and the
    privacy page (``COMMENTS_PRIVACY_URL``); odd values become problems."""
    endpoint, endpoint_problem = CONTACT_ENDPOINT.read(settings)
    problems = [setting_problem(endpoint_problem)] if endpoint_problem else []
    organisation = settings.get("ORGANIZATION") or {}
    organisation = organisation if isinstance(organisation, dict) else {}
    address = organisation.get("address") if isinstance(organisation.get("address"), dict) else {}
    phone = str(organisation.get("telephone") or "").strip()
    if phone and not PHONE.match(phone):
        problems.append(
            Problem(
                "pelicanconf.py",
                None,
                f"ORGANIZATION telephone {phone!r} is not a phone number",
                'digits, spaces and + ( ) / . - only, e.g. "+49 40 000000-0"',
            )
        )
        phone = ""
    privacy_urls, _ = UrlPerLanguage("COMMENTS_PRIVACY_URL").read(settings)  # reported by the comments plugin
    return ContactSettings(
        endpoint=endpoint,
        email=str(settings.get("CONTACT_EMAIL") or organisation.get("email") or "").strip(),
        phone=phone,
        organisation=str(settings.get("SITENAME") or ""),
        street=str(address.get("streetAddress") or ""),
        postal_code=str(address.get("postalCode") or ""),
        locality=str(address.get("addressLocality") or ""),
        country=str(address.get("addressCountry") or ""),
        privacy_urls=privacy_urls,
        problems=tuple(problems),
    )
