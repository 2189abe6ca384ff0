"""schema.org ``Course`` markup for an offer page (JSON-LD), deterministic and safe inside ``<script>``."""

from __future__ import annotations

from .offers_model import Offer, Session


EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "moved_online": "https://schema.org/EventMovedOnline",
}
FORMAT_MODES = {"online": "online", "praesenz": "onsite", "inhouse": "onsite"}


def shown_price(offer: Offer) -> str:
    """The price search engines show as the page does (§ 3 PAngV): gross where consumers may book,
    net for an offer to businesses only."""
    amounts = offer.price.amounts
    return str(amounts.net if offer.buyers == "business" else amounts.gross)


def course_mode(session: Session) -> str:
    """schema.org courseMode of one session."""
    return "online" if session.online else "onsite"


def workload(sessions) -> str:
    """ISO 8601 duration of the teaching time of a session (its days or parts): ``PT16H``."""
    seconds = sum((end - start).total_seconds() for start, end in sessions[0].days()) if sessions else 0
    hours, rest = divmod(int(seconds) // 60, 60)
    return f"PT{hours}H{rest}M" if rest else f"PT{hours}H"


def location(session: Session, page_url: str, country: str) -> dict:
    """A ``VirtualLocation`` for an online session, else a ``Place`` with a ``PostalAddress``."""
    if session.online:
        return {"@type": "VirtualLocation", "url": page_url}
    locality = session.location.split(",", 1)[0].strip()
    return {
        "@type": "Place",
        "name": session.location,
        "address": {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": country},
    }


def course_instance(
    session: Session,
    offer: Offer,
    page_url: str,
    *,
    register_url: str = "",
    organizer: dict | None = None,
    valid_from: str = "",
    availability: str = "https://schema.org/InStock",
    country: str = "DE",
    image: str = "",
) -> dict:
    """One upcoming session: a ``CourseInstance`` that is also an ``Event``."""
    price = shown_price(offer)
    instance = {
        "@type": ["CourseInstance", "Event"],
        "name": offer.title,
        "description": offer.summary,
        "courseMode": course_mode(session),
        "courseWorkload": workload([session]),
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if session.online else "OfflineEventAttendanceMode"),
        "eventStatus": EVENT_STATUS[session.status],
        "location": location(session, page_url, country),
        "offers": {
            "@type": "Offer",
            "price": price,
            "priceCurrency": offer.price.currency,
            "availability": availability,
            "url": register_url or page_url,
        },
        "instructor": {"@type": "Person", "name": offer.trainer},
        "performer": {"@type": "Person", "name": offer.trainer},
    }
    if valid_from:
        instance["offers"]["validFrom"] = valid_from
    if organizer:
        instance["organizer"] = organizer
    if image:
        instance["image"] = [image]
    if session.previous_start and session.status != "cancelled":
        instance["previousStartDate"] = session.previous_start.isoformat()
    return instance


def course(
    offer: Offer, upcoming_sessions, *, page_url: str, provider_name: str, provider_url: str = "", instance=None
) -> dict:
    """The ``Course`` object of *offer* with one instance per upcoming session.

    *instance* makes the instance of one session (default: :func:`course_instance` without
    registration details); an offer without upcoming sessions gets one instance with its
    course mode and workload only.
    """
    price = shown_price(offer)
    provider = {"@type": "Organization", "name": provider_name}
    if provider_url:
        provider["url"] = provider_url
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": offer.title,
        "description": offer.summary,
        "url": page_url,
        "inLanguage": offer.lang,
        "provider": provider,
        "audience": {"@type": "Audience", "audienceType": offer.audience},
        "teaches": list(offer.goals),
        "offers": {
            "@type": "Offer",
            "category": "Paid",
            "url": page_url,
            "price": price,
            "priceCurrency": offer.price.currency,
            "priceSpecification": {
                "@type": "PriceSpecification",
                "price": price,
                "priceCurrency": offer.price.currency,
                "valueAddedTaxIncluded": offer.buyers != "business",
            },
        },
        "hasCourseInstance": [
            (instance or (lambda s: course_instance(s, offer, page_url)))(s) for s in upcoming_sessions
        ]
        or [without_dates(offer)],
    }


def without_dates(offer: Offer) -> dict:
    """The ``CourseInstance`` of an offer with dates on request: its mode, and its workload
    from any session it had."""
    instance = {"@type": "CourseInstance", "courseMode": FORMAT_MODES.get(offer.format, "onsite")}
    if offer.sessions:
        instance["courseWorkload"] = workload(list(offer.sessions[-1:]))
    return instance
