"""An official list upload's preview: which entries are new, changed or ended, before the
import. Parsing uses the importer's own parsers; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.screening.models import StoredWatchlistEntry, WatchlistOrigin
from app.screening.stored import entry_to_mapping
from app.screening.watchlist import WatchlistEntry
from app.screening.watchlist_operations import PARSERS


@dataclass(frozen=True)
class EntryChange:
    entry_id: str
    name: str
    source: str
    end_date: date | None = None
    #: For a changed entry: its name before, when the list renamed it.
    previous_name: str | None = None


@dataclass
class WatchlistPreview:
    filename: str
    origin: WatchlistOrigin
    new: list[EntryChange] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)
    #: Listings this file ends (an end date that the stored entry did not have).
    ended: list[EntryChange] = field(default_factory=list)
    unchanged: int = 0
    #: Stored entries of this list that the file does not mention; the import keeps them.
    not_in_file: int = 0

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.changed or self.ended)


def _change(entry: WatchlistEntry, previous: StoredWatchlistEntry | None = None) -> EntryChange:
    renamed = previous is not None and previous.canonical_name != entry.canonical_name
    return EntryChange(
        entry.id,
        entry.canonical_name,
        entry.source,
        entry.end_date,
        previous.canonical_name if renamed and previous is not None else None,
    )


def preview_official_list(origin: WatchlistOrigin, path: Path) -> WatchlistPreview:
    """What importing `path` would do; ListFormatError (with the line) if it is malformed."""
    entries = PARSERS[origin](path)
    stored = {
        record.entry_id: record
        for record in db.session.scalars(
            select(StoredWatchlistEntry).where(StoredWatchlistEntry.origin == origin)
        )
    }
    preview = WatchlistPreview(path.name, origin)
    for entry in entries:
        record = stored.get(entry.id)
        if record is None:
            preview.new.append(_change(entry))
        elif record.data == entry_to_mapping(entry) and record.retired_at is None:
            preview.unchanged += 1
        elif entry.end_date is not None and record.end_date != entry.end_date:
            preview.ended.append(_change(entry, record))
        else:
            preview.changed.append(_change(entry, record))
    preview.not_in_file = len(stored.keys() - {entry.id for entry in entries})
    return preview
