"""Reading people, what they certified and open flags, with the pages' permission rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.api.scopes import Scope
from app.audit.models import AuditEntry
from app.disclosures.enums import ItemKind
from app.disclosures.operations import amend_disclosure, save_item
from app.people.roles import Role
from tests.api.conftest import bearer, make_token
from tests.factories import (
    ITEM_DATA,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)


def get(client, issued, path):
    return client.get(path, headers=bearer(issued))


def test_people_are_listed_by_name_with_search_and_paging(client, db):
    physics = make_department("PHYS", "Physics")
    make_person(Role.FACULTY, name="Ada Okafor", email="ada@example.edu", department=physics)
    make_person(Role.FACULTY, name="Bo Okafor", email="bo@example.edu")
    make_person(Role.FACULTY, name="Cy Lind", email="cy.okafor@example.edu")
    issued = make_token(scopes=(Scope.PEOPLE_READ,))
    body = get(client, issued, "/api/v1/people?q=OKAFOR&per_page=2").json
    assert body["total"] == 3 and body["per_page"] == 2
    assert [p["name"] for p in body["items"]] == ["Ada Okafor", "Bo Okafor"]
    assert body["items"][0]["department"] == {"code": "PHYS", "name": "Physics"}
    assert body["items"][0]["roles"] == [{"role": "faculty", "department_code": None}]
    second = get(client, issued, "/api/v1/people?q=okafor&per_page=2&page=2").json
    assert [p["email"] for p in second["items"]] == ["cy.okafor@example.edu"]
    assert get(client, issued, "/api/v1/people?q=%25").json["total"] == 0


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=1e9", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=", "per_page"),
        ("q=" + "x" * 201, "q"),
        ("per-page=5", "per-page"),
    ],
)
def test_bad_query_parameters_are_a_400_problem_naming_them(client, db, query, parameter):
    issued = make_token(scopes=(Scope.PEOPLE_READ, Scope.FLAGS_READ))
    for path in ("/api/v1/people", "/api/v1/flags"):
        if parameter == "q" and path == "/api/v1/flags":
            continue
        response = get(client, issued, f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.mimetype == "application/problem+json"
        assert response.json["errors"][0]["parameter"] == parameter


def test_one_person_and_a_missing_one(client, db):
    person = make_person(Role.FACULTY, name="Ada Okafor")
    issued = make_token(scopes=(Scope.PEOPLE_READ,))
    assert get(client, issued, f"/api/v1/people/{person.id}").json["name"] == "Ada Okafor"
    missing = get(client, issued, "/api/v1/people/2147483647")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert get(client, issued, "/api/v1/people/2147483648").status_code == 404


def test_the_summary_is_what_was_certified_not_the_draft(client, db):
    filer = make_person(Role.FACULTY)
    disclosure = make_disclosure(filer)
    item = make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY)
    make_submitted(disclosure)
    amend_disclosure(disclosure, filer)
    data = {**ITEM_DATA[ItemKind.OUTSIDE_ACTIVITY], "role_title": "Changed after certifying"}
    save_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, data, filer, item)
    never_submitted = make_disclosure(filer, make_cycle(2025))
    issued = make_token(scopes=(Scope.DISCLOSURES_READ,))

    body = get(client, issued, f"/api/v1/people/{filer.id}/disclosures").json
    assert body["person_id"] == filer.id
    (certified,) = body["disclosures"]
    assert certified["disclosure_id"] == disclosure.id != never_submitted.id
    assert certified["version"] == 1 and certified["status"] == "draft"
    assert certified["certified_by"] == filer.full_name
    (activity,) = certified["items"]
    assert activity["fields"]["role_title"] == ITEM_DATA[ItemKind.OUTSIDE_ACTIVITY]["role_title"]


def test_a_department_heads_token_sees_only_their_departments_disclosures(client, db):
    home, away = make_department("HOME", "Home"), make_department("AWAY", "Away")
    head = make_person(Role.ADMIN, Role.FACULTY, Role.DEPARTMENT_HEAD, department=home)
    issued = make_token(head, scopes=(Scope.DISCLOSURES_READ, Scope.FLAGS_READ))
    colleague, stranger = (make_person(Role.FACULTY, department=d) for d in (home, away))
    for filer in (colleague, stranger):
        disclosure = make_disclosure(filer)
        make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
        make_submitted(disclosure)

    def visible(filer, what):
        response = get(client, issued, f"/api/v1/people/{filer.id}/{what}")
        assert response.status_code == 200
        return response.json[what]

    assert len(visible(colleague, "disclosures")) == 1
    assert visible(stranger, "disclosures") == []
    assert {f["canonical_name"] for f in visible(colleague, "flags")} >= {
        "Huawei Technologies Co., Ltd."
    }
    assert visible(stranger, "flags") == []
    institution = get(client, issued, "/api/v1/flags")
    assert institution.status_code == 403 and "COI office" in institution.json["detail"]
    refused = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api_token.refused")
    ).all()
    assert [entry.after["reason"] for entry in refused] == ["owner_may_not"]


def test_open_flags_of_a_person_and_of_the_institution_for_the_coi_office(client, db):
    filer = make_person(Role.FACULTY)
    draft_only = make_person(Role.FACULTY)
    submitted = make_disclosure(filer)
    make_item(submitted, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(submitted)
    draft = make_disclosure(draft_only)
    make_item(draft, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    issued = make_token(scopes=(Scope.FLAGS_READ,))

    mine = get(client, issued, f"/api/v1/people/{filer.id}/flags").json["flags"]
    assert mine and {f["disclosure_id"] for f in mine} == {submitted.id}
    assert mine[0]["severity"] == "critical" and mine[0]["disposition"] is None
    assert get(client, issued, f"/api/v1/people/{draft_only.id}/flags").json["flags"] == []

    everyone = get(client, issued, "/api/v1/flags?per_page=1").json
    assert everyone["total"] == len(mine) and len(everyone["items"]) == 1
    assert everyone["items"][0]["severity"] == "critical"
    assert {f["id"] for f in get(client, issued, "/api/v1/flags").json["items"]} == {
        f["id"] for f in mine
    }
