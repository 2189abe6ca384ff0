"""Net and gross of an offer's price, the one rule the build (what a page shows) and the intake
(what the review step and the mails total) share. Pure, standard library only.

An offer's price is written once, ``net`` or ``gross``, with a VAT rate (19 % unless the offer
says otherwise); consumers are shown the gross price (§ 3 PAngV), businesses may see the net one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_VAT_RATE = Decimal(19)  # percent: the German standard rate (§ 12 (1) UStG)
VAT_MODES = ("net", "gross")
BUYERS = ("all", "business")  # who may book an offer: everyone, or businesses only (§ 14 BGB)
BUYER_TYPES = ("business", "consumer")  # what a registrant books as (§ 14 / § 13 BGB)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Amounts:
    """One price as net, VAT and gross, in the offer's currency, rounded to cents."""

    net: Decimal
    vat: Decimal
    gross: Decimal
    rate: Decimal

    def times(self, count: int) -> Amounts:
        """The amounts for *count* participants (each rounded price times the count)."""
        return Amounts(self.net * count, self.gross * count - self.net * count, self.gross * count, self.rate)


@dataclass(frozen=True)
class OfferPrice:
    """An offer's price as its file writes it: what ``sessions.json`` carries to the intake."""

    amount: Decimal
    currency: str
    vat: str  # net or gross: how the amount is written
    rate: Decimal = DEFAULT_VAT_RATE
    unit: str = "person"  # person: per participant; group: one flat rate

    @property
    def amounts(self) -> Amounts:
        """Net, VAT and gross of one unit."""
        return amounts(self.amount, self.vat, self.rate)

    def total(self, participants: int) -> Amounts:
        """What a registration of *participants* costs: per person times them, a group's flat rate once."""
        return self.amounts.times(participants if self.unit == "person" else 1)


def price_json(price: OfferPrice) -> dict:
    """*price* as ``sessions.json`` writes it (amounts as text: no float rounding)."""
    return {
        "amount": str(price.amount),
        "currency": price.currency,
        "vat": price.vat,
        "vat_rate": str(price.rate),
        "unit": price.unit,
    }


def parse_price_json(value) -> OfferPrice | None:
    """The ``price`` of a ``sessions.json`` entry, or None when it is missing or unreadable."""
    if not isinstance(value, dict) or value.get("vat") not in VAT_MODES:
        return None
    try:
        amount = Decimal(str(value.get("amount")))
    except ArithmeticError:
        return None
    rate = parse_rate(value.get("vat_rate", DEFAULT_VAT_RATE))
    if not amount.is_finite() or amount < 0 or rate is None or not isinstance(value.get("currency"), str):
        return None
    unit = "group" if value.get("unit") == "group" else "person"
    return OfferPrice(amount, value["currency"], value["vat"], rate, unit)


def amounts(amount: Decimal, vat: str, rate: Decimal = DEFAULT_VAT_RATE) -> Amounts:
    """Net, VAT and gross of *amount* written as *vat* (``net`` or ``gross``) at *rate* percent."""
    factor = 1 + rate / 100
    if vat == "gross":
        gross = amount.quantize(CENT, ROUND_HALF_UP)
        net = (amount / factor).quantize(CENT, ROUND_HALF_UP)
    else:
        net = amount.quantize(CENT, ROUND_HALF_UP)
        gross = (amount * factor).quantize(CENT, ROUND_HALF_UP)
    return Amounts(net, gross - net, gross, rate)


def parse_rate(value) -> Decimal | None:
    """A VAT rate in percent from 0 to 100 (``19``, ``7``, ``0``), or None when it is none."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        rate = Decimal(str(value).strip().rstrip("%").strip())
    except ArithmeticError:
        return None
    return rate if rate.is_finite() and 0 <= rate <= 100 else None
