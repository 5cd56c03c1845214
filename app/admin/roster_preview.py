"""A roster upload's dry run: what applying it would do, line by line, and nothing saved.

Each row goes through the very operation the import uses (apply_roster_row) inside a
savepoint that is rolled back, so the preview cannot disagree with the import about what
is an addition, a change or an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from app.extensions import db
from app.people.models import Person
from app.people.operations import PeopleError, apply_roster_row, department_by_code, person_by_email
from app.people.roster import RosterRow, read_roster


class LineOutcome(StrEnum):
    ADD = "add"
    CHANGE = "change"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def label(self) -> str:
        return {
            LineOutcome.ADD: "New person",
            LineOutcome.CHANGE: "Change",
            LineOutcome.UNCHANGED: "No change",
            LineOutcome.ERROR: "Error",
        }[self]


@dataclass(frozen=True)
class PreviewLine:
    line: int
    outcome: LineOutcome
    email: str = ""
    name: str = ""
    #: What would change (for additions and changes), or what is wrong (for errors).
    details: tuple[str, ...] = ()


@dataclass
class RosterPreview:
    filename: str
    lines: list[PreviewLine] = field(default_factory=list)

    def count(self, outcome: LineOutcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)

    @property
    def counts(self) -> dict[LineOutcome, int]:
        return {outcome: self.count(outcome) for outcome in LineOutcome}

    @property
    def can_apply(self) -> bool:
        """All or nothing, as on the command line: any error and the file is refused."""
        return self.count(LineOutcome.ERROR) == 0 and bool(self.lines)


def _state(person: Person | None) -> dict[str, object] | None:
    if person is None:
        return None
    return {
        "name": person.full_name,
        "department": person.department.name if person.department else None,
        "roles": sorted(
            f"{grant.role.label} of {grant.department.name}"
            if grant.department
            else grant.role.label
            for grant in person.grants
        ),
    }


def _differences(before: dict[str, object], after: dict[str, object]) -> tuple[str, ...]:
    found = []
    if before["name"] != after["name"]:
        found.append(f"name {before['name']} → {after['name']}")
    if before["department"] != after["department"]:
        found.append(f"department {before['department'] or 'none'} → {after['department']}")
    added = [role for role in after["roles"] if role not in before["roles"]]  # type: ignore[operator, union-attr]
    if added:
        found.append(f"new role(s): {', '.join(added)}")
    return tuple(found)


def _preview_row(row: RosterRow) -> PreviewLine:
    before = _state(person_by_email(row.email))
    department_is_new = department_by_code(row.department_code) is None
    try:
        with db.session.begin_nested():
            apply_roster_row(row)
    except PeopleError as error:
        return PreviewLine(
            row.line, LineOutcome.ERROR, row.email, row.name, (f"{error.field}: {error.message}",)
        )
    after = _state(person_by_email(row.email))
    assert after is not None  # the row was just applied
    department_note = (
        (f"new department {after['department']} ({row.department_code})",)
        if department_is_new
        else ()
    )
    if before is None:
        roles = f"roles: {', '.join(after['roles'])}"  # type: ignore[arg-type]
        return PreviewLine(
            row.line,
            LineOutcome.ADD,
            row.email,
            row.name,
            (f"department {after['department']}", roles, *department_note),
        )
    changes = _differences(before, after)
    outcome = LineOutcome.CHANGE if changes else LineOutcome.UNCHANGED
    return PreviewLine(row.line, outcome, row.email, row.name, (*changes, *department_note))


def preview_roster(path: Path) -> RosterPreview:
    """Every line of the file and what applying it would do; RosterFileError if the file
    as a whole cannot be read. Nothing is saved."""
    rows, parse_errors = read_roster(path)
    preview = RosterPreview(path.name)
    preview.lines.extend(
        PreviewLine(error.line, LineOutcome.ERROR, details=(f"{error.field}: {error.reason}",))
        for error in parse_errors
    )
    # Later rows see earlier ones (a department created on line 2 is used on line 5),
    # exactly as in the import; the outer savepoint then takes all of it back.
    dry_run = db.session.begin_nested()
    try:
        preview.lines.extend(_preview_row(row) for row in rows)
    finally:
        dry_run.rollback()
    preview.lines.sort(key=lambda line: line.line)
    return preview
