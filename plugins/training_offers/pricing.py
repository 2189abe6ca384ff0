"""Prices the way German offers show them: the gross price for consumers (``1.416,10 € inkl. 19 % MwSt.``,
§ 3 PAngV), the net one for businesses (``1.190 € zzgl. 19 % MwSt.``); ``€1,416.10 incl. 19% VAT``."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_percent

from .offers_model import Offer, Price

VAT_LABELS = {
    "de": {"net": "zzgl. MwSt.", "gross": "inkl. MwSt."},
    "en": {"net": "plus VAT", "gross": "incl. VAT"},
}
RATE_LABELS = {
    "de": {"net": "zzgl. {rate} MwSt.", "gross": "inkl. {rate} MwSt."},
    "en": {"net": "plus {rate} VAT", "gross": "incl. {rate} VAT"},
}
UNIT_LABELS = {
    "de": {"person": "pro Person", "group": "pauschal pro Gruppe"},
    "en": {"person": "per person", "group": "flat rate per group"},
}


def format_amount(price: Price, lang: str, amount: Decimal | None = None) -> str:
    """The amount (*amount*, else the price's own) with currency in *lang*; whole amounts without
    decimals (``1.190 €``)."""
    amount = price.amount if amount is None else amount
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace("0.00", "0")
    return format_currency(amount, price.currency, format=pattern, locale=lang, currency_digits=False)


def format_rate(rate: Decimal, lang: str) -> str:
    """``19 %`` (de) / ``19%`` (en): the VAT rate."""
    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("#,##0", "#,##0.##")
    return format_percent(rate / 100, locale=lang, format=pattern)


def vat_text(price: Price, lang: str, vat: str) -> str:
    """The price as *vat* (net or gross) with its rate: ``1.416,10 € inkl. 19 % MwSt.``."""
    amounts = price.amounts
    value = amounts.gross if vat == "gross" else amounts.net
    labels = RATE_LABELS.get(lang, RATE_LABELS["en"])
    return f"{format_amount(price, lang, value)} {labels[vat].format(rate=format_rate(price.vat_rate, lang))}"


def page_price(offer: Offer, lang: str) -> str:
    """The price as the offer's page shows it: gross where consumers may book (§ 3 PAngV), net for
    an offer for businesses only; ``sessions.json`` carries the same text to the confirmation mail."""
    return vat_text(offer.price, lang, "net" if offer.buyers == "business" else "gross")


def format_price(price: Price, lang: str) -> str:
    """Amount, currency and VAT note in *lang*: ``1.190 € zzgl. MwSt.``."""
    labels = VAT_LABELS.get(lang, VAT_LABELS["en"])
    return f"{format_amount(price, lang)} {labels[price.vat]}"


def price_unit(price: Price, lang: str) -> str:
    """What the amount is for, in *lang*: ``pro Person`` / ``pauschal pro Gruppe``."""
    return UNIT_LABELS.get(lang, UNIT_LABELS["en"])[price.unit]
