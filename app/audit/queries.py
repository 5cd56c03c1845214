"""Reading the audit trail: verification and search."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from app.audit.chain import HASHED_FIELDS, Break, first_altered, first_broken_link
from app.audit.models import UNLINKED_ENTRIES, AuditEntry, AuditLink
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


def link_values() -> Iterator[dict[str, Any]]:
    """Every link in chain order, in batches."""
    last = 0
    while True:
        rows = (
            db.session.execute(
                select(AuditLink)
                .where(AuditLink.position > last)
                .order_by(AuditLink.position)
                .limit(BATCH)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        for link in rows:
            yield {
                "entry_id": link.entry_id,
                "entry_hash": link.entry_hash,
                "prev_link_hash": link.prev_link_hash,
                "link_hash": link.link_hash,
            }
        last = rows[-1].position


def verify_chain() -> tuple[int, Break | None]:
    """Every entry's content against its hash, then the links in order; and every
    committed entry must have its link."""
    count = db.session.scalar(select(func.count(AuditEntry.id))) or 0
    altered = first_altered(chain_values())
    if altered is not None:
        return count, altered
    hashes = dict(db.session.execute(select(AuditEntry.id, AuditEntry.entry_hash)).all())
    broken = first_broken_link(link_values(), hashes)
    if broken is not None:
        return count, broken
    # Entries of the current, uncommitted transaction are linked when it commits.
    pending = {entry.id for entry in db.session().info.get(UNLINKED_ENTRIES, [])}
    unlinked = db.session.scalars(
        select(AuditEntry.id)
        .where(AuditEntry.id.not_in(select(AuditLink.entry_id)))
        .order_by(AuditEntry.id)
        .limit(len(pending) + 1)
    )
    never = next((entry_id for entry_id in unlinked if entry_id not in pending), None)
    if never is not None:
        return count, Break(never, "it was never linked into the chain")
    return count, None


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
