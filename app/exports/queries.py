"""What the format builders are fed, read from the certified record only.

A person's certified items are those of their latest certified annual disclosure and of
every event-driven disclosure certified after it: together, what the person last
certified about themselves. Drafts are never read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.disclosures.enums import (
    ActivityRole,
    DisclosureKind,
    ItemKind,
    SupportStatus,
)
from app.disclosures.models import Disclosure, DisclosureVersion
from app.exports.cpos import CposPosition, CposProfile, CposSupport
from app.extensions import db
from app.people.models import Person
from app.rates.conversion import MissingRate, RateTable
from app.rates.queries import rate_table
from app.record.models import (
    FrozenForeignAppointment,
    FrozenOutsideActivity,
    FrozenSupport,
    VersionItem,
)
from app.record.queries import certified_items
from forms.choices import country_name

#: Outside activities that are positions (the rest are consulting, boards, teaching ...).
POSITION_ROLES = (
    ActivityRole.VISITING_APPOINTMENT,
    ActivityRole.ADJUNCT_APPOINTMENT,
    ActivityRole.EMPLOYMENT,
)


def certified_versions_of(person: Person) -> list[DisclosureVersion]:
    """The certified versions that together state what the person last certified."""
    disclosures = list(
        db.session.scalars(
            select(Disclosure)
            .where(Disclosure.person_id == person.id, Disclosure.certified_version_id.is_not(None))
            .order_by(Disclosure.submitted_at)
        )
    )
    versions = [d.certified_version for d in disclosures if d.certified_version is not None]
    annual = max(
        (v for v in versions if v.disclosure.kind is DisclosureKind.ANNUAL),
        key=lambda v: (v.disclosure.year, v.submitted_at),
        default=None,
    )
    since = annual.submitted_at if annual is not None else None
    chosen = [annual] if annual is not None else []
    chosen += [
        v
        for v in versions
        if v.disclosure.kind is DisclosureKind.EVENT and (since is None or v.submitted_at > since)
    ]
    return sorted(chosen, key=lambda v: v.submitted_at)


def certified_items_of(person: Person) -> list[VersionItem]:
    return [item for version in certified_versions_of(person) for item in certified_items(version)]


def split_name(full_name: str) -> tuple[str, str, str]:
    parts = full_name.split()
    if len(parts) == 1:
        return parts[0], "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def _usd(
    amount: Decimal | None, currency: str, on: date, rates: RateTable
) -> tuple[Decimal | None, str]:
    """SciENcv takes dollars: another currency is converted at the rate in force when the
    project starts (the note names it); with no known rate it is left for the filer."""
    if amount is None or currency == "USD":
        return amount, ""
    try:
        conversion = rates.convert(amount, currency, on)
    except MissingRate:
        return None, f"{currency} {amount:,.2f}: no rate known; give the amount in dollars"
    return conversion.usd, conversion.describe()


def _support_entries(item: FrozenSupport, rates: RateTable) -> list[CposSupport]:
    months = item.calendar_months + item.academic_months + item.summer_months
    common = {
        "award_number": item.award_number,
        "source": item.organisation_name,
        "objectives": item.objectives,
        "overlap": item.overlap_statement,
        "starts_on": item.starts_on,
        "status": SupportStatus(item.status).value,
        "person_months": months,
    }
    award = _usd(item.total_amount, item.currency, item.starts_on, rates)
    in_kind = _usd(item.in_kind_value, item.currency, item.starts_on, rates)
    entries = []
    if item.total_amount or not item.in_kind_description.strip():
        entries.append(
            CposSupport(
                entry=f"Support \u201c{item.title}\u201d",
                in_kind=False,
                title=item.title,
                location=item.place_of_performance,
                amount=award[0],
                amount_note=award[1],
                in_kind_description="",
                ends_on=item.ends_on,
                **common,
            )
        )
    if item.in_kind_description.strip():
        entries.append(
            CposSupport(
                entry=f"In-kind contribution of \u201c{item.title}\u201d",
                in_kind=True,
                title="",
                location="",
                amount=in_kind[0],
                amount_note=in_kind[1],
                in_kind_description=item.in_kind_description,
                ends_on=None,
                **{**common, "person_months": None},
            )
        )
    return entries


def _position(item: VersionItem, title: str, as_of: date) -> CposPosition:
    ends_on = item.ends_on
    return CposPosition(
        entry=f"{ItemKind(item.kind).label}: {title} at {item.organisation_name}",
        title=title,
        organisation=item.organisation_name,
        country=country_name(item.country) if item.country else "",
        start_year=item.starts_on.year if item.starts_on else None,
        end_year=ends_on.year if ends_on else None,
        current=ends_on is None or ends_on >= as_of,
    )


def cpos_profile(person: Person, as_of: date) -> CposProfile:
    """The person's certified support (ended projects left out), in-kind contributions and
    positions, including foreign appointments."""
    first, middle, last = split_name(person.full_name)
    supports: list[CposSupport] = []
    positions: list[CposPosition] = []
    rates = rate_table()
    for item in certified_items_of(person):
        if isinstance(item, FrozenSupport) and item.ends_on >= as_of:
            supports += _support_entries(item, rates)
        elif isinstance(item, FrozenForeignAppointment):
            positions.append(_position(item, item.title, as_of))
        elif isinstance(item, FrozenOutsideActivity) and item.role in POSITION_ROLES:
            positions.append(
                _position(item, item.role_title or ActivityRole(item.role).label, as_of)
            )
    supports.sort(key=lambda s: (s.status != "current", s.starts_on, s.entry))
    return CposProfile(first, middle, last, positions=positions, supports=supports)
