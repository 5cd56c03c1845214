"""Demo disclosures: realistic items of every kind, some submitted, some drafts, some
carried forward, some that screening flags. Built through the filing operations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.operations import open_cycle
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.models import Disclosure
from app.disclosures.operations import (
    answer_talent_question,
    confirm_carried_item,
    save_item,
    start_annual_disclosure,
    start_event_disclosure,
    submit_disclosure,
)
from app.disclosures.presubmit import submission_warnings
from app.extensions import db
from app.people.models import Person

D = Decimal

#: Last year's items per demo faculty member (by full name), carried into this year.
LAST_YEAR: dict[str, list[tuple[ItemKind, dict[str, Any]]]] = {
    "Alice Moreau": [
        (
            ItemKind.FINANCIAL_INTEREST,
            {
                "organisation": "Photonix Instruments Inc.",
                "country": "US",
                "entity_type": "public",
                "relationship_type": "equity",
                "held_by": "self",
                "value_band": "10000-19999",
                "exact_amount": D("14200"),
                "currency": "USD",
                "related_to_responsibilities": True,
                "acquired_on": date(2021, 6, 1),
                "description": "Shares in a laser company.",
            },
        ),
        (
            ItemKind.SUPPORT,
            {
                "title": "Ultrafast spectroscopy of 2D magnets",
                "organisation": "National Science Foundation",
                "country": "US",
                "sponsor_type": "us_federal",
                "award_number": "DMR-2304411",
                "status": "current",
                "starts_on": date(2023, 9, 1),
                "ends_on": date(2026, 8, 31),
                "total_amount": D("540000"),
                "currency": "USD",
                "calendar_months": D("1"),
                "summer_months": D("1"),
                "objectives": "Time-resolved Kerr microscopy.",
                "overlap_statement": "No overlap.",
                "place_of_performance": "Physics building",
            },
        ),
        (
            ItemKind.SUPPORT,
            {
                "title": "Magnetic nanoparticles for targeted imaging of inflammation",
                "organisation": "National Institutes of Health",
                "country": "US",
                "sponsor_type": "us_federal",
                "award_number": "R01GM140001",
                "status": "current",
                "starts_on": date(2025, 7, 1),
                "ends_on": date(2030, 6, 30),
                "total_amount": D("1850000"),
                "currency": "USD",
                "calendar_months": D("1.2"),
                "summer_months": D("0.5"),
                "objectives": "Develop and validate magnetic particle imaging of macrophages.",
                "overlap_statement": "No scientific, budgetary or effort overlap.",
                "place_of_performance": "Physics building and Medical School",
            },
        ),
        (
            ItemKind.SUPPORT,
            {
                "title": "Ultrafast probes of spin transport in 2D heterostructures",
                "organisation": "National Institutes of Health",
                "country": "US",
                "sponsor_type": "us_federal",
                "award_number": "",
                "status": "pending",
                "starts_on": date(2027, 4, 1),
                "ends_on": date(2029, 3, 31),
                "total_amount": D("420000"),
                "currency": "USD",
                "calendar_months": D("0.6"),
                "objectives": "Exploratory R21 on spin currents measured optically.",
                "overlap_statement": "Would overlap in equipment only with the NSF award.",
                "place_of_performance": "Physics building",
            },
        ),
        (
            ItemKind.SUPPORT,
            {
                "title": "Loan of a femtosecond laser system",
                "organisation": "Photonix Instruments Inc.",
                "country": "US",
                "sponsor_type": "industry",
                "status": "current",
                "starts_on": date(2025, 1, 1),
                "ends_on": date(2028, 12, 31),
                "total_amount": D("0"),
                "currency": "USD",
                "in_kind_description": "A femtosecond laser system on loan to the lab, with "
                "service, for time-resolved measurements.",
                "in_kind_value": D("85000"),
                "objectives": "Equipment for the lab's ultrafast measurements.",
                "overlap_statement": "Used on the NSF and NIH awards; no budget overlap.",
                "place_of_performance": "Physics building",
            },
        ),
        (
            ItemKind.FOREIGN_APPOINTMENT,
            {
                "organisation": "Universit\u00e9 Paris-Saclay",
                "country": "FR",
                "title": "Visiting professor",
                "appointment_type": "unpaid",
                "starts_on": date(2024, 9, 1),
                "ends_on": date(2027, 8, 31),
                "currency": "EUR",
                "description": "One month a year of joint work on ultrafast magnetism.",
            },
        ),
    ],
    "Wei Zhang": [
        (
            ItemKind.INFORMAL_COLLABORATION,
            {
                "collaborator": "Prof. Lin Hao",
                "organisation": "Harbin Institute of Technology",
                "country": "CN",
                "nature": "co_authorship",
                "shared": "Simulation code and co-authored papers on hypersonic flow.",
                "since": date(2022, 3, 1),
            },
        ),
        (
            ItemKind.SPONSORED_TRAVEL,
            {
                "organisation": "American Physical Society",
                "destination": "Minneapolis",
                "country": "US",
                "departs_on": date(2025, 3, 2),
                "returns_on": date(2025, 3, 6),
                "purpose": "March Meeting invited talk.",
                "value": D("1800"),
                "currency": "USD",
            },
        ),
    ],
    "Li Na Chen": [
        (
            ItemKind.SUPPORT,
            {
                "title": "Catalysts for ammonia synthesis",
                "organisation": "National Natural Science Foundation of China",
                "country": "CN",
                "sponsor_type": "foreign_government",
                "award_number": "22178001",
                "status": "current",
                "starts_on": date(2024, 1, 1),
                "ends_on": date(2027, 12, 31),
                "total_amount": D("300000"),
                "currency": "CNY",
                "summer_months": D("0.5"),
                "objectives": "Joint NSFC project with a former student's lab.",
                "overlap_statement": "Complementary to DOE award; no budget overlap.",
            },
        ),
    ],
    "Ming Liu": [
        (
            ItemKind.FOREIGN_APPOINTMENT,
            {
                "organisation": "Tsinghua University",
                "country": "CN",
                "title": "Changjiang Scholar chair professor",
                "appointment_type": "paid",
                "program_name": "Changjiang Scholars Program",
                "starts_on": date(2023, 7, 1),
                "ends_on": date(2026, 6, 30),
                "amount": D("250000"),
                "currency": "CNY",
                "description": "Two months a year in Beijing; lab space and two students.",
                "backed_by_contract": True,
                "contract_type": "Appointment letter",
                "contract_signed_on": date(2023, 5, 20),
                "contract_ends_on": date(2026, 6, 30),
                "contract_ip_terms": "Inventions made in Beijing belong to the host.",
                "contract_confidentiality_terms": "Confidential.",
                "contract_governing_law": "People's Republic of China",
            },
        ),
    ],
    "Jian Wang": [
        (
            ItemKind.OUTSIDE_COMPENSATION,
            {
                "organisation": "Huawei Technologies Co., Ltd.",
                "country": "CN",
                "amount": D("12000"),
                "currency": "USD",
                "nature": "consulting",
                "received_on": date(2025, 8, 15),
                "payer_government_funded": "unknown",
                "description": "Advice on battery materials.",
                "backed_by_contract": True,
                "contract_type": "Consulting agreement",
                "contract_signed_on": date(2025, 6, 1),
                "contract_governing_law": "Hong Kong SAR",
            },
        ),
    ],
    "Carlos Mendes": [
        (
            ItemKind.OUTSIDE_ACTIVITY,
            {
                "organisation": "Northwind Robotics LLC",
                "country": "US",
                "role": "advisor",
                "role_title": "Technical advisory board",
                "starts_on": date(2022, 1, 1),
                "days_per_year": D("5"),
                "compensated": True,
                "amount": D("10000"),
                "currency": "USD",
                "description": "Quarterly board meetings.",
            },
        ),
    ],
    "Hiroshi Tanaka": [
        (
            ItemKind.INFORMAL_COLLABORATION,
            {
                "collaborator": "Dr. Mei Chen",
                "organisation": "University of Toronto",
                "country": "CA",
                "nature": "data_sharing",
                "shared": "NMR spectra.",
                "since": date(2021, 9, 1),
            },
        ),
    ],
}

#: Who submitted this year (after confirming), who left drafts, who has not started.
SUBMITTED_THIS_YEAR = ("Alice Moreau", "Carlos Mendes", "Hiroshi Tanaka", "Wei Zhang")
DRAFT_THIS_YEAR = ("Li Na Chen", "Ming Liu", "Jian Wang")

#: A new item added this year to a draft, which screening flags.
NEW_THIS_YEAR: dict[str, tuple[ItemKind, dict[str, Any]]] = {
    "Li Na Chen": (
        ItemKind.OUTSIDE_COMPENSATION,
        {
            "organisation": "Sichuan Provincial Department of Science and Technology",
            "country": "CN",
            "amount": D("5000"),
            "currency": "USD",
            "nature": "honorarium",
            "received_on": date(2026, 5, 10),
            "payer_government_funded": "yes",
            "description": "Lecture series under the Thousand Talents Plan short-term track.",
        },
    ),
}


def seed_demo_disclosures(people: dict[str, Person], admin: Person) -> tuple[Cycle, Cycle] | None:
    """Add the demo cycles and disclosures once: (last year's cycle, this year's), or None
    if they were already there."""
    today = local_today()
    if db.session.scalar(select(Cycle).limit(1)) is not None:
        return None
    last = open_cycle(
        today.year - 1, today - timedelta(days=410), today - timedelta(days=320), admin
    )
    current = open_cycle(today.year, today - timedelta(days=45), today + timedelta(days=30), admin)
    for name, items in LAST_YEAR.items():
        person = people[name]
        disclosure = start_annual_disclosure(person, last, carry_forward=False)
        for kind, data in items:
            save_item(disclosure, kind, data, person)
        certify(disclosure, person)
    for name in (*SUBMITTED_THIS_YEAR, *DRAFT_THIS_YEAR):
        person = people[name]
        disclosure = start_annual_disclosure(person, current, carry_forward=True)
        if name in NEW_THIS_YEAR:
            kind, data = NEW_THIS_YEAR[name]
            save_item(disclosure, kind, data, person)
        if name in SUBMITTED_THIS_YEAR:
            for item in disclosure.live_items:
                confirm_carried_item(item, person)
            certify(disclosure, person)
    event_filer = people["Grace Adeyemi"]
    event = start_event_disclosure(
        event_filer,
        today - timedelta(days=12),
        "Joined the scientific advisory board of a start-up",
    )
    save_item(
        event,
        ItemKind.OUTSIDE_ACTIVITY,
        {
            "organisation": "GreenCat Materials Ltd",
            "country": "GB",
            "role": "advisor",
            "role_title": "Scientific advisory board",
            "starts_on": today - timedelta(days=12),
            "days_per_year": D("4"),
            "compensated": False,
            "currency": "GBP",
            "description": "Advice on catalyst scale-up.",
        },
        event_filer,
    )
    return last, current


#: Talent-program answers that are not a plain "no".
TALENT_ANSWERS = {
    "Ming Liu": "Changjiang Scholars Program chair professorship at Tsinghua University "
    "(Ministry of Education): salary, lab space and two students.",
}


#: What demo filers say when "Review and submit" warns them.
DEMO_NOTES = {
    "talent_answer_contradicted": "The program named in my item invited me once; I declined and "
    "am not party to it.",
    "contract_document_missing": "The signed copy is with the other party; I will attach it as "
    "soon as it arrives.",
}


DEMO_NOTE = "Discussed with my department head; the details are in the items above."


def certify(disclosure: Disclosure, person: Person) -> None:
    details = TALENT_ANSWERS.get(person.full_name, "")
    answer = YesNoUnknown.YES if details else YesNoUnknown.NO
    answer_talent_question(disclosure, answer, details, person)
    notes = {
        warning.rule: DEMO_NOTES.get(warning.rule, DEMO_NOTE)
        for warning in submission_warnings(disclosure)
    }
    submit_disclosure(disclosure, person, person.full_name, certified=True, notes=notes)
