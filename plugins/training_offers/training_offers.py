"""Pelican glue for training offers: read settings once, read offers, write pages and .ics, expand callouts.

Offers live in ``content/<lang>/offers/`` and are read by :class:`OffersGenerator` for the
language of this run only; the other language is known from its front matter alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from markdown import Markdown
from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from bilingual.bilingual import Alternate, SwitcherPage, content_index, current_language, other_languages
from content_reader.rendering import markdown_options
from content_reader.source_files import front_matter_line, read_source
from authoring.drafts import show_drafts
from sitecore.contents import every_content
from sitecore.dates import site_timezone
from sitecore.files import markdown_files
from sitecore.shared_keys import SITEBUILD_PAGES_ONLY, TRAINING_OFFER_PAGES, TRAINING_OFFERS
from sitecore.languages import Language, is_first_language_run, languages_from_settings
from sitecore.pelican_compat import body_html, replace_body_html
from sitecore.problems import ContentError, Problem, display_path, log_notice, log_problem, setting_problem
from sitecore.templates import add_plugin_templates, json_ld

from common.setting_checks import UrlPerLanguage, WholeNumber
from common.training_sessions import SESSIONS_FILE, Terms, sessions_json

from . import offers_ics, offers_jsonld
from .booking import (
    REGISTRATIONS_ENDPOINT,
    SCHEMA_AVAILABILITY,
    SOON_DAYS,
    calendar_words,
    fetch_availability,
    mail_fallback,
    registration_alternates,
    registration_keys,
    registration_path,
    published_sessions,
    seat_state,
    time_notices,
    with_live_seats,
)
from .markdown_callouts import SLOT_CLASS, slot_spans
from .offers_model import (  # noqa: F401 - offer_ids/unknown_offer re-exported
    Offer,
    OfferSource,
    Session,
    SharedSessions,
    offer_ids,
    unknown_offer,
    validate_offers,
)
from .pricing import format_amount, page_price, price_unit, vat_text
from .schedule import build_today, next_session, overview_order, part_dates, session_dates, session_times, upcoming

logger = logging.getLogger(__name__)
OFFERS_FOLDER = "offers"


@dataclass(frozen=True)
class OfferSettings:
    """The plugin's settings, read and checked once per run."""

    today: dt.date
    path_word: str  # URL word: /trainings/<slug>/
    uid_domain: str  # right-hand side of calendar UIDs
    timezone: ZoneInfo
    site_name: str
    site_url: str
    registrations_endpoint: str = ""  # the intake's POST /registrations; empty: the offer's `registration`
    intake_url: str = ""  # asked for GET /availability at build time; empty: seats from the offer files
    soon_days: int = SOON_DAYS
    country: str = "DE"
    privacy_urls: dict = field(default_factory=dict)
    share_image: str = ""  # the site's default share image, relative to SITEURL (the Event's image)
    problems: tuple = ()


