"""Proposing an engagement and moving it through its review. Operations flush; the
request commits; every change is audited and announced (app/signals.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.audit.operations import record
from app.database import utcnow
from app.disclosures.enums import YesNoUnknown
from app.engagements.completeness import missing_for_submission
from app.engagements.enums import (
    CommentAudience,
    EngagementAction,
    EngagementKind,
    PersonRole,
)
from app.engagements.models import (
    EngagementComment,
    EngagementEvent,
    EngagementPerson,
    EngagementProposal,
)
from app.engagements.red_lines import Subject, crossings
from app.engagements.states import Capacity, Decision, check_guards, next_status
from app.extensions import db
from app.organisations.operations import find_or_create_organisation
from app.people.models import Person
from app.refusals import Refusal
from app.review.models import ManagementPlan
from app.screening.screen import screen_text
from app.screening.stored import sync_active_matcher
from app.signals import engagement_commented, engagement_moved

#: Text fields the proposal form sets as they are (blank when left empty).
PLAIN_FIELDS = (
    "title",
    "country",
    "funding_currency",
    "funding_recipient",
    "description",
    "benefits_specific",
    "benefits_broader",
    "benefits_unique",
    "risk_ip",
    "risk_export_control",
    "risk_data_security",
    "risk_national_security",
    "risk_economic",
    "risk_human_rights",
    "risk_of_not_doing",
    "visitor_employer",
    "visitor_prior_affiliations",
)


@dataclass(frozen=True)
class Outsider:
    """Someone outside the university named on a proposal."""

    name: str
    affiliation: str = ""
    role: PersonRole = PersonRole.PARTNER_CONTACT


def new_proposal(pi: Person, kind: EngagementKind) -> EngagementProposal:
    proposal = EngagementProposal(pi_id=pi.id, kind=kind, shared=[], findings=[])
    db.session.add(proposal)
    db.session.flush()
    return proposal


def save_proposal(proposal: EngagementProposal, data: dict[str, Any], actor: Person) -> None:
    """Keep what the PI typed, as typed (a draft need not be complete), and screen it."""
    if not proposal.status.editable:
        raise Refusal("title", "This proposal is under review; it can no longer be changed.")
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(proposal, name, data[name] if data[name] is not None else "")
    proposal.starts_on = data.get("starts_on")
    proposal.ends_on = data.get("ends_on")
    if proposal.starts_on and proposal.ends_on and proposal.ends_on < proposal.starts_on:
        raise Refusal("ends_on", "The planned end is before the planned start.")
    amount = data.get("funding_amount")
    proposal.funding_amount = Decimal(amount) if amount is not None else None
    proposal.shared = list(data.get("shared") or [])
    answer = data.get("export_controlled")
    proposal.export_controlled = YesNoUnknown(answer) if answer else None
    proposal.norms_confirmed = bool(data.get("norms_confirmed"))
    proposal.partners = [
        find_or_create_organisation(name, proposal.country) for name in data.get("partners", [])
    ]
    set_people(proposal, data.get("colleagues", []), data.get("outsiders", []))
    screen_proposal(proposal)
    db.session.flush()
    record(
        "engagement.save",
        object_type="engagement_proposal",
        object_id=proposal.id,
        actor=actor,
        summary=f"Engagement proposal {proposal.id} saved",
        after={"title": proposal.title, "partners": [p.name for p in proposal.partners]},
    )


def set_people(
    proposal: EngagementProposal, colleagues: Iterable[Person], outsiders: Iterable[Outsider]
) -> None:
    proposal.people = [
        EngagementPerson(
            person_id=person.id,
            name=person.full_name,
            affiliation=person.department.name if person.department else "",
            role=PersonRole.INVESTIGATOR,
        )
        for person in colleagues
    ] + [EngagementPerson(name=o.name, affiliation=o.affiliation, role=o.role) for o in outsiders]


def colleagues_by_email(emails: Iterable[str]) -> list[Person]:
    """The university's people named by address; an unknown one is refused beside the field."""
    people = []
    for email in emails:
        person = db.session.scalar(
            select(Person).where(func.lower(Person.email) == email.strip().lower())
        )
        if person is None:
            raise Refusal("colleagues", f"No one at the university has the address {email}.")
        people.append(person)
    return people


