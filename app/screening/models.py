"""Flags raised on stored items, kept with the watchlist version that raised them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk, updated_at
from app.screening.flags import Severity


class FlagFields:
    """One watchlist entry found in one item: every mention of it, in every field.

    A flag is never deleted: when the item changes or a re-screen no longer finds the
    entry, `cleared_at` is set, so reviewers can see what was raised and when.
    """

    #: A policy category or an informational kind (app.screening.flags).
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[Severity] = mapped_column(enum_by_value(Severity))
    entry_id: Mapped[str] = mapped_column(String(200))
    canonical_name: Mapped[str] = mapped_column(String(500))
    #: The first mention: which field ("organisation" for the linked organisation's name)
    #: and the text matched there, with its offsets.
    field: Mapped[str] = mapped_column(String(64))
    matched: Mapped[str] = mapped_column(String(500))
    start: Mapped[int]
    end: Mapped[int]
    #: Every mention: [{"field", "matched", "start", "end"}], the first one first.
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text)
    watchlist_version: Mapped[str] = mapped_column(String(100))
    raised_at: Mapped[created_at]
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_by_version: Mapped[str | None] = mapped_column(String(100))

    @property
    def evidence(self) -> frozenset[tuple[str, str]]:
        """What was found where: a flag whose evidence changes is a new finding."""
        return frozenset((m["field"], m["matched"]) for m in self.mentions)

    @property
    def key(self) -> tuple[str, str, frozenset[tuple[str, str]]]:
        """What makes two flags the same finding across re-screens and versions."""
        return (self.entry_id, self.category, self.evidence)

    @property
    def mentions(self) -> list[dict[str, Any]]:
        if self.matches:
            return list(self.matches)
        first = {"field": self.field, "matched": self.matched}
        return [{**first, "start": self.start, "end": self.end}]

    @property
    def fields(self) -> list[str]:
        """The fields it was found in, in the order found."""
        return list(dict.fromkeys(m["field"] for m in self.mentions))


class ItemFlag(FlagFields, Base):
    """A flag on a live item: what the filer sees while drafting. Reviewers see the
    flags of the certified version instead (`app.record.models.VersionFlag`)."""

    __tablename__ = "item_flag"

    id: Mapped[int_pk]
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"))

    __table_args__ = (
        Index("ix_item_flag_item_id_cleared_at", "item_id", "cleared_at"),
        Index("ix_item_flag_category_severity", "category", "severity"),
    )

    def __repr__(self) -> str:
        return f"<ItemFlag {self.id} {self.category} on item {self.item_id}>"


class WatchlistOrigin(StrEnum):
    """Where a database watchlist entry comes from (the built-in list lives in the repo)."""

    DOD_1260H = "dod1260h"
    DOD_1286 = "dod1286"
    CSL = "csl"
    LOCAL = "local"


class WatchlistImport(Base):
    """One import of an official list file that changed something."""

    __tablename__ = "watchlist_import"

    id: Mapped[int_pk]
    origin: Mapped[WatchlistOrigin] = mapped_column(enum_by_value(WatchlistOrigin))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[created_at]
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<WatchlistImport {self.id} {self.origin} {self.filename!r}>"


class StoredWatchlistEntry(Base):
    """A watchlist entry kept in the database: imported from an official list, or local.

    `data` is the entry in the same form as the built-in data file, so one parser checks
    both; the other columns repeat a few of its values for searching and listing.
    """

    __tablename__ = "watchlist_entry"

    id: Mapped[int_pk]
    entry_id: Mapped[str] = mapped_column(String(200), unique=True)
    origin: Mapped[WatchlistOrigin] = mapped_column(enum_by_value(WatchlistOrigin), index=True)
    canonical_name: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[Severity] = mapped_column(enum_by_value(Severity))
    source: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The import that last added or changed the entry (None for local entries).
    import_id: Mapped[int | None] = mapped_column(ForeignKey("watchlist_import.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    #: Local entries are retired, never deleted.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<StoredWatchlistEntry {self.entry_id}>"
