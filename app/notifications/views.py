"""The outbox page for administrators: what was queued, sent or failed, and why."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import login_required

from app.auth.permissions import roles_required
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.queries import count_by_status, recent_messages
from app.people.roles import Role

bp = Blueprint("mail", __name__)

#: How many messages the page lists.
PAGE_SIZE = 200


def bodies_viewable() -> bool:
    """Only in development (no MAIL_SERVER): real people's mail is not for admins to read."""
    return not current_app.config["MAIL_SERVER"]


@bp.get("/admin/mail")
@login_required
@roles_required(Role.ADMIN)
def outbox() -> str:
    return render_template(
        "notifications/outbox.html",
        messages=recent_messages(PAGE_SIZE),
        counts=count_by_status(),
        page_size=PAGE_SIZE,
        bodies_viewable=bodies_viewable(),
        mail_file_dir=current_app.config["MAIL_FILE_DIR"],
    )


@bp.get("/admin/mail/<int:message_id>")
@login_required
@roles_required(Role.ADMIN)
def message(message_id: int) -> str:
    found = db.session.get(OutboxMessage, message_id)
    if found is None or not bodies_viewable():
        abort(404)
    return render_template("notifications/message.html", message=found)
