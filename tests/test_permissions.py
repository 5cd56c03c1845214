"""Who may open which dashboard: a truth table over roles."""

from __future__ import annotations

import pytest

from app.auth.permissions import home_endpoint_for
from app.people.roles import Role
from tests.factories import login, make_department, make_person

DASHBOARDS = {
    "/my": Role.FACULTY,
    "/department": Role.DEPARTMENT_HEAD,
    "/coi": Role.COI_OFFICE,
    "/counsel": Role.GENERAL_COUNSEL,
    "/admin": Role.ADMIN,
}

ROLE_SETS = {
    "faculty": (Role.FACULTY,),
    "head": (Role.FACULTY, Role.DEPARTMENT_HEAD),
    "coi": (Role.COI_OFFICE,),
    "counsel": (Role.GENERAL_COUNSEL,),
    "admin": (Role.ADMIN,),
    "admin+coi": (Role.ADMIN, Role.COI_OFFICE),
}


@pytest.mark.parametrize("path", DASHBOARDS)
@pytest.mark.parametrize("holder", ROLE_SETS)
def test_dashboard_truth_table(client, db, holder, path):
    roles = ROLE_SETS[holder]
    person = make_person(*roles)
    login(client, person.email)
    expected = 200 if DASHBOARDS[path] in roles else 403
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("path", DASHBOARDS)
def test_anonymous_visitors_are_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("holder", "landing"),
    [
        ("faculty", "home.faculty_dashboard"),
        ("head", "home.department_dashboard"),
        ("coi", "home.coi_dashboard"),
        ("counsel", "home.counsel_dashboard"),
        ("admin", "home.admin_dashboard"),
        ("admin+coi", "home.admin_dashboard"),
    ],
)
def test_home_sends_each_role_to_its_dashboard(db, holder, landing):
    assert home_endpoint_for(make_person(*ROLE_SETS[holder])) == landing


def test_person_without_roles_sees_an_explanation(client, db):
    person = make_person(Role.FACULTY)
    person.grants.clear()
    db.session.flush()
    login(client, person.email)
    assert "no role" in client.get("/", follow_redirects=True).text


def test_department_head_sees_only_the_departments_they_head(client, db):
    physics, chemistry = make_department("PHYS", "Physics"), make_department("CHEM", "Chemistry")
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics)
    own = make_person(Role.FACULTY, name="Own Colleague", department=physics)
    other = make_person(Role.FACULTY, name="Other Chemist", department=chemistry)
    login(client, head.email)
    page = client.get("/department").text
    assert own.full_name in page
    assert other.full_name not in page


def test_navigation_lists_only_the_roles_held(client, db):
    person = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD)
    login(client, person.email)
    page = client.get("/my").text
    assert 'href="/department"' in page and 'href="/my"' in page
    assert 'href="/admin"' not in page and 'href="/coi"' not in page
