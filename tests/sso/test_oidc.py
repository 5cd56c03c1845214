"""OpenID Connect sign-in against a real Authlib authorization server in its own process."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEntry
from app.people.roles import Role
from tests.conftest import IsolatedClient
from tests.factories import make_person
from tests.sso.conftest import oidc_round_trip, sso_config


def provider_person(provider, username, email, name="Wei Zhang", verified=True):
    provider.add_user(
        username,
        {"claims": {"email": email, "email_verified": verified, "name": name}},
    )


def oidc_app(app, tmp_path, provider, name):
    config = sso_config(app, tmp_path, f"http://{name}.test", oidc_provider=provider)
    client_app = create_app(config)
    client_app.test_client_class = IsolatedClient
    return client_app


@pytest.fixture(scope="module")
def rp(app, tmp_path_factory, oidc_provider):
    return oidc_app(app, tmp_path_factory.mktemp("rp"), oidc_provider, "rp")


@pytest.fixture()
def client(rp, db):
    return rp.test_client()


def last_audit(db, action):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()


def test_a_known_person_signs_in_with_pkce_and_it_is_audited(client, db, oidc_provider):
    person = make_person(Role.FACULTY, email="wei.oidc@example.edu", password=None)
    provider_person(oidc_provider, "wei", "wei.oidc@example.edu")
    start, response = oidc_round_trip(client, oidc_provider, "wei")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == ["http://rp.test/sso/oidc/callback"]
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/my"
    assert client.get("/my").status_code == 200
    entry = last_audit(db, "auth.sso_sign_in")
    assert entry.object_id == str(person.id)
    assert entry.summary == "wei.oidc@example.edu signed in through OpenID Connect"
    assert entry.after == {"issuer": oidc_provider.base_url, "subject": "sub-wei"}


def test_an_id_token_signed_with_an_unpublished_key_is_refused(
    app, db, tmp_path, forging_oidc_provider
):
    rp = oidc_app(app, tmp_path, forging_oidc_provider, "forged")
    make_person(Role.ADMIN, email="root.oidc@example.edu")
    provider_person(forging_oidc_provider, "root", "root.oidc@example.edu")
    client = rp.test_client()
    _, response = oidc_round_trip(client, forging_oidc_provider, "root")
    assert response.status_code == 403
    assert "could not be confirmed" in response.text
    # The provider did issue a token: it was Candor's signature check that refused it.
    assert forging_oidc_provider.events()["tokens"]
    entry = last_audit(db, "auth.sso_sign_in_refused")
    assert entry.summary == "OpenID Connect sign-in refused (invalid_answer)"
    assert entry.after["detail"] == "BadSignatureError"
    assert client.get("/admin").status_code == 302


def test_a_callback_from_another_browser_is_refused(client, db, rp, oidc_provider):
    """The state (and PKCE verifier) belong to the browser that started: a stolen or
    planted code cannot be used in another one."""
    make_person(Role.FACULTY, email="mallory.oidc@example.edu")
    provider_person(oidc_provider, "mallory", "mallory.oidc@example.edu")
    start = client.get("/sso/oidc/login")
    answer = requests.post(
        start.headers["Location"],
        data={"username": "mallory", "password": "idp secret 2026"},
        allow_redirects=False,
        timeout=10,
    )
    callback = answer.headers["Location"]
    victim = rp.test_client()
    response = victim.get(callback[callback.index("/sso/oidc/callback") :])
    assert response.status_code == 403
    assert last_audit(db, "auth.sso_sign_in_refused").after["detail"] == "MismatchingStateError"


def test_an_unverified_email_does_not_pick_the_account(client, db, oidc_provider):
    make_person(Role.ADMIN, email="boss.oidc@example.edu")
    provider_person(oidc_provider, "liar", "boss.oidc@example.edu", verified=False)
    _, response = oidc_round_trip(client, oidc_provider, "liar")
    assert response.status_code == 403
    assert "did not say which account" in response.text


def test_an_unknown_person_is_refused(client, db, oidc_provider):
    provider_person(oidc_provider, "nobody", "nobody.oidc@example.edu")
    _, response = oidc_round_trip(client, oidc_provider, "nobody")
    assert response.status_code == 403
    entry = last_audit(db, "auth.sso_sign_in_refused")
    assert entry.actor_label == "nobody.oidc@example.edu"
    assert entry.summary.endswith("(unknown_person)")


def test_a_provider_error_is_refused_and_audited(client, db):
    response = client.get("/sso/oidc/callback?error=access_denied&state=x")
    assert response.status_code == 403
    assert last_audit(db, "auth.sso_sign_in_refused").after["detail"] == "provider: access_denied"


def test_oidc_routes_are_not_found_when_oidc_is_off(app, db):
    plain = app.test_client()
    assert plain.get("/sso/oidc/login").status_code == 404
    assert plain.get("/sso/oidc/callback?code=x&state=y").status_code == 404


def test_an_unreachable_provider_gets_a_clear_page_not_an_error(app, db, tmp_path):
    config = sso_config(app, tmp_path, "http://down.test")
    config.OIDC_METADATA_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    config.OIDC_CLIENT_ID = "candor"
    client = create_app(config).test_client()
    response = client.get("/sso/oidc/login")
    assert response.status_code == 503
    assert "cannot be reached right now" in response.text
