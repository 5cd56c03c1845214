"""A certified version's items, contracts, flags and findings, frozen as rows.

Submitting copies every live item into `version_item` (and its kind's table, built from
the same field mixin as the live item), so what was certified can be queried like any
other data and never changes. Flags are recorded against the version's items: a reviewer
decides on what the filer certified, not on a draft.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, enum_by_value, int_pk
from app.disclosures.contract_terms import ContractTerms
from app.disclosures.enums import ItemKind
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
from app.disclosures.models import Disclosure, DisclosureVersion
from app.organisations.models import Organisation
from app.screening.models import FlagFields


class VersionItem(KindFields, Base):
    """One item as it stood in a certified version."""

    __tablename__ = "version_item"

    id: Mapped[int_pk]
    version_id: Mapped[int] = mapped_column(ForeignKey("disclosure_version.id"), index=True)
    #: The live item it was frozen from: the same item across versions shares it.
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"), index=True)
    kind: Mapped[ItemKind] = mapped_column(enum_by_value(ItemKind))
    #: The registry record (for finding every relationship with an organisation) ...
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: ... and its name as certified, which a later rename or merge does not change.
    organisation_name: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    backed_by_contract: Mapped[bool] = mapped_column(default=False)

    version: Mapped[DisclosureVersion] = relationship()
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    contract: Mapped[VersionContract | None] = relationship(back_populates="item", lazy="selectin")

    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_on": "kind"}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} of version {self.version_id}>"

    @property
    def organisation_display(self) -> str:
        return self.organisation_name

    @property
    def disclosure(self) -> Disclosure:
        return self.version.disclosure

    @property
    def disclosure_id(self) -> int:
        return self.version.disclosure_id

    @classmethod
    def kind_columns(cls) -> list[str]:
        own_table = cls.__table__
        return [c.key for c in own_table.columns if c.key != "id"] if cls is not VersionItem else []


def _kind_pk() -> Mapped[int]:
    return mapped_column(ForeignKey("version_item.id", ondelete="CASCADE"), primary_key=True)


class FrozenFinancialInterest(FinancialInterestFields, VersionItem):
    __tablename__ = "version_financial_interest"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FINANCIAL_INTEREST
    }
    id: Mapped[int] = _kind_pk()


class FrozenOutsideActivity(OutsideActivityFields, VersionItem):
    __tablename__ = "version_outside_activity"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.OUTSIDE_ACTIVITY}
    id: Mapped[int] = _kind_pk()


class FrozenSupport(SupportFields, VersionItem):
    __tablename__ = "version_support"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SUPPORT}
    id: Mapped[int] = _kind_pk()


class FrozenOutsideCompensation(OutsideCompensationFields, VersionItem):
    __tablename__ = "version_outside_compensation"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.OUTSIDE_COMPENSATION
    }
    id: Mapped[int] = _kind_pk()


class FrozenInformalCollaboration(InformalCollaborationFields, VersionItem):
    __tablename__ = "version_informal_collaboration"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.INFORMAL_COLLABORATION
    }
    id: Mapped[int] = _kind_pk()


class FrozenForeignAppointment(ForeignAppointmentFields, VersionItem):
    __tablename__ = "version_foreign_appointment"
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "polymorphic_identity": ItemKind.FOREIGN_APPOINTMENT
    }
    id: Mapped[int] = _kind_pk()


class FrozenSponsoredTravel(SponsoredTravelFields, VersionItem):
    __tablename__ = "version_sponsored_travel"
    __mapper_args__: ClassVar[dict[str, Any]] = {"polymorphic_identity": ItemKind.SPONSORED_TRAVEL}
    id: Mapped[int] = _kind_pk()


FROZEN_CLASSES: dict[ItemKind, type[VersionItem]] = {
    ItemKind.FINANCIAL_INTEREST: FrozenFinancialInterest,
    ItemKind.OUTSIDE_ACTIVITY: FrozenOutsideActivity,
    ItemKind.SUPPORT: FrozenSupport,
    ItemKind.OUTSIDE_COMPENSATION: FrozenOutsideCompensation,
    ItemKind.INFORMAL_COLLABORATION: FrozenInformalCollaboration,
    ItemKind.FOREIGN_APPOINTMENT: FrozenForeignAppointment,
    ItemKind.SPONSORED_TRAVEL: FrozenSponsoredTravel,
}


class VersionContract(ContractTerms, Base):
    """The contract behind a certified item, as certified."""

    __tablename__ = "version_contract"

    id: Mapped[int_pk]
    version_item_id: Mapped[int] = mapped_column(ForeignKey("version_item.id"), unique=True)
    #: The live contract it was frozen from (one contract across versions shares it).
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    counterparty_name: Mapped[str] = mapped_column(String(300))
    #: The request for general counsel's advice the contract was linked to when certified.
    advice_id: Mapped[int | None] = mapped_column(ForeignKey("advice_request.id"))

    item: Mapped[VersionItem] = relationship(back_populates="contract")

    def __repr__(self) -> str:
        return f"<VersionContract {self.id} item {self.version_item_id}>"


class VersionFlag(FlagFields, Base):
    """A flag on a certified item: what reviewers see and decide on."""

    __tablename__ = "version_flag"

    id: Mapped[int_pk]
    version_item_id: Mapped[int] = mapped_column(ForeignKey("version_item.id"))

    item: Mapped[VersionItem] = relationship()

    __table_args__ = (
        Index("ix_version_flag_version_item_id_cleared_at", "version_item_id", "cleared_at"),
        Index("ix_version_flag_category_severity", "category", "severity"),
    )

    def __repr__(self) -> str:
        return f"<VersionFlag {self.id} {self.category} on {self.version_item_id}>"


class VersionFinding(Base):
    """A check's finding on what was certified, with the filer's note when it warned."""

    __tablename__ = "version_finding"

    id: Mapped[int_pk]
    version_id: Mapped[int] = mapped_column(ForeignKey("disclosure_version.id"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(10))
    #: The version items it concerns.
    item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: What the filer wrote when acknowledging a warning (reviewers read it).
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[created_at]

    def __repr__(self) -> str:
        return f"<VersionFinding {self.rule} on version {self.version_id}>"