def offer_settings(settings: dict) -> OfferSettings:
    """Read ``TRAINING_OFFERS_*`` (and ``SITE_TODAY`` from the environment); what is wrong with
    them is in ``problems``, which the generator logs and ``make check`` reports alike."""
    timezone = site_timezone(settings)
    problems = []
    try:
        today = build_today(settings.get("TRAINING_OFFERS_TODAY"), os.environ, timezone)
    except ValueError:
        problems.append(
            Problem(
                "settings",
                None,
                f"TRAINING_OFFERS_TODAY / SITE_TODAY {settings.get('TRAINING_OFFERS_TODAY') or os.environ.get('SITE_TODAY')!r} is not a date",
                "write it as YYYY-MM-DD",
            )
        )
        today = build_today(None, {}, timezone)
    email = str(settings.get("CONTACT_EMAIL") or "")
    endpoint, endpoint_problem = REGISTRATIONS_ENDPOINT.read(settings)
    soon_days, soon_problem = WholeNumber("TRAINING_OFFERS_SOON_DAYS", SOON_DAYS, noun="a number of days").read(
        settings
    )
    problems += [setting_problem(problem) for problem in (endpoint_problem, soon_problem) if problem]
    privacy_urls, _ = UrlPerLanguage("COMMENTS_PRIVACY_URL").read(settings)  # reported by the comments plugin
    return OfferSettings(
        today=today,
        path_word=str(settings.get("TRAINING_OFFERS_PATH", "trainings")).strip("/"),
        uid_domain=str(settings.get("TRAINING_OFFERS_UID_DOMAIN") or email.rpartition("@")[2] or "example.invalid"),
        timezone=timezone,
        site_name=settings.get("SITENAME", ""),
        site_url=str(settings.get("SITEURL") or "").rstrip("/"),
        registrations_endpoint=endpoint,
        intake_url=str(settings.get("INTAKE_URL") or os.environ.get("INTAKE_URL") or "").strip(),
        soon_days=soon_days,
        country=str(settings.get("TRAINING_OFFERS_COUNTRY") or "DE"),
        privacy_urls=privacy_urls,
        share_image=str(settings.get("SHARE_IMAGE") or "").lstrip("/"),
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class SessionView:
    """One upcoming session as templates show it."""

    session: Session
    dates: str
    times: str
    ics_url: str
    register_url: str = ""  # its registration page
    mail_url: str = ""  # the offer's `registration`, a mailto: with offer and date as subject
    parts: tuple = ()  # (start, date, times) of each module of a session in parts
    state: str = "open"  # open, few, full, cancelled, postponed (booking.seat_state)


@dataclass
class OfferPage:
    """An offer page (a ``bilingual.SwitchablePage`` for the theme: ``url``, ``title``, ``alternates``)."""

    offer: Offer
    url: str
    save_as: str
    ics_url: str
    content: Markup
    price_text: str
    sessions: list  # SessionView, upcoming only
    next: SessionView | None
    alternates: list = field(default_factory=list)
    jsonld: Markup = Markup("")
    overview_url: str = ""
    price_unit: str = ""  # "pro Person" / "pauschal pro Gruppe"
    price_gross: str = ""  # "1.416,10 € inkl. 19 % MwSt.": what consumers see (§ 3 PAngV)
    price_net: str = ""  # "1.190 € zzgl. 19 % MwSt.": what businesses may see
    price_net_amount: str = ""  # "1.190 €": the net amount alone, beside the gross price
    enquiry_url: str = ""
    enquiry_mail: str = ""

    @property
    def action_url(self) -> str:
        """Where "register" leads in one click: the next session's registration, else the enquiry."""
        return self.next.register_url if self.next else self.enquiry_url

    @property
    def title(self) -> str:
        """The offer's title."""
        return self.offer.title

    @property
    def summary(self) -> str:
        """The offer's summary (plain text)."""
        return self.offer.summary


@dataclass
class RegistrationPage:
    """The registration form of one session, or the enquiry form of an offer (``view`` is ``None``)."""

    offer_page: OfferPage
    view: SessionView | None
    url: str
    save_as: str
    alternates: list = field(default_factory=list)

    @property
    def title(self) -> str:
        """The offer's title (the template adds "Registration" / "Enquiry")."""
        return self.offer_page.title

    @property
    def summary(self) -> str:
        """The offer's summary."""
        return self.offer_page.summary


@dataclass(frozen=True)
class Callout:
    """One offer named by a post, with the author's own sentence for inline callouts."""

    page: OfferPage
    note: Markup = Markup("")


def terms_of_participation(pages) -> Terms | None:
    """This run's terms of participation: the page with ``legal: terms`` (plugins/legal_pages),
    its ``terms_version`` and its text as the intake mails it."""
    for page in pages:
        if page.metadata.get("legal") == "terms":
            return Terms(str(page.metadata.get("terms_version") or ""), f"/{page.url}", plain_text(page.content))
    return None


def plain_text(html: str) -> str:
    """The headings, paragraphs and list items of *html* as plain text, a blank line between them."""
    soup = BeautifulSoup(html, "html.parser")
    for line_break in soup.find_all("br"):
        line_break.replace_with(" ")
    blocks = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "p", "li"]):
        if element.find_parent("li"):
            continue
        text = " ".join(element.get_text().split())  # inline markup adds no space ("policy.", not "policy .")
        blocks.append(f"- {text}" if element.name == "li" else text)
    return "\n\n".join(block for block in blocks if block)


