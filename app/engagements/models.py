"""A proposed engagement, the people and partners it names, its review history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk, updated_at
from app.disclosures.enums import YesNoUnknown
from app.engagements.enums import (
    CommentAudience,
    EngagementAction,
    EngagementKind,
    EngagementStatus,
    PersonRole,
    SharedThing,
)
from app.organisations.models import Organisation
from app.people.models import Person

engagement_partner = Table(
    "engagement_partner",
    Base.metadata,
    Column("proposal_id", ForeignKey("engagement_proposal.id"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True),
)

#: The PI's assessment of risks, one text per area the report names (column, label).
RISK_AREAS = (
    ("risk_ip", "Intellectual property"),
    ("risk_export_control", "Export control"),
    ("risk_data_security", "Data security"),
    ("risk_national_security", "National security"),
    ("risk_economic", "Economic competitiveness"),
    ("risk_human_rights", "Political, civil and human rights"),
)


class EngagementProposal(Base):
    __tablename__ = "engagement_proposal"

    id: Mapped[int_pk]
    pi_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[EngagementKind] = mapped_column(enum_by_value(EngagementKind))
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[EngagementStatus] = mapped_column(
        enum_by_value(EngagementStatus), default=EngagementStatus.DRAFT, index=True
    )
    #: ISO 3166 alpha-2 code of where the engagement is performed or the partner is based.
    country: Mapped[str] = mapped_column(String(2), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    funding_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_currency: Mapped[str] = mapped_column(String(3), default="USD")
    #: Who receives the funding: the university, the PI, the partner, a student ...
    funding_recipient: Mapped[str] = mapped_column(String(300), default="")
    #: SharedThing values.
    shared: Mapped[list[str]] = mapped_column(JSON, default=list)
    export_controlled: Mapped[YesNoUnknown | None] = mapped_column(enum_by_value(YesNoUnknown))
    description: Mapped[str] = mapped_column(Text, default="")
    benefits_specific: Mapped[str] = mapped_column(Text, default="")
    benefits_broader: Mapped[str] = mapped_column(Text, default="")
    benefits_unique: Mapped[str] = mapped_column(Text, default="")
    risk_ip: Mapped[str] = mapped_column(Text, default="")
    risk_export_control: Mapped[str] = mapped_column(Text, default="")
    risk_data_security: Mapped[str] = mapped_column(Text, default="")
    risk_national_security: Mapped[str] = mapped_column(Text, default="")
    risk_economic: Mapped[str] = mapped_column(Text, default="")
    risk_human_rights: Mapped[str] = mapped_column(Text, default="")
    risk_of_not_doing: Mapped[str] = mapped_column(Text, default="")
    #: The PI confirms the group was told the norms for sharing outside the group.
    norms_confirmed: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    #: A visiting researcher's current employer and earlier affiliations (screened).
    visitor_employer: Mapped[str] = mapped_column(String(300), default="")
    visitor_prior_affiliations: Mapped[str] = mapped_column(Text, default="")
    #: What screening found on the last save: Flag.to_dict() plus `subject` (who or what).
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The research-security review's assessment and proposed conditions.
    risk_assessment: Mapped[str] = mapped_column(Text, default="")
    proposed_conditions: Mapped[str] = mapped_column(Text, default="")
    #: Why the committee decided to permit what a red line forbids.
    override_justification: Mapped[str] = mapped_column(Text, default="")
    #: The certified item whose confirmed flag this proposal was opened from.
    source_item_id: Mapped[int | None] = mapped_column(ForeignKey("version_item.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    pi: Mapped[Person] = relationship(lazy="joined")
    partners: Mapped[list[Organisation]] = relationship(
        secondary=engagement_partner, order_by=Organisation.name
    )
    people: Mapped[list[EngagementPerson]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="EngagementPerson.id"
    )

    def __repr__(self) -> str:
        return f"<EngagementProposal {self.id} {self.kind} {self.status}>"

    @property
    def display_title(self) -> str:
        return self.title or f"{self.kind.label} proposal {self.id}"

    @property
    def shared_labels(self) -> list[str]:
        return [SharedThing(value).label for value in self.shared]


class EngagementPerson(Base):
    """Someone involved: a person of the university, or someone outside named in words."""

    __tablename__ = "engagement_person"

    id: Mapped[int_pk]
    proposal_id: Mapped[int] = mapped_column(ForeignKey("engagement_proposal.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[PersonRole] = mapped_column(enum_by_value(PersonRole))

    proposal: Mapped[EngagementProposal] = relationship(back_populates="people")
    person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<EngagementPerson {self.name!r} on {self.proposal_id}>"


class EngagementEvent(Base):
    """One step of a proposal's review, kept for its history."""

    __tablename__ = "engagement_event"

    id: Mapped[int_pk]
    proposal_id: Mapped[int] = mapped_column(ForeignKey("engagement_proposal.id"), index=True)
    action: Mapped[EngagementAction] = mapped_column(enum_by_value(EngagementAction))
    from_status: Mapped[EngagementStatus] = mapped_column(enum_by_value(EngagementStatus))
    to_status: Mapped[EngagementStatus] = mapped_column(enum_by_value(EngagementStatus))
    actor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]

    actor: Mapped[Person] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<EngagementEvent {self.proposal_id} {self.action}>"


class EngagementComment(Base):
    __tablename__ = "engagement_comment"

    id: Mapped[int_pk]
    proposal_id: Mapped[int] = mapped_column(ForeignKey("engagement_proposal.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[CommentAudience] = mapped_column(enum_by_value(CommentAudience))
    created_at: Mapped[created_at]

    author: Mapped[Person] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<EngagementComment {self.id} on {self.proposal_id}>"


class EngagementDocument(Base):
    """A draft agreement attached to a proposal or to a request for counsel's advice;
    stored like disclosure attachments (content-detected, random name, outside the web root)."""

    __tablename__ = "engagement_document"

    id: Mapped[int_pk]
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement_proposal.id"), index=True
    )
    advice_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("advice_request.id"), index=True
    )
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[created_at]

    def __repr__(self) -> str:
        return f"<EngagementDocument {self.id} {self.original_filename!r}>"


class EngagementLink(Base):
    """A disclosed item that reports an approved engagement (the live item, so the link
    holds for every version that certifies it)."""

    __tablename__ = "engagement_link"

    id: Mapped[int_pk]
    proposal_id: Mapped[int] = mapped_column(ForeignKey("engagement_proposal.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"), index=True)
    linked_at: Mapped[created_at]

    __table_args__ = (UniqueConstraint("proposal_id", "item_id"),)

    def __repr__(self) -> str:
        return f"<EngagementLink {self.proposal_id} item {self.item_id}>"
