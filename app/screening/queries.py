"""Read-side helpers for stored flags."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.screening.flags import Severity
from app.screening.models import ItemFlag


def open_flags_for(item_ids: list[int]) -> dict[int, list[ItemFlag]]:
    """Open flags of the given items, most serious first."""
    by_item: dict[int, list[ItemFlag]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return by_item
    flags = db.session.scalars(
        select(ItemFlag).where(ItemFlag.item_id.in_(item_ids), ItemFlag.cleared_at.is_(None))
    )
    for flag in flags:
        by_item[flag.item_id].append(flag)
    for flags_of_item in by_item.values():
        flags_of_item.sort(key=lambda f: (Severity(f.severity).rank, f.field))
    return by_item
