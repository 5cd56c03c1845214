"""Decisions that cannot happen by accident: no default choice, a refusal keeps what was
typed with the reason beside the field, approvals and disapprovals are confirmed first,
the COI office reopens a decision with a reason, and a stale page gets 409."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.audit.models import AuditEntry
from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.review import operations
from app.review.models import Disposition, ReviewAction, ReviewEvent
from app.review.operations import take_action
from tests.conftest import csrf_token_from
from tests.factories import (
    certified_flags,
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.review.forms import error_beside, hidden_fields, selected_option, textarea


@pytest.fixture()
def people(db):
    physics = make_department("PHYS", "Physics")
    return {
        "filer": make_person(Role.FACULTY, department=physics, name="Wei Zhang"),
        "head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics),
        "coi": make_person(Role.COI_OFFICE, name="Olga Ivanova"),
    }


@pytest.fixture()
def under_review(people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    take_action(disclosure, ReviewAction.START_REVIEW, people["coi"], disclosure.lock_version)
    return disclosure


def post_decision(client, disclosure, **data):
    page = client.get(f"/disclosures/{disclosure.id}").text
    return client.post(
        f"/review/disclosures/{disclosure.id}/decide",
        data={
            "csrf_token": csrf_token_from(page),
            # A reviewer offered no decision has no form: post what a crafted request would.
            "seen_version": hidden_fields(page).get("seen_version", disclosure.lock_version),
            "visibility": "filer",
            **data,
        },
    )


def events(db) -> list[ReviewAction]:
    return [e.action for e in db.session.scalars(select(ReviewEvent).order_by(ReviewEvent.id))]


def in_future(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


def test_the_decision_control_has_no_default(client, db, people, under_review):
    login(client, people["coi"].email)
    page = client.get(f"/disclosures/{under_review.id}").text
    assert selected_option(page, "action") is None
    assert '<option value="">Choose a decision…</option>' in page
    assert selected_option(page, "plan_monitor_id") in (None, "")  # the empty first option

    response = post_decision(client, under_review, comment="Pressed without choosing")
    assert response.status_code == 400
    assert error_beside(response.text, "action") == "Choose a decision."
    assert textarea(response.text, "comment") == "Pressed without choosing"
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.UNDER_REVIEW
    assert events(db) == [ReviewAction.START_REVIEW]


def test_a_refused_return_keeps_everything_as_typed(client, db, people, under_review):
    login(client, people["coi"].email)
    response = post_decision(
        client,
        under_review,
        action="return",
        comment="   ",
        visibility="reviewers",
        plan_conditions="Half-written plan",
        plan_monitor_id=str(people["head"].id),
        plan_review_on=in_future(90),
    )
    assert response.status_code == 400
    page = response.text
    assert selected_option(page, "action") == "return"
    assert selected_option(page, "visibility") == "reviewers"
    assert textarea(page, "plan_conditions") == "Half-written plan"
    assert selected_option(page, "plan_monitor_id") == str(people["head"].id)
    assert f'value="{in_future(90)}"' in page
    assert error_beside(page, "comment") == "Explain to the filer why, in the comment."
    # Pressing the button again on this page cannot approve anything: "Return" is chosen.
    again = client.post(
        f"/review/disclosures/{under_review.id}/decide",
        data={**hidden_fields(page), "action": "return", "comment": "", "visibility": "filer"},
    )
    assert again.status_code == 400
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.UNDER_REVIEW
    assert events(db) == [ReviewAction.START_REVIEW]


def test_a_refused_approval_keeps_the_comment_and_says_why_beside_the_choice(client, db, people):
    disclosure = make_disclosure(people["filer"])
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)
    take_action(disclosure, ReviewAction.START_REVIEW, people["head"], disclosure.lock_version)
    login(client, people["head"].email)
    response = post_decision(client, disclosure, action="approve", comment="Looks complete.")
    assert response.status_code == 400
    assert selected_option(response.text, "action") == "approve"
    assert textarea(response.text, "comment") == "Looks complete."
    assert "critical flag(s) have no disposition yet" in error_beside(response.text, "action")
    assert "Confirm your decision" not in response.text


@pytest.mark.parametrize(
    ("action", "fields", "target"),
    [
        ("approve", {"comment": "Thank you."}, DisclosureStatus.APPROVED),
        (
            "disapprove",
            {"comment": "The equity stake cannot be managed."},
            DisclosureStatus.DISAPPROVED,
        ),
        (
            "approve_with_plan",
            {"plan_conditions": "No students on the sponsored project.", "plan_review_on": None},
            DisclosureStatus.APPROVED_WITH_PLAN,
        ),
    ],
)
def test_a_decision_the_filer_lives_with_is_only_taken_when_confirmed(
    client, db, people, under_review, action, fields, target
):
    if action == "approve_with_plan":
        fields = {
            **fields,
            "plan_review_on": in_future(180),
            "plan_monitor_id": str(people["head"].id),
        }
    login(client, people["coi"].email)
    shown = post_decision(client, under_review, action=action, **fields)
    assert shown.status_code == 200
    assert "Confirm your decision" in shown.text
    assert under_review.title in shown.text and "Wei Zhang" in shown.text
    for value in fields.values():
        if action != "approve_with_plan" or value != fields.get("plan_review_on"):
            assert value in shown.text
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.UNDER_REVIEW
    assert events(db) == [ReviewAction.START_REVIEW]

    confirmed = client.post(
        f"/review/disclosures/{under_review.id}/decide",
        data={**hidden_fields(shown.text), "confirm": "Confirm"},
    )
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert under_review.status is target
    assert events(db) == [ReviewAction.START_REVIEW, ReviewAction(action)]


def test_the_confirmation_page_shows_the_plan_flags_and_dispositions(client, db, people):
    disclosure = make_disclosure(people["filer"])
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)
    coi = people["coi"]
    take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
    # Decisions are on the certified version's flags (a live flag's id is another row's).
    (critical, *_) = certified_flags(disclosure)
    operations.dispose_flag(critical, Disposition.CONFIRMED, "", coi)
    login(client, coi.email)
    shown = post_decision(
        client,
        disclosure,
        action="approve_with_plan",
        comment="Managed through the plan.",
        visibility="reviewers",
        plan_conditions="No unpublished data leaves the lab.",
        plan_monitor_id=str(people["head"].id),
        plan_review_on=in_future(30),
    )
    page = shown.text
    assert shown.status_code == 200
    assert "Harbin Institute of Technology" in page
    assert "Confirmed: needs elevated-risk review" in page
    assert "No unpublished data leaves the lab." in page
    assert people["head"].full_name in page
    assert (local_today() + timedelta(days=30)).strftime("%d %B %Y") in page
    assert "Managed through the plan." in page and "Reviewers only" in page
    assert "Go back and change" in page


def test_go_back_and_change_keeps_the_input_and_decides_nothing(client, db, people, under_review):
    login(client, people["coi"].email)
    shown = post_decision(client, under_review, action="disapprove", comment="Unmanageable.")
    back = client.post(
        f"/review/disclosures/{under_review.id}/decide",
        data={**hidden_fields(shown.text), "change": "Go back and change"},
    )
    assert back.status_code == 200
    assert selected_option(back.text, "action") == "disapprove"
    assert textarea(back.text, "comment") == "Unmanageable."
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.UNDER_REVIEW
    assert events(db) == [ReviewAction.START_REVIEW]


def test_a_return_needs_no_confirmation(client, db, people, under_review):
    login(client, people["coi"].email)
    response = post_decision(client, under_review, action="return", comment="Add the award.")
    assert response.status_code == 302
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.RETURNED


def test_confirming_a_page_made_stale_meanwhile_is_a_409(client, db, people, under_review):
    login(client, people["coi"].email)
    shown = post_decision(client, under_review, action="approve")
    take_action(
        under_review, ReviewAction.RETURN, people["head"], under_review.lock_version, "Wait."
    )
    db.session.commit()
    response = client.post(
        f"/review/disclosures/{under_review.id}/decide",
        data={**hidden_fields(shown.text), "confirm": "Confirm"},
    )
    assert response.status_code == 409
    assert "Someone changed this disclosure since you opened it" in response.text
    assert f'href="/disclosures/{under_review.id}"' in response.text
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.RETURNED


def test_any_stale_write_in_the_app_is_a_409_never_a_503(
    client, db, people, under_review, monkeypatch
):
    def stale_write(*args, **kwargs):
        raise StaleDataError("UPDATE statement on table 'disclosure' expected to update 1 row")

    monkeypatch.setattr(operations, "add_comment", stale_write)
    login(client, people["coi"].email)
    page_path = f"/disclosures/{under_review.id}"
    page = client.get(page_path).text
    response = client.post(
        f"/review/disclosures/{under_review.id}/comments",
        data={"csrf_token": csrf_token_from(page), "body": "Hello", "visibility": "reviewers"},
        headers={"Referer": f"http://localhost{page_path}"},
    )
    assert response.status_code == 409
    assert "Someone changed this disclosure since you opened it" in response.text
    assert f'href="{page_path}"' in response.text
    assert "briefly unavailable" not in response.text
    # A referrer from elsewhere is never offered as the page to reload.
    response = client.post(
        f"/review/disclosures/{under_review.id}/comments",
        data={"csrf_token": csrf_token_from(page), "body": "Hello", "visibility": "reviewers"},
        headers={"Referer": "https://evil.example/phish"},
    )
    assert response.status_code == 409 and "evil.example" not in response.text


def approved(people) -> object:
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    coi = people["coi"]
    take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
    take_action(disclosure, ReviewAction.APPROVE, coi, disclosure.lock_version)
    return disclosure


def test_the_coi_office_reopens_a_decision_with_a_reason(client, db, people):
    disclosure = approved(people)
    login(client, people["coi"].email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert '<option value="reopen">Reopen the decision</option>' in page

    refused = post_decision(client, disclosure, action="reopen", comment="")
    assert refused.status_code == 400
    assert "Say why the decision is reopened" in error_beside(refused.text, "comment")

    reason = "A new consulting agreement with the sponsor came to light."
    response = post_decision(
        client, disclosure, action="reopen", comment=reason, visibility="reviewers"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.UNDER_REVIEW
    assert events(db)[-1] is ReviewAction.REOPEN
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review.reopen"))
    assert entry.object_id == str(disclosure.id) and entry.after["comment"] == reason
    # The filer is told, with the reason (a reopening is always explained to them).
    assert entry.after["comment_visibility"] == "filer"
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.event_key.startswith("reopened:"))
    )
    assert mail.to_address == people["filer"].email and reason in mail.text_body


def test_a_head_cannot_reopen_a_decision(client, db, people):
    disclosure = approved(people)
    login(client, people["head"].email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Reopen the decision" not in page
    response = post_decision(client, disclosure, action="reopen", comment="I changed my mind.")
    assert response.status_code == 400
    assert "You cannot take that action" in response.text
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.APPROVED


def test_a_reopened_disclosure_can_be_decided_again_and_the_filer_hears_each_time(db, people):
    disclosure = approved(people)
    coi = people["coi"]
    take_action(disclosure, ReviewAction.REOPEN, coi, disclosure.lock_version, "New facts.")
    take_action(disclosure, ReviewAction.APPROVE, coi, disclosure.lock_version)
    approvals = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.event_key.startswith("approved:"))
    ).all()
    assert len(approvals) == 2
    assert disclosure.status is DisclosureStatus.APPROVED


def test_the_confirmation_page_carries_hostile_input_inert_and_intact(
    client, db, people, under_review
):
    payload = '"><script>alert(1)</script> & {{7*7}}'
    login(client, people["coi"].email)
    shown = post_decision(client, under_review, action="disapprove", comment=payload)
    assert shown.status_code == 200
    assert "<script>alert(1)</script>" not in shown.text
    assert hidden_fields(shown.text)["comment"] == payload
    confirmed = client.post(
        f"/review/disclosures/{under_review.id}/decide",
        data={**hidden_fields(shown.text), "confirm": "Confirm"},
    )
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert under_review.status is DisclosureStatus.DISAPPROVED
