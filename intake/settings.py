"""The intake's settings: read from the environment in one place, with safe development defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from common.setting_checks import WholeNumber
from common.training_sessions import session_start

from .rules import LANGUAGES

DEV_SECRET = "dev-secret-not-for-production"
DEV_ADMIN_TOKEN = "dev-admin-token"
DEV_SITE_URL = "http://127.0.0.1:8000"
DEFAULT_DATABASE_URL = "sqlite:///var/intake.sqlite3"
DIGESTS = ("off", "hourly", "daily")  # off: one moderation mail per comment
PRODUCTION_REQUIRED = ("INTAKE_SECRET", "INTAKE_ADMIN_TOKEN", "INTAKE_SITE_URL")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    """Everything the intake is configured with; tests build their own."""

    database_url: str = DEFAULT_DATABASE_URL
    secret: str = DEV_SECRET
    admin_token: str = DEV_ADMIN_TOKEN
    smtp_url: str = ""  # empty: mails are written as .eml files to <var_dir>/outbox/
    moderators: tuple[str, ...] = ()
    moderation_digest: str = "off"  # "hourly" / "daily": one mail per moderator with the new comments
    site_url: str = DEV_SITE_URL  # the public site; also the one allowed Origin
    public_url: str = "http://127.0.0.1:8081"  # the intake's own address, used in mailed links
    articles: str = ""  # file path or http(s) URL of articles.json; empty: <site_url>/comments/articles.json
    rate_limit: int = 5  # submissions per client per minute; 0 = off
    article_rate_limit: int = 30  # submissions per article per minute; 0 = off
    retention_days: int = 90
    deploy_hook: str = ""
    deploy_hook_token: str = ""  # sent as "Authorization: Bearer …" (GitHub needs one)
    moderator_lang: str = "de"
    office_lang: str = "de"  # the language of the office's mails, every word (INTAKE_OFFICE_LANG)
    privacy_version: str = "1"
    mail_from: str = "intake@localhost"
    var_dir: str = "var"
    max_body_bytes: int = 64 * 1024
    min_seconds: int = 5  # a form sent faster than this after its token was made is flagged too_fast
    link_days: int = 14  # how long moderation and opt-in links stay valid
    offers: str = ""  # the sessions.json of each language (paths or http(s) URLs, comma-separated); empty: the site's
    look: str = ""  # the built site (folder or http(s) URL) whose page shells give the look; empty: site_url
    office: tuple[str, ...] = ()  # addresses told about every registration and cancellation
    registration_retention_days: int = 365  # registrations are deleted this long after their session
    waitlist_offer_days: int = 3  # how long a freed seat offered to the waiting list stays open
    contact_retention_days: int = 180  # contact messages are deleted this long after they arrived
    cancel_deadline_days: int = 14  # the cancel link works until this many days before the session's start
    business: str = ""  # who the contract is with, as the withdrawal information names it (name, address, e-mail)
    office_idle_minutes: int = 30  # an office session unused this long ends
    office_session_hours: int = 12  # an office session this old ends, however active (INTAKE_OFFICE_SESSION_HOURS)
    office_totp_required: bool = False  # every office account must use a second factor (TOTP)
    now: str = (
        ""  # INTAKE_NOW, YYYY-MM-DDTHH:MM (German time): the worker's reminders take it as now (rehearsals, tests)
    )
    production: bool = False

    @property
    def articles_source(self) -> str:
        """Where the list of commentable posts is read."""
        return self.articles or self.site_url.rstrip("/") + "/comments/articles.json"

    @property
    def offers_sources(self) -> tuple[str, ...]:
        """Where the lists of bookable sessions are read: one ``sessions.json`` per language of the
        site (they agree on the facts; each adds its language's titles, addresses and prices)."""
        if self.offers.strip():
            return tuple(source.strip() for source in self.offers.split(",") if source.strip())
        site = self.site_url.rstrip("/")
        return tuple(
            f"{site}{'' if lang == LANGUAGES[0] else '/' + lang}/trainings/sessions.json" for lang in LANGUAGES
        )

    @property
    def look_source(self) -> str:
        """The site whose page shells (``intake/shell.html``) the pages are wrapped in."""
        return self.look or self.site_url

    @property
    def public_origin(self) -> str:
        """scheme://host[:port] of the intake itself: its own pages' forms (the review step) post from it."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def site_origin(self) -> str:
        """scheme://host[:port] of the site, as browsers send it in ``Origin``."""
        parts = urlsplit(self.site_url)
        return f"{parts.scheme}://{parts.netloc}"


def _integer(environ: dict, name: str, default: int) -> int:
    value, problem = WholeNumber(name, default).read(environ)  # the same check as the site's settings
    if problem:
        raise SettingsError(problem.environment_line())
    return value


def _url(environ: dict, name: str, default: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    raw = environ.get(name, "").strip() or default
    if raw and (urlsplit(raw).scheme not in schemes or not urlsplit(raw).netloc):
        raise SettingsError(f"{name}={raw!r} is not a {'/'.join(schemes)} URL")
    return raw.rstrip("/") if raw else raw


def _addresses(environ: dict, name: str) -> tuple[str, ...]:
    addresses = tuple(a.strip() for a in environ.get(name, "").split(",") if a.strip())
    for address in addresses:
        if "@" not in address or any(c in address for c in "\r\n <>,"):
            raise SettingsError(f"{name}: {address!r} is not an e-mail address")
    return addresses


def _moment(environ: dict, name: str, production: bool) -> str:
    """A local time ``YYYY-MM-DDTHH:MM`` or empty; never in production (the clock must be real there)."""
    value = environ.get(name, "").strip()
    if value and production:
        raise SettingsError(f"{name} moves the worker's clock for rehearsals and tests; unset it in production")
    if value and session_start(value) is None:
        raise SettingsError(f"{name}={value!r} must be a German local time like 2027-03-08T10:00")
    return value


def _language(environ: dict, name: str) -> str:
    lang = environ.get(name, "").strip().lower() or LANGUAGES[0]
    if lang not in LANGUAGES:
        raise SettingsError(f"{name}={lang!r} must be one of {', '.join(LANGUAGES)}")
    return lang


def from_environ(environ: dict | None = None) -> Settings:
    """Read every INTAKE_* setting once; raise SettingsError with a one-line message."""
    env = dict(os.environ if environ is None else environ)
    production = env.get("INTAKE_ENV", "").strip().lower() == "production"
    if production:
        missing = [name for name in PRODUCTION_REQUIRED if not env.get(name, "").strip()]
        if missing:
            raise SettingsError(f"INTAKE_ENV=production needs {', '.join(missing)} (see deploy/intake.env.example)")
    database_url = env.get("INTAKE_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if not database_url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
        raise SettingsError(
            f"INTAKE_DATABASE_URL must start with sqlite:/// or postgresql://, not {database_url[:20]!r}"
        )
    moderators = _addresses(env, "INTAKE_MODERATORS")
    digest = env.get("INTAKE_MODERATION_DIGEST", "").strip().lower() or "off"
    if digest not in DIGESTS:
        raise SettingsError(f"INTAKE_MODERATION_DIGEST={digest!r} must be off, hourly or daily")
    mail_from = env.get("INTAKE_MAIL_FROM", "").strip() or "intake@localhost"
    if "@" not in mail_from or any(c in mail_from for c in "\r\n"):
        raise SettingsError(f"INTAKE_MAIL_FROM={mail_from!r} is not an e-mail address")
    secret = env.get("INTAKE_SECRET", "").strip() or DEV_SECRET
    if production and len(secret) < 32:
        raise SettingsError(
            "INTAKE_SECRET must be at least 32 characters (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return Settings(
        database_url=database_url,
        secret=secret,
        admin_token=env.get("INTAKE_ADMIN_TOKEN", "").strip() or DEV_ADMIN_TOKEN,
        smtp_url=_url(env, "INTAKE_SMTP_URL", "", ("smtp", "smtps")),
        moderators=moderators,
        moderation_digest=digest,
        site_url=_url(env, "INTAKE_SITE_URL", DEV_SITE_URL),
        public_url=_url(env, "INTAKE_PUBLIC_URL", "http://127.0.0.1:8081"),
        articles=env.get("INTAKE_ARTICLES", "").strip(),
        offers=env.get("INTAKE_OFFERS", "").strip(),
        look=env.get("INTAKE_LOOK", "").strip(),
        office=_addresses(env, "INTAKE_OFFICE"),
        registration_retention_days=_integer(env, "INTAKE_REGISTRATION_RETENTION_DAYS", 365),
        waitlist_offer_days=_integer(env, "INTAKE_WAITLIST_OFFER_DAYS", 3),
        contact_retention_days=_integer(env, "INTAKE_CONTACT_RETENTION_DAYS", 180),
        cancel_deadline_days=_integer(env, "INTAKE_CANCEL_DEADLINE_DAYS", 14),
        rate_limit=_integer(env, "INTAKE_RATE_LIMIT", 5),
        article_rate_limit=_integer(env, "INTAKE_ARTICLE_RATE_LIMIT", 30),
        retention_days=_integer(env, "INTAKE_RETENTION_DAYS", 90),
        deploy_hook=_url(env, "INTAKE_DEPLOY_HOOK", ""),
        deploy_hook_token=env.get("INTAKE_DEPLOY_HOOK_TOKEN", "").strip(),
        moderator_lang="en" if env.get("INTAKE_MODERATOR_LANG", "").strip() == "en" else "de",
        office_lang=_language(env, "INTAKE_OFFICE_LANG"),
        privacy_version=env.get("INTAKE_PRIVACY_VERSION", "").strip() or "1",
        mail_from=mail_from,
        var_dir=env.get("INTAKE_VAR_DIR", "").strip() or "var",
        max_body_bytes=_integer(env, "INTAKE_MAX_BODY_BYTES", 64 * 1024),
        min_seconds=_integer(env, "INTAKE_MIN_SECONDS", 5),
        business=" ".join(env.get("INTAKE_BUSINESS", "").split()),
        office_idle_minutes=_integer(env, "INTAKE_OFFICE_IDLE_MINUTES", 30),
        office_session_hours=_integer(env, "INTAKE_OFFICE_SESSION_HOURS", 12),
        office_totp_required=env.get("INTAKE_OFFICE_TOTP", "").strip().lower() == "required",
        now=_moment(env, "INTAKE_NOW", production),
        production=production,
    )
