"""Roster rows as JSON: the CSV import's fields and rules, all or nothing, errors by row
and field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.api.scopes import Scope
from app.audit.models import AuditEntry
from app.people.operations import person_by_email
from app.people.roles import Role
from tests.api.conftest import bearer, make_token
from tests.factories import make_department, make_person


def row(**overrides):
    return {
        "email": "ada@example.edu",
        "name": "Ada Okafor",
        "department_code": "phys",
        "department_name": "Physics",
        "roles": ["faculty", "department_head"],
        **overrides,
    }


@pytest.fixture()
def send(client, db):
    issued = make_token(scopes=(Scope.ROSTER_WRITE,))

    def post(body, **kwargs):
        return client.post("/api/v1/roster", json=body, headers=bearer(issued), **kwargs)

    post.owner = issued.token.owner
    return post


def test_rows_create_people_departments_and_roles_like_the_csv_import(send, db):
    response = send({"rows": [row(), row(email="bo@example.edu", name="Bo", roles=["faculty"])]})
    assert response.status_code == 200
    assert response.json == {"created": 2, "updated": 0, "unchanged": 0}
    ada = person_by_email("ada@example.edu")
    assert ada.department.code == "PHYS" and ada.headed_department_ids == {ada.department_id}
    assert send({"rows": [row()]}).json == {"created": 0, "updated": 0, "unchanged": 1}
    assert send({"rows": [row(name="Ada N. Okafor")]}).json["updated"] == 1
    imported = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "roster.import")
    ).all()
    assert imported and {entry.actor_id for entry in imported} == {send.owner.id}


def test_one_bad_row_refuses_them_all_and_names_row_and_field(send, db):
    response = send(
        {
            "rows": [
                row(),
                row(email="not an address"),
                row(email="cy@example.edu", roles=["dean"]),
                row(email="di@example.edu", department_code="NEW", department_name=""),
                row(email="ev@example.edu", roles=["department_head:NOWHERE"]),
                row(email="ada@example.edu"),
            ]
        }
    )
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problems = [(e["row"], e["field"]) for e in response.json["errors"]]
    assert problems == [
        (2, "email"),
        (3, "roles"),
        (4, "department_name"),
        (5, "roles"),
        (6, "email"),
    ]
    assert "line 1" in response.json["errors"][-1]["detail"]
    assert person_by_email("ada@example.edu") is None


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (row(name=7), "name"),
        (row(roles="faculty"), "roles"),
        (row(roles=["faculty;admin"]), "roles"),
        (row(nickname="Ada"), "nickname"),
        (row(name="x" * 201), "name"),
        (row(department_name="x" * 201), "department_name"),
        (row(name="Ada\x00"), "name"),
        ("not an object", "row"),
    ],
)
def test_malformed_rows_are_refused_beside_their_field(send, db, bad, field):
    response = send({"rows": [row(email="ok@example.edu"), bad]})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 2, "field": field, "detail": response.json["errors"][0]["detail"]}
    ]
    assert person_by_email("ok@example.edu") is None


@pytest.mark.parametrize(
    "body", [{}, {"rows": []}, {"rows": "x"}, [row()], {"rows": [row()] * 1001}]
)
def test_a_body_without_usable_rows_is_refused(send, db, body):
    response = send(body)
    assert response.status_code == 422
    assert response.json["errors"][0]["row"] is None


def test_the_body_must_be_json(client, db):
    issued = make_token(scopes=(Scope.ROSTER_WRITE,))
    form = client.post("/api/v1/roster", data={"rows": "x"}, headers=bearer(issued))
    assert form.status_code == 415 and form.mimetype == "application/problem+json"
    broken = client.post(
        "/api/v1/roster",
        data="{rows:",
        content_type="application/json",
        headers=bearer(issued),
    )
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"


def test_roles_are_added_never_taken_away(send, db):
    physics = make_department("PHYS", "Physics")
    make_person(Role.FACULTY, Role.COI_OFFICE, email="ada@example.edu", department=physics)
    assert send({"rows": [row(roles=["faculty"])]}).status_code == 200
    assert person_by_email("ada@example.edu").has_role(Role.COI_OFFICE)
