"""Prices the way German B2B offers show them: ``1.190 € zzgl. MwSt. pro Person`` / ``€1,190 plus VAT per person``."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_currency

from .offers_model import Price

VAT_LABELS = {
    "de": {"net": "zzgl. MwSt.", "gross": "inkl. MwSt."},
    "en": {"net": "plus VAT", "gross": "incl. VAT"},
}
UNIT_LABELS = {
    "de": {"person": "pro Person", "group": "pauschal pro Gruppe"},
    "en": {"person": "per person", "group": "flat rate per group"},
}


def format_amount(price: Price, lang: str) -> str:
    """The amount with currency in *lang*; whole amounts without decimals (``1.190 €``)."""
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    if price.amount == price.amount.to_integral_value():
        pattern = pattern.replace("0.00", "0")
    return format_currency(price.amount, price.currency, format=pattern, locale=lang, currency_digits=False)


def format_price(price: Price, lang: str) -> str:
    """Amount, currency and VAT note in *lang*: ``1.190 € zzgl. MwSt.``."""
    labels = VAT_LABELS.get(lang, VAT_LABELS["en"])
    return f"{format_amount(price, lang)} {labels[price.vat]}"


def price_unit(price: Price, lang: str) -> str:
    """What the amount is for, in *lang*: ``pro Person`` / ``pauschal pro Gruppe``."""
    return UNIT_LABELS.get(lang, UNIT_LABELS["en"])[price.unit]
