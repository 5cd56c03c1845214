"""Foreign money the university receives, from the certified record: the NSF foreign
financial disclosure list and the Section 117 worksheet.

Only items whose money flows through the university count (the filer says so on each
support, compensation, appointment and outside activity; the contract behind an item
follows its item). Each certified disclosure's latest version is read; an item carried
from one year's disclosure into the next is counted once. A source's money is counted in
the calendar year it is received: a compensation on its date, an award in the year it
starts, a yearly amount (appointment, activity) in every year it runs. Amounts in another
currency are converted with the rate table (Treasury Reporting Rates of Exchange) in force
on that date, the rate named beside the amount; one with no known rate is listed but not
added up, for counsel to convert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.disclosures.enums import FundsRoute
from app.disclosures.models import Disclosure
from app.extensions import db
from app.people.models import Person
from app.rates.conversion import MissingRate, RateTable
from app.rates.queries import rate_table
from app.record.models import (
    FrozenForeignAppointment,
    FrozenOutsideActivity,
    FrozenOutsideCompensation,
    FrozenSupport,
    VersionItem,
)
from app.record.queries import certified_items
from app.screening.operations import COUNTRIES_OF_CONCERN
from forms.choices import country_name

UNITED_STATES = "US"


@dataclass(frozen=True)
class FundingItem:
    person: str
    kind: str
    source: str
    country: str
    country_code: str
    year: int
    amount: Decimal
    currency: str
    what: str
    conditions: str
    disclosure: str
    #: The amount in US dollars; None when no rate is known for its currency.
    usd: Decimal | None
    #: The rate and its effective date, for an amount converted.
    conversion: str


@dataclass
class FundingSource:
    source: str
    country: str
    country_code: str
    year: int
    items: list[FundingItem] = field(default_factory=list)

    @property
    def total_usd(self) -> Decimal:
        return sum((i.usd for i in self.items if i.usd is not None), Decimal(0))

    @property
    def unconverted(self) -> str:
        others = sorted({f"{i.currency} {i.amount:,.2f}" for i in self.items if i.usd is None})
        return "; ".join(others)

    @property
    def conditions(self) -> str:
        return "; ".join(sorted({i.conditions for i in self.items if i.conditions}))

    def standing(self, threshold: int) -> str | None:
        """Whether the source reaches the threshold, in words; None when it does not.
        A source with amounts in other currencies is listed for counsel to convert."""
        if self.total_usd >= threshold:
            return "Over the threshold"
        if self.unconverted:
            return "To check: amounts in a currency with no known rate"
        return None

    @property
    def of_concern(self) -> bool:
        return self.country_code in COUNTRIES_OF_CONCERN


def _conditions(item: VersionItem) -> str:
    contract = item.contract if item.backed_by_contract else None
    if contract is None:
        return ""
    parts = [f"{contract.contract_type} signed {contract.signed_on.isoformat()}"]
    for label, value in (
        ("IP", contract.ip_terms),
        ("confidentiality", contract.confidentiality_terms),
        ("governing law", contract.governing_law),
    ):
        if value:
            parts.append(f"{label}: {value}")
    return ", ".join(parts)


def _years(starts_on: date, ends_on: date | None, until: int) -> range:
    return range(starts_on.year, (ends_on.year if ends_on else until) + 1)


def _money_of(item: VersionItem, until: int) -> list[tuple[date, Decimal, str]]:
    """(when received, amount, what) of the money an item brings."""
    if isinstance(item, FrozenSupport):
        money = [(item.starts_on, item.total_amount, f"Award: {item.title}")]
        if item.in_kind_value:
            money.append((item.starts_on, item.in_kind_value, f"In kind: {item.title}"))
        return money
    if isinstance(item, FrozenOutsideCompensation):
        return [(item.received_on, item.amount, f"Payment ({item.nature.label.lower()})")]
    if isinstance(item, FrozenForeignAppointment | FrozenOutsideActivity) and item.amount:
        title = getattr(item, "title", "") or getattr(item, "role_title", "")
        return [
            (date(year, 12, 31), item.amount, f"Yearly amount: {title}")
            for year in _years(item.starts_on, item.ends_on, until)
        ]
    return []


def _in_dollars(rates: RateTable, amount: Decimal, currency: str, on: date):
    try:
        conversion = rates.convert(amount, currency, on)
    except MissingRate:
        return None, ""
    return conversion.usd, conversion.describe() if conversion.rate is not None else ""


def _latest_versions() -> list[tuple[Disclosure, Person]]:
    rows = db.session.execute(
        select(Disclosure, Person)
        .join(Person, Person.id == Disclosure.person_id)
        .where(Disclosure.certified_version_id.is_not(None))
        .order_by(Disclosure.year, Disclosure.id)
    )
    return [(disclosure, person) for disclosure, person in rows]


def foreign_funding_items(year: int) -> list[FundingItem]:
    """Every foreign amount received through the university in a calendar year."""
    found: dict[tuple, FundingItem] = {}
    rates = rate_table()
    for disclosure, person in _latest_versions():
        for item in certified_items(disclosure.certified_version):
            route = getattr(item, "funds_route", None)
            if route is not FundsRoute.UNIVERSITY or item.country in ("", UNITED_STATES):
                continue
            for received_on, amount, what in _money_of(item, year):
                money_year = received_on.year
                if money_year != year or not amount:
                    continue
                usd, conversion = _in_dollars(rates, amount, item.currency, received_on)
                row = FundingItem(
                    person=person.full_name,
                    kind=item.kind.label,
                    source=item.organisation_name,
                    country=country_name(item.country),
                    country_code=item.country,
                    year=money_year,
                    amount=amount,
                    currency=item.currency,
                    what=what,
                    conditions=_conditions(item),
                    disclosure=disclosure.title,
                    usd=usd,
                    conversion=conversion,
                )
                # The same item carried into a later year's disclosure is one receipt.
                key = (person.id, item.kind, item.organisation_name, what, amount, money_year)
                found[key] = row
    return sorted(found.values(), key=lambda i: (i.country, i.source, i.person))


def _by_source(items: list[FundingItem]) -> list[FundingSource]:
    sources: dict[tuple[str, str], FundingSource] = {}
    for item in items:
        key = (" ".join(item.source.casefold().split()), item.country_code)
        sources.setdefault(
            key, FundingSource(item.source, item.country, item.country_code, item.year)
        ).items.append(item)
    return sorted(sources.values(), key=lambda s: (s.country, s.source))


def nsf_foreign_sources(year: int, threshold: int) -> list[FundingSource]:
    """Sources associated with a foreign country of concern of `threshold` dollars or more
    in the year (CHIPS and Science Act 10339B)."""
    return [
        source
        for source in _by_source(foreign_funding_items(year))
        if source.of_concern and source.standing(threshold)
    ]


def section_117_sources(year: int, threshold: int) -> list[FundingSource]:
    """Foreign sources totalling `threshold` dollars or more in the calendar year, by
    country (Higher Education Act section 117)."""
    return [s for s in _by_source(foreign_funding_items(year)) if s.standing(threshold)]
