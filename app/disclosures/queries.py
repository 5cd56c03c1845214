"""Read-side helpers for filing: what a person owes, their disclosures and items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.cycles.models import Cycle
from app.cycles.queries import current_cycle, due_date_for
from app.disclosures.enums import DisclosureKind, DisclosureStatus, FilingStatus, ItemKind
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Delegation, Disclosure
from app.extensions import db
from app.people.models import Person


def filing_status(disclosure: Disclosure | None, due_on: date, today: date) -> FilingStatus:
    """A person's standing for one disclosure that is owed."""
    if disclosure is None:
        return standing(None, False, due_on, today)
    return standing(disclosure.status, bool(disclosure.versions), due_on, today)


def standing(
    status: DisclosureStatus | None, has_versions: bool, due_on: date, today: date
) -> FilingStatus:
    """The same, from plain values (for set-based queries over many people)."""
    if status is None or (status is DisclosureStatus.DRAFT and not has_versions):
        if today > due_on:
            return FilingStatus.OVERDUE
        return FilingStatus.DRAFT if status is not None else FilingStatus.NOT_STARTED
    if status is DisclosureStatus.RETURNED:
        return FilingStatus.RETURNED
    if status in (DisclosureStatus.APPROVED, DisclosureStatus.APPROVED_WITH_PLAN):
        return FilingStatus.APPROVED
    return FilingStatus.SUBMITTED


@dataclass(frozen=True)
class Owed:
    """One disclosure a person owes (or has filed), for their dashboard."""

    title: str
    due_on: date
    status: FilingStatus
    disclosure: Disclosure | None
    cycle: Cycle | None


def disclosures_of(person: Person) -> list[Disclosure]:
    return list(
        db.session.scalars(
            select(Disclosure)
            .where(Disclosure.person_id == person.id)
            .order_by(Disclosure.due_on.desc(), Disclosure.id.desc())
        )
    )


def what_is_owed(person: Person, today: date) -> list[Owed]:
    """The current annual disclosure (started or not) and every event disclosure."""
    owed: list[Owed] = []
    cycle = current_cycle(today)
    mine = disclosures_of(person)
    if cycle is not None:
        annual = next((d for d in mine if d.cycle_id == cycle.id), None)
        due_on = due_date_for(cycle, person.id)  # the person's extension, if any
        owed.append(
            Owed(
                f"Annual disclosure {cycle.year}",
                due_on,
                filing_status(annual, due_on, today),
                annual,
                cycle,
            )
        )
    for disclosure in mine:
        if disclosure.kind is DisclosureKind.EVENT:
            owed.append(
                Owed(
                    disclosure.title,
                    disclosure.due_on,
                    filing_status(disclosure, disclosure.due_on, today),
                    disclosure,
                    None,
                )
            )
    return owed


def earlier_disclosures(person: Person, today: date) -> list[Disclosure]:
    cycle = current_cycle(today)
    return [
        d
        for d in disclosures_of(person)
        if d.kind is DisclosureKind.ANNUAL and (cycle is None or d.cycle_id != cycle.id)
    ]


def items_by_kind(disclosure: Disclosure) -> dict[ItemKind, list[DisclosureItem]]:
    grouped: dict[ItemKind, list[DisclosureItem]] = {kind: [] for kind in ItemKind}
    for item in disclosure.live_items:
        grouped[ItemKind(item.kind)].append(item)
    return grouped


def item_form_data(item: DisclosureItem) -> dict[str, Any]:
    """An item's values as its edit form expects them."""
    data: dict[str, Any] = {name: getattr(item, name) for name in type(item).kind_columns()}
    for name, value in data.items():
        if hasattr(value, "value") and isinstance(value.value, str):
            data[name] = value.value
    data["organisation"] = item.organisation.name if item.organisation else ""
    data["country"] = item.country
    data["backed_by_contract"] = item.backed_by_contract
    contract = item.contract
    if contract is not None:
        data.update(
            contract_counterparty=(
                contract.counterparty.name
                if contract.counterparty_id != item.organisation_id
                else ""
            ),
            contract_country=contract.country,
            contract_type=contract.contract_type,
            contract_signed_on=contract.signed_on,
            contract_ends_on=contract.ends_on,
            contract_ip_terms=contract.ip_terms,
            contract_confidentiality_terms=contract.confidentiality_terms,
            contract_governing_law=contract.governing_law,
        )
    return data


def delegations_of(owner: Person) -> list[Delegation]:
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.owner_id == owner.id, Delegation.revoked_at.is_(None))
            .order_by(Delegation.created_at)
        )
    )


def people_who_delegated_to(delegate: Person) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .join(Delegation, Delegation.owner_id == Person.id)
            .where(Delegation.delegate_id == delegate.id, Delegation.revoked_at.is_(None))
            .order_by(Person.full_name)
        )
    )
