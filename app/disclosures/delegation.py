"""Delegation: a faculty member lets an assistant prepare their drafts."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.operations import record
from app.database import utcnow
from app.disclosures.models import Delegation
from app.disclosures.operations import FilingError
from app.extensions import db
from app.people.models import Person


def add_delegate(owner: Person, delegate: Person) -> Delegation:
    if delegate.id == owner.id:
        raise FilingError("email", "You cannot delegate to yourself.")
    if not delegate.active:
        raise FilingError("email", "That account is deactivated.")
    existing = db.session.scalar(
        select(Delegation).where(
            Delegation.owner_id == owner.id,
            Delegation.delegate_id == delegate.id,
            Delegation.revoked_at.is_(None),
        )
    )
    if existing is not None:
        return existing
    delegation = Delegation(owner=owner, delegate=delegate)
    db.session.add(delegation)
    db.session.flush()
    record(
        "delegation.add",
        object_type="delegation",
        object_id=delegation.id,
        actor=owner,
        summary=f"{delegate.email} may prepare the drafts of {owner.email}",
    )
    return delegation


def revoke_delegate(delegation: Delegation) -> None:
    delegation.revoked_at = utcnow()
    db.session.flush()
    record(
        "delegation.revoke",
        object_type="delegation",
        object_id=delegation.id,
        actor=delegation.owner,
        summary=f"{delegation.delegate.email} may no longer prepare drafts",
    )
