"""Mail about what happened to a disclosure in review: the filer hears of every decision
on it (and of a plan to acknowledge), the COI office of every escalation.

Like every notification, these only add rows to the outbox in the caller's transaction.
Subjects say what happened in words; bodies carry the reviewer's comment only when it
was written for the filer, and never flagged text or item details.
"""

from __future__ import annotations

from app.disclosures.models import Disclosure
from app.notifications.models import OutboxMessage
from app.notifications.operations import (
    SUBJECT_PREFIX,
    disclosure_link,
    enqueue,
    queued,
    render_mail,
)
from app.notifications.queries import coi_office
from app.people.models import Person
from app.review.models import ManagementPlan, ReviewAction, ReviewEvent

#: What the filer is told of each decision: the mail template and the subject's words.
FILER_MAIL: dict[ReviewAction, tuple[str, str]] = {
    ReviewAction.APPROVE: ("approved", "Approved"),
    ReviewAction.APPROVE_WITH_PLAN: ("approved_with_plan", "Approved with a management plan"),
    ReviewAction.DISAPPROVE: ("disapproved", "Disapproved"),
    ReviewAction.RETURN: ("returned", "Returned for revision"),
    ReviewAction.REOPEN: ("reopened", "Decision reopened for review"),
}


def notify_filer_of_decision(
    disclosure: Disclosure,
    event: ReviewEvent,
    comment_text: str = "",
    plan: ManagementPlan | None = None,
) -> OutboxMessage | None:
    """Tell the filer what was decided, with the comment meant for them and the plan."""
    if event.action not in FILER_MAIL:
        return None
    template, what = FILER_MAIL[event.action]
    filer = disclosure.person
    text, html = render_mail(
        template,
        recipient=filer,
        disclosure=disclosure,
        comment_text=comment_text.strip(),
        plan=plan,
        link=disclosure_link(disclosure),
    )
    subject = f"{SUBJECT_PREFIX} {what}: {disclosure.title}"
    # One mail per decision: a disclosure reopened and decided again is told again.
    key = f"{template}:disclosure-{disclosure.id}:event-{event.id}"
    return enqueue(filer, subject, text, html, key)


def notify_escalated(
    disclosure: Disclosure, event: ReviewEvent, escalated_by: Person
) -> list[OutboxMessage]:
    """Tell the COI office that a head passed a disclosure to them to decide."""
    filer = disclosure.person
    subject = f"{SUBJECT_PREFIX} Escalated to the COI office: {disclosure.title}, {filer.full_name}"
    link = disclosure_link(disclosure)
    messages = []
    for person in coi_office():
        if person.id == escalated_by.id:
            continue
        text, html = render_mail(
            "escalated",
            recipient=person,
            filer=filer,
            escalated_by=escalated_by,
            disclosure=disclosure,
            link=link,
        )
        key = f"escalated:disclosure-{disclosure.id}:event-{event.id}:coi-{person.id}"
        messages.append(enqueue(person, subject, text, html, key))
    return queued(messages)


def notify_plan_to_acknowledge(
    disclosure: Disclosure, plan: ManagementPlan
) -> OutboxMessage | None:
    """Ask the filer to read and acknowledge a management plan set on their disclosure."""
    filer = disclosure.person
    text, html = render_mail(
        "plan_to_acknowledge",
        recipient=filer,
        disclosure=disclosure,
        plan=plan,
        link=disclosure_link(disclosure),
    )
    subject = f"{SUBJECT_PREFIX} A management plan to acknowledge: {disclosure.title}"
    key = f"plan-to-acknowledge:plan-{plan.id}"
    return enqueue(filer, subject, text, html, key)
