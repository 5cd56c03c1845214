"""Personal access tokens for the JSON API: creating one."""

from __future__ import annotations

from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from app.api.scopes import Scope
from forms.base import CandorForm
from forms.choices import enum_choices

LONGEST_LIFETIME_DAYS = 366


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TokenForm(CandorForm):
    name = StringField(
        "What the token is for",
        description="For example: Grants system, nightly people sync.",
        validators=[DataRequired("Say what the token is for."), Length(max=100)],
    )
    scopes = CheckboxesField(
        "What it may do",
        choices=enum_choices(Scope),
        validators=[DataRequired("Choose at least one.")],
    )
    lifetime_days = IntegerField(
        "Days until it expires",
        default=90,
        validators=[
            InputRequired("Give a number of days."),
            NumberRange(1, LONGEST_LIFETIME_DAYS, f"Between 1 and {LONGEST_LIFETIME_DAYS} days."),
        ],
    )
