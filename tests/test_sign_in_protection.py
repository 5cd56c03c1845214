"""Rate limits, server-side sessions and security headers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.auth.limits import limiter
from app.auth.models import UserSession
from app.people.roles import Role
from config import TestConfig
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, login, make_person


@pytest.fixture()
def limited_client(app, db, tmp_path):
    """A second app on the same test database, with the sign-in limits switched on."""
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    config.RATELIMIT_ENABLED = True
    config.LOGIN_LIMIT_PER_ACCOUNT = "3 per 15 minutes"
    config.LOGIN_LIMIT_PER_ADDRESS = "6 per 10 minutes"
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    yield limited.test_client()
    limiter.reset()


def attempt(client, email, password="wrong password!!", address="10.0.0.1"):  # noqa: S107
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/login",
        environ_base={"REMOTE_ADDR": address},
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )


def test_an_account_is_locked_after_repeated_failures_even_from_new_addresses(db, limited_client):
    person = make_person(Role.FACULTY, email="target@example.edu")
    for number in range(3):
        assert attempt(limited_client, person.email, address=f"10.0.1.{number}").status_code == 401
    locked = attempt(limited_client, person.email, PASSWORD, address="10.0.1.9")
    assert locked.status_code == 429
    assert "Too many unsuccessful sign-in attempts" in locked.text


def test_unknown_emails_are_limited_exactly_like_real_ones(db, limited_client):
    make_person(Role.FACULTY, email="real@example.edu")
    statuses = {}
    for email in ("real@example.edu", "ghost@example.edu"):
        statuses[email] = [
            attempt(limited_client, email, address=f"10.0.2.{len(statuses)}").status_code
            for _ in range(4)
        ]
    assert statuses["real@example.edu"] == statuses["ghost@example.edu"] == [401, 401, 401, 429]


def test_an_address_is_limited_across_accounts(db, limited_client):
    codes = [
        attempt(limited_client, f"user{n}@example.edu", address="10.0.3.3").status_code
        for n in range(7)
    ]
    assert codes[:6] == [401] * 6 and codes[6] == 429


def test_successful_sign_ins_do_not_count(db, limited_client):
    person = make_person(Role.FACULTY)
    for _ in range(5):
        assert attempt(limited_client, person.email, PASSWORD, "10.0.4.4").status_code == 302
        limited_client.post(
            "/logout", data={"csrf_token": csrf_token_from(limited_client.get("/my").text)}
        )


def test_each_sign_in_gets_a_new_session_and_sign_out_ends_it_for_good(client, db):
    person = make_person(Role.FACULTY)
    login(client, person.email)
    first = client.get_cookie("candor_session").value
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/my").text)})
    # A copy of the old cookie, replayed after sign-out, opens nothing.
    client.set_cookie("candor_session", first)
    assert client.get("/my").status_code == 302
    login(client, person.email)
    sessions = list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.person_id == person.id)
            .order_by(UserSession.created_at)
        )
    )
    assert len(sessions) == 2 and sessions[0].id != sessions[1].id
    assert sessions[0].ended_at is not None and sessions[1].ended_at is None


def test_an_idle_session_times_out(client, db, app):
    person = make_person(Role.FACULTY)
    login(client, person.email)
    record = db.session.scalar(select(UserSession).where(UserSession.person_id == person.id))
    record.last_seen_at -= app.config["IDLE_TIMEOUT"] + timedelta(minutes=1)
    db.session.commit()
    response = client.get("/my")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_security_headers(client, db):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/login", base_url="https://candor.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
