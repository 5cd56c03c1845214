"""Engagements and the disclosures that report them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.clock import local_today
from app.disclosures.enums import ItemKind
from app.engagements.enums import EngagementAction, EngagementKind, EngagementStatus
from app.engagements.models import EngagementLink, EngagementProposal
from app.engagements.operations import new_proposal, save_proposal, take_action
from app.engagements.states import Capacity, Decision
from app.people.roles import Role
from app.review.models import Disposition
from app.review.operations import dispose_flag
from tests.conftest import csrf_token_from
from tests.factories import (
    certified_flags,
    login,
    make_cycle,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

EVERY_CAPACITY = frozenset(Capacity) - {Capacity.PI}


def approved_engagement(pi, coi, partner: str) -> EngagementProposal:
    proposal = new_proposal(pi, EngagementKind.RESEARCH_COLLABORATION)
    data = {
        "title": "Catalysis",
        "partners": [partner],
        "country": "CN",
        "starts_on": date(2031, 1, 1),
        "export_controlled": "no",
        "benefits_specific": "Their catalysts.",
        "risk_of_not_doing": "Slower work.",
        "norms_confirmed": True,
        "colleagues": [],
        "outsiders": [],
    }
    save_proposal(proposal, data, pi)
    take_action(proposal, EngagementAction.SUBMIT, pi, frozenset({Capacity.PI}), Decision())
    take_action(proposal, EngagementAction.ENDORSE, coi, EVERY_CAPACITY, Decision())
    take_action(
        proposal, EngagementAction.REFER, coi, EVERY_CAPACITY, Decision(risk_assessment="Low.")
    )
    take_action(
        proposal,
        EngagementAction.APPROVE_WITH_CONDITIONS,
        coi,
        EVERY_CAPACITY,
        Decision(conditions="No controlled data.", monitor_id=coi.id, review_on=date(2031, 6, 1)),
    )
    return proposal


def this_year(person):
    today = local_today()
    return make_disclosure(
        person, make_cycle(today.year, today - timedelta(30), today + timedelta(30))
    )


def test_a_later_disclosure_of_the_engagement_links_and_its_flag_says_covered(client, db):
    pi, coi = make_person(Role.FACULTY), make_person(Role.COI_OFFICE)
    proposal = approved_engagement(pi, coi, "Fudan University")
    assert proposal.status is EngagementStatus.APPROVED_WITH_CONDITIONS
    disclosure = this_year(pi)
    item = make_item(
        disclosure, ItemKind.INFORMAL_COLLABORATION, organisation="Fudan University", country="CN"
    )
    other = make_item(disclosure, ItemKind.SUPPORT)
    make_submitted(disclosure)
    linked = db.session.scalars(
        select(EngagementLink.item_id).where(EngagementLink.proposal_id == proposal.id)
    ).all()
    assert linked == [item.id]
    assert other.id not in linked
    login(client, coi.email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert f"Covered by engagement {proposal.id}, approved on" in page
    assert "with conditions" in page


def test_a_confirmed_flag_offers_a_proposal_prefilled_from_the_item(client, db):
    pi, coi = make_person(Role.FACULTY), make_person(Role.COI_OFFICE)
    disclosure = this_year(pi)
    make_item(
        disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Huawei Technologies", country="CN"
    )
    make_submitted(disclosure)
    flag = certified_flags(disclosure)[0]
    login(client, pi.email)
    assert "Open an elevated-risk review proposal" not in client.get(
        f"/disclosures/{disclosure.id}"
    ).text
    dispose_flag(flag, Disposition.CONFIRMED, "Needs the committee.", coi)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Open an elevated-risk review proposal from this item" in page
    offer = client.get(f"/engagements/new?item={flag.item.id}")
    assert "Huawei" in offer.text
    response = client.post(
        f"/engagements/new?item={flag.item.id}", data={"csrf_token": csrf_token_from(offer.text)}
    )
    assert response.status_code == 302
    proposal = db.session.scalars(
        select(EngagementProposal).where(EngagementProposal.pi_id == pi.id)
    ).one()
    assert proposal.kind is EngagementKind.CONSULTING
    assert [o.name for o in proposal.partners] == [flag.item.organisation_name]
    assert proposal.source_item_id == flag.item.id
    page = client.get(f"/engagements/{proposal.id}").text
    assert "Not permitted under university policy" in page  # Huawei: DoD 1260H


def test_someone_else_cannot_open_a_proposal_from_an_item(client, db):
    pi = make_person(Role.FACULTY)
    disclosure = this_year(pi)
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Huawei Technologies")
    make_submitted(disclosure)
    flag = certified_flags(disclosure)[0]
    login(client, make_person(Role.FACULTY).email)
    assert client.get(f"/engagements/new?item={flag.item.id}").status_code == 404
