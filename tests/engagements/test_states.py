"""The engagement review state machine, state by state (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from app.engagements.enums import EngagementAction as A
from app.engagements.enums import EngagementStatus as S
from app.engagements.states import (
    TRANSITIONS,
    Capacity,
    Decision,
    TransitionRefused,
    actions_for,
    check_guards,
    next_status,
)

PI, DEPT, SEC, COM = (
    frozenset({Capacity.PI}),
    frozenset({Capacity.DEPARTMENT}),
    frozenset({Capacity.SECURITY}),
    frozenset({Capacity.COMMITTEE}),
)
EVERYONE = PI | DEPT | SEC | COM

#: Every state, what each capacity may do in it.
EXPECTED = {
    S.DRAFT: {Capacity.PI: [A.SUBMIT, A.WITHDRAW]},
    S.SUBMITTED: {Capacity.PI: [A.WITHDRAW], Capacity.DEPARTMENT: [A.ENDORSE, A.RETURN]},
    S.SECURITY_REVIEW: {Capacity.PI: [A.WITHDRAW], Capacity.SECURITY: [A.REFER, A.RETURN]},
    S.COMMITTEE_REVIEW: {
        Capacity.PI: [A.WITHDRAW],
        Capacity.COMMITTEE: [A.APPROVE, A.APPROVE_WITH_CONDITIONS, A.DECLINE, A.RETURN],
    },
    S.RETURNED: {Capacity.PI: [A.SUBMIT, A.WITHDRAW]},
    S.APPROVED: {},
    S.APPROVED_WITH_CONDITIONS: {},
    S.DECLINED: {},
    S.WITHDRAWN: {},
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("capacity", list(Capacity))
def test_each_capacity_in_each_state(status, capacity):
    expected = EXPECTED[status].get(capacity, [])
    assert sorted(actions_for(status, frozenset({capacity}))) == sorted(expected)
    for action in A:
        if action in expected:
            assert next_status(status, action, frozenset({capacity})) is not status
        else:
            with pytest.raises(TransitionRefused):
                next_status(status, action, frozenset({capacity}))


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        (S.DRAFT, A.SUBMIT, S.SUBMITTED),
        (S.RETURNED, A.SUBMIT, S.SUBMITTED),
        (S.SUBMITTED, A.ENDORSE, S.SECURITY_REVIEW),
        (S.SUBMITTED, A.RETURN, S.RETURNED),
        (S.SECURITY_REVIEW, A.REFER, S.COMMITTEE_REVIEW),
        (S.SECURITY_REVIEW, A.RETURN, S.RETURNED),
        (S.COMMITTEE_REVIEW, A.APPROVE, S.APPROVED),
        (S.COMMITTEE_REVIEW, A.APPROVE_WITH_CONDITIONS, S.APPROVED_WITH_CONDITIONS),
        (S.COMMITTEE_REVIEW, A.DECLINE, S.DECLINED),
        (S.COMMITTEE_REVIEW, A.RETURN, S.RETURNED),
        (S.COMMITTEE_REVIEW, A.WITHDRAW, S.WITHDRAWN),
    ],
)
def test_where_each_step_leads(status, action, target):
    assert next_status(status, action, EVERYONE) is target


def test_decided_and_withdrawn_proposals_are_final():
    for status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.DECLINED, S.WITHDRAWN):
        assert not any(state is status for state, _ in TRANSITIONS)
        assert not status.editable


def test_only_draft_and_returned_are_editable():
    assert {s for s in S if s.editable} == {S.DRAFT, S.RETURNED}


def refused_field(action, decision=None, crosses=False, missing=None):
    with pytest.raises(TransitionRefused) as refused:
        check_guards(action, decision or Decision(), crosses, missing or {})
    return refused.value.field


def test_guards_name_the_field_to_fix():
    assert refused_field(A.SUBMIT, missing={"partners": "Name a partner."}) == "partners"
    assert refused_field(A.RETURN) == "comment"
    assert refused_field(A.DECLINE) == "comment"
    assert refused_field(A.REFER) == "risk_assessment"
    assert refused_field(A.APPROVE, crosses=True) == "justification"
    assert refused_field(A.APPROVE_WITH_CONDITIONS) == "conditions"
    assert refused_field(A.APPROVE_WITH_CONDITIONS, Decision(conditions="c")) == "monitor_id"
    assert (
        refused_field(A.APPROVE_WITH_CONDITIONS, Decision(conditions="c", monitor_id=1))
        == "review_on"
    )


def test_guards_pass_when_satisfied():
    check_guards(A.SUBMIT, Decision(), False, {})
    check_guards(A.APPROVE, Decision(justification="Why."), True, {})
    check_guards(A.APPROVE, Decision(), False, {})
    check_guards(
        A.APPROVE_WITH_CONDITIONS,
        Decision(conditions="c", monitor_id=1, review_on=date(2031, 1, 1)),
        False,
        {},
    )
    check_guards(A.RETURN, Decision(comment="More, please."), False, {})
