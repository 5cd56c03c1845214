"""Training records: the institution's list and the upload of a completions file."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_manage_projects
from app.clock import local_today
from app.pending_uploads import keep_upload
from app.tabular_files import ImportRefused, TabularFileError
from app.training.operations import import_training
from app.training.queries import faculty_members, readiness_of
from app.training.training_file import read_training
from forms.federal import ImportUploadForm

bp = Blueprint("training", __name__, url_prefix="/training")


def _page(form: ImportUploadForm, errors=(), status: int = 200) -> tuple[str, int]:
    return render_template(
        "training/index.html",
        form=form,
        errors=errors,
        readiness=readiness_of(faculty_members(), local_today()),
    ), status


@bp.get("/")
@login_required
def index() -> tuple[str, int]:
    if not can_manage_projects(current_user):
        abort(403)
    return _page(ImportUploadForm())


@bp.post("/")
@login_required
def upload() -> Response | tuple[str, int]:
    if not can_manage_projects(current_user):
        abort(403)
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    path = keep_upload(form.file.data)
    try:
        rows, errors = read_training(path, local_today())
        report = import_training(rows, errors, current_user, form.file.data.filename or path.name)
    except TabularFileError as exc:
        form.file.errors = [str(exc).replace(path.name, form.file.data.filename or "the file")]
        return _page(form, status=400)
    except ImportRefused as exc:
        return _page(form, exc.errors, 422)
    finally:
        path.unlink(missing_ok=True)
    flash(
        f"Training imported: {report.added} added, {report.unchanged} already on record.", "success"
    )
    return redirect(url_for(".index"))
