"""Demo review outcomes: at least one disclosure in every review state, reached through
the review operations (dispositions first, as the rules require)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.clock import local_today
from app.cycles.models import Cycle
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure
from app.disclosures.operations import save_item, start_annual_disclosure
from app.extensions import db
from app.people.models import Person
from app.record.queries import open_flags_of_version
from app.review.models import CommentVisibility, Disposition, ReviewAction
from app.review.operations import PlanTerms, add_comment, dispose_flag, take_action
from app.screening.flags import Severity

#: Last year's flagged relationships that were approved with a plan (name -> conditions).
PLANS_LAST_YEAR = {
    "Ming Liu": "Report time spent in Beijing each term; no transfer of unpublished results; "
    "the appointment contract is reviewed by general counsel before renewal.",
    "Jian Wang": "No consulting on work funded by US federal awards; invoices and deliverables "
    "copied to the COI office.",
}


def seed_demo_reviews(
    people: dict[str, Person], heads: dict[str, Person], coi: Person, last: Cycle, current: Cycle
) -> None:
    """Review outcomes for the demo disclosures of both cycles."""
    today = local_today()
    for disclosure in _disclosures(last):
        name = disclosure.person.full_name
        _start(disclosure, coi)
        _decide_flags(disclosure, coi, Disposition.CONFIRMED)
        if name in PLANS_LAST_YEAR:
            plan = PlanTerms(PLANS_LAST_YEAR[name], coi, today - timedelta(days=20))
            _act(disclosure, ReviewAction.APPROVE_WITH_PLAN, coi, plan=plan)
        elif _has_confirmed_flag(disclosure):
            plan = PlanTerms(
                "Annual check-in with the COI office.", coi, today + timedelta(days=200)
            )
            _act(disclosure, ReviewAction.APPROVE_WITH_PLAN, coi, plan=plan)
        else:
            _act(disclosure, ReviewAction.APPROVE, coi)
    this_year = {d.person.full_name: d for d in _disclosures(current)}
    head_of = {name: heads[people[name].department.code] for name in this_year}
    # Approved by the head; under review; escalated (a critical flag); left as submitted.
    _start(this_year["Alice Moreau"], head_of["Alice Moreau"])
    _act(this_year["Alice Moreau"], ReviewAction.APPROVE, head_of["Alice Moreau"])
    _start(this_year["Carlos Mendes"], head_of["Carlos Mendes"])
    add_comment(
        this_year["Carlos Mendes"],
        head_of["Carlos Mendes"],
        "Checking the board's days per year against the commitment policy.",
        CommentVisibility.REVIEWERS,
    )
    _start(this_year["Wei Zhang"], head_of["Wei Zhang"])
    _act(
        this_year["Wei Zhang"],
        ReviewAction.ESCALATE,
        head_of["Wei Zhang"],
        comment="Collaboration with a Seven Sons university: over to the COI office.",
    )
    _returned(people["Samuel Green"], heads["PHYS"], current)
    _disapproved(people["Jonas Weber"], coi, current)


def _disclosures(cycle: Cycle) -> list[Disclosure]:
    return list(
        db.session.scalars(
            select(Disclosure)
            .where(Disclosure.cycle_id == cycle.id, Disclosure.status == DisclosureStatus.SUBMITTED)
            .order_by(Disclosure.id)
        )
    )


def _act(
    disclosure: Disclosure,
    action: ReviewAction,
    actor: Person,
    comment: str = "",
    plan: PlanTerms | None = None,
) -> None:
    take_action(disclosure, action, actor, disclosure.lock_version, comment, plan=plan)


def _start(disclosure: Disclosure, actor: Person) -> None:
    _act(disclosure, ReviewAction.START_REVIEW, actor)


def _decide_flags(disclosure: Disclosure, coi: Person, disposition: Disposition) -> None:
    for flag in open_flags_of_version(disclosure.certified_version):
        if flag.severity in (Severity.CRITICAL, Severity.HIGH):
            dispose_flag(flag, disposition, "Reviewed with the faculty member.", coi)


def _has_confirmed_flag(disclosure: Disclosure) -> bool:
    flags = open_flags_of_version(disclosure.certified_version)
    return any(f.severity in (Severity.CRITICAL, Severity.HIGH) for f in flags)


def _certified(person: Person, cycle: Cycle, kind: ItemKind, data: dict) -> Disclosure:
    from app.demo.disclosures import certify

    disclosure = start_annual_disclosure(person, cycle, carry_forward=False)
    save_item(disclosure, kind, data, person)
    certify(disclosure, person)
    return disclosure


def _returned(person: Person, head: Person, cycle: Cycle) -> None:
    disclosure = _certified(
        person,
        cycle,
        ItemKind.OUTSIDE_ACTIVITY,
        {
            "organisation": "Quantum Leap Ventures",
            "country": "US",
            "role": "consultant",
            "role_title": "Technical due diligence",
            "starts_on": local_today() - timedelta(days=90),
            "days_per_year": Decimal("25"),
            "compensated": True,
            "amount": Decimal("30000"),
            "currency": "USD",
            "description": "Evaluating quantum start-ups.",
        },
    )
    _start(disclosure, head)
    _act(
        disclosure,
        ReviewAction.RETURN,
        head,
        comment="25 days a year exceeds the 20-day limit without approval: please attach the "
        "dean's approval or reduce the commitment.",
    )


def _disapproved(person: Person, coi: Person, cycle: Cycle) -> None:
    disclosure = _certified(
        person,
        cycle,
        ItemKind.FOREIGN_APPOINTMENT,
        {
            "organisation": "Northwestern Polytechnical University",
            "country": "CN",
            "title": "Adjunct professor",
            "appointment_type": "paid",
            "starts_on": local_today() - timedelta(days=60),
            "amount": Decimal("40000"),
            "currency": "CNY",
            "description": "Supervising two doctoral students in Xi'an.",
        },
    )
    _start(disclosure, coi)
    _decide_flags(disclosure, coi, Disposition.DISALLOWED)
    _act(
        disclosure,
        ReviewAction.DISAPPROVE,
        coi,
        comment="University policy does not allow appointments at defense-linked universities.",
    )
