"""Read-side helpers: who receives which mail, and the outbox as the admin page lists it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.people.models import Person, RoleGrant
from app.people.roles import Role


def active_people_with_role(role: Role, department_id: int | None = None) -> list[Person]:
    """Active holders of a role (of a department's grant, for heads), by name."""
    query = (
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.role == role, Person.active.is_(True))
        .order_by(Person.full_name, Person.id)
        .distinct()
    )
    if department_id is not None:
        query = query.where(RoleGrant.department_id == department_id)
    return list(db.session.scalars(query))


def department_heads(department_id: int | None) -> list[Person]:
    if department_id is None:
        return []
    return active_people_with_role(Role.DEPARTMENT_HEAD, department_id)


def coi_office() -> list[Person]:
    return active_people_with_role(Role.COI_OFFICE)


def active_faculty() -> list[Person]:
    return active_people_with_role(Role.FACULTY)


def message_with_key(event_key: str) -> OutboxMessage | None:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.event_key == event_key))


def due_for_delivery(now: datetime) -> ColumnElement[bool]:
    """Pending messages, and failed ones whose retry time has come."""
    return or_(
        OutboxMessage.status == OutboxStatus.PENDING,
        and_(
            OutboxMessage.status == OutboxStatus.FAILED,
            OutboxMessage.next_attempt_at.is_not(None),
            OutboxMessage.next_attempt_at <= now,
        ),
    )


def ids_due_for_delivery(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(OutboxMessage.id).where(due_for_delivery(now)).order_by(OutboxMessage.id)
        )
    )


def recent_messages(limit: int = 200) -> list[OutboxMessage]:
    """The newest messages first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def count_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(OutboxStatus, 0)
    for status, count in rows:
        counts[status] = count
    return counts
