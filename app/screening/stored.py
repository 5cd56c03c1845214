"""The database watchlist: converting stored entries, and keeping the process's matcher
in step with the built-in list plus every imported and local entry.

Several server processes share one database, so each checks a cheap signature of the
stored entries before screening and rebuilds its matcher when another process changed
them.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.screening.matcher import Matcher
from app.screening.models import StoredWatchlistEntry
from app.screening.ownership import ownership_entries
from app.screening.ownership_models import ListedOwnership
from app.screening.screen import set_active_matcher
from app.screening.watchlist import WatchlistEntry, entry_from_mapping, load_builtin_watchlist

_lock = threading.Lock()
_built_for: tuple[Any, ...] | None = None


def entry_to_mapping(entry: WatchlistEntry) -> dict[str, Any]:
    """The data-file form of an entry (what `entry_from_mapping` reads back)."""
    rules = {
        name: list(getattr(entry.rules, name))
        for name in ("acronyms", "ambiguous", "context", "exclude_contexts", "exact_only")
        if getattr(entry.rules, name)
    }
    data: dict[str, Any] = {
        "id": entry.id,
        "canonical_name": entry.canonical_name,
        "aliases": list(entry.aliases),
        "category": str(entry.category),
        "severity": str(entry.severity),
        "country": entry.country,
        "source": entry.source,
        "rules": rules,
    }
    for name in ("parent", "basis"):
        if getattr(entry, name):
            data[name] = getattr(entry, name)
    if entry.subsidiaries:
        data["subsidiaries"] = list(entry.subsidiaries)
    for name in ("start_date", "end_date"):
        value: date | None = getattr(entry, name)
        if value is not None:
            data[name] = value.isoformat()
    return data


def stored_entries(include_retired: bool = False) -> list[StoredWatchlistEntry]:
    query = select(StoredWatchlistEntry).order_by(StoredWatchlistEntry.entry_id)
    if not include_retired:
        query = query.where(StoredWatchlistEntry.retired_at.is_(None))
    return list(db.session.scalars(query))


def database_signature() -> tuple[Any, ...]:
    """Changes whenever a stored entry is added, changed or retired, or a listed ownership
    is recorded."""
    count, latest = db.session.execute(
        select(func.count(StoredWatchlistEntry.id), func.max(StoredWatchlistEntry.updated_at))
    ).one()
    owned = db.session.scalar(select(func.count(ListedOwnership.id)))
    return (count, latest, owned)


def combined_version(records: list[StoredWatchlistEntry]) -> str:
    """The built-in version, plus a digest of the database entries when there are any."""
    builtin = load_builtin_watchlist().version
    if not records:
        return builtin
    digest = hashlib.sha256()
    for record in records:
        digest.update(repr(sorted(record.data.items())).encode())
    return f"{builtin}+db.{digest.hexdigest()[:10]}"


def build_matcher() -> Matcher:
    """A matcher over the built-in watchlist, every live database entry and every
    organisation recorded as owned by listed parties."""
    builtin = load_builtin_watchlist()
    records = stored_entries()
    entries = [*builtin.entries, *(entry_from_mapping(r.data) for r in records)]
    owned = ownership_entries(entries)
    version = combined_version(records)
    if owned:
        digest = hashlib.sha256(repr([(e.id, e.source) for e in owned]).encode()).hexdigest()
        version += f"+own.{digest[:8]}"
    return Matcher.build([*entries, *owned], version, builtin.contexts)


def sync_active_matcher(force: bool = False) -> None:
    """Rebuild this process's matcher if the database watchlist changed since it was built."""
    global _built_for  # one matcher per process is the point
    signature = database_signature()
    if not force and signature == _built_for:
        return
    with _lock:
        if force or signature != _built_for:
            set_active_matcher(build_matcher())
            _built_for = signature
