"""Forms for filing: one per item kind, plus starting, certifying and delegating.

Every item form shares the organisation and country fields; the kinds that can be backed
by a contract share the contract fields. Only what really differs is written per kind.
"""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from app.disclosures.enums import (
    ActivityRole,
    AppointmentType,
    CollaborationNature,
    CompensationNature,
    EntityType,
    FundsRoute,
    HeldBy,
    InterestRelationship,
    ItemKind,
    SponsorType,
    SupportStatus,
    ValueBand,
    YesNoUnknown,
)
from forms.base import CandorForm
from forms.choices import country_choices, currency_choices, enum_choices, options
from forms.numbers import FiguresField, money_field, number_field
from forms.validators import NotBefore, RequiredWhen, SensibleDate

CONTRACT_TYPES = options(
    [
        ("", "Choose a type…"),
        ("Consulting agreement", "Consulting agreement"),
        ("Employment contract", "Employment contract"),
        ("Appointment letter", "Appointment letter"),
        ("Grant or award agreement", "Grant or award agreement"),
        ("Licence or royalty agreement", "Licence or royalty agreement"),
        ("Board or advisory agreement", "Board or advisory agreement"),
        ("Non-disclosure agreement", "Non-disclosure agreement"),
        ("Other", "Other"),
    ]
)


def required(message: str) -> DataRequired:
    return DataRequired(message=message)


def text(label: str, max_length: int = 5000, **kwargs: object) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=max_length)], **kwargs)


def organisation_field(label: str, message: str) -> StringField:
    """The organisation an item names; suggestions come from the shared records."""
    return StringField(
        label,
        validators=[required(message), Length(max=300)],
        render_kw={"list": "organisation-names", "autocomplete": "off"},
    )


def months_field(label: str) -> FiguresField:
    """Person-months of effort: NIH's calendar, academic and summer months."""
    return number_field(
        label, 0, 12, Optional(), places=2, message="Enter between 0 and 12 months.", default=0
    )


class ItemForm(CandorForm):
    """Fields every kind has."""

    kind: ItemKind
    organisation = organisation_field("Organisation", "Name the organisation.")
    country = SelectField(
        "Country", choices=country_choices, validators=[required("Choose the country.")]
    )


class ContractFields(ItemForm):
    """For the kinds that can be backed by a contract (which general counsel audits)."""

    backed_by_contract = BooleanField("This is backed by a signed contract or agreement")
    contract_counterparty = StringField(
        "Other party to the contract",
        validators=[Optional(), Length(max=300)],
        description="Leave empty if it is the organisation named above.",
        render_kw={"list": "organisation-names", "autocomplete": "off"},
    )
    contract_country = SelectField(
        "Other party's country", choices=country_choices, validators=[Optional()]
    )
    contract_type = SelectField(
        "Type of contract",
        choices=CONTRACT_TYPES,
        validators=[RequiredWhen("backed_by_contract", message="Choose the type of contract.")],
    )
    contract_signed_on = DateField(
        "Signed on",
        validators=[
            RequiredWhen("backed_by_contract", message="Give the signing date."),
            Optional(),
            SensibleDate(not_future=True),
        ],
    )
    contract_ends_on = DateField(
        "Contract ends on",
        validators=[Optional(), SensibleDate(), NotBefore("contract_signed_on")],
    )
    contract_ip_terms = text("Intellectual property terms", 2000)
    contract_confidentiality_terms = text("Confidentiality terms", 2000)
    contract_governing_law = StringField("Governing law", validators=[Optional(), Length(max=200)])


class FinancialInterestForm(ContractFields):
    kind = ItemKind.FINANCIAL_INTEREST
    organisation = organisation_field("Entity", "Name the entity.")
    entity_type = SelectField("Type of entity", choices=enum_choices(EntityType))
    relationship_type = SelectField("Relationship", choices=enum_choices(InterestRelationship))
    held_by = SelectField("Held by", choices=enum_choices(HeldBy))
    value_band = SelectField(
        "Value",
        choices=enum_choices(ValueBand),
        description="Remuneration in the past 12 months plus equity value.",
    )
    exact_amount = money_field("Exact amount (optional)", Optional())
    currency = SelectField("Currency", choices=currency_choices)
    related_to_responsibilities = BooleanField(
        "Related to my institutional responsibilities (research, teaching, service)"
    )
    acquired_on = DateField("Date acquired", validators=[Optional(), SensibleDate(True)])
    description = text("Description")

    def validate_exact_amount(self, field: FiguresField) -> None:
        """The bands are in US dollars, so only an amount in dollars can be checked."""
        if field.data is None or self.currency.data != "USD" or field.errors:
            return
        try:
            band = ValueBand(self.value_band.data)
        except ValueError:
            return
        low, high = band.bounds
        # A band runs up to the next band's lower bound: $4,999.50 is in "$0 to $4,999".
        if field.data < low or (high is not None and field.data >= high + 1):
            raise ValidationError(
                f"${field.data:,.2f} is not in the value band chosen ({band.label}). "
                "Change the amount or the band; the bands are in US dollars, so this is "
                "checked for amounts in USD only."
            )


