"""Script and template payloads in every text field come back as inert text.

Each payload goes into a field and the pages that show the field are read: the payload
is there escaped, never as markup, never as a javascript: link, and `{{7*7}}` is shown as
typed (a template that evaluated it would show 49 instead).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.items import DisclosureItem
from app.extensions import db as flask_db
from app.organisations.operations import find_or_create_organisation
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import take_action
from app.screening.screen import set_active_matcher
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import post_form, post_item
from tests.factories import (
    certified_flags,
    login,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.hostile.rendered import assert_inert, field_value
from tests.hostile.strategies import XSS_PAYLOADS
from tests.hostile.test_item_forms import text_fields

payloads = pytest.mark.parametrize("payload", XSS_PAYLOADS)


def sign_in_as(client, *roles: Role, **kwargs):
    person = make_person(*roles, **kwargs)
    login(client, person.email)
    return person


@payloads
def test_item_forms(client, draft, payload):
    for kind in ItemKind:
        fields = dict.fromkeys(text_fields(kind), payload)
        if "contract_counterparty" in fields:
            fields.update(
                backed_by_contract=True, contract_type="Other", contract_signed_on=date(2024, 1, 1)
            )
        if kind is ItemKind.SUPPORT:
            fields["in_kind_value"] = Decimal("100")
        response = post_item(client, draft.id, kind, **fields)
        assert response.status_code == 302, (kind, response.status_code)
    show = client.get(f"/disclosures/{draft.id}").text
    assert_inert(show, payload)
    for item in flask_db.session.scalars(
        select(DisclosureItem).where(DisclosureItem.disclosure_id == draft.id)
    ):
        edit = client.get(f"/disclosures/{draft.id}/items/{item.id}").text
        assert_inert(edit, payload)
        for name in text_fields(ItemKind(item.kind)):
            if name != "contract_counterparty":  # the organisation itself: shown empty
                assert field_value(edit, name) == payload, (item.kind, name)


@payloads
def test_talent_program_details_and_event_summary(client, draft, payload):
    path = f"/disclosures/{draft.id}"
    post_form(client, path, f"{path}/talent", answer="yes", details=payload)
    page = client.get(path).text
    assert_inert(page, payload)
    assert field_value(page, "details") == payload
    response = post_form(
        client,
        "/disclosures/start/event",
        "/disclosures/start/event",
        event_date=date(2025, 1, 1),
        summary=payload,
    )
    assert response.status_code == 302
    assert_inert(client.get(response.location).text, payload)


@payloads
def test_signature_delegate_and_sign_in_forms_echo_inertly(client, draft, payload):
    page = f"/disclosures/{draft.id}"
    post_form(client, page, f"{page}/talent", answer="no")
    path = f"{page}/submit"
    response = post_form(client, path, path, certified=True, typed_name=payload)
    assert response.status_code == 400
    assert_inert(response.text, payload)
    response = post_form(client, "/delegates/", "/delegates/", email=payload)
    assert_inert(response.text, payload)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/my").text)})
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": payload, "password": payload, "csrf_token": csrf_token_from(page.text)},
    )
    assert response.status_code in (400, 401)
    assert_inert(response.text, payload)


@payloads
def test_a_failed_sign_in_is_shown_inertly_in_the_audit_log(client, db, payload):
    page = client.get("/login")
    email = f"{payload}@example.edu"
    client.post(
        "/login",
        data={"email": email, "password": "x", "csrf_token": csrf_token_from(page.text)},
    )
    sign_in_as(client, Role.GENERAL_COUNSEL)
    assert_inert(client.get("/counsel/audit", query_string={"action": "auth."}).text, email)


@payloads
def test_cycle_form(client, db, payload):
    sign_in_as(client, Role.ADMIN)
    response = post_form(client, "/cycles/", "/cycles/", year=payload, opens_on=payload)
    assert response.status_code == 400
    assert_inert(response.text, payload)


@pytest.fixture()
def coi(client, db):
    return sign_in_as(client, Role.COI_OFFICE)


@payloads
def test_review_comment_return_and_plan(client, coi, payload):
    disclosure = make_submitted(make_disclosure())
    path = f"/disclosures/{disclosure.id}"
    post_form(client, path, f"/review/disclosures/{disclosure.id}/comments", body=payload)
    assert_inert(client.get(path).text, payload)

    for action, fields in (
        (ReviewAction.RETURN, {"comment": payload}),
        (
            ReviewAction.APPROVE_WITH_PLAN,
            {
                "plan_conditions": payload,
                "plan_review_on": "2027-01-01",
                "plan_monitor_id": str(coi.id),
                "confirm": "Confirm",
            },
        ),
    ):
        disclosure = make_submitted(make_disclosure())
        take_action(disclosure, ReviewAction.START_REVIEW, coi, None)
        path = f"/disclosures/{disclosure.id}"
        page = client.get(path).text
        response = client.post(
            f"/review/disclosures/{disclosure.id}/decide",
            data={
                "csrf_token": csrf_token_from(page),
                "seen_version": field_value(page, "seen_version"),
                "action": action.value,
                "visibility": "filer",
                **fields,
            },
        )
        assert response.status_code == 302
        assert_inert(client.get(path).text, payload)
        # The filer reads it too.
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get(path).text)})
        login(client, disclosure.person.email)
        assert_inert(client.get(path).text, payload)
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get(path).text)})
        login(client, coi.email)


@payloads
def test_flag_disposition_reason(client, coi, payload):
    disclosure = make_disclosure()
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)
    flag = certified_flags(disclosure)[0]
    path = f"/disclosures/{disclosure.id}"
    response = post_form(
        client, path, f"/review/flags/{flag.id}/disposition", disposition="cleared", reason=payload
    )
    assert response.status_code == 302
    assert_inert(client.get(path).text, payload)


@payloads
def test_organisation_rename_merge_and_search(client, coi, payload):
    organisation = find_or_create_organisation("Plain Name Ltd")
    path = f"/organisations/{organisation.id}"
    response = post_form(
        client, path, f"{path}/edit", **{"edit-name": payload, "edit-org_type": "other"}
    )
    assert response.status_code == 302
    assert_inert(client.get(path).text, payload)
    assert_inert(client.get("/organisations/", query_string={"q": payload}).text, payload)
    other = find_or_create_organisation("Another Plain Name")
    response = post_form(
        client,
        f"/organisations/{other.id}",
        f"/organisations/{other.id}/merge",
        **{"merge-survivor": f"{payload} (none)"},
    )
    assert_inert(response.text, f"{payload} (none)")


@payloads
def test_search_boxes_reflect_inertly(client, coi, payload):
    for path, parameter in (
        ("/watchlist/", "q"),
        ("/review/queue", "person"),
        ("/counsel/contracts", "counterparty"),
        ("/counsel/audit", "person"),
    ):
        response = client.get(path, query_string={parameter: payload})
        assert response.status_code == 200, path
        assert_inert(response.text, payload)


@pytest.fixture()
def admin(client, db):
    yield sign_in_as(client, Role.ADMIN)
    set_active_matcher(None)  # the matcher built from the rolled-back local entry


@payloads
def test_watchlist_local_entry_and_try_text(client, admin, payload):
    response = post_form(
        client,
        "/watchlist/",
        "/watchlist/try",
        text=f"{payload} Thousand Talents Plan {payload}",
    )
    assert_inert(response.text, payload)
    name = f"Entry {payload}"
    response = post_form(
        client,
        "/watchlist/",
        "/watchlist/local",
        canonical_name=name,
        aliases=f"{payload}\nAlias {payload}",
        category="government_program",
        severity="elevated",
        source=f"Source {payload}",
    )
    page = response.text if response.status_code == 400 else client.get("/watchlist/").text
    assert_inert(page, name)
