"""The review state machine: every (state, action) pair, allowed or refused."""

from __future__ import annotations

import itertools

import pytest

from app.disclosures.enums import DisclosureStatus as S
from app.review.models import ReviewAction as A
from app.review.states import (
    NEEDS_CONFIRMATION,
    TRANSITIONS,
    FlagStanding,
    TransitionRefused,
    actions_for,
    check_guards,
    next_status,
)

EXPECTED = {
    (S.SUBMITTED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, A.APPROVE_WITH_PLAN): S.APPROVED_WITH_PLAN,
    (S.UNDER_REVIEW, A.RETURN): S.RETURNED,
    (S.UNDER_REVIEW, A.ESCALATE): S.ESCALATED,
    (S.UNDER_REVIEW, A.DISAPPROVE): S.DISAPPROVED,
    (S.ESCALATED, A.APPROVE): S.APPROVED,
    (S.ESCALATED, A.APPROVE_WITH_PLAN): S.APPROVED_WITH_PLAN,
    (S.ESCALATED, A.RETURN): S.RETURNED,
    (S.ESCALATED, A.DISAPPROVE): S.DISAPPROVED,
    (S.APPROVED, A.REOPEN): S.UNDER_REVIEW,
    (S.APPROVED_WITH_PLAN, A.REOPEN): S.UNDER_REVIEW,
    (S.DISAPPROVED, A.REOPEN): S.UNDER_REVIEW,
}


@pytest.mark.parametrize(
    ("status", "action"),
    list(itertools.product(S, A)),
    ids=[f"{s.value}-{a.value}" for s, a in itertools.product(S, A)],
)
def test_every_state_and_action(status, action):
    if (status, action) in EXPECTED:
        assert next_status(status, action) is EXPECTED[(status, action)]
    else:
        with pytest.raises(TransitionRefused):
            next_status(status, action)


def test_the_table_is_exactly_the_expected_one():
    assert dict(TRANSITIONS) == EXPECTED


def test_heads_cannot_disapprove_or_decide_escalated_disclosures():
    assert A.DISAPPROVE not in actions_for(S.UNDER_REVIEW, is_coi=False, is_head=True)
    assert actions_for(S.ESCALATED, is_coi=False, is_head=True) == []
    assert set(actions_for(S.ESCALATED, is_coi=True, is_head=False)) == {
        A.APPROVE,
        A.APPROVE_WITH_PLAN,
        A.RETURN,
        A.DISAPPROVE,
    }
    assert actions_for(S.UNDER_REVIEW, is_coi=False, is_head=False) == []


@pytest.mark.parametrize("status", [S.APPROVED, S.APPROVED_WITH_PLAN, S.DISAPPROVED])
def test_only_the_coi_office_reopens_a_decision(status):
    assert actions_for(status, is_coi=True, is_head=False) == [A.REOPEN]
    assert actions_for(status, is_coi=False, is_head=True) == []


def test_decisions_the_filer_lives_with_need_confirmation():
    assert {A.APPROVE, A.APPROVE_WITH_PLAN, A.DISAPPROVE} == NEEDS_CONFIRMATION


@pytest.mark.parametrize(
    ("action", "standing", "comment", "has_plan", "field"),
    [
        (A.RETURN, FlagStanding(), "", False, "comment"),
        (A.REOPEN, FlagStanding(), "", False, "comment"),
        (A.APPROVE_WITH_PLAN, FlagStanding(), "", False, "plan_conditions"),
        (A.APPROVE, FlagStanding(unresolved_critical=1), "", False, "action"),
    ],
)
def test_a_refusal_names_the_field_it_belongs_beside(action, standing, comment, has_plan, field):
    with pytest.raises(TransitionRefused) as refusal:
        check_guards(action, standing, comment, has_plan)
    assert refusal.value.field == field


@pytest.mark.parametrize(
    ("action", "standing", "comment", "has_plan", "refused"),
    [
        (A.APPROVE, FlagStanding(unresolved_critical=1), "", False, "critical flag"),
        (A.APPROVE_WITH_PLAN, FlagStanding(unresolved_critical=2), "", True, "critical flag"),
        (A.APPROVE, FlagStanding(disallowed=1), "", False, "disallowed"),
        (A.APPROVE, FlagStanding(confirmed=1), "", False, "management plan"),
        (A.APPROVE_WITH_PLAN, FlagStanding(), "", False, "Describe the management plan"),
        (A.RETURN, FlagStanding(), "  ", False, "Explain to the filer"),
        (A.DISAPPROVE, FlagStanding(), "", False, "Explain to the filer"),
        (A.APPROVE_WITH_PLAN, FlagStanding(confirmed=1), "", True, None),
        (A.APPROVE, FlagStanding(), "", False, None),
        (A.RETURN, FlagStanding(unresolved_critical=1), "Please add the contract.", False, None),
        (A.ESCALATE, FlagStanding(unresolved_critical=3), "", False, None),
        (A.REOPEN, FlagStanding(), " ", False, "Say why the decision is reopened"),
        (A.REOPEN, FlagStanding(unresolved_critical=1), "A new award came to light.", False, None),
    ],
)
def test_guards(action, standing, comment, has_plan, refused):
    if refused is None:
        check_guards(action, standing, comment, has_plan)
    else:
        with pytest.raises(TransitionRefused, match=refused):
            check_guards(action, standing, comment, has_plan)
