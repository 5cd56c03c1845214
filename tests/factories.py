"""Small factories and a login helper, built on the real operations."""

from __future__ import annotations

import itertools

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.people.models import Department, Person
from app.people.operations import (
    department_by_code,
    grant_role,
    set_active,
    set_password,
    upsert_department,
    upsert_person,
)
from app.people.roles import Role
from tests.conftest import csrf_token_from

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def make_department(code: str | None = None, name: str | None = None) -> Department:
    number = next(_numbers)
    code = code or f"D{number}"
    existing = department_by_code(code)
    if existing is not None:
        return existing
    return upsert_department(code, name or f"Department {code}", "School of Tests")[0]


def make_person(
    *roles: Role,
    email: str | None = None,
    name: str | None = None,
    department: Department | None = None,
    heads: tuple[Department, ...] = (),
    password: str | None = PASSWORD,
    active: bool = True,
) -> Person:
    number = next(_numbers)
    department = department or make_department()
    person, _ = upsert_person(
        email or f"person{number}@example.edu", name or f"Test Person {number}", department
    )
    for role in roles or (Role.FACULTY,):
        if role is Role.DEPARTMENT_HEAD:
            for headed in heads or (department,):
                grant_role(person, role, headed)
        else:
            grant_role(person, role)
    if password is not None:
        set_password(person, password)
    if not active:
        set_active(person, False)
    return person


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )
