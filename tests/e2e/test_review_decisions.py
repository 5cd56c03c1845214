"""Decisions in a real browser: a refused "Return" comes back with "Return" and the
comment as typed (pressing the button again approves nothing), and an approval is only
recorded from its confirmation page."""

from __future__ import annotations

import pytest

from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure
from app.extensions import db
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import take_action
from tests.e2e.conftest import Visitor
from tests.factories import PASSWORD, make_department, make_disclosure, make_person, make_submitted

#: Word's manual line break, as it arrives when a comment is pasted from a document.
VERTICAL_TAB = "\x0b"


@pytest.fixture(scope="module")
def cases(live_app):
    """Two disclosures under review in one department: one to return, one to approve."""
    with live_app.app_context():
        chemistry = make_department("CHEM", "Chemistry")
        head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=chemistry, name="Li Na")
        coi = make_person(Role.COI_OFFICE, name="Rachel Nguyen")
        ids = {"head": head.email, "coi": coi.email}
        for key, name in (("to_return", "Ana Lopez"), ("to_approve", "Tom Berg")):
            filer = make_person(Role.FACULTY, department=chemistry, name=name)
            disclosure = make_submitted(make_disclosure(filer), (ItemKind.SUPPORT,))
            take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
            ids[key] = disclosure.id
        db.session.commit()
    return ids


def status_of(live_app, disclosure_id: int) -> DisclosureStatus:
    with live_app.app_context():
        status = db.session.get(Disclosure, disclosure_id).status
        db.session.remove()
        return status


def test_a_refused_return_keeps_return_and_the_comment(browser, server, live_app, cases):
    head = Visitor(browser, server, "head-return")
    head.sign_in(cases["head"], PASSWORD)
    page = head.page
    page.goto(f"/disclosures/{cases['to_return']}")
    assert page.input_value("#action") == ""  # nothing is chosen for the reviewer

    page.select_option("#action", "return")
    pasted = f"Please add the award number.{VERTICAL_TAB}It is on the notice."
    page.fill("#comment", pasted)
    page.select_option("#visibility", "reviewers")
    head.click_and_wait("button:has-text('Record decision')")
    head.screenshot("return refused")
    assert page.input_value("#action") == "return"
    assert page.input_value("#comment") == pasted
    assert page.input_value("#visibility") == "reviewers"
    assert "Remove the invisible control characters" in page.inner_text(
        "#comment ~ .invalid-feedback"
    )

    # Pressing the button again, as the reviewer in the issue did, approves nothing.
    head.click_and_wait("button:has-text('Record decision')")
    assert page.input_value("#action") == "return"
    assert status_of(live_app, cases["to_return"]) is DisclosureStatus.UNDER_REVIEW

    page.fill("#comment", "")
    head.click_and_wait("button:has-text('Record decision')")
    assert page.input_value("#action") == "return"
    assert "Explain to the filer why" in page.inner_text("#comment ~ .invalid-feedback")

    page.fill("#comment", "Please add the award number. It is on the notice.")
    head.click_and_wait("button:has-text('Record decision')")
    assert "the disclosure is now returned for revision" in page.content()
    assert status_of(live_app, cases["to_return"]) is DisclosureStatus.RETURNED
    head.screenshot("returned")
    head.close()


def test_approving_needs_the_confirmation_page(browser, server, live_app, cases):
    coi = Visitor(browser, server, "coi-approve")
    coi.sign_in(cases["coi"], PASSWORD)
    page = coi.page
    page.goto(f"/disclosures/{cases['to_approve']}")
    page.select_option("#action", "approve")
    page.fill("#comment", "Complete and clear, thank you.")
    coi.click_and_wait("button:has-text('Record decision')")
    coi.screenshot("confirm approval")
    assert "Confirm your decision" in page.content()
    assert "Tom Berg" in page.content() and "Complete and clear, thank you." in page.content()
    assert status_of(live_app, cases["to_approve"]) is DisclosureStatus.UNDER_REVIEW

    coi.click_and_wait("input[value='Go back and change']")
    assert page.input_value("#action") == "approve"
    assert page.input_value("#comment") == "Complete and clear, thank you."
    assert status_of(live_app, cases["to_approve"]) is DisclosureStatus.UNDER_REVIEW

    coi.click_and_wait("button:has-text('Record decision')")
    coi.click_and_wait("input[value='Confirm']")
    assert "the disclosure is now approved" in page.content()
    assert status_of(live_app, cases["to_approve"]) is DisclosureStatus.APPROVED
    coi.screenshot("approved")
    coi.close()
