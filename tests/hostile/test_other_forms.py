"""The other forms, and the search boxes, with hostile text.

Each test: never a crash; a value the form's rules allow is kept (unless it holds control
characters, see `may_be_refused`) and shown back as sent after the documented
normalisation; a refused value is kept in the form as typed.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure
from app.extensions import db as flask_db
from app.organisations.operations import find_or_create_organisation
from app.people.roles import Role
from app.record.models import VersionFlag, VersionItem
from app.review.models import FlagDisposition, ManagementPlan, ReviewAction, ReviewComment
from app.review.operations import take_action
from app.screening.models import StoredWatchlistEntry
from app.screening.screen import set_active_matcher
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import post_form
from tests.factories import PASSWORD, login, make_disclosure, make_item, make_person, make_submitted
from tests.hostile.rendered import element_text, field_value, shows_text
from tests.hostile.strategies import HOSTILE, any_hostile_text, hostile_text, may_be_refused

_numbers = itertools.count(1)
#: Inputs known to break naive code, tried on every run besides Hypothesis' own.
NUL = "a\x00b"
UNICODE_DIGIT = "²"


def accepted(value: str, maximum: int, required: bool = True) -> bool:
    """Whether the form's rules allow the value (blank optional fields skip the rest).

    Every form refuses control characters (NUL and the like) beside the field.
    """
    if may_be_refused(value):
        return False
    if not value.strip():
        return not required
    return len(value) <= maximum


def count(model, *where) -> int:
    return flask_db.session.scalar(select(func.count()).select_from(model).where(*where))


def _signed_in(client) -> bool:
    """Examples share the test's client: sign in on the first one only."""
    return client.get("/login").status_code == 302


def sign_in_as(client, *roles: Role, **kwargs):
    person = make_person(*roles, **kwargs)
    login(client, person.email)
    return person


# --- Filing --------------------------------------------------------------------------


@settings(HOSTILE, max_examples=20)
@given(any_hostile_text())
@example(NUL)
def test_event_summary(client, db, value):
    if not _signed_in(client):
        sign_in_as(client, Role.FACULTY)
    response = post_form(
        client,
        "/disclosures/start/event",
        "/disclosures/start/event",
        event_date=date(2025, 1, 1),
        summary=value,
    )
    if response.status_code == 400:  # the form again, with its errors
        assert not accepted(value, 300) or may_be_refused(value)
        assert field_value(response.text, "summary") == value
        return
    assert response.status_code == 302, response.status_code
    assert accepted(value, 300)
    page = client.get(response.location)
    assert shows_text(page.text, value.strip())


@settings(HOSTILE, max_examples=20)
@given(any_hostile_text())
@example(NUL)
def test_talent_program_details(client, draft, value):
    before = draft.talent_program_details
    response = post_form(
        client,
        f"/disclosures/{draft.id}",
        f"/disclosures/{draft.id}/talent",
        answer="yes",
        details=value,
    )
    assert response.status_code == 302, response.status_code
    flask_db.session.refresh(draft)
    if accepted(value, 5000) and not may_be_refused(value):
        assert draft.talent_program_details == value.strip()
    else:
        assert draft.talent_program_details in (before, value.strip())
    page = client.get(f"/disclosures/{draft.id}")
    assert field_value(page.text, "details") == draft.talent_program_details


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(UNICODE_DIGIT)
@example(NUL)
def test_submit_signature(client, draft, value):
    if draft.talent_program_answer is None:
        page = f"/disclosures/{draft.id}"
        post_form(client, page, f"{page}/talent", answer="no")
    path = f"/disclosures/{draft.id}/submit"
    response = post_form(client, path, path, certified=True, typed_name=value)
    assert response.status_code == 400, response.status_code
    assert field_value(response.text, "typed_name") == value


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(NUL)
def test_delegate_email(client, db, value):
    if not _signed_in(client):
        sign_in_as(client, Role.FACULTY)
    response = post_form(client, "/delegates/", "/delegates/", email=value)
    assert response.status_code == 400, response.status_code
    assert field_value(response.text, "email") == value


