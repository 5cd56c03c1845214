"""Handing a committed job to whatever runs jobs: RQ workers, or a thread of this process.

A job is handed over only once the transaction that created it has committed: a worker
that looked for it earlier would not find it, and a rolled-back request starts nothing.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from app.database import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState

PENDING_KEY = "candor_jobs_to_dispatch"
#: What the RQ worker imports and calls with the job's id.
RQ_ENTRY_POINT = "app.jobs.runner.perform"
#: How long RQ keeps its own record of a finished job; ours is the job table.
RQ_RESULT_TTL_SECONDS = 3600


def redis_connection(app: Flask) -> Redis:
    connections: dict[str, Redis] = app.extensions.setdefault("candor_jobs_redis", {})
    url = app.config["REDIS_URL"]
    if url not in connections:
        connections[url] = Redis.from_url(url)
    return connections[url]


def job_queue(app: Flask) -> Queue:
    return Queue(
        app.config["JOBS_QUEUE"],
        connection=redis_connection(app),
        default_timeout=app.config["JOB_TIMEOUT_SECONDS"],
    )


def dispatch_after_commit(job: Job) -> None:
    """Hand `job` over once the current transaction commits (forgotten on rollback)."""
    app = current_app._get_current_object()  # the app itself: the proxy dies with the request
    db.session.info.setdefault(PENDING_KEY, []).append((app, job.id))


def dispatch(app: Flask, job_id: int) -> None:
    runner = app.config["JOBS_RUNNER"]
    if runner == "rq":
        try:
            job_queue(app).enqueue(
                RQ_ENTRY_POINT,
                job_id,
                result_ttl=RQ_RESULT_TTL_SECONDS,
                failure_ttl=RQ_RESULT_TTL_SECONDS,
                description=f"Candor job {job_id}",
            )
        except RedisError as error:
            _mark_undeliverable(app, job_id, f"The job queue could not be reached ({error}).")
    elif runner == "thread":
        from app.jobs.runner import run_job_in_app

        threading.Thread(
            target=run_job_in_app, args=(app, job_id), name=f"candor-job-{job_id}", daemon=True
        ).start()
    # "deferred": whoever started the job runs it with app.jobs.runner.run_job.


def _mark_undeliverable(app: Flask, job_id: int, reason: str) -> None:
    """The job cannot reach a worker: say so on the job (it can then be retried)."""
    app.logger.error("job %s not queued: %s", job_id, reason)
    with app.app_context(), Session(db.engine) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.QUEUED)
            .values(state=JobState.FAILED, error=reason, finished_at=utcnow())
        )
        session.commit()


def _after_commit(session: Session) -> None:
    for app, job_id in session.info.pop(PENDING_KEY, []):
        dispatch(app, job_id)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def install_dispatch(*_: Any) -> None:
    """Listen for commits of every session (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
