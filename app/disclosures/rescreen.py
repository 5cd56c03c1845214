"""Re-screening every stored item against the current watchlist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.disclosures.enums import DisclosureStatus
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.extensions import db
from app.notifications.operations import notify_new_flags
from app.screening.operations import refresh_item_flags
from app.screening.queries import open_flags_on
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher


@dataclass(frozen=True)
class RescreenResult:
    items: int
    flags_added: int
    flags_cleared: int
    version: str


def rescreen_items() -> RescreenResult:
    """Screen every live item against the current watchlist, recording what changed
    (new flags, and flags cleared with the watchlist version that cleared them)."""
    sync_active_matcher(force=True)
    items = db.session.scalars(
        select(DisclosureItem)
        .where(DisclosureItem.withdrawn_at.is_(None))
        .order_by(DisclosureItem.id)
    )
    count = added = cleared = 0
    touched: dict[int, Disclosure] = {}
    for item in items:
        item_added, item_cleared = refresh_item_flags(item)
        count, added, cleared = count + 1, added + item_added, cleared + item_cleared
        if item_added and item.disclosure.status is not DisclosureStatus.DRAFT:
            touched[item.disclosure_id] = item.disclosure
    for disclosure in touched.values():
        notify_new_flags(open_flags_on(disclosure), disclosure)
    return RescreenResult(count, added, cleared, active_matcher().version)
