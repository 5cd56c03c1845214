"""Letting an assistant prepare one's drafts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import roles_required
from app.disclosures.delegation import add_delegate, revoke_delegate
from app.disclosures.models import Delegation
from app.disclosures.operations import FilingError
from app.disclosures.queries import delegations_of, disclosures_of, people_who_delegated_to
from app.extensions import db
from app.people.operations import person_by_email
from app.people.roles import Role
from forms.disclosures import DelegateForm

bp = Blueprint("delegation", __name__, url_prefix="/delegates")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    # Anyone sees who delegated to them; only people who file can delegate their own.
    if request.method == "POST" and not current_user.has_role(Role.FACULTY):
        abort(403)
    form = DelegateForm()
    if form.validate_on_submit():
        delegate = person_by_email(form.email.data)
        if delegate is None:
            form.email.errors.append("No one with that email has an account.")
        else:
            try:
                add_delegate(current_user, delegate)
            except FilingError as error:
                form.email.errors.append(error.message)
            else:
                flash(f"{delegate.full_name} can now prepare your drafts.", "success")
                return redirect(url_for(".index"))
    status = 400 if form.errors else 200
    return render_template(
        "disclosures/delegates.html",
        form=form,
        delegations=delegations_of(current_user),
        owners=[(owner, disclosures_of(owner)) for owner in people_who_delegated_to(current_user)],
        revoke_form=FlaskForm(),
    ), status


@bp.post("/<int:delegation_id>/revoke")
@login_required
@roles_required(Role.FACULTY)
def revoke(delegation_id: int) -> Response:
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.owner_id != current_user.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    revoke_delegate(delegation)
    flash(f"{delegation.delegate.full_name} can no longer prepare your drafts.", "info")
    return redirect(url_for(".index"))
