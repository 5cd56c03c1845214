"""The hash chain: one canonical form of an entry, its hash, and the check of the chain.

Pure functions over plain values, so verification does not depend on the ORM.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.audit.models import GENESIS_HASH

HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "summary",
    "before",
    "after",
    "ip_address",
    "user_agent",
    "prev_hash",
)


def timestamp_text(moment: datetime) -> str:
    """Microsecond UTC text: the same on SQLite and PostgreSQL."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: dict[str, Any]) -> bytes:
    content = {name: values[name] for name in HASHED_FIELDS}
    content["occurred_at"] = timestamp_text(content["occurred_at"])
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def entry_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold, and why."""

    entry_id: int
    reason: str


def link_hash(prev_link_hash: str, hash_of_entry: str) -> str:
    return hashlib.sha256(f"{prev_link_hash}:{hash_of_entry}".encode()).hexdigest()


def first_altered(entries: Iterable[dict[str, Any]]) -> Break | None:
    """The first entry whose content no longer matches its hash."""
    for values in entries:
        if entry_hash(values) != values["entry_hash"]:
            return Break(values["id"], "its content does not match its hash")
    return None


def first_broken_link(
    links: Iterable[dict[str, Any]], entry_hashes: dict[int, str]
) -> Break | None:
    """Walk the links in order: each must hash the one before, and name an entry that is
    still there with the hash it had when linked."""
    previous = GENESIS_HASH
    for link in links:
        if link["prev_link_hash"] != previous or link["link_hash"] != link_hash(
            previous, link["entry_hash"]
        ):
            return Break(link["entry_id"], "its link to the previous entry does not match")
        stored = entry_hashes.get(link["entry_id"])
        if stored is None:
            return Break(link["entry_id"], "it was removed from the trail")
        if stored != link["entry_hash"]:
            return Break(link["entry_id"], "its hash differs from the one it was linked with")
        previous = link["link_hash"]
    return None
