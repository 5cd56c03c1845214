"""Layout, error pages and the rule that every asset is served by the app itself."""

from __future__ import annotations

import re

import pytest
from flask import abort

from app import create_app
from app.people.roles import Role
from config import TestConfig
from tests.factories import login, make_person

EXTERNAL_ASSET = re.compile(r'(?:src|href)="(?:https?:)?//', re.IGNORECASE)


def test_pages_load_no_asset_from_another_host(client, db):
    login_page = client.get("/login")
    assert not EXTERNAL_ASSET.search(login_page.text)
    person = make_person(Role.FACULTY, Role.ADMIN)
    login(client, person.email)
    for path in ("/my", "/admin"):
        assert not EXTERNAL_ASSET.search(client.get(path).text), path


def test_local_stylesheets_are_served(client):
    page = client.get("/login").text
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert len(stylesheets) >= 2
    for href in stylesheets:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.mimetype == "text/css"
        response.close()


def test_pages_have_titles_and_labelled_fields(client):
    page = client.get("/login").text
    assert re.search(r"<title>[^<]+</title>", page)
    for field_id in ("email", "password"):
        assert f'<label class="form-label" for="{field_id}">' in page
    assert '<html lang="en">' in page


def test_not_found_page_is_helpful(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.text
    assert "<title>" in response.text


def test_forbidden_page_is_helpful(client, db):
    login(client, make_person(Role.FACULTY).email)
    response = client.get("/admin")
    assert response.status_code == 403
    assert "does not have access" in response.text


@pytest.fixture()
def failing_app(tmp_path):
    """An app of its own with routes that fail on purpose (anonymous, so no database)."""
    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path))
    app.add_url_rule("/__fail/500", "fail_server", _raise_error)
    app.add_url_rule("/__fail/400", "fail_bad_request", lambda: abort(400))
    return app


def _raise_error():
    raise RuntimeError("deliberate failure for the error page test")


def test_server_error_page_says_nothing_was_saved(failing_app):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = failing_app.test_client().get("/__fail/500")
    assert response.status_code == 500
    assert "nothing was saved" in response.text
    assert "deliberate failure" not in response.text


def test_bad_request_page(failing_app):
    response = failing_app.test_client().get("/__fail/400")
    assert response.status_code == 400
    assert "Bad request" in response.text