def overview_url(language: Language, config: OfferSettings) -> str:
    """``trainings/`` or ``en/trainings/``."""
    return f"{language.prefix}{config.path_word}/"


def offer_url(language: Language, config: OfferSettings, slug: str) -> str:
    """``trainings/<slug>/`` or ``en/trainings/<slug>/``."""
    return f"{overview_url(language, config)}{slug}/"


def offer_files(content_root: str, language: Language):
    """Every Markdown file below ``content/<lang>/offers/``, in a stable order."""
    return markdown_files(os.path.join(content_root, language.code, OFFERS_FOLDER))


def other_language_versions(settings: dict, config: OfferSettings) -> tuple[dict, dict]:
    """``(offer id -> [Alternate], offer id -> {lang: registration page keys})`` of the other
    languages, from the build's content index (their front matter, read once per build: no file
    of another language is opened here). A translation's sessions are its original's."""
    index = content_index(settings)
    originals = index.offers(languages_from_settings(settings)[0].code)
    result: dict[str, list[Alternate]] = {}
    registrations: dict[str, dict[str, set[str]]] = {}
    for language in other_languages(settings):
        for offer_id, entry in index.offers(language.code).items():
            url = offer_url(language, config, entry.slug)
            result.setdefault(offer_id, []).append(Alternate(language.code, language.name, url, entry.title))
            raw = originals[offer_id].sessions if offer_id in originals else entry.sessions
            keys = registration_keys(list(raw), config.timezone, config.today)
            registrations.setdefault(offer_id, {})[language.code] = keys
    return result, registrations


def shared_sessions(settings: dict) -> dict[str, SharedSessions]:
    """The sessions this run's translations share: the default language's offers, from the content
    index (front matter only, no Markdown parsed twice); empty in the default language's run."""
    if is_first_language_run(settings):
        return {}
    index = content_index(settings)
    return {
        offer_id: SharedSessions(
            display_path(os.path.join(settings["PATH"], entry.path)), entry.sessions, entry.capacity
        )
        for offer_id, entry in index.offers(languages_from_settings(settings)[0].code).items()
    }


def offer_alternates(offer_id: str, known: dict, settings: dict, config: OfferSettings) -> list[Alternate]:
    """The offer in each other language, or that language's overview when it has no version."""
    versions = {alternate.lang: alternate for alternate in known.get(offer_id, [])}
    return [
        versions.get(language.code)
        or Alternate(language.code, language.name, overview_url(language, config), "", exists=False)
        for language in other_languages(settings)
    ]


