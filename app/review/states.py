"""The review state machine: which action moves a disclosure from which state to which,
who may take it, and what must be true first. The one place that knows."""

from __future__ import annotations

from dataclasses import dataclass

from app.disclosures.enums import DisclosureStatus as S
from app.review.models import ReviewAction as A

#: (state, action) -> next state. Anything not listed is refused.
TRANSITIONS: dict[tuple[S, A], S] = {
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
    # The COI office takes a decision back (a new fact, a mistake): reviewed again.
    (S.APPROVED, A.REOPEN): S.UNDER_REVIEW,
    (S.APPROVED_WITH_PLAN, A.REOPEN): S.UNDER_REVIEW,
    (S.DISAPPROVED, A.REOPEN): S.UNDER_REVIEW,
}

#: What a department head may do for the departments they head; the COI office may do all.
#: Disapproval and decisions on escalated disclosures belong to the COI office.
HEAD_ACTIONS = frozenset({A.START_REVIEW, A.APPROVE, A.APPROVE_WITH_PLAN, A.RETURN, A.ESCALATE})
HEAD_STATES = frozenset({S.SUBMITTED, S.UNDER_REVIEW})

APPROVALS = frozenset({A.APPROVE, A.APPROVE_WITH_PLAN})
#: Decisions the filer lives with: shown on a confirmation page before they are taken.
NEEDS_CONFIRMATION = frozenset({A.APPROVE, A.APPROVE_WITH_PLAN, A.DISAPPROVE})
#: Actions whose comment is addressed to the filer, who must be told why.
EXPLAINED_TO_FILER = frozenset({A.RETURN, A.DISAPPROVE, A.REOPEN})


class TransitionRefused(ValueError):
    """The action is not possible now; the message says why in the reviewer's words.

    ``field`` names the form field the reason belongs beside ("action" for the choice).
    """

    def __init__(self, message: str, field: str = "action") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class FlagStanding:
    """What the flags of the version under review allow."""

    unresolved_critical: int = 0
    confirmed: int = 0
    disallowed: int = 0


def next_status(status: S, action: A) -> S:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionRefused(
            f"A disclosure that is {status.label.lower()} cannot be: {action.label.lower()}."
        ) from None


def check_guards(action: A, flags: FlagStanding, comment: str, has_plan: bool) -> None:
    """Conditions beyond the state: flags resolved, a comment for the filer, a plan."""
    if action in APPROVALS and flags.unresolved_critical:
        raise TransitionRefused(
            f"{flags.unresolved_critical} critical flag(s) have no disposition yet: the COI "
            "office must confirm, clear or disallow them before approval."
        )
    if action in APPROVALS and flags.disallowed:
        raise TransitionRefused(
            "A flagged relationship was disallowed: return the disclosure or disapprove it."
        )
    if action is A.APPROVE and flags.confirmed:
        raise TransitionRefused(
            "A confirmed flag needs elevated-risk management: approve with a management plan."
        )
    if action is A.APPROVE_WITH_PLAN and not has_plan:
        raise TransitionRefused(
            "Describe the management plan: conditions, monitor, review date.", "plan_conditions"
        )
    if action is A.REOPEN and not comment.strip():
        raise TransitionRefused(
            "Say why the decision is reopened: the filer is told, in the comment.", "comment"
        )
    if action in EXPLAINED_TO_FILER and not comment.strip():
        raise TransitionRefused("Explain to the filer why, in the comment.", "comment")


def actions_for(status: S, is_coi: bool, is_head: bool) -> list[A]:
    """The actions a reviewer could take now (before guards), in the order shown."""
    possible = [action for (state, action) in TRANSITIONS if state is status]
    if is_coi:
        return possible
    if is_head and status in HEAD_STATES:
        return [action for action in possible if action in HEAD_ACTIONS]
    return []
