"""Without Redis (as `make run` starts): a re-screen started in the browser runs in a thread
of the app, and its page follows it to 100% and offers the report."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_person
from app.people.roles import Role
from tests.e2e.conftest import Visitor

PASSWORD = "e2e password 2026"
ADMIN = "admin@e2e.candor.edu"


@pytest.fixture(scope="module")
def in_thread(live_app):
    live_app.config.update(JOBS_RUNNER="thread", REDIS_URL="")
    with live_app.app_context():
        admin = upsert_person(ADMIN, "Ingrid Solberg", None)[0]
        grant_role(admin, Role.ADMIN)
        set_password(admin, PASSWORD)
        db.session.commit()
    return live_app


def test_rescreen_now_runs_in_the_app_and_its_report_downloads(browser, server, in_thread):
    admin = Visitor(browser, server, "admin-thread")
    admin.sign_in(ADMIN, PASSWORD)
    page = admin.page
    admin.click_and_wait("#admin-tasks >> text=Re-screen and send mail")
    page.fill("#rescreen-reason", "New local entries")
    admin.click_and_wait("button:has-text('Re-screen now')")
    page.wait_for_selector("[role=progressbar][aria-valuenow='100']")
    page.wait_for_selector("#job-result")
    assert "Re-screened 0 items" in page.inner_text(".job-progress")
    admin.screenshot("rescreen done")
    with page.expect_download() as download_info:
        page.click("#job-result")
    report = download_info.value.path().read_text(encoding="utf-8")
    assert report.startswith("Re-screened 0 items with watchlist ")
    admin.close()
