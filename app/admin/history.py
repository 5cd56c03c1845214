"""A person's history as their admin page shows it: read from the audit trail, in words.

A change made on the admin pages leaves two entries: the people operation's (what changed)
and the admin's (who asked and why, in labels). The page shows the second only; changes
made elsewhere (a roster import, the command line) show their own entry, role names in
words rather than stored values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.people.models import Person
from app.people.roles import Role

#: How many entries the page shows, newest first.
HISTORY_LENGTH = 50
ROLE_ACTIONS = {"role.grant": "granted", "role.revoke": "lost"}


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: datetime
    actor: str
    text: str


def _role_text(entry: AuditEntry, person: Person) -> str:
    data = (entry.after if entry.action == "role.grant" else entry.before) or {}
    try:
        label = Role(data.get("role", "")).label
    except ValueError:
        return entry.summary
    return f"{person.email} {ROLE_ACTIONS[entry.action]} the {label} role"


def person_history(person: Person) -> list[HistoryLine]:
    entries = list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "person", AuditEntry.object_id == str(person.id))
            .order_by(AuditEntry.id.desc())
            .limit(HISTORY_LENGTH)
        )
    )
    lines = []
    later: AuditEntry | None = None  # entries come newest first: this is the one after
    for entry in entries:
        explained = (
            later is not None and later.action.startswith("admin.") and later.id == entry.id + 1
        )
        if not (explained and not entry.action.startswith("admin.")):
            text = _role_text(entry, person) if entry.action in ROLE_ACTIONS else entry.summary
            lines.append(HistoryLine(entry.occurred_at, entry.actor_label, text))
        later = entry
    return lines
