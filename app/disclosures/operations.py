"""What happens when disclosures are started, filled in, submitted and amended.

Operations flush; the request or CLI command commits. Every change records who made it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.audit.operations import record
from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.queries import due_date_for
from app.database import utcnow
from app.disclosures.contracts import Contract
from app.disclosures.enums import (
    CarryForward,
    DisclosureKind,
    DisclosureStatus,
    ItemKind,
    YesNoUnknown,
)
from app.disclosures.items import ITEM_CLASSES, DisclosureItem
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.presubmit import recorded_findings, submission_findings
from app.disclosures.snapshots import disclosure_snapshot, item_snapshot
from app.extensions import db
from app.organisations.operations import find_or_create_organisation
from app.people.models import Person
from app.record.operations import freeze_version, record_findings
from app.refusals import Refusal
from app.screening.operations import refresh_item_flags
from app.signals import disclosure_submitted, flags_raised

CERTIFICATION_STATEMENT = (
    "I certify that the information in this disclosure is true, complete and accurate to "
    "the best of my knowledge, that it includes every interest, activity, appointment and "
    "source of support that federal rules and university policy require me to disclose, and "
    "that I will update it within 30 days of any change."
)
DEFAULT_EVENT_DISCLOSURE_DAYS = 30


class FilingError(Refusal):
    """A filing action the rules refuse; `field` names where to show it."""


# --- Starting ------------------------------------------------------------------------


def start_annual_disclosure(person: Person, cycle: Cycle, carry_forward: bool) -> Disclosure:
    """The person's disclosure for the cycle, created if new (optionally from last year)."""
    existing = db.session.scalar(
        select(Disclosure).where(Disclosure.person_id == person.id, Disclosure.cycle_id == cycle.id)
    )
    if existing is not None:
        return existing
    disclosure = Disclosure(
        person=person,
        kind=DisclosureKind.ANNUAL,
        cycle=cycle,
        year=cycle.year,
        due_on=due_date_for(cycle, person.id),
        status=DisclosureStatus.DRAFT,
    )
    db.session.add(disclosure)
    db.session.flush()
    record(
        "disclosure.create",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=person,
        summary=f"Annual disclosure {cycle.year} started",
        after={"kind": "annual", "cycle": cycle.year, "carry_forward": carry_forward},
    )
    if carry_forward:
        previous = previous_annual_disclosure(person, cycle)
        if previous is not None:
            for item in previous.live_items:
                copy_item(item, disclosure, person)
    return disclosure


def previous_annual_disclosure(person: Person, cycle: Cycle) -> Disclosure | None:
    return db.session.scalar(
        select(Disclosure)
        .join(Cycle, Disclosure.cycle_id == Cycle.id)
        .where(
            Disclosure.person_id == person.id,
            Cycle.year < cycle.year,
            Disclosure.status != DisclosureStatus.DRAFT,
        )
        .order_by(Cycle.year.desc())
        .limit(1)
    )


def start_event_disclosure(person: Person, event_date: date, summary: str) -> Disclosure:
    """A disclosure of one new interest or activity, due a set number of days after it."""
    today = local_today()
    if event_date > today:
        raise FilingError("event_date", "The event date cannot be in the future.")
    days = current_app.config.get("EVENT_DISCLOSURE_DAYS", DEFAULT_EVENT_DISCLOSURE_DAYS)
    disclosure = Disclosure(
        person=person,
        kind=DisclosureKind.EVENT,
        event_date=event_date,
        event_summary=summary.strip(),
        year=event_date.year,
        due_on=event_date + timedelta(days=days),
        status=DisclosureStatus.DRAFT,
    )
    db.session.add(disclosure)
    db.session.flush()
    record(
        "disclosure.create",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=person,
        summary=f"Event-driven disclosure started: {summary.strip()[:200]}",
        after={"kind": "event", "event_date": event_date, "due_on": disclosure.due_on},
    )
    return disclosure


def copy_item(item: DisclosureItem, into: Disclosure, actor: Person) -> DisclosureItem:
    """A copy of last year's item, waiting for the filer to confirm, update or remove it."""
    cls = type(item)
    values = {name: getattr(item, name) for name in cls.kind_columns()}
    copy = cls(
        disclosure_id=into.id,
        organisation_id=item.organisation_id,
        country=item.country,
        backed_by_contract=item.backed_by_contract,
        carried_forward_from_id=item.id,
        carry_forward=CarryForward.PENDING,
        created_by_id=actor.id,
        updated_by_id=actor.id,
        **values,
    )
    db.session.add(copy)
    db.session.flush()
    if item.contract is not None:
        old = item.contract
        db.session.add(
            Contract(
                item=copy,
                counterparty_id=old.counterparty_id,
                country=old.country,
                contract_type=old.contract_type,
                signed_on=old.signed_on,
                ends_on=old.ends_on,
                ip_terms=old.ip_terms,
                confidentiality_terms=old.confidentiality_terms,
                governing_law=old.governing_law,
                document_id=old.document_id,
                translation_id=old.translation_id,
            )
        )
    refresh_item_flags(copy)
    record(
        "item.carry_forward",
        object_type="item",
        object_id=copy.id,
        actor=actor,
        summary=f"Carried forward from item {item.id}",
        after=item_snapshot(copy),
    )
    return copy


