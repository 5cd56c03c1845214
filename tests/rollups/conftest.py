"""A small institution for the rollup tests: two departments, every filing state, hostile
values in names and free text, a flag, a contract and a management plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.cycles.models import Cycle
from app.disclosures.enums import ItemKind
from app.disclosures.models import Disclosure
from app.people.models import Department, Person
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import PlanTerms, take_action
from tests.factories import (
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.rollups.xlsx import HOSTILE_NAME

#: "Today" for the rollups: after the cycle's due date, so a missing disclosure is overdue.
TODAY = date(2026, 7, 15)
HOSTILE_ENTITY = "@SUM(1) Holdings"
HOSTILE_TEXT = "-2 shares\t=1+1"
DRAFT_SECRET = "Unsubmitted draft text"
OTHER_DEPARTMENT_TEXT = "Chemistry-only interest"


@dataclass
class Institution:
    physics: Department
    chemistry: Department
    cycle: Cycle
    coi: Person
    counsel: Person
    head: Person
    other_head: Person
    hostile: Person
    hostile_disclosure: Disclosure
    planned: Person
    drafter: Person
    absent: Person
    chemist: Person


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.rollups.operations.local_today", lambda: TODAY)


@pytest.fixture()
def institution(db: object) -> Institution:
    physics = make_department("PHYS", "Physics")
    chemistry = make_department("CHEM", "Chemistry")
    cycle = make_cycle(2026, opens_on=date(2026, 1, 1), due_on=date(2026, 6, 30))
    coi = make_person(Role.COI_OFFICE, department=physics, name="Rachel Nguyen")
    counsel = make_person(Role.GENERAL_COUNSEL, department=physics)
    head = make_person(Role.DEPARTMENT_HEAD, department=physics, name="Head Of Physics")
    other_head = make_person(Role.DEPARTMENT_HEAD, department=chemistry)

    # Names reach the rollup however they were entered (a roster, single sign-on...).
    hostile = make_person(Role.FACULTY, department=physics)
    hostile.full_name = HOSTILE_NAME
    db.session.flush()
    disclosure = make_disclosure(hostile, cycle)
    make_item(
        disclosure,
        ItemKind.FINANCIAL_INTEREST,
        organisation=HOSTILE_ENTITY,
        description=HOSTILE_TEXT,
    )
    make_item(
        disclosure,
        ItemKind.FOREIGN_APPOINTMENT,
        organisation="Harbin Institute of Technology",
        country="CN",
        backed_by_contract=True,
        contract_type="Appointment letter",
        contract_signed_on=date(2025, 9, 1),
        contract_ip_terms='=HYPERLINK("http://x","IP")',
    )
    make_submitted(disclosure, (ItemKind.SUPPORT,))

    planned = make_person(Role.FACULTY, department=physics, name="Pat Planned")
    planned_disclosure = make_submitted(
        make_disclosure(planned, cycle), (ItemKind.SPONSORED_TRAVEL,)
    )
    take_action(planned_disclosure, ReviewAction.START_REVIEW, coi, None)
    take_action(
        planned_disclosure,
        ReviewAction.APPROVE_WITH_PLAN,
        coi,
        None,
        comment="Approved under a plan.",
        plan=PlanTerms("Disclose the sponsor in every talk.", coi, date(2027, 1, 31)),
    )

    drafter = make_person(Role.FACULTY, department=physics, name="Dana Drafter")
    make_item(make_disclosure(drafter, cycle), ItemKind.OUTSIDE_ACTIVITY, description=DRAFT_SECRET)
    absent = make_person(Role.FACULTY, department=physics, name="Abe Absent")

    chemist = make_person(Role.FACULTY, department=chemistry, name="Chris Chemist")
    chem_disclosure = make_disclosure(chemist, cycle)
    make_item(chem_disclosure, ItemKind.OUTSIDE_COMPENSATION, description=OTHER_DEPARTMENT_TEXT)
    make_submitted(chem_disclosure)
    return Institution(
        physics,
        chemistry,
        cycle,
        coi,
        counsel,
        head,
        other_head,
        hostile,
        disclosure,
        planned,
        drafter,
        absent,
        chemist,
    )
