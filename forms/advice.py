"""Forms of requests for general counsel's advice."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from forms.base import CandorForm
from forms.choices import country_choices


class AdviceRequestForm(CandorForm):
    subject = StringField(
        "What the contract is",
        validators=[DataRequired("Say what the contract is."), Length(max=300)],
    )
    counterparty = StringField(
        "The other party",
        validators=[DataRequired("Name the other party."), Length(max=300)],
    )
    country = SelectField(
        "Their country", choices=country_choices(), validators=[DataRequired("Choose the country.")]
    )
    question = TextAreaField(
        "Your question to counsel",
        validators=[DataRequired("Write your question."), Length(max=20000)],
    )


class AdviceForm(CandorForm):
    advice = TextAreaField(
        "Counsel's advice", validators=[DataRequired("Write the advice."), Length(max=50000)]
    )


class LinkContractForm(CandorForm):
    #: The requester's contracts on disclosures in progress, set by the view.
    contract_id = SelectField(
        "The contract you are disclosing",
        coerce=int,
        choices=[],
        validate_choice=False,
        validators=[DataRequired("Choose the contract.")],
    )
