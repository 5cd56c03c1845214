"""The review of a proposed engagement, in stages: which action moves a proposal from
which state to which, in whose capacity, and what must be true first. The one place
that knows. Pure: no Flask, no database.

draft -> submitted (department review) -> research-security review -> committee
decision (approved, approved with conditions, declined, or returned for information);
each reviewing stage may return the proposal to the PI, who may resubmit or withdraw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.engagements.enums import EngagementAction as A
from app.engagements.enums import EngagementStatus as S


class Capacity(StrEnum):
    """In whose name an action is taken."""

    PI = "pi"
    DEPARTMENT = "department"
    SECURITY = "security"
    COMMITTEE = "committee"


#: (state, action) -> (next state, the capacity that takes it). Anything else is refused.
TRANSITIONS: dict[tuple[S, A], tuple[S, Capacity]] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, Capacity.PI),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, Capacity.PI),
    (S.SUBMITTED, A.ENDORSE): (S.SECURITY_REVIEW, Capacity.DEPARTMENT),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, Capacity.DEPARTMENT),
    (S.SECURITY_REVIEW, A.REFER): (S.COMMITTEE_REVIEW, Capacity.SECURITY),
    (S.SECURITY_REVIEW, A.RETURN): (S.RETURNED, Capacity.SECURITY),
    (S.COMMITTEE_REVIEW, A.APPROVE): (S.APPROVED, Capacity.COMMITTEE),
    (S.COMMITTEE_REVIEW, A.APPROVE_WITH_CONDITIONS): (
        S.APPROVED_WITH_CONDITIONS,
        Capacity.COMMITTEE,
    ),
    (S.COMMITTEE_REVIEW, A.DECLINE): (S.DECLINED, Capacity.COMMITTEE),
    (S.COMMITTEE_REVIEW, A.RETURN): (S.RETURNED, Capacity.COMMITTEE),
}
#: The PI may withdraw a proposal at any point before the decision.
for _state in (S.DRAFT, S.SUBMITTED, S.SECURITY_REVIEW, S.COMMITTEE_REVIEW, S.RETURNED):
    TRANSITIONS[(_state, A.WITHDRAW)] = (S.WITHDRAWN, Capacity.PI)

APPROVALS = frozenset({A.APPROVE, A.APPROVE_WITH_CONDITIONS})
NEEDS_COMMENT = frozenset({A.RETURN, A.DECLINE})


class TransitionRefused(ValueError):
    """The action is not possible now; `field` names the form field to show it beside."""

    def __init__(self, message: str, field: str = "action") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Decision:
    """What the acting reviewer wrote with the action."""

    comment: str = ""
    risk_assessment: str = ""
    proposed_conditions: str = ""
    justification: str = ""
    conditions: str = ""
    monitor_id: int | None = None
    review_on: date | None = None


def next_status(status: S, action: A, capacities: frozenset[Capacity]) -> S:
    """The state the action leads to, if this actor may take it now."""
    step = TRANSITIONS.get((status, action))
    if step is None:
        raise TransitionRefused(
            f"A proposal that is {status.label.lower()} cannot be: {action.label.lower()}."
        )
    target, capacity = step
    if capacity not in capacities:
        raise TransitionRefused(f"You may not {action.label.lower()} at this stage.")
    return target


def check_guards(
    action: A, decision: Decision, crosses_red_line: bool, missing: dict[str, str]
) -> None:
    """Conditions beyond the state: a complete proposal, written reasons, a plan."""
    if action is A.SUBMIT and missing:
        field, message = next(iter(missing.items()))
        raise TransitionRefused(message, field)
    if action in NEEDS_COMMENT and not decision.comment.strip():
        raise TransitionRefused("Explain to the PI why, in the comment.", "comment")
    if action is A.REFER and not decision.risk_assessment.strip():
        raise TransitionRefused(
            "Write the risk assessment the committee will read.", "risk_assessment"
        )
    if action in APPROVALS and crosses_red_line and not decision.justification.strip():
        raise TransitionRefused(
            "This proposal is not permitted under university policy: record the "
            "committee's justification for deciding otherwise.",
            "justification",
        )
    if action is A.APPROVE_WITH_CONDITIONS:
        if not decision.conditions.strip():
            raise TransitionRefused("Write the conditions of approval.", "conditions")
        if decision.monitor_id is None:
            raise TransitionRefused("Choose who monitors the conditions.", "monitor_id")
        if decision.review_on is None:
            raise TransitionRefused("Give the date the conditions are reviewed.", "review_on")


def actions_for(status: S, capacities: frozenset[Capacity]) -> list[A]:
    """The actions this actor could take now (before guards), in the order shown."""
    return [
        action
        for (state, action), (_, capacity) in TRANSITIONS.items()
        if state is status and capacity in capacities
    ]