# --- Items ---------------------------------------------------------------------------


def _require_editable(disclosure: Disclosure) -> None:
    if not disclosure.status.editable:
        raise FilingError(
            "disclosure",
            "This disclosure has been submitted and can no longer be changed; amend it instead.",
        )


def column_value(cls: type[DisclosureItem], name: str, value: Any) -> Any:
    """A form value as the column stores it: enums by member, text trimmed, and an empty
    optional number on a required column as the column's default (e.g. 0 months)."""
    column = cls.__mapper__.columns[name]
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None and isinstance(value, str):
        return enum_class(value) if value else None
    if isinstance(value, str):
        return value.strip()
    if value is None and not column.nullable and column.default is not None:
        return column.default.arg
    return value


def save_item(
    disclosure: Disclosure,
    kind: ItemKind,
    data: dict[str, Any],
    actor: Person,
    item: DisclosureItem | None = None,
) -> DisclosureItem:
    """Create or update one item from a validated form's data, then screen it."""
    _require_editable(disclosure)
    cls = ITEM_CLASSES[kind]
    before = item_snapshot(item) if item is not None else None
    if item is not None and (item.disclosure_id != disclosure.id or item.withdrawn_at is not None):
        raise FilingError("item", "This item is not part of the disclosure.")
    organisation_name = (data.get("organisation") or "").strip()
    organisation = (
        find_or_create_organisation(organisation_name, data.get("country") or "")
        if organisation_name
        else None
    )
    if item is None:
        item = cls(disclosure_id=disclosure.id, created_by_id=actor.id, updated_by_id=actor.id)
    for name in cls.kind_columns():
        if name in data:
            setattr(item, name, column_value(cls, name, data[name]))
    item.country = data.get("country") or ""
    item.organisation = organisation
    if item.id is None:
        db.session.add(item)
        db.session.flush()
        db.session.expire(disclosure, ["items"])
    item.backed_by_contract = bool(data.get("backed_by_contract")) and kind.may_have_contract
    item.updated_by_id = actor.id
    if item.carry_forward is CarryForward.PENDING:
        item.carry_forward = CarryForward.CONFIRMED
    db.session.flush()
    _save_contract(item, data)
    refresh_item_flags(item)
    record(
        "item.edit" if before else "item.create",
        object_type="item",
        object_id=item.id,
        actor=actor,
        summary=f"{kind.label}: {item.summary}"[:500],
        before=before,
        after=item_snapshot(item),
    )
    return item


def _save_contract(item: DisclosureItem, data: dict[str, Any]) -> None:
    """Record the contract behind the item. Unticking "backed by a contract" keeps the
    record (history) but leaves it out of the disclosure and the register."""
    if not item.backed_by_contract:
        return
    counterparty_name = (data.get("contract_counterparty") or "").strip()
    counterparty = (
        find_or_create_organisation(counterparty_name, data.get("contract_country") or "")
        if counterparty_name
        else item.organisation
    )
    if counterparty is None:
        raise FilingError("contract_counterparty", "Name the other party to the contract.")
    if data.get("contract_signed_on") is None:
        raise FilingError("contract_signed_on", "Give the date the contract was signed.")
    contract = item.contract or Contract(item=item)
    contract.counterparty = counterparty
    contract.country = data.get("contract_country") or item.country
    contract.contract_type = data.get("contract_type") or ""
    contract.signed_on = data["contract_signed_on"]
    contract.ends_on = data.get("contract_ends_on")
    contract.ip_terms = (data.get("contract_ip_terms") or "").strip()
    contract.confidentiality_terms = (data.get("contract_confidentiality_terms") or "").strip()
    contract.governing_law = (data.get("contract_governing_law") or "").strip()
    db.session.add(contract)
    db.session.flush()


def withdraw_item(item: DisclosureItem, actor: Person) -> None:
    """Remove an item from the draft; it stays in the database and in earlier versions."""
    _require_editable(item.disclosure)
    item.withdrawn_at = utcnow()
    item.updated_by_id = actor.id
    db.session.flush()
    record(
        "item.withdraw",
        object_type="item",
        object_id=item.id,
        actor=actor,
        summary=f"Removed from the draft: {item.summary}"[:500],
    )


def confirm_carried_item(item: DisclosureItem, actor: Person) -> None:
    """The filer confirms last year's item is still accurate as it stands."""
    _require_editable(item.disclosure)
    if item.carry_forward is not CarryForward.PENDING:
        raise FilingError(
            "item", "Only a carried-forward item waiting for a decision can be confirmed."
        )
    item.carry_forward = CarryForward.CONFIRMED
    item.updated_by_id = actor.id
    db.session.flush()
    record(
        "item.confirm",
        object_type="item",
        object_id=item.id,
        actor=actor,
        summary=f"Carried-forward item confirmed: {item.summary}"[:500],
    )


