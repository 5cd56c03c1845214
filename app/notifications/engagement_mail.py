"""Mail about engagement proposals and counsel's advice, sent when those features announce
a step (app/signals.py). Whoever must act next hears of it; the PI hears of every outcome.
Bodies carry a link and the step, never the proposal's contents."""

from __future__ import annotations

from typing import Any

from app.engagements.enums import CommentAudience, EngagementAction
from app.engagements.models import EngagementComment, EngagementEvent, EngagementProposal
from app.notifications.operations import SUBJECT_PREFIX, enqueue, link_to, render_mail
from app.notifications.queries import active_people_with_role, coi_office, department_heads
from app.people.models import Person
from app.people.roles import Role
from app.signals import advice_changed, engagement_commented, engagement_moved


def committee() -> list[Person]:
    """The elevated-risk committee, or the COI office where no one holds the role."""
    return active_people_with_role(Role.RISK_COMMITTEE) or coi_office()


def next_readers(proposal: EngagementProposal, action: EngagementAction) -> list[Person]:
    if action is EngagementAction.SUBMIT:
        return department_heads(proposal.pi.department_id) or coi_office()
    if action is EngagementAction.ENDORSE:
        return coi_office()
    if action is EngagementAction.REFER:
        return committee()
    return [proposal.pi]


@engagement_moved.connect
def mail_engagement_step(
    sender: Any, proposal: EngagementProposal, event: EngagementEvent, **extra: Any
) -> None:
    recipients = [p for p in next_readers(proposal, event.action) if p.id != sender.id]
    if proposal.pi_id != sender.id and proposal.pi not in recipients:
        recipients.append(proposal.pi)
    link = link_to("engagements.show", proposal_id=proposal.id)
    for person in recipients:
        text, html = render_mail(
            "engagement_step", recipient=person, proposal=proposal, event=event, link=link
        )
        subject = f"{SUBJECT_PREFIX} Engagement {proposal.id}: {event.to_status.label}"
        enqueue(person, subject, text, html, f"engagement-{event.id}:person-{person.id}")


@engagement_commented.connect
def mail_comment_to_pi(
    sender: Any, proposal: EngagementProposal, comment: EngagementComment, **extra: Any
) -> None:
    """A reviewer's comment meant for the PI reaches them; reviewers' notes stay quiet."""
    if comment.audience is not CommentAudience.PI or comment.author_id == proposal.pi_id:
        return
    link = link_to("engagements.show", proposal_id=proposal.id) + "#comments"
    text, html = render_mail(
        "engagement_comment", recipient=proposal.pi, proposal=proposal, comment=comment, link=link
    )
    subject = f"{SUBJECT_PREFIX} Comment on engagement {proposal.id}"
    enqueue(proposal.pi, subject, text, html, f"engagement-comment-{comment.id}")


@advice_changed.connect
def mail_advice_step(sender: Any, request: Any, **extra: Any) -> None:
    """Counsel hears of a new request; the requester hears that the advice is given."""
    from app.advice.models import AdviceStatus

    if request.status is AdviceStatus.OPEN:
        recipients = active_people_with_role(Role.GENERAL_COUNSEL)
    elif request.status is AdviceStatus.ADVISED:
        recipients = [request.requester]
    else:
        return
    link = link_to("advice.show", request_id=request.id)
    for person in recipients:
        text, html = render_mail("advice_step", recipient=person, request=request, link=link)
        subject = f"{SUBJECT_PREFIX} Request for advice {request.id}: {request.status.label}"
        enqueue(person, subject, text, html, f"advice-{request.id}-{request.status}:{person.id}")
