"""The COI office's records of organisations owned by listed parties (the BIS affiliates
rule)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, created_at, int_pk


class ListedOwnership(Base):
    """The COI office's record that an organisation is owned 50% or more by listed parties,
    so the BIS affiliates rule (Entity List restrictions reach organisations at least 50%
    owned by listed parties) applies to it as to its listed owner. Screening reads it as a
    flag on that organisation."""

    __tablename__ = "listed_ownership"

    id: Mapped[int_pk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: The watchlist entry of the listed owner.
    owner_entry_id: Mapped[str] = mapped_column(String(200))
    owner_name: Mapped[str] = mapped_column(String(500))
    #: Combined share held by listed parties, in percent.
    share_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    #: Where the ownership is documented (filing, registry extract, counsel memo).
    evidence: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[created_at]

    __table_args__ = (Index("ix_listed_ownership_organisation_id", "organisation_id"),)

    def __repr__(self) -> str:
        return f"<ListedOwnership {self.organisation_id} by {self.owner_entry_id}>"
