"""Engagements and the disclosures that report them: certified items that later report an
approved engagement link to it, and a proposal can be opened from a certified item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.models import DisclosureVersion
from app.engagements.enums import EngagementKind, EngagementStatus
from app.engagements.models import EngagementLink, EngagementProposal, engagement_partner
from app.engagements.operations import new_proposal, screen_proposal
from app.extensions import db
from app.organisations.operations import find_or_create_organisation
from app.people.models import Person
from app.record.models import VersionItem

#: The kind of proposal an item of each kind would have needed.
KIND_FOR_ITEM = {
    ItemKind.INFORMAL_COLLABORATION: EngagementKind.RESEARCH_COLLABORATION,
    ItemKind.SUPPORT: EngagementKind.SPONSORED_RESEARCH,
    ItemKind.FOREIGN_APPOINTMENT: EngagementKind.CONSULTING,
    ItemKind.OUTSIDE_ACTIVITY: EngagementKind.CONSULTING,
    ItemKind.OUTSIDE_COMPENSATION: EngagementKind.CONSULTING,
    ItemKind.FINANCIAL_INTEREST: EngagementKind.SPONSORED_RESEARCH,
    ItemKind.SPONSORED_TRAVEL: EngagementKind.RESEARCH_COLLABORATION,
}
APPROVED = (EngagementStatus.APPROVED, EngagementStatus.APPROVED_WITH_CONDITIONS)


def link_reported_engagements(version: DisclosureVersion) -> list[EngagementLink]:
    """Link each certified item to the filer's approved engagements with its organisation."""
    person_id = version.disclosure.person_id
    items = db.session.scalars(select(VersionItem).where(VersionItem.version_id == version.id))
    links = []
    for item in items:
        if item.organisation_id is None:
            continue
        proposals = db.session.scalars(
            select(EngagementProposal.id)
            .join(engagement_partner, engagement_partner.c.proposal_id == EngagementProposal.id)
            .where(
                EngagementProposal.pi_id == person_id,
                EngagementProposal.status.in_(APPROVED),
                engagement_partner.c.organisation_id == item.organisation_id,
            )
        )
        for proposal_id in proposals:
            exists = db.session.scalar(
                select(EngagementLink.id).where(
                    EngagementLink.proposal_id == proposal_id,
                    EngagementLink.item_id == item.item_id,
                )
            )
            if exists is None:
                link = EngagementLink(proposal_id=proposal_id, item_id=item.item_id)
                db.session.add(link)
                links.append(link)
    db.session.flush()
    return links


@dataclass(frozen=True)
class Coverage:
    proposal_id: int
    decided_at: datetime | None
    with_conditions: bool

    @property
    def words(self) -> str:
        when = f" on {self.decided_at.day} {self.decided_at:%B %Y}" if self.decided_at else ""
        conditions = " with conditions" if self.with_conditions else ""
        return f"Covered by engagement {self.proposal_id}, approved{when}{conditions}"


def coverage_of(item: VersionItem) -> Coverage | None:
    """The approved engagement a certified item reports, if any."""
    proposal = db.session.scalars(
        select(EngagementProposal)
        .join(EngagementLink, EngagementLink.proposal_id == EngagementProposal.id)
        .where(EngagementLink.item_id == item.item_id, EngagementProposal.status.in_(APPROVED))
        .order_by(EngagementProposal.decided_at.desc())
    ).first()
    if proposal is None:
        return None
    return Coverage(
        proposal.id,
        proposal.decided_at,
        proposal.status is EngagementStatus.APPROVED_WITH_CONDITIONS,
    )


def proposal_from_item(pi: Person, item: VersionItem) -> EngagementProposal:
    """A draft proposal pre-filled from a certified item whose flag needs elevated review."""
    proposal = new_proposal(pi, KIND_FOR_ITEM[ItemKind(item.kind)])
    proposal.title = f"{item.kind.label}: {item.organisation_name}"[:300]
    proposal.country = item.country
    proposal.source_item_id = item.id
    if item.organisation is not None:
        proposal.partners = [item.organisation]
    elif item.organisation_name:
        proposal.partners = [find_or_create_organisation(item.organisation_name, item.country)]
    screen_proposal(proposal)
    db.session.flush()
    return proposal
