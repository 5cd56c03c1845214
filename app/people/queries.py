"""Read-side helpers for people and departments."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from app.extensions import db
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role


def departments_with_headcount() -> list[tuple[Department, int]]:
    """Every department with the number of its active people, by code."""
    active_count = (
        select(func.count(Person.id))
        .where(Person.department_id == Department.id, Person.active.is_(True))
        .scalar_subquery()
    )
    rows = db.session.execute(select(Department, active_count).order_by(Department.code))
    return [(department, count) for department, count in rows]


def people_in_departments(department_ids: Iterable[int]) -> list[Person]:
    """Active faculty of the given departments, by department and name."""
    ids = list(department_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Person)
            .join(RoleGrant, RoleGrant.person_id == Person.id)
            .where(
                Person.department_id.in_(ids),
                Person.active.is_(True),
                RoleGrant.role == Role.FACULTY,
            )
            .order_by(Person.department_id, Person.full_name)
        )
    )


def departments_by_ids(department_ids: Iterable[int]) -> list[Department]:
    ids = list(department_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Department).where(Department.id.in_(ids)).order_by(Department.code)
        )
    )


def count_people() -> int:
    return db.session.scalar(select(func.count(Person.id))) or 0
