"""Reading requests for advice: counsel's queue and a requester's own."""

from __future__ import annotations

from sqlalchemy import case, select

from app.advice.models import AdviceRequest, AdviceStatus
from app.disclosures.contracts import Contract
from app.extensions import db
from app.people.models import Person


def advice_queue() -> list[AdviceRequest]:
    """Every request, those awaiting advice first, oldest first within each status."""
    order = case(
        (AdviceRequest.status == AdviceStatus.OPEN, 0),
        (AdviceRequest.status == AdviceStatus.ADVISED, 1),
        else_=2,
    )
    return list(db.session.scalars(select(AdviceRequest).order_by(order, AdviceRequest.created_at)))


def requests_of(person: Person) -> list[AdviceRequest]:
    return list(
        db.session.scalars(
            select(AdviceRequest)
            .where(AdviceRequest.requester_id == person.id)
            .order_by(AdviceRequest.created_at.desc())
        )
    )


def contracts_linked_to(request: AdviceRequest) -> list[Contract]:
    return list(db.session.scalars(select(Contract).where(Contract.advice_id == request.id)))
