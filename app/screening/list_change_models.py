"""What each official-list import changed, entry by entry."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, enum_by_value, int_pk


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
