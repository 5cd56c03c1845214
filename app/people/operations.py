"""Business rules that change people, departments and role grants.

Operations flush; the caller (a request or a CLI command) commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from app.audit.operations import record
from app.auth.passwords import hash_password, password_problem
from app.extensions import db
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role
from app.refusals import Refusal

if TYPE_CHECKING:
    from app.people.roster import RosterRow, RowError


class PeopleError(Refusal):
    """A change to people or departments that the rules refuse, naming the field."""


def normalize_email(email: str) -> str:
    """The canonical, lower-case form of an address, or PeopleError if it is not one."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise PeopleError("email", f"{email.strip()!r} is not a valid email address") from exc
    return result.normalized.lower()


def normalize_department_code(code: str) -> str:
    code = code.strip().upper()
    if not code:
        raise PeopleError("department_code", "a department code is required")
    if len(code) > 32 or not all(ch.isalnum() or ch in "-_" for ch in code):
        raise PeopleError(
            "department_code", f"{code!r} is not a department code (letters, digits, - and _)"
        )
    return code


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise PeopleError("roles", f"unknown role {value.strip()!r} (known: {known})") from None


@dataclass(frozen=True)
class Change:
    """What an upsert did, so imports can report created / updated / unchanged."""

    created: bool = False
    updated: bool = False


def department_by_code(code: str) -> Department | None:
    return db.session.scalar(
        select(Department).where(Department.code == normalize_department_code(code))
    )


def person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == email.strip().lower()))


def upsert_department(code: str, name: str = "", school: str = "") -> tuple[Department, Change]:
    """The department with this code, created or renamed to match; an empty name keeps it."""
    code = normalize_department_code(code)
    name, school = name.strip(), school.strip()
    department = department_by_code(code)
    if department is None:
        if not name:
            raise PeopleError("department_name", f"department {code} does not exist; give its name")
        department = Department(code=code, name=name, school=school)
        db.session.add(department)
        db.session.flush()
        record(
            "department.create",
            object_type="department",
            object_id=department.id,
            summary=f"Department {code} ({name}) created",
            after={"code": code, "name": name, "school": school},
        )
        return department, Change(created=True)
    before = {"name": department.name, "school": department.school}
    updated = False
    if name and department.name != name:
        department.name, updated = name, True
    if school and department.school != school:
        department.school, updated = school, True
    db.session.flush()
    if updated:
        record(
            "department.update",
            object_type="department",
            object_id=department.id,
            summary=f"Department {code} updated",
            before=before,
            after={"name": department.name, "school": department.school},
        )
    return department, Change(updated=updated)


def upsert_person(
    email: str, full_name: str, department: Department | None
) -> tuple[Person, Change]:
    """The person with this email, created or updated to the given name and department."""
    email = normalize_email(email)
    full_name = " ".join(full_name.split())
    if not full_name:
        raise PeopleError("name", "a full name is required")
    if len(full_name) > 200:
        raise PeopleError("name", "the name is longer than 200 characters")
    person = person_by_email(email)
    if person is None:
        person = Person(email=email, full_name=full_name, department=department, active=True)
        db.session.add(person)
        db.session.flush()
        record(
            "person.create",
            object_type="person",
            object_id=person.id,
            summary=f"{full_name} <{email}> added",
            after={
                "email": email,
                "full_name": full_name,
                "department": department.code if department else None,
            },
        )
        return person, Change(created=True)
    before = {
        "full_name": person.full_name,
        "department": person.department.code if person.department else None,
    }
    updated = False
    if person.full_name != full_name:
        person.full_name, updated = full_name, True
    if department is not None and person.department_id != department.id:
        person.department, updated = department, True
    db.session.flush()
    if updated:
        record(
            "person.update",
            object_type="person",
            object_id=person.id,
            summary=f"{person.email} updated",
            before=before,
            after={
                "full_name": person.full_name,
                "department": department.code if department else before["department"],
            },
        )
    return person, Change(updated=updated)