class OutsideActivityForm(ContractFields):
    kind = ItemKind.OUTSIDE_ACTIVITY
    role = SelectField("Role", choices=enum_choices(ActivityRole))
    role_title = StringField("Title", validators=[Optional(), Length(max=200)])
    starts_on = DateField(
        "Start date", validators=[required("Give the start date."), SensibleDate()]
    )
    ends_on = DateField("End date", validators=[Optional(), SensibleDate(), NotBefore("starts_on")])
    days_per_year = number_field(
        "Days per year",
        0,
        366,
        InputRequired("Give the days per year (0 if none)."),
        message="Enter between 0 and 366 days.",
        places=1,
    )
    compensated = BooleanField("Compensated")
    amount = money_field(
        "Compensation per year",
        RequiredWhen("compensated", message="Give the compensation."),
        Optional(),
    )
    currency = SelectField("Currency", choices=currency_choices)
    funds_route = SelectField(
        "Where the money is paid", choices=enum_choices(FundsRoute), default="direct"
    )
    description = text("What the activity involves")


class SupportForm(ContractFields):
    kind = ItemKind.SUPPORT
    title = StringField(
        "Project title", validators=[required("Give the project title."), Length(max=500)]
    )
    organisation = organisation_field("Sponsor", "Name the sponsor.")
    sponsor_type = SelectField("Type of sponsor", choices=enum_choices(SponsorType))
    award_number = StringField("Award or proposal number", validators=[Optional(), Length(max=100)])
    status = SelectField("Status", choices=enum_choices(SupportStatus))
    starts_on = DateField(
        "Start date", validators=[required("Give the start date."), SensibleDate()]
    )
    ends_on = DateField(
        "End date",
        validators=[required("Give the end date."), SensibleDate(), NotBefore("starts_on")],
    )
    total_amount = money_field(
        "Total amount including indirect costs", InputRequired("Give the total amount.")
    )
    currency = SelectField("Currency", choices=currency_choices)
    calendar_months = months_field("Calendar months per year")
    academic_months = months_field("Academic months per year")
    summer_months = months_field("Summer months per year")
    objectives = text("Overall objectives")
    in_kind_description = text("In-kind contributions (space, equipment, supplies, staff)")
    in_kind_value = money_field("Estimated value of in-kind contributions", Optional())
    overlap_statement = text("Statement of overlap (scope, budget, effort)")
    place_of_performance = StringField(
        "Place of performance", validators=[Optional(), Length(max=300)]
    )
    funds_route = SelectField(
        "Where the money is paid", choices=enum_choices(FundsRoute), default="university"
    )

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        if (self.in_kind_description.data or "").strip() and self.in_kind_value.data is None:
            self.in_kind_value.errors.append("Estimate the value of the in-kind contributions.")
            return False
        return valid


class OutsideCompensationForm(ContractFields):
    kind = ItemKind.OUTSIDE_COMPENSATION
    organisation = organisation_field("Payer", "Name the payer.")
    amount = money_field("Amount", InputRequired("Give the amount."))
    currency = SelectField("Currency", choices=currency_choices)
    nature = SelectField("Nature", choices=enum_choices(CompensationNature))
    received_on = DateField(
        "Date", validators=[required("Give the date."), SensibleDate(not_future=True)]
    )
    payer_government_funded = SelectField(
        "Is the payer funded by a government?", choices=enum_choices(YesNoUnknown)
    )
    funds_route = SelectField(
        "Where the money is paid", choices=enum_choices(FundsRoute), default="direct"
    )
    description = text("Description")


