"""In a real browser: picking an organisation on the item form shows who it is (its
profile), before the item is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import local_today
from app.cycles.operations import open_cycle
from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor, browser, live_app, server  # noqa: F401 - fixtures

PASSWORD = "e2e password 2026"


@pytest.fixture(scope="module")
def filer_email(live_app):  # noqa: F811 - the fixture imported above
    with live_app.app_context():
        department = upsert_department("CHEM", "Chemistry", "School of Science")[0]
        person = upsert_person("filer@profile.candor.edu", "Ada Lindqvist", department)[0]
        grant_role(person, Role.FACULTY)
        set_password(person, PASSWORD)
        admin = upsert_person("admin@profile.candor.edu", "Ian Admin", None)[0]
        grant_role(admin, Role.ADMIN)
        today = local_today()
        open_cycle(today.year, today - timedelta(days=10), today + timedelta(days=20), admin)
        db.session.commit()
        return person.email


def test_picking_a_listed_organisation_shows_its_profile_before_saving(
    browser,  # noqa: F811
    server,  # noqa: F811
    filer_email,
):
    filer = Visitor(browser, server, "profile-filer")
    filer.sign_in(filer_email, PASSWORD)
    page = filer.page
    filer.click_and_wait("button:has-text('Start')")
    filer.click_and_wait("#informal_collaboration >> text=Add")
    page.fill("#organisation", "Harbin Institute of Technology")
    page.dispatch_event("#organisation", "change")
    box = page.locator("#organisation-profile")
    box.locator("text=Red line").wait_for()
    assert "Harbin Institute of Technology" in box.inner_text()
    filer.screenshot("profile shown while filing")
    link = box.locator("a", has_text="Read the full profile")
    assert link.get_attribute("href") == "/profiles/entities/harbin-institute-of-technology"
    page.fill("#organisation", "Uppsala University")
    page.dispatch_event("#organisation", "change")
    page.wait_for_function(
        "() => document.getElementById('organisation-profile').children.length === 0"
    )
    filer.close()
