"""The notifications feature listening: each signal another feature sends becomes the
mail the people concerned must get. Filing and review never import this package.

Receivers run in the sender's transaction (app/signals.py), so a refused or failed action
leaves no mail behind.
"""

from __future__ import annotations

from typing import Any

from app.disclosures.models import Disclosure, DisclosureVersion
from app.notifications.decisions import (
    notify_escalated,
    notify_filer_of_decision,
    notify_plan_to_acknowledge,
)
from app.notifications.operations import (
    notify_new_flags,
    notify_submission_receipt,
    notify_submitted,
)
from app.review.models import (
    CommentVisibility,
    ManagementPlan,
    ReviewAction,
    ReviewComment,
    ReviewEvent,
)
from app.screening.models import FlagFields
from app.signals import (
    disclosure_submitted,
    flags_raised,
    plan_set,
    review_decided,
    review_reopened,
)


def on_submitted(
    sender: Any, disclosure: Disclosure, version: DisclosureVersion, **extra: Any
) -> None:
    notify_submission_receipt(disclosure, version.number)
    notify_submitted(disclosure, version.number)


def on_flags_raised(
    sender: Any, disclosure: Disclosure, flags: list[FlagFields], **extra: Any
) -> None:
    notify_new_flags(flags, disclosure)


def on_review_decided(
    sender: Any,
    disclosure: Disclosure,
    event: ReviewEvent,
    comment: ReviewComment | None = None,
    plan: ManagementPlan | None = None,
    **extra: Any,
) -> None:
    if event.action is ReviewAction.ESCALATE:
        notify_escalated(disclosure, event, escalated_by=sender)
        return
    # A comment for reviewers only stays out of the filer's mail.
    for_filer = comment.body if comment and comment.visibility is CommentVisibility.FILER else ""
    notify_filer_of_decision(disclosure, event, for_filer, plan)


def on_review_reopened(
    sender: Any, disclosure: Disclosure, event: ReviewEvent, reason: str, **extra: Any
) -> None:
    notify_filer_of_decision(disclosure, event, reason)


def on_plan_set(sender: Any, disclosure: Disclosure, plan: ManagementPlan, **extra: Any) -> None:
    notify_plan_to_acknowledge(disclosure, plan)


def connect_receivers() -> None:
    """Subscribe; connecting again (another app in the same process) changes nothing."""
    disclosure_submitted.connect(on_submitted)
    flags_raised.connect(on_flags_raised)
    review_decided.connect(on_review_decided)
    review_reopened.connect(on_review_reopened)
    plan_set.connect(on_plan_set)
