"""Search forms of general counsel's workspace (GET, no CSRF: they change nothing)."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from forms.base import SearchForm
from forms.choices import country_choices, options
from forms.validators import NotBefore, SensibleDate


class ContractSearchForm(SearchForm):
    department = StringField("Department code", validators=[Optional(), Length(max=32)])
    counterparty = StringField("Counterparty", validators=[Optional(), Length(max=300)])
    country = SelectField("Country", choices=country_choices, default="", validators=[Optional()])
    flagged = SelectField(
        "Flagged",
        choices=options([("", "Any"), ("yes", "Flagged"), ("no", "Not flagged")]),
        default="",
    )
    status = SelectField(
        "Contract status",
        choices=options([("", "Any"), ("active", "Active"), ("ended", "Ended")]),
        default="",
    )
    signed_from = DateField("Signed from", validators=[Optional(), SensibleDate()])
    signed_to = DateField(
        "Signed to", validators=[Optional(), SensibleDate(), NotBefore("signed_from")]
    )


class AuditSearchForm(SearchForm):
    person = StringField("Person (name or email)", validators=[Optional(), Length(max=254)])
    object_type = StringField("Object type", validators=[Optional(), Length(max=64)])
    object_id = StringField("Object id", validators=[Optional(), Length(max=64)])
    action = StringField("Action (e.g. disclosure.submit)", validators=[Optional(), Length(max=64)])
    date_from = DateField("From", validators=[Optional(), SensibleDate()])
    date_to = DateField("To", validators=[Optional(), SensibleDate(), NotBefore("date_from")])
