"""Roster and watchlist uploads (preview, then apply as a job), re-screen now, and the
outbox's "send now" and "retry failed". Admins only; each change gives its reason."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.admin.operations import retry_failed_mail
from app.admin.roster_preview import preview_roster
from app.admin.watchlist_preview import preview_official_list
from app.auth.permissions import roles_required
from app.jobs.models import JobKind
from app.jobs.operations import start_job
from app.jobs.uploads import StagedUploadMissing, discard_upload, stage_upload, staged_file
from app.notifications.models import OutboxStatus
from app.notifications.queries import count_by_status
from app.people.roles import Role
from app.people.roster import RosterFileError
from app.screening.models import WatchlistOrigin
from app.screening.official_lists import ListFormatError
from forms.admin import ApplyUploadForm, ReasonForm, RosterUploadForm, WatchlistUploadForm

bp = Blueprint("admin_tasks", __name__, url_prefix="/admin")


@bp.before_request
@login_required
@roles_required(Role.ADMIN)
def admins_only() -> None:
    """Every route here is for administrators (the matrix checks each one)."""


def _job_page(kind: JobKind, reason: str, params: dict | None = None) -> Response:
    job = start_job(kind, current_user, reason, params)
    return redirect(url_for("jobs.show", job_id=job.id))


# --- Roster -----------------------------------------------------------------------------


@bp.get("/roster")
def roster() -> str:
    return render_template("admin/roster.html", form=RosterUploadForm())


@bp.post("/roster/preview")
def roster_preview() -> tuple[str, int]:
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return render_template("admin/roster.html", form=form), 400
    token, path = stage_upload(form.roster.data, "roster.csv")
    try:
        preview = preview_roster(path)
    except RosterFileError as error:
        discard_upload(token)
        form.roster.errors = [str(error)]
        return render_template("admin/roster.html", form=form), 400
    apply_form = ApplyUploadForm(prefix="apply", data={"upload": token})
    return render_template("admin/roster_preview.html", preview=preview, apply_form=apply_form), 200


@bp.post("/roster/apply")
def roster_apply() -> Response | tuple[str, int]:
    form = ApplyUploadForm(prefix="apply")
    if not form.validate_on_submit():
        return _preview_again_or_restart(form)
    return _job_page(JobKind.ROSTER_IMPORT, form.reason.data, {"upload": form.upload.data})


def _preview_again_or_restart(form: ApplyUploadForm) -> Response | tuple[str, int]:
    """A missing reason shows the same preview with the error; a lost upload starts over."""
    try:
        path = staged_file(form.upload.data)
        preview = preview_roster(path)
    except (StagedUploadMissing, RosterFileError):
        flash("That upload is no longer available; upload the roster again.", "warning")
        return redirect(url_for(".roster"))
    return render_template("admin/roster_preview.html", preview=preview, apply_form=form), 400


# --- Watchlist --------------------------------------------------------------------------


@bp.get("/watchlist-import")
def watchlist_upload() -> str:
    return render_template("admin/watchlist_upload.html", form=WatchlistUploadForm())


@bp.post("/watchlist-import/preview")
def watchlist_preview() -> tuple[str, int]:
    form = WatchlistUploadForm()
    if not form.validate_on_submit():
        return render_template("admin/watchlist_upload.html", form=form), 400
    origin = WatchlistOrigin(form.list_format.data)
    token, path = stage_upload(form.list_file.data, f"{origin.value}.csv")
    try:
        preview = preview_official_list(origin, path)
    except ListFormatError as error:
        discard_upload(token)
        form.list_file.errors = [f"{error}; nothing was imported."]
        return render_template("admin/watchlist_upload.html", form=form), 400
    apply_form = ApplyUploadForm(
        prefix="apply", data={"upload": token, "list_format": origin.value}
    )
    return render_template(
        "admin/watchlist_preview.html", preview=preview, apply_form=apply_form
    ), 200


@bp.post("/watchlist-import/apply")
def watchlist_apply() -> Response | tuple[str, int]:
    form = ApplyUploadForm(prefix="apply")
    valid = form.validate_on_submit()
    try:
        origin = WatchlistOrigin(form.list_format.data)
        path = staged_file(form.upload.data)
        preview = preview_official_list(origin, path) if not valid else None
    except (ValueError, StagedUploadMissing, ListFormatError):
        flash("That upload is no longer available; upload the list again.", "warning")
        return redirect(url_for(".watchlist_upload"))
    if preview is not None:
        return render_template(
            "admin/watchlist_preview.html", preview=preview, apply_form=form
        ), 400
    return _job_page(
        JobKind.WATCHLIST_IMPORT,
        form.reason.data,
        {"upload": form.upload.data, "format": origin.value, "filename": path.name},
    )


# --- Re-screening and mail --------------------------------------------------------------


def maintenance_page(status: int = 200, **forms: ReasonForm) -> tuple[str, int]:
    counts = count_by_status()
    return render_template(
        "admin/maintenance.html",
        rescreen_form=forms.get("rescreen_form") or ReasonForm(prefix="rescreen"),
        send_form=forms.get("send_form") or ReasonForm(prefix="send"),
        retry_form=forms.get("retry_form") or ReasonForm(prefix="retry"),
        pending_count=counts[OutboxStatus.PENDING],
        failed_count=counts[OutboxStatus.FAILED],
    ), status


@bp.get("/maintenance")
def maintenance() -> tuple[str, int]:
    return maintenance_page()


@bp.post("/rescreen")
def rescreen() -> Response | tuple[str, int]:
    form = ReasonForm(prefix="rescreen")
    if not form.validate_on_submit():
        return maintenance_page(400, rescreen_form=form)
    return _job_page(JobKind.RESCREEN, form.reason.data)


@bp.post("/mail/send")
def send_mail() -> Response | tuple[str, int]:
    form = ReasonForm(prefix="send")
    if not form.validate_on_submit():
        return maintenance_page(400, send_form=form)
    return _job_page(JobKind.SEND_MAIL, form.reason.data)


@bp.post("/mail/retry-failed")
def retry_failed() -> Response | tuple[str, int]:
    form = ReasonForm(prefix="retry")
    if not form.validate_on_submit():
        return maintenance_page(400, retry_form=form)
    count = retry_failed_mail(form.reason.data)
    flash(f"{count} failed message(s) will be tried again now.", "info")
    return _job_page(JobKind.SEND_MAIL, f"retry of failed mail: {form.reason.data}")
