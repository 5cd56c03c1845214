"""In a real browser: the COI office imports a project file (preview, then import) and
records a PHS relatedness determination with a management plan; the filer opens the
SciENcv page from their disclosure, sees the limits report and downloads the XML."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.clock import local_today
from app.cycles.operations import open_cycle
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.operations import (
    answer_talent_question,
    save_item,
    start_annual_disclosure,
    submit_disclosure,
)
from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor
from tests.factories import ITEM_DATA
from tests.federal.sciencv_rules import violations

PASSWORD = "e2e password 2026"


@pytest.fixture(scope="module")
def cast(live_app):
    with live_app.app_context():
        physics = upsert_department("PHYS", "Physics", "School of Science")[0]
        filer = upsert_person("filer@e2e.candor.edu", "Alice Moreau", physics)[0]
        grant_role(filer, Role.FACULTY)
        coi = upsert_person("coi@e2e.candor.edu", "Rachel Nguyen", None)[0]
        grant_role(coi, Role.COI_OFFICE)
        for person in (filer, coi):
            set_password(person, PASSWORD)
        today = local_today()
        cycle = open_cycle(today.year, today - timedelta(days=10), today + timedelta(days=20), coi)
        disclosure = start_annual_disclosure(filer, cycle, carry_forward=False)
        save_item(
            disclosure, ItemKind.FINANCIAL_INTEREST, ITEM_DATA[ItemKind.FINANCIAL_INTEREST], filer
        )
        support = {
            **ITEM_DATA[ItemKind.SUPPORT],
            "starts_on": date(today.year, 1, 1),
            "ends_on": date(today.year + 3, 12, 31),
            "title": "Quantum sensing " * 25,
        }
        save_item(disclosure, ItemKind.SUPPORT, support, filer)
        answer_talent_question(disclosure, YesNoUnknown.NO, "", filer)
        submit_disclosure(disclosure, filer, filer.full_name, True, {})
        db.session.commit()
        return {"filer": filer.email, "coi": coi.email, "disclosure_id": disclosure.id}


def test_determination_and_sciencv_download(browser, server, cast, tmp_path):
    today = local_today()
    grants = tmp_path / "grants.csv"
    grants.write_text(
        "number,title,sponsor,sponsor_type,stage,start,end,pi_email,key_personnel\n"
        f"R01GM777001,Imaging with quantum sensors,NIH,nih,award,{today.year}-01-01,"
        f"{today.year + 4}-12-31,{cast['filer']},\n",
        encoding="utf-8",
    )
    coi = Visitor(browser, server, "coi")
    coi.sign_in(cast["coi"], PASSWORD)
    page = coi.page
    page.goto("/projects/")
    page.set_input_files("#file", str(grants))
    coi.click_and_wait("input[type=submit][value='Preview the changes']")
    assert "1 new, 0 changed, 0 unchanged" in page.content()
    coi.screenshot("project import preview")
    coi.click_and_wait("input[type=submit][value='Import']")
    assert "Imported: 1 new" in page.content()

    page.goto("/fcoi/")
    assert "Acme Instruments Inc." in page.content()
    coi.click_and_wait("a:has-text('Determine')")
    page.check("input[name=related][value=yes]")
    page.check("input[name=financial_conflict][value=yes]")
    page.fill("#reasons", "Acme makes the sensors the project evaluates.")
    page.fill("#investigator_role", "PI: designs the study.")
    page.fill("#safeguards", "Independent analysis of the primary outcome.")
    page.fill("#plan_conditions", "Disclose the interest in every publication.")
    page.fill("#plan_review_on", (today + timedelta(days=180)).isoformat())
    coi.screenshot("determination form")
    coi.click_and_wait("input[type=submit][value='Record the determination']")
    assert "Determination recorded for Alice Moreau on R01GM777001" in page.content()
    assert "Financial conflict of interest" in page.content()
    page.goto("/coi")
    assert "60 days left" in page.content()
    coi.screenshot("coi dashboard clock")
    coi.close()

    filer = Visitor(browser, server, "filer")
    filer.sign_in(cast["filer"], PASSWORD)
    page = filer.page
    page.goto(f"/disclosures/{cast['disclosure_id']}")
    assert "R01GM777001: Imaging with quantum sensors" in page.content()
    filer.click_and_wait("a:has-text('Current and pending support for SciENcv')")
    assert "SciENcv takes at most 300" in page.content()
    filer.screenshot("sciencv limits report")
    with page.expect_download() as download_info:
        page.click("a:has-text('Download the SciENcv XML')")
    saved = tmp_path / "cpos.xml"
    download_info.value.save_as(saved)
    assert violations(saved.read_bytes(), today) == []
    assert b"<awardnumber>NSF-2401234</awardnumber>" in saved.read_bytes()
    filer.close()
