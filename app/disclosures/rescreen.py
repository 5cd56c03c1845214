"""Re-screening every stored item against the current watchlist."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload, with_polymorphic

from app.disclosures.enums import DisclosureStatus
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.extensions import db
from app.screening.operations import apply_screening
from app.screening.queries import open_flags_for, open_flags_on
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher
from app.signals import flags_raised


@dataclass(frozen=True)
class RescreenResult:
    items: int
    flags_added: int
    flags_cleared: int
    version: str


BATCH = 500


def item_batches() -> Iterator[list[DisclosureItem]]:
    """Every live item with what screening reads, a few queries per batch (not per item)."""
    every_kind = with_polymorphic(DisclosureItem, "*")
    last_id = 0
    while True:
        batch = list(
            db.session.scalars(
                select(every_kind)
                .where(every_kind.withdrawn_at.is_(None), every_kind.id > last_id)
                .options(selectinload(every_kind.disclosure))
                .order_by(every_kind.id)
                .limit(BATCH)
            )
        )
        if not batch:
            return
        yield batch
        last_id = batch[-1].id


def rescreen_items() -> RescreenResult:
    """Screen every live item against the current watchlist, recording what changed
    (new flags, and flags cleared with the watchlist version that cleared them)."""
    sync_active_matcher(force=True)
    version = active_matcher().version
    count = added = cleared = 0
    touched: dict[int, Disclosure] = {}
    for batch in item_batches():
        open_flags = open_flags_for([item.id for item in batch])
        for item in batch:
            item_added, item_cleared = apply_screening(item, open_flags[item.id], version)
            count, added, cleared = count + 1, added + item_added, cleared + item_cleared
            if item_added and item.disclosure.status is not DisclosureStatus.DRAFT:
                touched[item.disclosure_id] = item.disclosure
    for disclosure in touched.values():
        # Sent by no one in particular: the watchlist changed, not a person's action.
        flags_raised.send(
            None,
            disclosure=disclosure,
            version=disclosure.latest_version,
            flags=open_flags_on(disclosure),
        )
    return RescreenResult(count, added, cleared, active_matcher().version)
