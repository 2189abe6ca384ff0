"""schema.org ``Course`` markup for an offer page (JSON-LD), deterministic and safe inside ``<script>``."""

from __future__ import annotations

from sitecore.templates import script_json

from .offers_model import Offer, Session


def course_mode(session: Session) -> str:
    """schema.org courseMode of one session."""
    return "online" if session.online else "onsite"


def course_instance(session: Session, offer: Offer, page_url: str) -> dict:
    """One ``CourseInstance`` for an upcoming session."""
    if session.online:
        location = {"@type": "VirtualLocation", "url": page_url}
    else:
        location = {"@type": "Place", "name": session.location, "address": session.location}
    return {
        "@type": "CourseInstance",
        "courseMode": course_mode(session),
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "location": location,
        "instructor": {"@type": "Person", "name": offer.trainer},
    }


def course(offer: Offer, upcoming_sessions, *, page_url: str, provider_name: str, provider_url: str = "") -> dict:
    """The ``Course`` object of *offer* with one instance per upcoming session."""
    price = str(offer.price.amount)
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
                "valueAddedTaxIncluded": offer.price.includes_vat,
            },
        },
        "hasCourseInstance": [course_instance(session, offer, page_url) for session in upcoming_sessions],
    }


def script_body(data: dict) -> str:
    """*data* as JSON for a ``<script type="application/ld+json">``: sorted keys, ``<>&`` escaped."""
    return script_json(data, sort_keys=True, indent=2)
