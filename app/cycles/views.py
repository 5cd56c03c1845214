"""Opening annual cycles (administrators and the COI office)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_manage_cycles
from app.cycles.operations import CycleError, open_cycle
from app.cycles.queries import all_cycles
from forms.cycles import CycleForm

bp = Blueprint("cycles", __name__, url_prefix="/cycles")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    if not can_manage_cycles(current_user):
        abort(403)
    form = CycleForm()
    if form.validate_on_submit():
        try:
            cycle = open_cycle(form.year.data, form.opens_on.data, form.due_on.data, current_user)
        except CycleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(
                f"The {cycle.year} cycle is open; it is due on {cycle.due_on:%d %B %Y}.", "success"
            )
            return redirect(url_for(".index"))
    status = 400 if form.errors else 200
    return render_template("cycles/index.html", form=form, cycles=all_cycles()), status
