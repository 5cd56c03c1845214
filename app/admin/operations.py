"""Administrators' changes to people, each recorded with the reason given.

The people operations record what changed (before and after); the entry written here
records who asked for it and why, in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import update

from app.audit.operations import record
from app.database import utcnow
from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.people.models import Department, Person, RoleGrant
from app.people.operations import grant_role, revoke_role, set_active, upsert_person
from app.people.roles import Role
from app.refusals import Refusal


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise Refusal("reason", "Give the reason for this change.")
    return reason


def _record(action: str, person: Person, summary: str, reason: str, **details: object) -> None:
    record(
        f"admin.{action}",
        object_type="person",
        object_id=person.id,
        summary=f"{summary}. Reason: {reason}",
        after={**details, "reason": reason},
    )


def grant_role_to(person: Person, role: Role, department: Department | None, reason: str) -> None:
    reason = _reason(reason)
    if not grant_role(person, role, department if role.is_department_scoped else None):
        raise Refusal("role", f"{person.full_name} already holds that role.")
    scope = f" of {department.name}" if role.is_department_scoped and department else ""
    _record(
        "grant_role",
        person,
        f"{person.email} granted {role.label}{scope}",
        reason,
        role=role.value,
        department=department.code if scope and department else None,
    )


def revoke_grant(admin: Person, person: Person, grant: RoleGrant, reason: str) -> None:
    reason = _reason(reason)
    if grant.person_id != person.id:
        raise Refusal("grant", "That role belongs to someone else.")
    if person.id == admin.id and grant.role is Role.ADMIN:
        raise Refusal("reason", "You cannot take away your own administrator role.")
    role, department = grant.role, grant.department
    revoke_role(person, role, department)
    scope = f" of {department.name}" if department is not None else ""
    _record(
        "revoke_role",
        person,
        f"{person.email} lost {role.label}{scope}",
        reason,
        role=role.value,
        department=department.code if department is not None else None,
    )


def move_to_department(person: Person, department: Department, reason: str) -> None:
    reason = _reason(reason)
    if person.department_id == department.id:
        raise Refusal("department", f"{person.full_name} is already in {department.name}.")
    before = person.department.code if person.department else None
    upsert_person(person.email, person.full_name, department)
    _record(
        "move_department",
        person,
        f"{person.email} moved to {department.name}",
        reason,
        department_from=before,
        department_to=department.code,
    )


def change_activation(admin: Person, person: Person, active: bool, reason: str) -> None:
    reason = _reason(reason)
    if person.id == admin.id and not active:
        raise Refusal("reason", "You cannot deactivate your own account.")
    if person.active == active:
        raise Refusal(
            "reason", f"{person.full_name} is already {'active' if active else 'inactive'}."
        )
    set_active(person, active)
    _record(
        "reactivate" if active else "deactivate",
        person,
        f"{person.email} {'reactivated' if active else 'deactivated'}",
        reason,
        active=active,
    )


def retry_failed_mail(reason: str) -> int:
    """Make every failed message due now, including those given up on; returns how many."""
    reason = _reason(reason)
    changed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .values(next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    record(
        "admin.retry_failed_mail",
        object_type="outbox",
        object_id="failed",
        summary=f"{changed} failed message(s) set to be retried now. Reason: {reason}",
        after={"messages": changed, "reason": reason},
    )
    return changed
