"""An administrator in a real browser: previews and applies a roster upload, grants and
revokes a role, and runs an institution rollup as a job on RQ over Redis whose progress
bar (kept current by job-progress.js, no inline script) reaches 100% and whose workbook
downloads and opens."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from rq import Queue

from app.clock import local_today
from app.cycles.operations import open_cycle
from app.extensions import db
from app.jobs.dispatch import redis_connection
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor
from tests.jobs.redis_server import redis_url_or_skip

PASSWORD = "e2e password 2026"
ADMIN = "admin@e2e.candor.edu"


@pytest.fixture(scope="module")
def on_redis(live_app):
    """Jobs go to a queue of this run's own; the test plays the worker when it chooses."""
    live_app.config.update(
        JOBS_RUNNER="rq", REDIS_URL=redis_url_or_skip(), JOBS_QUEUE=f"candor-e2e-{uuid.uuid4().hex}"
    )
    yield live_app
    Queue(live_app.config["JOBS_QUEUE"], connection=redis_connection(live_app)).delete()


@pytest.fixture(scope="module")
def institution(on_redis):
    with on_redis.app_context():
        physics = upsert_department("PHYS", "Physics", "School of Science")[0]
        upsert_department("CHEM", "Chemistry", "School of Science")
        upsert_person("wei.zhang@e2e.candor.edu", "Wei Zhang", physics)
        # Administrators do not read disclosures; this one also works in the COI office,
        # which is what lets them build the institution rollup.
        admin = upsert_person(ADMIN, "Ingrid Solberg", None)[0]
        grant_role(admin, Role.ADMIN)
        grant_role(admin, Role.COI_OFFICE)
        set_password(admin, PASSWORD)
        today = local_today()
        open_cycle(today.year, today - timedelta(days=10), today + timedelta(days=20), admin)
        db.session.commit()
    return today.year


def run_worker(app) -> None:
    """What `flask jobs worker --burst` does on a worker host."""
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def wait_for_job_to_finish(admin: Visitor) -> None:
    page = admin.page
    page.wait_for_selector("[role=progressbar][aria-valuenow='100']")
    admin.screenshot("progress at 100")


def test_admin_roster_roles_and_rollup_job(browser, server, on_redis, institution, tmp_path):
    year = institution
    admin = Visitor(browser, server, "admin")
    admin.sign_in(ADMIN, PASSWORD)
    page = admin.page
    admin.click_and_wait("a:has-text('Administrator')")
    admin.click_and_wait("#admin-tasks >> text=Roster upload")

    roster = tmp_path / "autumn-roster.csv"
    roster.write_text(
        "email,name,department_code,department_name,roles\n"
        "nadia.karim@e2e.candor.edu,Nadia Karim,PHYS,Physics,faculty\n"
        "wei.zhang@e2e.candor.edu,Wei Zhang,CHEM,Chemistry,faculty\n",
        encoding="utf-8",
    )
    page.set_input_files("#roster", str(roster))
    admin.click_and_wait("#preview-roster")
    lines = page.inner_text("#preview-lines")
    assert "New person" in lines and "Nadia Karim" in lines
    assert "department Physics → Chemistry" in lines
    assert "Nothing has been saved yet." in page.content()
    admin.screenshot("roster preview")
    page.fill("#apply-reason", "Autumn hires from HR")
    admin.click_and_wait("#apply-roster")
    assert page.get_attribute("[role=progressbar]", "aria-valuenow") == "0"
    assert "Waiting to start" in page.inner_text(".job-progress")
    admin.screenshot("roster job queued")
    run_worker(on_redis)
    wait_for_job_to_finish(admin)
    page.wait_for_selector("text=autumn-roster.csv: 1 created, 1 updated, 0 unchanged")

    page.goto("/admin/people?q=nadia")
    admin.click_and_wait("text=Nadia Karim")
    page.select_option("#grant-role", "department_head")
    page.select_option("#grant-department", "PHYS")
    page.fill("#grant-reason", "Appointed head from January")
    admin.click_and_wait("#grant-submit")
    assert "Department head of Physics" in page.inner_text("#roles")
    admin.screenshot("role granted")
    head_grant = page.locator("#roles li", has=page.locator("text=Department head of Physics"))
    head_grant.locator("input[name=revoke-reason]").fill("Appointment withdrawn")
    with page.expect_navigation():
        head_grant.locator("button:has-text('Revoke Department head')").click()
    assert "Department head" not in page.inner_text("#roles")
    assert "Faculty" in page.inner_text("#roles")
    admin.screenshot("role revoked")

    page.goto("/jobs/")
    page.select_option("#year", str(year))
    admin.click_and_wait("#start-rollup")
    assert page.get_attribute("[role=progressbar]", "aria-valuenow") == "0"
    run_worker(on_redis)
    wait_for_job_to_finish(admin)
    with page.expect_download() as download_info:
        page.click("#job-result")
    download = download_info.value
    assert download.suggested_filename == f"candor-institution-rollup-{year}.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    first_sheet = workbook[workbook.sheetnames[0]]
    text = " ".join(
        str(cell) for row in first_sheet.iter_rows(values_only=True) for cell in row if cell
    )
    workbook.close()
    assert str(year) in text and "Ingrid Solberg" in text
    admin.close()
