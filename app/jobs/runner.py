"""Running one job to its end: claim it, do its work in its own transaction, record how it
ended. The same function runs in an RQ worker, in a thread of the app, or in a test."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_app_context
from sqlalchemy import update

from app.audit.operations import acting_for
from app.database import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.work import EXPECTED_FAILURES, HANDLERS, Outcome, Progress, result_path_for
from app.transactions import committed

#: The longest error text kept on a job.
LONGEST_ERROR = 4000


def run_job(job_id: int) -> JobState | None:
    """Run a queued job in the current app context; None if it was not queued (another
    worker took it, or it was already run). The job's own failure is recorded, not raised."""
    if not _claim(job_id):
        return None
    job = db.session.get(Job, job_id)
    assert job is not None  # just claimed
    try:
        with committed(), acting_for(job.started_by):
            outcome = HANDLERS[job.kind](job, Progress(job))
            _finish(job, outcome)
    except Exception as error:
        expected = isinstance(error, EXPECTED_FAILURES)
        if not expected:
            current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        with committed():
            _fail(job_id, describe_failure(error, expected))
        return JobState.FAILED
    if outcome.after_commit is not None:
        # The work is committed and the job done; a cache that fails to refresh here is
        # rebuilt by the next request that finds it stale, so it is logged, not a failure.
        try:
            outcome.after_commit()
        except Exception:
            current_app.logger.exception("job %s: refreshing after the commit failed", job_id)
    return JobState.DONE


def describe_failure(error: BaseException, expected: bool) -> str:
    text = str(error) if expected else f"Unexpected error ({type(error).__name__}): {error}"
    return text[:LONGEST_ERROR]


def run_job_in_app(app: Flask, job_id: int) -> None:
    """A thread's or worker's entry: the job gets an app context (and session) of its own."""
    with app.app_context():
        run_job(job_id)


def perform(job_id: int) -> None:
    """What RQ calls. `flask jobs worker` provides the app; a bare `rq worker` builds one
    from the environment, as the web app does."""
    if has_app_context():
        run_job_in_app(current_app._get_current_object(), job_id)
        return
    from app import create_app

    run_job_in_app(create_app(), job_id)


def _claim(job_id: int) -> bool:
    with committed():
        claimed = db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.QUEUED)
            .values(state=JobState.RUNNING, started_at=utcnow(), progress=1, message="Started")
            .execution_options(synchronize_session=False)
        )
    return claimed.rowcount == 1


def _finish(job: Job, outcome: Outcome) -> None:
    job.state = JobState.DONE
    job.progress = 100
    job.message = outcome.message[:500]
    job.finished_at = utcnow()
    if outcome.report_lines:
        name = f"candor-job-{job.id}-report.txt"
        path = result_path_for(job, name)
        path.write_text("\n".join(outcome.report_lines) + "\n", encoding="utf-8")
        job.result_path, job.result_name = _relative(path), name
    if outcome.result is not None:
        job.result_path, job.result_name = _relative(outcome.result), outcome.result_name
    db.session.flush()


def _relative(path: Path) -> str:
    return path.relative_to(current_app.config["JOBS_DIR"]).as_posix()


def _fail(job_id: int, error: str) -> None:
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job is not None
    job.state = JobState.FAILED
    job.error = error
    job.message = "Failed"
    job.finished_at = utcnow()
    db.session.flush()
