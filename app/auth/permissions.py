"""Who may do what: the one place that decides. Anything not granted here is denied."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from app.people.models import Person
from app.people.roles import Role

#: Each role's dashboard, in the order the home page prefers them.
DASHBOARD_ENDPOINTS: dict[Role, str] = {
    Role.ADMIN: "home.admin_dashboard",
    Role.COI_OFFICE: "home.coi_dashboard",
    Role.GENERAL_COUNSEL: "home.counsel_dashboard",
    Role.DEPARTMENT_HEAD: "home.department_dashboard",
    Role.FACULTY: "home.faculty_dashboard",
}


def home_endpoint_for(person: Person) -> str:
    """The dashboard a person lands on: that of their most encompassing role."""
    for role, endpoint in DASHBOARD_ENDPOINTS.items():
        if person.has_role(role):
            return endpoint
    return "home.no_role"


def dashboards_for(person: Person) -> list[tuple[Role, str]]:
    """Every dashboard a person may open, for the navigation bar."""
    return [
        (role, endpoint) for role, endpoint in DASHBOARD_ENDPOINTS.items() if person.has_role(role)
    ]


def has_any_role(person: Person | Any, roles: tuple[Role, ...]) -> bool:
    if not getattr(person, "is_authenticated", False) or not isinstance(person, Person):
        return False
    return person.active and any(person.has_role(role) for role in roles)


def heads_department(person: Person, department_id: int | None) -> bool:
    return department_id is not None and department_id in person.headed_department_ids


View = TypeVar("View", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Refuse (403) a signed-in person who holds none of the roles; login_required first."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not has_any_role(current_user, roles):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate
