"""What everyone but the filer sees is what the filer certified.

A filer amends a submitted disclosure and changes an item: the department head's page,
the department and institution rollups, the contracts register and general counsel's
pages keep showing the certified version, and say that an amendment is in progress.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.disclosures.enums import ItemKind
from app.disclosures.operations import amend_disclosure, save_item
from app.disclosures.queries import item_form_data
from app.people.roles import Role
from app.rollups.operations import contracts_export, department_export, export_rollup
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
from tests.rollups.xlsx import all_strings, open_workbook

CERTIFIED = "Quarterly advisory meetings, as certified."
DRAFTED = "Now also weekly lab visits in Shenzhen (an uncertified draft)."


@pytest.fixture()
def amended(db):
    physics = make_department("PHYS", "Physics")
    cycle = make_cycle(2026, date(2026, 1, 1), date(2026, 12, 31))
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics)
    filer = make_person(Role.FACULTY, department=physics, name="Ada Amender")
    disclosure = make_disclosure(filer, cycle)
    item = make_item(
        disclosure,
        ItemKind.OUTSIDE_ACTIVITY,
        organisation="Northwind Analytics LLC",
        description=CERTIFIED,
        backed_by_contract=True,
        contract_type="Consulting agreement",
        contract_signed_on=date(2025, 1, 10),
        contract_ip_terms="Certified IP terms.",
    )
    make_submitted(disclosure)
    amend_disclosure(disclosure, filer)
    data = {
        **item_form_data(item),
        "description": DRAFTED,
        "contract_ip_terms": "Draft IP terms.",
        "organisation": "Draft Only Holdings",
    }
    save_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, data, filer, item)
    return {"disclosure": disclosure, "head": head, "cycle": cycle, "physics": physics}


def texts_of(path: Path) -> str:
    return "\n".join(
        sorted(str(s) for strings in all_strings(open_workbook(path)).values() for s in strings)
    )


def test_reviewers_and_reports_see_the_certified_version_only(app, client, db, amended, tmp_path):
    disclosure, head = amended["disclosure"], amended["head"]
    counsel = make_person(Role.GENERAL_COUNSEL)
    coi = make_person(Role.COI_OFFICE)

    login(client, head.email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert CERTIFIED in page and "Northwind Analytics LLC" in page
    assert DRAFTED not in page and "Draft Only Holdings" not in page
    assert "An amendment is in progress since" in page

    for scope in (Scope(amended["cycle"], amended["physics"]), Scope(amended["cycle"])):
        path = tmp_path / f"rollup-{scope.department is None}.xlsx"
        export_rollup(department_export(scope), coi, path)
        text = texts_of(path)
        assert CERTIFIED in text and "Certified IP terms." in text
        assert DRAFTED not in text and "Draft IP terms." not in text
        assert "Draft Only Holdings" not in text
        assert "changes in progress" in text  # the contracts sheet says so

    register = tmp_path / "register.xlsx"
    export_rollup(contracts_export(), coi, register)
    text = texts_of(register)
    assert "Certified IP terms." in text and "Draft IP terms." not in text

    counsel_client = app.test_client()
    login(counsel_client, counsel.email)
    listing = counsel_client.get("/counsel/contracts").text
    assert "Northwind Analytics LLC" in listing and "Draft Only Holdings" not in listing
    assert "Amendment in progress" in listing
    link = listing.split('href="/counsel/contracts/')[1].split('"')[0]
    detail = counsel_client.get(f"/counsel/contracts/{link}").text
    assert "Certified IP terms." in detail and "Draft IP terms." not in detail
    assert "An amendment is in progress since" in detail
    shown = counsel_client.get(f"/disclosures/{disclosure.id}").text
    assert CERTIFIED in shown and DRAFTED not in shown


def test_the_filer_and_a_delegate_work_on_the_draft(app, client, db, amended):
    from app.disclosures.delegation import add_delegate

    disclosure = amended["disclosure"]
    assistant = make_person(Role.FACULTY)
    add_delegate(disclosure.person, assistant)
    for person in (disclosure.person, assistant):
        browser = app.test_client()
        login(browser, person.email)
        page = browser.get(f"/disclosures/{disclosure.id}").text
        assert DRAFTED in page and "An amendment is in progress since" not in page


def test_a_never_submitted_draft_shows_nothing_to_the_coi_office(app, client, db):
    disclosure = make_disclosure()
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, description="Secret first draft")
    login(client, make_person(Role.COI_OFFICE).email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "Secret first draft" not in page
    assert "Not submitted yet" in page
