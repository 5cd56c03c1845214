"""Importing projects: a plan of what would change (the preview), then applying it.

An import is all or nothing: any bad row refuses the whole file, and re-importing the same
file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.people.models import Person
from app.projects.models import ProjectMember, SponsoredProject
from app.projects.projects_file import ProjectRow
from app.tabular_files import ImportRefused, RowError

#: The project's own fields a row sets, in the order a preview lists changes.
PROJECT_FIELDS = ("title", "sponsor", "sponsor_type", "stage", "starts_on", "ends_on")


class RowChange(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return {"created": "New", "updated": "Changed", "unchanged": "Unchanged"}[self.value]


@dataclass
class PlannedRow:
    row: ProjectRow
    change: RowChange
    #: The fields that would change (for an updated project), in words.
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, change: RowChange) -> int:
        return sum(1 for planned in self.rows if planned.change is change)


def _people_by_email(rows: list[ProjectRow]) -> dict[str, Person]:
    emails = {row.pi_email for row in rows} | {e for row in rows for e, _ in row.key_personnel}
    if not emails:
        return {}
    return {p.email: p for p in db.session.scalars(select(Person).where(Person.email.in_(emails)))}


def _unknown_people(row: ProjectRow, people: dict[str, Person]) -> list[RowError]:
    errors = []
    if row.pi_email not in people:
        errors.append(RowError(row.line, "pi_email", f"no person with the address {row.pi_email}"))
    missing = [email for email, _ in row.key_personnel if email not in people]
    if missing:
        errors.append(
            RowError(row.line, "key_personnel", f"no person with the address {', '.join(missing)}")
        )
    return errors


def _differences(
    project: SponsoredProject, row: ProjectRow, people: dict[str, Person]
) -> list[str]:
    changed = [name for name in PROJECT_FIELDS if getattr(project, name) != getattr(row, name)]
    if project.pi_id != people[row.pi_email].id:
        changed.append("pi_email")
    wanted = {(people[email].id, role) for email, role in row.key_personnel}
    if {(m.person_id, m.role) for m in project.members} != wanted:
        changed.append("key_personnel")
    return changed


def plan_import(rows: list[ProjectRow], parse_errors: list[RowError]) -> ImportPlan:
    """What importing these rows would do, without doing it."""
    plan = ImportPlan(errors=list(parse_errors))
    people = _people_by_email(rows)
    numbers = [row.number for row in rows]
    existing = (
        {
            p.number: p
            for p in db.session.scalars(
                select(SponsoredProject).where(SponsoredProject.number.in_(numbers))
            )
        }
        if numbers
        else {}
    )
    for row in rows:
        unknown = _unknown_people(row, people)
        if unknown:
            plan.errors += unknown
            continue
        project = existing.get(row.number)
        if project is None:
            plan.rows.append(PlannedRow(row, RowChange.CREATED))
            continue
        changed = _differences(project, row, people)
        change = RowChange.UPDATED if changed else RowChange.UNCHANGED
        plan.rows.append(PlannedRow(row, change, changed))
    plan.errors.sort(key=lambda e: (e.line, e.field))
    return plan


def apply_import(plan: ImportPlan, actor: Person | None, filename: str) -> ImportPlan:
    """Create or update every project of the plan; refused whole if any row is bad."""
    if plan.errors:
        raise ImportRefused(plan.errors)
    people = _people_by_email([planned.row for planned in plan.rows])
    for planned in plan.rows:
        if planned.change is RowChange.UNCHANGED:
            continue
        row = planned.row
        project = db.session.scalar(
            select(SponsoredProject).where(SponsoredProject.number == row.number)
        ) or SponsoredProject(number=row.number)
        for name in PROJECT_FIELDS:
            setattr(project, name, getattr(row, name))
        project.pi_id = people[row.pi_email].id
        _set_members(project, row, people)
        db.session.add(project)
    db.session.flush()
    counts = {change.value: plan.count(change) for change in RowChange}
    record(
        "projects.import",
        object_type="project_import",
        object_id=filename[:100],
        actor=actor,
        summary=f"Projects imported from {filename}: {counts['created']} new, "
        f"{counts['updated']} changed, {counts['unchanged']} unchanged",
        after=counts,
    )
    return plan


def _set_members(project: SponsoredProject, row: ProjectRow, people: dict[str, Person]) -> None:
    wanted = {people[email].id: role for email, role in row.key_personnel}
    for member in list(project.members):
        if member.person_id not in wanted:
            project.members.remove(member)
        else:
            member.role = wanted.pop(member.person_id)
    for person_id, role in wanted.items():
        project.members.append(ProjectMember(person_id=person_id, role=role))
