"""What reviewers do: move a disclosure through its review, comment, decide on flags,
set management plans. Operations flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm.exc import StaleDataError

from app.audit.operations import record
from app.auth.permissions import can_comment, can_dispose_flags, review_actions_for
from app.database import utcnow
from app.disclosures.enums import DisclosureStatus
from app.disclosures.models import Disclosure
from app.extensions import db
from app.people.models import Person
from app.record.models import VersionFlag
from app.review.models import (
    CommentVisibility,
    Disposition,
    FlagDisposition,
    ManagementPlan,
    ReviewAction,
    ReviewComment,
    ReviewEvent,
)
from app.review.queries import current_plan, flag_standing, latest_dispositions
from app.review.states import (
    EXPLAINED_TO_FILER,
    TransitionRefused,
    check_guards,
    next_status,
)
from app.signals import plan_set, review_decided, review_reopened


class ConcurrentChange(StaleDataError):
    """Someone else changed the disclosure since this reviewer loaded it.

    A StaleDataError, so that the app answers it like any stale write: 409, reload.
    """

    message = (
        "Someone changed this disclosure since you opened it (another reviewer acted on it, "
        "or the filer amended it). Nothing was saved: reload it to see the current state."
    )


@dataclass(frozen=True)
class PlanTerms:
    conditions: str
    monitor: Person
    review_on: date


def _check_fresh(disclosure: Disclosure, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != disclosure.lock_version:
        raise ConcurrentChange(ConcurrentChange.message)


def _flush_or_conflict() -> None:
    """Flush; a concurrent update of the same row (version check) becomes ConcurrentChange."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConcurrentChange(ConcurrentChange.message) from error


def add_comment(
    disclosure: Disclosure, author: Person, body: str, visibility: CommentVisibility
) -> ReviewComment:
    if not can_comment(author, disclosure):
        raise TransitionRefused("Only reviewers of this disclosure can comment on it.")
    comment = _save_comment(disclosure, author, body, visibility)
    record(
        "review.comment",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=author,
        summary=f"Comment ({visibility.label.lower()})",
        after={"comment_id": comment.id, "visibility": visibility, "body": comment.body},
    )
    return comment


