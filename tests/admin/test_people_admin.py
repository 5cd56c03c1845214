"""People and roles in the browser: search and paging, and every change audited with its
reason; a change without a reason is refused beside the field with the input kept."""

from __future__ import annotations

from sqlalchemy import select

from app.admin.queries import PAGE_SIZE
from app.audit.models import AuditEntry
from app.extensions import db as flask_db
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import login, make_department, make_person


def signed_in_admin(client):
    admin = make_person(Role.ADMIN, name="Ada Admin")
    login(client, admin.email)
    return admin


def entries_about(person_id: int) -> list[AuditEntry]:
    return list(
        flask_db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "person", AuditEntry.object_id == str(person_id))
            .order_by(AuditEntry.id)
        )
    )


def post_on_page(client, person, path: str, data: dict):
    page = client.get(f"/admin/people/{person.id}")
    return client.post(path, data={"csrf_token": csrf_token_from(page.text), **data})


def test_people_are_searched_by_name_or_email_and_paged(app, client, db):
    signed_in_admin(client)
    team = make_department("PAGE", "Paging")
    for number in range(PAGE_SIZE + 3):
        make_person(
            Role.FACULTY,
            name=f"Zed Pager {number:02d}",
            email=f"zp{number}@ex.edu",
            department=team,
        )
    first = client.get("/admin/people?q=zed+pager")
    assert first.status_code == 200
    assert f"{PAGE_SIZE + 3} people; page 1 of 2" in first.text
    assert "Zed Pager 00" in first.text and "Zed Pager 27" not in first.text
    second = client.get("/admin/people?q=zed+pager&page=2")
    assert "Zed Pager 27" in second.text and "Zed Pager 00" not in second.text
    by_email = client.get("/admin/people?q=ZP13@")
    assert "Zed Pager 13" in by_email.text and "1 person;" in by_email.text
    by_department = client.get("/admin/people?department=PAGE&q=27")
    assert "Zed Pager 27" in by_department.text
    literal = client.get("/admin/people?q=%25")  # a LIKE wildcard is searched for literally
    assert "0 people;" in literal.text
    assert client.get("/admin/people?page=0").status_code == 400


def test_granting_and_revoking_a_role_is_audited_with_the_reason(app, client, db):
    signed_in_admin(client)
    physics = make_department("PHYS", "Physics")
    person = make_person(Role.FACULTY, department=physics)
    url = f"/admin/people/{person.id}/roles"

    refused = post_on_page(
        client, person, url, {"grant-role": "department_head", "grant-reason": "new head"}
    )
    assert refused.status_code == 400
    assert "A department head&#39;s role names the department headed." in refused.text
    assert "new head" in refused.text  # the input is kept

    granted = post_on_page(
        client,
        person,
        url,
        {"grant-role": "department_head", "grant-department": "PHYS", "grant-reason": "new head"},
    )
    assert granted.status_code == 302
    flask_db.session.refresh(person)
    assert person.headed_department_ids == {physics.id}
    grant_entries = [
        e for e in entries_about(person.id) if e.action in ("role.grant", "admin.grant_role")
    ]
    assert [e.action for e in grant_entries][-2:] == ["role.grant", "admin.grant_role"]
    assert grant_entries[-1].after == {
        "role": "department_head",
        "department": "PHYS",
        "reason": "new head",
    }
    assert "Reason: new head" in grant_entries[-1].summary

    grant = next(g for g in person.grants if g.role is Role.DEPARTMENT_HEAD)
    revoke_url = f"/admin/people/{person.id}/roles/{grant.id}/revoke"
    assert post_on_page(client, person, revoke_url, {"revoke-reason": " "}).status_code == 400
    revoked = post_on_page(client, person, revoke_url, {"revoke-reason": "stepped down"})
    assert revoked.status_code == 302
    flask_db.session.refresh(person)
    assert person.roles == {Role.FACULTY}
    last = entries_about(person.id)[-1]
    assert last.action == "admin.revoke_role" and last.after["reason"] == "stepped down"

    history = client.get(f"/admin/people/{person.id}").text.split('id="history"')[1]
    assert "lost Department head of Physics. Reason: stepped down" in history
    assert "granted Department head of Physics. Reason: new head" in history
    assert "granted the Faculty role" in history  # made outside the admin pages
    assert "department_head" not in history and "faculty" not in history.replace(person.email, "")


def test_moving_department_and_deactivating_are_audited_with_the_reason(app, client, db):
    admin = signed_in_admin(client)
    physics, chemistry = make_department("PHYS", "Physics"), make_department("CHEM", "Chemistry")
    person = make_person(Role.FACULTY, department=physics)

    moved = post_on_page(
        client,
        person,
        f"/admin/people/{person.id}/department",
        {"move-department": "CHEM", "move-reason": "transferred"},
    )
    assert moved.status_code == 302
    flask_db.session.refresh(person)
    assert person.department_id == chemistry.id
    entry = entries_about(person.id)[-1]
    assert entry.action == "admin.move_department"
    assert entry.after == {
        "department_from": "PHYS",
        "department_to": "CHEM",
        "reason": "transferred",
    }

    off = post_on_page(
        client, person, f"/admin/people/{person.id}/deactivate", {"activation-reason": "left"}
    )
    flask_db.session.refresh(person)
    assert off.status_code == 302 and not person.active
    on = post_on_page(
        client, person, f"/admin/people/{person.id}/reactivate", {"activation-reason": "back"}
    )
    flask_db.session.refresh(person)
    assert on.status_code == 302 and person.active
    actions = [e.action for e in entries_about(person.id)][-4:]
    assert actions == [
        "person.deactivate",
        "admin.deactivate",
        "person.activate",
        "admin.reactivate",
    ]

    myself = post_on_page(
        client, admin, f"/admin/people/{admin.id}/deactivate", {"activation-reason": "oops"}
    )
    assert myself.status_code == 400
    assert "You cannot deactivate your own account." in myself.text
    flask_db.session.refresh(admin)
    assert admin.active


def test_an_admin_cannot_take_away_their_own_admin_role(app, client, db):
    admin = signed_in_admin(client)
    grant = next(g for g in admin.grants if g.role is Role.ADMIN)
    response = post_on_page(
        client,
        admin,
        f"/admin/people/{admin.id}/roles/{grant.id}/revoke",
        {"revoke-reason": "testing"},
    )
    assert response.status_code == 400
    assert "You cannot take away your own administrator role." in response.text
    flask_db.session.refresh(admin)
    assert admin.has_role(Role.ADMIN)


def test_a_grant_of_another_person_is_not_found(app, client, db):
    signed_in_admin(client)
    person, other = make_person(Role.FACULTY), make_person(Role.FACULTY)
    response = post_on_page(
        client,
        person,
        f"/admin/people/{person.id}/roles/{other.grants[0].id}/revoke",
        {"revoke-reason": "x"},
    )
    assert response.status_code == 404
    flask_db.session.refresh(other)
    assert other.roles == {Role.FACULTY}
