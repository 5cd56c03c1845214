"""An audit-log search result as a workbook (for general counsel)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from reports.sheets import Column, ColumnKind, new_workbook, write_table


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


AUDIT_COLUMNS = [
    Column("Entry", attrgetter("id"), ColumnKind.INTEGER, width=8),
    Column("When (UTC)", attrgetter("occurred_at"), ColumnKind.TIMESTAMP, width=17),
    Column("Who", attrgetter("actor_label"), width=28),
    Column("Action", attrgetter("action"), width=24),
    Column("Object type", attrgetter("object_type"), width=16),
    Column("Object id", attrgetter("object_id"), width=10),
    Column("Summary", attrgetter("summary"), width=50),
    Column("Before", lambda entry: _json(entry.before), width=40),
    Column("After", lambda entry: _json(entry.after), width=40),
    Column("IP address", attrgetter("ip_address"), width=15),
    Column("User agent", attrgetter("user_agent"), width=30),
    Column("Entry hash", attrgetter("entry_hash"), width=20),
]


def write_audit_log(
    entries: Iterable[Any],
    generated_by: str,
    generated_at: datetime,
    destination: str | Path | IO[bytes],
) -> None:
    """Entries as they were recorded, one row each; values from users are written as text."""
    book = new_workbook("Audit log", generated_by, generated_at)
    write_table(book, "Audit log", AUDIT_COLUMNS, entries)
    book.save(destination)
