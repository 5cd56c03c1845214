"""Small factories and a login helper, built on the real operations."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.cycles.models import Cycle
from app.cycles.operations import open_cycle
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.disclosures.operations import (
    answer_talent_question,
    save_item,
    start_annual_disclosure,
    submit_disclosure,
)
from app.disclosures.presubmit import submission_warnings
from app.extensions import db
from app.people.models import Department, Person
from app.people.operations import (
    department_by_code,
    grant_role,
    set_active,
    set_password,
    upsert_department,
    upsert_person,
)
from app.people.roles import Role
from app.record.models import VersionFlag
from app.record.queries import open_flags_of_version
from tests.conftest import csrf_token_from

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def make_department(code: str | None = None, name: str | None = None) -> Department:
    number = next(_numbers)
    code = code or f"D{number}"
    existing = department_by_code(code)
    if existing is not None:
        return existing
    return upsert_department(code, name or f"Department {code}", "School of Tests")[0]


def make_person(
    *roles: Role,
    email: str | None = None,
    name: str | None = None,
    department: Department | None = None,
    heads: tuple[Department, ...] = (),
    password: str | None = PASSWORD,
    active: bool = True,
) -> Person:
    number = next(_numbers)
    department = department or make_department()
    person, _ = upsert_person(
        email or f"person{number}@example.edu", name or f"Test Person {number}", department
    )
    for role in roles or (Role.FACULTY,):
        if role is Role.DEPARTMENT_HEAD:
            for headed in heads or (department,):
                grant_role(person, role, headed)
        else:
            grant_role(person, role)
    if password is not None:
        set_password(person, password)
    if not active:
        set_active(person, False)
    return person


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )


# --- Filing --------------------------------------------------------------------------

#: Valid form data for one item of each kind (as the item forms produce it).
ITEM_DATA: dict[ItemKind, dict[str, Any]] = {
    ItemKind.FINANCIAL_INTEREST: {
        "organisation": "Acme Instruments Inc.",
        "country": "US",
        "entity_type": "public",
        "relationship_type": "equity",
        "held_by": "self",
        "value_band": "10000-19999",
        "exact_amount": Decimal("12500.00"),
        "currency": "USD",
        "related_to_responsibilities": True,
        "acquired_on": date(2024, 3, 1),
        "description": "Shares bought on the open market.",
    },
    ItemKind.OUTSIDE_ACTIVITY: {
        "organisation": "Northwind Analytics LLC",
        "country": "US",
        "role": "advisor",
        "role_title": "Scientific advisory board member",
        "starts_on": date(2023, 1, 1),
        "ends_on": None,
        "days_per_year": Decimal("6"),
        "compensated": True,
        "amount": Decimal("8000.00"),
        "currency": "USD",
        "description": "Quarterly meetings.",
    },
    ItemKind.SUPPORT: {
        "title": "Quantum sensing for field biology",
        "organisation": "National Science Foundation",
        "country": "US",
        "sponsor_type": "us_federal",
        "award_number": "NSF-2401234",
        "status": "current",
        "starts_on": date(2024, 9, 1),
        "ends_on": date(2027, 8, 31),
        "total_amount": Decimal("600000.00"),
        "currency": "USD",
        "calendar_months": Decimal("1.5"),
        "academic_months": Decimal("0"),
        "summer_months": Decimal("1"),
        "objectives": "Portable magnetometers.",
        "in_kind_description": "",
        "in_kind_value": None,
        "overlap_statement": "None.",
        "place_of_performance": "Main campus",
    },
    ItemKind.OUTSIDE_COMPENSATION: {
        "organisation": "Royal Society of Chemistry",
        "country": "GB",
        "amount": Decimal("1500"),
        "currency": "GBP",
        "nature": "honorarium",
        "received_on": date(2025, 5, 12),
        "payer_government_funded": "no",
        "description": "Keynote lecture.",
    },
    ItemKind.INFORMAL_COLLABORATION: {
        "collaborator": "Dr. Anna Berg",
        "organisation": "Uppsala University",
        "country": "SE",
        "nature": "co_authorship",
        "shared": "Draft manuscripts.",
        "since": date(2022, 6, 1),
    },
    ItemKind.FOREIGN_APPOINTMENT: {
        "organisation": "University of Tokyo",
        "country": "JP",
        "title": "Visiting professor",
        "appointment_type": "unpaid",
        "program_name": "",
        "starts_on": date(2024, 4, 1),
        "ends_on": date(2026, 3, 31),
        "amount": None,
        "currency": "JPY",
        "description": "Two weeks a year of lectures.",
    },
    ItemKind.SPONSORED_TRAVEL: {
        "organisation": "Gordon Research Conferences",
        "destination": "Lucca",
        "country": "IT",
        "departs_on": date(2025, 6, 1),
        "returns_on": date(2025, 6, 7),
        "purpose": "Invited talk.",
        "value": Decimal("2100"),
        "currency": "EUR",
    },
}


def make_cycle(
    year: int = 2026,
    opens_on: date | None = None,
    due_on: date | None = None,
    actor: Person | None = None,
) -> Cycle:
    existing = db.session.scalar(select(Cycle).where(Cycle.year == year))
    if existing is not None:
        return existing
    return open_cycle(
        year,
        opens_on or date(year, 1, 1),
        due_on or date(year, 12, 31),
        actor or make_person(Role.ADMIN),
    )


def make_disclosure(
    person: Person | None = None, cycle: Cycle | None = None, carry_forward: bool = False
) -> Disclosure:
    person = person or make_person(Role.FACULTY)
    return start_annual_disclosure(person, cycle or make_cycle(), carry_forward)


def make_item(
    disclosure: Disclosure,
    kind: ItemKind = ItemKind.OUTSIDE_ACTIVITY,
    actor: Person | None = None,
    **overrides: Any,
) -> DisclosureItem:
    data = {**ITEM_DATA[kind], **overrides}
    return save_item(disclosure, kind, data, actor or disclosure.person)


def make_submitted(disclosure: Disclosure, kinds: tuple[ItemKind, ...] = ()) -> Disclosure:
    for kind in kinds:
        make_item(disclosure, kind)
    if disclosure.talent_program_answer is None:
        answer_talent_question(disclosure, YesNoUnknown.NO, "", disclosure.person)
    # A filer who is warned explains; the factory explains every warning the same way.
    notes = {rule.rule: "The filer's explanation." for rule in submission_warnings(disclosure)}
    submit_disclosure(disclosure, disclosure.person, disclosure.person.full_name, True, notes)
    return disclosure


def certified_flags(disclosure: Disclosure) -> list[VersionFlag]:
    """The open flags of the disclosure's latest certified version (what reviewers decide)."""
    return open_flags_of_version(disclosure.certified_version)


# --- Projects ------------------------------------------------------------------------


def make_project(
    pi: Person,
    number: str | None = None,
    sponsor_type: str = "nih",
    key_personnel: tuple[tuple[Person, str], ...] = (),
    starts_on: date = date(2025, 7, 1),
    ends_on: date = date(2030, 6, 30),
):
    """A project imported through the real import operations."""
    from app.projects.models import ProjectSponsorType, ProjectStage
    from app.projects.operations import apply_import, plan_import
    from app.projects.projects_file import ProjectRow
    from app.projects.queries import project_by_number

    number = number or f"R01-TEST-{next(_numbers)}"
    row = ProjectRow(
        line=2,
        number=number,
        title=f"Project {number}",
        sponsor="National Institutes of Health",
        sponsor_type=ProjectSponsorType(sponsor_type),
        stage=ProjectStage.AWARD,
        starts_on=starts_on,
        ends_on=ends_on,
        pi_email=pi.email,
        key_personnel=tuple((person.email, role) for person, role in key_personnel),
    )
    apply_import(plan_import([row], []), None, "factory.csv")
    return project_by_number(number)
