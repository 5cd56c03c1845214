"""Forms for managing annual disclosure cycles (administrators and the COI office)."""

from __future__ import annotations

from wtforms import DateField, EmailField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.base import CandorForm
from forms.validators import NotBefore, SensibleDate


def reason_field(label: str, required: bool = False) -> TextAreaField:
    first = DataRequired(message="Give the reason.") if required else Optional()
    return TextAreaField(label, validators=[first, Length(max=2000)])


class CycleForm(CandorForm):
    year = IntegerField(
        "Year", validators=[InputRequired("Give the year."), NumberRange(2000, 2100)]
    )
    opens_on = DateField(
        "Opens on", validators=[DataRequired(message="Give the opening date."), SensibleDate()]
    )
    due_on = DateField(
        "Due on",
        validators=[
            DataRequired(message="Give the due date."),
            SensibleDate(),
            NotBefore("opens_on"),
        ],
    )
    #: Set by the confirmation page, once the person has read what opening will do.
    confirmed = HiddenField()


class CycleDatesForm(CandorForm):
    opens_on = DateField(
        "Opens on", validators=[DataRequired(message="Give the opening date."), SensibleDate()]
    )
    due_on = DateField(
        "Due on",
        validators=[
            DataRequired(message="Give the due date."),
            SensibleDate(),
            NotBefore("opens_on"),
        ],
    )
    reason = reason_field("Why (kept in the audit trail)")


class ExtendCycleForm(CandorForm):
    due_on = DateField(
        "New due date for everyone",
        validators=[DataRequired(message="Give the new due date."), SensibleDate()],
    )
    reason = reason_field("Why (told to faculty, kept in the audit trail)")


class CloseCycleForm(CandorForm):
    reason = reason_field("Why (kept in the audit trail)")


class ExtensionForm(CandorForm):
    email = EmailField(
        "Person's email",
        validators=[DataRequired(message="Give the person's email."), Length(max=254)],
    )
    due_on = DateField(
        "Their new due date",
        validators=[DataRequired(message="Give their new due date."), SensibleDate()],
    )
    reason = reason_field("Reason (told to the person, kept in the audit trail)", required=True)
