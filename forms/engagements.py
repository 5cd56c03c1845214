"""Forms of engagement proposals: starting one, the proposal itself, a review step, a
comment, a draft agreement."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.disclosures.enums import YesNoUnknown
from app.engagements.enums import CommentAudience, EngagementAction, EngagementKind, SharedThing
from forms.base import CandorForm
from forms.choices import country_choices, currency_choices, enum_choices
from forms.validators import NotBefore, SensibleDate

LONG_TEXT = [Optional(), Length(max=10000)]
#: A hint for the browser's file picker only: the server judges files by their content.
ACCEPTED_EXTENSIONS = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text area, stripped, without repeats."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        if line.strip():
            seen.setdefault(" ".join(line.split()), None)
    return list(seen)


def optional_int(value: object) -> int | None:
    """A chosen id, or None for the blank option (an unknown id is the operation's refusal)."""
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        raise ValueError("Choose one of the people offered.") from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StartProposalForm(CandorForm):
    kind = SelectField(
        "What kind of engagement",
        choices=enum_choices(EngagementKind, blank="Choose…"),
        validators=[DataRequired("Choose the kind of engagement.")],
    )


class ProposalForm(CandorForm):
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    partners = TextAreaField(
        "Partner organisations",
        validators=LONG_TEXT,
        description="One per line; each is screened against the watchlist when you save.",
    )
    country = SelectField("Country", choices=country_choices(), validators=[Optional()])
    colleagues = TextAreaField(
        "Colleagues at the university",
        validators=LONG_TEXT,
        description="Their e-mail addresses, one per line.",
    )
    outsiders = TextAreaField(
        "People outside the university",
        validators=LONG_TEXT,
        description="One per line: name, then a comma and their affiliation.",
    )
    visitor_employer = StringField(
        "Visitor's current employer",
        validators=[Optional(), Length(max=300)],
        description="Visiting researchers and postdocs: the institution employing them now.",
    )
    visitor_prior_affiliations = TextAreaField(
        "Visitor's earlier affiliations", validators=LONG_TEXT, description="One per line."
    )
    starts_on = DateField("Planned start", validators=[Optional(), SensibleDate()])
    ends_on = DateField(
        "Planned end", validators=[Optional(), SensibleDate(), NotBefore("starts_on")]
    )
    funding_amount = DecimalField(
        "Funding", places=2, validators=[Optional(), NumberRange(min=0, max=10**11)]
    )
    funding_currency = SelectField("Currency", choices=currency_choices(), default="USD")
    funding_recipient = StringField(
        "Who receives the funding", validators=[Optional(), Length(max=300)]
    )
    shared = MultiCheckboxField("What will be shared", choices=enum_choices(SharedThing))
    export_controlled = SelectField(
        "Export-controlled or sensitive work",
        choices=enum_choices(YesNoUnknown, blank="Choose…"),
        validators=[Optional()],
    )
    description = TextAreaField("What the engagement is", validators=LONG_TEXT)
    benefits_specific = TextAreaField(
        "Benefits of working with this entity specifically", validators=LONG_TEXT
    )
    benefits_broader = TextAreaField(
        "Broader benefits to the university, the research community and the nation",
        validators=LONG_TEXT,
    )
    benefits_unique = TextAreaField(
        "Are these benefits unique to this partner? Why?", validators=LONG_TEXT
    )
    risk_ip = TextAreaField("Risks: intellectual property", validators=LONG_TEXT)
    risk_export_control = TextAreaField("Risks: export control", validators=LONG_TEXT)
    risk_data_security = TextAreaField("Risks: data security", validators=LONG_TEXT)
    risk_national_security = TextAreaField("Risks: national security", validators=LONG_TEXT)
    risk_economic = TextAreaField("Risks: economic competitiveness", validators=LONG_TEXT)
    risk_human_rights = TextAreaField(
        "Risks: political, civil and human rights", validators=LONG_TEXT
    )
    risk_of_not_doing = TextAreaField("Risks of not doing it", validators=LONG_TEXT)
    norms_confirmed = BooleanField(
        "I have told my research group the norms for sharing information, samples and "
        "equipment outside the group."
    )

    def validate_outsiders(self, field: TextAreaField) -> None:
        for number, line in enumerate(lines(field.data), start=1):
            name = line.split(",", 1)[0].strip()
            if not name or len(name) > 200:
                raise ValidationError(f"Line {number}: start with the person's name.")

    def validate_partners(self, field: TextAreaField) -> None:
        for number, line in enumerate(lines(field.data), start=1):
            if len(line) > 300:
                raise ValidationError(f"Line {number}: a name is at most 300 characters.")

    def outsider_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in lines(self.outsiders.data):
            name, _, affiliation = line.partition(",")
            pairs.append((name.strip(), affiliation.strip()[:300]))
        return pairs


class ReviewStepForm(CandorForm):
    action = SelectField("Decision", choices=enum_choices(EngagementAction))
    comment = TextAreaField(
        "Comment",
        validators=LONG_TEXT,
        description="Required when returning or declining; the PI sees it.",
    )
    audience = SelectField(
        "Who sees the comment", choices=enum_choices(CommentAudience), default="pi"
    )
    risk_assessment = TextAreaField("Risk assessment", validators=LONG_TEXT)
    proposed_conditions = TextAreaField("Proposed conditions", validators=LONG_TEXT)
    justification = TextAreaField(
        "Justification for deciding otherwise than the red line",
        validators=LONG_TEXT,
        description="Only when approving a proposal that is not permitted under policy.",
    )
    conditions = TextAreaField("Conditions of approval", validators=LONG_TEXT)
    #: Choices (the COI office and department heads) are set by the view.
    monitor_id = SelectField("Monitor", coerce=optional_int, choices=[], validate_choice=False)
    review_on = DateField("Conditions reviewed on", validators=[Optional(), SensibleDate()])


class EngagementCommentForm(CandorForm):
    body = TextAreaField(
        "Comment", validators=[DataRequired("Write the comment."), Length(max=10000)]
    )
    audience = SelectField("Who sees it", choices=enum_choices(CommentAudience), default="pi")


class DocumentForm(CandorForm):
    file = FileField(
        "Draft agreement",
        validators=[FileRequired("Choose a file to upload.")],
        render_kw={"accept": ACCEPTED_EXTENSIONS},
    )
