"""Disclosure items: one base table and one table per kind (joined-table inheritance).

What differs between kinds is only their columns (declared once in `item_fields.py`);
everything else (saving, screening, snapshots, rollups) works on the base and on each
kind's column list.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk, updated_at
from app.disclosures.enums import CarryForward, ItemKind
from app.disclosures.item_fields import (
    FinancialInterestFields,
    ForeignAppointmentFields,
    InformalCollaborationFields,
    KindFields,
    OutsideActivityFields,
    OutsideCompensationFields,
    SponsoredTravelFields,
    SupportFields,
)
from app.organisations.models import Organisation
from app.people.models import Person

if TYPE_CHECKING:
    from app.disclosures.contracts import Contract
    from app.disclosures.models import Disclosure


class DisclosureItem(KindFields, Base):
    __tablename__ = "disclosure_item"

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
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation else ""

    @classmethod
    def kind_columns(cls) -> list[str]:
        """This kind's own columns, in declaration order (forms, snapshots, rollups)."""
        own_table = cls.__table__
        return (
            [c.key for c in own_table.columns if c.key != "id"] if cls is not DisclosureItem else []
        )


def _kind_pk() -> Mapped[int]:
    return mapped_column(ForeignKey("disclosure_item.id", ondelete="CASCADE"), primary_key=True)


class FinancialInterest(FinancialInterestFields, DisclosureItem):
    __tablename__ = "financial_interest"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FINANCIAL_INTEREST
    }
    id: Mapped[int] = _kind_pk()


class OutsideActivity(OutsideActivityFields, DisclosureItem):
    __tablename__ = "outside_activity"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.OUTSIDE_ACTIVITY}
    id: Mapped[int] = _kind_pk()


class SupportItem(SupportFields, DisclosureItem):
    __tablename__ = "support_item"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SUPPORT}
    id: Mapped[int] = _kind_pk()


class OutsideCompensation(OutsideCompensationFields, DisclosureItem):
    __tablename__ = "outside_compensation"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.OUTSIDE_COMPENSATION
    }
    id: Mapped[int] = _kind_pk()


class InformalCollaboration(InformalCollaborationFields, DisclosureItem):
    __tablename__ = "informal_collaboration"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.INFORMAL_COLLABORATION
    }
    id: Mapped[int] = _kind_pk()


class ForeignAppointment(ForeignAppointmentFields, DisclosureItem):
    __tablename__ = "foreign_appointment"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FOREIGN_APPOINTMENT
    }
    id: Mapped[int] = _kind_pk()


class SponsoredTravel(SponsoredTravelFields, DisclosureItem):
    __tablename__ = "sponsored_travel"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SPONSORED_TRAVEL}
    id: Mapped[int] = _kind_pk()


ITEM_CLASSES: dict[ItemKind, type[DisclosureItem]] = {
    ItemKind.FINANCIAL_INTEREST: FinancialInterest,
    ItemKind.OUTSIDE_ACTIVITY: OutsideActivity,
    ItemKind.SUPPORT: SupportItem,
    ItemKind.OUTSIDE_COMPENSATION: OutsideCompensation,
    ItemKind.INFORMAL_COLLABORATION: InformalCollaboration,
    ItemKind.FOREIGN_APPOINTMENT: ForeignAppointment,
    ItemKind.SPONSORED_TRAVEL: SponsoredTravel,
}
