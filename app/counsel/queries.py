"""The contractual-relationships register: every live contract, with filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from app.disclosures.contracts import Contract
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Attachment, Disclosure, DisclosureVersion
from app.extensions import db
from app.organisations.models import Organisation
from app.people.models import Department, Person
from app.screening.flags import Severity
from app.screening.models import ItemFlag


@dataclass(frozen=True)
class ContractFilters:
    department: str = ""
    counterparty: str = ""
    country: str = ""
    flagged: str = ""  # "", "yes" or "no"
    signed_from: date | None = None
    signed_to: date | None = None
    status: str = ""  # "", "active" or "ended"


@dataclass(frozen=True)
class ContractRow:
    contract: Contract
    item: DisclosureItem
    disclosure: Disclosure
    person: Person
    department: Department | None
    counterparty: Organisation
    flagged: bool
    latest_version: int | None

    def is_active(self, today: date) -> bool:
        return self.contract.ends_on is None or self.contract.ends_on >= today


def flagged_item_ids() -> select:
    return select(ItemFlag.item_id).where(
        ItemFlag.cleared_at.is_(None), ItemFlag.severity != Severity.INFO
    )


def contract_register(filters: ContractFilters, today: date) -> list[ContractRow]:
    """Contracts behind live items of submitted disclosures (drafts are not yet declared)."""
    counterparty = aliased(Organisation)
    is_flagged = exists(flagged_item_ids().where(ItemFlag.item_id == DisclosureItem.id))
    latest = (
        select(func.max(DisclosureVersion.number))
        .where(DisclosureVersion.disclosure_id == Disclosure.id)
        .scalar_subquery()
    )
    query = (
        select(
            Contract,
            DisclosureItem,
            Disclosure,
            Person,
            Department,
            counterparty,
            is_flagged,
            latest,
        )
        .join(DisclosureItem, DisclosureItem.id == Contract.item_id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .join(counterparty, counterparty.id == Contract.counterparty_id)
        .where(
            DisclosureItem.withdrawn_at.is_(None),
            DisclosureItem.backed_by_contract,
            exists(
                select(DisclosureVersion.id).where(DisclosureVersion.disclosure_id == Disclosure.id)
            ),
        )
        .order_by(Contract.signed_on.desc(), Contract.id)
    )
    if filters.department:
        query = query.where(Department.code == filters.department.upper())
    if filters.counterparty:
        needle = f"%{filters.counterparty.lower()}%"
        query = query.where(func.lower(counterparty.name).like(needle))
    if filters.country:
        query = query.where(Contract.country == filters.country.upper())
    if filters.flagged == "yes":
        query = query.where(is_flagged)
    elif filters.flagged == "no":
        query = query.where(~is_flagged)
    if filters.signed_from:
        query = query.where(Contract.signed_on >= filters.signed_from)
    if filters.signed_to:
        query = query.where(Contract.signed_on <= filters.signed_to)
    if filters.status == "active":
        query = query.where((Contract.ends_on.is_(None)) | (Contract.ends_on >= today))
    elif filters.status == "ended":
        query = query.where(Contract.ends_on < today)
    return [ContractRow(*row) for row in db.session.execute(query)]


def contract_documents(contract: Contract) -> list[Attachment]:
    ids = [i for i in (contract.document_id, contract.translation_id) if i]
    related = (
        select(Attachment)
        .where((Attachment.item_id == contract.item_id) | Attachment.id.in_(ids))
        .order_by(Attachment.uploaded_at)
    )
    return list(db.session.scalars(related))
