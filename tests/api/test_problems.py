"""Every API error is a problem document (RFC 9457), never an HTML page."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app import create_app
from app.api import views
from app.api.scopes import Scope
from app.auth.limits import limiter
from config import TestConfig
from tests.api.conftest import bearer, make_token


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["type"] == "about:blank" and body["instance"] == response.request.path
    assert "<html" not in response.text.lower()


def test_unknown_addresses_and_methods(client, db):
    issued = make_token()
    assert_problem(client.get("/api/v1/nothing-here", headers=bearer(issued)), 404)
    assert_problem(client.get("/api/v2/people", headers=bearer(issued)), 404)
    not_allowed = client.delete("/api/v1/people", headers=bearer(issued))
    assert_problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]
    assert_problem(client.get("/api/v1/roster", headers=bearer(issued)), 405)


def test_a_page_outside_the_api_still_gets_the_html_error_page(client, db):
    response = client.get("/nothing-here")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_control_characters_in_the_query_are_a_400_problem(client, db):
    assert_problem(client.get("/api/v1/people?q=%00", headers=bearer(make_token())), 400)


def test_an_unexpected_error_is_a_500_problem_and_nothing_is_saved(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.queries, "people_page", broken)
    assert_problem(client.get("/api/v1/people", headers=bearer(make_token())), 500)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (IntegrityError("INSERT", {}, Exception("duplicate key")), 409),
        (OperationalError("SELECT", {}, Exception("server closed the connection")), 503),
    ],
)
def test_database_errors_are_problems(client, db, monkeypatch, error, status):
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "import_roster", refuse)
    row = {"email": "a@example.edu", "name": "A", "department_code": "X", "roles": ["faculty"]}
    response = client.post(
        "/api/v1/roster",
        json={"rows": [row]},
        headers=bearer(make_token(scopes=(Scope.ROSTER_WRITE,))),
    )
    assert_problem(response, status)


def test_the_openapi_document_is_public(client, db):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200 and document.json["openapi"] == "3.1.0"
    assert document.mimetype == "application/json"


@pytest.fixture()
def limited_client(app, db, tmp_path):
    """A second app on the same test database, with rate limits switched on."""
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    config.RATELIMIT_ENABLED = True
    config.API_RATE_LIMIT = "3 per minute"
    config.API_RATE_LIMIT_PER_ADDRESS = "5 per minute"
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    yield limited.test_client()
    limiter.reset()


def test_too_many_requests_with_one_token_is_a_429_problem(limited_client, db):
    issued, other = make_token(), make_token()
    for _ in range(3):
        assert limited_client.get("/api/v1/people", headers=bearer(issued)).status_code == 200
    assert_problem(limited_client.get("/api/v1/people", headers=bearer(issued)), 429)
    assert limited_client.get("/api/v1/people", headers=bearer(other)).status_code == 200


def test_made_up_tokens_from_one_address_are_limited_too(limited_client, db):
    for number in range(5):
        response = limited_client.get("/api/v1/people", headers=bearer(f"candor_fake{number}"))
        assert response.status_code == 401
    assert_problem(limited_client.get("/api/v1/people", headers=bearer("candor_fake9")), 429)
    elsewhere = {"REMOTE_ADDR": "10.9.9.9"}
    response = limited_client.get("/api/v1/people", environ_base=elsewhere)
    assert response.status_code == 401


def test_a_body_larger_than_allowed_is_a_413_problem(app, client, db):
    too_large = b" " * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/api/v1/roster",
        data=too_large,
        content_type="application/json",
        headers=bearer(make_token(scopes=(Scope.ROSTER_WRITE,))),
    )
    assert_problem(response, 413)
