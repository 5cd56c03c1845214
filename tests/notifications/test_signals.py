"""Every step of filing and review tells the people concerned: filing and review send
signals, the notifications feature subscribes (and is never imported by them)."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.clock import local_today
from app.disclosures.enums import ItemKind
from app.notifications.decisions import FILER_MAIL
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.review.models import CommentVisibility, ReviewAction
from app.review.operations import PlanTerms, set_management_plan, take_action
from app.review.states import TransitionRefused
from tests.conftest import csrf_token_from
from tests.factories import (
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.notifications.conftest import outbox

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Annual disclosure 2026"


@pytest.fixture()
def people(db):
    physics = make_department("PHYS", "Physics")
    return {
        "filer": make_person(Role.FACULTY, department=physics, name="Wei Zhang"),
        "head": make_person(
            Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics, name="Ann Head"
        ),
        "coi": make_person(Role.COI_OFFICE, name="Olga Ivanova"),
        "coi_colleague": make_person(Role.COI_OFFICE, name="Sam Colleague"),
    }


@pytest.fixture()
def under_review(people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    take_action(disclosure, ReviewAction.START_REVIEW, people["head"], disclosure.lock_version)
    return disclosure


def new_mail(before: list[OutboxMessage]) -> list[OutboxMessage]:
    return [message for message in outbox() if message not in before]


def only_mail(before: list[OutboxMessage]) -> OutboxMessage:
    (message,) = new_mail(before)
    return message


def plan_terms(people, days: int = 180) -> PlanTerms:
    return PlanTerms(
        "No students on the sponsored project.", people["head"], local_today() + timedelta(days)
    )


def test_submitting_gives_the_filer_a_receipt_and_tells_heads_and_the_coi_office(db, people):
    disclosure = make_disclosure(people["filer"])
    make_item(
        disclosure, ItemKind.INFORMAL_COLLABORATION, organisation="Beihang University", country="CN"
    )
    make_submitted(disclosure)
    by_kind = {(m.event_key.split(":")[0], m.to_address): m for m in outbox()}
    assert set(by_kind) == {
        ("receipt", people["filer"].email),
        ("submitted", people["head"].email),
        ("flags", people["coi"].email),
        ("flags", people["coi_colleague"].email),
    }
    receipt = by_kind[("receipt", people["filer"].email)]
    assert receipt.subject == f"[Candor] Submitted and certified: {TITLE}"
    assert "version 1" in receipt.text_body and "Wei Zhang" in receipt.text_body
    assert f"/disclosures/{disclosure.id}" in receipt.text_body
    flags = by_kind[("flags", people["coi"].email)]
    assert flags.subject == f"[Candor] New critical flag: {TITLE}, Wei Zhang"
    assert "Beihang" not in flags.text_body + flags.html_body  # flagged text stays in the app


def test_starting_a_review_tells_no_one(db, people):
    disclosure = make_submitted(make_disclosure(people["filer"]), (ItemKind.SUPPORT,))
    before = outbox()
    take_action(disclosure, ReviewAction.START_REVIEW, people["head"], disclosure.lock_version)
    assert new_mail(before) == []


def test_approval_tells_the_filer_without_a_reviewers_only_comment(db, people, under_review):
    before = outbox()
    take_action(
        under_review,
        ReviewAction.APPROVE,
        people["head"],
        under_review.lock_version,
        "Internal: the award was checked with OSP.",
        CommentVisibility.REVIEWERS,
    )
    message = only_mail(before)
    assert message.to_address == people["filer"].email
    assert message.subject == f"[Candor] Approved: {TITLE}"
    assert "has been approved" in message.text_body
    assert "OSP" not in message.text_body + message.html_body


def test_approval_with_a_comment_for_the_filer_carries_it(db, people, under_review):
    before = outbox()
    take_action(
        under_review, ReviewAction.APPROVE, people["head"], under_review.lock_version, "Thank you."
    )
    assert "Thank you." in only_mail(before).text_body


def test_approval_with_a_plan_asks_the_filer_to_acknowledge_it(db, people, under_review):
    before = outbox()
    terms = plan_terms(people)
    take_action(
        under_review,
        ReviewAction.APPROVE_WITH_PLAN,
        people["coi"],
        under_review.lock_version,
        plan=terms,
    )
    message = only_mail(before)
    assert message.to_address == people["filer"].email
    assert message.subject == f"[Candor] Approved with a management plan: {TITLE}"
    assert "acknowledge" in message.text_body
    assert "Ann Head" in message.text_body and f"{terms.review_on:%d %B %Y}" in message.text_body
    assert "Read and acknowledge the plan" in message.html_body


def test_disapproval_tells_the_filer_why(db, people, under_review):
    before = outbox()
    take_action(
        under_review,
        ReviewAction.DISAPPROVE,
        people["coi"],
        under_review.lock_version,
        "The equity stake cannot be managed.",
    )
    message = only_mail(before)
    assert message.subject == f"[Candor] Disapproved: {TITLE}"
    assert "The equity stake cannot be managed." in message.text_body


def test_return_tells_the_filer_with_the_comment_escaped_in_html(db, people, under_review):
    before = outbox()
    comment = 'Please add the <b>contract</b> & "terms"'
    take_action(
        under_review, ReviewAction.RETURN, people["head"], under_review.lock_version, comment
    )
    message = only_mail(before)
    assert message.to_address == people["filer"].email
    assert message.subject == f"[Candor] Returned for revision: {TITLE}"
    assert comment in message.text_body
    assert "Please add the &lt;b&gt;contract&lt;/b&gt; &amp; &#34;terms&#34;" in message.html_body
    assert "<b>contract</b>" not in message.html_body


def test_escalation_tells_the_coi_office(db, people, under_review):
    before = outbox()
    take_action(under_review, ReviewAction.ESCALATE, people["head"], under_review.lock_version)
    messages = new_mail(before)
    assert {m.to_address for m in messages} == {people["coi"].email, people["coi_colleague"].email}
    for message in messages:
        assert message.subject == f"[Candor] Escalated to the COI office: {TITLE}, Wei Zhang"
        assert "Ann Head has escalated" in message.text_body


def test_reopening_tells_the_filer_the_reason(db, people, under_review):
    coi = people["coi"]
    take_action(under_review, ReviewAction.APPROVE, coi, under_review.lock_version)
    before = outbox()
    take_action(
        under_review,
        ReviewAction.REOPEN,
        coi,
        under_review.lock_version,
        "A new agreement came to light.",
        CommentVisibility.REVIEWERS,  # a reopening is explained to the filer regardless
    )
    message = only_mail(before)
    assert message.to_address == people["filer"].email
    assert message.subject == f"[Candor] Decision reopened for review: {TITLE}"
    assert "A new agreement came to light." in message.text_body


def test_a_plan_set_on_its_own_asks_for_acknowledgement(db, people, under_review):
    before = outbox()
    plan = set_management_plan(under_review, plan_terms(people), people["coi"])
    message = only_mail(before)
    assert message.to_address == people["filer"].email
    assert message.subject == f"[Candor] A management plan to acknowledge: {TITLE}"
    assert message.event_key == f"plan-to-acknowledge:plan-{plan.id}"


def test_a_refused_decision_tells_no_one(db, people, under_review):
    before = outbox()
    with pytest.raises(TransitionRefused):
        take_action(under_review, ReviewAction.RETURN, people["head"], under_review.lock_version)
    assert new_mail(before) == []


def test_the_plan_review_reminder_names_the_disclosure(db, people, under_review):
    from app.notifications.operations import notify_plan_review_due

    (message,) = notify_plan_review_due(3, under_review, date(2031, 3, 1), [people["head"]])
    assert message.subject == f"[Candor] Management plan review due 01 Mar 2031: {TITLE}, Wei Zhang"


def test_no_subject_is_a_bare_internal_number(db, people, under_review):
    coi = people["coi"]
    take_action(under_review, ReviewAction.ESCALATE, people["head"], under_review.lock_version)
    take_action(
        under_review,
        ReviewAction.APPROVE_WITH_PLAN,
        coi,
        under_review.lock_version,
        plan=plan_terms(people),
    )
    take_action(under_review, ReviewAction.REOPEN, coi, under_review.lock_version, "Again.")
    take_action(under_review, ReviewAction.DISAPPROVE, coi, under_review.lock_version, "No.")
    subjects = [message.subject for message in outbox()]
    assert len(subjects) >= 6
    for subject in subjects:
        assert not re.search(r"#\d", subject), subject
        assert TITLE in subject, subject


@pytest.mark.parametrize("template", sorted({name for name, _ in FILER_MAIL.values()}))
def test_every_decision_mail_has_its_text_and_html_templates(template):
    mail = ROOT / "app" / "templates" / "mail"
    assert (mail / f"{template}.txt").is_file() and (mail / f"{template}.html").is_file()


def test_the_dashboard_shows_a_plan_to_acknowledge_until_it_is_acknowledged(
    client, db, people, under_review
):
    take_action(
        under_review,
        ReviewAction.APPROVE_WITH_PLAN,
        people["coi"],
        under_review.lock_version,
        plan=plan_terms(people),
    )
    login(client, people["filer"].email)
    banner = "A management plan to acknowledge"
    page = client.get("/my").text
    assert banner in page and f"/disclosures/{under_review.id}#plan" in page
    plan_id = int(
        client.get(f"/disclosures/{under_review.id}").text.split("/review/plans/")[1].split("/")[0]
    )
    response = client.post(
        f"/review/plans/{plan_id}/acknowledge", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302
    assert banner not in client.get("/my").text


def test_no_banner_for_someone_elses_plan(client, db, people, under_review):
    take_action(
        under_review,
        ReviewAction.APPROVE_WITH_PLAN,
        people["coi"],
        under_review.lock_version,
        plan=plan_terms(people),
    )
    login(client, people["head"].email)
    assert "A management plan to acknowledge" not in client.get("/my").text


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module",
    ["app/disclosures/operations.py", "app/disclosures/rescreen.py", "app/review/operations.py"],
)
def test_filing_and_review_never_import_notifications(module):
    imported = imported_modules(ROOT / module)
    assert imported, "the module imports something"
    assert not [name for name in imported if name.startswith("app.notifications")], imported
