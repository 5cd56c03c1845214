"""Writing the audit trail: one entry per change, in the same transaction as the change.

Appends are serialised so the chain stays linear: on PostgreSQL with a transaction-level
advisory lock (released at commit or rollback); SQLite allows one writer at a time anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from app.audit.chain import entry_hash
from app.audit.models import GENESIS_HASH, AuditEntry
from app.database import utcnow
from app.extensions import db
from app.jsonable import jsonable
from app.people.models import Person

#: Arbitrary constant naming the audit chain's advisory lock.
AUDIT_LOCK_KEY = 7_345_120_001
SYSTEM_ACTOR = "system (command line)"


#: Whom a background job works for: its entries name that person, as their request's would.
_acting_for: ContextVar[Person | None] = ContextVar("audit_acting_for", default=None)


@contextmanager
def acting_for(person: Person) -> Iterator[None]:
    """Entries recorded in this block without an explicit actor are `person`'s."""
    token = _acting_for.set(person)
    try:
        yield
    finally:
        _acting_for.reset(token)


def _current_actor() -> Person | None:
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user._get_current_object()  # the Person itself, not the proxy
    return _acting_for.get()


def _lock_chain() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


def record(
    action: str,
    *,
    object_type: str,
    object_id: object,
    summary: str,
    actor: Person | None = None,
    actor_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; it commits or rolls back with the change it describes."""
    actor = actor or _current_actor()
    db.session.flush()
    _lock_chain()
    previous = db.session.scalar(
        select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    )
    values: dict[str, Any] = {
        "occurred_at": utcnow(),
        "actor_id": actor.id if actor else None,
        "actor_label": actor_label or (actor.email if actor else SYSTEM_ACTOR),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "summary": summary,
        "before": jsonable(before) if before is not None else None,
        "after": jsonable(after) if after is not None else None,
        "ip_address": (request.remote_addr or "") if has_request_context() else "",
        "user_agent": (request.user_agent.string[:300]) if has_request_context() else "",
        "prev_hash": previous or GENESIS_HASH,
    }
    entry = AuditEntry(**values, entry_hash=entry_hash(values))
    db.session.add(entry)
    db.session.flush()
    return entry