class InformalCollaborationForm(ItemForm):
    kind = ItemKind.INFORMAL_COLLABORATION
    collaborator = StringField(
        "Collaborator", validators=[required("Name the collaborator."), Length(max=200)]
    )
    organisation = organisation_field("Collaborator's institution", "Name the institution.")
    nature = SelectField("Nature of the collaboration", choices=enum_choices(CollaborationNature))
    shared = text("What is shared (data, samples, equipment, students, funding)")
    since = DateField("Since", validators=[Optional(), SensibleDate(not_future=True)])


class ForeignAppointmentForm(ContractFields):
    kind = ItemKind.FOREIGN_APPOINTMENT
    organisation = organisation_field("Institution", "Name the institution.")
    title = StringField(
        "Title of the appointment", validators=[required("Give the title."), Length(max=300)]
    )
    appointment_type = SelectField("Appointment", choices=enum_choices(AppointmentType))
    program_name = StringField(
        "Program it is part of, if any", validators=[Optional(), Length(max=300)]
    )
    starts_on = DateField(
        "Start date", validators=[required("Give the start date."), SensibleDate()]
    )
    ends_on = DateField("End date", validators=[Optional(), SensibleDate(), NotBefore("starts_on")])
    amount = money_field(
        "Compensation per year",
        RequiredWhen(
            "appointment_type",
            AppointmentType.PAID.value,
            "Give the compensation of a paid appointment.",
        ),
        Optional(),
    )
    currency = SelectField("Currency", choices=currency_choices)
    funds_route = SelectField(
        "Where the money is paid", choices=enum_choices(FundsRoute), default="direct"
    )
    description = text("Duties and resources provided")


class SponsoredTravelForm(ItemForm):
    kind = ItemKind.SPONSORED_TRAVEL
    organisation = organisation_field("Sponsor", "Name the sponsor.")
    destination = StringField(
        "Destination (city)", validators=[required("Give the destination."), Length(max=200)]
    )
    country = SelectField(
        "Destination country", choices=country_choices, validators=[required("Choose the country.")]
    )
    departs_on = DateField(
        "Departure", validators=[required("Give the departure date."), SensibleDate()]
    )
    returns_on = DateField(
        "Return",
        validators=[required("Give the return date."), SensibleDate(), NotBefore("departs_on")],
    )
    purpose = TextAreaField(
        "Purpose", validators=[required("Give the purpose of the trip."), Length(max=2000)]
    )
    value = money_field("Value (if known)", Optional())
    currency = SelectField("Currency", choices=currency_choices)


ITEM_FORMS: dict[ItemKind, type[ItemForm]] = {
    form.kind: form
    for form in (
        FinancialInterestForm,
        OutsideActivityForm,
        SupportForm,
        OutsideCompensationForm,
        InformalCollaborationForm,
        ForeignAppointmentForm,
        SponsoredTravelForm,
    )
}


class StartAnnualForm(CandorForm):
    carry_forward = BooleanField("Start from last year's answers", default=True)


class StartEventForm(CandorForm):
    event_date = DateField(
        "Date of the new interest, activity or support",
        validators=[required("Give the date."), SensibleDate(True)],
    )
    summary = StringField(
        "In a few words, what is new",
        validators=[required("Say briefly what is new."), Length(max=300)],
    )


class TalentQuestionForm(CandorForm):
    answer = RadioField(
        "Are you a party to a foreign talent recruitment program?",
        choices=options([("no", "No"), ("yes", "Yes")]),
        validators=[required("Answer yes or no.")],
    )
    details = TextAreaField(
        "If yes: the program, who runs it, what it provides and what it asks of you",
        validators=[
            RequiredWhen("answer", "yes", "Describe the program."),
            Optional(),
            Length(max=5000),
        ],
    )


class SubmitForm(CandorForm):
    certified = BooleanField(
        "I certify the statement above", validators=[required("Tick the box to certify.")]
    )
    typed_name = StringField(
        "Type your full name to sign",
        validators=[required("Type your full name."), Length(max=200)],
    )


def submit_form_for(rules: list[str]) -> type[SubmitForm]:
    """The certification form with one required note per warning the filer must explain."""
    fields = {
        f"note_{rule}": TextAreaField(
            "Your explanation for the reviewers",
            validators=[required("Explain this to your reviewers."), Length(max=2000)],
        )
        for rule in rules
    }
    return type("SubmitWithNotesForm", (SubmitForm,), fields)


class DelegateForm(CandorForm):
    email = EmailField(
        "Assistant's email", validators=[required("Give the email."), Length(max=254)]
    )
