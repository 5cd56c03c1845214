"""Disclosure items: one base table and one table per kind (joined-table inheritance).

What differs between kinds is only their columns; everything else (saving, screening,
snapshots, rollups) works on the base and on each kind's column list.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk, updated_at
from app.disclosures.enums import (
    ActivityRole,
    AppointmentType,
    CarryForward,
    CollaborationNature,
    CompensationNature,
    EntityType,
    HeldBy,
    InterestRelationship,
    ItemKind,
    SponsorType,
    SupportStatus,
    ValueBand,
    YesNoUnknown,
)
from app.organisations.models import Organisation
from app.people.models import Person

if TYPE_CHECKING:
    from app.disclosures.contracts import Contract
    from app.disclosures.models import Disclosure

Money = Numeric(14, 2)
Months = Numeric(4, 2)


def currency_column() -> Mapped[str]:
    return mapped_column(String(3), default="USD", server_default="USD")


class DisclosureItem(Base):
    __tablename__ = "disclosure_item"

    #: What the linked organisation is called on this kind's form.
    organisation_label: ClassVar[str] = "Organisation"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosure.id"), index=True)
    kind: Mapped[ItemKind] = mapped_column(enum_by_value(ItemKind))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: ISO 3166 alpha-2 code of the organisation's (or destination's) country.
    country: Mapped[str] = mapped_column(String(2), default="")
    backed_by_contract: Mapped[bool] = mapped_column(default=False)
    carried_forward_from_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_item.id"))
    carry_forward: Mapped[CarryForward] = mapped_column(
        enum_by_value(CarryForward), default=CarryForward.NONE
    )
    #: Removed by the filer; kept so that history stays whole.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    disclosure: Mapped[Disclosure] = relationship(back_populates="items")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[Person] = relationship(foreign_keys=[updated_by_id])
    contract: Mapped[Contract | None] = relationship(back_populates="item", lazy="selectin")

    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_on": "kind"}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"

    @property
    def summary(self) -> str:
        return self.organisation.name if self.organisation else ItemKind(self.kind).label

    def text_fields(self) -> dict[str, str]:
        """Free-text values of this kind, by field name (for screening)."""
        return {}

    @classmethod
    def kind_columns(cls) -> list[str]:
        """This kind's own columns, in declaration order (forms, snapshots, rollups)."""
        own_table = cls.__table__
        return (
            [c.key for c in own_table.columns if c.key != "id"] if cls is not DisclosureItem else []
        )


def _kind_pk() -> Mapped[int]:
    return mapped_column(ForeignKey("disclosure_item.id", ondelete="CASCADE"), primary_key=True)


class FinancialInterest(DisclosureItem):
    __tablename__ = "financial_interest"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FINANCIAL_INTEREST
    }
    organisation_label = "Entity"

    id: Mapped[int] = _kind_pk()
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


class OutsideActivity(DisclosureItem):
    __tablename__ = "outside_activity"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.OUTSIDE_ACTIVITY}

    id: Mapped[int] = _kind_pk()
    role: Mapped[ActivityRole] = mapped_column(enum_by_value(ActivityRole))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    days_per_year: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    compensated: Mapped[bool] = mapped_column(default=False)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {"role_title": self.role_title, "description": self.description}


class SupportItem(DisclosureItem):
    __tablename__ = "support_item"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SUPPORT}
    organisation_label = "Sponsor"

    id: Mapped[int] = _kind_pk()
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


class OutsideCompensation(DisclosureItem):
    __tablename__ = "outside_compensation"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.OUTSIDE_COMPENSATION
    }
    organisation_label = "Payer"

    id: Mapped[int] = _kind_pk()
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    nature: Mapped[CompensationNature] = mapped_column(enum_by_value(CompensationNature))
    received_on: Mapped[date]
    payer_government_funded: Mapped[YesNoUnknown] = mapped_column(enum_by_value(YesNoUnknown))
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {"description": self.description}


class InformalCollaboration(DisclosureItem):
    __tablename__ = "informal_collaboration"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.INFORMAL_COLLABORATION
    }
    organisation_label = "Institution"

    id: Mapped[int] = _kind_pk()
    #: The collaborator's name is recorded but never screened: a name is no affiliation.
    collaborator: Mapped[str] = mapped_column(String(200))
    nature: Mapped[CollaborationNature] = mapped_column(enum_by_value(CollaborationNature))
    shared: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None]

    @property
    def summary(self) -> str:
        org = self.organisation.name if self.organisation else ""
        return f"{self.collaborator} ({org})" if org else self.collaborator

    def text_fields(self) -> dict[str, str]:
        return {"shared": self.shared}


class ForeignAppointment(DisclosureItem):
    __tablename__ = "foreign_appointment"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FOREIGN_APPOINTMENT
    }
    organisation_label = "Institution"

    id: Mapped[int] = _kind_pk()
    title: Mapped[str] = mapped_column(String(300))
    appointment_type: Mapped[AppointmentType] = mapped_column(enum_by_value(AppointmentType))
    program_name: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()
    description: Mapped[str] = mapped_column(Text, default="")

    def text_fields(self) -> dict[str, str]:
        return {
            "title": self.title,
            "program_name": self.program_name,
            "description": self.description,
        }


class SponsoredTravel(DisclosureItem):
    __tablename__ = "sponsored_travel"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SPONSORED_TRAVEL}
    organisation_label = "Sponsor"

    id: Mapped[int] = _kind_pk()
    destination: Mapped[str] = mapped_column(String(200))
    departs_on: Mapped[date]
    returns_on: Mapped[date]
    purpose: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = currency_column()

    def text_fields(self) -> dict[str, str]:
        return {"destination": self.destination, "purpose": self.purpose}


ITEM_CLASSES: dict[ItemKind, type[DisclosureItem]] = {
    ItemKind.FINANCIAL_INTEREST: FinancialInterest,
    ItemKind.OUTSIDE_ACTIVITY: OutsideActivity,
    ItemKind.SUPPORT: SupportItem,
    ItemKind.OUTSIDE_COMPENSATION: OutsideCompensation,
    ItemKind.INFORMAL_COLLABORATION: InformalCollaboration,
    ItemKind.FOREIGN_APPOINTMENT: ForeignAppointment,
    ItemKind.SPONSORED_TRAVEL: SponsoredTravel,
}
