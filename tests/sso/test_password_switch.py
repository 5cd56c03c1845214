"""Password sign-in switched off for single sign-on, with break-glass administrators."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEntry
from app.people.roles import Role
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD, login, make_person
from tests.sso.conftest import sso_config


@pytest.fixture(scope="module")
def sso_only(app, tmp_path_factory, sso_keys, saml_idp):
    config = sso_config(
        app,
        tmp_path_factory.mktemp("sso-only"),
        "http://sso-only.test",
        sso_keys,
        saml_metadata=saml_idp.base_url + "/metadata",  # read from the IdP's URL
        PASSWORD_SIGN_IN=False,
        BREAK_GLASS_EMAILS=frozenset({"glass.admin@example.edu", "glass.faculty@example.edu"}),
    )
    sso_app = create_app(config)
    sso_app.test_client_class = IsolatedClient
    return sso_app


@pytest.fixture()
def client(sso_only, db):
    return sso_only.test_client()


def test_the_sign_in_page_offers_the_institution_first(client):
    page = client.get("/login?next=/my").text
    assert 'href="/sso/saml/login?next=/my"' in page
    assert "Sign in with your university account" in page
    assert "Emergency administrator sign-in" in page


def test_a_faculty_password_is_refused_without_even_being_checked(client, db):
    person = make_person(Role.FACULTY, email="prof.pw@example.edu")
    response = login(client, person.email, PASSWORD)
    assert response.status_code == 401
    assert "Password sign-in is switched off" in response.text
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "auth.sign_in_failed")
        .order_by(AuditEntry.id.desc())
    ).first()  # fmt: skip
    assert entry.summary == "Sign-in refused (password sign-in switched off)"
    assert entry.actor_label == "prof.pw@example.edu"


def test_a_break_glass_administrator_still_signs_in_with_a_password(client, db):
    make_person(Role.ADMIN, email="glass.admin@example.edu")
    response = login(client, "glass.admin@example.edu", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin"


def test_a_break_glass_administrator_with_a_wrong_password_is_refused(client, db):
    make_person(Role.ADMIN, email="glass.admin@example.edu")
    response = login(client, "glass.admin@example.edu", "wrong password")
    assert response.status_code == 401
    assert "Incorrect email or password." in response.text


def test_a_listed_address_that_is_not_an_administrator_gets_no_way_around(client, db):
    make_person(Role.FACULTY, email="glass.faculty@example.edu")
    response = login(client, "glass.faculty@example.edu", PASSWORD)
    assert response.status_code == 401
    assert "Password sign-in is switched off" in response.text


def test_passwords_work_as_before_when_not_switched_off(app, db):
    client = app.test_client()
    make_person(Role.FACULTY, email="plain.pw@example.edu")
    assert login(client, "plain.pw@example.edu", PASSWORD).status_code == 302
    page = app.test_client().get("/login").text
    assert "/sso/" not in page
    assert "Emergency administrator" not in page
