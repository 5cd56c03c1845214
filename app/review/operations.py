"""What reviewers do: move a disclosure through its review, comment, decide on flags,
set management plans. Operations flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm.exc import StaleDataError

from app.auth.permissions import can_comment, can_dispose_flags, review_actions_for
from app.database import utcnow
from app.disclosures.models import Disclosure
from app.extensions import db
from app.notifications.operations import notify_returned
from app.people.models import Person
from app.review.models import (
    CommentVisibility,
    Disposition,
    FlagDisposition,
    ManagementPlan,
    ReviewAction,
    ReviewComment,
    ReviewEvent,
)
from app.review.queries import current_plan, flag_standing
from app.review.states import TransitionRefused, check_guards, next_status
from app.screening.models import ItemFlag


class ConcurrentChange(RuntimeError):
    """Someone else changed the disclosure since this reviewer loaded it."""

    message = (
        "This disclosure changed while you were looking at it (someone else acted on it). "
        "Nothing was saved: reload it to see the current state."
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
    body = body.strip()
    if not body:
        raise TransitionRefused("Write the comment.")
    comment = ReviewComment(
        disclosure_id=disclosure.id, author_id=author.id, body=body, visibility=visibility
    )
    db.session.add(comment)
    db.session.flush()
    return comment


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
    if action in (ReviewAction.RETURN, ReviewAction.DISAPPROVE):
        visibility = CommentVisibility.FILER  # the filer must be told why
    saved_comment = add_comment(disclosure, actor, comment, visibility) if comment.strip() else None
    if action is ReviewAction.APPROVE_WITH_PLAN and plan is not None:
        set_management_plan(disclosure, plan, actor)
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
    if action is ReviewAction.RETURN:
        notify_returned(disclosure, comment)
    return event


def set_management_plan(disclosure: Disclosure, plan: PlanTerms, actor: Person) -> ManagementPlan:
    """A new plan for the disclosure; an earlier one is kept, marked superseded."""
    previous = current_plan(disclosure)
    if previous is not None:
        previous.superseded_at = utcnow()
    record = ManagementPlan(
        disclosure_id=disclosure.id,
        conditions=plan.conditions.strip(),
        monitor_id=plan.monitor.id,
        review_on=plan.review_on,
        created_by_id=actor.id,
    )
    db.session.add(record)
    db.session.flush()
    return record


def acknowledge_plan(plan: ManagementPlan, disclosure: Disclosure, person: Person) -> None:
    if disclosure.person_id != person.id:
        raise TransitionRefused("Only the filer acknowledges their management plan.")
    if plan.acknowledged_at is None:
        plan.acknowledged_at = utcnow()
        plan.acknowledged_by_id = person.id
        db.session.flush()


def dispose_flag(
    flag: ItemFlag, disposition: Disposition, reason: str, actor: Person
) -> FlagDisposition:
    """The COI office's decision on a flag; clearing one needs a reason."""
    if not can_dispose_flags(actor):
        raise TransitionRefused("Only the COI office decides on flags.")
    if disposition is Disposition.CLEARED and not reason.strip():
        raise TransitionRefused("Say why the flag is not relevant.")
    record = FlagDisposition(
        flag_id=flag.id, disposition=disposition, reason=reason.strip(), decided_by_id=actor.id
    )
    db.session.add(record)
    db.session.flush()
    return record
