"""What the people pages read: a search with paging, and the choices the forms offer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.extensions import db
from app.people.models import Department, Person

PAGE_SIZE = 25


@dataclass(frozen=True)
class PeoplePage:
    people: list[Person]
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(query: str, department_code: str, page: int) -> PeoplePage:
    """People whose name or email contains `query`, by name, one page at a time."""
    conditions = []
    words = query.strip()
    if words:
        pattern = f"%{_escape_like(words.lower())}%"
        conditions.append(
            or_(
                func.lower(Person.full_name).like(pattern, escape="\\"),
                Person.email.like(pattern, escape="\\"),
            )
        )
    if department_code:
        conditions.append(Person.department.has(Department.code == department_code.upper()))
    total = db.session.scalar(select(func.count(Person.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    people = list(
        db.session.scalars(
            select(Person)
            .where(*conditions)
            .order_by(func.lower(Person.full_name), Person.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    return PeoplePage(people, page, total)


def all_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))
