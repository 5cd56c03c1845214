"""Who may see and act on an engagement proposal: a truth table over roles and stages,
including the elevated-risk committee (a role the route matrix does not model)."""

from __future__ import annotations

from datetime import date

import pytest

from app.auth.permissions import (
    can_edit_engagement,
    can_view_engagement,
    engagement_actions,
    engagement_capacities,
    home_endpoint_for,
)
from app.engagements.enums import EngagementAction as A
from app.engagements.enums import EngagementKind
from app.engagements.operations import new_proposal, save_proposal, take_action
from app.engagements.states import Capacity, Decision
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import make_department, make_person

DATA = {
    "title": "T",
    "partners": ["Zhejiang University"],
    "country": "CN",
    "starts_on": date(2031, 1, 1),
    "export_controlled": "no",
    "benefits_specific": "B",
    "risk_of_not_doing": "R",
    "norms_confirmed": True,
    "colleagues": [],
    "outsiders": [],
}


@pytest.fixture()
def world(db):
    home, away = make_department("EHOME"), make_department("EAWAY")
    pi = make_person(Role.FACULTY, department=home)
    people = {
        "pi": pi,
        "colleague": make_person(Role.FACULTY, department=home),
        "head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=home),
        "other_head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=away),
        "coi": make_person(Role.COI_OFFICE),
        "counsel": make_person(Role.GENERAL_COUNSEL),
        "admin": make_person(Role.ADMIN),
    }
    proposal = new_proposal(pi, EngagementKind.RESEARCH_COLLABORATION)
    save_proposal(proposal, DATA, pi)
    return people, proposal


def visible_to(people, proposal) -> set[str]:
    return {key for key, person in people.items() if can_view_engagement(person, proposal)}


def test_a_draft_is_the_pis_alone(world):
    people, proposal = world
    assert visible_to(people, proposal) == {"pi"}
    assert can_edit_engagement(people["pi"], proposal)
    assert engagement_actions(people["pi"], proposal) == [A.SUBMIT, A.WITHDRAW]


def test_submitted_seen_by_pi_head_and_coi_never_counsel(world):
    people, proposal = world
    take_action(proposal, A.SUBMIT, people["pi"], frozenset({Capacity.PI}), Decision())
    assert visible_to(people, proposal) == {"pi", "head", "coi"}
    assert not can_edit_engagement(people["pi"], proposal)
    assert engagement_actions(people["head"], proposal) == [A.ENDORSE, A.RETURN]
    assert engagement_actions(people["coi"], proposal) == [A.ENDORSE, A.RETURN]
    assert engagement_actions(people["pi"], proposal) == [A.WITHDRAW]


def test_the_committee_role_takes_the_decision_from_the_coi_office(world):
    people, proposal = world
    coi = people["coi"]
    assert Capacity.COMMITTEE in engagement_capacities(coi, proposal)
    committee = make_person(Role.RISK_COMMITTEE)
    assert home_endpoint_for(committee) == "engagements.index"
    assert engagement_capacities(coi, proposal) == {Capacity.DEPARTMENT, Capacity.SECURITY}
    assert engagement_capacities(committee, proposal) == {Capacity.COMMITTEE}
    assert not can_view_engagement(committee, proposal)  # still a draft
    take_action(proposal, A.SUBMIT, people["pi"], frozenset({Capacity.PI}), Decision())
    assert can_view_engagement(committee, proposal)
    assert engagement_actions(committee, proposal) == []
    take_action(proposal, A.ENDORSE, people["head"], frozenset({Capacity.DEPARTMENT}), Decision())
    take_action(
        proposal, A.REFER, coi, frozenset({Capacity.SECURITY}), Decision(risk_assessment="Low.")
    )
    assert engagement_actions(coi, proposal) == []
    assert engagement_actions(committee, proposal) == [
        A.APPROVE,
        A.APPROVE_WITH_CONDITIONS,
        A.DECLINE,
        A.RETURN,
    ]


def test_nobody_reviews_their_own_proposal(world):
    people, _ = world
    head = people["head"]
    own = new_proposal(head, EngagementKind.CONSULTING)
    assert engagement_capacities(head, own) == {Capacity.PI}


def test_the_overview_lists_a_heads_departments_only(client, world):
    from tests.factories import login

    people, proposal = world
    proposal.title = "Visible to the home department"
    take_action(proposal, A.SUBMIT, people["pi"], frozenset({Capacity.PI}), Decision())
    login(client, people["head"].email)
    assert "Visible to the home department" in client.get("/engagements/").text
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/no-role").text)})
    login(client, people["other_head"].email)
    page = client.get("/engagements/").text
    assert "Visible to the home department" not in page
    assert "Engagements (0 open, 0 decided, 0 with conditions due)" in client.get(
        "/department"
    ).text
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/no-role").text)})
    login(client, people["head"].email)
    assert "Engagements (1 open, 0 decided, 0 with conditions due)" in client.get(
        "/department"
    ).text
