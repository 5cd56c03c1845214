"""What the disclosure page shows about review, for whoever is looking at it, and what
the decision and confirmation pages show about the decision being taken."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.auth.permissions import (
    can_comment,
    can_dispose_flags,
    can_see_reviewer_comments,
    is_reviewer_of,
    review_actions_for,
)
from app.disclosures.models import Disclosure
from app.extensions import db
from app.people.models import Person, RoleGrant
from app.people.roles import Role
from app.record.models import VersionFlag
from app.record.queries import open_flags_of_version
from app.review.models import (
    FlagDisposition,
    ManagementPlan,
    ReviewAction,
    ReviewComment,
    ReviewEvent,
)
from app.review.queries import (
    comments_for,
    current_plan,
    flag_standing,
    history_of,
    latest_dispositions,
)
from app.review.states import FlagStanding
from forms.choices import options
from forms.review import NO_DECISION, CommentForm, DispositionForm, ReviewActionForm


@dataclass
class ReviewPanel:
    is_reviewer: bool
    actions: list[ReviewAction]
    comments: list[ReviewComment]
    history: list[ReviewEvent]
    plan: ManagementPlan | None
    standing: FlagStanding
    dispositions: dict[int, FlagDisposition]
    can_dispose: bool
    can_comment: bool
    action_form: ReviewActionForm | None = None
    comment_form: CommentForm | None = None
    disposition_form: DispositionForm | None = None
    flag_ids: list[int] = field(default_factory=list)


def monitor_choices() -> list[tuple[int, str]]:
    people = db.session.scalars(
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.role.in_([Role.COI_OFFICE, Role.DEPARTMENT_HEAD]), Person.active.is_(True))
        .order_by(Person.full_name)
        .distinct()
    )
    return [(person.id, person.full_name) for person in people]


def action_form_for(disclosure: Disclosure, actions: list[ReviewAction]) -> ReviewActionForm:
    """The decision form offering exactly these actions, after an empty first choice.

    On a POST the form holds what was posted (Flask-WTF binds it), so a page rendered
    again after a refusal shows the choice, the comment and the plan as typed.
    """
    form = ReviewActionForm(seen_version=disclosure.lock_version)
    offer_actions(form, actions)
    # No one is preselected either: the monitor is chosen, never assumed.
    form.plan_monitor_id.choices = options(
        [("", "Choose who monitors the plan…"), *((str(i), n) for i, n in monitor_choices())]
    )
    return form


def offer_actions(form: ReviewActionForm, actions: list[ReviewAction]) -> None:
    form.action.choices = options([("", NO_DECISION), *((a.value, a.label) for a in actions)])


@dataclass(frozen=True)
class FlagLine:
    """An open flag as a decision page lists it: where it is and what was decided."""

    flag: VersionFlag
    item_summary: str
    disposition: FlagDisposition | None


@dataclass
class DecisionSummary:
    """What a reviewer sees before deciding: the disclosure's open flags and its plan."""

    flags: list[FlagLine]
    plan: ManagementPlan | None
    standing: FlagStanding
    actions: list[ReviewAction]


def decision_summary(viewer: Person, disclosure: Disclosure) -> DecisionSummary:
    flags = open_flags_of_version(disclosure.certified_version)
    decided = latest_dispositions([flag.id for flag in flags])
    return DecisionSummary(
        flags=[FlagLine(flag, flag.item.summary, decided.get(flag.id)) for flag in flags],
        plan=current_plan(disclosure),
        standing=flag_standing(disclosure),
        actions=review_actions_for(viewer, disclosure),
    )


def review_panel(viewer: Person, disclosure: Disclosure) -> ReviewPanel:
    reviewer = is_reviewer_of(viewer, disclosure) and viewer.id != disclosure.person_id
    flags = open_flags_of_version(disclosure.certified_version)
    panel = ReviewPanel(
        is_reviewer=reviewer,
        actions=review_actions_for(viewer, disclosure),
        comments=comments_for(disclosure, can_see_reviewer_comments(viewer, disclosure)),
        history=history_of(disclosure),
        plan=current_plan(disclosure),
        standing=flag_standing(disclosure),
        dispositions=latest_dispositions([f.id for f in flags]),
        can_dispose=can_dispose_flags(viewer) and reviewer,
        can_comment=can_comment(viewer, disclosure),
        flag_ids=[f.id for f in flags],
    )
    if panel.actions:
        panel.action_form = action_form_for(disclosure, panel.actions)
    if panel.can_comment:
        panel.comment_form = CommentForm()
    if panel.can_dispose:
        panel.disposition_form = DispositionForm()
    return panel
