"""How the API writes people, certified disclosures and flags as JSON: plain values,
enums by value, dates in ISO 8601 (the shapes are declared in openapi.py)."""

from __future__ import annotations

from typing import Any

from app.api.queries import OpenFlag
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.snapshots import item_snapshot
from app.people.models import Person
from app.record.queries import certified_items


def person_json(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "email": person.email,
        "name": person.full_name,
        "active": person.active,
        "department": (
            {"code": person.department.code, "name": person.department.name}
            if person.department
            else None
        ),
        "roles": sorted(
            (
                {
                    "role": grant.role.value,
                    "department_code": grant.department.code if grant.department else None,
                }
                for grant in person.grants
            ),
            key=lambda role: (role["role"], role["department_code"] or ""),
        ),
    }


def certified_disclosure_json(disclosure: Disclosure, version: DisclosureVersion) -> dict[str, Any]:
    snapshot = version.snapshot
    items = [item_snapshot(item, item.item_id) for item in certified_items(version)]
    return {
        "disclosure_id": disclosure.id,
        "title": disclosure.title,
        "kind": disclosure.kind.value,
        "cycle_year": disclosure.cycle.year if disclosure.cycle else None,
        "event_date": disclosure.event_date.isoformat() if disclosure.event_date else None,
        "status": disclosure.status.value,
        "version": version.number,
        "submitted_at": version.submitted_at.isoformat(),
        "certified_by": version.typed_name,
        "certification": version.certification,
        "talent_program_answer": snapshot.get("talent_program_answer"),
        "talent_program_details": snapshot.get("talent_program_details", ""),
        "items": items,
    }


def flag_json(open_flag: OpenFlag) -> dict[str, Any]:
    flag, decided = open_flag.flag, open_flag.disposition
    return {
        "id": flag.id,
        "person_id": open_flag.person_id,
        "disclosure_id": open_flag.disclosure_id,
        "item_id": open_flag.item_id,
        "field": flag.field,
        "fields": flag.fields,
        "category": flag.category,
        "severity": flag.severity.value,
        "matched": flag.matched,
        "entry_id": flag.entry_id,
        "canonical_name": flag.canonical_name,
        "source": flag.source,
        "explanation": flag.explanation,
        "watchlist_version": flag.watchlist_version,
        "raised_at": flag.raised_at.isoformat(),
        "disposition": (
            {"disposition": decided.disposition.value, "decided_at": decided.decided_at.isoformat()}
            if decided
            else None
        ),
    }
