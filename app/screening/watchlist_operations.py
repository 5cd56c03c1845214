"""Changing the database watchlist: official-list imports and local entries.

Operations flush; the caller commits, so a failure part-way leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.audit.operations import record as audit
from app.database import utcnow
from app.extensions import db
from app.screening.flags import Category, Severity
from app.screening.models import StoredWatchlistEntry, WatchlistImport, WatchlistOrigin
from app.screening.official_lists import parse_csl, parse_dod1260h, parse_dod1286
from app.screening.stored import entry_to_mapping
from app.screening.watchlist import WatchlistEntry, WatchlistError, entry_from_mapping

PARSERS = {
    WatchlistOrigin.DOD_1260H: parse_dod1260h,
    WatchlistOrigin.DOD_1286: parse_dod1286,
    WatchlistOrigin.CSL: parse_csl,
}


@dataclass(frozen=True)
class ImportResult:
    filename: str
    added: int
    updated: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def _record_values(entry: WatchlistEntry, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "canonical_name": entry.canonical_name[:500],
        "category": str(entry.category),
        "severity": entry.severity,
        "source": entry.source[:300],
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "data": data,
    }


def import_official_list(origin: WatchlistOrigin, path: Path, actor_id: int | None) -> ImportResult:
    """Merge an official list into the database watchlist, keeping sources and dates.

    The whole file is parsed first: a malformed file raises ListFormatError (line and
    reason) before anything is written. Importing the same file again changes nothing.
    """
    entries = PARSERS[origin](path)
    existing = {
        record.entry_id: record
        for record in db.session.scalars(
            select(StoredWatchlistEntry).where(StoredWatchlistEntry.origin == origin)
        )
    }
    added = updated = unchanged = 0
    changed: list[tuple[StoredWatchlistEntry | None, WatchlistEntry, dict[str, Any]]] = []
    for entry in entries:
        data = entry_to_mapping(entry)
        record = existing.get(entry.id)
        if record is not None and record.data == data and record.retired_at is None:
            unchanged += 1
            continue
        changed.append((record, entry, data))
        added, updated = (added + 1, updated) if record is None else (added, updated + 1)
    result = ImportResult(path.name, added, updated, unchanged)
    if not changed:
        return result
    batch = WatchlistImport(
        origin=origin,
        filename=path.name[:255],
        sha256=_sha256(path),
        imported_by_id=actor_id,
        added=added,
        updated=updated,
        unchanged=unchanged,
    )
    db.session.add(batch)
    db.session.flush()
    for record, entry, data in changed:
        if record is None:
            record = StoredWatchlistEntry(entry_id=entry.id, origin=origin)
            db.session.add(record)
        for name, value in _record_values(entry, data).items():
            setattr(record, name, value)
        record.retired_at = None
        record.import_id = batch.id
    db.session.flush()
    audit(
        "watchlist.import",
        object_type="watchlist_import",
        object_id=batch.id,
        actor_label=None,
        summary=f"{origin.value} list {path.name}: {added} added, {updated} updated, "
        f"{unchanged} unchanged",
        after={"sha256": batch.sha256, "added": added, "updated": updated, "unchanged": unchanged},
    )
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80] or "entry"


def add_local_entry(
    canonical_name: str,
    aliases: list[str],
    category: Category,
    severity: Severity,
    country: str,
    source: str,
    actor_id: int,
) -> StoredWatchlistEntry:
    """An entry added by an administrator, checked by the same rules as the data file."""
    entry_id = f"local:{slug(canonical_name)}"
    if db.session.scalar(
        select(StoredWatchlistEntry.id).where(StoredWatchlistEntry.entry_id == entry_id)
    ):
        raise WatchlistError(f"a local entry named {canonical_name!r} already exists")
    data = {
        "id": entry_id,
        "canonical_name": canonical_name.strip(),
        "aliases": [alias.strip() for alias in aliases if alias.strip()],
        "category": str(category),
        "severity": str(severity),
        "country": country,
        "source": source.strip() or "Local entry",
        "rules": {},
    }
    entry = entry_from_mapping(data)
    record = StoredWatchlistEntry(
        entry_id=entry_id,
        origin=WatchlistOrigin.LOCAL,
        created_by_id=actor_id,
        **_record_values(entry, data),
    )
    db.session.add(record)
    db.session.flush()
    audit(
        "watchlist.add_local",
        object_type="watchlist_entry",
        object_id=record.id,
        summary=f"Local watchlist entry “{record.canonical_name}” added",
        after=data,
    )
    return record


def retire_local_entry(record: StoredWatchlistEntry) -> None:
    if record.origin is not WatchlistOrigin.LOCAL:
        raise WatchlistError(
            "only local entries can be retired here; official lists carry their own end dates"
        )
    record.retired_at = utcnow()
    db.session.flush()
    audit(
        "watchlist.retire_local",
        object_type="watchlist_entry",
        object_id=record.id,
        summary=f"Local watchlist entry “{record.canonical_name}” retired",
    )
