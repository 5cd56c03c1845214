"""In Debian's Chromium: a demo faculty member signs in through the SAML IdP (and signs
out there too), another through the OpenID Connect provider. Both providers are real
servers of their own; Candor runs as a live server with the demo institution seeded."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.demo.operations import seed_demo_institution
from app.extensions import db
from config import TestConfig
from tests.conftest import drop_postgres_schema, postgres_schema_url, run_schema
from tests.e2e.conftest import Visitor, browser  # noqa: F401 -- the browser fixture
from tests.sso.conftest import IDP_PASSWORD, register_oidc_client, register_sp


@pytest.fixture(scope="module")
def live_sso(
    tmp_path_factory: pytest.TempPathFactory, sso_keys: dict, saml_idp, oidc_provider
) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("sso-e2e")
    postgres = os.environ.get("TEST_DATABASE_URL")
    schema = run_schema("ssoe2e")
    url = postgres_schema_url(postgres, schema) if postgres else f"sqlite:///{tmp / 'e2e.db'}"
    httpd = make_server("127.0.0.1", 0, Flask("placeholder"), threaded=True)
    base = f"http://127.0.0.1:{httpd.server_port}"  # the port first: the SP's URLs name it
    config = TestConfig(url, tmp / "instance")
    config.BASE_URL = base
    config.SAML_IDP_METADATA = saml_idp.base_url + "/metadata"  # fetched from the IdP
    config.SAML_SP_KEY_FILE, config.SAML_SP_CERT_FILE = (str(path) for path in sso_keys["sp"])
    register_oidc_client(oidc_provider, "candor-e2e", "e2e secret", base + "/sso/oidc/callback")
    config.OIDC_METADATA_URL = oidc_provider.base_url + "/.well-known/openid-configuration"
    config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET = "candor-e2e", "e2e secret"
    config.OIDC_BUTTON_LABEL = "Sign in with Candor University Login"
    app = create_app(config)
    with app.app_context():
        upgrade()
        seed_demo_institution()
        db.session.commit()
    register_sp(app, saml_idp, "e2e")
    saml_idp.add_user(
        "amoreau",
        {
            "attributes": {
                "eduPersonPrincipalName": ["amoreau@demo.candor.edu"],
                "mail": ["alice.moreau@demo.candor.edu"],
                "displayName": ["Alice Moreau"],
                "departmentNumber": ["PHYS"],
            }
        },
    )
    oidc_provider.add_user(
        "wzhang",
        {"claims": {"email": "wei.zhang@demo.candor.edu", "email_verified": True,
                    "name": "Wei Zhang"}},
    )  # fmt: skip
    httpd.app = app
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()
    if postgres:
        drop_postgres_schema(postgres, schema)


def sign_in_at_provider(visitor: Visitor, button: str, username: str) -> None:
    page = visitor.page
    page.goto("/login")
    visitor.screenshot("sign-in choices")
    visitor.click_and_wait(f"a[data-sso]:has-text('{button}')")
    page.fill("#username", username)
    page.fill("#password", IDP_PASSWORD)
    visitor.screenshot("at the identity provider")
    page.click("button[type=submit]")
    page.wait_for_url("**/my", timeout=120_000)


def test_a_demo_faculty_member_signs_in_and_out_through_the_saml_idp(
    browser,  # noqa: F811 -- the fixture imported above
    live_sso,
    saml_idp,
):
    visitor = Visitor(browser, live_sso, "saml")
    sign_in_at_provider(visitor, "Sign in with your university account", "amoreau")
    page = visitor.page
    assert "Alice Moreau" in page.inner_text("nav")
    assert "My disclosures" in page.title()
    visitor.screenshot("signed in through SAML")
    with page.expect_navigation(url="**/login"):
        page.click("nav button:has-text('Sign out')")
    assert "also signed out of your institution" in page.inner_text("main")
    assert any(event["name_id"] == "id-amoreau" for event in saml_idp.events()["logouts"])
    visitor.screenshot("signed out at the IdP too")
    page.goto("/my")
    assert page.url.endswith("/login?next=%2Fmy")
    visitor.close()


def test_a_demo_faculty_member_signs_in_through_the_openid_provider(
    browser,  # noqa: F811 -- the fixture imported above
    live_sso,
):
    visitor = Visitor(browser, live_sso, "oidc")
    sign_in_at_provider(visitor, "Sign in with Candor University Login", "wzhang")
    assert "Wei Zhang" in visitor.page.inner_text("nav")
    visitor.screenshot("signed in through OpenID Connect")
    visitor.close()
