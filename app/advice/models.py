"""A request for general counsel's advice, and the advice. Privileged: seen only by the
requester, general counsel and the COI office (app/auth/permissions.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk
from app.disclosures.enums import Labelled
from app.organisations.models import Organisation
from app.people.models import Person


class AdviceStatus(Labelled):
    OPEN = "open"
    ADVISED = "advised"
    CLOSED = "closed"


AdviceStatus._labels = {"open": "Awaiting counsel's advice", "advised": "Advice given"}


class AdviceRequest(Base):
    __tablename__ = "advice_request"

    id: Mapped[int_pk]
    requester_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: ISO 3166 alpha-2 code of the counterparty's country.
    country: Mapped[str] = mapped_column(String(2), default="")
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[AdviceStatus] = mapped_column(
        enum_by_value(AdviceStatus), default=AdviceStatus.OPEN, index=True
    )
    #: Where the request was opened from, if not on its own.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("engagement_proposal.id"))
    version_item_id: Mapped[int | None] = mapped_column(ForeignKey("version_item.id"))
    advice: Mapped[str] = mapped_column(Text, default="")
    advised_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    advised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[created_at]

    requester: Mapped[Person] = relationship(foreign_keys=[requester_id], lazy="joined")
    advised_by: Mapped[Person | None] = relationship(foreign_keys=[advised_by_id])
    counterparty: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AdviceRequest {self.id} {self.status}>"
