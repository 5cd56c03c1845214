"""The two real runners: a thread of the app process (no REDIS_URL) and RQ workers over
Redis, each against a database that commits, as in production."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from rq import Queue
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.jobs.dispatch import redis_connection
from app.jobs.models import Job, JobKind, JobState
from app.jobs.operations import start_job
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.operations import enqueue
from app.people.roles import Role
from app.transactions import committed
from tests.factories import make_cycle, make_person

PROJECT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120


def wait_until_finished(job_id: int) -> Job:
    """Poll as the status page does, each read in a transaction of its own."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = db.session.get(Job, job_id, populate_existing=True)
        state = job.state
        db.session.rollback()  # release SQLite's read lock so the worker can write
        if state.finished:
            return db.session.get(Job, job_id, populate_existing=True)
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish within {WAIT_SECONDS} s")


@pytest.fixture()
def runner_app(committed_app: Flask) -> Iterator[Flask]:
    saved = dict(committed_app.config)
    with committed_app.app_context():
        yield committed_app
        db.session.remove()
    committed_app.config.clear()
    committed_app.config.update(saved)


def test_without_redis_a_job_runs_in_a_thread_of_the_app(runner_app):
    runner_app.config["JOBS_RUNNER"] = "thread"
    with committed():
        admin = make_person(Role.ADMIN)
        message = enqueue(admin, "Hello", "Text", "<p>Html</p>", f"thread-test:{uuid.uuid4()}")
        job = start_job(JobKind.SEND_MAIL, admin, "testing the thread runner")
        job_id, message_id = job.id, message.id
    finished = wait_until_finished(job_id)
    assert finished.state is JobState.DONE, finished.error
    assert finished.progress == 100
    assert finished.message.startswith("1 sent")
    assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.SENT
    assert list(Path(runner_app.config["MAIL_FILE_DIR"]).glob(f"*-{message_id}.eml"))


@pytest.fixture()
def rq_app(runner_app: Flask, redis_url: str) -> Iterator[Flask]:
    runner_app.config.update(
        JOBS_RUNNER="rq", REDIS_URL=redis_url, JOBS_QUEUE=f"candor-test-{uuid.uuid4().hex}"
    )
    yield runner_app
    Queue(runner_app.config["JOBS_QUEUE"], connection=redis_connection(runner_app)).delete()


def worker_environment(app: Flask) -> dict[str, str]:
    """What a worker host is given: the same settings as the web app."""
    instance = Path(app.config["INSTANCE_DIR"])
    return {
        **os.environ,
        "CANDOR_ENV": "test",
        "CANDOR_INSTANCE_DIR": str(instance),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "REDIS_URL": app.config["REDIS_URL"],
        "JOBS_QUEUE": app.config["JOBS_QUEUE"],
        "JOBS_DIR": str(app.config["JOBS_DIR"]),
        "UPLOAD_DIR": str(app.config["UPLOAD_DIR"]),
        "MAIL_FILE_DIR": str(app.config["MAIL_FILE_DIR"]),
    }


def test_with_redis_a_rollup_job_waits_on_the_queue_until_a_worker_process_runs_it(rq_app):
    with committed():
        coi = make_person(Role.COI_OFFICE)
        cycle = make_cycle(2031, actor=make_person(Role.ADMIN))
        job = start_job(JobKind.INSTITUTION_ROLLUP, coi, params={"year": cycle.year})
        job_id = job.id
    queue = Queue(rq_app.config["JOBS_QUEUE"], connection=redis_connection(rq_app))
    assert queue.count == 1  # handed over only once committed, and not run by the web app
    assert db.session.get(Job, job_id).state is JobState.QUEUED
    db.session.rollback()

    worker = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker", "--burst"],
        cwd=PROJECT,
        env=worker_environment(rq_app),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr

    finished = wait_until_finished(job_id)
    assert finished.state is JobState.DONE, finished.error
    assert queue.count == 0
    workbook_path = Path(rq_app.config["JOBS_DIR"]) / finished.result_path
    assert finished.result_name == "candor-institution-rollup-2031.xlsx"
    workbook = load_workbook(workbook_path, read_only=True)
    assert len(workbook.sheetnames) > 1
    workbook.close()
    export = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "rollup.export.institution")
    ).all()[-1]
    assert export.actor_id == coi.id  # the export is the starter's, not "the system"


def test_a_job_that_cannot_reach_the_queue_fails_and_says_why(runner_app):
    runner_app.config.update(JOBS_RUNNER="rq", REDIS_URL="redis://127.0.0.1:1/0")
    with committed():
        admin = make_person(Role.ADMIN)
        job_id = start_job(JobKind.RESCREEN, admin, "queue is down").id
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.state is JobState.FAILED
    assert "job queue could not be reached" in job.error
