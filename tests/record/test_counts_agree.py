"""The dashboards, the review queue and the rollup's Summary count the same certified
disclosures and flags, for each year, in a two-year institution with annual, event-driven,
amended and returned disclosures."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.disclosures.enums import ItemKind
from app.disclosures.operations import amend_disclosure, start_event_disclosure, withdraw_item
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import take_action
from app.rollups.operations import department_export, export_rollup
from app.rollups.queries import Scope
from tests.factories import (
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.rollups.xlsx import open_workbook


@pytest.fixture()
def institution(db):
    physics, chemistry = make_department("PHYS", "Physics"), make_department("CHEM", "Chem")
    coi = make_person(Role.COI_OFFICE)
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics)
    cycles = {y: make_cycle(y, date(y, 1, 1), date(y, 12, 31), coi) for y in (2025, 2026)}

    ada = make_person(Role.FACULTY, department=physics, name="Ada")
    last_year = make_disclosure(ada, cycles[2025])
    make_item(last_year, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(last_year)
    # Certified with Harbin Institute of Technology, then amended to remove it (a draft).
    this_year = make_disclosure(ada, cycles[2026])
    hit = make_item(
        this_year, ItemKind.INFORMAL_COLLABORATION, organisation="Harbin Institute of Technology"
    )
    make_submitted(this_year)
    amend_disclosure(this_year, ada)
    withdraw_item(hit, ada)

    # An event-driven disclosure: the adjunct appointment at Beihang counts in 2026.
    ben = make_person(Role.FACULTY, department=physics, name="Ben")
    event = start_event_disclosure(ben, date(2026, 3, 2), "Adjunct appointment")
    make_item(
        event,
        ItemKind.OUTSIDE_ACTIVITY,
        organisation="Beihang University",
        country="CN",
        role="adjunct_appointment",
    )
    make_submitted(event)

    # Returned by the head: still certified (version 1), no longer awaiting review.
    cai = make_person(Role.FACULTY, department=physics, name="Cai")
    returned = make_disclosure(cai, cycles[2026])
    make_item(
        returned,
        ItemKind.FOREIGN_APPOINTMENT,
        organisation="Zhejiang University",
        country="CN",
        program_name="Thousand Talents Plan",
    )
    make_submitted(returned)
    take_action(returned, ReviewAction.START_REVIEW, head, None)
    take_action(returned, ReviewAction.RETURN, head, None, comment="Please add the contract.")

    dora = make_person(Role.FACULTY, department=chemistry, name="Dora")
    chem = make_disclosure(dora, cycles[2026])
    make_item(chem, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(chem)

    # A draft never submitted counts nowhere.
    eve = make_person(Role.FACULTY, department=physics, name="Eve")
    make_item(
        make_disclosure(eve, cycles[2026]), ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei"
    )
    return {"coi": coi, "head": head, "cycles": cycles, "physics": physics}


def page_counts(html: str) -> dict[str, int]:
    scope = re.search(
        r"Counting the (\d+) certified disclosure\(s\) of \S+\s+\((\d+) annual, (\d+)", html
    )
    counts = {
        "disclosures": int(scope.group(1)),
        "annual": int(scope.group(2)),
        "event": int(scope.group(3)),
        "awaiting": int(re.search(r'id="count-awaiting">(\d+)<', html).group(1)),
    }
    for severity in ("critical", "high", "elevated", "info"):
        found = re.search(rf'class="count-severity-{severity}">(\d+)<', html)
        counts[severity] = int(found.group(1))
    return counts


def summary_counts(path) -> dict[str, int]:
    rows = {r[0]: r[1] for r in open_workbook(path)["Summary"].iter_rows(values_only=True) if r[0]}
    counts = {
        "annual": rows["Annual disclosures"],
        "event": rows["Event-driven disclosures"],
        "awaiting": rows["Awaiting review"],
    }
    counts["disclosures"] = counts["annual"] + counts["event"]
    for severity in ("critical", "high", "elevated", "info"):
        counts[severity] = rows[f"Open {severity} flags"]
    return counts


#: Worked out by hand from the fixture: what the three views must all say.
EXPECTED = {
    (2026, "PHYS"): {
        "disclosures": 3,
        "annual": 2,
        "event": 1,
        "awaiting": 1,
        "critical": 2,
        "high": 1,
    },
    (2025, "PHYS"): {
        "disclosures": 1,
        "annual": 1,
        "event": 0,
        "awaiting": 1,
        "critical": 1,
        "high": 0,
    },
    (2026, None): {
        "disclosures": 4,
        "annual": 3,
        "event": 1,
        "awaiting": 2,
        "critical": 3,
        "high": 1,
    },
}


@pytest.mark.parametrize(("year", "department"), list(EXPECTED))
def test_dashboard_queue_and_rollup_agree(app, db, institution, tmp_path, year, department):
    viewer = institution["head"] if department else institution["coi"]
    client = app.test_client()
    login(client, viewer.email)
    dashboard = client.get(f"/{'department' if department else 'coi'}?year={year}").text
    queue = client.get(f"/review/queue?year={year}").text
    scope = Scope(institution["cycles"][year], institution["physics"] if department else None)
    path = tmp_path / "rollup.xlsx"
    export_rollup(department_export(scope), viewer, path)

    on_dashboard, in_queue, in_rollup = (
        page_counts(dashboard),
        page_counts(queue),
        summary_counts(path),
    )
    assert on_dashboard == in_queue == in_rollup
    assert {key: on_dashboard[key] for key in EXPECTED[(year, department)]} == EXPECTED[
        (year, department)
    ]


def test_event_driven_disclosures_are_in_the_rollups(db, institution, tmp_path):
    for department in (institution["physics"], None):
        path = tmp_path / "rollup.xlsx"
        export_rollup(department_export(Scope(institution["cycles"][2026], department)), None, path)
        book = open_workbook(path)
        rows = list(book["Outside activities"].iter_rows(values_only=True))
        header = rows[0]
        beihang = [r for r in rows[1:] if "Beihang University" in r]
        assert (
            beihang
            and beihang[0][header.index("Disclosure")] == "Event-driven disclosure (2026-03-02)"
        )
        flags = list(book["Flags"].iter_rows(values_only=True))
        assert any("Beihang University" in str(r) and "Critical" in r for r in flags[1:])
