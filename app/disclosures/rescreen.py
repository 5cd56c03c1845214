"""Re-screening stored items against the current watchlist.

What reviewers see is the certified record, so the items of every disclosure's latest
certified version are screened again and their flags kept current; the items of drafts
(the filer's guide while editing) are screened too, for their filer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload, with_polymorphic

from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.extensions import db
from app.record.models import VersionItem
from app.record.operations import rescreen_versions
from app.screening.flags import InfoKind
from app.screening.operations import apply_screening
from app.screening.queries import open_flags_for
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher
from app.screening.watchlist_operations import announce_rescreen
from app.signals import flags_raised


@dataclass(frozen=True)
class RescreenResult:
    items: int
    flags_added: int
    flags_cleared: int
    version: str


BATCH = 500


def _batches(query: Select, entity: Any) -> Iterator[list[Any]]:
    """Rows of `query` in id order, a batch at a time (a few queries per batch)."""
    last_id = 0
    while True:
        batch = list(db.session.scalars(query.where(entity.id > last_id).limit(BATCH)))
        if not batch:
            return
        yield batch
        last_id = batch[-1].id


def draft_item_batches() -> Iterator[list[DisclosureItem]]:
    """Live items of disclosures their filer can change now."""
    every_kind = with_polymorphic(DisclosureItem, "*")
    editable = [s for s in Disclosure.status.type.enum_class if s.editable]
    query = (
        select(every_kind)
        .join(Disclosure, Disclosure.id == every_kind.disclosure_id)
        .where(every_kind.withdrawn_at.is_(None), Disclosure.status.in_(editable))
        .order_by(every_kind.id)
    )
    return _batches(query, every_kind)


def certified_item_batches() -> Iterator[list[VersionItem]]:
    """Items of every disclosure's latest certified version."""
    every_kind = with_polymorphic(VersionItem, "*")
    query = (
        select(every_kind)
        .join(Disclosure, Disclosure.certified_version_id == every_kind.version_id)
        .options(selectinload(every_kind.contract))
        .order_by(every_kind.id)
    )
    return _batches(query, every_kind)


def rescreen_items() -> RescreenResult:
    """Screen every certified and draft item against the current watchlist, recording
    what changed (new flags, and flags cleared with the watchlist version that cleared
    them); the COI office hears of new flags on certified versions."""
    sync_active_matcher(force=True)
    version = active_matcher().version
    count = added = cleared = 0
    raised: dict[int, list] = {}
    for batch in certified_item_batches():
        batch_added, batch_cleared, batch_raised = rescreen_versions(batch, version)
        count, added, cleared = count + len(batch), added + batch_added, cleared + batch_cleared
        for version_id, flags in batch_raised.items():
            raised.setdefault(version_id, []).extend(flags)
    for batch in draft_item_batches():
        open_flags = open_flags_for([item.id for item in batch])
        for item in batch:
            item_added, item_cleared = apply_screening(item, open_flags[item.id], version)
            count, added, cleared = count + 1, added + item_added, cleared + item_cleared
    by_disclosure: dict[int, tuple[int, int]] = {}
    if raised:
        for disclosure in db.session.scalars(
            select(Disclosure).where(Disclosure.certified_version_id.in_(list(raised)))
        ):
            flags = raised[disclosure.certified_version_id]
            # Sent by no one in particular: the watchlist changed, not a person's action.
            flags_raised.send(
                None, disclosure=disclosure, version=disclosure.certified_version, flags=flags
            )
            ended = sum(flag.category == InfoKind.FORMERLY_LISTED for flag in flags)
            by_disclosure[disclosure.id] = (len(flags), ended)
    announce_rescreen(version, by_disclosure)
    return RescreenResult(count, added, cleared, active_matcher().version)
