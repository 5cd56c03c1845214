"""The administrators' token page: a new token's secret is shown once, then never."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.api.models import ApiToken
from app.people.roles import Role
from tests.api.conftest import bearer
from tests.conftest import csrf_token_from
from tests.factories import login, make_person

SECRET = re.compile(r'value="(candor_[A-Za-z0-9_-]+)"')


def create(client, **data):
    page = client.get("/admin/tokens/")
    form = {"csrf_token": csrf_token_from(page.text), "lifetime_days": "30", **data}
    return client.post("/admin/tokens/", data=form)


def test_an_admin_creates_a_token_that_is_shown_once_and_works(client, db):
    admin = make_person(Role.ADMIN, Role.COI_OFFICE)
    login(client, admin.email)
    response = create(client, name="Grants system", scopes=["people:read", "flags:read"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(response.text).group(1)
    assert 'value="Grants system"' not in response.text  # the form starts afresh
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Grants system"))
    assert token.owner_id == admin.id and token.scopes == ["flags:read", "people:read"]
    listing = client.get("/admin/tokens/")
    assert secret not in listing.text and token.prefix in listing.text
    assert "Read people (names, departments, roles)" in listing.text
    assert client.get("/api/v1/people", headers=bearer(secret)).status_code == 200


def test_a_bad_form_is_refused_beside_its_fields_and_kept(client, db):
    login(client, make_person(Role.ADMIN).email)
    response = create(client, name="HR feed", scopes=["disclosures:read"], lifetime_days="999")
    assert response.status_code == 400
    assert "Between 1 and 366 days." in response.text
    assert 'value="HR feed"' in response.text
    assert db.session.scalar(select(ApiToken)) is None
    response = create(client, name="HR feed", scopes=["disclosures:read"])
    assert response.status_code == 400
    assert "your roles give a token nothing under disclosures:read" in response.text
    assert not SECRET.search(response.text)


def test_an_admin_revokes_a_token_and_it_stops_working(client, db):
    login(client, make_person(Role.ADMIN).email)
    secret = SECRET.search(create(client, name="Old feed", scopes=["people:read"]).text).group(1)
    token = db.session.scalar(select(ApiToken))
    page = client.get("/admin/tokens/")
    response = client.post(
        f"/admin/tokens/{token.id}/revoke", data={"csrf_token": csrf_token_from(page.text)}
    )
    assert response.status_code == 302
    assert "Revoked" in client.get("/admin/tokens/").text
    assert client.get("/api/v1/people", headers=bearer(secret)).status_code == 401


def test_revoking_needs_the_form_token(client, db):
    login(client, make_person(Role.ADMIN).email)
    create(client, name="Feed", scopes=["people:read"])
    token = db.session.scalar(select(ApiToken))
    assert client.post(f"/admin/tokens/{token.id}/revoke").status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