class OffersGenerator(Generator):
    """Reads this language's offers; writes offer pages, the overview and calendar files."""

    def generate_context(self) -> None:
        """Read and validate every offer of this run's language."""
        self.config = offer_settings(self.settings)
        self.language = current_language(self.settings)
        for problem in self.config.problems:
            log_problem(logger, problem)
        self.seats = None
        if self.config.intake_url:
            self.seats, message = fetch_availability(self.config.intake_url)
            if message:
                log_notice(
                    logger,
                    Problem(
                        "INTAKE_URL", None, message, "the pages show the seats of the offer files", office=SEATS_UNKNOWN
                    ),
                )
        self.offer_pages: dict[str, OfferPage] = {}
        markdown = Markdown(**markdown_options(self.settings))
        known, self.other_registrations = other_language_versions(self.settings, self.config)
        sources = [self._read(source) for source in offer_files(self.settings["PATH"], self.language)]
        drafts = {
            source.path: source for source in sources if source.metadata and source.metadata.get("status") == "draft"
        }
        self.drafts = {str(source.metadata.get("offer")).strip(): source.path for source in drafts.values()}
        if not show_drafts(self.settings):  # a draft offer (a new translation) is written in the preview only
            sources = [source for source in sources if source.path not in drafts]
        checked = validate_offers(
            sources, lang=self.language.code, timezone=self.config.timezone, originals=shared_sessions(self.settings)
        )
        for problem in checked.problems:
            log_problem(logger, problem)
        for problem in checked.warnings:
            log_problem(logger, problem, logging.WARNING)
        self.broken_ids = set(checked.broken_ids)  # offers whose file has errors: already reported
        for offer in checked.offers.values():
            offer = with_live_seats(offer, self.seats)
            for notice in (
                ()
                if offer.sessions_from
                else time_notices(  # the original's run tells of shared sessions
                    offer, upcoming(offer.sessions, self.config.today), self.config.today, self.config.soon_days
                )
            ):
                log_notice(logger, notice)
            markdown.reset()
            self.offer_pages[offer.offer_id] = self._page(offer, Markup(markdown.convert(offer.body)), known)
        self.context[TRAINING_OFFERS] = overview_order(
            [page.offer for page in self.offer_pages.values()], self.config.today
        )
        self.context[TRAINING_OFFER_PAGES] = self.offer_pages

    def _read(self, source: str) -> OfferSource:
        """One offer file through the content reader; its reading problems are logged here."""
        path = display_path(source)
        try:
            front, metadata, warnings = read_source(source, self.settings)
        except ContentError as error:
            log_problem(logger, error.problem)
            entry = content_index(self.settings).entry(os.path.relpath(source, self.settings["PATH"]))
            return OfferSource(
                path, None, offer_id=entry.translation_key if entry and entry.kind == "offer" else ""
            )  # as the index split it
        for problem in warnings:
            log_problem(logger, problem, logging.WARNING)
        return OfferSource(path, metadata, front.lines, front.text, front.body)

    def _page(self, offer: Offer, content: Markup, known: dict) -> OfferPage:
        config, lang = self.config, self.language.code
        url = offer_url(self.language, config, offer.slug)
        views = [self._view(offer, url, s) for s in upcoming(offer.sessions, config.today)]
        coming = next_session(offer.sessions, config.today)
        page = OfferPage(
            offer=offer,
            url=url,
            save_as=f"{url}index.html",
            ics_url=f"{url}{offer.slug}.ics",
            content=content,
            price_text=page_price(offer, lang),
            price_unit=price_unit(offer.price, lang),
            price_gross=vat_text(offer.price, lang, "gross"),
            price_net=vat_text(offer.price, lang, "net"),
            price_net_amount=format_amount(offer.price, lang, offer.price.amounts.net),
            sessions=views,
            next=next((view for view in views if view.session is coming), None),
            alternates=offer_alternates(offer.offer_id, known, self.settings, config),
            overview_url=overview_url(self.language, config),
            enquiry_url=registration_path(url, lang, None),
            enquiry_mail=mail_fallback(offer.registration, offer.title),
        )
        absolute = f"{config.site_url}/{url}" if config.site_url else f"/{url}"
        provider_url = f"{config.site_url}/{self.language.home_url}" if config.site_url else ""
        organizer = {"@type": "Organization", "name": config.site_name}
        if provider_url:
            organizer["url"] = provider_url
        by_session = {id(view.session): view for view in views}
        valid_from = offer.stamp.isoformat() if isinstance(offer.stamp, dt.datetime) else config.today.isoformat()

        def instance(session: Session) -> dict:
            view = by_session[id(session)]
            register = f"{config.site_url}/{view.register_url}" if config.site_url else f"/{view.register_url}"
            return offers_jsonld.course_instance(
                session,
                offer,
                absolute,
                register_url=register,
                organizer=organizer,
                valid_from=valid_from,
                availability=SCHEMA_AVAILABILITY[view.state],
                country=config.country,
                image=f"{config.site_url}/{config.share_image}" if config.share_image else "",
            )

        data = offers_jsonld.course(
            offer,
            [view.session for view in views],
            page_url=absolute,
            provider_name=config.site_name,
            provider_url=provider_url,
            instance=instance,
        )
        page.jsonld = Markup(json_ld(data, indent=2))
        return page

    def _view(self, offer: Offer, url: str, session: Session) -> SessionView:
        lang = self.language.code
        dates = session_dates(session, lang)
        return SessionView(
            session,
            dates,
            session_times(session, lang),
            f"{url}{session.key}.ics",
            register_url=registration_path(url, lang, session),
            mail_url=mail_fallback(offer.registration, f"{offer.title}, {dates}"),
            parts=tuple(part_dates(session, lang)),
            state=seat_state(session),
        )

    def generate_output(self, writer) -> None:
        """Write every offer page, the overview, and the .ics files of upcoming sessions (not
        with ``SITEBUILD_PAGES_ONLY``: the preview's pass after a post's front-matter edit)."""
        relative = self.settings.get("RELATIVE_URLS", False)
        calendars = not self.settings.get(SITEBUILD_PAGES_ONLY)
        self.terms = terms_of_participation(self.context.get("pages", []))
        template = self.get_template("training_offers/offer")
        form = self.get_template("training_offers/registration")
        for page in self.offer_pages.values():
            writer.write_file(page.save_as, template, self.context, relative, page=page, offer_page=page, url=page.url)
            if calendars:
                self._write_calendars(page)
            bookable = [view for view in page.sessions if view.session.bookable]
            for view in [*bookable, None]:
                target = view.register_url if view else page.enquiry_url
                alternates = registration_alternates(
                    page.alternates, self.other_registrations.get(page.offer.offer_id, {}), view and view.session
                )
                registration = RegistrationPage(page, view, target, f"{target}index.html", alternates)
                writer.write_file(
                    registration.save_as,
                    form,
                    self.context,
                    relative,
                    page=registration,
                    registration=registration,
                    url=target,
                    endpoint=self.config.registrations_endpoint,
                    terms=self.terms,
                    privacy_url=self.config.privacy_urls.get(self.language.code, ""),
                )
        if calendars:
            self._write_site_calendar()
        url = overview_url(self.language, self.config)
        overview = SwitcherPage(url, self._overview_alternates())
        ordered = [self.offer_pages[offer.offer_id] for offer in self.context[TRAINING_OFFERS]]
        writer.write_file(
            f"{url}index.html",
            self.get_template("training_offers/overview"),
            self.context,
            relative,
            page=overview,
            offer_pages=ordered,
            url=overview.url,
            site_calendar_url=self.site_calendar_url(),
        )

    def _overview_alternates(self) -> list[Alternate]:
        return [
            Alternate(language.code, language.name, overview_url(language, self.config), "")
            for language in other_languages(self.settings)
        ]

    def site_calendar_url(self) -> str:
        """``trainings/termine.ics`` / ``en/trainings/dates.ics``: every upcoming session of this language."""
        return f"{overview_url(self.language, self.config)}{calendar_words(self.language.code)[0]}"

    def _write_site_calendar(self) -> None:
        config = self.config
        pages = [self.offer_pages[offer.offer_id] for offer in self.context[TRAINING_OFFERS]]
        pairs = [(page.offer, view.session) for page in pages for view in page.sessions]
        published = [(offer, session) for offer, session in pairs if offer.offer_id not in self.drafts]
        urls = {page.offer.offer_id: f"{config.site_url}/{page.url}" if config.site_url else "" for page in pages}
        target = os.path.join(self.output_path, *self.site_calendar_url().split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = offers_ics.calendar(
            None,
            pairs,
            domain=config.uid_domain,
            page_url=lambda offer: urls[offer.offer_id],
            location_label=lambda session: "Online" if session.online else session.location,
            name=f"{config.site_name}: {calendar_words(self.language.code)[1]}",
        )
        with open(target, "wb") as handle:
            handle.write(data)
        target = os.path.join(os.path.dirname(target), SESSIONS_FILE)  # what the intake counts seats of
        terms = self.terms
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            sessions = published_sessions(  # never a draft's: the intake answers for published offers only
                published,
                self.language.code,
                lambda offer: f"/{self.offer_pages[offer.offer_id].url}",
                terms.version if terms else "",
            )
            handle.write(sessions_json(sessions, {self.language.code: terms} if terms else None))

    def _write_calendars(self, page: OfferPage) -> None:
        if not page.sessions:
            return
        config = self.config
        absolute = f"{config.site_url}/{page.url}" if config.site_url else ""

        def location(session: Session) -> str:
            return "Online" if session.online else session.location

        def write(relative_url: str, sessions) -> None:
            target = os.path.join(self.output_path, *relative_url.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            data = offers_ics.calendar(
                page.offer, sessions, domain=config.uid_domain, page_url=absolute, location_label=location
            )
            with open(target, "wb") as handle:
                handle.write(data)

        write(page.ics_url, [view.session for view in page.sessions])
        for view in page.sessions:
            write(view.ics_url, [view.session])


def expand_callouts(generators) -> None:
    """Attach front-matter callouts to posts and replace inline ``!!! offer`` slots by asides."""
    offers = next((g for g in generators if isinstance(g, OffersGenerator)), None)
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if offers is None or articles is None or not hasattr(offers, "offer_pages"):
        return
    template = offers.get_template("training_offers/callout")
    for article in every_content(articles):
        try:
            _expand(article, offers, template)
        except ContentError as error:
            log_problem(logger, error.problem)


def _expand(article, offers: OffersGenerator, template) -> None:
    path = display_path(article.source_path)
    named = offer_ids(article.metadata.get("offer"))
    inline_html = SLOT_CLASS in body_html(article)
    article.offer_callouts = []
    if not named and not inline_html:
        return
    for offer_id in named:
        page = _lookup(offers, path, front_matter_line(article, "offer"), offer_id, article.title)
        if page:
            article.offer_callouts.append(Callout(page))
    if not inline_html:
        return
    html = body_html(article)
    body_offset = article.metadata.get("source_line_offset", 0)
    pieces, done = [], 0
    for start, end in slot_spans(html):
        slot = BeautifulSoup(html[start:end], "html.parser").div  # only the slot is parsed
        offer_id = slot.get("data-offer", "")
        line = slot.get("data-line", "")  # the block's line in the Markdown body (markdown_callouts)
        page = _lookup(offers, path, body_offset + int(line) if line.isdigit() else None, offer_id, article.title)
        note = Markup(slot.decode_contents().strip())
        replacement = note if page is None else template.render({**offers.context, "callout": Callout(page, note)})
        pieces += [html[done:start], str(replacement)]
        done = end
    replace_body_html(article, "".join(pieces) + html[done:])


SEATS_UNKNOWN = (
    (
        "de",
        "Der Anmeldedienst war beim Build nicht erreichbar: die Seiten zeigen die freien Plätze aus den Angebotsdateien.",
    ),
    (
        "en",
        "The registration service could not be reached during the build: the pages show the seats of the offer files.",
    ),
)


def _lookup(offers: OffersGenerator, path: str, line: int | None, offer_id: str, title: str = "") -> OfferPage | None:
    """The offer page for *offer_id*; an error at *line* of *path* when there is none,
    a notice when it has no upcoming session."""
    page = offers.offer_pages.get(offer_id)
    if page is None and offer_id in offers.broken_ids:
        return None  # the offer file's own error says what to fix
    if page is None and offer_id in offers.drafts:
        log_problem(
            logger,
            Problem(
                path,
                line,
                f"the offer {offer_id!r} is a draft",
                f"publish {offers.drafts[offer_id]} or remove the callout",
            ),
        )
        return None
    if page is None:
        log_problem(logger, unknown_offer(path, line, offer_id, offers.offer_pages))
        return None
    if page.next is None:  # depends on the day, not on the author: a notice, never a failed publish
        log_notice(
            logger,
            Problem(
                path,
                line,
                f"the offer {offer_id!r} has no upcoming session: the callout says the dates are on request",
                f"add a session to {page.offer.path} or remove the callout",
                office=(
                    (
                        "de",
                        f"Der Beitrag „{title}“ verweist auf „{page.offer.title}“, das keinen kommenden Termin hat; "
                        "der Hinweis nennt „Termine auf Anfrage“. Beitrag: {file}",
                    ),
                    (
                        "en",
                        f"The post “{title}” points to “{page.offer.title}”, which has no upcoming date; "
                        "its callout says “dates on request”. Post: {file}",
                    ),
                ),
            ),
        )
    return page


def install_templates(generator) -> None:
    """Make the plugin's templates visible to every generator."""
    add_plugin_templates(generator, __file__)


def add_generator(pelican) -> type:
    """Register :class:`OffersGenerator` with Pelican."""
    del pelican
    return OffersGenerator


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(install_templates)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(expand_callouts)
