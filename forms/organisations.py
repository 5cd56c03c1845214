"""Forms for curating organisation records: search, edit, merge."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.organisations.models import OrganisationType
from forms.base import CandorForm
from forms.choices import country_choices, enum_choices


def optional_int(value: Any) -> int | None:
    """Coerce a select's value: the empty "choose…" option means no choice."""
    return int(value) if value not in (None, "") else None


class OrganisationEditForm(CandorForm):
    name = StringField(
        "Name", validators=[DataRequired(message="Name the organisation."), Length(max=300)]
    )
    country = SelectField("Country", choices=country_choices, validators=[Optional()])
    org_type = SelectField(
        "Type",
        choices=enum_choices(OrganisationType),
        coerce=OrganisationType,
    )
    verified = BooleanField("Verified against an authoritative source")
    submit = SubmitField("Save")


class MergeForm(CandorForm):
    """Merge this record into another (the survivor), picked from the possible duplicates
    or found by its number or exact name."""

    #: Choices are the possible duplicates, set by the view.
    survivor_id = SelectField(
        "Possible duplicate to keep", coerce=optional_int, validators=[Optional()]
    )
    survivor = StringField(
        "Or the organisation to keep, by number or name",
        validators=[Optional(), Length(max=300)],
        render_kw={"list": "organisation-names", "autocomplete": "off"},
    )
    submit = SubmitField("Merge into the organisation to keep")

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        chosen = self.survivor_id.data is not None
        typed = bool((self.survivor.data or "").strip())
        if chosen == typed:
            self.survivor.errors.append(
                "Choose a possible duplicate or give a number or name, not both."
                if chosen
                else "Choose the organisation to keep, or give its number or name."
            )
            return False
        return True
