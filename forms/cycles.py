"""Forms for managing annual disclosure cycles."""

from __future__ import annotations

from wtforms import DateField, IntegerField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from forms.base import CandorForm
from forms.validators import NotBefore, SensibleDate


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
