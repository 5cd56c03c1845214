"""Managing annual cycles (administrators and the COI office): open, correct the dates,
extend, close, and give one person more time."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import can_manage_cycles
from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.operations import (
    CycleError,
    change_cycle_dates,
    close_cycle,
    extend_cycle,
    grant_extension,
    open_cycle,
)
from app.cycles.queries import ProposedCycle, all_cycles, consequences_of_opening, current_cycle
from app.extensions import db
from app.people.operations import person_by_email
from forms.cycles import CloseCycleForm, CycleDatesForm, CycleForm, ExtendCycleForm, ExtensionForm

bp = Blueprint("cycles", __name__, url_prefix="/cycles")


@bp.before_request
@login_required
def only_cycle_managers() -> None:
    if not can_manage_cycles(current_user):
        abort(403)


def show_refusal(form: FlaskForm, error: CycleError) -> None:
    db.session.rollback()
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def cycle_or_404(cycle_id: int) -> Cycle:
    return db.session.get(Cycle, cycle_id) or abort(404)


@bp.route("/", methods=["GET", "POST"])
def index() -> Response | tuple[str, int]:
    form = CycleForm()
    if form.validate_on_submit():
        proposed = ProposedCycle(form.year.data, form.opens_on.data, form.due_on.data)
        warnings = consequences_of_opening(proposed, local_today())
        if warnings and form.confirmed.data != "yes":
            return render_template("cycles/confirm_open.html", form=form, warnings=warnings), 200
        try:
            cycle = open_cycle(proposed.year, proposed.opens_on, proposed.due_on, current_user)
        except CycleError as error:
            show_refusal(form, error)
        else:
            flash(
                f"The {cycle.year} cycle is open; it is due on {cycle.due_on:%d %B %Y}.", "success"
            )
            return redirect(url_for(".index"))
    status = 400 if form.errors else 200
    return render_template(
        "cycles/index.html",
        form=form,
        cycles=all_cycles(),
        current=current_cycle(local_today()),
        today=local_today(),
    ), status


def render_cycle(cycle: Cycle, status: int = 200, **forms: Any) -> tuple[str, int]:
    forms.setdefault(
        "dates_form",
        CycleDatesForm(
            formdata=None,
            prefix="dates",
            data={"opens_on": cycle.opens_on, "due_on": cycle.due_on},
        ),
    )
    forms.setdefault("extend_form", ExtendCycleForm(formdata=None, prefix="extend"))
    forms.setdefault("close_form", CloseCycleForm(formdata=None, prefix="close"))
    forms.setdefault("extension_form", ExtensionForm(formdata=None, prefix="extension"))
    return render_template(
        "cycles/show.html",
        cycle=cycle,
        is_current=current_cycle(local_today()) is cycle,
        **forms,
    ), status


@bp.get("/<int:cycle_id>")
def show(cycle_id: int) -> tuple[str, int]:
    return render_cycle(cycle_or_404(cycle_id))


@bp.post("/<int:cycle_id>/dates")
def dates(cycle_id: int) -> Response | tuple[str, int]:
    cycle = cycle_or_404(cycle_id)
    form = CycleDatesForm(prefix="dates")
    if form.validate_on_submit():
        try:
            changed = change_cycle_dates(
                cycle, form.opens_on.data, form.due_on.data, current_user, form.reason.data or ""
            )
        except CycleError as error:
            show_refusal(form, error)
        else:
            flash("Dates saved." if changed else "The dates were already those.", "success")
            return redirect(url_for(".show", cycle_id=cycle.id))
    return render_cycle(cycle, 400, dates_form=form)


@bp.post("/<int:cycle_id>/extend")
def extend(cycle_id: int) -> Response | tuple[str, int]:
    cycle = cycle_or_404(cycle_id)
    form = ExtendCycleForm(prefix="extend")
    if form.validate_on_submit():
        try:
            extend_cycle(cycle, form.due_on.data, current_user, form.reason.data or "")
        except CycleError as error:
            show_refusal(form, error)
        else:
            flash(f"The {cycle.year} cycle is now due on {cycle.due_on:%d %B %Y}.", "success")
            return redirect(url_for(".show", cycle_id=cycle.id))
    return render_cycle(cycle, 400, extend_form=form)


@bp.post("/<int:cycle_id>/close")
def close(cycle_id: int) -> Response | tuple[str, int]:
    cycle = cycle_or_404(cycle_id)
    form = CloseCycleForm(prefix="close")
    if form.validate_on_submit():
        try:
            close_cycle(cycle, current_user, form.reason.data or "")
        except CycleError as error:
            show_refusal(form, error)
        else:
            flash(f"The {cycle.year} cycle is closed.", "success")
            return redirect(url_for(".show", cycle_id=cycle.id))
    return render_cycle(cycle, 400, close_form=form)


@bp.post("/<int:cycle_id>/extensions")
def extension(cycle_id: int) -> Response | tuple[str, int]:
    cycle = cycle_or_404(cycle_id)
    form = ExtensionForm(prefix="extension")
    if form.validate_on_submit():
        person = person_by_email(form.email.data)
        if person is None:
            form.email.errors.append("No one with that email has an account.")
        else:
            try:
                granted = grant_extension(
                    cycle, person, form.due_on.data, form.reason.data, current_user
                )
            except CycleError as error:
                show_refusal(form, error)
            else:
                flash(
                    f"{person.full_name} now has until {granted.due_on:%d %B %Y}; "
                    "they will be told by mail.",
                    "success",
                )
                return redirect(url_for(".show", cycle_id=cycle.id))
    return render_cycle(cycle, 400, extension_form=form)
