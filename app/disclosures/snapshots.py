"""Freezing a disclosure into a version, and the readable difference between two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.disclosures.contract_terms import CONTRACT_FIELDS
from app.disclosures.enums import ItemKind
from app.disclosures.filters import snapshot_value
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.jsonable import jsonable


def item_snapshot(item: DisclosureItem, item_id: int | None = None) -> dict[str, Any]:
    """An item's values as JSON (live or frozen: `item_id` names the live item)."""
    fields = {name: jsonable(getattr(item, name)) for name in type(item).kind_columns()}
    snapshot: dict[str, Any] = {
        "item_id": item.id if item_id is None else item_id,
        "kind": ItemKind(item.kind).value,
        "organisation": item.organisation_display,
        "country": item.country,
        "backed_by_contract": item.backed_by_contract,
        "fields": fields,
    }
    if item.backed_by_contract and item.contract is not None:
        snapshot["contract"] = {
            "counterparty": item.contract.counterparty_name,
            "country": item.contract.country,
            **{name: jsonable(getattr(item.contract, name)) for name in CONTRACT_FIELDS},
        }
    return snapshot


def disclosure_snapshot(disclosure: Disclosure) -> dict[str, Any]:
    return {
        "talent_program_answer": jsonable(disclosure.talent_program_answer),
        "talent_program_details": disclosure.talent_program_details,
        "items": [item_snapshot(item) for item in disclosure.live_items],
    }


@dataclass(frozen=True)
class Change:
    """One difference between two versions, in words a reader follows."""

    what: str  # "added", "removed" or "changed"
    item: str  # which item (kind and organisation), or "Disclosure"
    field: str = ""
    before: Any = None
    after: Any = None


def _item_label(snapshot: dict[str, Any]) -> str:
    kind = ItemKind(snapshot["kind"]).label
    name = snapshot.get("organisation") or snapshot["fields"].get("title") or ""
    return f"{kind}: {name}" if name else kind


def _flatten(snapshot: dict[str, Any]) -> dict[str, Any]:
    flat = {
        "organisation": snapshot.get("organisation"),
        "country": snapshot.get("country"),
        "backed_by_contract": snapshot.get("backed_by_contract"),
        **snapshot["fields"],
    }
    for name, value in (snapshot.get("contract") or {}).items():
        flat[f"contract {name}"] = value
    return flat


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed from one version to the next, item by item and field by field.

    Items are matched by the item they were copied from, so an edited item shows as
    changed fields rather than as one removed and one added.
    """
    changes = [
        Change(
            "changed",
            "Disclosure",
            field,
            snapshot_value(None, field, before.get(field)),
            snapshot_value(None, field, after.get(field)),
        )
        for field in ("talent_program_answer", "talent_program_details")
        if before.get(field) != after.get(field)
    ]
    old_items = {item["item_id"]: item for item in before["items"]}
    new_items = {item["item_id"]: item for item in after["items"]}
    for item_id, new in new_items.items():
        old = old_items.get(item_id)
        if old is None:
            changes.append(Change("added", _item_label(new)))
            continue
        old_flat, new_flat = _flatten(old), _flatten(new)
        for field in dict.fromkeys([*old_flat, *new_flat]):
            if old_flat.get(field) != new_flat.get(field):
                kind = new["kind"]
                changes.append(
                    Change(
                        "changed",
                        _item_label(new),
                        field,
                        snapshot_value(kind, field, old_flat.get(field)),
                        snapshot_value(kind, field, new_flat.get(field)),
                    )
                )
    changes.extend(
        Change("removed", _item_label(old))
        for item_id, old in old_items.items()
        if item_id not in new_items
    )
    return changes
