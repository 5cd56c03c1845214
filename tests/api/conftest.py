"""Tokens for the API tests, made by the real operation."""

from __future__ import annotations

from app.api.operations import IssuedToken, issue_token
from app.api.scopes import Scope
from app.people.models import Person
from app.people.roles import Role
from tests.factories import make_person


def make_token(
    owner: Person | None = None, scopes: tuple[Scope, ...] = tuple(Scope), days: int = 30
) -> IssuedToken:
    owner = owner or make_person(Role.ADMIN, Role.COI_OFFICE)
    return issue_token(owner, "Test system", scopes, days)


def bearer(issued: IssuedToken | str) -> dict[str, str]:
    secret = issued if isinstance(issued, str) else issued.secret
    return {"Authorization": f"Bearer {secret}"}
