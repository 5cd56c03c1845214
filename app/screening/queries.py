"""Read-side helpers for stored flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.screening.flags import Flag, Severity
from app.screening.list_change_models import WatchlistImportChange
from app.screening.models import ItemFlag, WatchlistImport
from app.screening.stored import stored_entries
from app.screening.watchlist import load_builtin_watchlist


def open_flags_for(item_ids: list[int]) -> dict[int, list[ItemFlag]]:
    """Open flags of the given items, most serious first."""
    by_item: dict[int, list[ItemFlag]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return by_item
    flags = db.session.scalars(
        select(ItemFlag).where(ItemFlag.item_id.in_(item_ids), ItemFlag.cleared_at.is_(None))
    )
    for flag in flags:
        by_item[flag.item_id].append(flag)
    for flags_of_item in by_item.values():
        flags_of_item.sort(key=lambda f: (Severity(f.severity).rank, f.field))
    return by_item


@dataclass(frozen=True)
class ListedEntry:
    """One watchlist entry as the admin page lists it, whatever its origin."""

    entry_id: str
    canonical_name: str
    aliases: tuple[str, ...]
    category: str
    severity: str
    country: str
    source: str
    origin: str
    end_date: date | None
    record_id: int | None = None


def watchlist_entries(query: str = "", category: str = "", origin: str = "") -> list[ListedEntry]:
    """Built-in and database entries, filtered by a name fragment, category and origin."""
    listed = [
        ListedEntry(
            e.id,
            e.canonical_name,
            e.aliases,
            str(e.category),
            str(e.severity),
            e.country,
            e.source,
            "built-in",
            e.end_date,
        )
        for e in load_builtin_watchlist().entries
    ]
    for record in stored_entries():
        data = record.data
        listed.append(
            ListedEntry(
                record.entry_id,
                record.canonical_name,
                tuple(data.get("aliases", [])),
                record.category,
                str(record.severity),
                data.get("country", ""),
                record.source,
                str(record.origin),
                record.end_date,
                record.id,
            )
        )
    needle = query.casefold().strip()
    return sorted(
        (
            entry
            for entry in listed
            if (
                not needle
                or any(needle in name.casefold() for name in (entry.canonical_name, *entry.aliases))
            )
            and (not category or entry.category == category)
            and (not origin or entry.origin == origin)
        ),
        key=lambda entry: (Severity(entry.severity).rank, entry.canonical_name.casefold()),
    )


def import_changes(batch_id: int) -> list[WatchlistImportChange]:
    """What one import changed, entry by entry, in the order of its report."""
    return list(
        db.session.scalars(
            select(WatchlistImportChange)
            .where(WatchlistImportChange.import_id == batch_id)
            .order_by(WatchlistImportChange.id)
        )
    )


def recent_imports(limit: int = 20) -> list[WatchlistImport]:
    return list(
        db.session.scalars(
            select(WatchlistImport).order_by(WatchlistImport.imported_at.desc()).limit(limit)
        )
    )


def highlighted(text: str, flags: list[Flag]) -> list[tuple[str, Flag | None]]:
    """The text cut into plain and flagged pieces, for showing matches in context."""
    pieces: list[tuple[str, Flag | None]] = []
    position = 0
    for flag in sorted(flags, key=lambda f: (f.start, -f.end)):
        if flag.start < position:
            continue  # overlapping mention: the earlier, longer one is already shown
        pieces.append((text[position : flag.start], None))
        pieces.append((text[flag.start : flag.end], flag))
        position = flag.end
    pieces.append((text[position:], None))
    return [piece for piece in pieces if piece[0]]
