"""Significant financial interests (42 CFR 50.603) per entity, from certified items.

A pure function of certified items behind a small interface (`significant_interests`).
The compliance checks' `sfi_threshold` rule (app/checks) applies the same definition to a
disclosure being filed, but reports a finding in words; the relatedness queue and the NIH
report also need each interest's entity, natures and value, which this computes. The queue
can delegate the yes-or-no to that rule once its findings carry those.

Per entity, the investigator with spouse and dependent children, over the 12 months to
`as_of`: publicly traded entity, remuneration plus equity over $5,000; other entity,
remuneration over $5,000 or any equity; intellectual-property income over $5,000;
sponsored or reimbursed travel. Remuneration from US government bodies and US
universities is left out. An amount in another currency is converted with the rate table
(Treasury Reporting Rates of Exchange) at its date; with no rate for it the interest is
treated as significant, its value "cannot be readily determined", and the COI office
decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.disclosures.enums import (
    CompensationNature,
    EntityType,
    InterestRelationship,
    ValueBand,
)
from app.rates.conversion import MissingRate, RateTable
from app.record.models import (
    FrozenFinancialInterest,
    FrozenOutsideActivity,
    FrozenOutsideCompensation,
    FrozenSponsoredTravel,
    VersionItem,
)

THRESHOLD = Decimal(5000)
EXCLUDED_US_TYPES = (EntityType.GOVERNMENT, EntityType.UNIVERSITY)
RELATIONSHIP_NATURES = {
    InterestRelationship.EQUITY: "Equity",
    InterestRelationship.CONSULTING_OR_SALARY: "Consulting fees or salary",
    InterestRelationship.HONORARIA: "Honoraria",
    InterestRelationship.ROYALTIES_IP: "Intellectual property (royalties)",
    InterestRelationship.BOARD_SEAT: "Board fees",
    InterestRelationship.GIFTS: "Gifts",
}
COMPENSATION_NATURES = {
    CompensationNature.CONSULTING: "Consulting fees",
    CompensationNature.HONORARIUM: "Honoraria",
    CompensationNature.SPEAKING: "Speaking fees",
    CompensationNature.ROYALTIES: "Intellectual property (royalties)",
    CompensationNature.EXPERT_WITNESS: "Expert witness fees",
    CompensationNature.OTHER: "Other remuneration",
}


@dataclass
class SignificantInterest:
    entity_key: str
    entity_name: str
    #: The natures of the interest, as the NIH report names them.
    natures: list[str] = field(default_factory=list)
    #: Its value in US dollars; None when it cannot be readily determined.
    value: Decimal | None = Decimal(0)
    item_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    #: The conversions its value rests on (rate and effective date named).
    conversions: list[str] = field(default_factory=list)


@dataclass
class _Totals:
    name: str
    rates: RateTable | None = None
    #: Each conversion, as "CNY 500,000.00 = USD 70,422.54 at ...".
    conversions: list[str] = field(default_factory=list)
    publicly_traded: bool = False
    excluded: bool = False
    remuneration: Decimal = Decimal(0)
    equity: Decimal = Decimal(0)
    has_equity: bool = False
    royalties: Decimal = Decimal(0)
    travel: bool = False
    undetermined: bool = False
    natures: list[str] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)


def entity_key(item: VersionItem) -> str:
    """One key per entity: its registry record, else its name as certified."""
    if item.organisation_id is not None:
        return f"organisation:{item.organisation_id}"
    return "name:" + " ".join(item.organisation_name.casefold().split())


def _in_window(day: date | None, as_of: date) -> bool:
    return day is None or as_of - timedelta(days=365) <= day <= as_of


def _usd(totals: _Totals, amount: Decimal | None, currency: str, on: date) -> Decimal:
    if amount is None:
        return Decimal(0)
    if currency == "USD":
        return amount
    if totals.rates is None:
        totals.undetermined = True
        return Decimal(0)
    try:
        conversion = totals.rates.convert(amount, currency, on)
    except MissingRate:
        totals.undetermined = True
        return Decimal(0)
    totals.conversions.append(conversion.describe())
    return conversion.usd


def _interest_value(item: FrozenFinancialInterest) -> tuple[Decimal | None, str]:
    if item.exact_amount is not None:
        return item.exact_amount, item.currency
    return Decimal(ValueBand(item.value_band).bounds[0]), "USD"


def _add(totals: _Totals, item: VersionItem, as_of: date) -> None:
    nature = ""
    if isinstance(item, FrozenFinancialInterest):
        entity_type = EntityType(item.entity_type)
        totals.publicly_traded |= entity_type is EntityType.PUBLIC
        totals.excluded |= entity_type in EXCLUDED_US_TYPES and item.country == "US"
        relationship = InterestRelationship(item.relationship_type)
        amount, currency = _interest_value(item)
        nature = RELATIONSHIP_NATURES[relationship]
        if relationship is InterestRelationship.EQUITY:
            totals.has_equity = True
            totals.equity += _usd(totals, amount, currency, as_of)
        elif relationship is InterestRelationship.ROYALTIES_IP:
            totals.royalties += _usd(totals, amount, currency, as_of)
        else:
            totals.remuneration += _usd(totals, amount, currency, as_of)
    elif isinstance(item, FrozenOutsideCompensation):
        if not _in_window(item.received_on, as_of):
            return
        paid = CompensationNature(item.nature)
        nature = COMPENSATION_NATURES[paid]
        if paid is CompensationNature.ROYALTIES:
            totals.royalties += _usd(totals, item.amount, item.currency, item.received_on)
        else:
            totals.remuneration += _usd(totals, item.amount, item.currency, item.received_on)
    elif isinstance(item, FrozenOutsideActivity):
        ended_long_ago = item.ends_on is not None and item.ends_on < as_of - timedelta(days=365)
        if not item.compensated or item.starts_on > as_of or ended_long_ago:
            return
        nature = "Consulting fees" if item.role == "consultant" else "Fees or salary"
        totals.remuneration += _usd(totals, item.amount, item.currency, as_of)
    elif isinstance(item, FrozenSponsoredTravel):
        if not _in_window(item.departs_on, as_of):
            return
        nature = "Travel reimbursement"
        totals.travel = True
    else:
        return
    totals.item_ids.append(item.id)
    if nature and nature not in totals.natures:
        totals.natures.append(nature)


def _verdict(key: str, totals: _Totals) -> SignificantInterest | None:
    remuneration = Decimal(0) if totals.excluded else totals.remuneration
    reasons = []
    if totals.publicly_traded and remuneration + totals.equity > THRESHOLD:
        reasons.append("remuneration and equity of a publicly traded entity over $5,000")
    if not totals.publicly_traded and remuneration > THRESHOLD:
        reasons.append("remuneration over $5,000")
    if not totals.publicly_traded and totals.has_equity:
        reasons.append("equity in an entity that is not publicly traded")
    if totals.royalties > THRESHOLD:
        reasons.append("intellectual-property income over $5,000")
    if totals.travel and not totals.excluded:
        reasons.append("sponsored or reimbursed travel")
    if totals.undetermined:
        reasons.append("amounts in a currency with no known rate (value not readily determined)")
    if not reasons:
        return None
    value = None if totals.undetermined else remuneration + totals.equity + totals.royalties
    return SignificantInterest(
        key, totals.name, totals.natures, value, totals.item_ids, reasons, totals.conversions
    )


def significant_interests(
    items: Iterable[VersionItem], as_of: date, rates: RateTable | None = None
) -> list[SignificantInterest]:
    """The SFIs among a person's certified items, one per entity, by entity name; amounts
    in other currencies are converted with `rates` (without it, not readily determined)."""
    by_entity: dict[str, _Totals] = {}
    for item in items:
        if not item.organisation_name:
            continue
        key = entity_key(item)
        totals = by_entity.setdefault(key, _Totals(item.organisation_name, rates))
        _add(totals, item, as_of)
    found = [_verdict(key, totals) for key, totals in by_entity.items() if totals.item_ids]
    return sorted((s for s in found if s is not None), key=lambda s: s.entity_name.casefold())


def nih_value_band(value: Decimal | None) -> str:
    """The NIH FCOI report's value band: $0-4,999; $5,000-9,999; $10,000-19,999; $20,000
    steps to $100,000; then $50,000 steps; or "cannot be readily determined"."""
    if value is None:
        return "Value cannot be readily determined"
    amount = int(value)
    if amount < 5000:
        low, high = 0, 4999
    elif amount < 10000:
        low, high = 5000, 9999
    elif amount < 20000:
        low, high = 10000, 19999
    elif amount < 100000:
        low = 20000 + (amount - 20000) // 20000 * 20000
        high = low + 19999
    else:
        low = 100000 + (amount - 100000) // 50000 * 50000
        high = low + 49999
    return f"${low:,}-${high:,}"
