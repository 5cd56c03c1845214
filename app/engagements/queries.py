"""What the engagement pages need: a proposal's partners as Candor knows them, its
history and comments, and the lists of proposals by who may see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from app.engagements.enums import CommentAudience, EngagementStatus
from app.engagements.models import EngagementComment, EngagementEvent, EngagementProposal
from app.engagements.red_lines import Crossing, Subject, crossings
from app.extensions import db
from app.people.models import Person
from app.review.models import ManagementPlan
from app.screening.flags import Severity, parse_flag_category


@dataclass(frozen=True)
class Listing:
    """One watchlist entry a name matched, as the matcher's flag describes it."""

    entry_name: str
    category_label: str
    severity: Severity
    source: str
    explanation: str
    #: The watchlist entry, for the link to the profile of the organisation it names.
    entry_id: str = ""


@dataclass
class Known:
    """What Candor knows about one screened name on a proposal (a partner, an employer).

    Built from the matcher's flags today; this is the one place to point at the watchlist
    entity profiles (lists with editions, parents and subsidiaries) when they exist."""

    subject: Subject
    name: str
    listings: list[Listing] = field(default_factory=list)
    #: The red lines this name crosses; empty when none does.
    crossed: list[Crossing] = field(default_factory=list)

    @property
    def rule(self) -> str:
        """The university's rule for this name, in words."""
        if self.crossed:
            return "Not permitted under university policy: " + " ".join(
                dict.fromkeys(c.rule.reason for c in self.crossed)
            )
        if any(listing.severity is not Severity.INFO for listing in self.listings):
            return "Permitted only after elevated-risk review."
        if self.listings:
            return "An institution in a country of concern: the review weighs the engagement."
        return "Not on any list Candor screens against."


def _listing(finding: dict[str, Any]) -> Listing:
    return Listing(
        entry_name=finding["canonical_name"],
        category_label=parse_flag_category(finding["category"]).label,
        severity=Severity(finding["severity"]),
        source=finding["source"],
        explanation=finding["explanation"],
        entry_id=finding.get("entry_id", ""),
    )


def what_candor_knows(proposal: EngagementProposal) -> list[Known]:
    """Each screened name of the proposal with its listings and the rule that applies."""
    crossed = crossings(proposal.kind, proposal.findings)
    names: list[tuple[Subject, str]] = [(Subject.PARTNER, o.name) for o in proposal.partners]
    if proposal.kind.hosts_visitor and proposal.visitor_employer.strip():
        names.append((Subject.VISITOR_EMPLOYER, proposal.visitor_employer.strip()))
    names.extend(
        (Subject.VISITOR_PRIOR, line.strip())
        for line in proposal.visitor_prior_affiliations.splitlines()
        if proposal.kind.hosts_visitor and line.strip()
    )
    known = {key: Known(*key) for key in names}
    for finding in proposal.findings:
        key = (Subject(finding["subject"]), finding["text"])
        if key not in known:
            known[key] = Known(*key)
        if all(entry.entry_name != finding["canonical_name"] for entry in known[key].listings):
            known[key].listings.append(_listing(finding))
    for crossing in crossed:
        key = (Subject(crossing.finding["subject"]), crossing.finding["text"])
        known[key].crossed.append(crossing)
    return list(known.values())


def events_of(proposal: EngagementProposal) -> list[EngagementEvent]:
    return list(
        db.session.scalars(
            select(EngagementEvent)
            .where(EngagementEvent.proposal_id == proposal.id)
            .order_by(EngagementEvent.created_at, EngagementEvent.id)
        )
    )


def comments_of(proposal: EngagementProposal, reviewers_too: bool) -> list[EngagementComment]:
    query = select(EngagementComment).where(EngagementComment.proposal_id == proposal.id)
    if not reviewers_too:
        query = query.where(EngagementComment.audience == CommentAudience.PI)
    return list(db.session.scalars(query.order_by(EngagementComment.id)))


def plan_of(proposal: EngagementProposal) -> ManagementPlan | None:
    return db.session.scalars(
        select(ManagementPlan)
        .where(ManagementPlan.engagement_id == proposal.id, ManagementPlan.superseded_at.is_(None))
        .order_by(ManagementPlan.id.desc())
    ).first()


def proposals_of(pi: Person) -> list[EngagementProposal]:
    return list(
        db.session.scalars(
            select(EngagementProposal)
            .where(EngagementProposal.pi_id == pi.id)
            .order_by(EngagementProposal.created_at.desc())
        )
    )


def submitted_proposals(department_ids: list[int] | None) -> list[EngagementProposal]:
    """Every proposal that has been submitted (of these departments, or all for None)."""
    query = select(EngagementProposal).where(EngagementProposal.submitted_at.is_not(None))
    if department_ids is not None:
        query = query.join(Person, EngagementProposal.pi_id == Person.id).where(
            Person.department_id.in_(department_ids)
        )
    return list(db.session.scalars(query.order_by(EngagementProposal.submitted_at.desc())))


@dataclass
class Overview:
    """The Engagements view of a dashboard: open, decided, conditions due."""

    open: list[EngagementProposal]
    decided: list[EngagementProposal]
    conditions_due: list[tuple[EngagementProposal, ManagementPlan]]


def engagement_overview(department_ids: list[int] | None, today: date) -> Overview:
    proposals = submitted_proposals(department_ids)
    by_id = {proposal.id: proposal for proposal in proposals}
    plans = db.session.scalars(
        select(ManagementPlan).where(
            ManagementPlan.engagement_id.in_(list(by_id)),
            ManagementPlan.superseded_at.is_(None),
            ManagementPlan.review_on <= today,
        )
    )
    return Overview(
        open=[p for p in proposals if p.status.open and p.status is not EngagementStatus.DRAFT],
        decided=[p for p in proposals if p.status.decided],
        conditions_due=[(by_id[plan.engagement_id], plan) for plan in plans],
    )
