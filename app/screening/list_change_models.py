"""What each official-list import changed, entry by entry, and the COI office's records of
organisations owned by listed parties (the BIS affiliates rule)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, created_at, enum_by_value, int_pk


class ListChangeKind(StrEnum):
    """How an import changed one entry."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    #: The listing's end date was set: flags on it become "formerly listed".
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            ListChangeKind.ADDED: "Added",
            ListChangeKind.REMOVED: "Removed from the list file",
            ListChangeKind.CHANGED: "Changed",
            ListChangeKind.ENDED: "Listing ended",
        }[self]


class WatchlistImportChange(Base):
    """One entry added, removed, changed or ended by one import."""

    __tablename__ = "watchlist_import_change"

    id: Mapped[int_pk]
    import_id: Mapped[int] = mapped_column(ForeignKey("watchlist_import.id"), index=True)
    entry_id: Mapped[str] = mapped_column(String(200))
    canonical_name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[ListChangeKind] = mapped_column(enum_by_value(ListChangeKind))
    #: What changed, in words ("end date set to 2026-02-17; alias added: ...").
    details: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<WatchlistImportChange {self.kind} {self.entry_id}>"


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
