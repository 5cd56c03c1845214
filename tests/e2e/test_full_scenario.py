"""The whole scenario in a real browser: the filer files a flagged collaboration and a
contract with its document, submits; the head sees the flag and returns it; the filer
amends and resubmits; the COI office confirms the flag and approves with a management plan;
the filer acknowledges the plan; the head downloads the department rollup (opened with
openpyxl: the flag is there); general counsel finds the contract in the register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook

from app.clock import local_today
from app.cycles.operations import open_cycle
from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor

PASSWORD = "e2e password 2026"


@pytest.fixture(scope="module")
def cast(live_app):
    with live_app.app_context():
        physics = upsert_department("PHYS", "Physics", "School of Science")[0]
        people = {}
        for key, name, roles in [
            ("filer", "Wei Zhang", (Role.FACULTY,)),
            ("head", "Margaret Okafor", (Role.FACULTY, Role.DEPARTMENT_HEAD)),
            ("coi", "Rachel Nguyen", (Role.COI_OFFICE,)),
            ("counsel", "Marcus Hale", (Role.GENERAL_COUNSEL,)),
        ]:
            person = upsert_person(f"{key}@e2e.candor.edu", name, physics)[0]
            for role in roles:
                grant_role(person, role, physics if role is Role.DEPARTMENT_HEAD else None)
            set_password(person, PASSWORD)
            people[key] = person.email
        admin = upsert_person("admin@e2e.candor.edu", "Ingrid Solberg", None)[0]
        grant_role(admin, Role.ADMIN)
        today = local_today()
        open_cycle(today.year, today - timedelta(days=10), today + timedelta(days=20), admin)
        db.session.commit()
    return people


CONTRACT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_filing_review_rollup_and_contract_register(browser, server, cast, tmp_path):
    filer = Visitor(browser, server, "filer")
    filer.sign_in(cast["filer"], PASSWORD)
    page = filer.page
    filer.click_and_wait("button:has-text('Start')")
    filer.screenshot("draft started")
    filer.click_and_wait("#informal_collaboration >> text=Add")
    page.fill("#collaborator", "Prof. Lin Hao")
    page.fill("#organisation", "Harbin Institute of Technology")
    page.select_option("#country", "CN")
    page.select_option("#nature", "co_authorship")
    page.fill("#shared", "Simulation code and draft papers.")
    filer.screenshot("collaboration form")
    filer.click_and_wait("button:has-text('Save')")
    assert "mentions Harbin Institute of Technology" in page.content()
    filer.screenshot("flag explained")
    filer.click_and_wait("#outside_compensation >> text=Add")
    page.fill("#organisation", "Shenzhen Lidar Systems Co., Ltd.")
    page.select_option("#country", "CN")
    page.fill("#amount", "12000")
    page.select_option("#nature", "consulting")
    page.fill("#received_on", (local_today() - timedelta(days=40)).isoformat())
    page.select_option("#payer_government_funded", "unknown")
    page.check("#backed_by_contract")
    page.select_option("#contract_type", "Consulting agreement")
    page.fill("#contract_signed_on", (local_today() - timedelta(days=60)).isoformat())
    page.fill("#contract_governing_law", "People's Republic of China")
    filer.click_and_wait("button:has-text('Save')")
    page.set_input_files(
        "#file",
        files=[
            {
                "name": "consulting-agreement.pdf",
                "mimeType": "application/pdf",
                "buffer": CONTRACT_PDF,
            }
        ],
    )
    page.select_option("#purpose", "contract")
    page.select_option("#item_id", label="Outside compensation: Shenzhen Lidar Systems Co., Ltd.")
    filer.click_and_wait("#attachments input[type=submit]")
    assert "consulting-agreement.pdf" in page.content()
    filer.screenshot("contract attached")
    page.check("input[name=answer][value=no]")
    filer.click_and_wait("button:has-text('Save answer')")
    filer.click_and_wait("text=Review and submit")
    explain_warnings(page)
    page.check("#certified")
    page.fill("#typed_name", "Wei Zhang")
    filer.screenshot("certify")
    filer.click_and_wait("button:has-text('Certify and submit')")
    assert "Submitted as version 1" in page.content()
    filer.screenshot("submitted")

    head = Visitor(browser, server, "head")
    head.sign_in(cast["head"], PASSWORD)
    head.page.goto("/review/queue")
    assert "Wei Zhang" in head.page.content()
    head.screenshot("queue")
    head.click_and_wait("text=Annual disclosure")
    head.page.select_option("#action", "start_review")
    head.click_and_wait("button:has-text('Record decision')")
    head.page.select_option("#action", "return")
    head.page.fill("#comment", "Please say whether any data or code is shared.")
    head.screenshot("returning")
    head.click_and_wait("button:has-text('Record decision')")
    assert "Returned for revision" in head.page.content()

    page.reload()
    assert "Please say whether any data or code is shared." in page.content()
    filer.click_and_wait("#informal_collaboration >> text=Edit")
    page.fill("#shared", "Co-authored papers only; no data, code or samples.")
    filer.click_and_wait("button:has-text('Save')")
    filer.click_and_wait("text=Review and submit")
    explain_warnings(page)
    page.check("#certified")
    page.fill("#typed_name", "Wei Zhang")
    filer.click_and_wait("button:has-text('Certify and submit')")
    assert "Submitted as version 2" in page.content()
    filer.screenshot("resubmitted")

    coi = Visitor(browser, server, "coi")
    coi.sign_in(cast["coi"], PASSWORD)
    coi.page.goto("/review/flags")
    assert "Harbin Institute of Technology</mark>" in coi.page.content()
    coi.screenshot("flag queue")
    coi.page.get_by_label("Confirmed: needs elevated-risk review").first.check()
    coi.click_and_wait("button:has-text('Decide')")
    coi.page.goto("/review/queue")
    coi.click_and_wait("text=Annual disclosure")
    coi.page.select_option("#action", "start_review")
    coi.click_and_wait("button:has-text('Record decision')")
    coi.page.select_option("#action", "approve_with_plan")
    coi.page.fill("#plan_conditions", "No sharing of unpublished data; yearly check-in.")
    coi.page.select_option("#plan_monitor_id", label="Margaret Okafor")
    coi.page.fill("#plan_review_on", (local_today() + timedelta(days=180)).isoformat())
    coi.screenshot("approving with plan")
    coi.click_and_wait("button:has-text('Record decision')")
    assert "Confirm your decision" in coi.page.content()
    coi.click_and_wait("input[value='Confirm']")
    assert "Approved with management plan" in coi.page.content()

    page.reload()
    filer.click_and_wait("button:has-text('I acknowledge this plan')")
    assert "Acknowledged by the filer" in page.content()
    filer.screenshot("plan acknowledged")

    head.page.goto("/rollups/")
    head.screenshot("rollups")
    with head.page.expect_download() as download_info:
        head.page.click("a[href*='/rollups/department/PHYS/']")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    workbook = load_workbook(saved, read_only=True)
    flags = [
        " ".join(str(v) for v in row if v is not None)
        for row in workbook["Flags"].iter_rows(values_only=True)
    ]
    assert any("Harbin Institute of Technology" in row for row in flags[1:])
    workbook.close()

    counsel = Visitor(browser, server, "counsel")
    counsel.sign_in(cast["counsel"], PASSWORD)
    counsel.page.goto("/counsel/contracts?country=CN")
    assert "Shenzhen Lidar Systems" in counsel.page.content()
    counsel.click_and_wait("text=Shenzhen Lidar Systems Co., Ltd.")
    assert "consulting-agreement.pdf" in counsel.page.content()
    counsel.screenshot("contract in the register")
    for visitor in (filer, head, coi, counsel):
        visitor.close()


def explain_warnings(page) -> None:
    """Write the explanation each warning of "Review and submit" asks for."""
    for note in page.locator("textarea[name^=note_]").all():
        note.fill("The payer is a client of my consulting practice; details are in the item.")
