"""Each item kind's own fields, declared once.

A live item (what the filer edits) and its frozen copy in a certified version
(`app/record/models.py`) are built from the same mixin, so the two can never drift: a
field added to a kind appears in the draft, the certified record, screening and rollups.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import enum_by_value
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

Money = Numeric(14, 2)
Months = Numeric(4, 2)


def currency_column() -> Mapped[str]:
    return mapped_column(String(3), default="USD", server_default="USD")


def funds_route_column(default: FundsRoute) -> Mapped[FundsRoute]:
    """Where the money goes (foreign-funding reports count what the university receives)."""
    return mapped_column(
        enum_by_value(FundsRoute), default=default, server_default=default.value
    )


class KindFields:
    """What every kind offers the generic code; the kinds override what differs."""

    #: What the linked organisation is called on this kind's form.
    organisation_label = "Organisation"

    # `organisation_display`, the organisation's name as the item shows it, comes from the
    # base: the registry record's current name on a live item, the certified name on a
    # frozen one.

    @property
    def summary(self) -> str:
        return self.organisation_display or ItemKind(self.kind).label

    def text_fields(self) -> dict[str, str]:
        """Free-text values of this kind, by field name (for screening)."""
        return {}


class FinancialInterestFields(KindFields):
    organisation_label = "Entity"

    entity_type: Mapped[EntityType] = mapped_column(enum_by_value(EntityType))
    relationship_type: Mapped[InterestRelationship] = mapped_column(
        enum_by_value(InterestRelationship)
    )
    held_by: Mapped[HeldBy] = mapped_column(enum_by_value(HeldBy), default=HeldBy.SELF)
    value_band: Mapped[ValueBand] = mapped_column(enum_by_value(ValueBand))
    exact_amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    related_to_responsibilities: Mapped[bool] = mapped_column(default=False)
    acquired_on: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {"description": self.description}


class OutsideActivityFields(KindFields):
    role: Mapped[ActivityRole] = mapped_column(enum_by_value(ActivityRole))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    days_per_year: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    compensated: Mapped[bool] = mapped_column(default=False)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    funds_route: Mapped[FundsRoute] = funds_route_column(FundsRoute.DIRECT)
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {"role_title": self.role_title, "description": self.description}


class SupportFields(KindFields):
    organisation_label = "Sponsor"

    title: Mapped[str] = mapped_column(String(500))
    sponsor_type: Mapped[SponsorType] = mapped_column(enum_by_value(SponsorType))
    award_number: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[SupportStatus] = mapped_column(enum_by_value(SupportStatus))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    total_amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    calendar_months: Mapped[Decimal] = mapped_column(Months, default=Decimal(0))
    academic_months: Mapped[Decimal] = mapped_column(Months, default=Decimal(0))
    summer_months: Mapped[Decimal] = mapped_column(Months, default=Decimal(0))
    objectives: Mapped[str] = mapped_column(Text, default="")
    in_kind_description: Mapped[str] = mapped_column(Text, default="")
    in_kind_value: Mapped[Decimal | None] = mapped_column(Money)
    overlap_statement: Mapped[str] = mapped_column(Text, default="")
    place_of_performance: Mapped[str] = mapped_column(String(300), default="")
    funds_route: Mapped[FundsRoute] = funds_route_column(FundsRoute.UNIVERSITY)

    @property
    def summary(self) -> str:
        return self.title

    def text_fields(self) -> dict[str, str]:
        return {
            "title": self.title,
            "objectives": self.objectives,
            "in_kind_description": self.in_kind_description,
            "overlap_statement": self.overlap_statement,
            "place_of_performance": self.place_of_performance,
        }


class OutsideCompensationFields(KindFields):
    organisation_label = "Payer"

    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    nature: Mapped[CompensationNature] = mapped_column(enum_by_value(CompensationNature))
    received_on: Mapped[date]
    payer_government_funded: Mapped[YesNoUnknown] = mapped_column(enum_by_value(YesNoUnknown))
    funds_route: Mapped[FundsRoute] = funds_route_column(FundsRoute.DIRECT)
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {"description": self.description}


class InformalCollaborationFields(KindFields):
    organisation_label = "Institution"

    #: The collaborator's name is recorded but never screened: a name is no affiliation.
    collaborator: Mapped[str] = mapped_column(String(200))
    nature: Mapped[CollaborationNature] = mapped_column(enum_by_value(CollaborationNature))
    shared: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None]

    @property
    def summary(self) -> str:
        org = self.organisation_display
        return f"{self.collaborator} ({org})" if org else self.collaborator

    def text_fields(self) -> dict[str, str]:
        return {"shared": self.shared}


class ForeignAppointmentFields(KindFields):
    organisation_label = "Institution"

    title: Mapped[str] = mapped_column(String(300))
    appointment_type: Mapped[AppointmentType] = mapped_column(enum_by_value(AppointmentType))
    program_name: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    funds_route: Mapped[FundsRoute] = funds_route_column(FundsRoute.DIRECT)
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {
            "title": self.title,
            "program_name": self.program_name,
            "description": self.description,
        }


class SponsoredTravelFields(KindFields):
    organisation_label = "Sponsor"

    destination: Mapped[str] = mapped_column(String(200))
    departs_on: Mapped[date]
    returns_on: Mapped[date]
    purpose: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()

    def text_fields(self) -> dict[str, str]:
        return {"destination": self.destination, "purpose": self.purpose}