def grant_role(person: Person, role: Role, department: Department | None = None) -> bool:
    """Give a role; True if it was new. A department head's grant needs its department."""
    if role.is_department_scoped and department is None:
        raise PeopleError("roles", f"the {role.value} role needs a department")
    scope_id = department.id if role.is_department_scoped and department else None
    for grant in person.grants:
        if grant.role is role and grant.department_id == scope_id:
            return False
    person.grants.append(
        RoleGrant(role=role, department=department if role.is_department_scoped else None)
    )
    db.session.flush()
    scope = f" of {department.code}" if role.is_department_scoped and department else ""
    record(
        "role.grant",
        object_type="person",
        object_id=person.id,
        summary=f"{person.email} granted {role.value}{scope}",
        after={"role": role.value, "department": department.code if scope else None},
    )
    return True


def revoke_role(person: Person, role: Role, department: Department | None = None) -> bool:
    """Take a role away; True if the person held it."""
    scope_id = department.id if role.is_department_scoped and department else None
    for grant in list(person.grants):
        if grant.role is role and (
            not role.is_department_scoped or grant.department_id == scope_id
        ):
            person.grants.remove(grant)
            db.session.flush()
            record(
                "role.revoke",
                object_type="person",
                object_id=person.id,
                summary=f"{person.email} lost {role.value}",
                before={"role": role.value, "department_id": scope_id},
            )
            return True
    return False


def set_password(person: Person, password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise PeopleError("password", problem)
    person.password_hash = hash_password(password)
    db.session.flush()
    # The hash is a secret too: the entry says only that the password was set.
    record(
        "person.set_password",
        object_type="person",
        object_id=person.id,
        summary=f"Password set for {person.email}",
    )


def set_active(person: Person, active: bool) -> None:
    """Deactivated people keep their history but can no longer sign in."""
    if person.active == active:
        return
    person.active = active
    db.session.flush()
    record(
        "person.activate" if active else "person.deactivate",
        object_type="person",
        object_id=person.id,
        summary=f"{person.email} {'reactivated' if active else 'deactivated'}",
        before={"active": not active},
        after={"active": active},
    )


@dataclass
class RosterReport:
    """What an import did, and the rows it refused (line, field, reason)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] | None = None

    @property
    def applied(self) -> int:
        return self.created + self.updated + self.unchanged


def apply_roster_row(row: RosterRow) -> Change:
    """Upsert one roster row: its department, the person and their roles (never revoked)."""
    department, _ = upsert_department(row.department_code, row.department_name)
    person, change = upsert_person(row.email, row.name, department)
    granted = False
    for spec in row.roles:
        scope = department
        if spec.department_code is not None:
            scope = department_by_code(spec.department_code)
            if scope is None:
                raise PeopleError(
                    "roles",
                    f"department {spec.department_code} (for {spec.role.value}) does not exist",
                )
        granted |= grant_role(person, spec.role, scope if spec.role.is_department_scoped else None)
    return Change(
        created=change.created, updated=change.updated or (granted and not change.created)
    )


def import_roster(
    rows: list[RosterRow], parse_errors: list[RowError], skip_invalid: bool
) -> RosterReport:
    """Apply a roster; with any bad row the whole import is refused unless skip_invalid.

    Each row is applied inside a savepoint, so a row the rules refuse leaves no trace; the
    caller's transaction decides whether the good rows are kept.
    """
    report = RosterReport(errors=[(e.line, e.field, e.reason) for e in parse_errors])
    for row in rows:
        try:
            with db.session.begin_nested():
                change = apply_roster_row(row)
        except PeopleError as exc:
            report.errors.append((row.line, exc.field, exc.message))
            continue
        if change.created:
            report.created += 1
        elif change.updated:
            report.updated += 1
        else:
            report.unchanged += 1
    report.errors.sort()
    record(
        "roster.import",
        object_type="roster",
        object_id="roster",
        summary=f"Roster import: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} refused",
        after={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "refused": len(report.errors),
        },
    )
    return report
