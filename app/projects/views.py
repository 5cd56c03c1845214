"""Projects: the list, and the import from the grants system (upload, preview, confirm)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_manage_projects
from app.pending_uploads import keep_upload, pending_dir
from app.projects.operations import RowChange, apply_import, plan_import
from app.projects.projects_file import COLUMNS, read_projects
from app.projects.queries import all_projects
from app.tabular_files import ImportRefused, TabularFileError
from forms.federal import ImportConfirmForm, ImportUploadForm

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _manager_or_403() -> None:
    if not can_manage_projects(current_user):
        abort(403)


@bp.get("/")
@login_required
def index() -> str:
    _manager_or_403()
    return render_template(
        "projects/index.html", projects=all_projects(), form=ImportUploadForm(), columns=COLUMNS
    )


@bp.post("/import")
@login_required
def preview() -> tuple[str, int]:
    _manager_or_403()
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template(
            "projects/index.html", projects=all_projects(), form=form, columns=COLUMNS
        ), 400
    path = keep_upload(form.file.data)
    try:
        rows, errors = read_projects(path)
    except TabularFileError as exc:
        path.unlink(missing_ok=True)
        form.file.errors = [str(exc).replace(path.name, form.file.data.filename or "the file")]
        return render_template(
            "projects/index.html", projects=all_projects(), form=form, columns=COLUMNS
        ), 400
    plan = plan_import(rows, errors)
    if plan.errors:
        path.unlink(missing_ok=True)
    return render_template(
        "projects/preview.html",
        plan=plan,
        filename=form.file.data.filename,
        changes=RowChange,
        confirm=ImportConfirmForm(upload=path.name),
    ), (422 if plan.errors else 200)


@bp.post("/import/confirm")
@login_required
def confirm() -> Response:
    _manager_or_403()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    path = pending_dir() / form.upload.data
    if not path.exists():
        flash("That upload has expired; choose the file again.", "warning")
        return redirect(url_for(".index"))
    try:
        rows, errors = read_projects(path)
        plan = apply_import(plan_import(rows, errors), current_user, path.name)
    except (TabularFileError, ImportRefused):
        flash("The file changed or has errors; nothing was imported. Preview it again.", "danger")
        return redirect(url_for(".index"))
    finally:
        path.unlink(missing_ok=True)
    flash(
        f"Imported: {plan.count(RowChange.CREATED)} new, {plan.count(RowChange.UPDATED)} "
        f"changed, {plan.count(RowChange.UNCHANGED)} unchanged.",
        "success",
    )
    return redirect(url_for(".index"))
