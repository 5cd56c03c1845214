"""Starting, checking and ending server-side sessions."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, request

from app.auth.models import UserSession
from app.database import utcnow
from app.extensions import db
from app.people.models import Person

#: How stale `last_seen_at` may get before a request refreshes it (saves a write per page).
TOUCH_INTERVAL = timedelta(seconds=60)


def start_session(person: Person) -> UserSession:
    now = utcnow()
    record = UserSession(
        id=secrets.token_urlsafe(32),
        person_id=person.id,
        created_at=now,
        last_seen_at=now,
        ip_address=request.remote_addr or "",
        user_agent=request.user_agent.string[:300],
    )
    db.session.add(record)
    db.session.flush()
    return record


def live_session(session_id: str | None, person_id: int) -> UserSession | None:
    """The session if it is this person's, not ended and not idle past the timeout."""
    if not session_id:
        return None
    record = db.session.get(UserSession, session_id)
    if record is None or record.person_id != person_id or record.ended_at is not None:
        return None
    now = utcnow()
    if now - record.last_seen_at > current_app.config["IDLE_TIMEOUT"]:
        record.ended_at = now
        return None
    if now - record.last_seen_at > TOUCH_INTERVAL:
        record.last_seen_at = now
    return record


def end_session(session_id: str | None) -> None:
    record = db.session.get(UserSession, session_id) if session_id else None
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        db.session.flush()