def _save_comment(
    disclosure: Disclosure, author: Person, body: str, visibility: CommentVisibility
) -> ReviewComment:
    body = body.strip()
    if not body:
        raise TransitionRefused("Write the comment.")
    comment = ReviewComment(
        disclosure_id=disclosure.id, author_id=author.id, body=body, visibility=visibility
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def check_action(
    disclosure: Disclosure,
    action: ReviewAction,
    actor: Person,
    seen_version: int | None,
    comment: str = "",
    plan: PlanTerms | None = None,
) -> DisclosureStatus:
    """Where the action would take the disclosure, or the refusal; changes nothing.

    The confirmation page shows a decision only after this says it would be taken.
    """
    _check_fresh(disclosure, seen_version)
    if action not in review_actions_for(actor, disclosure):
        raise TransitionRefused("You cannot take that action on this disclosure now.")
    target = next_status(disclosure.status, action)
    check_guards(
        action,
        flag_standing(disclosure),
        comment,
        has_plan=plan is not None and bool(plan.conditions.strip()),
    )
    return target


def take_action(
    disclosure: Disclosure,
    action: ReviewAction,
    actor: Person,
    seen_version: int | None,
    comment: str = "",
    visibility: CommentVisibility = CommentVisibility.FILER,
    plan: PlanTerms | None = None,
) -> ReviewEvent:
    """Move the disclosure's review on, or refuse with the reason (nothing is saved)."""
    target = check_action(disclosure, action, actor, seen_version, comment, plan)
    if action in EXPLAINED_TO_FILER:
        visibility = CommentVisibility.FILER  # the filer must be told why
    # The comment and the plan belong to this one action: one audit entry covers them.
    saved_comment = (
        _save_comment(disclosure, actor, comment, visibility) if comment.strip() else None
    )
    saved_plan = (
        _save_plan(disclosure, plan, actor)
        if action is ReviewAction.APPROVE_WITH_PLAN and plan is not None
        else None
    )
    event = ReviewEvent(
        disclosure_id=disclosure.id,
        version_number=len(disclosure.versions),
        action=action,
        from_status=disclosure.status,
        to_status=target,
        actor_id=actor.id,
        comment_id=saved_comment.id if saved_comment else None,
    )
    db.session.add(event)
    disclosure.status = target
    _flush_or_conflict()
    record(
        f"review.{action.value}",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=actor,
        summary=f"{action.label}: {event.from_status.label} → {target.label}",
        before={"status": event.from_status, "version": event.version_number},
        after={
            "status": target,
            "comment": saved_comment.body if saved_comment else None,
            "comment_visibility": saved_comment.visibility if saved_comment else None,
            "plan": {
                "id": saved_plan.id,
                "conditions": saved_plan.conditions,
                "monitor_id": saved_plan.monitor_id,
                "review_on": saved_plan.review_on,
            }
            if saved_plan
            else None,
        },
    )
    if action is ReviewAction.REOPEN:
        review_reopened.send(actor, disclosure=disclosure, event=event, reason=saved_comment.body)
    else:
        review_decided.send(
            actor, disclosure=disclosure, event=event, comment=saved_comment, plan=saved_plan
        )
    return event


def set_management_plan(disclosure: Disclosure, plan: PlanTerms, actor: Person) -> ManagementPlan:
    """A new plan for the disclosure; an earlier one is kept, marked superseded."""
    saved = _save_plan(disclosure, plan, actor)
    record(
        "plan.set",
        object_type="management_plan",
        object_id=saved.id,
        actor=actor,
        summary=f"Management plan set for disclosure {disclosure.id}",
        after={
            "conditions": saved.conditions,
            "monitor_id": saved.monitor_id,
            "review_on": saved.review_on,
        },
    )
    plan_set.send(actor, disclosure=disclosure, plan=saved)
    return saved


def _save_plan(disclosure: Disclosure, plan: PlanTerms, actor: Person) -> ManagementPlan:
    previous = current_plan(disclosure)
    if previous is not None:
        previous.superseded_at = utcnow()
    saved = ManagementPlan(
        disclosure_id=disclosure.id,
        conditions=plan.conditions.strip(),
        monitor_id=plan.monitor.id,
        review_on=plan.review_on,
        created_by_id=actor.id,
    )
    db.session.add(saved)
    db.session.flush()
    return saved


def acknowledge_plan(plan: ManagementPlan, disclosure: Disclosure, person: Person) -> None:
    if disclosure.person_id != person.id:
        raise TransitionRefused("Only the filer acknowledges their management plan.")
    if plan.acknowledged_at is None:
        plan.acknowledged_at = utcnow()
        plan.acknowledged_by_id = person.id
        db.session.flush()
        record(
            "plan.acknowledge",
            object_type="management_plan",
            object_id=plan.id,
            actor=person,
            summary="Management plan acknowledged by the filer",
        )


def dispose_flag(
    flag: VersionFlag, disposition: Disposition, reason: str, actor: Person
) -> FlagDisposition:
    """The COI office's decision on a flag; clearing one needs a reason."""
    if not can_dispose_flags(actor):
        raise TransitionRefused("Only the COI office decides on flags.")
    if disposition is Disposition.CLEARED and not reason.strip():
        raise TransitionRefused("Say why the flag is not relevant.")
    decision = FlagDisposition(
        flag_id=flag.id, disposition=disposition, reason=reason.strip(), decided_by_id=actor.id
    )
    db.session.add(decision)
    db.session.flush()
    record(
        "flag.disposition",
        object_type="flag",
        object_id=flag.id,
        actor=actor,
        summary=f"Flag on “{flag.matched}”: {disposition.label}",
        after={"disposition": disposition, "reason": decision.reason},
    )
    return decision


def carry_decisions(pairs: list[tuple[VersionFlag, VersionFlag]]) -> list[FlagDisposition]:
    """A finding unchanged since the previous version keeps its decision: the new flag gets
    a copy that names the decision it repeats (the reviewer sees it was carried)."""
    decided = latest_dispositions([old.id for old, _ in pairs])
    carried = []
    for old, new in pairs:
        decision = decided.get(old.id)
        if decision is None:
            continue
        carried.append(
            FlagDisposition(
                flag_id=new.id,
                disposition=decision.disposition,
                reason=decision.reason,
                decided_by_id=decision.decided_by_id,
                carried_from_id=decision.id,
            )
        )
    db.session.add_all(carried)
    db.session.flush()
    return carried
