"""Elevated-risk review in a real browser: a collaboration with Harbin Institute of
Technology is marked not permitted (reason and list); one with a civilian Chinese
university goes through department endorsement and research-security review and is
approved with conditions that appear as a management plan; a visitor currently at the
National University of Defense Technology is not permitted; a faculty member asks counsel's
advice on a draft contract with a Chinese company, counsel answers, and the contract,
disclosed later, links to the advice in the contracts register."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import local_today
from app.cycles.operations import open_cycle
from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor

PASSWORD = "e2e password 2026"
DRAFT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def cast(live_app):
    with live_app.app_context():
        materials = upsert_department("MATS", "Materials Science", "School of Engineering")[0]
        people = {}
        for key, name, roles in [
            ("pi", "Li Na", (Role.FACULTY,)),
            ("head", "Tom Baker", (Role.FACULTY, Role.DEPARTMENT_HEAD)),
            ("coi", "Rachel Nguyen", (Role.COI_OFFICE,)),
            ("counsel", "Marcus Hale", (Role.GENERAL_COUNSEL,)),
        ]:
            person = upsert_person(f"{key}@e2e.candor.edu", name, materials)[0]
            for role in roles:
                grant_role(person, role, materials if role is Role.DEPARTMENT_HEAD else None)
            set_password(person, PASSWORD)
            people[key] = person.email
        admin = upsert_person("admin@e2e.candor.edu", "Ingrid Solberg", None)[0]
        grant_role(admin, Role.ADMIN)
        today = local_today()
        open_cycle(today.year, today - timedelta(days=10), today + timedelta(days=20), admin)
        db.session.commit()
    return people


def propose(pi: Visitor, kind: str, **fields: str) -> None:
    page = pi.page
    page.goto("/engagements/")
    page.select_option("#kind", kind)
    pi.click_and_wait("button:has-text('Propose an engagement')")
    start = (local_today() + timedelta(days=90)).isoformat()
    page.fill("#title", fields.pop("title"))
    page.select_option("#country", "CN")
    page.fill("#starts_on", start)
    page.select_option("#export_controlled", "no")
    page.fill("#benefits_specific", "Their group grows the only crystals of this kind.")
    page.fill("#risk_of_not_doing", "Two years lost on the project.")
    page.check("#norms_confirmed")
    for selector, value in fields.items():
        page.fill(f"#{selector}", value)
    pi.click_and_wait("button:has-text('Save')")


def record_step(visitor: Visitor, action: str, **fields: str) -> None:
    page = visitor.page
    page.select_option("#action", action)
    for selector, value in fields.items():
        if selector == "monitor_id":
            page.select_option("#monitor_id", label=value)
        else:
            page.fill(f"#{selector}", value)
    visitor.click_and_wait("button:has-text('Record')")


def test_elevated_risk_review_and_counsel_advice(browser, server, cast):
    pi = Visitor(browser, server, "pi")
    pi.sign_in(cast["pi"], PASSWORD)
    page = pi.page

    propose(
        pi,
        "research_collaboration",
        title="Hypersonic materials",
        partners="Harbin Institute of Technology",
    )
    text = page.content()
    assert "Not permitted under university policy" in text
    assert "national defense universities" in text
    assert "DoD Section 1286 list" in text
    pi.screenshot("harbin not permitted")

    propose(
        pi,
        "research_collaboration",
        title="Battery cathodes with Zhejiang",
        partners="Zhejiang University",
        outsiders="Prof. Wang Lei, Zhejiang University",
    )
    assert "Not permitted" not in page.content()
    assert "Agency risk pre-check" in page.content()
    pi.screenshot("civilian proposal")
    proposal_url = page.url
    record_step(pi, "submit")
    assert "Submitted: department review" in page.content()

    head = Visitor(browser, server, "head")
    head.sign_in(cast["head"], PASSWORD)
    head.page.goto(proposal_url)
    record_step(head, "endorse", comment="Strong scientific case.")
    assert "Research-security review" in head.page.content()

    coi = Visitor(browser, server, "coi")
    coi.sign_in(cast["coi"], PASSWORD)
    coi.page.goto("/engagements/")
    coi.click_and_wait("text=Battery cathodes with Zhejiang")
    record_step(
        coi,
        "refer",
        risk_assessment="Civilian university; no export-controlled items.",
        proposed_conditions="No export-controlled data; annual review.",
    )
    review_on = (local_today() + timedelta(days=365)).isoformat()
    record_step(
        coi,
        "approve_with_conditions",
        conditions="No export-controlled data leaves the lab; annual review.",
        monitor_id="Rachel Nguyen",
        review_on=review_on,
    )
    coi.screenshot("approved with conditions")
    page.goto(proposal_url)
    text = page.content()
    assert "Approved with conditions" in text
    assert "Management plan: conditions of approval" in text
    assert "No export-controlled data leaves the lab; annual review." in text
    pi.screenshot("conditions as a plan")

    propose(
        pi,
        "visiting_researcher",
        title="Visiting postdoc",
        visitor_employer="National University of Defense Technology",
    )
    text = page.content()
    assert "Not permitted under university policy" in text
    assert "currently employed by Chinese military or security institutions" in text
    pi.screenshot("visitor not permitted")

    page.goto("/advice/new")
    page.fill("#subject", "Consulting agreement for lidar calibration")
    page.fill("#counterparty", "Shenzhen Lidar Systems Co., Ltd.")
    page.select_option("#country", "CN")
    page.fill("#question", "May I sign this consulting agreement? The draft is attached.")
    pi.click_and_wait("button:has-text('Send to general counsel')")
    assert "Privileged and confidential" in page.content()
    page.set_input_files(
        "#file",
        files=[{"name": "draft-agreement.pdf", "mimeType": "application/pdf", "buffer": DRAFT_PDF}],
    )
    pi.click_and_wait("button:has-text('Attach')")
    assert "draft-agreement.pdf" in page.content()
    advice_url = page.url

    counsel = Visitor(browser, server, "counsel")
    counsel.sign_in(cast["counsel"], PASSWORD)
    counsel.page.goto("/advice/")
    counsel.click_and_wait("text=Consulting agreement for lidar calibration")
    counsel.page.fill("#advice", "You may sign once an export-control clause is added.")
    counsel.click_and_wait("button:has-text('Give advice')")
    assert "Advice given" in counsel.page.content()
    counsel.screenshot("advice given")

    page.goto("/")
    pi.click_and_wait("button:has-text('Start')")
    pi.click_and_wait("#outside_compensation >> text=Add")
    page.fill("#organisation", "Shenzhen Lidar Systems Co., Ltd.")
    page.select_option("#country", "CN")
    page.fill("#amount", "12000")
    page.select_option("#nature", "consulting")
    page.fill("#received_on", (local_today() - timedelta(days=5)).isoformat())
    page.select_option("#payer_government_funded", "unknown")
    page.check("#backed_by_contract")
    page.select_option("#contract_type", "Consulting agreement")
    page.fill("#contract_signed_on", (local_today() - timedelta(days=7)).isoformat())
    pi.click_and_wait("button:has-text('Save')")
    disclosure_url = page.url.split("#")[0]
    page.goto(advice_url)
    assert "You may sign once an export-control clause is added." in page.content()
    pi.click_and_wait("button:has-text('Link to this advice')")
    assert "The contract is linked to this advice." in page.content()
    page.goto(disclosure_url)
    page.check("input[name=answer][value=no]")
    pi.click_and_wait("button:has-text('Save answer')")
    pi.click_and_wait("text=Review and submit")
    page.check("#certified")
    page.fill("#typed_name", "Li Na")
    for note in page.locator("textarea[name^=note_]").all():
        note.fill("Counsel advised on the draft; the signed copy follows.")
    pi.click_and_wait("button:has-text('Certify and submit')")
    assert "Submitted as version 1" in page.content()

    counsel.page.goto("/counsel/contracts?country=CN")
    text = counsel.page.content()
    assert "Shenzhen Lidar Systems" in text
    assert "advice sought on" in text
    counsel.screenshot("register shows advice")
    for visitor in (pi, head, coi, counsel):
        visitor.close()
