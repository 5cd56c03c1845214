"""Uploading, downloading and withdrawing a disclosure's documents."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from app.audit.operations import record
from app.auth.permissions import can_edit_disclosure, can_open_attachment, get_disclosure_or_404
from app.disclosures.attachments import (
    MEGABYTE,
    attachment_path,
    download_name,
    limit_text,
    store_attachment,
    type_label,
    withdraw_attachment,
)
from app.disclosures.enums import AttachmentPurpose
from app.disclosures.models import Attachment
from app.disclosures.operations import FilingError
from app.extensions import csrf, db
from forms.attachments import upload_form_for

bp = Blueprint("attachments", __name__)


def attachments_section(disclosure_id: int) -> str:
    return url_for("disclosures.show", disclosure_id=disclosure_id) + "#attachments"


def attachment_or_404(attachment_id: int) -> Attachment:
    """The attachment if this person may see its disclosure; 404 otherwise."""
    attachment = db.session.get(Attachment, attachment_id) or abort(404)
    if not can_open_attachment(current_user, attachment):
        abort(404)
    return attachment


# The global CSRF check reads the body before the view runs, so a body over
# MAX_CONTENT_LENGTH would end on a bare 413 page. UploadForm checks the token itself.
@bp.post("/disclosures/<int:disclosure_id>/attachments")
@csrf.exempt
@login_required
def upload(disclosure_id: int) -> Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not can_edit_disclosure(current_user, disclosure):
        abort(403)
    back = attachments_section(disclosure.id)
    try:
        form = upload_form_for(disclosure)
    except RequestEntityTooLarge:
        flash(f"The file is larger than the {limit_text()} limit. Choose a smaller file.", "danger")
        return redirect(back)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            raise CSRFError(form.csrf_token.errors[0])
        for messages in form.errors.values():
            for message in messages:
                flash(message, "danger")
        return redirect(back)
    item = next((i for i in disclosure.live_items if i.id == form.item_id.data), None)
    try:
        attachment = store_attachment(
            disclosure, form.file.data, AttachmentPurpose(form.purpose.data), current_user, item
        )
    except FilingError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(f"Uploaded {attachment.original_filename}.", "success")
    return redirect(back)


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int) -> Response:
    attachment = attachment_or_404(attachment_id)
    path = attachment_path(attachment)
    if not path.is_file():
        current_app.logger.error("The file of attachment %s is missing: %s", attachment.id, path)
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=download_name(attachment),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    record(
        "attachment.download",
        object_type="attachment",
        object_id=attachment.id,
        summary=f"{attachment.original_filename} downloaded",
    )
    return response


@bp.post("/attachments/<int:attachment_id>/withdraw")
@login_required
def withdraw(attachment_id: int) -> Response:
    attachment = attachment_or_404(attachment_id)
    if not can_edit_disclosure(current_user, attachment.disclosure):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    withdraw_attachment(attachment, current_user)
    flash(f"{attachment.original_filename} was removed from this disclosure.", "info")
    return redirect(attachments_section(attachment.disclosure_id))


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    if size < MEGABYTE:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / MEGABYTE:.1f} MB"


@bp.app_template_filter("file_type")
def file_type(content_type: str) -> str:
    return type_label(content_type)


@bp.app_template_global("upload_limit")
def upload_limit() -> str:
    return limit_text()
