"""Reading the audit trail: verification and search."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from app.audit.chain import HASHED_FIELDS, Break, first_break
from app.audit.models import AuditEntry
from app.extensions import db
from app.people.models import Person

BATCH = 2000


def chain_values() -> Iterator[dict[str, Any]]:
    """Every entry in order, as the plain values the chain check needs (in batches)."""
    last_id = 0
    columns = [getattr(AuditEntry, name) for name in ("id", *HASHED_FIELDS, "entry_hash")]
    while True:
        rows = (
            db.session.execute(
                select(*columns).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(BATCH)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last_id = rows[-1]["id"]


def verify_chain() -> tuple[int, Break | None]:
    count = db.session.scalar(select(func.count(AuditEntry.id))) or 0
    return count, first_break(chain_values())


@dataclass(frozen=True)
class AuditSearch:
    person: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def search_audit(criteria: AuditSearch, limit: int = 500) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if criteria.person:
        needle = f"%{criteria.person.lower()}%"
        matching = select(Person.id).where(
            func.lower(Person.email).like(needle) | func.lower(Person.full_name).like(needle)
        )
        query = query.where(
            AuditEntry.actor_id.in_(matching) | func.lower(AuditEntry.actor_label).like(needle)
        )
    if criteria.object_type:
        query = query.where(AuditEntry.object_type == criteria.object_type)
    if criteria.object_id:
        query = query.where(AuditEntry.object_id == criteria.object_id)
    if criteria.action:
        query = query.where(AuditEntry.action.like(f"{criteria.action}%"))
    if criteria.date_from:
        query = query.where(AuditEntry.occurred_at >= _start_of(criteria.date_from))
    if criteria.date_to:
        query = query.where(AuditEntry.occurred_at < _start_of(criteria.date_to + timedelta(1)))
    return list(db.session.scalars(query))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def object_types() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
        )
    )