def answer_talent_question(
    disclosure: Disclosure, answer: YesNoUnknown, details: str, actor: Person
) -> None:
    _require_editable(disclosure)
    details = details.strip()
    if answer is YesNoUnknown.YES and not details:
        raise FilingError("talent_program_details", "Describe the program and your role in it.")
    before = {
        "answer": disclosure.talent_program_answer,
        "details": disclosure.talent_program_details,
    }
    disclosure.talent_program_answer = answer
    disclosure.talent_program_details = details if answer is YesNoUnknown.YES else ""
    db.session.flush()
    record(
        "disclosure.talent_answer",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=actor,
        summary=f"Talent-program question answered: {answer.value}",
        before=before,
        after={"answer": answer, "details": disclosure.talent_program_details},
    )


# --- Submitting and amending ---------------------------------------------------------


def submission_problems(disclosure: Disclosure) -> list[str]:
    """What must be done before the disclosure can be submitted (empty when ready)."""
    problems = []
    pending = [i for i in disclosure.live_items if i.carry_forward is CarryForward.PENDING]
    if pending:
        problems.append(
            f"{len(pending)} item(s) carried forward from last year need a decision: "
            "confirm, update or remove each one."
        )
    if disclosure.kind is DisclosureKind.ANNUAL and disclosure.talent_program_answer is None:
        problems.append("Answer the foreign talent recruitment program question.")
    if disclosure.kind is DisclosureKind.EVENT and not disclosure.live_items:
        problems.append("Add the interest, activity or support this disclosure is about.")
    return problems


def names_match(typed: str, full_name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(full_name.split()).casefold()


def submit_disclosure(
    disclosure: Disclosure,
    actor: Person,
    typed_name: str,
    certified: bool,
    notes: dict[str, str] | None = None,
) -> DisclosureVersion:
    """Certify and freeze the disclosure as a new version. Only the filer may do this."""
    if actor.id != disclosure.person_id:
        raise FilingError("typed_name", "Only the person disclosing can certify and submit.")
    _require_editable(disclosure)
    problems = submission_problems(disclosure)
    if problems:
        raise FilingError("disclosure", " ".join(problems))
    if not certified:
        raise FilingError("certified", "Tick the box to certify the disclosure.")
    if not names_match(typed_name, actor.full_name):
        raise FilingError(
            "typed_name", f"Type your full name exactly as it appears: {actor.full_name}."
        )
    findings = submission_findings(disclosure)
    blocking = [checked for checked in findings if checked.blocks]
    if blocking:
        raise FilingError("disclosure", " ".join(c.finding.message for c in blocking))
    for checked in findings:
        if checked.warns and not (notes or {}).get(checked.rule, "").strip():
            raise FilingError(f"note_{checked.rule}", "Explain this to your reviewers.")
    previous = disclosure.certified_version
    version = DisclosureVersion(
        disclosure=disclosure,
        number=len(disclosure.versions) + 1,
        submitted_at=utcnow(),
        submitted_by_id=actor.id,
        certification=CERTIFICATION_STATEMENT,
        typed_name=" ".join(typed_name.split()),
        snapshot=disclosure_snapshot(disclosure),
    )
    db.session.add(version)
    db.session.flush()
    frozen = freeze_version(version, disclosure.live_items, previous)
    record_findings(version, recorded_findings(findings, notes or {}, frozen.items))
    disclosure.status = DisclosureStatus.SUBMITTED
    disclosure.submitted_at = version.submitted_at
    disclosure.certified_version_id = version.id
    disclosure.amending = False
    disclosure.draft_since = None
    db.session.flush()
    record(
        "disclosure.submit",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=actor,
        summary=f"Version {version.number} submitted and certified",
        after={"version": version.number, "items": len(version.snapshot["items"])},
    )
    disclosure_submitted.send(actor, disclosure=disclosure, version=version)
    flags_raised.send(actor, disclosure=disclosure, version=version, flags=frozen.new_flags)
    return version


def amend_disclosure(disclosure: Disclosure, actor: Person) -> None:
    """Reopen a submitted disclosure; its versions stay exactly as they were."""
    if actor.id != disclosure.person_id:
        raise FilingError("disclosure", "Only the person disclosing can amend it.")
    if disclosure.status.editable:
        raise FilingError("disclosure", "This disclosure is already open for changes.")
    if disclosure.status.awaiting_review and disclosure.status is not DisclosureStatus.SUBMITTED:
        raise FilingError(
            "disclosure", "This disclosure is being reviewed; ask the reviewer to return it."
        )
    before = {"status": disclosure.status}
    disclosure.status = DisclosureStatus.DRAFT
    disclosure.amending = True
    disclosure.draft_since = utcnow()
    db.session.flush()
    # The drafting flags are the filer's guide: bring them up to today's watchlist.
    for item in disclosure.live_items:
        refresh_item_flags(item)
    record(
        "disclosure.amend",
        object_type="disclosure",
        object_id=disclosure.id,
        actor=actor,
        summary="Reopened to be amended",
        before=before,
        after={"status": disclosure.status},
    )