@settings(HOSTILE, max_examples=15)
@given(st.tuples(hostile_text(), hostile_text(), hostile_text()))
@example((UNICODE_DIGIT, NUL, "2025-13-01"))
def test_cycle_form(client, db, values):
    if not _signed_in(client):
        sign_in_as(client, Role.ADMIN)
    year, opens_on, due_on = values
    response = post_form(
        client, "/cycles/", "/cycles/", year=year, opens_on=opens_on, due_on=due_on
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert field_value(response.text, "year") == year


# --- Signing in ----------------------------------------------------------------------


def sign_out(client) -> None:
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/my").text)})


@settings(HOSTILE, max_examples=25)
@given(any_hostile_text(), any_hostile_text())
@example(NUL, NUL)
@example("\x00", PASSWORD)
@example(" \t\u3000", PASSWORD)
def test_sign_in_with_hostile_credentials(client, db, email, password):
    known = make_person(Role.FACULTY, email=f"hostile{next(_numbers)}@example.edu")
    attempts = [(email, password), (known.email + email, PASSWORD)]
    if password != PASSWORD:
        attempts.append((known.email, password))
    for tried_email, tried_password in attempts:
        page = client.get("/login")
        response = client.post(
            "/login",
            data={
                "email": tried_email,
                "password": tried_password,
                "csrf_token": csrf_token_from(page.text),
            },
        )
        if response.status_code == 429:  # rate limited: refused, which is all we ask
            continue
        # Emails are matched trimmed and in lower case (`person_by_email`).
        if tried_email.strip().lower() == known.email and tried_password == PASSWORD:
            assert response.status_code == 302, response.status_code
            sign_out(client)
            continue
        assert response.status_code in (400, 401), response.status_code
        assert field_value(response.text, "email") == tried_email
        assert client.get("/my").status_code == 302, "signed in with wrong credentials"


# --- Review --------------------------------------------------------------------------


def under_review(coi) -> Disclosure:
    disclosure = make_submitted(make_disclosure())
    take_action(disclosure, ReviewAction.START_REVIEW, coi, None)
    return disclosure


def decide(client, disclosure, action: ReviewAction, **data):
    page = client.get(f"/disclosures/{disclosure.id}")
    return client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={
            "csrf_token": csrf_token_from(page.text),
            "seen_version": field_value(page.text, "seen_version"),
            "action": action.value,
            "visibility": "filer",
            **data,
        },
    )


@pytest.fixture()
def coi(client, db):
    return sign_in_as(client, Role.COI_OFFICE)


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(NUL)
def test_review_comment(client, coi, value):
    disclosure = make_submitted(make_disclosure())
    response = post_form(
        client,
        f"/disclosures/{disclosure.id}",
        f"/review/disclosures/{disclosure.id}/comments",
        body=value,
        visibility="reviewers",
    )
    assert response.status_code == 302, response.status_code
    saved = flask_db.session.scalars(
        select(ReviewComment).where(ReviewComment.disclosure_id == disclosure.id)
    ).all()
    if accepted(value, 10_000) and not may_be_refused(value):
        assert [comment.body for comment in saved] == [value.strip()]
    if saved:
        page = client.get(f"/disclosures/{disclosure.id}")
        assert shows_text(page.text, value.strip())


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(NUL)
def test_returning_with_a_comment(client, coi, value):
    disclosure = under_review(coi)
    response = decide(client, disclosure, ReviewAction.RETURN, comment=value)
    flask_db.session.refresh(disclosure)
    # Taken: back to the disclosure; refused: the form again with the reason (400).
    returned = disclosure.status is DisclosureStatus.RETURNED
    assert response.status_code == (302 if returned else 400), response.status_code
    if accepted(value, 10_000) and not may_be_refused(value):
        assert disclosure.status is DisclosureStatus.RETURNED
    if disclosure.status is DisclosureStatus.RETURNED:
        page = client.get(f"/disclosures/{disclosure.id}")
        assert shows_text(page.text, value.strip())


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(NUL)
def test_management_plan_conditions(client, coi, value):
    disclosure = under_review(coi)
    response = decide(
        client,
        disclosure,
        ReviewAction.APPROVE_WITH_PLAN,
        plan_conditions=value,
        plan_review_on="2027-01-01",
        plan_monitor_id=str(coi.id),
        confirm="Confirm",
    )
    plan = flask_db.session.scalar(
        select(ManagementPlan).where(ManagementPlan.disclosure_id == disclosure.id)
    )
    assert response.status_code == (302 if plan else 400), response.status_code
    if accepted(value, 10_000) and not may_be_refused(value):
        assert plan is not None and plan.conditions == value.strip()
    if plan is not None:
        page = client.get(f"/disclosures/{disclosure.id}")
        assert shows_text(page.text, plan.conditions)


