"""Asking general counsel's advice, giving it, closing the request, and linking the
contract later disclosed to it. Operations flush; the request commits; every step is
audited (without the privileged text) and announced."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.advice.models import AdviceRequest, AdviceStatus
from app.audit.operations import record
from app.database import utcnow
from app.disclosures.contracts import Contract
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.extensions import db
from app.organisations.operations import find_or_create_organisation
from app.people.models import Person
from app.refusals import Refusal
from app.signals import advice_changed


def request_advice(requester: Person, data: dict[str, Any]) -> AdviceRequest:
    request = AdviceRequest(
        requester_id=requester.id,
        subject=data["subject"].strip(),
        counterparty_id=find_or_create_organisation(data["counterparty"], data["country"]).id,
        country=data["country"],
        question=data["question"].strip(),
        proposal_id=data.get("proposal_id"),
        version_item_id=data.get("version_item_id"),
    )
    db.session.add(request)
    db.session.flush()
    _audit(request, requester, "advice.request", "Advice requested")
    return request


def give_advice(request: AdviceRequest, counsel: Person, advice: str) -> None:
    if request.status is not AdviceStatus.OPEN:
        raise Refusal("advice", "This request has already been answered.")
    if not advice.strip():
        raise Refusal("advice", "Write the advice.")
    request.advice = advice.strip()
    request.advised_by_id = counsel.id
    request.advised_at = utcnow()
    request.status = AdviceStatus.ADVISED
    db.session.flush()
    _audit(request, counsel, "advice.advise", "Advice given")


def close_request(request: AdviceRequest, actor: Person) -> None:
    if request.status is AdviceStatus.CLOSED:
        raise Refusal("close", "This request is already closed.")
    request.status = AdviceStatus.CLOSED
    request.closed_at = utcnow()
    db.session.flush()
    _audit(request, actor, "advice.close", "Request for advice closed")


def contracts_to_link(request: AdviceRequest) -> list[Contract]:
    """The requester's contracts on disclosures they can still change."""
    contracts = db.session.scalars(
        select(Contract)
        .join(DisclosureItem, DisclosureItem.id == Contract.item_id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .where(Disclosure.person_id == request.requester_id, DisclosureItem.withdrawn_at.is_(None))
        .order_by(Contract.id)
    )
    return [c for c in contracts if c.item.disclosure.status.editable]


def link_contract(request: AdviceRequest, contract: Contract, actor: Person) -> None:
    """The contract the requester discloses is the one they asked counsel about."""
    if contract not in contracts_to_link(request):
        raise Refusal("contract_id", "Choose one of your contracts on a disclosure in progress.")
    contract.advice_id = request.id
    db.session.flush()
    record(
        "advice.link_contract",
        object_type="contract",
        object_id=contract.id,
        actor=actor,
        summary=f"Contract {contract.id} linked to request for advice {request.id}",
        after={"advice_id": request.id},
    )


def _audit(request: AdviceRequest, actor: Person, action: str, summary: str) -> None:
    # The question and the advice are privileged: the audit trail records that they were
    # written, not what they say.
    record(
        action,
        object_type="advice_request",
        object_id=request.id,
        actor=actor,
        summary=f"{summary} (request {request.id})",
        after={"status": request.status, "counterparty_id": request.counterparty_id},
    )
    advice_changed.send(actor, request=request)
