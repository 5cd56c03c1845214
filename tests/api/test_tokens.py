"""Personal access tokens: stored hashed, scoped, expiring, revocable, and every creation,
revocation and refused use audited."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.api.models import ApiToken
from app.api.operations import TokenRefusal, issue_token, revoke_token
from app.api.scopes import Scope
from app.audit.models import AuditEntry
from app.database import utcnow
from app.people.operations import revoke_role, set_active
from app.people.roles import Role
from tests.api.conftest import bearer, make_token
from tests.factories import login, make_person


def entries(db, action):
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def test_only_a_hash_and_a_short_prefix_of_the_secret_are_stored(db):
    issued = make_token()
    stored = db.session.get(ApiToken, issued.token.id)
    assert issued.secret.startswith("candor_") and len(issued.secret) > 40
    assert stored.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret.startswith(stored.prefix) and len(stored.prefix) < 16
    columns = [getattr(stored, column.key) for column in ApiToken.__table__.columns]
    assert not any(issued.secret in str(value) for value in columns)
    (created,) = entries(db, "api_token.create")
    assert created.actor_id == stored.owner_id and issued.secret not in str(created.after)


def test_only_administrators_issue_tokens(db):
    with pytest.raises(TokenRefusal):
        issue_token(make_person(Role.COI_OFFICE), "Mine", [Scope.FLAGS_READ], 30)


def test_a_scope_the_owners_roles_give_nothing_is_refused_beside_the_field(db):
    admin_only = make_person(Role.ADMIN)
    with pytest.raises(TokenRefusal) as refused:
        issue_token(admin_only, "Grants", [Scope.PEOPLE_READ, Scope.DISCLOSURES_READ], 30)
    assert refused.value.field == "scopes" and "disclosures:read" in refused.value.message
    assert issue_token(admin_only, "Grants", [Scope.PEOPLE_READ], 30).token.scopes == [
        "people:read"
    ]


@pytest.mark.parametrize("days", [0, -1, 367])
def test_lifetime_is_bounded(db, days):
    with pytest.raises(TokenRefusal) as refused:
        issue_token(make_person(Role.ADMIN), "Grants", [Scope.PEOPLE_READ], days)
    assert refused.value.field == "lifetime_days"


def test_a_valid_token_is_accepted_and_its_last_use_recorded(client, db):
    issued = make_token()
    assert issued.token.last_used_at is None
    response = client.get("/api/v1/people", headers=bearer(issued))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, issued.token.id).last_used_at is not None


def refused_reason(db):
    entry = entries(db, "api_token.refused")[-1]
    return entry.after["reason"], entry


def test_a_revoked_token_is_refused_and_the_refusal_audited(client, db):
    issued = make_token()
    admin = make_person(Role.ADMIN)
    assert revoke_token(issued.token, admin) and not revoke_token(issued.token, admin)
    assert [e.actor_id for e in entries(db, "api_token.revoke")] == [admin.id]
    response = client.get("/api/v1/people", headers=bearer(issued))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "The token has been revoked."
    reason, entry = refused_reason(db)
    assert reason == "revoked" and entry.object_id == str(issued.token.id)


def test_an_expired_token_is_refused(client, db):
    issued = make_token()
    issued.token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert client.get("/api/v1/people", headers=bearer(issued)).status_code == 401
    assert refused_reason(db)[0] == "expired"


def test_an_unknown_token_is_refused_without_keeping_its_text(client, db):
    response = client.get("/api/v1/people", headers=bearer("hunter2-my-password"))
    assert response.status_code == 401
    reason, entry = refused_reason(db)
    assert reason == "unknown" and "hunter2" not in entry.summary + entry.actor_label


def test_no_token_is_401_without_an_audit_entry(client, db):
    for headers in ({}, {"Authorization": "Basic YWRtaW46YWRtaW4="}, {"Authorization": "Bearer"}):
        response = client.get("/api/v1/people", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert entries(db, "api_token.refused") == []


def test_a_token_stops_when_its_owner_is_deactivated_or_no_longer_an_administrator(client, db):
    first, second = make_token(), make_token()
    set_active(first.token.owner, False)
    assert client.get("/api/v1/people", headers=bearer(first)).status_code == 401
    assert refused_reason(db)[0] == "owner_inactive"
    revoke_role(second.token.owner, Role.ADMIN)
    assert client.get("/api/v1/people", headers=bearer(second)).status_code == 401
    assert refused_reason(db)[0] == "owner_not_admin"


def test_a_token_without_the_scope_is_forbidden_and_the_refusal_audited(client, db):
    issued = make_token(scopes=(Scope.FLAGS_READ,))
    response = client.get("/api/v1/people", headers=bearer(issued))
    assert response.status_code == 403 and "people:read" in response.json["detail"]
    reason, entry = refused_reason(db)
    assert reason == "scope_missing" and entry.actor_id == issued.token.owner_id


def test_a_scope_whose_rule_the_owner_lost_is_forbidden(client, db):
    issued = make_token(scopes=(Scope.DISCLOSURES_READ,))
    revoke_role(issued.token.owner, Role.COI_OFFICE)
    person = make_person(Role.FACULTY)
    response = client.get(f"/api/v1/people/{person.id}/disclosures", headers=bearer(issued))
    assert response.status_code == 403
    assert refused_reason(db)[0] == "owner_may_not"


def test_a_browser_session_without_a_token_gets_401_problem_json(client, db):
    admin = make_person(Role.ADMIN, Role.COI_OFFICE)
    login(client, admin.email)
    for path in ("/api/v1/people", f"/api/v1/people/{admin.id}", "/api/v1/flags"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.mimetype == "application/problem+json"
    assert client.post("/api/v1/roster", json={"rows": []}).status_code == 401


def test_with_a_token_the_session_is_ignored_and_changes_are_the_owners(client, db):
    signed_in = make_person(Role.ADMIN)
    login(client, signed_in.email)
    issued = make_token(scopes=(Scope.ROSTER_WRITE,))
    row = {"email": "new@example.edu", "name": "New Person", "department_code": "PHYS",
           "department_name": "Physics", "roles": ["faculty"]}  # fmt: skip
    response = client.post("/api/v1/roster", json={"rows": [row]}, headers=bearer(issued))
    assert response.status_code == 200
    (created,) = entries(db, "person.create")[-1:]
    assert created.actor_id == issued.token.owner_id != signed_in.id
