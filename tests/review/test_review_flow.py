"""Reviewing disclosures through the web: queues, decisions, flags, plans, comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.people.roles import Role
from app.review.models import ReviewAction, ReviewEvent
from app.review.operations import ConcurrentChange, take_action
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import post_form, post_item
from tests.factories import (
    certified_flags,
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.review.forms import hidden_fields


@pytest.fixture()
def people(db):
    physics = make_department("PHYS", "Physics")
    return {
        "filer": make_person(Role.FACULTY, department=physics, name="Wei Zhang"),
        "head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics),
        "coi": make_person(Role.COI_OFFICE),
    }


def decide(client, disclosure, action, confirm=False, **data):
    """Post a decision from the disclosure page; ``confirm``: then press Confirm on the
    confirmation page, as the reviewer would."""
    page = client.get(f"/disclosures/{disclosure.id}")
    assert page.status_code == 200
    version = page.text.split('name="seen_version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={
            "csrf_token": csrf_token_from(page.text),
            "action": action.value,
            "seen_version": version,
            "visibility": "filer",
            **data,
        },
        follow_redirects=True,
    )
    if not confirm:
        return response
    assert "Confirm your decision" in response.text, response.text
    return client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={**hidden_fields(response.text), "confirm": "Confirm"},
        follow_redirects=True,
    )


def switch(client, person):
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/no-role").text)})
    login(client, person.email)


def test_full_path_flagged_collaboration(client, db, people):
    filer, head, coi = people["filer"], people["head"], people["coi"]
    disclosure = make_disclosure(filer)
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)

    login(client, head.email)
    queue = client.get("/review/queue").text
    assert filer.full_name in queue and "critical" in queue
    assert decide(client, disclosure, ReviewAction.START_REVIEW).status_code == 200
    refused = decide(client, disclosure, ReviewAction.APPROVE)
    assert "critical flag(s) have no disposition yet" in refused.text
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.UNDER_REVIEW

    switch(client, coi)
    flags_page = client.get("/review/flags").text
    assert "<mark" in flags_page and "Harbin Institute of Technology</mark>" in flags_page
    flag = next(f for f in certified_flags(disclosure) if f.category == "defense_institution")
    token = csrf_token_from(flags_page)
    refused = client.post(
        f"/review/flags/{flag.id}/disposition",
        data={"csrf_token": token, "disposition": "cleared"},
        follow_redirects=True,
    )
    assert "Say why the flag is not relevant." in refused.text
    client.post(
        f"/review/flags/{flag.id}/disposition",
        data={"csrf_token": token, "disposition": "confirmed"},
    )

    switch(client, head)
    refused = decide(client, disclosure, ReviewAction.APPROVE)
    assert "approve with a management plan" in refused.text
    returned = decide(
        client,
        disclosure,
        ReviewAction.RETURN,
        comment="Please attach the collaboration agreement.",
    )
    assert "Returned for revision" in returned.text

    switch(client, filer)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Please attach the collaboration agreement." in page
    item = disclosure.live_items[0]
    post_item(
        client,
        disclosure.id,
        ItemKind.INFORMAL_COLLABORATION,
        item.id,
        organisation="Harbin Institute of Technology",
        country="CN",
        shared="Co-authored papers only; no data or code.",
    )
    resubmitted = post_form(
        client,
        f"/disclosures/{disclosure.id}/submit",
        f"/disclosures/{disclosure.id}/submit",
        certified=True,
        typed_name=filer.full_name,
    )
    assert resubmitted.status_code == 302
    db.session.expire_all()
    assert len(disclosure.versions) == 2 and disclosure.status is DisclosureStatus.SUBMITTED

    switch(client, coi)
    decide(client, disclosure, ReviewAction.START_REVIEW)
    approved = decide(
        client,
        disclosure,
        ReviewAction.APPROVE_WITH_PLAN,
        confirm=True,
        plan_conditions="No sharing of unpublished data; annual review of co-authorships.",
        plan_monitor_id=str(head.id),
        plan_review_on=(local_today() + timedelta(days=180)).isoformat(),
    )
    assert "Approved with management plan" in approved.text
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.APPROVED_WITH_PLAN

    switch(client, filer)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "No sharing of unpublished data" in page
    plan_id = page.split("/review/plans/")[1].split("/")[0]
    client.post(f"/review/plans/{plan_id}/acknowledge", data={"csrf_token": csrf_token_from(page)})
    assert "Acknowledged by the filer" in client.get(f"/disclosures/{disclosure.id}").text
    events = db.session.scalars(select(ReviewEvent).order_by(ReviewEvent.id)).all()
    assert [e.action for e in events] == [
        ReviewAction.START_REVIEW,
        ReviewAction.RETURN,
        ReviewAction.START_REVIEW,
        ReviewAction.APPROVE_WITH_PLAN,
    ]


def test_stale_page_is_refused_and_nothing_changes(client, db, people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    login(client, people["head"].email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    stale_version = page.split('name="seen_version" type="hidden" value="')[1].split('"')[0]
    take_action(
        disclosure, ReviewAction.START_REVIEW, people["coi"], disclosure.lock_version
    )  # the other reviewer was quicker
    db.session.commit()
    response = client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={
            "csrf_token": csrf_token_from(page),
            "action": "start_review",
            "seen_version": stale_version,
            "visibility": "filer",
            "comment": "A comment that must not be half-saved",
        },
    )
    assert response.status_code == 409
    assert "Someone changed this disclosure since you opened it" in response.text
    assert f'href="/disclosures/{disclosure.id}"' in response.text  # reload it
    db.session.expire_all()
    assert len(db.session.scalars(select(ReviewEvent)).all()) == 1
    assert "must not be half-saved" not in client.get(f"/disclosures/{disclosure.id}").text


def test_operation_refuses_a_stale_version(db, people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    seen = disclosure.lock_version
    take_action(disclosure, ReviewAction.START_REVIEW, people["head"], seen)
    with pytest.raises(ConcurrentChange):
        take_action(disclosure, ReviewAction.ESCALATE, people["coi"], seen)


def test_reviewer_only_comments_are_hidden_from_the_filer(client, db, people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    login(client, people["head"].email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    for body, visibility in (
        ("Internal: check the award", "reviewers"),
        ("Thanks, looks complete", "filer"),
    ):
        client.post(
            f"/review/disclosures/{disclosure.id}/comments",
            data={"csrf_token": csrf_token_from(page), "body": body, "visibility": visibility},
        )
    assert "Internal: check the award" in client.get(f"/disclosures/{disclosure.id}").text
    switch(client, people["filer"])
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Thanks, looks complete" in page
    assert "Internal: check the award" not in page


def test_filer_cannot_review_their_own_disclosure(client, db):
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD)
    disclosure = make_submitted(make_disclosure(head), (ItemKind.SUPPORT,))
    login(client, head.email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Record decision" not in page
    response = client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={
            "csrf_token": csrf_token_from(page),
            "action": "start_review",
            "seen_version": "1",
            "visibility": "filer",
        },
    )
    assert response.status_code == 403


def test_queue_filters(client, db, people):
    flagged = make_disclosure(people["filer"])
    make_item(
        flagged, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei Technologies", country="CN"
    )
    make_submitted(flagged)
    other = make_person(Role.FACULTY, department=people["filer"].department, name="Ana Lopez")
    make_submitted(make_disclosure(other), (ItemKind.SPONSORED_TRAVEL,))
    login(client, people["head"].email)
    assert "Ana Lopez" in client.get("/review/queue").text
    critical = client.get("/review/queue?severity=critical").text
    assert "Wei Zhang" in critical and "Ana Lopez" not in critical
    travel = client.get("/review/queue?kind=sponsored_travel").text
    assert "Ana Lopez" in travel and "Wei Zhang" not in travel
    assert "Wei Zhang" not in client.get("/review/queue?person=lopez").text


def test_a_plan_needs_a_monitor_from_the_list(client, db, people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    take_action(disclosure, ReviewAction.START_REVIEW, people["coi"], disclosure.lock_version)
    login(client, people["coi"].email)
    outsider = make_person(Role.FACULTY)
    for monitor, message in (
        (str(outsider.id), "Not a valid choice"),
        ("", "Choose who monitors the plan."),
    ):
        response = decide(
            client,
            disclosure,
            ReviewAction.APPROVE_WITH_PLAN,
            plan_conditions="Conditions",
            plan_monitor_id=monitor,
            plan_review_on=(local_today() + timedelta(days=30)).isoformat(),
        )
        assert message in response.text
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.UNDER_REVIEW
