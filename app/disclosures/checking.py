"""Running the compliance checks on a disclosure: its items (live or certified) in the
checks' plain case form, and the findings mapped back to the items they concern.

The checks themselves are a pure core (`app/checks/`); this module only translates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.checks.findings import Finding
from app.checks.findings import Severity as FindingSeverity
from app.checks.queries import findings_for
from app.disclosures.enums import ItemKind, ValueBand
from app.disclosures.models import Disclosure
from app.jsonable import jsonable

RELATIONSHIPS = {
    "equity": "equity",
    "consulting_or_salary": "consulting",
    "honoraria": "honoraria",
    "royalties_ip": "royalties",
    "board_seat": "board",
    "gifts": "gift",
}
HELD_BY = {"self": "self", "spouse": "spouse", "dependent_child": "dependent"}
ENTITY_TYPES = {"non_profit": "nonprofit"}


def _value(value: Any) -> Any:
    return jsonable(value)


def _interest_amount(item: Any) -> Decimal:
    """The exact amount if given, else the low end of the value band chosen."""
    if item.exact_amount is not None:
        return item.exact_amount
    return Decimal(ValueBand(item.value_band).bounds[0])


def _person_months(item: Any) -> dict[str, str]:
    """Person-months of every project year (the form asks for months per year)."""
    per_year = (item.calendar_months or 0) + (item.academic_months or 0) + (item.summer_months or 0)
    return {str(year): str(per_year) for year in range(item.starts_on.year, item.ends_on.year + 1)}


def _kind_fields(item: Any) -> dict[str, Any]:
    kind = ItemKind(item.kind)
    organisation = item.organisation_display
    if kind is ItemKind.FINANCIAL_INTEREST:
        return {
            "kind": "financial_interest",
            "entity": organisation,
            "entity_type": ENTITY_TYPES.get(item.entity_type.value, item.entity_type.value),
            "country": item.country,
            "relationship": RELATIONSHIPS[item.relationship_type.value],
            "held_by": HELD_BY[item.held_by.value],
            "amount": str(_interest_amount(item)),
            "currency": item.currency,
            "received_on": _value(item.acquired_on),
        }
    if kind is ItemKind.OUTSIDE_ACTIVITY:
        return {
            "kind": "outside_activity",
            "organisation": organisation,
            "country": item.country,
            "role": item.role.value,
            "start": _value(item.starts_on),
            "end": _value(item.ends_on),
            "days_per_year": str(item.days_per_year),
            "compensated": item.compensated,
            "amount": _value(item.amount),
            "currency": item.currency,
            "resources_provided": "",
        }
    if kind is ItemKind.SUPPORT:
        return {
            "kind": "support",
            "title": item.title,
            "sponsor": organisation,
            "sponsor_country": item.country,
            "status": item.status.value,
            "start": _value(item.starts_on),
            "end": _value(item.ends_on),
            "amount": str(item.total_amount),
            "currency": item.currency,
            "person_months": _person_months(item),
            "in_kind_description": item.in_kind_description,
            "in_kind_value": _value(item.in_kind_value),
        }
    if kind is ItemKind.OUTSIDE_COMPENSATION:
        return {
            "kind": "compensation",
            "payer": organisation,
            "payer_country": item.country,
            "amount": str(item.amount),
            "currency": item.currency,
            "nature": item.nature.value,
            "date": _value(item.received_on),
            "payer_government_funded": item.payer_government_funded.value,
            "talent_program": "",
        }
    if kind is ItemKind.INFORMAL_COLLABORATION:
        return {
            "kind": "collaboration",
            "collaborator": item.collaborator,
            "institution": organisation,
            "country": item.country,
            "nature": item.nature.value,
            "since": _value(item.since),
        }
    if kind is ItemKind.FOREIGN_APPOINTMENT:
        return {
            "kind": "foreign_appointment",
            "institution": organisation,
            "country": item.country,
            "title": item.title,
            "paid": item.appointment_type.value,
            "talent_program": item.program_name,
            "start": _value(item.starts_on),
            "end": _value(item.ends_on),
            "amount": _value(item.amount),
            "currency": item.currency,
            "resources_provided": item.description,
        }
    return {
        "kind": "travel",
        "sponsor": organisation,
        "sponsor_country": item.country,
        "destination": item.destination,
        "start": _value(item.departs_on),
        "end": _value(item.returns_on),
        "value": _value(item.value),
        "currency": item.currency,
    }


def case_item(item: Any) -> dict[str, Any]:
    """One item (live or certified) in the checks' case form, with every text field."""
    fields = {**item.text_fields(), **_kind_fields(item)}
    if item.organisation_id is not None:
        fields["organisation_id"] = item.organisation_id
    contract = item.contract if item.backed_by_contract else None
    if contract is not None:
        fields["contract"] = {
            "counterparty": contract.counterparty_name,
            "country": contract.country,
            "document": contract.document_id is not None,
            "translation": contract.translation_id is not None,
        }
    return fields


@dataclass(frozen=True)
class CheckedFinding:
    """A finding and the items it concerns (those of the disclosure or, for a dropped tie,
    of the previous certified version)."""

    finding: Finding
    item_ids: tuple[int, ...]

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def blocks(self) -> bool:
        return self.finding.severity is FindingSeverity.BLOCK

    @property
    def warns(self) -> bool:
        return self.finding.severity is FindingSeverity.WARN


def check_items(
    disclosure: Disclosure, items: Sequence[Any], previous: Sequence[Any], as_of: date
) -> list[CheckedFinding]:
    answer = disclosure.talent_program_answer
    record = {
        "id": disclosure.id,
        "as_of": as_of.isoformat(),
        "talent_program_answer": answer.value
        if answer is not None and answer.value != "unknown"
        else None,
        "questionnaire": {},
        "items": [case_item(item) for item in items],
        "previous_items": [case_item(item) for item in previous],
    }
    checked = []
    for finding in findings_for(record):
        source = previous if finding.rule == "tie_dropped" else items
        ids = tuple(source[i].id for i in finding.items if 0 <= i < len(source))
        checked.append(CheckedFinding(finding, ids))
    return checked
