"""Recording the COI office's relatedness determinations and their reporting to NIH."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.audit.operations import record
from app.disclosures.models import DisclosureVersion
from app.extensions import db
from app.fcoi.models import Determination
from app.fcoi.queries import InvestigatorInterest, in_force
from app.people.models import Person
from app.projects.models import SponsoredProject
from app.refusals import Refusal
from app.review.operations import PlanTerms, set_management_plan
from app.review.queries import current_plan


class DeterminationRefused(Refusal):
    """A determination the rules refuse, naming the field to correct."""


@dataclass(frozen=True)
class DeterminationTerms:
    related: bool
    financial_conflict: bool
    reasons: str
    investigator_role: str = ""
    safeguards: str = ""
    #: Keep the disclosure's current management plan (when it has one) ...
    use_current_plan: bool = False
    #: ... or set a new one with these conditions, reviewed on this date.
    plan_conditions: str = ""
    plan_review_on: date | None = None


def _plan_for(version: DisclosureVersion, terms: DeterminationTerms, actor: Person):
    disclosure = version.disclosure
    existing = current_plan(disclosure)
    if terms.use_current_plan and existing is not None:
        return existing
    if not terms.plan_conditions.strip():
        raise DeterminationRefused(
            "plan_conditions", "A financial conflict needs a management plan: give its conditions."
        )
    if terms.plan_review_on is None:
        raise DeterminationRefused("plan_review_on", "Give the date the plan is next reviewed.")
    return set_management_plan(
        disclosure, PlanTerms(terms.plan_conditions, actor, terms.plan_review_on), actor
    )


def record_determination(
    project: SponsoredProject,
    person: Person,
    found: InvestigatorInterest,
    terms: DeterminationTerms,
    actor: Person,
    today: date,
) -> Determination:
    """Related or not and, if related, whether it is a financial conflict of interest; an
    FCOI is linked to a management plan. A new determination of the same interest replaces
    the one in force (kept as history)."""
    if not project.sponsor_type.is_phs:
        raise DeterminationRefused("project", "Relatedness is determined for PHS-funded projects.")
    if person.id not in {who.id for who, _ in project.investigators}:
        raise DeterminationRefused("person", f"{person.full_name} is not on {project.number}.")
    if not terms.reasons.strip():
        raise DeterminationRefused("reasons", "Give the reasons for the determination.")
    if terms.financial_conflict and not terms.related:
        raise DeterminationRefused(
            "financial_conflict", "An interest that is not related cannot be a financial conflict."
        )
    conflict = terms.related and terms.financial_conflict
    version = db.session.get(DisclosureVersion, found.version_id)
    interest = found.interest
    previous = in_force().get((project.id, person.id, interest.entity_key))
    # A revision of a conflict already found keeps the day it was identified and whether it
    # was reported: the 60-day clock is for new conflicts, a revision goes in the revised report.
    identified_on, reported_on = today, None
    if previous is not None and previous.financial_conflict and conflict:
        identified_on, reported_on = previous.identified_on, previous.reported_on
    determination = Determination(
        project_id=project.id,
        person_id=person.id,
        entity_key=interest.entity_key,
        entity_name=interest.entity_name,
        version_id=version.id,
        related=terms.related,
        financial_conflict=conflict,
        reasons=terms.reasons.strip(),
        investigator_role=terms.investigator_role.strip(),
        safeguards=terms.safeguards.strip(),
        plan_id=_plan_for(version, terms, actor).id if conflict else None,
        identified_on=identified_on,
        reported_on=reported_on,
        determined_by_id=actor.id,
    )
    db.session.add(determination)
    db.session.flush()
    verdict = "FCOI" if conflict else ("related, no conflict" if terms.related else "not related")
    record(
        "fcoi.determine",
        object_type="relatedness_determination",
        object_id=determination.id,
        actor=actor,
        summary=f"{project.number}: {person.full_name}'s interest in {interest.entity_name}: "
        f"{verdict}",
        after={
            "related": terms.related,
            "financial_conflict": conflict,
            "plan_id": determination.plan_id,
            "reasons": determination.reasons,
        },
    )
    return determination


def mark_reported(determination: Determination, actor: Person, today: date) -> None:
    """The COI office reported the conflict to NIH: its 60-day clock stops."""
    if not determination.financial_conflict:
        raise DeterminationRefused("determination", "Only a financial conflict is reported.")
    if determination.reported_on is None:
        determination.reported_on = today
        db.session.flush()
        record(
            "fcoi.reported",
            object_type="relatedness_determination",
            object_id=determination.id,
            actor=actor,
            summary=f"FCOI of {determination.person.full_name} on "
            f"{determination.project.number} reported to NIH",
            after={"reported_on": today},
        )
