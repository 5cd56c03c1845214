"""A person's training standing and whether they are ready to propose.

Ready to propose: every required training current (FCOI within 4 years; research security
within the 12 months before the proposal), the annual certification of the current cycle
certified, and nothing blocking in it (the checks that also stop the talent-program
certificate)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.cycles.queries import current_cycle
from app.disclosures.models import Disclosure
from app.exports.certificates import blocking_reasons
from app.extensions import db
from app.people.models import Person, RoleGrant
from app.people.roles import Role
from app.training.models import TrainingCompletion, TrainingKind

#: Training a proposal needs; export control is recorded and shown but not required.
REQUIRED_FOR_PROPOSALS = (TrainingKind.FCOI, TrainingKind.RESEARCH_SECURITY)
#: Reminders go out this many days before a completion expires.
REMIND_DAYS_BEFORE = 30


@dataclass(frozen=True)
class TrainingStanding:
    kind: TrainingKind
    latest: TrainingCompletion | None
    today: date

    @property
    def current(self) -> bool:
        return self.latest is not None and self.latest.expires_on >= self.today

    @property
    def days_left(self) -> int | None:
        return (self.latest.expires_on - self.today).days if self.latest else None

    @property
    def words(self) -> str:
        if self.latest is None:
            return "Not on record"
        if not self.current:
            return f"Expired on {self.latest.expires_on.day} {self.latest.expires_on:%B %Y}"
        return f"Current until {self.latest.expires_on.day} {self.latest.expires_on:%B %Y}"


@dataclass
class Readiness:
    person: Person
    training: list[TrainingStanding]
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons


def latest_completions(
    person_ids: Sequence[int],
) -> dict[tuple[int, TrainingKind], TrainingCompletion]:
    latest: dict[tuple[int, TrainingKind], TrainingCompletion] = {}
    if not person_ids:
        return latest
    for completion in db.session.scalars(
        select(TrainingCompletion)
        .where(TrainingCompletion.person_id.in_(list(person_ids)))
        .order_by(TrainingCompletion.expires_on)
    ):
        latest[(completion.person_id, TrainingKind(completion.kind))] = completion
    return latest


def _annual_disclosures(people: Sequence[Person], today: date) -> dict[int, Disclosure]:
    cycle = current_cycle(today)
    if cycle is None or not people:
        return {}
    return {
        d.person_id: d
        for d in db.session.scalars(
            select(Disclosure).where(
                Disclosure.cycle_id == cycle.id, Disclosure.person_id.in_([p.id for p in people])
            )
        )
    }


def readiness_of(people: Sequence[Person], today: date) -> list[Readiness]:
    latest = latest_completions([p.id for p in people])
    annual_of = _annual_disclosures(people, today)
    blocking = blocking_reasons(list(annual_of.values()))
    result = []
    for person in people:
        standings = [TrainingStanding(k, latest.get((person.id, k)), today) for k in TrainingKind]
        readiness = Readiness(person, standings)
        for standing in standings:
            if standing.kind in REQUIRED_FOR_PROPOSALS and not standing.current:
                readiness.reasons.append(
                    f"{standing.kind.label} training: {standing.words.lower()}"
                )
        annual = annual_of.get(person.id)
        if annual is None or annual.certified_version_id is None:
            readiness.reasons.append("annual certification not yet submitted")
        elif annual.id in blocking:
            readiness.reasons.append(blocking[annual.id])
        result.append(readiness)
    return result


def faculty_members() -> list[Person]:
    faculty = select(RoleGrant.person_id).where(RoleGrant.role == Role.FACULTY)
    return list(
        db.session.scalars(
            select(Person).where(Person.active, Person.id.in_(faculty)).order_by(Person.full_name)
        )
    )


def expiring(today: date) -> list[TrainingCompletion]:
    """Latest completions of each person and kind that expire within the reminder window."""
    people = list(db.session.scalars(select(TrainingCompletion.person_id).distinct()))
    return [
        completion
        for completion in latest_completions(people).values()
        if 0 <= (completion.expires_on - today).days <= REMIND_DAYS_BEFORE
    ]
