"""The administrators' page for personal access tokens: create (shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.api.operations import IssuedToken, TokenRefusal, issue_token, revoke_token
from app.api.queries import all_tokens, token_by_id
from app.api.scopes import Scope
from app.auth.permissions import api_scope_usable, roles_required
from app.database import utcnow
from app.people.roles import Role
from forms.api import TokenForm

bp = Blueprint("api_tokens", __name__, url_prefix="/admin/tokens")


def page(form: TokenForm | None = None, issued: IssuedToken | None = None, status: int = 200):
    response = render_template(
        "api/tokens.html",
        # After a creation the form starts afresh rather than showing what was just sent.
        form=form or TokenForm(formdata=None),
        issued=issued,
        tokens=all_tokens(),
        now=utcnow(),
        usable={scope: api_scope_usable(current_user, scope) for scope in Scope},
        action_form=FlaskForm(),
    )
    # The page that shows a new secret must not be kept by the browser or a proxy.
    return response, status, {"Cache-Control": "no-store"}


@bp.get("/")
@login_required
@roles_required(Role.ADMIN)
def index():
    return page()


@bp.post("/")
@login_required
@roles_required(Role.ADMIN)
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            issued = issue_token(
                current_user,
                form.name.data or "",
                [Scope(value) for value in form.scopes.data or []],
                form.lifetime_days.data or 0,
            )
        except TokenRefusal as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            # Shown on this response only: no redirect, since carrying the secret to
            # another page would put it in the session cookie.
            return page(issued=issued)
    return page(form=form, status=400)


@bp.post("/<int:token_id>/revoke")
@login_required
@roles_required(Role.ADMIN)
def revoke(token_id: int) -> Response:
    token = token_by_id(token_id)
    if token is None or not FlaskForm().validate_on_submit():
        abort(404)
    if revoke_token(token, current_user):
        flash(f"Revoked the token {token.prefix}… ({token.name}).", "info")
    else:
        flash(f"The token {token.prefix}… was already revoked.", "info")
    return redirect(url_for(".index"))
