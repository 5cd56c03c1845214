"""The BIS affiliates rule: organisations 50% or more owned by listed parties.

The lists name a company, not every company it owns. When the COI office learns that an
organisation is owned 50% or more by listed parties, it records that here, with the
evidence; the matcher is then built with an entry for the organisation (its names, its
owner's category, the owner as its parent), so screening flags it as it would flag its
listed owner and its profile says why.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.audit.operations import record as audit
from app.extensions import db
from app.screening.matcher import Matcher
from app.screening.ownership_models import ListedOwnership
from app.screening.watchlist import WatchlistEntry

#: The affiliates rule reaches organisations at least this much owned by listed parties.
AFFILIATES_RULE_SHARE = Decimal(50)


class OwnershipError(ValueError):
    """A listed-ownership record that cannot be made, with the form field to show it by."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def listed_owners(organisation_id: int) -> list[ListedOwnership]:
    return list(
        db.session.scalars(
            select(ListedOwnership)
            .where(ListedOwnership.organisation_id == organisation_id)
            .order_by(ListedOwnership.recorded_at)
        )
    )


def record_listed_ownership(
    organisation_id: int,
    owner_entry_id: str,
    share_percent: Decimal,
    evidence: str,
    matcher: Matcher,
    actor_id: int,
) -> ListedOwnership:
    """Record that listed parties own `share_percent` of the organisation (COI office)."""
    entity = matcher.entity_of(owner_entry_id)
    owner = next((entry for entry in matcher.entries if entry.id == entity), None)
    if owner is None:
        raise OwnershipError("owner", "Choose the listed owner from the watchlist.")
    if share_percent < AFFILIATES_RULE_SHARE or share_percent > 100:
        raise OwnershipError(
            "share_percent", "The affiliates rule applies from 50% to 100% ownership."
        )
    ownership = ListedOwnership(
        organisation_id=organisation_id,
        owner_entry_id=entity,
        owner_name=owner.canonical_name[:500],
        share_percent=share_percent,
        evidence=evidence.strip(),
        recorded_by_id=actor_id,
    )
    db.session.add(ownership)
    db.session.flush()
    audit(
        "screening.listed_ownership",
        object_type="organisation",
        object_id=organisation_id,
        summary=f"Recorded {share_percent}% ownership by {owner.canonical_name} "
        "(BIS affiliates rule)",
        after={"owner": entity, "share_percent": str(share_percent), "evidence": evidence},
    )
    return ownership


def ownership_entries(entries: list[WatchlistEntry]) -> list[WatchlistEntry]:
    """A watchlist entry for each recorded organisation, named by the organisation's names
    and flagged as its listed owner's entry would be, with the owner as its parent."""
    from app.organisations.models import Organisation  # read only: screening is a leaf

    by_id = {entry.id: entry for entry in entries}
    rows = db.session.execute(
        select(ListedOwnership, Organisation)
        .join(Organisation, Organisation.id == ListedOwnership.organisation_id)
        .order_by(ListedOwnership.id)
    )
    made: dict[str, WatchlistEntry] = {}
    for ownership, organisation in rows:
        owner = by_id.get(ownership.owner_entry_id)
        entry_id = f"affiliate:{organisation.id}"
        if owner is None or entry_id in made:
            continue  # the owner left the watchlist, or a second owner: one entry is enough
        made[entry_id] = WatchlistEntry(
            id=entry_id,
            canonical_name=organisation.name,
            aliases=tuple(organisation.aliases),
            category=owner.category,
            severity=owner.severity,
            country=organisation.country or owner.country,
            source=(
                f"BIS affiliates rule: {ownership.share_percent}% owned by "
                f"{owner.canonical_name} ({owner.source}), recorded by the COI office on "
                f"{ownership.recorded_at:%d %b %Y}"
            ),
            parent=owner.canonical_name,
            basis=ownership.evidence,
        )
    return list(made.values())
