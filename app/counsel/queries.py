"""The contractual-relationships register: every certified contract, with filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, exists, func, select

from app.advice.models import AdviceRequest
from app.disclosures.models import Attachment, Disclosure, DisclosureVersion
from app.extensions import db
from app.people.models import Department, Person
from app.record.models import VersionContract, VersionFlag, VersionItem
from app.screening.flags import Severity


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
    contract: VersionContract
    item: VersionItem
    disclosure: Disclosure
    person: Person
    department: Department | None
    flagged: bool
    latest_version: int
    #: When the filer asked general counsel's advice on this contract, if they did.
    advice_sought_at: datetime | None = None

    def is_active(self, today: date) -> bool:
        return self.contract.ends_on is None or self.contract.ends_on >= today


def flagged_item_ids() -> Select:
    return select(VersionFlag.version_item_id).where(
        VersionFlag.cleared_at.is_(None), VersionFlag.severity != Severity.INFO
    )


def contract_register(filters: ContractFilters, today: date) -> list[ContractRow]:
    """Contracts behind the items of latest certified versions (drafts are not declared)."""
    is_flagged = exists(flagged_item_ids().where(VersionFlag.version_item_id == VersionItem.id))
    query = (
        select(
            VersionContract,
            VersionItem,
            Disclosure,
            Person,
            Department,
            is_flagged,
            DisclosureVersion.number,
            AdviceRequest.created_at,
        )
        .join(VersionItem, VersionItem.id == VersionContract.version_item_id)
        .join(DisclosureVersion, DisclosureVersion.id == VersionItem.version_id)
        .join(Disclosure, Disclosure.certified_version_id == DisclosureVersion.id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(AdviceRequest, AdviceRequest.id == VersionContract.advice_id)
        .order_by(VersionContract.signed_on.desc(), VersionContract.id)
    )
    if filters.department:
        query = query.where(Department.code == filters.department.upper())
    if filters.counterparty:
        needle = f"%{filters.counterparty.lower()}%"
        query = query.where(func.lower(VersionContract.counterparty_name).like(needle))
    if filters.country:
        query = query.where(VersionContract.country == filters.country.upper())
    if filters.flagged == "yes":
        query = query.where(is_flagged)
    elif filters.flagged == "no":
        query = query.where(~is_flagged)
    if filters.signed_from:
        query = query.where(VersionContract.signed_on >= filters.signed_from)
    if filters.signed_to:
        query = query.where(VersionContract.signed_on <= filters.signed_to)
    if filters.status == "active":
        query = query.where(
            (VersionContract.ends_on.is_(None)) | (VersionContract.ends_on >= today)
        )
    elif filters.status == "ended":
        query = query.where(VersionContract.ends_on < today)
    return [ContractRow(*row) for row in db.session.execute(query)]


def contract_documents(contract: VersionContract) -> list[Attachment]:
    """The documents of the certified item: the contract, its translation, and the
    attachments uploaded for the live item it was frozen from."""
    ids = [i for i in (contract.document_id, contract.translation_id) if i]
    related = (
        select(Attachment)
        .where((Attachment.item_id == contract.item.item_id) | Attachment.id.in_(ids))
        .order_by(Attachment.uploaded_at)
    )
    return list(db.session.scalars(related))
