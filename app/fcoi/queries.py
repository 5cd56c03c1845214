"""What the COI office sees of PHS relatedness: the SFIs of each investigator on each PHS
project (from the certified record), the determinations in force, what is still to be
determined, and the 60-day reporting clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.exports.queries import certified_items_of
from app.extensions import db
from app.fcoi.models import Determination
from app.fcoi.sfi import SignificantInterest, significant_interests
from app.people.models import Person
from app.projects.models import SponsoredProject
from app.projects.queries import phs_projects
from app.rates.queries import rate_table
from app.record.queries import certified_items

#: An FCOI is reported to NIH within 60 days of being identified (42 CFR 50.605(b)).
REPORT_WITHIN_DAYS = 60

Triple = tuple[int, int, str]


@dataclass(frozen=True)
class InvestigatorInterest:
    """One SFI, with the certified version whose items state it."""

    interest: SignificantInterest
    version_id: int


def interests_of(person: Person, as_of: date) -> list[InvestigatorInterest]:
    items = certified_items_of(person)
    version_of = {item.id: item.version_id for item in items}
    return [
        InvestigatorInterest(sfi, max(version_of[i] for i in sfi.item_ids))
        for sfi in significant_interests(items, as_of, rate_table())
    ]


def in_force() -> dict[Triple, Determination]:
    """The latest determination of every (project, investigator, entity)."""
    latest: dict[Triple, Determination] = {}
    for determination in db.session.scalars(select(Determination).order_by(Determination.id)):
        key = (determination.project_id, determination.person_id, determination.entity_key)
        latest[key] = determination
    return latest


def history_of(project: SponsoredProject, person: Person) -> list[Determination]:
    return list(
        db.session.scalars(
            select(Determination)
            .where(Determination.project_id == project.id, Determination.person_id == person.id)
            .order_by(Determination.id.desc())
        )
    )


@dataclass(frozen=True)
class DueDetermination:
    project: SponsoredProject
    person: Person
    role: str
    interest: InvestigatorInterest
    #: The interest was determined before, but a later certified version changed it.
    changed: bool = False


def _stated(found: SignificantInterest) -> tuple[tuple[str, ...], object]:
    return tuple(sorted(found.natures)), found.value


def changed_since(determination: Determination, found: InvestigatorInterest, today: date) -> bool:
    """A newer certified version states the interest differently (its natures or value)
    from the version the determination rests on."""
    if found.version_id == determination.version_id:
        return False
    earlier = [
        sfi
        for sfi in significant_interests(
            certified_items(determination.version), today, rate_table()
        )
        if sfi.entity_key == determination.entity_key
    ]
    return not earlier or _stated(earlier[0]) != _stated(found.interest)


def determinations_due(today: date) -> list[DueDetermination]:
    """Every SFI of an investigator on a PHS project (not ended) with no determination, or
    whose certified statement changed since it was determined."""
    decided = in_force()
    due = []
    interests: dict[int, list[InvestigatorInterest]] = {}
    for project in phs_projects(today):
        for person, role in project.investigators:
            if person.id not in interests:
                interests[person.id] = interests_of(person, today)
            for found in interests[person.id]:
                determination = decided.get((project.id, person.id, found.interest.entity_key))
                if determination is None:
                    due.append(DueDetermination(project, person, role, found))
                elif changed_since(determination, found, today):
                    due.append(DueDetermination(project, person, role, found, changed=True))
    return due


@dataclass(frozen=True)
class ReportingClock:
    determination: Determination
    due_on: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def reporting_clock(today: date) -> list[ReportingClock]:
    """FCOIs in force not yet reported to NIH, the closest deadline first."""
    clocks = []
    for determination in in_force().values():
        if determination.financial_conflict and determination.reported_on is None:
            due_on = determination.identified_on + timedelta(days=REPORT_WITHIN_DAYS)
            clocks.append(ReportingClock(determination, due_on, (due_on - today).days))
    return sorted(clocks, key=lambda clock: clock.due_on)
