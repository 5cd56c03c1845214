"""Who may see and change a disclosure; assistants prepare drafts but never submit."""

from __future__ import annotations

import pytest

from app.auth.permissions import can_edit_disclosure, can_submit_disclosure, can_view_disclosure
from app.disclosures.enums import ItemKind
from app.people.roles import Role
from tests.disclosures.helpers import post_form, post_item
from tests.factories import (
    login,
    make_department,
    make_disclosure,
    make_person,
    make_submitted,
)


@pytest.fixture()
def world(db):
    physics, chemistry = make_department("PHYS", "Physics"), make_department("CHEM", "Chemistry")
    filer = make_person(Role.FACULTY, department=physics)
    return {
        "physics": physics,
        "filer": filer,
        "colleague": make_person(Role.FACULTY, department=physics),
        "own head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics),
        "other head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=chemistry),
        "coi": make_person(Role.COI_OFFICE),
        "counsel": make_person(Role.GENERAL_COUNSEL),
        "admin": make_person(Role.ADMIN),
    }


#: (who, sees the draft, sees it once submitted)
VIEW_TABLE = [
    ("filer", True, True),
    ("colleague", False, False),
    ("own head", False, True),
    ("other head", False, False),
    ("coi", True, True),
    ("counsel", True, True),
    ("admin", False, False),
]


@pytest.mark.parametrize(
    ("who", "sees_draft", "sees_submitted"), VIEW_TABLE, ids=[row[0] for row in VIEW_TABLE]
)
def test_view_truth_table(client, world, who, sees_draft, sees_submitted):
    disclosure = make_disclosure(world["filer"])
    make_item(disclosure)
    person = world[who]
    assert can_view_disclosure(person, disclosure) is sees_draft
    login(client, person.email)
    assert client.get(f"/disclosures/{disclosure.id}").status_code == (200 if sees_draft else 404)
    make_submitted(disclosure)
    assert can_view_disclosure(person, disclosure) is sees_submitted
    expected = 200 if sees_submitted else 404
    assert client.get(f"/disclosures/{disclosure.id}").status_code == expected
    assert client.get(f"/disclosures/{disclosure.id}/versions/1").status_code == expected


@pytest.mark.parametrize("who", ["colleague", "own head", "coi", "counsel", "admin"])
def test_nobody_but_the_filer_edits_or_submits(client, world, who):
    disclosure = make_disclosure(world["filer"])
    person = world[who]
    assert not can_edit_disclosure(person, disclosure)
    assert not can_submit_disclosure(person, disclosure)
    login(client, person.email)
    response = client.get(f"/disclosures/{disclosure.id}/items/new/support")
    assert response.status_code in (403, 404)


def make_item(disclosure):
    from tests.factories import make_item as factory

    return factory(disclosure, ItemKind.SUPPORT)


def test_assistant_prepares_drafts_and_is_credited_but_cannot_submit(client, db, world):
    filer = world["filer"]
    assistant = make_person(email="assistant@example.edu", name="Sam Assistant")
    assistant.grants.clear()  # staff without any role of their own
    db.session.flush()
    disclosure = make_disclosure(filer)

    login(client, filer.email)
    response = post_form(client, "/delegates/", "/delegates/", email="assistant@example.edu")
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": _token(client, "/my")})

    login(client, assistant.email)
    page = client.get("/delegates/").text
    assert filer.full_name in page
    assert post_item(client, disclosure.id, ItemKind.SPONSORED_TRAVEL).status_code == 302
    db.session.expire_all()
    (item,) = disclosure.live_items
    assert item.created_by_id == assistant.id and item.updated_by_id == assistant.id
    assert "Sam Assistant" in client.get(f"/disclosures/{disclosure.id}").text
    assert client.get(f"/disclosures/{disclosure.id}/submit").status_code == 403
    assert can_edit_disclosure(assistant, disclosure)
    assert not can_submit_disclosure(assistant, disclosure)


def test_revoked_assistant_loses_access(client, db, world):
    from app.disclosures.delegation import add_delegate, revoke_delegate

    filer = world["filer"]
    assistant = make_person(Role.FACULTY)
    disclosure = make_disclosure(filer)
    delegation = add_delegate(filer, assistant)
    assert can_edit_disclosure(assistant, disclosure)
    revoke_delegate(delegation)
    assert not can_view_disclosure(assistant, disclosure)
    login(client, assistant.email)
    assert client.get(f"/disclosures/{disclosure.id}").status_code == 404


def test_delegating_to_an_unknown_email_is_explained(client, world):
    login(client, world["filer"].email)
    response = post_form(client, "/delegates/", "/delegates/", email="nobody@example.edu")
    assert response.status_code == 400
    assert "No one with that email has an account." in response.text
    assert 'value="nobody@example.edu"' in response.text


def _token(client, path):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get(path).text)
