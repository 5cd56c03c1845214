"""What a new edition of an official list changes: entries added, removed, changed, ended.

Pure: the stored form of the entries before, the parsed entries after, a report out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .list_change_models import ListChangeKind
from .stored import entry_to_mapping
from .watchlist import WatchlistEntry

#: Fields of an entry's stored form worth naming in a change, with their words.
_FIELDS = {
    "canonical_name": "name",
    "category": "category",
    "severity": "severity",
    "source": "source",
    "start_date": "start date",
    "end_date": "end date",
    "parent": "parent",
    "basis": "stated basis",
    "country": "country",
}


@dataclass(frozen=True)
class EntryChange:
    entry_id: str
    canonical_name: str
    kind: ListChangeKind
    details: str = ""


@dataclass(frozen=True)
class ImportReport:
    """The changes one list file makes to the stored entries of its origin."""

    changes: tuple[EntryChange, ...]
    unchanged: int

    def of_kind(self, kind: ListChangeKind) -> list[EntryChange]:
        return [change for change in self.changes if change.kind is kind]

    def counts(self) -> dict[ListChangeKind, int]:
        return {kind: len(self.of_kind(kind)) for kind in ListChangeKind}

    def summary(self) -> str:
        counts = self.counts()
        return (
            f"{counts[ListChangeKind.ADDED]} added, {counts[ListChangeKind.REMOVED]} removed, "
            f"{counts[ListChangeKind.CHANGED]} changed, {counts[ListChangeKind.ENDED]} ended, "
            f"{self.unchanged} unchanged"
        )


def diff_entries(
    before: Mapping[str, Mapping[str, Any]], after: list[WatchlistEntry]
) -> ImportReport:
    """Compare the stored entries of one origin (entry id -> stored form; retired entries
    left out) with the entries a new file gives."""
    changes: list[EntryChange] = []
    unchanged = 0
    seen: set[str] = set()
    for entry in after:
        seen.add(entry.id)
        new = entry_to_mapping(entry)
        old = before.get(entry.id)
        if old is None:
            changes.append(EntryChange(entry.id, entry.canonical_name, ListChangeKind.ADDED))
        elif dict(old) == new:
            unchanged += 1
        else:
            ended = not old.get("end_date") and bool(new.get("end_date"))
            kind = ListChangeKind.ENDED if ended else ListChangeKind.CHANGED
            changes.append(EntryChange(entry.id, entry.canonical_name, kind, describe(old, new)))
    for entry_id, old in before.items():
        if entry_id not in seen:
            name = str(old.get("canonical_name", entry_id))
            changes.append(EntryChange(entry_id, name, ListChangeKind.REMOVED))
    return ImportReport(tuple(changes), unchanged)


def describe(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """The differences between two stored forms of an entry, in words."""
    parts = []
    for key, words in _FIELDS.items():
        before, after = old.get(key) or "", new.get(key) or ""
        if before != after:
            if not before:
                parts.append(f"{words} set to {after}")
            elif not after:
                parts.append(f"{words} cleared (was {before})")
            else:
                parts.append(f"{words} changed from {before} to {after}")
    old_aliases, new_aliases = set(old.get("aliases", [])), set(new.get("aliases", []))
    if added := sorted(new_aliases - old_aliases):
        parts.append("names added: " + "; ".join(added))
    if removed := sorted(old_aliases - new_aliases):
        parts.append("names removed: " + "; ".join(removed))
    if old.get("rules") != new.get("rules") and not parts:
        parts.append("matching rules changed")
    return "; ".join(parts)
