"""Starting, running, failing and retrying jobs; the status, page and download routes."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.database import utcnow
from app.extensions import db
from app.jobs.models import Job, JobKind, JobState
from app.jobs.operations import retry_job, start_job
from app.jobs.runner import run_job
from app.people.roles import Role
from tests.factories import login, make_cycle, make_person


def audit_actions(object_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "job", AuditEntry.object_id == str(object_id))
            .order_by(AuditEntry.id)
        )
    )


def test_a_started_job_is_queued_and_audited_with_its_reason(app, db):
    admin = make_person(Role.ADMIN)
    job = start_job(JobKind.RESCREEN, admin, "  new   list arrived ")
    assert job.state is JobState.QUEUED and job.progress == 0
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "job.start").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.actor_id == admin.id
    assert entry.after["reason"] == "new list arrived"
    assert "new list arrived" in entry.summary


def test_an_institution_rollup_job_writes_the_workbook_and_reaches_100(app, db):
    coi = make_person(Role.COI_OFFICE)
    cycle = make_cycle(2030)
    job = start_job(JobKind.INSTITUTION_ROLLUP, coi, params={"year": cycle.year})
    assert run_job(job.id) is JobState.DONE
    assert job.progress == 100 and job.finished_at is not None
    assert run_job(job.id) is None  # a job runs once, however often it is handed over
    client = app.test_client()
    login(client, coi.email)
    response = client.get(f"/jobs/{job.id}/result")
    assert response.status_code == 200
    data = response.data
    response.close()
    assert response.headers["Content-Disposition"].endswith("candor-institution-rollup-2030.xlsx")
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert len(workbook.sheetnames) > 1
    workbook.close()
    assert "job.download" in audit_actions(job.id)


def test_a_failed_job_says_why_and_can_be_retried(app, db):
    coi = make_person(Role.COI_OFFICE)
    job = start_job(JobKind.INSTITUTION_ROLLUP, coi, params={"year": 1901})
    assert run_job(job.id) is JobState.FAILED
    assert job.error == "There is no disclosure cycle for 1901."
    assert job.result_path is None

    client = app.test_client()
    login(client, coi.email)
    page = client.get(f"/jobs/{job.id}")
    assert "There is no disclosure cycle for 1901." in page.text
    assert "Retry" in page.text
    make_cycle(1901)
    retried = client.post(f"/jobs/{job.id}/retry", data={"csrf_token": _token(page.text)})
    assert retried.status_code == 302
    again = db.session.scalars(select(Job).where(Job.retry_of_id == job.id)).one()
    assert again.params == {"year": 1901} and again.state is JobState.QUEUED
    assert run_job(again.id) is JobState.DONE


def test_an_unexpected_error_fails_the_job_and_rolls_its_work_back(app, db, monkeypatch):
    admin = make_person(Role.ADMIN)
    job = start_job(JobKind.RESCREEN, admin, "testing a crash")

    def crash(*args, **kwargs):
        make_person(Role.FACULTY, email="half-done@example.edu")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("app.jobs.work.rescreen_items", crash)
    assert run_job(job.id) is JobState.FAILED
    assert job.error == "Unexpected error (RuntimeError): disk on fire"
    from app.people.operations import person_by_email

    assert person_by_email("half-done@example.edu") is None


def test_only_a_failed_or_stuck_job_can_be_retried(app, db):
    admin = make_person(Role.ADMIN)
    job = start_job(JobKind.RESCREEN, admin, "first")
    try:
        retry_job(job, admin)
    except ValueError as refusal:
        assert "Only a failed job" in str(refusal)
    else:
        raise AssertionError("a queued job was retried")
    job.created_at = utcnow() - timedelta(seconds=app.config["JOB_TIMEOUT_SECONDS"] + 60)
    again = retry_job(job, admin)
    assert job.state is JobState.FAILED and "never finished" in job.error
    assert again.retry_of_id == job.id


def test_status_is_json_for_the_starter_only(app, db):
    admin, other = make_person(Role.ADMIN), make_person(Role.ADMIN)
    job = start_job(JobKind.RESCREEN, admin, "status")
    client = app.test_client()
    login(client, admin.email)
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status == {
        "state": "queued",
        "state_label": "Waiting to start",
        "finished": False,
        "progress": 0,
        "message": "Waiting for a worker",
        "error": None,
        "result_url": None,
    }
    run_job(job.id)
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status["finished"] is True and status["progress"] == 100
    assert status["result_url"] == f"/jobs/{job.id}/result"
    other_client = app.test_client()
    login(other_client, other.email)
    assert other_client.get(f"/jobs/{job.id}/status").status_code == 404
    assert other_client.get(f"/jobs/{job.id}/result").status_code == 404


def test_the_job_page_polls_through_a_script_file_not_inline_script(app, db):
    admin = make_person(Role.ADMIN)
    job = start_job(JobKind.RESCREEN, admin, "page")
    client = app.test_client()
    login(client, admin.email)
    page = client.get(f"/jobs/{job.id}")
    assert f'data-job-status-url="/jobs/{job.id}/status"' in page.text
    assert 'aria-valuenow="0"' in page.text
    assert '<script src="/static/job-progress.js" defer></script>' in page.text
    assert "<script>" not in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    script = client.get("/static/job-progress.js")
    assert script.status_code == 200 and b"data-job-status-url" in script.data
    script.close()


def _token(html: str) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(html)


def test_the_jobs_page_offers_the_rollup_to_those_who_may_download_it(app, db):
    make_cycle(2029)
    coi, faculty = make_person(Role.COI_OFFICE), make_person(Role.FACULTY)
    client = app.test_client()
    login(client, coi.email)
    page = client.get("/jobs/")
    assert 'href="/jobs/">Jobs</a>' in page.text and "Build the workbook" in page.text
    refused = client.post("/jobs/rollup", data={"csrf_token": _token(page.text), "year": "1800"})
    assert refused.status_code == 400 and "Not a valid choice" in refused.text
    started = client.post("/jobs/rollup", data={"csrf_token": _token(page.text), "year": "2029"})
    job = db.session.scalars(select(Job).where(Job.started_by_id == coi.id)).one()
    assert started.headers["Location"] == f"/jobs/{job.id}"
    assert job.kind is JobKind.INSTITUTION_ROLLUP and job.params == {"year": 2029}
    assert "Institution rollup" in client.get("/jobs/").text

    other = app.test_client()
    login(other, faculty.email)
    page = other.get("/jobs/")
    assert "Build the workbook" not in page.text and 'href="/jobs/">Jobs</a>' not in page.text
    assert "You have not started any job." in page.text


def test_a_starter_who_lost_the_right_can_no_longer_download_or_retry(app, db):
    from app.people.operations import revoke_role

    coi = make_person(Role.COI_OFFICE, Role.FACULTY)
    job = start_job(JobKind.INSTITUTION_ROLLUP, coi, params={"year": make_cycle(2028).year})
    run_job(job.id)
    revoke_role(coi, Role.COI_OFFICE)
    client = app.test_client()
    login(client, coi.email)
    page = client.get(f"/jobs/{job.id}")
    assert page.status_code == 200 and "Download" not in page.text
    assert client.get(f"/jobs/{job.id}/status").get_json()["result_url"] is None
    assert client.get(f"/jobs/{job.id}/result").status_code == 403
