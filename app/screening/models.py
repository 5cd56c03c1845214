"""Flags raised on stored items, kept with the watchlist version that raised them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk
from app.screening.flags import Severity


class ItemFlag(Base):
    """One watchlist mention in one field of one item.

    A flag is never deleted: when the item changes or a re-screen no longer finds the
    mention, `cleared_at` is set, so reviewers can see what was raised and when.
    """

    __tablename__ = "item_flag"

    id: Mapped[int_pk]
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"))
    #: Which field the text came from ("organisation" for the linked organisation's name).
    field: Mapped[str] = mapped_column(String(64))
    #: A policy category or an informational kind (app.screening.flags).
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[Severity] = mapped_column(enum_by_value(Severity))
    entry_id: Mapped[str] = mapped_column(String(200))
    canonical_name: Mapped[str] = mapped_column(String(500))
    matched: Mapped[str] = mapped_column(String(500))
    start: Mapped[int]
    end: Mapped[int]
    source: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text)
    watchlist_version: Mapped[str] = mapped_column(String(100))
    raised_at: Mapped[created_at]
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_by_version: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        Index("ix_item_flag_item_id_cleared_at", "item_id", "cleared_at"),
        Index("ix_item_flag_category_severity", "category", "severity"),
    )

    def __repr__(self) -> str:
        return f"<ItemFlag {self.id} {self.category} on item {self.item_id}>"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two flags the same finding across re-screens."""
        return (self.field, self.entry_id, self.matched, self.category)