def screen_proposal(proposal: EngagementProposal) -> None:
    """Screen partners, the visitor's employer and affiliations, and people's affiliations."""
    sync_active_matcher()
    texts: list[tuple[Subject, str]] = [(Subject.PARTNER, o.name) for o in proposal.partners]
    if proposal.kind.hosts_visitor:
        texts.append((Subject.VISITOR_EMPLOYER, proposal.visitor_employer))
        texts.extend(
            (Subject.VISITOR_PRIOR, line)
            for line in proposal.visitor_prior_affiliations.splitlines()
        )
    texts.extend((Subject.PERSON, p.affiliation) for p in proposal.people if p.person_id is None)
    findings = []
    for subject, text in texts:
        for flag in screen_text(text) if text.strip() else []:
            findings.append({**flag.to_dict(), "subject": subject.value, "text": text.strip()})
    proposal.findings = findings


def red_line_crossings(proposal: EngagementProposal) -> list:
    return crossings(proposal.kind, proposal.findings)


def take_action(
    proposal: EngagementProposal,
    action: EngagementAction,
    actor: Person,
    capacities: frozenset[Capacity],
    decision: Decision,
    audience: CommentAudience = CommentAudience.PI,
) -> EngagementEvent:
    """Move the proposal on one step, with what that step records."""
    before = proposal.status
    target = next_status(before, action, capacities)
    check_guards(
        action,
        decision,
        crosses_red_line=bool(red_line_crossings(proposal)),
        missing=missing_for_submission(proposal) if action is EngagementAction.SUBMIT else {},
    )
    proposal.status = target
    now = utcnow()
    if action is EngagementAction.SUBMIT:
        proposal.submitted_at = now
    if action is EngagementAction.REFER:
        proposal.risk_assessment = decision.risk_assessment.strip()
        proposal.proposed_conditions = decision.proposed_conditions.strip()
    plan = None
    if target.decided:
        proposal.decided_at = now
        proposal.override_justification = decision.justification.strip()
    if action is EngagementAction.APPROVE_WITH_CONDITIONS:
        plan = _conditions_plan(proposal, decision, actor)
    if decision.comment.strip():
        add_comment(proposal, actor, decision.comment, audience, announce=False)
    event = EngagementEvent(
        proposal_id=proposal.id,
        action=action,
        from_status=before,
        to_status=target,
        actor_id=actor.id,
        note=decision.comment.strip(),
    )
    db.session.add(event)
    db.session.flush()
    record(
        f"engagement.{action.value}",
        object_type="engagement_proposal",
        object_id=proposal.id,
        actor=actor,
        summary=f"Engagement proposal {proposal.id}: {action.label.lower()}",
        before={"status": before},
        after={
            "status": target,
            "justification": proposal.override_justification or None,
            "plan_id": plan.id if plan else None,
        },
    )
    engagement_moved.send(actor, proposal=proposal, event=event, plan=plan)
    return event


def _conditions_plan(
    proposal: EngagementProposal, decision: Decision, actor: Person
) -> ManagementPlan:
    monitor = db.session.get(Person, decision.monitor_id)
    if monitor is None or not monitor.active:
        raise Refusal("monitor_id", "Choose who monitors the conditions.")
    plan = ManagementPlan(
        engagement_id=proposal.id,
        title="Conditions of approval",
        conditions=decision.conditions.strip(),
        monitor_id=monitor.id,
        review_on=decision.review_on,
        created_by_id=actor.id,
    )
    db.session.add(plan)
    db.session.flush()
    return plan


def add_comment(
    proposal: EngagementProposal,
    author: Person,
    body: str,
    audience: CommentAudience,
    announce: bool = True,
) -> EngagementComment:
    if not body.strip():
        raise Refusal("body", "Write the comment.")
    comment = EngagementComment(
        proposal_id=proposal.id, author_id=author.id, body=body.strip(), audience=audience
    )
    db.session.add(comment)
    db.session.flush()
    if announce:
        record(
            "engagement.comment",
            object_type="engagement_proposal",
            object_id=proposal.id,
            actor=author,
            summary=f"Comment on engagement proposal {proposal.id} ({audience.label.lower()})",
        )
        engagement_commented.send(author, proposal=proposal, comment=comment)
    return comment
