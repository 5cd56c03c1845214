"""The facts the agency risk pre-check weighs, gathered from what Candor holds for the
university's people on a proposal: their latest certified disclosures (items, flags,
the talent-program answer) and their other engagement proposals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import with_polymorphic

from app.clock import local_today
from app.disclosures.enums import InterestRelationship, ItemKind, YesNoUnknown
from app.disclosures.models import Disclosure, DisclosureVersion
from app.engagements.enums import EngagementStatus
from app.engagements.models import EngagementPerson, EngagementProposal
from app.engagements.precheck import Assessment, Fact, Matrix, assess, load_matrix
from app.extensions import db
from app.people.models import Person
from app.record.models import VersionFlag, VersionItem
from app.screening.flags import Category, Severity

#: Which certified items bear on which factor when they carry a policy flag.
AFFILIATION_KINDS = (ItemKind.OUTSIDE_ACTIVITY, ItemKind.FOREIGN_APPOINTMENT)
FUNDING_KINDS = (ItemKind.SUPPORT, ItemKind.OUTSIDE_COMPENSATION)


def people_of(proposal: EngagementProposal) -> list[Person]:
    """The PI and the university's colleagues named on the proposal."""
    colleagues = [p.person for p in proposal.people if p.person is not None]
    return list({person.id: person for person in [proposal.pi, *colleagues]}.values())


def item_dates(item: VersionItem) -> tuple[date | None, date | None]:
    """When the item began and ended, whatever its kind calls them."""
    begins = next(
        (
            getattr(item, name)
            for name in ("starts_on", "received_on", "since", "acquired_on", "departs_on")
            if getattr(item, name, None) is not None
        ),
        None,
    )
    return begins, getattr(item, "ends_on", None)


def facts_for(
    person: Person, matrix: Matrix, today: date, other_than: int | None = None
) -> list[Fact]:
    """Everything bearing on a factor for one person (`other_than`: the proposal asked about)."""
    every_kind = with_polymorphic(VersionItem, "*")
    rows = db.session.execute(
        select(every_kind, DisclosureVersion, Disclosure)
        .join(DisclosureVersion, DisclosureVersion.id == every_kind.version_id)
        .join(Disclosure, Disclosure.certified_version_id == DisclosureVersion.id)
        .where(Disclosure.person_id == person.id)
    ).all()
    facts = talent_answers(person)
    name = person.full_name
    flags_by_item: dict[int, list[VersionFlag]] = {}
    for flag in db.session.scalars(
        select(VersionFlag).where(
            VersionFlag.version_item_id.in_([row[0].id for row in rows]),
            VersionFlag.cleared_at.is_(None),
            VersionFlag.severity != Severity.INFO,
        )
    ):
        flags_by_item.setdefault(flag.version_item_id, []).append(flag)
    for item, version, _disclosure in rows:
        begins, ends = item_dates(item)
        current = ends is None or ends >= today
        when = begins or version.submitted_at.date()
        label = f"{item.kind.label}: {item.organisation_name or item.summary}"
        flags = flags_by_item.get(item.id, [])
        for flag in flags:
            if flag.category == Category.TALENT_PROGRAM:
                facts.append(
                    Fact("talent_program", name, f"{label} ({flag.canonical_name})", when, current)
                )
        listed = [f for f in flags if f.category != Category.TALENT_PROGRAM]
        if item.kind in AFFILIATION_KINDS and listed:
            facts.append(
                Fact("listed_affiliation", name, f"{label} ({listed[0].source})", when, current)
            )
        if item.kind is ItemKind.INFORMAL_COLLABORATION and listed:
            facts.append(
                Fact("listed_collaboration", name, f"{label} ({listed[0].source})", when, current)
            )
        if item.kind in FUNDING_KINDS and item.country in matrix.countries_of_concern:
            facts.append(
                Fact(
                    "foreign_funding", name, label, when, current and item.kind is ItemKind.SUPPORT
                )
            )
        if (
            item.kind is ItemKind.FINANCIAL_INTEREST
            and getattr(item, "relationship_type", None) is InterestRelationship.ROYALTIES_IP
            and item.country in matrix.countries_of_concern
        ):
            facts.append(Fact("patents", name, label, when, current))
    facts.extend(engagement_facts(person, today, other_than))
    return facts


def talent_answers(person: Person) -> list[Fact]:
    """A yes to the talent-program question, as certified (the version's snapshot)."""
    versions = db.session.execute(
        select(DisclosureVersion, Disclosure)
        .join(Disclosure, Disclosure.certified_version_id == DisclosureVersion.id)
        .where(Disclosure.person_id == person.id)
    ).all()
    return [
        Fact(
            "talent_program",
            person.full_name,
            f"Answered yes to the talent-program question in {disclosure.title}",
            version.submitted_at.date(),
            True,
        )
        for version, disclosure in versions
        if version.snapshot.get("talent_program_answer") == YesNoUnknown.YES.value
    ]


def engagement_facts(person: Person, today: date, other_than: int | None) -> list[Fact]:
    """Their other engagements with a listed partner, approved or under review."""
    involved = select(EngagementPerson.proposal_id).where(EngagementPerson.person_id == person.id)
    proposals = db.session.scalars(
        select(EngagementProposal).where(
            (EngagementProposal.pi_id == person.id) | EngagementProposal.id.in_(involved),
            EngagementProposal.id != (other_than or 0),
            EngagementProposal.status.not_in(
                [EngagementStatus.DRAFT, EngagementStatus.WITHDRAWN, EngagementStatus.DECLINED]
            ),
        )
    )
    facts = []
    for proposal in proposals:
        listed = [
            f
            for f in proposal.findings
            if f["severity"] != Severity.INFO and f["subject"] == "partner"
        ]
        if listed:
            entry = listed[0]
            facts.append(
                Fact(
                    "listed_collaboration",
                    person.full_name,
                    f"Engagement {proposal.id} with {entry['canonical_name']} ({entry['source']})",
                    proposal.starts_on,
                    proposal.ends_on is None or proposal.ends_on >= today,
                )
            )
    return facts


def precheck(proposal: EngagementProposal, today: date | None = None) -> Assessment:
    """The pre-check for everyone of the university on the proposal, this one excluded."""
    today = today or local_today()
    matrix = load_matrix()
    facts = [
        fact
        for person in people_of(proposal)
        for fact in facts_for(person, matrix, today, other_than=proposal.id)
    ]
    return assess(facts, today, matrix)
