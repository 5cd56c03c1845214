"""SAML 2.0 sign-in against a real pysaml2 IdP running in its own process."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEntry
from app.auth.limits import limiter
from app.people.operations import person_by_email
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import make_department, make_person
from tests.sso.conftest import saml_app, saml_round_trip, sso_config

REPO = Path(__file__).resolve().parents[2]


def idp_person(idp, username, mail, name="Alice Moreau", department="PHYS", eppn=None):
    idp.add_user(
        username,
        {
            "attributes": {
                "eduPersonPrincipalName": [eppn or mail],
                "mail": [mail],
                "displayName": [name],
                "departmentNumber": [department],
            }
        },
    )


@pytest.fixture(scope="module")
def sp(app, tmp_path_factory, sso_keys, saml_idp):
    return saml_app(app, tmp_path_factory.mktemp("sp"), sso_keys, saml_idp, "sp")


@pytest.fixture(scope="module")
def creating_sp(app, tmp_path_factory, sso_keys, saml_idp):
    return saml_app(
        app, tmp_path_factory.mktemp("sp"), sso_keys, saml_idp, "creating", SSO_CREATE_PEOPLE=True
    )


@pytest.fixture()
def client(sp, db):
    return sp.test_client()


def last_audit(db, action):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()


def test_metadata_is_served_at_a_stable_address_and_asks_for_signed_assertions(client, sso_keys):
    response = client.get("/sso/saml/metadata")
    assert response.status_code == 200
    assert response.mimetype == "application/samlmetadata+xml"
    xml = response.text
    assert 'entityID="http://sp.test/sso/saml/metadata"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert 'Location="http://sp.test/sso/saml/acs"' in xml
    assert 'Location="http://sp.test/sso/saml/sls"' in xml
    certificate = sso_keys["sp"][1].read_text().split("-----")[2].replace("\n", "")
    assert certificate in xml.replace("\n", "")


def test_a_known_person_signs_in_through_the_idp_and_it_is_audited(client, db, saml_idp):
    person = make_person(Role.FACULTY, email="alice.saml@example.edu", password=None)
    idp_person(saml_idp, "alice", "alice.saml@example.edu")
    response = saml_round_trip(client, saml_idp, "alice")
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/my"
    assert "Test Person" in client.get("/my").text
    entry = last_audit(db, "auth.sso_sign_in")
    assert entry.object_id == str(person.id)
    assert entry.summary == "alice.saml@example.edu signed in through SAML"
    assert entry.after["issuer"] == saml_idp.base_url + "/metadata"
    assert entry.after["subject"] == "id-alice"


def test_the_idp_checks_our_password_not_candor(client, db, saml_idp):
    """A wrong password at the IdP never produces an answer for Candor."""
    make_person(Role.FACULTY, email="bob.saml@example.edu")
    idp_person(saml_idp, "bob", "bob.saml@example.edu")
    start = client.get("/sso/saml/login")
    page = requests.get(start.headers["Location"], timeout=10)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)
    answer = requests.post(
        saml_idp.base_url + "/login",
        data={"ticket": ticket, "username": "bob", "password": "not it"},
        timeout=10,
    )
    assert "Wrong username or password" in answer.text
    assert "SAMLResponse" not in answer.text


def test_the_account_attributes_are_tried_in_order(client, db, saml_idp):
    """ePPN first; when it names nobody, the mail address still finds the person."""
    person = make_person(Role.FACULTY, email="carol.real@example.edu")
    idp_person(saml_idp, "carol", "carol.real@example.edu", eppn="cz123@example.edu")
    response = saml_round_trip(client, saml_idp, "carol")
    assert response.status_code == 302
    assert last_audit(db, "auth.sso_sign_in").object_id == str(person.id)


def test_an_unknown_person_is_refused_and_the_refusal_audited(client, db, saml_idp):
    idp_person(saml_idp, "dave", "dave.unknown@example.edu", name="Dave Unknown")
    response = saml_round_trip(client, saml_idp, "dave")
    assert response.status_code == 403
    assert "Candor has no account for you yet" in response.text
    assert person_by_email("dave.unknown@example.edu") is None
    entry = last_audit(db, "auth.sso_sign_in_refused")
    assert entry.actor_label == "dave.unknown@example.edu"
    assert entry.summary == "SAML sign-in refused (unknown_person)"


def test_unknown_people_become_faculty_of_their_department_when_allowed(creating_sp, db, saml_idp):
    make_department("NEWD", "New Department")
    idp_person(saml_idp, "erin", "erin.new@example.edu", name="Erin  New", department="newd")
    response = saml_round_trip(creating_sp.test_client(), saml_idp, "erin")
    assert response.status_code == 302
    created = person_by_email("erin.new@example.edu")
    assert created.full_name == "Erin New"
    assert created.department.code == "NEWD"
    assert created.roles == {Role.FACULTY}
    assert created.password_hash is None


def test_an_unknown_department_is_not_invented(creating_sp, db, saml_idp):
    idp_person(saml_idp, "fay", "fay.new@example.edu", department="NOSUCH")
    response = saml_round_trip(creating_sp.test_client(), saml_idp, "fay")
    assert response.status_code == 403
    assert "your department is not set up" in response.text
    assert person_by_email("fay.new@example.edu") is None


def test_a_deactivated_person_is_refused(client, db, saml_idp):
    make_person(Role.FACULTY, email="gone.saml@example.edu", active=False)
    idp_person(saml_idp, "gone", "gone.saml@example.edu")
    response = saml_round_trip(client, saml_idp, "gone")
    assert response.status_code == 403
    assert "deactivated" in response.text
    assert last_audit(db, "auth.sso_sign_in_refused").summary.endswith("(deactivated)")


def test_unsigned_assertions_are_refused(app, db, tmp_path, sso_keys, unsigned_saml_idp):
    sp = saml_app(app, tmp_path, sso_keys, unsigned_saml_idp, "unsigned")
    make_person(Role.FACULTY, email="henry.saml@example.edu")
    idp_person(unsigned_saml_idp, "henry", "henry.saml@example.edu")
    response = saml_round_trip(sp.test_client(), unsigned_saml_idp, "henry")
    assert response.status_code == 403
    assert "could not be confirmed" in response.text
    entry = last_audit(db, "auth.sso_sign_in_refused")
    assert entry.summary == "SAML sign-in refused (invalid_answer)"
    assert entry.after["detail"] == "SignatureError"


def test_an_altered_assertion_is_refused(client, db, saml_idp, monkeypatch):
    """Someone who edits the signed assertion (here: to become someone else) is refused."""
    make_person(Role.FACULTY, email="ivy.saml@example.edu")
    make_person(Role.ADMIN, email="root.saml@example.edu")
    idp_person(saml_idp, "ivy", "ivy.saml@example.edu")
    original_post = client.post

    def tampering_post(path, data):
        xml = base64.b64decode(data["SAMLResponse"]).decode()
        assert xml.count("ivy.saml@example.edu") == 2  # ePPN and mail
        forged = xml.replace("ivy.saml@example.edu", "root.saml@example.edu")
        return original_post(path, data={"SAMLResponse": base64.b64encode(forged.encode())})

    monkeypatch.setattr(client, "post", tampering_post)
    response = saml_round_trip(client, saml_idp, "ivy")
    assert response.status_code == 403
    assert last_audit(db, "auth.sso_sign_in_refused").after["detail"] == "SignatureError"
    assert "/login" in client.get("/admin").headers["Location"]  # still signed out


def test_an_answer_cannot_be_replayed(client, db, saml_idp, monkeypatch):
    make_person(Role.FACULTY, email="jack.saml@example.edu")
    idp_person(saml_idp, "jack", "jack.saml@example.edu")
    captured = {}
    original_post = client.post

    def capturing_post(path, data):
        captured.update(data)
        return original_post(path, data=data)

    monkeypatch.setattr(client, "post", capturing_post)
    assert saml_round_trip(client, saml_idp, "jack").status_code == 302
    other_browser = client.application.test_client()
    bounced = other_browser.post("/sso/saml/acs", data=captured)
    assert bounced.status_code == 200 and "Continue to Candor" in bounced.text
    replay = other_browser.post("/sso/saml/acs", data={**captured, "continued": "1"})
    assert replay.status_code == 403
    assert last_audit(db, "auth.sso_sign_in_refused").after["detail"]


def test_garbage_is_refused_without_an_error_page(client, db):
    for body in ({"SAMLResponse": "bm90IHhtbA=="}, {"SAMLResponse": "%%%"}, {}):
        response = client.post("/sso/saml/acs", data={**body, "continued": "1"})
        assert response.status_code == 403


def test_signing_out_signs_out_at_the_idp_too(client, db, saml_idp):
    make_person(Role.FACULTY, email="kim.saml@example.edu")
    idp_person(saml_idp, "kim", "kim.saml@example.edu")
    assert saml_round_trip(client, saml_idp, "kim").status_code == 302
    page = client.get("/my")
    assert f"form-action 'self' {saml_idp.base_url}" in page.headers["Content-Security-Policy"]
    logout = client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    assert logout.status_code == 302
    location = logout.headers["Location"]
    assert location.startswith(saml_idp.base_url + "/slo/redirect?SAMLRequest=")
    assert "Signature=" in location
    assert client.get("/my").status_code == 302  # Candor's session ended at once
    at_idp = requests.get(location, allow_redirects=False, timeout=10)
    assert at_idp.status_code == 302, at_idp.text
    assert {"name_id": "id-kim", "session_index": 1} in saml_idp.events()["logouts"]
    back = at_idp.headers["Location"]
    assert back.startswith("http://sp.test/sso/saml/sls?SAMLResponse=")
    finished = client.get(back[len("http://sp.test") :])
    assert finished.status_code == 302
    assert "also signed out of your institution" in client.get("/login").text


def test_a_logout_started_at_the_idp_ends_the_candor_session(client, db, saml_idp):
    make_person(Role.FACULTY, email="lee.saml@example.edu")
    idp_person(saml_idp, "lee", "lee.saml@example.edu")
    assert saml_round_trip(client, saml_idp, "lee").status_code == 302
    asked = requests.get(
        saml_idp.base_url + "/initiate-logout",
        params={"sp": "http://sp.test/sso/saml/metadata", "name_id": "id-lee"},
        allow_redirects=False,
        timeout=10,
    )
    location = asked.headers["Location"]
    assert location.startswith("http://sp.test/sso/saml/sls?SAMLRequest=")
    answer = client.get(location[len("http://sp.test") :])
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(saml_idp.base_url + "/slo/redirect?SAMLResponse=")
    assert client.get("/my").status_code == 302  # signed out
    assert last_audit(db, "auth.sign_out").summary == (
        "lee.saml@example.edu signed out at the identity provider"
    )
    requests.get(answer.headers["Location"], timeout=10)
    assert {"from": "http://sp.test/sso/saml/metadata", "ok": True} in saml_idp.events()[
        "logout_answers"
    ]


def test_a_logout_request_for_someone_else_or_unsigned_signs_nobody_out(client, db, saml_idp):
    make_person(Role.FACULTY, email="max.saml@example.edu")
    idp_person(saml_idp, "max", "max.saml@example.edu")
    assert saml_round_trip(client, saml_idp, "max").status_code == 302
    for params in ({"name_id": "id-someone-else"}, {"name_id": "id-max", "unsigned": "1"}):
        asked = requests.get(
            saml_idp.base_url + "/initiate-logout",
            params={"sp": "http://sp.test/sso/saml/metadata", **params},
            allow_redirects=False,
            timeout=10,
        )
        client.get(asked.headers["Location"][len("http://sp.test") :])
        assert client.get("/my").status_code == 200  # still signed in
    unsigned = client.get(asked.headers["Location"][len("http://sp.test") :])
    assert unsigned.status_code == 400


def test_saml_routes_are_not_found_when_saml_is_off(app, db):
    plain = app.test_client()
    for path in ("/sso/saml/metadata", "/sso/saml/login", "/sso/saml/sls?SAMLResponse=x"):
        assert plain.get(path).status_code == 404
    assert plain.post("/sso/saml/acs").status_code == 404


def test_an_unreachable_idp_gets_a_clear_page_not_an_error(app, db, tmp_path, sso_keys):
    config = sso_config(
        app, tmp_path, "http://down.test", sso_keys, saml_metadata="http://127.0.0.1:9/metadata"
    )
    client = create_app(config).test_client()
    response = client.get("/sso/saml/login")
    assert response.status_code == 503
    assert "cannot be reached right now" in response.text


def test_without_pysaml2_the_app_runs_and_saml_says_what_to_install(tmp_path):
    """pysaml2 is the optional extra candor[saml]: the app must not need it to start."""
    script = (
        "import sys; sys.modules['saml2'] = None\n"
        "from app import create_app\n"
        "from config import Config, ConfigError\n"
        f"app = create_app(Config({{'CANDOR_INSTANCE_DIR': {str(tmp_path)!r}}}))\n"
        "assert app.test_client().get('/sso/saml/metadata').status_code == 404\n"
        "try:\n"
        f"    Config({{'SAML_IDP_METADATA': '/x.xml', 'SAML_SP_KEY_FILE': 'k',"
        f" 'SAML_SP_CERT_FILE': 'c', 'CANDOR_INSTANCE_DIR': {str(tmp_path)!r}}})\n"
        "except ConfigError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(  # noqa: S603 -- this interpreter, our own script
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert "pip install 'candor[saml]'" in result.stdout


def test_refused_answers_count_towards_the_sign_in_limit(app, db, tmp_path, sso_keys, saml_idp):
    limited = saml_app(
        app,
        tmp_path,
        sso_keys,
        saml_idp,
        "limited",
        RATELIMIT_ENABLED=True,
        LOGIN_LIMIT_PER_ADDRESS="2 per 10 minutes",
    )
    client = limited.test_client()
    try:
        statuses = [
            client.post("/sso/saml/acs", data={"SAMLResponse": "bm90IHhtbA==", "continued": "1"})
            .status_code
            for _ in range(3)
        ]
    finally:
        limiter.reset()
    assert statuses == [403, 403, 429]
