"""A person's jobs: start an institution rollup, follow progress, download the result."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.audit.operations import record
from app.auth.permissions import can_download_job_result, can_start_job, get_job_or_404
from app.cycles.queries import all_cycles
from app.jobs.dispatch import install_dispatch
from app.jobs.models import Job, JobKind, JobState
from app.jobs.operations import can_be_retried, retry_job, start_job
from app.jobs.queries import jobs_started_by
from app.refusals import Refusal
from forms.admin import RollupJobForm
from forms.base import CandorForm

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
bp.record_once(install_dispatch)


@bp.app_context_processor
def jobs_navigation() -> dict[str, bool]:
    """Whether the navigation bar offers "Jobs": to whoever may start one."""
    signed_in = has_request_context() and current_user.is_authenticated
    return {"nav_jobs": signed_in and any(can_start_job(current_user, kind) for kind in JobKind)}


def rollup_form() -> RollupJobForm:
    form = RollupJobForm()
    form.year.choices = [(cycle.year, str(cycle.year)) for cycle in all_cycles()]
    return form


@bp.get("/")
@login_required
def index() -> str:
    may_rollup = can_start_job(current_user, JobKind.INSTITUTION_ROLLUP)
    return render_template(
        "jobs/index.html",
        jobs=jobs_started_by(current_user),
        rollup_form=rollup_form() if may_rollup else None,
    )


@bp.post("/rollup")
@login_required
def start_rollup() -> Response | tuple[str, int]:
    if not can_start_job(current_user, JobKind.INSTITUTION_ROLLUP):
        abort(403)
    form = rollup_form()
    if not form.validate_on_submit():
        return render_template(
            "jobs/index.html", jobs=jobs_started_by(current_user), rollup_form=form
        ), 400
    job = start_job(JobKind.INSTITUTION_ROLLUP, current_user, params={"year": form.year.data})
    return redirect(url_for(".show", job_id=job.id))


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int) -> str:
    job = get_job_or_404(current_user, job_id)
    return render_template(
        "jobs/show.html",
        job=job,
        retryable=can_be_retried(job) and can_start_job(current_user, job.kind),
        downloadable=_has_result(job) and can_download_job_result(current_user, job),
        action_form=CandorForm(),
    )


@bp.get("/<int:job_id>/status")
@login_required
def status(job_id: int) -> Response:
    job = get_job_or_404(current_user, job_id)
    response = jsonify(status_of(job))
    response.headers["Cache-Control"] = "no-store"
    return response


def status_of(job: Job) -> dict[str, object]:
    return {
        "state": job.state.value,
        "state_label": job.state.label,
        "finished": job.state.finished,
        "progress": job.progress,
        "message": job.message,
        "error": job.error,
        "result_url": url_for(".result", job_id=job.id)
        if _has_result(job) and can_download_job_result(current_user, job)
        else None,
    }


@bp.get("/<int:job_id>/result")
@login_required
def result(job_id: int) -> Response:
    job = get_job_or_404(current_user, job_id)
    if not _has_result(job):
        abort(404)
    if not can_download_job_result(current_user, job):
        abort(403)
    path = _result_file(job)
    record(
        "job.download",
        object_type="job",
        object_id=job.id,
        summary=f"Downloaded {job.result_name} ({job.kind.label}, job {job.id})",
    )
    response = send_file(path, as_attachment=True, download_name=job.result_name or "result")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:job_id>/retry")
@login_required
def retry(job_id: int) -> Response:
    job = get_job_or_404(current_user, job_id)
    if not CandorForm().validate_on_submit():
        abort(400)
    if not can_start_job(current_user, job.kind):
        abort(403)
    try:
        again = retry_job(job, current_user)
    except Refusal as refusal:
        flash(refusal.message, "warning")
        return redirect(url_for(".show", job_id=job.id))
    return redirect(url_for(".show", job_id=again.id))


def _result_file(job: Job) -> Path:
    jobs_dir = Path(current_app.config["JOBS_DIR"]).resolve()
    path = (jobs_dir / (job.result_path or "")).resolve()
    # Only files the jobs wrote: a path stored in the table never leads elsewhere.
    if jobs_dir not in path.parents or not path.is_file():
        abort(404)
    return path


def _has_result(job: Job) -> bool:
    return job.state is JobState.DONE and bool(job.result_path)
