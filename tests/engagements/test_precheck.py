"""The agency risk pre-check on constructed people whose factors are known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.clock import local_today
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.operations import answer_talent_question
from app.engagements.enums import EngagementAction, EngagementKind
from app.engagements.operations import new_proposal, save_proposal, take_action
from app.engagements.precheck import Fact, Outcome, assess, load_matrix
from app.engagements.precheck_facts import precheck
from app.engagements.states import Capacity, Decision
from app.people.roles import Role
from tests.factories import make_cycle, make_disclosure, make_item, make_person, make_submitted

TODAY = date(2030, 6, 15)
PROPOSAL = {
    "title": "Sensors",
    "partners": ["Zhejiang University"],
    "country": "CN",
    "starts_on": date(2031, 1, 1),
    "export_controlled": "no",
    "benefits_specific": "Samples.",
    "risk_of_not_doing": "Delay.",
    "norms_confirmed": True,
    "outsiders": [],
}


def outcomes(assessment) -> dict[str, Outcome]:
    return {result.factor.factor_id: result.outcome for result in assessment.results}


# --- The pure core --------------------------------------------------------------------


def test_every_factor_of_the_matrix_is_data():
    matrix = load_matrix()
    assert [f.factor_id for f in matrix.factors] == [
        "talent_program",
        "foreign_funding",
        "patents",
        "listed_affiliation",
        "listed_collaboration",
    ]
    assert {"CN", "RU", "KP", "IR"} <= matrix.countries_of_concern


def test_nothing_held_means_no_mitigation():
    assessment = assess([], TODAY)
    assert assessment.outcome is Outcome.NO_MITIGATION
    assert set(outcomes(assessment).values()) == {Outcome.NO_MITIGATION}


def test_current_and_past_outcomes_and_the_look_back_window():
    five_years_ago = date(2025, 6, 15)
    facts = [
        Fact("talent_program", "A", "program", date(2028, 1, 1), current=True),
        Fact("listed_affiliation", "B", "inside the window", five_years_ago, current=False),
        Fact("listed_collaboration", "C", "outside", five_years_ago - timedelta(1), False),
    ]
    result = outcomes(assess(facts, TODAY))
    assert result["talent_program"] is Outcome.PROHIBITED
    assert result["listed_affiliation"] is Outcome.MITIGATION
    assert result["listed_collaboration"] is Outcome.NO_MITIGATION
    assert assess(facts, TODAY).outcome is Outcome.PROHIBITED


def test_an_undated_fact_counts():
    result = outcomes(assess([Fact("patents", "A", "royalties", None, False)], TODAY))
    assert result["patents"] is Outcome.MITIGATION


# --- From what Candor holds -----------------------------------------------------------


@pytest.fixture()
def cycle(db):
    today = local_today()
    return make_cycle(today.year, today - timedelta(30), today + timedelta(30))


def proposal_for(pi, *colleagues):
    proposal = new_proposal(pi, EngagementKind.RESEARCH_COLLABORATION)
    save_proposal(proposal, {**PROPOSAL, "colleagues": list(colleagues)}, pi)
    return proposal


def test_a_clean_person(db, cycle):
    pi = make_person(Role.FACULTY)
    make_submitted(make_disclosure(pi, cycle), (ItemKind.SUPPORT,))
    assert precheck(proposal_for(pi)).outcome is Outcome.NO_MITIGATION


def test_talent_program_answer_is_prohibited(db, cycle):
    pi = make_person(Role.FACULTY)
    disclosure = make_disclosure(pi, cycle)
    answer_talent_question(disclosure, YesNoUnknown.YES, "A provincial program.", pi)
    make_submitted(disclosure)
    assessment = precheck(proposal_for(pi))
    assert outcomes(assessment)["talent_program"] is Outcome.PROHIBITED
    assert assessment.outcome is Outcome.PROHIBITED


def test_a_colleague_with_current_chinese_funding_needs_mitigation(db, cycle):
    pi, colleague = make_person(Role.FACULTY), make_person(Role.FACULTY, name="Chen Wu")
    today = local_today()
    make_submitted(make_disclosure(pi, cycle))
    disclosure = make_disclosure(colleague, cycle)
    make_item(
        disclosure,
        ItemKind.SUPPORT,
        organisation="National Natural Science Foundation of China",
        country="CN",
        sponsor_type="foreign_government",
        starts_on=today - timedelta(100),
        ends_on=today + timedelta(300),
    )
    make_submitted(disclosure)
    assessment = precheck(proposal_for(pi, colleague))
    result = next(r for r in assessment.results if r.factor.factor_id == "foreign_funding")
    assert result.outcome is Outcome.MITIGATION
    assert [fact.person for fact in result.facts] == ["Chen Wu"]
    assert outcomes(assessment)["talent_program"] is Outcome.NO_MITIGATION


def test_affiliation_with_a_listed_company_current_or_long_ago(db, cycle):
    today = local_today()
    current, old = make_person(Role.FACULTY), make_person(Role.FACULTY)
    for person, starts, ends in (
        (current, today - timedelta(400), None),
        (old, date(today.year - 12, 1, 1), date(today.year - 10, 1, 1)),
    ):
        disclosure = make_disclosure(person, cycle)
        make_item(
            disclosure,
            ItemKind.OUTSIDE_ACTIVITY,
            organisation="Huawei Technologies",
            country="CN",
            starts_on=starts,
            ends_on=ends,
        )
        make_submitted(disclosure)
    assert outcomes(precheck(proposal_for(current)))["listed_affiliation"] is Outcome.PROHIBITED
    assert outcomes(precheck(proposal_for(old)))["listed_affiliation"] is Outcome.NO_MITIGATION


def test_an_earlier_engagement_with_a_listed_partner_is_a_collaboration(db, cycle):
    pi = make_person(Role.FACULTY)
    earlier = new_proposal(pi, EngagementKind.RESEARCH_COLLABORATION)
    save_proposal(
        earlier,
        {**PROPOSAL, "partners": ["Fudan University"], "colleagues": [], "starts_on": None},
        pi,
    )
    earlier.starts_on = local_today() - timedelta(365)
    take_action(earlier, EngagementAction.SUBMIT, pi, frozenset({Capacity.PI}), Decision())
    proposal = proposal_for(pi)
    result = next(
        r for r in precheck(proposal).results if r.factor.factor_id == "listed_collaboration"
    )
    assert result.outcome is Outcome.MITIGATION
    assert "Fudan University" in result.facts[0].description
    # The proposal itself is not its own past collaboration.
    assert outcomes(precheck(earlier))["listed_collaboration"] is Outcome.NO_MITIGATION


def test_royalties_from_a_country_of_concern_count_as_patents(db, cycle):
    pi, other = make_person(Role.FACULTY), make_person(Role.FACULTY)
    for person, country in ((pi, "CN"), (other, "DE")):
        disclosure = make_disclosure(person, cycle)
        make_item(
            disclosure,
            ItemKind.FINANCIAL_INTEREST,
            organisation="Licensee Co.",
            country=country,
            entity_type="private",
            relationship_type="royalties_ip",
            acquired_on=local_today() - timedelta(200),
        )
        make_submitted(disclosure)
    assert outcomes(precheck(proposal_for(pi)))["patents"] is Outcome.MITIGATION
    assert outcomes(precheck(proposal_for(other)))["patents"] is Outcome.NO_MITIGATION
