"""Proposing engagements through the web: drafts, screening, red lines, the stages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.engagements.enums import EngagementStatus
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.review.models import ManagementPlan
from tests.engagements.helpers import COMPLETE, act, save, start, switch
from tests.factories import login, make_department, make_person


@pytest.fixture()
def people(db):
    physics = make_department("PHYS", "Physics")
    return {
        "pi": make_person(Role.FACULTY, department=physics, name="Li Na"),
        "colleague": make_person(Role.FACULTY, department=physics, email="ada@example.edu"),
        "head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics),
        "coi": make_person(Role.COI_OFFICE, name="Office Person"),
    }


def test_draft_keeps_what_was_typed_and_errors_sit_beside_the_field(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    response = save(
        client,
        proposal,
        title="Half done",
        starts_on="2031-05-01",
        ends_on="2030-01-01",
        colleagues="nobody@example.edu",
    )
    assert response.status_code == 422
    assert "on or after the planned start" in response.text
    assert "Half done" in response.text  # kept as typed
    response = save(client, proposal, title="Half done", colleagues="nobody@example.edu")
    assert response.status_code == 422
    assert "No one at the university has the address nobody@example.edu" in response.text
    response = save(client, proposal, title="Half done", colleagues="ada@example.edu")
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Half done"
    assert [p.person_id for p in proposal.people] == [people["colleague"].id]


def test_submitting_an_incomplete_proposal_names_the_field(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, title="Only a title")
    response = act(client, proposal, "submit")
    assert response.status_code == 422
    assert "Name at least one partner organisation." in response.text
    db.session.refresh(proposal)
    assert proposal.status is EngagementStatus.DRAFT


def test_harbin_collaboration_is_not_permitted_with_reason_and_list(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **{**COMPLETE, "partners": "Harbin Institute of Technology"})
    page = client.get(f"/engagements/{proposal.id}").text
    assert "Not permitted under university policy" in page
    assert "national defense universities" in page
    assert "DoD Section 1286 list" in page
    # What Candor knows about the partner links to its full profile.
    link = page.split('class="profile-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    profile = client.get(link)
    assert profile.status_code == 200 and "Harbin Institute of Technology" in profile.text


def test_visitor_from_nudt_is_not_permitted(client, people):
    login(client, people["pi"].email)
    proposal = start(client, "visiting_researcher")
    save(
        client,
        proposal,
        **{
            **COMPLETE,
            "partners": "",
            "visitor_employer": "National University of Defense Technology",
            "visitor_prior_affiliations": "Zhejiang University",
        },
    )
    page = client.get(f"/engagements/{proposal.id}").text
    assert "Not permitted under university policy" in page
    assert "currently employed by Chinese military or security institutions" in page
    assert "Visitor&#39;s earlier affiliation" in page


def test_civilian_partner_goes_through_every_stage_to_conditions(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    assert save(client, proposal, **COMPLETE).status_code == 302
    page = client.get(f"/engagements/{proposal.id}").text
    assert "Not permitted" not in page
    assert "country of concern" in page
    assert act(client, proposal, "submit").status_code == 302
    switch(client, people["head"])
    assert act(client, proposal, "endorse").status_code == 302
    switch(client, people["coi"])
    response = act(client, proposal, "refer")
    assert "Write the risk assessment" in response.text
    response = act(
        client,
        proposal,
        "refer",
        risk_assessment="Low: civilian partner, no controlled items.",
        proposed_conditions="No export-controlled data.",
    )
    assert response.status_code == 302
    # The COI office acts as committee while no one holds the committee role.
    response = act(
        client,
        proposal,
        "approve_with_conditions",
        conditions="No export-controlled data leaves the lab.",
        monitor_id=str(people["coi"].id),
        review_on="2031-09-01",
    )
    assert response.status_code == 302, response.text
    db.session.refresh(proposal)
    assert proposal.status is EngagementStatus.APPROVED_WITH_CONDITIONS
    plan = db.session.scalar(
        select(ManagementPlan).where(ManagementPlan.engagement_id == proposal.id)
    )
    assert plan.conditions == "No export-controlled data leaves the lab."
    assert plan.monitor_id == people["coi"].id
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == str(proposal.id))
    ).all()
    for step in ("submit", "endorse", "refer", "approve_with_conditions"):
        assert f"engagement.{step}" in actions
    mailed_to = set(db.session.scalars(select(OutboxMessage.to_address)))
    assert {people["head"].email, people["coi"].email, people["pi"].email} <= mailed_to
    switch(client, people["pi"])
    page = client.get(f"/engagements/{proposal.id}").text
    assert "No export-controlled data leaves the lab." in page
    assert "Approved with conditions" in page


def test_only_the_committee_permits_a_red_line_and_it_must_justify(client, people):
    committee = make_person(Role.RISK_COMMITTEE, name="Committee Chair")
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **{**COMPLETE, "partners": "Harbin Institute of Technology"})
    act(client, proposal, "submit")
    switch(client, people["head"])
    act(client, proposal, "endorse")
    switch(client, people["coi"])
    act(client, proposal, "refer", risk_assessment="Crosses a red line.")
    # With a committee configured, the COI office no longer decides.
    assert act(client, proposal, "approve").status_code == 403
    switch(client, committee)
    response = act(client, proposal, "approve")
    assert response.status_code == 422
    assert "record the committee&#39;s justification" in response.text
    response = act(client, proposal, "approve", justification="Unclassified standards work.")
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is EngagementStatus.APPROVED
    assert proposal.override_justification == "Unclassified standards work."


def test_reviewer_only_comments_are_hidden_from_the_pi(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **COMPLETE)
    act(client, proposal, "submit")
    switch(client, people["head"])
    page = client.get(f"/engagements/{proposal.id}")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page.text)
    for body, audience in (("For reviewers only", "reviewers"), ("For the PI too", "pi")):
        response = client.post(
            f"/engagements/{proposal.id}/comments",
            data={"csrf_token": token, "body": body, "audience": audience},
        )
        assert response.status_code == 302
    switch(client, people["pi"])
    page = client.get(f"/engagements/{proposal.id}").text
    assert "For the PI too" in page
    assert "For reviewers only" not in page
    # The PI hears of the comment meant for them, and only of that one.
    subjects = db.session.scalars(
        select(OutboxMessage.subject).where(
            OutboxMessage.to_address == people["pi"].email,
            OutboxMessage.subject.like("%Comment on engagement%"),
        )
    ).all()
    assert subjects == [f"[Candor] Comment on engagement {proposal.id}"]


def test_pi_may_withdraw_and_head_may_return(client, people):
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **COMPLETE)
    act(client, proposal, "submit")
    switch(client, people["head"])
    assert "Explain to the PI why" in act(client, proposal, "return").text
    assert act(client, proposal, "return", comment="Add the budget.").status_code == 302
    switch(client, people["pi"])
    page = client.get(f"/engagements/{proposal.id}").text
    assert "Add the budget." in page
    assert act(client, proposal, "withdraw").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is EngagementStatus.WITHDRAWN


def test_a_draft_agreement_is_judged_by_its_content(client, people):
    import io

    from tests.conftest import csrf_token_from

    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **COMPLETE)
    page = client.get(f"/engagements/{proposal.id}")
    response = client.post(
        f"/engagements/{proposal.id}/documents",
        data={
            "csrf_token": csrf_token_from(page.text),
            "file": (io.BytesIO(b"MZ not a document"), "agreement.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "is not a PDF, Word, Excel, PNG or JPEG document" in response.text
    response = client.post(
        f"/engagements/{proposal.id}/documents",
        data={
            "csrf_token": csrf_token_from(page.text),
            "file": (io.BytesIO(b"%PDF-1.4\n%agreement\n"), "agreement.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(f"/engagements/{proposal.id}").text
    link = page.split('href="/engagements/documents/')[1].split('"')[0]
    download = client.get(f"/engagements/documents/{link}")
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF-1.4")
    download.close()
    switch(client, people["colleague"])
    assert client.get(f"/engagements/documents/{link}").status_code == 404


def test_the_committee_hears_of_a_referral(client, people):
    committee = make_person(Role.RISK_COMMITTEE, email="chair@example.edu")
    login(client, people["pi"].email)
    proposal = start(client)
    save(client, proposal, **COMPLETE)
    act(client, proposal, "submit")
    switch(client, people["head"])
    act(client, proposal, "endorse")
    switch(client, people["coi"])
    act(client, proposal, "refer", risk_assessment="Low.")
    subjects = db.session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.to_address == committee.email)
    ).all()
    assert subjects == [f"[Candor] Engagement {proposal.id}: Awaiting the committee's decision"]