@settings(HOSTILE, max_examples=10)
@given(any_hostile_text())
@example(NUL)
def test_clearing_a_flag_with_a_reason(client, coi, value):
    disclosure = make_disclosure()
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)
    flag = flask_db.session.scalars(
        select(VersionFlag)
        .join(VersionItem, VersionItem.id == VersionFlag.version_item_id)
        .where(VersionItem.version_id == disclosure.certified_version_id)
    ).first()
    response = post_form(
        client,
        f"/disclosures/{disclosure.id}",
        f"/review/flags/{flag.id}/disposition",
        disposition="cleared",
        reason=value,
    )
    assert response.status_code == 302, response.status_code
    decision = flask_db.session.scalar(
        select(FlagDisposition).where(FlagDisposition.flag_id == flag.id)
    )
    if accepted(value, 5000) and not may_be_refused(value):
        assert decision is not None and decision.reason == value.strip()
    if decision is not None:
        page = client.get(f"/disclosures/{disclosure.id}")
        decided = f"{decision.disposition.label} by {coi.full_name}"
        assert shows_text(page.text, decided) and shows_text(page.text, f": {decision.reason}")


# --- Organisations -------------------------------------------------------------------


@settings(HOSTILE, max_examples=20)
@given(any_hostile_text())
@example(NUL)
def test_renaming_an_organisation(client, coi, value):
    organisation = find_or_create_organisation(f"Renamed Org {next(_numbers)}")
    # A word of its own in front: names are unique by their folded form.
    name = f"Hostile{next(_numbers)} {value}"
    path = f"/organisations/{organisation.id}"
    response = post_form(
        client, path, f"{path}/edit", **{"edit-name": name, "edit-org_type": "other"}
    )
    if response.status_code == 400:
        assert not accepted(name, 300) or may_be_refused(name)
        assert field_value(response.text, "edit-name") == name
        return
    assert response.status_code == 302, response.status_code
    assert accepted(name, 300)
    page = client.get(path)
    assert field_value(page.text, "edit-name") == " ".join(name.split())


@settings(HOSTILE, max_examples=20)
@given(any_hostile_text())
@example(UNICODE_DIGIT)
@example("#99999999999999999999")
@example(NUL)
def test_merging_into_an_organisation_named_by_hostile_text(client, coi, value):
    organisation = find_or_create_organisation(f"Merged Org {next(_numbers)}")
    path = f"/organisations/{organisation.id}"
    response = post_form(client, path, f"{path}/merge", **{"merge-survivor": value})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert field_value(response.text, "merge-survivor") == value


# --- The watchlist ---------------------------------------------------------------------


@pytest.fixture()
def admin(client, db):
    person = sign_in_as(client, Role.ADMIN)
    yield person
    # Local entries are rolled back with the test; the matcher built from them is not.
    set_active_matcher(None)


@settings(HOSTILE, max_examples=15)
@given(st.sampled_from(["canonical_name", "aliases", "source"]), any_hostile_text())
@example("canonical_name", NUL)
@example("aliases", NUL)
def test_local_watchlist_entry(client, admin, field, value):
    data = {
        "canonical_name": f"Hostile Entry {next(_numbers)}",
        "aliases": "",
        "category": "government_program",
        "severity": "elevated",
        "source": "Hostile input tests",
        field: value,
    }
    before = count(StoredWatchlistEntry)
    response = post_form(client, "/watchlist/", "/watchlist/local", **data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert count(StoredWatchlistEntry) == before
        assert field_value(response.text, field) == value
        return
    page = client.get("/watchlist/", query_string={"origin": "local"})
    assert page.status_code == 200
    assert shows_text(page.text, data["canonical_name"].strip())


@settings(HOSTILE, max_examples=20)
@given(any_hostile_text())
@example(NUL)
def test_trying_a_text_on_the_watchlist(client, admin, value):
    response = post_form(client, "/watchlist/", "/watchlist/try", text=value)
    if response.status_code == 400:
        assert not accepted(value, 20_000)
        return
    assert response.status_code == 200, response.status_code
    assert element_text(response.text, "screened-text") == value


# --- Search boxes (GET) ----------------------------------------------------------------

SEARCHES = [
    ("/organisations/", "q"),
    ("/organisations/suggest", "q"),
    ("/watchlist/", "q"),
    ("/review/queue", "person"),
    ("/counsel/contracts", "counterparty"),
    ("/counsel/audit", "person"),
    ("/counsel/audit", "object_id"),
]


@settings(HOSTILE, max_examples=15)
@given(any_hostile_text())
@example(NUL)
@example(UNICODE_DIGIT)
def test_search_boxes(client, coi, value):
    for path, parameter in SEARCHES:
        response = client.get(path, query_string={parameter: value})
        assert response.status_code in (200, 400), (path, response.status_code)
