"""Reviewers' forms: an action on a disclosure, a comment, a flag disposition."""

from __future__ import annotations

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.review.models import CommentVisibility, Disposition, ReviewAction
from forms.base import CandorForm
from forms.choices import enum_choices
from forms.validators import RequiredWhen, SensibleDate

#: The decision control's first option: nothing is chosen until the reviewer chooses.
NO_DECISION = "Choose a decision…"


def id_or_none(value: object) -> int | None:
    """A chosen person's id; None for the empty first option."""
    return None if value in ("", None) else int(value)


class ReviewActionForm(CandorForm):
    """A decision. No action is preselected, so pressing the button twice, or after a
    refusal, never takes a decision nobody chose."""

    action = SelectField(
        "Decision",
        choices=enum_choices(ReviewAction, blank=NO_DECISION),
        validators=[InputRequired("Choose a decision.")],
    )
    seen_version = IntegerField(
        widget=HiddenField.widget, validators=[InputRequired("Reload the page and try again.")]
    )
    comment = TextAreaField(
        "Comment",
        validators=[Optional(), Length(max=10000)],
        description=(
            "Required when returning, disapproving or reopening a decision; the filer sees it."
        ),
    )
    visibility = SelectField(
        "Who sees the comment",
        choices=enum_choices(CommentVisibility),
        default=CommentVisibility.FILER.value,
    )
    plan_conditions = TextAreaField(
        "Management plan: conditions",
        validators=[
            RequiredWhen(
                "action",
                ReviewAction.APPROVE_WITH_PLAN.value,
                "Describe the conditions of the plan.",
            ),
            Optional(),
            Length(max=10000),
        ],
    )
    #: Choices (the COI office and department heads) are set by the view.
    plan_monitor_id = SelectField(
        "Monitor",
        coerce=id_or_none,
        choices=[],
        validators=[
            RequiredWhen(
                "action", ReviewAction.APPROVE_WITH_PLAN.value, "Choose who monitors the plan."
            ),
            Optional(),
        ],
    )
    plan_review_on = DateField(
        "Plan review date",
        validators=[
            RequiredWhen(
                "action",
                ReviewAction.APPROVE_WITH_PLAN.value,
                "Give the date the plan is next reviewed.",
            ),
            Optional(),
            SensibleDate(),
        ],
    )
    #: Pressed on the confirmation page: only then is an approval or disapproval taken.
    confirm = SubmitField("Confirm")
    #: Pressed on the confirmation page to return to the form with everything as typed.
    change = SubmitField("Go back and change")


class CommentForm(CandorForm):
    body = TextAreaField(
        "Comment", validators=[DataRequired("Write the comment."), Length(max=10000)]
    )
    visibility = RadioField(
        "Who sees it",
        choices=enum_choices(CommentVisibility),
        default=CommentVisibility.REVIEWERS.value,
    )


class DispositionForm(CandorForm):
    disposition = RadioField(
        "Decision",
        choices=enum_choices(Disposition),
        validators=[DataRequired("Choose a decision.")],
    )
    reason = TextAreaField(
        "Reason",
        validators=[
            RequiredWhen(
                "disposition", Disposition.CLEARED.value, "Say why the flag is not relevant."
            ),
            Optional(),
            Length(max=5000),
        ],
    )
