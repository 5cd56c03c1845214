"""Signing in and out."""

from __future__ import annotations

from app.people.roles import Role
from tests.factories import PASSWORD, login, make_person


def test_login_page_has_named_fields(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="password"' in page.text
    assert 'name="csrf_token"' in page.text


def test_correct_password_signs_in_and_lands_on_dashboard(client, db):
    person = make_person(Role.FACULTY)
    response = login(client, person.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my")
    assert client.get("/my").status_code == 200


def test_email_is_case_insensitive(client, db):
    person = make_person(Role.FACULTY, email="Ada.Lovelace@Example.edu")
    assert person.email == "ada.lovelace@example.edu"
    assert login(client, "ADA.LOVELACE@example.EDU").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, db):
    person = make_person(Role.FACULTY)
    wrong = login(client, person.email, "not the password at all")
    unknown = login(client, "nobody@example.edu", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Incorrect email or password." in wrong.text
    assert "Incorrect email or password." in unknown.text
    assert client.get("/my").status_code == 302  # still signed out


def test_input_is_kept_after_a_failed_sign_in(client, db):
    response = login(client, "someone@example.edu", "wrong password!")
    assert 'value="someone@example.edu"' in response.text


def test_missing_fields_are_reported_beside_them(client, db):
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get("/login").text)
    response = client.post("/login", data={"email": "", "password": "", "csrf_token": token})
    assert response.status_code == 400
    assert "Enter your email address." in response.text
    assert "Enter your password." in response.text


def test_request_without_csrf_token_is_refused_clearly(client, db):
    person = make_person(Role.FACULTY)
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "security token" in response.text
    assert client.get("/my").status_code == 302


def test_deactivated_person_cannot_sign_in(client, db):
    person = make_person(Role.FACULTY, active=False)
    response = login(client, person.email)
    assert response.status_code == 401
    assert "deactivated" in response.text
    assert client.get("/my").status_code == 302


def test_deactivation_ends_an_open_session(client, db):
    person = make_person(Role.FACULTY)
    login(client, person.email)
    person.active = False
    db.session.commit()
    assert client.get("/my").status_code == 302


def test_single_sign_on_account_cannot_use_the_password_form(client, db):
    person = make_person(Role.FACULTY, password=None)
    assert person.password_hash is None
    assert login(client, person.email, "").status_code == 400
    assert login(client, person.email, "anything at all").status_code == 401


def test_password_is_stored_as_argon2(db):
    person = make_person(Role.FACULTY)
    assert person.password_hash.startswith("$argon2id$")
    assert PASSWORD not in person.password_hash


def test_logout_ends_the_session_and_needs_post(client, db):
    person = make_person(Role.FACULTY)
    login(client, person.email)
    assert client.get("/logout").status_code == 405
    page = client.get("/my")
    from tests.conftest import csrf_token_from

    response = client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert client.get("/my").status_code == 302


def test_session_cookie_is_httponly_and_lax(client, db):
    person = make_person(Role.FACULTY)
    response = login(client, person.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if "candor_session" in h)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_next_parameter_only_allows_local_paths(client, db):
    from tests.conftest import csrf_token_from

    person = make_person(Role.FACULTY)
    token = csrf_token_from(client.get("/login").text)
    response = client.post(
        "/login?next=https://evil.example/phish",
        data={"email": person.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"].endswith("/my")


def test_protected_page_redirects_anonymous_visitor_to_login(client):
    response = client.get("/my")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
