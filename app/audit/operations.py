"""Writing the audit trail: one entry per change, in the same transaction as the change.

Entries are written at once; their links into the one linear chain are appended just
before the transaction commits (`link_pending_entries`), serialised on PostgreSQL by a
transaction-level advisory lock that is therefore held only from then to the commit, not
for the whole of a long transaction. SQLite allows one writer at a time anyway.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from app.audit.chain import entry_hash, link_hash
from app.audit.models import GENESIS_HASH, UNLINKED_ENTRIES, AuditEntry, AuditLink
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


#: Key in `Session.info`: the hash of this transaction's latest entry.
TAIL = "candor.audit_tail"


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
    session = db.session()
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
        "prev_hash": session.info.get(TAIL) or secrets.token_hex(32),
    }
    entry = AuditEntry(**values, entry_hash=entry_hash(values))
    session.add(entry)
    session.flush()
    session.info[TAIL] = entry.entry_hash
    session.info.setdefault(UNLINKED_ENTRIES, []).append(entry)
    return entry


@event.listens_for(Session, "before_commit")
def link_pending_entries(session: Session) -> None:
    """Append the links of this transaction's entries to the chain, in their order."""
    pending = [e for e in session.info.pop(UNLINKED_ENTRIES, []) if inspect(e).persistent]
    session.info.pop(TAIL, None)
    if not pending:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    last = session.execute(
        select(AuditLink.position, AuditLink.link_hash).order_by(AuditLink.position.desc()).limit(1)
    ).first()
    position, previous = last if last is not None else (0, GENESIS_HASH)
    for entry in sorted(pending, key=lambda e: e.id):
        position += 1
        link = link_hash(previous, entry.entry_hash)
        session.add(
            AuditLink(
                position=position,
                entry_id=entry.id,
                entry_hash=entry.entry_hash,
                prev_link_hash=previous,
                link_hash=link,
            )
        )
        previous = link
    session.flush()


@event.listens_for(Session, "after_rollback")
def forget_pending_entries(session: Session) -> None:
    """A rolled-back transaction's entries are gone; so is their place in the queue."""
    session.info.pop(UNLINKED_ENTRIES, None)
    session.info.pop(TAIL, None)
