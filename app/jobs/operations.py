"""Starting and retrying jobs. Operations flush; the request commits, and only then is
the job handed to a worker (app.jobs.dispatch)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app

from app.audit.operations import record
from app.database import utcnow
from app.extensions import db
from app.jobs.dispatch import dispatch_after_commit
from app.jobs.models import Job, JobKind, JobState
from app.people.models import Person
from app.refusals import Refusal


def start_job(
    kind: JobKind, person: Person, reason: str = "", params: dict[str, Any] | None = None
) -> Job:
    """Queue a job started by `person`, recorded in the audit trail (with the reason given
    for a change; a report such as a rollup needs none)."""
    job = Job(
        kind=kind,
        params=params or {},
        started_by=person,
        state=JobState.QUEUED,
        progress=0,
        message="Waiting for a worker",
    )
    db.session.add(job)
    db.session.flush()
    reason = " ".join(reason.split())
    record(
        "job.start",
        actor=person,
        object_type="job",
        object_id=job.id,
        summary=f"{kind.label} started (job {job.id})" + (f": {reason}" if reason else ""),
        after={"kind": kind.value, "params": job.params, "reason": reason},
    )
    dispatch_after_commit(job)
    return job


def is_stuck(job: Job) -> bool:
    """Queued or running for longer than any job may take: its worker or process died."""
    limit = timedelta(seconds=current_app.config["JOB_TIMEOUT_SECONDS"])
    since = job.started_at or job.created_at
    return not job.state.finished and utcnow() - since > limit


def can_be_retried(job: Job) -> bool:
    return job.state is JobState.FAILED or is_stuck(job)


def retry_job(job: Job, person: Person) -> Job:
    """A new job doing what a failed (or stuck) one was asked to do."""
    if not can_be_retried(job):
        raise Refusal("job", "Only a failed job can be retried.")
    retry = start_job(job.kind, person, f"retry of job {job.id}", dict(job.params))
    retry.retry_of_id = job.id
    if not job.state.finished:
        job.state, job.error, job.finished_at = (
            JobState.FAILED,
            "Stopped: it never finished.",
            utcnow(),
        )
    db.session.flush()
    return retry
